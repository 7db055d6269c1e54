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

/// Runs `lit-tui` with `args`, killed after `secs` (a read that blocks on a
/// FIFO would otherwise hang the test). `None`: it did not finish.
fn run_with_timeout(args: &[&str], secs: u64) -> Option<std::process::Output> {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_lit-tui"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if child.try_wait().expect("wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(ok.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_or_a_folder_as_data_is_refused_naming_the_path() {
    let dir = scratch("safety-fifo-data");
    let fifo = dir.join("rows.jsonl");
    mkfifo(&fifo);
    let folder = dir.join("folder.tsv");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for (path, says) in [(&fifo, "not a regular file"), (&folder, "is a folder")] {
        let out = run_with_timeout(
            &[
                "predict",
                "--no-cache",
                "--model",
                s(&model("sst2-minilm")),
                "--data",
                s(path),
                "--out",
                s(&dir.join("out.jsonl")),
            ],
            20,
        )
        .unwrap_or_else(|| panic!("lit-tui blocked on {}", path.display()));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(s(path)) && err.contains(says), "{err}");
    }
}

#[test]
fn a_fifo_as_model_or_tokenizer_is_refused_naming_the_path() {
    let dir = scratch("safety-fifo-model");
    for fifo_name in ["model.onnx", "tokenizer.json"] {
        let m = dir.join(fifo_name.replace('.', "-"));
        std::fs::create_dir_all(&m).expect("mkdir");
        for file in ["model.onnx", "tokenizer.json", "config.json"] {
            if file == fifo_name {
                mkfifo(&m.join(file));
            } else {
                std::os::unix::fs::symlink(model("sst2-minilm").join(file), m.join(file))
                    .expect("link");
            }
        }
        let out = run_with_timeout(&["inspect", "--model", s(&m)], 30)
            .unwrap_or_else(|| panic!("lit-tui blocked on a FIFO {fifo_name}"));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains(fifo_name) && err.contains("not a regular file"),
            "{err}"
        );
    }
}

#[test]
fn a_truncated_ort_lib_is_refused_before_loading() {
    let real = lit_tui::runtime::candidates(None, true)
        .into_iter()
        .map(|c| c.path)
        .find(|p| p.is_file())
        .expect("an installed libonnxruntime");
    let bytes = std::fs::read(&real).expect("read lib");
    let dir = scratch("safety-truncated-ort");
    let cut = dir.join("libonnxruntime.so");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).expect("write");
    let out = run_with_timeout(
        &[
            "inspect",
            "--model",
            s(&model("sst2-minilm")),
            "--ort-lib",
            s(&cut),
        ],
        30,
    )
    .expect("finished");
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a clear error, not a signal: {err}"
    );
    assert!(
        err.contains("--ort-lib") && err.contains(s(&cut)) && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn a_huge_row_is_cut_before_tokenizing_and_counted() {
    let dir = scratch("safety-huge-row");
    let data = dir.join("rows.tsv");
    let huge = "good ".repeat(2_000_000);
    std::fs::write(
        &data,
        format!("sentence\tlabel\n{huge}\tpositive\nshort and fine\tnegative\n"),
    )
    .expect("data");
    let started = std::time::Instant::now();
    let out = lit_tui(
        &[
            "predict",
            "--model",
            s(&model("sst2-minilm")),
            "--data",
            s(&data),
            "--out",
            s(&dir.join("out.jsonl")),
        ],
        None,
    );
    let took = started.elapsed();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("1 row was cut to"),
        "the cut row is counted: {err}"
    );
    assert!(took.as_secs() < 20, "took {took:?}");
}

/// `lit-tui` (the app) with stdin and stdout not a terminal.
fn app_without_tty(args: &[&str]) -> std::process::Output {
    run_with_timeout(args, 30).expect("the app gave up without a terminal")
}

