//! Class probabilities for a list of texts, now: length-sorted batches spread
//! over the model's sessions. The plain call that salience methods (LIME,
//! leave-one-out) and other interactive work need; bulk inference over a data
//! set goes through `jobs::inference` with its cache instead.

use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Result;

use super::Model;

/// Probabilities by input index, as one worker found them.
type IndexedRows = Vec<(usize, Vec<f32>)>;

impl Model {
    /// Probabilities per text (one row of `labels.len()` each), in input order.
    pub fn predict_texts(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.runnable()?;
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encoded = self.encode(texts)?;
        let lengths: Vec<usize> = encoded.iter().map(|e| e.len()).collect();
        let batches = length_sorted_batches(&lengths);
        let classes = self.labels.len();
        let next = AtomicUsize::new(0);
        let workers = self.replicas().min(batches.len()).max(1);
        // Each worker takes the next batch and runs it on its own session.
        let done: Vec<Result<IndexedRows>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|replica| {
                    let (batches, encoded, next) = (&batches, &encoded, &next);
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        loop {
                            let b = next.fetch_add(1, Ordering::Relaxed);
                            let Some(batch) = batches.get(b) else {
                                return Ok(out);
                            };
                            let rows: Vec<_> = batch.iter().map(|&i| &encoded[i]).collect();
                            let result = self.run_batch(replica, &rows, false)?;
                            for (k, &i) in batch.iter().enumerate() {
                                out.push((
                                    i,
                                    result.probs[k * classes..(k + 1) * classes].to_vec(),
                                ));
                            }
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("a model worker panicked")))
                })
                .collect()
        });
        let mut probs = vec![Vec::new(); texts.len()];
        for part in done {
            for (i, p) in part? {
                probs[i] = p;
            }
        }
        Ok(probs)
    }
}

/// Padded tokens per batch and rows per batch (as `jobs::batching`'s defaults).
const BATCH_TOKENS: usize = 512;
const BATCH_ROWS: usize = 64;

/// Indices in ascending length, cut into batches of at most `BATCH_ROWS`
/// rows and `BATCH_TOKENS` padded tokens (a longer row runs alone).
fn length_sorted_batches(lengths: &[usize]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| (lengths[i], i));
    let mut batches: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    for i in order {
        let padded = (current.len() + 1) * lengths[i].max(1);
        if !current.is_empty() && (current.len() >= BATCH_ROWS || padded > BATCH_TOKENS) {
            batches.push(std::mem::take(&mut current));
        }
        current.push(i);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_row_in_length_order() {
        let batches = length_sorted_batches(&[300, 5, 300, 5]);
        assert_eq!(batches, vec![vec![1, 3], vec![0], vec![2]]);
    }
}
