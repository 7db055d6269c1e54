//! What Ablation Flip and HotFlip share: candidate sets in
//! `itertools.combinations` order, and a scorer that runs each distinct text
//! through the model once and counts what it ran.

use std::collections::HashMap;

use anyhow::Result;

use super::Predict;

pub fn is_subset(small: &[usize], big: &[usize]) -> bool {
    small.iter().all(|x| big.contains(x))
}

pub fn binomial(n: usize, k: usize) -> usize {
    (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
}

/// `k`-subsets of `0..n` as index lists, in lexicographic order (as
/// `itertools.combinations`).
pub fn combinations(n: usize, k: usize) -> impl Iterator<Item = Vec<usize>> {
    let mut next: Option<Vec<usize>> = (k <= n).then(|| (0..k).collect());
    std::iter::from_fn(move || {
        let current = next.take()?;
        let mut c = current.clone();
        // The rightmost index that can still move right.
        if let Some(i) = (0..k).rev().find(|&i| c[i] < n - k + i) {
            c[i] += 1;
            for j in i + 1..k {
                c[j] = c[j - 1] + 1;
            }
            next = Some(c);
        }
        Some(current)
    })
}

/// Runs texts through `predict` once each, remembering what it said.
pub struct Scorer<'p, 'a> {
    predict: &'p mut Predict<'a>,
    seen: HashMap<String, Vec<f32>>,
    /// Distinct texts run.
    pub calls: usize,
    /// Calls to `predict`.
    pub batches: usize,
}

impl<'p, 'a> Scorer<'p, 'a> {
    pub fn new(predict: &'p mut Predict<'a>) -> Self {
        Self {
            predict,
            seen: HashMap::new(),
            calls: 0,
            batches: 0,
        }
    }

    /// Probabilities for each text, running only those not seen before.
    pub fn score(&mut self, texts: &[String]) -> Result<Vec<Vec<f32>>> {
        let mut todo: Vec<String> = Vec::new();
        for t in texts {
            if !self.seen.contains_key(t) && !todo.contains(t) {
                todo.push(t.clone());
            }
        }
        if !todo.is_empty() {
            let probs = (self.predict)(&todo)?;
            anyhow::ensure!(
                probs.len() == todo.len(),
                "the model gave {} predictions for {} texts",
                probs.len(),
                todo.len()
            );
            self.calls += todo.len();
            self.batches += 1;
            self.seen.extend(todo.into_iter().zip(probs));
        }
        Ok(texts.iter().map(|t| self.seen[t].clone()).collect())
    }
}
