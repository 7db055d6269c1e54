//! Counterfactual generators: new texts made from a parent row, as LIT's
//! Word Replacer, Scrambler, Ablation Flip and HotFlip make them, plus the
//! nearest row in the data that the model predicts differently.
//!
//! Pure functions. Those that need the model take a `predict` closure that
//! scores a batch of texts (one probability vector per text), and a
//! [`Control`] to report progress and to stop early, so a UI can run them on
//! a background job.

use std::sync::atomic::{AtomicBool, Ordering};

pub mod ablation_flip;
pub mod hotflip;
pub mod nearest;
pub mod rule_sets;
pub mod scrambler;
pub mod search;
pub mod word_diff;
pub mod word_replacer;

/// Scores a batch of texts: one probability vector per text, in order.
pub type Predict<'a> = dyn FnMut(&[String]) -> anyhow::Result<Vec<Vec<f32>>> + 'a;

/// Progress (the share done, 0 to 1) and cancellation for a long generator.
#[derive(Clone, Copy)]
pub struct Control<'a> {
    pub progress: &'a dyn Fn(f32),
    pub cancel: &'a AtomicBool,
}

impl Control<'_> {
    /// Fails with [`Cancelled`] once the cancel flag is set.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The generator stopped because its cancel flag was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the generator was cancelled")
    }
}

impl std::error::Error for Cancelled {}

/// Index of the largest probability (the first of ties, as numpy's argmax);
/// `None` when any is NaN.
pub fn argmax(probs: &[f32]) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &p) in probs.iter().enumerate() {
        if p.is_nan() {
            return None;
        }
        if best.is_none_or(|(_, b)| p > b) {
            best = Some((i, p));
        }
    }
    best.map(|(i, _)| i)
}
