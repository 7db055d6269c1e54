//! Classification results of the primary row and the pinned reference row,
//! side by side: a bar per class, gold, prediction with margin, correctness.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::state::AppState;
use crate::data::row_id::format_id;
use crate::ui::{Theme, clip};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let Some(primary) = state.primary else {
        frame.render_widget(
            Paragraph::new(
                "No primary row: Enter on a row in the Data Table. i pins it as a reference.",
            )
            .style(theme.muted())
            .wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    match state.pinned.filter(|&p| p != primary) {
        Some(pinned) => {
            let [left, right] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
            column(frame, left, state, theme, primary, "primary");
            column(frame, right, state, theme, pinned, "pinned");
        }
        None => column(frame, area, state, theme, primary, "primary"),
    }
}

fn column(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, row: usize, role: &str) {
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
    let Some(probs) = rows.probs(row) else {
        lines.push(Line::from(Span::styled("predicting…", theme.muted())));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let pred = rows.predicted(row).unwrap_or(0);
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
        Span::raw(format!("margin {:.3} ", rows.margin(row).unwrap_or(0.0))),
        match rows.correct(row) {
            Some(true) => Span::styled("✓ correct", Style::default().fg(theme.positive)),
            Some(false) => Span::styled("✗ wrong", Style::default().fg(theme.negative)),
            None => Span::raw(""),
        },
    ]));
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    let label_w = 10usize;
    let bar_w = (area.width as usize).saturating_sub(label_w + 8) as f32;
    for &c in order.iter().take((area.height as usize).saturating_sub(3)) {
        lines.push(Line::from(vec![
            Span::raw(format!("{:>label_w$} ", clip(&rows.labels[c], label_w))),
            Span::styled(
                "█".repeat((probs[c] * bar_w).round() as usize),
                theme.class(c),
            ),
            Span::raw(format!(" {:.3}", probs[c])),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
