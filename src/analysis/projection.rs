//! Projections of embedding vectors to 2-D. PCA by block power iteration on
//! the centered data: deterministic, and linear in the number of rows.

/// Rows × 2 coordinates, and how the first two components explain the variance.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub coords: Vec<[f32; 2]>,
    pub mean: Vec<f32>,
    /// The two components, each `dim` long.
    pub components: [Vec<f32>; 2],
}

impl Projection {
    /// Places a new vector with the fitted projection (no refit).
    pub fn place(&self, v: &[f32]) -> [f32; 2] {
        let mut out = [0f32; 2];
        for (k, comp) in self.components.iter().enumerate() {
            out[k] = v
                .iter()
                .zip(&self.mean)
                .zip(comp)
                .map(|((x, m), c)| (x - m) * c)
                .sum();
        }
        out
    }
}

/// PCA of `rows × dim` data to two components. Rows holding NaN are skipped
/// in the fit and placed at the origin.
pub fn pca(data: &[f32], dim: usize) -> Option<Projection> {
    if dim == 0 || data.len() < dim * 2 {
        return None;
    }
    let rows: Vec<&[f32]> = data.chunks(dim).collect();
    let ok: Vec<&[f32]> = rows
        .iter()
        .copied()
        .filter(|r| !r.iter().any(|v| v.is_nan()))
        .collect();
    if ok.len() < 2 {
        return None;
    }
    let mut mean = vec![0f64; dim];
    for r in &ok {
        for (m, &x) in mean.iter_mut().zip(r.iter()) {
            *m += f64::from(x);
        }
    }
    mean.iter_mut().for_each(|m| *m /= ok.len() as f64);
    // Covariance-free power iteration: v ← Xᵀ(X v), two vectors kept orthonormal.
    let mut basis: [Vec<f64>; 2] = [
        (0..dim).map(|i| 1.0 + (i % 7) as f64 * 0.01).collect(),
        (0..dim)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect(),
    ];
    for _ in 0..60 {
        let mut next = [vec![0f64; dim], vec![0f64; dim]];
        for r in &ok {
            for (k, b) in basis.iter().enumerate() {
                let proj: f64 = r
                    .iter()
                    .zip(&mean)
                    .zip(b)
                    .map(|((&x, m), v)| (f64::from(x) - m) * v)
                    .sum();
                for ((n, &x), m) in next[k].iter_mut().zip(r.iter()).zip(&mean) {
                    *n += proj * (f64::from(x) - m);
                }
            }
        }
        orthonormalize(&mut next);
        basis = next;
    }
    // A fixed sign, so the picture does not flip between runs or machines.
    for b in &mut basis {
        let largest = b
            .iter()
            .copied()
            .fold(0.0f64, |a, v| if v.abs() > a.abs() { v } else { a });
        if largest < 0.0 {
            b.iter_mut().for_each(|v| *v = -*v);
        }
    }
    let mean32: Vec<f32> = mean.iter().map(|&m| m as f32).collect();
    let components = [
        basis[0].iter().map(|&v| v as f32).collect::<Vec<f32>>(),
        basis[1].iter().map(|&v| v as f32).collect::<Vec<f32>>(),
    ];
    let projection = Projection {
        coords: Vec::new(),
        mean: mean32,
        components,
    };
    let coords = rows
        .iter()
        .map(|r| {
            if r.iter().any(|v| v.is_nan()) {
                [0.0, 0.0]
            } else {
                projection.place(r)
            }
        })
        .collect();
    Some(Projection {
        coords,
        ..projection
    })
}

fn orthonormalize(b: &mut [Vec<f64>; 2]) {
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-300);
    let n0 = norm(&b[0]);
    b[0].iter_mut().for_each(|v| *v /= n0);
    let dot: f64 = b[0].iter().zip(&b[1]).map(|(a, c)| a * c).sum();
    let (first, second) = b.split_at_mut(1);
    for (s, f) in second[0].iter_mut().zip(first[0].iter()) {
        *s -= dot * f;
    }
    let n1 = norm(&b[1]);
    b[1].iter_mut().for_each(|v| *v /= n1);
}

/// Places a new vector among fitted points without refitting: the PCA
/// components when the projection has them, else the inverse-distance
/// weighted mean of its `k` nearest fitted points (UMAP, t-SNE), as LIT does.
pub fn place_new(
    projection: &Projection,
    data: &[f32],
    dim: usize,
    v: &[f32],
    k: usize,
) -> [f32; 2] {
    if !projection.components[0].is_empty() {
        return projection.place(v);
    }
    let fitted = projection.coords.len().min(data.len() / dim.max(1));
    let mut dist: Vec<(f32, usize)> = (0..fitted)
        .map(|i| {
            let row = &data[i * dim..(i + 1) * dim];
            (
                row.iter()
                    .zip(v)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f32>()
                    .sqrt(),
                i,
            )
        })
        .filter(|d| !d.0.is_nan())
        .collect();
    dist.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut sum, mut total) = ([0f32; 2], 0f32);
    for &(d, i) in dist.iter().take(k.max(1)) {
        let w = 1.0 / (d + 1e-6);
        sum[0] += w * projection.coords[i][0];
        sum[1] += w * projection.coords[i][1];
        total += w;
    }
    if total == 0.0 {
        [0.0, 0.0]
    } else {
        [sum[0] / total, sum[1] / total]
    }
}

/// The `k` rows nearest `row` by Euclidean distance in the original space
/// (the row itself left out), nearest first.
pub fn nearest_neighbours(data: &[f32], dim: usize, row: usize, k: usize) -> Vec<usize> {
    let target = &data[row * dim..(row + 1) * dim];
    let mut dist: Vec<(f32, usize)> = data
        .chunks(dim)
        .enumerate()
        .filter(|&(i, v)| i != row && !v.iter().any(|x| x.is_nan()))
        .map(|(i, v)| {
            (
                v.iter()
                    .zip(target)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f32>(),
                i,
            )
        })
        .collect();
    dist.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    dist.into_iter().take(k).map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pca_finds_the_direction_of_most_variance() {
        // Points along (1, 1, 0) with a little spread along (1, -1, 0).
        let mut data = Vec::new();
        for i in 0..50 {
            let t = i as f32 - 25.0;
            let s = if i % 2 == 0 { 0.5 } else { -0.5 };
            data.extend([t + s, t - s, 0.0]);
        }
        let p = pca(&data, 3).expect("pca");
        let c = &p.components[0];
        assert!((c[0] - c[1]).abs() < 1e-2 && c[0] > 0.7, "{c:?}");
        assert!(c[2].abs() < 1e-3);
        // Deterministic.
        assert_eq!(pca(&data, 3), Some(p));
    }

    #[test]
    fn neighbours_are_nearest_first() {
        let data = [0.0, 0.0, 1.0, 0.0, 5.0, 5.0, 0.5, 0.0];
        assert_eq!(nearest_neighbours(&data, 2, 0, 2), vec![3, 1]);
    }
}
