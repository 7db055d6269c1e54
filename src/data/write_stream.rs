//! Writes a table a chunk at a time, for runs too long to hold whole: each
//! chunk becomes Parquet row groups, or lines appended to a JSONL or CSV file.
//! As `write::write`, it goes to a temp file renamed at the end.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;

use super::write::Format;
use crate::user_error;

pub struct ChunkWriter {
    path: PathBuf,
    tmp: PathBuf,
    format: Format,
    sink: Sink,
    pub rows: usize,
}

enum Sink {
    /// Parquet waits for the first chunk, whose schema it takes.
    Unopened(File),
    Parquet(Box<polars::io::parquet::write::BatchedWriter<File>>),
    Text(BufWriter<File>),
    Done,
}

impl ChunkWriter {
    pub fn create(path: &Path, format: Format) -> Result<Self> {
        let tmp = path.with_extension(format!(
            "{}.tmp",
            path.extension().and_then(|e| e.to_str()).unwrap_or("out")
        ));
        let file =
            File::create(&tmp).map_err(|e| user_error!("cannot write {}: {e}", path.display()))?;
        let sink = match format {
            Format::Parquet => Sink::Unopened(file),
            _ => Sink::Text(BufWriter::with_capacity(1 << 20, file)),
        };
        Ok(Self {
            path: path.to_path_buf(),
            tmp,
            format,
            sink,
            rows: 0,
        })
    }

    pub fn write(&mut self, df: &mut DataFrame) -> Result<()> {
        let written = self.write_inner(df);
        if let Err(e) = written {
            self.abandon();
            return Err(user_error!("cannot write {}: {e}", self.path.display()));
        }
        self.rows += df.height();
        Ok(())
    }

    fn write_inner(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        let first = self.rows == 0;
        if let Sink::Unopened(_) = self.sink {
            let Sink::Unopened(file) = std::mem::replace(&mut self.sink, Sink::Done) else {
                unreachable!("matched above")
            };
            self.sink = Sink::Parquet(Box::new(ParquetWriter::new(file).batched(df.schema())?));
        }
        match (&mut self.sink, self.format) {
            (Sink::Parquet(w), _) => {
                // The batched writer needs one chunk per column.
                df.rechunk_mut();
                w.write_batch(df)
            }
            (Sink::Text(w), Format::Jsonl) => JsonWriter::new(w)
                .with_json_format(JsonFormat::JsonLines)
                .finish(df),
            (Sink::Text(w), Format::Csv) => CsvWriter::new(w).include_header(first).finish(df),
            (Sink::Text(w), _) => CsvWriter::new(w)
                .include_header(first)
                .with_separator(b'\t')
                .finish(df),
            _ => Err(PolarsError::ComputeError("the writer is closed".into())),
        }
    }

    /// Ends the file and puts it in place.
    pub fn finish(mut self) -> Result<()> {
        let ended = match std::mem::replace(&mut self.sink, Sink::Done) {
            Sink::Parquet(w) => w.finish().map(|_| ()).map_err(|e| e.to_string()),
            Sink::Text(mut w) => w.flush().map_err(|e| e.to_string()),
            Sink::Unopened(_) | Sink::Done => Ok(()),
        };
        if let Err(e) = ended {
            self.abandon();
            return Err(user_error!("cannot write {}: {e}", self.path.display()));
        }
        std::fs::rename(&self.tmp, &self.path)
            .map_err(|e| user_error!("cannot write {}: {e}", self.path.display()))
    }

    fn abandon(&mut self) {
        self.sink = Sink::Done;
        let _ = std::fs::remove_file(&self.tmp);
    }
}

impl Drop for ChunkWriter {
    /// A run that stopped half way leaves no half file.
    fn drop(&mut self) {
        if !matches!(self.sink, Sink::Done) {
            self.abandon();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(start: i64) -> DataFrame {
        df!(
            "id" => [start, start + 1],
            "text" => [format!("row {start}"), format!("row {}", start + 1)],
            "p_pos" => [0.25f32, 0.75],
        )
        .expect("frame")
    }

    #[test]
    fn chunks_read_back_as_one_table_in_every_format() {
        let dir = std::env::temp_dir().join(format!("lit-tui-chunks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        for name in ["out.parquet", "out.jsonl", "out.csv", "out.tsv"] {
            let path = dir.join(name);
            let mut w =
                ChunkWriter::create(&path, Format::of(&path).expect("format")).expect("create");
            for start in [0, 2, 4] {
                w.write(&mut chunk(start)).expect("chunk");
            }
            assert_eq!(w.rows, 6);
            w.finish().expect("finish");
            let back = crate::data::read::read_file(&path).expect("read back").df;
            assert_eq!(back.height(), 6, "{name}");
            let texts: Vec<String> = back
                .column("text")
                .expect("text")
                .str()
                .expect("str")
                .iter()
                .map(|t| t.unwrap_or_default().to_string())
                .collect();
            assert_eq!(
                texts,
                ["row 0", "row 1", "row 2", "row 3", "row 4", "row 5"],
                "{name}"
            );
            assert!(!dir.join(format!("{name}.tmp")).exists());
        }
        // A run dropped half way leaves no file.
        let path = dir.join("half.parquet");
        let mut w = ChunkWriter::create(&path, Format::Parquet).expect("create");
        w.write(&mut chunk(0)).expect("chunk");
        drop(w);
        assert!(!path.exists() && !dir.join("half.parquet.tmp").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
