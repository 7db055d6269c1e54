//! The Performance report (metrics, confusion, curves, thresholds), which
//! several modules read. `update` asks the job runner for a new one whenever
//! what it depends on changes (selection, slices, threshold, predictions, the
//! settings modules own); the newest request wins and the screen shows the
//! last answer meanwhile.

use xxhash_rust::xxh3::Xxh3;

use super::shared::Shared;
use crate::analysis::confusion::{Confusion, confusion};
use crate::analysis::curves;
use crate::analysis::facets::{self, Binning, Facet};
use crate::analysis::metrics::classification_metrics;
use crate::analysis::threshold::{ThresholdCost, optimal_threshold};

/// A categorical axis of the confusion matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Axis {
    Gold,
    /// The main model's prediction.
    Prediction,
    /// A compared model's prediction (1 is the first `--compare`).
    Model(usize),
    Feature(usize),
}

/// FP:FN cost ratios the thresholder offers.
pub const COST_RATIOS: [(f64, f64); 7] = [
    (1.0, 4.0),
    (1.0, 3.0),
    (1.0, 2.0),
    (1.0, 1.0),
    (2.0, 1.0),
    (3.0, 1.0),
    (4.0, 1.0),
];

/// What the report is computed with; each module that shows part of it
/// fills in its own settings (`Module::report_settings`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSettings {
    /// Facet the metrics (and the thresholder) by this feature.
    pub facet: Option<usize>,
    pub binning: Binning,
    pub bins: usize,
    pub row_axis: Axis,
    pub col_axis: Axis,
    /// Positive class of the PR/ROC curves.
    pub curve_class: usize,
    /// Index into `COST_RATIOS`.
    pub cost: usize,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            facet: None,
            binning: Binning::Quantile,
            bins: 4,
            row_axis: Axis::Gold,
            col_axis: Axis::Prediction,
            curve_class: 1,
            cost: 3,
        }
    }
}

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
    pub per_class_f1: Vec<f64>,
    /// The compared models' scores on the same rows.
    pub others: Vec<ModelScore>,
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

/// Everything the worker needs, copied out of the state.
pub struct Input {
    key: u64,
    labels: Vec<String>,
    gold: Vec<Option<usize>>,
    pred: Vec<Option<usize>>,
    /// Each compared model's predictions.
    compared_pred: Vec<Vec<Option<usize>>>,
    probs: Vec<f32>,
    selection: Vec<usize>,
    slices: Vec<(String, Vec<usize>)>,
    facets: Vec<Facet>,
    row_axis: (Vec<Option<usize>>, Vec<String>),
    col_axis: (Vec<Option<usize>>, Vec<String>),
    curve_class: usize,
    cost: (f64, f64),
}

/// A fingerprint of what the analysis depends on.
pub fn key(state: &Shared, p: &ReportSettings) -> u64 {
    let mut h = Xxh3::new();
    let rows = &state.rows;
    h.update(&(rows.len() as u64).to_le_bytes());
    h.update(&rows.version.to_le_bytes());
    h.update(&rows.threshold.map_or(-1.0f32, |t| t).to_le_bytes());
    for &s in &state.selection {
        h.update(&(s as u64).to_le_bytes());
    }
    h.update(b"|");
    for &id in &state.starred {
        h.update(&id.to_le_bytes());
    }
    for s in &state.slices {
        h.update(s.name.as_bytes());
        for id in &s.ids {
            h.update(&id.to_le_bytes());
        }
    }
    h.update(
        format!(
            "{:?}{:?}{}{:?}{:?}{}{}",
            p.facet, p.binning, p.bins, p.row_axis, p.col_axis, p.curve_class, p.cost
        )
        .as_bytes(),
    );
    h.digest()
}

