//! Projections on disk, keyed by the model, the rows, the method and its
//! parameters: reopening the same data shows the same layout at once.

use std::io::Write;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

const MAGIC: &[u8; 8] = b"LITPRJ01";
/// Bumped whenever a method's algorithm changes, so older layouts are refit.
const ALGORITHMS: &str = "pca 2, umap 4 (nn-descent, parallel layout), tsne 2 (barnes-hut)";

/// The file for this model, these rows, this method and these parameters.
pub fn path(root: &Path, model_hash: u64, ids: &[u64], method: &str, params: &str) -> PathBuf {
    let mut h = Xxh3::new();
    h.update(&model_hash.to_le_bytes());
    for id in ids {
        h.update(&id.to_le_bytes());
    }
    h.update(method.as_bytes());
    h.update(params.as_bytes());
    h.update(ALGORITHMS.as_bytes());
    root.join("projections")
        .join(format!("{:016x}.bin", h.digest()))
}

/// The cached layout, if the file is whole and has `n` points.
pub fn load(path: &Path, n: usize) -> Option<Vec<[f32; 2]>> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() != 16 + n * 8
        || &bytes[..8] != MAGIC
        || u64::from_le_bytes(bytes[8..16].try_into().ok()?) != n as u64
    {
        return None;
    }
    Some(
        bytes[16..]
            .chunks_exact(8)
            .map(|c| {
                [
                    f32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                ]
            })
            .collect(),
    )
}

/// Writes to a temporary file, then renames. A cache that cannot be written is
/// not worth an error.
pub fn save(path: &Path, coords: &[[f32; 2]]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        f.write_all(MAGIC)?;
        f.write_all(&(coords.len() as u64).to_le_bytes())?;
        for c in coords {
            f.write_all(&c[0].to_le_bytes())?;
            f.write_all(&c[1].to_le_bytes())?;
        }
        f.flush()
    })();
    if written.is_ok() {
        let _ = std::fs::rename(&tmp, path);
    } else {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_round_trips_and_a_short_file_is_ignored() {
        let root =
            std::env::temp_dir().join(format!("lit-tui-projection-cache-{}", std::process::id()));
        let file = path(&root, 1, &[1, 2], "UMAP", "seed=0");
        assert_ne!(file, path(&root, 1, &[1, 2], "UMAP", "seed=1"));
        save(&file, &[[1.0, 2.0], [3.5, -4.0]]);
        assert_eq!(load(&file, 2), Some(vec![[1.0, 2.0], [3.5, -4.0]]));
        assert_eq!(load(&file, 3), None);
        let _ = std::fs::remove_dir_all(root);
    }
}
