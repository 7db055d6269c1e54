//! The Data Table: virtualized (only the rows on screen are built), so 100,000
//! rows scroll like 100.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

use super::{NAME, SortKey, Table};
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::data::row_id::format_id;
use crate::ui::clip;
use crate::ui::table_widget::{self, Column, Spec};
use crate::ui::toolbar::color_of;

/// Feature columns shown at most (the rest are in the Datapoint Editor).
const MAX_FEATURES: usize = 3;

pub fn title(t: &Table, cx: &DrawCtx) -> Line<'static> {
    let (state, theme) = (cx.shared, cx.theme);
    let mut title = vec![Span::raw(format!(
        " Data Table · {} of {}",
        t.view.len(),
        crate::plural::rows(state.rows.len() - state.rows.deleted.len())
    ))];
    if t.text_scroll > 0 {
        title.push(Span::styled(
            format!(" · text from character {} (h/l)", t.text_scroll + 1),
            theme.muted(),
        ));
    }
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
    if t.awaiting_index {
        title.push(Span::styled(
            " · indexing the texts for search…",
            theme.muted(),
        ));
    }
    if !t.only_mispredictions {
        title.push(Span::styled(
            format!(" · {} worst first", cx.key(NAME, &Action::WorstFirst)),
            theme.muted(),
        ));
    }
    title.push(Span::raw(" "));
    Line::from(title)
}

pub fn draw(t: &Table, frame: &mut Frame, inner: Rect, cx: &DrawCtx) {
    let (state, theme, focused) = (cx.shared, cx.theme, cx.focused);
    let prompt = state.prompt_of(NAME);
    let searching = prompt.is_some();
    let [table_area, prompt_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(u16::from(searching)),
    ])
    .areas(inner);
    if let Some(input) = prompt {
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
    let sort = |key: SortKey| t.sort.mark(&key);
    let mut columns = vec![
        Column::new("", Constraint::Length(2)),
        Column::sorted("id", Constraint::Length(8), sort(SortKey::Id)),
        Column::sorted("text", Constraint::Fill(1), sort(SortKey::Text)),
        Column::sorted("label", Constraint::Length(label_w), sort(SortKey::Label)),
        Column::sorted(
            "pred",
            Constraint::Length(label_w),
            sort(SortKey::Prediction),
        ),
        Column::sorted("conf", Constraint::Length(5), sort(SortKey::Confidence)),
        Column::sorted("qual", Constraint::Length(5), sort(SortKey::LabelQuality)),
        Column::sorted("✓", Constraint::Length(1), sort(SortKey::Correct)),
        Column::sorted("★", Constraint::Length(1), sort(SortKey::Star)),
    ];
    columns.extend(features.iter().map(|&f| {
        Column::sorted(
            &rows.features[f].name,
            Constraint::Length(10),
            sort(SortKey::Feature(f)),
        )
    }));
    let text_w = estimate_text_width(table_area.width, label_w, features.len());
    let widths = Widths {
        label: label_w as usize,
        text: text_w,
        scrolled: t.text_scroll,
    };
    let row = |at: usize| row_cells(t.view[at], cx, &features, &widths);
    let spec = Spec {
        columns,
        len: t.view.len(),
        cursor: Some(t.cursor),
        focused,
    };
    table_widget::draw(frame, table_area, theme, &spec, row);
}

/// Column widths a row's cells are cut to.
struct Widths {
    label: usize,
    text: usize,
    /// Characters of each text scrolled off to the left (`h`/`l`).
    scrolled: usize,
}

/// `text` without its first `chars` characters, marked `…` when cut.
fn scrolled(text: &str, chars: usize) -> String {
    if chars == 0 {
        return text.to_string();
    }
    let rest: String = text.chars().skip(chars + 1).collect();
    format!("…{rest}")
}

/// One row's cells and style.
fn row_cells(
    r: usize,
    cx: &DrawCtx,
    features: &[usize],
    w: &Widths,
) -> (Vec<Cell<'static>>, Style) {
    let (state, theme) = (cx.shared, cx.theme);
    let rows = &state.rows;
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
        Cell::from(clip(&scrolled(&rows.texts[r], w.scrolled), w.text)),
        Cell::from(clip(&rows.gold_shown(r), w.label))
            .style(rows.gold[r].map_or(theme.base(), |g| theme.class(g))),
        Cell::from(clip(rows.label_name(pred), w.label))
            .style(pred.map_or(theme.base(), |p| theme.class(p))),
        Cell::from(
            rows.confidence(r)
                .map_or("…".to_string(), |c| format!("{c:.3}")),
        ),
        Cell::from(
            rows.label_quality(r)
                .map_or(String::new(), |q| format!("{q:.3}")),
        ),
        Cell::from(correct),
        Cell::from(Span::styled(star, Style::default().fg(theme.selected))),
    ];
    cells.extend(
        features
            .iter()
            .map(|&f| Cell::from(clip(rows.features[f].text(r), 10))),
    );
    let mut style = theme.base();
    if selected {
        style = style.add_modifier(Modifier::BOLD);
    }
    (cells, style)
}

fn estimate_text_width(total: u16, label_w: u16, features: usize) -> usize {
    let fixed = 2 + 8 + label_w * 2 + 5 + 5 + 1 + 1 + 10 * features as u16 + (9 + features as u16);
    total.saturating_sub(fixed).max(10) as usize
}
