//! Approximate k nearest neighbours by NN-descent (Dong, Charikar and Li 2011),
//! started from random-projection trees: what umap-learn uses (through
//! pynndescent) from 4,096 rows up, with its settings.
//!
//! Deterministic for a seed whatever the number of threads: threads only
//! compute distances, and the neighbour lists are updated in one fixed order.

use super::distance::{dots, squared_distances};
use super::knn::Neighbours;
use super::rng::Rng;

/// Candidates kept per point and iteration, as umap-learn asks of pynndescent.
const MAX_CANDIDATES: usize = 60;
/// Stop once an iteration improves fewer than this share of the k·n entries.
const DELTA: f32 = 0.001;
/// Points whose candidate pairs are measured together (and split over threads).
const JOIN_BLOCK: usize = 512;
/// Leaf pairs measured together while the forest seeds the lists.
const PAIR_BLOCK: usize = 1 << 20;

/// The `k` nearest other rows of each row, approximately.
pub fn nn_descent(data: &[f32], dim: usize, k: usize, seed: u64) -> Neighbours {
    let n = data.len() / dim.max(1);
    let k = k.min(n.saturating_sub(1));
    let mut rng = Rng::new(seed ^ 0x6E6E_6465_7363_656E);
    let mut lists = Lists::new(n, k);
    // umap-learn's forest: 5 + √n/20 trees (at most 64), leaves of max(60, min(256, 5k)) rows.
    let n_trees = (5 + ((n as f64).sqrt() / 20.0).round() as usize).min(64);
    let leaf_size = (5 * (k + 1)).clamp(60, 256);
    // Offered a block at a time, in the same order: all the forest's pairs at
    // once were 48 million on 67,349 rows, 580 MB with their distances.
    let mut pairs = Vec::new();
    for leaf in rp_forest_leaves(data, dim, n_trees, leaf_size, seed) {
        for (a, &p) in leaf.iter().enumerate() {
            pairs.extend(leaf[a + 1..].iter().map(|&q| (p, q)));
        }
        if pairs.len() >= PAIR_BLOCK {
            lists.offer_all(data, dim, &pairs);
            pairs.clear();
        }
    }
    lists.offer_all(data, dim, &pairs);
    // Rows no leaf filled (tiny leaves) get random neighbours to start from.
    for i in 0..n {
        while lists.count(i) < k {
            let j = rng.below(n);
            if j != i {
                let d = super::distance::distance2(row(data, dim, i), row(data, dim, j));
                lists.offer(i, j as u32, d);
            }
        }
    }

    let n_iters = ((n as f64).log2().round() as usize).max(5);
    for _ in 0..n_iters {
        let (new, old) = lists.candidates(&mut rng);
        let mut updates = 0usize;
        for block in (0..n).step_by(JOIN_BLOCK) {
            pairs.clear();
            for i in block..(block + JOIN_BLOCK).min(n) {
                for (a, &p) in new[i].iter().enumerate() {
                    pairs.extend(new[i][a + 1..].iter().map(|&q| (p, q)));
                    pairs.extend(old[i].iter().filter(|&&q| q != p).map(|&q| (p, q)));
                }
            }
            updates += lists.offer_all(data, dim, &pairs);
        }
        if (updates as f32) <= DELTA * (k * n) as f32 {
            break;
        }
    }
    lists.into_neighbours()
}

fn row(data: &[f32], dim: usize, i: usize) -> &[f32] {
    &data[i * dim..(i + 1) * dim]
}

/// Each row's best `k` so far, nearest first, with squared distances and a
/// flag for entries not yet used to look for more.
struct Lists {
    k: usize,
    index: Vec<u32>,
    distance: Vec<f32>,
    fresh: Vec<bool>,
}

impl Lists {
    fn new(n: usize, k: usize) -> Self {
        Self {
            k,
            index: vec![u32::MAX; n * k],
            distance: vec![f32::INFINITY; n * k],
            fresh: vec![false; n * k],
        }
    }

    fn count(&self, i: usize) -> usize {
        self.index[i * self.k..(i + 1) * self.k]
            .iter()
            .filter(|&&j| j != u32::MAX)
            .count()
    }

    /// Puts `j` in i's list if it is nearer than the farthest and not there yet.
    fn offer(&mut self, i: usize, j: u32, d: f32) -> bool {
        let (start, end) = (i * self.k, (i + 1) * self.k);
        if self.k == 0 || d >= self.distance[end - 1] || self.index[start..end].contains(&j) {
            return false;
        }
        let at = start + self.distance[start..end].partition_point(|&x| x <= d);
        self.index.copy_within(at..end - 1, at + 1);
        self.distance.copy_within(at..end - 1, at + 1);
        self.fresh.copy_within(at..end - 1, at + 1);
        self.index[at] = j;
        self.distance[at] = d;
        self.fresh[at] = true;
        true
    }

    /// Measures `pairs` (over threads), then offers each to both ends in order.
    fn offer_all(&mut self, data: &[f32], dim: usize, pairs: &[(u32, u32)]) -> usize {
        let distances = squared_distances(data, dim, pairs);
        let mut updates = 0;
        for (&(p, q), &d) in pairs.iter().zip(&distances) {
            updates += usize::from(self.offer(p as usize, q, d));
            updates += usize::from(self.offer(q as usize, p, d));
        }
        updates
    }

