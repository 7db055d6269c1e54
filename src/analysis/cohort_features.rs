//! The features the error tree splits on, from plain data: each data column
//! (categorical values; numbers in quantile bins), the text's length in
//! whitespace tokens, the predicted class, the confidence in bins, slice
//! membership, and the presence of each of the most frequent words.

use super::error_tree::{
    ErrorTree, Feature, TreeParams, binned_feature, categorical_feature, fit, membership_feature,
    numeric_feature, top_words, word_features,
};

/// Quantile bins of a numeric column or of lengths with many distinct values.
pub const QUANTILE_BINS: usize = 10;
/// Words whose presence is a feature (by document frequency, stop words kept).
pub const TOP_WORDS: usize = 200;
/// Upper bounds of the confidence bins.
pub const CONFIDENCE_EDGES: [f64; 7] = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
/// A text column with more distinct values than this is not a feature.
pub const MAX_CATEGORIES: usize = 50;

/// Each row's text, held however the caller holds it (the app shares its
/// rows' texts rather than copying them for a report).
pub trait RowTexts: Send + Sync + std::fmt::Debug {
    fn row_count(&self) -> usize;
    fn row_text(&self, row: usize) -> &str;
}

impl RowTexts for Vec<String> {
    fn row_count(&self) -> usize {
        self.len()
    }

    fn row_text(&self, row: usize) -> &str {
        &self[row]
    }
}

/// A data column.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    /// Each row's value as a code into `values`.
    pub codes: Vec<u32>,
    pub values: Vec<String>,
    /// The values as numbers, for a numeric column.
    pub numbers: Option<Vec<f64>>,
}

/// What the features are made from, one entry per row, and which rows are
/// wrong.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub texts: std::sync::Arc<dyn RowTexts>,
    pub columns: Vec<Column>,
    /// The predicted class (any class where unknown: leave such rows out of `rows`).
    pub predicted: Vec<usize>,
    pub classes: Vec<String>,
    pub confidence: Vec<f64>,
    /// Slice name and each row's membership.
    pub slices: Vec<(String, Vec<bool>)>,
    /// Whether each row is wrong (prediction ≠ label).
    pub wrong: Vec<bool>,
    /// The rows the tree is fitted over (labelled and predicted).
    pub rows: Vec<u32>,
}

impl Default for Inputs {
    fn default() -> Self {
        Self {
            texts: std::sync::Arc::new(Vec::<String>::new()),
            columns: Vec::new(),
            predicted: Vec::new(),
            classes: Vec::new(),
            confidence: Vec::new(),
            slices: Vec::new(),
            wrong: Vec::new(),
            rows: Vec::new(),
        }
    }
}

/// The features and the tree fitted on them.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub features: Vec<Feature>,
    pub tree: ErrorTree,
}

impl Inputs {
    pub fn fit(&self, params: TreeParams) -> Fitted {
        let features = features(self);
        let tree = fit(&features, &self.wrong, &self.rows, params);
        Fitted { features, tree }
    }
}

pub fn features(input: &Inputs) -> Vec<Feature> {
    let texts: Vec<&str> = (0..input.texts.row_count())
        .map(|i| input.texts.row_text(i))
        .collect();
    let mut out = Vec::new();
    for c in &input.columns {
        match &c.numbers {
            Some(numbers) => out.push(numeric_feature(&c.name, numbers, QUANTILE_BINS, "")),
            None if (2..=MAX_CATEGORIES).contains(&c.values.len()) => {
                out.push(categorical_feature(&c.name, &c.codes, &c.values));
            }
            None => {}
        }
    }
    let lengths: Vec<f64> = texts
        .iter()
        .map(|t| t.split_whitespace().count() as f64)
        .collect();
    out.push(numeric_feature(
        "length",
        &lengths,
        QUANTILE_BINS,
        " tokens",
    ));
    let codes: Vec<u32> = input.predicted.iter().map(|&p| p as u32).collect();
    out.push(categorical_feature("predicted", &codes, &input.classes));
    out.push(binned_feature(
        "confidence",
        &input.confidence,
        &CONFIDENCE_EDGES,
    ));
    for (name, member) in &input.slices {
        if member.iter().any(|&m| m) {
            out.push(membership_feature(name, member));
        }
    }
    out.extend(word_features(&texts, &top_words(&texts, TOP_WORDS)));
    out
}
