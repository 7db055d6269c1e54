//! Salience over the selection: progress while it runs, then the top
//! tokens of mispredicted and of correct rows side by side.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::NAME;
use super::over::{Over, TokenStat};
use crate::app::action::Action;
use crate::app::module::DrawCtx;

pub fn draw(o: &Over, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let theme = cx.theme;
    let [body, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let k = |a: Action| cx.key(NAME, &a);
    let hint = format!(
        "{} method · {} again · {} selects its rows · {} back",
        k(Action::NextMethod),
        k(Action::Refit),
        k(Action::Activate),
        k(Action::ToggleSelectionView)
    );
    frame.render_widget(Paragraph::new(hint).style(theme.muted()), foot);
    if let Some(done) = o.running {
        let text = format!(
            "{} over {} rows… {:.0}% · Esc cancels",
            o.method.name(),
            o.rows,
            done * 100.0
        );
        frame.render_widget(Paragraph::new(text).style(theme.muted()), body);
        return;
    }
    if let Some(note) = &o.note {
        let p = Paragraph::new(note.clone())
            .style(theme.muted())
            .wrap(Wrap { trim: true });
        frame.render_widget(p, body);
        return;
    }
    let halves = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).split(body);
    let titles = ["mispredicted", "correct"];
    for (side, (stats, title)) in o.sides.iter().zip(titles).enumerate() {
        let cursor = (o.cursor.0 == side).then_some(o.cursor.1);
        frame.render_widget(
            Paragraph::new(lines(title, stats, cursor, cx)),
            halves[side],
        );
    }
}

fn lines(
    title: &str,
    stats: &[TokenStat],
    cursor: Option<usize>,
    cx: &DrawCtx,
) -> Vec<Line<'static>> {
    let theme = cx.theme;
    let mut out = vec![Line::from(Span::styled(
        format!("{title}: token  mean  rows"),
        theme.muted(),
    ))];
    if stats.is_empty() {
        out.push(Line::from(Span::styled("–", theme.muted())));
    }
    for (i, s) in stats.iter().enumerate() {
        let text = format!("{:<14} {:+.3} ×{}", s.token, s.mean, s.rows.len());
        let style = if cursor == Some(i) && cx.focused {
            theme.cursor()
        } else {
            theme.base()
        };
        out.push(Line::from(Span::styled(text, style)));
    }
    out
}
