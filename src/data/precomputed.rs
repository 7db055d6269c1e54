//! Predictions made elsewhere (`lit-tui predict` output, one file or a folder
//! of `part-I.parquet` shards, or any table with an `id` or `text` column and
//! `p_<class>` columns, optionally an `embedding` list column), matched to
//! the data's rows by text, else by id.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use super::read;
use crate::user_error;

/// Columns `predict` derives from the scores: never data features.
const DERIVED: [&str; 4] = ["prediction", "confidence", "correct", "embedding"];

pub struct Precomputed {
    pub source: PathBuf,
    /// Class names, from the `p_<class>` columns in order.
    pub labels: Vec<String>,
    /// Row-major, rows × classes.
    pub probs: Vec<f32>,
    /// Row-major, rows × `dim`, when the file has an `embedding` column.
    pub embeddings: Option<(Vec<f32>, usize)>,
    by_text: HashMap<u64, usize>,
    by_id: HashMap<String, usize>,
    /// The table's data columns (less the scores and what derives from them,
    /// which are kept above), for use as the data when no --data is given.
    frame: DataFrame,
}

impl Precomputed {
    pub fn read(path: &Path) -> Result<Self> {
        Self::read_head(path, None)
    }

    /// The first `rows` rows only (see `read::read_file_head`).
    pub fn read_head(path: &Path, rows: Option<usize>) -> Result<Self> {
        let frame = read_frame(path, rows)?;
        let labels: Vec<String> = frame
            .get_column_names()
            .iter()
            .filter_map(|c| c.strip_prefix("p_").map(str::to_string))
            .collect();
        if labels.is_empty() {
            return Err(user_error!(
                "{} has no p_<class> columns; precomputed predictions need one probability column per class (what `lit-tui predict` writes)",
                path.display()
            ));
        }
        let n = frame.height();
        let mut probs = vec![f32::NAN; n * labels.len()];
        for (c, label) in labels.iter().enumerate() {
            let column = frame
                .column(&format!("p_{label}"))?
                .cast(&DataType::Float32)
                .map_err(|e| user_error!("{}: column p_{label}: {e}", path.display()))?;
            for (r, v) in column.f32()?.iter().enumerate() {
                probs[r * labels.len() + c] = v.unwrap_or(f32::NAN);
            }
        }
        // Read in place: a million rows copied into Strings first took a third of the load.
        let strings = |name: &str| -> Result<Option<StringChunked>> {
            let Ok(column) = frame.column(name) else {
                return Ok(None);
            };
            Ok(Some(column.cast(&DataType::String)?.str()?.clone()))
        };
        let mut by_text = HashMap::new();
        if let Some(texts) = strings("text")? {
            by_text.reserve(n);
            for (r, t) in texts.iter().enumerate() {
                if let Some(t) = t {
                    by_text.entry(xxh3_64(t.trim().as_bytes())).or_insert(r);
                }
            }
        }
        let mut by_id = HashMap::new();
        if let Some(ids) = strings("id")? {
            for (r, id) in ids.iter().enumerate() {
                if let Some(id) = id {
                    by_id.entry(id.to_string()).or_insert(r);
                }
            }
        }
        if by_text.is_empty() && by_id.is_empty() {
            return Err(user_error!(
                "{} has neither a `text` nor an `id` column, so its rows cannot be matched to the data",
                path.display()
            ));
        }
        let embeddings = read_embeddings(&frame, path)?;
        let frame = data_columns(&frame);
        Ok(Self {
            source: path.to_path_buf(),
            labels,
            probs,
            embeddings,
            by_text,
            by_id,
            frame,
        })
    }

    pub fn len(&self) -> usize {
        self.probs.len() / self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.probs.is_empty()
    }

    /// The file's row for a data row with this id (as `predict` writes it) and text.
    pub fn find(&self, id: &str, text: &str) -> Option<usize> {
        self.by_text
            .get(&xxh3_64(text.trim().as_bytes()))
            .or_else(|| self.by_id.get(id))
            .copied()
    }

    /// The file's row for a text by its key (xxh3 of the trimmed text, as inference keys it).
    pub fn find_key(&self, key: u64) -> Option<usize> {
        self.by_text.get(&key).copied()
    }

    pub fn row(&self, r: usize) -> &[f32] {
        let k = self.labels.len();
        &self.probs[r * k..(r + 1) * k]
    }

    pub fn embedding(&self, r: usize) -> Option<&[f32]> {
        self.embeddings
            .as_ref()
            .map(|(e, dim)| &e[r * dim..(r + 1) * dim])
    }

    /// The table as data: its own columns, less the scores and what derives from them.
    pub fn as_data(&self) -> read::Read {
        read::Read {
            df: self.frame.clone(),
            lit_fields: None,
            notes: Vec::new(),
        }
    }
}

/// The columns that are data: the scores are held as numbers once read.
fn data_columns(frame: &DataFrame) -> DataFrame {
    let keep: Vec<PlSmallStr> = frame
        .get_column_names()
        .into_iter()
        .filter(|c| !c.starts_with("p_") && !DERIVED.contains(&c.as_str()))
        .cloned()
        .collect();
    frame.select(keep).unwrap_or_else(|_| frame.clone())
}

/// One file, or every `.parquet` in a folder: `part-I` files by I, others by name.
fn read_frame(path: &Path, rows: Option<usize>) -> Result<DataFrame> {
    if !path.is_dir() {
        return Ok(read::read_file_head(path, rows)?.df);
    }
    let mut parts: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| user_error!("cannot read the folder {}: {e}", path.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    let number = |p: &PathBuf| -> Option<usize> {
        p.file_stem()?.to_str()?.strip_prefix("part-")?.parse().ok()
    };
    parts.sort_by(|a, b| (number(a), a).cmp(&(number(b), b)));
    let Some((first, rest)) = parts.split_first() else {
        return Err(user_error!(
            "{} holds no .parquet files; give --predictions the folder `lit-tui predict --shard` wrote into",
            path.display()
        ));
    };
    let mut df = read::read_file_head(first, rows)?.df;
    if rows.is_some() {
        return Ok(df);
    }
    for part in rest {
        let next = read::read_file(part)?.df;
        df.vstack_mut(&next).map_err(|e| {
            user_error!(
                "{} does not match {}: {e}; every part must come from the same model",
                part.display(),
                first.display()
            )
        })?;
    }
    Ok(df)
}

fn read_embeddings(frame: &DataFrame, path: &Path) -> Result<Option<(Vec<f32>, usize)>> {
    let Ok(column) = frame.column("embedding") else {
        return Ok(None);
    };
    let list = column
        .cast(&DataType::List(Box::new(DataType::Float32)))
        .map_err(|e| user_error!("{}: column embedding: {e}", path.display()))?;
    let mut out = Vec::new();
    let mut dim = None;
    for (r, row) in list.list()?.amortized_iter().enumerate() {
        let Some(row) = row else {
            return Err(user_error!(
                "{}: row {} has no embedding; give every row one, or drop the column",
                path.display(),
                r + 1
            ));
        };
        let values: Vec<f32> = row
            .as_ref()
            .f32()?
            .iter()
            .map(|v| v.unwrap_or(f32::NAN))
            .collect();
        if *dim.get_or_insert(values.len()) != values.len() {
            return Err(user_error!(
                "{}: row {}'s embedding has {} values, the first row's {}",
                path.display(),
                r + 1,
                values.len(),
                dim.unwrap_or(0)
            ));
        }
        out.extend(values);
    }
    Ok(dim.map(|d| (out, d)))
}
