//! `lit-tui predict`: one row per input, written as Parquet, JSONL or CSV.
//! It streams: the data is read a chunk of rows at a time, each chunk is
//! predicted and written (one Parquet row group) before the next is read, so
//! memory is bounded by the chunk, not the file. `--shard I/N` predicts the
//! I-th of N contiguous shards, for a cluster's array jobs.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use polars::prelude::*;

use crate::cli::{PredictArgs, Shard};
use crate::data::Texts;
use crate::data::chunks::DataChunks;
use crate::data::row_id::format_id;
use crate::data::write;
use crate::data::write_stream::ChunkWriter;
use crate::jobs::inference::{InferenceStats, cut_note};
use crate::jobs::predictions::{bad_score_rows, bad_scores_note};
use crate::jobs::{InferenceOptions, Predictions, spawn_inference};
use crate::model::{Model, OutputRole};
use crate::progress::ProgressBar;
use crate::user_error;

/// Rows read, predicted and written at a time (one Parquet row group each).
/// Peak memory grows with it (65,536 rows held about 50 MB more than 16,384,
/// mostly malloc keeping what the parser and writer freed); on 2 cores a
/// chunk is half a minute of inference, so the pause between chunks is lost
/// in it.
const CHUNK_ROWS: usize = 16_384;

pub fn predict(args: &PredictArgs) -> Result<()> {
    let out = output_path(&args.out, args.shard)?;
    let format = write::Format::of(&out)?;
    write::refuse_data_file(&out, "--out", args.data.path())?;
    let started = Instant::now();
    // Data first: a bad data file should fail before the model takes time to load.
    let data = args.data.options();
    let mut chunks = DataChunks::open(&data, CHUNK_ROWS)?;
    let data_time = started.elapsed();
    for note in chunks.notes() {
        eprintln!("note: {}: {note}", data.path.display());
    }
    let model = Arc::new(Model::load(&args.model.options())?);
    let model_time = started.elapsed() - data_time;
    if let Some(note) = &model.device_note {
        eprintln!("note: {note}");
    }
    // Gold labels the model does not know fail now, not after the first chunks.
    chunks.check_each(|chunk| chunk.gold_labels(&model.labels).map(drop))?;
    let rows = args.shard.map_or(0..chunks.len(), |s| s.rows(chunks.len()));
    let opts = InferenceOptions {
        batch: args.run.batch_policy(),
        want_embeddings: false,
        cache_root: if args.run.no_cache {
            None
        } else {
            crate::paths::cache_root()
        },
        ..Default::default()
    };
    let mut run = Run {
        model: &model,
        writer: ChunkWriter::create(&out, format)?,
        bar: ProgressBar::new("predicting"),
        total: rows.len(),
        stats: InferenceStats::default(),
        bad_rows: Vec::new(),
    };
    let predicting = Instant::now();
    let mut read_all = true;
    while let Some(chunk) = chunks.next_chunk()? {
        if chunk.rows.start >= rows.end {
            read_all = false;
            break;
        }
        // This chunk's rows within the shard, counted from the chunk's start.
        let from = rows.start.max(chunk.rows.start) - chunk.rows.start;
        let to = rows.end.min(chunk.rows.end) - chunk.rows.start;
        if from < to {
            run.chunk(&chunk.dataset, from..to, &opts)?;
        }
    }
    if run.writer.rows == 0 {
        // An empty shard still writes a file with the columns.
        let empty = Predictions::empty(0, model.labels.len());
        let mut frame = prediction_frame(&[], &[], None, &model.labels, &empty)?;
        run.writer.write(&mut frame)?;
    }
    run.stats.total = predicting.elapsed();
    run.report(&data.path, (data_time, model_time), args.run.timings);
    if read_all && let Some(note) = chunks.repeats_note() {
        eprintln!("note: {}: {note}", data.path.display());
    }
    let written = run.writer.rows;
    run.writer.finish()?;
    eprintln!("wrote {written} rows to {}", out.display());
    super::release_at_exit(model);
    Ok(())
}

/// The state of one streaming run: what was written and what was seen.
struct Run<'m> {
    model: &'m Arc<Model>,
    writer: ChunkWriter,
    bar: ProgressBar,
    /// Rows to predict in all.
    total: usize,
    /// Summed over the chunks.
    stats: InferenceStats,
    /// Rows (counted from the shard's first) whose scores were bad.
    bad_rows: Vec<usize>,
}

