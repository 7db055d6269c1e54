//! Applies what modules asked of `Shared`, then tells every module what
//! changed (which may ask for more, applied in the next round).

use super::super::effect::{Effect, Fx, NewRow};
use super::super::history::{self, Change};
use super::super::module::Changed;
use super::super::shared::{Shared, Slice};
use super::super::workspace::Workspace;

/// Rounds of "apply, then notify" before giving up on a module that keeps
/// asking (none does; this only bounds a mistake).
const ROUNDS: usize = 8;

/// Applies `fx`'s shared effects and returns the rest, for the runtime.
pub fn settle(shared: &mut Shared, ws: &mut Workspace, mut fx: Fx) -> Vec<Effect> {
    let mut out = Vec::new();
    for _ in 0..ROUNDS {
        let effects = fx.take();
        if effects.is_empty() {
            break;
        }
        let mut changed = Changed::default();
        for e in effects {
            if e.is_shared() {
                changed.merge(apply(shared, e, &mut fx));
            } else {
                out.push(e);
            }
        }
        notify(shared, ws, changed, &mut fx);
    }
    out
}

/// Tells every module what changed.
pub fn notify(shared: &Shared, ws: &mut Workspace, changed: Changed, fx: &mut Fx) {
    if changed.any() {
        for m in ws.modules.iter_mut() {
            m.changed(changed, shared, fx);
        }
    }
}

fn apply(shared: &mut Shared, effect: Effect, fx: &mut Fx) -> Changed {
    let mut changed = Changed::default();
    match effect {
        Effect::Select(_)
        | Effect::SelectMore(_)
        | Effect::Deselect(_)
        | Effect::ToggleSelected(_)
        | Effect::Primary(_)
        | Effect::Pin(_) => return selection(shared, effect),
        Effect::CreateSlice { .. }
        | Effect::RenameSlice(..)
        | Effect::DeleteSlice(_)
        | Effect::ToggleStar(_) => return slices(shared, effect, fx),
        Effect::ColorBy(c) => shared.color_by = c,
        Effect::Status(s) => shared.status = s,
        Effect::Error(e) => {
            shared.error = Some(e);
            shared.error_seq += 1;
        }
        Effect::ClearError => {
            shared.error = None;
            shared.error_sticky = false;
        }
        Effect::Threshold(t) => {
            shared.rows.threshold = t;
            shared.rows.version += 1;
            changed.predictions = true;
        }
        Effect::AddRow { text, gold, parent } => {
            add_row(shared, text, gold, parent, fx);
            changed.rows = true;
            changed.primary = true;
        }
        Effect::AddRows {
            rows,
            slice,
            compare,
        } => return super::add::add_rows(shared, rows, slice, compare, fx),
        Effect::DeleteRows(rows) => {
            let rows: Vec<usize> = rows
                .into_iter()
                .filter(|&r| shared.rows.added.get(r) == Some(&true) && shared.rows.live(r))
                .collect();
            if !rows.is_empty() {
                history::set_deleted(shared, &rows, true);
                shared.status = format!(
                    "deleted {} (u brings it back)",
                    crate::plural::count(rows.len(), "added row", "added rows")
                );
                shared.history.record(Change::Rows { rows, added: false });
                fx.push(Effect::Save);
            }
            return user_data_changed();
        }
        Effect::Undo | Effect::Redo => {
            let said = if matches!(effect, Effect::Undo) {
                history::undo(shared)
            } else {
                history::redo(shared)
            };
            shared.status = said.unwrap_or_else(|| "nothing to undo or redo".into());
            fx.push(Effect::Save);
            return user_data_changed();
        }
        Effect::OpenPrompt(input) => shared.input = Some(input),
        Effect::ClosePrompt => shared.input = None,
        // Runtime effects never reach here.
        Effect::PredictDraft { .. }
        | Effect::PredictRow { .. }
        | Effect::Run(_)
        | Effect::Save
        | Effect::Export { .. }
        | Effect::ShareView => {}
    }
    changed
}

/// The selection, the primary row and the pinned one.
/// What an undo, a redo or a delete may have changed.
fn user_data_changed() -> Changed {
    Changed {
        rows: true,
        slices: true,
        selection: true,
        primary: true,
        predictions: true,
        ..Default::default()
    }
}

fn selection(shared: &mut Shared, effect: Effect) -> Changed {
    let mut changed = Changed {
        selection: true,
        ..Default::default()
    };
    match effect {
        Effect::Select(rows) => {
            shared.selection = rows.iter().copied().collect();
            if shared
                .primary
                .is_none_or(|p| !shared.selection.contains(&p))
            {
                shared.primary = rows.first().copied();
                changed.primary = true;
            }
        }
        Effect::SelectMore(rows) => shared.selection.extend(rows),
        Effect::Deselect(rows) => {
            for r in rows {
                shared.selection.remove(&r);
            }
        }
        Effect::ToggleSelected(row) if !shared.selection.remove(&row) => {
            shared.selection.insert(row);
        }
        Effect::Primary(row) => {
            changed = Changed {
                primary: shared.primary != row,
                ..Default::default()
            };
            shared.primary = row;
        }
        Effect::Pin(row) => {
            changed = Changed {
                primary: true,
                ..Default::default()
            };
            shared.pinned = row;
        }
        _ => {}
    }
    changed
}

/// Slices and stars (both saved).
fn slices(shared: &mut Shared, effect: Effect, fx: &mut Fx) -> Changed {
    match effect {
        Effect::CreateSlice { name, rows } => {
            let ids = rows.iter().map(|&r| shared.rows.ids[r]).collect();
            let slice = Slice { name, ids };
            shared.history.record(Change::SliceCreated(slice.clone()));
            shared.slices.push(slice);
        }
        Effect::RenameSlice(i, name) => {
            if let Some(s) = shared.slices.get_mut(i) {
                let from = std::mem::replace(&mut s.name, name.clone());
                shared
                    .history
                    .record(Change::SliceRenamed { from, to: name });
            }
        }
        Effect::DeleteSlice(i) if i < shared.slices.len() => {
            let slice = shared.slices.remove(i);
            shared.status = format!("deleted the slice {} (u brings it back)", slice.name);
            shared.history.record(Change::SliceDeleted(i, slice));
        }
        Effect::ToggleStar(row) => {
            let id = shared.rows.ids[row];
            if !shared.starred.remove(&id) {
                shared.starred.insert(id);
            }
            shared.history.record(Change::Star(id));
            shared.status = format!("{} starred", shared.starred.len());
            fx.push(Effect::Save);
        }
        _ => {}
    }
    Changed {
        slices: true,
        ..Default::default()
    }
}

/// Appends a datapoint, asks for its predictions, makes it primary and saves.
fn add_row(
    shared: &mut Shared,
    text: String,
    gold: Option<usize>,
    parent: Option<usize>,
    fx: &mut Fx,
) {
    let row = super::add::append(
        shared,
        NewRow {
            text,
            gold,
            parent,
            source: None,
        },
        fx,
    );
    shared.primary = Some(row);
    shared.history.record(Change::Rows {
        rows: vec![row],
        added: true,
    });
    shared.status = match parent {
        Some(p) => format!(
            "added a datapoint (child of {})",
            crate::data::row_id::format_id(shared.rows.ids[p])
        ),
        None => "added a datapoint".into(),
    };
    fx.push(Effect::Save);
}
