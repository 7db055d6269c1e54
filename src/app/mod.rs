//! The app: one state, one update function, and the runtime that carries out
//! its effects (model requests, saving, exporting) and feeds results back as
//! actions on the same channel as keys.

pub mod action;
pub mod analysis_job;
pub mod config;
pub mod export;
pub mod keymap;
pub mod layout;
pub mod predictor;
pub mod projection_cache;
pub mod query;
pub mod rows;
pub mod scalars;
pub mod state;
pub mod store;
pub mod update;
pub mod view;
pub mod view_points;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::Result;
use crossterm::event::KeyEvent;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use action::{Action, InferenceEventAction};
use keymap::Keymap;
use layout::Layout;
use state::AppState;
use update::{Effect, update};

use crate::data::Dataset;
use crate::jobs::{InferenceOptions, spawn_inference};
use crate::model::{Model, OutputRole};

pub struct App {
    pub state: AppState,
    pub keymap: Keymap,
    pub model: Arc<Model>,
    /// Models compared with the main one (`--compare`).
    pub compared: Vec<Arc<Model>>,
    events_tx: UnboundedSender<Action>,
    events_rx: UnboundedReceiver<Action>,
    predictor: predictor::Predictor,
    analysis: analysis_job::Worker,
    session_file: Option<PathBuf>,
    data_path: PathBuf,
}

impl App {
    /// Builds the app over a data set and restores the session saved under
    /// `session_root` (the user's data dir in the terminal app; `None` keeps
    /// nothing).
    pub fn new(
        model: Arc<Model>,
        dataset: &Dataset,
        layout: Layout,
        keymap: Keymap,
        session_root: Option<&Path>,
    ) -> Result<Self> {
        Self::with_compared(model, Vec::new(), dataset, layout, keymap, session_root)
    }

