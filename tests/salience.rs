//! Salience on the real sst2-minilm-grad model (external weights, gradient
//! graph), checked against its reference file and direct computations.

mod common;

use std::sync::{Arc, OnceLock};

use common::*;
use lit_tui::analysis::salience::{
    self, Control, LimeParams, normalize_signed, normalize_sum, strip_special,
};
use lit_tui::jobs::salience::{self as sal, Method, SalienceParams};
use lit_tui::model::Model;
use serde_json::Value;

fn grad_model() -> &'static Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL.get_or_init(|| load_model("sst2-minilm-grad"))
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

fn assert_close(ours: &[f32], theirs: &[f32], tol: f32, what: &str) {
    assert_eq!(ours.len(), theirs.len(), "{what}: lengths differ");
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        assert!((a - b).abs() <= tol, "{what}[{i}]: {a} vs {b}");
    }
}

#[test]
fn metrics_run_on_a_model_with_external_weights() {
    let out = lit_tui(
        &[
            "metrics",
            "--model",
            s(&model("sst2-minilm-grad")),
            "--data",
            s(&data("sst2/dev.tsv")),
            "--json",
        ],
        None,
    );
    assert!(out.status.success(), "metrics failed: {}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(report["correct"], 713);
    assert_eq!(report["rows"], 872);
}

#[test]
fn the_model_hash_covers_external_data() {
    let dir = scratch("grad-model-copy");
    for f in [
        "model.onnx",
        "weights.data",
        "tokenizer.json",
        "config.json",
    ] {
        std::fs::copy(model("sst2-minilm-grad").join(f), dir.join(f)).expect("copy");
    }
    let load = || {
        Model::load(&lit_tui::model::ModelOptions {
            model: dir.clone(),
            threads: Some(1),
            ..Default::default()
        })
        .expect("load")
        .hash
    };
    let before = load();
    assert_eq!(
        before,
        grad_model().hash,
        "the hash follows content, not the path"
    );
    // Change one weight far from the start of the file.
    let path = dir.join("weights.data");
    let mut bytes = std::fs::read(&path).expect("read");
    let at = bytes.len() - 100;
    bytes[at] ^= 1;
    std::fs::write(&path, bytes).expect("write");
    assert_ne!(load(), before);
}

#[test]
fn models_without_gradients_say_why() {
    let plain = load_model("sst2-minilm");
    let reason = Method::Ig.available(&plain).expect_err("no gradients");
    assert!(
        reason.contains("needs gradients.onnx: see README"),
        "{reason}"
    );
    assert!(Method::Lime.available(&plain).is_ok());
    assert!(grad_model().gradient_support().is_ok());
}

/// LIT's procedures on the reference's raw probability-target fields: drop
/// [CLS] and the last [SEP], then GradientNorm divides by the sum and
/// Gradient·Input / IG use `normalize_scores`.
#[test]
fn gradient_methods_match_the_reference_after_lit_normalisation() {
    let model = grad_model();
    let rows = reference_rows("sst2-minilm-grad", "salience.jsonl");
    assert_eq!(rows.len(), 20);
    let params = SalienceParams {
        ig_steps: Some(32),
        ..Default::default()
    };
    for row in &rows {
        let text = row["text"].as_str().expect("text");
        let pred = row["pred"].as_u64().expect("pred") as usize;
        let tokens: Vec<String> = strip_special(
            &row["tokens"]
                .as_array()
                .expect("tokens")
                .iter()
                .map(|t| t.as_str().expect("token").to_string())
                .collect::<Vec<_>>(),
        );
        let want_l2 = normalize_sum(&strip_special(&floats(&row["proba_grad_l2"])));
        let want_gi = normalize_signed(&strip_special(&floats(&row["proba_grad_dot_input"])));
        let want_ig = normalize_signed(&strip_special(&floats(&row["proba_ig_lit"])));

        let l2 = &sal::gradient_maps(model, &[text], &[None], Method::GradL2).expect("l2")[0];
        assert_eq!(l2.target, pred);
        assert_eq!(l2.map.tokens, tokens);
        assert_close(&l2.map.scores, &want_l2, 1e-4, &format!("grad_l2 {text}"));
        let gi = &sal::gradient_maps(model, &[text], &[None], Method::GradDotInput).expect("gi")[0];
        assert_close(
            &gi.map.scores,
            &want_gi,
            1e-4,
            &format!("grad_dot_input {text}"),
        );
        let ig =
            sal::integrated_gradients(model, text, None, &params, Control::default()).expect("ig");
        assert_eq!(ig.map.tokens, tokens);
        assert_close(&ig.map.scores, &want_ig, 1e-4, &format!("ig {text}"));
    }
}

#[test]
fn raw_gradients_match_the_reference_fields() {
    let model = grad_model();
    let rows = reference_rows("sst2-minilm-grad", "salience.jsonl");
    let texts: Vec<&str> = rows
        .iter()
        .map(|r| r["text"].as_str().expect("text"))
        .collect();
    let targets: Vec<usize> = rows
        .iter()
        .map(|r| r["pred"].as_u64().expect("pred") as usize)
        .collect();
    // All 20 rows in one padded batch.
    let grads = model.token_gradients(&texts, &targets).expect("gradients");
    for (g, row) in grads.iter().zip(&rows) {
        let ids: Vec<u64> = row["input_ids"]
            .as_array()
            .expect("ids")
            .iter()
            .map(|v| v.as_u64().expect("id"))
            .collect();
        assert_eq!(g.ids.iter().map(|&i| u64::from(i)).collect::<Vec<_>>(), ids);
        let norms = salience::gradient::grad_norms(&g.grads, g.dim);
        let dots = salience::gradient::grad_dots(&g.grads, &g.input_embs, g.dim);
        for (ours, theirs) in [
            (norms, floats(&row["proba_grad_l2"])),
            (dots, floats(&row["proba_grad_dot_input"])),
        ] {
            let scale = theirs.iter().fold(0f64, |m, x| m.max(x.abs()));
            for (a, b) in ours.iter().zip(&theirs) {
                assert!((a - b).abs() <= 1e-4 * scale.max(1e-3), "{a} vs {b}");
            }
        }
        let probas = floats(&row["probas"]);
        assert!((f64::from(g.probs[1]) - probas[1]).abs() < 1e-5);
    }
}

#[test]
fn a_padded_batch_gives_each_row_its_own_scores() {
    let model = grad_model();
    let texts = [
        "a gorgeous , witty , seductive movie .",
        "bad .",
        "the story is too often bogged down by its own cleverness , and the actors seem to know it , which makes the whole thing drag on for far longer than it should .",
    ];
    for method in [Method::GradL2, Method::GradDotInput] {
        let together =
            sal::gradient_maps(model, &texts, &[None, Some(1), None], method).expect("batch");
        for (i, text) in texts.iter().enumerate() {
            let target = if i == 1 { Some(1) } else { None };
            let alone = &sal::gradient_maps(model, &[text], &[target], method).expect("alone")[0];
            assert_eq!(together[i].target, alone.target);
            assert_close(
                &together[i].map.scores,
                &alone.map.scores,
                1e-5,
                method.name(),
            );
        }
    }
}

#[test]
fn leave_one_out_equals_predicting_each_ablation() {
    let model = grad_model();
    let text = "the acting is sloppy but the script is wonderfully sharp";
    let loo = sal::leave_one_out(model, text, None, Control::default()).expect("loo");
    let words: Vec<&str> = text.split_whitespace().collect();
    // Each text through the headless predict path, one at a time.
    let predict_one = |t: &str| lit_tui::app::predictor::predict_one(model, t).expect("predict");
    let full = predict_one(text);
    assert_eq!(loo.target, if full[1] > full[0] { 1 } else { 0 });
    for (i, score) in loo.map.scores.iter().enumerate() {
        let rest: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, w)| *w)
            .collect();
        let want = full[loo.target] - predict_one(&rest.join(" "))[loo.target];
        assert!((score - want).abs() <= 1e-6, "word {i}: {score} vs {want}");
    }
}

