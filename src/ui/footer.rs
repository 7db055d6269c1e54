//! The footer: a prompt when one is open, else the last error or status, and
//! background jobs on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::shared::Shared;

pub fn draw(frame: &mut Frame, area: Rect, state: &Shared, theme: &Theme) {
    let p = &state.progress;
    let jobs = if state.preview.is_some() {
        "reading rows… ".to_string()
    } else if !p.finished && p.total > 0 {
        format!("inference {}/{} ", p.done, p.total)
    } else if state.pending_rows > 0 {
        "predicting edits… ".to_string()
    } else {
        "ready · ? help ".to_string()
    };
    frame.render_widget(Paragraph::new("").style(theme.toolbar()), area);
    // A gap of two keeps a long message off the jobs on the right.
    let [left, _, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(2),
        Constraint::Length(jobs.chars().count() as u16),
    ])
    .areas(area);
    let fit = |text: String| super::clip(&text, left.width as usize);
    let line = match &state.input {
        Some(input) if input.label.is_some() => {
            let label = input.label.clone().unwrap_or_default();
            Line::from(vec![
                Span::styled(label, Style::default().fg(theme.accent)),
                Span::raw(input.buffer.clone()),
                Span::styled("▏", Style::default().fg(theme.accent)),
                Span::styled("  Enter ok · Esc cancel", theme.muted()),
            ])
        }
        _ => match &state.error {
            Some(e) => Line::from(Span::styled(fit(format!(" error: {e}")), theme.error())),
            None => Line::from(Span::styled(
                fit(format!(
                    " {}",
                    state.preview.as_ref().unwrap_or(&state.status)
                )),
                theme.base(),
            )),
        },
    };
    frame.render_widget(Paragraph::new(line).style(theme.toolbar()), left);
    frame.render_widget(
        Paragraph::new(jobs).style(theme.toolbar().fg(theme.muted)),
        right,
    );
}
