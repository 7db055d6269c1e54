//! A braille scatter of rows in 0..1 × 0..1, shared by the Embeddings pane
//! and the Scalars module: points colored by the color-by, the selection and
//! the primary row on top, and a cursor with an optional selection box.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Points, Rectangle};

use super::Theme;
use super::toolbar::color_of;
use crate::app::state::AppState;

/// The cursor and the corner a box was anchored at, when the plot has focus.
pub struct Cursor {
    pub at: (f64, f64),
    pub anchor: Option<(f64, f64)>,
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    theme: &Theme,
    points: &[(usize, f64, f64)],
    cursor: Option<Cursor>,
) {
    let mut groups: Vec<(Color, Vec<(f64, f64)>)> = Vec::new();
    let (mut selected, mut primary) = (Vec::new(), Vec::new());
    for &(r, x, y) in points {
        if Some(r) == state.primary {
            primary.push((x, y));
        } else if state.selection.contains(&r) {
            selected.push((x, y));
        } else {
            let color =
                color_of(state, r).map_or(theme.muted, |c| theme.class(c).fg.unwrap_or(theme.text));
            match groups.iter_mut().find(|(c, _)| *c == color) {
                Some((_, v)) => v.push((x, y)),
                None => groups.push((color, vec![(x, y)])),
            }
        }
    }
    let (sel_color, primary_color, accent) = (theme.selected, theme.primary, theme.accent);
    let canvas = Canvas::default()
        // Terminals without braille get dots.
        .marker(if theme.no_color {
            Marker::Dot
        } else {
            Marker::Braille
        })
        .x_bounds([0.0, 1.0])
        .y_bounds([0.0, 1.0])
        .paint(move |ctx| {
            for (color, coords) in &groups {
                ctx.draw(&Points {
                    coords,
                    color: *color,
                });
            }
            ctx.layer();
            ctx.draw(&Points {
                coords: &selected,
                color: sel_color,
            });
            for &(x, y) in &primary {
                ctx.print(
                    x,
                    y,
                    Line::from(Span::styled("◆", Style::default().fg(primary_color))),
                );
            }
            if let Some(c) = &cursor {
                if let Some(a) = c.anchor {
                    ctx.draw(&Rectangle {
                        x: a.0.min(c.at.0),
                        y: a.1.min(c.at.1),
                        width: (a.0 - c.at.0).abs(),
                        height: (a.1 - c.at.1).abs(),
                        color: accent,
                    });
                }
                ctx.print(
                    c.at.0,
                    c.at.1,
                    Line::from(Span::styled("+", Style::default().fg(accent))),
                );
            }
        });
    frame.render_widget(canvas, area);
}
