//! Exact t-SNE (van der Maaten and Hinton 2008) to two dimensions, with
//! scikit-learn's schedule: PCA initialisation, early exaggeration 12 for 250
//! iterations, learning rate max(n / 48, 50), momentum 0.5 then 0.8, gains.
//! The gradient is exact, O(n²) per iteration: meant for up to a few
//! thousand points.

use super::knn::knn;
use super::projection::pca;

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

/// Most points exact t-SNE takes.
pub const MAX_POINTS: usize = 5000;

pub fn tsne(data: &[f32], dim: usize, params: &TsneParams) -> Vec<[f32; 2]> {
    tsne_reporting(data, dim, params, &|_, _| {})
}

/// As [`tsne`], telling `report` how many of the iterations are done.
pub fn tsne_reporting(
    data: &[f32],
    dim: usize,
    params: &TsneParams,
    report: super::Report,
) -> Vec<[f32; 2]> {
    report(super::Stage::Neighbours, 0.0);
    let n = data.len() / dim.max(1);
    if n < 4 {
        return vec![[0.0, 0.0]; n];
    }
    // Affinities over the 3·perplexity nearest neighbours, as scikit-learn's Barnes-Hut does.
    let k = ((3.0 * params.perplexity) as usize + 1).min(n - 1);
    let nn = knn(data, dim, k);
    let target = params.perplexity.min((n - 1) as f32 / 3.0).ln();
    let mut p = vec![0f32; n * n];
    for i in 0..n {
        let (idx, dist) = nn.of(i);
        let d2: Vec<f32> = dist.iter().map(|d| d * d).collect();
        let (mut lo, mut hi, mut beta) = (0.0f32, f32::INFINITY, 1.0f32);
        let mut row = vec![0f32; k];
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
        for (&j, &r) in idx.iter().zip(&row) {
            p[i * n + j as usize] = r;
        }
    }
    // Symmetrise and normalise.
    let mut sum = 0.0f64;
    for i in 0..n {
        for j in (i + 1)..n {
            let v = (p[i * n + j] + p[j * n + i]) / 2.0;
            p[i * n + j] = v;
            p[j * n + i] = v;
            sum += 2.0 * f64::from(v);
        }
    }
    let norm = sum.max(1e-12) as f32;
    p.iter_mut().for_each(|v| *v = (*v / norm).max(1e-12));

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
    let mut q = vec![0f32; n * n];
    let mut grad = vec![[0f32; 2]; n];
    for iter in 0..params.iterations {
        if iter % 10 == 0 {
            report(
                super::Stage::Layout,
                0.1 + 0.9 * iter as f32 / params.iterations as f32,
            );
        }
        let exaggeration = if iter < 250 { 12.0 } else { 1.0 };
        let momentum = if iter < 250 { 0.5 } else { 0.8 };
        // Student-t kernel.
        let mut z = 0.0f64;
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (y[i][0] - y[j][0], y[i][1] - y[j][1]);
                let w = 1.0 / (1.0 + dx * dx + dy * dy);
                q[i * n + j] = w;
                q[j * n + i] = w;
                z += 2.0 * f64::from(w);
            }
        }
        let z = z.max(1e-12) as f32;
        for i in 0..n {
            let (mut gx, mut gy) = (0.0f32, 0.0f32);
            for j in 0..n {
                if i == j {
                    continue;
                }
                let w = q[i * n + j];
                let f = (exaggeration * p[i * n + j] - w / z) * w;
                gx += f * (y[i][0] - y[j][0]);
                gy += f * (y[i][1] - y[j][1]);
            }
            grad[i] = [4.0 * gx, 4.0 * gy];
        }
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
