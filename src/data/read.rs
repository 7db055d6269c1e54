//! Reads JSONL, LIT's `.lit.jsonl`, CSV, TSV and Parquet into a DataFrame.

use std::io::Cursor;
use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use super::csv_errors;
use super::jsonl;
use super::lit_spec::{self, LitFields};
use crate::user_error;

pub struct Read {
    pub df: DataFrame,
    /// Field roles from a `.lit.jsonl` file's `.spec`, when it has one.
    pub lit_fields: Option<LitFields>,
    /// What the reader noticed (a JSON key given twice, objects as values).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Jsonl,
    Csv,
    Tsv,
    Parquet,
}

fn format_of(path: &Path) -> Result<Format> {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let format = if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json")
    {
        Format::Jsonl
    } else if name.ends_with(".csv") {
        Format::Csv
    } else if name.ends_with(".tsv") || name.ends_with(".tab") {
        Format::Tsv
    } else if name.ends_with(".parquet") || name.ends_with(".pq") {
        Format::Parquet
    } else {
        return Err(user_error!(
            "cannot tell the format of {}: name it .jsonl, .lit.jsonl, .csv, .tsv or .parquet",
            path.display()
        ));
    };
    Ok(format)
}

pub fn read_file(path: &Path) -> Result<Read> {
    read_file_head(path, None)
}

/// The first `rows` rows only (every row with `None`), reading only the start
/// of the file: what the app shows while a big file loads.
pub fn read_file_head(path: &Path, rows: Option<usize>) -> Result<Read> {
    let format = check_readable(path)?;
    if format == Format::Parquet {
        let file = std::fs::File::open(path)
            .map_err(|e| user_error!("cannot open {}: {e}", path.display()))?;
        let df = ParquetReader::new(file)
            .with_slice(rows.map(|n| (0, n)))
            .finish()
            .map_err(|e| {
                user_error!(
                    "{} is not a Parquet file lit-tui can read: {e}",
                    path.display()
                )
            })?;
        return Ok(Read {
            df,
            lit_fields: None,
            notes: Vec::new(),
        });
    }
    let bytes = match rows {
        // The header and `n` lines (a quoted field spanning lines may be cut:
        // the caller then reads the whole file).
        Some(n) => head_lines(path, n + 1),
        None => std::fs::read(path),
    }
    .map_err(|e| user_error!("cannot read {}: {e}", path.display()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(user_error!(
            "{} is empty; it needs a header and at least one row",
            path.display()
        ));
    }
    check_utf8(&bytes, path)?;
    match format {
        Format::Jsonl => {
            let (df, notes) = jsonl::read(&bytes, path)?;
            let lit_fields = lit_spec::read_beside(path)?;
            Ok(Read {
                df,
                lit_fields,
                notes,
            })
        }
        Format::Csv | Format::Tsv => {
            let sep = if format == Format::Tsv { b'\t' } else { b',' };
            let (df, notes) = read_delimited(bytes, sep, path)?;
            Ok(Read {
                df,
                lit_fields: None,
                notes,
            })
        }
        Format::Parquet => unreachable!("handled above"),
    }
}

/// The file's format, once it is known to be a file that exists.
pub(super) fn check_readable(path: &Path) -> Result<Format> {
    let format = format_of(path)?;
    if !path.exists() {
        return Err(user_error!(
            "the data file {} does not exist",
            path.display()
        ));
    }
    if let Some(why) = crate::paths::not_a_regular_file(path, "the data file") {
        return Err(user_error!("{why}"));
    }
    Ok(format)
}

/// The first `lines` lines of a file, read no further.
fn head_lines(path: &Path, lines: usize) -> std::io::Result<Vec<u8>> {
    use std::io::BufRead as _;
    let mut reader = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut bytes = Vec::new();
    for _ in 0..lines {
        if reader.read_until(b'\n', &mut bytes)? == 0 {
            break;
        }
    }
    Ok(bytes)
}

/// Text files must be UTF-8; say where the first bad byte is.
pub(super) fn check_utf8(bytes: &[u8], path: &Path) -> Result<()> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(user_error!(
            "{}: the file is UTF-16 (it starts with a UTF-16 byte order mark); lit-tui reads UTF-8. Convert it: iconv -f utf-16 -t utf-8 {} > converted{}",
            path.display(),
            path.display(),
            path.extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default()
        ));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let col = at
            - bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        return Err(user_error!(
            "{}:{line}:{col}: the file is not UTF-8 (byte 0x{:02x} at offset {at}); convert it, e.g. iconv -f latin1 -t utf-8",
            path.display(),
            bytes[at]
        ));
    }
    Ok(())
}

/// CSV/TSV with a header; quoted fields may span lines. A column whose
/// type changes after the first rows is read again with every column as
/// text (and said in a note); other problems are said in our words.
fn read_delimited(bytes: Vec<u8>, separator: u8, path: &Path) -> Result<(DataFrame, Vec<String>)> {
    let kind = if separator == b'\t' { "TSV" } else { "CSV" };
    let failed = |e: PolarsError| {
        user_error!(
            "{} could not be read as {kind}: {}",
            path.display(),
            csv_errors::without_python_advice(&e.to_string())
        )
    };
    match parse_delimited(&bytes, separator, Types::Infer) {
        Ok(df) => Ok((df, Vec::new())),
        Err(e) if e.to_string().contains("more fields than defined") => Err(user_error!(
            "{}",
            csv_errors::ragged(&bytes, separator, path)
        )),
        Err(e) if e.to_string().contains("could not parse") => {
            let note = csv_errors::mixed_types(&e.to_string());
            // Inferring from no rows reads every column as text.
            let df = parse_delimited(&bytes, separator, Types::Text).map_err(failed)?;
            Ok((df, vec![note]))
        }
        Err(e) => Err(failed(e)),
    }
}

/// How a CSV/TSV block's columns get their types.
#[derive(Clone)]
pub(super) enum Types {
    /// From the first 10,000 rows, as polars infers them.
    Infer,
    /// As an earlier block of the same file had them.
    Fixed(SchemaRef),
    /// Every column as text.
    Text,
}

/// One block of a delimited file (its header, then rows) as a frame.
pub(super) fn parse_delimited(
    bytes: &[u8],
    separator: u8,
    types: Types,
) -> PolarsResult<DataFrame> {
    let (infer_rows, schema) = match types {
        Types::Infer => (Some(10_000), None),
        Types::Fixed(schema) => (Some(10_000), Some(schema)),
        Types::Text => (Some(0), None),
    };
    let read = || {
        CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(infer_rows)
            .with_schema(schema.clone())
            .map_parse_options(|o| o.with_separator(separator).with_quote_char(Some(b'"')))
            .into_reader_with_file_handle(Cursor::new(bytes.to_vec()))
            .finish()
    };
    // polars' reader panics on some malformed files (found by the fuzzer).
    crate::contained::contain(read).unwrap_or_else(|why| {
        Err(PolarsError::ComputeError(
            format!("the reader failed on this file ({why}); check its quoting and line ends")
                .into(),
        ))
    })
}
