//! What the terminal app needs to start, whatever front end gathered it (the
//! command line today): the app depends on this, never on `cli`.

use std::path::PathBuf;

use crate::data::DataOptions;
use crate::jobs::batching::BatchPolicy;
use crate::model::ModelOptions;

#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The main model (its device, threads and ONNX Runtime library too).
    pub model: ModelOptions,
    pub data: DataOptions,
    /// Models compared with the main one: folders or .onnx files.
    pub compare: Vec<PathBuf>,
    /// A layout file; None: the user's config dir, else the built-in layout.
    pub layout: Option<PathBuf>,
    /// A keymap file laid over the built-in keys; None: the user's config dir.
    pub keymap: Option<PathBuf>,
    /// A built-in theme name or a theme file.
    pub theme: String,
    pub batch: BatchPolicy,
    /// Neither read nor write the prediction cache.
    pub no_cache: bool,
    /// The model never trained on the data's rows (Label Issues drops its caution).
    pub out_of_sample: bool,
    /// A view file to open (`Y` in the app writes one).
    pub view: Option<PathBuf>,
    /// Leave the mouse to the terminal (its own selection, copy and paste).
    pub no_mouse: bool,
    /// Scores made elsewhere (`--predictions FILE|DIR`).
    pub predictions: Option<PathBuf>,
}

impl AppConfig {
    /// How to load a compared model: the main model's device and threads, its
    /// own tokenizer and labels (found beside it).
    pub fn compared_options(&self, path: &std::path::Path) -> ModelOptions {
        ModelOptions {
            model: path.to_path_buf(),
            tokenizer: None,
            labels: None,
            ..self.model.clone()
        }
    }
}
