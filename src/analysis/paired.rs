//! LIT's paired metrics between generated rows and their parents
//! (`MulticlassPairedMetrics`): how many pairs, how often the predicted class
//! changed, and the mean Jensen–Shannon divergence between the two predictions.

use serde::Serialize;

use super::generators::argmax;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedMetrics {
    pub num_pairs: usize,
    /// Share of pairs whose predicted class differs.
    pub swap_rate: f64,
    /// Mean Jensen–Shannon divergence in nats (scipy's `jensenshannon(p, q) ** 2`).
    pub mean_jsd: f64,
}

/// Metrics over `(parent, child)` probability pairs; `None` without pairs (LIT
/// then reports nothing).
pub fn paired_metrics<'a>(
    pairs: impl IntoIterator<Item = (&'a [f32], &'a [f32])>,
) -> Option<PairedMetrics> {
    let (mut n, mut swaps, mut jsd) = (0usize, 0usize, 0f64);
    for (parent, child) in pairs {
        n += 1;
        if argmax(parent) != argmax(child) {
            swaps += 1;
        }
        jsd += js_divergence(parent, child);
    }
    (n > 0).then(|| PairedMetrics {
        num_pairs: n,
        swap_rate: swaps as f64 / n as f64,
        mean_jsd: jsd / n as f64,
    })
}

/// Jensen–Shannon divergence (natural log) between two distributions, each
/// normalised to sum to one first, as scipy does.
pub fn js_divergence(p: &[f32], q: &[f32]) -> f64 {
    let sum = |v: &[f32]| v.iter().map(|&x| f64::from(x)).sum::<f64>();
    let (sp, sq) = (sum(p), sum(q));
    let mut d = 0.0;
    for (&a, &b) in p.iter().zip(q) {
        let (a, b) = (f64::from(a) / sp, f64::from(b) / sq);
        let m = 0.5 * (a + b);
        if a > 0.0 {
            d += 0.5 * a * (a / m).ln();
        }
        if b > 0.0 {
            d += 0.5 * b * (b / m).ln();
        }
    }
    d.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsd_matches_scipy() {
        // scipy.spatial.distance.jensenshannon([0.9, 0.1], [0.2, 0.8]) ** 2
        let d = js_divergence(&[0.9, 0.1], &[0.2, 0.8]);
        // The inputs are f32, so agreement is to about 1e-8.
        assert!((d - 0.275_396_115_2).abs() < 1e-7, "{d}");
        assert!(js_divergence(&[0.3, 0.7], &[0.3, 0.7]).abs() < 1e-12);
        // Disjoint supports: ln 2.
        assert!((js_divergence(&[1.0, 0.0], &[0.0, 1.0]) - std::f64::consts::LN_2).abs() < 1e-12);
    }

    #[test]
    fn swap_rate_and_mean() {
        let a = [0.9f32, 0.1];
        let b = [0.2f32, 0.8];
        let c = [0.8f32, 0.2];
        let m = paired_metrics([(&a[..], &b[..]), (&a[..], &c[..])]).expect("pairs");
        assert_eq!(m.num_pairs, 2);
        assert!((m.swap_rate - 0.5).abs() < 1e-12);
        let want = (js_divergence(&a, &b) + js_divergence(&a, &c)) / 2.0;
        assert!((m.mean_jsd - want).abs() < 1e-12);
        assert!(paired_metrics(std::iter::empty()).is_none());
    }
}
