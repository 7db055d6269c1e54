//! Issue 13, streaming headless predict: `predict` reads, predicts and writes
//! a chunk at a time, so its peak memory is bounded by the chunk, not the
//! file, and what it writes equals what a whole-file read gives.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use polars::prelude::*;

/// `n` rows cycling over the first 100 SST-2 dev sentences, each row made
/// unique by a `row` column: the model runs 100 texts a chunk, while reading,
/// ids and writing grow with `n`.
fn cycled_dev(dir: &Path, n: usize) -> PathBuf {
    let dev = std::fs::read_to_string(data("sst2/dev.tsv")).expect("dev");
    let rows: Vec<&str> = dev.lines().skip(1).take(100).collect();
    let mut out = String::from("text\tlabel\trow\n");
    for i in 0..n {
        out.push_str(rows[i % rows.len()]);
        out.push_str(&format!("\tr{i}\n"));
    }
    let path = dir.join(format!("cycled-{n}.tsv"));
    std::fs::write(&path, out).expect("write");
    path
}

/// Runs `lit-tui predict` and returns its peak RSS in MB (the child's own, by wait4).
#[allow(clippy::zombie_processes, reason = "wait4 reaps the child")]
fn predict_peak_mb(data: &Path, out: &Path) -> f64 {
    let child = Command::new(env!("CARGO_BIN_EXE_lit-tui"))
        .args(["predict", "--no-cache", "-m"])
        .arg(model("sst2-minilm"))
        .arg("-d")
        .arg(data)
        .arg("-o")
        .arg(out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: rusage is plain data, filled by the kernel for this child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which no one else waits for.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "predict on {} failed",
        data.display()
    );
    usage.ru_maxrss as f64 / 1024.0
}

#[test]
fn peak_memory_does_not_grow_with_the_rows() {
    let dir = scratch("streaming-memory");
    let small = cycled_dev(&dir, 50_000);
    let big = cycled_dev(&dir, 400_000);
    let small_peak = predict_peak_mb(&small, &dir.join("small.parquet"));
    let big_out = dir.join("big.parquet");
    let big_peak = predict_peak_mb(&big, &big_out);
    eprintln!("peak RSS: 50,000 rows {small_peak:.0} MB, 400,000 rows {big_peak:.0} MB");
    // A whole-file read held about 350 bytes a row (373 MB against 255 MB);
    // what still grows is 8 to 20 bytes a row of ids, to number repeats.
    assert!(
        big_peak <= small_peak * 1.1,
        "8x the rows took {big_peak:.0} MB against {small_peak:.0} MB"
    );

    // Every row written once, in order, with its own scores.
    let out = parquet(&big_out);
    assert_eq!(out.height(), 400_000);
    let rows = out
        .column("text")
        .expect("text")
        .str()
        .expect("str")
        .clone();
    let p = out
        .column("p_positive")
        .expect("p")
        .f32()
        .expect("f32")
        .clone();
    for i in [0usize, 65_535, 65_536, 131_072, 399_999] {
        let j = i % 100;
        assert_eq!(rows.get(i), rows.get(j), "row {i}");
        let (a, b) = (p.get(i).expect("p"), p.get(j).expect("p"));
        assert!((a - b).abs() <= 1e-5, "row {i}: {a} vs {b}");
    }
}

/// Every chunk of `path`, read `per` rows at a time, joined: what a whole read gives.
fn assert_chunks_equal_whole_read(path: &Path, per: usize) {
    use lit_tui::data::chunks::DataChunks;
    use lit_tui::data::{DataOptions, Dataset};
    let opts = DataOptions {
        path: path.to_path_buf(),
        ..Default::default()
    };
    let whole = Dataset::load(&opts).expect("whole read");
    let mut chunks = DataChunks::open(&opts, per).expect("open in chunks");
    assert_eq!(chunks.len(), whole.len(), "{}", path.display());
    let mut ids = Vec::new();
    let mut texts = Vec::new();
    let mut frames: Option<DataFrame> = None;
    while let Some(chunk) = chunks.next_chunk().expect("chunk") {
        assert_eq!(chunk.rows.start, ids.len());
        assert_eq!(chunk.dataset.text_column, whole.text_column);
        assert_eq!(chunk.dataset.label_column, whole.label_column);
        ids.extend_from_slice(&chunk.dataset.ids);
        texts.extend(
            chunk
                .dataset
                .texts()
                .expect("texts")
                .iter()
                .map(|t| t.to_string()),
        );
        match &mut frames {
            Some(df) => {
                df.vstack_mut(&chunk.dataset.df).expect("same columns");
            }
            None => frames = Some(chunk.dataset.df.clone()),
        }
    }
    assert_eq!(ids, whole.ids, "{}: ids", path.display());
    assert_eq!(texts, whole.texts().expect("texts"), "{}", path.display());
    let joined = frames.expect("rows");
    assert_eq!(joined.schema(), whole.df.schema(), "{}", path.display());
    assert!(joined.equals_missing(&whole.df), "{}", path.display());
    let mut notes: Vec<String> = chunks.notes().to_vec();
    notes.extend(chunks.repeats_note());
    let (mut a, mut b) = (notes, whole.notes.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b, "{}: notes", path.display());
}

