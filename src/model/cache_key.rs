//! The key of a model's cached outputs: everything that changes what a row
//! gives, not only the weights. Two loads share cached answers only when the
//! same text would give the same numbers.

use xxhash_rust::xxh3::Xxh3;

/// Bump whenever lit-tui changes how text becomes inputs or outputs become
/// scores and vectors (trimming, truncation, pooling, softmax): old cached
/// answers then stop matching.
pub const PROCESSING_VERSION: u32 = 1;

/// What goes into the key besides the model's own hash.
pub struct KeyParts<'a> {
    /// The model's hash (weights, however `Model::load` computes it).
    pub model_hash: u64,
    pub tokenizer: &'a [u8],
    /// `lit-tui.toml` beside the model (empty when there is none).
    pub spec: &'a [u8],
    /// `config.json` (empty when there is none): class names, length limit.
    pub config: &'a [u8],
    pub max_length: usize,
    /// Output names and roles, in order.
    pub outputs: &'a [(String, String)],
    pub labels: &'a [String],
}

pub fn cache_key(p: &KeyParts) -> u64 {
    let mut h = Xxh3::new();
    let mut field = |bytes: &[u8]| {
        // Length-prefixed, so fields cannot run into each other.
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(&PROCESSING_VERSION.to_le_bytes());
    field(&p.model_hash.to_le_bytes());
    field(p.tokenizer);
    field(p.spec);
    field(p.config);
    field(&(p.max_length as u64).to_le_bytes());
    for (name, role) in p.outputs {
        field(name.as_bytes());
        field(role.as_bytes());
    }
    for label in p.labels {
        field(label.as_bytes());
    }
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_changes_the_key() {
        let outputs = vec![("logits".to_string(), "Logits".to_string())];
        let labels = vec!["a".to_string(), "b".to_string()];
        let base = KeyParts {
            model_hash: 1,
            tokenizer: b"tok",
            spec: b"",
            config: b"{}",
            max_length: 128,
            outputs: &outputs,
            labels: &labels,
        };
        let key = cache_key(&base);
        let other_outputs = vec![("logits".to_string(), "Probabilities".to_string())];
        let other_labels = vec!["b".to_string(), "a".to_string()];
        let changed = [
            KeyParts {
                model_hash: 2,
                ..base
            },
            KeyParts {
                tokenizer: b"tok2",
                ..base
            },
            KeyParts {
                spec: b"max_length = 4",
                ..base
            },
            KeyParts {
                config: b"{ }",
                ..base
            },
            KeyParts {
                max_length: 4,
                ..base
            },
            KeyParts {
                outputs: &other_outputs,
                ..base
            },
            KeyParts {
                labels: &other_labels,
                ..base
            },
        ];
        for (i, parts) in changed.iter().enumerate() {
            assert_ne!(cache_key(parts), key, "part {i}");
        }
        // Fields cannot slide into each other.
        let split = KeyParts {
            tokenizer: b"to",
            spec: b"k",
            ..base
        };
        let joined = KeyParts {
            tokenizer: b"tok",
            spec: b"",
            ..base
        };
        assert_ne!(cache_key(&split), cache_key(&joined));
    }
}
