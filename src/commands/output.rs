//! Writes a DataFrame in the format its file name asks for.

use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use crate::user_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Parquet,
    Jsonl,
    Csv,
    Tsv,
}

impl Format {
    pub fn of(path: &Path) -> Result<Self> {
        let name = path.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".parquet") {
            Ok(Self::Parquet)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Ok(Self::Jsonl)
        } else if name.ends_with(".csv") {
            Ok(Self::Csv)
        } else if name.ends_with(".tsv") {
            Ok(Self::Tsv)
        } else {
            Err(user_error!(
                "cannot tell which format to write {}: end its name in .parquet, .jsonl or .csv",
                path.display()
            ))
        }
    }
}

/// Writes to a temporary file beside `path`, then renames: a failed write never
/// leaves half a file where the user expects a whole one.
pub fn write(df: &mut DataFrame, path: &Path, format: Format) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("out")
    ));
    let file = std::fs::File::create(&tmp)
        .map_err(|e| user_error!("cannot write {}: {e}", path.display()))?;
    let written = match format {
        Format::Parquet => ParquetWriter::new(file).finish(df).map(|_| ()),
        Format::Jsonl => JsonWriter::new(file)
            .with_json_format(JsonFormat::JsonLines)
            .finish(df),
        Format::Csv => CsvWriter::new(file).finish(df),
        Format::Tsv => CsvWriter::new(file).with_separator(b'\t').finish(df),
    };
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(user_error!("cannot write {}: {e}", path.display()));
    }
    std::fs::rename(&tmp, path).map_err(|e| user_error!("cannot write {}: {e}", path.display()))?;
    Ok(())
}
