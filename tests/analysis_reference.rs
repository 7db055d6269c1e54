//! The analysis functions on the reference probabilities, against the
//! scikit-learn numbers in `reference/*.metrics.json` (SST-2 binary, Banking77
//! with 77 classes), and the cost-optimal threshold against a brute force.

mod common;

use common::*;
use lit_tui::analysis::confusion::{cell_rows, confusion};
use lit_tui::analysis::curves::{average_precision, roc_auc};
use lit_tui::analysis::metrics::classification_metrics;
use lit_tui::analysis::threshold::{cost_at, optimal_threshold};
use serde_json::Value;

struct Reference {
    labels: Vec<String>,
    gold: Vec<usize>,
    pred: Vec<usize>,
    probs: Vec<f32>,
    metrics: Value,
}

fn load(model_name: &str, stem: &str) -> Reference {
    let metrics = reference_metrics(model_name, &format!("{stem}.metrics.json"));
    let labels: Vec<String> = metrics["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| l.as_str().expect("label").to_string())
        .collect();
    let index = |v: &Value| labels.iter().position(|l| v == l).expect("known label");
    let rows = reference_rows(model_name, &format!("{stem}.jsonl"));
    Reference {
        gold: rows.iter().map(|r| index(&r["label"])).collect(),
        pred: rows.iter().map(|r| index(&r["pred"])).collect(),
        probs: rows
            .iter()
            .flat_map(|r| {
                r["probs"]
                    .as_array()
                    .expect("probs")
                    .iter()
                    .map(|p| p.as_f64().expect("p") as f32)
            })
            .collect(),
        labels,
        metrics,
    }
}

fn close(a: f64, b: &Value) {
    let b = b.as_f64().expect("number");
    assert!((a - b).abs() <= 1e-6, "{a} vs {b}");
}

fn check(r: &Reference) {
    let m = classification_metrics(&r.gold, &r.pred, &r.probs, &r.labels);
    assert_eq!(
        m.correct as u64,
        r.metrics["correct"].as_u64().expect("correct")
    );
    close(m.accuracy, &r.metrics["accuracy"]);
    close(m.macro_avg.f1, &r.metrics["macro_f1"]);
    close(m.weighted_avg.f1, &r.metrics["weighted_f1"]);
    close(m.macro_avg.precision, &r.metrics["macro_precision"]);
    close(m.macro_avg.recall, &r.metrics["macro_recall"]);
    let gold: Vec<Option<usize>> = r.gold.iter().map(|&g| Some(g)).collect();
    let pred: Vec<Option<usize>> = r.pred.iter().map(|&p| Some(p)).collect();
    let all: Vec<usize> = (0..gold.len()).collect();
    let c = confusion(&gold, &pred, &all, &r.labels, &r.labels);
    assert_eq!(
        serde_json::to_value(&c.counts).expect("json"),
        r.metrics["confusion_matrix"]
    );
    assert_eq!(m.confusion_matrix, c.counts);
    // Every cell's rows add back up to its count.
    for (i, row) in c.counts.iter().enumerate() {
        for (j, &n) in row.iter().enumerate() {
            assert_eq!(cell_rows(&gold, &pred, &all, i, j).len(), n);
        }
    }
}

#[test]
fn sst2_metrics_confusion_and_aucs() {
    let r = load("sst2-minilm", "sst2-dev");
    check(&r);
    let positive: Vec<bool> = r.gold.iter().map(|&g| g == 1).collect();
    let score: Vec<f64> = r.probs.chunks(2).map(|p| f64::from(p[1])).collect();
    close(
        roc_auc(&positive, &score).expect("auc"),
        &r.metrics["roc_auc"],
    );
    close(
        average_precision(&positive, &score).expect("ap"),
        &r.metrics["pr_auc_average_precision"],
    );
}

#[test]
fn banking77_metrics_and_confusion() {
    let r = load("banking77-minilm", "banking77-dev");
    assert_eq!(r.labels.len(), 77);
    check(&r);
}

#[test]
fn the_optimal_threshold_beats_every_threshold_on_a_fine_grid() {
    let r = load("sst2-minilm", "sst2-dev");
    let positive: Vec<bool> = r.gold.iter().map(|&g| g == 1).collect();
    let score: Vec<f64> = r.probs.chunks(2).map(|p| f64::from(p[1])).collect();
    for (fp, fn_) in [(1.0, 1.0), (1.0, 3.0), (3.0, 1.0)] {
        let best = optimal_threshold(&positive, &score, fp, fn_).expect("threshold");
        assert!((cost_at(&positive, &score, best.threshold, fp, fn_) - best.cost).abs() < 1e-9);
        let grid_best = (0..=10_000)
            .map(|k| cost_at(&positive, &score, k as f64 / 10_000.0, fp, fn_))
            .fold(f64::INFINITY, f64::min);
        assert!(
            best.cost <= grid_best + 1e-9,
            "{fp}:{fn_}: {} vs grid {grid_best}",
            best.cost
        );
        // Dearer false positives push the threshold up, dearer false negatives down.
        if fp > fn_ {
            assert!(best.threshold > 0.5, "{best:?}");
        }
        if fn_ > fp {
            assert!(best.threshold < 0.5, "{best:?}");
        }
    }
    // At 1:1 the optimum makes no more errors than the argmax does (159).
    let best = optimal_threshold(&positive, &score, 1.0, 1.0).expect("threshold");
    assert!(best.false_positives + best.false_negatives <= 159);
}
