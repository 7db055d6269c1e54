//! What each input and output tensor of a model is for, and its class names.
//!
//! Roles come from the usual Hugging Face / optimum tensor names, from
//! `config.json` (`id2label`, `max_position_embeddings`) and from an optional
//! `lit-tui.toml` beside the model that overrides any of it.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use serde::Deserialize;

use crate::user_error;

/// The file beside a model that overrides what lit-tui guesses.
pub const SPEC_FILE: &str = "lit-tui.toml";

/// What an output tensor holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputRole {
    /// Unnormalised class scores: softmax gives probabilities.
    Logits,
    /// Already-normalised class probabilities.
    Probabilities,
    /// One vector per input, `[batch, dim]`.
    Embedding,
    /// Token vectors of the last layer, `[batch, seq, dim]`.
    LastHiddenState,
    /// Attention probabilities of layer N, `[batch, heads, seq, seq]`.
    Attention(usize),
}

impl OutputRole {
    /// The role a tensor name implies, as HF/optimum exports name them.
    pub fn from_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "logits" | "scores" => Some(Self::Logits),
            "probabilities" | "probs" => Some(Self::Probabilities),
            "sentence_embedding" | "pooler_output" | "embeddings" | "sentence_embeddings" => {
                Some(Self::Embedding)
            }
            "last_hidden_state" => Some(Self::LastHiddenState),
            _ => lower
                .strip_prefix("attentions.")
                .or_else(|| lower.strip_prefix("attentions_"))
                .and_then(|n| n.parse().ok())
                .map(Self::Attention),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Logits => "logits (softmax gives class probabilities)".into(),
            Self::Probabilities => "class probabilities".into(),
            Self::Embedding => "sentence embedding".into(),
            Self::LastHiddenState => "last hidden state (token vectors)".into(),
            Self::Attention(n) => format!("attention probabilities, layer {n}"),
        }
    }
}

/// The optional `lit-tui.toml` beside a model.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Class names in output order.
    pub labels: Option<Vec<String>>,
    /// Longest input in tokens; longer inputs are truncated.
    pub max_length: Option<usize>,
    /// Input tensor names: `input_ids`, `attention_mask`, `token_type_ids`.
    #[serde(default)]
    pub inputs: BTreeMap<String, String>,
    /// Output tensor names by role: `logits`, `probabilities`, `embedding`, `last_hidden_state`.
    #[serde(default)]
    pub outputs: BTreeMap<String, String>,
}

impl SpecFile {
    pub fn read(path: &Path) -> Result<Option<Self>> {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Ok(None);
        };
        toml::from_str(&text)
            .map(Some)
            .map_err(|e| user_error!("{} is not a valid model spec: {e}", path.display()))
    }
}

/// The parts of `config.json` lit-tui reads.
#[derive(Debug, Default, Deserialize)]
pub struct HfConfig {
    #[serde(default)]
    pub id2label: BTreeMap<String, String>,
    pub max_position_embeddings: Option<usize>,
}

impl HfConfig {
    pub fn read(path: &Path) -> Result<Option<Self>> {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| user_error!("{} is not valid JSON: {e}", path.display()))
    }

    /// Class names in id order, when `id2label` covers 0..n without gaps.
    pub fn labels(&self) -> Result<Option<Vec<String>>> {
        if self.id2label.is_empty() {
            return Ok(None);
        }
        let mut pairs = Vec::with_capacity(self.id2label.len());
        for (k, v) in &self.id2label {
            let id: usize = k.parse().map_err(|_| {
                user_error!("config.json id2label has a key `{k}` that is not a number")
            })?;
            pairs.push((id, v.clone()));
        }
        pairs.sort();
        if pairs.iter().enumerate().any(|(i, (id, _))| i != *id) {
            return Err(user_error!(
                "config.json id2label must number its classes 0..{} without gaps",
                pairs.len()
            ));
        }
        Ok(Some(pairs.into_iter().map(|(_, v)| v).collect()))
    }
}

/// Input tensor names by role.
#[derive(Debug, Clone)]
pub struct InputNames {
    pub input_ids: String,
    pub attention_mask: Option<String>,
    pub token_type_ids: Option<String>,
}

