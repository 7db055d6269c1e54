//! The Data Table: virtualized (only the rows on screen are built), so 100,000
//! rows scroll like 100.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::toolbar::color_of;
use super::{Theme, clip, pane_block};
use crate::app::state::{AppState, InputKind, SortKey};
use crate::data::row_id::format_id;

/// Feature columns shown at most (the rest are in the Datapoint Editor).
const MAX_FEATURES: usize = 3;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let t = &state.table;
    let mut title = vec![Span::raw(format!(
        " Data Table · {} of {} rows",
        t.view.len(),
        state.rows.len()
    ))];
    if t.only_mispredictions {
        title.push(Span::styled(
            " · mispredictions",
            Style::default().fg(theme.warning),
        ));
    }
    if t.only_selection {
        title.push(Span::styled(
            " · selection",
            Style::default().fg(theme.warning),
        ));
    }
    if !t.query_text.is_empty() {
        title.push(Span::styled(
            format!(" · /{}", t.query_text),
            Style::default().fg(theme.warning),
        ));
    }
    title.push(Span::raw(" "));
    let block = pane_block(Line::from(title), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let searching = state
        .input
        .as_ref()
        .is_some_and(|i| i.kind == InputKind::Search);
    let [table_area, prompt_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(u16::from(searching)),
    ])
    .areas(inner);
    if let Some(input) = state.input.as_ref().filter(|_| searching) {
        let line = Line::from(vec![
            Span::styled("/", Style::default().fg(theme.accent)),
            Span::raw(input.buffer.clone()),
            Span::styled("▏", Style::default().fg(theme.accent)),
            Span::styled(
                "  words · column:regex · confidence:0.9-1 · Enter/Esc",
                theme.muted(),
            ),
        ]);
        frame.render_widget(Paragraph::new(line), prompt_area);
    }
    if t.view.is_empty() {
        let msg = if state.rows.is_empty() {
            "No rows."
        } else {
            "No rows match. Esc clears the search and filters."
        };
        frame.render_widget(Paragraph::new(msg).style(theme.muted()), table_area);
        return;
    }

    let rows = &state.rows;
    let label_w = rows
        .labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 18) as u16;
    let features: Vec<usize> = (0..rows.features.len().min(MAX_FEATURES)).collect();
    let mut widths = vec![
        Constraint::Length(2),
        Constraint::Length(8),
        Constraint::Fill(1),
        Constraint::Length(label_w),
        Constraint::Length(label_w),
        Constraint::Length(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ];
    widths.extend(features.iter().map(|_| Constraint::Length(10)));

    let sort_mark = |key: SortKey, name: &str| -> String {
        match &t.sort {
            Some((k, desc)) if *k == key => format!("{name}{}", if *desc { "▼" } else { "▲" }),
            _ => name.to_string(),
        }
    };
    let mut header: Vec<String> = vec![
        String::new(),
        sort_mark(SortKey::Id, "id"),
        sort_mark(SortKey::Text, "text"),
        sort_mark(SortKey::Label, "label"),
        sort_mark(SortKey::Prediction, "pred"),
        sort_mark(SortKey::Confidence, "conf"),
        sort_mark(SortKey::Correct, "✓"),
        sort_mark(SortKey::Star, "★"),
    ];
    header.extend(
        features
            .iter()
            .map(|&f| sort_mark(SortKey::Feature(f), &rows.features[f].name)),
    );
    let header = Row::new(header).style(
        Style::default()
            .fg(theme.header)
            .add_modifier(Modifier::BOLD),
    );

    // Visible window: the cursor stays mid-screen once the list scrolls.
    let height = table_area.height.saturating_sub(1) as usize;
    let offset = t
        .cursor
        .saturating_sub(height / 2)
        .min(t.view.len().saturating_sub(height));
    let text_w = estimate_text_width(table_area.width, label_w, features.len());
    let body: Vec<Row> = t.view[offset..(offset + height).min(t.view.len())]
        .iter()
        .enumerate()
        .map(|(k, &r)| {
            let at = offset + k;
            let selected = state.selection.contains(&r);
            let marker = if Some(r) == state.primary {
                Span::styled(
                    "▶",
                    Style::default()
                        .fg(theme.primary)
                        .add_modifier(Modifier::BOLD),
                )
            } else if selected {
                Span::styled("●", Style::default().fg(theme.selected))
            } else {
                Span::raw(" ")
            };
            let swatch = match color_of(state, r) {
                Some(c) => Span::styled(if rows.added[r] { "+" } else { "■" }, theme.class(c)),
                None => Span::styled(if rows.added[r] { "+" } else { "·" }, theme.muted()),
            };
            let pred = rows.predicted(r);
            let correct = match rows.correct(r) {
                Some(true) => Span::styled("✓", Style::default().fg(theme.positive)),
                Some(false) => Span::styled("✗", Style::default().fg(theme.negative)),
                None => Span::raw(" "),
            };
            let star = if state.starred.contains(&rows.ids[r]) {
                "★"
            } else {
                " "
            };
            let mut cells = vec![
                Cell::from(Line::from(vec![marker, swatch])),
                Cell::from(format_id(rows.ids[r])[..8].to_string()).style(theme.muted()),
                Cell::from(clip(&rows.texts[r], text_w)),
                Cell::from(clip(rows.label_name(rows.gold[r]), label_w as usize))
                    .style(rows.gold[r].map_or(theme.base(), |g| theme.class(g))),
                Cell::from(clip(rows.label_name(pred), label_w as usize))
                    .style(pred.map_or(theme.base(), |p| theme.class(p))),
                Cell::from(
                    rows.confidence(r)
                        .map_or("…".to_string(), |c| format!("{c:.3}")),
                ),
                Cell::from(correct),
                Cell::from(Span::styled(star, Style::default().fg(theme.selected))),
            ];
            cells.extend(
                features
                    .iter()
                    .map(|&f| Cell::from(clip(&rows.features[f].text[r], 10))),
            );
            let mut style = theme.base();
            if selected {
                style = style.add_modifier(Modifier::BOLD);
            }
            if at == t.cursor && focused {
                style = style.patch(theme.cursor());
            }
            Row::new(cells).style(style)
        })
        .collect();
    let table = Table::new(body, widths).header(header).column_spacing(1);
    frame.render_widget(table, table_area);
}

fn estimate_text_width(total: u16, label_w: u16, features: usize) -> usize {
    let fixed = 2 + 8 + label_w * 2 + 5 + 1 + 1 + 10 * features as u16 + (8 + features as u16);
    total.saturating_sub(fixed).max(10) as usize
}
