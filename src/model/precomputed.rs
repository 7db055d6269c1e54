//! A model that runs nothing: the app opened on `--predictions` with no
//! `--model`. It names the classes and the source; every attempt to run it
//! (salience, generators, new rows) is an error that says to give `--model`.

use std::path::Path;
use std::sync::Mutex;

use anyhow::Result;

use super::{Device, InputNames, Model, ModelFiles, OutputRole, ThreadPlan};

impl Model {
    /// Scores read from `source`, with these classes; `embeddings` when the
    /// file holds a vector per row.
    pub fn precomputed(source: &Path, labels: Vec<String>, embeddings: bool) -> Result<Self> {
        let mut outputs = vec![("scores".to_string(), OutputRole::Probabilities)];
        if embeddings {
            outputs.push(("embedding".to_string(), OutputRole::Embedding));
        }
        // Caches of derived results (projections) follow the file's identity.
        let mut key = xxhash_rust::xxh3::Xxh3::new();
        key.update(b"precomputed predictions");
        key.update(source.as_os_str().as_encoded_bytes());
        if let Ok(meta) = std::fs::metadata(source) {
            key.update(&meta.len().to_le_bytes());
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            key.update(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
        }
        let hash = key.digest();
        Ok(Self {
            name: crate::data::file_name(source),
            files: ModelFiles {
                onnx: source.to_path_buf(),
                tokenizer: source.to_path_buf(),
                config: None,
                spec: source.with_file_name("lit-tui.toml"),
            },
            labels,
            inputs: InputNames {
                input_ids: String::new(),
                attention_mask: None,
                token_type_ids: None,
            },
            outputs,
            max_length: 512,
            hash,
            cache_key: hash,
            device: Device::Cpu,
            device_note: None,
            threads: ThreadPlan {
                sessions: 0,
                intra_threads: 0,
            },
            io: Default::default(),
            sessions: std::sync::OnceLock::new(),
            tokenizer: tokenizers::Tokenizer::new(tokenizers::models::bpe::BPE::default()),
            int32_inputs: false,
            env: None,
            gradients: Mutex::new(None),
        })
    }

    /// Whether this model only holds precomputed predictions.
    pub fn is_precomputed(&self) -> bool {
        self.env.is_none()
    }
}
