//! Confusion Matrix actions: move over cells or pairs, change axes, select
//! a cell's, a row's or a column's rows.

use super::Confusion;
use crate::analysis::confusion::cell_rows;
use crate::app::action::Action;
use crate::app::analysis_job::{Axis, axis_values};
use crate::app::effect::Fx;
use crate::app::shared::Shared;

pub fn handle(c: &mut Confusion, action: &Action, state: &Shared, fx: &mut Fx) -> bool {
    let (rows_n, cols_n) = (axis_len(state, c.row_axis), axis_len(state, c.col_axis));
    let pairs_n = state
        .report
        .as_ref()
        .map_or(0, |a| a.confusion.most_confused(20).len());
    let (r, col) = c.cell;
    match action {
        Action::Up if c.pairs => c.pairs_cursor = c.pairs_cursor.saturating_sub(1),
        Action::Down if c.pairs => {
            c.pairs_cursor = (c.pairs_cursor + 1).min(pairs_n.saturating_sub(1))
        }
        Action::Up => c.cell = (r.saturating_sub(1), col),
        Action::Down => c.cell = ((r + 1).min(rows_n.saturating_sub(1)), col),
        Action::Left => c.cell = (r, col.saturating_sub(1)),
        Action::Right => c.cell = (r, (col + 1).min(cols_n.saturating_sub(1))),
        Action::PageUp => c.cell = (r.saturating_sub(10), col),
        Action::PageDown => c.cell = ((r + 10).min(rows_n.saturating_sub(1)), col),
        Action::Top => c.cell = (0, 0),
        Action::ToggleNormalized => c.normalized = !c.normalized,
        Action::TogglePairs => c.pairs = !c.pairs,
        Action::SortNext | Action::SortReverse => {
            c.by_confusion = !c.by_confusion;
            c.cell = (0, 0);
            fx.status(if c.by_confusion {
                "classes with the most confusions first"
            } else {
                "classes in label order"
            });
        }
        Action::CycleRowAxis => {
            c.row_axis = next_axis(state, c.row_axis);
            c.cell = (0, 0);
        }
        Action::CycleColumnAxis => {
            c.col_axis = next_axis(state, c.col_axis);
            c.cell = (0, 0);
        }
        Action::Activate | Action::SelectConfusionRow | Action::SelectConfusionColumn => {
            select(c, action, state, fx)
        }
        _ => return false,
    }
    true
}

/// Row and column counts of the confusion matrix for an axis.
fn axis_len(state: &Shared, axis: Axis) -> usize {
    match axis {
        Axis::Gold | Axis::Prediction | Axis::Model(_) => state.rows.classes(),
        Axis::Feature(_) => axis_values(state, axis, &[]).1.len(),
    }
}

fn next_axis(state: &Shared, axis: Axis) -> Axis {
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

fn select(c: &Confusion, action: &Action, state: &Shared, fx: &mut Fx) {
    let (r, col) = if c.pairs {
        match state
            .report
            .as_ref()
            .and_then(|a| a.confusion.most_confused(20).get(c.pairs_cursor).copied())
        {
            Some((r, col, _)) => (r, col),
            None => return,
        }
    } else {
        let Some(m) = state.report.as_ref().map(|a| &a.confusion) else {
            return;
        };
        let (ro, co) = super::order::display_order(c, m);
        match (ro.get(c.cell.0), co.get(c.cell.1)) {
            (Some(&r), Some(&col)) => (r, col),
            _ => return,
        }
    };
    let pred: Vec<Option<usize>> = (0..state.rows.len())
        .map(|i| state.rows.predicted(i))
        .collect();
    let (row_of, row_names) = axis_values(state, c.row_axis, &pred);
    let (col_of, col_names) = axis_values(state, c.col_axis, &pred);
    let name = |names: &[String], i: usize| names.get(i).map_or("?", String::as_str).to_string();
    let all: Vec<usize> = (0..state.rows.len())
        .filter(|&i| state.rows.live(i))
        .collect();
    let (rows, what): (Vec<usize>, String) = match action {
        Action::SelectConfusionRow => (
            all.iter()
                .copied()
                .filter(|&i| row_of[i] == Some(r) && col_of[i].is_some())
                .collect(),
            format!("row {}", name(&row_names, r)),
        ),
        Action::SelectConfusionColumn => (
            all.iter()
                .copied()
                .filter(|&i| col_of[i] == Some(col) && row_of[i].is_some())
                .collect(),
            format!("column {}", name(&col_names, col)),
        ),
        _ => (
            cell_rows(&row_of, &col_of, &all, r, col),
            format!("cell {} × {}", name(&row_names, r), name(&col_names, col)),
        ),
    };
    fx.status(format!(
        "selected {what} ({})",
        crate::plural::rows(rows.len())
    ));
    fx.select(rows);
}