impl Run<'_> {
    /// Predicts and writes rows `rows` of one chunk.
    fn chunk(
        &mut self,
        dataset: &crate::data::Dataset,
        rows: Range<usize>,
        opts: &InferenceOptions,
    ) -> Result<()> {
        let labels = &self.model.labels;
        let texts = &dataset.texts()?[rows.clone()];
        let gold = dataset.gold_labels(labels)?;
        let column = dataset.df.column(&dataset.text_column)?;
        let shared = Texts::from_column(&column.slice(rows.start as i64, rows.len()))?;
        let job = spawn_inference(self.model.clone(), shared, opts.clone());
        let before = self.stats.rows;
        let (bar, total) = (&mut self.bar, self.total);
        let predictions = job.wait(labels.len(), |done, _| bar.update(before + done, total))?;
        self.add(&predictions.stats);
        let bad = bad_score_rows(&predictions.probs, labels.len());
        self.bad_rows.extend(bad.iter().map(|r| before + r));
        let gold = gold.as_ref().map(|g| &g.index[rows.clone()]);
        let ids = &dataset.ids[rows];
        let mut frame = prediction_frame(ids, texts, gold, labels, &predictions)?;
        self.writer.write(&mut frame)
    }

    fn add(&mut self, s: &InferenceStats) {
        let t = &mut self.stats;
        t.rows += s.rows;
        t.computed += s.computed;
        t.from_cache += s.from_cache;
        t.cut += s.cut;
        t.batches += s.batches;
        t.workers = t.workers.max(s.workers);
        t.tokenize += s.tokenize;
        t.session_run += s.session_run;
        let cut = cut_note(s.cut, self.model);
        for note in &s.notes {
            if Some(note) != cut.as_ref() && !t.notes.contains(note) {
                t.notes.push(note.clone());
            }
        }
    }

    /// The summary line, the notes, and the timings when asked for.
    fn report(
        &mut self,
        data: &Path,
        (data_time, model_time): (Duration, Duration),
        timings: bool,
    ) {
        let s = &self.stats;
        self.bar.finish(&format!(
            "predicted {} rows ({} run, {} from cache) in {:.2}s",
            s.rows,
            s.computed,
            s.from_cache,
            s.total.as_secs_f64()
        ));
        for note in cut_note(s.cut, self.model).iter().chain(&s.notes) {
            eprintln!("note: {note}");
        }
        let probabilities = matches!(self.model.scores_output().1, OutputRole::Probabilities);
        if let Some(note) = bad_scores_note(&self.bad_rows, probabilities) {
            eprintln!("note: {}: {note}", data.display());
        }
        if timings {
            super::run::print_timings(s, self.model, data_time, model_time);
        }
    }
}

/// With `--shard I/N`, an `--out` that is a folder (or ends in `/`) gets `part-I.parquet`.
fn output_path(out: &Path, shard: Option<Shard>) -> Result<PathBuf> {
    let Some(shard) = shard else {
        return Ok(out.to_path_buf());
    };
    let folder = out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/');
    if !folder {
        return Ok(out.to_path_buf());
    }
    std::fs::create_dir_all(out)
        .map_err(|e| user_error!("cannot create the folder {}: {e}", out.display()))?;
    Ok(out.join(format!("part-{}.parquet", shard.index)))
}

/// id, text, label, prediction, confidence, correct, then `p_<class>` per
/// class: row `i` of each slice is prediction row `i`.
fn prediction_frame(
    ids: &[u64],
    texts: &[&str],
    gold: Option<&[Option<usize>]>,
    labels: &[String],
    p: &Predictions,
) -> Result<DataFrame> {
    let n = ids.len();
    let ids: Vec<String> = ids.iter().map(|&id| format_id(id)).collect();
    let preds: Vec<Option<usize>> = (0..n).map(|r| p.predicted(r)).collect();
    let gold: Vec<Option<usize>> = gold.map_or_else(|| vec![None; n], <[_]>::to_vec);
    let name = |i: Option<usize>| i.map(|i| labels[i].clone());
    let mut columns = vec![
        Column::new("id".into(), ids),
        Column::new("text".into(), texts),
        Column::new(
            "label".into(),
            gold.iter().map(|&g| name(g)).collect::<Vec<_>>(),
        ),
        Column::new(
            "prediction".into(),
            preds.iter().map(|&q| name(q)).collect::<Vec<_>>(),
        ),
        Column::new(
            "confidence".into(),
            (0..n)
                .map(|r| p.row(r).iter().copied().fold(f32::NAN, f32::max))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "correct".into(),
            gold.iter()
                .zip(&preds)
                .map(|(g, q)| g.zip(*q).map(|(g, q)| g == q))
                .collect::<Vec<_>>(),
        ),
    ];
    for (c, label) in labels.iter().enumerate() {
        columns.push(Column::new(
            format!("p_{label}").into(),
            (0..n).map(|r| p.row(r)[c]).collect::<Vec<f32>>(),
        ));
    }
    Ok(DataFrame::new(n, columns)?)
}
