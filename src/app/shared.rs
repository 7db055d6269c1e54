//! What every module sees: the rows and their predictions, the selection,
//! the primary and pinned rows, slices, stars, color-by, focus, the open
//! prompt and the footer's messages. Modules read it; only `update` writes it.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::analysis_job::Analysis;
use super::rows::Rows;

/// What colors rows and points in every module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColorBy {
    Label,
    Prediction,
    Correct,
    Feature(String),
}

impl ColorBy {
    pub fn name(&self) -> String {
        match self {
            Self::Label => "label".into(),
            Self::Prediction => "prediction".into(),
            Self::Correct => "correct".into(),
            Self::Feature(f) => f.clone(),
        }
    }
}

/// A named set of rows, kept by row id so it survives restarts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    pub name: String,
    pub ids: Vec<u64>,
}

/// Which pane has the keyboard: a module of the main workspace (by name), or
/// the group workspace (its focused module is the workspace's business).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Main(&'static str),
    Groups,
}

/// A one-line text prompt. It belongs to the module that opened it: that
/// module gets the text as it changes (when `live`) and when Enter confirms it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub owner: &'static str,
    /// Tells the owner which of its prompts this is.
    pub tag: u8,
    /// Shown before the text in the footer; `None`: the owner draws the prompt itself.
    pub label: Option<String>,
    /// The owner wants every change, not only the confirmed text.
    pub live: bool,
    pub buffer: String,
    /// Cursor position in chars.
    pub cursor: usize,
}

impl Input {
    pub fn new(owner: &'static str, tag: u8, buffer: String) -> Self {
        Self {
            owner,
            tag,
            label: None,
            live: false,
            cursor: buffer.chars().count(),
            buffer,
        }
    }

    pub fn labelled(mut self, label: &str) -> Self {
        self.label = Some(label.to_string());
        self
    }

    pub fn live(mut self) -> Self {
        self.live = true;
        self
    }
}

#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub finished: bool,
    /// Why the run stopped, when it failed: rows it did not score say so.
    pub failed: Option<String>,
}

impl Progress {
    pub fn running(&self) -> bool {
        self.total > 0 && !self.finished
    }
}

/// What the model gives besides class scores, for modules that need more.
#[derive(Clone, Default)]
pub struct ModelInfo {
    /// Where the vectors come from (empty: the model exports none).
    pub embedding_note: String,
    /// The vectors are the last hidden state mean-pooled.
    pub embedding_pooled: bool,
    /// The model's content hash (keys caches of what is computed from it).
    pub model_hash: u64,
    /// The model itself, for modules that run it in a job (salience, generators).
    pub handle: Option<std::sync::Arc<crate::model::Model>>,
    /// The user said the model never trained on these rows
    /// (`--probabilities-are-out-of-sample`), so Label Issues needs no caution.
    pub out_of_sample: bool,
}

pub struct Shared {
    pub model_name: String,
    pub data_name: String,
    pub model: ModelInfo,
    pub rows: Rows,
    pub selection: BTreeSet<usize>,
    pub primary: Option<usize>,
    /// The reference datapoint shown beside the primary one.
    pub pinned: Option<usize>,
    pub starred: BTreeSet<u64>,
    /// Each slice's rows, computed once per change (`slice_members`).
    slice_members: super::slice_members::SliceMembers,
    /// The report's per-row inputs, shared between requests (`analysis_job::input`).
    pub(crate) report_rows: super::memo::Memo<u64, crate::analysis::performance::Input>,
    pub slices: Vec<Slice>,
    pub color_by: ColorBy,
    pub focus: Focus,
    pub input: Option<Input>,
    pub status: String,
    /// Set while these rows are a big file's first ones (`tui::loading`):
    /// what the footer says until the rest is read.
    pub preview: Option<String>,
    pub error: Option<String>,
    /// The error stays until dismissed (Esc), rather than clearing on the
    /// next action that works (a damaged session was moved aside).
    pub error_sticky: bool,
    /// Bumped whenever a module reports an error, so `update` can tell an
    /// action that failed from one that worked.
    pub error_seq: u64,
    /// Bulk inference of the main model, then of each compared one.
    pub progress: Progress,
    pub compare_progress: Vec<Progress>,
    /// Row predictions asked for and not answered (new and edited rows).
    pub pending_rows: usize,
    /// Rows whose scores came back NaN (or not as probabilities), per model:
    /// the main one first, then each compared one.
    pub bad_scores: Vec<BTreeSet<usize>>,
    /// The Performance report (metrics, confusion, curves, thresholds) that
    /// several modules read, and the key of the newest one asked for.
    pub report: Option<Arc<Analysis>>,
    pub report_wanted: u64,
    /// Undo and redo of the user's data.
    pub history: super::history::History,
}

impl Shared {
    pub fn new(model_name: String, data_name: String, rows: Rows, focus: Focus) -> Self {
        Self {
            model_name,
            data_name,
            model: ModelInfo::default(),
            rows,
            selection: BTreeSet::new(),
            primary: None,
            pinned: None,
            starred: BTreeSet::new(),
            slice_members: Default::default(),
            report_rows: Default::default(),
            slices: Vec::new(),
            color_by: ColorBy::Correct,
            focus,
            input: None,
            status: String::new(),
            preview: None,
            error: None,
            error_sticky: false,
            error_seq: 0,
            progress: Progress::default(),
            compare_progress: Vec::new(),
            pending_rows: 0,
            bad_scores: Vec::new(),
            report: None,
            report_wanted: 0,
            history: Default::default(),
        }
    }

    /// Rows of the built-in "Starred" slice.
    pub fn starred_rows(&self) -> Vec<usize> {
        self.slice_rows(0).to_vec()
    }

    /// Rows of slice `i` in the Slice Editor's list (0 is Starred), sorted.
    pub fn slice_rows(&self, i: usize) -> std::sync::Arc<[usize]> {
        if i == 0 {
            let ids: Vec<u64> = self.starred.iter().copied().collect();
            return self.slice_members.rows(0, &ids, &self.rows);
        }
        match self.slices.get(i - 1) {
            Some(slice) => self.slice_members.rows(i, &slice.ids, &self.rows),
            None => std::sync::Arc::from([]),
        }
    }

    pub fn slice_name(&self, i: usize) -> &str {
        if i == 0 {
            "Starred"
        } else {
            self.slices.get(i - 1).map_or("", |s| s.name.as_str())
        }
    }

    /// Starred plus the user's slices.
    pub fn slice_count(&self) -> usize {
        self.slices.len() + 1
    }

    /// `base`, or `base 2`, `base 3`… when a slice has that name.
    pub fn fresh_slice_name(&self, base: &str) -> String {
        let taken = |n: &str| n == "Starred" || self.slices.iter().any(|s| s.name == n);
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|i| format!("{base} {i}"))
            .find(|n| !taken(n))
            .unwrap_or_default()
    }

    /// Whether bulk inference of any model is still running.
    pub fn predicting(&self) -> bool {
        self.progress.running() || self.compare_progress.iter().any(Progress::running)
    }

    /// Whether the report shown is the newest asked for.
    pub fn report_current(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|a| a.key == self.report_wanted)
    }

    /// The prompt, if `owner` opened it.
    pub fn prompt_of(&self, owner: &str) -> Option<&Input> {
        self.input.as_ref().filter(|i| i.owner == owner)
    }
}
