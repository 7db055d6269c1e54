//! Exact k nearest neighbours by Euclidean distance, blocked for the cache and
//! split over threads. Shared by UMAP, t-SNE and trustworthiness.

use super::distance::distance2;

/// For each row, its `k` nearest other rows and their distances, nearest first.
pub struct Neighbours {
    pub k: usize,
    pub index: Vec<u32>,
    pub distance: Vec<f32>,
}

impl Neighbours {
    pub fn of(&self, i: usize) -> (&[u32], &[f32]) {
        (
            &self.index[i * self.k..(i + 1) * self.k],
            &self.distance[i * self.k..(i + 1) * self.k],
        )
    }
}

pub fn squared_norms(data: &[f32], dim: usize) -> Vec<f32> {
    data.chunks(dim)
        .map(|r| r.iter().map(|x| x * x).sum())
        .collect()
}

pub fn knn(data: &[f32], dim: usize, k: usize) -> Neighbours {
    let n = data.len() / dim;
    let k = k.min(n.saturating_sub(1));
    let norms = squared_norms(data, dim);
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    // Blocks of rows per task, so each thread's rows share the column data in cache.
    let chunk = n.div_ceil(threads.max(1)).max(1);
    let mut index = vec![0u32; n * k];
    let mut distance = vec![0f32; n * k];
    std::thread::scope(|scope| {
        for ((rows_index, rows_distance), start) in index
            .chunks_mut(chunk * k.max(1))
            .zip(distance.chunks_mut(chunk * k.max(1)))
            .zip((0..n).step_by(chunk))
        {
            let norms = &norms;
            scope.spawn(move || {
                let end = (start + chunk).min(n);
                let mut best: Vec<Vec<(f32, u32)>> = vec![Vec::with_capacity(k + 1); end - start];
                let mut dots = vec![0f32; TILE_ROWS * COLUMN_BLOCK];
                // Column blocks that stay in cache while every row tile passes over them.
                for c0 in (0..n).step_by(COLUMN_BLOCK) {
                    let cols = (n - c0).min(COLUMN_BLOCK);
                    for r0 in (start..end).step_by(TILE_ROWS) {
                        let rows = (end - r0).min(TILE_ROWS);
                        dot_tile(data, dim, r0, rows, c0, cols, &mut dots);
                        for t in 0..rows {
                            let i = r0 + t;
                            let list = &mut best[i - start];
                            for q in 0..cols {
                                let j = c0 + q;
                                if j == i {
                                    continue;
                                }
                                let d = (norms[i] + norms[j] - 2.0 * dots[t * COLUMN_BLOCK + q])
                                    .max(0.0);
                                if list.len() < k || d < list[list.len() - 1].0 {
                                    let at =
                                        list.partition_point(|&(bd, bj)| (bd, bj) < (d, j as u32));
                                    list.insert(at, (d, j as u32));
                                    list.truncate(k);
                                }
                            }
                        }
                    }
                }
                for (local, list) in best.iter().enumerate() {
                    for (slot, &(d, j)) in list.iter().enumerate() {
                        rows_index[local * k + slot] = j;
                        rows_distance[local * k + slot] = d.sqrt();
                    }
                }
            });
        }
    });
    Neighbours { k, index, distance }
}

/// Rows handled together: each column vector is loaded once for all of them.
const TILE_ROWS: usize = 4;
/// Columns per block: 256 vectors of 384 floats fit in a core's L2 cache.
const COLUMN_BLOCK: usize = 256;

