//! A data file read a chunk of rows at a time, for headless runs whose memory
//! must not grow with the file (`lit-tui predict`). Each chunk is what a
//! whole-file read (`Dataset::load`) gives for those rows: the same column
//! types, the same ids, the same messages.
//!
//! A first pass reads every chunk to settle what only the whole file can say
//! (how many rows; a CSV column whose type changes late; a JSONL key that
//! first appears late); the second pass hands the chunks out.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::ops::Range;

use anyhow::Result;
use polars::prelude::*;

use super::input_notes::{self, RepeatedIds};
use super::jsonl::{self, Kind};
use super::read::{self, Format, Types};
use super::{DataOptions, Dataset, columns, lit_spec, row_id};
use crate::user_error;

/// One chunk: data rows `rows` of the file, as a data set of their own
/// (ids unique across the whole file; notes are the file's, in `DataChunks`).
pub struct Chunk {
    pub rows: Range<usize>,
    pub dataset: Dataset,
}

pub struct DataChunks {
    opts: DataOptions,
    rows_per_chunk: usize,
    shape: Shape,
    total: usize,
    text_column: String,
    label_column: Option<String>,
    notes: Vec<String>,
    source: Source,
    ids: RepeatedIds,
    next_row: usize,
}

/// What the first pass settled about the columns.
enum Shape {
    /// CSV/TSV: the types inferred from the first rows, or every column as
    /// text when a later row does not fit them (as a whole-file read does).
    Delimited {
        separator: u8,
        types: Types,
    },
    Jsonl(Vec<(String, Kind)>),
    Parquet,
}

enum Source {
    Lines(Lines),
    Parquet,
}

impl DataChunks {
    /// Reads the whole file once (a chunk at a time) to check it and settle its shape.
    pub fn open(opts: &DataOptions, rows_per_chunk: usize) -> Result<Self> {
        let path = &opts.path;
        let format = read::check_readable(path)?;
        let rows_per_chunk = rows_per_chunk.max(1);
        let whole_file_error = |chunk_error: anyhow::Error| {
            // Messages name lines of the whole file: a whole read finds the same fault.
            read::read_file(path).err().unwrap_or(chunk_error)
        };
        let (shape, total, mut notes) =
            first_pass(opts, format, rows_per_chunk).map_err(whole_file_error)?;
        if total == 0 {
            // No rows: a whole read says why in the usual words.
            Dataset::load(opts)?;
            return Err(user_error!("{} holds no rows", path.display()));
        }
        let mut chunks = Self {
            opts: opts.clone(),
            rows_per_chunk,
            shape,
            total,
            text_column: String::new(),
            label_column: None,
            notes: Vec::new(),
            source: Source::Parquet,
            ids: RepeatedIds::default(),
            next_row: 0,
        };
        chunks.rewind()?;
        // The columns are chosen on a first chunk, as `Dataset::from_read` does.
        let first = chunks.frame()?.unwrap_or_default();
        let lit = match format {
            Format::Jsonl => lit_spec::read_beside(path)?,
            _ => None,
        };
        let choice = columns::choose(&first, opts, lit.as_ref(), path)?;
        notes.extend(input_notes::duplicate_columns(&first));
        notes.extend(choice.notes);
        chunks.text_column = choice.text;
        chunks.label_column = choice.label;
        chunks.notes = notes;
        chunks.rewind()?;
        Ok(chunks)
    }

    /// Rows in the file.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// What the user should know about how the file was read.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The note on rows that repeat an earlier row, once every chunk was read.
    pub fn repeats_note(&self) -> Option<String> {
        (self.ids.repeats > 0).then(|| {
            format!(
                "{} repeat an earlier row exactly; each keeps an id of its own",
                crate::plural::rows(self.ids.repeats)
            )
        })
    }

