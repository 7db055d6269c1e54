//! Stable row ids: a hash of each row's content.

use anyhow::Result;
use polars::prelude::*;
use xxhash_rust::xxh3::Xxh3;

/// xxh3 over every column's value as text, in column order, with separators so
/// that ("ab", "c") and ("a", "bc") differ.
pub fn row_ids(df: &DataFrame) -> Result<Vec<u64>> {
    let columns: Vec<Column> = df
        .columns()
        .iter()
        .map(|c| c.cast(&DataType::String))
        .collect::<PolarsResult<_>>()?;
    let texts: Vec<&StringChunked> = columns
        .iter()
        .map(|c| c.str())
        .collect::<PolarsResult<_>>()?;
    let mut iters: Vec<_> = texts.iter().map(|t| t.iter()).collect();
    let mut ids = Vec::with_capacity(df.height());
    for _ in 0..df.height() {
        let mut h = Xxh3::new();
        for it in iters.iter_mut() {
            match it.next().flatten() {
                Some(v) => {
                    h.update(&[1]);
                    h.update(v.as_bytes());
                }
                None => h.update(&[0]),
            }
            h.update(&[0x1f]);
        }
        ids.push(h.digest());
    }
    Ok(ids)
}

/// The short form shown in tables and files.
pub fn format_id(id: u64) -> String {
    format!("{id:016x}")
}
