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

/// A Parquet file `predict` wrote, read whole.
pub fn parquet(path: &Path) -> polars::prelude::DataFrame {
    use polars::prelude::*;
    ParquetReader::new(std::fs::File::open(path).expect("open"))
        .finish()
        .expect("parquet")
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

use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lit_tui::app::action::{Action, InferenceEventAction};
use lit_tui::app::keymap::Keymap;
use lit_tui::app::layout::Layout;
use lit_tui::app::{App, AppParts};
use lit_tui::data::{DataOptions, Dataset};
use lit_tui::jobs::{InferenceOptions, spawn_inference};
use lit_tui::model::{Model, ModelOptions};

/// The real sst2-minilm model with SST-2 dev and its predictions, computed once per test binary.
pub struct Loaded {
    pub model: Arc<Model>,
    pub dataset: Dataset,
    pub probs: Vec<f32>,
    /// `rows × embedding_dim` when the model gives vectors.
    pub embeddings: Vec<f32>,
    pub embedding_dim: usize,
}

pub fn sst2_dev() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| load("sst2-minilm", "sst2/dev.tsv"))
}

pub fn sst2_full_dev() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| load("sst2-minilm-full", "sst2/dev.tsv"))
}

pub fn banking77_dev() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| load("banking77-minilm", "banking77/dev.tsv"))
}

/// A real model from `../shared/models`, with default options.
pub fn load_model(name: &str) -> Arc<Model> {
    Arc::new(
        Model::load(&ModelOptions {
            model: model(name),
            ..Default::default()
        })
        .expect("model"),
    )
}

/// The first 10,000 SST-2 train rows through sst2-minilm-full: the size of the
/// issue's projection benchmark.
pub fn sst2_full_train_10k() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let train = std::fs::read_to_string(data("sst2/train.tsv")).expect("train.tsv");
        let head: Vec<&str> = train.lines().take(10_001).collect();
        let path = scratch("sst2-train-10k").join("train10k.tsv");
        std::fs::write(&path, head.join("\n") + "\n").expect("write train10k.tsv");
        load_path("sst2-minilm-full", path)
    })
}

fn load(model_name: &str, data_rel: &str) -> Loaded {
    load_path(model_name, data(data_rel))
}

pub fn load_path(model_name: &str, path: PathBuf) -> Loaded {
    {
        let dataset = Dataset::load(&DataOptions {
            path,
            ..Default::default()
        })
        .expect("data");
        let model = Arc::new(
            Model::load(&ModelOptions {
                model: model(model_name),
                ..Default::default()
            })
            .expect("model"),
        );
        let texts = dataset.shared_texts().expect("texts");
        let opts = InferenceOptions {
            want_embeddings: true,
            cache_root: None,
            ..Default::default()
        };
        let classes = model.labels.len();
        let predictions = spawn_inference(model.clone(), texts, opts)
            .wait(classes, |_, _| {})
            .expect("predictions");
        Loaded {
            model,
            dataset,
            probs: predictions.probs,
            embeddings: predictions.embeddings,
            embedding_dim: predictions.embedding_dim,
        }
    }
}

/// The app over SST-2 dev with every prediction in, its session kept under `root`.
pub fn sst2_app(root: &Path) -> App {
    app_over(sst2_dev(), root)
}

/// The app over loaded data and predictions.
pub fn app_over(loaded: &Loaded, root: &Path) -> App {
    let registry = lit_tui::modules::registry();
    app_with(
        loaded,
        root,
        Layout::default(),
        Keymap::default_keymap(),
        &registry,
    )
}

/// The app over loaded data and predictions, with a layout, keymap and registry.
pub fn app_with(
    loaded: &Loaded,
    root: &Path,
    layout: Layout,
    keymap: Keymap,
    registry: &lit_tui::app::registry::Registry,
) -> App {
    let mut app = App::new(AppParts {
        model: loaded.model.clone(),
        compared: Vec::new(),
        dataset: &loaded.dataset,
        layout,
        keymap,
        registry,
        session_root: Some(root),
    })
    .expect("app");
    feed(&mut app, None, loaded);
    app.dispatch(Action::Resize);
    assert!(
        app.settle(std::time::Duration::from_secs(30)),
        "the analysis came back"
    );
    app
}

/// Feeds a model's predictions (and vectors) of every data row, as bulk
/// inference would.
pub fn feed(app: &mut App, model: Option<usize>, loaded: &Loaded) {
    let n = loaded.dataset.len();
    app.shared.progress.total = n;
    app.inference_event(
        model,
        InferenceEventAction::Rows {
            indices: (0..n).collect(),
            probs: loaded.probs.clone(),
        },
    );
    if loaded.embedding_dim > 0 {
        app.inference_event(
            model,
            InferenceEventAction::Embeddings {
                indices: (0..n).collect(),
                dim: loaded.embedding_dim,
                data: loaded.embeddings.clone(),
            },
        );
    }
    app.inference_event(
        model,
        InferenceEventAction::Finished {
            computed: n,
            from_cache: 0,
        },
    );
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types each character as a key press.
pub fn type_keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let mods = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(KeyEvent::new(KeyCode::Char(c), mods));
    }
}

/// The whole screen as the dark theme draws it on a `width × height` TestBackend.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    let theme = lit_tui::ui::Theme::built_in("dark");
    terminal
        .draw(|f| lit_tui::ui::draw(f, app, &theme))
        .expect("draw");
    terminal.backend().to_string()
}

/// Each module's own state, for assertions.
pub fn table(app: &lit_tui::app::App) -> &lit_tui::modules::table::Table {
    app.workspace.module().expect("a Data Table")
}

pub fn emb(app: &lit_tui::app::App) -> &lit_tui::modules::embeddings::Embeddings {
    app.workspace.module().expect("an Embeddings pane")
}

pub fn scal(app: &lit_tui::app::App) -> &lit_tui::modules::scalars::Scalars {
    app.workspace.module().expect("a Scalars module")
}

pub fn conf(app: &lit_tui::app::App) -> &lit_tui::modules::confusion::Confusion {
    app.workspace.module().expect("a Confusion Matrix")
}

pub fn edit(app: &lit_tui::app::App) -> &lit_tui::modules::editor::Editor {
    app.workspace.module().expect("a Datapoint Editor")
}

pub fn emb_mut(app: &mut lit_tui::app::App) -> &mut lit_tui::modules::embeddings::Embeddings {
    app.workspace.module_mut().expect("an Embeddings pane")
}

pub fn scal_mut(app: &mut lit_tui::app::App) -> &mut lit_tui::modules::scalars::Scalars {
    app.workspace.module_mut().expect("a Scalars module")
}
