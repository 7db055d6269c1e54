//! Attention probabilities of one text, for models that export
//! `attentions.N` (`[batch, heads, seq, seq]`, one output per layer).

use anyhow::{Context, Result};
use ort::session::{OutputSelector, RunOptions};
use ort::value::Tensor;

use super::{Model, OutputRole};
use crate::user_error;

/// Every layer's and head's attention for one text, unpadded.
#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    /// The wordpieces, with `[CLS]` and `[SEP]`.
    pub tokens: Vec<String>,
    pub layers: usize,
    pub heads: usize,
    /// `layers × heads × seq × seq`, row-major: row `i` is token `i`'s
    /// attention to every token.
    pub weights: Vec<f32>,
}

impl Attention {
    pub fn seq(&self) -> usize {
        self.tokens.len()
    }

    /// Token `from`'s attention to every token, in one head.
    pub fn row(&self, layer: usize, head: usize, from: usize) -> &[f32] {
        let n = self.seq();
        let start = ((layer * self.heads + head) * n + from) * n;
        &self.weights[start..start + n]
    }

    /// The head's mean entropy over its rows, divided by ln(seq): 0 when
    /// every token looks at one token, 1 when it looks at all evenly.
    pub fn entropy(&self, layer: usize, head: usize) -> f32 {
        let n = self.seq();
        if n < 2 {
            return 0.0;
        }
        let total: f32 = (0..n)
            .map(|i| {
                self.row(layer, head, i)
                    .iter()
                    .filter(|&&p| p > 0.0)
                    .map(|&p| -p * p.ln())
                    .sum::<f32>()
            })
            .sum();
        total / n as f32 / (n as f32).ln()
    }

    /// The head's mean attention to the first and last tokens (`[CLS]`, `[SEP]`).
    pub fn to_special(&self, layer: usize, head: usize) -> f32 {
        let n = self.seq();
        let total: f32 = (0..n)
            .map(|i| {
                let row = self.row(layer, head, i);
                row[0] + if n > 1 { row[n - 1] } else { 0.0 }
            })
            .sum();
        total / n.max(1) as f32
    }
}

impl Model {
    /// The `attentions.N` outputs, by layer.
    pub fn attention_outputs(&self) -> Vec<(usize, &str)> {
        let mut out: Vec<(usize, &str)> = self
            .outputs
            .iter()
            .filter_map(|(name, role)| match role {
                OutputRole::Attention(n) => Some((*n, name.as_str())),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out
    }

    pub fn has_attention(&self) -> bool {
        !self.attention_outputs().is_empty()
    }

    /// Runs the model on `text` alone (no padding) for every layer's attention.
    pub fn attention(&self, text: &str) -> Result<Attention> {
        self.runnable()?;
        let layers = self.attention_outputs();
        if layers.is_empty() {
            return Err(user_error!(
                "{} exports no attentions.N outputs",
                self.files.onnx.display()
            ));
        }
        let encoding = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| anyhow::anyhow!("tokenization failed: {e}"))?;
        let ids: Vec<i64> = encoding.get_ids().iter().map(|&i| i64::from(i)).collect();
        let seq = ids.len().max(1);
        let shape = [1, seq];
        let mut inputs: Vec<(String, ort::session::SessionInputValue<'_>)> = Vec::new();
        let mut push = |name: &str, data: Vec<i64>| -> Result<()> {
            let value: ort::session::SessionInputValue<'_> = if self.int32_inputs {
                let data: Vec<i32> = data.into_iter().map(|v| v as i32).collect();
                Tensor::from_array((shape, data))?.into()
            } else {
                Tensor::from_array((shape, data))?.into()
            };
            inputs.push((name.to_string(), value));
            Ok(())
        };
        push(&self.inputs.input_ids, ids)?;
        if let Some(name) = self.inputs.attention_mask.clone() {
            push(&name, vec![1; seq])?;
        }
        if let Some(name) = self.inputs.token_type_ids.clone() {
            push(&name, vec![0; seq])?;
        }
        let mut selector = OutputSelector::no_default();
        for (_, name) in &layers {
            selector = selector.with(*name);
        }
        let options = RunOptions::new()?.with_outputs(selector);
        let mut session = self.session(0)?;
        let outputs = session
            .run_with_options(inputs, &options)
            .context("ONNX Runtime failed to run the model for attentions")?;
        let mut weights = Vec::new();
        let mut heads = 0;
        for (_, name) in &layers {
            let (shape, data) = outputs[*name]
                .try_extract_tensor::<f32>()
                .map_err(|e| user_error!("output `{name}` is not a float tensor: {e}"))?;
            let ok = shape.len() == 4
                && shape[0] == 1
                && shape[2] as usize == seq
                && shape[3] as usize == seq
                && (heads == 0 || shape[1] as usize == heads);
            if !ok {
                return Err(user_error!(
                    "output `{name}` has shape {shape:?}, expected [1, heads, {seq}, {seq}]"
                ));
            }
            heads = shape[1] as usize;
            weights.extend_from_slice(data);
        }
        Ok(Attention {
            tokens: encoding.get_tokens().to_vec(),
            layers: layers.len(),
            heads,
            weights,
        })
    }
}