/// p(target) for each text through the model, as f64.
fn target_probs(model: &Model, texts: &[String], target: usize) -> Vec<f64> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    model
        .predict_texts(&refs)
        .expect("predict")
        .iter()
        .map(|p| f64::from(p[target]))
        .collect()
}

/// Weighted ridge with an unpenalised intercept by the normal equations of
/// the augmented design [1 | X], solved by Gaussian elimination.
fn normal_equations(masks: &[Vec<bool>], y: &[f64], w: &[f64], alpha: f64) -> Vec<f64> {
    let n = masks[0].len() + 1;
    let mut a = vec![vec![0f64; n + 1]; n];
    for ((m, &yi), &wi) in masks.iter().zip(y).zip(w) {
        let row: Vec<f64> = std::iter::once(1.0)
            .chain(m.iter().map(|&k| if k { 1.0 } else { 0.0 }))
            .collect();
        for i in 0..n {
            for j in 0..n {
                a[i][j] += wi * row[i] * row[j];
            }
            a[i][n] += wi * row[i] * yi;
        }
    }
    for (i, row) in a.iter_mut().enumerate().skip(1) {
        row[i] += alpha;
    }
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
            .expect("pivot");
        a.swap(col, pivot);
        let pivot_row = a[col].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / pivot_row[col];
                for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= f * p;
                }
            }
        }
    }
    (1..n).map(|i| a[i][n] / a[i][i]).collect()
}

