//! What the user made — slices, stars, added datapoints — as saved in the
//! user's data dir, one file per data file (`session_file` reads and writes it).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::rows::KeptAsSaved;
use super::shared::{Shared, Slice};
use crate::data::row_id::format_id;

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct SavedSession {
    /// The data file this session belongs to, for people reading the file.
    pub data: String,
    #[serde(default)]
    pub starred: Vec<String>,
    #[serde(default)]
    pub slices: Vec<SavedSlice>,
    #[serde(default)]
    pub added: Vec<SavedRow>,
    /// What a restart keeps of the view: pin, colour, threshold, projection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<super::view::ViewState>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SavedSlice {
    pub name: String,
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SavedRow {
    pub id: String,
    pub text: String,
    pub label: Option<String>,
    pub parent: Option<String>,
    /// What made the row (a generator and its settings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The session file of a data file: keyed by its absolute path.
pub fn session_path(root: &Path, data: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(data).unwrap_or_else(|_| data.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(abs.to_string_lossy().as_bytes());
    let stem = data
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    root.join("sessions")
        .join(format!("{stem}-{key:016x}.json"))
}

/// What to save of the state.
pub fn snapshot(state: &Shared, data: &Path) -> SavedSession {
    let rows = &state.rows;
    SavedSession {
        data: data.display().to_string(),
        starred: state.starred.iter().map(|&id| format_id(id)).collect(),
        slices: state
            .slices
            .iter()
            .map(|s| SavedSlice {
                name: s.name.clone(),
                ids: s.ids.iter().map(|&id| format_id(id)).collect(),
            })
            .collect(),
        // A deleted row is not saved: a restart shows what the screen showed.
        added: (0..rows.len())
            .filter(|&i| rows.added[i] && rows.live(i))
            .map(|i| SavedRow {
                id: format_id(rows.ids[i]),
                text: rows.texts[i].to_string(),
                label: rows.gold_name(i).map(str::to_string),
                parent: rows.parent_id(i).map(format_id),
                source: rows.source.get(&i).cloned(),
            })
            .collect(),
        view: None,
    }
}

/// Puts a saved session back: stars and slices by id, added rows appended.
/// Returns the indices of the added rows (they need predictions).
pub fn restore(state: &mut Shared, saved: &SavedSession) -> Vec<usize> {
    let parse = |s: &str| u64::from_str_radix(s, 16).ok();
    state.starred = saved.starred.iter().filter_map(|s| parse(s)).collect();
    state.slices = saved
        .slices
        .iter()
        .map(|s| Slice {
            name: s.name.clone(),
            ids: s.ids.iter().filter_map(|i| parse(i)).collect(),
        })
        .collect();
    let mut added = Vec::new();
    let (mut unknown_labels, mut missing_parents) = (0, 0);
    for row in &saved.added {
        let Some(id) = parse(&row.id) else { continue };
        if state.rows.index_of(id).is_some() {
            continue;
        }
        let parent_id = row.parent.as_deref().and_then(parse);
        let parent = parent_id.and_then(|p| state.rows.index_of(p));
        let gold = row
            .label
            .as_ref()
            .and_then(|l| state.rows.labels.iter().position(|c| c == l));
        let i = state.rows.push_added(id, row.text.clone(), gold, parent);
        if let Some(source) = &row.source {
            state.rows.source.insert(i, source.clone());
        }
        // What cannot be resolved now is kept as saved, never rewritten.
        let kept = KeptAsSaved {
            label: row.label.clone().filter(|_| gold.is_none()),
            parent: parent_id.filter(|_| parent.is_none()),
        };
        if kept != KeptAsSaved::default() {
            unknown_labels += usize::from(kept.label.is_some());
            missing_parents += usize::from(kept.parent.is_some());
            state.rows.kept.insert(i, kept);
        }
        added.push(i);
    }
    if unknown_labels + missing_parents > 0 {
        state.status = kept_note(unknown_labels, missing_parents);
    }
    added
}

fn kept_note(unknown_labels: usize, missing_parents: usize) -> String {
    let mut parts = Vec::new();
    if unknown_labels > 0 {
        parts.push(format!(
            "{unknown_labels} added rows have a label this model does not know"
        ));
    }
    if missing_parents > 0 {
        parts.push(format!(
            "{missing_parents} added rows have a parent that is not in the data now"
        ));
    }
    format!("{}: they are kept as saved", parts.join("; "))
}
