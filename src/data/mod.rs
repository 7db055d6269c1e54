//! Data sets: files become one polars DataFrame plus which column is the text,
//! which is the gold label, and a stable id per row.

pub mod chunks;
mod columns;
mod csv_errors;
mod input_notes;
mod jsonl;
mod labels;
mod lit_spec;
pub mod precomputed;
mod read;
pub mod row_id;
pub mod rule_sets;
mod texts;
pub mod write;
pub mod write_stream;

use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;

pub use labels::GoldLabels;
pub use texts::Texts;

use crate::user_error;

/// How to read a data set: what the command line says.
#[derive(Debug, Clone, Default)]
pub struct DataOptions {
    pub path: PathBuf,
    pub text_field: Option<String>,
    pub label_field: Option<String>,
}

/// A loaded data set.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub path: PathBuf,
    /// Every column of the file, as read.
    pub df: DataFrame,
    pub text_column: String,
    pub label_column: Option<String>,
    /// A hash of each row's content, stable across runs and machines.
    pub ids: Vec<u64>,
    /// Things the user should know about how the file was read.
    pub notes: Vec<String>,
}

impl Dataset {
    pub fn load(opts: &DataOptions) -> Result<Self> {
        if opts.path.as_os_str().is_empty() {
            return Err(user_error!(
                "no data given: add --data FILE (JSONL, .lit.jsonl, CSV, TSV or Parquet)"
            ));
        }
        Self::load_head(opts, None)
    }

    /// The first `rows` rows only (every row with `None`).
    pub fn load_head(opts: &DataOptions, rows: Option<usize>) -> Result<Self> {
        if opts.path.as_os_str().is_empty() {
            return Self::load(opts);
        }
        let read = read::read_file_head(&opts.path, rows)?;
        Self::from_read(opts, read)
    }

    /// A data set from a table already read (`load`, or precomputed predictions).
    pub fn from_read(opts: &DataOptions, read: read::Read) -> Result<Self> {
        let read::Read {
            df,
            lit_fields,
            notes: read_notes,
        } = read;
        if df.height() == 0 {
            return Err(user_error!(
                "{} has a header but no rows; add data rows",
                opts.path.display()
            ));
        }
        let choice = columns::choose(&df, opts, lit_fields.as_ref(), &opts.path)?;
        let mut ids = row_id::row_ids(&df)?;
        let mut notes = read_notes;
        notes.extend(input_notes::duplicate_columns(&df));
        let repeats = input_notes::unique_ids(&mut ids);
        if repeats > 0 {
            notes.push(format!(
                "{} repeat an earlier row exactly; each keeps an id of its own",
                crate::plural::rows(repeats)
            ));
        }
        notes.extend(choice.notes);
        Ok(Self {
            path: opts.path.clone(),
            df,
            text_column: choice.text,
            label_column: choice.label,
            ids,
            notes,
        })
    }

    pub fn len(&self) -> usize {
        self.df.height()
    }

    pub fn is_empty(&self) -> bool {
        self.df.height() == 0
    }

    /// The text of each row; missing text reads as empty.
    pub fn texts(&self) -> Result<Vec<&str>> {
        let col = self.df.column(&self.text_column)?.str()?;
        Ok(col.iter().map(|t| t.unwrap_or("")).collect())
    }

    /// The texts, sharing the DataFrame's column rather than copying it.
    pub fn shared_texts(&self) -> Result<Texts> {
        Texts::from_column(self.df.column(&self.text_column)?)
    }

    /// Columns other than the text and the label.
    pub fn feature_columns(&self) -> Vec<String> {
        self.df
            .get_column_names()
            .into_iter()
            .map(|c| c.to_string())
            .filter(|c| *c != self.text_column && Some(c) != self.label_column.as_ref())
            .collect()
    }

    /// Maps the gold labels to the model's classes (integers index them), failing
    /// with a count and examples when some labels are unknown to the model.
    pub fn gold_labels(&self, classes: &[String]) -> Result<Option<GoldLabels>> {
        match &self.label_column {
            None => Ok(None),
            Some(name) => {
                labels::map_gold(self.df.column(name)?, classes, name, &self.path).map(Some)
            }
        }
    }

    /// A short name for toolbars: the file name.
    pub fn display_name(&self) -> String {
        file_name(&self.path)
    }
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
