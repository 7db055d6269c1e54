//! The Embeddings pane: a cursor over the projected points, box selection,
//! zoom and pan, and nearest neighbours in the original space.

use super::points::{embedding_points, embedding_points_fitted};
use super::{Embeddings, NAME, ProjectionMethod};
use crate::analysis::projection::{nearest_neighbours, place_new};
use crate::app::action::Action;
use crate::app::effect::{Effect, Fx};
use crate::app::shared::{Input, Shared};
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};
use crate::ui::points::{in_box, nearest};
use std::sync::Arc;

/// Neighbours `SelectNeighbours` picks.
pub const NEIGHBOURS: usize = 10;

/// The job lane of the neighbour search.
pub const NEIGHBOURS_LANE: &str = "neighbours";

/// Selects the primary row and its neighbours once found, if it is still primary.
pub fn neighbours_found(event: &JobEvent, state: &Shared, fx: &mut Fx) {
    match &event.kind {
        JobEventKind::Done(Ok(payload)) => {
            let Some(picked) = payload.downcast_ref::<Vec<usize>>() else {
                return;
            };
            if picked.first().copied() != state.primary {
                return;
            }
            fx.status(format!(
                "selected the primary row and its {NEIGHBOURS} nearest neighbours"
            ));
            fx.select(picked.clone());
        }
        JobEventKind::Done(Err(why)) => fx.error(format!("nearest neighbours: {why}")),
        _ => {}
    }
}

/// Rows beyond the fitted ones that have vectors get a place from the fitted
/// projection (no refit), as LIT places new datapoints.
pub fn place_new_rows(e: &mut Embeddings, state: &Shared) {
    let Some(p) = e.projection.clone() else {
        return;
    };
    let (rows, dim) = (&state.rows, state.rows.embedding_dim());
    for r in p.coords.len()..rows.len() {
        let placed = e.placed.iter().any(|(q, _)| *q == r);
        let v = rows.embeddings().get(r * dim..(r + 1) * dim);
        if placed || dim == 0 || v.is_none_or(|v| v.iter().any(|x| x.is_nan())) {
            continue;
        }
        let at = place_new(
            &p,
            rows.embeddings(),
            dim,
            v.unwrap_or_default(),
            NEIGHBOURS,
        );
        e.placed.push((r, at));
    }
}

/// Drops the current method's layout so it is fitted again (a refit with the
/// same parameters and seed gives the same layout).
fn refit(e: &mut Embeddings, fx: &mut Fx) {
    let method = e.method;
    e.computed.retain(|(m, _)| *m != method);
    e.projection = None;
    e.failed = None;
    e.placed.clear();
    fx.status(format!("fitting {} again…", method.name()));
}

/// Shows `method`'s projection: the computed one, else none until its job runs.
pub fn show_method(e: &mut Embeddings, method: ProjectionMethod, state: &Shared) {
    e.method = method;
    e.projection = e
        .computed
        .iter()
        .find(|(m, _)| *m == e.method)
        .map(|(_, p)| p.clone());
    e.failed = None;
    e.placed.clear();
    place_new_rows(e, state);
}

/// Sets UMAP and t-SNE parameters from `key=value` words; refits on a change.
pub fn set_params(e: &mut Embeddings, text: &str, fx: &mut Fx) {
    let (mut umap, mut tsne) = (e.umap, e.tsne);
    for word in text.split_whitespace() {
        let Some((key, value)) = word.split_once('=') else {
            fx.error(format!("projection parameters: `{word}` is not key=value"));
            return;
        };
        let ok = match key {
            "n_neighbors" => value
                .parse()
                .ok()
                .filter(|&k: &usize| k >= 2)
                .map(|k| umap.n_neighbors = k),
            "min_dist" => value
                .parse()
                .ok()
                .filter(|d: &f32| (0.0..=1.0).contains(d))
                .map(|d| umap.min_dist = d),
            "perplexity" => value
                .parse()
                .ok()
                .filter(|&p: &f32| p.is_finite() && (2.0..=1000.0).contains(&p))
                .map(|p| tsne.perplexity = p),
            "seed" => value.parse().ok().map(|s: u64| {
                umap.seed = s;
                tsne.seed = s;
            }),
            _ => None,
        };
        if ok.is_none() {
            fx.error(format!(
                "projection parameters: `{word}` is not valid (n_neighbors ≥ 2, min_dist in 0..1, perplexity 2 to 1000, seed a number)"
            ));
            return;
        }
    }
    if (umap, tsne) != (e.umap, e.tsne) {
        e.umap = umap;
        e.tsne = tsne;
        e.computed.retain(|(m, _)| *m == ProjectionMethod::Pca);
        if e.method != ProjectionMethod::Pca {
            e.projection = None;
            e.failed = None;
            e.placed.clear();
        }
        fx.status("projection parameters set; fitting again…");
    }
}

/// Moves the cursor by (dx, dy) view units; pushed past the view's edge, it
/// pans the view instead, as far as the fitted points reach.
fn move_or_pan(e: &mut Embeddings, dx: f64, dy: f64) {
    let wanted = (e.cursor.0 + dx, e.cursor.1 + dy);
    let cursor = (wanted.0.clamp(0.0, 1.0), wanted.1.clamp(0.0, 1.0));
    let half = 0.5 / e.zoom;
    e.center = (
        (e.center.0 + (wanted.0 - cursor.0) / e.zoom).clamp(half, 1.0 - half),
        (e.center.1 + (wanted.1 - cursor.1) / e.zoom).clamp(half, 1.0 - half),
    );
    e.cursor = cursor;
}

