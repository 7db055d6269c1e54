//! New datapoints: one typed in the editor, or many from a generator.

use super::super::effect::{Effect, Fx, NewRow};
use super::super::module::Changed;
use super::super::shared::{Shared, Slice};

/// Appends one row with a fresh id and asks for its predictions; returns its index.
pub fn append(shared: &mut Shared, new: NewRow, fx: &mut Fx) -> usize {
    let rows = &mut shared.rows;
    let parent_id = new.parent.map(|p| rows.ids[p]).unwrap_or_default();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(new.text.as_bytes());
    h.update(&parent_id.to_le_bytes());
    h.update(&new.gold.unwrap_or(usize::MAX).to_le_bytes());
    h.update(&(rows.len() as u64).to_le_bytes());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    h.update(&stamp.to_le_bytes());
    let row = rows.push_added(h.digest(), new.text.clone(), new.gold, new.parent);
    if let Some(source) = new.source {
        rows.source.insert(row, source);
    }
    shared.pending_rows += 1;
    fx.push(Effect::PredictRow {
        row,
        text: new.text,
    });
    row
}

/// Appends `rows`, puts them in `slice`, and saves once.
pub fn add_rows(
    shared: &mut Shared,
    rows: Vec<NewRow>,
    slice: Option<String>,
    compare: bool,
    fx: &mut Fx,
) -> Changed {
    let mut changed = Changed {
        rows: true,
        slices: slice.is_some(),
        ..Default::default()
    };
    if rows.is_empty() {
        return Changed::default();
    }
    let n = rows.len();
    let first_parent = rows[0].parent;
    let added: Vec<usize> = rows.into_iter().map(|r| append(shared, r, fx)).collect();
    shared.history.record(super::super::history::Change::Rows {
        rows: added.clone(),
        added: true,
    });
    let ids: Vec<u64> = added.iter().map(|&r| shared.rows.ids[r]).collect();
    if let Some(name) = &slice {
        match shared.slices.iter_mut().find(|s| &s.name == name) {
            Some(s) => s.ids.extend(ids),
            None => shared.slices.push(Slice {
                name: name.clone(),
                ids,
            }),
        }
    }
    if compare {
        shared.primary = added.first().copied();
        shared.pinned = first_parent;
        changed.primary = true;
    }
    shared.status = match &slice {
        Some(name) if n == 1 => format!("added 1 datapoint to the slice {name}"),
        Some(name) => format!("added {n} datapoints to the slice {name}"),
        None => format!("added {n} datapoints"),
    };
    fx.push(Effect::Save);
    changed
}
