//! The command palette over the screen: the query, the matching actions
//! (keys, what they do, where), and the commands that switch what is loaded.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::Theme;
use crate::app::palette::{COMMANDS, Palette};

/// Matches listed at most.
const SHOWN: usize = 12;

pub fn draw(frame: &mut Frame, area: Rect, palette: &Palette, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(100);
    let height = (SHOWN as u16 + COMMANDS.len() as u16 + 4).min(area.height);
    let popup = Rect::new(area.x + (area.width - width) / 2, area.y, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(" Command palette · Enter runs · Tab completes a path · Esc closes ")
        .border_style(theme.border(true))
        .style(theme.base());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut lines = vec![Line::from(vec![
        Span::styled(": ", Style::default().fg(theme.accent)),
        Span::raw(palette.query.clone()),
        Span::styled("▏", Style::default().fg(theme.accent)),
    ])];
    let matches = palette.matches();
    let first = palette.cursor.saturating_sub(SHOWN - 1);
    for (i, e) in matches.iter().enumerate().skip(first).take(SHOWN) {
        let style = if i == palette.cursor {
            theme.cursor().add_modifier(Modifier::BOLD)
        } else {
            theme.base()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<14} ", crate::ui::clip(&e.keys, 14)), style),
            Span::styled(e.desc.clone(), style),
            Span::styled(format!("  ({})", e.section), theme.muted()),
        ]));
    }
    if matches.is_empty() {
        lines.push(Line::styled("no action matches", theme.muted()));
    }
    for (command, what) in COMMANDS {
        lines.push(Line::styled(format!("{command:<14} {what}"), theme.muted()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
