//! A feature column, kept as a dictionary: each distinct value once, and each
//! row's code into it. Coloring by the feature reads the codes, and a row's
//! display text is its value; no string is kept per row.

use std::collections::HashMap;

use anyhow::Result;
use polars::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

#[derive(Debug, Clone)]
pub struct Feature {
    pub name: String,
    pub numbers: Option<Vec<f64>>,
    /// Each row's value as a code into `values` (first-appearance order).
    pub codes: Vec<u32>,
    pub values: Vec<String>,
    /// Codes by a hash of their value (the value is not copied again).
    index: HashMap<u64, u32>,
}

impl Feature {
    /// A data column: its values as text (numbers also as numbers).
    pub fn from_column(column: &Column) -> Result<Self> {
        let numbers = column.dtype().is_primitive_numeric().then(|| {
            column.cast(&DataType::Float64).ok().and_then(|c| {
                c.f64()
                    .ok()
                    .map(|f| f.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
            })
        });
        let mut f = Self::empty(column.name().to_string(), numbers.flatten());
        let text = column.cast(&DataType::String)?;
        f.codes.reserve(text.len());
        for t in text.str()?.iter() {
            f.push_text(t.unwrap_or(""));
        }
        Ok(f)
    }

    fn empty(name: String, numbers: Option<Vec<f64>>) -> Self {
        Self {
            name,
            numbers,
            codes: Vec::new(),
            values: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Row `row`'s value as text.
    pub fn text(&self, row: usize) -> &str {
        &self.values[self.codes[row] as usize]
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Appends a row's value.
    pub fn push_text(&mut self, t: &str) {
        let hash = xxh3_64(t.as_bytes());
        let code = match self.index.get(&hash) {
            Some(&c) if self.values[c as usize] == t => c,
            // Two values with one hash (all but impossible): found by a scan.
            Some(_) => match self.values.iter().position(|v| v == t) {
                Some(c) => c as u32,
                None => self.add_value(t),
            },
            None => {
                let c = self.add_value(t);
                self.index.insert(hash, c);
                c
            }
        };
        self.codes.push(code);
    }

    fn add_value(&mut self, t: &str) -> u32 {
        self.values.push(t.to_string());
        (self.values.len() - 1) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_kept_once_in_first_appearance_order() {
        let column: Column =
            Series::new("topic".into(), &[Some("b"), Some("a"), None, Some("b")]).into();
        let mut f = Feature::from_column(&column).expect("feature");
        assert_eq!(f.values, ["b", "a", ""]);
        assert_eq!(f.codes, [0, 1, 2, 0]);
        f.push_text("a");
        assert_eq!(
            (0..f.len()).map(|r| f.text(r)).collect::<Vec<_>>(),
            ["b", "a", "", "b", "a"]
        );
        assert!(f.numbers.is_none());
    }

    #[test]
    fn a_numeric_column_keeps_its_numbers() {
        let column: Column = Series::new("stars".into(), &[Some(1.5), None, Some(1.5)]).into();
        let f = Feature::from_column(&column).expect("feature");
        assert_eq!(f.codes, [0, 1, 0]);
        assert_eq!(f.text(0), "1.5");
        assert_eq!(f.numbers.as_ref().expect("numbers")[0], 1.5);
        assert!(f.numbers.as_ref().expect("numbers")[1].is_nan());
    }
}
