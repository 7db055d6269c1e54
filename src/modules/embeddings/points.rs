//! Where each row's projected point sits in the Embeddings view (0..1 both
//! ways), after fitting the projection to the box and applying zoom and pan.

use super::Embeddings;
use crate::app::shared::Shared;
use crate::ui::points::Points;

pub fn embedding_points(e: &Embeddings, state: &Shared) -> Points {
    points_in_view(e, state, e.zoom, e.center)
}

/// Every point in the fitted 0..1 space, before zoom and pan.
pub fn embedding_points_fitted(e: &Embeddings, state: &Shared) -> Vec<(usize, f64, f64)> {
    points_in_view(e, state, 1.0, (0.5, 0.5)).points
}

fn points_in_view(e: &Embeddings, state: &Shared, zoom: f64, center: (f64, f64)) -> Points {
    let Some(p) = &e.projection else {
        return Points {
            points: Vec::new(),
            x_range: (0.0, 1.0),
            y_range: (0.0, 1.0),
            x_name: "PC1".into(),
            y_name: "PC2".into(),
        };
    };
    let n = p.coords.len().min(state.rows.len());
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for c in &p.coords[..n] {
        for k in 0..2 {
            lo[k] = lo[k].min(f64::from(c[k]));
            hi[k] = hi[k].max(f64::from(c[k]));
        }
    }
    let span = |k: usize| (hi[k] - lo[k]).max(1e-9);
    let placed = e
        .placed
        .iter()
        .filter(|(r, _)| *r < state.rows.len())
        .filter(|(r, _)| state.rows.live(*r))
        .map(|&(r, c)| (r, c));
    let points = (0..n)
        .map(|r| (r, p.coords[r]))
        .chain(placed)
        .filter_map(|(r, c)| {
            // Fitted to 0..1 with a small margin, then zoomed about the center.
            let fx = 0.03 + 0.94 * (f64::from(c[0]) - lo[0]) / span(0);
            let fy = 0.03 + 0.94 * (f64::from(c[1]) - lo[1]) / span(1);
            let x = (fx - center.0) * zoom + 0.5;
            let y = (fy - center.1) * zoom + 0.5;
            ((0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)).then_some((r, x, y))
        })
        .collect();
    Points {
        points,
        x_range: (lo[0], hi[0]),
        y_range: (lo[1], hi[1]),
        x_name: "PC1".into(),
        y_name: "PC2".into(),
    }
}
