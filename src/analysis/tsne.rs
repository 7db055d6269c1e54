//! t-SNE (van der Maaten and Hinton 2008; Barnes-Hut, van der Maaten 2014) to
//! two dimensions, with scikit-learn's settings: affinities over the
//! 3·perplexity nearest neighbours, PCA initialisation, early exaggeration 12
//! for 250 iterations, learning rate max(n / 48, 50), momentum 0.5 then 0.8,
//! gains, and the repulsion summed over a quadtree with theta 0.5.
//! O(n log n) per iteration; the per-point sums run over threads and are
//! combined in point order, so a seed gives the same layout on any machine.

use super::knn::{Neighbours, knn};
use super::projection::pca;
use super::quadtree::QuadTree;
use super::{Report, Stage};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TsneParams {
    pub perplexity: f32,
    pub iterations: usize,
    pub seed: u64,
}

impl Default for TsneParams {
    fn default() -> Self {
        Self {
            perplexity: 30.0,
            iterations: 1000,
            seed: 0,
        }
    }
}

/// scikit-learn's Barnes-Hut angle.
const THETA: f32 = 0.5;

pub fn tsne(data: &[f32], dim: usize, params: &TsneParams) -> Vec<[f32; 2]> {
    tsne_reporting(data, dim, params, &|_, _| {})
}

/// As [`tsne`], telling `report` how many of the iterations are done.
pub fn tsne_reporting(
    data: &[f32],
    dim: usize,
    params: &TsneParams,
    report: Report,
) -> Vec<[f32; 2]> {
    report(Stage::Neighbours, 0.0);
    let n = data.len() / dim.max(1);
    if n < 4 {
        return vec![[0.0, 0.0]; n];
    }
    let k = ((3.0 * params.perplexity) as usize + 1).min(n - 1);
    // Exact: with 91 neighbours a row, NN-descent's local joins cost more than
    // the blocked exact search up to about 100,000 rows.
    let nn = knn(data, dim, k);
    let p = affinities(&nn, n, params.perplexity.min((n - 1) as f32 / 3.0));

    let mut y: Vec<[f32; 2]> = match pca(data, dim) {
        Some(pr) => pr.coords,
        None => vec![[0.0, 0.0]; n],
    };
    let std = (y.iter().map(|c| c[0] * c[0]).sum::<f32>() / n as f32)
        .sqrt()
        .max(1e-12);
    let mut rng = super::rng::Rng::new(params.seed);
    for c in &mut y {
        c[0] = c[0] / std * 1e-4 + (rng.unit() - 0.5) * 1e-8;
        c[1] = c[1] / std * 1e-4;
    }
    let lr = (n as f32 / 12.0 / 4.0).max(50.0);
    let mut update = vec![[0f32; 2]; n];
    let mut gains = vec![[1f32; 2]; n];
    for iter in 0..params.iterations {
        if iter % 10 == 0 {
            report(
                Stage::Layout,
                0.1 + 0.9 * iter as f32 / params.iterations as f32,
            );
        }
        let exaggeration = if iter < 250 { 12.0 } else { 1.0 };
        let momentum = if iter < 250 { 0.5 } else { 0.8 };
        let grad = gradient(&y, &p, exaggeration);
        for i in 0..n {
            for d in 0..2 {
                let g = grad[i][d];
                gains[i][d] = if (g > 0.0) != (update[i][d] > 0.0) {
                    gains[i][d] + 0.2
                } else {
                    (gains[i][d] * 0.8).max(0.01)
                };
                update[i][d] = momentum * update[i][d] - lr * gains[i][d] * g;
                y[i][d] += update[i][d];
            }
        }
    }
    y
}

/// The symmetric joint probabilities P, sparse: for each row, its neighbours
/// (either way round) and p_ij, summing to 1 over all pairs.
struct Affinities {
    start: Vec<usize>,
    index: Vec<u32>,
    value: Vec<f32>,
}