#[test]
fn lime_over_every_mask_is_the_exact_weighted_ridge_solution() {
    let model = grad_model();
    let text = "a dull , simple-minded and stereotypical tale";
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = words.len();
    assert!(n <= 8);
    // Every keep-mask, the full text first.
    let mut masks: Vec<Vec<bool>> = (0..1u32 << n)
        .rev()
        .map(|bits| (0..n).map(|i| bits & (1 << i) != 0).collect())
        .collect();
    assert!(masks[0].iter().all(|&k| k));
    masks.dedup();
    let params = LimeParams {
        first_estimate: 0,
        ..Default::default()
    };
    let mut predict = |texts: &[String]| -> anyhow::Result<Vec<Vec<f32>>> {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        model.predict_texts(&refs)
    };
    let est = salience::lime::run_masks(
        &words,
        &masks,
        None,
        &params,
        &mut predict,
        &mut |_| {},
        Control::default(),
    )
    .expect("lime");
    let texts: Vec<String> = masks
        .iter()
        .map(|m| salience::lime::perturb(&words, m, "[MASK]"))
        .collect();
    let y = target_probs(model, &texts, est.target);
    let w: Vec<f64> = masks
        .iter()
        .map(|m| {
            let kept = m.iter().filter(|&&k| k).count() as f64;
            let d = 100.0 * (1.0 - (kept / n as f64).sqrt());
            (-(d * d) / (256.0f64 * 256.0)).exp().sqrt()
        })
        .collect();
    let want = normal_equations(&masks, &y, &w, 1.0);
    for (a, b) in est.coefficients.iter().zip(&want) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
    assert_eq!(est.model_calls, 1 << n);
}

#[test]
fn lime_with_a_fixed_seed_repeats_and_gives_a_first_estimate() {
    let model = grad_model();
    let text = "it 's a charming and often affecting journey .";
    let params = SalienceParams::default();
    let mut seen = Vec::new();
    let a = sal::lime(
        model,
        text,
        None,
        &params,
        &mut |e| seen.push((e.samples, e.done)),
        Control::default(),
    )
    .expect("lime");
    let b = sal::lime(model, text, None, &params, &mut |_| {}, Control::default()).expect("lime");
    assert_eq!(a, b);
    assert_eq!(seen, vec![(64, false), (256, true)]);
    assert_eq!(a.map.tokens.len(), 9);
    let total: f32 = a.map.scores.iter().map(|s| s.abs()).sum();
    assert!((total - 1.0).abs() < 1e-5);
    // "charming" pushes toward positive, the predicted class.
    assert_eq!(a.target, 1);
    let best = a
        .map
        .scores
        .iter()
        .enumerate()
        .max_by(|x, y| x.1.total_cmp(y.1))
        .expect("max")
        .0;
    assert_eq!(a.map.tokens[best], "charming");
}

