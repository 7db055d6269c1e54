//! The sort picker: `o` opens a one-line menu of the table's columns in the
//! footer and one key picks the column, so any sort is two keys (`o c`:
//! most confident first). Each column starts in the direction a person
//! triaging wants first; `O` flips it.

use super::{NAME, SortKey, Table};
use crate::app::effect::{Effect, Fx};
use crate::app::shared::{Input, Shared};

/// The prompt tag of the picker (the search is 0).
pub const TAG: u8 = 1;

/// Fixed columns: key, column, and whether it starts descending.
const COLUMNS: &[(char, SortKey, bool, &str)] = &[
    ('i', SortKey::Id, false, "id"),
    ('t', SortKey::Text, false, "text"),
    ('l', SortKey::Label, false, "label"),
    ('p', SortKey::Prediction, false, "pred"),
    // Most confident first: the worst mistakes among mispredictions.
    ('c', SortKey::Confidence, true, "conf"),
    // Lowest label quality first: the likeliest label errors.
    ('q', SortKey::LabelQuality, false, "quality"),
    // Wrong rows (false) first.
    ('k', SortKey::Correct, false, "✓"),
    ('s', SortKey::Star, true, "★"),
];

/// Features reachable by a digit.
const MAX_FEATURE_KEYS: usize = 9;

/// Opens the picker in the footer.
pub fn open(shared: &Shared, fx: &mut Fx) {
    let mut menu: Vec<String> = COLUMNS
        .iter()
        .map(|(k, _, _, n)| format!("{k} {n}"))
        .collect();
    for (i, f) in shared
        .rows
        .features
        .iter()
        .take(MAX_FEATURE_KEYS)
        .enumerate()
    {
        menu.push(format!("{} {}", i + 1, f.name));
    }
    menu.push("0 none".into());
    let label = format!("sort: {} ", menu.join(" · "));
    fx.prompt(Input::new(NAME, TAG, String::new()).labelled(&label).live());
}

/// The column a key picks, with its first direction; `Ok(None)`: unsorted.
pub fn pick(key: char, features: usize) -> Result<Option<(SortKey, bool)>, String> {
    if key == '0' {
        return Ok(None);
    }
    if let Some((_, column, descending, _)) = COLUMNS.iter().find(|(k, ..)| *k == key) {
        return Ok(Some((column.clone(), *descending)));
    }
    match key.to_digit(10).map(|d| d as usize) {
        Some(d) if (1..=features.min(MAX_FEATURE_KEYS)).contains(&d) => {
            Ok(Some((SortKey::Feature(d - 1), false)))
        }
        _ => Err(format!("`{key}` is not a column to sort by")),
    }
}

/// A key typed into the picker: sorts, closes it, and puts the cursor on the first row.
pub fn typed(t: &mut Table, text: &str, shared: &Shared, fx: &mut Fx) {
    let Some(key) = text.chars().last() else {
        return;
    };
    fx.push(Effect::ClosePrompt);
    match pick(key, shared.rows.features.len()) {
        Ok(by) => {
            t.sort.by = by;
            fx.push(Effect::ClearError);
            t.refresh(shared, fx);
            // After refresh, which keeps the cursor's row: a new order starts at the top.
            t.cursor = 0;
        }
        Err(e) => fx.error(format!("{e}; the sort is unchanged (o opens the picker)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pick_columns_with_their_first_direction() {
        assert_eq!(pick('c', 0), Ok(Some((SortKey::Confidence, true))));
        assert_eq!(pick('q', 0), Ok(Some((SortKey::LabelQuality, false))));
        assert_eq!(pick('0', 0), Ok(None));
        assert_eq!(pick('2', 3), Ok(Some((SortKey::Feature(1), false))));
        assert!(pick('4', 3).is_err());
        assert!(pick('z', 3).is_err());
    }
}