fn affinities(nn: &Neighbours, n: usize, perplexity: f32) -> Affinities {
    let target = perplexity.ln();
    let k = nn.k;
    let mut conditional = vec![0f32; n * k];
    for i in 0..n {
        let (_, dist) = nn.of(i);
        let d2: Vec<f32> = dist.iter().map(|d| d * d).collect();
        let row = &mut conditional[i * k..(i + 1) * k];
        // Binary search for the precision that gives the perplexity.
        let (mut lo, mut hi, mut beta) = (0.0f32, f32::INFINITY, 1.0f32);
        for _ in 0..100 {
            let min = d2[0];
            let mut sum = 0.0;
            for (r, &d) in row.iter_mut().zip(&d2) {
                *r = (-(d - min) * beta).exp();
                sum += *r;
            }
            let entropy: f32 = sum.ln()
                + beta * row.iter().zip(&d2).map(|(r, d)| r * (d - min)).sum::<f32>() / sum;
            row.iter_mut().for_each(|r| *r /= sum);
            if (entropy - target).abs() < 1e-5 {
                break;
            }
            if entropy > target {
                lo = beta;
                beta = if hi.is_infinite() {
                    beta * 2.0
                } else {
                    (beta + hi) / 2.0
                };
            } else {
                hi = beta;
                beta = (beta + lo) / 2.0;
            }
        }
    }
    // P = (P + Pᵀ) / sum, kept as sorted rows.
    let mut pairs: Vec<(u32, u32, f32)> = Vec::with_capacity(2 * n * k);
    for i in 0..n {
        let (idx, _) = nn.of(i);
        for (&j, &v) in idx.iter().zip(&conditional[i * k..(i + 1) * k]) {
            pairs.push((i as u32, j, v));
            pairs.push((j, i as u32, v));
        }
    }
    pairs.sort_by_key(|e| (e.0, e.1));
    let mut start = vec![0usize; n + 1];
    let (mut index, mut value) = (Vec::new(), Vec::<f32>::new());
    let mut last = None;
    for (i, j, v) in pairs {
        if last == Some((i, j)) {
            if let Some(sum) = value.last_mut() {
                *sum += v;
            }
            continue;
        }
        last = Some((i, j));
        index.push(j);
        value.push(v);
        start[i as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let total: f64 = value.iter().map(|&v| f64::from(v)).sum();
    let total = total.max(1e-12) as f32;
    value.iter_mut().for_each(|v| *v = (*v / total).max(1e-12));
    Affinities {
        start,
        index,
        value,
    }
}

/// dC/dy: 4·(exaggeration·Σ p_ij w_ij (y_i - y_j) - Σ w_ij² (y_i - y_j) / Z),
/// w = 1 / (1 + |y_i - y_j|²), Z = Σ w over all pairs (Barnes-Hut).
fn gradient(y: &[[f32; 2]], p: &Affinities, exaggeration: f32) -> Vec<[f32; 2]> {
    let n = y.len();
    let tree = QuadTree::new(y);
    let mut repulsion = vec![(0f32, [0f32; 2]); n];
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    let chunk = n.div_ceil(threads).max(256);
    std::thread::scope(|scope| {
        for (c, out) in repulsion.chunks_mut(chunk).enumerate() {
            let tree = &tree;
            scope.spawn(move || {
                let mut stack = Vec::new();
                for (o, i) in out.iter_mut().zip(c * chunk..) {
                    *o = tree.repulsion(y[i], THETA, &mut stack);
                }
            });
        }
    });
    let z: f64 = repulsion
        .iter()
        .map(|r| f64::from(r.0))
        .sum::<f64>()
        .max(1e-12);
    (0..n)
        .map(|i| {
            let mut attraction = [0f64; 2];
            for s in p.start[i]..p.start[i + 1] {
                let j = p.index[s] as usize;
                let (dx, dy) = (y[i][0] - y[j][0], y[i][1] - y[j][1]);
                let w = 1.0 / (1.0 + dx * dx + dy * dy);
                let f = f64::from(p.value[s] * w);
                attraction[0] += f * f64::from(dx);
                attraction[1] += f * f64::from(dy);
            }
            let (_, push) = repulsion[i];
            let e = f64::from(exaggeration);
            [
                (4.0 * (e * attraction[0] - f64::from(push[0]) / z)) as f32,
                (4.0 * (e * attraction[1] - f64::from(push[1]) / z)) as f32,
            ]
        })
        .collect()
}