    /// Each row's new and old candidates: its own neighbours and the rows that
    /// list it, up to `MAX_CANDIDATES` of each kind chosen at random. New
    /// entries chosen here are marked old.
    fn candidates(&mut self, rng: &mut Rng) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
        let n = self.index.len() / self.k.max(1);
        let mut new = vec![Candidates::default(); n];
        let mut old = vec![Candidates::default(); n];
        for i in 0..n {
            for s in i * self.k..(i + 1) * self.k {
                let j = self.index[s];
                if j == u32::MAX {
                    continue;
                }
                let pool = if self.fresh[s] { &mut new } else { &mut old };
                pool[i].push(rng.unit(), j);
                pool[j as usize].push(rng.unit(), i as u32);
            }
        }
        for (i, cands) in new.iter().enumerate() {
            for s in i * self.k..(i + 1) * self.k {
                if self.fresh[s] && cands.0.iter().any(|&(_, j)| j == self.index[s]) {
                    self.fresh[s] = false;
                }
            }
        }
        let plain = |c: Vec<Candidates>| c.into_iter().map(|c| c.0.iter().map(|e| e.1).collect());
        (plain(new).collect(), plain(old).collect())
    }

    fn into_neighbours(self) -> Neighbours {
        Neighbours {
            k: self.k,
            index: self.index,
            distance: self.distance.into_iter().map(f32::sqrt).collect(),
        }
    }
}

/// At most `MAX_CANDIDATES` rows, the ones with the smallest random priority.
#[derive(Clone, Default)]
struct Candidates(Vec<(f32, u32)>);

impl Candidates {
    fn push(&mut self, priority: f32, j: u32) {
        if self.0.iter().any(|&(_, x)| x == j) {
            return;
        }
        if self.0.len() < MAX_CANDIDATES {
            self.0.push((priority, j));
        } else if let Some(worst) = self
            .0
            .iter_mut()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .filter(|w| w.0 > priority)
        {
            *worst = (priority, j);
        }
    }
}

/// The leaves of `n_trees` trees, built over threads; each tree has its own
/// random stream, so the forest is the same on any number of cores.
fn rp_forest_leaves(
    data: &[f32],
    dim: usize,
    n_trees: usize,
    leaf_size: usize,
    seed: u64,
) -> Vec<Vec<u32>> {
    let n = data.len() / dim.max(1);
    let mut forest = vec![Vec::new(); n_trees];
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(n_trees.max(1));
    let per_thread = n_trees.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for (t, trees) in forest.chunks_mut(per_thread).enumerate() {
            scope.spawn(move || {
                for (i, tree) in trees.iter_mut().enumerate() {
                    let index = (t * per_thread + i) as u64;
                    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
                    *tree = rp_tree_leaves(data, dim, n, leaf_size, &mut rng);
                }
            });
        }
    });
    forest.into_iter().flatten().collect()
}

/// The leaves of one random-projection tree: rows split by the hyperplane
/// halfway between two random rows until at most `leaf_size` remain.
fn rp_tree_leaves(
    data: &[f32],
    dim: usize,
    n: usize,
    leaf_size: usize,
    rng: &mut Rng,
) -> Vec<Vec<u32>> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut leaves = Vec::new();
    let mut stack = vec![(0usize, n)];
    let mut normal = vec![0f32; dim];
    while let Some((start, end)) = stack.pop() {
        let size = end - start;
        if size <= leaf_size {
            leaves.push(order[start..end].to_vec());
            continue;
        }
        let a = rng.below(size);
        let b = rng.below(size - 1);
        let b = if b >= a { b + 1 } else { b };
        let (l, r) = (order[start + a] as usize, order[start + b] as usize);
        let (xl, xr) = (row(data, dim, l), row(data, dim, r));
        let mut offset = 0f32;
        for d in 0..dim {
            normal[d] = xl[d] - xr[d];
            offset -= normal[d] * (xl[d] + xr[d]) / 2.0;
        }
        // Partition in place: rows on the positive side first.
        let margins = dots(data, dim, &order[start..end], &normal);
        let mut split = start;
        for s in start..end {
            let margin = offset + margins[s - start];
            let positive = if margin.abs() < 1e-8 {
                rng.below(2) == 0
            } else {
                margin > 0.0
            };
            if positive {
                order.swap(s, split);
                split += 1;
            }
        }
        // A useless cut (duplicates, or two equal rows picked): halve at random.
        if split == start || split == end {
            for s in (start + 1..end).rev() {
                order.swap(s, start + rng.below(s - start + 1));
            }
            split = start + size / 2;
        }
        stack.push((split, end));
        stack.push((start, split));
    }
    leaves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::knn::knn;

    fn clusters(n: usize, dim: usize) -> Vec<f32> {
        let mut rng = Rng::new(3);
        (0..n)
            .flat_map(|i| {
                let centre = (i % 7) as f32 * 3.0;
                (0..dim)
                    .map(|d| centre * ((d % 3) as f32 - 1.0) + rng.unit() * 2.0)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn finds_nearly_all_exact_neighbours_and_repeats_for_a_seed() {
        let (n, dim, k) = (3000, 24, 10);
        let data = clusters(n, dim);
        let exact = knn(&data, dim, k);
        let approx = nn_descent(&data, dim, k, 0);
        let found: usize = (0..n)
            .map(|i| {
                let truth = exact.of(i).0;
                approx.of(i).0.iter().filter(|j| truth.contains(j)).count()
            })
            .sum();
        let recall = found as f64 / (n * k) as f64;
        assert!(recall > 0.9, "recall {recall}");
        for i in 0..n {
            let (idx, dist) = approx.of(i);
            assert!(!idx.contains(&(i as u32)), "row {i} lists itself");
            assert!(dist.windows(2).all(|w| w[0] <= w[1]), "row {i} unsorted");
        }
        let again = nn_descent(&data, dim, k, 0);
        assert_eq!(again.index, approx.index);
    }
}
