//! Features for the error tree from plain data: word presence, numbers in
//! bins, categorical codes and slice membership, each a column of levels.

use std::collections::{HashMap, HashSet};

use super::{Feature, Kind};

/// Lowercase whitespace tokens, with surrounding punctuation trimmed
/// (`"not,"` is `not`); tokens of punctuation alone are dropped.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().filter_map(|t| {
        let w = t
            .trim_matches(|c: char| c.is_ascii_punctuation() && c != '\'')
            .to_lowercase();
        (!w.is_empty() && w.chars().any(char::is_alphanumeric)).then_some(w)
    })
}

/// The `k` words in the most rows (ties: alphabetical), stop words kept.
pub fn top_words(texts: &[&str], k: usize) -> Vec<String> {
    let mut df: HashMap<String, usize> = HashMap::new();
    for t in texts {
        let seen: HashSet<String> = words(t).collect();
        for w in seen {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut all: Vec<(String, usize)> = df.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.into_iter().take(k).map(|(w, _)| w).collect()
}

/// One presence feature per word: whether the row contains it.
pub fn word_features(texts: &[&str], vocab: &[String]) -> Vec<Feature> {
    let index: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), i))
        .collect();
    let mut levels = vec![vec![0u16; texts.len()]; vocab.len()];
    for (r, t) in texts.iter().enumerate() {
        for w in words(t) {
            if let Some(&i) = index.get(w.as_str()) {
                levels[i][r] = 1;
            }
        }
    }
    vocab
        .iter()
        .zip(levels)
        .map(|(w, levels)| Feature {
            name: format!("'{w}'"),
            kind: Kind::Presence {
                yes: format!("contains '{w}'"),
                no: format!("lacks '{w}'"),
            },
            levels,
        })
        .collect()
}

/// Most distinct values a number keeps as its own level before quantile bins.
const EXACT_LEVELS: usize = 64;

/// A numeric feature: its own values as levels when there are at most 64
/// distinct ones, else `bins` quantile bins (edges at the quantiles, taken
/// from the sorted values). NaN goes in the lowest level.
pub fn numeric_feature(name: &str, values: &[f64], bins: usize, unit: &'static str) -> Feature {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let mut distinct = sorted.clone();
    distinct.dedup();
    let mut edges: Vec<f64> = if distinct.len() <= EXACT_LEVELS {
        distinct
    } else {
        let mut e: Vec<f64> = (1..bins)
            .map(|q| sorted[(q * sorted.len() / bins).min(sorted.len() - 1)])
            .collect();
        e.push(sorted[sorted.len() - 1]);
        e.dedup();
        e
    };
    // The top level holds the largest values: its bound is not an edge.
    edges.pop();
    let levels = values
        .iter()
        .map(|&v| {
            if v.is_nan() {
                0
            } else {
                edges.partition_point(|&e| e < v) as u16
            }
        })
        .collect();
    Feature {
        name: name.to_string(),
        kind: Kind::Ordinal { edges, unit },
        levels,
    }
}

/// A feature over fixed bin edges (confidence).
pub fn binned_feature(name: &str, values: &[f64], edges: &[f64]) -> Feature {
    let levels = values
        .iter()
        .map(|&v| edges.partition_point(|&e| e < v) as u16)
        .collect();
    Feature {
        name: name.to_string(),
        kind: Kind::Ordinal {
            edges: edges.to_vec(),
            unit: "",
        },
        levels,
    }
}

/// A categorical feature from each row's value code into `values`.
pub fn categorical_feature(name: &str, codes: &[u32], values: &[String]) -> Feature {
    Feature {
        name: name.to_string(),
        kind: Kind::Categorical {
            values: values.to_vec(),
        },
        levels: codes.iter().map(|&c| c as u16).collect(),
    }
}

/// Membership of a set of rows (a slice).
pub fn membership_feature(name: &str, member: &[bool]) -> Feature {
    Feature {
        name: format!("slice '{name}'"),
        kind: Kind::Presence {
            yes: format!("in slice '{name}'"),
            no: format!("not in slice '{name}'"),
        },
        levels: member.iter().map(|&m| u16::from(m)).collect(),
    }
}
