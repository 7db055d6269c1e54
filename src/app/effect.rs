//! Effects: what handling an action asks for. Changes to `Shared` are
//! applied by `update` (so it knows what changed and tells every module);
//! the rest (jobs, saving, exporting) are carried out by the app's runtime.

use std::path::PathBuf;

use super::shared::Input;
use crate::jobs::runner::Job;

#[derive(Debug)]
pub enum Effect {
    /// Replace the selection; the first row becomes primary if the primary left it.
    Select(Vec<usize>),
    /// Add rows to the selection.
    SelectMore(Vec<usize>),
    /// Take rows out of the selection.
    Deselect(Vec<usize>),
    /// Select or deselect one row.
    ToggleSelected(usize),
    Primary(Option<usize>),
    /// The reference row shown beside the primary one.
    Pin(Option<usize>),
    ColorBy(super::shared::ColorBy),
    Status(String),
    Error(String),
    ClearError,
    /// Binary models: predict class 1 from this probability (`None`: argmax).
    Threshold(Option<f32>),
    /// A new datapoint (an edit, a duplicate, a relabel): appended, predicted,
    /// made primary and saved.
    AddRow {
        text: String,
        gold: Option<usize>,
        parent: Option<usize>,
    },
    /// Many new datapoints at once (a generator's results): appended,
    /// predicted in one batch, added to the slice `slice` (made if new), and
    /// saved once. With `compare`, the first becomes primary and its parent
    /// is pinned beside it.
    AddRows {
        rows: Vec<NewRow>,
        slice: Option<String>,
        compare: bool,
    },
    CreateSlice {
        name: String,
        rows: Vec<usize>,
    },
    RenameSlice(usize, String),
    /// Star the row, or unstar it (stars are saved).
    ToggleStar(usize),
    DeleteSlice(usize),
    OpenPrompt(Input),
    ClosePrompt,

    // Carried out by the runtime.
    /// Predict `text` with the main model for `owner` (newest wins): the
    /// answer comes back as a job event with `Vec<f32>` probabilities.
    PredictDraft {
        owner: &'static str,
        text: String,
    },
    /// Predict row `row` with every model.
    PredictRow {
        row: usize,
        text: String,
    },
    /// Run a module's background job.
    Run(Job),
    /// Save the session (slices, stars, added rows).
    Save,
    Export {
        path: PathBuf,
        rows: Vec<usize>,
    },
    /// Write the view on screen to a view file (`view::write`).
    ShareView,
    /// Hide added rows (they are no longer saved); undo brings them back.
    DeleteRows(Vec<usize>),
    Undo,
    Redo,
}

/// A datapoint to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRow {
    pub text: String,
    pub gold: Option<usize>,
    pub parent: Option<usize>,
    /// What made it (`word_replacer: not -> `), saved with the row.
    pub source: Option<String>,
}

impl Effect {
    /// Whether `update` applies it to `Shared` (else the runtime carries it out).
    pub fn is_shared(&self) -> bool {
        !matches!(
            self,
            Self::PredictDraft { .. }
                | Self::PredictRow { .. }
                | Self::Run(_)
                | Self::Save
                | Self::Export { .. }
                | Self::ShareView
        )
    }
}

/// Where a module puts its effects.
#[derive(Debug, Default)]
pub struct Fx {
    pub effects: Vec<Effect>,
}

impl Fx {
    pub fn push(&mut self, e: Effect) {
        self.effects.push(e);
    }

    pub fn status(&mut self, s: impl Into<String>) {
        self.push(Effect::Status(s.into()));
    }

    pub fn error(&mut self, s: impl Into<String>) {
        self.push(Effect::Error(s.into()));
    }

    pub fn select(&mut self, rows: Vec<usize>) {
        self.push(Effect::Select(rows));
    }

    pub fn primary(&mut self, row: Option<usize>) {
        self.push(Effect::Primary(row));
    }

    pub fn prompt(&mut self, input: Input) {
        self.push(Effect::OpenPrompt(input));
    }

    pub fn run(&mut self, job: Job) {
        self.push(Effect::Run(job));
    }

    pub fn take(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}
