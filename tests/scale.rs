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

fn run_ok(args: &[&str]) -> String {
    let out = lit_tui(args, None);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn four_shards_read_back_with_predictions_equal_one_run() {
    let dir = scratch("shards");
    let (m, d) = (model("sst2-minilm"), data("sst2/dev.tsv"));
    let whole = dir.join("whole.parquet");
    run_ok(&["predict", "-m", s(&m), "-d", s(&d), "-o", s(&whole)]);
    let parts = dir.join("parts");
    for i in 0..4 {
        let shard = format!("{i}/4");
        let folder = format!("{}/", parts.display());
        run_ok(&[
            "predict",
            "-m",
            s(&m),
            "-d",
            s(&d),
            "-o",
            &folder,
            "--shard",
            &shard,
        ]);
    }
    // Every row in exactly one part, in order, with the same values.
    let whole = parquet(&whole);
    let mut joined = parquet(&parts.join("part-0.parquet"));
    for i in 1..4 {
        let part = parquet(&parts.join(format!("part-{i}.parquet")));
        assert!(part.height() == 218, "part {i}: {} rows", part.height());
        joined.vstack_mut(&part).expect("vstack");
    }
    assert_eq!(whole.get_column_names(), joined.get_column_names());
    for name in ["id", "text", "label", "prediction", "correct"] {
        let (a, b) = (
            whole.column(name).expect("col"),
            joined.column(name).expect("col"),
        );
        assert!(a.equals_missing(b), "column {name} differs");
    }
    // Batches of other rows pad differently: the floats agree to rounding.
    for name in ["p_negative", "p_positive", "confidence"] {
        let a = whole.column(name).expect("col").f32().expect("f32").clone();
        let b = joined
            .column(name)
            .expect("col")
            .f32()
            .expect("f32")
            .clone();
        for (x, y) in a.into_no_null_iter().zip(b.into_no_null_iter()) {
            assert!((x - y).abs() <= 1e-5, "{name}: {x} vs {y}");
        }
    }

    // The parts as --predictions, with no model: the reference metrics of SST-2 dev.
    let json = run_ok(&["metrics", "--json", "--predictions", s(&parts)]);
    let ours: Value = serde_json::from_str(&json).expect("json");
    let theirs = reference_metrics("sst2-minilm", "sst2-dev.metrics.json");
    assert_eq!(ours["rows"], theirs["rows"]);
    assert_eq!(ours["confusion_matrix"], theirs["confusion_matrix"]);
    assert_eq!(ours["accuracy"].as_f64(), theirs["accuracy"].as_f64());
    for key in ["macro_f1", "roc_auc", "pr_auc_average_precision"] {
        let (a, b) = (ours[key].as_f64(), theirs[key].as_f64());
        assert!(
            (a.unwrap_or(f64::NAN) - b.unwrap_or(0.0)).abs() <= 1e-6,
            "{key}: {a:?} vs {b:?}"
        );
    }

    // Label issues from the parts equal those from running the model.
    let live = run_ok(&["label-issues", "--json", "-m", s(&m), "-d", s(&d)]);
    let read = run_ok(&[
        "label-issues",
        "--json",
        "--predictions",
        s(&parts),
        "-d",
        s(&d),
    ]);
    let (live, read): (Value, Value) = (
        serde_json::from_str(&live).expect("json"),
        serde_json::from_str(&read).expect("json"),
    );
    let (live, read) = (
        live.as_array().expect("list"),
        read.as_array().expect("list"),
    );
    assert_eq!(live.len(), read.len(), "the same issues");
    for (a, b) in live.iter().zip(read) {
        for key in ["index", "id", "label", "suggested"] {
            assert_eq!(a[key], b[key], "{key}");
        }
        let (qa, qb) = (a["quality"].as_f64(), b["quality"].as_f64());
        assert!((qa.unwrap_or(0.0) - qb.unwrap_or(1.0)).abs() <= 1e-5);
    }
}

#[test]
fn rows_missing_from_the_predictions_are_named_or_predicted() {
    let dir = scratch("predictions-missing");
    let (m, d) = (model("sst2-minilm"), dev_head(&dir, 10));
    let out = dir.join("p.parquet");
    run_ok(&["predict", "-m", s(&m), "-d", s(&d), "-o", s(&out)]);
    let more = dir.join("more.tsv");
    let text = std::fs::read_to_string(&d).expect("data") + "a sentence nobody predicted\t1\n";
    std::fs::write(&more, text).expect("write");
    let refused = lit_tui(&["metrics", "--predictions", s(&out), "-d", s(&more)], None);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(
        err.contains("1 row of") && err.contains("row 11") && err.contains("--model"),
        "{err}"
    );
    let live = run_ok(&[
        "metrics",
        "--json",
        "--predictions",
        s(&out),
        "-d",
        s(&more),
        "-m",
        s(&m),
    ]);
    let v: Value = serde_json::from_str(&live).expect("json");
    assert_eq!(v["rows"], 11);
}

#[test]
fn the_app_opens_on_predict_output_with_no_model_and_scores_like_the_reference() {
    use clap::Parser as _;
    use lit_tui::app::action::Action;
    use lit_tui::app::{App, AppParts, keymap::Keymap, layout::Layout};
    let dir = scratch("app-precomputed");
    let out = dir.join("dev.parquet");
    let (m, d) = (model("sst2-minilm"), data("sst2/dev.tsv"));
    run_ok(&["predict", "-m", s(&m), "-d", s(&d), "-o", s(&out)]);

    // As `lit-tui --predictions dev.parquet`: no --model, no --data.
    let cli = lit_tui::cli::AppCli::try_parse_from(["lit-tui", "--predictions", s(&out)])
        .expect("arguments");
    let inputs = lit_tui::tui::load_inputs(&cli.app.config()).expect("inputs");
    assert!(inputs.model.is_precomputed());
    assert_eq!(inputs.model.labels, ["negative", "positive"]);
    assert_eq!(inputs.dataset.len(), 872);
    let registry = lit_tui::modules::registry();
    // Matched by text (as with --data), and by position (the file is the data).
    let open = |by_position: bool| {
        let mut app = App::new(AppParts {
            model: inputs.model.clone(),
            compared: Vec::new(),
            dataset: &inputs.dataset,
            layout: Layout::default(),
            keymap: Keymap::default_keymap(),
            registry: &registry,
            session_root: Some(&dir.join("sessions")),
        })
        .expect("app");
        app.start_inference(lit_tui::jobs::InferenceOptions {
            cache_root: None,
            precomputed: inputs.precomputed.clone(),
            rows_are_precomputed: by_position,
            ..Default::default()
        });
        app.dispatch(Action::Resize);
        assert!(app.settle(std::time::Duration::from_secs(60)), "settled");
        app
    };
    let (by_text, by_position) = (open(false), open(true));
    for app in [&by_text, &by_position] {
        let report = app.shared.report.clone().expect("the Performance report");
        let theirs = reference_metrics("sst2-minilm", "sst2-dev.metrics.json");
        assert_eq!(report.metrics[0].scored, 872);
        assert_eq!(
            Some(report.metrics[0].accuracy),
            theirs["accuracy"].as_f64()
        );
        let f1 = theirs["macro_f1"].as_f64().expect("macro f1");
        assert!(
            (report.metrics[0].f1 - f1).abs() < 1e-9,
            "{} vs {f1}",
            report.metrics[0].f1
        );
    }
    for row in 0..872 {
        assert_eq!(
            by_text.shared.rows.probs(row),
            by_position.shared.rows.probs(row)
        );
    }
    // Running the model is an error that says what to do, not a panic.
    let err = inputs
        .model
        .predict_texts(&["a new sentence"])
        .expect_err("no model to run");
    assert!(format!("{err:#}").contains("--model"), "{err:#}");
}

#[test]
fn discover_commands_take_predictions_made_elsewhere() {
    let dir = scratch("discover-predictions");
    let (m, d) = (model("sst2-minilm"), data("sst2/dev.tsv"));
    let out = dir.join("dev.parquet");
    run_ok(&["predict", "-m", s(&m), "-d", s(&d), "-o", s(&out)]);
    let json = |args: &[&str]| -> Value { serde_json::from_str(&run_ok(args)).expect("json") };

    // Error cohorts: the same tree from the file as from the model.
    let live = json(&["cohorts", "--json", "-m", s(&m), "-d", s(&d)]);
    let read = json(&["cohorts", "--json", "--predictions", s(&out)]);
    let (live, read) = (
        live.as_array().expect("list"),
        read.as_array().expect("list"),
    );
    assert_eq!(live.len(), read.len());
    for (a, b) in live.iter().zip(read) {
        for key in ["description", "size", "errors", "node", "parent"] {
            assert_eq!(a[key], b[key], "{key}");
        }
    }

    // Salience clusters: the file picks the rows, the model computes salience.
    let live = json(&["salience-clusters", "--json", "-m", s(&m), "-d", s(&d)]);
    let read = json(&[
        "salience-clusters",
        "--json",
        "--predictions",
        s(&out),
        "-m",
        s(&m),
        "-d",
        s(&d),
    ]);
    assert_eq!(live, read);
    let no_model = lit_tui(&["salience-clusters", "--predictions", s(&out)], None);
    assert_eq!(no_model.status.code(), Some(2));
    assert!(
        stderr(&no_model).contains("--model"),
        "{}",
        stderr(&no_model)
    );
}

#[test]
fn rows_past_the_first_tokenizer_chunk_match_a_run_of_their_own() {
    // Inference tokenizes 8,192 distinct texts at a time: rows on both sides of
    // that boundary must get their own scores.
    let dir = scratch("encode-chunks");
    let train = std::fs::read_to_string(data("sst2/train.tsv")).expect("train");
    let head: Vec<&str> = train.lines().take(8_301).collect();
    let d = dir.join("train8300.tsv");
    std::fs::write(&d, head.join("\n") + "\n").expect("write");
    let m = model("sst2-minilm");
    let whole = dir.join("whole.jsonl");
    run_ok(&["predict", "-m", s(&m), "-d", s(&d), "-o", s(&whole)]);
    // Shard 49 of 50 is rows 8,134..8,300: a run of its own, one chunk.
    let part = dir.join("part.jsonl");
    run_ok(&[
        "predict",
        "-m",
        s(&m),
        "-d",
        s(&d),
        "-o",
        s(&part),
        "--shard",
        "49/50",
    ]);
    let (whole, part) = (read_jsonl(&whole), read_jsonl(&part));
    assert_eq!((whole.len(), part.len()), (8_300, 166));
    for (k, p) in part.iter().enumerate() {
        let w = &whole[8_134 + k];
        assert_eq!(w["id"], p["id"]);
        for key in ["p_negative", "p_positive"] {
            let (a, b) = (w[key].as_f64().expect("p"), p[key].as_f64().expect("p"));
            assert!((a - b).abs() <= 1e-5, "row {}: {key} {a} vs {b}", 8_134 + k);
        }
    }
}

/// Search keystrokes that only narrow filter the rows shown, and those that
/// change a pattern reuse the rows that hold the words: either way the table
/// shows what one search from scratch shows, in the same order.
#[test]
fn a_search_typed_key_by_key_shows_what_a_search_from_scratch_shows() {
    use crossterm::event::KeyCode;
    let mut app = sst2_app(&scratch("search-narrowing"));
    // Sorted by confidence, so order is checked too.
    type_keys(&mut app, "oc");
    let query = "film pred:^neg a";
    type_keys(&mut app, "/");
    for (typed, c) in query.char_indices() {
        type_keys(&mut app, &c.to_string());
        let text = &query[..typed + c.len_utf8()];
        let rows = &app.shared.rows;
        let Ok(Some(q)) = lit_tui::app::query::Query::parse(text, rows) else {
            continue;
        };
        let mut want: Vec<usize> = (0..rows.len())
            .filter(|&i| q.matches(rows, i, &rows.lower()[i]))
            .collect();
        want.sort_by(|&a, &b| {
            let conf = |r: usize| rows.confidence(r).unwrap_or(f32::NEG_INFINITY);
            conf(b).total_cmp(&conf(a)).then(a.cmp(&b))
        });
        let mut got = table(&app).view.clone();
        // Ties in confidence may fall either way: compare as sets, then the scores in order.
        let scores = |v: &[usize]| v.iter().map(|&r| rows.confidence(r)).collect::<Vec<_>>();
        assert_eq!(scores(&got), scores(&want), "order after `{text}`");
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "rows after `{text}`");
    }
    press(&mut app, KeyCode::Enter);
}

