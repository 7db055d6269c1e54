//! Each slice's rows, kept between calls. A slice holds ids; turning 250,000
//! of them into sorted row indices took tens of milliseconds, and the report,
//! the Slice Editor and Error Cohorts asked for them on every change. An entry
//! is reused while the slice's ids and the row count are the same (checked by
//! a hash of the ids: a fraction of a millisecond for 250,000).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::rows::Rows;

/// A slice's rows, with the key they were computed for.
type Entry = (u64, Arc<[usize]>);

/// Entries by the slice's position in the list.
#[derive(Debug, Default)]
pub struct SliceMembers(Mutex<HashMap<usize, Entry>>);

impl SliceMembers {
    /// The rows of the ids (sorted, each once; unknown ids left out), for the
    /// slice in list position `slot`.
    pub fn rows(&self, slot: usize, ids: &[u64], rows: &Rows) -> Arc<[usize]> {
        let key = xxhash_rust::xxh3::xxh3_64(bytemuck::cast_slice(ids)) ^ rows.len() as u64;
        if let Ok(memo) = self.0.lock()
            && let Some((k, members)) = memo.get(&slot)
            && *k == key
        {
            return members.clone();
        }
        let mut members: Vec<usize> = ids.iter().filter_map(|&id| rows.index_of(id)).collect();
        members.sort_unstable();
        members.dedup();
        let members: Arc<[usize]> = members.into();
        if let Ok(mut memo) = self.0.lock() {
            memo.insert(slot, (key, members.clone()));
        }
        members
    }
}
