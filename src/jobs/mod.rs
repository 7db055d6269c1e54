//! Work that runs off the calling thread: inference over a data set, with
//! progress, cancellation and an on-disk cache.

pub mod batching;
pub mod cache;
pub mod generate;
pub mod inference;
pub mod predictions;
pub mod runner;
pub mod salience;
pub mod salience_cache;
pub mod segment;

pub use inference::{InferenceEvent, InferenceJob, InferenceOptions, Predictions, spawn_inference};
