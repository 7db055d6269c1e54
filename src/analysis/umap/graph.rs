//! The fuzzy simplicial set of umap-learn: each point's neighbours weighted by
//! a kernel whose width makes the weights sum to log2(k + 1), then the fuzzy
//! union of the two directions.

use crate::analysis::knn::Neighbours;

/// (head, tail, membership weight).
pub type Edge = (u32, u32, f32);

/// The symmetric fuzzy graph as edges (head, tail, weight), both directions.
pub fn fuzzy_graph(nn: &Neighbours, n: usize) -> Vec<Edge> {
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
