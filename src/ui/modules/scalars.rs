//! Scalars: a score (confidence, margin, a class's probability) against row
//! index or a numeric feature, as braille points colored by the color-by;
//! the selection, the primary row and the cursor stand out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::canvas::{Canvas, Points, Rectangle};

use crate::app::scalars::{nearest, points};
use crate::app::state::AppState;
use crate::ui::toolbar::color_of;
use crate::ui::{Theme, clip};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let pts = points(state);
    let [info, plot] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let cursor = state.scalars.cursor;
    let near = nearest(&pts, cursor);
    let tooltip = match near.filter(|_| focused) {
        Some(r) => format!(
            "{} ▸ {} ({})",
            &crate::data::row_id::format_id(state.rows.ids[r])[..8],
            clip(
                &state.rows.texts[r],
                (area.width as usize).saturating_sub(24)
            ),
            state.rows.label_name(state.rows.predicted(r))
        ),
        None => format!(
            "{} by {} · y score · X axis · v box · Enter primary",
            pts.y_name, pts.x_name
        ),
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(tooltip, theme.muted()))),
        info,
    );

    // Points grouped by color, so each group is one shape.
    let mut groups: Vec<(Color, Vec<(f64, f64)>)> = Vec::new();
    let mut selected: Vec<(f64, f64)> = Vec::new();
    let mut primary: Vec<(f64, f64)> = Vec::new();
    for &(r, x, y) in &pts.points {
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
    let anchor = state.scalars.anchor;
    let canvas = Canvas::default()
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
            ctx.draw(&Points {
                coords: &primary,
                color: primary_color,
            });
            if focused {
                if let Some(a) = anchor {
                    ctx.draw(&Rectangle {
                        x: a.0.min(cursor.0),
                        y: a.1.min(cursor.1),
                        width: (a.0 - cursor.0).abs(),
                        height: (a.1 - cursor.1).abs(),
                        color: accent,
                    });
                }
                ctx.print(
                    cursor.0,
                    cursor.1,
                    Line::from(Span::styled("+", Style::default().fg(accent))),
                );
            }
        });
    frame.render_widget(canvas, plot);
}
