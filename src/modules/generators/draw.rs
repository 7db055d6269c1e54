//! The Counterfactuals pane: the generator and its settings, the run's
//! summary, the keys, then the results table with the changed words marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

use super::results::{CfResult, summary};
use super::{Generators, Kind, NAME, RunState, Scope};
use crate::analysis::generators::word_diff::WordChange;
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::app::theme::Theme;
use crate::data::row_id::format_id;
use crate::ui::clip;
use crate::ui::table_widget::{self, Column, Spec};

pub fn title(g: &Generators, cx: &DrawCtx) -> Line<'static> {
    let over = match g.scope {
        Scope::Primary => "primary row".to_string(),
        Scope::Selection => format!("{} selected rows", cx.shared.selection.len()),
    };
    Line::from(format!(
        " Counterfactuals · {} · over the {over} ",
        g.kind.title()
    ))
}

pub fn draw(g: &Generators, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let [head, table] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
    let lines = vec![
        generator_line(g, cx),
        settings_line(g, cx.theme),
        status_line(g, cx.theme),
        hint_line(cx),
    ];
    frame.render_widget(Paragraph::new(lines), head);
    if g.results.is_empty() {
        return;
    }
    draw_results(g, frame, table, cx);
}

/// Every generator, the chosen one highlighted, those the model cannot run dimmed.
fn generator_line(g: &Generators, cx: &DrawCtx) -> Line<'static> {
    let theme = cx.theme;
    let no_gradients = cx
        .shared
        .model
        .handle
        .as_ref()
        .and_then(|m| m.gradient_support().err());
    let mut spans = Vec::new();
    for k in Kind::ALL {
        let mut style = if k == g.kind {
            Style::default()
                .fg(theme.accent)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            theme.base()
        };
        if k == Kind::HotFlip && no_gradients.is_some() {
            style = theme.muted().add_modifier(Modifier::DIM);
        }
        spans.push(Span::styled(format!(" {} ", k.title()), style));
    }
    if g.kind == Kind::HotFlip
        && let Some(why) = no_gradients
    {
        spans.push(Span::styled(
            format!("  needs gradients.onnx: {why}"),
            theme.muted(),
        ));
    }
    Line::from(spans)
}

fn settings_line(g: &Generators, theme: &Theme) -> Line<'static> {
    let text = match g.kind {
        Kind::WordReplacer => match &g.rule_set {
            Some(set) => format!("rules  ({set}) {}", g.rules),
            None => format!("rules  {}", g.rules),
        },
        Kind::Scrambler => format!("seed   {}", g.seed),
        Kind::AblationFlip => {
            "LIT's settings: up to 10 flips of at most 5 removed words, from the top 10".into()
        }
        Kind::HotFlip => "LIT's settings: up to 5 outputs of at most 3 swapped wordpieces".into(),
        Kind::Nearest => "rows of the data nearest the primary row, predicted differently".into(),
    };
    Line::from(Span::styled(text, theme.muted()))
}

fn status_line(g: &Generators, theme: &Theme) -> Line<'static> {
    match &g.state {
        RunState::Idle => Line::from(Span::styled("not run yet", theme.muted())),
        RunState::Running(done, n) => Line::from(Span::styled(
            format!("running over {n} rows… {:.0}%", done * 100.0),
            Style::default().fg(theme.accent),
        )),
        RunState::Failed(why) => Line::from(Span::styled(why.clone(), theme.error())),
        RunState::Done => {
            let Some(info) = &g.info else {
                return Line::default();
            };
            let (outputs, flips, with_flip, mean_rate) = summary(g);
            let mut text = format!(
                "{}: {} in, {outputs} outputs, {flips} flipped; {} with a flip, mean flip rate per parent {mean_rate:.2} · {}",
                info.generator,
                plural(info.parents, "row"),
                plural(with_flip, "parent"),
                g.sort.name()
            );
            if let Some(first) = info.skipped.first() {
                text.push_str(&format!(" · skipped {first}"));
            }
            Line::from(text)
        }
    }
}

