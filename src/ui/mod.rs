//! Drawing only: every function here reads `&AppState` and writes to a frame.

mod braille;
mod editor;
mod embeddings;
mod footer;
mod groups;
mod help;
mod modules;
mod scatter;
mod slices;
mod table;
pub mod theme;
pub(crate) mod toolbar;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::keymap::Keymap;
use crate::app::layout::Pane;
use crate::app::state::AppState;
pub use theme::Theme;

/// Smallest window lit-tui draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme, keymap: &Keymap) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "lit-tui needs a window of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. Make it larger (or the font smaller). q quits.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(msg)
                .style(theme.error())
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let [top, global, body, foot] = Split::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    toolbar::draw_top(frame, top, state, theme);
    toolbar::draw_global(frame, global, state, theme);
    footer::draw(frame, foot, state, theme);

    if state.maximized {
        draw_pane(frame, body, state.focus, state, theme);
    } else {
        let main_h = (u32::from(body.height) * u32::from(state.main_percent) / 100) as u16;
        let [main, groups_area] = if state.layout.groups.is_empty() {
            [body, Rect::default()]
        } else {
            Split::vertical([Constraint::Length(main_h), Constraint::Fill(1)]).areas(body)
        };
        draw_main(frame, main, state, theme);
        if !state.layout.groups.is_empty() {
            groups::draw(frame, groups_area, state, theme);
        }
    }
    if state.help {
        help::draw(frame, body, state, theme, keymap);
    }
}

fn draw_main(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let rows = &state.layout.main;
    let row_areas =
        Split::vertical(rows.iter().map(|r| Constraint::Fill(r.height.max(1)))).split(area);
    for (row, row_area) in rows.iter().zip(row_areas.iter()) {
        let cells = Split::horizontal(row.panes.iter().map(|p| Constraint::Fill(p.width.max(1))))
            .split(*row_area);
        for (slot, cell) in row.panes.iter().zip(cells.iter()) {
            draw_pane(frame, *cell, slot.pane, state, theme);
        }
    }
}

fn draw_pane(frame: &mut Frame, area: Rect, pane: Pane, state: &AppState, theme: &Theme) {
    let focused = state.focus == pane;
    match pane {
        Pane::Table => table::draw(frame, area, state, theme, focused),
        Pane::Editor => editor::draw(frame, area, state, theme, focused),
        Pane::Slices => slices::draw(frame, area, state, theme, focused),
        Pane::Embeddings => embeddings::draw(frame, area, state, theme, focused),
        Pane::Groups => groups::draw(frame, area, state, theme),
    }
}

/// A pane's frame: its title, and a bright border when focused.
pub(crate) fn pane_block<'a>(
    title: impl Into<Line<'a>>,
    focused: bool,
    theme: &Theme,
) -> Block<'a> {
    let title: Line = title.into();
    Block::bordered()
        .border_style(theme.border(focused))
        .title(title.style(if focused {
            theme.border(true)
        } else {
            theme.base()
        }))
}

/// Shortens text to `width` columns with an ellipsis.
pub(crate) fn clip(text: &str, width: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= width {
        return flat;
    }
    let mut out: String = flat.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
