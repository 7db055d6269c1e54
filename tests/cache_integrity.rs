//! The prediction cache never returns a wrong answer: damaged segments are
//! dropped and recomputed, junk is deleted without being read, and anything that
//! changes a model's outputs (tokenizer, truncation, lit-tui.toml) changes the key.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use lit_tui::jobs::{InferenceOptions, Predictions, spawn_inference};
use lit_tui::model::{Model, ModelOptions};

fn dev_texts(n: usize) -> Vec<String> {
    let dev = std::fs::read_to_string(data("sst2/dev.tsv")).expect("dev");
    dev.lines()
        .skip(1)
        .take(n)
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect()
}

fn predict(model: &Arc<Model>, texts: &[String], cache: Option<&Path>) -> Predictions {
    let opts = InferenceOptions {
        cache_root: cache.map(Path::to_path_buf),
        ..Default::default()
    };
    spawn_inference(model.clone(), texts.to_vec(), opts)
        .wait(model.labels.len(), |_, _| {})
        .expect("predictions")
}

fn segments(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(segments(&path));
        } else if path.extension().is_some_and(|e| e == "bin") {
            out.push(path);
        }
    }
    out
}

fn assert_close(a: &[f32], b: &[f32]) {
    assert_eq!(a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() < 1e-5, "value {i}: {x} vs {y}");
    }
}

#[test]
fn a_damaged_cache_segment_is_dropped_and_recomputed() {
    let cache = scratch("cache-damaged");
    let model = load_model("sst2-minilm");
    let texts = dev_texts(200);
    let fresh = predict(&model, &texts, None);
    let first = predict(&model, &texts, Some(&cache));
    assert_eq!(first.stats.computed, 200);
    assert_close(&first.probs, &fresh.probs);

    // Flip an exponent bit in twenty rows' scores (rows are key, 2 scores, a length).
    let segment = segments(&cache).pop().expect("one segment");
    let mut bytes = std::fs::read(&segment).expect("segment");
    for row in 10..30 {
        bytes[12 + 20 * row + 11] ^= 0x40;
    }
    std::fs::write(&segment, &bytes).expect("write");

    let again = predict(&model, &texts, Some(&cache));
    assert_close(&again.probs, &fresh.probs);
    assert_eq!(
        again.stats.computed, 200,
        "every row of the bad segment was recomputed"
    );
    assert!(!segment.exists(), "the damaged segment was deleted");
    assert_eq!(
        again.stats.notes,
        vec!["1 damaged cache segments were deleted; their rows were computed again"]
    );
}

#[test]
fn junk_in_the_cache_is_deleted_without_being_read() {
    let cache = scratch("cache-junk");
    let model = load_model("sst2-minilm");
    let texts = dev_texts(20);
    predict(&model, &texts, Some(&cache));
    let dir = segments(&cache).pop().expect("a segment");
    let dir = dir.parent().expect("segment dir");
    // 512 MB that is not a segment, as a sparse file: reading it whole would take 512 MB.
    let junk = dir.join("junk.bin");
    let f = std::fs::File::create(&junk).expect("junk");
    f.set_len(512 << 20).expect("sparse");
    drop(f);
    let again = predict(&model, &texts, Some(&cache));
    assert_eq!(again.stats.from_cache, 20);
    assert!(!junk.exists(), "the junk segment was deleted");
}

/// sst2-minilm (links to its files) with a lit-tui.toml cutting inputs to 4 tokens.
fn truncated_model(dir: &Path) -> Arc<Model> {
    std::fs::create_dir_all(dir).expect("mkdir");
    for file in ["model.onnx", "tokenizer.json", "config.json"] {
        std::os::unix::fs::symlink(model("sst2-minilm").join(file), dir.join(file)).expect("link");
    }
    std::fs::write(dir.join("lit-tui.toml"), "max_length = 4\n").expect("spec");
    Arc::new(
        Model::load(&ModelOptions {
            model: dir.to_path_buf(),
            ..Default::default()
        })
        .expect("model"),
    )
}

#[test]
fn the_cache_key_follows_truncation_and_the_spec_file() {
    let dir = scratch("cache-key");
    let cache = dir.join("cache");
    let texts = dev_texts(50);
    let full = predict(&load_model("sst2-minilm"), &texts, Some(&cache));
    let short_model = truncated_model(&dir.join("model"));
    assert_eq!(short_model.max_length, 4);
    let short_uncached = predict(&short_model, &texts, None);
    let short = predict(&short_model, &texts, Some(&cache));
    assert_eq!(
        short.stats.from_cache, 0,
        "4-token answers are not the full ones"
    );
    assert_close(&short.probs, &short_uncached.probs);
    let differ = (0..texts.len())
        .filter(|&i| full.predicted(i) != short.predicted(i))
        .count();
    assert!(
        differ > 0,
        "truncation to 4 tokens changes some predictions"
    );
}
