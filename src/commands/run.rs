//! The pipeline the headless commands share: read data, load the model, map
//! gold labels, predict every row with a progress bar. (`predict` streams
//! instead: `commands::predict`.)

use std::sync::Arc;

use anyhow::Result;

use crate::cli::{DataArgs, ModelArgs, RunArgs};
use crate::data::{Dataset, GoldLabels};
use crate::jobs::predictions::{bad_score_rows, bad_scores_note};
use crate::jobs::{InferenceOptions, Predictions, spawn_inference};
use crate::model::{Model, OutputRole};
use crate::progress::ProgressBar;

pub struct Evaluated {
    pub dataset: Dataset,
    /// What made the scores: the model's name, or the predictions file's.
    pub name: String,
    /// None when the scores all came from a predictions file.
    pub model: Option<Arc<Model>>,
    pub labels: Vec<String>,
    pub gold: Option<GoldLabels>,
    pub predictions: Predictions,
    /// Rows whose scores came back NaN or not as probabilities, and the note
    /// that names them.
    pub bad_rows: Vec<usize>,
    pub bad_note: Option<String>,
}

impl Evaluated {
    /// The model, for commands that run it further (salience, generators).
    pub fn model(&self) -> Result<&Arc<Model>> {
        self.model.as_ref().ok_or_else(|| {
            crate::user_error!("this needs --model: precomputed predictions have no model to run")
        })
    }
}

pub fn evaluate(model_args: &ModelArgs, data_args: &DataArgs, run: &RunArgs) -> Result<Evaluated> {
    evaluate_with(model_args, data_args, run, false)
}

/// As `evaluate`, keeping the model's vectors when `embeddings` is set.
pub fn evaluate_with(
    model_args: &ModelArgs,
    data_args: &DataArgs,
    run: &RunArgs,
    embeddings: bool,
) -> Result<Evaluated> {
    let started = std::time::Instant::now();
    // Data first: a bad data file should fail before the model takes time to load.
    let dataset = Dataset::load(&data_args.options())?;
    let data_time = started.elapsed();
    for note in &dataset.notes {
        eprintln!("note: {}: {note}", dataset.path.display());
    }
    let model = Model::load(&model_args.options())?;
    let model_time = started.elapsed() - data_time;
    if let Some(note) = &model.device_note {
        eprintln!("note: {note}");
    }
    let labels = model.labels.clone();
    let gold = dataset.gold_labels(&labels)?;
    let texts: Vec<String> = dataset.texts()?.iter().map(|t| t.to_string()).collect();

    let model = Arc::new(model);
    let opts = InferenceOptions {
        batch: run.batch_policy(),
        // Only `project` needs the vectors; the others don't pay for copying them.
        want_embeddings: embeddings,
        cache_root: if run.no_cache {
            None
        } else {
            crate::paths::cache_root()
        },
        ..Default::default()
    };
    let job = spawn_inference(model.clone(), texts, opts);
    let mut bar = ProgressBar::new("predicting");
    let predictions = job.wait(labels.len(), |done, total| bar.update(done, total))?;
    let s = &predictions.stats;
    bar.finish(&format!(
        "predicted {} rows ({} run, {} from cache) in {:.2}s",
        s.rows,
        s.computed,
        s.from_cache,
        s.total.as_secs_f64()
    ));
    for note in &s.notes {
        eprintln!("note: {note}");
    }
    let bad_rows = bad_score_rows(&predictions.probs, labels.len());
    let probabilities = matches!(model.scores_output().1, OutputRole::Probabilities);
    let bad_note = bad_scores_note(&bad_rows, probabilities);
    if let Some(note) = &bad_note {
        eprintln!("note: {}: {note}", dataset.path.display());
    }
    if run.timings {
        print_timings(s, &model, data_time, model_time);
    }
    Ok(Evaluated {
        dataset,
        name: model.name.clone(),
        model: Some(model),
        labels,
        gold,
        predictions,
        bad_rows,
        bad_note,
    })
}

/// `--timings`: where a run's time went.
pub(super) fn print_timings(
    s: &crate::jobs::inference::InferenceStats,
    model: &Model,
    data_time: std::time::Duration,
    model_time: std::time::Duration,
) {
    // Worker time: each session's share of the wall clock, summed.
    let worker_time = s.total.as_secs_f64().max(1e-9) * s.workers.max(1) as f64;
    let run_s = s.session_run.as_secs_f64();
    eprintln!(
        "timings: {} batches on {} sessions x {} threads; inside session.run {:.1}% of worker time ({run_s:.3}s summed), tokenize {:.3}s, wall {:.3}s",
        s.batches,
        s.workers,
        model.threads.intra_threads,
        100.0 * run_s / worker_time,
        s.tokenize.as_secs_f64(),
        s.total.as_secs_f64()
    );
    eprintln!(
        "timings: reading data {:.3}s, loading the model {:.3}s",
        data_time.as_secs_f64(),
        model_time.as_secs_f64()
    );
}
