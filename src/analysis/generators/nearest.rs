//! Nearest counterfactual from the data: the rows closest to a given row that
//! the model predicts differently, with the words that differ. (The What-If
//! Tool does this for tabular data; LIT has no text version.)
//!
//! Closeness is cosine similarity of the model's vectors when there are any,
//! else word overlap (Jaccard similarity of the lower-cased word sets).

use std::collections::HashSet;

use super::word_diff::{WordChange, word_diff};

/// How rows are compared.
#[derive(Debug, Clone, Copy)]
pub enum Space<'a> {
    /// `rows × dim` vectors, row-major (rows not yet embedded may be NaN).
    Vectors { data: &'a [f32], dim: usize },
    /// Word overlap of the texts.
    Words,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NearestCounterfactual {
    pub row: usize,
    /// Cosine or Jaccard similarity, higher is closer (at most 1).
    pub similarity: f32,
    pub predicted: usize,
    /// From the given row's words to this row's.
    pub diff: Vec<WordChange>,
}

/// Up to `k` rows nearest to `row` whose prediction differs from its own,
/// nearest first (ties by row order). Rows without a prediction are skipped;
/// so is everything when `row` has none.
pub fn nearest_counterfactuals(
    row: usize,
    texts: &[&str],
    predicted: &[Option<usize>],
    space: Space<'_>,
    k: usize,
) -> Vec<NearestCounterfactual> {
    let Some(own) = predicted.get(row).copied().flatten() else {
        return Vec::new();
    };
    let candidates =
        (0..texts.len()).filter(|&j| j != row && predicted[j].is_some_and(|p| p != own));
    let mut scored: Vec<(usize, f32)> = match space {
        Space::Vectors { data, dim } => {
            let v = &data[row * dim..(row + 1) * dim];
            candidates
                .map(|j| (j, cosine(v, &data[j * dim..(j + 1) * dim])))
                .filter(|(_, s)| s.is_finite())
                .collect()
        }
        Space::Words => {
            let own_words = word_set(texts[row]);
            candidates
                .map(|j| (j, jaccard(&own_words, &word_set(texts[j]))))
                .collect()
        }
    };
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
        .into_iter()
        .take(k)
        .filter_map(|(j, similarity)| {
            Some(NearestCounterfactual {
                row: j,
                similarity,
                predicted: predicted[j]?,
                diff: word_diff(texts[row], texts[j]),
            })
        })
        .collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (&x, &y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    dot / (na.sqrt() * nb.sqrt())
}

fn word_set(text: &str) -> HashSet<String> {
    text.split_whitespace().map(str::to_lowercase).collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f32 / union as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 4] = [
        "a great film",
        "a terrible film",
        "a great great movie",
        "nothing alike here",
    ];

    #[test]
    fn by_words_finds_the_closest_other_prediction() {
        let predicted = [Some(1), Some(0), Some(1), Some(0)];
        let out = nearest_counterfactuals(0, &TEXTS, &predicted, Space::Words, 5);
        let rows: Vec<usize> = out.iter().map(|n| n.row).collect();
        // Row 2 shares more words but is predicted the same.
        assert_eq!(rows, vec![1, 3]);
        assert!((out[0].similarity - 0.5).abs() < 1e-6);
        let changed: Vec<&str> = out[0]
            .diff
            .iter()
            .filter(|c| c.is_change())
            .map(|c| c.word())
            .collect();
        assert_eq!(changed, vec!["great", "terrible"]);
    }

    #[test]
    fn by_vectors_uses_cosine_and_skips_unpredicted_rows() {
        let vectors = [1.0, 0.0, 0.9, 0.1, 0.0, 1.0, -1.0, 0.0];
        let predicted = [Some(0), None, Some(1), Some(1)];
        let space = Space::Vectors {
            data: &vectors,
            dim: 2,
        };
        let out = nearest_counterfactuals(0, &TEXTS, &predicted, space, 1);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].row, 2);
        assert!(out[0].similarity.abs() < 1e-6);
        assert!(nearest_counterfactuals(1, &TEXTS, &predicted, space, 3).is_empty());
    }
}
