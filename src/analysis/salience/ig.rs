//! Integrated Gradients (Sundararajan et al. 2017) as LIT's
//! `IntegratedGradients` computes it:
//!
//! - the path runs from a baseline (LIT: zeros) to the embeddings;
//! - the gradient is evaluated at α = 0, 1/steps, …, (steps−1)/steps: `steps`
//!   points. LIT builds `linspace(0, 1, steps + 1)` but feeds only the first
//!   `steps` of them to the model, so **α = 1 is not evaluated**;
//! - adjacent gradients are averaged (trapezoids) and the `steps − 1`
//!   trapezoids averaged, then multiplied by (input − baseline) and summed
//!   over the embedding dimension.

use anyhow::Result;

use super::{Control, PathGradients, normalize_signed};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IgParams {
    /// Gradient evaluations along the path (LIT: 30; 5..=100 here).
    pub steps: usize,
    /// Path points per model call; a smaller batch reports progress more often.
    pub batch: usize,
}

impl Default for IgParams {
    fn default() -> Self {
        Self {
            steps: 30,
            batch: 30,
        }
    }
}

impl IgParams {
    pub const MIN_STEPS: usize = 5;
    pub const MAX_STEPS: usize = 100;
}

/// The path point at α between `baseline` and `embs`.
fn interpolate(baseline: &[f32], embs: &[f32], alpha: f32) -> Vec<f32> {
    baseline
        .iter()
        .zip(embs)
        .map(|(&b, &e)| b + alpha * (e - b))
        .collect()
}

/// Per-token attributions, unnormalised: `tokens × dim` embeddings and a
/// baseline of the same shape (zeros for LIT's; equal to the input at a
/// position to keep that token fixed). `gradients` takes path points (each
/// `tokens × dim`) and returns the target's gradient at each.
pub fn integrated_gradients_raw(
    embs: &[f32],
    baseline: &[f32],
    dim: usize,
    params: IgParams,
    gradients: &mut PathGradients<'_>,
    control: Control<'_>,
) -> Result<Vec<f64>> {
    let steps = params.steps.clamp(IgParams::MIN_STEPS, IgParams::MAX_STEPS);
    let alphas: Vec<f32> = (0..steps).map(|k| k as f32 / steps as f32).collect();
    // Σ over the trapezoids of (g_k + g_{k+1}) / 2 = Σ g_k with half weight at both ends.
    let mut integral = vec![0f64; embs.len()];
    let mut done = 0;
    for chunk in alphas.chunks(params.batch.max(1)) {
        control.check()?;
        let points: Vec<Vec<f32>> = chunk
            .iter()
            .map(|&a| interpolate(baseline, embs, a))
            .collect();
        let grads = gradients(&points)?;
        if grads.len() != points.len() {
            anyhow::bail!("{} gradients for {} path points", grads.len(), points.len());
        }
        for (i, g) in grads.iter().enumerate() {
            let k = done + i;
            let weight = if k == 0 || k == steps - 1 { 0.5 } else { 1.0 };
            for (acc, &x) in integral.iter_mut().zip(g) {
                *acc += weight * f64::from(x);
            }
        }
        done += chunk.len();
        control.report(done, steps);
    }
    let intervals = (steps - 1) as f64;
    Ok(integral
        .chunks_exact(dim.max(1))
        .zip(
            embs.chunks_exact(dim.max(1))
                .zip(baseline.chunks_exact(dim.max(1))),
        )
        .map(|(g, (e, b))| {
            g.iter()
                .zip(e.iter().zip(b))
                .map(|(&gi, (&ei, &bi))| gi / intervals * f64::from(ei - bi))
                .sum()
        })
        .collect())
}

/// Integrated Gradients from a zero baseline, normalised as LIT does.
pub fn integrated_gradients(
    embs: &[f32],
    dim: usize,
    params: IgParams,
    gradients: &mut PathGradients<'_>,
    control: Control<'_>,
) -> Result<Vec<f32>> {
    let baseline = vec![0f32; embs.len()];
    let raw = integrated_gradients_raw(embs, &baseline, dim, params, gradients, control)?;
    Ok(normalize_signed(&raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(x) = Σ x², gradient 2x: IG from 0 is x² per coordinate, up to the
    /// trapezoid's bias from stopping at α = (steps−1)/steps.
    #[test]
    fn matches_the_trapezoid_rule_on_a_quadratic() {
        let embs = [1.0f32, 2.0, -1.0, 0.5];
        let mut grad = |points: &[Vec<f32>]| -> Result<Vec<Vec<f32>>> {
            Ok(points
                .iter()
                .map(|p| p.iter().map(|x| 2.0 * x).collect())
                .collect())
        };
        let params = IgParams {
            steps: 10,
            batch: 3,
        };
        let raw =
            integrated_gradients_raw(&embs, &[0.0; 4], 2, params, &mut grad, Control::default())
                .expect("ig");
        // Mean of trapezoids over α in [0, 0.9] of 2α: (0 + 1.8) / 2 = 0.9; times x².
        let want = [0.9 * (1.0 + 4.0), 0.9 * (1.0 + 0.25)];
        for (r, w) in raw.iter().zip(want) {
            assert!((r - w).abs() < 1e-5, "{r} vs {w}");
        }
    }
}
