//! Runs one padded batch through ONNX Runtime and turns outputs into probabilities
//! and embeddings.

use anyhow::{Context, Result};
use ort::session::{OutputSelector, RunOptions};
use ort::value::Tensor;

use super::{Encoded, Model, OutputRole};
use crate::user_error;

/// What one batch gives back, row-major.
#[derive(Debug, Clone, Default)]
pub struct BatchOutput {
    pub rows: usize,
    /// `rows × classes` probabilities.
    pub probs: Vec<f32>,
    /// `rows × dim` vectors, when the model gives them.
    pub embeddings: Option<Vec<f32>>,
    pub embedding_dim: usize,
}

impl Model {
    /// Tokenizes `texts` with the model's tokenizer and limit, each first cut
    /// to [`Model::char_budget`] characters (a 50 MB row is not tokenized whole).
    pub fn encode(&self, texts: &[&str]) -> Result<Vec<Encoded>> {
        let budget = self.char_budget();
        let cut: Vec<&str> = texts.iter().map(|t| cut_text(t, budget)).collect();
        super::tokenize::encode(&self.tokenizer, &cut)
    }

    /// Characters of a text worth tokenizing: far more than `max_length`
    /// tokens ever take, so the cut never changes the truncated result.
    pub fn char_budget(&self) -> usize {
        CHARS_PER_TOKEN * self.max_length.max(1)
    }

    /// Runs a batch, padded to its longest row, on session `replica` (see
    /// [`Model::replicas`]). `want_embeddings` adds the embedding output to the
    /// request when the model has one.
    pub fn run_batch(
        &self,
        replica: usize,
        batch: &[&Encoded],
        want_embeddings: bool,
    ) -> Result<BatchOutput> {
        self.run_batch_with(replica, batch, want_embeddings, false)
    }

    /// Hands back the working memory each session kept from its largest
    /// batch (ONNX Runtime's arena keeps it for the next run): about 70 MB a
    /// session for MiniLM at 2,048 tokens. For when a bulk run is over and
    /// the next runs are single edits. Makes no session; a failure is harmless.
    pub fn release_working_memory(&self) {
        if !self.started() || self.runnable().is_err() {
            return;
        }
        let Ok(encoded) = self.encode(&[""]) else {
            return;
        };
        for replica in 0..self.replicas() {
            // A one-token run, after which the arena gives back what it does not hold.
            let _ = self.run_batch_with(replica, &[&encoded[0]], false, true);
        }
    }

    fn run_batch_with(
        &self,
        replica: usize,
        batch: &[&Encoded],
        want_embeddings: bool,
        shrink: bool,
    ) -> Result<BatchOutput> {
        self.runnable()?;
        let rows = batch.len();
        if rows == 0 {
            return Ok(BatchOutput::default());
        }
        let seq = batch.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0i64; rows * seq];
        let mut mask = vec![0i64; rows * seq];
        for (r, enc) in batch.iter().enumerate() {
            for (c, &id) in enc.ids.iter().enumerate() {
                ids[r * seq + c] = i64::from(id);
                mask[r * seq + c] = 1;
            }
        }

        let (scores_name, scores_role) = {
            let (n, r) = self.scores_output();
            (n.to_string(), r.clone())
        };
        let embedding = if want_embeddings {
            self.embedding_source()
                .map(|(n, r)| (n.to_string(), r.clone()))
        } else {
            None
        };
        let mut selector = OutputSelector::no_default().with(&scores_name);
        if let Some((name, _)) = &embedding {
            selector = selector.with(name);
        }
        let mut options = RunOptions::new()?.with_outputs(selector);
        if shrink {
            options.set("memory.enable_memory_arena_shrinkage", "cpu:0")?;
        }

        let shape = [rows, seq];
        let mut inputs: Vec<(String, ort::session::SessionInputValue<'_>)> = Vec::with_capacity(3);
        let mut push = |name: &str, data: Vec<i64>| -> Result<()> {
            let value: ort::session::SessionInputValue<'_> = if self.int32_inputs {
                let data: Vec<i32> = data.into_iter().map(|v| v as i32).collect();
                Tensor::from_array((shape, data))?.into()
            } else {
                Tensor::from_array((shape, data))?.into()
            };
            inputs.push((name.to_string(), value));
            Ok(())
        };
        push(&self.inputs.input_ids, ids)?;
        if let Some(name) = self.inputs.attention_mask.clone() {
            push(&name, mask.clone())?;
        }
        if let Some(name) = self.inputs.token_type_ids.clone() {
            push(&name, vec![0; rows * seq])?;
        }

        let mut session = self.session(replica)?;
        let outputs = session
            .run_with_options(inputs, &options)
            .context("ONNX Runtime failed to run the model")?;

        let (scores_shape, scores) = outputs[scores_name.as_str()]
            .try_extract_tensor::<f32>()
            .map_err(|e| user_error!("output `{scores_name}` is not a float tensor: {e}"))?;
        let classes = scores_shape.last().copied().unwrap_or(0) as usize;
        if scores_shape.len() != 2
            || scores_shape[0] as usize != rows
            || classes != self.labels.len()
        {
            return Err(user_error!(
                "output `{scores_name}` has shape {scores_shape:?}, expected [{rows}, {}] (one score per class)",
                self.labels.len()
            ));
        }
        let probs = match scores_role {
            OutputRole::Logits => softmax_rows(scores, classes),
            _ => checked_probabilities(scores, classes),
        };

