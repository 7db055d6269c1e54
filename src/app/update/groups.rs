//! Actions of the group workspace's modules: Metrics, Confusion Matrix,
//! Curves, Thresholder, Scalars.

use super::selection::select_rows;
use crate::analysis::confusion::cell_rows;
use crate::analysis::facets::Binning;
use crate::app::action::Action;
use crate::app::analysis_job::axis_values;
use crate::app::layout::Module;
use crate::app::scalars;
use crate::app::state::{AppState, Axis, COST_RATIOS, Score};

pub fn handle(state: &mut AppState, action: Action) {
    match state.focused_module() {
        Some(Module::Metrics) => metrics(state, action),
        Some(Module::Confusion) => confusion(state, action),
        Some(Module::Curves) => curves(state, action),
        Some(Module::Thresholder) => thresholder(state, action),
        Some(Module::Scalars) => scalars_action(state, action),
        _ => {}
    }
}

fn metrics(state: &mut AppState, action: Action) {
    let n = state.analysis.as_ref().map_or(0, |a| a.metrics.len());
    let p = &mut state.performance;
    match action {
        Action::Up => p.metrics_cursor = p.metrics_cursor.saturating_sub(1),
        Action::Down => p.metrics_cursor = (p.metrics_cursor + 1).min(n.saturating_sub(1)),
        Action::Top => p.metrics_cursor = 0,
        Action::Bottom => p.metrics_cursor = n.saturating_sub(1),
        Action::NextFacet => {
            let features = state.rows.features.len();
            p.facet = match p.facet {
                None if features > 0 => Some(0),
                Some(f) if f + 1 < features => Some(f + 1),
                _ => None,
            };
            state.status = match p.facet {
                Some(f) => format!("metrics faceted by {}", state.rows.features[f].name),
                None if features == 0 => "the data has no features to facet by".into(),
                None => "no facet".into(),
            };
        }
        Action::ToggleBinning => {
            p.binning = match p.binning {
                Binning::Quantile => Binning::EqualWidth,
                Binning::EqualWidth => Binning::Quantile,
            }
        }
        Action::TogglePerClass => p.per_class = !p.per_class,
        Action::Activate => {
            let cursor = p.metrics_cursor;
            if let Some(row) = state.analysis.as_ref().and_then(|a| a.metrics.get(cursor)) {
                let (name, rows) = (row.name.clone(), row.rows.clone());
                select_rows(state, rows);
                state.status = format!("selected {} ({} rows)", name, state.selection.len());
            }
        }
        _ => {}
    }
}

/// Row and column counts of the confusion matrix for the current axes.
fn axis_len(state: &AppState, axis: Axis) -> usize {
    match axis {
        Axis::Gold | Axis::Prediction | Axis::Model(_) => state.rows.classes(),
        Axis::Feature(_) => {
            let pred: Vec<Option<usize>> = Vec::new();
            axis_values(state, axis, &pred).1.len()
        }
    }
}

fn next_axis(state: &AppState, axis: Axis) -> Axis {
    // Categorical features only: text columns.
    let categorical: Vec<usize> = (0..state.rows.features.len())
        .filter(|&f| state.rows.features[f].numbers.is_none())
        .collect();
    let models = state.rows.model_count();
    let first_feature = categorical
        .first()
        .map_or(Axis::Gold, |&f| Axis::Feature(f));
    match axis {
        Axis::Gold => Axis::Prediction,
        Axis::Prediction if models > 1 => Axis::Model(1),
        Axis::Prediction => first_feature,
        Axis::Model(m) if m + 1 < models => Axis::Model(m + 1),
        Axis::Model(_) => first_feature,
        Axis::Feature(f) => categorical
            .iter()
            .find(|&&g| g > f)
            .map_or(Axis::Gold, |&g| Axis::Feature(g)),
    }
}

