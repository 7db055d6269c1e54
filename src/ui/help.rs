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
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
    let cx = DrawCtx {
        shared: &app.shared,
        theme,
        keymap,
        focused: true,
    };
    let name = app
        .workspace
        .get(context)
        .map_or("Groups".to_string(), |m| module_name(&m.title(&cx)));
    let module_title = format!("{name} keys");
    frame.render_widget(section(&module_title, keymap, context, theme, left), left);
    frame.render_widget(
        section("Global keys", keymap, "global", theme, right),
        right,
    );
}

fn section<'a>(
    title: &str,
    keymap: &'a Keymap,
    context: &str,
    theme: &Theme,
    area: Rect,
) -> Paragraph<'a> {
    let height = area.height;
    let desc_width = area.width.saturating_sub(KEY_WIDTH as u16 + 1) as usize;
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
    let room = height.saturating_sub(2) as usize;
    for (i, b) in bindings.iter().enumerate() {
        if i + 1 >= room && bindings.len() > room {
            lines.push(Line::from(Span::styled(
                format!("… {} more: make the window taller", bindings.len() - i),
                theme.muted(),
            )));
            break;
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{:<KEY_WIDTH$} ",
                    super::clip(&describe(&b.keys), KEY_WIDTH)
                ),
                Style::default().fg(theme.accent),
            ),
            Span::raw(super::clip(&b.desc, desc_width)),
        ]));
    }
    Paragraph::new(lines)
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
