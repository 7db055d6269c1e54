//! A progress bar on stderr for headless commands: redrawn in place on a
//! terminal, silent otherwise (logs and CI get the summary line only).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct ProgressBar {
    label: String,
    tty: bool,
    started: Instant,
    last_draw: Option<Instant>,
}

impl ProgressBar {
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            tty: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last_draw: None,
        }
    }

    pub fn update(&mut self, done: usize, total: usize) {
        if !self.tty {
            return;
        }
        let now = Instant::now();
        let due = self
            .last_draw
            .is_none_or(|t| now - t >= Duration::from_millis(50));
        if !due && done < total {
            return;
        }
        self.last_draw = Some(now);
        let width = 30;
        let filled = (done * width).checked_div(total).unwrap_or(width);
        let secs = self.started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {done}/{total} rows, {rate:.0}/s ",
            self.label,
            "█".repeat(filled),
            "░".repeat(width - filled)
        );
        let _ = err.flush();
    }

    /// A line above the bar (the bar is redrawn on the next update).
    pub fn note(&mut self, line: &str) {
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r\x1b[2K");
        }
        let _ = writeln!(err, "{line}");
        self.last_draw = None;
    }

    /// Ends the bar with a summary line.
    pub fn finish(&mut self, summary: &str) {
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r\x1b[2K");
        }
        let _ = writeln!(err, "{summary}");
    }
}
