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
use super::toolbar::colorer;
use crate::app::shared::{ColorBy, Shared};

/// The cursor and the corner a box was anchored at, when the plot has focus.
pub struct Cursor {
    pub at: (f64, f64),
    pub anchor: Option<(f64, f64)>,
}

/// Every point plotted, and each row's point: remembered while the points,
/// their colors and the plot's size stay the same, since a million points
/// cost more than a frame to plot. The selection is plotted every frame, from
/// its own rows only.
pub type PlotMemo = crate::app::memo::Memo<(u64, u64, ColorBy, usize, usize), Plotted>;

pub struct Plotted {
    all: Raster,
    /// Row → index into the points (`u32::MAX`: not plotted).
    point_of: Vec<u32>,
}

/// Draws `points`; `memo` with the caller's key for them (it changes when
/// they do) keeps the plot between frames.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &Shared,
    theme: &Theme,
    points: &[(usize, f64, f64)],
    cursor: Option<Cursor>,
    memo: Option<(&PlotMemo, u64)>,
) {
    let (w, h) = (area.width as usize, area.height as usize);
    if w == 0 || h == 0 {
        return;
    }
    let plot = || {
        let mut all = Raster::new(w, h);
        let mut point_of = vec![u32::MAX; state.rows.len()];
        let color = colorer(state);
        for (k, &(r, x, y)) in points.iter().enumerate() {
            all.plot(x, y, color(r));
            if let Some(slot) = point_of.get_mut(r) {
                *slot = k as u32;
            }
        }
        Plotted { all, point_of }
    };
    let plotted = match memo {
        Some((memo, key)) => memo.get(
            (key, state.rows.version, state.color_by.clone(), w, h),
            plot,
        ),
        None => std::sync::Arc::new(plot()),
    };
    let all = &plotted.all;
    let mut selected = Raster::new(w, h);
    for &r in &state.selection {
        if let Some(&(_, x, y)) = plotted
            .point_of
            .get(r)
            .and_then(|&k| points.get(k as usize))
        {
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
