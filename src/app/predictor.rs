//! Predictions the app asks for one text at a time: drafts being typed
//! (newest wins) and new rows (every one, with every model and the main
//! model's vector). Each runs as a job on the runner.

use std::sync::Arc;

use super::action::PredictedRow;
use super::update::results::{APP, ROW};
use crate::jobs::cache::{CachedRow, PredictionCache};
use crate::jobs::runner::{Job, Payload};
use crate::model::Model;

/// A draft for `owner`: the main model's probabilities, as `Vec<f32>`.
pub fn draft_job(owner: &'static str, model: Arc<Model>, text: String) -> Job {
    Job::latest(owner, "draft", move |_| {
        let probs = predict_one(&model, &text).map_err(|e| format!("{e:#}"))?;
        Ok(Arc::new(probs) as Payload)
    })
}

/// New rows (an edit, or 500 from a generator): every model's
/// probabilities and the main model's vectors, as one job answering
/// `Vec<PredictedRow>`.
/// With `cache`, the answers are written to the prediction cache, so bulk
/// inference finds them after a restart.
pub fn rows_job(
    rows: Vec<(usize, String)>,
    model: Arc<Model>,
    compared: Vec<Arc<Model>>,
    cache: Option<CacheTarget>,
) -> Job {
    Job::every(APP, ROW, move |ctx| {
        let texts: Vec<&str> = rows.iter().map(|(_, t)| t.trim()).collect();
        // New rows also get the main model's vector, to place them in the Embeddings pane.
        let want_vector = model.embedding_source().is_some();
        let main = predict_many(&model, &texts, want_vector).map_err(|e| format!("{e:#}"))?;
        if let Some(c) = &cache {
            remember(c, &model, c.want_embeddings && want_vector, &texts, &main);
        }
        let mut others = Vec::new();
        for m in &compared {
            if ctx.cancelled() {
                return Err("cancelled".into());
            }
            let out = predict_many(m, &texts, false).map_err(|e| format!("{e:#}"))?;
            if let Some(c) = &cache {
                remember(c, m, false, &texts, &out);
            }
            others.push(out);
        }
        let answers: Vec<PredictedRow> = rows
            .iter()
            .zip(main)
            .enumerate()
            .map(|(k, (&(row, _), (probs, embedding)))| PredictedRow {
                row,
                probs,
                compared: others.iter().map(|o| o[k].0.clone()).collect(),
                embedding,
            })
            .collect();
        Ok(Arc::new(answers) as Payload)
    })
}

/// Where bulk inference keeps its cache, and whether it asked for vectors
/// (the two kinds of entry are kept apart).
#[derive(Debug, Clone)]
pub struct CacheTarget {
    pub root: std::path::PathBuf,
    pub want_embeddings: bool,
}

/// Writes new rows' answers where bulk inference looks for them (keyed as it
/// keys them). A cache that cannot be written costs time later, not this result.
fn remember(c: &CacheTarget, model: &Model, with_vector: bool, texts: &[&str], scored: &[Scored]) {
    let hash = model.cache_key ^ u64::from(with_vector);
    let mut cache = PredictionCache::for_writing(&c.root, hash, model.labels.len());
    for (text, (probs, embedding)) in texts.iter().zip(scored) {
        if with_vector && embedding.is_none() {
            continue;
        }
        let row = CachedRow {
            probs: probs.clone(),
            embedding: embedding.clone().filter(|_| with_vector),
        };
        cache.insert(xxhash_rust::xxh3::xxh3_64(text.as_bytes()), row);
    }
    let _ = cache.flush();
}

/// Probabilities (and vectors) of many texts, in batches of rows with the
/// same token count: no padding, so each row gets what it would alone.
fn predict_many(model: &Model, texts: &[&str], vector: bool) -> anyhow::Result<Vec<Scored>> {
    let encoded = model.encode(texts)?;
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| encoded[i].len());
    let mut out = vec![(Vec::new(), None); texts.len()];
    let classes = model.labels.len();
    for group in order.chunk_by(|&a, &b| encoded[a].len() == encoded[b].len()) {
        for chunk in group.chunks(BATCH) {
            let batch: Vec<_> = chunk.iter().map(|&i| &encoded[i]).collect();
            let got = model.run_batch(model.replicas() - 1, &batch, vector)?;
            for (k, &i) in chunk.iter().enumerate() {
                let dim = got.embedding_dim;
                out[i] = (
                    got.probs[k * classes..(k + 1) * classes].to_vec(),
                    got.embeddings
                        .as_ref()
                        .map(|e| e[k * dim..(k + 1) * dim].to_vec()),
                );
            }
        }
    }
    Ok(out)
}

/// A text's probabilities, and its vector when asked for.
type Scored = (Vec<f32>, Option<Vec<f32>>);

/// Rows one `rows_job` batch holds at most.
const BATCH: usize = 32;

pub fn predict_one(model: &Model, text: &str) -> anyhow::Result<Vec<f32>> {
    predict_with_vector(model, text, false).map(|(p, _)| p)
}

/// Probabilities, and the vector when asked for and the model gives one.
pub fn predict_with_vector(
    model: &Model,
    text: &str,
    vector: bool,
) -> anyhow::Result<(Vec<f32>, Option<Vec<f32>>)> {
    let encoded = model.encode(&[text.trim()])?;
    let refs: Vec<_> = encoded.iter().collect();
    // The last session: bulk inference starts with the first.
    let out = model.run_batch(model.replicas() - 1, &refs, vector)?;
    Ok((out.probs, out.embeddings))
}
