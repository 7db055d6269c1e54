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
