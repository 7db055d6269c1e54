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

/// Whether two paths name the same file (the same inode where both exist).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        use std::os::unix::fs::MetadataExt;
        return ma.dev() == mb.dev() && ma.ino() == mb.ino();
    }
    let full = |p: &Path| -> Option<std::path::PathBuf> {
        let name = p.file_name()?;
        let dir = match p.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(d) => std::fs::canonicalize(d).ok()?,
            None => std::env::current_dir().ok()?,
        };
        Some(dir.join(name))
    };
    match (full(a), full(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Refuses an output path that is the input data file: writing it would destroy the data.
pub fn refuse_data_file(out: &Path, flag: &str, data: &Path) -> Result<()> {
    if same_file(out, data) {
        return Err(user_error!(
            "{flag} {} is the data file given with --data; writing it would replace your data. Choose another output name",
            out.display()
        ));
    }
    Ok(())
}
