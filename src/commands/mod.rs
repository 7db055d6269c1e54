//! Headless subcommands: the same data, model and analysis code as the app,
//! for scripts, CI and tests.

mod cohorts;
mod explain;
mod generate;
pub mod generate_records;
mod inspect;
mod label_issues;
mod metrics;
mod plot;
mod precomputed;
mod predict;
mod project;
mod run;
mod salience_clusters;

pub use cohorts::cohorts;
pub use explain::explain;
pub use generate::generate;
pub use inspect::inspect;
pub use label_issues::label_issues;
pub use metrics::metrics;
pub use predict::predict;
pub use project::project;
pub use run::{Evaluated, evaluate};
pub use salience_clusters::salience_clusters;

/// A headless command is about to exit: let the OS reclaim the sessions and
/// frames instead of running their destructors (about 20 ms of teardown).
fn release_at_exit<T>(value: T) {
    std::mem::forget(value);
}
