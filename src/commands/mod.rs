//! Headless subcommands: the same data, model and analysis code as the app,
//! for scripts, CI and tests.

mod inspect;
mod metrics;
mod output;
mod predict;
mod run;

pub use inspect::inspect;
pub use metrics::metrics;
pub use predict::predict;
pub use run::{Evaluated, evaluate};
