//! Finds and loads the ONNX Runtime shared library (ort's `load-dynamic`).
//!
//! Search order: `--ort-lib`, `ORT_DYLIB_PATH`, beside the executable, inside an
//! installed Python `onnxruntime`/`onnxruntime-gpu` package, then the system
//! library path.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use anyhow::Result;

use crate::user_error;

/// The command that installs the library on a fresh machine.
pub const INSTALL_HINT: &str =
    "scripts/install-onnxruntime (or: python3 -m pip install onnxruntime==1.32.0)";

#[cfg(target_os = "linux")]
const LIB_NAME: &str = "libonnxruntime.so";
#[cfg(target_os = "macos")]
const LIB_NAME: &str = "libonnxruntime.dylib";
#[cfg(target_os = "windows")]
const LIB_NAME: &str = "onnxruntime.dll";

const PYTHON_PACKAGE: &str = "Python onnxruntime package";
const REMEMBERED: &str = "the Python onnxruntime package found by an earlier run";

static ENVIRONMENT: OnceLock<(ort::environment::Environment, PathBuf)> = OnceLock::new();

/// Where a candidate library came from, for `inspect` and error messages.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub origin: &'static str,
    pub path: PathBuf,
}

/// Loads the library once per process and returns the ONNX Runtime environment.
pub fn environment(explicit: Option<&Path>) -> Result<&'static ort::environment::Environment> {
    if let Some((env, _)) = ENVIRONMENT.get() {
        return Ok(env);
    }
    // One thread starts ONNX Runtime; another asking meanwhile waits and gets
    // the same environment (two built at once crashed the process).
    static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _starting = STARTING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((env, _)) = ENVIRONMENT.get() {
        return Ok(env);
    }
    let mut tried = Vec::new();
    // Python is asked only when nothing cheaper worked.
    let quick = candidates(explicit, false);
    let slow = || {
        candidates(explicit, true)
            .into_iter()
            .filter(|c| !quick.iter().any(|q| q.path == c.path))
    };
    for candidate in quick
        .iter()
        .cloned()
        .chain(std::iter::once(()).flat_map(|_| slow()))
    {
        // An explicit path that does not exist is an error of its own, not a reason to look elsewhere.
        if candidate.origin != "system library path" && !candidate.path.exists() {
            if matches!(candidate.origin, "--ort-lib" | "ORT_DYLIB_PATH") {
                return Err(user_error!(
                    "the ONNX Runtime library given by {} does not exist: {}. Point it at libonnxruntime.so.*, or install the library with: {INSTALL_HINT}",
                    candidate.origin,
                    candidate.path.display()
                ));
            }
            continue;
        }
        // dlopen of a truncated library dies with SIGBUS: look at the file first.
        let explicit = matches!(candidate.origin, "--ort-lib" | "ORT_DYLIB_PATH");
        if candidate.path.exists()
            && let Err(why) = check_library(&candidate.path)
        {
            if explicit {
                return Err(user_error!(
                    "the ONNX Runtime library given by {} is not usable: {} {why}. Point it at libonnxruntime.so.*, or install the library with: {INSTALL_HINT}",
                    candidate.origin,
                    candidate.path.display()
                ));
            }
            tried.push(format!(
                "{} ({}): {why}",
                candidate.path.display(),
                candidate.origin
            ));
            continue;
        }
        match ort::init_from(&candidate.path) {
            Ok(builder) => {
                let env = builder
                    .with_name("lit-tui")
                    .with_telemetry(false)
                    .with_logger(std::sync::Arc::new(ort_log))
                    .build()
                    .map_err(|e| {
                        user_error!(
                            "ONNX Runtime failed to start from {}: {e}",
                            candidate.path.display()
                        )
                    })?;
                if candidate.origin == PYTHON_PACKAGE {
                    remember_python_lib(&candidate.path);
                }
                let stored = ENVIRONMENT.get_or_init(|| (env, candidate.path.clone()));
                return Ok(&stored.0);
            }
            // An explicit choice that fails is an error, not a reason to load another library.
            Err(e) if matches!(candidate.origin, "--ort-lib" | "ORT_DYLIB_PATH") => {
                return Err(user_error!(
                    "the ONNX Runtime library given by {} could not be loaded from {}: {e}. Point it at libonnxruntime.so.*, or install the library with: {INSTALL_HINT}",
                    candidate.origin,
                    candidate.path.display()
                ));
            }
            Err(e) => tried.push(format!(
                "{} ({}): {e}",
                candidate.path.display(),
                candidate.origin
            )),
        }
    }
    let detail = if tried.is_empty() {
        String::new()
    } else {
        format!(" Tried: {}.", tried.join("; "))
    };
    Err(user_error!(
        "the ONNX Runtime library (libonnxruntime) was not found.{detail} Install it with: {INSTALL_HINT}; or pass --ort-lib PATH or set ORT_DYLIB_PATH."
    ))
}

