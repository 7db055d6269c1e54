//! Tokenization with Hugging Face `tokenizers`, truncated to the model's limit.

use std::path::Path;

use anyhow::Result;
use tokenizers::{Tokenizer, TruncationParams};

use crate::user_error;

/// One tokenized input: ids and mask, unpadded.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub ids: Vec<u32>,
}

impl Encoded {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

pub(super) fn load(path: &Path, max_length: usize) -> Result<Tokenizer> {
    let mut tokenizer = Tokenizer::from_file(path).map_err(|e| {
        user_error!(
            "{} is not a tokenizer lit-tui can read: {e}. Save one with the Hugging Face tokenizers library (tokenizer.save_pretrained)",
            path.display()
        )
    })?;
    // Padding is done per batch by lit-tui; truncation must respect the model's limit.
    tokenizer.with_padding(None);
    let truncation = match tokenizer.get_truncation() {
        Some(t) if t.max_length <= max_length => t.clone(),
        Some(t) => TruncationParams {
            max_length,
            ..t.clone()
        },
        None => TruncationParams {
            max_length,
            ..Default::default()
        },
    };
    tokenizer
        .with_truncation(Some(truncation))
        .map_err(|e| user_error!("cannot set truncation on {}: {e}", path.display()))?;
    Ok(tokenizer)
}

/// Tokenizes texts (in parallel inside `tokenizers`), with the model's special tokens.
pub fn encode(tokenizer: &Tokenizer, texts: &[&str]) -> Result<Vec<Encoded>> {
    let encodings = tokenizer
        .encode_batch(texts.to_vec(), true)
        .map_err(|e| anyhow::anyhow!("tokenization failed: {e}"))?;
    Ok(encodings
        .into_iter()
        .map(|e| Encoded {
            ids: e.get_ids().to_vec(),
        })
        .collect())
}
