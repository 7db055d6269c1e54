//! The Embeddings pane: the model's vectors projected to 2-D (PCA), as a
//! braille scatter colored by the color-by, with the selection, the primary
//! row and a cursor; or, when the model has no vectors, what would give them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, clip, pane_block};
use crate::app::scalars::nearest;
use crate::app::state::AppState;
use crate::app::view_points::embedding_points;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let e = &state.embeddings;
    let pooled = if state.embedding_pooled {
        " · mean-pooled"
    } else {
        ""
    };
    let title = match &e.projection {
        Some(_) if e.zoom > 1.0 => format!(
            " Embeddings · {}{pooled} · {:.1}x ",
            e.method.name(),
            e.zoom
        ),
        Some(_) => format!(" Embeddings · {}{pooled} ", e.method.name()),
        None => match e.progress {
            Some((_, done)) => format!(" Embeddings · {} · {:.0}% ", e.method.name(), done * 100.0),
            None => " Embeddings ".to_string(),
        },
    };
    let block = pane_block(title, focused, theme);
    if state.embedding_note.is_empty() || e.projection.is_none() {
        let text = if state.embedding_note.is_empty() {
            "This model exports no embeddings. Export `sentence_embedding` or `last_hidden_state` \
             (optimum-cli export onnx --task feature-extraction, or add the output to the graph) \
             to see the data set's embedding space here. Meanwhile, color by and select in the Data Table."
                .to_string()
        } else if e.requested {
            let (stage, done) = e
                .progress
                .map_or(("starting", 0.0), |(s, d)| (s.describe(), d));
            format!(
                "Vectors: {}. Computing {}: {stage}… {} {:.0}%  (it runs in the background; m switches method)",
                state.embedding_note,
                e.method.name(),
                progress_bar(done, 20),
                done * 100.0
            )
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

    let cursor = focused.then_some(crate::ui::scatter::Cursor {
        at: e.cursor,
        anchor: e.anchor,
    });
    crate::ui::scatter::draw(frame, plot, state, theme, &pts.points, cursor);
}

/// `done` (0 to 1) as a bar of `width` cells.
fn progress_bar(done: f32, width: usize) -> String {
    let full = ((done.clamp(0.0, 1.0) * width as f32).round() as usize).min(width);
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}
