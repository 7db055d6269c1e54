//! One copy of the weights for all of a model's CPU sessions.
//!
//! ONNX Runtime's optimiser folds a quantized model's weights back to fp32 and
//! packs them for its matmuls: about 180 MB per session for the 23 MB int8
//! MiniLM, so one session per core made memory grow with the core count. Here
//! the graph is optimised once and kept in the cache; every session loads that
//! file without optimising again, takes its weights from one set of tensors
//! lit-tui owns (`AddInitializer`), and shares their packed forms through one
//! prepacked-weights container.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, anyhow};
use ort::environment::Environment;
use ort::session::Session;
use ort::session::builder::{GraphOptimizationLevel, PrepackedWeights, SessionBuilder};
use ort::value::{DynValue, Tensor};

use super::onnx_proto::{Graph, TensorData};

pub struct SharedWeights {
    /// The optimised graph every session loads.
    pub graph: PathBuf,
    initializers: Vec<(String, Arc<DynValue>)>,
    packed: PrepackedWeights,
    /// A graph written outside the cache, removed once the sessions exist.
    scratch: bool,
}

impl SharedWeights {
    /// Optimises `onnx` (or finds it optimised in `cache`) and loads its weights once.
    /// `key` names the model and runtime (see `optimized_name`).
    pub fn prepare(
        env: &Environment,
        onnx: &Path,
        key: u64,
        cache: Option<&Path>,
        options: impl Fn(&Environment) -> Result<SessionBuilder>,
    ) -> Result<Self> {
        let dir = cache
            .map(|c| c.join("optimized"))
            .filter(|d| std::fs::create_dir_all(d).is_ok());
        let scratch = dir.is_none();
        let dir = dir.unwrap_or_else(std::env::temp_dir);
        sweep_temps(&dir);
        let graph = match scratch {
            // Outside a cache, each process keeps its own and removes it.
            true => dir.join(format!("lit-tui-{key:016x}-{}.onnx", std::process::id())),
            false => dir.join(format!("{key:016x}.onnx")),
        };
        let cached = !scratch && graph.is_file();
        if !cached {
            optimise(env, onnx, &graph, &options)?;
        }
        let initializers = match load_initializers(&graph) {
            Ok(i) => i,
            // A damaged cached graph is built again, once.
            Err(_) if cached => {
                forget(&graph);
                optimise(env, onnx, &graph, &options)?;
                load_initializers(&graph).inspect_err(|_| forget(&graph))?
            }
            Err(e) => {
                forget(&graph);
                return Err(e);
            }
        };
        Ok(Self {
            graph,
            initializers,
            packed: PrepackedWeights::new(),
            scratch,
        })
    }

    /// Drops a cached graph that failed, so the next start builds it again.
    pub fn forget(&self) {
        forget(&self.graph);
    }

    /// A builder for one more session on the shared weights.
    pub fn attach(&self, mut builder: SessionBuilder) -> Result<SessionBuilder> {
        // The graph is optimised already; doing it again would copy the weights.
        builder = builder
            .with_optimization_level(GraphOptimizationLevel::Disable)
            .map_err(|e| anyhow!("{e}"))?
            .with_prepacked_weights(&self.packed)
            .map_err(|e| anyhow!("{e}"))?;
        for (name, value) in &self.initializers {
            builder = builder
                .with_initializer(name, Arc::clone(value))
                .map_err(|e| anyhow!("cannot share the weight `{name}`: {e}"))?;
        }
        Ok(builder)
    }
}

impl Drop for SharedWeights {
    fn drop(&mut self) {
        if self.scratch {
            forget(&self.graph);
        }
    }
}

/// Removes an optimised graph and its weights file.
fn forget(graph: &Path) {
    if let Ok(bytes) = std::fs::read(graph)
        && let Ok(parsed) = Graph::parse(&bytes)
    {
        let dir = graph.parent().unwrap_or(Path::new("."));
        for file in parsed.external_files() {
            let _ = std::fs::remove_file(dir.join(file));
        }
    }
    let _ = std::fs::remove_file(graph);
}

/// Graphs half written by a process that is gone.
fn sweep_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.extension().is_some_and(|e| e == "tmp") && crate::paths::is_stale_temp(&path) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Names the optimised graph: the model's bytes, and the runtime library
/// (path, size and time), whose optimiser made it.
pub fn key(model_hash: u64) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&model_hash.to_le_bytes());
    h.update(b"optimised graph v1");
    if let Some(lib) = crate::runtime::loaded_from() {
        h.update(lib.as_os_str().as_encoded_bytes());
        if let Ok(meta) = std::fs::metadata(lib) {
            h.update(&meta.len().to_le_bytes());
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            h.update(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
        }
    }
    h.digest()
}

