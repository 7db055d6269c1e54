//! The Datapoint Editor: the primary row in full, and the edit being typed
//! with its live prediction.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Editor, NAME};
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::app::shared::Input;
use crate::app::theme::Theme;
use crate::data::row_id::format_id;
use crate::ui::{clip, clip_middle, hanging};

pub fn title(e: &Editor, cx: &DrawCtx) -> Line<'static> {
    let (state, rows) = (cx.shared, &cx.shared.rows);
    let title = match (state.prompt_of(NAME).is_some(), state.primary) {
        (true, _) if e.blank => " Datapoint Editor · new blank point ".to_string(),
        (true, Some(p)) => format!(
            " Datapoint Editor · editing {} ",
            &format_id(rows.ids[p])[..8]
        ),
        (_, Some(p)) => format!(" Datapoint Editor · {} ", &format_id(rows.ids[p])[..8]),
        _ => " Datapoint Editor ".to_string(),
    };
    Line::from(title)
}

pub fn draw(e: &Editor, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let (state, theme) = (cx.shared, cx.theme);
    let editing = state.prompt_of(NAME);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(input) = editing {
        lines = editing_lines(e, input, cx);
    } else if let Some(p) = state.primary {
        lines = primary_lines(e, p, cx, area.width as usize);
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "No primary row. Press {} on a row in the Data Table, or {} for a blank datapoint.",
                cx.key(crate::modules::table::NAME, &Action::MakePrimary),
                cx.key(NAME, &Action::NewBlank)
            ),
            theme.muted(),
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn key<'a>(k: &str, theme: &Theme) -> Span<'a> {
    Span::styled(k.to_string(), Style::default().fg(theme.accent))
}

fn field<'a>(name: &str, theme: &Theme) -> Span<'a> {
    Span::styled(format!("{name:<11}"), Style::default().fg(theme.header))
}

/// The text being typed, its live prediction, and how to finish.
fn editing_lines(e: &Editor, input: &Input, cx: &DrawCtx) -> Vec<Line<'static>> {
    let (theme, rows) = (cx.theme, &cx.shared.rows);
    let key = |k: &str| key(k, theme);
    let field = |name: &str| field(name, theme);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let (before, after): (String, String) = {
        let chars: Vec<char> = input.buffer.chars().collect();
        (
            chars[..input.cursor].iter().collect(),
            chars[input.cursor..].iter().collect(),
        )
    };
    lines.push(Line::from(vec![
        field("text"),
        Span::raw(before),
        Span::styled("▏", Style::default().fg(theme.accent)),
        Span::raw(after),
    ]));
    lines.push(Line::from(vec![
        field("prediction"),
        match &e.draft_probs {
            Some(p) => prediction_spans(p, &rows.labels, theme),
            None => Span::styled("…", theme.muted()),
        },
    ]));
    lines.push(Line::from(vec![
        key("Enter"),
        Span::raw(" add as a new datapoint  "),
        key("Esc"),
        Span::raw(" cancel"),
    ]));
    lines
}

/// The primary row in full: id, text, label (or the label being chosen),
/// prediction and scores, features, and the editor's keys.
fn primary_lines(e: &Editor, p: usize, cx: &DrawCtx, width: usize) -> Vec<Line<'static>> {
    let (state, theme) = (cx.shared, cx.theme);
    let rows = &state.rows;
    let key = |k: &str| key(k, theme);
    let field = |name: &str| field(name, theme);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut meta = vec![field("id"), Span::raw(format_id(rows.ids[p]))];
    if rows.added[p] {
        meta.push(Span::styled("  added", Style::default().fg(theme.accent)));
    }
    if let Some(parent) = rows.parent_id(p) {
        let missing = if rows.parent[p].is_none() {
            " (not in the data now)"
        } else {
            ""
        };
        meta.push(Span::styled(
            format!("  parent {}{missing}", &format_id(parent)[..8]),
            theme.muted(),
        ));
    }
    if state.starred.contains(&rows.ids[p]) {
        meta.push(Span::styled("  ★", Style::default().fg(theme.selected)));
    }
    lines.push(Line::from(meta));
    lines.extend(hanging::wrap(field("text"), text_words(p, cx), width));
    lines.extend(parent_lines(p, cx, width));
    match e.label_choice {
        Some(choice) => {
            let mut spans = vec![field("label")];
            for (i, l) in rows.labels.iter().enumerate() {
                let style = if i == choice {
                    theme
                        .class(i)
                        .add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else {
                    theme.muted()
                };
                spans.push(Span::styled(format!(" {l} "), style));
            }
            spans.push(Span::styled(
                "  ←/→ choose · Enter add · Esc cancel",
                theme.muted(),
            ));
            lines.push(Line::from(spans));
        }
        None => lines.push(Line::from(vec![
            field("label"),
            Span::styled(
                rows.gold_shown(p),
                rows.gold[p].map_or(theme.muted(), |g| theme.class(g)),
            ),
        ])),
    }
    lines.push(Line::from(vec![
        field("prediction"),
        match rows.probs(p) {
            Some(probs) => prediction_spans(probs, &rows.labels, theme),
            None => cx.unscored(0),
        },
    ]));
    if let Some(probs) = rows.probs(p) {
        lines.extend(bars(probs, &rows.labels, theme, width));
    }
    for f in &rows.features {
        lines.push(Line::from(vec![
            field(&clip(&f.name, 10)),
            Span::raw(f.text(p).to_string()),
        ]));
    }
    let hint = |action: Action| key(&cx.key(NAME, &action));
    lines.push(Line::from(vec![
        hint(Action::EditText),
        Span::raw(" edit text  "),
        hint(Action::EditLabel),
        Span::raw(" relabel  "),
        hint(Action::Duplicate),
        Span::raw(" duplicate  "),
        hint(Action::NewBlank),
        Span::raw(" blank"),
    ]));
    lines
}

