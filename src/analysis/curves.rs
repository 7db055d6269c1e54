//! ROC and precision-recall curves for one positive class, with scikit-learn's
//! conventions: one point per distinct score, ties move together.

/// Cumulative true and false positives at each distinct threshold, highest first.
fn thresholds(positive: &[bool], score: &[f64]) -> Vec<(f64, f64, f64)> {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let mut out = Vec::new();
    let (mut tp, mut fp) = (0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        if positive[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_tie = order.get(k + 1).is_none_or(|&next| score[next] != score[i]);
        if last_of_tie {
            out.push((score[i], tp, fp));
        }
    }
    out
}

/// `(false positive rate, true positive rate, threshold)`, starting at (0, 0).
pub fn roc_curve(positive: &[bool], score: &[f64]) -> Option<Vec<(f64, f64, f64)>> {
    let steps = thresholds(positive, score);
    let &(_, p, n) = steps.last()?;
    if p == 0.0 || n == 0.0 {
        return None;
    }
    let mut points = vec![(0.0, 0.0, f64::INFINITY)];
    points.extend(steps.iter().map(|&(t, tp, fp)| (fp / n, tp / p, t)));
    Some(points)
}

/// Area under the ROC curve (trapezoids); `None` when one class is absent.
pub fn roc_auc(positive: &[bool], score: &[f64]) -> Option<f64> {
    let points = roc_curve(positive, score)?;
    Some(
        points
            .windows(2)
            .map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0)
            .sum(),
    )
}

/// `(recall, precision, threshold)` from the highest threshold down.
pub fn pr_curve(positive: &[bool], score: &[f64]) -> Option<Vec<(f64, f64, f64)>> {
    let steps = thresholds(positive, score);
    let &(_, p, _) = steps.last()?;
    if p == 0.0 {
        return None;
    }
    Some(
        steps
            .iter()
            .map(|&(t, tp, fp)| (tp / p, tp / (tp + fp), t))
            .collect(),
    )
}

/// Average precision: the sum of precision × recall step (scikit-learn's PR AUC).
pub fn average_precision(positive: &[bool], score: &[f64]) -> Option<f64> {
    let points = pr_curve(positive, score)?;
    let mut prev_recall = 0.0;
    let mut ap = 0.0;
    for (recall, precision, _) in points {
        ap += (recall - prev_recall) * precision;
        prev_recall = recall;
    }
    Some(ap)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Values from sklearn.metrics on y=[0,0,1,1], s=[0.1,0.4,0.35,0.8].
    #[test]
    fn matches_scikit_learn_on_the_textbook_example() {
        let y = [false, false, true, true];
        let s = [0.1, 0.4, 0.35, 0.8];
        assert!((roc_auc(&y, &s).expect("auc") - 0.75).abs() < 1e-12);
        assert!((average_precision(&y, &s).expect("ap") - 0.8333333333333333).abs() < 1e-12);
    }

    #[test]
    fn ties_move_together() {
        let y = [true, false];
        let s = [0.5, 0.5];
        assert!((roc_auc(&y, &s).expect("auc") - 0.5).abs() < 1e-12);
    }

    #[test]
    fn one_class_has_no_curve() {
        assert!(roc_auc(&[true, true], &[0.1, 0.2]).is_none());
    }
}