#[test]
fn a_bom_in_jsonl_is_accepted_and_utf16_gets_utf16_advice() {
    let dir = scratch("safety-bom");
    let bom = dir.join("bom.jsonl");
    std::fs::write(
        &bom,
        b"\xef\xbb\xbf{\"sentence\":\"good\",\"label\":\"positive\"}\n{\"sentence\":\"bad\",\"label\":\"negative\"}\n",
    )
    .expect("write");
    let out = lit_tui(
        &[
            "predict",
            "--model",
            s(&model("sst2-minilm")),
            "--data",
            s(&bom),
            "--out",
            s(&dir.join("o.jsonl")),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let u16 = dir.join("u16.tsv");
    let mut bytes = vec![0xff, 0xfe];
    for unit in "sentence\tlabel\ngood\tpositive\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(&u16, bytes).expect("write");
    let out = lit_tui(
        &[
            "predict",
            "--model",
            s(&model("sst2-minilm")),
            "--data",
            s(&u16),
            "--out",
            s(&dir.join("o2.jsonl")),
        ],
        None,
    );
    let err = stderr(&out);
    assert!(
        err.contains("UTF-16") && err.contains("iconv -f utf-16"),
        "{err}"
    );
}

#[test]
fn the_app_without_a_terminal_says_so() {
    let out = app_without_tty(&[
        "--model",
        s(&model("sst2-minilm")),
        "--data",
        s(&fixture("tiny.csv")),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("lit-tui needs a terminal") && err.contains("lit-tui predict"),
        "{err}"
    );
    assert!(!err.contains("os error 6"), "{err}");
}

#[test]
fn a_missing_compare_model_names_compare() {
    let out = app_without_tty(&[
        "--model",
        s(&model("sst2-minilm")),
        "--data",
        s(&fixture("tiny.csv")),
        "--compare",
        "/nonexistent",
    ]);
    let err = stderr(&out);
    assert!(
        err.contains("--compare") && err.contains("/nonexistent"),
        "{err}"
    );
}

#[test]
fn duplicate_class_names_are_refused_before_any_run() {
    let dir = scratch("safety-duplicate-classes");
    let path = model_with_spec(&dir, "labels = [\"good\", \"good\"]\n");
    let err = match Model::load(&ModelOptions {
        model: path,
        ..Default::default()
    }) {
        Ok(m) => panic!("duplicate class names were accepted: {:?}", m.labels),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        err.contains("lit-tui.toml") && err.contains("`good`") && err.contains("twice"),
        "{err}"
    );
}

/// Issue 14, item 23: data columns named like the export's own (`id`,
/// `text`, `prediction`, `p_<class>`) are kept as `data_<name>` instead of
/// failing with "duplicate".
#[test]
fn exporting_data_whose_columns_clash_with_ours_keeps_both() {
    let dir = scratch("export-clash");
    let data = dir.join("clash.tsv");
    std::fs::write(
        &data,
        "sentence\tlabel\tid\tprediction\tp_positive\ttext\n\
         a good film\tpositive\tx1\tfoo\t0.3\tt1\n\
         a bad film\tnegative\tx2\tbar\t0.1\tt2\n",
    )
    .expect("write");
    let loaded = load_path("sst2-minilm", data);
    let mut app = app_over(&loaded, &dir.join("session"));
    let out = dir.join("export.jsonl");
    app.apply(lit_tui::app::effect::Effect::Export {
        path: out.clone(),
        rows: vec![0, 1],
    });
    let error = app.shared.error.clone();
    assert!(error.is_none(), "{error:?}");
    let text = std::fs::read_to_string(&out).expect("the export");
    let first: serde_json::Value =
        serde_json::from_str(text.lines().next().expect("a row")).expect("json");
    assert_eq!(first["text"], "a good film");
    assert_eq!(first["data_text"], "t1");
    assert_eq!(first["data_id"], "x1");
    assert_eq!(first["data_prediction"], "foo");
    assert_eq!(first["data_p_positive"], "0.3");
    assert!(first["p_positive"].as_f64().is_some_and(|p| p > 0.5));
}

/// Issue 14, item 21: inputs that used to pass unsaid now come with a note,
/// and repeated rows keep ids of their own.
#[test]
fn odd_inputs_are_noted_and_repeated_rows_stay_addressable() {
    use lit_tui::data::{DataOptions, Dataset};
    let dir = scratch("odd-inputs");
    let load = |name: &str, body: &str| {
        let path = dir.join(name);
        std::fs::write(&path, body).expect("write");
        Dataset::load(&DataOptions {
            path,
            ..Default::default()
        })
        .expect("loads")
        .notes
        .join("\n")
    };
    let notes = load("dup.csv", "text,label,text\na fine film,positive,other\n");
    assert!(notes.contains("names a column twice: `text`"), "{notes}");
    let notes = load(
        "dup.jsonl",
        "{\"text\": \"a\", \"text\": \"b\", \"label\": \"positive\"}\n",
    );
    assert!(
        notes.contains("line 1: the key `text` is given twice"),
        "{notes}"
    );
    let notes = load(
        "obj.jsonl",
        "{\"sentence\": \"fine\", \"meta\": {\"x\": 1}, \"label\": \"positive\"}\n",
    );
    assert!(
        notes.contains("line 1: `meta` holds JSON objects"),
        "{notes}"
    );

    // SST-2 train repeats 366 of its lines; each row keeps its own id.
    let train = Dataset::load(&DataOptions {
        path: data("sst2/train.tsv"),
        ..Default::default()
    })
    .expect("train");
    assert!(
        train
            .notes
            .iter()
            .any(|n| n.starts_with("366 rows repeat an earlier row")),
        "{:?}",
        train.notes
    );
    let distinct: std::collections::HashSet<u64> = train.ids.iter().copied().collect();
    assert_eq!(distinct.len(), train.ids.len());
}

/// Issue 14, item 24: CSV problems in our words, never polars' Python advice.
#[test]
fn csv_problems_are_said_without_python_options() {
    use lit_tui::data::{DataOptions, Dataset};
    let dir = scratch("csv-words");
    let ragged = dir.join("ragged.csv");
    std::fs::write(
        &ragged,
        "text,label\na fine film,positive\nb,negative,extra\n",
    )
    .expect("write");
    let e = Dataset::load(&DataOptions {
        path: ragged,
        ..Default::default()
    })
    .expect_err("a ragged row");
    let said = format!("{e:#}");
    assert!(
        said.contains("ragged.csv:3: this row has 3 fields but the header has 2"),
        "{said}"
    );
    assert!(!said.contains("truncate_ragged_lines"), "{said}");

    // A numeric column with text past the rows types are guessed from.
    let mixed = dir.join("mixed.tsv");
    let mut body = String::from("text\tlabel\tscore\n");
    for i in 0..10_050 {
        let score = if i == 10_040 {
            "n/a".to_string()
        } else {
            i.to_string()
        };
        body.push_str(&format!("row {i}\tpositive\t{score}\n"));
    }
    std::fs::write(&mixed, body).expect("write");
    let ds = Dataset::load(&DataOptions {
        path: mixed,
        ..Default::default()
    })
    .expect("read as text");
    assert_eq!(ds.len(), 10_050);
    let notes = ds.notes.join("\n");
    assert!(
        notes.contains("column `score` looked like numbers, but holds `n/a`"),
        "{notes}"
    );
    assert!(!notes.contains("infer_schema_length") && !notes.contains("ignore_errors"));
}

/// Issue 14, item 7: extending the selection on an empty table view (only
/// the selection with nothing selected, or a search with no match) must not
/// panic.
#[test]
fn shift_moves_on_an_empty_table_do_nothing() {
    let mut app = sst2_app(&scratch("empty-view-extend"));
    type_keys(&mut app, "v");
    assert!(table(&app).view.is_empty());
    type_keys(&mut app, "JK");
    type_keys(&mut app, "v/zzzzqqq");
    press(&mut app, crossterm::event::KeyCode::Enter);
    assert!(table(&app).view.is_empty());
    type_keys(&mut app, "JJK");
    assert!(app.shared.selection.is_empty());
}
