//! lit-tui: a terminal Learning Interpretability Tool.
//!
//! The library holds everything the binary runs, so integration tests and
//! benchmarks drive the same code as the command line.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod commands;
pub mod contained;
pub mod data;
pub mod error;
pub mod jobs;
pub mod malloc;
pub mod model;
pub mod modules;
pub mod paths;
pub mod plural;
pub mod priority;
pub mod progress;
pub mod runtime;
pub mod startup;
pub mod tui;
pub mod ui;
