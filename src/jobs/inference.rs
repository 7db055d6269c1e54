//! Inference over many texts on a blocking worker thread. The caller gets
//! events (progress, rows as they finish, the end) on a tokio channel, and can
//! cancel between batches.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use tokio::sync::mpsc;
use xxhash_rust::xxh3::xxh3_64;

use super::batching::{self, BatchPolicy};
use super::cache::PredictionCache;
use crate::data::Texts;
use crate::data::precomputed::Precomputed;
use crate::model::Model;

mod outbox;
mod pool;
use outbox::Outbox;
pub use outbox::RowsTicket;
use pool::{BatchPool, FinishedRow, Merged, send_rows};

#[derive(Clone)]
pub struct InferenceOptions {
    pub batch: BatchPolicy,
    pub want_embeddings: bool,
    /// `None` turns the cache off.
    pub cache_root: Option<std::path::PathBuf>,
    /// Scores made elsewhere (`--predictions`): texts found there are not run.
    pub precomputed: Option<Arc<Precomputed>>,
    /// Whether the first rows are the predictions file's own, in order (the
    /// app opened on it with no --data): matched by position, not by text.
    pub rows_are_precomputed: bool,
    /// Whether the sessions give back their working memory at the end (the
    /// app's bulk run: what follows are single edits, and projections that
    /// want the memory).
    pub release_after: bool,
}

impl Default for InferenceOptions {
    fn default() -> Self {
        Self {
            batch: BatchPolicy::default(),
            want_embeddings: true,
            cache_root: crate::paths::cache_root(),
            precomputed: None,
            rows_are_precomputed: false,
            release_after: false,
        }
    }
}

/// What the worker reports.
#[derive(Debug)]
pub enum InferenceEvent {
    /// Rows finished (from the model or the cache), by input index.
    Rows {
        indices: Vec<usize>,
        /// `indices.len() × classes`.
        probs: Vec<f32>,
        embeddings: Option<Vec<f32>>,
        embedding_dim: usize,
        /// Keeps the rows counted as in flight until this event is dropped.
        ticket: RowsTicket,
    },
    Progress {
        done: usize,
        total: usize,
    },
    Finished(InferenceStats),
    Failed(String),
    Cancelled,
}

/// Where the time went, for benchmarks and the footer.
#[derive(Debug, Clone, Default)]
pub struct InferenceStats {
    pub rows: usize,
    /// Distinct texts the model actually ran on.
    pub computed: usize,
    pub from_cache: usize,
    /// Distinct texts whose scores came from a predictions file.
    pub from_file: usize,
    /// Rows cut to the model's character budget (said in `notes`).
    pub cut: usize,
    /// What the user should know about this run, one sentence each.
    pub notes: Vec<String>,
    pub batches: usize,
    /// Sessions that ran batches side by side.
    pub workers: usize,
    pub tokenize: Duration,
    /// Summed over workers.
    pub session_run: Duration,
    pub total: Duration,
}