/// Copies the inputs out of the state.
pub fn input(state: &Shared, p: &ReportSettings, key: u64) -> Input {
    let rows = &state.rows;
    let n = rows.len();
    let all: Vec<usize> = (0..n).collect();
    let facets = match p.facet.and_then(|f| rows.features.get(f)) {
        Some(f) => match &f.numbers {
            Some(nums) => facets::by_bins(nums, &all, p.bins, p.binning),
            None => facets::by_value(&f.text, &all, 12),
        },
        None => Vec::new(),
    };
    let pred: Vec<Option<usize>> = (0..n).map(|i| rows.predicted(i)).collect();
    Input {
        key,
        labels: rows.labels.clone(),
        gold: rows.gold.clone(),
        probs: rows.probs.clone(),
        selection: state.selection.iter().copied().collect(),
        slices: (0..state.slice_count())
            .map(|i| (state.slice_name(i).to_string(), state.slice_rows(i)))
            .collect(),
        facets,
        compared_pred: (1..rows.model_count())
            .map(|m| (0..n).map(|i| rows.predicted_by(m, i)).collect())
            .collect(),
        row_axis: axis_values(state, p.row_axis, &pred),
        col_axis: axis_values(state, p.col_axis, &pred),
        pred,
        curve_class: p.curve_class.min(rows.classes().saturating_sub(1)),
        cost: COST_RATIOS[p.cost.min(COST_RATIOS.len() - 1)],
    }
}

/// Each row's value index on an axis, and the value names.
pub fn axis_values(
    state: &Shared,
    axis: Axis,
    pred: &[Option<usize>],
) -> (Vec<Option<usize>>, Vec<String>) {
    let rows = &state.rows;
    match axis {
        Axis::Gold => (rows.gold.clone(), rows.labels.clone()),
        Axis::Prediction => (pred.to_vec(), rows.labels.clone()),
        Axis::Model(m) => (
            (0..rows.len()).map(|i| rows.predicted_by(m, i)).collect(),
            rows.labels.clone(),
        ),
        Axis::Feature(f) => {
            let text = &rows.features[f].text;
            let mut names: Vec<String> = Vec::new();
            let index = text
                .iter()
                .map(|v| match names.iter().position(|n| n == v) {
                    Some(i) => Some(i),
                    None if names.len() < 50 => {
                        names.push(v.clone());
                        Some(names.len() - 1)
                    }
                    None => None,
                })
                .collect();
            (index, names)
        }
    }
}

pub fn compute(input: &Input) -> Analysis {
    let n = input.gold.len();
    let classes = input.labels.len();
    let pairs = |pred: &[Option<usize>], rows: &[usize]| -> (Vec<usize>, Vec<usize>) {
        let (mut g, mut p) = (Vec::new(), Vec::new());
        for &r in rows {
            if let (Some(gi), Some(pi)) = (input.gold[r], pred[r]) {
                g.push(gi);
                p.push(pi);
            }
        }
        (g, p)
    };
    let score = |name: &str, rows: &[usize]| -> MetricsRow {
        let (g, p) = pairs(&input.pred, rows);
        let m = classification_metrics(&g, &p, &[], &input.labels);
        let others = input
            .compared_pred
            .iter()
            .map(|pred| {
                let (g, p) = pairs(pred, rows);
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
            per_class_f1: m.per_class.iter().map(|c| c.f1).collect(),
            others,
        }
    };
    let all: Vec<usize> = (0..n).collect();
    let mut metrics = vec![score("all", &all), score("selection", &input.selection)];
    metrics.extend(input.slices.iter().map(|(name, rows)| score(name, rows)));
    metrics.extend(input.facets.iter().map(|f| score(&f.name, &f.rows)));

    let confusion = confusion(
        &input.row_axis.0,
        &input.col_axis.0,
        &all,
        &input.row_axis.1,
        &input.col_axis.1,
    );

    let on_selection = !input.selection.is_empty();
    let scope: &[usize] = if on_selection { &input.selection } else { &all };
    let curves = (classes >= 2).then(|| {
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
    });
    let optimal = if classes == 2 {
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
        let mut out = vec![("all".to_string(), best(&all))];
        out.extend(input.facets.iter().map(|f| (f.name.clone(), best(&f.rows))));
        out
    } else {
        Vec::new()
    };
    Analysis {
        key: input.key,
        metrics,
        confusion,
        curves: curves.flatten(),
        optimal,
    }
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

/// Binning names for the UI.
pub fn binning_name(b: Binning) -> &'static str {
    match b {
        Binning::EqualWidth => "equal-width",
        Binning::Quantile => "quantile",
    }
}
