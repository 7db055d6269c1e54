//! The content hash of a model: its .onnx bytes and every external data file
//! the graph names, so caches follow the weights rather than the path.

use std::io::Read;
use std::path::Path;

use anyhow::Result;
use xxhash_rust::xxh3::Xxh3;

use super::onnx_proto::Graph;
use crate::user_error;

/// xxh3 over the model bytes, then over each external file's name and bytes.
/// A model without external data hashes to `xxh3_64(bytes)`, as before.
pub fn model_hash(onnx: &Path, bytes: &[u8]) -> Result<u64> {
    // A file that does not parse is left for ONNX Runtime to reject with its own words.
    let files = Graph::parse(bytes)
        .map(|g| g.external_files())
        .unwrap_or_default();
    if files.is_empty() {
        return Ok(xxhash_rust::xxh3::xxh3_64(bytes));
    }
    let dir = onnx.parent().unwrap_or(Path::new(""));
    let mut hasher = Xxh3::new();
    hasher.update(bytes);
    for name in files {
        let path = dir.join(&name);
        hasher.update(name.as_bytes());
        hash_file(&path, &mut hasher).map_err(|e| {
            user_error!(
                "{} keeps its weights in `{name}`, which cannot be read at {} ({e}); keep the external data file beside the .onnx file",
                onnx.display(),
                path.display()
            )
        })?;
    }
    Ok(hasher.digest())
}

fn hash_file(path: &Path, hasher: &mut Xxh3) -> std::io::Result<()> {
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        hasher.update(&buf[..n]);
    }
}
