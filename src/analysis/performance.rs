//! The Performance report: metrics per row group (all, selection, slices,
//! facets), the confusion matrix, PR/ROC curves and cost-optimal thresholds,
//! computed from plain copies of the labels and predictions.

use std::sync::Arc;

use super::confusion::{Confusion, confusion};
use super::curves;
use super::facets::Facet;
use super::metrics::{ClassReport, classification_metrics};
use super::paired::{PairedMetrics, paired_metrics};
use super::threshold::{ThresholdCost, optimal_threshold};

/// One row of the Metrics table.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsRow {
    pub name: String,
    pub rows: Vec<usize>,
    /// Rows with a gold label and a prediction.
    pub scored: usize,
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Precision, recall, F1 and support of each class, in label order.
    pub per_class: Vec<ClassReport>,
    /// The compared models' scores on the same rows.
    pub others: Vec<ModelScore>,
    /// LIT's paired metrics over the rows that have a parent (generated rows).
    pub paired: Option<PairedMetrics>,
}

/// A compared model's scores on a Metrics row.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelScore {
    pub scored: usize,
    pub accuracy: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurvesResult {
    pub class: usize,
    pub on_selection: bool,
    /// (false positive rate, true positive rate).
    pub roc: Vec<(f64, f64)>,
    /// (recall, precision).
    pub pr: Vec<(f64, f64)>,
    pub roc_auc: f64,
    pub average_precision: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub key: u64,
    pub metrics: Vec<MetricsRow>,
    pub confusion: Confusion,
    pub curves: Option<CurvesResult>,
    /// Cost-optimal thresholds: the whole data, then each facet (binary models).
    pub optimal: Vec<(String, Option<ThresholdCost>)>,
}

/// Everything the report is computed from. The per-row parts are shared
/// (`Arc`): they change with the rows and predictions, not with the selection
/// or slices, so a new selection does not copy a million rows again.
#[derive(Clone)]
pub struct Input {
    pub key: u64,
    /// The rows the report covers (every row but those the user deleted).
    pub all: Arc<Vec<usize>>,
    pub labels: Vec<String>,
    pub gold: Arc<Vec<Option<usize>>>,
    pub pred: Arc<Vec<Option<usize>>>,
    /// Each compared model's predictions.
    pub compared_pred: Arc<Vec<Vec<Option<usize>>>>,
    /// The main model's class probabilities, row-major (rows × classes).
    pub probs: Arc<Vec<f32>>,
    /// Each row's parent (added rows made from another row).
    pub parent: Arc<Vec<Option<usize>>>,
    pub selection: Vec<usize>,
    pub slices: Vec<(String, Vec<usize>)>,
    pub facets: Arc<Vec<Facet>>,
    /// The confusion matrix's axes: each row's value index, and the value names.
    pub row_axis: Arc<(Vec<Option<usize>>, Vec<String>)>,
    pub col_axis: Arc<(Vec<Option<usize>>, Vec<String>)>,
    /// Positive class of the PR/ROC curves.
    pub curve_class: usize,
    /// (false positive cost, false negative cost) for the thresholds.
    pub cost: (f64, f64),
}

/// The whole report for one input.
pub fn compute(input: &Input) -> Analysis {
    let all = &input.all;
    let mut metrics = vec![
        metrics_row(input, "all", all),
        metrics_row(input, "selection", &input.selection),
    ];
    metrics.extend(
        input
            .slices
            .iter()
            .map(|(name, rows)| metrics_row(input, name, rows)),
    );
    metrics.extend(
        input
            .facets
            .iter()
            .map(|f| metrics_row(input, &f.name, &f.rows)),
    );
    let confusion = confusion(
        &input.row_axis.0,
        &input.col_axis.0,
        all,
        &input.row_axis.1,
        &input.col_axis.1,
    );
    let on_selection = !input.selection.is_empty();
    let scope: &[usize] = if on_selection { &input.selection } else { all };
    Analysis {
        key: input.key,
        metrics,
        confusion,
        curves: class_curves(input, scope, on_selection),
        optimal: optimal_thresholds(input, all),
    }
}

