//! UMAP (McInnes, Healy and Melville 2018) to two dimensions: exact k nearest
//! neighbours, the fuzzy simplicial set, and the negative-sampling SGD layout,
//! single-threaded in the layout so a seed gives the same picture every time.

use super::knn::{Neighbours, knn};
use super::projection::pca;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UmapParams {
    pub n_neighbors: usize,
    pub min_dist: f32,
    /// `None`: 500 epochs up to 10,000 rows, 200 beyond (as umap-learn).
    pub n_epochs: Option<usize>,
    pub seed: u64,
}

impl Default for UmapParams {
    fn default() -> Self {
        Self {
            n_neighbors: 15,
            min_dist: 0.1,
            n_epochs: None,
            seed: 0,
        }
    }
}

/// A small deterministic generator (xorshift*), so layouts follow the seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`, by multiply-shift (a 64-bit division costs more than the update it feeds).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// The curve 1 / (1 + a d^(2b)) closest to the min_dist profile (spread 1).
pub fn fit_ab(min_dist: f32) -> (f32, f32) {
    let xs: Vec<f32> = (0..300).map(|i| i as f32 * 3.0 / 299.0).collect();
    let ys: Vec<f32> = xs
        .iter()
        .map(|&x| {
            if x < min_dist {
                1.0
            } else {
                (-(x - min_dist)).exp()
            }
        })
        .collect();
    let err = |a: f32, b: f32| -> f32 {
        xs.iter()
            .zip(&ys)
            .map(|(&x, &y)| {
                let f = 1.0 / (1.0 + a * x.powf(2.0 * b));
                (f - y) * (f - y)
            })
            .sum()
    };
    // Coarse to fine search; deterministic and fast enough (a few ms).
    let (mut a, mut b) = (1.0f32, 1.0f32);
    let (mut da, mut db) = (1.0f32, 0.5f32);
    for _ in 0..40 {
        let mut best = (err(a, b), a, b);
        for sa in [-1.0, 0.0, 1.0] {
            for sb in [-1.0, 0.0, 1.0] {
                let (ca, cb) = ((a + sa * da).max(1e-3), (b + sb * db).max(1e-3));
                let e = err(ca, cb);
                if e < best.0 {
                    best = (e, ca, cb);
                }
            }
        }
        if best.1 == a && best.2 == b {
            da *= 0.5;
            db *= 0.5;
        }
        a = best.1;
        b = best.2;
    }
    (a, b)
}

/// The symmetric fuzzy graph as edges (head, tail, weight), both directions.
fn fuzzy_graph(nn: &Neighbours, n: usize) -> Vec<(u32, u32, f32)> {
    let k = nn.k;
    // The point itself counts as a neighbour, as in umap-learn.
    let target = ((k + 1) as f32).log2();
    let mut weights: Vec<std::collections::HashMap<u32, f32>> = vec![Default::default(); n];
    for (i, row) in weights.iter_mut().enumerate() {
        let (idx, dist) = nn.of(i);
        let rho = dist.iter().copied().find(|&d| d > 0.0).unwrap_or(0.0);
        // Binary search for sigma so that the memberships sum to log2(k).
        let (mut lo, mut hi, mut sigma) = (0.0f32, f32::INFINITY, 1.0f32);
        for _ in 0..64 {
            let sum: f32 = dist
                .iter()
                .map(|&d| (-((d - rho).max(0.0)) / sigma).exp())
                .sum();
            if (sum - target).abs() < 1e-5 {
                break;
            }
            if sum > target {
                hi = sigma;
                sigma = (lo + hi) / 2.0;
            } else {
                lo = sigma;
                sigma = if hi.is_infinite() {
                    sigma * 2.0
                } else {
                    (lo + hi) / 2.0
                };
            }
        }
        let mean_d = dist.iter().sum::<f32>() / k.max(1) as f32;
        sigma = sigma.max(1e-3 * mean_d);
        for (&j, &d) in idx.iter().zip(dist) {
            let w = (-((d - rho).max(0.0)) / sigma).exp();
            row.insert(j, w);
        }
    }
    // Fuzzy union: a + b - a·b, for i→j; and j→i where only i listed j.
    let mut edges = Vec::new();
    for (i, row) in weights.iter().enumerate() {
        for (&j, &w) in row {
            let back = weights[j as usize].get(&(i as u32)).copied();
            let b = back.unwrap_or(0.0);
            edges.push((i as u32, j, w + b - w * b));
            if back.is_none() {
                edges.push((j, i as u32, w));
            }
        }
    }
    edges.sort_by_key(|e| (e.0, e.1));
    edges
}

