//! Classification metrics as scikit-learn computes them: accuracy, per-class
//! precision/recall/F1 with support, macro and weighted averages, the confusion
//! matrix, and ROC AUC / average precision for binary tasks.

use serde::Serialize;

use super::curves;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Averages {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Rows with both a gold label and a prediction.
    pub rows: usize,
    pub labels: Vec<String>,
    pub accuracy: f64,
    pub correct: usize,
    pub per_class: Vec<ClassReport>,
    /// Over the classes that occur in gold or predictions (scikit-learn's default).
    pub macro_avg: Averages,
    /// Weighted by support.
    pub weighted_avg: Averages,
    /// Rows are gold, columns predicted, in label order.
    pub confusion_matrix: Vec<Vec<usize>>,
    /// Binary tasks: the score of class 1 against gold class 1.
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
}

/// `gold` and `pred` index `labels`; `probs` is `rows × labels.len()` (or empty:
/// then no AUCs).
pub fn classification_metrics(
    gold: &[usize],
    pred: &[usize],
    probs: &[f32],
    labels: &[String],
) -> Metrics {
    let k = labels.len();
    let rows = gold.len();
    let as_option = |v: &[usize]| v.iter().map(|&c| Some(c)).collect::<Vec<_>>();
    let all: Vec<usize> = (0..rows).collect();
    let confusion =
        super::confusion::confusion(&as_option(gold), &as_option(pred), &all, labels, labels)
            .counts;
    let correct = (0..k).map(|c| confusion[c][c]).sum::<usize>();
    let per_class: Vec<ClassReport> = (0..k)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let support: usize = confusion[c].iter().sum();
            let predicted: usize = confusion.iter().map(|r| r[c]).sum();
            let precision = ratio(tp, predicted as f64);
            let recall = ratio(tp, support as f64);
            ClassReport {
                label: labels[c].clone(),
                precision,
                recall,
                f1: ratio(2.0 * precision * recall, precision + recall),
                support,
            }
        })
        .collect();
    let present: Vec<&ClassReport> = per_class
        .iter()
        .enumerate()
        .filter(|(c, r)| r.support > 0 || confusion.iter().any(|row| row[*c] > 0))
        .map(|(_, r)| r)
        .collect();
    let n = present.len().max(1) as f64;
    let macro_avg = Averages {
        precision: present.iter().map(|r| r.precision).sum::<f64>() / n,
        recall: present.iter().map(|r| r.recall).sum::<f64>() / n,
        f1: present.iter().map(|r| r.f1).sum::<f64>() / n,
    };
    let total = rows.max(1) as f64;
    let weighted = |f: fn(&ClassReport) -> f64| {
        per_class
            .iter()
            .map(|r| f(r) * r.support as f64)
            .sum::<f64>()
            / total
    };
    let weighted_avg = Averages {
        precision: weighted(|r| r.precision),
        recall: weighted(|r| r.recall),
        f1: weighted(|r| r.f1),
    };
    let (roc_auc, average_precision) = if k == 2 && probs.len() == rows * 2 {
        let positive: Vec<bool> = gold.iter().map(|&g| g == 1).collect();
        let score: Vec<f64> = (0..rows).map(|i| f64::from(probs[i * 2 + 1])).collect();
        (
            curves::roc_auc(&positive, &score),
            curves::average_precision(&positive, &score),
        )
    } else {
        (None, None)
    };
    Metrics {
        rows,
        labels: labels.to_vec(),
        accuracy: ratio(correct as f64, rows as f64),
        correct,
        per_class,
        macro_avg,
        weighted_avg,
        confusion_matrix: confusion,
        roc_auc,
        average_precision,
    }
}

/// `a / b`, or 0 when `b` is 0 (scikit-learn's `zero_division=0`).
fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { a / b }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("c{i}")).collect()
    }

    // sklearn: y_true=[0,1,2,2,1], y_pred=[0,2,2,2,1]
    // precision_recall_fscore_support(average=None) -> p=[1,1,.6667], r=[1,.5,1]
    #[test]
    fn per_class_and_averages_match_scikit_learn() {
        let m = classification_metrics(&[0, 1, 2, 2, 1], &[0, 2, 2, 2, 1], &[0.0; 15], &labels(3));
        assert_eq!(m.correct, 4);
        assert!((m.per_class[2].precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.per_class[1].recall - 0.5).abs() < 1e-12);
        // macro F1 = mean(1, 0.6667, 0.8) = 0.8222...
        assert!((m.macro_avg.f1 - (1.0 + 2.0 / 3.0 + 0.8) / 3.0).abs() < 1e-12);
        assert_eq!(
            m.confusion_matrix,
            vec![vec![1, 0, 0], vec![0, 1, 1], vec![0, 0, 2]]
        );
        assert!(m.roc_auc.is_none());
    }

    #[test]
    fn absent_classes_do_not_dilute_the_macro_average() {
        let m = classification_metrics(&[0, 0], &[0, 0], &[0.0; 6], &labels(3));
        assert_eq!(m.macro_avg.f1, 1.0);
    }
}