#[test]
fn lime_converges_as_samples_grow() {
    let model = grad_model();
    // Dev row 47.
    let text = "a subtle and well-crafted ( for the most part ) chiller .";
    assert_eq!(text.split_whitespace().count(), 12);
    let run = |samples: usize| {
        let params = SalienceParams {
            lime: LimeParams {
                samples,
                ..Default::default()
            },
            ..Default::default()
        };
        sal::lime(model, text, None, &params, &mut |_| {}, Control::default()).expect("lime")
    };
    let (a, b) = (run(4096), run(8192));
    for (x, y) in a.map.scores.iter().zip(&b.map.scores) {
        assert!((x - y).abs() < 0.02, "{x} vs {y}");
    }
}

#[test]
fn explain_writes_one_record_per_row_and_method_and_caches_them() {
    let dir = scratch("explain");
    let out = dir.join("salience.jsonl");
    let (model_dir, dev) = (model("sst2-minilm-grad"), data("sst2/dev.tsv"));
    let args = [
        "explain",
        "--model",
        s(&model_dir),
        "--data",
        s(&dev),
        "--method",
        "lime,loo,grad_l2,grad_dot_input,ig",
        "--rows",
        "0,3",
        "--out",
        s(&out),
    ];
    let cache = dir.join("cache");
    let first = lit_tui(&args, Some(&cache));
    assert!(first.status.success(), "explain failed: {}", stderr(&first));
    let written = std::fs::read_to_string(&out).expect("output");
    let lines: Vec<Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 10);
    let reference = reference_rows("sst2-minilm-grad", "salience.jsonl");
    for rec in &lines {
        let index = rec["index"].as_u64().expect("index") as usize;
        assert!(index == 0 || index == 3);
        assert_eq!(
            rec["text"].as_str().map(str::trim),
            reference[index]["text"].as_str()
        );
        assert_eq!(rec["target"], reference[index]["pred_label"]);
        assert_eq!(rec["id"].as_str().expect("id").len(), 16);
        let tokens = rec["tokens"].as_array().expect("tokens");
        assert_eq!(
            tokens.len(),
            rec["scores"].as_array().expect("scores").len()
        );
        let words = reference[index]["text"]
            .as_str()
            .expect("text")
            .split_whitespace()
            .count();
        match rec["method"].as_str().expect("method") {
            "lime" => {
                assert_eq!(tokens.len(), words);
                assert_eq!(rec["samples"], 256);
                assert_eq!(rec["seed"], 0);
            }
            "loo" => assert_eq!(tokens.len(), words),
            "ig" => {
                assert_eq!(rec["steps"], 30);
                assert_eq!(
                    tokens.len(),
                    reference[index]["tokens"].as_array().expect("t").len() - 2
                );
            }
            _ => assert_eq!(
                tokens.len(),
                reference[index]["tokens"].as_array().expect("t").len() - 2
            ),
        }
    }
    let again = lit_tui(&args, Some(&cache));
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("(10 from cache)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&out).expect("again"), written);
    // Parquet too.
    let pq = dir.join("salience.parquet");
    let mut pq_args = args.to_vec();
    *pq_args.last_mut().expect("out") = s(&pq);
    let third = lit_tui(&pq_args, Some(&cache));
    assert!(third.status.success(), "{}", stderr(&third));
    assert!(std::fs::metadata(&pq).expect("parquet").len() > 0);
}
