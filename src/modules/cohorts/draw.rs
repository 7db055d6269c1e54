//! The Error Cohorts pane: the overall error rate and the tree's limits, the
//! path to the cohort under the cursor, the keys, then the cohorts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

use super::{Cohorts, NAME};
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::ui::clip;
use crate::ui::table_widget::{self, Column, Spec};

pub fn draw(m: &Cohorts, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let theme = cx.theme;
    let [head, table] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
    let limits = format!(
        "tree depth ≤ {}, leaves ≥ {} rows",
        m.params.max_depth, m.params.min_leaf
    );
    let (summary, path) = match &m.fitted {
        None if m.running => ("fitting…".to_string(), String::new()),
        None => ("waiting for the predictions".to_string(), String::new()),
        Some(f) => {
            let n = f.tree.nodes[0].size();
            let rate = if n == 0 {
                0.0
            } else {
                f.tree.errors as f64 / n as f64
            };
            (
                format!(
                    "{} wrong of {n} labelled rows ({:.1}%) · {limits}",
                    f.tree.errors,
                    100.0 * rate,
                ),
                path_line(m),
            )
        }
    };
    let hints = [
        (Action::Activate, "select"),
        (Action::SaveAsSlice, "save as slice"),
        (Action::ToggleScope, "all rows/selection"),
        (Action::EditSettings, "depth, leaf size"),
    ]
    .iter()
    .map(|(a, what)| format!("{} {what}", cx.key(NAME, a)))
    .collect::<Vec<_>>()
    .join(" · ");
    let lines = vec![
        Line::from(clip(&summary, head.width as usize)),
        Line::from(Span::styled(
            clip(&path, head.width as usize),
            Style::default().fg(theme.accent),
        )),
        Line::from(Span::styled(hints, theme.muted())),
    ];
    frame.render_widget(Paragraph::new(lines), head);
    let cohorts = m.cohorts();
    if cohorts.is_empty() {
        return;
    }
    let width = (table.width as usize).saturating_sub(6 + 6 + 6 + 6 + 5 + 6);
    let spec = Spec {
        columns: vec![
            Column::new("cohort", Constraint::Fill(1)),
            Column::new("  size", Constraint::Length(6)),
            Column::new(" wrong", Constraint::Length(6)),
            Column::new("  rate", Constraint::Length(6)),
            Column::new("cover", Constraint::Length(5)),
            Column::new("  lift", Constraint::Length(6)),
        ],
        len: cohorts.len(),
        cursor: Some(m.cursor),
        focused: cx.focused,
    };
    let row = |i: usize| {
        let c = &cohorts[i];
        let cells = vec![
            Cell::from(clip(&c.description, width)),
            Cell::from(format!("{:>6}", c.size)),
            Cell::from(format!("{:>6}", c.errors)),
            Cell::from(format!("{:>6.3}", c.error_rate)),
            Cell::from(format!("{:>5.3}", c.coverage)),
            Cell::from(format!("{:>6.2}", c.lift)),
        ];
        (cells, theme.base())
    };
    table_widget::draw(frame, table, theme, &spec, row);
}

/// The path from the root to the cohort under the cursor, one step each.
fn path_line(m: &Cohorts) -> String {
    let Some(f) = &m.fitted else {
        return String::new();
    };
    let Some(c) = f.tree.cohorts.get(m.cursor) else {
        return String::new();
    };
    let mut steps = vec!["all rows".to_string()];
    steps.extend(
        f.tree.nodes[c.node]
            .path
            .iter()
            .map(|cond| cond.describe(&f.features)),
    );
    format!("path: {}", steps.join(" → "))
}
