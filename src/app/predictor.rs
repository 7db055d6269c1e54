//! Predictions the app asks for one text at a time: drafts being typed
//! (newest wins) and new rows (every one, with every model and the main
//! model's vector). Each runs as a job on the runner.

use std::sync::Arc;

use super::action::PredictedRow;
use super::update::results::{APP, ROW};
use crate::jobs::runner::{Job, Payload};
use crate::model::Model;

/// A draft for `owner`: the main model's probabilities, as `Vec<f32>`.
pub fn draft_job(owner: &'static str, model: Arc<Model>, text: String) -> Job {
    Job::latest(owner, "draft", move |_| {
        let probs = predict_one(&model, &text).map_err(|e| format!("{e:#}"))?;
        Ok(Arc::new(probs) as Payload)
    })
}

/// A new row: every model's probabilities and the main model's vector.
pub fn row_job(row: usize, text: String, model: Arc<Model>, compared: Vec<Arc<Model>>) -> Job {
    Job::every(APP, ROW, move |_| {
        // New rows also get the main model's vector, to place them in the Embeddings pane.
        let want_vector = model.embedding_source().is_some();
        let (probs, embedding) =
            predict_with_vector(&model, &text, want_vector).map_err(|e| format!("{e:#}"))?;
        let compared = compared
            .iter()
            .filter_map(|m| predict_one(m, &text).ok())
            .collect();
        Ok(Arc::new(PredictedRow {
            row,
            probs,
            compared,
            embedding,
        }) as Payload)
    })
}

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