/// A running inference job.
pub struct InferenceJob {
    pub events: mpsc::UnboundedReceiver<InferenceEvent>,
    cancel: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl InferenceJob {
    /// Asks the worker to stop after the batch in flight.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// A handle that cancels this job from elsewhere (a signal handler, the UI).
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    /// Blocks until the end, calling `on_progress`, and gathers all rows.
    pub fn wait(
        mut self,
        classes: usize,
        mut on_progress: impl FnMut(usize, usize),
    ) -> Result<Predictions> {
        let mut out = Predictions::empty(0, classes);
        while let Some(event) = self.events.blocking_recv() {
            match event {
                InferenceEvent::Rows {
                    indices,
                    probs,
                    embeddings,
                    embedding_dim,
                    ..
                } => out.fill(&indices, &probs, embeddings.as_deref(), embedding_dim),
                InferenceEvent::Progress { done, total } => {
                    out.ensure_rows(total);
                    on_progress(done, total);
                }
                InferenceEvent::Finished(stats) => {
                    out.stats = stats;
                    break;
                }
                InferenceEvent::Failed(e) => {
                    return Err(anyhow::Error::new(crate::error::UserError::new(e)));
                }
                InferenceEvent::Cancelled => anyhow::bail!("inference was cancelled"),
            }
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        Ok(out)
    }
}

pub use super::predictions::{Predictions, argmax};

/// Starts inference of `texts` on a blocking worker thread.
pub fn spawn_inference(
    model: Arc<Model>,
    texts: impl Into<Texts>,
    opts: InferenceOptions,
) -> InferenceJob {
    let texts = texts.into();
    let (tx, rx) = mpsc::unbounded_channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let thread = std::thread::Builder::new()
        .name("inference".into())
        .spawn(move || {
            crate::priority::background();
            let tx = Outbox::new(tx, flag.clone());
            let outcome = run(&model, &texts, &opts, &flag, &tx);
            if opts.release_after {
                model.release_working_memory();
            }
            let last = match outcome {
                Ok(Some(stats)) => InferenceEvent::Finished(stats),
                Ok(None) => InferenceEvent::Cancelled,
                Err(e) => InferenceEvent::Failed(format!("{e:#}")),
            };
            tx.send(last);
        })
        .ok();
    InferenceJob {
        events: rx,
        cancel,
        thread,
    }
}

/// The worker: cache lookups, tokenization, batches. `Ok(None)` when cancelled.
fn run(
    model: &Model,
    texts: &Texts,
    opts: &InferenceOptions,
    cancel: &AtomicBool,
    tx: &Outbox,
) -> Result<Option<InferenceStats>> {
    let started = Instant::now();
    let classes = model.labels.len();
    let want_embeddings = opts.want_embeddings && model.embedding_source().is_some();
    let total = texts.len();
    let mut stats = InferenceStats {
        rows: total,
        ..Default::default()
    };
    tx.send(InferenceEvent::Progress { done: 0, total });
    let aligned = send_aligned(texts.len(), opts, want_embeddings, tx, &mut stats);
    let texts = || texts.iter().skip(aligned);

    let budget = model.char_budget();
    stats.cut = texts()
        .filter(|t| t.len() > budget && t.chars().count() > budget)
        .count();
    stats.notes.extend(cut_note(stats.cut, model));
    let (by_text, unique) = distinct_texts(texts(), aligned);
    let mut cache = opts.cache_root.as_deref().map(|root| {
        let key = model.cache_key ^ u64::from(want_embeddings);
        PredictionCache::open_for(root, key, classes, |k| by_text.contains_key(&k))
    });
    if let Some(dropped) = cache
        .as_ref()
        .map(PredictionCache::dropped)
        .filter(|&d| d > 0)
    {
        stats.notes.push(format!(
            "{dropped} damaged cache segments were deleted; their rows were computed again"
        ));
    }
    let (todo, hits) = split_cached(&unique, cache.as_ref(), want_embeddings);
    let (todo, given) = split_precomputed(todo, opts.precomputed.as_deref());
    if model.is_precomputed() && !todo.is_empty() {
        return Err(crate::user_error!(
            "{} have no prediction in {} (the first: \"{}\"); give --model to predict them",
            crate::plural::rows(todo.iter().map(|(k, _)| by_text[k].len()).sum()),
            model.name,
            crate::error::short(todo[0].1, 60)
        ));
    }
    let mut done = aligned;
    if !given.is_empty() {
        done += send_rows(tx, &by_text, &given, classes);
        stats.from_file += given.len();
        if let Some(pre) = &opts.precomputed {
            stats.notes.push(format!(
                "the scores of {} came from {}",
                crate::plural::rows(given.len()),
                pre.source.display()
            ));
        }
        tx.send(InferenceEvent::Progress { done, total });
    }
    if let Some(c) = cache.as_mut().filter(|_| !hits.is_empty()) {
        done += send_cached(tx, &by_text, c, &hits, want_embeddings, classes);
        stats.from_cache = hits.len();
        tx.send(InferenceEvent::Progress { done, total });
    }

    let merged = Mutex::new(Merged {
        cache,
        done,
        stats,
        error: None,
    });
    let mut workers = 1;
    let policy = opts.batch.per_session(model.replicas());
    // Tokenized a chunk at a time: an encoding takes about 100 bytes a token,
    // so encoding a million rows at once held gigabytes.
    for chunk in todo.chunks(ENCODE_CHUNK) {
        let t0 = Instant::now();
        let chunk_texts: Vec<&str> = chunk.iter().map(|(_, t)| *t).collect();
        let encoded = model.encode(&chunk_texts)?;
        if let Ok(mut m) = merged.lock() {
            m.stats.tokenize += t0.elapsed();
        }
        let lengths: Vec<usize> = encoded.iter().map(|e| e.len()).collect();
        let batches = batching::plan(&lengths, policy);
        let pool = BatchPool {
            model,
            tx,
            by_text: &by_text,
            todo: chunk,
            encoded: &encoded,
            batches: &batches,
            classes,
            total,
            want_embeddings,
            cancel,
            next: AtomicUsize::new(0),
            failed: AtomicBool::new(false),
            merged: &merged,
        };
        // One worker per session replica pulls the next batch; results are merged under a lock.
        workers = model.replicas().min(batches.len()).max(1);
        std::thread::scope(|scope| {
            for replica in 0..workers {
                let pool = &pool;
                scope.spawn(move || pool.work(replica));
            }
        });
        if pool.failed.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
            break;
        }
    }
    finish(merged, workers, cancel, started)
}

/// Says how many rows were cut to the model's character budget, if any were.
pub fn cut_note(cut: usize, model: &Model) -> Option<String> {
    let rows = if cut == 1 { "row was" } else { "rows were" };
    (cut > 0).then(|| {
        format!(
            "{cut} {rows} cut to {} characters before tokenizing (the model reads at most {} tokens)",
            model.char_budget(),
            model.max_length
        )
    })
}

/// Distinct texts tokenized at a time (see `run`).
const ENCODE_CHUNK: usize = 8192;

/// Sends the scores of the rows that are the predictions file's own (see
/// `InferenceOptions::rows_are_precomputed`) in one message; how many.
fn send_aligned(
    rows: usize,
    opts: &InferenceOptions,
    want_embeddings: bool,
    tx: &Outbox,
    stats: &mut InferenceStats,
) -> usize {
    let Some(pre) = opts
        .precomputed
        .as_ref()
        .filter(|_| opts.rows_are_precomputed)
    else {
        return 0;
    };
    let n = pre.len().min(rows);
    let classes = pre.labels.len();
    let embeddings = pre.embeddings.as_ref().filter(|_| want_embeddings);
    tx.send_rows(
        (0..n).collect(),
        pre.probs[..n * classes].to_vec(),
        embeddings.map(|(e, dim)| e[..n * dim].to_vec()),
        embeddings.map_or(0, |(_, dim)| *dim),
    );
    tx.send(InferenceEvent::Progress {
        done: n,
        total: rows,
    });
    stats.from_file = n;
    stats.notes.push(format!(
        "the scores of {} came from {}",
        crate::plural::rows(n),
        pre.source.display()
    ));
    n
}

/// The trimmed texts, each once (duplicates run once): rows by text key
/// (numbered from `first`), and the distinct (key, text) pairs in first-seen order.
#[allow(clippy::type_complexity)]
fn distinct_texts<'t>(
    texts: impl Iterator<Item = &'t str>,
    first: usize,
) -> (HashMap<u64, Vec<usize>>, Vec<(u64, &'t str)>) {
    let mut by_text: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut unique: Vec<(u64, &str)> = Vec::new();
    for (i, t) in (first..).zip(texts) {
        let t = t.trim();
        let key = xxh3_64(t.as_bytes());
        let rows = by_text.entry(key).or_default();
        if rows.is_empty() {
            unique.push((key, t));
        }
        rows.push(i);
    }
    (by_text, unique)
}

/// Splits the distinct texts into those still to run and the keys of those
/// the cache has (their rows are copied out a chunk at a time, `send_cached`).
fn split_cached<'t>(
    unique: &[(u64, &'t str)],
    cache: Option<&PredictionCache>,
    want_embeddings: bool,
) -> (Vec<(u64, &'t str)>, Vec<u64>) {
    let mut todo = Vec::with_capacity(unique.len());
    let mut hits = Vec::new();
    for &(key, text) in unique {
        match cache.and_then(|c| c.get(key, want_embeddings)) {
            Some(_) => hits.push(key),
            None => todo.push((key, text)),
        }
    }
    (todo, hits)
}

/// Cached rows are moved out of the cache and sent a chunk at a time: all at
/// once held every vector twice more (the copies and the message) while the
/// app stored them a third time.
const SEND_CHUNK: usize = 8192;

/// Sends the cached rows of `keys`; how many data rows they fill.
fn send_cached(
    tx: &Outbox,
    by_text: &HashMap<u64, Vec<usize>>,
    cache: &mut PredictionCache,
    keys: &[u64],
    want_embeddings: bool,
    classes: usize,
) -> usize {
    let mut sent = 0;
    for chunk in keys.chunks(SEND_CHUNK) {
        let rows: Vec<FinishedRow> = chunk
            .iter()
            .filter_map(|&k| {
                let row = cache.take(k, want_embeddings)?;
                Some((k, row.probs, row.embedding))
            })
            .collect();
        sent += send_rows(tx, by_text, &rows, classes);
    }
    sent
}

/// Splits the texts still to run into those the predictions file has, and the rest.
fn split_precomputed<'t>(
    todo: Vec<(u64, &'t str)>,
    precomputed: Option<&Precomputed>,
) -> (Vec<(u64, &'t str)>, Vec<FinishedRow>) {
    let Some(pre) = precomputed else {
        return (todo, Vec::new());
    };
    let mut rest = Vec::with_capacity(todo.len());
    let mut given = Vec::new();
    for (key, text) in todo {
        match pre.find_key(key) {
            Some(r) => given.push((
                key,
                pre.row(r).to_vec(),
                pre.embedding(r).map(<[f32]>::to_vec),
            )),
            None => rest.push((key, text)),
        }
    }
    (rest, given)
}

/// Flushes the cache and turns what the workers left into the outcome.
fn finish(
    merged: Mutex<Merged>,
    workers: usize,
    cancel: &AtomicBool,
    started: Instant,
) -> Result<Option<InferenceStats>> {
    let Merged {
        mut cache,
        mut stats,
        error,
        ..
    } = merged
        .into_inner()
        .map_err(|_| anyhow::anyhow!("an inference worker panicked"))?;
    stats.workers = workers;
    if let Some(c) = cache.as_mut() {
        // A cache that cannot be written costs speed next time, not this result.
        let _ = c.flush();
    }
    if let Some(e) = error {
        return Err(e);
    }
    if cancel.load(Ordering::Relaxed) {
        return Ok(None);
    }
    stats.total = started.elapsed();
    Ok(Some(stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argmax_takes_the_first_of_ties_and_refuses_nan() {
        assert_eq!(argmax(&[0.2, 0.4, 0.4]), Some(1));
        assert_eq!(argmax(&[f32::NAN, 1.0]), None);
    }

    #[test]
    fn predictions_fill_rows_in_any_order() {
        let mut p = Predictions::empty(0, 2);
        p.fill(&[2, 0], &[0.1, 0.9, 0.8, 0.2], Some(&[1.0, 2.0]), 1);
        assert_eq!(p.rows(), 3);
        assert_eq!(p.predicted(2), Some(1));
        assert_eq!(p.predicted(1), None);
        assert_eq!(p.embedding(0), Some(&[2.0][..]));
    }
}
