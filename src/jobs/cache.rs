//! On-disk cache of model outputs, keyed by the model's cache key (weights,
//! tokenizer, truncation, spec: `model::cache_key`) and the hash of the text
//! the model saw. A second run over the same data computes nothing.
//!
//! Layout: `<cache dir>/predictions/<cache key>/<segment>.bin` (`jobs::segment`). Each run that
//! computes something writes one new segment (temp file, then rename), so two
//! processes never write the same file and a crash never leaves half a file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::segment;

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
    dropped: usize,
    /// Why a write failed: later rows are not kept for another try, and
    /// `flush` says so.
    unwritable: Option<String>,
}

/// Computed rows per segment written while a run goes on.
const SEGMENT_ROWS: usize = 8192;

impl PredictionCache {
    /// Opens (and reads) the cache of the model with this hash. Unreadable
    /// segments are skipped: a cache is never worth failing a run for.
    pub fn open(root: &Path, model_hash: u64, classes: usize) -> Self {
        Self::open_for(root, model_hash, classes, |_| true)
    }

    /// As `open`, keeping only the rows whose key is `wanted`: a run over one
    /// chunk of a big file holds that chunk's rows, not every row ever cached.
    pub fn open_for(
        root: &Path,
        model_hash: u64,
        classes: usize,
        wanted: impl Fn(u64) -> bool,
    ) -> Self {
        let dir = root.join("predictions").join(format!("{model_hash:016x}"));
        let mut rows = HashMap::new();
        let mut dropped = 0;
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "bin") {
                    match segment::read(&path, classes) {
                        Ok(parsed) => merge_rows(&mut rows, parsed, &wanted),
                        // Damaged or foreign: its rows are recomputed and written anew.
                        Err(segment::Unusable::Bad(_)) => {
                            dropped += 1;
                            let _ = std::fs::remove_file(&path);
                        }
                        Err(segment::Unusable::Io(_)) => {}
                    }
                } else if path.extension().is_some_and(|e| e == "tmp")
                    && crate::paths::is_stale_temp(&path)
                {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        Self {
            dir,
            classes,
            rows,
            fresh: Vec::new(),
            dropped,
            unwritable: None,
        }
    }

    /// A cache to add rows to without reading what it holds (one new row
    /// costs one small segment, not a read of every segment).
    pub fn for_writing(root: &Path, model_hash: u64, classes: usize) -> Self {
        Self {
            dir: root.join("predictions").join(format!("{model_hash:016x}")),
            classes,
            rows: HashMap::new(),
            fresh: Vec::new(),
            dropped: 0,
            unwritable: None,
        }
    }

    /// Segments found damaged (or of another format) and deleted on opening.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The cached row, if it has what is wanted.
    pub fn get(&self, key: u64, need_embedding: bool) -> Option<&CachedRow> {
        self.rows
            .get(&key)
            .filter(|r| !need_embedding || r.embedding.is_some())
    }

    /// The cached row, moved out (a key is looked up once per run, and the
    /// row then lives in the app: keeping a copy here doubled the memory).
    pub fn take(&mut self, key: u64, need_embedding: bool) -> Option<CachedRow> {
        self.get(key, need_embedding)?;
        self.rows.remove(&key)
    }

    /// Adds a computed row, written by the next `flush`. It is not looked up
    /// again in this run (each text runs once), so it is not kept twice, and
    /// every `SEGMENT_ROWS` rows go to disk: a long run holds one segment's
    /// rows, not all of them (SST-2 train with vectors: 103 MB), and a run
    /// killed midway keeps what it finished.
    pub fn insert(&mut self, key: u64, row: CachedRow) {
        if self.unwritable.is_some() {
            return;
        }
        self.fresh.push((key, row));
        if self.fresh.len() >= SEGMENT_ROWS
            && let Err(e) = self.flush()
        {
            // A cache that cannot be written costs speed next time, not memory now.
            self.unwritable = Some(format!("{e:#}"));
            self.fresh = Vec::new();
        }
    }

    /// Rows read on opening and not taken.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the rows inserted since opening as a new segment.
    pub fn flush(&mut self) -> Result<()> {
        if let Some(why) = &self.unwritable {
            anyhow::bail!("{why}");
        }
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
        let written = segment::write(&tmp, self.classes, &self.fresh)
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

/// Adds a segment's rows; a row with a vector is not replaced by one without.
fn merge_rows(
    rows: &mut HashMap<u64, CachedRow>,
    parsed: Vec<(u64, CachedRow)>,
    wanted: impl Fn(u64) -> bool,
) {
    for (key, row) in parsed.into_iter().filter(|(key, _)| wanted(*key)) {
        let keep_old = rows
            .get(&key)
            .is_some_and(|old| old.embedding.is_some() && row.embedding.is_none());
        if !keep_old {
            rows.insert(key, row);
        }
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
        assert_eq!(cache.dropped(), 1, "the junk segment");
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

    #[test]
    fn a_long_run_writes_its_rows_as_it_goes() {
        let dir = std::env::temp_dir().join(format!("lit-tui-cache-long-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut cache = PredictionCache::open(&dir, 9, 2);
        for key in 0..SEGMENT_ROWS as u64 + 3 {
            cache.insert(
                key,
                CachedRow {
                    probs: vec![0.5, 0.5],
                    embedding: None,
                },
            );
        }
        assert_eq!(cache.fresh.len(), 3, "a full segment went to disk");
        assert_eq!(PredictionCache::open(&dir, 9, 2).len(), SEGMENT_ROWS);
        cache.flush().expect("flush");
        assert_eq!(PredictionCache::open(&dir, 9, 2).len(), SEGMENT_ROWS + 3);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
