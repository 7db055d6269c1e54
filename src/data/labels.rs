//! Gold labels mapped onto the model's classes.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use crate::error::list_some;
use crate::user_error;

/// The gold class of each row, as an index into the model's classes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldLabels {
    /// `None` where the row has no label.
    pub index: Vec<Option<usize>>,
}

/// Integer labels index the classes; text labels name them (or are integers written as text).
pub fn map_gold(
    column: &Column,
    classes: &[String],
    name: &str,
    path: &Path,
) -> Result<GoldLabels> {
    let by_name: HashMap<&str, usize> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    // Integers index the classes; `1.0` too (one missing value in a numeric
    // column makes polars read it as floats).
    let lookup = |raw: &str| {
        by_name.get(raw).copied().or_else(|| {
            let raw = raw.trim();
            raw.parse::<usize>()
                .ok()
                .or_else(|| {
                    raw.parse::<f64>()
                        .ok()
                        .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                        .map(|f| f as usize)
                })
                .filter(|&i| i < classes.len())
        })
    };
    // A label that is not a number at all (NaN, empty) is a missing label.
    let missing = |raw: &str| {
        let raw = raw.trim();
        raw.is_empty() || raw.eq_ignore_ascii_case("nan") || raw.eq_ignore_ascii_case("null")
    };
    let mut unknown: Vec<String> = Vec::new();
    let mut unknown_rows = 0usize;
    let mut note_unknown = |raw: String| {
        unknown_rows += 1;
        if !unknown.contains(&raw) {
            unknown.push(raw);
        }
    };
    let index: Vec<Option<usize>> = if column.dtype().is_integer() {
        let ints = column.cast(&DataType::Int64)?;
        ints.i64()?
            .iter()
            .map(|v| match v {
                None => None,
                Some(i) if i >= 0 && (i as usize) < classes.len() => Some(i as usize),
                Some(i) => {
                    note_unknown(i.to_string());
                    None
                }
            })
            .collect()
    } else {
        let text = column.cast(&DataType::String)?;
        text.str()?
            .iter()
            .map(|v| match v {
                None => None,
                Some(raw) if missing(raw) && !by_name.contains_key(raw) => None,
                Some(raw) => {
                    let found = lookup(raw);
                    if found.is_none() {
                        note_unknown(raw.to_string());
                    }
                    found
                }
            })
            .collect()
    };
    if unknown_rows > 0 {
        return Err(user_error!(
            "{unknown_rows} rows of {} have labels in column `{name}` that the model does not know ({} distinct: {}). The model's classes are {}. Use a model trained on these labels, or pick another column with --label-field",
            path.display(),
            unknown.len(),
            list_some(&unknown, 5),
            list_some(classes, 8)
        ));
    }
    Ok(GoldLabels { index })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes() -> Vec<String> {
        vec!["negative".into(), "positive".into()]
    }

    #[test]
    fn integers_index_classes() {
        let col = Column::new("label".into(), [Some(1i64), None, Some(0)]);
        let gold = map_gold(&col, &classes(), "label", Path::new("d.tsv")).expect("maps");
        assert_eq!(gold.index, vec![Some(1), None, Some(0)]);
    }

    #[test]
    fn names_and_numeric_text_both_map() {
        let col = Column::new("label".into(), ["positive", "0"]);
        let gold = map_gold(&col, &classes(), "label", Path::new("d.tsv")).expect("maps");
        assert_eq!(gold.index, vec![Some(1), Some(0)]);
    }

    /// Issue 14, item 25: one NaN label made every row's label unknown
    /// (the column became floats: `1.0`). Now it is one missing label.
    #[test]
    fn a_nan_label_is_missing_and_float_integers_index() {
        let col = Column::new("label".into(), [Some(1.0f64), Some(f64::NAN), Some(0.0)]);
        let gold = map_gold(&col, &classes(), "label", Path::new("d.tsv")).expect("maps");
        assert_eq!(gold.index, vec![Some(1), None, Some(0)]);
    }

    #[test]
    fn unknown_labels_are_counted_and_named() {
        let col = Column::new("label".into(), ["meh", "meh", "great", "positive"]);
        let err = map_gold(&col, &classes(), "label", Path::new("d.tsv")).expect_err("fails");
        let msg = err.to_string();
        assert!(msg.starts_with("3 rows of d.tsv"), "{msg}");
        assert!(msg.contains("2 distinct: `meh`, `great`"), "{msg}");
    }
}
