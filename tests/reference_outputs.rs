//! The real models on the real data: every probability, the accuracy, macro-F1,
//! the confusion matrix and the AUCs against ONNX Runtime/scikit-learn references.

mod common;

use common::*;
use serde_json::Value;

fn check_predictions(model_name: &str, data_rel: &str, reference: &str) {
    let dir = scratch(&format!("predict-{model_name}"));
    let out = dir.join("predictions.jsonl");
    let run = lit_tui(
        &[
            "predict",
            "--model",
            s(&model(model_name)),
            "--data",
            s(&data(data_rel)),
            "--out",
            s(&out),
        ],
        None,
    );
    assert!(run.status.success(), "predict failed: {}", stderr(&run));
    let ours: Vec<Value> = std::fs::read_to_string(&out)
        .expect("output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let metrics_file = reference.replace(".jsonl", ".metrics.json");
    let reference = reference_rows(model_name, reference);
    assert_eq!(ours.len(), reference.len());
    let labels: Vec<String> = reference_metrics(model_name, &metrics_file)["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| l.as_str().expect("label").to_string())
        .collect();
    let mut worst = 0f64;
    for (row, (o, r)) in ours.iter().zip(&reference).enumerate() {
        assert_eq!(
            o["text"].as_str().map(str::trim),
            r["text"].as_str(),
            "row {row} text"
        );
        assert_eq!(o["label"], r["label"], "row {row} gold label");
        assert_eq!(o["prediction"], r["pred"], "row {row} prediction");
        for (c, label) in labels.iter().enumerate() {
            let ours = o[format!("p_{label}")].as_f64().expect("probability");
            let theirs = r["probs"][c].as_f64().expect("reference probability");
            worst = worst.max((ours - theirs).abs());
        }
        assert_eq!(o["correct"].as_bool(), Some(r["label"] == r["pred"]));
    }
    assert!(worst <= 1e-4, "largest probability difference {worst}");
}

fn check_metrics(model_name: &str, data_rel: &str, reference: &str) {
    let run = lit_tui(
        &[
            "metrics",
            "--json",
            "--model",
            s(&model(model_name)),
            "--data",
            s(&data(data_rel)),
        ],
        None,
    );
    assert!(run.status.success(), "metrics failed: {}", stderr(&run));
    let ours: Value = serde_json::from_str(&stdout(&run)).expect("metrics json");
    let theirs = reference_metrics(model_name, reference);
    assert_eq!(ours["rows"], theirs["rows"]);
    assert_eq!(ours["correct"], theirs["correct"]);
    assert_eq!(
        ours["accuracy"].as_f64(),
        theirs["accuracy"].as_f64(),
        "accuracy must be exact"
    );
    assert_eq!(ours["confusion_matrix"], theirs["confusion_matrix"]);
    assert_eq!(ours["labels"], theirs["labels"]);
    for key in [
        "macro_f1",
        "weighted_f1",
        "macro_precision",
        "macro_recall",
        "roc_auc",
        "pr_auc_average_precision",
    ] {
        match theirs.get(key).and_then(Value::as_f64) {
            Some(want) => {
                let got = ours[key].as_f64().unwrap_or(f64::NAN);
                assert!((got - want).abs() <= 1e-6, "{key}: {got} vs {want}");
            }
            None => assert!(ours[key].is_null(), "{key} should be absent for this task"),
        }
    }
}

#[test]
fn sst2_minilm_predictions_match_reference() {
    check_predictions("sst2-minilm", "sst2/dev.tsv", "sst2-dev.jsonl");
}

#[test]
fn sst2_minilm_full_predictions_match_reference() {
    check_predictions("sst2-minilm-full", "sst2/dev.tsv", "sst2-dev.jsonl");
}

#[test]
fn banking77_predictions_match_reference() {
    check_predictions(
        "banking77-minilm",
        "banking77/dev.tsv",
        "banking77-dev.jsonl",
    );
}

#[test]
fn sst2_minilm_metrics_match_scikit_learn() {
    check_metrics("sst2-minilm", "sst2/dev.tsv", "sst2-dev.metrics.json");
}

#[test]
fn sst2_minilm_full_metrics_match_scikit_learn() {
    check_metrics("sst2-minilm-full", "sst2/dev.tsv", "sst2-dev.metrics.json");
}

#[test]
fn banking77_metrics_match_scikit_learn() {
    check_metrics(
        "banking77-minilm",
        "banking77/dev.tsv",
        "banking77-dev.metrics.json",
    );
}

#[test]
fn a_second_run_computes_nothing() {
    let cache = scratch("cache-second-run");
    let out = scratch("cache-second-run-out").join("p.csv");
    let (m, d) = (model("sst2-minilm"), data("sst2/dev.tsv"));
    let args = [
        "predict",
        "--model",
        s(&m),
        "--data",
        s(&d),
        "--out",
        s(&out),
    ];
    let first = lit_tui(&args, Some(&cache));
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("872 rows (872 run, 0 from cache)"),
        "{}",
        stderr(&first)
    );
    let first_csv = std::fs::read_to_string(&out).expect("csv");
    let second = lit_tui(&args, Some(&cache));
    assert!(
        stderr(&second).contains("872 rows (0 run, 872 from cache)"),
        "{}",
        stderr(&second)
    );
    assert_eq!(
        std::fs::read_to_string(&out).expect("csv"),
        first_csv,
        "cached output differs"
    );
}

#[test]
fn text_metrics_report_reads_well() {
    let run = lit_tui(
        &[
            "metrics",
            "--model",
            s(&model("sst2-minilm")),
            "--data",
            s(&data("sst2/dev.tsv")),
        ],
        None,
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let text = stdout(&run);
    assert!(text.contains("accuracy  0.8177  (713/872)"), "{text}");
    assert!(text.contains("ROC AUC 0.8855"), "{text}");
    assert!(text.contains("0 negative"), "{text}");
}
