//! The session file on disk: read at start (a damaged one is moved aside, temp
//! files a crash left are removed) and saved by merging this instance's changes
//! into whatever is on disk, under a lock, with an atomic write. Two instances
//! on the same data therefore never lose each other's changes.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::session_merge::{Merged, merge};
use super::shared::Shared;
use super::store::{self, SavedSession};
use crate::user_error;

pub struct SessionFile {
    path: PathBuf,
    /// What this instance last wrote or restored: its changes are counted from here.
    base: SavedSession,
    /// The view to write with the next save.
    view: Option<super::view::ViewState>,
}

/// What was found at start.
#[derive(Debug)]
pub enum Found {
    Nothing,
    Session(SavedSession),
    /// The file was damaged: it was moved to `aside` and a fresh session starts.
    MovedAside {
        aside: PathBuf,
        why: String,
    },
}

impl SessionFile {
    pub fn new(root: &Path, data: &Path) -> Self {
        Self {
            path: store::session_path(root, data),
            base: SavedSession::default(),
            view: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the session, removing temp files a crash left. An error means the
    /// file could not be read at all (a permission, a data dir that is a file).
    pub fn load(&self) -> Result<Found> {
        let _lock = self.lock()?;
        remove_temp_files(self.dir());
        read_or_move_aside(&self.path)
    }

    /// The state as restored: later saves write only what changed from it.
    pub fn set_base(&mut self, base: SavedSession) {
        self.base = base;
    }

    /// The view the next save writes.
    pub fn set_view(&mut self, view: super::view::ViewState) {
        self.view = Some(view);
    }

    /// Merges `mine` into the file as it is now and writes it atomically.
    /// Returns the slices written under another name (a clash with another instance).
    pub fn save(&mut self, mut mine: SavedSession) -> Result<Vec<(String, String)>> {
        mine.view = self.view.clone();
        std::fs::create_dir_all(self.dir())
            .with_context(|| format!("cannot create the folder {}", self.dir().display()))?;
        let _lock = self.lock()?;
        let Merged { session, renamed } = match read_or_move_aside(&self.path)? {
            Found::Session(theirs) => merge(&self.base, &mine, &theirs),
            // No file (removed, or damaged and moved aside): everything of mine is written.
            Found::Nothing | Found::MovedAside { .. } => Merged {
                session: mine.clone(),
                renamed: Vec::new(),
            },
        };
        write_atomically(&self.path, &session)?;
        let mut base = mine;
        for slice in &mut base.slices {
            if let Some((_, to)) = renamed.iter().find(|(from, _)| *from == slice.name) {
                slice.name = to.clone();
            }
        }
        self.base = base;
        Ok(renamed)
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// One lock for every session under the data dir, held while reading or
    /// writing: saves are rare and quick. The OS drops it if the process dies.
    fn lock(&self) -> Result<File> {
        let root = self.dir().parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(root)
            .with_context(|| format!("cannot create the folder {}", root.display()))?;
        let path = root.join("sessions.lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(file)
    }
}

/// Opens the session of `data` under `root` and restores it into `state`;
/// returns it with the added rows (they need predictions) and the saved view
/// (for the workspace to put back). Problems become a message that stays on
/// screen until dismissed.
pub fn open(state: &mut Shared, root: &Path, data: &Path) -> Opened {
    let mut file = SessionFile::new(root, data);
    let mut added = Vec::new();
    let mut view = None;
    match file.load() {
        Ok(Found::Session(saved)) => {
            added = store::restore(state, &saved);
            view = saved.view;
        }
        Ok(Found::Nothing) => {}
        Ok(Found::MovedAside { aside, why }) => {
            state.error_sticky = true;
            state.error = Some(format!(
                "the saved session {} was damaged ({why}); it was moved to {} and a fresh session started",
                file.path.display(),
                aside.display()
            ))
        }
        Err(e) => {
            state.error_sticky = true;
            state.error = Some(format!(
                "cannot read the saved session {}: {e:#}; changes will be saved when it can be written",
                file.path.display()
            ))
        }
    }
    file.set_base(store::snapshot(state, data));
    Opened { file, added, view }
}

/// What `open` found.
pub struct Opened {
    pub file: SessionFile,
    pub added: Vec<usize>,
    pub view: Option<super::view::ViewState>,
}

/// Saves `state` into `file`; renames the slices the merge renamed and says so.
pub fn save(file: &mut SessionFile, state: &mut Shared, data: &Path) -> Result<()> {
    let renamed = file.save(store::snapshot(state, data)).map_err(|e| {
        let message = format!(
            "could not save the session to {}: {e:#}",
            file.path.display()
        );
        state.error = Some(message.clone());
        user_error!("{message}")
    })?;
    for (from, to) in &renamed {
        if let Some(s) = state.slices.iter_mut().find(|s| s.name == *from) {
            s.name = to.clone();
        }
        state.status = format!(
            "another lit-tui window made a different slice called {from}: yours was saved as {to}"
        );
    }
    Ok(())
}

/// The last resort when the session cannot be saved: a copy in the temp folder.
pub fn save_copy_elsewhere(state: &Shared, data: &Path) -> Option<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let name = store::session_path(Path::new(""), data)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = std::env::temp_dir().join(format!("lit-tui-unsaved-{name}-{stamp}.json"));
    write_atomically(&path, &store::snapshot(state, data)).ok()?;
    Some(path)
}

fn read_or_move_aside(path: &Path) -> Result<Found> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(user_error!("cannot read {}: {e}", path.display())),
    };
    match serde_json::from_str(&text) {
        Ok(saved) => Ok(Found::Session(saved)),
        Err(e) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            let aside = path.with_extension(format!("json.corrupt-{stamp}"));
            std::fs::rename(path, &aside).map_err(|re| {
                user_error!(
                    "the saved session {} is damaged ({e}) and could not be moved aside: {re}",
                    path.display()
                )
            })?;
            Ok(Found::MovedAside {
                aside,
                why: e.to_string(),
            })
        }
    }
}

/// Writes to a temp file, syncs, renames over `path`; the temp file is removed if anything fails.
fn write_atomically(path: &Path, session: &SavedSession) -> Result<()> {
    let tmp = path.with_extension(format!("json.{}.tmp", std::process::id()));
    let text = serde_json::to_string_pretty(session)?;
    let written = File::create(&tmp).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = renamed {
        let _ = std::fs::remove_file(&tmp);
        return Err(user_error!("cannot write {}: {e}", path.display()));
    }
    // The rename itself lasts only once the folder is synced.
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Temp files in the sessions folder: with the lock held, nobody is writing one.
fn remove_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "tmp") {
            let _ = std::fs::remove_file(&path);
        }
    }
}
