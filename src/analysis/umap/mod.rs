//! UMAP (McInnes, Healy and Melville 2018) to two dimensions, as umap-learn
//! does it: k nearest neighbours (exact, or NN-descent from 4,096 rows), the
//! fuzzy simplicial set, PCA initialisation and the negative-sampling SGD
//! layout. The same seed gives the same picture on any number of cores.

mod graph;
mod layout;
mod power;

use super::knn::knn;
use super::nn_descent::nn_descent;
use super::projection::pca;
use super::rng::Rng;
use super::{Report, Stage};
use graph::{Edge, fuzzy_graph};
use layout::{Curve, optimize};

/// Rows from which the neighbours are found by NN-descent (umap-learn's cut-off).
const APPROXIMATE_FROM: usize = 4096;

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

/// Lays `rows × dim` vectors out in 2-D.
pub fn umap(data: &[f32], dim: usize, params: &UmapParams) -> Vec<[f32; 2]> {
    umap_reporting(data, dim, params, &|_, _| {})
}

/// As [`umap`], telling `report` how far it is: neighbours, then the layout's epochs.
pub fn umap_reporting(
    data: &[f32],
    dim: usize,
    params: &UmapParams,
    report: Report,
) -> Vec<[f32; 2]> {
    let n = data.len() / dim.max(1);
    if n < 3 {
        return vec![[0.0, 0.0]; n];
    }
    // umap-learn counts the point itself among its n_neighbors.
    let k = (params.n_neighbors.max(3) - 1).min(n - 1);
    // Exact below 4,096 rows, NN-descent from there, as umap-learn: besides
    // being faster, NN-descent's graph lays out more trustworthily (0.810 against
    // 0.801 with the exact graph on 10,000 SST-2 rows, in umap-learn and here).
    report(Stage::Neighbours, 0.0);
    let nn = if n < APPROXIMATE_FROM {
        knn(data, dim, k)
    } else {
        nn_descent(data, dim, k, params.seed)
    };
    let edges = fuzzy_graph(&nn, n);
    let n_epochs = params
        .n_epochs
        .unwrap_or(if n <= 10_000 { 500 } else { 200 });
    let (a, b) = fit_ab(params.min_dist);

    // Start from PCA, each axis scaled to [0, 10], as umap-learn's init="pca" ends up.
    let mut y: Vec<[f32; 2]> = match pca(data, dim) {
        Some(p) => p.coords,
        None => vec![[0.0, 0.0]; n],
    };
    let mut rng = Rng::new(params.seed);
    for p in &mut y {
        p[0] += (rng.unit() - 0.5) * 1e-4;
        p[1] += (rng.unit() - 0.5) * 1e-4;
    }
    for k in 0..2 {
        let (lo, hi) = y
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p[k]), hi.max(p[k]))
            });
        let scale = 10.0 / (hi - lo).max(1e-12);
        for p in &mut y {
            p[k] = (p[k] - lo) * scale;
        }
    }
    let max_w = edges.iter().map(|e| e.2).fold(0.0f32, f32::max);
    // Edges too weak to be sampled once in the run are dropped, as umap-learn does.
    let edges: Vec<Edge> = edges
        .into_iter()
        .filter(|e| e.2 >= max_w / n_epochs as f32)
        .collect();
    let layout_report = |_: Stage, done: f32| report(Stage::Layout, 0.2 + 0.8 * done);
    layout_report(Stage::Layout, 0.0);
    optimize(
        &mut y,
        &edges,
        n_epochs,
        &Curve { a, b },
        params.seed,
        &layout_report,
    );
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
        // Ten neighbours: with fewer, a cluster's graph can fall apart into pieces
        // that UMAP, rightly, places anywhere.
        for seed in 0..4 {
            let p = UmapParams {
                n_neighbors: 10,
                seed,
                ..Default::default()
            };
            let y = umap(&data, 5, &p);
            let centroid = |r: std::ops::Range<usize>| {
                let n = r.len() as f32;
                r.fold([0.0f32; 2], |c, i| [c[0] + y[i][0] / n, c[1] + y[i][1] / n])
            };
            let (c0, c1) = (centroid(0..30), centroid(30..60));
            let d = |i: usize, c: [f32; 2]| (y[i][0] - c[0]).hypot(y[i][1] - c[1]);
            for i in 0..60 {
                let (own, other) = if i < 30 { (c0, c1) } else { (c1, c0) };
                assert!(
                    d(i, own) < d(i, other),
                    "seed {seed}: point {i} sits with the other cluster"
                );
            }
            assert_eq!(umap(&data, 5, &p), y, "seed {seed} repeats");
        }
    }
}
