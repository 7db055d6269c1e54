//! Issue 13, memory per row: after the app's bulk run the sessions give back
//! the working memory of their largest batch, and still predict the same.

mod common;

use std::sync::Arc;

use common::*;
use lit_tui::jobs::{InferenceOptions, spawn_inference};

/// This process's resident memory, in MB.
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("VmRSS");
    kb / 1024.0
}

fn predict(model: &Arc<lit_tui::model::Model>, texts: &[String], release_after: bool) -> Vec<f32> {
    let opts = InferenceOptions {
        cache_root: None,
        want_embeddings: false,
        release_after,
        ..Default::default()
    };
    spawn_inference(model.clone(), texts.to_vec(), opts)
        .wait(model.labels.len(), |_, _| {})
        .expect("predicted")
        .probs
}

#[test]
fn the_sessions_give_back_their_working_memory_and_predict_the_same() {
    let model = load_model("sst2-minilm");
    let dev = std::fs::read_to_string(data("sst2/dev.tsv")).expect("dev");
    let texts: Vec<String> = dev
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect();
    let first = predict(&model, &texts, false);
    lit_tui::malloc::release_free_memory_now();
    let held = rss_mb();
    let again = predict(&model, &texts, true);
    lit_tui::malloc::release_free_memory_now();
    let released = rss_mb();
    eprintln!("after the bulk run {held:.0} MB, after giving back {released:.0} MB");
    assert!(
        released + 20.0 <= held,
        "the sessions kept their working memory: {held:.0} MB, then {released:.0} MB"
    );
    // The same scores as the reference run, and as a run after the release.
    let reference = reference_rows("sst2-minilm", "sst2-dev.jsonl");
    for (row, r) in reference.iter().enumerate() {
        for c in 0..2 {
            let theirs = r["probs"][c].as_f64().expect("probability") as f32;
            assert!((again[row * 2 + c] - theirs).abs() <= 1e-4, "row {row}");
        }
    }
    let after = predict(&model, &texts[..64], false);
    for (a, b) in after.iter().zip(&first) {
        assert!((a - b).abs() <= 1e-5);
    }
}