#[test]
fn chunks_read_what_a_whole_read_reads() {
    let dir = scratch("streaming-chunks");
    // Rows repeated across chunks, and a quoted field over two lines at a chunk's edge.
    let csv = dir.join("quoted.csv");
    std::fs::write(
        &csv,
        "text,label,n\n\"a\",1,3\nb,0,4\n\"c\nwith, a line\",1,5\na,1,3\nd,0,6\na,1,3\n\"e \"\"quoted\"\"\",0,7\n",
    )
    .expect("write");
    for per in [1, 2, 3, 100] {
        assert_chunks_equal_whole_read(&csv, per);
    }
    // A column that turns from numbers to text after the 10,000 rows polars
    // infers from: a whole read reads every column as text, and says so.
    let late = dir.join("late-text.tsv");
    let mut body = String::from("text\tlabel\tscore\n");
    for i in 0..10_050 {
        let score = if i == 10_040 {
            "high".to_string()
        } else {
            i.to_string()
        };
        body.push_str(&format!("row {i}\t{}\t{score}\n", i % 2));
    }
    std::fs::write(&late, body).expect("write");
    assert_chunks_equal_whole_read(&late, 4096);
    // JSONL: a key first seen late, integers that turn to floats, repeats, a blank line.
    let jsonl = dir.join("late-key.jsonl");
    std::fs::write(
        &jsonl,
        "{\"text\": \"a\", \"label\": 1, \"x\": 1}\n\n{\"text\": \"b\", \"label\": 0, \"x\": 2}\n{\"text\": \"a\", \"label\": 1, \"x\": 1}\n{\"text\": \"c\", \"label\": 0, \"x\": 2.5, \"extra\": true}\n{\"text\": \"d\", \"label\": 1, \"meta\": {\"k\": 1}}\n",
    )
    .expect("write");
    for per in [1, 2, 100] {
        assert_chunks_equal_whole_read(&jsonl, per);
    }
    // Parquet, and the real SST-2 dev.
    assert_chunks_equal_whole_read(&data("sst2/dev.tsv"), 100);
    let pq = dir.join("dev.parquet");
    let mut dev = Dataset_load(&data("sst2/dev.tsv"));
    ParquetWriter::new(std::fs::File::create(&pq).expect("create"))
        .finish(&mut dev)
        .expect("write parquet");
    assert_chunks_equal_whole_read(&pq, 100);
}

#[allow(non_snake_case)]
fn Dataset_load(path: &Path) -> DataFrame {
    let opts = lit_tui::data::DataOptions {
        path: path.to_path_buf(),
        ..Default::default()
    };
    lit_tui::data::Dataset::load(&opts).expect("load").df
}

#[test]
fn a_bad_row_past_the_first_chunk_is_named_by_its_line_in_the_file() {
    use lit_tui::data::DataOptions;
    use lit_tui::data::chunks::DataChunks;
    let dir = scratch("streaming-errors");
    let jsonl = dir.join("bad.jsonl");
    let mut body = String::new();
    for i in 0..10 {
        body.push_str(&format!("{{\"text\": \"row {i}\"}}\n"));
    }
    body.push_str("{\"text\": oops}\n");
    std::fs::write(&jsonl, body).expect("write");
    let opts = DataOptions {
        path: jsonl.clone(),
        ..Default::default()
    };
    let err = DataChunks::open(&opts, 3).err().expect("fails").to_string();
    assert!(err.contains("bad.jsonl:11: not valid JSON"), "{err}");

    let tsv = dir.join("ragged.tsv");
    let mut body = String::from("text\tlabel\n");
    for i in 0..10 {
        body.push_str(&format!("row {i}\t1\n"));
    }
    body.push_str("row 10\t1\textra\n");
    std::fs::write(&tsv, body).expect("write");
    let whole = lit_tui::data::Dataset::load(&DataOptions {
        path: tsv.clone(),
        ..Default::default()
    })
    .expect_err("whole read fails")
    .to_string();
    let opts = DataOptions {
        path: tsv,
        ..Default::default()
    };
    let err = DataChunks::open(&opts, 3).err().expect("fails").to_string();
    assert_eq!(err, whole);
}
