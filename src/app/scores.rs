//! A row's scores from its probabilities: for `Rows`, and for workers that
//! hold a copy of the probabilities (Scalars' points).

/// The predicted class: binary models follow the threshold when one is set.
pub fn predicted(p: &[f32], threshold: Option<f32>) -> Option<usize> {
    match threshold {
        Some(t) if p.len() == 2 => Some(usize::from(p[1] >= t)),
        _ => crate::jobs::inference::argmax(p),
    }
}

/// The probability of the predicted class.
pub fn confidence(p: &[f32], threshold: Option<f32>) -> Option<f32> {
    Some(p[predicted(p, threshold)?])
}

/// The best probability minus the runner-up's.
pub fn margin(p: &[f32]) -> f32 {
    let mut sorted: Vec<f32> = p.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    sorted[0] - sorted.get(1).copied().unwrap_or(0.0)
}
