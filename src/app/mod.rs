//! The app: shared state, the workspace of modules, one `update` function,
//! and the runtime that carries out its effects (jobs on the runner, saving,
//! exporting) and feeds results back as actions on the same channel as keys.

pub mod action;
pub mod analysis_job;
pub mod config;
pub mod effect;
pub mod export;
pub mod feature;
pub mod history;
pub mod keymap;
pub mod layout;
mod lower_texts;
pub mod memo;
pub mod module;
pub mod mouse;
pub mod outputs;
pub mod palette;
mod palette_keys;
pub mod predictor;
pub mod query;
mod quit;
pub mod registry;
pub mod rows;
pub(crate) mod scores;
pub mod session_file;
pub mod session_merge;
mod share;
pub mod shared;
mod slice_members;
pub mod store;
mod text_index;
pub mod theme;
pub mod update;
pub mod view;
pub mod workspace;

mod runtime;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use action::Action;
use keymap::Keymap;
use layout::Layout;
use registry::Registry;
use shared::{ModelInfo, Shared};
use workspace::Workspace;

use crate::data::Dataset;
use crate::jobs::runner::Runner;
use crate::model::{Model, OutputRole};

pub struct App {
    pub shared: Shared,
    pub workspace: Workspace,
    pub keymap: Keymap,
    pub model: Arc<Model>,
    /// Models compared with the main one (`--compare`).
    pub compared: Vec<Arc<Model>>,
    events_tx: UnboundedSender<Action>,
    events_rx: UnboundedReceiver<Action>,
    runner: Runner,
    session: Option<session_file::SessionFile>,
    /// Why the last save failed, until one succeeds: quitting then fails.
    unsaved: Option<String>,
    /// `q` was pressed while unsaved: the footer asks what to do.
    quit_blocked: bool,
    /// Quit even though the session is unsaved (chosen, or a signal).
    quit_anyway: bool,
    data_path: PathBuf,
    /// Where new rows' predictions are cached: bulk inference's cache, once it runs.
    prediction_cache: Option<predictor::CacheTarget>,
    /// An OSC 52 sequence for the terminal to put on the clipboard, once drawn.
    pub clipboard: Option<String>,
    /// A switch the palette asked for (data, models, layout, theme): the
    /// terminal loop carries it out.
    pub switch: Option<palette::Switch>,
    /// `start_model` waits for the bulk predictions (see there).
    model_start_deferred: bool,
}

/// What `App::new` is built from.
pub struct AppParts<'a> {
    pub model: Arc<Model>,
    /// Shown beside the main model; they must have its classes, in order.
    pub compared: Vec<Arc<Model>>,
    pub dataset: &'a Dataset,
    pub layout: Layout,
    pub keymap: Keymap,
    pub registry: &'a Registry,
    /// Where sessions are saved (`None` keeps nothing).
    pub session_root: Option<&'a std::path::Path>,
}

impl App {
    /// Builds the app over a data set and restores the session saved under
    /// `session_root`.
    pub fn new(parts: AppParts) -> Result<Self> {
        let AppParts {
            model,
            compared,
            dataset,
            layout,
            keymap,
            registry,
            session_root,
        } = parts;
        let mut rows = rows::Rows::from_dataset(dataset, &model.labels)?;
        rows.models[0].name = model.name.clone();
        for other in &compared {
            if other.labels != model.labels {
                return Err(crate::user_error!(
                    "--compare {}: its classes ({}) differ from {}'s ({}); compared models must share class names and order",
                    other.files.onnx.display(),
                    crate::error::list_some(&other.labels, 5),
                    model.name,
                    crate::error::list_some(&model.labels, 5)
                ));
            }
            rows.add_compared(other.name.clone());
        }
        let workspace = Workspace::new(layout, registry)?;
        let mut shared = Shared::new(
            model.name.clone(),
            dataset.display_name(),
            rows,
            workspace.first_focus(),
        );
        shared.model = model_info(&model);
        shared.compare_progress = vec![shared::Progress::default(); compared.len()];
        let (events_tx, events_rx) = unbounded_channel();
        let tx = events_tx.clone();
        let runner = Runner::new(move |event| {
            let _ = tx.send(Action::Job(event));
        });
        let mut app = Self {
            shared,
            workspace,
            keymap,
            model,
            compared,
            events_tx,
            events_rx,
            runner,
            session: None,
            unsaved: None,
            quit_blocked: false,
            quit_anyway: false,
            data_path: dataset.path.clone(),
            prediction_cache: None,
            clipboard: None,
            switch: None,
            model_start_deferred: false,
        };
        if let Some(root) = session_root {
            app.restore(root);
        }
        for note in &dataset.notes {
            app.apply(effect::Effect::Status(note.clone()));
        }
        app.refresh_modules();
        Ok(app)
    }

    /// A sender for keys, signals and background results.
    pub fn sender(&self) -> UnboundedSender<Action> {
        self.events_tx.clone()
    }

    /// Tells every module that everything changed (after loading or restoring).
    fn refresh_modules(&mut self) {
        let everything = module::Changed {
            rows: true,
            predictions: true,
            selection: true,
            primary: true,
            slices: true,
            vectors: true,
        };
        let mut fx = effect::Fx::default();
        update::apply::notify(&self.shared, &mut self.workspace, everything, &mut fx);
        let effects = update::settle(&mut self.shared, &mut self.workspace, fx);
        self.execute_all(effects);
    }

    /// The keymap section for what has focus.
    pub fn key_context(&self) -> &'static str {
        self.workspace.key_context(self.shared.focus)
    }

    /// Whether the model gives what a module needs.
    pub fn provides(&self, need: module::Need) -> bool {
        match need {
            module::Need::Vectors => !self.shared.model.embedding_note.is_empty(),
            module::Need::Attention => self.model.has_attention(),
            module::Need::Gradients => self.model.gradient_support().is_ok(),
        }
    }

    pub fn quit(&self) -> bool {
        self.workspace.quit
    }
}

fn model_info(model: &Arc<Model>) -> ModelInfo {
    ModelInfo {
        embedding_note: match model.embedding_source() {
            Some((name, OutputRole::LastHiddenState)) => {
                format!("{name}, mean-pooled over the attention mask")
            }
            Some((name, _)) => name.to_string(),
            None => String::new(),
        },
        embedding_pooled: matches!(
            model.embedding_source(),
            Some((_, OutputRole::LastHiddenState))
        ),
        // Projections of the vectors depend on all the model's cache key covers.
        model_hash: model.cache_key,
        handle: Some(model.clone()),
        out_of_sample: false,
    }
}
