//! Gradient L2 norm and Gradient·Input (LIT's `GradientNorm` and
//! `GradientDotInput`), from per-token gradients and embeddings already computed.
//!
//! Both take the wordpieces the caller wants scored (LIT drops `[CLS]` and the
//! final `[SEP]` first: see [`super::strip_special`]) and normalise over them.

use super::{normalize_signed, normalize_sum};

/// ‖g_i‖₂ per token, unnormalised. `grads` is `tokens × dim`, row-major.
pub fn grad_norms(grads: &[f32], dim: usize) -> Vec<f64> {
    grads
        .chunks_exact(dim.max(1))
        .map(|g| {
            g.iter()
                .map(|&x| f64::from(x) * f64::from(x))
                .sum::<f64>()
                .sqrt()
        })
        .collect()
}

/// Σ_d g_i,d · e_i,d per token, unnormalised.
pub fn grad_dots(grads: &[f32], embs: &[f32], dim: usize) -> Vec<f64> {
    grads
        .chunks_exact(dim.max(1))
        .zip(embs.chunks_exact(dim.max(1)))
        .map(|(g, e)| {
            g.iter()
                .zip(e)
                .map(|(&a, &b)| f64::from(a) * f64::from(b))
                .sum()
        })
        .collect()
}

/// Gradient L2 norm, `‖g_i‖ / Σ‖g‖`: unsigned, sums to 1.
pub fn grad_l2(grads: &[f32], dim: usize) -> Vec<f32> {
    normalize_sum(&grad_norms(grads, dim))
}

/// Gradient·Input, signed, |scores| summing to 1 (LIT's `normalize_scores`).
pub fn grad_dot_input(grads: &[f32], embs: &[f32], dim: usize) -> Vec<f32> {
    normalize_signed(&grad_dots(grads, embs, dim))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norms_and_dots_per_token() {
        let grads = [3.0, 4.0, 0.0, 1.0];
        let embs = [1.0, 1.0, 2.0, -2.0];
        assert_eq!(grad_norms(&grads, 2), vec![5.0, 1.0]);
        assert_eq!(grad_dots(&grads, &embs, 2), vec![7.0, -2.0]);
        let l2 = grad_l2(&grads, 2);
        assert!((l2[0] - 5.0 / 6.0).abs() < 1e-6);
        let gi = grad_dot_input(&grads, &embs, 2);
        assert!(gi[0] > 0.0 && gi[1] < 0.0);
        assert!((gi[0].abs() + gi[1].abs() - 1.0).abs() < 1e-6);
    }
}
