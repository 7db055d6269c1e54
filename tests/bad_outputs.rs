//! Models whose outputs are NaN, infinite or not probabilities (issue 14,
//! items 14, 17 and 20): such rows are counted and named, never shown as
//! pending or unlabelled, and a projection over bad vectors says why it stops.
//! The models are `fixtures/nan-logits.onnx` and `fixtures/bad-probs.onnx`
//! (see `fixtures/make_bad_output_models.py`).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use lit_tui::data::{DataOptions, Dataset};
use lit_tui::jobs::{InferenceOptions, spawn_inference};
use lit_tui::model::{Model, ModelOptions};

/// A model folder: `onnx` from fixtures with sst2-minilm's tokenizer and config.
fn model_dir(dir: &Path, onnx: &str) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::copy(fixture(onnx), dir.join("model.onnx")).expect("copy model");
    for file in ["tokenizer.json", "config.json"] {
        std::os::unix::fs::symlink(model("sst2-minilm").join(file), dir.join(file)).expect("link");
    }
    dir.to_path_buf()
}

/// "!" (id 999) gives a NaN logit, "zebra" (29145) a +inf one; the rest are finite.
const ROWS: &str = "sentence\tlabel\n! wow\tpositive\nzebra crossing\tpositive\ngood movie\tpositive\nthe end\tnegative\nbad film\tnegative\n";

fn data_file(dir: &Path) -> PathBuf {
    let path = dir.join("rows.tsv");
    std::fs::write(&path, ROWS).expect("data");
    path
}

