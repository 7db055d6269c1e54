//! The one state of the app. Only `update` changes it; drawing reads it.

use std::collections::{BTreeSet, HashMap};

use super::layout::{Layout, Pane};
use super::query::Query;
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

/// Table columns that can be sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKey {
    Id,
    Text,
    Label,
    Prediction,
    Confidence,
    Correct,
    Star,
    Feature(usize),
}

#[derive(Debug, Clone, Default)]
pub struct TableState {
    pub query_text: String,
    pub query: Option<Query>,
    pub only_mispredictions: bool,
    pub only_selection: bool,
    pub sort: Option<(SortKey, bool)>,
    /// Row indices shown, in order.
    pub view: Vec<usize>,
    /// Position in `view`.
    pub cursor: usize,
    /// Where a range selection started (a view position).
    pub anchor: Option<usize>,
}

/// What a text prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    Search,
    EditText,
    RenameSlice(usize),
    ExportPath(ExportTarget),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    Selection,
    Slice(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub kind: InputKind,
    pub buffer: String,
    /// Cursor position in chars.
    pub cursor: usize,
}

#[derive(Debug, Clone, Default)]
pub struct EditorState {
    /// The edit being typed makes a new point with no parent (Create blank).
    pub blank: bool,
    /// The label chosen while editing the label (a class index).
    pub label_choice: Option<usize>,
    /// Latest draft prediction request, and its answer once back.
    pub draft_request: u64,
    pub draft_probs: Option<Vec<f32>>,
}

#[derive(Debug, Clone, Default)]
pub struct SliceEditorState {
    pub cursor: usize,
    /// Which slice `SelectNextSlice` selected last.
    pub cycled: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub finished: bool,
}

pub struct AppState {
    pub model_name: String,
    pub data_name: String,
    pub rows: Rows,
    pub selection: BTreeSet<usize>,
    pub primary: Option<usize>,
    pub starred: BTreeSet<u64>,
    pub slices: Vec<Slice>,
    pub color_by: ColorBy,
    pub layout: Layout,
    pub focus: Pane,
    pub maximized: bool,
    /// Height of the main workspace, in percent of both.
    pub main_percent: u16,
    pub group_tab: usize,
    pub table: TableState,
    pub editor: EditorState,
    pub slice_editor: SliceEditorState,
    pub input: Option<Input>,
    pub progress: Progress,
    pub status: String,
    pub error: Option<String>,
    pub help: bool,
    pub quit: bool,
    /// What the Embeddings pane can say about the model's vectors.
    pub embedding_note: String,
    /// Requests sent to the interactive predictor and not answered, by request id.
    pub pending: HashMap<u64, Option<usize>>,
    pub next_request: u64,
}

impl AppState {
    pub fn new(model_name: String, data_name: String, rows: Rows, layout: Layout) -> Self {
        let focus = layout.first_pane();
        let main_percent = layout.main_percent;
        let mut state = Self {
            model_name,
            data_name,
            rows,
            selection: BTreeSet::new(),
            primary: None,
            starred: BTreeSet::new(),
            slices: Vec::new(),
            color_by: ColorBy::Correct,
            layout,
            focus,
            maximized: false,
            main_percent,
            group_tab: 0,
            table: TableState::default(),
            editor: EditorState::default(),
            slice_editor: SliceEditorState::default(),
            input: None,
            progress: Progress::default(),
            status: String::new(),
            error: None,
            help: false,
            quit: false,
            embedding_note: String::new(),
            pending: HashMap::new(),
            next_request: 1,
        };
        state.refresh_view();
        state
    }

    /// Rows of the built-in "Starred" slice.
    pub fn starred_rows(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| self.starred.contains(&self.rows.ids[i]))
            .collect()
    }

    /// Rows of slice `i` in the Slice Editor's list (0 is Starred).
    pub fn slice_rows(&self, i: usize) -> Vec<usize> {
        if i == 0 {
            return self.starred_rows();
        }
        let Some(slice) = self.slices.get(i - 1) else {
            return Vec::new();
        };
        let wanted: std::collections::HashSet<u64> = slice.ids.iter().copied().collect();
        (0..self.rows.len())
            .filter(|&r| wanted.contains(&self.rows.ids[r]))
            .collect()
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

    /// The row under the table cursor.
    pub fn cursor_row(&self) -> Option<usize> {
        self.table.view.get(self.table.cursor).copied()
    }

    pub fn refresh_view(&mut self) {
        super::view::refresh(self);
    }

    pub fn set_error(&mut self, e: impl Into<String>) {
        self.error = Some(e.into());
    }
}
