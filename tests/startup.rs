//! Issue 13, the first frame at once: loading reads roles, classes and input
//! types from the ONNX graph and leaves the ONNX Runtime sessions for later;
//! a model whose sessions cannot be made leaves the app usable. Real model,
//! real data.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::keymap::Keymap;
use lit_tui::app::layout::Layout;
use lit_tui::app::{App, AppParts};
use lit_tui::data::{DataOptions, Dataset};
use lit_tui::jobs::InferenceOptions;
use lit_tui::model::{Model, ModelOptions, OutputRole};

fn load(path: &Path) -> Model {
    Model::load(&ModelOptions {
        model: path.to_path_buf(),
        ..Default::default()
    })
    .expect("the model loads")
}

#[test]
fn loading_reads_the_graph_and_leaves_the_sessions_for_the_first_run() {
    let model = load(&model("sst2-minilm-full"));
    assert!(!model.started(), "no session is made while loading");
    assert_eq!(model.labels, vec!["negative", "positive"]);
    assert_eq!(model.inputs.input_ids, "input_ids");
    assert_eq!(
        model.inputs.token_type_ids.as_deref(),
        Some("token_type_ids")
    );
    assert_eq!(model.scores_output(), ("logits", &OutputRole::Logits));
    assert_eq!(
        model.embedding_source(),
        Some(("sentence_embedding", &OutputRole::Embedding))
    );
    assert!(
        model
            .outputs
            .iter()
            .any(|(_, r)| *r == OutputRole::Attention(5))
    );

    // The first run makes the sessions, and scores like ONNX Runtime in Python.
    let reference = reference_rows("sst2-minilm-full", "sst2-dev.jsonl");
    let text = reference[0]["text"].as_str().expect("text");
    let probs = model.predict_texts(&[text]).expect("predict");
    assert!(model.started());
    for (c, p) in probs[0].iter().enumerate() {
        let want = reference[0]["probs"][c].as_f64().expect("reference") as f32;
        assert!((p - want).abs() <= 1e-4, "class {c}: {p} vs {want}");
    }
}

/// sst2-minilm with every MatMul renamed to an operator no runtime has: the
/// graph parses, ONNX Runtime refuses it.
fn model_that_cannot_start() -> PathBuf {
    let dir = scratch("model-that-cannot-start");
    let source = model("sst2-minilm");
    let bytes = std::fs::read(source.join("model.onnx")).expect("model");
    // Field 4 (op_type), length 6: the same length keeps the protobuf valid.
    let (from, to) = (b"\x22\x06MatMul", b"\x22\x06MatMuX");
    let mut broken = Vec::with_capacity(bytes.len());
    let mut rest = &bytes[..];
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        broken.extend_from_slice(&rest[..at]);
        broken.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    broken.extend_from_slice(rest);
    assert_ne!(broken, bytes, "the model has MatMul nodes");
    std::fs::write(dir.join("model.onnx"), broken).expect("write");
    for f in ["tokenizer.json", "config.json"] {
        std::fs::copy(source.join(f), dir.join(f)).expect("copy");
    }
    dir
}

#[test]
fn a_model_that_cannot_start_says_so_and_leaves_the_app_usable() {
    let model = Arc::new(load(&model_that_cannot_start()));
    let dataset = Dataset::load(&DataOptions {
        path: data("sst2/dev.tsv"),
        ..Default::default()
    })
    .expect("data");
    let registry = lit_tui::modules::registry();
    let root = scratch("model-that-cannot-start-session");
    let mut app = App::new(AppParts {
        model: model.clone(),
        compared: Vec::new(),
        dataset: &dataset,
        layout: Layout::default(),
        keymap: Keymap::default_keymap(),
        registry: &registry,
        session_root: Some(&root),
    })
    .expect("the app opens before any session exists");
    app.start_model();
    app.start_inference(InferenceOptions {
        cache_root: None,
        ..Default::default()
    });
    assert!(app.settle(Duration::from_secs(60)), "the jobs end");

    let error = app.shared.error.clone().expect("an error is shown");
    assert!(error.contains("MatMuX"), "{error}");
    assert!(error.contains("ONNX Runtime can load"), "{error}");
    let shown = screen(&app, 160, 40);
    assert!(
        shown.contains("ONNX Runtime can load"),
        "the footer: {shown}"
    );
    // The table, keys and slices still work.
    assert_eq!(table(&app).view.len(), 872);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "s");
    assert_eq!(app.shared.starred_rows(), vec![table(&app).view[1]]);
    assert!(app.settle(Duration::from_secs(60)));
    let shown = screen(&app, 160, 40);
    assert!(shown.contains("Starred  1 rows"), "{shown}");
    // The editor says why the row has no prediction, rather than waiting forever.
    assert!(shown.contains("prediction not predicted: "), "{shown}");
}

/// Cached predictions come first: the sessions (the weights, 90 MB) are made
/// only once they are in, and then without being asked again.
#[test]
fn the_model_starts_after_cached_predictions_are_in() {
    let dataset = Dataset::load(&DataOptions {
        path: data("sst2/dev.tsv"),
        ..Default::default()
    })
    .expect("data");
    let registry = lit_tui::modules::registry();
    let root = scratch("model-starts-after-cached");
    let open = |model: Arc<Model>| {
        let mut app = App::new(AppParts {
            model,
            compared: Vec::new(),
            dataset: &dataset,
            layout: Layout::default(),
            keymap: Keymap::default_keymap(),
            registry: &registry,
            session_root: None,
        })
        .expect("app");
        app.start_inference(InferenceOptions {
            cache_root: Some(root.join("cache")),
            ..Default::default()
        });
        app.start_model();
        app
    };
    // A first start predicts every row and fills the cache.
    let mut first = open(Arc::new(load(&model("sst2-minilm"))));
    assert!(
        first.settle(Duration::from_secs(120)),
        "the first start ends"
    );

    let model = Arc::new(load(&model("sst2-minilm")));
    let mut app = open(model.clone());
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while app.shared.predicting() {
        assert!(!model.started(), "the sessions wait for the cached rows");
        assert!(std::time::Instant::now() < deadline, "the cached rows come");
        if let Some(action) = app.next_event(Duration::from_millis(20)) {
            app.dispatch(action);
        }
    }
    assert!(
        app.settle(Duration::from_secs(120)),
        "the second start ends"
    );
    assert!(
        model.started(),
        "the sessions are made once the rows are in"
    );
    assert!((0..dataset.len()).all(|r| app.shared.rows.probs(r).is_some()));
    let reference = reference_rows("sst2-minilm", "sst2-dev.jsonl");
    for (r, want) in reference.iter().enumerate().take(20) {
        let got = app.shared.rows.probs(r).expect("scored");
        for (c, p) in got.iter().enumerate() {
            let want = want["probs"][c].as_f64().expect("reference") as f32;
            assert!((p - want).abs() <= 1e-4, "row {r} class {c}: {p} vs {want}");
        }
    }
}
