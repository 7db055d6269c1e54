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
    // Covariance-free power iteration: v ← Xᵀ(X v), two vectors kept orthonormal,
    // until they stop turning.
    let mean32: Vec<f32> = mean.iter().map(|&m| m as f32).collect();
    let mut basis: [Vec<f64>; 2] = [
        (0..dim).map(|i| 1.0 + (i % 7) as f64 * 0.01).collect(),
        (0..dim)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect(),
    ];
    orthonormalize(&mut basis);
    for _ in 0..POWER_ITERATIONS {
        let mut next = covariance_times(&ok, &mean32, &basis);
        orthonormalize(&mut next);
        let turned = next
            .iter()
            .zip(&basis)
            .map(|(n, b)| 1.0 - n.iter().zip(b).map(|(x, y)| x * y).sum::<f64>().abs())
            .fold(0.0f64, f64::max);
        basis = next;
        if turned < 1e-10 {
            break;
        }
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

/// At most this many rounds of power iteration; most data settle in far fewer.
const POWER_ITERATIONS: usize = 100;
/// Rows summed together in f32 before their sum joins the f64 total.
const ROW_BLOCK: usize = 512;

/// Xcᵀ(Xc·b) for both basis vectors, Xc the rows less their mean. Blocks of
/// rows run over threads; their sums are added in block order, so the result
/// does not depend on the core count.
fn covariance_times(rows: &[&[f32]], mean: &[f32], basis: &[Vec<f64>; 2]) -> [Vec<f64>; 2] {
    let dim = mean.len();
    let b32: [Vec<f32>; 2] = [
        basis[0].iter().map(|&v| v as f32).collect(),
        basis[1].iter().map(|&v| v as f32).collect(),
    ];
    let blocks: Vec<&[&[f32]]> = rows.chunks(ROW_BLOCK).collect();
    let mut partial = vec![[Vec::new(), Vec::new()]; blocks.len()];
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    let per_thread = blocks.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for (blocks, out) in blocks
            .chunks(per_thread)
            .zip(partial.chunks_mut(per_thread))
        {
            let (b32, mean) = (&b32, mean);
            scope.spawn(move || {
                for (block, out) in blocks.iter().zip(out) {
                    *out = block_times(block, mean, b32);
                }
            });
        }
    });
    let mut total = [vec![0f64; dim], vec![0f64; dim]];
    for block in &partial {
        for k in 0..2 {
            for (t, &v) in total[k].iter_mut().zip(&block[k]) {
                *t += f64::from(v);
            }
        }
    }
    total
}

fn block_times(rows: &[&[f32]], mean: &[f32], basis: &[Vec<f32>; 2]) -> [Vec<f32>; 2] {
    #[cfg(target_arch = "x86_64")]
    if super::fma::available() {
        // SAFETY: the CPU has the features the function is compiled for.
        return unsafe { block_times_fma(rows, mean, basis) };
    }
    block_times_body::<false>(rows, mean, basis)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn block_times_fma(rows: &[&[f32]], mean: &[f32], basis: &[Vec<f32>; 2]) -> [Vec<f32>; 2] {
    block_times_body::<true>(rows, mean, basis)
}

#[inline(always)]
fn block_times_body<const FMA: bool>(
    rows: &[&[f32]],
    mean: &[f32],
    basis: &[Vec<f32>; 2],
) -> [Vec<f32>; 2] {
    let madd = super::fma::madd::<FMA>;
    let dim = mean.len();
    let mut out = [vec![0f32; dim], vec![0f32; dim]];
    let mut centred = vec![0f32; dim];
    for row in rows {
        let mut lanes = [[0f32; 8]; 2];
        for (c, ((x, m), (b0, b1))) in centred.chunks_mut(8).zip(
            row.chunks(8)
                .zip(mean.chunks(8))
                .zip(basis[0].chunks(8).zip(basis[1].chunks(8))),
        ) {
            for l in 0..c.len() {
                c[l] = x[l] - m[l];
                lanes[0][l] = madd(c[l], b0[l], lanes[0][l]);
                lanes[1][l] = madd(c[l], b1[l], lanes[1][l]);
            }
        }
        for (k, lanes) in lanes.iter().enumerate() {
            let proj: f32 = lanes.iter().sum();
            for (o, &c) in out[k].iter_mut().zip(&centred) {
                *o = madd(proj, c, *o);
            }
        }
    }
    out
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
