//! Where lit-tui keeps its files: config, saved sessions and caches. Each has
//! an environment variable that overrides it (tests point them at scratch dirs).

use std::path::{Path, PathBuf};

/// Why `path` cannot be read as `what` (a data file, the model…): a folder,
/// or not a regular file (a FIFO or device blocks or never ends). `None`: it
/// is a regular file, or does not exist (the caller says so in its own words).
pub fn not_a_regular_file(path: &Path, what: &str) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_dir() {
        Some(format!(
            "{what} {} is a folder, not a file; give the path of a file",
            path.display()
        ))
    } else if !meta.is_file() {
        Some(format!(
            "{what} {} is not a regular file (a FIFO, device or socket); lit-tui reads only regular files, so copy it into one first",
            path.display()
        ))
    } else {
        None
    }
}

fn env_dir(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "lit-tui")
}

/// The user's config dir: `LIT_TUI_CONFIG_DIR`, else the platform's.
pub fn config_dir() -> Option<PathBuf> {
    env_dir("LIT_TUI_CONFIG_DIR").or_else(|| Some(project_dirs()?.config_dir().to_path_buf()))
}

/// A file in the user's config dir.
pub fn config_file(name: &str) -> Option<PathBuf> {
    config_dir().map(|dir| dir.join(name))
}

/// Where saved sessions live: `LIT_TUI_DATA_DIR`, else the user's data dir.
pub fn data_root() -> Option<PathBuf> {
    env_dir("LIT_TUI_DATA_DIR").or_else(|| Some(project_dirs()?.data_dir().to_path_buf()))
}

/// Where caches live: `LIT_TUI_CACHE_DIR`, else the user's cache dir.
pub fn cache_root() -> Option<PathBuf> {
    env_dir("LIT_TUI_CACHE_DIR").or_else(|| Some(project_dirs()?.cache_dir().to_path_buf()))
}

/// A temp file `<name>-<pid>.tmp` (a cache segment, an optimised graph) whose
/// writer is gone: its process is not running, or it is more than an hour old
/// (each takes seconds to write).
pub fn is_stale_temp(path: &Path) -> bool {
    let pid = path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.rsplit('-').next())
        .and_then(|p| p.parse::<u32>().ok());
    let proc_fs = Path::new("/proc/self").exists();
    let writer_gone = match pid {
        Some(pid) if proc_fs => !Path::new("/proc").join(pid.to_string()).exists(),
        Some(_) => false,
        None => true,
    };
    let old = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600));
    writer_gone || old
}
