//! A big file's first screen, then the rest (issue 13). The app opens on the
//! file's first rows (`inputs::preview`), a preview that saves nothing and
//! restores nothing, while a thread reads the whole file. Keys typed meanwhile
//! wait (so nothing the user does is lost with the preview), except quit; once
//! the rows are in, the full app takes the preview's place and gets them.

use std::sync::{Arc, Mutex};

use anyhow::Result;

use super::inputs::{self, Inputs};
use crate::app::config::AppConfig;
use crate::model::Model;

/// The whole read, on its way.
pub struct Loading {
    done: Arc<Mutex<Option<Result<Inputs>>>>,
    /// Keys typed while the preview shows, for the full app.
    pub keys: Vec<crossterm::event::KeyEvent>,
}

impl Loading {
    /// Reads everything on a thread; `wake` is called when it is done.
    pub fn start(
        config: AppConfig,
        model: Arc<Model>,
        wake: impl FnOnce() + Send + 'static,
    ) -> Self {
        let done = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&done);
        let spawned = std::thread::Builder::new()
            .name("read-rows".into())
            .spawn(move || {
                let read = inputs::load_rest(&config, model);
                crate::startup::reached("all rows read");
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(read);
                }
                wake();
            });
        if let Err(e) = spawned
            && let Ok(mut slot) = done.lock()
        {
            *slot = Some(Err(anyhow::anyhow!("cannot start reading the rows: {e}")));
        }
        Self {
            done,
            keys: Vec::new(),
        }
    }

    /// The read, once it has ended.
    pub fn take(&self) -> Option<Result<Inputs>> {
        self.done.lock().ok()?.take()
    }
}

/// The footer while the preview shows.
pub fn status(config: &AppConfig, shown: usize) -> String {
    let source = if config.data.path.as_os_str().is_empty() {
        config.predictions.clone().unwrap_or_default()
    } else {
        config.data.path.clone()
    };
    let name = source.file_name().map_or_else(
        || source.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!(
        "showing the first {shown} rows while the rest of {name} is read; keys wait until then (q quits)"
    )
}
