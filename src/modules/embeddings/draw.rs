//! The Embeddings pane: the model's vectors projected to 2-D (PCA), as a
//! braille scatter colored by the color-by, with the selection, the primary
//! row and a cursor; or, when the model has no vectors, what would give them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::points::embedding_points;
use super::{Embeddings, NAME};
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::ui::clip;
use crate::ui::points::nearest;

pub fn title(e: &Embeddings, cx: &DrawCtx) -> Line<'static> {
    let pooled = if cx.shared.model.embedding_pooled {
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
        None => match &e.progress {
            Some((_, done)) => format!(" Embeddings · {} · {:.0}% ", e.method.name(), done * 100.0),
            None => " Embeddings ".to_string(),
        },
    };
    Line::from(title)
}

pub fn draw(e: &Embeddings, frame: &mut Frame, inner: Rect, cx: &DrawCtx) {
    let (state, theme, focused) = (cx.shared, cx.theme, cx.focused);
    if e.projection.is_none() {
        let note = &state.model.embedding_note;
        let text = if let Some(why) = &e.failed {
            format!(
                "Vectors: {note}. No {} projection: {why}. ({} switches method, {} refits.)",
                e.method.name(),
                cx.key(NAME, &Action::CycleProjection),
                cx.key(NAME, &Action::Refit)
            )
        } else if e.requested {
            let (stage, done) = e
                .progress
                .as_ref()
                .map_or(("starting", 0.0), |(s, d)| (s.as_str(), *d));
            format!(
                "Vectors: {note}. Computing {}: {stage}… {} {:.0}%  (it runs in the background; {} switches method)",
                e.method.name(),
                progress_bar(done, 20),
                done * 100.0,
                cx.key(NAME, &Action::CycleProjection)
            )
        } else {
            format!(
                "Vectors: {note}. {} projection once every row is predicted… ({}: PCA, UMAP, t-SNE)",
                e.method.name(),
                cx.key(NAME, &Action::CycleProjection)
            )
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.muted())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let [info, plot] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let pts = embedding_points(e, state);
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
        None => {
            let key = |a: Action| cx.key(NAME, &a);
            format!(
                "{} method · {} primary · {} box · {} neighbours · {}/{} zoom · {} fit",
                key(Action::CycleProjection),
                key(Action::Activate),
                key(Action::BoxSelect),
                key(Action::SelectNeighbours),
                key(Action::ZoomOut),
                key(Action::ZoomIn),
                key(Action::FitView)
            )
        }
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(tooltip, theme.muted()))),
        info,
    );

    let cursor = focused.then_some(crate::ui::scatter::Cursor {
        at: e.cursor,
        anchor: e.anchor,
    });
    crate::ui::scatter::draw(frame, plot, state, theme, &pts.points, cursor, None);
}

/// `done` (0 to 1) as a bar of `width` cells.
fn progress_bar(done: f32, width: usize) -> String {
    let full = ((done.clamp(0.0, 1.0) * width as f32).round() as usize).min(width);
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}
