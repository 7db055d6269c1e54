//! What the command palette switches at run time: another data file, a model
//! added to or dropped from the comparison, another layout, another theme.
//! Everything but the theme rebuilds the app: this run's session is saved
//! first, the new data's session is restored, and predictions come from the
//! cache where they exist. A switch that fails leaves the app as it was.

use std::sync::Arc;

use anyhow::Result;

use crate::app::config::AppConfig;
use crate::app::effect::Effect;
use crate::app::layout::Layout;
use crate::app::palette::Switch;
use crate::app::{App, AppParts};
use crate::data::precomputed::Precomputed;
use crate::data::{DataOptions, Dataset};
use crate::jobs::InferenceOptions;
use crate::model::Model;
use crate::ui::Theme;

/// What a rebuild needs beside the app itself.
pub struct Context {
    pub config: AppConfig,
    pub dataset: Dataset,
    /// `--predictions`, read once.
    pub precomputed: Option<Arc<Precomputed>>,
}

/// How the app's bulk inference runs: the cache, the batches, and the
/// predictions file that spares running the model.
pub fn inference_options(app: &App, cx: &Context) -> InferenceOptions {
    InferenceOptions {
        batch: cx.config.batch,
        want_embeddings: app.model.embedding_source().is_some(),
        cache_root: if cx.config.no_cache || app.model.is_precomputed() {
            None
        } else {
            crate::paths::cache_root()
        },
        precomputed: cx.precomputed.clone(),
        // Without --data the rows are the predictions file's own (`inputs::load`).
        rows_are_precomputed: cx.precomputed.is_some()
            && cx.config.data.path.as_os_str().is_empty(),
        release_after: true,
    }
}

/// Carries out `switch`; an error is shown in the footer, the app unchanged.
pub fn apply(app: &mut App, theme: &mut Theme, cx: &mut Context, switch: Switch) {
    let outcome = match switch {
        Switch::Theme(name) => Theme::load(&name).map(|t| {
            *theme = t;
            format!("theme {name}")
        }),
        other => rebuild(app, cx, other),
    };
    match outcome {
        Ok(done) => app.apply(Effect::Status(format!("switched: {done}"))),
        Err(e) => app.apply(Effect::Error(format!("{e:#}"))),
    }
}

fn rebuild(app: &mut App, cx: &mut Context, switch: Switch) -> Result<String> {
    let mut compared = app.compared.clone();
    let mut layout = app.workspace.layout.clone();
    let mut dataset = None;
    let done = match switch {
        Switch::Data(path) => {
            let opts = DataOptions {
                path: path.clone(),
                ..cx.config.data.clone()
            };
            dataset = Some(Dataset::load(&opts)?);
            format!("data {}", path.display())
        }
        Switch::Compare(path) => {
            if !path.exists() {
                anyhow::bail!(
                    "compare {}: no such model; give an export folder or an .onnx file",
                    path.display()
                );
            }
            let model = Model::load(&cx.config.compared_options(&path))?;
            let name = model.name.clone();
            compared.push(Arc::new(model));
            format!("comparing with {name}")
        }
        Switch::Drop(name) => {
            let before = compared.len();
            compared.retain(|m| m.name != name);
            if compared.len() == before {
                let names: Vec<&str> = app.compared.iter().map(|m| m.name.as_str()).collect();
                anyhow::bail!(
                    "drop {name}: not a compared model (compared: {})",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                );
            }
            format!("dropped {name}")
        }
        Switch::Layout(path) => {
            layout = match &path {
                Some(p) => Layout::load(Some(p))?,
                None => Layout::default(),
            };
            format!(
                "layout {}",
                path.map_or("built-in".into(), |p| p.display().to_string())
            )
        }
        Switch::Theme(_) => unreachable!("themes switch without a rebuild"),
    };
    let registry = crate::modules::registry();
    let session_root = crate::paths::data_root();
    let new = App::new(AppParts {
        model: app.model.clone(),
        compared,
        dataset: dataset.as_ref().unwrap_or(&cx.dataset),
        layout,
        keymap: app.keymap.clone(),
        registry: &registry,
        session_root: session_root.as_deref(),
    })?;
    // Only now that the new app stands: save this run's work and swap.
    app.cancel_jobs();
    app.finish()?;
    let out_of_sample = app.shared.model.out_of_sample;
    *app = new;
    app.shared.model.out_of_sample = out_of_sample;
    if let Some(d) = dataset {
        cx.config.data.path = d.path.clone();
        cx.dataset = d;
    }
    app.start_inference(inference_options(app, cx));
    app.start_model();
    Ok(done)
}
