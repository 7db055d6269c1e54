//! Interactive predictions (edits being typed, new datapoints) on their own
//! worker, newest first: of the drafts waiting, only the latest is run.

use std::sync::Arc;
use std::sync::mpsc;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, PredictedRows};
use crate::model::Model;

pub struct Request {
    pub request: u64,
    pub row: Option<usize>,
    pub text: String,
}

pub struct Predictor {
    tx: mpsc::Sender<Request>,
}

impl Predictor {
    pub fn spawn(
        model: Arc<Model>,
        compared: Vec<Arc<Model>>,
        events: UnboundedSender<Action>,
    ) -> Self {
        let (tx, rx) = mpsc::channel::<Request>();
        let _ = std::thread::Builder::new()
            .name("predictor".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut queue = vec![first];
                    queue.extend(rx.try_iter());
                    // Rows all run; of the drafts only the newest does.
                    let newest_draft = queue.iter().rposition(|r| r.row.is_none());
                    for (i, req) in queue.into_iter().enumerate() {
                        if req.row.is_none() && Some(i) != newest_draft {
                            continue;
                        }
                        // New rows also get the main model's vector, to place them in the Embeddings pane.
                        let want_vector = req.row.is_some() && model.embedding_source().is_some();
                        let (probs, embedding) =
                            match predict_with_vector(&model, &req.text, want_vector) {
                                Ok((p, v)) => (Ok(p), v),
                                Err(e) => (Err(format!("{e:#}")), None),
                            };
                        // Drafts are for the main model; new rows get every model's view.
                        let compared = if req.row.is_some() {
                            compared
                                .iter()
                                .filter_map(|m| predict_one(m, &req.text).ok())
                                .collect()
                        } else {
                            Vec::new()
                        };
                        let answer = PredictedRows {
                            request: req.request,
                            row: req.row,
                            probs,
                            compared,
                            embedding,
                        };
                        if events.send(Action::Predicted(answer)).is_err() {
                            return;
                        }
                    }
                }
            });
        Self { tx }
    }

    pub fn send(&self, request: Request) {
        let _ = self.tx.send(request);
    }
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
