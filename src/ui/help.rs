//! The help overlay, made from the keymap: the focused module's keys, then
//! the global ones.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::Theme;
use crate::app::App;
use crate::app::action::Action;
use crate::app::keymap::{Keymap, describe};
use crate::app::module::DrawCtx;

const KEY_WIDTH: usize = 15;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let keymap = &app.keymap;
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(130),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, popup);
    let close = format!(
        " Help · {} or {} closes ",
        keymap.hint("global", &Action::Help),
        keymap.hint("global", &Action::Cancel)
    );
    let block = Block::bordered()
        .title(close)
        .border_style(theme.border(true))
        .style(theme.base());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let context = app.key_context();
    let cx = DrawCtx {
        shared: &app.shared,
        theme,
        keymap,
        focused: true,
    };
    let title_of = |name: &str| {
        app.workspace
            .get(name)
            .map_or("Groups".to_string(), |m| module_name(&m.title(&cx)))
    };
    // The focused pane's keys, the global ones, then every other pane of
    // this layout (modules the layout leaves out are not listed).
    let mut sections = vec![(format!("{} keys", title_of(context)), context.to_string())];
    sections.push(("Global keys".to_string(), "global".to_string()));
    for m in &app.workspace.modules {
        if m.name() != context && !keymap.bindings(m.name()).is_empty() {
            sections.push((format!("{} keys", title_of(m.name())), m.name().to_string()));
        }
    }
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for (title, ctx) in &sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.extend(section(title, keymap, ctx, theme, width));
    }
    let visible = inner.height as usize;
    let top = (app.workspace.help_scroll as usize).min(lines.len().saturating_sub(visible));
    let more = lines.len().saturating_sub(top + visible);
    let [body, foot] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(u16::from(more > 0))])
            .areas(inner);
    frame.render_widget(Paragraph::new(lines).scroll((top as u16, 0)), body);
    if more > 0 {
        frame.render_widget(
            Paragraph::new(format!("↓ {more} more lines: j/k, PgUp/PgDn scroll"))
                .style(theme.muted()),
            foot,
        );
    }
}

/// A section: its title, then each binding with its whole description
/// wrapped under the description column.
fn section(
    title: &str,
    keymap: &Keymap,
    context: &str,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        title.to_string(),
        Style::default()
            .fg(theme.header)
            .add_modifier(Modifier::BOLD),
    ))];
    let bindings = keymap.bindings(context);
    if bindings.is_empty() {
        lines.push(Line::from(Span::styled(
            "(no keys of its own)",
            theme.muted(),
        )));
    }
    for b in bindings {
        let key = Span::styled(
            format!(
                "{:<KEY_WIDTH$} ",
                super::clip(&describe(&b.keys), KEY_WIDTH)
            ),
            Style::default().fg(theme.accent),
        );
        lines.extend(super::hanging::wrap(
            key,
            super::hanging::words(&b.desc),
            width,
        ));
    }
    lines
}

/// A module's name: its title up to the first " · ".
fn module_name(title: &Line) -> String {
    let text: String = title.spans.iter().map(|s| s.content.as_ref()).collect();
    let text = text.trim();
    text.split(" · ").next().unwrap_or(text).to_string()
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