/// Writes the optimised graph through a temp file, so a crash never leaves a half graph.
fn optimise(
    env: &Environment,
    onnx: &Path,
    out: &Path,
    options: &impl Fn(&Environment) -> Result<SessionBuilder>,
) -> Result<()> {
    let stem = out
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let pid = std::process::id();
    let tmp = out.with_file_name(format!("{stem}-{pid}.tmp"));
    // Per process, so two starts optimising at once never share a file.
    let weights = format!("{stem}-{pid}.weights");
    let made: Result<Session> = options(env)?
        .with_optimization_level(GraphOptimizationLevel::All)
        .map_err(|e| anyhow!("{e}"))?
        .with_optimized_model_path(&tmp)
        .map_err(|e| anyhow!("{e}"))?
        // Weights in a file of their own: each session then parses a small
        // graph instead of holding a copy of the weights while it loads.
        .with_config_entry(
            "session.optimized_model_external_initializers_file_name",
            &weights,
        )
        .map_err(|e| anyhow!("{e}"))?
        .with_config_entry(
            "session.optimized_model_external_initializers_min_size_in_bytes",
            "1024",
        )
        .map_err(|e| anyhow!("{e}"))?
        .commit_from_file(onnx)
        .map_err(|e| anyhow!("{e}"));
    let renamed = made.and_then(|session| {
        drop(session);
        std::fs::rename(&tmp, out).map_err(|e| anyhow!("cannot keep {}: {e}", out.display()))
    });
    let dir = out.parent().unwrap_or(Path::new("."));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(dir.join(&weights));
        return renamed;
    }
    // Weights of earlier graphs of this key (a start killed mid-write) are orphans now.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for path in entries.flatten().map(|e| e.path()) {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with(&format!("{stem}-"))
                && name.ends_with(".weights")
                && *name != weights
            {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    Ok(())
}

/// The main graph's initializers as tensors lit-tui owns, inline or in the
/// weights file beside it, each read straight into its tensor. Types ONNX
/// Runtime cannot take from us here (strings, fp16) stay in the graph.
fn load_initializers(graph: &Path) -> Result<Vec<(String, Arc<DynValue>)>> {
    use std::io::{Read, Seek, SeekFrom};
    if cfg!(target_endian = "big") {
        return Err(anyhow!("ONNX weights are little-endian"));
    }
    let bytes = std::fs::read(graph).map_err(|e| anyhow!("{}: {e}", graph.display()))?;
    let parsed = Graph::parse(&bytes)?;
    let dir = graph.parent().unwrap_or(Path::new("."));
    let mut files: std::collections::HashMap<String, std::fs::File> = Default::default();
    let mut out = Vec::new();
    for init in parsed.initializers.iter().filter(|i| i.top_level) {
        let name = &init.name;
        let fill = |buf: &mut [u8]| -> Result<()> {
            match &init.data {
                TensorData::Inline(range) => {
                    let raw = range
                        .clone()
                        .and_then(|r| bytes.get(r))
                        .filter(|raw| raw.len() == buf.len())
                        .ok_or_else(|| anyhow!("initializer `{name}` has no raw data"))?;
                    buf.copy_from_slice(raw);
                }
                TensorData::External {
                    location, offset, ..
                } => {
                    if !files.contains_key(location) {
                        let path = dir.join(location);
                        let file = std::fs::File::open(&path)
                            .map_err(|e| anyhow!("{}: {e}", path.display()))?;
                        files.insert(location.clone(), file);
                    }
                    let file = files.get_mut(location).expect("opened above");
                    file.seek(SeekFrom::Start(*offset))?;
                    file.read_exact(buf)
                        .map_err(|e| anyhow!("initializer `{name}`: {e}"))?;
                }
            }
            Ok(())
        };
        if let Some(value) = tensor(init.data_type, init.dims.clone(), fill)? {
            out.push((name.clone(), Arc::new(value)));
        }
    }
    Ok(out)
}

/// A tensor of ONNX type `data_type` whose little-endian bytes `fill` writes.
fn tensor(
    data_type: i32,
    dims: Vec<i64>,
    fill: impl FnOnce(&mut [u8]) -> Result<()>,
) -> Result<Option<DynValue>> {
    fn make<T>(
        dims: Vec<i64>,
        fill: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<Option<DynValue>>
    where
        T: ort::value::PrimitiveTensorElementType + bytemuck::Pod + std::fmt::Debug + 'static,
    {
        let Ok(n) = usize::try_from(dims.iter().product::<i64>()) else {
            return Ok(None);
        };
        let mut data = vec![T::zeroed(); n];
        fill(bytemuck::cast_slice_mut(&mut data))?;
        Ok(Some(Tensor::from_array((dims, data))?.into_dyn()))
    }
    match data_type {
        1 => make::<f32>(dims, fill),
        2 => make::<u8>(dims, fill),
        3 => make::<i8>(dims, fill),
        4 => make::<u16>(dims, fill),
        5 => make::<i16>(dims, fill),
        6 => make::<i32>(dims, fill),
        7 => make::<i64>(dims, fill),
        11 => make::<f64>(dims, fill),
        12 => make::<u32>(dims, fill),
        13 => make::<u64>(dims, fill),
        _ => Ok(None),
    }
}