/// On SST-2 train (67,349 rows, above `SEARCH_INDEX_IN_PLACE`) the app opens
/// without the lowercase texts; `/` starts building them on a worker, the
/// keys typed meanwhile do not wait for it, and the table then shows what a
/// search from scratch finds.
#[test]
fn a_big_data_sets_search_index_is_built_on_a_worker_when_search_opens() {
    use lit_tui::app::{App, AppParts, keymap::Keymap, layout::Layout};
    use lit_tui::data::{DataOptions, Dataset};
    let train = Dataset::load(&DataOptions {
        path: data("sst2/train.tsv"),
        ..Default::default()
    })
    .expect("train");
    assert!(train.len() > lit_tui::app::rows::SEARCH_INDEX_IN_PLACE);
    let registry = lit_tui::modules::registry();
    let root = scratch("search-index-on-a-worker");
    let mut app = App::new(AppParts {
        model: load_model("sst2-minilm"),
        compared: Vec::new(),
        dataset: &train,
        layout: Layout::default(),
        keymap: Keymap::default_keymap(),
        registry: &registry,
        session_root: Some(&root),
    })
    .expect("app");
    assert!(app.settle(std::time::Duration::from_secs(60)), "opened");
    assert!(
        !app.shared.rows.search_index_ready(),
        "no search yet, so no lowercase copy of the texts"
    );
    type_keys(&mut app, "/film");
    if table(&app).awaiting_index {
        // Still building: the rows stay, and the title says why.
        assert_eq!(table(&app).view.len(), train.len());
        assert!(screen(&app, 160, 45).contains("indexing the texts for search"));
        press(&mut app, crossterm::event::KeyCode::Enter);
        if table(&app).awaiting_index {
            // "Select all shown" waits for the search's rows rather than take these.
            type_keys(&mut app, "a");
            assert!(app.shared.selection.is_empty());
        }
    }
    assert!(app.settle(std::time::Duration::from_secs(60)), "indexed");
    assert!(app.shared.rows.search_index_ready());
    assert!(!table(&app).awaiting_index);
    let rows = &app.shared.rows;
    let q = lit_tui::app::query::Query::parse("film", rows)
        .expect("parses")
        .expect("a term");
    let want: Vec<usize> = (0..rows.len())
        .filter(|&i| q.matches(rows, i, &rows.texts[i].to_lowercase()))
        .collect();
    assert!(want.len() > 100, "SST-2 train has films");
    let mut got = table(&app).view.clone();
    got.sort_unstable();
    assert_eq!(got, want);
    assert!(!screen(&app, 160, 45).contains("indexing the texts"));
}
