//! One model's outputs over the rows: its class probabilities and, when it
//! gives them, its vectors. The store keeps one per model, index 0 the main
//! model and then each compared one, all of the same shape.

/// NaN marks what has not arrived yet.
#[derive(Debug, Clone, Default)]
pub struct ModelOutputs {
    pub name: String,
    /// `rows × classes`.
    pub probs: Vec<f32>,
    /// `rows × dim`; empty until the first vector fixes `dim`. Shared with
    /// the workers that project them or search their neighbours, not copied;
    /// a change while one holds them copies them once (`Arc::make_mut`).
    pub vectors: std::sync::Arc<Vec<f32>>,
    pub dim: usize,
    /// Which rows' vectors came back (a vector may itself be NaN).
    pub has_vector: Vec<bool>,
}

impl ModelOutputs {
    pub fn new(name: String, rows: usize, classes: usize) -> Self {
        Self {
            name,
            probs: vec![f32::NAN; rows * classes],
            vectors: Default::default(),
            dim: 0,
            has_vector: Vec::new(),
        }
    }

    /// Room for one more row.
    pub fn push_row(&mut self, classes: usize) {
        self.probs.extend(std::iter::repeat_n(f32::NAN, classes));
        if self.dim > 0 {
            std::sync::Arc::make_mut(&mut self.vectors)
                .extend(std::iter::repeat_n(f32::NAN, self.dim));
            self.has_vector.push(false);
        }
    }

    /// A row's probabilities, once predicted.
    pub fn probs(&self, row: usize, classes: usize) -> Option<&[f32]> {
        let p = self.probs.get(row * classes..(row + 1) * classes)?;
        (!p.iter().any(|v| v.is_nan())).then_some(p)
    }

    /// Stores a row's probabilities; false when the shape is wrong.
    pub fn set_probs(&mut self, row: usize, classes: usize, probs: &[f32]) -> bool {
        match self.probs.get_mut(row * classes..(row + 1) * classes) {
            Some(slot) if probs.len() == classes => {
                slot.copy_from_slice(probs);
                true
            }
            _ => false,
        }
    }

    /// Stores a row's vector; the first one fixes the dimension.
    pub fn set_vector(&mut self, row: usize, rows: usize, v: &[f32]) {
        if self.dim == 0 {
            self.dim = v.len();
            self.vectors = std::sync::Arc::new(vec![f32::NAN; rows * v.len()]);
            self.has_vector = vec![false; rows];
        }
        let d = self.dim;
        if let Some(slot) =
            std::sync::Arc::make_mut(&mut self.vectors).get_mut(row * d..(row + 1) * d)
            && v.len() == d
        {
            slot.copy_from_slice(v);
            if let Some(has) = self.has_vector.get_mut(row) {
                *has = true;
            }
        }
    }

    /// Whether every row's vector came back (NaN or infinite ones too: the
    /// projection then says how many are bad, instead of waiting forever).
    pub fn vectors_complete(&self) -> bool {
        self.dim > 0 && self.has_vector.iter().all(|&h| h)
    }
}
