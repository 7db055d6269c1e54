//! The app's runtime: keys in, `update`, effects out (jobs on the runner,
//! saving, exporting), and the loop helpers that tests and the terminal use.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use super::action::{Action, InferenceEventAction, InferencePartial};
use super::effect::Effect;
use super::update::results::{APP, INFERENCE, SESSIONS};
use super::update::update;
use super::{App, export, predictor, session_file, view};
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};
use crate::jobs::{InferenceOptions, spawn_inference};

impl App {
    /// Starts predicting every row (data set and added) with every model, as
    /// one job whose rows stream in as partial results.
    pub fn start_inference(&mut self, opts: InferenceOptions) {
        self.prediction_cache = opts.cache_root.clone().map(|root| predictor::CacheTarget {
            root,
            want_embeddings: opts.want_embeddings,
        });
        let total = self.shared.rows.len();
        self.shared.progress = super::shared::Progress {
            total,
            ..Default::default()
        };
        for p in &mut self.shared.compare_progress {
            *p = self.shared.progress.clone();
        }
        // The main model first, then each compared one: they share the cores.
        let mut jobs = vec![(None, self.model.clone())];
        jobs.extend(
            self.compared
                .iter()
                .cloned()
                .enumerate()
                .map(|(m, model)| (Some(m), model)),
        );
        let texts = self.shared.rows.texts.clone();
        self.runner.submit(Job::latest(APP, INFERENCE, move |ctx| {
            for (which, model) in jobs {
                let mut job = spawn_inference(model, texts.clone(), opts.clone());
                while let Some(event) = job.events.blocking_recv() {
                    if ctx.cancelled() {
                        job.cancel();
                        return Err("cancelled".into());
                    }
                    let (actions, ticket) = InferenceEventAction::from_event(event);
                    let ticket = ticket.map(Arc::new);
                    for event in actions {
                        ctx.partial(Arc::new(InferencePartial {
                            model: which,
                            event,
                            ticket: ticket.clone(),
                        }));
                    }
                }
            }
            Ok(Arc::new(()) as Payload)
        }));
    }

    /// Makes every model's ONNX Runtime sessions on a worker, so that the
    /// first edit or salience request does not wait for them, and a model
    /// that cannot start says so in the footer while the table, slices and
    /// any cached or precomputed scores stay usable. While the bulk
    /// predictions still arrive it waits for them (a run that needs the model
    /// starts it itself): cached rows on their way and the model's weights
    /// held together made the peak (SST-2 train with `sst2-minilm-full`).
    pub fn start_model(&mut self) {
        self.model_start_deferred = self.shared.predicting();
        if self.model_start_deferred {
            return;
        }
        let mut models = vec![self.model.clone()];
        models.extend(self.compared.iter().cloned());
        models.retain(|m| !m.is_precomputed() && !m.started());
        if models.is_empty() {
            return;
        }
        self.runner.submit(Job::latest(APP, SESSIONS, move |_ctx| {
            for model in models {
                model.start().map_err(|e| e.to_string())?;
            }
            Ok(Arc::new(()) as Payload)
        }));
    }

    /// Feeds one bulk inference event, as the inference job would (tests and
    /// precomputed predictions use it).
    pub fn inference_event(&mut self, model: Option<usize>, event: InferenceEventAction) {
        self.dispatch(Action::Job(JobEvent {
            owner: APP,
            lane: INFERENCE,
            id: 0,
            kind: JobEventKind::Partial(Arc::new(InferencePartial {
                model,
                event,
                ticket: None,
            })),
        }));
    }

