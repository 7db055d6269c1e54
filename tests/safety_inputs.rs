//! Settings that cannot work are errors that name the field, never a silent
//! fallback: max_length 0 or 1, an --ort-lib that fails to load.

mod common;

use std::path::Path;

use common::*;
use lit_tui::model::{Model, ModelOptions};

/// sst2-minilm (links to its files) with this lit-tui.toml.
fn model_with_spec(dir: &Path, spec: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    for file in ["model.onnx", "tokenizer.json", "config.json"] {
        std::os::unix::fs::symlink(model("sst2-minilm").join(file), dir.join(file)).expect("link");
    }
    std::fs::write(dir.join("lit-tui.toml"), spec).expect("spec");
    dir.to_path_buf()
}

#[test]
fn max_length_0_or_1_is_an_error_naming_the_field() {
    let dir = scratch("safety-max-length");
    for n in [0, 1] {
        let path = model_with_spec(&dir.join(n.to_string()), &format!("max_length = {n}\n"));
        let err = match Model::load(&ModelOptions {
            model: path,
            ..Default::default()
        }) {
            Ok(m) => panic!("max_length = {n} was accepted as {}", m.max_length),
            Err(e) => format!("{e:#}"),
        };
        assert!(
            err.contains("lit-tui.toml") && err.contains("max_length"),
            "{err}"
        );
    }
}

#[test]
fn an_explicit_ort_lib_that_fails_is_an_error_not_a_fallback() {
    // Exists, but is not a library.
    let not_a_lib = fixture("not-onnx.onnx");
    let out = lit_tui(
        &[
            "inspect",
            "--model",
            s(&model("sst2-minilm")),
            "--ort-lib",
            s(&not_a_lib),
        ],
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--ort-lib") && err.contains("not-onnx.onnx"),
        "{err}"
    );
}