/// Why `path` cannot be a shared library to load: not a regular file, not
/// ELF, or shorter than its own section header table says (a truncated copy,
/// which `dlopen` maps and then dies on with SIGBUS). Only ELF is checked.
pub fn check_library(path: &Path) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot be read: {e}"))?;
    if !meta.is_file() {
        return Err("is a folder or not a regular file (a FIFO or device)".into());
    }
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    use std::io::Read as _;
    let len = meta.len();
    let mut header = [0u8; 64];
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    let got = file
        .read(&mut header)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if got < 52 || &header[..4] != b"\x7fELF" {
        return Err("is not a shared library (no ELF header)".into());
    }
    let little = header[5] == 1;
    let u16_at = |i: usize| {
        let b = [header[i], header[i + 1]];
        u64::from(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |i: usize| {
        let b = [header[i], header[i + 1], header[i + 2], header[i + 3]];
        u64::from(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let (shoff, shentsize, shnum) = match header[4] {
        1 => (u32_at(0x20), u16_at(0x2E), u16_at(0x30)),
        2 if got >= 64 => {
            let mut b = [0u8; 8];
            b.copy_from_slice(&header[0x28..0x30]);
            let off = if little {
                u64::from_le_bytes(b)
            } else {
                u64::from_be_bytes(b)
            };
            (off, u16_at(0x3A), u16_at(0x3C))
        }
        _ => return Err("has an ELF header lit-tui does not understand".into()),
    };
    let needed = shoff.saturating_add(shentsize.saturating_mul(shnum));
    if needed > len {
        return Err(format!(
            "is truncated: it is {len} bytes, but its ELF header says it runs to at least {needed} bytes (copy it again, or reinstall)"
        ));
    }
    Ok(())
}

/// The file ONNX Runtime's own log lines go to, in the cache folder.
pub const ORT_LOG_FILE: &str = "onnxruntime.log";

/// ONNX Runtime's log lines, warnings and up, appended to [`ORT_LOG_FILE`]
/// in the cache folder; never to the terminal, where they would land on the
/// app's screen. Errors also come back from the failing call and are shown.
fn ort_log(
    level: ort::logging::LogLevel,
    category: &str,
    _id: &str,
    location: &str,
    message: &str,
) {
    use std::io::Write as _;
    use std::sync::Mutex;
    static FILE: OnceLock<Option<Mutex<std::fs::File>>> = OnceLock::new();
    if level < ort::logging::LogLevel::Warning {
        return;
    }
    let file = FILE.get_or_init(|| {
        let dir = crate::paths::cache_root()?;
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(ORT_LOG_FILE))
            .ok()
            .map(Mutex::new)
    });
    if let Some(Ok(mut f)) = file.as_ref().map(Mutex::lock) {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let _ = writeln!(f, "{secs} {level:?} {category} {location}: {message}");
    }
}

/// A line of lit-tui's own in the same log file, for what the user need not see.
pub fn log_line(message: &str) {
    ort_log(ort::logging::LogLevel::Warning, "lit-tui", "", "", message);
}

/// The path the library was loaded from, once loaded.
pub fn loaded_from() -> Option<&'static Path> {
    ENVIRONMENT.get().map(|(_, p)| p.as_path())
}

/// Every place the library may be, in search order; `ask_python` adds the
/// installed Python packages (a subprocess) and the system path.
pub fn candidates(explicit: Option<&Path>, ask_python: bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    if let Some(p) = explicit {
        // Relative to the working directory, never a search of the library path.
        out.push(Candidate {
            origin: "--ort-lib",
            path: std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
        });
    }
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH").filter(|p| !p.is_empty()) {
        out.push(Candidate {
            origin: "ORT_DYLIB_PATH",
            path: std::path::absolute(&p).unwrap_or_else(|_| PathBuf::from(p)),
        });
    }
    if let Some(p) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().and_then(newest_lib_in))
    {
        out.push(Candidate {
            origin: "beside the executable",
            path: p,
        });
    }
    // Asking Python costs ~85 ms (pyenv shims are shell scripts); remember its answer.
    if let Some(p) = remembered_python_lib() {
        out.push(Candidate {
            origin: REMEMBERED,
            path: p,
        });
    }
    if !ask_python {
        return out;
    }
    for dir in python_package_dirs() {
        if let Some(p) = newest_lib_in(&dir.join("capi")) {
            out.push(Candidate {
                origin: PYTHON_PACKAGE,
                path: p,
            });
        }
    }
    out.push(Candidate {
        origin: "system library path",
        path: PathBuf::from(LIB_NAME),
    });
    out
}

/// `libonnxruntime.so` or its highest versioned sibling (`libonnxruntime.so.1.32.0`) in `dir`.
fn newest_lib_in(dir: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(LIB_NAME) && !n.contains("providers"))
        })
        .collect();
    found.sort();
    found.pop()
}

/// Folders of installed Python `onnxruntime` packages, found without importing them
/// (an import costs a third of a second; `find_spec` costs a few milliseconds).
fn python_package_dirs() -> Vec<PathBuf> {
    const SCRIPT: &str = "import importlib.util as u\nfor n in ('onnxruntime',):\n  s=u.find_spec(n)\n  if s and s.submodule_search_locations: print(list(s.submodule_search_locations)[0])";
    let mut dirs = Vec::new();
    for python in ["python3", "python"] {
        let Ok(out) = Command::new(python).args(["-c", SCRIPT]).output() else {
            continue;
        };
        for line in String::from_utf8_lossy(&out.stdout).lines().map(str::trim) {
            let p = PathBuf::from(line);
            if !line.is_empty() && !dirs.contains(&p) {
                dirs.push(p);
            }
        }
        if !dirs.is_empty() {
            break;
        }
    }
    dirs
}

fn remembered_file() -> Option<PathBuf> {
    crate::paths::cache_root().map(|root| root.join("onnxruntime-library-path"))
}

fn remembered_python_lib() -> Option<PathBuf> {
    let text = std::fs::read_to_string(remembered_file()?).ok()?;
    let path = PathBuf::from(text.trim());
    path.exists().then_some(path)
}

fn remember_python_lib(path: &Path) {
    let (Some(file), Ok(abs)) = (remembered_file(), std::fs::canonicalize(path)) else {
        return;
    };
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(file, abs.to_string_lossy().as_bytes());
}