#[test]
fn an_infinite_logit_is_a_certain_class_not_nan() {
    let dir = scratch("bad-outputs-inf");
    let m = model_dir(&dir.join("model"), "nan-logits.onnx");
    let out = dir.join("p.jsonl");
    let run = lit_tui(
        &[
            "predict",
            "--model",
            s(&m),
            "--data",
            s(&data_file(&dir)),
            "--out",
            s(&out),
        ],
        None,
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let text = std::fs::read_to_string(&out).expect("out");
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(rows[1]["text"], "zebra crossing");
    assert_eq!(rows[1]["prediction"], "positive", "{}", rows[1]);
    assert_eq!(rows[1]["p_positive"].as_f64(), Some(1.0), "{}", rows[1]);
    let err = stderr(&run);
    assert!(
        err.contains("1 row got NaN scores from the model") && err.contains("row 0"),
        "the NaN row is counted and named: {err}"
    );
}

#[test]
fn metrics_counts_nan_rows_apart_from_unlabelled_ones() {
    let dir = scratch("bad-outputs-metrics");
    let m = model_dir(&dir.join("model"), "nan-logits.onnx");
    let run = lit_tui(
        &["metrics", "--model", s(&m), "--data", s(&data_file(&dir))],
        None,
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let out = stdout(&run);
    assert!(!out.contains("without a gold label"), "{out}");
    assert!(
        out.contains("1 row got NaN scores from the model"),
        "metrics names the NaN rows: {out}"
    );
    let run = lit_tui(
        &[
            "metrics",
            "--json",
            "--model",
            s(&m),
            "--data",
            s(&data_file(&dir)),
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("json");
    assert_eq!(json["rows_without_label"], 0, "{json}");
    assert_eq!(json["rows_with_bad_scores"], 1, "{json}");
}

#[test]
fn probabilities_are_checked_for_range_and_sum() {
    let dir = scratch("bad-outputs-probs");
    let m = model_dir(&dir.join("model"), "bad-probs.onnx");
    let data = dir.join("rows.tsv");
    // "good" (2204) sums to 1.102, "the" (1996) to 0.998 (within the tolerance),
    // "zebra" (29145) gives 7.29 per class.
    std::fs::write(
        &data,
        "sentence\tlabel\ngood movie\tpositive\nthe end\tnegative\nzebra crossing\tpositive\n",
    )
    .expect("data");
    let out = dir.join("p.jsonl");
    let run = lit_tui(
        &[
            "predict",
            "--model",
            s(&m),
            "--data",
            s(&data),
            "--out",
            s(&out),
        ],
        None,
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.contains("2 rows got") && err.contains("rows 0, 2"),
        "bad probabilities are counted and named: {err}"
    );
    let text = std::fs::read_to_string(&out).expect("out");
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(rows[0]["prediction"].is_null(), "{}", rows[0]);
    assert!(rows[2]["prediction"].is_null(), "{}", rows[2]);
    assert!(!rows[1]["prediction"].is_null(), "{}", rows[1]);
}

#[test]
fn project_refuses_nan_vectors_with_a_count() {
    let dir = scratch("bad-outputs-project");
    let m = model_dir(&dir.join("model"), "nan-logits.onnx");
    let run = lit_tui(
        &[
            "project",
            "--method",
            "pca",
            "--no-cache",
            "--model",
            s(&m),
            "--data",
            s(&data_file(&dir)),
            "--out",
            s(&dir.join("xy.csv")),
        ],
        None,
    );
    assert!(
        !run.status.success(),
        "project over NaN vectors must refuse"
    );
    let err = stderr(&run);
    assert!(err.contains("2 of 5 vectors"), "{err}");
}

/// The app with the NaN model's real outputs fed in.
fn nan_app(dir: &Path) -> lit_tui::app::App {
    let m = model_dir(&dir.join("model"), "nan-logits.onnx");
    let dataset = Dataset::load(&DataOptions {
        path: data_file(dir),
        ..Default::default()
    })
    .expect("data");
    let model = Arc::new(
        Model::load(&ModelOptions {
            model: m,
            ..Default::default()
        })
        .expect("model"),
    );
    let texts = dataset.shared_texts().expect("texts");
    let opts = InferenceOptions {
        want_embeddings: true,
        cache_root: None,
        ..Default::default()
    };
    let p = spawn_inference(model.clone(), texts, opts)
        .wait(2, |_, _| {})
        .expect("predictions");
    let loaded = Loaded {
        model,
        dataset,
        probs: p.probs,
        embeddings: p.embeddings,
        embedding_dim: p.embedding_dim,
    };
    app_over(&loaded, &dir.join("session"))
}

#[test]
fn the_app_names_nan_rows_and_the_projection_says_why_it_stops() {
    let dir = scratch("bad-outputs-app");
    let mut app = nan_app(&dir);
    app.settle(std::time::Duration::from_secs(20));
    let status = app.shared.status.clone();
    assert!(
        status.contains("1 row got NaN scores from the model"),
        "the footer counts the NaN row: {status}"
    );
    let failed = emb(&app).failed.clone().unwrap_or_default();
    assert!(
        failed.contains("2 of 5 vectors"),
        "the Embeddings pane says why there is no projection, not 'once every row is predicted': {failed:?}"
    );
}

#[test]
fn ort_log_lines_go_to_the_log_file_and_no_telemetry_is_written() {
    let dir = scratch("bad-outputs-ort-log");
    let m = model_dir(&dir.join("model"), "run-fails.onnx");
    let home = dir.join("home");
    let cache = dir.join("cache");
    std::fs::create_dir_all(&home).expect("home");
    let data = dir.join("rows.tsv");
    // "good" is three tokens: the model's reshape to [-1, 2] fails in ONNX Runtime.
    std::fs::write(&data, "sentence\tlabel\ngood\tpositive\n").expect("data");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lit-tui"))
        .args([
            "predict",
            "--model",
            s(&m),
            "--data",
            s(&data),
            "--out",
            s(&dir.join("out.jsonl")),
        ])
        .env("HOME", &home)
        .env_remove("XDG_CACHE_HOME")
        .env_remove("ORT_DISABLE_TELEMETRY")
        .env("LIT_TUI_CACHE_DIR", &cache)
        .output()
        .expect("run");
    let err = stderr(&out);
    assert!(!out.status.success(), "the run fails: {err}");
    assert!(err.contains("error: ONNX Runtime failed"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains("[E:onnxruntime"),
        "ONNX Runtime's own log lines stay off the screen: {err}"
    );
    let log = std::fs::read_to_string(cache.join("onnxruntime.log")).unwrap_or_default();
    assert!(
        log.contains("Reshape"),
        "the log file holds the detail: {log:?}"
    );
    assert!(
        !home.join(".cache/Microsoft").exists(),
        "ONNX Runtime telemetry wrote under $HOME/.cache/Microsoft"
    );
}
