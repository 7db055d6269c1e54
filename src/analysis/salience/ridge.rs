//! Weighted ridge regression with an intercept, as scikit-learn's `Ridge`
//! fits it (`fit_intercept=True`, `sample_weight`): minimise
//! Σ w_i (y_i − b − x_i·β)² + α‖β‖², the intercept unpenalised.

/// Returns (β, b). `x` is `rows × features` 0/1 (or any) values, row-major.
pub fn weighted_ridge(
    x: &[f32],
    y: &[f64],
    w: &[f64],
    features: usize,
    alpha: f64,
) -> (Vec<f64>, f64) {
    let rows = y.len();
    let total: f64 = w.iter().sum();
    if features == 0 || rows == 0 || total <= 0.0 {
        return (vec![0.0; features], 0.0);
    }
    // Weighted means; centring removes the intercept from the system.
    let mut x_mean = vec![0f64; features];
    let mut y_mean = 0f64;
    for r in 0..rows {
        y_mean += w[r] * y[r];
        for (m, &v) in x_mean.iter_mut().zip(&x[r * features..(r + 1) * features]) {
            *m += w[r] * f64::from(v);
        }
    }
    y_mean /= total;
    x_mean.iter_mut().for_each(|m| *m /= total);

    // A = Xcᵀ W Xc + αI, c = Xcᵀ W yc.
    let mut a = vec![0f64; features * features];
    let mut c = vec![0f64; features];
    let mut centred = vec![0f64; features];
    for r in 0..rows {
        for (j, cj) in centred.iter_mut().enumerate() {
            *cj = f64::from(x[r * features + j]) - x_mean[j];
        }
        let yc = y[r] - y_mean;
        for i in 0..features {
            let wi = w[r] * centred[i];
            c[i] += wi * yc;
            for j in i..features {
                a[i * features + j] += wi * centred[j];
            }
        }
    }
    for i in 0..features {
        a[i * features + i] += alpha;
        for j in 0..i {
            a[i * features + j] = a[j * features + i];
        }
    }
    let beta = solve_spd(&mut a, &c, features);
    let intercept = y_mean - beta.iter().zip(&x_mean).map(|(b, m)| b * m).sum::<f64>();
    (beta, intercept)
}

/// Solves A x = b for symmetric positive-definite A by Cholesky (A is overwritten).
fn solve_spd(a: &mut [f64], b: &[f64], n: usize) -> Vec<f64> {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        let d = d.max(1e-300).sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    // L z = b, then Lᵀ x = z.
    let mut z = b.to_vec();
    for i in 0..n {
        for k in 0..i {
            z[i] -= a[i * n + k] * z[k];
        }
        z[i] /= a[i * n + i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            z[i] -= a[k * n + i] * z[k];
        }
        z[i] /= a[i * n + i];
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_an_exact_line_when_alpha_is_tiny() {
        // y = 1 + 2 x0 − 3 x1 on four points.
        let x = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        let y = [1.0, 3.0, -2.0, 0.0];
        let (beta, b) = weighted_ridge(&x, &y, &[1.0, 2.0, 0.5, 1.0], 2, 1e-9);
        assert!((beta[0] - 2.0).abs() < 1e-6 && (beta[1] + 3.0).abs() < 1e-6);
        assert!((b - 1.0).abs() < 1e-6);
    }
}
