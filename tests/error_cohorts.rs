//! Error cohorts: the tree finds planted errors, and on SST-2 dev with
//! sst2-minilm its cohorts add up.

mod common;

use common::*;
use lit_tui::analysis::error_tree::{
    Feature, TreeParams, binned_feature, fit, numeric_feature, top_words, word_features,
};
use lit_tui::analysis::rng::Rng;

/// Whitespace-token lengths as a feature.
fn length_feature(texts: &[&str]) -> Feature {
    let lengths: Vec<f64> = texts
        .iter()
        .map(|t| t.split_whitespace().count() as f64)
        .collect();
    numeric_feature("length", &lengths, 10, " tokens")
}

#[test]
fn planted_errors_are_the_top_cohort() {
    // 2,000 rows of 1 to 40 random words; "not" in about a third of them.
    let vocab = [
        "the", "a", "film", "is", "good", "bad", "plot", "actors", "and", "of", "it", "story",
    ];
    let mut rng = Rng::new(7);
    let texts: Vec<String> = (0..2000)
        .map(|_| {
            let len = 1 + rng.below(40);
            let mut words: Vec<&str> = (0..len).map(|_| vocab[rng.below(vocab.len())]).collect();
            if rng.below(3) == 0 {
                let at = rng.below(words.len());
                words[at] = "not";
            }
            words.join(" ")
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    // Wrong exactly where the text contains "not" and is over 24 tokens.
    let wrong: Vec<bool> = refs
        .iter()
        .map(|t| t.split(' ').any(|w| w == "not") && t.split(' ').count() > 24)
        .collect();
    let errors = wrong.iter().filter(|&&w| w).count();
    assert!(errors > 100, "{errors} planted errors");
    let mut features = vec![length_feature(&refs)];
    features.extend(word_features(&refs, &top_words(&refs, 200)));
    let rows: Vec<u32> = (0..refs.len() as u32).collect();
    let tree = fit(&features, &wrong, &rows, TreeParams::default());
    let top = &tree.cohorts[0];
    assert_eq!(top.error_rate, 1.0);
    assert_eq!(top.coverage, 1.0);
    assert_eq!(top.errors, errors);
    let mut parts: Vec<&str> = top.description.split(" ∧ ").collect();
    parts.sort_unstable();
    assert_eq!(
        parts,
        vec!["contains 'not'", "length > 24 tokens"],
        "{}",
        top.description
    );
}

#[test]
fn sst2_cohorts_add_up() {
    let loaded = sst2_dev();
    let texts: Vec<&str> = loaded.dataset.texts().expect("texts");
    let gold = loaded
        .dataset
        .gold_labels(&loaded.model.labels)
        .expect("labels")
        .expect("gold");
    let n = texts.len();
    let probs = &loaded.probs;
    let predicted: Vec<usize> = (0..n)
        .map(|i| usize::from(probs[2 * i + 1] > probs[2 * i]))
        .collect();
    let wrong: Vec<bool> = (0..n)
        .map(|i| gold.index[i] != Some(predicted[i]))
        .collect();
    assert_eq!(wrong.iter().filter(|&&w| w).count(), 159);
    let confidence: Vec<f64> = (0..n)
        .map(|i| f64::from(probs[2 * i].max(probs[2 * i + 1])))
        .collect();
    let mut features = vec![
        length_feature(&texts),
        binned_feature("confidence", &confidence, &[0.6, 0.7, 0.8, 0.9, 0.95, 0.99]),
    ];
    features.extend(word_features(&texts, &top_words(&texts, 200)));
    let rows: Vec<u32> = (0..n as u32).collect();
    let tree = fit(&features, &wrong, &rows, TreeParams::default());
    assert!(tree.nodes.len() > 1, "the tree splits");
    for node in &tree.nodes {
        assert!(node.depth <= 3);
        assert!(node.size() >= 20);
        if let Some((l, r)) = node.children {
            assert_eq!(tree.nodes[l].size() + tree.nodes[r].size(), node.size());
            assert_eq!(tree.nodes[l].errors + tree.nodes[r].errors, node.errors);
        }
    }
    // The leaves partition the rows and the errors.
    let leaves = tree.nodes.iter().filter(|n| n.children.is_none());
    let (size, errs) = leaves.fold((0, 0), |(s, e), n| (s + n.size(), e + n.errors));
    assert_eq!((size, errs), (872, 159));
    for w in tree.cohorts.windows(2) {
        assert!(w[0].score() >= w[1].score());
    }
    let top5: Vec<String> = tree
        .cohorts
        .iter()
        .take(5)
        .map(|c| {
            format!(
                "{} (size {}, rate {:.3}, coverage {:.3}, lift {:.2})",
                c.description, c.size, c.error_rate, c.coverage, c.lift
            )
        })
        .collect();
    println!("top five cohorts:\n{}", top5.join("\n"));
}

#[test]
fn headless_cohorts_json_adds_up() {
    let cache = scratch("cohorts-cache");
    let (m, d) = (model("sst2-minilm"), data("sst2/dev.tsv"));
    let out = lit_tui(
        &["cohorts", "-m", s(&m), "-d", s(&d), "--json"],
        Some(&cache),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).expect("json");
    let root = list
        .iter()
        .find(|c| c["parent"].is_null())
        .expect("the root");
    assert_eq!(
        (root["size"].as_u64(), root["errors"].as_u64()),
        (Some(872), Some(159))
    );
    assert_eq!(root["description"], "all rows");
    // Each parent's children sum to it.
    for parent in &list {
        let kids: Vec<&serde_json::Value> = list
            .iter()
            .filter(|c| c["parent"] == parent["node"])
            .collect();
        if kids.is_empty() {
            continue;
        }
        assert_eq!(kids.len(), 2);
        let size: u64 = kids.iter().map(|c| c["size"].as_u64().expect("size")).sum();
        let errors: u64 = kids
            .iter()
            .map(|c| c["errors"].as_u64().expect("errors"))
            .sum();
        assert_eq!(Some(size), parent["size"].as_u64());
        assert_eq!(Some(errors), parent["errors"].as_u64());
    }
    let scores: Vec<f64> = list
        .iter()
        .map(|c| c["coverage"].as_f64().expect("coverage") * c["lift"].as_f64().expect("lift"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1] - 1e-12));
}
