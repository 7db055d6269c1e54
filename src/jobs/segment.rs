//! One cache segment file: a 28-byte header (magic, class count, payload
//! length, xxh3 of the payload), then rows of key, probabilities and vector.
//! The header is read first, so a huge file of junk costs nothing, and the
//! checksum catches flipped bits before a single value is used.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use super::cache::CachedRow;

const MAGIC: &[u8; 8] = b"LITTUI02";
const HEADER: u64 = 28;

/// Why a segment cannot be used; such a segment is deleted.
#[derive(Debug)]
pub enum Unusable {
    /// The file is damaged or not a segment of this cache.
    Bad(String),
    /// It could not be read now (permissions): left alone.
    Io(std::io::Error),
}

/// Writes `rows` (header, then payload hashed as it streams), synced.
pub fn write(path: &Path, classes: usize, rows: &[(u64, CachedRow)]) -> std::io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    w.write_all(MAGIC)?;
    w.write_all(&(classes as u32).to_le_bytes())?;
    w.write_all(&[0u8; 16])?; // length and checksum, filled in below
    let mut hasher = Xxh3::new();
    let mut len = 0u64;
    let mut put = |w: &mut BufWriter<File>, bytes: &[u8]| -> std::io::Result<()> {
        hasher.update(bytes);
        len += bytes.len() as u64;
        w.write_all(bytes)
    };
    for (key, row) in rows {
        put(&mut w, &key.to_le_bytes())?;
        for p in &row.probs {
            put(&mut w, &p.to_le_bytes())?;
        }
        let emb = row.embedding.as_deref().unwrap_or(&[]);
        put(&mut w, &(emb.len() as u32).to_le_bytes())?;
        for v in emb {
            put(&mut w, &v.to_le_bytes())?;
        }
    }
    w.seek(SeekFrom::Start(12))?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(&hasher.digest().to_le_bytes())?;
    w.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// Reads a whole segment, or says why it cannot be used.
pub fn read(path: &Path, classes: usize) -> Result<Vec<(u64, CachedRow)>, Unusable> {
    let file = File::open(path).map_err(Unusable::Io)?;
    let size = file.metadata().map_err(Unusable::Io)?.len();
    if size < HEADER {
        return Err(bad("shorter than its header"));
    }
    let mut r = BufReader::with_capacity(1 << 16, file);
    let mut header = [0u8; HEADER as usize];
    r.read_exact(&mut header).map_err(Unusable::Io)?;
    let word = |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().unwrap_or_default());
    if &header[..8] != MAGIC {
        return Err(bad("not a segment of this version of the cache"));
    }
    if u32::from_le_bytes(header[8..12].try_into().unwrap_or_default()) as usize != classes {
        return Err(bad("made for another number of classes"));
    }
    let (len, checksum) = (word(12), word(20));
    if size - HEADER != len {
        return Err(bad("its length does not match its header (cut short?)"));
    }
    let mut payload = Payload {
        r,
        left: len,
        hasher: Xxh3::new(),
    };
    let mut rows = Vec::new();
    while payload.left > 0 {
        let key = u64::from_le_bytes(payload.take_array()?);
        let probs = floats(&payload.take(4 * classes as u64)?);
        let dim = u32::from_le_bytes(payload.take_array()?);
        let embedding = match dim {
            0 => None,
            d => Some(floats(&payload.take(4 * u64::from(d))?)),
        };
        rows.push((key, CachedRow { probs, embedding }));
    }
    if payload.hasher.digest() != checksum {
        return Err(bad("its checksum does not match (damaged on disk)"));
    }
    Ok(rows)
}

fn bad(why: &str) -> Unusable {
    Unusable::Bad(why.to_string())
}

fn floats(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// The payload as it streams in: bounded by the header's length, hashed as read.
struct Payload {
    r: BufReader<File>,
    left: u64,
    hasher: Xxh3,
}

impl Payload {
    fn take(&mut self, n: u64) -> Result<Vec<u8>, Unusable> {
        if n > self.left {
            return Err(bad("a row runs past the end"));
        }
        self.left -= n;
        let mut buf = vec![0u8; n as usize];
        self.r.read_exact(&mut buf).map_err(Unusable::Io)?;
        self.hasher.update(&buf);
        Ok(buf)
    }

    fn take_array<const N: usize>(&mut self) -> Result<[u8; N], Unusable> {
        let bytes = self.take(N as u64)?;
        bytes.try_into().map_err(|_| bad("a row runs past the end"))
    }
}