    /// A key from the terminal: help and prompts take it first, then the
    /// keymap. Returns whether it did anything (an unbound key needs no redraw).
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if self.workspace.help {
            // The keys that open help, quit or cancel close it.
            let global = self.keymap.lookup("global", &key);
            let scroll = &mut self.workspace.help_scroll;
            match global {
                Some(Action::Help | Action::Cancel | Action::Quit) => {
                    self.workspace.help = false;
                    *scroll = 0;
                }
                Some(Action::Down) => *scroll = scroll.saturating_add(1),
                Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                Some(Action::PageDown) => *scroll = scroll.saturating_add(10),
                Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
                Some(Action::Top) => *scroll = 0,
                // Drawing stops at the last line.
                Some(Action::Bottom) => *scroll = u16::MAX,
                _ => {}
            }
            return true;
        }
        if self
            .workspace
            .screen
            .is_some_and(|(w, h)| super::workspace::too_small(w, h))
        {
            // Only the message is on screen: nothing behind it may change.
            if self.keymap.lookup("global", &key) == Some(Action::Quit) {
                self.dispatch(Action::Quit);
            }
            return false;
        }
        if self.quit_blocked {
            self.quit_prompt_key(key);
            return true;
        }
        if self.shared.input.is_some() {
            self.dispatch(Action::Key(key));
            return true;
        }
        if self.workspace.palette.is_some() {
            self.palette_key(key);
            return true;
        }
        match self.keymap.lookup(self.key_context(), &key) {
            Some(Action::Palette) => {
                self.open_palette();
                true
            }
            Some(action) => {
                self.dispatch(action);
                true
            }
            None => {
                // Say so once, rather than nothing (or a burst of other commands).
                let told = match self.keymap.elsewhere(self.key_context(), &key) {
                    Some((ctx, desc)) => format!(
                        "{} does nothing here; in the {ctx} pane: {}",
                        super::keymap::key_name(&key),
                        desc.to_lowercase()
                    ),
                    None => format!(
                        "{} is not bound to anything here (? lists the keys)",
                        super::keymap::key_name(&key)
                    ),
                };
                let changed = self.shared.status != told;
                self.shared.status = told;
                changed
            }
        }
    }

    pub fn dispatch(&mut self, action: Action) {
        if action == Action::Palette {
            return self.open_palette();
        }
        if let Action::Job(event) = &action
            && !self.runner.is_current(event)
        {
            return;
        }
        let effects = update(&mut self.shared, &mut self.workspace, action);
        self.execute_all(effects);
        self.hold_quit_if_unsaved();
        if self.model_start_deferred && !self.shared.predicting() {
            self.start_model();
        }
    }

    pub(super) fn execute_all(&mut self, effects: Vec<Effect>) {
        // New rows are predicted together, and saved once, however many came at once.
        let (mut rows, mut save) = (Vec::new(), false);
        for effect in effects {
            match effect {
                Effect::PredictRow { row, text } => rows.push((row, text)),
                Effect::Save => save = true,
                other => self.execute(other),
            }
        }
        self.predict_rows(rows);
        if save {
            self.save();
        }
    }

    fn predict_rows(&mut self, rows: Vec<(usize, String)>) {
        if !rows.is_empty() {
            let job = predictor::rows_job(
                rows,
                self.model.clone(),
                self.compared.clone(),
                self.prediction_cache.clone(),
            );
            self.runner.submit(job);
        }
    }

    fn execute(&mut self, effect: Effect) {
        match effect {
            Effect::PredictDraft { owner, text } => {
                self.runner
                    .submit(predictor::draft_job(owner, self.model.clone(), text));
            }
            Effect::PredictRow { row, text } => self.predict_rows(vec![(row, text)]),
            Effect::Run(job) => {
                self.runner.submit(job);
            }
            Effect::Save => self.save(),
            Effect::ShareView => self.share_view(),
            Effect::Export { path, rows } => {
                let outcome =
                    match export::export_rows(&self.shared.rows, &rows, &path, &self.data_path) {
                        Ok(done) => Effect::Status(done),
                        Err(e) => Effect::Error(format!("{e:#}")),
                    };
                self.apply(outcome);
            }
            // Shared effects were applied by `update`.
            _ => {}
        }
    }

    /// Applies one change to `Shared` through `update`'s path, so every
    /// module hears of it (what the runtime learns: an export's outcome, a note).
    pub fn apply(&mut self, effect: Effect) {
        let fx = super::effect::Fx {
            effects: vec![effect],
        };
        let rest = super::update::settle(&mut self.shared, &mut self.workspace, fx);
        self.execute_all(rest);
    }

    /// Puts back what the session file under `root` holds; a damaged file is
    /// moved aside and a fresh session starts (`session_file::open`).
    pub(super) fn restore(&mut self, root: &Path) {
        let session_file::Opened { file, added, view } =
            session_file::open(&mut self.shared, root, &self.data_path);
        self.session = Some(file);
        if let Some(view) = view {
            self.open_view(&view);
        }
        self.shared.pending_rows += added.len();
        let rows = added
            .into_iter()
            .map(|row| (row, self.shared.rows.texts[row].to_string()))
            .collect();
        self.predict_rows(rows);
    }

    /// Merges this run's changes into the session file; a failure is shown
    /// and remembered until a save succeeds.
    pub fn save(&mut self) {
        let view = view::capture(&self.shared, &self.workspace, view::Scope::Session);
        let Some(file) = self.session.as_mut() else {
            return;
        };
        file.set_view(view);
        self.unsaved = session_file::save(file, &mut self.shared, &self.data_path)
            .err()
            .map(|e| format!("{e:#}"));
    }

    /// Saves for the last time: an error if what the user made is not on disk.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        self.save();
        let Some(why) = &self.unsaved else {
            return Ok(());
        };
        let copy = session_file::save_copy_elsewhere(&self.shared, &self.data_path);
        Err(crate::user_error!(
            "changes not saved: {why}. {}",
            match copy {
                Some(p) => format!(
                    "A copy of this run's session is in {}; move it over the session file once the folder can be written",
                    p.display()
                ),
                None => "Free some space or fix the folder (or set LIT_TUI_DATA_DIR to another folder) before the next run".into(),
            }
        ))
    }

    pub fn session_file(&self) -> Option<&Path> {
        self.session.as_ref().map(|s| s.path())
    }

    /// Stops background work (on quit).
    pub fn cancel_jobs(&self) {
        self.runner.cancel_all();
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

    /// Whether anything is still on its way: predictions, the report, a
    /// module's job.
    pub fn busy(&self) -> bool {
        self.shared.pending_rows > 0
            || self.shared.predicting()
            || (self.shared.report_wanted != 0 && !self.shared.report_current())
            || self.runner.running() > 0
            || self.workspace.modules.iter().any(|m| m.busy())
    }

    /// For tests and scripts: handles events until nothing is on its way, or
    /// `timeout` passes.
    pub fn settle(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if !self.busy() && self.events_rx.is_empty() {
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
