//! The Performance report (metrics, confusion, curves, thresholds), which
//! several modules read. `update` asks the job runner for a new one whenever
//! what it depends on changes (selection, slices, threshold, predictions, the
//! settings modules own); the newest request wins and the screen shows the
//! last answer meanwhile.

use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3;

use super::shared::Shared;
use crate::analysis::facets::{self, Binning};
use crate::analysis::performance::Input;
pub use crate::analysis::performance::{Analysis, compute};

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

/// What Metrics (and the thresholder) facet by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FacetBy {
    Feature(usize),
    /// The gold label: one facet per class.
    Gold,
    /// The main model's prediction: one facet per class.
    Prediction,
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
    /// Facet the metrics (and the thresholder) by this.
    pub facet: Option<FacetBy>,
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

/// A fingerprint of what the analysis depends on.
pub fn key(state: &Shared, p: &ReportSettings) -> u64 {
    let mut h = Xxh3::new();
    let rows = &state.rows;
    h.update(&(rows.len() as u64).to_le_bytes());
    h.update(&rows.version.to_le_bytes());
    h.update(&rows.threshold.map_or(-1.0f32, |t| t).to_le_bytes());
    // In blocks: one hasher call per row was 5 ms on a million selected rows.
    let mut block: Vec<u64> = Vec::with_capacity(4096);
    for &s in &state.selection {
        block.push(s as u64);
        if block.len() == block.capacity() {
            h.update(bytemuck::cast_slice(&block));
            block.clear();
        }
    }
    h.update(bytemuck::cast_slice(&block));
    h.update(b"|");
    for &id in &state.starred {
        h.update(&id.to_le_bytes());
    }
    for s in &state.slices {
        h.update(s.name.as_bytes());
        h.update(bytemuck::cast_slice(&s.ids));
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

/// The inputs: the per-row parts shared from the last request while the rows,
/// predictions and settings are the same (`Shared::report_rows`), the
/// selection and slices taken now.
pub fn input(state: &Shared, p: &ReportSettings, key: u64) -> Input {
    let rows = &state.rows;
    let rows_key = xxhash_rust::xxh3::xxh3_64(
        format!(
            "{} {} {} {:?} {:?} {:?} {} {:?} {:?}",
            rows.len(),
            rows.version,
            rows.deleted.len(),
            rows.threshold,
            p.facet,
            p.binning,
            p.bins,
            p.row_axis,
            p.col_axis
        )
        .as_bytes(),
    );
    let template = state.report_rows.get(rows_key, || row_parts(state, p));
    Input {
        key,
        selection: state.selection.iter().copied().collect(),
        slices: (0..state.slice_count())
            .map(|i| {
                let mut members = state.slice_rows(i).to_vec();
                members.retain(|&r| rows.live(r));
                (state.slice_name(i).to_string(), members)
            })
            .collect(),
        curve_class: p.curve_class.min(rows.classes().saturating_sub(1)),
        cost: COST_RATIOS[p.cost.min(COST_RATIOS.len() - 1)],
        ..(*template).clone()
    }
}

/// The parts of the inputs that follow the rows and predictions.
fn row_parts(state: &Shared, p: &ReportSettings) -> Input {
    let rows = &state.rows;
    let n = rows.len();
    // Deleted added rows count nowhere.
    let all: Vec<usize> = (0..n).filter(|&i| rows.live(i)).collect();
    let pred: Vec<Option<usize>> = (0..n).map(|i| rows.predicted(i)).collect();
    let by_class = |what: &str, class: &[Option<usize>]| {
        let names: Vec<String> = class
            .iter()
            .map(|c| match c {
                Some(c) => format!("{what} {}", rows.labels[*c]),
                None => format!("no {what}"),
            })
            .collect();
        facets::by_value(|i| names[i].as_str(), &all, usize::MAX)
    };
    let facets = match p.facet {
        Some(FacetBy::Feature(f)) => match rows.features.get(f) {
            Some(f) => match &f.numbers {
                Some(nums) => facets::by_bins(nums, &all, p.bins, p.binning),
                None => facets::by_value(|i| f.text(i), &all, 12),
            },
            None => Vec::new(),
        },
        Some(FacetBy::Gold) => by_class("gold", &rows.gold),
        Some(FacetBy::Prediction) => by_class("pred", &pred),
        None => Vec::new(),
    };
    Input {
        key: 0,
        all: Arc::new(all),
        labels: rows.labels.clone(),
        gold: Arc::new(rows.gold.clone()),
        probs: Arc::new(rows.models[0].probs.clone()),
        parent: Arc::new(rows.parent.clone()),
        selection: Vec::new(),
        slices: Vec::new(),
        facets: Arc::new(facets),
        compared_pred: Arc::new(
            (1..rows.model_count())
                .map(|m| (0..n).map(|i| rows.predicted_by(m, i)).collect())
                .collect(),
        ),
        row_axis: Arc::new(axis_values(state, p.row_axis, &pred)),
        col_axis: Arc::new(axis_values(state, p.col_axis, &pred)),
        pred: Arc::new(pred),
        curve_class: 0,
        cost: (1.0, 1.0),
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
            // The first 50 values (in order of appearance) each get a line.
            let f = &rows.features[f];
            let shown = f.values.len().min(50);
            let index = f
                .codes
                .iter()
                .map(|&c| ((c as usize) < shown).then_some(c as usize))
                .collect();
            (index, f.values[..shown].to_vec())
        }
    }
}

/// Binning names for the UI.
pub fn binning_name(b: Binning) -> &'static str {
    match b {
        Binning::EqualWidth => "equal-width",
        Binning::Quantile => "quantile",
    }
}
