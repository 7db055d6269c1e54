//! The batches of one inference run, pulled by one worker per session, and
//! the rows they send back.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{InferenceEvent, InferenceStats, Outbox};
use crate::jobs::cache::{CachedRow, PredictionCache};
use crate::model::{BatchOutput, Encoded, Model};

/// The batches of one run, pulled by the workers one at a time.
pub(super) struct BatchPool<'a> {
    pub(super) model: &'a Model,
    pub(super) tx: &'a Outbox,
    pub(super) by_text: &'a HashMap<u64, Vec<usize>>,
    /// The distinct texts the model runs on; batches index into it.
    pub(super) todo: &'a [(u64, &'a str)],
    pub(super) encoded: &'a [Encoded],
    pub(super) batches: &'a [Vec<usize>],
    pub(super) classes: usize,
    pub(super) total: usize,
    pub(super) want_embeddings: bool,
    pub(super) cancel: &'a AtomicBool,
    pub(super) next: AtomicUsize,
    /// Set by the first failing batch: the others stop.
    pub(super) failed: AtomicBool,
    pub(super) merged: &'a Mutex<Merged>,
}

impl BatchPool<'_> {
    /// One worker: runs batches on session `replica` until none is left, the
    /// job is cancelled, or a batch fails.
    pub(super) fn work(&self, replica: usize) {
        while let Some(batch) = self.next_batch() {
            let inputs: Vec<&Encoded> = batch.iter().map(|&i| &self.encoded[i]).collect();
            let t = Instant::now();
            let out = self.model.run_batch(replica, &inputs, self.want_embeddings);
            let spent = t.elapsed();
            let Ok(mut m) = self.merged.lock() else { break };
            match out {
                Ok(out) => self.record(&mut m, batch, &out, spent),
                Err(e) => {
                    self.failed.store(true, Ordering::Relaxed);
                    m.error.get_or_insert(e);
                    break;
                }
            }
        }
    }

    fn next_batch(&self) -> Option<&[usize]> {
        let b = self.next.fetch_add(1, Ordering::Relaxed);
        if b >= self.batches.len()
            || self.cancel.load(Ordering::Relaxed)
            || self.failed.load(Ordering::Relaxed)
        {
            return None;
        }
        // Longest batches first, so the workers finish together on short ones.
        Some(&self.batches[self.batches.len() - 1 - b])
    }

    /// Caches a finished batch and sends its rows and the progress.
    fn record(&self, m: &mut Merged, batch: &[usize], out: &BatchOutput, spent: Duration) {
        let (classes, dim) = (self.classes, out.embedding_dim);
        m.stats.session_run += spent;
        m.stats.batches += 1;
        let rows: Vec<FinishedRow> = batch
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let probs = out.probs[k * classes..(k + 1) * classes].to_vec();
                let emb = out
                    .embeddings
                    .as_ref()
                    .map(|e| e[k * dim..(k + 1) * dim].to_vec());
                (self.todo[i].0, probs, emb)
            })
            .collect();
        if let Some(c) = m.cache.as_mut() {
            for (key, probs, emb) in &rows {
                c.insert(
                    *key,
                    CachedRow {
                        probs: probs.clone(),
                        embedding: emb.clone(),
                    },
                );
            }
        }
        m.stats.computed += rows.len();
        m.done += send_rows(self.tx, self.by_text, &rows, classes);
        self.tx.send(InferenceEvent::Progress {
            done: m.done,
            total: self.total,
        });
    }
}

/// What the workers share while they run.
pub(super) struct Merged {
    pub(super) cache: Option<PredictionCache>,
    pub(super) done: usize,
    pub(super) stats: InferenceStats,
    pub(super) error: Option<anyhow::Error>,
}

/// A finished distinct text: its key, probabilities and embedding.
pub(super) type FinishedRow = (u64, Vec<f32>, Option<Vec<f32>>);

/// Sends finished unique texts as rows (fanning out to duplicates); returns how many rows.
pub(super) fn send_rows(
    tx: &Outbox,
    by_text: &HashMap<u64, Vec<usize>>,
    rows: &[FinishedRow],
    classes: usize,
) -> usize {
    let mut indices = Vec::new();
    let mut probs = Vec::new();
    let mut embeddings: Option<Vec<f32>> = None;
    let mut dim = 0;
    for (key, p, emb) in rows {
        for &i in by_text.get(key).map(Vec::as_slice).unwrap_or_default() {
            indices.push(i);
            probs.extend_from_slice(&p[..classes]);
            if let Some(e) = emb {
                dim = e.len();
                embeddings.get_or_insert_with(Vec::new).extend_from_slice(e);
            }
        }
    }
    let n = indices.len();
    tx.send_rows(indices, probs, embeddings, dim);
    n
}
