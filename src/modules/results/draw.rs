//! Classification results of the primary row and the pinned reference row,
//! side by side: a bar per class, gold, prediction with margin, correctness.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{NAME, Results};
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::data::row_id::format_id;
use crate::ui::clip_middle;

pub fn draw(_m: &Results, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let (state, theme) = (cx.shared, cx.theme);
    let Some(primary) = state.primary else {
        frame.render_widget(
            Paragraph::new(format!(
                "No primary row: {} on a row in the Data Table. {} pins it as a reference.",
                cx.key(crate::modules::table::NAME, &Action::MakePrimary),
                cx.key(NAME, &Action::Pin)
            ))
            .style(theme.muted())
            .wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    // One column per (row, model): the primary, then the pinned row.
    let mut columns: Vec<(usize, usize, &str)> = Vec::new();
    let models = state.rows.model_count();
    for m in 0..models {
        columns.push((primary, m, "primary"));
    }
    if let Some(pinned) = state.pinned.filter(|&p| p != primary) {
        for m in 0..models {
            columns.push((pinned, m, "pinned"));
        }
    }
    let areas = Layout::horizontal(columns.iter().map(|_| Constraint::Fill(1))).split(area);
    for (&(row, m, role), cell) in columns.iter().zip(areas.iter()) {
        column(frame, *cell, cx, row, m, role);
    }
}

fn column(frame: &mut Frame, area: Rect, cx: &DrawCtx, row: usize, model: usize, role: &str) {
    let (state, theme) = (cx.shared, cx.theme);
    let rows = &state.rows;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{role} "),
            Style::default()
                .fg(theme.header)
                .add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format_id(rows.ids[row])[..8].to_string(),
            Style::default().fg(theme.primary),
        ),
    ])];
    if rows.model_count() > 1 {
        // Several models: each column names its own, numbered as in Metrics.
        let name = match model {
            0 => state.model_name.as_str(),
            m => rows.compared().get(m - 1).map_or("?", |c| c.name.as_str()),
        };
        lines.push(Line::from(Span::styled(
            format!("model {}={name}", model + 1),
            theme.muted(),
        )));
    }
    // Each column's own model's scores.
    let Some(probs) = rows.probs_of(model, row) else {
        lines.push(Line::from(cx.unscored(model)));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let pred = rows.predicted_by(model, row).unwrap_or(0);
    lines.push(Line::from(vec![
        Span::raw("gold "),
        Span::styled(
            rows.label_name(rows.gold[row]).to_string(),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw(" pred "),
        Span::styled(
            rows.labels[pred].clone(),
            theme.class(pred).add_modifier(Modifier::BOLD),
        ),
    ]));
    lines.push(Line::from(vec![
        Span::raw(format!("margin {:.3} ", margin(probs))),
        match rows.gold[row]
            .zip(rows.predicted_by(model, row))
            .map(|(g, p)| g == p)
        {
            Some(true) => Span::styled("✓ correct", Style::default().fg(theme.positive)),
            Some(false) => Span::styled("✗ wrong", Style::default().fg(theme.negative)),
            None => Span::raw(""),
        },
    ]));
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    let shown = &order[..order.len().min((area.height as usize).saturating_sub(3))];
    // Names in full where the pane has room (a bar of at least 10 left),
    // else cut in the middle, where long class names differ.
    let longest = shown
        .iter()
        .map(|&c| rows.labels[c].chars().count())
        .max()
        .unwrap_or(0);
    let label_w = longest
        .min((area.width as usize).saturating_sub(18))
        .max(10);
    let bar_w = (area.width as usize).saturating_sub(label_w + 8) as f32;
    for &c in shown {
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{:>label_w$} ",
                clip_middle(&rows.labels[c], label_w)
            )),
            Span::styled(
                "█".repeat((probs[c] * bar_w).round() as usize),
                theme.class(c),
            ),
            Span::raw(format!(" {:.3}", probs[c])),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn margin(probs: &[f32]) -> f32 {
    let mut sorted = probs.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    sorted[0] - sorted.get(1).copied().unwrap_or(0.0)
}
