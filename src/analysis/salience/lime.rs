//! LIME for text (Ribeiro et al. 2016) with LIT's defaults
//! (`lit_nlp/components/lime_explainer.py`, `citrus/lime.py`):
//!
//! - whitespace words; sample 0 is the full text, each other sample masks k
//!   words, k uniform in 1..=n, the k chosen uniformly without replacement;
//!   masked words become `[MASK]`; 256 samples besides the full text;
//! - weights `sqrt(exp(−d²/w²))`, d = 100 × the cosine distance between the
//!   sample's keep-mask and all-ones, kernel width w = 256;
//! - weighted ridge (α = 1, with intercept) of the target class's probability
//!   on the keep-masks; the scores are its coefficients, normalised so their
//!   absolute values sum to 1.
//!
//! Unlike LIT the seed is fixed by default, so a result repeats. Identical
//! perturbations run through the model once.

use std::collections::HashMap;

use anyhow::Result;

use super::ridge::weighted_ridge;
use super::{Control, Predict, TokenSalience, normalize_signed};
use crate::analysis::rng::Rng;

#[derive(Debug, Clone, PartialEq)]
pub struct LimeParams {
    /// Perturbed samples besides the full text (LIT: 256).
    pub samples: usize,
    pub kernel_width: f64,
    pub mask_token: String,
    pub seed: u64,
    /// Ridge penalty (LIT: 1).
    pub alpha: f64,
    /// Samples behind the first estimate (0: none before the final one).
    pub first_estimate: usize,
}

impl Default for LimeParams {
    fn default() -> Self {
        Self {
            samples: 256,
            kernel_width: 256.0,
            mask_token: "[MASK]".into(),
            seed: 0,
            alpha: 1.0,
            first_estimate: 64,
        }
    }
}

/// A LIME fit over the samples seen so far.
#[derive(Debug, Clone, PartialEq)]
pub struct LimeEstimate {
    /// Whitespace words and their normalised scores.
    pub salience: TokenSalience,
    /// Ridge coefficients and intercept, before normalisation.
    pub coefficients: Vec<f64>,
    pub intercept: f64,
    /// The class explained.
    pub target: usize,
    /// Perturbed samples fitted (the full text not counted).
    pub samples: usize,
    /// Distinct texts the model ran on.
    pub model_calls: usize,
    /// Whether this is the last estimate.
    pub done: bool,
}

/// Keep-masks: row 0 all true, then `samples` random ones.
pub fn sample_masks(words: usize, samples: usize, seed: u64) -> Vec<Vec<bool>> {
    let mut rng = Rng::new(seed);
    let mut masks = vec![vec![true; words]];
    let mut order: Vec<usize> = (0..words).collect();
    for _ in 0..samples {
        let k = 1 + rng.below(words);
        // A partial Fisher–Yates shuffle picks k distinct positions to mask.
        for i in 0..k {
            let j = i + rng.below(words - i);
            order.swap(i, j);
        }
        let mut mask = vec![true; words];
        for &p in &order[..k] {
            mask[p] = false;
        }
        masks.push(mask);
    }
    masks
}

/// The kernel weight of a keep-mask: LIT's exponential kernel over 100 × the
/// cosine distance to the full text (1 when every word is masked).
pub fn kernel_weight(mask: &[bool], kernel_width: f64) -> f64 {
    let kept = mask.iter().filter(|&&k| k).count() as f64;
    let n = mask.len().max(1) as f64;
    let distance = 100.0 * (1.0 - (kept / n).sqrt());
    (-(distance * distance) / (kernel_width * kernel_width))
        .exp()
        .sqrt()
}

/// The text with the masked words replaced, joined by single spaces.
pub fn perturb(words: &[&str], mask: &[bool], mask_token: &str) -> String {
    let parts: Vec<&str> = words
        .iter()
        .zip(mask)
        .map(|(&w, &keep)| if keep { w } else { mask_token })
        .collect();
    parts.join(" ")
}

/// Fits LIME on given masks and class probabilities of the target.
pub fn fit(masks: &[Vec<bool>], target_probs: &[f64], params: &LimeParams) -> (Vec<f64>, f64) {
    let words = masks.first().map_or(0, Vec::len);
    let x: Vec<f32> = masks
        .iter()
        .flatten()
        .map(|&k| f32::from(u8::from(k)))
        .collect();
    let w: Vec<f64> = masks
        .iter()
        .map(|m| kernel_weight(m, params.kernel_width))
        .collect();
    weighted_ridge(&x, target_probs, &w, words, params.alpha)
}

/// Explains `text`: `target` is the class to explain (None: the class the
/// model predicts for the full text). `predict` returns class probabilities
/// per text. `on_estimate` gets a first estimate after
/// `params.first_estimate` samples, then the final one (also returned).
pub fn lime(
    text: &str,
    target: Option<usize>,
    params: &LimeParams,
    predict: &mut Predict<'_>,
    on_estimate: &mut dyn FnMut(&LimeEstimate),
    control: Control<'_>,
) -> Result<LimeEstimate> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        anyhow::bail!("LIME needs at least one word; the text is empty");
    }
    let masks = sample_masks(words.len(), params.samples, params.seed);
    run_masks(
        &words,
        &masks,
        target,
        params,
        predict,
        on_estimate,
        control,
    )
}

