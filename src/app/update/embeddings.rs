//! The Embeddings pane: a cursor over the projected points, box selection,
//! zoom and pan, and nearest neighbours in the original space.

use super::selection::select_rows;
use crate::analysis::projection::{nearest_neighbours, place_new};
use crate::app::action::Action;
use crate::app::scalars;
use crate::app::state::AppState;
use crate::app::view_points::embedding_points;

/// Neighbours `SelectNeighbours` picks.
pub const NEIGHBOURS: usize = 10;

/// Rows beyond the fitted ones that have vectors get a place from the fitted
/// projection (no refit), as LIT places new datapoints.
pub fn place_new_rows(state: &mut AppState) {
    let Some(p) = state.embeddings.projection.clone() else {
        return;
    };
    let (rows, dim) = (&state.rows, state.rows.embedding_dim);
    for r in p.coords.len()..rows.len() {
        let placed = state.embeddings.placed.iter().any(|(q, _)| *q == r);
        let v = rows.embeddings.get(r * dim..(r + 1) * dim);
        if placed || dim == 0 || v.is_none_or(|v| v.iter().any(|x| x.is_nan())) {
            continue;
        }
        let at = place_new(&p, &rows.embeddings, dim, v.unwrap_or_default(), NEIGHBOURS);
        state.embeddings.placed.push((r, at));
    }
}

pub fn handle(state: &mut AppState, action: Action) {
    let e = &mut state.embeddings;
    let step = 0.02;
    let (x, y) = e.cursor;
    match action {
        Action::Left => e.cursor = ((x - step).max(0.0), y),
        Action::Right => e.cursor = ((x + step).min(1.0), y),
        Action::Up => e.cursor = (x, (y + step).min(1.0)),
        Action::Down => e.cursor = (x, (y - step).max(0.0)),
        Action::PageUp => e.cursor = (x, (y + 0.1).min(1.0)),
        Action::PageDown => e.cursor = (x, (y - 0.1).max(0.0)),
        Action::ZoomIn | Action::ZoomOut => {
            // Zoom about the cursor: the point under it stays under it.
            let factor = if action == Action::ZoomIn {
                1.5
            } else {
                1.0 / 1.5
            };
            let under = (
                e.center.0 + (x - 0.5) / e.zoom,
                e.center.1 + (y - 0.5) / e.zoom,
            );
            e.zoom = (e.zoom * factor).clamp(1.0, 64.0);
            e.center = (under.0 - (x - 0.5) / e.zoom, under.1 - (y - 0.5) / e.zoom);
        }
        Action::CycleProjection => {
            e.method = e.method.next();
            e.projection = e
                .computed
                .iter()
                .find(|(m, _)| *m == e.method)
                .map(|(_, p)| p.clone());
            state.embeddings.placed.clear();
            place_new_rows(state);
            state.status = match &state.embeddings.projection {
                Some(_) => format!("{} projection", state.embeddings.method.name()),
                None => format!(
                    "computing the {} projection…",
                    state.embeddings.method.name()
                ),
            };
        }
        Action::FitView => {
            e.zoom = 1.0;
            e.center = (0.5, 0.5);
        }
        Action::Activate => {
            let points = embedding_points(state);
            if let Some(row) = scalars::nearest(&points, state.embeddings.cursor) {
                state.primary = Some(row);
            }
        }
        Action::BoxSelect => match e.anchor.take() {
            None => e.anchor = Some(e.cursor),
            Some(anchor) => {
                let points = embedding_points(state);
                let rows = scalars::in_box(&points, anchor, state.embeddings.cursor);
                state.status = format!("box selected {} rows", rows.len());
                select_rows(state, rows);
            }
        },
        Action::SelectNeighbours => {
            let rows = &state.rows;
            match state.primary {
                Some(p) if rows.embedding_dim > 0 => {
                    let mut picked = vec![p];
                    picked.extend(nearest_neighbours(
                        &rows.embeddings,
                        rows.embedding_dim,
                        p,
                        NEIGHBOURS,
                    ));
                    state.status =
                        format!("selected the primary row and its {NEIGHBOURS} nearest neighbours");
                    select_rows(state, picked);
                    state.primary = Some(p);
                }
                Some(_) => {
                    state.status = "this model gives no embeddings to find neighbours in".into()
                }
                None => {
                    state.status = "no primary row: Enter on a point or a table row first".into()
                }
            }
        }
        _ => {}
    }
}
