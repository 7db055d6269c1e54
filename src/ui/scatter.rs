//! A braille scatter of rows in 0..1 × 0..1, shared by the Embeddings pane
//! and the Scalars module: each cell colored by the majority color-by class of
//! its points, the selection and the primary row on top, and a cursor with an
//! optional selection box.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::Theme;
use super::braille::Raster;
use super::toolbar::color_of;
use crate::app::shared::Shared;

/// The cursor and the corner a box was anchored at, when the plot has focus.
pub struct Cursor {
    pub at: (f64, f64),
    pub anchor: Option<(f64, f64)>,
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &Shared,
    theme: &Theme,
    points: &[(usize, f64, f64)],
    cursor: Option<Cursor>,
) {
    let (w, h) = (area.width as usize, area.height as usize);
    if w == 0 || h == 0 {
        return;
    }
    let mut all = Raster::new(w, h);
    let mut selected = Raster::new(w, h);
    for &(r, x, y) in points {
        all.plot(x, y, color_of(state, r));
        if state.selection.contains(&r) {
            selected.plot(x, y, None);
        }
    }
    // Terminals without braille (and NO_COLOR) get one dot per cell.
    let braille = !theme.no_color;
    let buf: &mut Buffer = frame.buffer_mut();
    for cy in 0..h {
        for cx in 0..w {
            let cell = all.cell(cx, cy);
            let Some(symbol) = cell.symbol(braille) else {
                continue;
            };
            let style = if selected.cell(cx, cy).bits != 0 {
                Style::default()
                    .fg(theme.selected)
                    .add_modifier(Modifier::BOLD)
            } else {
                match cell.majority().flatten() {
                    Some(c) => theme.class(c),
                    None => theme.muted(),
                }
            };
            if let Some(target) = buf.cell_mut((area.x + cx as u16, area.y + cy as u16)) {
                target.set_char(symbol).set_style(style);
            }
        }
    }
    let mut mark = |x: f64, y: f64, symbol: char, style: Style| {
        if let Some((cx, cy, _)) = all.locate(x, y)
            && let Some(target) = buf.cell_mut((area.x + cx as u16, area.y + cy as u16))
        {
            target.set_char(symbol).set_style(style);
        }
    };
    if let Some(c) = &cursor
        && let Some(a) = c.anchor
    {
        let (x0, x1) = (a.0.min(c.at.0), a.0.max(c.at.0));
        let (y0, y1) = (a.1.min(c.at.1), a.1.max(c.at.1));
        let accent = Style::default().fg(theme.accent);
        let steps = 2 * w.max(h);
        for k in 0..=steps {
            let t = k as f64 / steps as f64;
            mark(x0 + (x1 - x0) * t, y0, '·', accent);
            mark(x0 + (x1 - x0) * t, y1, '·', accent);
            mark(x0, y0 + (y1 - y0) * t, '·', accent);
            mark(x1, y0 + (y1 - y0) * t, '·', accent);
        }
    }
    if let Some(&(_, x, y)) = points.iter().find(|p| Some(p.0) == state.primary) {
        mark(
            x,
            y,
            '◆',
            Style::default()
                .fg(theme.primary)
                .add_modifier(Modifier::BOLD),
        );
    }
    if let Some(c) = &cursor {
        mark(
            c.at.0,
            c.at.1,
            '+',
            Style::default()
                .fg(theme.accent)
                .add_modifier(Modifier::BOLD),
        );
    }
}
