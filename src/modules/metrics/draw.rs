//! Metrics: accuracy and macro precision/recall/F1 for all rows, the
//! selection, every slice and every facet; per-class F1 on demand.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Paragraph};

use super::Metrics;
use crate::app::module::DrawCtx;
use crate::ui::clip;
use crate::ui::table_widget::{self, Column, Spec};

pub fn draw(m: &Metrics, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let (state, theme, focused) = (cx.shared, cx.theme, cx.focused);
    let Some(analysis) = &state.report else {
        frame.render_widget(Paragraph::new("computing…").style(theme.muted()), area);
        return;
    };
    if m.per_class
        && let Some(line) = super::per_class::line(m, &analysis.metrics)
    {
        return super::per_class::draw(m, line, frame, area, cx);
    }
    // Narrow panes, and several models, keep accuracy and F1; precision and recall need room.
    let wide = area.width >= 48 && state.rows.compared().is_empty();
    let name_w = analysis
        .metrics
        .iter()
        .map(|m| m.name.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(6, 24) as u16;
    let others = analysis.metrics.first().map_or(0, |m| m.others.len());
    // With compared models, columns are numbered by model and a legend names them.
    let (tag, area) = if others > 0 {
        let [legend, rest] =
            ratatui::layout::Layout::vertical([Constraint::Length(1), Constraint::Fill(1)])
                .areas(area);
        let text = super::model_legend(state, legend.width as usize);
        frame.render_widget(Paragraph::new(text).style(theme.muted()), legend);
        ("·1", rest)
    } else {
        ("", area)
    };
    let mut header = vec!["rows".to_string(), "size".into(), format!("acc{tag}")];
    if wide {
        header.extend(["P".into(), "R".into()]);
    }
    header.push(format!("F1{tag}"));
    for k in 0..others {
        header.extend([format!("acc·{}", k + 2), format!("F1·{}", k + 2)]);
    }
    // Generated rows: LIT's paired metrics against their parents.
    let paired = analysis.metrics.iter().any(|m| m.paired.is_some());
    if paired {
        header.extend(["swap".into(), "JSD".into()]);
    }
    let fmt = |v: f64, scored: usize| {
        if scored == 0 {
            "–".to_string()
        } else {
            format!("{v:.3}")
        }
    };
    let row = |i: usize| {
        let m = &analysis.metrics[i];
        let mut cells = vec![
            clip(&m.name, name_w as usize),
            m.rows.len().to_string(),
            fmt(m.accuracy, m.scored),
        ];
        if wide {
            cells.extend([fmt(m.precision, m.scored), fmt(m.recall, m.scored)]);
        }
        cells.push(fmt(m.f1, m.scored));
        for o in &m.others {
            cells.extend([fmt(o.accuracy, o.scored), fmt(o.f1, o.scored)]);
        }
        if paired {
            cells.extend(match &m.paired {
                Some(p) => [format!("{:.3}", p.swap_rate), format!("{:.3}", p.mean_jsd)],
                None => ["–".to_string(), "–".to_string()],
            });
        }
        (cells.into_iter().map(Cell::from).collect(), theme.base())
    };
    let numbers = if wide { 5 } else { 3 };
    let mut widths = vec![Constraint::Min(name_w.min(10))];
    widths.extend((0..numbers).map(|_| Constraint::Length(5)));
    widths.extend((0..others * 2).map(|_| Constraint::Length(5)));
    if paired {
        widths.extend([Constraint::Length(5), Constraint::Length(5)]);
    }
    let spec = Spec {
        columns: header
            .into_iter()
            .zip(widths)
            .map(|(h, w)| Column::new(h, w))
            .collect(),
        len: analysis.metrics.len(),
        cursor: Some(m.cursor),
        focused,
    };
    table_widget::draw(frame, area, theme, &spec, row);
}
