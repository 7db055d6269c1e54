//! Slice Editor actions: make, select, rename, delete and export slices.

use super::Effect;
use super::selection::select_rows;
use crate::app::action::Action;
use crate::app::state::{AppState, ExportTarget, Input, InputKind, Slice};

pub fn handle(state: &mut AppState, action: Action, effects: &mut Vec<Effect>) {
    let n = state.slice_count();
    let cur = state.slice_editor.cursor.min(n - 1);
    match action {
        Action::Up => state.slice_editor.cursor = cur.saturating_sub(1),
        Action::Down => state.slice_editor.cursor = (cur + 1).min(n - 1),
        Action::Top => state.slice_editor.cursor = 0,
        Action::Bottom => state.slice_editor.cursor = n - 1,
        Action::SliceFromSelection => {
            let rows: Vec<usize> = state.selection.iter().copied().collect();
            if rows.is_empty() {
                state.status =
                    "the selection is empty: select rows first (space in the table)".into();
                return;
            }
            let name = fresh_name(state, "selection");
            add_slice(state, name, rows, effects);
        }
        Action::SliceFromSearch => {
            if state.table.query.is_none()
                && !state.table.only_mispredictions
                && !state.table.only_selection
            {
                state.status = "no search or filter is active: search with / first".into();
                return;
            }
            let base = if state.table.query_text.is_empty() {
                "filtered".to_string()
            } else {
                state.table.query_text.clone()
            };
            let name = fresh_name(state, &base);
            let rows = state.table.view.clone();
            add_slice(state, name, rows, effects);
        }
        Action::SelectSlice => {
            select_rows(state, state.slice_rows(cur));
            state.status = format!(
                "selected slice {} ({} rows)",
                state.slice_name(cur),
                state.selection.len()
            );
        }
        Action::RenameSlice if cur > 0 => {
            let buffer = state.slices[cur - 1].name.clone();
            state.input = Some(Input {
                kind: InputKind::RenameSlice(cur - 1),
                cursor: buffer.chars().count(),
                buffer,
            });
        }
        Action::DeleteSlice if cur > 0 => {
            let gone = state.slices.remove(cur - 1);
            state.slice_editor.cursor = cur.min(state.slice_count() - 1);
            state.status = format!("deleted slice {}", gone.name);
            effects.push(Effect::Save);
        }
        Action::RenameSlice | Action::DeleteSlice => {
            state.status = "Starred is built in: star and unstar rows with s".into();
        }
        Action::ExportSlice => {
            let name = state.slice_name(cur).to_string();
            ask_path(state, ExportTarget::Slice(cur), &name);
        }
        Action::ExportSelection => ask_path(state, ExportTarget::Selection, "selection"),
        _ => {}
    }
}

fn add_slice(state: &mut AppState, name: String, rows: Vec<usize>, effects: &mut Vec<Effect>) {
    let ids = rows.iter().map(|&r| state.rows.ids[r]).collect();
    state.status = format!("made slice {name} with {} rows", rows.len());
    state.slices.push(Slice { name, ids });
    state.slice_editor.cursor = state.slice_count() - 1;
    effects.push(Effect::Save);
}

fn fresh_name(state: &AppState, base: &str) -> String {
    let taken = |n: &str| n == "Starred" || state.slices.iter().any(|s| s.name == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base} {i}"))
        .find(|n| !taken(n))
        .unwrap_or_default()
}

fn ask_path(state: &mut AppState, target: ExportTarget, name: &str) {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let buffer = format!("{safe}.jsonl");
    state.input = Some(Input {
        kind: InputKind::ExportPath(target),
        cursor: buffer.chars().count(),
        buffer,
    });
}

/// The export prompt was confirmed.
pub fn export(state: &mut AppState, target: ExportTarget, path: String, effects: &mut Vec<Effect>) {
    let rows: Vec<usize> = match target {
        ExportTarget::Selection => state.selection.iter().copied().collect(),
        ExportTarget::Slice(i) => state.slice_rows(i),
    };
    effects.push(Effect::Export {
        path: path.into(),
        rows,
    });
}
