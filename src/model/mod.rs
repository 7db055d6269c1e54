//! An ONNX text classifier with its tokenizer: loading, roles, and running a batch.

mod attention;
pub mod cache_key;
mod files;
pub mod gradients;
pub mod graph_io;
mod hash;
pub mod onnx_proto;
mod precomputed;
mod predict_texts;
mod run;
mod sessions;
mod shared_weights;
pub mod spec;
mod tokenize;

use std::path::{Path, PathBuf};

use anyhow::Result;
use std::sync::{Mutex, OnceLock};

use ort::session::Session;
use tokenizers::Tokenizer;

pub use attention::Attention;
pub use files::ModelFiles;
pub use gradients::{EmbeddedRow, Gradients, NO_GRADIENTS, RowGradient, TokenGradients};
pub use run::{BatchOutput, CHARS_PER_TOKEN, PROBABILITY_TOLERANCE, cut_text};
pub use sessions::ThreadPlan;
pub use spec::{InputNames, OutputRole};
pub use tokenize::Encoded;

use crate::user_error;

/// Where inference runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Device {
    #[default]
    Cpu,
    Cuda,
}

/// How to load a model: what the command line says.
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    pub model: PathBuf,
    pub tokenizer: Option<PathBuf>,
    pub labels: Option<Vec<String>>,
    pub device: Device,
    /// Threads in all; `None` means one per core.
    pub threads: Option<usize>,
    /// Sessions running batches side by side; `None` means one per thread on the CPU.
    pub sessions: Option<usize>,
    pub ort_lib: Option<PathBuf>,
}

/// A loaded classifier.
pub struct Model {
    pub files: ModelFiles,
    pub name: String,
    pub labels: Vec<String>,
    pub inputs: InputNames,
    pub outputs: Vec<(String, OutputRole)>,
    pub max_length: usize,
    /// xxh3 of the model file and its external data, so caches follow the
    /// weights rather than the path.
    pub hash: u64,
    /// The key of cached outputs: the hash with the tokenizer, truncation,
    /// lit-tui.toml, config.json, output roles, classes and lit-tui's
    /// processing version (`cache_key`).
    pub cache_key: u64,
    pub device: Device,
    /// Why the requested device was not used, when it was not.
    pub device_note: Option<String>,
    pub threads: ThreadPlan,
    /// The graph's inputs and outputs, read without ONNX Runtime.
    pub io: graph_io::GraphIo,
    /// Made on first use, or by `start` (the app calls it behind the first
    /// frame); an error is kept and given to every later caller.
    sessions: OnceLock<std::result::Result<Vec<Mutex<Session>>, String>>,
    tokenizer: Tokenizer,
    int32_inputs: bool,
    /// None for precomputed predictions, which need no runtime.
    env: Option<&'static ort::environment::Environment>,
    /// `gradients.onnx`, once something asked for it.
    gradients: Mutex<Option<std::sync::Arc<gradients::Gradients>>>,
}