/// LIME over given masks (row 0 must be all true): the sampling-free core,
/// also used to run every mask of a short text.
pub fn run_masks(
    words: &[&str],
    masks: &[Vec<bool>],
    target: Option<usize>,
    params: &LimeParams,
    predict: &mut Predict<'_>,
    on_estimate: &mut dyn FnMut(&LimeEstimate),
    control: Control<'_>,
) -> Result<LimeEstimate> {
    let total = masks.len();
    let first = if params.first_estimate > 0 && params.first_estimate + 1 < total {
        params.first_estimate + 1
    } else {
        total
    };
    // Each distinct mask's probabilities, and which distinct mask each sample is.
    let mut distinct: Vec<Vec<f32>> = Vec::new();
    let mut slots: Vec<usize> = Vec::with_capacity(total);
    let mut seen: HashMap<&[bool], usize> = HashMap::new();
    let mut target = target;
    for range in [0..first, first..total] {
        if range.is_empty() {
            continue;
        }
        control.check()?;
        let mut fresh: Vec<String> = Vec::new();
        for m in &masks[range.clone()] {
            let next = seen.len();
            let index = *seen.entry(m.as_slice()).or_insert(next);
            if index == next {
                fresh.push(perturb(words, m, &params.mask_token));
            }
            slots.push(index);
        }
        let outputs = predict(&fresh)?;
        if outputs.len() != fresh.len() {
            anyhow::bail!(
                "the model gave {} outputs for {} texts",
                outputs.len(),
                fresh.len()
            );
        }
        distinct.extend(outputs);
        let model_calls = distinct.len();
        let target = *target.get_or_insert_with(|| argmax(&distinct[0]));
        let y: Vec<f64> = slots
            .iter()
            .map(|&s| distinct[s].get(target).copied().map_or(0.0, f64::from))
            .collect();
        let (coefficients, intercept) = fit(&masks[..range.end], &y, params);
        let estimate = LimeEstimate {
            salience: TokenSalience {
                tokens: words.iter().map(|w| w.to_string()).collect(),
                scores: normalize_signed(&coefficients),
            },
            coefficients,
            intercept,
            target,
            samples: range.end - 1,
            model_calls,
            done: range.end == total,
        };
        control.report(range.end, total);
        on_estimate(&estimate);
        if estimate.done {
            return Ok(estimate);
        }
    }
    anyhow::bail!("LIME was given no masks")
}

fn argmax(probs: &[f32]) -> usize {
    probs
        .iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, &p)| {
            if p > best.1 { (i, p) } else { best }
        })
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_sample_zero_whole_and_mask_at_least_one_word() {
        let masks = sample_masks(5, 200, 7);
        assert_eq!(masks.len(), 201);
        assert!(masks[0].iter().all(|&k| k));
        assert!(masks[1..].iter().all(|m| m.iter().any(|&k| !k)));
        // k covers 1..=n: some sample masks every word.
        assert!(masks.iter().any(|m| m.iter().all(|&k| !k)));
        assert_eq!(masks, sample_masks(5, 200, 7));
    }

    #[test]
    fn kernel_weight_follows_cosine_distance() {
        assert!((kernel_weight(&[true; 4], 256.0) - 1.0).abs() < 1e-12);
        // Half the words kept: d = 100 (1 − sqrt(1/2)).
        let d: f64 = 100.0 * (1.0 - 0.5f64.sqrt());
        let want = (-(d * d) / (256.0 * 256.0)).exp().sqrt();
        assert!((kernel_weight(&[true, false, true, false], 256.0) - want).abs() < 1e-12);
        let none: f64 = (-(100.0f64 * 100.0) / (256.0 * 256.0)).exp().sqrt();
        assert!((kernel_weight(&[false; 3], 256.0) - none).abs() < 1e-12);
    }

    /// A linear "model": p(target) rises with each kept word's weight.
    #[test]
    fn recovers_word_effects_and_runs_each_text_once() {
        let effects = [0.3f32, -0.2, 0.0, 0.1];
        let words = ["a", "b", "c", "d"];
        let mut calls = 0;
        let mut predict = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
            calls += texts.len();
            Ok(texts
                .iter()
                .map(|t| {
                    let p = 0.4
                        + t.split(' ')
                            .zip(effects)
                            .filter(|(w, _)| *w != "[MASK]")
                            .map(|(_, e)| e)
                            .sum::<f32>();
                    vec![1.0 - p, p]
                })
                .collect())
        };
        let mut estimates = Vec::new();
        let params = LimeParams {
            alpha: 1e-6,
            ..Default::default()
        };
        let result = lime(
            &words.join(" "),
            Some(1),
            &params,
            &mut predict,
            &mut |e| estimates.push(e.samples),
            Control::default(),
        )
        .expect("lime");
        assert_eq!(estimates, vec![64, 256]);
        assert!(calls <= 16, "{calls} model calls for 4 words");
        for (c, e) in result.coefficients.iter().zip(effects) {
            assert!((c - f64::from(e)).abs() < 1e-4, "{c} vs {e}");
        }
    }
}
