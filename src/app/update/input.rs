//! Keys typed into a prompt (search, edit, rename, export path), and keys
//! while the help overlay is open.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Effect, editor, slices};
use crate::app::query::Query;
use crate::app::state::{AppState, InputKind};

pub fn key(state: &mut AppState, key: KeyEvent, effects: &mut Vec<Effect>) {
    if state.help {
        if matches!(
            key.code,
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::F(1)
        ) {
            state.help = false;
        }
        return;
    }
    let Some(input) = state.input.as_mut() else {
        return;
    };
    let before = input.buffer.clone();
    match key.code {
        KeyCode::Esc => {
            // A search stays as typed; Esc again (Cancel) clears it.
            state.input = None;
            state.editor.blank = false;
            return;
        }
        KeyCode::Enter => {
            let Some(done) = state.input.take() else {
                return;
            };
            submit(state, done.kind, done.buffer, effects);
            return;
        }
        KeyCode::Backspace if input.cursor > 0 => {
            let at = byte_at(&input.buffer, input.cursor - 1);
            input.buffer.remove(at);
            input.cursor -= 1;
        }
        KeyCode::Delete if input.cursor < input.buffer.chars().count() => {
            let at = byte_at(&input.buffer, input.cursor);
            input.buffer.remove(at);
        }
        KeyCode::Left => input.cursor = input.cursor.saturating_sub(1),
        KeyCode::Right => input.cursor = (input.cursor + 1).min(input.buffer.chars().count()),
        KeyCode::Home => input.cursor = 0,
        KeyCode::End => input.cursor = input.buffer.chars().count(),
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            input.buffer.clear();
            input.cursor = 0;
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            let at = byte_at(&input.buffer, input.cursor);
            input.buffer.insert(at, c);
            input.cursor += 1;
        }
        _ => {}
    }
    if input.buffer != before {
        let (kind, text) = (input.kind.clone(), input.buffer.clone());
        match kind {
            InputKind::Search => apply_search(state, &text),
            InputKind::EditText => editor::draft_changed(state, text, effects),
            _ => {}
        }
    }
}

fn submit(state: &mut AppState, kind: InputKind, text: String, effects: &mut Vec<Effect>) {
    match kind {
        InputKind::Search => apply_search(state, &text),
        InputKind::ProjectionParams => super::embeddings::set_params(state, &text),
        InputKind::EditText => editor::commit_text(state, text, effects),
        InputKind::RenameSlice(i) => {
            let name = text.trim().to_string();
            if name.is_empty()
                || name == "Starred"
                || state
                    .slices
                    .iter()
                    .enumerate()
                    .any(|(j, s)| j != i && s.name == name)
            {
                state.set_error(format!(
                    "cannot rename the slice to `{name}`: the name is empty or taken"
                ));
            } else if let Some(s) = state.slices.get_mut(i) {
                s.name = name;
                effects.push(Effect::Save);
            }
        }
        InputKind::ExportPath(target) => {
            slices::export(state, target, text.trim().to_string(), effects)
        }
    }
}

/// Live search: a valid query applies at once; an invalid one says why.
fn apply_search(state: &mut AppState, text: &str) {
    state.table.query_text = text.to_string();
    match Query::parse(text, &state.rows) {
        Ok(q) => {
            state.table.query = q;
            state.error = None;
            state.refresh_view();
        }
        Err(e) => state.set_error(e),
    }
}

fn byte_at(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}