fn hint_line(cx: &DrawCtx) -> Line<'static> {
    let pairs = [
        (Action::NextGenerator, "generator"),
        (Action::ToggleScope, "row/selection"),
        (Action::EditSettings, "settings"),
        (Action::NextRuleSet, "rule set"),
        (Action::RunGenerator, "run"),
        (Action::AddResult, "add"),
        (Action::AddAllResults, "add all"),
        (Action::AddAndCompare, "compare"),
        (Action::CycleResultLabel, "label"),
        (Action::SortNext, "sort"),
    ];
    let text: Vec<String> = pairs
        .iter()
        .map(|(a, what)| format!("{} {what}", cx.key(NAME, a)))
        .collect();
    Line::from(Span::styled(text.join(" · "), cx.theme.muted()))
}

fn draw_results(g: &Generators, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let (theme, rows) = (cx.theme, &cx.shared.rows);
    // What the fixed columns and the spaces between them leave the text.
    let text_width = (area.width as usize).saturating_sub(51);
    let columns = vec![
        Column::new("parent", Constraint::Length(8)),
        Column::new("text (changes marked)", Constraint::Fill(1)),
        Column::new("pred", Constraint::Length(10)),
        Column::new("conf", Constraint::Length(5)),
        Column::new("Δ", Constraint::Length(6)),
        Column::new("flip", Constraint::Length(4)),
        Column::new("label", Constraint::Length(10)),
        Column::new("+", Constraint::Length(1)),
    ];
    let spec = Spec {
        columns,
        len: g.results.len(),
        cursor: Some(g.cursor),
        focused: cx.focused,
    };
    let row = |i: usize| {
        let r: &CfResult = &g.results[i];
        let cells = vec![
            Cell::from(format_id(rows.ids[r.generated.parent])[..8].to_string()),
            Cell::from(marked_text(&r.diff, text_width, theme)),
            Cell::from(Span::styled(
                clip(rows.label_name(r.predicted), 10),
                r.predicted.map_or(theme.muted(), |c| theme.class(c)),
            )),
            Cell::from(format!("{:.3}", r.confidence)),
            Cell::from(format!("{:+.3}", r.delta)),
            Cell::from(if r.flipped { " ✓" } else { "" }),
            Cell::from(clip(rows.label_name(r.label), 10)),
            Cell::from(if r.added { "✓" } else { "" }),
        ];
        (cells, theme.base())
    };
    table_widget::draw(frame, area, theme, &spec, row);
}

/// The new text with added words highlighted and removed ones marked; a
/// text wider than `width` starts a few words before its first change.
fn marked_text(diff: &[WordChange], width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let chars: usize = diff.iter().map(|c| c.word().chars().count() + 3).sum();
    let first_change = diff.iter().position(WordChange::is_change).unwrap_or(0);
    let skip = if chars > width {
        first_change.saturating_sub(3)
    } else {
        0
    };
    if skip > 0 {
        spans.push(Span::styled("… ", theme.muted()));
    }
    for (i, c) in diff.iter().enumerate().skip(skip) {
        if i > skip {
            spans.push(Span::raw(" "));
        }
        spans.push(match c {
            WordChange::Same(w) => Span::raw(w.clone()),
            WordChange::Added(w) => Span::styled(
                w.clone(),
                Style::default()
                    .fg(theme.accent)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ),
            WordChange::Removed(w) => Span::styled(
                format!("[-{w}]"),
                theme.muted().add_modifier(Modifier::CROSSED_OUT),
            ),
        });
    }
    Line::from(spans)
}

/// "1 row", "2 rows" (the word's plural with an s).
pub fn plural(n: usize, what: &str) -> String {
    crate::plural::count(n, what, &format!("{what}s"))
}
