//! Undo and redo of what the user made: added and deleted rows, stars and
//! slices. Each change is recorded as it is applied; `u` applies the
//! opposite of the newest, `Ctrl-r` applies it again. Deleted rows stay in
//! `Rows` (hidden), so bringing them back keeps every index valid.

use super::shared::{Shared, Slice};

/// One change to the user's data, as it was made.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Rows added (`true`) or deleted (`false`).
    Rows {
        rows: Vec<usize>,
        added: bool,
    },
    Star(u64),
    SliceCreated(Slice),
    /// The slice and where it was in the list.
    SliceDeleted(usize, Slice),
    SliceRenamed {
        from: String,
        to: String,
    },
}

#[derive(Debug, Default, Clone)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// A new change: what was undone can no longer be redone.
    pub fn record(&mut self, change: Change) {
        self.undo.push(change);
        self.redo.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
}

/// Undoes the newest change; returns what was undone, for the footer.
pub fn undo(shared: &mut Shared) -> Option<String> {
    let change = shared.history.undo.pop()?;
    let said = apply(shared, &change, true);
    shared.history.redo.push(change);
    Some(format!("undid: {said} (Ctrl-r redoes)"))
}

/// Applies the newest undone change again.
pub fn redo(shared: &mut Shared) -> Option<String> {
    let change = shared.history.redo.pop()?;
    let said = apply(shared, &change, false);
    shared.history.undo.push(change);
    Some(format!("redid: {said}"))
}

/// Hides added rows (deleting them) or shows them again; the selection and
/// the primary row let go of hidden rows.
pub fn set_deleted(shared: &mut Shared, rows: &[usize], deleted: bool) {
    for &r in rows {
        if deleted {
            shared.rows.deleted.insert(r);
            shared.selection.remove(&r);
        } else {
            shared.rows.deleted.remove(&r);
        }
    }
    if shared.primary.is_some_and(|p| !shared.rows.live(p)) {
        shared.primary = None;
    }
    if shared.pinned.is_some_and(|p| !shared.rows.live(p)) {
        shared.pinned = None;
    }
    shared.rows.version += 1;
}

/// `change` undone (`backwards`) or made again; returns it in words.
fn apply(shared: &mut Shared, change: &Change, backwards: bool) -> String {
    match change {
        Change::Rows { rows, added } => {
            // Undoing an add deletes; undoing a delete brings back.
            let delete = *added == backwards;
            set_deleted(shared, rows, delete);
            let what = crate::plural::count(rows.len(), "added row", "added rows");
            match (added, backwards) {
                (true, true) | (false, false) => format!("deleted {what}"),
                _ => format!("brought back {what}"),
            }
        }
        Change::Star(id) => {
            if !shared.starred.remove(id) {
                shared.starred.insert(*id);
            }
            "a star".into()
        }
        Change::SliceCreated(slice) => {
            if backwards {
                shared.slices.retain(|s| s.name != slice.name);
            } else {
                shared.slices.push(slice.clone());
            }
            format!("the slice {}", slice.name)
        }
        Change::SliceDeleted(at, slice) => {
            if backwards {
                let at = (*at).min(shared.slices.len());
                shared.slices.insert(at, slice.clone());
            } else {
                shared.slices.retain(|s| s.name != slice.name);
            }
            format!("deleting the slice {}", slice.name)
        }
        Change::SliceRenamed { from, to } => {
            let (old, new) = if backwards { (to, from) } else { (from, to) };
            if let Some(s) = shared.slices.iter_mut().find(|s| &s.name == old) {
                s.name = new.clone();
            }
            format!("renaming {from} to {to}")
        }
    }
}
