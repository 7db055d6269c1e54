//! Helpers for integration tests: where `../shared` is, and running the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared` beside the checkout (override with `LIT_TUI_SHARED`).
pub fn shared() -> PathBuf {
    std::env::var_os("LIT_TUI_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

pub fn model(name: &str) -> PathBuf {
    shared().join("models").join(name)
}

pub fn data(rel: &str) -> PathBuf {
    shared().join("data").join(rel)
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A fresh folder under the target dir, removed first if it exists.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Runs `lit-tui` with `args`, the cache in `cache` (or off when `None`).
pub fn lit_tui(args: &[&str], cache: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lit-tui"));
    cmd.args(args);
    match cache {
        Some(dir) => cmd.env("LIT_TUI_CACHE_DIR", dir),
        None if matches!(args.first(), Some(&"predict" | &"metrics")) => cmd.arg("--no-cache"),
        None => &mut cmd,
    };
    cmd.output().expect("run lit-tui")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The reference rows (`reference/*.jsonl`) of a model.
pub fn reference_rows(model_name: &str, file: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(model(model_name).join("reference").join(file))
        .expect("reference file");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("reference json"))
        .collect()
}

pub fn reference_metrics(model_name: &str, file: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(model(model_name).join("reference").join(file))
        .expect("reference metrics");
    serde_json::from_str(&text).expect("reference metrics json")
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}
