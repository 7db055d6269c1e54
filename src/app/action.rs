//! Everything that can change the app's state. Keys map to the deserializable
//! actions through the keymap; the variants marked `serde(skip)` are raised by
//! the program itself (background results, resizes).

use std::sync::Arc;

use serde::Deserialize;

use crate::jobs::InferenceEvent;
use crate::jobs::inference::RowsTicket;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Action {
    // Global.
    Quit,
    Help,
    /// Write a view file and copy the command that opens it.
    ShareView,
    Undo,
    Redo,
    /// Open the command palette.
    Palette,
    /// Delete the primary row, when the user added it.
    DeleteRow,
    FocusNext,
    FocusPrev,
    FocusLeft,
    FocusRight,
    FocusUp,
    FocusDown,
    ToggleMaximize,
    GrowMain,
    ShrinkMain,
    NextTab,
    PrevTab,
    /// Group tab by position, from 0.
    GroupTab(usize),
    NextPrimary,
    PrevPrimary,
    ToggleStar,
    ClearSelection,
    /// Selects the rows of the next slice (Starred first).
    SelectNextSlice,
    SelectParent,
    SelectChildren,
    CycleColorBy,
    Cancel,

    // Moving a cursor, in whichever module has focus.
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,

    // Data Table.
    ToggleSelect,
    ExtendUp,
    ExtendDown,
    SelectAllShown,
    MakePrimary,
    Search,
    ToggleMispredictions,
    ToggleOnlySelection,
    SortNext,
    SortReverse,
    /// Mispredictions only, most confident first, cursor on the first.
    WorstFirst,

    // Datapoint Editor.
    EditText,
    EditLabel,
    Duplicate,
    NewBlank,

    // Slice Editor.
    SliceFromSelection,
    SliceFromSearch,
    SelectSlice,
    RenameSlice,
    DeleteSlice,
    ExportSlice,
    ExportSelection,

    // Group modules (Performance, Predictions).
    /// Enter in a module: select a metrics row's rows, a confusion cell's, or
    /// make the point under the scalars cursor primary.
    Activate,
    NextFacet,
    ToggleBinning,
    TogglePerClass,
    SelectConfusionRow,
    SelectConfusionColumn,
    ToggleNormalized,
    TogglePairs,
    CycleRowAxis,
    CycleColumnAxis,
    OptimalThreshold,
    ResetThreshold,
    CostUp,
    CostDown,
    /// Pin the primary row as the reference datapoint (or unpin).
    Pin,
    /// Scalars and Embeddings: anchor a box, then select what it holds.
    BoxSelect,
    /// Embeddings: select the 10 nearest neighbours of the primary row, in the
    /// original embedding space.
    SelectNeighbours,
    ZoomIn,
    ZoomOut,
    /// Embeddings: fit the view to all points.
    FitView,
    /// Embeddings: PCA, UMAP, t-SNE in turn.
    CycleProjection,
    /// Embeddings: confirm a box, adding its points to the selection.
    BoxAdd,
    /// Embeddings: confirm a box, taking its points out of the selection.
    BoxSubtract,
    /// Embeddings: zoom to the selected points.
    FitSelection,
    /// Embeddings: set UMAP and t-SNE parameters (a prompt), then refit.
    ProjectionParams,
    /// Embeddings: fit the projection again.
    Refit,
    CycleScore,
    CycleXAxis,
    /// Salience: explain the next class (then the predicted one again).
    NextTarget,
    /// Salience: edit the methods' parameters (a prompt).
    SalienceParams,
    /// Salience: stronger or weaker shading (LIT's gamma).
    GammaUp,
    GammaDown,
    /// Salience: the primary row's maps, or salience over the selection.
    ToggleSelectionView,
    /// The next salience method (salience over the selection, Salience Clusters).
    NextMethod,
    /// Attention: the next or previous head.
    NextHead,
    PrevHead,
    /// Attention: the head overview shows entropy or attention to [CLS]/[SEP].
    CycleHeadScore,

    // Counterfactuals.
    NextGenerator,
    ToggleScope,
    EditSettings,
    NextRuleSet,
    RunGenerator,
    AddResult,
    AddAllResults,
    AddAndCompare,
    CycleResultLabel,

    // Discover (Label Issues, Error Cohorts).
    /// Label Issues: add the row again with the suggested label, a child of it.
    Relabel,
    /// Save what is under the cursor (or every issue) as a slice.
    SaveAsSlice,

    // Raised by the program.
    #[serde(skip)]
    Key(crossterm::event::KeyEvent),
    #[serde(skip)]
    Mouse(crossterm::event::MouseEvent),
    /// Quit without asking (a signal, or the terminal gone): the session is
    /// saved if it can be, else a copy is written and the exit code says so.
    #[serde(skip)]
    QuitNow,
    /// Give the terminal back to the shell and stop (Ctrl-Z, SIGTSTP).
    Suspend,
    /// The process was continued: take the terminal again and redraw.
    #[serde(skip)]
    Resumed,
    #[serde(skip)]
    Resize,
    /// A big file's rows are all read (`tui::loading`): the full app takes over.
    #[serde(skip)]
    RowsRead,
    /// A background job reports (progress, a partial result, its end).
    #[serde(skip)]
    Job(crate::jobs::runner::JobEvent),
}