/// A row made from another (an edit, a generated counterfactual): the
/// parent's text beside it, with the words that differ marked, its
/// prediction, and what made the row.
fn parent_lines(p: usize, cx: &DrawCtx, width: usize) -> Vec<Line<'static>> {
    use crate::analysis::generators::word_diff::{WordChange, word_diff};
    let (rows, theme) = (&cx.shared.rows, cx.theme);
    let mut lines = Vec::new();
    if let Some(source) = rows.source.get(&p) {
        lines.push(Line::from(vec![
            field("made by", theme),
            Span::styled(source.clone(), theme.muted()),
        ]));
    }
    let Some(parent) = rows.parent[p] else {
        return lines;
    };
    let words = word_diff(&rows.texts[parent], &rows.texts[p])
        .into_iter()
        .filter_map(|c| match c {
            WordChange::Same(w) => Some(Span::styled(w, theme.muted())),
            WordChange::Removed(w) => Some(Span::styled(w, changed(theme))),
            WordChange::Added(_) => None,
        })
        .collect();
    lines.extend(hanging::wrap(field("parent", theme), words, width));
    lines.push(Line::from(vec![
        field("parent was", theme),
        match rows.probs(parent) {
            Some(probs) => prediction_spans(probs, &rows.labels, theme),
            None => cx.unscored(0),
        },
    ]));
    // Each model: the parent's class probability, before and after the change.
    for m in 0..rows.model_count() {
        let (Some(before), Some(after)) = (rows.probs_of(m, parent), rows.probs_of(m, p)) else {
            continue;
        };
        let Some(class) = crate::analysis::generators::argmax(before) else {
            continue;
        };
        let delta = after[class] - before[class];
        lines.push(Line::from(vec![
            field("Δ", theme),
            Span::styled(
                format!(
                    "{}: p({}) {:.3} → {:.3} ({delta:+.3})",
                    rows.models[m].name, rows.labels[class], before[class], after[class]
                ),
                if delta.abs() >= 0.1 {
                    changed(theme)
                } else {
                    theme.muted()
                },
            ),
        ]));
    }
    lines
}

/// The primary row's words; a row made from another has the words it
/// changed marked.
fn text_words(p: usize, cx: &DrawCtx) -> Vec<Span<'static>> {
    use crate::analysis::generators::word_diff::{WordChange, word_diff};
    let rows = &cx.shared.rows;
    let Some(parent) = rows.parent[p] else {
        return hanging::words(&rows.texts[p]);
    };
    word_diff(&rows.texts[parent], &rows.texts[p])
        .into_iter()
        .filter_map(|c| match c {
            WordChange::Same(w) => Some(Span::raw(w)),
            WordChange::Added(w) => Some(Span::styled(w, changed(cx.theme))),
            WordChange::Removed(_) => None,
        })
        .collect()
}

/// How a changed word stands out.
fn changed(theme: &Theme) -> Style {
    Style::default()
        .fg(theme.accent)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// The five best classes as bars. Class names are cut (in the middle, where
/// long names differ) only when the pane leaves no room for them.
fn bars(probs: &[f32], labels: &[String], theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    order.truncate(5);
    let longest = order
        .iter()
        .map(|&c| labels[c].chars().count())
        .max()
        .unwrap_or(0);
    // A bar of 20 and " 0.973" take 27 columns.
    let label_w = longest.min(width.saturating_sub(28)).max(10);
    order
        .iter()
        .map(|&c| {
            let bar = "█".repeat((probs[c] * 20.0).round() as usize);
            Line::from(vec![
                Span::raw(format!(
                    "{:>w$}",
                    clip_middle(&labels[c], label_w),
                    w = label_w + 1
                )),
                Span::raw(" "),
                Span::styled(format!("{bar:<20}"), theme.class(c)),
                Span::raw(format!(" {:.3}", probs[c])),
            ])
        })
        .collect()
}

/// "positive 0.973 (margin 0.946)".
fn prediction_spans(probs: &[f32], labels: &[String], theme: &Theme) -> Span<'static> {
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    let best = order[0];
    let margin = probs[best] - order.get(1).map_or(0.0, |&s| probs[s]);
    Span::styled(
        format!("{} {:.3} (margin {:.3})", labels[best], probs[best], margin),
        theme.class(best).add_modifier(Modifier::BOLD),
    )
}
