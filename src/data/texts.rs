//! Every row's text, held once. The data's rows read theirs from the data
//! file's text column, which shares its buffers with the DataFrame (polars
//! arrays are reference counted, so nothing is copied); the rows the user adds
//! keep theirs here. A million texts held as `String`s cost 40 bytes a row
//! beyond the text itself, and the app used to hold them twice more.

use std::ops::Index;

use anyhow::Result;
use polars::prelude::*;

#[derive(Clone, Default)]
pub struct Texts {
    /// The data's text column, with no nulls (missing text reads as empty).
    base: StringChunked,
    /// Where each of `base`'s chunks starts: rows are found without a rechunk.
    starts: Vec<usize>,
    added: Vec<String>,
}

impl Texts {
    /// The texts of a string column; a missing text reads as empty.
    pub fn from_column(column: &Column) -> Result<Self> {
        let mut base = column.str()?.clone();
        if base.null_count() > 0 {
            // Rare (a blank cell): only then is the column copied.
            base = base.iter().map(|t| t.unwrap_or("")).collect();
            base.rename(column.name().clone());
        }
        let mut starts = Vec::with_capacity(base.chunks().len());
        let mut at = 0;
        for chunk in base.chunks() {
            starts.push(at);
            at += chunk.len();
        }
        Ok(Self {
            base,
            starts,
            added: Vec::new(),
        })
    }

    pub fn len(&self) -> usize {
        self.base.len() + self.added.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, row: usize) -> Option<&str> {
        (row < self.len()).then(|| &self[row])
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.base
            .iter()
            .map(|t| t.unwrap_or(""))
            .chain(self.added.iter().map(String::as_str))
    }

    /// Appends a row's text (a row the user added).
    pub fn push(&mut self, text: String) {
        self.added.push(text);
    }
}

impl Index<usize> for Texts {
    type Output = str;

    fn index(&self, row: usize) -> &str {
        let n = self.base.len();
        if row >= n {
            return &self.added[row - n];
        }
        let chunk = self.starts.partition_point(|&s| s <= row) - 1;
        let array = self.base.downcast_get(chunk).expect("a chunk per start");
        array.value(row - self.starts[chunk])
    }
}

impl crate::analysis::cohort_features::RowTexts for Texts {
    fn row_count(&self) -> usize {
        self.len()
    }

    fn row_text(&self, row: usize) -> &str {
        &self[row]
    }
}

impl From<Vec<String>> for Texts {
    fn from(added: Vec<String>) -> Self {
        Self {
            added,
            ..Self::default()
        }
    }
}

impl FromIterator<String> for Texts {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        Self::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Texts({} rows, {} added)", self.len(), self.added.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_across_chunks_and_added_texts() {
        let mut column = Series::new("text".into(), &["a", "bb"]);
        column
            .append(&Series::new(
                "text".into(),
                &[Some("a longer text than twelve bytes"), None],
            ))
            .expect("column");
        assert_eq!(column.chunks().len(), 2);
        let mut texts = Texts::from_column(&column.into()).expect("column");
        texts.push("added".into());
        let all = ["a", "bb", "a longer text than twelve bytes", "", "added"];
        assert_eq!(texts.len(), 5);
        assert_eq!(texts.iter().collect::<Vec<_>>(), all);
        assert_eq!((0..5).map(|i| &texts[i]).collect::<Vec<_>>(), all);
        assert_eq!(texts.get(5), None);
    }

    #[test]
    fn the_column_is_shared_not_copied() {
        let long = "x".repeat(1000);
        let column: Column = Series::new("text".into(), vec![long.as_str(); 100]).into();
        let texts = Texts::from_column(&column).expect("column");
        let theirs = column
            .str()
            .expect("column")
            .downcast_get(0)
            .expect("column")
            .value(0)
            .as_ptr();
        assert_eq!(texts[0].as_ptr(), theirs);
    }
}