/// Picks the input roles from the model's input names (and the spec's overrides).
pub fn input_names(available: &[String], spec: &SpecFile) -> Result<InputNames> {
    for (role, name) in &spec.inputs {
        if !matches!(
            role.as_str(),
            "input_ids" | "attention_mask" | "token_type_ids"
        ) {
            return Err(user_error!(
                "{SPEC_FILE}: [inputs] has an unknown role `{role}`; use input_ids, attention_mask or token_type_ids"
            ));
        }
        if !available.contains(name) {
            return Err(user_error!(
                "{SPEC_FILE}: [inputs] {role} = \"{name}\", but the model has no such input; it has {}",
                crate::error::list_some(available, 10)
            ));
        }
    }
    let pick = |role: &str| {
        spec.inputs
            .get(role)
            .cloned()
            .or_else(|| available.iter().find(|n| n.as_str() == role).cloned())
    };
    let input_ids = pick("input_ids").ok_or_else(|| {
        user_error!(
            "the model has no `input_ids` input (it has {}); name it in {SPEC_FILE} under [inputs]",
            crate::error::list_some(available, 10)
        )
    })?;
    let names = InputNames {
        input_ids,
        attention_mask: pick("attention_mask"),
        token_type_ids: pick("token_type_ids"),
    };
    let known = [
        Some(&names.input_ids),
        names.attention_mask.as_ref(),
        names.token_type_ids.as_ref(),
    ];
    if let Some(extra) = available.iter().find(|n| !known.contains(&Some(*n))) {
        return Err(user_error!(
            "the model needs an input `{extra}` that lit-tui cannot fill; it feeds input_ids, attention_mask and token_type_ids (name them in {SPEC_FILE} under [inputs])"
        ));
    }
    Ok(names)
}

/// Gives each output name its role: the spec's choices first, then the names.
pub fn output_roles(available: &[String], spec: &SpecFile) -> Result<Vec<(String, OutputRole)>> {
    let mut roles: Vec<(String, OutputRole)> = Vec::new();
    for (role, name) in &spec.outputs {
        let role = match role.as_str() {
            "logits" => OutputRole::Logits,
            "probabilities" | "probs" => OutputRole::Probabilities,
            "embedding" | "sentence_embedding" => OutputRole::Embedding,
            "last_hidden_state" => OutputRole::LastHiddenState,
            other => {
                return Err(user_error!(
                    "{SPEC_FILE}: [outputs] has an unknown role `{other}`; use logits, probabilities, embedding or last_hidden_state"
                ));
            }
        };
        if !available.contains(name) {
            return Err(user_error!(
                "{SPEC_FILE}: [outputs] names `{name}`, but the model's outputs are {}",
                crate::error::list_some(available, 10)
            ));
        }
        roles.push((name.clone(), role));
    }
    for name in available {
        if roles.iter().any(|(n, _)| n == name) {
            continue;
        }
        if let Some(role) = OutputRole::from_name(name) {
            // The spec's choice of a role wins over a name that implies the same role.
            if !matches!(role, OutputRole::Attention(_)) && roles.iter().any(|(_, r)| *r == role) {
                continue;
            }
            roles.push((name.clone(), role));
        }
    }
    if !roles
        .iter()
        .any(|(_, r)| matches!(r, OutputRole::Logits | OutputRole::Probabilities))
    {
        return Err(user_error!(
            "the model has no usable output: its outputs are {}, and none is class scores (`logits`, or `probabilities`/`probs`). Export it for text classification (optimum-cli export onnx --task text-classification), or name the scores output in {SPEC_FILE}: [outputs] logits = \"NAME\"",
            crate::error::list_some(available, 10)
        ));
    }
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn roles_come_from_hf_names() {
        let roles = output_roles(
            &names(&[
                "logits",
                "sentence_embedding",
                "last_hidden_state",
                "attentions.3",
                "other",
            ]),
            &SpecFile::default(),
        )
        .expect("roles");
        assert_eq!(roles.len(), 4);
        assert_eq!(roles[3], ("attentions.3".into(), OutputRole::Attention(3)));
    }

    #[test]
    fn spec_overrides_names() {
        let spec: SpecFile = toml::from_str("[outputs]\nlogits = \"scores_out\"\n").expect("toml");
        let roles = output_roles(&names(&["scores_out", "hidden"]), &spec).expect("roles");
        assert_eq!(roles, vec![("scores_out".into(), OutputRole::Logits)]);
    }

    #[test]
    fn no_scores_is_a_clear_error() {
        let err = output_roles(&names(&["last_hidden_state"]), &SpecFile::default())
            .expect_err("must fail");
        assert!(err.to_string().contains("no usable output"), "{err}");
    }

    #[test]
    fn id2label_must_be_dense() {
        let cfg: HfConfig =
            serde_json::from_str(r#"{"id2label": {"0": "a", "2": "b"}}"#).expect("json");
        assert!(cfg.labels().is_err());
        let cfg: HfConfig =
            serde_json::from_str(r#"{"id2label": {"1": "b", "0": "a"}}"#).expect("json");
        assert_eq!(
            cfg.labels().expect("ok"),
            Some(vec!["a".into(), "b".into()])
        );
    }
}
