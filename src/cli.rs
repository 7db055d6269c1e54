//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::app::config::AppConfig;
use crate::data::DataOptions;
use crate::jobs::batching::BatchPolicy;
use crate::model::{Device, ModelOptions};

mod discover;
pub use discover::{CohortsArgs, LabelIssuesArgs, SalienceClustersArgs};

#[derive(Debug, Parser)]
#[command(
    name = "lit-tui",
    version,
    about = "Run a text classifier over a data set and triage its mistakes, in the terminal.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub app: Option<AppArgs>,
}

/// The terminal app's own parser. clap fills an optional flattened group only
/// from its direct fields, so `Cli` documents the app's flags and this parses them.
#[derive(Debug, Parser)]
#[command(
    name = "lit-tui",
    version,
    about = "Run a text classifier over a data set and triage its mistakes, in the terminal."
)]
pub struct AppCli {
    #[command(flatten)]
    pub app: AppArgs,
}

impl Cli {
    /// Whether the command line names a subcommand (or asks for help or the version).
    pub fn wants_subcommand(args: &[String]) -> bool {
        args.get(1).is_some_and(|a| {
            [
                "predict",
                "project",
                "metrics",
                "inspect",
                "explain",
                "generate",
                "completions",
                "label-issues",
                "cohorts",
                "salience-clusters",
                "help",
                "--help",
                "-h",
                "--version",
                "-V",
            ]
            .contains(&a.as_str())
        }) || args.len() <= 1
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write one row per input: id, text, label, prediction, probabilities.
    Predict(PredictArgs),
    /// Print accuracy, per-class precision/recall/F1, the confusion matrix and AUCs.
    Metrics(MetricsArgs),
    /// Print what lit-tui found in a model: files, inputs, outputs and their roles, labels.
    Inspect(InspectArgs),
    /// Project the model's vectors to 2-D (PCA, UMAP, t-SNE) and write id, x, y.
    Project(ProjectArgs),
    /// Write salience maps (LIME, leave-one-out, gradient methods) for rows of the data.
    Explain(ExplainArgs),
    /// Make counterfactuals of chosen rows (Word Replacer, Scrambler, Ablation Flip,
    /// HotFlip), predict them, and write one record per generated row.
    Generate(GenerateArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Rank the rows whose gold label is likely wrong (confident learning, as
    /// cleanlab's find_label_issues with prune_by_noise_rate and self_confidence).
    LabelIssues(LabelIssuesArgs),
    /// Fit a shallow decision tree predicting which rows are wrong and print its
    /// nodes as error cohorts, best (coverage × lift) first.
    Cohorts(CohortsArgs),
    /// Group rows by the words their salience maps rank highest (LIT's Salience
    /// Clustering: top-k tokens per row, L2-normalised, k-means).
    SalienceClusters(SalienceClustersArgs),
}

/// The terminal app.
#[derive(Debug, Args)]
pub struct AppArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Another model to compare with --model (repeatable): same classes, its own
    /// folder or .onnx file; it shares the device and thread settings.
    #[arg(long, value_name = "MODEL")]
    pub compare: Vec<PathBuf>,
    /// A layout TOML file (default: <config dir>/layout.toml, else the built-in one).
    #[arg(long)]
    pub layout: Option<PathBuf>,
    /// A keymap TOML file laid over the built-in keys (default: <config dir>/keymap.toml).
    #[arg(long)]
    pub keymap: Option<PathBuf>,
    /// A built-in theme (dark, light, 16color) or a theme TOML file.
    #[arg(long, default_value = "dark")]
    pub theme: String,
    /// The model never trained on these rows: Label Issues drops its caution
    /// (confident learning needs out-of-sample probabilities).
    #[arg(long)]
    pub probabilities_are_out_of_sample: bool,
    /// Open a view file (`Y` in the app writes one): tab, primary, pinned and
    /// selected rows, search, filters, sort, colour, threshold, projection.
    #[arg(long, value_name = "FILE")]
    pub view: Option<PathBuf>,
    /// Leave the mouse to the terminal (its own selection, copy and paste).
    #[arg(long)]
    pub no_mouse: bool,
    /// Open on scores made elsewhere, with no inference: what `lit-tui predict`
    /// wrote (a file, or the folder of `--shard` parts), or any table with an `id`
    /// or `text` column and `p_<class>` columns (and optionally `embedding`).
    /// --model and --data become optional; rows the file lacks are predicted with
    /// --model when one is given.
    #[arg(long, value_name = "FILE|DIR")]
    pub predictions: Option<PathBuf>,
}

impl AppArgs {
    /// What the terminal app needs from the command line.
    pub fn config(&self) -> AppConfig {
        AppConfig {
            model: self.model.options(),
            data: self.data.options(),
            compare: self.compare.clone(),
            layout: self.layout.clone(),
            keymap: self.keymap.clone(),
            theme: self.theme.clone(),
            batch: self.run.batch_policy(),
            no_cache: self.run.no_cache,
            out_of_sample: self.probabilities_are_out_of_sample,
            view: self.view.clone(),
            no_mouse: self.no_mouse,
            predictions: self.predictions.clone(),
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// An export folder (model.onnx, tokenizer.json, config.json) or an .onnx file.
    /// Optional where --predictions gives the scores.
    #[arg(long, short = 'm')]
    pub model: Option<PathBuf>,
    /// tokenizer.json to use instead of the one beside the model.
    #[arg(long)]
    pub tokenizer: Option<PathBuf>,
    /// Class names in output order, comma-separated, when config.json has no id2label.
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// Where the model runs.
    #[arg(long, value_enum, default_value_t = Device::Cpu)]
    pub device: Device,
    /// Threads in all (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// ONNX Runtime sessions running batches side by side; the threads are split
    /// among them (default: one session per thread on the CPU, one on a GPU).
    #[arg(long)]
    pub sessions: Option<usize>,
    /// The ONNX Runtime library (libonnxruntime.so.*).
    #[arg(long, env = "LIT_TUI_ORT_LIB")]
    pub ort_lib: Option<PathBuf>,
}

impl ModelArgs {
    pub fn options(&self) -> ModelOptions {
        ModelOptions {
            // None reads as an empty path, which `Model::load` refuses by name.
            model: self.model.clone().unwrap_or_default(),
            tokenizer: self.tokenizer.clone(),
            labels: self.labels.clone(),
            device: self.device,
            threads: self.threads,
            sessions: self.sessions,
            ort_lib: self.ort_lib.clone(),
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// JSONL, LIT .lit.jsonl, CSV, TSV or Parquet. Optional where --predictions
    /// gives a file that holds the text too (what `lit-tui predict` writes).
    #[arg(long, short = 'd')]
    pub data: Option<PathBuf>,
    /// The column holding the text (default: `sentence`, `text`, or the only text column).
    #[arg(long)]
    pub text_field: Option<String>,
    /// The column holding the gold label (default: `label`).
    #[arg(long)]
    pub label_field: Option<String>,
}

impl DataArgs {
    /// The data file, or an empty path when none was given.
    pub fn path(&self) -> &std::path::Path {
        self.data.as_deref().unwrap_or(std::path::Path::new(""))
    }

    pub fn options(&self) -> DataOptions {
        DataOptions {
            path: self.data.clone().unwrap_or_default(),
            text_field: self.text_field.clone(),
            label_field: self.label_field.clone(),
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Most padded tokens per batch (rows × longest row). With more than two
    /// sessions side by side, each batch gets a share of twice this (at least
    /// 64), so memory stays flat as --threads grows.
    #[arg(long, default_value_t = BatchPolicy::default().max_tokens)]
    pub batch_tokens: usize,
    /// Most rows per batch.
    #[arg(long, default_value_t = BatchPolicy::default().max_rows)]
    pub batch_size: usize,
    /// Neither read nor write the prediction cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Print where the time went (tokenizing, ONNX Runtime, the rest) on stderr.
    #[arg(long)]
    pub timings: bool,
}

impl RunArgs {
    pub fn batch_policy(&self) -> BatchPolicy {
        BatchPolicy {
            max_tokens: self.batch_tokens.max(1),
            max_rows: self.batch_size.max(1),
        }
    }
}

#[derive(Debug, Args)]
pub struct PredictArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Output file: .parquet, .jsonl or .csv/.tsv, chosen by extension. With
    /// --shard, a folder (or a path ending in /) gets `part-I.parquet`.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Predict only the I-th of N contiguous shards of the data (from 0), as one
    /// task of an array job: `--shard $SLURM_ARRAY_TASK_ID/16`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
}

/// The I-th of N contiguous shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// This shard's rows of `n`: every row in exactly one shard, sizes within one.
    pub fn rows(self, n: usize) -> std::ops::Range<usize> {
        self.index * n / self.count..(self.index + 1) * n / self.count
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a shard; write I/N with 0 <= I < N, e.g. 0/16");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Self { index, count })
    }
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Scores made elsewhere instead of running --model: what `lit-tui predict`
    /// wrote (a file, or the folder of `--shard` parts), or any table with an
    /// `id` or `text` column and `p_<class>` columns. Rows it lacks are
    /// predicted with --model when one is given.
    #[arg(long, value_name = "FILE|DIR")]
    pub predictions: Option<std::path::PathBuf>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Also draw the ROC and PR curves of a class in the terminal (default: the
    /// second class, the positive one of a binary model).
    #[arg(long, value_name = "CLASS", num_args = 0..=1, default_missing_value = "")]
    pub curves: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    Pca,
    Umap,
    Tsne,
}

#[derive(Debug, Args)]
pub struct ProjectArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunArgs,
    #[arg(long, value_enum, default_value_t = Method::Umap)]
    pub method: Method,
    /// UMAP: neighbours per point.
    #[arg(long, default_value_t = 15)]
    pub n_neighbors: usize,
    /// UMAP: how tightly points may pack.
    #[arg(long, default_value_t = 0.1)]
    pub min_dist: f32,
    /// t-SNE: the perplexity.
    #[arg(long, default_value_t = 30.0)]
    pub perplexity: f32,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output file: id, x, y (.csv, .tsv, .jsonl or .parquet).
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Also write the vectors as a NumPy .npy file (rows × dim, float32).
    #[arg(long)]
    pub vectors_out: Option<PathBuf>,
    /// Print the trustworthiness (k=10) of the layout against the vectors.
    #[arg(long)]
    pub trustworthiness: bool,
    /// Also draw the 2-D layout in the terminal (stdout).
    #[arg(long)]
    pub plot: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Methods, comma-separated: lime, loo, grad_l2, grad_dot_input, ig.
    #[arg(long, value_enum, value_delimiter = ',', required = true)]
    pub method: Vec<crate::jobs::salience::Method>,
    /// Rows to explain, comma-separated: ids as `predict` writes them, or positions from 0.
    #[arg(long, value_delimiter = ',', conflicts_with = "only_mispredictions")]
    pub rows: Option<Vec<String>>,
    /// Explain only the rows the model gets wrong.
    #[arg(long)]
    pub only_mispredictions: bool,
    /// The class to explain, by name or number (default: the predicted class).
    #[arg(long)]
    pub target: Option<String>,
    /// LIME: perturbed samples besides the full text.
    #[arg(long, default_value_t = 256)]
    pub samples: usize,
    /// LIME: kernel width.
    #[arg(long, default_value_t = 256.0)]
    pub kernel_width: f64,
    /// LIME: the token that replaces masked words.
    #[arg(long, default_value = "[MASK]")]
    pub mask_token: String,
    /// LIME: the random seed (fixed, so results repeat).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Integrated Gradients: gradient evaluations along the path (5 to 100).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(5..=100))]
    pub steps: u64,
    /// Output file: .jsonl or .parquet.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
}

impl ExplainArgs {
    pub fn params(&self) -> crate::jobs::salience::SalienceParams {
        crate::jobs::salience::SalienceParams {
            lime: crate::analysis::salience::LimeParams {
                samples: self.samples,
                kernel_width: self.kernel_width,
                mask_token: self.mask_token.clone(),
                seed: self.seed,
                ..Default::default()
            },
            ig_steps: Some(self.steps as usize),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GeneratorName {
    #[value(name = "word_replacer")]
    WordReplacer,
    #[value(name = "scrambler")]
    Scrambler,
    #[value(name = "ablation_flip")]
    AblationFlip,
    #[value(name = "hotflip")]
    Hotflip,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunArgs,
    #[arg(long, value_enum)]
    pub generator: GeneratorName,
    /// Word Replacer rules in LIT's syntax (default `great -> terrible`):
    /// `great -> terrible, good -> bad | awful`; `not -> ` deletes.
    #[arg(long, allow_hyphen_values = true)]
    pub rules: Option<String>,
    /// A named Word Replacer rule set (negation, intensifiers, gendered words,
    /// names, or a TOML file in <config dir>/rules/), added to --rules.
    #[arg(long)]
    pub rule_set: Option<String>,
    /// Row ids to generate from, comma-separated (a unique prefix will do).
    #[arg(long, value_delimiter = ',', conflicts_with = "only_mispredictions")]
    pub rows: Option<Vec<String>>,
    /// Generate from the rows the model gets wrong.
    #[arg(long)]
    pub only_mispredictions: bool,
    /// Scrambler seed (mixed with each row's id).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output file: .jsonl or .parquet (or .csv/.tsv), chosen by extension.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Print the flip rate per parent and LIT's paired metrics (num_pairs,
    /// swap_rate, mean Jensen-Shannon divergence).
    #[arg(long)]
    pub metrics: bool,
}
