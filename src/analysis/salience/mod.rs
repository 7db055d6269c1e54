//! Salience: which tokens of a text push a classifier toward a class.
//!
//! Pure functions over plain data (no I/O, no model types): the gradient
//! methods take gradients already computed, Integrated Gradients and LIME and
//! leave-one-out take closures that run the model. Long ones take a
//! [`Control`] for progress and cancellation, so a background job can call
//! them directly. Conventions follow LIT 1.3.1 (`lit_nlp/components`).

pub mod gradient;
pub mod ig;
pub mod lime;
pub mod loo;
pub mod ridge;

use std::sync::atomic::{AtomicBool, Ordering};

pub use gradient::{grad_dot_input, grad_l2};
pub use ig::{IgParams, integrated_gradients};
pub use lime::{LimeEstimate, LimeParams, lime};
pub use loo::leave_one_out;

/// Runs the model: class probabilities per text.
pub type Predict<'a> = dyn FnMut(&[String]) -> anyhow::Result<Vec<Vec<f32>>> + 'a;

/// The target's gradient at each embedding path point (each `tokens × dim`).
pub type PathGradients<'a> = dyn FnMut(&[Vec<f32>]) -> anyhow::Result<Vec<Vec<f32>>> + 'a;

/// A salience map: one score per token, in text order.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenSalience {
    pub tokens: Vec<String>,
    pub scores: Vec<f32>,
}

/// A run was cancelled through its [`Control`]; callers can downcast to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for Cancelled {}

/// Progress and cancellation for a long computation.
#[derive(Clone, Copy, Default)]
pub struct Control<'a> {
    /// Set it to stop at the next model call.
    pub cancel: Option<&'a AtomicBool>,
    /// Called with (done, total) model inputs.
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
}

impl Control<'_> {
    pub fn check(&self) -> anyhow::Result<()> {
        match self.cancel {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(Cancelled.into()),
            _ => Ok(()),
        }
    }

    pub fn report(&self, done: usize, total: usize) {
        if let Some(progress) = self.progress {
            progress(done, total);
        }
    }
}

/// LIT's `citrus.utils.normalize_scores`: add float32 epsilon, then divide by
/// the sum of absolute values, so |scores| sum to 1 and signs are kept.
pub fn normalize_signed(scores: &[f64]) -> Vec<f32> {
    let shifted: Vec<f64> = scores
        .iter()
        .map(|&s| s + f64::from(f32::EPSILON))
        .collect();
    let total: f64 = shifted.iter().map(|s| s.abs()).sum();
    shifted.iter().map(|&s| (s / total) as f32).collect()
}

/// LIT's GradientNorm normalisation: divide by the sum (scores are non-negative).
pub fn normalize_sum(scores: &[f64]) -> Vec<f32> {
    let total: f64 = scores.iter().sum();
    scores.iter().map(|&s| (s / total) as f32).collect()
}

/// Drops the first and last entries, as LIT's BERT models slice `[CLS]` and
/// the final `[SEP]` off their token fields before any salience is computed.
pub fn strip_special<T: Clone>(values: &[T]) -> Vec<T> {
    if values.len() < 2 {
        return Vec::new();
    }
    values[1..values.len() - 1].to_vec()
}

/// [`strip_special`] over rows of `dim` values (`tokens × dim`, row-major).
pub fn strip_special_rows<T: Clone>(values: &[T], dim: usize) -> Vec<T> {
    let tokens = values.len() / dim.max(1);
    if tokens < 2 {
        return Vec::new();
    }
    values[dim..(tokens - 1) * dim].to_vec()
}

/// Sums per-token scores into groups: `keys[i]` is the group of token `i`
/// (e.g. the whitespace word a wordpiece came from; `None` drops the token).
/// Returns one score per group `0..groups`.
pub fn merge_by_key(scores: &[f32], keys: &[Option<usize>], groups: usize) -> Vec<f32> {
    let mut merged = vec![0f32; groups];
    for (&s, key) in scores.iter().zip(keys) {
        if let Some(k) = key.filter(|&k| k < groups) {
            merged[k] += s;
        }
    }
    merged
}

/// The whitespace word each wordpiece belongs to, from the wordpieces' byte
/// offsets in the text (`None` for special tokens, offsets `(0, 0)`).
pub fn word_keys(text: &str, offsets: &[(usize, usize)]) -> (Vec<String>, Vec<Option<usize>>) {
    let mut words = Vec::new();
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push(text[s..i].to_string());
                spans.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    let keys = offsets
        .iter()
        .map(|&(a, b)| {
            if a == b {
                return None;
            }
            spans.iter().position(|&(s, e)| a >= s && a < e)
        })
        .collect();
    (words, keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_normalisation_matches_lit() {
        let n = normalize_signed(&[1.0, -3.0]);
        let eps = f64::from(f32::EPSILON);
        let total = (1.0 + eps) + (3.0 - eps);
        assert!((f64::from(n[0]) - (1.0 + eps) / total).abs() < 1e-7);
        assert!((n.iter().map(|s| s.abs()).sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn wordpieces_merge_into_words() {
        // "un ##believ ##able film" over the text "unbelievable film".
        let text = "unbelievable  film";
        let offsets = [(0, 0), (0, 2), (2, 8), (8, 12), (14, 18), (0, 0)];
        let (words, keys) = word_keys(text, &offsets);
        assert_eq!(words, vec!["unbelievable", "film"]);
        assert_eq!(keys, vec![None, Some(0), Some(0), Some(0), Some(1), None]);
        let merged = merge_by_key(&[9.0, 0.1, 0.2, 0.3, 0.4, 9.0], &keys, words.len());
        assert!((merged[0] - 0.6).abs() < 1e-6 && (merged[1] - 0.4).abs() < 1e-6);
    }

    #[test]
    fn strip_special_drops_both_ends() {
        assert_eq!(strip_special(&[0, 1, 2, 3]), vec![1, 2]);
        assert!(strip_special(&[0]).is_empty());
    }

    #[test]
    fn a_set_flag_cancels() {
        let flag = AtomicBool::new(true);
        let control = Control {
            cancel: Some(&flag),
            progress: None,
        };
        let err = control.check().expect_err("cancelled");
        assert!(err.downcast_ref::<Cancelled>().is_some());
    }
}