fn confusion(state: &mut AppState, action: Action) {
    let (rows_n, cols_n) = (
        axis_len(state, state.performance.row_axis),
        axis_len(state, state.performance.col_axis),
    );
    let pairs_n = state
        .analysis
        .as_ref()
        .map_or(0, |a| a.confusion.most_confused(20).len());
    let p = &mut state.performance;
    let (r, c) = p.cell;
    match action {
        Action::Up if p.pairs => p.pairs_cursor = p.pairs_cursor.saturating_sub(1),
        Action::Down if p.pairs => {
            p.pairs_cursor = (p.pairs_cursor + 1).min(pairs_n.saturating_sub(1))
        }
        Action::Up => p.cell = (r.saturating_sub(1), c),
        Action::Down => p.cell = ((r + 1).min(rows_n.saturating_sub(1)), c),
        Action::Left => p.cell = (r, c.saturating_sub(1)),
        Action::Right => p.cell = (r, (c + 1).min(cols_n.saturating_sub(1))),
        Action::PageUp => p.cell = (r.saturating_sub(10), c),
        Action::PageDown => p.cell = ((r + 10).min(rows_n.saturating_sub(1)), c),
        Action::Top => p.cell = (0, 0),
        Action::ToggleNormalized => p.normalized = !p.normalized,
        Action::TogglePairs => p.pairs = !p.pairs,
        Action::CycleRowAxis => {
            let next = next_axis(state, state.performance.row_axis);
            state.performance.row_axis = next;
            state.performance.cell = (0, 0);
        }
        Action::CycleColumnAxis => {
            let next = next_axis(state, state.performance.col_axis);
            state.performance.col_axis = next;
            state.performance.cell = (0, 0);
        }
        Action::Activate | Action::SelectConfusionRow | Action::SelectConfusionColumn => {
            let (r, c) = if p.pairs {
                match state
                    .analysis
                    .as_ref()
                    .and_then(|a| a.confusion.most_confused(20).get(p.pairs_cursor).copied())
                {
                    Some((r, c, _)) => (r, c),
                    None => return,
                }
            } else {
                p.cell
            };
            let pred: Vec<Option<usize>> = (0..state.rows.len())
                .map(|i| state.rows.predicted(i))
                .collect();
            let (row_of, row_names) = axis_values(state, state.performance.row_axis, &pred);
            let (col_of, col_names) = axis_values(state, state.performance.col_axis, &pred);
            let all: Vec<usize> = (0..state.rows.len()).collect();
            let (rows, what) = match action {
                Action::SelectConfusionRow => (
                    all.iter()
                        .copied()
                        .filter(|&i| row_of[i] == Some(r) && col_of[i].is_some())
                        .collect(),
                    format!("row {}", row_names.get(r).map_or("?", String::as_str)),
                ),
                Action::SelectConfusionColumn => (
                    all.iter()
                        .copied()
                        .filter(|&i| col_of[i] == Some(c) && row_of[i].is_some())
                        .collect(),
                    format!("column {}", col_names.get(c).map_or("?", String::as_str)),
                ),
                _ => (
                    cell_rows(&row_of, &col_of, &all, r, c),
                    format!(
                        "cell {} × {}",
                        row_names.get(r).map_or("?", String::as_str),
                        col_names.get(c).map_or("?", String::as_str)
                    ),
                ),
            };
            select_rows(state, rows);
            state.status = format!("selected {what} ({} rows)", state.selection.len());
        }
        _ => {}
    }
}

fn curves(state: &mut AppState, action: Action) {
    let k = state.rows.classes().max(1);
    let p = &mut state.performance;
    match action {
        Action::Left | Action::Up => p.curve_class = (p.curve_class + k - 1) % k,
        Action::Right | Action::Down => p.curve_class = (p.curve_class + 1) % k,
        _ => {}
    }
}

fn thresholder(state: &mut AppState, action: Action) {
    if state.rows.classes() != 2 {
        return;
    }
    let current = state.rows.threshold.unwrap_or(0.5);
    let set = |state: &mut AppState, t: Option<f32>| {
        state.rows.threshold = t
            .map(|t| (t * 1000.0).round() / 1000.0)
            .map(|t| t.clamp(0.0, 1.0));
        state.rows.version += 1;
        state.refresh_view();
    };
    match action {
        Action::Left => set(state, Some(current - 0.01)),
        Action::Right => set(state, Some(current + 0.01)),
        Action::Down | Action::PageDown => set(state, Some(current - 0.05)),
        Action::Up | Action::PageUp => set(state, Some(current + 0.05)),
        Action::ResetThreshold => set(state, None),
        Action::OptimalThreshold => {
            let best = state
                .analysis
                .as_ref()
                .and_then(|a| a.optimal.first())
                .and_then(|(_, t)| *t);
            match best {
                Some(t) => {
                    state.rows.threshold = Some(t.threshold as f32);
                    state.rows.version += 1;
                    state.refresh_view();
                }
                None => {
                    state.status =
                        "no optimal threshold yet: predictions and gold labels are needed".into()
                }
            }
        }
        Action::CostUp => {
            state.performance.cost = (state.performance.cost + 1).min(COST_RATIOS.len() - 1)
        }
        Action::CostDown => state.performance.cost = state.performance.cost.saturating_sub(1),
        _ => {}
    }
}

fn scalars_action(state: &mut AppState, action: Action) {
    let step = |a: Action| match a {
        Action::PageUp | Action::PageDown => 0.1,
        _ => 0.02,
    };
    let s = &mut state.scalars;
    let (x, y) = s.cursor;
    match action {
        Action::Left => s.cursor = ((x - step(Action::Left)).max(0.0), y),
        Action::Right => s.cursor = ((x + step(Action::Right)).min(1.0), y),
        Action::Up | Action::PageUp => s.cursor = (x, (y + step(action)).min(1.0)),
        Action::Down | Action::PageDown => s.cursor = (x, (y - step(action)).max(0.0)),
        Action::CycleScore => {
            let k = state.rows.classes();
            s.score = match s.score {
                Score::Confidence => Score::Margin,
                Score::Margin if k > 0 => Score::Probability(0),
                Score::Probability(c) if c + 1 < k => Score::Probability(c + 1),
                _ => Score::Confidence,
            };
        }
        Action::CycleXAxis => {
            let numeric: Vec<usize> = (0..state.rows.features.len())
                .filter(|&f| state.rows.features[f].numbers.is_some())
                .collect();
            s.x_feature = match s.x_feature {
                None => numeric.first().copied(),
                Some(f) => numeric.iter().copied().find(|&g| g > f),
            };
        }
        Action::Activate => {
            let points = scalars::points(state);
            if let Some(row) = scalars::nearest(&points, state.scalars.cursor) {
                state.primary = Some(row);
            }
        }
        Action::BoxSelect => match s.anchor.take() {
            None => s.anchor = Some(s.cursor),
            Some(anchor) => {
                let points = scalars::points(state);
                let rows = scalars::in_box(&points, anchor, state.scalars.cursor);
                state.status = format!("box selected {} rows", rows.len());
                select_rows(state, rows);
            }
        },
        _ => {}
    }
}
