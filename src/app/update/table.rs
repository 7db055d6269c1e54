//! Data Table actions: the cursor, selection, search, filters and sort.

use crate::app::action::Action;
use crate::app::state::{AppState, Input, InputKind};
use crate::app::view::sort_keys;

/// Rows a page moves; the drawn table may be taller or shorter, which is fine.
const PAGE: usize = 20;

pub fn handle(state: &mut AppState, action: Action) {
    let len = state.table.view.len();
    let t = &mut state.table;
    let last = len.saturating_sub(1);
    match action {
        Action::Up => t.cursor = t.cursor.saturating_sub(1),
        Action::Down => t.cursor = (t.cursor + 1).min(last),
        Action::PageUp => t.cursor = t.cursor.saturating_sub(PAGE),
        Action::PageDown => t.cursor = (t.cursor + PAGE).min(last),
        Action::Top => t.cursor = 0,
        Action::Bottom => t.cursor = last,
        Action::ToggleSelect => {
            if let Some(row) = state.cursor_row() {
                if !state.selection.remove(&row) {
                    state.selection.insert(row);
                }
                state.table.anchor = Some(state.table.cursor);
                if state.table.only_selection {
                    state.refresh_view();
                }
            }
        }
        Action::ExtendUp | Action::ExtendDown => {
            let anchor = *t.anchor.get_or_insert(t.cursor);
            t.cursor = if action == Action::ExtendUp {
                t.cursor.saturating_sub(1)
            } else {
                (t.cursor + 1).min(last)
            };
            let (a, b) = (anchor.min(t.cursor), anchor.max(t.cursor));
            let range: Vec<usize> = state.table.view[a..=b.min(last)].to_vec();
            state.selection.extend(range);
        }
        Action::SelectAllShown => {
            let shown = state.table.view.clone();
            state.selection.extend(shown);
            state.status = format!("{} rows selected", state.selection.len());
        }
        Action::MakePrimary => {
            if let Some(row) = state.cursor_row() {
                state.primary = Some(row);
                state.editor.draft_probs = None;
            }
        }
        Action::Search => {
            let buffer = state.table.query_text.clone();
            state.input = Some(Input {
                kind: InputKind::Search,
                cursor: buffer.chars().count(),
                buffer,
            });
        }
        Action::ToggleMispredictions => {
            t.only_mispredictions = !t.only_mispredictions;
            state.refresh_view();
        }
        Action::ToggleOnlySelection => {
            t.only_selection = !t.only_selection;
            state.refresh_view();
        }
        Action::SortNext => {
            let keys = sort_keys(state.rows.features.len());
            let next = match &t.sort {
                None => Some((keys[0].clone(), false)),
                Some((k, desc)) => {
                    let at = keys.iter().position(|x| x == k).unwrap_or(0);
                    keys.get(at + 1).map(|k| (k.clone(), *desc))
                }
            };
            t.sort = next;
            state.refresh_view();
        }
        Action::SortReverse => {
            if let Some((_, desc)) = &mut t.sort {
                *desc = !*desc;
                state.refresh_view();
            }
        }
        _ => {}
    }
}