        let (embeddings, embedding_dim) = match &embedding {
            None => (None, 0),
            Some((name, role)) => {
                let (shape, data) = outputs[name.as_str()]
                    .try_extract_tensor::<f32>()
                    .map_err(|e| user_error!("output `{name}` is not a float tensor: {e}"))?;
                match role {
                    OutputRole::LastHiddenState if shape.len() == 3 => {
                        let dim = shape[2] as usize;
                        (Some(mean_pool(data, &mask, rows, seq, dim)), dim)
                    }
                    _ if shape.len() == 2 => (Some(data.to_vec()), shape[1] as usize),
                    _ => {
                        return Err(user_error!(
                            "output `{name}` has shape {shape:?}, which is not [batch, dim] or [batch, seq, dim]"
                        ));
                    }
                }
            }
        };
        Ok(BatchOutput {
            rows,
            probs,
            embeddings,
            embedding_dim,
        })
    }
}

/// Characters allowed per token of `max_length` before tokenizing.
pub const CHARS_PER_TOKEN: usize = 64;

/// `text` cut to at most `budget` characters, at a character boundary.
pub fn cut_text(text: &str, budget: usize) -> &str {
    if text.len() <= budget {
        return text;
    }
    match text.char_indices().nth(budget) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// How far a `probabilities` output may stray from 0..1 and a sum of 1.
pub const PROBABILITY_TOLERANCE: f32 = 0.01;

/// Softmax of each row, in f64 for stability, stored as f32. A row with a
/// NaN logit is all NaN (the caller counts it); `+inf` logits share the whole
/// probability, `-inf` ones get 0.
pub fn softmax_rows(logits: &[f32], classes: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(logits.len());
    for row in logits.chunks(classes.max(1)) {
        if row.iter().any(|x| x.is_nan()) {
            out.extend(std::iter::repeat_n(f32::NAN, row.len()));
            continue;
        }
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exps: Vec<f64> = if max == f32::INFINITY {
            row.iter()
                .map(|&x| if x == f32::INFINITY { 1.0 } else { 0.0 })
                .collect()
        } else if max == f32::NEG_INFINITY {
            vec![1.0; row.len()]
        } else {
            row.iter()
                .map(|&x| (f64::from(x) - f64::from(max)).exp())
                .collect()
        };
        let sum: f64 = exps.iter().sum();
        out.extend(exps.iter().map(|&e| (e / sum) as f32));
    }
    out
}

/// A `probabilities` output as it is, except rows that are not probabilities
/// (NaN, outside 0..1 or not summing to 1, within [`PROBABILITY_TOLERANCE`]),
/// which become NaN for the caller to count.
pub fn checked_probabilities(scores: &[f32], classes: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(scores.len());
    let t = PROBABILITY_TOLERANCE;
    for row in scores.chunks(classes.max(1)) {
        let in_range = row.iter().all(|&p| (-t..=1.0 + t).contains(&p));
        let sum: f32 = row.iter().sum();
        if in_range && (sum - 1.0).abs() <= t {
            out.extend_from_slice(row);
        } else {
            out.extend(std::iter::repeat_n(f32::NAN, row.len()));
        }
    }
    out
}

/// Mean of the token vectors where the mask is 1.
fn mean_pool(hidden: &[f32], mask: &[i64], rows: usize, seq: usize, dim: usize) -> Vec<f32> {
    let mut out = vec![0f32; rows * dim];
    for r in 0..rows {
        let mut count = 0f32;
        for s in 0..seq {
            if mask[r * seq + s] == 0 {
                continue;
            }
            count += 1.0;
            let token = &hidden[(r * seq + s) * dim..(r * seq + s + 1) * dim];
            for (o, &t) in out[r * dim..(r + 1) * dim].iter_mut().zip(token) {
                *o += t;
            }
        }
        if count > 0.0 {
            out[r * dim..(r + 1) * dim]
                .iter_mut()
                .for_each(|o| *o /= count);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_rows_sum_to_one() {
        let p = softmax_rows(&[1.0, 2.0, 3.0, 0.0, 0.0, 0.0], 3);
        assert!((p[0..3].iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!((p[3] - 1.0 / 3.0).abs() < 1e-6);
        assert!(p[2] > p[1] && p[1] > p[0]);
    }

    #[test]
    fn softmax_of_infinite_logits_is_not_nan() {
        let p = softmax_rows(&[f32::INFINITY, 0.0, f32::NEG_INFINITY, 1.0], 2);
        assert_eq!(p, vec![1.0, 0.0, 0.0, 1.0]);
        let p = softmax_rows(&[1e30, -1e30, f32::NAN, 0.0], 2);
        assert_eq!(&p[..2], &[1.0, 0.0]);
        assert!(p[2].is_nan() && p[3].is_nan());
    }

    #[test]
    fn probabilities_outside_the_tolerance_become_nan() {
        let p = checked_probabilities(&[0.4, 0.6, 0.551, 0.551, 0.499, 0.499, -0.5, 1.5], 2);
        assert_eq!(&p[..2], &[0.4, 0.6]);
        assert!(p[2].is_nan() && p[3].is_nan());
        assert_eq!(&p[4..6], &[0.499, 0.499]);
        assert!(p[6].is_nan());
    }

    #[test]
    fn cut_text_keeps_whole_characters() {
        assert_eq!(cut_text("héllo", 2), "hé");
        assert_eq!(cut_text("héllo", 10), "héllo");
        assert_eq!(cut_text("", 0), "");
    }

    #[test]
    fn mean_pool_skips_padding() {
        // Two rows, seq 2, dim 2; row 1 has one padded token.
        let hidden = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 100.0, 100.0];
        let mask = [1, 1, 1, 0];
        assert_eq!(mean_pool(&hidden, &mask, 2, 2, 2), vec![2.0, 3.0, 5.0, 6.0]);
    }
}