impl Model {
    pub fn load(opts: &ModelOptions) -> Result<Self> {
        let files = ModelFiles::locate(&opts.model, opts.tokenizer.as_deref())?;
        let spec = spec::SpecFile::read(&files.spec)?.unwrap_or_default();
        let config = match &files.config {
            Some(p) => spec::HfConfig::read(p)?,
            None => None,
        };
        let env = crate::runtime::environment(opts.ort_lib.as_deref())?;
        let bytes = std::fs::read(&files.onnx)
            .map_err(|e| user_error!("cannot read the model file {}: {e}", files.onnx.display()))?;
        if bytes.is_empty() {
            return Err(user_error!(
                "the model file {} is empty; export the model again",
                files.onnx.display()
            ));
        }
        let hash = hash::model_hash(&files.onnx, &bytes)?;
        let io = graph_io::GraphIo::parse(&bytes).map_err(|e| {
            user_error!(
                "{} is not an ONNX model: {e}. Give --model a folder holding model.onnx (an optimum / Hugging Face export) or an .onnx file",
                files.onnx.display()
            )
        })?;
        drop(bytes);

        let (device, device_note) = choose_device(opts.device);
        let threads = ThreadPlan::new(opts.threads, opts.sessions, device);
        let inputs = spec::input_names(&io.input_names(), &spec)?;
        let outputs = spec::output_roles(&io.output_names(), &spec)?;
        let int32_inputs = io
            .input(&inputs.input_ids)
            .is_some_and(|t| t.elem_type == graph_io::INT32);
        let class_count = outputs
            .iter()
            .find(|(_, r)| matches!(r, OutputRole::Logits | OutputRole::Probabilities))
            .and_then(|(name, _)| io.output(name))
            .and_then(graph_io::TensorInfo::last_dim);
        let labels = choose_labels(
            &spec,
            config.as_ref(),
            opts.labels.clone(),
            class_count,
            &files,
        )?;

        let model_limit = config
            .as_ref()
            .and_then(|c| c.max_position_embeddings)
            .unwrap_or(512);
        // A [CLS] and a [SEP] need two tokens; less than that turns truncation off.
        if let Some(n) = spec.max_length.filter(|&n| n < 2) {
            return Err(user_error!(
                "{}: max_length = {n} is too small; it must be at least 2 (the special tokens take two). Remove it to use the model's limit ({model_limit})",
                files.spec.display()
            ));
        }
        if model_limit < 2 {
            return Err(user_error!(
                "{}: max_position_embeddings = {model_limit} is too small; it must be at least 2. Set max_length in {} instead",
                files
                    .config
                    .as_deref()
                    .map_or_else(|| "config.json".into(), |p| p.display().to_string()),
                files.spec.display()
            ));
        }
        let max_length = spec.max_length.unwrap_or(model_limit).min(model_limit);
        let tokenizer = tokenize::load(&files.tokenizer, max_length)?;
        let read =
            |p: Option<&std::path::Path>| p.and_then(|p| std::fs::read(p).ok()).unwrap_or_default();
        let roles: Vec<(String, String)> = outputs
            .iter()
            .map(|(name, role)| (name.clone(), format!("{role:?}")))
            .collect();
        let cache_key = cache_key::cache_key(&cache_key::KeyParts {
            model_hash: hash,
            tokenizer: &read(Some(&files.tokenizer)),
            spec: &read(Some(&files.spec)),
            config: &read(files.config.as_deref()),
            max_length,
            outputs: &roles,
            labels: &labels,
        });

        Ok(Self {
            name: files.display_name(),
            files,
            labels,
            inputs,
            outputs,
            max_length,
            hash,
            cache_key,
            device,
            device_note,
            threads,
            io,
            sessions: OnceLock::new(),
            tokenizer,
            int32_inputs,
            env: Some(env),
            gradients: Mutex::new(None),
        })
    }

    /// The output that holds class scores.
    pub fn scores_output(&self) -> (&str, &OutputRole) {
        self.outputs
            .iter()
            .find(|(_, r)| matches!(r, OutputRole::Logits | OutputRole::Probabilities))
            .map(|(n, r)| (n.as_str(), r))
            .expect("output_roles guarantees a scores output")
    }

    /// Where per-input vectors come from, if anywhere: a pooled output, or the
    /// last hidden state mean-pooled over the attention mask.
    pub fn embedding_source(&self) -> Option<(&str, &OutputRole)> {
        let find = |want: OutputRole| {
            self.outputs
                .iter()
                .find(|(_, r)| *r == want)
                .map(|(n, r)| (n.as_str(), r))
        };
        find(OutputRole::Embedding).or_else(|| find(OutputRole::LastHiddenState))
    }

    /// How many batches can run at once.
    pub fn replicas(&self) -> usize {
        self.threads.sessions.max(1)
    }

    /// An error for a model that runs nothing, before anything touches ONNX Runtime.
    pub(crate) fn runnable(&self) -> Result<()> {
        match self.env {
            Some(_) => Ok(()),
            None => Err(self.not_runnable()),
        }
    }

    fn not_runnable(&self) -> anyhow::Error {
        user_error!(
            "{} holds precomputed predictions, not a model to run; give --model to run one",
            self.name
        )
    }

    /// Makes the ONNX Runtime sessions now, when no run has made them yet.
    pub fn start(&self) -> Result<()> {
        self.sessions().map(drop)
    }

