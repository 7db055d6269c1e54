//! How long the app took to reach each stage of starting (first frame, model
//! ready, predictions ready), counted from launch and written once each to the
//! log file (`runtime::log_line`): what `benches/scale.py` reads, and what a
//! user can check on a slow machine.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

static LAUNCH: OnceLock<Instant> = OnceLock::new();
static LOGGED: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

/// Called first thing in `main`: stages count from here.
pub fn mark_launch() {
    LAUNCH.get_or_init(Instant::now);
}

pub fn since_launch() -> Duration {
    LAUNCH.get_or_init(Instant::now).elapsed()
}

/// Logs `startup: <stage> after N ms` the first time `stage` is reached.
pub fn reached(stage: &'static str) {
    let Ok(mut logged) = LOGGED.lock() else {
        return;
    };
    if logged.contains(&stage) {
        return;
    }
    logged.push(stage);
    let ms = since_launch().as_secs_f64() * 1000.0;
    crate::runtime::log_line(&format!("startup: {stage} after {ms:.0} ms"));
}
