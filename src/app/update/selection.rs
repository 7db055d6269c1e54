//! The global toolbar's actions: primary row, stars, selection, color-by.

use super::Effect;
use crate::app::action::Action;
use crate::app::state::{AppState, ColorBy};

pub fn handle(state: &mut AppState, action: Action, effects: &mut Vec<Effect>) {
    match action {
        Action::NextPrimary => step_primary(state, 1),
        Action::PrevPrimary => step_primary(state, -1),
        Action::ToggleStar => match state.primary.or_else(|| state.cursor_row()) {
            Some(row) => {
                let id = state.rows.ids[row];
                if !state.starred.remove(&id) {
                    state.starred.insert(id);
                }
                state.status = format!("{} starred", state.starred.len());
                effects.push(Effect::Save);
                state.refresh_view();
            }
            None => state.status = "nothing to star: make a row primary first (Enter)".into(),
        },
        Action::ClearSelection => {
            state.selection.clear();
            state.refresh_view();
        }
        Action::SelectNextSlice => {
            let n = state.slice_count();
            let next = state.slice_editor.cycled.map_or(0, |c| (c + 1) % n);
            state.slice_editor.cycled = Some(next);
            state.slice_editor.cursor = next;
            select_rows(state, state.slice_rows(next));
            state.status = format!(
                "selected slice {} ({} rows)",
                state.slice_name(next),
                state.selection.len()
            );
        }
        Action::SelectParent => match state.primary.and_then(|p| state.rows.parent[p]) {
            Some(parent) => {
                select_rows(state, vec![parent]);
                state.primary = Some(parent);
            }
            None => state.status = "the primary row has no parent".into(),
        },
        Action::SelectChildren => match state.primary {
            Some(p) => {
                let children: Vec<usize> = state.rows.children(p).collect();
                state.status = format!("{} children selected", children.len());
                select_rows(state, children);
            }
            None => state.status = "no primary row".into(),
        },
        Action::CycleColorBy => {
            let mut options = vec![ColorBy::Correct, ColorBy::Label, ColorBy::Prediction];
            options.extend(
                state
                    .rows
                    .features
                    .iter()
                    .map(|f| ColorBy::Feature(f.name.clone())),
            );
            let at = options
                .iter()
                .position(|o| *o == state.color_by)
                .unwrap_or(0);
            state.color_by = options[(at + 1) % options.len()].clone();
        }
        _ => {}
    }
}

/// Replaces the selection; the first row becomes primary if the primary left it.
pub fn select_rows(state: &mut AppState, rows: Vec<usize>) {
    state.selection = rows.iter().copied().collect();
    if state.primary.is_none_or(|p| !state.selection.contains(&p)) {
        state.primary = rows.first().copied();
    }
    state.refresh_view();
}

fn step_primary(state: &mut AppState, step: isize) {
    let view = &state.table.view;
    if view.is_empty() {
        return;
    }
    let at = state
        .primary
        .and_then(|p| view.iter().position(|&v| v == p))
        .map_or(0, |i| {
            (i as isize + step).clamp(0, view.len() as isize - 1) as usize
        });
    state.primary = Some(view[at]);
    state.table.cursor = at;
}
