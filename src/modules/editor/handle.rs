//! Datapoint Editor actions. An edit never changes a row: committing makes a
//! new datapoint whose parent is the original, as LIT does.

use super::{Editor, NAME};
use crate::app::action::Action;
use crate::app::effect::{Effect, Fx};
use crate::app::shared::{Input, Shared};

pub fn handle(e: &mut Editor, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
    let rows = &shared.rows;
    let classes = rows.classes();
    match action {
        Action::EditText if e.label_choice.is_some() => commit_label(e, shared, fx),
        Action::EditText => {
            let text = shared
                .primary
                .map(|p| rows.texts[p].to_string())
                .unwrap_or_default();
            e.blank = shared.primary.is_none();
            open_editor(e, text, fx);
        }
        Action::EditLabel => match shared.primary {
            Some(p) => e.label_choice = Some(rows.gold[p].unwrap_or(0)),
            None => fx.status("no primary row to relabel: press Enter on a row first"),
        },
        Action::Left | Action::Up if classes > 0 => {
            if let Some(c) = e.label_choice.as_mut() {
                *c = (*c + classes - 1) % classes;
            }
        }
        Action::Right | Action::Down if classes > 0 => {
            if let Some(c) = e.label_choice.as_mut() {
                *c = (*c + 1) % classes;
            }
        }
        Action::Duplicate => match shared.primary {
            Some(p) => fx.push(Effect::AddRow {
                text: rows.texts[p].to_string(),
                gold: rows.gold[p],
                parent: Some(p),
            }),
            None => fx.status("no primary row to duplicate"),
        },
        Action::NewBlank => {
            e.blank = true;
            open_editor(e, String::new(), fx);
        }
        _ => return false,
    }
    true
}

fn open_editor(e: &mut Editor, text: String, fx: &mut Fx) {
    fx.prompt(Input::new(NAME, 0, text.clone()).live());
    draft_changed(e, text, fx);
}

/// The text being edited changed: predict it (only the newest answer counts).
pub fn draft_changed(e: &mut Editor, text: String, fx: &mut Fx) {
    e.draft_probs = None;
    fx.push(Effect::PredictDraft { owner: NAME, text });
}

/// Enter in the text editor: the edit becomes a new datapoint.
pub fn commit_text(e: &mut Editor, text: String, shared: &Shared, fx: &mut Fx) {
    let parent = if e.blank { None } else { shared.primary };
    let gold = parent.and_then(|p| shared.rows.gold[p]);
    e.blank = false;
    if parent.is_some_and(|p| shared.rows.texts[p] == text) {
        fx.status("the text did not change; nothing added");
        return;
    }
    fx.push(Effect::AddRow { text, gold, parent });
}

fn commit_label(e: &mut Editor, shared: &Shared, fx: &mut Fx) {
    let Some(choice) = e.label_choice.take() else {
        return;
    };
    let Some(p) = shared.primary else { return };
    if shared.rows.gold[p] == Some(choice) {
        fx.status("the label did not change; nothing added");
        return;
    }
    fx.push(Effect::AddRow {
        text: shared.rows.texts[p].to_string(),
        gold: Some(choice),
        parent: Some(p),
    });
}
