//! The top toolbar (model, data, progress) and the global toolbar (selection,
//! primary row, stars, color-by).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::state::{AppState, ColorBy};
use crate::data::row_id::format_id;

pub fn draw_top(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let sep = Span::styled(" │ ", theme.muted());
    let p = &state.progress;
    let progress = if p.finished || p.total == 0 {
        Span::styled("✓ predicted", Style::default().fg(theme.positive))
    } else {
        let width = 12usize;
        let filled = (p.done * width).checked_div(p.total).unwrap_or(0);
        Span::styled(
            format!(
                "predicting {}{} {}/{}",
                "█".repeat(filled),
                "░".repeat(width - filled),
                p.done,
                p.total
            ),
            Style::default().fg(theme.warning),
        )
    };
    let line = Line::from(vec![
        Span::styled(
            " lit-tui",
            Style::default()
                .fg(theme.accent)
                .add_modifier(Modifier::BOLD),
        ),
        sep.clone(),
        Span::raw("model "),
        Span::styled(
            state.model_name.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        sep.clone(),
        Span::raw("data "),
        Span::styled(
            state.data_name.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        sep.clone(),
        Span::raw(format!("{} rows", state.rows.len())),
        sep,
        progress,
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.toolbar()), area);
}

pub fn draw_global(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let sep = Span::styled(" │ ", theme.muted());
    let key = |k: &str| Span::styled(k.to_string(), Style::default().fg(theme.accent));
    let primary = match state.primary {
        Some(p) => {
            let star = if state.starred.contains(&state.rows.ids[p]) {
                " ★"
            } else {
                " ☆"
            };
            vec![
                Span::raw("primary "),
                Span::styled(
                    format_id(state.rows.ids[p])[..8].to_string(),
                    Style::default().fg(theme.primary),
                ),
                Span::styled(star, Style::default().fg(theme.selected)),
            ]
        }
        None => vec![Span::styled("no primary", theme.muted())],
    };
    let mut spans = vec![Span::raw(format!(" selected {}", state.selection.len()))];
    spans.push(sep.clone());
    spans.extend(primary);
    spans.extend([
        Span::raw(" "),
        key("n/p"),
        sep.clone(),
        key("s"),
        Span::raw(" star"),
        sep.clone(),
        key("x"),
        Span::raw(" clear"),
        sep.clone(),
        key("S"),
        Span::raw(" slice"),
        sep.clone(),
        key("P/C"),
        Span::raw(" parent/children"),
        sep,
        key("c"),
        Span::raw(" color by "),
        Span::styled(
            state.color_by.name(),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw(" "),
    ]);
    spans.extend(legend(state, theme));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.toolbar()),
        area,
    );
}

/// The colors of the color-by values, as shown in every module.
fn legend(state: &AppState, theme: &Theme) -> Vec<Span<'static>> {
    let values = color_values(state);
    values
        .iter()
        .take(4)
        .enumerate()
        .map(|(i, v)| Span::styled(format!("■{v} "), theme.class(i)))
        .chain((values.len() > 4).then(|| Span::styled("…", theme.muted())))
        .collect()
}

/// The distinct values of the color-by, in color order.
pub fn color_values(state: &AppState) -> Vec<String> {
    match &state.color_by {
        ColorBy::Correct => vec!["✓".into(), "✗".into()],
        ColorBy::Label | ColorBy::Prediction => state.rows.labels.clone(),
        ColorBy::Feature(name) => {
            let mut seen: Vec<String> = Vec::new();
            if let Some(f) = state.rows.features.iter().find(|f| &f.name == name) {
                for v in &f.text {
                    if !seen.contains(v) {
                        seen.push(v.clone());
                        if seen.len() > 32 {
                            break;
                        }
                    }
                }
            }
            seen
        }
    }
}

/// The color index of a row under the color-by, if it has a value.
pub fn color_of(state: &AppState, row: usize) -> Option<usize> {
    match &state.color_by {
        ColorBy::Correct => state.rows.correct(row).map(|c| if c { 0 } else { 1 }),
        ColorBy::Label => state.rows.gold[row],
        ColorBy::Prediction => state.rows.predicted(row),
        ColorBy::Feature(name) => {
            let f = state.rows.features.iter().find(|f| &f.name == name)?;
            let v = &f.text[row];
            // The order values first appear in, as in the legend.
            let mut seen: Vec<&String> = Vec::new();
            for x in &f.text {
                if x == v {
                    return Some(seen.len());
                }
                if !seen.contains(&x) {
                    seen.push(x);
                }
                if seen.len() > 32 {
                    break;
                }
            }
            None
        }
    }
}
