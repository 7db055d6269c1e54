//! What the app opens on: the data, the main model, and `--predictions`,
//! read before the screen changes so bad input fails first. A big file is
//! read twice: its first rows at once, for a first screen, and then whole.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use crate::app::config::AppConfig;
use crate::data::Dataset;
use crate::data::precomputed::Precomputed;
use crate::model::Model;

pub struct Inputs {
    pub dataset: Dataset,
    /// With `--predictions` and no `--model`, a model that runs nothing.
    pub model: Arc<Model>,
    pub precomputed: Option<Arc<Precomputed>>,
}

/// Rows shown while a big file loads.
pub const PREVIEW_ROWS: usize = 500;
/// A data file this big is shown first from its first rows (reading a
/// million-row file takes about a second).
const PREVIEW_FROM_BYTES: u64 = 32 << 20;

pub fn load(config: &AppConfig) -> Result<Inputs> {
    load_with(config, None, None)
}

/// The first `PREVIEW_ROWS` rows, when the file the rows come from is big;
/// `None` when it is small, or its start cannot be read on its own (then
/// the whole read says what is wrong).
pub fn preview(config: &AppConfig) -> Option<Inputs> {
    let source: &Path = if config.data.path.as_os_str().is_empty() {
        config.predictions.as_deref()?
    } else {
        &config.data.path
    };
    let size = match std::fs::metadata(source) {
        Ok(m) if m.is_dir() => dir_size(source),
        Ok(m) => m.len(),
        Err(_) => return None,
    };
    if size < PREVIEW_FROM_BYTES {
        return None;
    }
    load_with(config, Some(PREVIEW_ROWS), None).ok()
}

/// Everything, with the model the preview loaded already.
pub fn load_rest(config: &AppConfig, model: Arc<Model>) -> Result<Inputs> {
    load_with(config, None, Some(model))
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn load_with(config: &AppConfig, head: Option<usize>, model: Option<Arc<Model>>) -> Result<Inputs> {
    let precomputed = config
        .predictions
        .as_deref()
        .map(|path| Precomputed::read_head(path, head))
        .transpose()?
        .map(Arc::new);
    let dataset = match &precomputed {
        // Without --data, the predictions file is the data (it holds the text).
        Some(pre) if config.data.path.as_os_str().is_empty() => {
            let mut opts = config.data.clone();
            opts.path = pre.source.clone();
            Dataset::from_read(&opts, pre.as_data())?
        }
        _ => Dataset::load_head(&config.data, head)?,
    };
    let model = match model {
        Some(model) => model,
        None => Arc::new(match &precomputed {
            Some(pre) if config.model.model.as_os_str().is_empty() => {
                Model::precomputed(&pre.source, pre.labels.clone(), pre.embeddings.is_some())?
            }
            _ => Model::load(&config.model)?,
        }),
    };
    if let Some(pre) = &precomputed
        && pre.labels != model.labels
    {
        return Err(crate::user_error!(
            "{} has classes {} but --model {} has {}; the predictions must come from a model with the same classes, in order",
            pre.source.display(),
            pre.labels.join(", "),
            model.name,
            model.labels.join(", ")
        ));
    }
    Ok(Inputs {
        dataset,
        model,
        precomputed,
    })
}
