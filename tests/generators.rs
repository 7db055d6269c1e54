//! Counterfactual generators on the real model and data, through the headless
//! `generate` and `predict` commands.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use serde_json::Value;

fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("read jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

fn text_field<'a>(row: &'a Value, key: &str) -> &'a str {
    row[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

/// Predicts `texts` with `lit-tui predict` and returns each one's predicted label.
fn predict_headless(texts: &[String], dir: &Path, model_name: &str) -> Vec<String> {
    let input = dir.join("subsets.jsonl");
    let lines: Vec<String> = texts
        .iter()
        .map(|t| serde_json::json!({ "sentence": t }).to_string())
        .collect();
    std::fs::write(&input, lines.join("\n") + "\n").expect("write subsets");
    let out = dir.join("subsets.pred.jsonl");
    let run = lit_tui(
        &[
            "predict",
            "--model",
            s(&model(model_name)),
            "--data",
            s(&input),
            "--out",
            s(&out),
        ],
        None,
    );
    assert!(run.status.success(), "{}", stderr(&run));
    read_jsonl(&out)
        .iter()
        .map(|r| text_field(r, "prediction").to_string())
        .collect()
}

/// The parent's words without the words at `removed` (LIT's whitespace ablation).
fn without(words: &[&str], removed: &[usize]) -> String {
    words
        .iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every non-empty proper subset of `set`.
fn proper_subsets(set: &[usize]) -> Vec<Vec<usize>> {
    (1..(1u32 << set.len()) - 1)
        .map(|mask| {
            (0..set.len())
                .filter(|&b| mask & (1 << b) != 0)
                .map(|b| set[b])
                .collect()
        })
        .collect()
}

#[test]
fn ablation_flip_on_sst2_mispredictions_finds_minimal_flips() {
    let dir = scratch("generators_ablation_flip");
    let out = dir.join("cf.jsonl");
    let dev = data("sst2/dev.tsv");
    let run = lit_tui(
        &[
            "generate",
            "--model",
            s(&model("sst2-minilm")),
            "--data",
            s(&dev),
            "--generator",
            "ablation_flip",
            "--only-mispredictions",
            "--out",
            s(&out),
            "--metrics",
        ],
        Some(&dir),
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let report = stdout(&run);
    eprintln!(
        "{}",
        report.lines().rev().take(6).collect::<Vec<_>>().join("\n")
    );
    assert!(report.contains("159 rows in"), "{report}");
    let records = read_jsonl(&out);

    // Parents with a flip; every record is a flip of its parent.
    let mut by_parent: BTreeMap<u64, Vec<&Value>> = BTreeMap::new();
    for r in &records {
        assert_eq!(r["flipped"], Value::Bool(true), "{r}");
        assert_eq!(text_field(r, "generator"), "ablation_flip");
        assert_ne!(r["prediction"], r["parent_prediction"]);
        by_parent
            .entry(r["parent_index"].as_u64().expect("parent_index"))
            .or_default()
            .push(r);
    }
    assert!(by_parent.values().all(|flips| flips.len() <= 10));
    assert_eq!(by_parent.len(), 154, "rows with a flip");
    assert_eq!(records.len(), 1215, "flips in all");

    // Minimality through the headless predict path: no proper subset of a
    // flip's removed words flips; the flips themselves do.
    let parents = read_dev_texts(&dev);
    let mut texts: Vec<String> = Vec::new();
    let mut expect_flip: Vec<(bool, String)> = Vec::new();
    for r in &records {
        let parent = &parents[r["parent_index"].as_u64().expect("index") as usize];
        let words: Vec<&str> = parent.split_whitespace().collect();
        let removed: Vec<usize> = text_field(r, "positions")
            .split(' ')
            .map(|p| p.parse().expect("position"))
            .collect();
        assert_eq!(without(&words, &removed), text_field(r, "text"));
        let parent_pred = text_field(r, "parent_prediction").to_string();
        texts.push(text_field(r, "text").to_string());
        expect_flip.push((true, parent_pred.clone()));
        for subset in proper_subsets(&removed) {
            texts.push(without(&words, &subset));
            expect_flip.push((false, parent_pred.clone()));
        }
    }
    let predicted = predict_headless(&texts, &dir, "sst2-minilm");
    let mut wrong = Vec::new();
    for ((text, (flip, parent_pred)), pred) in texts.iter().zip(&expect_flip).zip(&predicted) {
        if (pred != parent_pred) != *flip {
            wrong.push(format!("{text} -> {pred} (flip expected: {flip})"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}: {:?}",
        wrong.len(),
        texts.len(),
        &wrong[..wrong.len().min(5)]
    );
}

/// Texts of SST-2 dev by row position (the `text` column).
fn read_dev_texts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("dev.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = header
        .iter()
        .position(|h| *h == "text")
        .expect("text column");
    lines
        .map(|l| l.split('\t').nth(col).expect("text").to_string())
        .collect()
}

#[test]
fn word_replacer_not_gives_one_row_per_occurrence() {
    let dir = scratch("generators_word_replacer");
    let out = dir.join("cf.jsonl");
    let dev = data("sst2/dev.tsv");
    let run = lit_tui(
        &[
            "generate",
            "--model",
            s(&model("sst2-minilm")),
            "--data",
            s(&dev),
            "--generator",
            "word_replacer",
            "--rules",
            "not -> , bad words",
            "--only-mispredictions",
            "--out",
            s(&out),
            "--metrics",
        ],
        Some(&dir),
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("skipped rule `bad words`"),
        "{}",
        stderr(&run)
    );
    let records = read_jsonl(&out);

    // Occurrences of the word `not` in every misprediction, counted apart from the generator.
    let texts = read_dev_texts(&dev);
    let predictions = dir.join("dev.pred.jsonl");
    let predicted = lit_tui(
        &[
            "predict",
            "--model",
            s(&model("sst2-minilm")),
            "--data",
            s(&dev),
            "--out",
            s(&predictions),
        ],
        Some(&dir),
    );
    assert!(predicted.status.success(), "{}", stderr(&predicted));
    let wrong: Vec<usize> = read_jsonl(&predictions)
        .iter()
        .enumerate()
        .filter(|(_, r)| r["correct"] == Value::Bool(false))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(wrong.len(), 159);
    let occurrences: usize = wrong
        .iter()
        .map(|&i| {
            texts[i]
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .filter(|w| w.eq_ignore_ascii_case("not"))
                .count()
        })
        .sum();
    for r in &records {
        assert!(wrong.contains(&(r["parent_index"].as_u64().expect("index") as usize)));
        assert_eq!(text_field(r, "settings"), "not -> ");
    }
    assert_eq!(records.len(), occurrences);
    assert_eq!(records.len(), 13, "`not` among the 159 mispredictions");
    let report = stdout(&run);
    assert!(
        report.contains("paired: num_pairs 13 swap_rate"),
        "{report}"
    );
}

#[test]
fn hotflip_on_the_first_50_dev_rows_returns_only_confirmed_flips() {
    let dir = scratch("generators_hotflip");
    let dev = std::fs::read_to_string(data("sst2/dev.tsv")).expect("dev.tsv");
    let first: Vec<&str> = dev.lines().take(51).collect();
    let input = dir.join("dev50.tsv");
    std::fs::write(&input, first.join("\n") + "\n").expect("write dev50");
    let out = dir.join("cf.jsonl");
    let run = lit_tui(
        &[
            "generate",
            "--model",
            s(&model("sst2-minilm-grad")),
            "--data",
            s(&input),
            "--generator",
            "hotflip",
            "--out",
            s(&out),
            "--metrics",
        ],
        Some(&dir),
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let report = stdout(&run);
    eprintln!(
        "{}",
        report.lines().rev().take(5).collect::<Vec<_>>().join("\n")
    );
    let records = read_jsonl(&out);
    let mut per_parent: BTreeMap<u64, usize> = BTreeMap::new();
    for r in &records {
        assert_eq!(r["flipped"], Value::Bool(true), "{r}");
        assert!(
            !text_field(r, "text").contains(" ##"),
            "wordpieces joined: {r}"
        );
        *per_parent
            .entry(r["parent_index"].as_u64().expect("index"))
            .or_default() += 1;
    }
    assert!(per_parent.values().all(|&n| n <= 5));
    // Every output flips when run again through the headless predict path.
    let texts: Vec<String> = records
        .iter()
        .map(|r| text_field(r, "text").to_string())
        .collect();
    let predicted = predict_headless(&texts, &dir, "sst2-minilm-grad");
    for (r, pred) in records.iter().zip(&predicted) {
        assert_ne!(pred, text_field(r, "parent_prediction"), "{r}");
    }
    assert_eq!(per_parent.len(), 50, "rows with a flip");
    assert_eq!(records.len(), 245, "flips in all");
}