/// The (gold, predicted) pairs of the rows that have both.
fn scored_pairs(
    gold: &[Option<usize>],
    pred: &[Option<usize>],
    rows: &[usize],
) -> (Vec<usize>, Vec<usize>) {
    let (mut g, mut p) = (Vec::new(), Vec::new());
    for &r in rows {
        if let (Some(gi), Some(pi)) = (gold[r], pred[r]) {
            g.push(gi);
            p.push(pi);
        }
    }
    (g, p)
}

/// One Metrics row: the main model's scores, then each compared model's.
fn metrics_row(input: &Input, name: &str, rows: &[usize]) -> MetricsRow {
    let (g, p) = scored_pairs(&input.gold, &input.pred, rows);
    let m = classification_metrics(&g, &p, &[], &input.labels);
    let others = input
        .compared_pred
        .iter()
        .map(|pred| {
            let (g, p) = scored_pairs(&input.gold, pred, rows);
            let m = classification_metrics(&g, &p, &[], &input.labels);
            ModelScore {
                scored: g.len(),
                accuracy: m.accuracy,
                f1: m.macro_avg.f1,
            }
        })
        .collect();
    MetricsRow {
        name: name.to_string(),
        rows: rows.to_vec(),
        scored: g.len(),
        accuracy: m.accuracy,
        precision: m.macro_avg.precision,
        recall: m.macro_avg.recall,
        f1: m.macro_avg.f1,
        per_class: m.per_class.clone(),
        others,
        paired: paired(input, rows),
    }
}

/// Paired metrics between each row with a parent and its parent, both predicted.
fn paired(input: &Input, rows: &[usize]) -> Option<PairedMetrics> {
    let k = input.labels.len();
    let probs = |r: usize| {
        let p = input.probs.get(r * k..(r + 1) * k)?;
        (!p.iter().any(|v| v.is_nan())).then_some(p)
    };
    let pairs = rows.iter().filter_map(|&r| {
        let parent = input.parent.get(r).copied().flatten()?;
        Some((probs(parent)?, probs(r)?))
    });
    paired_metrics(pairs)
}

/// PR and ROC curves of the chosen class over `scope`; None with fewer than
/// two classes or when a curve is undefined (one kind of gold label only).
fn class_curves(input: &Input, scope: &[usize], on_selection: bool) -> Option<CurvesResult> {
    let classes = input.labels.len();
    if classes < 2 {
        return None;
    }
    let c = input.curve_class;
    let (mut positive, mut score) = (Vec::new(), Vec::new());
    for &r in scope {
        let p = &input.probs[r * classes..(r + 1) * classes];
        if let Some(g) = input.gold[r].filter(|_| !p[c].is_nan()) {
            positive.push(g == c);
            score.push(f64::from(p[c]));
        }
    }
    let roc = curves::roc_curve(&positive, &score)?;
    let pr = curves::pr_curve(&positive, &score)?;
    Some(CurvesResult {
        class: c,
        on_selection,
        roc_auc: curves::roc_auc(&positive, &score)?,
        average_precision: curves::average_precision(&positive, &score)?,
        roc: thin(roc.iter().map(|&(x, y, _)| (x, y)).collect()),
        pr: thin(pr.iter().map(|&(r, p, _)| (r, p)).collect()),
    })
}

