//! Every row's outputs from a finished inference run, as the headless
//! commands use them.

use super::inference::InferenceStats;

/// Every row's outputs, in input order.
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    pub classes: usize,
    /// `rows × classes`; NaN until a row is done.
    pub probs: Vec<f32>,
    pub embedding_dim: usize,
    /// `rows × embedding_dim`, when the model gives embeddings.
    pub embeddings: Vec<f32>,
    pub stats: InferenceStats,
}

impl Predictions {
    pub fn empty(rows: usize, classes: usize) -> Self {
        Self {
            classes,
            probs: vec![f32::NAN; rows * classes],
            ..Default::default()
        }
    }

    pub fn rows(&self) -> usize {
        self.probs.len() / self.classes.max(1)
    }

    pub(super) fn ensure_rows(&mut self, rows: usize) {
        if self.rows() < rows {
            self.probs.resize(rows * self.classes, f32::NAN);
            if self.embedding_dim > 0 {
                self.embeddings.resize(rows * self.embedding_dim, f32::NAN);
            }
        }
    }

    /// Stores rows that arrived.
    pub fn fill(
        &mut self,
        indices: &[usize],
        probs: &[f32],
        embeddings: Option<&[f32]>,
        dim: usize,
    ) {
        let c = self.classes;
        if let Some(max) = indices.iter().max() {
            self.ensure_rows(max + 1);
        }
        for (k, &i) in indices.iter().enumerate() {
            self.probs[i * c..(i + 1) * c].copy_from_slice(&probs[k * c..(k + 1) * c]);
        }
        if let Some(emb) = embeddings.filter(|_| dim > 0) {
            if self.embedding_dim == 0 {
                self.embedding_dim = dim;
                self.embeddings = vec![f32::NAN; self.rows() * dim];
            }
            for (k, &i) in indices.iter().enumerate() {
                self.embeddings[i * dim..(i + 1) * dim]
                    .copy_from_slice(&emb[k * dim..(k + 1) * dim]);
            }
        }
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.probs[i * self.classes..(i + 1) * self.classes]
    }

    /// The most probable class of row `i`, if the row is done.
    pub fn predicted(&self, i: usize) -> Option<usize> {
        argmax(self.row(i))
    }

    pub fn embedding(&self, i: usize) -> Option<&[f32]> {
        (self.embedding_dim > 0)
            .then(|| &self.embeddings[i * self.embedding_dim..(i + 1) * self.embedding_dim])
    }
}

/// Index of the largest value (the first on ties, as numpy does); `None` if any is NaN.
pub fn argmax(row: &[f32]) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &v) in row.iter().enumerate() {
        if v.is_nan() {
            return None;
        }
        if best.is_none_or(|(_, b)| v > b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

/// Rows of a finished run whose scores are NaN: the model gave NaN logits, or
/// a `probabilities` output that is not probabilities.
pub fn bad_score_rows(probs: &[f32], classes: usize) -> Vec<usize> {
    probs
        .chunks(classes.max(1))
        .enumerate()
        .filter(|(_, p)| p.iter().any(|v| v.is_nan()))
        .map(|(i, _)| i)
        .collect()
}

/// "12 rows got NaN scores from the model (rows 3, 7, …, counting from 0)".
/// `probabilities`: the model's output is probabilities, checked for range and sum.
pub fn bad_scores_note(rows: &[usize], probabilities: bool) -> Option<String> {
    const SHOWN: usize = 10;
    let n = rows.len();
    if n == 0 {
        return None;
    }
    let mut list: Vec<String> = rows.iter().take(SHOWN).map(|r| r.to_string()).collect();
    if n > SHOWN {
        list.push("…".into());
    }
    let row = if n == 1 { "row" } else { "rows" };
    let what = if probabilities {
        format!(
            "probabilities from the model that are NaN, outside 0..1 or do not sum to 1 (± {})",
            crate::model::PROBABILITY_TOLERANCE
        )
    } else {
        "NaN scores from the model".to_string()
    };
    Some(format!(
        "{n} {row} got {what} ({row} {}, counting from 0); {} no prediction",
        list.join(", "),
        if n == 1 { "it has" } else { "they have" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_counts_and_names_bad_rows() {
        let rows = bad_score_rows(&[0.5, 0.5, f32::NAN, f32::NAN, 1.0, 0.0], 2);
        assert_eq!(rows, vec![1]);
        let note = bad_scores_note(&rows, false).expect("note");
        assert!(
            note.starts_with("1 row got NaN scores from the model (row 1,"),
            "{note}"
        );
        assert_eq!(bad_scores_note(&[], true), None);
    }
}
