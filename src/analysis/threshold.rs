//! Decision thresholds for binary classifiers: the one that minimises a cost
//! of false positives against false negatives, as LIT's thresholder does.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ThresholdCost {
    /// Predict positive when the score is at least this.
    pub threshold: f64,
    pub cost: f64,
    pub false_positives: usize,
    pub false_negatives: usize,
}

/// The threshold with the lowest `cost_fp × FP + cost_fn × FN` over every
/// distinct cut of the scores; on ties, the one nearest 0.5.
pub fn optimal_threshold(
    positive: &[bool],
    score: &[f64],
    cost_fp: f64,
    cost_fn: f64,
) -> Option<ThresholdCost> {
    if positive.is_empty() {
        return None;
    }
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let total_pos = positive.iter().filter(|&&p| p).count();
    // Threshold above every score: nothing predicted positive.
    let mut best = ThresholdCost {
        threshold: score[order[0]] + 1e-6,
        cost: cost_fn * total_pos as f64,
        false_positives: 0,
        false_negatives: total_pos,
    };
    let (mut tp, mut fp) = (0usize, 0usize);
    for (k, &i) in order.iter().enumerate() {
        if positive[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        let last_of_tie = order.get(k + 1).is_none_or(|&j| score[j] != score[i]);
        if !last_of_tie {
            continue;
        }
        let fne = total_pos - tp;
        let candidate = ThresholdCost {
            threshold: score[i],
            cost: cost_fp * fp as f64 + cost_fn * fne as f64,
            false_positives: fp,
            false_negatives: fne,
        };
        let better = candidate.cost < best.cost - 1e-12
            || ((candidate.cost - best.cost).abs() <= 1e-12
                && (candidate.threshold - 0.5).abs() < (best.threshold - 0.5).abs());
        if better {
            best = candidate;
        }
    }
    Some(best)
}

/// The cost of one threshold, for checking.
pub fn cost_at(
    positive: &[bool],
    score: &[f64],
    threshold: f64,
    cost_fp: f64,
    cost_fn: f64,
) -> f64 {
    positive
        .iter()
        .zip(score)
        .map(|(&p, &s)| match (p, s >= threshold) {
            (false, true) => cost_fp,
            (true, false) => cost_fn,
            _ => 0.0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beats_every_grid_threshold() {
        let positive = [true, false, true, true, false, false, true];
        let score = [0.9, 0.8, 0.7, 0.4, 0.35, 0.1, 0.55];
        for (fp, fn_) in [(1.0, 1.0), (1.0, 4.0), (4.0, 1.0)] {
            let best = optimal_threshold(&positive, &score, fp, fn_).expect("some");
            assert!(
                (cost_at(&positive, &score, best.threshold, fp, fn_) - best.cost).abs() < 1e-12
            );
            for k in 0..=1000 {
                let t = k as f64 / 1000.0;
                assert!(best.cost <= cost_at(&positive, &score, t, fp, fn_) + 1e-12);
            }
        }
    }
}
