//! `update(state, action)`: the one place the app's state changes. It returns
//! effects (model requests, saving, exporting) for the runtime to carry out.

mod editor;
mod embeddings;
mod focus;
mod groups;
mod input;
mod selection;
mod slices;
mod table;

use std::path::PathBuf;

use super::action::{Action, InferenceEventAction, PredictedRows};
use super::layout::Pane;
use super::state::AppState;

/// Work `update` asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Predict `text`; the answer comes back as `Action::Predicted` with the same request.
    Predict {
        request: u64,
        row: Option<usize>,
        text: String,
    },
    /// Save the session (slices, stars, added rows).
    Save,
    Export {
        path: PathBuf,
        rows: Vec<usize>,
    },
}

pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    match action {
        Action::Key(key) => input::key(state, key, &mut effects),
        Action::Inference(event) => inference(state, event),
        Action::CompareInference(m, event) => compare_inference(state, m, event),
        Action::Predicted(p) => predicted(state, p),
        Action::Resize => {}
        Action::Analysis(a) => state.analysis = Some(a),
        Action::Projected(method, p) => {
            let e = &mut state.embeddings;
            e.computed.push((method, p.clone()));
            e.requested = false;
            e.progress = None;
            if e.method == method {
                e.projection = Some(p);
                e.placed.clear();
                embeddings::place_new_rows(state);
            }
        }
        Action::ProjectionProgress(method, stage, done) => {
            let e = &mut state.embeddings;
            if e.requested && e.method == method {
                e.progress = Some((stage, done));
            }
        }
        Action::SelectNeighbours
        | Action::ZoomIn
        | Action::ZoomOut
        | Action::FitView
        | Action::CycleProjection
        | Action::FitSelection
        | Action::ProjectionParams
        | Action::Refit
        | Action::BoxAdd
        | Action::BoxSubtract => embeddings::handle(state, action),
        Action::Activate | Action::BoxSelect if state.focus == Pane::Embeddings => {
            embeddings::handle(state, action)
        }
        Action::Pin => {
            state.pinned = if state.pinned.is_some() && state.pinned == state.primary {
                None
            } else {
                state.primary
            };
            state.status = match state.pinned {
                Some(_) => "pinned the primary row as the reference".into(),
                None => "unpinned".into(),
            };
        }
        Action::Activate
        | Action::NextFacet
        | Action::ToggleBinning
        | Action::TogglePerClass
        | Action::SelectConfusionRow
        | Action::SelectConfusionColumn
        | Action::ToggleNormalized
        | Action::TogglePairs
        | Action::CycleRowAxis
        | Action::CycleColumnAxis
        | Action::OptimalThreshold
        | Action::ResetThreshold
        | Action::CostUp
        | Action::CostDown
        | Action::BoxSelect
        | Action::CycleScore
        | Action::CycleXAxis => groups::handle(state, action),
        Action::Quit => {
            state.quit = true;
            effects.push(Effect::Save);
        }
        Action::Help => state.help = !state.help,
        Action::Cancel => cancel(state),
        Action::FocusNext
        | Action::FocusPrev
        | Action::FocusLeft
        | Action::FocusRight
        | Action::FocusUp
        | Action::FocusDown
        | Action::ToggleMaximize
        | Action::GrowMain
        | Action::ShrinkMain
        | Action::NextTab
        | Action::PrevTab
        | Action::GroupTab(_) => focus::handle(state, action),
        Action::NextPrimary
        | Action::PrevPrimary
        | Action::ToggleStar
        | Action::ClearSelection
        | Action::SelectNextSlice
        | Action::SelectParent
        | Action::SelectChildren
        | Action::CycleColorBy => selection::handle(state, action, &mut effects),
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
        | Action::Left
        | Action::Right => match state.focus {
            Pane::Table => table::handle(state, action),
            Pane::Slices => slices::handle(state, action, &mut effects),
            Pane::Editor => editor::handle(state, action, &mut effects),
            Pane::Groups => groups::handle(state, action),
            Pane::Embeddings => embeddings::handle(state, action),
        },
        Action::ToggleSelect
        | Action::ExtendUp
        | Action::ExtendDown
        | Action::SelectAllShown
        | Action::MakePrimary
        | Action::Search
        | Action::ToggleMispredictions
        | Action::ToggleOnlySelection
        | Action::SortNext
        | Action::SortReverse => table::handle(state, action),
        Action::EditText | Action::EditLabel | Action::Duplicate | Action::NewBlank => {
            editor::handle(state, action, &mut effects)
        }
        Action::SliceFromSelection
        | Action::SliceFromSearch
        | Action::SelectSlice
        | Action::RenameSlice
        | Action::DeleteSlice
        | Action::ExportSlice
        | Action::ExportSelection => slices::handle(state, action, &mut effects),
    }
    effects
}

