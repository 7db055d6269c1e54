//! The group workspace: tabs of modules. Modules whose issue has not landed
//! say what will come there.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Tabs, Wrap};

use super::Theme;
use crate::analysis::metrics::classification_metrics;
use crate::app::layout::{Module, Pane};
use crate::app::state::AppState;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let focused = state.focus == Pane::Groups;
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let titles: Vec<Line> = state
        .layout
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| Line::from(format!(" {} {} ", i + 1, g.name)))
        .collect();
    let tabs = Tabs::new(titles)
        .select(state.group_tab)
        .style(theme.border(focused))
        .highlight_style(
            Style::default()
                .fg(theme.accent)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
        .divider("│");
    frame.render_widget(tabs, tabs_area);
    let Some(group) = state.layout.groups.get(state.group_tab) else {
        return;
    };
    let cells = Layout::horizontal(group.modules.iter().map(|_| Constraint::Fill(1))).split(body);
    for (module, cell) in group.modules.iter().zip(cells.iter()) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(focused))
            .title(format!(" {} ", title(*module)));
        let inner = block.inner(*cell);
        frame.render_widget(block, *cell);
        match module {
            Module::Metrics => metrics(frame, inner, state, theme),
            Module::Results => results(frame, inner, state, theme),
            other => {
                frame.render_widget(
                    Paragraph::new(coming(*other))
                        .style(theme.muted())
                        .wrap(Wrap { trim: true }),
                    inner,
                );
            }
        }
    }
}

fn title(m: Module) -> &'static str {
    match m {
        Module::Metrics => "Metrics",
        Module::Confusion => "Confusion Matrix",
        Module::Curves => "PR / ROC Curves",
        Module::Thresholder => "Thresholder",
        Module::Results => "Classification Results",
        Module::Scalars => "Scalars",
        Module::Salience => "Salience",
        Module::Attention => "Attention",
        Module::Generators => "Generators",
    }
}

fn coming(m: Module) -> &'static str {
    match m {
        Module::Confusion => {
            "Coming here: gold against predicted counts, row-normalised on a key; Enter on a cell selects its rows."
        }
        Module::Curves => {
            "Coming here: PR and ROC curves for a chosen class, on the selection or the whole data, with AUCs."
        }
        Module::Thresholder => {
            "Coming here: a decision threshold for binary models, with the cost-optimal one per facet."
        }
        Module::Scalars => {
            "Coming here: a scatter of a score against row index or a feature, with box selection."
        }
        Module::Salience => {
            "Coming here: token salience (leave-one-out, LIME, gradients) for the primary row."
        }
        Module::Attention => {
            "Coming here: attention heads of the primary row, for models that export attentions."
        }
        Module::Generators => {
            "Coming here: counterfactual generators (word replacement, back-translation-free edits) whose outputs become new datapoints."
        }
        Module::Metrics | Module::Results => "",
    }
}

/// Accuracy and macro F1 of the whole data, the selection and each slice.
fn metrics(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let rows = &state.rows;
    let score = |which: &[usize]| -> (usize, Option<(f64, f64)>) {
        let (mut g, mut p) = (Vec::new(), Vec::new());
        for &r in which {
            if let (Some(gi), Some(pi)) = (rows.gold[r], rows.predicted(r)) {
                g.push(gi);
                p.push(pi);
            }
        }
        if g.is_empty() {
            return (which.len(), None);
        }
        let m = classification_metrics(&g, &p, &[], &rows.labels);
        (which.len(), Some((m.accuracy, m.macro_avg.f1)))
    };
    let all: Vec<usize> = (0..rows.len()).collect();
    let mut lines = vec![("all".to_string(), score(&all))];
    let selection: Vec<usize> = state.selection.iter().copied().collect();
    lines.push(("selection".to_string(), score(&selection)));
    for i in 0..state.slice_count() {
        lines.push((state.slice_name(i).to_string(), score(&state.slice_rows(i))));
    }
    let body: Vec<Row> = lines
        .into_iter()
        .map(|(name, (n, m))| {
            let (acc, f1) = m.map_or(("–".into(), "–".into()), |(a, f)| {
                (format!("{a:.3}"), format!("{f:.3}"))
            });
            Row::new(vec![name, n.to_string(), acc, f1])
        })
        .collect();
    let header = Row::new(vec!["rows", "size", "acc", "F1"]).style(
        Style::default()
            .fg(theme.header)
            .add_modifier(Modifier::BOLD),
    );
    let table = Table::new(
        body,
        [
            Constraint::Min(6),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(5),
        ],
    )
    .header(header)
    .style(theme.base());
    frame.render_widget(table, area);
}

/// The primary row's class probabilities as bars, with gold, prediction and margin.
fn results(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let rows = &state.rows;
    let Some(p) = state.primary else {
        frame.render_widget(Paragraph::new("No primary row.").style(theme.muted()), area);
        return;
    };
    let Some(probs) = rows.probs(p) else {
        frame.render_widget(Paragraph::new("Predicting…").style(theme.muted()), area);
        return;
    };
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    let margin = probs[order[0]] - order.get(1).map_or(0.0, |&s| probs[s]);
    let mut lines = vec![Line::from(vec![
        Span::raw("gold "),
        Span::styled(
            rows.label_name(rows.gold[p]).to_string(),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw("  pred "),
        Span::styled(
            rows.labels[order[0]].clone(),
            theme.class(order[0]).add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!("  margin {margin:.3}  ")),
        match rows.correct(p) {
            Some(true) => Span::styled("✓ correct", Style::default().fg(theme.positive)),
            Some(false) => Span::styled("✗ wrong", Style::default().fg(theme.negative)),
            None => Span::raw(""),
        },
    ])];
    let bar_w = area.width.saturating_sub(26) as f32;
    for &c in order.iter().take(area.height.saturating_sub(1) as usize) {
        lines.push(Line::from(vec![
            Span::raw(format!("{:>14} ", super::clip(&rows.labels[c], 14))),
            Span::styled(
                "█".repeat((probs[c] * bar_w).round() as usize),
                theme.class(c),
            ),
            Span::raw(format!(" {:.3}", probs[c])),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
