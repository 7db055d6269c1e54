//! The Embeddings pane: the model's vectors projected to 2-D (PCA), as a
//! braille scatter colored by the color-by, with the selection, the primary
//! row and a cursor; or, when the model has no vectors, what would give them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Points, Rectangle};
use ratatui::widgets::{Paragraph, Wrap};

use super::toolbar::color_of;
use super::{Theme, clip, pane_block};
use crate::app::scalars::nearest;
use crate::app::state::AppState;
use crate::app::view_points::embedding_points;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let e = &state.embeddings;
    let title = match &e.projection {
        Some(_) if e.zoom > 1.0 => format!(" Embeddings · {} · {:.1}x ", e.method.name(), e.zoom),
        Some(_) => format!(" Embeddings · {} ", e.method.name()),
        None => " Embeddings ".to_string(),
    };
    let block = pane_block(title, focused, theme);
    if state.embedding_note.is_empty() || e.projection.is_none() {
        let text = if state.embedding_note.is_empty() {
            "This model exports no embeddings. Export `sentence_embedding` or `last_hidden_state` \
             (optimum-cli export onnx --task feature-extraction, or add the output to the graph) \
             to see the data set's embedding space here. Meanwhile, color by and select in the Data Table."
                .to_string()
        } else {
            format!(
                "Vectors: {}. {} projection once every row is predicted… (m: PCA, UMAP, t-SNE)",
                state.embedding_note,
                e.method.name()
            )
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.muted())
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [info, plot] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let pts = embedding_points(state);
    let cursor = e.cursor;
    let tooltip = match nearest(&pts, cursor).filter(|_| focused) {
        Some(r) => format!(
            "{} ({})",
            clip(
                &state.rows.texts[r],
                (inner.width as usize).saturating_sub(12)
            ),
            state.rows.label_name(state.rows.predicted(r))
        ),
        None => "m method · Enter primary · v box · N neighbours · </> zoom · 0 fit".to_string(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(tooltip, theme.muted()))),
        info,
    );

    let mut groups: Vec<(Color, Vec<(f64, f64)>)> = Vec::new();
    let (mut selected, mut primary) = (Vec::new(), Vec::new());
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
    let anchor = e.anchor;
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
            for &(x, y) in &primary {
                ctx.print(
                    x,
                    y,
                    Line::from(Span::styled("◆", Style::default().fg(primary_color))),
                );
            }
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
