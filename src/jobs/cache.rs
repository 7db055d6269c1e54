//! On-disk cache of model outputs, keyed by the model file's hash and the hash
//! of the text the model saw. A second run over the same data computes nothing.
//!
//! Layout: `<cache dir>/predictions/<model hash>/<segment>.bin`. Each run that
//! computes something writes one new segment (temp file, then rename), so two
//! processes never write the same file and a crash never leaves half a file.

use std::collections::HashMap;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

const MAGIC: &[u8; 8] = b"LITTUI01";

/// One cached row.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedRow {
    pub probs: Vec<f32>,
    pub embedding: Option<Vec<f32>>,
}

/// The cached outputs of one model.
pub struct PredictionCache {
    dir: PathBuf,
    classes: usize,
    rows: HashMap<u64, CachedRow>,
    fresh: Vec<(u64, CachedRow)>,
}

impl PredictionCache {
    /// Opens (and reads) the cache of the model with this hash. Unreadable
    /// segments are skipped: a cache is never worth failing a run for.
    pub fn open(root: &Path, model_hash: u64, classes: usize) -> Self {
        let dir = root.join("predictions").join(format!("{model_hash:016x}"));
        let mut rows = HashMap::new();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "bin") {
                    let _ = read_segment(&path, classes, &mut rows);
                } else if path.extension().is_some_and(|e| e == "tmp") && is_stale_temp(&path) {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        Self {
            dir,
            classes,
            rows,
            fresh: Vec::new(),
        }
    }

    /// The cached row, if it has what is wanted.
    pub fn get(&self, key: u64, need_embedding: bool) -> Option<&CachedRow> {
        self.rows
            .get(&key)
            .filter(|r| !need_embedding || r.embedding.is_some())
    }

    pub fn insert(&mut self, key: u64, row: CachedRow) {
        self.fresh.push((key, row.clone()));
        self.rows.insert(key, row);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the rows inserted since opening as a new segment.
    pub fn flush(&mut self) -> Result<()> {
        if self.fresh.is_empty() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create the cache folder {}", self.dir.display()))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let name = format!("{stamp}-{}", std::process::id());
        let tmp = self.dir.join(format!("{name}.tmp"));
        let done = self.dir.join(format!("{name}.bin"));
        let written = write_segment(&tmp, self.classes, &self.fresh)
            .and_then(|()| std::fs::rename(&tmp, &done));
        if let Err(e) = written {
            // A full disk must not keep the half-written segment.
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("cannot write the cache {}", done.display()));
        }
        self.fresh.clear();
        Ok(())
    }
}

fn write_segment(tmp: &Path, classes: usize, rows: &[(u64, CachedRow)]) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(tmp)?);
    w.write_all(MAGIC)?;
    w.write_all(&(classes as u32).to_le_bytes())?;
    for (key, row) in rows {
        w.write_all(&key.to_le_bytes())?;
        for p in &row.probs {
            w.write_all(&p.to_le_bytes())?;
        }
        let emb = row.embedding.as_deref().unwrap_or(&[]);
        w.write_all(&(emb.len() as u32).to_le_bytes())?;
        for v in emb {
            w.write_all(&v.to_le_bytes())?;
        }
    }
    w.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// A temp segment `<stamp>-<pid>.tmp` whose writer is gone: its process is not
/// running, or it is more than an hour old (a segment takes seconds to write).
fn is_stale_temp(path: &Path) -> bool {
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

fn read_segment(path: &Path, classes: usize, rows: &mut HashMap<u64, CachedRow>) -> Result<()> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    let mut r = Reader {
        bytes: &bytes,
        at: 0,
    };
    if r.take(8)? != MAGIC || r.u32()? as usize != classes {
        anyhow::bail!("not a cache segment for this model");
    }
    let mut parsed = Vec::new();
    while r.at < bytes.len() {
        let key = r.u64()?;
        let probs = r.f32s(classes)?;
        let dim = r.u32()? as usize;
        let embedding = if dim > 0 { Some(r.f32s(dim)?) } else { None };
        parsed.push((key, CachedRow { probs, embedding }));
    }
    // Only a whole segment counts.
    for (key, row) in parsed {
        let keep_old = rows
            .get(&key)
            .is_some_and(|old| old.embedding.is_some() && row.embedding.is_none());
        if !keep_old {
            rows.insert(key, row);
        }
    }
    Ok(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| anyhow::anyhow!("truncated cache segment"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into()?))
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into()?))
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f32>> {
        let raw = self.take(n * 4)?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_survive_a_reopen_and_bad_segments_are_ignored() {
        let dir = std::env::temp_dir().join(format!("lit-tui-cache-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut cache = PredictionCache::open(&dir, 7, 2);
        cache.insert(
            1,
            CachedRow {
                probs: vec![0.25, 0.75],
                embedding: Some(vec![1.0, 2.0, 3.0]),
            },
        );
        cache.insert(
            2,
            CachedRow {
                probs: vec![0.5, 0.5],
                embedding: None,
            },
        );
        cache.flush().expect("flush");
        std::fs::write(
            dir.join("predictions/0000000000000007/junk.bin"),
            b"LITTUI01\x02\0\0\0\x01",
        )
        .expect("junk");

        let cache = PredictionCache::open(&dir, 7, 2);
        assert_eq!(cache.len(), 2);
        assert_eq!(
            cache.get(1, true).map(|r| r.embedding.clone()),
            Some(Some(vec![1.0, 2.0, 3.0]))
        );
        assert!(cache.get(2, true).is_none(), "row 2 has no embedding");
        assert_eq!(
            cache.get(2, false).map(|r| r.probs.clone()),
            Some(vec![0.5, 0.5])
        );
        assert!(
            PredictionCache::open(&dir, 7, 3).is_empty(),
            "another class count is another cache"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
