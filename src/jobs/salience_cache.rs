//! On-disk cache of salience maps, keyed by the model's content hash, the
//! text, the method, the target class and the method's parameters (LIT #124).
//!
//! Layout: `<cache dir>/salience/<model hash>/<key>.sal`, one small file per
//! map: a magic line, the xxh3 of the body, then the body as JSON. Writes go
//! to a temp file that is renamed into place, so a reader never sees half a
//! file; a file whose checksum fails is ignored (and recomputed).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

const MAGIC: &str = "LITSAL01";

/// One cached map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedSalience {
    pub tokens: Vec<String>,
    pub scores: Vec<f32>,
}

/// What a cached map depends on.
#[derive(Debug, Clone, Copy)]
pub struct SalienceKey<'a> {
    pub text: &'a str,
    pub method: &'a str,
    pub target: usize,
    /// The method's parameters as JSON (`SalienceParams::describe`).
    pub params: &'a serde_json::Value,
    /// Anything else the result depends on, e.g. the gradient graph's hash.
    pub extra: u64,
}

impl SalienceKey<'_> {
    pub fn digest(&self) -> u64 {
        let mut h = Xxh3::new();
        for part in [self.text, self.method, &self.params.to_string()] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.update(&(self.target as u64).to_le_bytes());
        h.update(&self.extra.to_le_bytes());
        h.digest()
    }
}

/// The salience cache of one model.
pub struct SalienceCache {
    dir: PathBuf,
}

impl SalienceCache {
    pub fn open(root: &Path, model_hash: u64) -> Self {
        Self {
            dir: root.join("salience").join(format!("{model_hash:016x}")),
        }
    }

    fn path(&self, key: &SalienceKey<'_>) -> PathBuf {
        self.dir.join(format!("{:016x}.sal", key.digest()))
    }

    /// The cached map, if a whole, unchanged file holds it.
    pub fn get(&self, key: &SalienceKey<'_>) -> Option<CachedSalience> {
        let text = std::fs::read_to_string(self.path(key)).ok()?;
        let mut lines = text.splitn(3, '\n');
        let (magic, sum, body) = (lines.next()?, lines.next()?, lines.next()?);
        if magic != MAGIC || u64::from_str_radix(sum, 16).ok()? != xxh3_64(body.as_bytes()) {
            return None;
        }
        serde_json::from_str(body).ok()
    }

    /// Stores a map (temp file, then rename).
    pub fn put(&self, key: &SalienceKey<'_>, value: &CachedSalience) -> Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        let body = serde_json::to_string(value)?;
        let content = format!("{MAGIC}\n{:016x}\n{body}", xxh3_64(body.as_bytes()));
        let path = self.path(key);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, content).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lit-tui-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn stores_reads_and_rejects_damaged_files() {
        let root = scratch("salience-cache");
        let cache = SalienceCache::open(&root, 7);
        let params = serde_json::json!({"samples": 256});
        let key = SalienceKey {
            text: "a fine film",
            method: "lime",
            target: 1,
            params: &params,
            extra: 0,
        };
        assert!(cache.get(&key).is_none());
        let value = CachedSalience {
            tokens: vec!["a".into(), "fine".into(), "film".into()],
            scores: vec![0.1, 0.7, -0.2],
        };
        cache.put(&key, &value).expect("put");
        assert_eq!(cache.get(&key), Some(value));
        // Another class, another key.
        assert!(cache.get(&SalienceKey { target: 0, ..key }).is_none());
        // A flipped byte fails the checksum.
        let path = cache.path(&key);
        let mut bytes = std::fs::read(&path).expect("read");
        let last = bytes.len() - 3;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).expect("write");
        assert!(cache.get(&key).is_none());
        let _ = std::fs::remove_dir_all(root);
    }
}
