//! Arguments of the Discover commands: `salience-clusters`, `cohorts` and
//! `label-issues`.

use clap::Args;

use super::{DataArgs, ModelArgs, RunArgs};

#[derive(Debug, Args)]
pub struct SalienceClustersArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Scores made elsewhere (see `metrics --predictions`): they pick the
    /// mispredicted rows; --model still computes the salience.
    #[arg(long, value_name = "FILE|DIR")]
    pub predictions: Option<std::path::PathBuf>,
    /// The salience method (with LIT's default settings).
    #[arg(long, value_enum, default_value = "loo")]
    pub method: crate::jobs::salience::Method,
    /// Cluster every row (default: only the rows the model gets wrong).
    #[arg(long)]
    pub all_rows: bool,
    /// Number of clusters.
    #[arg(long, default_value_t = 10)]
    pub clusters: usize,
    /// Top tokens per row by |salience|.
    #[arg(long, default_value_t = 5)]
    pub top_k: usize,
    /// Tokens shown per cluster.
    #[arg(long, default_value_t = 10)]
    pub shown: usize,
    /// The k-means seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Print JSON: per cluster its rows (index, id) and top tokens.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CohortsArgs {
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
    /// The tree's depth.
    #[arg(long, default_value_t = 3)]
    pub max_depth: usize,
    /// The least rows a leaf holds.
    #[arg(long, default_value_t = 20)]
    pub min_leaf: usize,
    /// Also write the tree's inputs as CSV (`wrong`, then one column per
    /// ordinal feature's level and per categorical value), for
    /// benches/error_tree_vs_sklearn.py.
    #[arg(long, value_name = "FILE")]
    pub features_out: Option<std::path::PathBuf>,
    /// Print JSON: the cohorts, best first, with node, parent, depth,
    /// description, size, errors, error_rate, coverage and lift.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LabelIssuesArgs {
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
    /// The model never saw these rows in training (else a caution is printed:
    /// confident learning needs out-of-sample probabilities).
    #[arg(long)]
    pub probabilities_are_out_of_sample: bool,
    /// Print JSON: a ranked list of {index, id, label, suggested, quality}.
    #[arg(long)]
    pub json: bool,
}
