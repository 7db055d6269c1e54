//! Every kind of bad input gets a clear message and exit status 2, never a panic.

mod common;

use common::*;

fn fails_with(args: &[&str], expected: &[&str]) -> String {
    let out = lit_tui(args, None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "exit status; stderr: {err}");
    assert!(!err.contains("panicked"), "panicked: {err}");
    assert!(!err.contains("stack backtrace"), "backtrace: {err}");
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in: {err}");
    }
    err
}

fn metrics_on(data: &std::path::Path) -> Vec<String> {
    [
        "metrics",
        "--model",
        s(&model("sst2-minilm")),
        "--data",
        s(data),
    ]
    .iter()
    .map(|a| a.to_string())
    .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn malformed_jsonl_names_file_and_line() {
    let args = metrics_on(&fixture("malformed.jsonl"));
    fails_with(&strs(&args), &["malformed.jsonl:2: not valid JSON"]);
}

#[test]
fn missing_text_field_lists_the_columns() {
    let args = metrics_on(&fixture("no-text-column.tsv"));
    fails_with(
        &strs(&args),
        &[
            "no-text-column.tsv has no text column: its columns are `id`, `score`, `label`, none holding strings",
        ],
    );
    let args = metrics_on(&fixture("two-text-columns.tsv"));
    fails_with(
        &strs(&args),
        &["several text columns (`review`, `summary`); choose one with --text-field"],
    );
    let mut args = metrics_on(&data("sst2/dev.tsv"));
    args.extend(["--text-field".into(), "sentence".into()]);
    fails_with(
        &strs(&args),
        &[
            "has no column `sentence` (from --text-field)",
            "`text`, `label`",
        ],
    );
}

#[test]
fn empty_file_says_so() {
    let args = metrics_on(&fixture("empty.tsv"));
    fails_with(&strs(&args), &["empty.tsv is empty"]);
}

#[test]
fn non_utf8_bytes_are_located() {
    let args = metrics_on(&fixture("latin1.tsv"));
    fails_with(
        &strs(&args),
        &["latin1.tsv:2:4: the file is not UTF-8 (byte 0xe9", "iconv"],
    );
}

#[test]
fn a_file_that_is_not_onnx() {
    let dir = scratch("not-onnx");
    std::fs::copy(fixture("not-onnx.onnx"), dir.join("model.onnx")).expect("copy");
    let tok = model("sst2-minilm").join("tokenizer.json");
    fails_with(
        &[
            "inspect",
            "--model",
            s(&dir.join("model.onnx")),
            "--tokenizer",
            s(&tok),
        ],
        &["model.onnx is not an ONNX model"],
    );
}

#[test]
fn a_model_with_no_usable_output() {
    let tok = model("sst2-minilm").join("tokenizer.json");
    fails_with(
        &[
            "inspect",
            "--model",
            s(&fixture("no-scores-model")),
            "--tokenizer",
            s(&tok),
        ],
        &[
            "the model has no usable output: its outputs are `hidden`",
            "logits",
        ],
    );
}

#[test]
fn a_missing_tokenizer() {
    let dir = scratch("no-tokenizer");
    std::os::unix::fs::symlink(
        model("sst2-minilm").join("model.onnx"),
        dir.join("model.onnx"),
    )
    .expect("link");
    fails_with(
        &["inspect", "--model", s(&dir)],
        &[
            "no tokenizer for",
            "tokenizer.json does not exist",
            "--tokenizer FILE",
        ],
    );
}

#[test]
fn a_missing_runtime_library() {
    fails_with(
        &[
            "inspect",
            "--model",
            s(&model("sst2-minilm")),
            "--ort-lib",
            "/nonexistent/libonnxruntime.so",
        ],
        &["does not exist", "scripts/install-onnxruntime"],
    );
    // Nothing anywhere: no flag, no variable, no Python to ask.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lit-tui"))
        .args(["inspect", "--model", s(&model("sst2-minilm"))])
        .env_remove("ORT_DYLIB_PATH")
        .env_remove("LIT_TUI_ORT_LIB")
        .env("PATH", "")
        .env("LIT_TUI_CACHE_DIR", scratch("no-runtime-cache"))
        .env("LD_LIBRARY_PATH", "")
        .output()
        .expect("run");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the ONNX Runtime library (libonnxruntime) was not found"),
        "{err}"
    );
    assert!(err.contains("pip install onnxruntime"), "{err}");
}

#[test]
fn labels_the_model_does_not_know_are_counted() {
    let args = metrics_on(&fixture("unknown-labels.tsv"));
    fails_with(
        &strs(&args),
        &[
            "3 rows of",
            "unknown-labels.tsv have labels in column `label` that the model does not know (2 distinct: `neutral`, `awful`)",
            "`negative`, `positive`",
        ],
    );
}

#[test]
fn a_missing_data_file_and_an_unknown_format() {
    let args = metrics_on(std::path::Path::new("nowhere.tsv"));
    fails_with(&strs(&args), &["the data file nowhere.tsv does not exist"]);
    let args = metrics_on(std::path::Path::new("data.xlsx"));
    fails_with(&strs(&args), &["cannot tell the format of data.xlsx"]);
}

fn project_args(data: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "project",
        "--no-cache",
        "--model",
        s(&model("sst2-minilm-full")),
        "--data",
        s(data),
        "--out",
        s(out),
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

#[test]
fn a_projection_that_cannot_run_says_why() {
    let dir = scratch("bad-projection");
    let out = dir.join("xy.csv");
    let args = project_args(
        &fixture("tiny.csv"),
        &out,
        &["--method", "tsne", "--perplexity", "inf"],
    );
    fails_with(
        &strs(&args),
        &[
            "cannot project the vectors: t-SNE perplexity must be above 0 and below the row count (2); got inf",
        ],
    );
    let one_row = dir.join("one.csv");
    std::fs::write(&one_row, "text,label\n\"dull and lifeless .\",0\n").expect("write");
    let args = project_args(&one_row, &out, &["--method", "pca"]);
    fails_with(
        &strs(&args),
        &["PCA needs at least two rows with vectors; there is one"],
    );
    assert!(!out.exists(), "no output file on failure");
}

#[test]
fn a_tsv_that_made_polars_panic_is_an_error() {
    // Found by the data_readers fuzz target: polars' CSV reader panicked on it.
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz_csv_reader_panic.tsv");
    let args = metrics_on(&data);
    let err = fails_with(
        &strs(&args),
        &["fuzz_csv_reader_panic.tsv", "could not be read as TSV"],
    );
    assert!(!err.contains("polars-1"), "{err}");
}