/// `out[t * COLUMN_BLOCK + q] = data[r0 + t] · data[c0 + q]`, with AVX2 and
/// FMA when the CPU has them (checked at run time, so the binary stays portable).
fn dot_tile(
    data: &[f32],
    dim: usize,
    r0: usize,
    rows: usize,
    c0: usize,
    cols: usize,
    out: &mut [f32],
) {
    #[cfg(target_arch = "x86_64")]
    if super::fma::available() {
        // SAFETY: the CPU has the features the function is compiled for.
        unsafe { dot_tile_fma(data, dim, r0, rows, c0, cols, out) };
        return;
    }
    dot_tile_body::<false>(data, dim, r0, rows, c0, cols, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn dot_tile_fma(
    data: &[f32],
    dim: usize,
    r0: usize,
    rows: usize,
    c0: usize,
    cols: usize,
    out: &mut [f32],
) {
    dot_tile_body::<true>(data, dim, r0, rows, c0, cols, out);
}

#[inline(always)]
fn dot_tile_body<const FMA: bool>(
    data: &[f32],
    dim: usize,
    r0: usize,
    rows: usize,
    c0: usize,
    cols: usize,
    out: &mut [f32],
) {
    let full = dim / 8 * 8;
    let row = |t: usize| &data[(r0 + t) * dim..(r0 + t + 1) * dim];
    let (a0, a1, a2, a3) = (
        row(0),
        row(1.min(rows - 1)),
        row(2.min(rows - 1)),
        row(3.min(rows - 1)),
    );
    let madd = super::fma::madd::<FMA>;
    for q in 0..cols {
        let j = c0 + q;
        let b = &data[j * dim..(j + 1) * dim];
        let mut acc = [[0f32; 8]; 4];
        // Exact chunks: no bounds checks in the loop, so it vectorises.
        let chunks = a0[..full]
            .chunks_exact(8)
            .zip(a1[..full].chunks_exact(8))
            .zip(a2[..full].chunks_exact(8))
            .zip(a3[..full].chunks_exact(8))
            .zip(b[..full].chunks_exact(8));
        for ((((x0, x1), x2), x3), y) in chunks {
            for l in 0..8 {
                acc[0][l] = madd(x0[l], y[l], acc[0][l]);
                acc[1][l] = madd(x1[l], y[l], acc[1][l]);
                acc[2][l] = madd(x2[l], y[l], acc[2][l]);
                acc[3][l] = madd(x3[l], y[l], acc[3][l]);
            }
        }
        for (t, a) in [a0, a1, a2, a3].iter().enumerate().take(rows) {
            let mut s: f32 = acc[t].iter().sum();
            for c in full..dim {
                s += a[c] * b[c];
            }
            out[t * COLUMN_BLOCK + q] = s;
        }
    }
}

/// scikit-learn's trustworthiness: how far the `k` nearest neighbours in the
/// embedding are, in rank, from being the `k` nearest in the original space.
/// A neighbour's rank is counted, not sorted for: O(n·(dim + k)) per point.
pub fn trustworthiness(original: &[f32], dim: usize, embedded: &[[f32; 2]], k: usize) -> f64 {
    let n = embedded.len();
    let flat: Vec<f32> = embedded.iter().flat_map(|p| [p[0], p[1]]).collect();
    let near_embedded = knn(&flat, 2, k);
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    let chunk = n.div_ceil(threads).max(1);
    let penalty: f64 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let near_embedded = &near_embedded;
                scope.spawn(move || {
                    let mut distance = vec![0f32; n];
                    let mut penalty = 0f64;
                    for i in start..(start + chunk).min(n) {
                        let a = &original[i * dim..(i + 1) * dim];
                        for (j, d) in distance.iter_mut().enumerate() {
                            *d = distance2(a, &original[j * dim..(j + 1) * dim]);
                        }
                        for &j in near_embedded.of(i).0 {
                            let j = j as usize;
                            // 1-based rank of j among the others, ties broken by index.
                            let dj = distance[j];
                            let rank = distance
                                .iter()
                                .enumerate()
                                .filter(|&(m, &d)| m != i && (d < dj || (d == dj && m < j)))
                                .count()
                                + 1;
                            if rank > k {
                                penalty += (rank - k) as f64;
                            }
                        }
                    }
                    penalty
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or(f64::NAN))
            .sum()
    });
    let (n, k) = (n as f64, k as f64);
    1.0 - penalty * 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_neighbours() {
        let data = [0.0, 0.0, 1.0, 0.0, 3.0, 0.0, 0.0, 2.0];
        let nn = knn(&data, 2, 2);
        assert_eq!(nn.of(0).0, &[1, 3]);
        assert_eq!(nn.of(2).0, &[1, 0]);
        assert!((nn.of(0).1[1] - 2.0).abs() < 1e-6);
    }

    #[test]
    fn a_perfect_embedding_is_fully_trustworthy() {
        let data: Vec<f32> = (0..20).flat_map(|i| [i as f32, 0.0, 0.0]).collect();
        let emb: Vec<[f32; 2]> = (0..20).map(|i| [i as f32, 0.0]).collect();
        assert!((trustworthiness(&data, 3, &emb, 3) - 1.0).abs() < 1e-12);
        let shuffled: Vec<[f32; 2]> = (0..20).map(|i| [((i * 7) % 20) as f32, 0.0]).collect();
        assert!(trustworthiness(&data, 3, &shuffled, 3) < 0.9);
    }
}