    /// The next chunk, or `None` at the end of the file.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>> {
        let Some(df) = self.frame()? else {
            return Ok(None);
        };
        let mut ids = row_id::row_ids(&df)?;
        self.ids.make_unique(&mut ids);
        let start = self.next_row;
        self.next_row += df.height();
        let dataset = Dataset {
            path: self.opts.path.clone(),
            df,
            text_column: self.text_column.clone(),
            label_column: self.label_column.clone(),
            ids,
            notes: Vec::new(),
        };
        Ok(Some(Chunk {
            rows: start..self.next_row,
            dataset,
        }))
    }

    /// Runs `check` on every chunk, then starts again from the first: a
    /// fault in the last rows fails before hours of work on the first.
    pub fn check_each(&mut self, mut check: impl FnMut(&Dataset) -> Result<()>) -> Result<()> {
        while let Some(chunk) = self.next_chunk()? {
            check(&chunk.dataset)?;
        }
        self.rewind()
    }

    fn rewind(&mut self) -> Result<()> {
        self.next_row = 0;
        self.ids = RepeatedIds::default();
        self.source = match self.shape {
            Shape::Parquet => Source::Parquet,
            _ => Source::Lines(Lines::open(&self.opts.path)?),
        };
        if let (Shape::Delimited { .. }, Source::Lines(lines)) = (&self.shape, &mut self.source) {
            lines.header()?;
        }
        Ok(())
    }

    /// The next chunk's rows as read, in the file's settled shape.
    fn frame(&mut self) -> Result<Option<DataFrame>> {
        let path = &self.opts.path;
        match (&self.shape, &mut self.source) {
            (Shape::Parquet, _) => {
                if self.next_row >= self.total {
                    return Ok(None);
                }
                let df = read_parquet_rows(path, self.next_row, self.rows_per_chunk)?;
                Ok(Some(df))
            }
            (Shape::Delimited { separator, types }, Source::Lines(lines)) => {
                let Some(block) = lines.records(self.rows_per_chunk)? else {
                    return Ok(None);
                };
                let df = read::parse_delimited(&block, *separator, types.clone())
                    .map_err(|e| user_error!("{}: {e}", path.display()))?;
                Ok(Some(df))
            }
            (Shape::Jsonl(kinds), Source::Lines(lines)) => {
                let first_line = lines.line;
                let Some(block) = lines.json_lines(self.rows_per_chunk)? else {
                    return Ok(None);
                };
                let (df, _) = jsonl::parse(&block, path, first_line)?.frame(kinds)?;
                Ok(Some(df))
            }
            _ => unreachable!("a text format reads lines"),
        }
    }
}

/// Reads every chunk once: the row count, the column shape, and the reader's notes.
fn first_pass(
    opts: &DataOptions,
    format: Format,
    rows_per_chunk: usize,
) -> Result<(Shape, usize, Vec<String>)> {
    let path = &opts.path;
    let mut notes = Vec::new();
    let mut total = 0;
    let shape = match format {
        Format::Parquet => {
            let file =
                File::open(path).map_err(|e| user_error!("cannot open {}: {e}", path.display()))?;
            total = ParquetReader::new(file).num_rows().map_err(|e| {
                user_error!(
                    "{} is not a Parquet file lit-tui can read: {e}",
                    path.display()
                )
            })?;
            Shape::Parquet
        }
        Format::Csv | Format::Tsv => {
            let separator = if format == Format::Tsv { b'\t' } else { b',' };
            let mut lines = Lines::open(path)?;
            lines.header()?;
            let mut types = Types::Infer;
            while let Some(block) = lines.records(rows_per_chunk)? {
                read::check_utf8(&block, path)?;
                match read::parse_delimited(&block, separator, types.clone()) {
                    Ok(df) => {
                        if let Types::Infer = types {
                            types = Types::Fixed(df.schema().clone());
                        }
                        total += df.height();
                    }
                    Err(e) if e.to_string().contains("could not parse") => {
                        // A whole-file read then reads every column as text.
                        notes.push(super::csv_errors::mixed_types(&e.to_string()));
                        total = lines.count_rest(total, rows_per_chunk, separator, block)?;
                        let types = Types::Text;
                        return Ok((Shape::Delimited { separator, types }, total, notes));
                    }
                    Err(e) => return Err(user_error!("{}: {e}", path.display())),
                }
            }
            Shape::Delimited { separator, types }
        }
        Format::Jsonl => {
            let mut lines = Lines::open(path)?;
            let mut kinds: Vec<(String, Kind)> = Vec::new();
            loop {
                let first_line = lines.line;
                let Some(block) = lines.json_lines(rows_per_chunk)? else {
                    break;
                };
                let parsed = jsonl::parse(&block, path, first_line)?;
                for (name, kind) in parsed.kinds() {
                    match kinds.iter_mut().find(|(n, _)| *n == name) {
                        Some((_, k)) => *k = k.join(kind),
                        None => kinds.push((name, kind)),
                    }
                }
                total += parsed.len();
                let (_, chunk_notes) = parsed.frame(&[])?;
                keep_first_notes(&mut notes, chunk_notes);
            }
            Shape::Jsonl(kinds)
        }
    };
    Ok((shape, total, notes))
}

