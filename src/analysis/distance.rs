//! Squared Euclidean distances between rows, one pair at a time or many pairs
//! over threads (with AVX2 and FMA when the CPU has them).

use super::fma::madd;

/// Squared Euclidean distance, summed in eight lanes so that it vectorises.
pub fn distance2(a: &[f32], b: &[f32]) -> f32 {
    distance2_body::<false>(a, b)
}

/// The squared distance of each pair of rows of `rows × dim` data, in order.
pub fn squared_distances(data: &[f32], dim: usize, pairs: &[(u32, u32)]) -> Vec<f32> {
    let mut out = vec![0f32; pairs.len()];
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    // Small batches are not worth a thread.
    let chunk = pairs.len().div_ceil(threads).max(4096);
    std::thread::scope(|scope| {
        for (pairs, out) in pairs.chunks(chunk).zip(out.chunks_mut(chunk)) {
            scope.spawn(move || measure(data, dim, pairs, out));
        }
    });
    out
}

fn measure(data: &[f32], dim: usize, pairs: &[(u32, u32)], out: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if super::fma::available() {
        // SAFETY: the CPU has the features the function is compiled for.
        unsafe { measure_fma(data, dim, pairs, out) };
        return;
    }
    measure_body::<false>(data, dim, pairs, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn measure_fma(data: &[f32], dim: usize, pairs: &[(u32, u32)], out: &mut [f32]) {
    measure_body::<true>(data, dim, pairs, out);
}

#[inline(always)]
fn measure_body<const FMA: bool>(data: &[f32], dim: usize, pairs: &[(u32, u32)], out: &mut [f32]) {
    let row = |i: u32| &data[i as usize * dim..(i as usize + 1) * dim];
    for (&(p, q), d) in pairs.iter().zip(out) {
        *d = distance2_body::<FMA>(row(p), row(q));
    }
}

/// `v · row` for each of `rows`, in order.
pub fn dots(data: &[f32], dim: usize, rows: &[u32], v: &[f32]) -> Vec<f32> {
    let mut out = vec![0f32; rows.len()];
    #[cfg(target_arch = "x86_64")]
    if super::fma::available() {
        // SAFETY: the CPU has the features the function is compiled for.
        unsafe { dots_fma(data, dim, rows, v, &mut out) };
        return out;
    }
    dots_body::<false>(data, dim, rows, v, &mut out);
    out
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn dots_fma(data: &[f32], dim: usize, rows: &[u32], v: &[f32], out: &mut [f32]) {
    dots_body::<true>(data, dim, rows, v, out);
}

#[inline(always)]
fn dots_body<const FMA: bool>(data: &[f32], dim: usize, rows: &[u32], v: &[f32], out: &mut [f32]) {
    for (&r, o) in rows.iter().zip(out) {
        let row = &data[r as usize * dim..(r as usize + 1) * dim];
        let mut lanes = [0f32; 8];
        let (cr, cv) = (row.chunks_exact(8), v.chunks_exact(8));
        let tail: f32 = cr
            .remainder()
            .iter()
            .zip(cv.remainder())
            .map(|(x, y)| x * y)
            .sum();
        for (x, y) in cr.zip(cv) {
            for l in 0..8 {
                lanes[l] = madd::<FMA>(x[l], y[l], lanes[l]);
            }
        }
        *o = lanes.iter().sum::<f32>() + tail;
    }
}

#[inline(always)]
fn distance2_body<const FMA: bool>(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| (x - y) * (x - y))
        .sum();
    for (x, y) in ca.zip(cb) {
        for l in 0..8 {
            let d = x[l] - y[l];
            lanes[l] = madd::<FMA>(d, d, lanes[l]);
        }
    }
    lanes.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_measure_as_one_at_a_time() {
        let data: Vec<f32> = (0..5 * 19).map(|i| (i as f32 * 0.37).sin()).collect();
        let pairs = [(0, 1), (4, 2), (3, 3), (1, 0)];
        let got = squared_distances(&data, 19, &pairs);
        for (&(p, q), &d) in pairs.iter().zip(&got) {
            let (a, b) = (
                &data[p as usize * 19..][..19],
                &data[q as usize * 19..][..19],
            );
            let exact: f32 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum();
            assert!((d - exact).abs() < 1e-5, "{p},{q}: {d} vs {exact}");
        }
        assert_eq!(got[0], got[3]);
        assert_eq!(got[2], 0.0);
    }
}