fn cancel(state: &mut AppState) {
    if state.help {
        state.help = false;
    } else if state.editor.label_choice.is_some() {
        state.editor.label_choice = None;
    } else if state.maximized {
        state.maximized = false;
    } else {
        let t = &mut state.table;
        t.query = None;
        t.query_text.clear();
        t.only_mispredictions = false;
        t.only_selection = false;
        state.error = None;
        state.refresh_view();
    }
}

fn inference(state: &mut AppState, event: InferenceEventAction) {
    match event {
        InferenceEventAction::Rows { indices, probs } => {
            let c = state.rows.classes();
            for (k, &i) in indices.iter().enumerate() {
                state.rows.set_probs(i, &probs[k * c..(k + 1) * c]);
            }
            // Filters and sorts that depend on predictions change as rows arrive.
            if state.table.only_mispredictions
                || state.table.sort.is_some()
                || state.table.query.is_some()
            {
                state.refresh_view();
            }
        }
        InferenceEventAction::Progress { done, total } => {
            state.progress.done = done;
            state.progress.total = total;
        }
        InferenceEventAction::Finished {
            computed,
            from_cache,
        } => {
            state.progress.finished = true;
            state.progress.done = state.progress.total;
            state.status = format!(
                "predicted {} rows ({computed} run, {from_cache} from cache)",
                state.progress.total
            );
            state.refresh_view();
        }
        InferenceEventAction::Failed(e) => {
            state.progress.finished = true;
            state.set_error(format!("inference failed: {e}"));
        }
        InferenceEventAction::Embeddings { indices, dim, data } => {
            for (k, &i) in indices.iter().enumerate() {
                state.rows.set_embedding(i, &data[k * dim..(k + 1) * dim]);
            }
        }
    }
}

fn compare_inference(state: &mut AppState, m: usize, event: InferenceEventAction) {
    let Some(progress) = state.compare_progress.get_mut(m) else {
        return;
    };
    match event {
        InferenceEventAction::Rows { indices, probs } => {
            let c = state.rows.classes();
            for (k, &i) in indices.iter().enumerate() {
                state
                    .rows
                    .set_compared_probs(m, i, &probs[k * c..(k + 1) * c]);
            }
        }
        InferenceEventAction::Progress { done, total } => {
            progress.done = done;
            progress.total = total;
        }
        InferenceEventAction::Finished { .. } => {
            progress.finished = true;
            progress.done = progress.total;
        }
        InferenceEventAction::Failed(e) => {
            progress.finished = true;
            state.set_error(format!("inference of a compared model failed: {e}"));
        }
        InferenceEventAction::Embeddings { .. } => {}
    }
}

fn predicted(state: &mut AppState, p: PredictedRows) {
    let Some(row) = state.pending.remove(&p.request) else {
        return;
    };
    match (p.probs, row) {
        (Ok(probs), Some(row)) => {
            if let Some(v) = &p.embedding {
                state.rows.set_embedding(row, v);
                embeddings::place_new_rows(state);
            }
            for (m, other) in p.compared.iter().enumerate() {
                state.rows.set_compared_probs(m, row, other);
            }
            state.rows.set_probs(row, &probs);
            state.refresh_view();
            // A new primary point may only now pass the filters: bring the cursor to it.
            if state.primary == Some(row)
                && let Some(at) = state.table.view.iter().position(|&v| v == row)
            {
                state.table.cursor = at;
            }
        }
        (Ok(probs), None) => {
            // Newest request wins: an older draft's answer is dropped.
            if p.request == state.editor.draft_request {
                state.editor.draft_probs = Some(probs);
            }
        }
        (Err(e), _) => state.set_error(format!("prediction failed: {e}")),
    }
}

/// Sends `text` to the model, remembering what the answer is for.
pub(crate) fn request(
    state: &mut AppState,
    row: Option<usize>,
    text: String,
    effects: &mut Vec<Effect>,
) -> u64 {
    let id = state.next_request;
    state.next_request += 1;
    state.pending.insert(id, row);
    effects.push(Effect::Predict {
        request: id,
        row,
        text,
    });
    id
}
