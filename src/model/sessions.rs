//! ONNX Runtime sessions for one model. On the CPU, several single-threaded
//! sessions running different batches side by side beat one session splitting
//! each operator across threads (measured: about 8% on 2 cores), so a model holds
//! one session per worker. They share one copy of the weights (`shared_weights`),
//! so a session more costs its working memory, not the model again.

use std::path::Path;
use std::sync::Mutex;

use anyhow::Result;
use ort::environment::Environment;
use ort::session::Session;
use ort::session::builder::{GraphOptimizationLevel, SessionBuilder};

use super::shared_weights::SharedWeights;

use super::Device;
use crate::user_error;

/// How the threads are spent: `sessions` side by side, each with `intra_threads`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadPlan {
    pub sessions: usize,
    pub intra_threads: usize,
}

impl ThreadPlan {
    /// `threads` in all (default: one per core); `sessions` side by side
    /// (default: one per thread on the CPU, one on a GPU).
    pub fn new(threads: Option<usize>, sessions: Option<usize>, device: Device) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = threads.unwrap_or(cores).max(1);
        let sessions = match device {
            Device::Cuda => sessions.unwrap_or(1),
            Device::Cpu => sessions.unwrap_or(threads),
        }
        .clamp(1, threads.max(1));
        Self {
            sessions,
            intra_threads: (threads / sessions).max(1),
        }
    }
}

/// Creates the sessions in parallel (each takes a while to load). On the CPU
/// they share one copy of the weights (`shared_weights`) when given `share`,
/// the key of the optimised graph kept in the cache.
pub fn create(
    env: &Environment,
    path: &Path,
    plan: ThreadPlan,
    device: Device,
    share: Option<u64>,
) -> Result<Vec<Mutex<Session>>> {
    let options = |env: &Environment| builder(env, plan, device);
    let shared = match (device, share) {
        (Device::Cpu, Some(key)) => {
            let cache = crate::paths::cache_root();
            match SharedWeights::prepare(env, path, key, cache.as_deref(), options) {
                Ok(shared) => Some(shared),
                Err(e) => {
                    // Sessions of their own still work, with a copy each.
                    crate::runtime::log_line(&format!("weights not shared between sessions: {e}"));
                    None
                }
            }
        }
        _ => None,
    };
    if let Some(shared) = &shared {
        let attached = make_all(plan.sessions, || {
            shared
                .attach(options(env)?)?
                .commit_from_file(&shared.graph)
                .map_err(|e| anyhow::anyhow!("{e}"))
        });
        match attached {
            Ok(sessions) => return Ok(sessions),
            Err(e) => {
                // A cached graph this runtime cannot load: build it again next time.
                crate::runtime::log_line(&format!("the optimised graph failed: {e}"));
                shared.forget();
            }
        }
    }
    make_all(plan.sessions, || {
        options(env)?
            .with_optimization_level(GraphOptimizationLevel::All)
            .map_err(|e| user_error!("ONNX Runtime could not create a session: {e}"))?
            .commit_from_file(path)
            .map_err(|e| {
                user_error!(
                    "{} is not a model ONNX Runtime can load: {e}. Give --model a folder holding model.onnx (an optimum / Hugging Face export) or an .onnx file",
                    path.display()
                )
            })
    })
}

/// `n` sessions made side by side.
fn make_all(n: usize, make: impl Fn() -> Result<Session> + Sync) -> Result<Vec<Mutex<Session>>> {
    let made: Vec<Result<Session>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n).map(|_| scope.spawn(&make)).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("session creation panicked")))
            })
            .collect()
    });
    made.into_iter().map(|s| s.map(Mutex::new)).collect()
}

/// Options every session of the plan gets.
fn builder(env: &Environment, plan: ThreadPlan, device: Device) -> Result<SessionBuilder> {
    let n = plan.intra_threads;
    let mut builder = Session::builder(env)
        .map_err(|e| user_error!("ONNX Runtime could not create a session: {e}"))?
        .with_intra_threads(n)
        .map_err(|e| user_error!("cannot use {n} threads: {e}"))?
        .with_inter_threads(1)
        .map_err(|e| user_error!("cannot use {n} threads: {e}"))?
        // Warnings and errors only reach lit-tui's log file (see runtime::ort_log).
        .with_log_level(ort::logging::LogLevel::Warning)
        .map_err(|e| user_error!("ONNX Runtime could not set the log level: {e}"))?;
    if device == Device::Cuda {
        builder = builder
            .with_execution_providers([ort::ep::CUDA::default().build().error_on_failure()])
            .map_err(|e| user_error!("the CUDA execution provider failed to start: {e}"))?;
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_split_across_sessions() {
        assert_eq!(
            ThreadPlan::new(Some(4), None, Device::Cpu),
            ThreadPlan {
                sessions: 4,
                intra_threads: 1
            }
        );
        assert_eq!(
            ThreadPlan::new(Some(4), Some(1), Device::Cpu),
            ThreadPlan {
                sessions: 1,
                intra_threads: 4
            }
        );
        assert_eq!(
            ThreadPlan::new(Some(4), None, Device::Cuda),
            ThreadPlan {
                sessions: 1,
                intra_threads: 4
            }
        );
        assert_eq!(
            ThreadPlan::new(Some(2), Some(8), Device::Cpu),
            ThreadPlan {
                sessions: 2,
                intra_threads: 1
            }
        );
    }
}
