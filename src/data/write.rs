//! Writes a DataFrame in the format its file name asks for (the headless
//! commands and the app's export share it).

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
    // The writers issue many small writes; buffer them.
    let mut file = std::io::BufWriter::with_capacity(1 << 20, file);
    let written = match format {
        Format::Parquet => ParquetWriter::new(&mut file).finish(df).map(|_| ()),
        Format::Jsonl => JsonWriter::new(&mut file)
            .with_json_format(JsonFormat::JsonLines)
            .finish(df),
        Format::Csv => CsvWriter::new(&mut file).finish(df),
        Format::Tsv => CsvWriter::new(&mut file).with_separator(b'\t').finish(df),
    };
    let written = written.map_err(|e| e.to_string()).and_then(|_| {
        use std::io::Write;
        file.flush().map_err(|e| e.to_string())
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(user_error!("cannot write {}: {e}", path.display()));
    }
    std::fs::rename(&tmp, path).map_err(|e| user_error!("cannot write {}: {e}", path.display()))?;
    Ok(())
}