/// Cost-optimal thresholds of a binary model: all rows, then each facet.
fn optimal_thresholds(input: &Input, all: &[usize]) -> Vec<(String, Option<ThresholdCost>)> {
    if input.labels.len() != 2 {
        return Vec::new();
    }
    let best = |rows: &[usize]| {
        let (mut positive, mut score) = (Vec::new(), Vec::new());
        for &r in rows {
            if let Some(g) = input.gold[r].filter(|_| !input.probs[r * 2 + 1].is_nan()) {
                positive.push(g == 1);
                score.push(f64::from(input.probs[r * 2 + 1]));
            }
        }
        optimal_threshold(&positive, &score, input.cost.0, input.cost.1)
    };
    let mut out = vec![("all".to_string(), best(all))];
    out.extend(input.facets.iter().map(|f| (f.name.clone(), best(&f.rows))));
    out
}

/// At most ~400 points, enough for a terminal plot.
fn thin(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let step = (points.len() / 400).max(1);
    let last = points.last().copied();
    let mut out: Vec<(f64, f64)> = points.into_iter().step_by(step).collect();
    if let Some(l) = last
        && out.last() != Some(&l)
    {
        out.push(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary_input(selection: Vec<usize>) -> Input {
        let gold = vec![Some(0), Some(1), Some(1), Some(0), None];
        let pred = vec![Some(0), Some(1), Some(0), Some(0), Some(1)];
        let probs = vec![0.9, 0.1, 0.2, 0.8, 0.75, 0.25, 0.7, 0.3, 0.1, 0.9];
        let labels = vec!["neg".to_string(), "pos".to_string()];
        Input {
            key: 7,
            all: Arc::new((0..5).collect()),
            labels: labels.clone(),
            row_axis: Arc::new((gold.clone(), labels.clone())),
            col_axis: Arc::new((pred.clone(), labels)),
            compared_pred: Arc::new(vec![vec![Some(0), Some(1), Some(1), Some(1), None]]),
            gold: Arc::new(gold),
            pred: Arc::new(pred),
            probs: Arc::new(probs),
            parent: Arc::new(vec![None, None, None, None, Some(0)]),
            selection,
            slices: vec![("first two".to_string(), vec![0, 1])],
            facets: Arc::new(Vec::new()),
            curve_class: 1,
            cost: (1.0, 1.0),
        }
    }

    #[test]
    fn scores_every_row_group_and_compared_model() {
        let a = compute(&binary_input(vec![1, 2]));
        assert_eq!(a.key, 7);
        let names: Vec<&str> = a.metrics.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["all", "selection", "first two"]);
        // Row 4 has no gold label: four rows are scored, three right.
        assert_eq!(a.metrics[0].scored, 4);
        assert_eq!(a.metrics[0].accuracy, 0.75);
        assert_eq!(a.metrics[1].accuracy, 0.5);
        assert_eq!(a.metrics[2].accuracy, 1.0);
        assert_eq!(a.metrics[0].others[0].accuracy, 0.75);
        assert_eq!(a.optimal.len(), 1);
    }

    #[test]
    fn curves_follow_the_selection() {
        let on_all = compute(&binary_input(Vec::new()));
        let curves = on_all.curves.expect("both classes have gold rows");
        assert!(!curves.on_selection);
        // Positives score 0.8 and 0.25, negatives 0.1 and 0.3: 3 of 4 pairs ordered.
        assert_eq!(curves.roc_auc, 0.75);
        let selected = compute(&binary_input(vec![0, 1]));
        assert!(
            selected
                .curves
                .is_some_and(|c| c.on_selection && c.roc_auc == 1.0)
        );
    }

    #[test]
    fn rows_with_a_parent_get_paired_metrics() {
        let a = compute(&binary_input(vec![3, 4]));
        let selection = &a.metrics[1];
        let p = selection.paired.expect("row 4 has a parent");
        assert_eq!(p.num_pairs, 1);
        assert_eq!(p.swap_rate, 1.0);
        let expected = crate::analysis::paired::js_divergence(&[0.9, 0.1], &[0.1, 0.9]);
        assert!((p.mean_jsd - expected).abs() < 1e-12);
        assert_eq!(
            a.metrics[2].paired, None,
            "no row of the slice has a parent"
        );
    }
}
