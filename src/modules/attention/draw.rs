//! The cursor token's attention as shaded tokens, then the head overview:
//! one cell per layer and head, its glyph as dark as the head's score.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{AttentionView, HeadScore, NAME, Weights};
use crate::analysis::salience::TokenSalience;
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::model::Attention;
use crate::ui::tokens::heat_spans;

/// Darkness levels of an overview cell, from 0 to 1.
const LEVELS: [&str; 5] = ["··", "░░", "▒▒", "▓▓", "██"];

pub fn draw(s: &AttentionView, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let theme = cx.theme;
    let note = |text: String| {
        Paragraph::new(text)
            .style(theme.muted())
            .wrap(Wrap { trim: true })
    };
    let a = match &s.weights {
        Weights::Done(a) => a,
        Weights::Idle => {
            let key = cx.key(crate::modules::table::NAME, &Action::MakePrimary);
            frame.render_widget(
                note(format!("No primary row: {key} on a row in the Data Table.")),
                area,
            );
            return;
        }
        Weights::Running => {
            frame.render_widget(note("running the model for attention…".into()), area);
            return;
        }
        Weights::Failed(e) => {
            frame.render_widget(Paragraph::new(e.clone()).style(theme.error()), area);
            return;
        }
    };
    let row = a.row(s.layer, s.head, s.cursor);
    let map = TokenSalience {
        tokens: a.tokens.clone(),
        scores: row.to_vec(),
    };
    let mut spans = heat_spans(&map, false, 2.0, theme);
    if let Some(span) = spans.get_mut(2 * s.cursor) {
        span.style = span
            .style
            .add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    }
    let mut lines = vec![Line::from(spans)];
    let top = row
        .iter()
        .enumerate()
        .max_by(|x, y| x.1.total_cmp(y.1))
        .map_or(0, |(i, _)| i);
    lines.push(Line::from(Span::styled(
        format!(
            "from {} ({}/{}) · most to {} {:.2}",
            a.tokens[s.cursor],
            s.cursor + 1,
            a.seq(),
            a.tokens[top],
            row[top]
        ),
        theme.muted(),
    )));
    lines.extend(overview(s, a, cx));
    lines.push(Line::from(Span::styled(hint(cx), theme.muted())));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// Layers × heads, with the shown head marked.
fn overview(s: &AttentionView, a: &Attention, cx: &DrawCtx) -> Vec<Line<'static>> {
    let theme = cx.theme;
    let what = match s.score {
        HeadScore::Entropy => "entropy (█ spread)",
        HeadScore::Special => "share to [CLS]/[SEP]",
    };
    let this = match s.score {
        HeadScore::Entropy => a.entropy(s.layer, s.head),
        HeadScore::Special => a.to_special(s.layer, s.head),
    };
    let mut lines = vec![Line::from(Span::styled(
        format!("heads by {what} · this {this:.2}"),
        theme.muted(),
    ))];
    let mut header = String::from("   ");
    for h in 0..a.heads {
        header.push_str(&format!("{:<3}", h + 1));
    }
    lines.push(Line::from(Span::styled(header, theme.muted())));
    for l in 0..a.layers {
        let mut spans = vec![Span::styled(format!("L{:<2}", l + 1), theme.muted())];
        for h in 0..a.heads {
            let v = match s.score {
                HeadScore::Entropy => a.entropy(l, h),
                HeadScore::Special => a.to_special(l, h),
            };
            let level = ((v.clamp(0.0, 1.0) * 4.0).round() as usize).min(4);
            let style = if (l, h) == (s.layer, s.head) {
                theme.cursor()
            } else {
                Style::default().fg(theme.positive)
            };
            spans.push(Span::styled(LEVELS[level], style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    lines
}

fn hint(cx: &DrawCtx) -> String {
    let k = |a: Action| cx.key(NAME, &a);
    format!(
        "{}/{} layer {}/{} head {}/{} token {} score",
        k(Action::Up),
        k(Action::Down),
        k(Action::PrevHead),
        k(Action::NextHead),
        k(Action::Left),
        k(Action::Right),
        k(Action::CycleHeadScore)
    )
}