    /// As `new`, with other models whose predictions are shown beside the main one's.
    /// They must have the main model's classes, in the same order.
    pub fn with_compared(
        model: Arc<Model>,
        compared: Vec<Arc<Model>>,
        dataset: &Dataset,
        layout: Layout,
        keymap: Keymap,
        session_root: Option<&Path>,
    ) -> Result<Self> {
        let mut rows = rows::Rows::from_dataset(dataset, &model.labels)?;
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
            rows.compared.push(rows::ComparedModel {
                name: other.name.clone(),
                probs: vec![f32::NAN; rows.len() * rows.classes()],
            });
        }
        let mut state = AppState::new(model.name.clone(), dataset.display_name(), rows, layout);
        state.embedding_note = match model.embedding_source() {
            Some((name, OutputRole::LastHiddenState)) => {
                format!("{name}, mean-pooled over the attention mask")
            }
            Some((name, _)) => name.to_string(),
            None => String::new(),
        };
        state.embedding_pooled = matches!(
            model.embedding_source(),
            Some((_, OutputRole::LastHiddenState))
        );
        let (events_tx, events_rx) = unbounded_channel();
        let predictor =
            predictor::Predictor::spawn(model.clone(), compared.clone(), events_tx.clone());
        let analysis = analysis_job::Worker::spawn(events_tx.clone());
        let session_file = session_root.map(|root| store::session_path(root, &dataset.path));
        state.compare_progress = vec![state::Progress::default(); compared.len()];
        let mut app = Self {
            state,
            keymap,
            model,
            compared,
            events_tx,
            events_rx,
            predictor,
            analysis,
            session_file,
            data_path: dataset.path.clone(),
        };
        if let Some(file) = app.session_file.clone() {
            match store::load(&file) {
                Ok(Some(saved)) => {
                    store::restore(&mut app.state, &saved);
                }
                Ok(None) => {}
                Err(e) => {
                    // Keep the damaged file for the user; don't overwrite it this session.
                    app.state.set_error(format!("{e:#}"));
                    app.session_file = None;
                }
            }
        }
        for note in &dataset.notes {
            app.state.status = note.clone();
        }
        Ok(app)
    }

    /// A sender for keys, signals and background results.
    pub fn sender(&self) -> UnboundedSender<Action> {
        self.events_tx.clone()
    }

    /// Starts predicting every row (data set and added); results arrive as
    /// actions. Returns the flag that cancels it.
    pub fn start_inference(&mut self, opts: InferenceOptions) -> Arc<AtomicBool> {
        self.state.progress.total = self.state.rows.len();
        self.state.progress.finished = false;
        for p in &mut self.state.compare_progress {
            *p = state::Progress {
                total: self.state.rows.len(),
                ..Default::default()
            };
        }
        let cancel = Arc::new(AtomicBool::new(false));
        // The main model first, then each compared one: they share the cores.
        let mut jobs = vec![(None, self.model.clone())];
        jobs.extend(
            self.compared
                .iter()
                .cloned()
                .enumerate()
                .map(|(m, model)| (Some(m), model)),
        );
        let texts = self.state.rows.texts.clone();
        let tx = self.events_tx.clone();
        let flag = cancel.clone();
        let _ = std::thread::Builder::new()
            .name("inference-events".into())
            .spawn(move || {
                for (which, model) in jobs {
                    let mut job = spawn_inference(model, texts.clone(), opts.clone());
                    while let Some(event) = job.events.blocking_recv() {
                        if flag.load(std::sync::atomic::Ordering::Relaxed) {
                            job.cancel();
                        }
                        let cancelled = matches!(event, crate::jobs::InferenceEvent::Cancelled);
                        for event in InferenceEventAction::from_event(event) {
                            let action = match which {
                                None => Action::Inference(event),
                                Some(m) => Action::CompareInference(m, event),
                            };
                            if tx.send(action).is_err() {
                                return;
                            }
                        }
                        if cancelled {
                            return;
                        }
                    }
                }
            });
        cancel
    }

    /// A key from the terminal: prompts and help take it first, then the
    /// keymap. Returns whether it did anything (an unbound key needs no redraw).
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if self.state.input.is_some() || self.state.help {
            self.dispatch(Action::Key(key));
            return true;
        }
        match self.keymap.lookup(self.state.key_context(), &key) {
            Some(action) => {
                self.dispatch(action);
                true
            }
            None => false,
        }
    }

    pub fn dispatch(&mut self, action: Action) {
        for effect in update(&mut self.state, action) {
            self.execute(effect);
        }
        self.request_analysis();
        self.request_projection();
    }

    /// Once every vector is in, projects them with the chosen method on a worker thread.
    fn request_projection(&mut self) {
        let e = &self.state.embeddings;
        if e.projection.is_some()
            || e.requested
            || !self.state.progress.finished
            || !self.state.rows.embeddings_complete()
        {
            return;
        }
        let method = e.method;
        self.state.embeddings.requested = true;
        let (data, dim) = (
            self.state.rows.embeddings.clone(),
            self.state.rows.embedding_dim,
        );
        let (umap_params, tsne_params) = (self.state.embeddings.umap, self.state.embeddings.tsne);
        // UMAP and t-SNE take seconds: their layouts are kept on disk.
        let cache_file = match (method, crate::paths::cache_root()) {
            (state::ProjectionMethod::Pca, _) | (_, None) => None,
            (_, Some(root)) => Some(projection_cache::path(
                &root,
                self.model.hash,
                &self.state.rows.ids,
                method.name(),
                &format!("{umap_params:?} {tsne_params:?}"),
            )),
        };
        let tx = self.events_tx.clone();
        let _ = std::thread::Builder::new()
            .name("projection".into())
            .spawn(move || {
                // One message per percent, not per epoch.
                let last_percent = std::sync::atomic::AtomicU32::new(u32::MAX);
                let report = |stage: crate::analysis::Stage, done: f32| {
                    let percent = (done.clamp(0.0, 1.0) * 100.0) as u32;
                    if last_percent.swap(percent, std::sync::atomic::Ordering::Relaxed) != percent {
                        let _ = tx.send(Action::ProjectionProgress(method, stage, done));
                    }
                };
                use crate::analysis::project::project;
                use crate::analysis::projection::Projection;
                let coords_only = |coords| Projection {
                    coords,
                    mean: Vec::new(),
                    components: [Vec::new(), Vec::new()],
                };
                let n = data.len() / dim.max(1);
                if let Some(coords) = cache_file
                    .as_deref()
                    .and_then(|f| projection_cache::load(f, n))
                {
                    let _ = tx.send(Action::Projected(method, Arc::new(coords_only(coords))));
                    return;
                }
                // A failure (too few rows, NaN vectors, bad parameters) sends
                // nothing yet; the job runner will carry its message to the pane.
                let Ok(p) = project(method, &data, dim, &umap_params, &tsne_params, &report) else {
                    return;
                };
                if let Some(f) = &cache_file {
                    projection_cache::save(f, &p.coords);
                }
                let _ = tx.send(Action::Projected(method, Arc::new(p)));
            });
    }

    /// Asks the worker for new numbers when what they depend on changed.
    fn request_analysis(&mut self) {
        let compared_running = self
            .state
            .compare_progress
            .iter()
            .any(|p| p.total > 0 && !p.finished);
        if (self.state.progress.total > 0 && !self.state.progress.finished) || compared_running {
            // Rows still arriving: wait for the last batch rather than recount each one.
            return;
        }
        let key = analysis_job::key(&self.state);
        if key != self.state.analysis_wanted {
            self.state.analysis_wanted = key;
            self.analysis.send(analysis_job::input(&self.state, key));
        }
    }

    fn execute(&mut self, effect: Effect) {
        match effect {
            Effect::Predict { request, row, text } => {
                self.predictor
                    .send(predictor::Request { request, row, text })
            }
            Effect::Save => self.save(),
            Effect::Export { path, rows } => {
                match export::export_rows(&self.state.rows, &rows, &path) {
                    Ok(n) => self.state.status = format!("exported {n} rows to {}", path.display()),
                    Err(e) => self.state.set_error(format!("{e:#}")),
                }
            }
        }
    }

    pub fn save(&mut self) {
        let Some(file) = &self.session_file else {
            return;
        };
        let snapshot = store::snapshot(&self.state, &self.data_path);
        if let Err(e) = store::save(file, &snapshot) {
            self.state.set_error(format!(
                "could not save the session to {}: {e:#}",
                file.display()
            ));
        }
    }

    pub fn session_file(&self) -> Option<&Path> {
        self.session_file.as_deref()
    }

    /// Takes the next event, waiting up to `timeout`.
    pub fn next_event(&mut self, timeout: Duration) -> Option<Action> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.events_rx.try_recv() {
                Ok(a) => return Some(a),
                Err(tokio::sync::mpsc::error::TryRecvError::Disconnected) => return None,
                Err(_) if Instant::now() >= deadline => return None,
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    }

    /// Waits for an event (for the terminal loop).
    pub async fn recv(&mut self) -> Option<Action> {
        self.events_rx.recv().await
    }

    /// Everything that is queued now, without waiting.
    pub fn drain(&mut self) -> Vec<Action> {
        let mut out = Vec::new();
        while let Ok(a) = self.events_rx.try_recv() {
            out.push(a);
        }
        out
    }

    /// For tests and scripts: handles events until no request is pending and
    /// bulk inference (if any) has finished, or `timeout` passes.
    pub fn settle(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let busy = !self.state.pending.is_empty()
                || (self.state.progress.total > 0 && !self.state.progress.finished)
                || self
                    .state
                    .compare_progress
                    .iter()
                    .any(|p| p.total > 0 && !p.finished)
                || (self.state.analysis_wanted != 0 && !self.state.analysis_current())
                || self.state.embeddings.requested;
            if !busy {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            if let Some(a) = self.next_event(Duration::from_millis(50)) {
                self.dispatch(a);
            }
        }
    }
}
