//! Drawing only: the whole screen (toolbars, footer, the two workspaces,
//! help) from `&Shared` and the modules, and the widgets modules share.
//! Nothing here changes state.

mod braille;
mod footer;
mod groups;
pub mod hanging;
mod help;
mod palette;
pub mod points;
pub mod scatter;
pub mod table_widget;
pub mod tokens;
pub(crate) mod toolbar;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::App;
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Focus;
pub use crate::app::theme::{self, Theme};

pub use crate::app::workspace::{MIN_HEIGHT, MIN_WIDTH, too_small};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let (state, ws) = (&app.shared, &app.workspace);
    ws.hits.clear();
    let area = frame.area();
    if too_small(area.width, area.height) {
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
    toolbar::draw_global(frame, global, state, theme, &app.keymap);
    footer::draw(frame, foot, state, theme);

    if ws.maximized && state.focus != Focus::Groups {
        if let Focus::Main(name) = state.focus {
            draw_pane(frame, body, app, theme, name);
        }
    } else if ws.maximized {
        groups::draw(frame, body, app, theme);
    } else {
        let main_h = (u32::from(body.height) * u32::from(ws.main_percent) / 100) as u16;
        let [main, groups_area] = if ws.layout.groups.is_empty() {
            [body, Rect::default()]
        } else {
            Split::vertical([Constraint::Length(main_h), Constraint::Fill(1)]).areas(body)
        };
        draw_main(frame, main, app, theme);
        if !ws.layout.groups.is_empty() {
            groups::draw(frame, groups_area, app, theme);
        }
    }
    if ws.help {
        help::draw(frame, body, app, theme);
    }
    if let Some(p) = &ws.palette {
        palette::draw(frame, body, p, theme);
    }
}

fn draw_main(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let rows = &app.workspace.layout.main;
    let row_areas =
        Split::vertical(rows.iter().map(|r| Constraint::Fill(r.height.max(1)))).split(area);
    for (row, row_area) in rows.iter().zip(row_areas.iter()) {
        let cells = Split::horizontal(row.panes.iter().map(|p| Constraint::Fill(p.width.max(1))))
            .split(*row_area);
        for (slot, cell) in row.panes.iter().zip(cells.iter()) {
            draw_pane(frame, *cell, app, theme, &slot.pane);
        }
    }
}

/// A main-workspace pane: the module's frame, then the module inside it.
fn draw_pane(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, name: &str) {
    let Some(module) = app.workspace.get(name) else {
        return;
    };
    let focused = app.shared.focus == Focus::Main(module.name());
    app.workspace.hits.add(
        area,
        crate::app::mouse::Target::Module {
            name: module.name(),
            focus: Focus::Main(module.name()),
            group: None,
        },
    );
    draw_module(frame, area, app, theme, module, focused);
}

/// Any module: its bordered frame with its title, then either what it
/// draws or, when the model lacks what it needs, the sentence that says so.
pub(crate) fn draw_module(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    module: &dyn Module,
    focused: bool,
) {
    let cx = DrawCtx {
        shared: &app.shared,
        theme,
        keymap: &app.keymap,
        focused,
    };
    let mut block = pane_block(module.title(&cx), focused, theme);
    // As many whole hints as the border holds.
    let room = (area.width as usize).saturating_sub(4);
    let mut hints: Vec<String> = Vec::new();
    for (action, what) in module.hints() {
        let hint = format!("{} {what}", cx.key(module.name(), action));
        let used: usize = hints.iter().map(|h| h.chars().count() + 3).sum();
        if used + hint.chars().count() > room {
            break;
        }
        hints.push(hint);
    }
    if !hints.is_empty() {
        block = block.title_bottom(Line::styled(
            format!(" {} ", hints.join(" · ")),
            theme.muted(),
        ));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let missing = module
        .needs()
        .iter()
        .find(|need| !app.provides(**need))
        .map(|need| need.missing());
    match missing {
        Some(sentence) => frame.render_widget(
            Paragraph::new(sentence)
                .style(theme.muted())
                .wrap(Wrap { trim: true }),
            inner,
        ),
        None => module.draw(frame, inner, &cx),
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
/// Cuts `text` to `width` in the middle, so both ends stay (class names
/// such as `transfer_…_failed` differ at the end).
pub fn clip_middle(text: &str, width: usize) -> String {
    let flat: Vec<char> = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.len() <= width {
        return flat.into_iter().collect();
    }
    if width < 3 {
        return flat.into_iter().take(width).collect();
    }
    let tail = (width - 1) / 2;
    let head = width - 1 - tail;
    let mut out: String = flat[..head].iter().collect();
    out.push('…');
    out.extend(&flat[flat.len() - tail..]);
    out
}

pub fn clip(text: &str, width: usize) -> String {
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
