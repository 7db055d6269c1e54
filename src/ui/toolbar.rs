//! The top toolbar (model, data, progress) and the global toolbar (selection,
//! primary row, stars, color-by).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::action::Action;
use crate::app::keymap::Keymap;
use crate::app::shared::{ColorBy, Shared};
use crate::data::row_id::format_id;

pub fn draw_top(frame: &mut Frame, area: Rect, state: &Shared, theme: &Theme) {
    let sep = Span::styled(" │ ", theme.muted());
    let p = &state.progress;
    let progress = if state.preview.is_some() {
        Span::styled("reading rows…", Style::default().fg(theme.warning))
    } else if p.finished || p.total == 0 {
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
        Span::raw(if state.rows.compared().is_empty() {
            "model "
        } else {
            "models "
        }),
        Span::styled(
            model_list(state),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        sep.clone(),
        Span::raw("data "),
        Span::styled(
            state.data_name.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        sep.clone(),
        Span::raw(crate::plural::rows(state.rows.len())),
        sep,
        progress,
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.toolbar()), area);
}

/// The main model, then each compared one, numbered as Metrics numbers them.
fn model_list(state: &Shared) -> String {
    if state.rows.compared().is_empty() {
        return state.model_name.clone();
    }
    let mut out = format!("1={}", state.model_name);
    for (k, c) in state.rows.compared().iter().enumerate() {
        out.push_str(&format!(" {}={}", k + 2, c.name));
    }
    out
}

pub fn draw_global(frame: &mut Frame, area: Rect, state: &Shared, theme: &Theme, keys: &Keymap) {
    let sep = Span::styled(" │ ", theme.muted());
    let key = |k: &str| Span::styled(k.to_string(), Style::default().fg(theme.accent));
    let hint = |a: Action| keys.hint("global", &a);
    let pair = |a: Action, b: Action| format!("{}/{}", hint(a), hint(b));
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
        key(&pair(Action::NextPrimary, Action::PrevPrimary)),
        sep.clone(),
        key(&hint(Action::ToggleStar)),
        Span::raw(" star"),
        sep.clone(),
        key(&hint(Action::ClearSelection)),
        Span::raw(" clear"),
        sep.clone(),
        key(&hint(Action::SelectNextSlice)),
        Span::raw(" slice"),
        sep.clone(),
        key(&pair(Action::SelectParent, Action::SelectChildren)),
        Span::raw(" parent/children"),
        sep,
        key(&hint(Action::CycleColorBy)),
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
fn legend(state: &Shared, theme: &Theme) -> Vec<Span<'static>> {
    let values = color_values(state);
    values
        .iter()
        .take(4)
        .enumerate()
        .map(|(i, v)| Span::styled(format!("■{v} "), theme.class(i)))
        .chain((values.len() > 4).then(|| Span::styled("…", theme.muted())))
        .collect()
}

/// Distinct values a feature colors by; the rest are uncolored.
const FEATURE_COLORS: usize = 33;

/// The distinct values of the color-by, in color order.
pub fn color_values(state: &Shared) -> Vec<String> {
    match &state.color_by {
        ColorBy::Correct => vec!["✓".into(), "✗".into()],
        ColorBy::Label | ColorBy::Prediction => state.rows.labels.clone(),
        ColorBy::Feature(name) => state
            .rows
            .features
            .iter()
            .find(|f| &f.name == name)
            .map(|f| f.values.iter().take(FEATURE_COLORS).cloned().collect())
            .unwrap_or_default(),
    }
}

/// The color index of a row under the color-by, if it has a value.
pub fn color_of(state: &Shared, row: usize) -> Option<usize> {
    colorer(state)(row)
}

/// `color_of` with the color-by resolved once, for drawing many rows: a
/// feature is looked up by name once, not per point.
pub fn colorer(state: &Shared) -> impl Fn(usize) -> Option<usize> + '_ {
    let feature = match &state.color_by {
        ColorBy::Feature(name) => state.rows.features.iter().find(|f| &f.name == name),
        _ => None,
    };
    move |row| match &state.color_by {
        ColorBy::Correct => state.rows.correct(row).map(|c| if c { 0 } else { 1 }),
        ColorBy::Label => state.rows.gold[row],
        ColorBy::Prediction => state.rows.predicted(row),
        ColorBy::Feature(_) => {
            let code = *feature?.codes.get(row)? as usize;
            (code < FEATURE_COLORS).then_some(code)
        }
    }
}
