//! Per-class metrics as rows: one line per class with support, precision,
//! recall and F1, for the Metrics line under the cursor (all rows, the
//! selection, a slice or a facet). Sortable; Enter selects the class's rows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Cell;

use super::Metrics;
use crate::analysis::metrics::ClassReport;
use crate::analysis::performance::MetricsRow;
use crate::app::module::DrawCtx;
use crate::ui::clip_middle;
use crate::ui::table_widget::{self, Column, Sort, Spec};

/// The columns per-class lines sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassKey {
    Class,
    Support,
    Precision,
    Recall,
    F1,
}

pub const KEYS: [ClassKey; 5] = [
    ClassKey::Class,
    ClassKey::Support,
    ClassKey::Precision,
    ClassKey::Recall,
    ClassKey::F1,
];

/// Class indices in the chosen order (label order when unsorted).
pub fn order(classes: &[ClassReport], sort: &Sort<ClassKey>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..classes.len()).collect();
    let Some((key, desc)) = sort.by else {
        return order;
    };
    let value = |c: &ClassReport| match key {
        ClassKey::Class | ClassKey::Support => c.support as f64,
        ClassKey::Precision => c.precision,
        ClassKey::Recall => c.recall,
        ClassKey::F1 => c.f1,
    };
    order.sort_by(|&a, &b| {
        let (x, y) = (&classes[a], &classes[b]);
        let o = match key {
            ClassKey::Class => x.label.cmp(&y.label),
            _ => value(x).total_cmp(&value(y)),
        };
        if desc { o.reverse() } else { o }
    });
    order
}

/// The Metrics line whose classes are shown.
pub fn line<'a>(m: &Metrics, metrics: &'a [MetricsRow]) -> Option<&'a MetricsRow> {
    metrics.get(m.cursor.min(metrics.len().saturating_sub(1)))
}

pub fn draw(m: &Metrics, row: &MetricsRow, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let theme = cx.theme;
    let order = order(&row.per_class, &m.class_sort);
    let support_w = row
        .per_class
        .iter()
        .map(|c| c.support.to_string().len())
        .max()
        .unwrap_or(1)
        .max(1);
    // Four number columns and the spaces between the five.
    let name_w = (area.width as usize)
        .saturating_sub(support_w + 3 * 5 + 4)
        .clamp(6, 40);
    let col = |h: &str, k: ClassKey, w: u16| {
        Column::sorted(h, Constraint::Length(w), m.class_sort.mark(&k))
    };
    let spec = Spec {
        columns: vec![
            col("class", ClassKey::Class, name_w as u16),
            col("n", ClassKey::Support, support_w as u16),
            col("P", ClassKey::Precision, 5),
            col("R", ClassKey::Recall, 5),
            col("F1", ClassKey::F1, 5),
        ],
        len: order.len(),
        cursor: Some(m.class_cursor.min(order.len().saturating_sub(1))),
        focused: cx.focused,
    };
    let cell = |i: usize| {
        let c = &row.per_class[order[i]];
        let cells = vec![
            Cell::from(clip_middle(&c.label, name_w)).style(theme.class(order[i])),
            Cell::from(c.support.to_string()),
            Cell::from(format!("{:.3}", c.precision)),
            Cell::from(format!("{:.3}", c.recall)),
            Cell::from(format!("{:.3}", c.f1)),
        ];
        (cells, theme.base())
    };
    table_widget::draw(frame, area, theme, &spec, cell);
}
