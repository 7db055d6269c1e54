//! What a data file holds that would otherwise pass unsaid (issue 14, item
//! 21): a header naming a column twice, a JSON line giving a key twice, JSON
//! objects where text should be, and rows that repeat an earlier row.

use std::collections::{HashMap, HashSet};

use polars::prelude::*;
use serde::de::{Deserializer, MapAccess, Visitor};

/// Columns polars renamed because the header gave their name twice.
pub fn duplicate_columns(df: &DataFrame) -> Option<String> {
    let renamed: Vec<String> = df
        .get_column_names()
        .iter()
        .filter_map(|n| {
            let (base, _) = n.as_str().split_once("_duplicated_")?;
            Some(format!("`{base}` (again as `{n}`)"))
        })
        .collect();
    (!renamed.is_empty()).then(|| {
        format!(
            "the header names a column twice: {}; the first is used unless you choose another with --text-field or --label-field",
            renamed.join(", ")
        )
    })
}

/// The first key a JSON object line gives twice, if any.
pub fn repeated_key(line: &str) -> Option<String> {
    struct Keys(Option<String>);
    impl<'de> Visitor<'de> for &mut Keys {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                if !seen.insert(key.clone()) && self.0.is_none() {
                    self.0 = Some(key);
                }
            }
            Ok(())
        }
    }
    let mut keys = Keys(None);
    let mut de = serde_json::Deserializer::from_str(line);
    de.deserialize_map(&mut keys).ok()?;
    keys.0
}

/// Ids made unique: a row that repeats an earlier row exactly gets its
/// repeat number mixed into its id, so each row stays addressable. Returns
/// how many rows repeated one before them.
pub fn unique_ids(ids: &mut [u64]) -> usize {
    let mut repeats = RepeatedIds::default();
    repeats.make_unique(ids);
    repeats.repeats
}

/// `unique_ids` over a file read in chunks: remembers every id seen so far.
#[derive(Default)]
pub struct RepeatedIds {
    /// Ids seen once; most rows repeat nothing, so this is a set, not a map.
    seen: HashSet<u64>,
    /// How often each repeated id has been seen.
    counts: HashMap<u64, u64>,
    /// Rows that repeated an earlier row.
    pub repeats: usize,
}

impl RepeatedIds {
    pub fn make_unique(&mut self, ids: &mut [u64]) {
        self.seen.reserve(ids.len());
        for id in ids.iter_mut() {
            if self.seen.insert(*id) {
                continue;
            }
            self.repeats += 1;
            let n = self.counts.entry(*id).or_insert(1);
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(&id.to_le_bytes());
            h.update(&n.to_le_bytes());
            *n += 1;
            *id = h.digest();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_is_found() {
        assert_eq!(
            repeated_key(r#"{"text": "a", "text": "b"}"#),
            Some("text".into())
        );
        assert_eq!(repeated_key(r#"{"text": "a", "label": 1}"#), None);
    }

    #[test]
    fn repeated_rows_get_ids_of_their_own() {
        let mut ids = vec![7, 8, 7, 7];
        assert_eq!(unique_ids(&mut ids), 2);
        assert_eq!(ids[0], 7);
        assert_eq!(ids[1], 8);
        let distinct: std::collections::HashSet<u64> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), 4);
    }
}