/// JSONL notes say what the first line showed: one per kind of finding and key.
fn keep_first_notes(notes: &mut Vec<String>, new: Vec<String>) {
    let finding = |n: &str| n.split_once(": ").map_or(n, |(_, rest)| rest).to_string();
    for note in new {
        if !notes.iter().any(|n| finding(n) == finding(&note)) {
            notes.push(note);
        }
    }
}

fn read_parquet_rows(path: &std::path::Path, start: usize, rows: usize) -> Result<DataFrame> {
    let file = File::open(path).map_err(|e| user_error!("cannot open {}: {e}", path.display()))?;
    ParquetReader::new(file)
        .with_slice(Some((start, rows)))
        .finish()
        .map_err(|e| user_error!("{} could not be read: {e}", path.display()))
}

/// A text file's lines, handed out as whole records.
struct Lines {
    reader: BufReader<File>,
    /// Lines read so far.
    line: usize,
    /// A CSV/TSV header, put before each block of records.
    header: Vec<u8>,
}

impl Lines {
    fn open(path: &std::path::Path) -> Result<Self> {
        let file =
            File::open(path).map_err(|e| user_error!("cannot read {}: {e}", path.display()))?;
        Ok(Self {
            reader: BufReader::with_capacity(1 << 20, file),
            line: 0,
            header: Vec::new(),
        })
    }

    fn header(&mut self) -> Result<()> {
        let mut header = Vec::new();
        self.record(&mut header)?;
        self.header = header;
        Ok(())
    }

    /// Appends one record: lines up to one that ends outside quotes. How many bytes.
    fn record(&mut self, out: &mut Vec<u8>) -> Result<usize> {
        let start = out.len();
        let mut quotes = 0usize;
        loop {
            let from = out.len();
            let n = self.reader.read_until(b'\n', out)?;
            if n == 0 {
                break;
            }
            self.line += 1;
            quotes += memchr::memchr_iter(b'"', &out[from..]).count();
            if quotes.is_multiple_of(2) {
                break;
            }
        }
        Ok(out.len() - start)
    }

    /// The header and up to `n` records, or `None` at the end of the file.
    fn records(&mut self, n: usize) -> Result<Option<Vec<u8>>> {
        let mut block = self.header.clone();
        let mut got = 0;
        while got < n && self.record(&mut block)? > 0 {
            got += 1;
        }
        Ok((got > 0).then_some(block))
    }

    /// Up to `n` non-blank lines, or `None` at the end of the file.
    fn json_lines(&mut self, n: usize) -> Result<Option<Vec<u8>>> {
        let mut block = Vec::new();
        let mut got = 0;
        while got < n {
            let from = block.len();
            if self.reader.read_until(b'\n', &mut block)? == 0 {
                break;
            }
            self.line += 1;
            if !block[from..].iter().all(u8::is_ascii_whitespace) {
                got += 1;
            }
        }
        Ok((got > 0).then_some(block))
    }

    /// Counts the rows from `block` on as text columns; `counted` rows came before it.
    fn count_rest(
        &mut self,
        mut counted: usize,
        rows_per_chunk: usize,
        separator: u8,
        mut block: Vec<u8>,
    ) -> Result<usize> {
        loop {
            let df = read::parse_delimited(&block, separator, Types::Text)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            counted += df.height();
            match self.records(rows_per_chunk)? {
                Some(next) => block = next,
                None => return Ok(counted),
            }
        }
    }
}