pub fn handle(e: &mut Embeddings, action: &Action, state: &Shared, fx: &mut Fx) -> bool {
    match action {
        Action::Activate
        | Action::BoxSelect
        | Action::BoxAdd
        | Action::BoxSubtract
        | Action::SelectNeighbours => select(e, action, state, fx),
        Action::CycleProjection | Action::ProjectionParams | Action::Refit => {
            method(e, action, state, fx)
        }
        _ => return view(e, action, state, fx),
    }
    true
}

/// The cursor, zoom and pan.
fn view(e: &mut Embeddings, action: &Action, state: &Shared, fx: &mut Fx) -> bool {
    let step = 0.02;
    let (x, y) = e.cursor;
    match action {
        Action::Left => move_or_pan(e, -step, 0.0),
        Action::Right => move_or_pan(e, step, 0.0),
        Action::Up => move_or_pan(e, 0.0, step),
        Action::Down => move_or_pan(e, 0.0, -step),
        Action::PageUp => move_or_pan(e, 0.0, 0.1),
        Action::PageDown => move_or_pan(e, 0.0, -0.1),
        Action::ZoomIn | Action::ZoomOut => {
            // Zoom about the cursor: the point under it stays under it.
            let factor = if *action == Action::ZoomIn {
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
        Action::FitView => {
            e.zoom = 1.0;
            e.center = (0.5, 0.5);
        }
        Action::FitSelection => {
            let chosen: Vec<(usize, f64, f64)> = embedding_points_fitted(e, state)
                .into_iter()
                .filter(|p| state.selection.contains(&p.0))
                .collect();
            if chosen.is_empty() {
                fx.status("nothing selected to fit to");
                return true;
            }
            let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
            for p in &chosen {
                lo = (lo.0.min(p.1), lo.1.min(p.2));
                hi = (hi.0.max(p.1), hi.1.max(p.2));
            }
            let span = (hi.0 - lo.0).max(hi.1 - lo.1).max(1e-3);
            e.zoom = (0.9 / span).clamp(1.0, 64.0);
            e.center = ((lo.0 + hi.0) / 2.0, (lo.1 + hi.1) / 2.0);
        }
        _ => return false,
    }
    true
}

/// Points chosen with the cursor, a box, or the neighbours of the primary row.
fn select(e: &mut Embeddings, action: &Action, state: &Shared, fx: &mut Fx) {
    match action {
        Action::Activate => {
            let points = embedding_points(e, state);
            if let Some(row) = nearest(&points, e.cursor) {
                fx.primary(Some(row));
            }
        }
        Action::BoxSelect | Action::BoxAdd | Action::BoxSubtract => match e.anchor.take() {
            None => e.anchor = Some(e.cursor),
            Some(anchor) => {
                let points = embedding_points(e, state);
                let rows = in_box(&points, anchor, e.cursor);
                let n = rows.len();
                match action {
                    Action::BoxAdd => {
                        fx.push(Effect::SelectMore(rows));
                        fx.status(format!("added {} to the selection", crate::plural::rows(n)));
                    }
                    Action::BoxSubtract => {
                        fx.push(Effect::Deselect(rows));
                        fx.status(format!(
                            "took {} out of the selection",
                            crate::plural::rows(n)
                        ));
                    }
                    _ => {
                        fx.status(format!("box selected {}", crate::plural::rows(n)));
                        fx.select(rows);
                    }
                }
            }
        },
        Action::SelectNeighbours => {
            let rows = &state.rows;
            match state.primary {
                Some(p) if rows.embedding_dim() > 0 => {
                    // A brute-force search over every vector: on a worker,
                    // since a million rows take longer than a frame.
                    let (data, dim) = (rows.embeddings_shared(), rows.embedding_dim());
                    fx.status(format!("finding the {NEIGHBOURS} nearest neighbours…"));
                    fx.run(Job::latest(NAME, NEIGHBOURS_LANE, move |_| {
                        let mut picked = vec![p];
                        picked.extend(nearest_neighbours(&data, dim, p, NEIGHBOURS));
                        Ok(Arc::new(picked) as Payload)
                    }));
                }
                Some(_) => fx.status("this model gives no embeddings to find neighbours in"),
                None => fx.status("no primary row: Enter on a point or a table row first"),
            }
        }
        _ => {}
    }
}

/// The projection method, its parameters, a refit.
fn method(e: &mut Embeddings, action: &Action, state: &Shared, fx: &mut Fx) {
    match action {
        Action::CycleProjection => {
            show_method(e, e.method.next(), state);
            fx.status(match &e.projection {
                Some(_) => format!("{} projection", e.method.name()),
                None => format!("computing the {} projection…", e.method.name()),
            });
        }
        Action::ProjectionParams => {
            let buffer = format!(
                "n_neighbors={} min_dist={} perplexity={} seed={}",
                e.umap.n_neighbors, e.umap.min_dist, e.tsne.perplexity, e.umap.seed
            );
            fx.prompt(Input::new(NAME, 0, buffer).labelled(" projection parameters: "));
        }
        Action::Refit => refit(e, fx),
        _ => {}
    }
}
