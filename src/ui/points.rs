//! Rows placed in a plot's 0..1 × 0..1 space (Embeddings, Scalars), and the
//! geometry both plots select with: the point nearest a cursor, the points
//! in a box.

pub struct Points {
    /// (row, x, y), both in 0..1.
    pub points: Vec<(usize, f64, f64)>,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub x_name: String,
    pub y_name: String,
}

/// The point nearest the cursor.
pub fn nearest(points: &Points, cursor: (f64, f64)) -> Option<usize> {
    points
        .points
        .iter()
        .min_by(|a, b| {
            let da = (a.1 - cursor.0).powi(2) + (a.2 - cursor.1).powi(2);
            let db = (b.1 - cursor.0).powi(2) + (b.2 - cursor.1).powi(2);
            da.total_cmp(&db)
        })
        .map(|p| p.0)
}

/// Rows whose points fall inside the box between two corners.
pub fn in_box(points: &Points, a: (f64, f64), b: (f64, f64)) -> Vec<usize> {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    points
        .points
        .iter()
        .filter(|p| p.1 >= x0 && p.1 <= x1 && p.2 >= y0 && p.2 <= y1)
        .map(|p| p.0)
        .collect()
}
