//! Issue 13, scale: sessions that share one copy of the weights, sharded
//! headless runs, and the app on predictions made elsewhere.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// The first `n` rows of SST-2 dev as a TSV in `dir`.
fn dev_head(dir: &Path, n: usize) -> PathBuf {
    let dev = std::fs::read_to_string(data("sst2/dev.tsv")).expect("dev");
    let head: Vec<&str> = dev.lines().take(n + 1).collect();
    let path = dir.join("dev-head.tsv");
    std::fs::write(&path, head.join("\n") + "\n").expect("write");
    path
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

/// Each row's probabilities equal ONNX Runtime's in Python to 1e-4.
fn assert_reference(rows: &[Value]) {
    let reference = reference_rows("sst2-minilm", "sst2-dev.jsonl");
    for (i, (o, r)) in rows.iter().zip(&reference).enumerate() {
        for (c, label) in ["negative", "positive"].iter().enumerate() {
            let ours = o[format!("p_{label}")].as_f64().expect("probability");
            let theirs = r["probs"][c].as_f64().expect("reference");
            assert!(
                (ours - theirs).abs() <= 1e-4,
                "row {i} {label}: {ours} vs {theirs}"
            );
        }
    }
}

fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

#[test]
fn sessions_share_one_optimised_graph_and_a_damaged_one_is_rebuilt() {
    let dir = scratch("shared-weights");
    let cache = dir.join("cache");
    let data = dev_head(&dir, 40);
    let predict = |out: &Path| {
        let run = lit_tui(
            &[
                "predict",
                "--model",
                s(&model("sst2-minilm")),
                "--data",
                s(&data),
                "--out",
                s(out),
                "--threads",
                "3",
                "--no-cache",
            ],
            Some(&cache),
        );
        assert!(run.status.success(), "predict: {}", stderr(&run));
        read_jsonl(out)
    };
    let first = predict(&dir.join("first.jsonl"));
    assert_eq!(first.len(), 40);
    assert_reference(&first);
    let optimised = cache.join("optimized");
    let graphs = files_with(&optimised, "onnx");
    let weights = files_with(&optimised, "weights");
    assert_eq!(
        (graphs.len(), weights.len()),
        (1, 1),
        "one graph and its weights"
    );

    // Junk where the graph was: it is built again, and the answers stay right.
    std::fs::write(&graphs[0], b"not a graph").expect("damage");
    let second = predict(&dir.join("second.jsonl"));
    assert_reference(&second);
    assert!(
        std::fs::metadata(&graphs[0]).expect("graph").len() > 1000,
        "rebuilt"
    );

    // Weights cut short: the same.
    let weights = files_with(&optimised, "weights");
    let len = std::fs::metadata(&weights[0]).expect("weights").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&weights[0])
        .and_then(|f| f.set_len(len / 2))
        .expect("truncate");
    let third = predict(&dir.join("third.jsonl"));
    assert_reference(&third);
    let fourth = predict(&dir.join("fourth.jsonl"));
    assert_reference(&fourth);
    assert_eq!(
        files_with(&optimised, "weights").len(),
        1,
        "no orphaned weights"
    );
    assert!(files_with(&optimised, "tmp").is_empty(), "no temp files");
}