    /// Whether the sessions exist (made, or failed to be made).
    pub fn started(&self) -> bool {
        self.sessions.get().is_some()
    }

    /// The sessions, made by the first caller; the others wait for them.
    fn sessions(&self) -> Result<&[Mutex<Session>]> {
        let env = self.env.ok_or_else(|| self.not_runnable())?;
        let made = self.sessions.get_or_init(|| {
            // From the path, so ONNX Runtime finds external data beside the file.
            sessions::create(
                env,
                &self.files.onnx,
                self.threads,
                self.device,
                Some(shared_weights::key(self.hash)),
            )
            .map_err(|e| format!("{e:#}"))
        });
        made.as_deref().map_err(|e| user_error!("{e}"))
    }

    /// Session `replica` (any index: they wrap), locked; an error for a
    /// model that runs nothing (`Model::precomputed`).
    pub(crate) fn session(&self, replica: usize) -> Result<std::sync::MutexGuard<'_, Session>> {
        let sessions = self.sessions()?;
        sessions[replica % sessions.len()]
            .lock()
            .map_err(|_| anyhow::anyhow!("an earlier model run failed badly; restart lit-tui"))
    }

    fn env(&self) -> Result<&'static ort::environment::Environment> {
        self.env
            .ok_or_else(|| user_error!("{} is precomputed predictions, not a model", self.name))
    }

    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Input and output names with their types, for `inspect`; an error
    /// when ONNX Runtime cannot load the model.
    pub fn io_summary(&self) -> Result<(Vec<String>, Vec<String>)> {
        self.start()?;
        let show = |t: &[graph_io::TensorInfo]| t.iter().map(|t| t.describe()).collect();
        Ok((show(&self.io.inputs), show(&self.io.outputs)))
    }
}

fn choose_device(wanted: Device) -> (Device, Option<String>) {
    use ort::ep::ExecutionProvider;
    match wanted {
        Device::Cpu => (Device::Cpu, None),
        Device::Cuda => match <ort::ep::CUDA as ExecutionProvider>::is_available() {
            Ok(true) => (Device::Cuda, None),
            _ => (
                Device::Cpu,
                Some(
                    "--device cuda asked for the GPU, but this ONNX Runtime library has no CUDA execution provider; running on the CPU. Install onnxruntime-gpu (scripts/install-onnxruntime --gpu) and point --ort-lib at it".into(),
                ),
            ),
        },
    }
}

fn choose_labels(
    spec: &spec::SpecFile,
    config: Option<&spec::HfConfig>,
    flag: Option<Vec<String>>,
    class_count: Option<usize>,
    files: &ModelFiles,
) -> Result<Vec<String>> {
    let from_config = match config {
        Some(c) => c.labels()?,
        None => None,
    };
    let source = if spec.labels.is_some() {
        format!("labels in {}", files.spec.display())
    } else if from_config.is_some() {
        "id2label in the model's config.json".to_string()
    } else {
        "--labels".to_string()
    };
    let labels = spec
        .labels
        .clone()
        .or(from_config)
        .or(flag)
        .or_else(|| class_count.map(|n| (0..n).map(|i| format!("LABEL_{i}")).collect()))
        .ok_or_else(|| {
            user_error!(
                "cannot tell the class names of {}: add id2label to config.json beside it, or pass --labels a,b,c",
                files.onnx.display()
            )
        })?;
    if let Some(n) = class_count
        && n != labels.len()
    {
        return Err(user_error!(
            "the model scores {n} classes but {} class names were given ({}); make them agree",
            labels.len(),
            crate::error::list_some(&labels, 5)
        ));
    }
    // Checked before any run: outputs name a column per class (`p_<class>`).
    for (i, label) in labels.iter().enumerate() {
        if labels[..i].contains(label) {
            return Err(user_error!(
                "the class name `{label}` is given twice by {source}; each class needs its own name"
            ));
        }
    }
    Ok(labels)
}

/// Ensures a path exists, with a message naming what it was for.
pub(crate) fn must_exist(path: &Path, what: &str, fix: &str) -> Result<()> {
    if path.exists() {
        Ok(())
    } else {
        Err(user_error!(
            "{what} {} does not exist; {fix}",
            path.display()
        ))
    }
}
