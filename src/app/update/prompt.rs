//! Keys typed into a prompt (search, edit, rename, export path). The prompt
//! belongs to a module: it gets the text as it changes (live prompts) and
//! when Enter confirms it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::effect::Fx;
use super::super::shared::Shared;
use super::super::workspace::Workspace;

pub fn key(state: &mut Shared, ws: &mut Workspace, key: KeyEvent, fx: &mut Fx) {
    let Some(input) = state.input.as_mut() else {
        return;
    };
    let before = input.buffer.clone();
    match key.code {
        KeyCode::Esc => {
            // A search stays as typed; Esc again (Cancel) clears it.
            if let Some(done) = state.input.take()
                && let Some(m) = ws.get_mut(done.owner)
            {
                m.prompt_cancelled(done.tag);
            }
            return;
        }
        KeyCode::Enter => {
            if let Some(done) = state.input.take()
                && let Some(m) = ws.get_mut(done.owner)
            {
                m.prompt(done.tag, &done.buffer, true, state, fx);
            }
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
    if input.live && input.buffer != before {
        let (owner, tag, text) = (input.owner, input.tag, input.buffer.clone());
        if let Some(m) = ws.get_mut(owner) {
            m.prompt(tag, &text, false, state, fx);
        }
    }
}

fn byte_at(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}
