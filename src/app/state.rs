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
    ProjectionParams,
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

/// A categorical axis of the confusion matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Axis {
    Gold,
    /// The main model's prediction.
    Prediction,
    /// A compared model's prediction (1 is the first `--compare`).
    Model(usize),
    Feature(usize),
}

/// Settings of the Performance tab's modules.
#[derive(Debug, Clone)]
pub struct PerformanceState {
    pub metrics_cursor: usize,
    /// Facet the metrics (and the thresholder) by this feature.
    pub facet: Option<usize>,
    pub binning: crate::analysis::facets::Binning,
    pub bins: usize,
    pub per_class: bool,
    pub cell: (usize, usize),
    pub normalized: bool,
    pub pairs: bool,
    pub pairs_cursor: usize,
    pub row_axis: Axis,
    pub col_axis: Axis,
    /// Positive class of the PR/ROC curves.
    pub curve_class: usize,
    /// Index into `COST_RATIOS`.
    pub cost: usize,
}

/// FP:FN cost ratios the thresholder offers.
pub const COST_RATIOS: [(f64, f64); 7] = [
    (1.0, 4.0),
    (1.0, 3.0),
    (1.0, 2.0),
    (1.0, 1.0),
    (2.0, 1.0),
    (3.0, 1.0),
    (4.0, 1.0),
];

impl Default for PerformanceState {
    fn default() -> Self {
        Self {
            metrics_cursor: 0,
            facet: None,
            binning: crate::analysis::facets::Binning::Quantile,
            bins: 4,
            per_class: false,
            cell: (0, 0),
            normalized: false,
            pairs: false,
            pairs_cursor: 0,
            row_axis: Axis::Gold,
            col_axis: Axis::Prediction,
            curve_class: 1,
            cost: 3,
        }
    }
}

/// What the Scalars plot shows on its vertical axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Score {
    Probability(usize),
    Confidence,
    Margin,
}

/// Settings and cursor of the Scalars plot; the cursor is in plot units, 0 to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarsState {
    pub score: Score,
    /// `None`: row index; else a numeric feature.
    pub x_feature: Option<usize>,
    pub cursor: (f64, f64),
    pub anchor: Option<(f64, f64)>,
}

impl Default for ScalarsState {
    fn default() -> Self {
        Self {
            score: Score::Confidence,
            x_feature: None,
            cursor: (0.5, 0.5),
            anchor: None,
        }
    }
}

/// How the Embeddings pane lays vectors out.
pub use crate::analysis::project::ProjectionMethod;

/// The Embeddings pane: the projection, and a view onto it (zoom, center)
/// with a cursor in view units (0 to 1).
#[derive(Debug, Clone)]
pub struct EmbeddingsView {
    pub method: ProjectionMethod,
    /// Projections already computed, so switching back is instant.
    pub computed: Vec<(
        ProjectionMethod,
        std::sync::Arc<crate::analysis::projection::Projection>,
    )>,
    pub projection: Option<std::sync::Arc<crate::analysis::projection::Projection>>,
    pub umap: crate::analysis::umap::UmapParams,
    pub tsne: crate::analysis::tsne::TsneParams,
    /// Rows added after the fit, placed with the fitted projection: (row, x, y).
    pub placed: Vec<(usize, [f32; 2])>,
    /// A projection was asked for and has not come back.
    pub requested: bool,
    /// The requested projection's stage and share done.
    pub progress: Option<(crate::analysis::Stage, f32)>,
    pub zoom: f64,
    /// The point of the fitted (0..1) space at the middle of the view.
    pub center: (f64, f64),
    pub cursor: (f64, f64),
    pub anchor: Option<(f64, f64)>,
}

impl Default for EmbeddingsView {
    fn default() -> Self {
        Self {
            method: ProjectionMethod::Pca,
            computed: Vec::new(),
            projection: None,
            umap: Default::default(),
            tsne: Default::default(),
            placed: Vec::new(),
            requested: false,
            progress: None,
            zoom: 1.0,
            center: (0.5, 0.5),
            cursor: (0.5, 0.5),
            anchor: None,
        }
    }
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
    /// The vectors are the last hidden state mean-pooled (the pane's title says so).
    pub embedding_pooled: bool,
    /// Requests sent to the interactive predictor and not answered, by request id.
    pub pending: HashMap<u64, Option<usize>>,
    pub next_request: u64,
    /// The module of the current group tab that has focus, when the group workspace does.
    pub group_focus: usize,
    pub performance: PerformanceState,
    pub scalars: ScalarsState,
    /// The reference datapoint shown beside the primary one.
    pub pinned: Option<usize>,
    /// The latest analysis from the worker, and the key of the newest one asked for.
    pub analysis: Option<std::sync::Arc<super::analysis_job::Analysis>>,
    pub analysis_wanted: u64,
    /// Bulk inference of each compared model.
    pub compare_progress: Vec<Progress>,
    pub embeddings: EmbeddingsView,
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
            embedding_pooled: false,
            pending: HashMap::new(),
            next_request: 1,
            group_focus: 0,
            performance: PerformanceState::default(),
            scalars: ScalarsState::default(),
            pinned: None,
            analysis: None,
            analysis_wanted: 0,
            compare_progress: Vec::new(),
            embeddings: EmbeddingsView::default(),
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

    /// The module of the group workspace that has focus.
    pub fn focused_module(&self) -> Option<super::layout::Module> {
        if self.focus != Pane::Groups {
            return None;
        }
        let group = self.layout.groups.get(self.group_tab)?;
        group
            .modules
            .get(self.group_focus.min(group.modules.len().saturating_sub(1)))
            .copied()
    }

    /// The keymap section for the focused pane or module.
    pub fn key_context(&self) -> &'static str {
        match self.focused_module() {
            Some(m) => m.context(),
            None => self.focus.context(),
        }
    }

    /// Whether the analysis shown is the newest asked for.
    pub fn analysis_current(&self) -> bool {
        self.analysis
            .as_ref()
            .is_some_and(|a| a.key == self.analysis_wanted)
    }

    pub fn set_error(&mut self, e: impl Into<String>) {
        self.error = Some(e.into());
    }
}