impl Action {
    /// Actions a module answers wherever focus is (the Data Table walks the
    /// primary row with n/p, the Slice Editor cycles slices with S): when
    /// the focused module does not take one, every module is offered it.
    pub fn reaches_every_module(&self) -> bool {
        matches!(
            self,
            Self::NextPrimary
                | Self::PrevPrimary
                | Self::SelectNextSlice
                | Self::SliceFromSearch
                | Self::ToggleStar
        )
    }
}

/// A bulk inference event, wrapped so `Action` stays `Clone + PartialEq`.
#[derive(Debug, Clone, PartialEq)]
pub enum InferenceEventAction {
    Rows {
        indices: Vec<usize>,
        probs: Vec<f32>,
    },
    Progress {
        done: usize,
        total: usize,
    },
    Finished {
        computed: usize,
        from_cache: usize,
    },
    Failed(String),
    /// Something the run found that the user should know (damaged cache
    /// segments, rows cut short, non-finite scores); sent after `Finished`.
    Note(String),
    /// Embedding vectors of finished rows, `indices.len() × dim`.
    Embeddings {
        indices: Vec<usize>,
        dim: usize,
        data: Vec<f32>,
    },
}

impl InferenceEventAction {
    /// The actions one worker event becomes: rows, then their vectors when the
    /// model gives them; nothing for a cancelled job.
    pub fn from_event(e: InferenceEvent) -> (Vec<Self>, Option<RowsTicket>) {
        let actions = match e {
            InferenceEvent::Rows {
                indices,
                probs,
                embeddings,
                embedding_dim,
                ticket,
            } => {
                let mut out = Vec::with_capacity(2);
                if let Some(data) = embeddings.filter(|_| embedding_dim > 0) {
                    out.push(Self::Embeddings {
                        indices: indices.clone(),
                        dim: embedding_dim,
                        data,
                    });
                }
                out.insert(0, Self::Rows { indices, probs });
                return (out, Some(ticket));
            }
            InferenceEvent::Progress { done, total } => vec![Self::Progress { done, total }],
            InferenceEvent::Finished(s) => std::iter::once(Self::Finished {
                computed: s.computed,
                from_cache: s.from_cache,
            })
            .chain(s.notes.into_iter().map(Self::Note))
            .collect(),
            InferenceEvent::Failed(e) => vec![Self::Failed(e)],
            InferenceEvent::Cancelled => Vec::new(),
        };
        (actions, None)
    }
}

/// A new row's predictions: every model's, and the main model's vector.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictedRow {
    pub row: usize,
    pub probs: Vec<f32>,
    /// The compared models' probabilities for the same text, in order.
    pub compared: Vec<Vec<f32>>,
    /// The main model's vector, when it gives vectors.
    pub embedding: Option<Vec<f32>>,
}

/// A bulk inference event of the main model (`None`) or a compared one.
#[derive(Debug, Clone, PartialEq)]
pub struct InferencePartial {
    pub model: Option<usize>,
    pub event: InferenceEventAction,
    /// Lets the worker send more rows once this is applied and dropped.
    pub ticket: Option<Arc<RowsTicket>>,
}
