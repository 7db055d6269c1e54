//! Datapoint Editor actions. An edit never changes a row: committing makes a
//! new datapoint whose parent is the original, as LIT does.

use super::{Effect, request};
use crate::app::action::Action;
use crate::app::state::{AppState, Input, InputKind};

pub fn handle(state: &mut AppState, action: Action, effects: &mut Vec<Effect>) {
    let classes = state.rows.classes();
    match action {
        Action::EditText if state.editor.label_choice.is_some() => commit_label(state, effects),
        Action::EditText => {
            let text = state
                .primary
                .map(|p| state.rows.texts[p].clone())
                .unwrap_or_default();
            state.editor.blank = state.primary.is_none();
            open_editor(state, text, effects);
        }
        Action::EditLabel => match state.primary {
            Some(p) => state.editor.label_choice = Some(state.rows.gold[p].unwrap_or(0)),
            None => state.status = "no primary row to relabel: press Enter on a row first".into(),
        },
        Action::Left | Action::Up if classes > 0 => {
            if let Some(c) = state.editor.label_choice.as_mut() {
                *c = (*c + classes - 1) % classes;
            }
        }
        Action::Right | Action::Down if classes > 0 => {
            if let Some(c) = state.editor.label_choice.as_mut() {
                *c = (*c + 1) % classes;
            }
        }
        Action::Duplicate => match state.primary {
            Some(p) => {
                let (text, gold) = (state.rows.texts[p].clone(), state.rows.gold[p]);
                add_point(state, text, gold, Some(p), effects);
            }
            None => state.status = "no primary row to duplicate".into(),
        },
        Action::NewBlank => {
            state.editor.blank = true;
            open_editor(state, String::new(), effects);
        }
        _ => {}
    }
}

fn open_editor(state: &mut AppState, text: String, effects: &mut Vec<Effect>) {
    state.input = Some(Input {
        kind: InputKind::EditText,
        cursor: text.chars().count(),
        buffer: text.clone(),
    });
    draft_changed(state, text, effects);
}

/// The text being edited changed: predict it (only the newest answer counts).
pub fn draft_changed(state: &mut AppState, text: String, effects: &mut Vec<Effect>) {
    state.editor.draft_probs = None;
    // Older drafts are superseded: their answers no longer matter.
    state.pending.retain(|_, row| row.is_some());
    state.editor.draft_request = request(state, None, text, effects);
}

/// Enter in the text editor: the edit becomes a new datapoint.
pub fn commit_text(state: &mut AppState, text: String, effects: &mut Vec<Effect>) {
    let parent = if state.editor.blank {
        None
    } else {
        state.primary
    };
    let gold = parent.and_then(|p| state.rows.gold[p]);
    state.editor.blank = false;
    if parent.is_some_and(|p| state.rows.texts[p] == text) {
        state.status = "the text did not change; nothing added".into();
        return;
    }
    add_point(state, text, gold, parent, effects);
}

fn commit_label(state: &mut AppState, effects: &mut Vec<Effect>) {
    let Some(choice) = state.editor.label_choice.take() else {
        return;
    };
    let Some(p) = state.primary else { return };
    if state.rows.gold[p] == Some(choice) {
        state.status = "the label did not change; nothing added".into();
        return;
    }
    let text = state.rows.texts[p].clone();
    add_point(state, text, Some(choice), Some(p), effects);
}

/// Appends a datapoint, predicts it, makes it primary and saves.
fn add_point(
    state: &mut AppState,
    text: String,
    gold: Option<usize>,
    parent: Option<usize>,
    effects: &mut Vec<Effect>,
) {
    let parent_id = parent.map(|p| state.rows.ids[p]).unwrap_or_default();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(text.as_bytes());
    h.update(&parent_id.to_le_bytes());
    h.update(&gold.unwrap_or(usize::MAX).to_le_bytes());
    h.update(&(state.rows.len() as u64).to_le_bytes());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    h.update(&stamp.to_le_bytes());
    let row = state
        .rows
        .push_added(h.digest(), text.clone(), gold, parent);
    request(state, Some(row), text, effects);
    state.primary = Some(row);
    state.editor.draft_probs = None;
    state.refresh_view();
    if let Some(at) = state.table.view.iter().position(|&v| v == row) {
        state.table.cursor = at;
    }
    state.status = match parent {
        Some(p) => format!(
            "added a datapoint (child of {})",
            crate::data::row_id::format_id(state.rows.ids[p])
        ),
        None => "added a datapoint".into(),
    };
    effects.push(Effect::Save);
}
