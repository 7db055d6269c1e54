//! Salience clusters (LIT's Salience Clustering): planted token groups are
//! recovered, and a fixed seed gives the same clusters.

use lit_tui::analysis::rng::Rng;
use lit_tui::analysis::salience_clusters::{
    Params, TokenSalience, cluster, representation, vocabulary,
};

/// 300 rows in three groups: each row holds 5 of its group's 8 tokens with
/// salience 0.5 to 1, and 6 shared filler tokens with salience
/// below 0.1, shuffled.
fn planted() -> (Vec<TokenSalience>, Vec<usize>) {
    let mut rng = Rng::new(3);
    let mut rows = Vec::new();
    let mut truth = Vec::new();
    for i in 0..300 {
        let g = i % 3;
        let mut pairs: Vec<(String, f32)> = Vec::new();
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < 5 {
            let t = rng.below(8);
            if !chosen.contains(&t) {
                chosen.push(t);
            }
        }
        for t in chosen {
            let s = 0.5 + 0.5 * rng.unit();
            pairs.push((format!("g{g}t{t}"), s));
        }
        for f in 0..6 {
            pairs.push((format!("filler{f}"), 0.1 * rng.unit()));
        }
        for j in (1..pairs.len()).rev() {
            pairs.swap(j, rng.below(j + 1));
        }
        rows.push(TokenSalience {
            tokens: pairs.iter().map(|p| p.0.clone()).collect(),
            salience: pairs.iter().map(|p| p.1).collect(),
        });
        truth.push(g);
    }
    (rows, truth)
}

#[test]
fn three_planted_groups_are_recovered() {
    let (rows, truth) = planted();
    let params = Params {
        clusters: 3,
        ..Params::default()
    };
    let found = cluster(&rows, params);
    // Each cluster holds exactly one group's rows.
    for c in 0..3 {
        let members = found.members(c);
        assert_eq!(members.len(), 100, "cluster {c}");
        let g = truth[members[0]];
        assert!(
            members.iter().all(|&i| truth[i] == g),
            "cluster {c} is pure"
        );
        // Its top tokens are its group's.
        assert!(!found.top_tokens[c].is_empty());
        for (t, _) in &found.top_tokens[c] {
            assert!(
                t.starts_with(&format!("g{g}")),
                "{t} in cluster of group {g}"
            );
        }
    }
}

#[test]
fn a_fixed_seed_gives_the_same_clusters() {
    let (rows, _) = planted();
    let a = cluster(&rows, Params::default());
    let b = cluster(&rows, Params::default());
    assert_eq!(a, b);
    assert_eq!(a.top_tokens.len(), 10);
    assert!(a.top_tokens.iter().all(|t| t.len() <= 10));
}

#[test]
fn representations_keep_the_top_k_with_ties_and_unit_length() {
    let row = TokenSalience {
        tokens: ["a", "b", "a", "c", "d", "e"].map(String::from).to_vec(),
        salience: vec![0.1, -0.5, -0.3, 0.2, 0.2, 0.05],
    };
    let (lookup, vocab) = vocabulary(std::slice::from_ref(&row));
    assert_eq!(vocab, ["a", "b", "c", "d", "e"]);
    // Top 2 by |salience|: b (-0.5), a (-0.3, its larger occurrence); top 3
    // takes c and d, tied at 0.2.
    let two = representation(&row, &lookup, 2);
    let idx: Vec<usize> = two.iter().map(|&(i, _)| i).collect();
    assert_eq!(idx, [0, 1]);
    let three = representation(&row, &lookup, 3);
    assert_eq!(three.len(), 4);
    let norm: f32 = three.iter().map(|(_, v)| v * v).sum();
    assert!((norm - 1.0).abs() < 1e-6);
}

#[path = "common/mod.rs"]
mod common;

#[test]
fn headless_clusters_of_the_mispredictions_repeat() {
    use common::*;
    let cache = scratch("salience-clusters-cache");
    let (m, d) = (model("sst2-minilm"), data("sst2/dev.tsv"));
    let args = ["salience-clusters", "-m", s(&m), "-d", s(&d), "--json"];
    let first = lit_tui(&args, Some(&cache));
    assert!(first.status.success(), "{}", stderr(&first));
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout(&first)).expect("json");
    assert_eq!(list.len(), 10);
    let sizes: u64 = list.iter().map(|c| c["size"].as_u64().expect("size")).sum();
    assert_eq!(sizes, 159, "every misprediction in one cluster");
    assert!(
        list.iter()
            .all(|c| c["top_tokens"].as_array().expect("tokens").len() <= 10)
    );
    // The same seed (and the cached maps) give the same clusters.
    let again = lit_tui(&args, Some(&cache));
    assert_eq!(stdout(&first), stdout(&again));
}