/// Lays `rows × dim` vectors out in 2-D.
pub fn umap(data: &[f32], dim: usize, params: &UmapParams) -> Vec<[f32; 2]> {
    let n = data.len() / dim.max(1);
    if n < 3 {
        return vec![[0.0, 0.0]; n];
    }
    // umap-learn counts the point itself among its n_neighbors.
    let nn = knn(data, dim, (params.n_neighbors.max(3) - 1).min(n - 1));
    let edges = fuzzy_graph(&nn, n);
    let n_epochs = params
        .n_epochs
        .unwrap_or(if n <= 10_000 { 500 } else { 200 });
    let (a, b) = fit_ab(params.min_dist);

    // Start from PCA scaled to ±10, as umap-learn's init="pca" does.
    let mut y: Vec<[f32; 2]> = match pca(data, dim) {
        Some(p) => p.coords,
        None => vec![[0.0, 0.0]; n],
    };
    let mut rng = Rng::new(params.seed);
    for k in 0..2 {
        let max = y
            .iter()
            .map(|p| p[k].abs())
            .fold(0.0f32, f32::max)
            .max(1e-12);
        for p in &mut y {
            p[k] = p[k] / max * 10.0 + (rng.unit() - 0.5) * 1e-4;
        }
    }

    let max_w = edges.iter().map(|e| e.2).fold(0.0f32, f32::max);
    let edges: Vec<(u32, u32, f32)> = edges
        .into_iter()
        .filter(|e| e.2 >= max_w / n_epochs as f32)
        .collect();
    let epochs_per_sample: Vec<f32> = edges.iter().map(|e| max_w / e.2).collect();
    let negative_rate = 5.0f32;
    let epochs_per_negative: Vec<f32> = epochs_per_sample
        .iter()
        .map(|e| e / negative_rate)
        .collect();
    let mut next_sample = epochs_per_sample.clone();
    let mut next_negative = epochs_per_negative.clone();
    let clip = |g: f32| g.clamp(-4.0, 4.0);
    for epoch in 0..n_epochs {
        let alpha = 1.0 - epoch as f32 / n_epochs as f32;
        let e_f = epoch as f32;
        for (e, &(head, tail, _)) in edges.iter().enumerate() {
            if next_sample[e] > e_f {
                continue;
            }
            let (i, j) = (head as usize, tail as usize);
            let (dx, dy) = (y[i][0] - y[j][0], y[i][1] - y[j][1]);
            let d2 = dx * dx + dy * dy;
            if d2 > 0.0 {
                // d2^(b-1) from d2^b: one power instead of two.
                let pb = d2.powf(b);
                let coeff = -2.0 * a * b * (pb / d2) / (1.0 + a * pb);
                let (gx, gy) = (clip(coeff * dx) * alpha, clip(coeff * dy) * alpha);
                y[i][0] += gx;
                y[i][1] += gy;
                y[j][0] -= gx;
                y[j][1] -= gy;
            }
            next_sample[e] += epochs_per_sample[e];
            let negatives = ((e_f - next_negative[e]) / epochs_per_negative[e]) as usize;
            for _ in 0..negatives {
                let k = rng.below(n);
                if k == i {
                    continue;
                }
                let (dx, dy) = (y[i][0] - y[k][0], y[i][1] - y[k][1]);
                let d2 = dx * dx + dy * dy;
                let coeff = if d2 > 0.0 {
                    2.0 * b / ((0.001 + d2) * (1.0 + a * d2.powf(b)))
                } else {
                    0.0
                };
                let (gx, gy) = if coeff > 0.0 {
                    (clip(coeff * dx), clip(coeff * dy))
                } else {
                    (0.0, 0.0)
                };
                y[i][0] += gx * alpha;
                y[i][1] += gy * alpha;
            }
            next_negative[e] += negatives as f32 * epochs_per_negative[e];
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_curve_fit_matches_umap_learn() {
        // umap-learn's find_ab_params(1.0, 0.1): a ≈ 1.577, b ≈ 0.895.
        let (a, b) = fit_ab(0.1);
        assert!(
            (a - 1.577).abs() < 0.02 && (b - 0.895).abs() < 0.01,
            "{a} {b}"
        );
    }

    #[test]
    fn two_clusters_stay_apart_and_a_seed_repeats() {
        let mut rng = Rng::new(7);
        let mut data = Vec::new();
        for i in 0..60 {
            let base = if i < 30 { 0.0 } else { 10.0 };
            for _ in 0..5 {
                data.push(base + rng.unit());
            }
        }
        let p = UmapParams {
            n_neighbors: 5,
            ..Default::default()
        };
        let y = umap(&data, 5, &p);
        let centroid = |r: std::ops::Range<usize>| {
            let n = r.len() as f32;
            r.fold([0.0f32; 2], |c, i| [c[0] + y[i][0] / n, c[1] + y[i][1] / n])
        };
        let (c0, c1) = (centroid(0..30), centroid(30..60));
        let spread = (0..30)
            .map(|i| (y[i][0] - c0[0]).hypot(y[i][1] - c0[1]))
            .fold(0.0f32, f32::max);
        assert!((c0[0] - c1[0]).hypot(c0[1] - c1[1]) > 2.0 * spread);
        assert_eq!(umap(&data, 5, &p), y);
    }
}
