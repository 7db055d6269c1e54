//! Three-way merge of saved sessions, so two instances on the same data never
//! clobber each other. `base` is what this instance last wrote (or restored),
//! `mine` is what it holds now, `theirs` is the file as it is on disk now.
//! Only the changes from `base` to `mine` are applied to `theirs`.

use std::collections::HashSet;

use super::store::{SavedRow, SavedSession, SavedSlice};

/// The session to write, and the slices of `mine` that had to take another
/// name because another instance made a different slice with the same name.
#[derive(Debug, Default, PartialEq)]
pub struct Merged {
    pub session: SavedSession,
    /// `(name in this instance, name written)`.
    pub renamed: Vec<(String, String)>,
}

pub fn merge(base: &SavedSession, mine: &SavedSession, theirs: &SavedSession) -> Merged {
    let (slices, renamed) = merge_slices(&base.slices, &mine.slices, &theirs.slices);
    Merged {
        session: SavedSession {
            data: mine.data.clone(),
            starred: merge_stars(&base.starred, &mine.starred, &theirs.starred),
            slices,
            added: merge_rows(&base.added, &mine.added, &theirs.added),
            // A view is this window's, not data: the last one saved is kept.
            view: mine.view.clone().or_else(|| theirs.view.clone()),
        },
        renamed,
    }
}

/// Theirs, without what I unstarred, with what I starred.
fn merge_stars(base: &[String], mine: &[String], theirs: &[String]) -> Vec<String> {
    let (base_set, mine_set): (HashSet<&String>, HashSet<&String>) =
        (base.iter().collect(), mine.iter().collect());
    let mut out: Vec<String> = theirs
        .iter()
        .filter(|id| !base_set.contains(id) || mine_set.contains(id))
        .cloned()
        .collect();
    for id in mine {
        if !base_set.contains(id) && !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// Added rows by id: mine that are new or changed since `base` are written;
/// those I removed go; everything else stays as theirs.
fn merge_rows(base: &[SavedRow], mine: &[SavedRow], theirs: &[SavedRow]) -> Vec<SavedRow> {
    let in_base = |id: &str| base.iter().find(|r| r.id == id);
    let mine_ids: HashSet<&str> = mine.iter().map(|r| r.id.as_str()).collect();
    let mut out: Vec<SavedRow> = theirs
        .iter()
        .filter(|r| in_base(&r.id).is_none() || mine_ids.contains(r.id.as_str()))
        .cloned()
        .collect();
    for row in mine {
        if in_base(&row.id) == Some(row) {
            continue;
        }
        match out.iter_mut().find(|r| r.id == row.id) {
            Some(existing) => *existing = row.clone(),
            None => out.push(row.clone()),
        }
    }
    out
}

/// Slices by name. A slice I deleted goes only if nobody changed it since;
/// a slice I made or changed replaces theirs only if theirs is the one I
/// knew, else it is kept beside it under a fresh name.
fn merge_slices(
    base: &[SavedSlice],
    mine: &[SavedSlice],
    theirs: &[SavedSlice],
) -> (Vec<SavedSlice>, Vec<(String, String)>) {
    let find = |list: &[SavedSlice], name: &str| list.iter().position(|s| s.name == name);
    let mut out: Vec<SavedSlice> = theirs.to_vec();
    for gone in base.iter().filter(|b| find(mine, &b.name).is_none()) {
        if let Some(i) = find(&out, &gone.name)
            && out[i].ids == gone.ids
        {
            out.remove(i);
        }
    }
    let mut renamed = Vec::new();
    for slice in mine {
        let known = find(base, &slice.name).map(|i| &base[i]);
        if known == Some(slice) {
            continue;
        }
        match find(&out, &slice.name) {
            None => out.push(slice.clone()),
            Some(i) if out[i].ids == slice.ids => {}
            Some(i) if known.is_some_and(|k| k.ids == out[i].ids) => out[i] = slice.clone(),
            Some(_) => {
                let name = fresh_name(&slice.name, &out, mine);
                renamed.push((slice.name.clone(), name.clone()));
                out.push(SavedSlice {
                    name,
                    ids: slice.ids.clone(),
                });
            }
        }
    }
    (out, renamed)
}

/// `name 2`, `name 3`, ...: the first taken by neither side.
fn fresh_name(name: &str, a: &[SavedSlice], b: &[SavedSlice]) -> String {
    let taken = |n: &str| n == "Starred" || a.iter().chain(b).any(|s| s.name == n);
    (2..)
        .map(|i| format!("{name} {i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| format!("{name} (2)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(name: &str, ids: &[&str]) -> SavedSlice {
        SavedSlice {
            name: name.into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn session(starred: &[&str], slices: Vec<SavedSlice>) -> SavedSession {
        SavedSession {
            data: "d".into(),
            starred: starred.iter().map(|s| s.to_string()).collect(),
            slices,
            added: Vec::new(),
            view: None,
        }
    }

    #[test]
    fn each_side_keeps_its_own_changes() {
        let base = session(&["a", "b"], vec![slice("s", &["1"])]);
        let mine = session(&["a", "c"], vec![slice("s", &["1"]), slice("m", &["2"])]);
        let theirs = session(
            &["a", "b", "d"],
            vec![slice("s", &["1"]), slice("t", &["3"])],
        );
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.session.starred, vec!["a", "d", "c"]);
        let names: Vec<&str> = merged
            .session
            .slices
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, vec!["s", "t", "m"]);
        assert!(merged.renamed.is_empty());
    }

    #[test]
    fn a_name_clash_keeps_both_and_a_delete_spares_a_changed_slice() {
        let base = session(&[], vec![slice("gone", &["1"]), slice("kept", &["2"])]);
        let mine = session(&[], vec![slice("new", &["5"])]);
        let theirs = session(
            &[],
            vec![
                slice("gone", &["1"]),
                slice("kept", &["2", "9"]),
                slice("new", &["6"]),
            ],
        );
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(
            merged.session.slices,
            vec![
                slice("kept", &["2", "9"]),
                slice("new", &["6"]),
                slice("new 2", &["5"])
            ]
        );
        assert_eq!(
            merged.renamed,
            vec![("new".to_string(), "new 2".to_string())]
        );
    }

    #[test]
    fn added_rows_from_both_sides_are_kept() {
        let row = |id: &str, label: &str| SavedRow {
            id: id.into(),
            text: "t".into(),
            label: Some(label.into()),
            parent: None,
            source: None,
        };
        let base = SavedSession {
            added: vec![row("1", "x")],
            ..Default::default()
        };
        let mine = SavedSession {
            added: vec![row("1", "x"), row("2", "y")],
            ..Default::default()
        };
        let theirs = SavedSession {
            added: vec![row("1", "x"), row("3", "z")],
            ..Default::default()
        };
        let ids: Vec<String> = merge(&base, &mine, &theirs)
            .session
            .added
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, vec!["1", "3", "2"]);
    }
}
