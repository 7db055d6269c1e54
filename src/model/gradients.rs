//! Gradients of a model's class probability with respect to its word
//! embeddings, from a `gradients.onnx` graph exported beside `model.onnx`
//! (see `shared/models/sst2-minilm-grad/README.md` for the convention).
//!
//! - `model.onnx` must output `input_embs` `[batch, seq, dim]`: the word
//!   embedding lookup only (what LIT's BERT models return as `input_embs`).
//! - `gradients.onnx` takes `input_embs`, `attention_mask`, `token_type_ids`
//!   and `grad_class` `[batch]`, and outputs `grad_input_embs_proba`
//!   `[batch, seq, dim]` = ∂ softmax(logits)[grad_class] / ∂ input_embs (LIT's
//!   target) and `probas` `[batch, classes]`.
//!
//! [`Model::gradients`] loads the graph on first use; [`Model::gradient_support`]
//! says cheaply whether it can.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use ort::session::{OutputSelector, RunOptions, Session};
use ort::value::Tensor;

use super::onnx_proto::{Graph, TensorData};
use super::{Encoded, Model};
use crate::user_error;

/// The file beside `model.onnx` that holds the gradient graph.
pub const GRADIENTS_FILE: &str = "gradients.onnx";
/// The `model.onnx` output holding the word-embedding lookup.
pub const INPUT_EMBS: &str = "input_embs";
/// The `gradients.onnx` output: gradient of the target class's probability.
pub const GRAD_OUTPUT: &str = "grad_input_embs_proba";
/// Why a model has no gradient methods, as the UI shows it.
pub const NO_GRADIENTS: &str = "needs gradients.onnx: see README";

/// One text's wordpieces, embeddings and gradient for one target class.
#[derive(Debug, Clone)]
pub struct TokenGradients {
    /// Wordpieces as the tokenizer writes them, with `[CLS]` and `[SEP]`.
    pub tokens: Vec<String>,
    pub ids: Vec<u32>,
    /// Byte range of each wordpiece in the text (`(0, 0)` for special tokens),
    /// to merge wordpieces into words (`analysis::salience::word_keys`).
    pub offsets: Vec<(usize, usize)>,
    /// The class whose probability was differentiated.
    pub target: usize,
    /// `tokens.len() × dim`, row-major: `input_embs` of `model.onnx`.
    pub input_embs: Vec<f32>,
    /// `tokens.len() × dim`: ∂ p(target) / ∂ input_embs.
    pub grads: Vec<f32>,
    /// Class probabilities at these embeddings.
    pub probs: Vec<f32>,
    pub dim: usize,
}

/// One row for [`Gradients::at_embeddings`]: embeddings (`len × dim`) and a target class.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedRow<'a> {
    pub embs: &'a [f32],
    pub target: usize,
}

/// The gradient of one [`EmbeddedRow`] (`len × dim`) and its class probabilities.
#[derive(Debug, Clone)]
pub struct RowGradient {
    pub grads: Vec<f32>,
    pub probs: Vec<f32>,
}

/// A loaded `gradients.onnx`.
pub struct Gradients {
    session: Mutex<Session>,
    path: PathBuf,
    /// Width of one embedding.
    pub dim: usize,
    /// xxh3 of the gradient graph and its external data, for caches.
    pub hash: u64,
    input_names: Vec<String>,
}

impl Model {
    /// Whether gradient methods can run, or why not ([`NO_GRADIENTS`] and what is missing).
    pub fn gradient_support(&self) -> std::result::Result<(), String> {
        let path = self.gradients_path();
        if !path.exists() {
            return Err(format!(
                "{NO_GRADIENTS} (no {GRADIENTS_FILE} beside the model)"
            ));
        }
        if !self.has_input_embs_output() {
            return Err(format!(
                "{NO_GRADIENTS} (the model has no `{INPUT_EMBS}` output)"
            ));
        }
        Ok(())
    }

    /// The gradient graph, loaded on first use and kept.
    pub fn gradients(&self) -> Result<Arc<Gradients>> {
        if let Err(reason) = self.gradient_support() {
            return Err(user_error!("{}: {reason}", self.files.onnx.display()));
        }
        let mut slot = self
            .gradients
            .lock()
            .map_err(|_| anyhow::anyhow!("gradient graph lock poisoned"))?;
        if let Some(g) = slot.as_ref() {
            return Ok(g.clone());
        }
        let loaded = Arc::new(Gradients::load(self)?);
        *slot = Some(loaded.clone());
        Ok(loaded)
    }

    fn gradients_path(&self) -> PathBuf {
        self.files
            .onnx
            .parent()
            .unwrap_or(Path::new(""))
            .join(GRADIENTS_FILE)
    }

    /// The last dimension of `input_embs`, when the graph fixes it.
    fn input_embs_width(&self) -> Option<usize> {
        self.io.output(INPUT_EMBS).and_then(|t| t.last_dim())
    }

    fn has_input_embs_output(&self) -> bool {
        self.io.output(INPUT_EMBS).is_some()
    }

    /// Runs `model.onnx` for the `input_embs` of each text: wordpieces and
    /// `len × dim` embeddings per text, padding removed.
    pub fn input_embeddings(&self, texts: &[&str]) -> Result<Vec<(Encoded, Vec<f32>)>> {
        self.runnable()?;
        let encoded = self.encode(texts)?;
        let batch: Vec<&Encoded> = encoded.iter().collect();
        let (seq, ids, mask) = pad_ids(&batch);
        let rows = batch.len();
        let mut inputs: Vec<(String, ort::session::SessionInputValue<'_>)> = Vec::new();
        let shape = [rows, seq];
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
            push(&name, mask)?;
        }
        if let Some(name) = self.inputs.token_type_ids.clone() {
            push(&name, vec![0; rows * seq])?;
        }
        let options =
            RunOptions::new()?.with_outputs(OutputSelector::no_default().with(INPUT_EMBS));
        let mut session = self.session(0)?;
        let outputs = session
            .run_with_options(inputs, &options)
            .context("ONNX Runtime failed to run the model for input_embs")?;
        let (shape, data) = outputs[INPUT_EMBS]
            .try_extract_tensor::<f32>()
            .map_err(|e| user_error!("output `{INPUT_EMBS}` is not a float tensor: {e}"))?;
        if shape.len() != 3 || shape[0] as usize != rows || shape[1] as usize != seq {
            return Err(user_error!(
                "output `{INPUT_EMBS}` has shape {shape:?}, expected [{rows}, {seq}, dim]"
            ));
        }
        let dim = shape[2] as usize;
        Ok(encoded
            .into_iter()
            .enumerate()
            .map(|(r, enc)| {
                let start = r * seq * dim;
                let embs = data[start..start + enc.len() * dim].to_vec();
                (enc, embs)
            })
            .collect())
    }

    /// For each text and its target class: wordpieces, `input_embs` and the
    /// gradient of the target's probability. Rows of any lengths may share a
    /// batch; each gets the values it would get alone.
    pub fn token_gradients(
        &self,
        texts: &[&str],
        targets: &[usize],
    ) -> Result<Vec<TokenGradients>> {
        if texts.len() != targets.len() {
            return Err(anyhow::anyhow!(
                "token_gradients: {} texts but {} targets",
                texts.len(),
                targets.len()
            ));
        }
        let gradients = self.gradients()?;
        let embedded = self.input_embeddings(texts)?;
        let rows: Vec<EmbeddedRow<'_>> = embedded
            .iter()
            .zip(targets)
            .map(|((_, embs), &target)| EmbeddedRow { embs, target })
            .collect();
        let grads = gradients.at_embeddings(&rows)?;
        let pieces = self
            .tokenizer()
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| anyhow::anyhow!("tokenization failed: {e}"))?;
        Ok(embedded
            .into_iter()
            .zip(grads)
            .zip(targets)
            .zip(pieces)
            .map(
                |((((enc, input_embs), g), &target), piece)| TokenGradients {
                    tokens: piece.get_tokens().to_vec(),
                    offsets: piece.get_offsets().to_vec(),
                    ids: enc.ids,
                    target,
                    input_embs,
                    grads: g.grads,
                    probs: g.probs,
                    dim: gradients.dim,
                },
            )
            .collect())
    }
}

impl Gradients {
    fn load(model: &Model) -> Result<Self> {
        let path = model.gradients_path();
        let bytes =
            std::fs::read(&path).map_err(|e| user_error!("cannot read {}: {e}", path.display()))?;
        let hash = super::hash::model_hash(&path, &bytes)?;
        drop(bytes);
        let plan = super::ThreadPlan {
            sessions: 1,
            intra_threads: model.threads.sessions * model.threads.intra_threads,
        };
        let session = super::sessions::create(model.env()?, &path, plan, model.device, None)?
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("no gradient session was created"))?;
        let (input_names, dim) = {
            let s = session
                .lock()
                .map_err(|_| anyhow::anyhow!("gradient session lock poisoned"))?;
            let names: Vec<String> = s.inputs().iter().map(|i| i.name().to_string()).collect();
            for need in [INPUT_EMBS, "grad_class"] {
                if !names.iter().any(|n| n == need) {
                    return Err(user_error!(
                        "{} has no `{need}` input; {NO_GRADIENTS}",
                        path.display()
                    ));
                }
            }
            if !s.outputs().iter().any(|o| o.name() == GRAD_OUTPUT) {
                return Err(user_error!(
                    "{} has no `{GRAD_OUTPUT}` output; {NO_GRADIENTS}",
                    path.display()
                ));
            }
            let dim = s
                .inputs()
                .iter()
                .find(|i| i.name() == INPUT_EMBS)
                .and_then(|i| i.dtype().tensor_shape().and_then(|s| s.last().copied()))
                .filter(|&d| d > 0)
                .map(|d| d as usize)
                .or_else(|| model.input_embs_width())
                .unwrap_or(0);
            (names, dim)
        };
        Ok(Self {
            session,
            path,
            dim,
            hash,
            input_names,
        })
    }

    /// Runs the gradient graph on given embeddings (e.g. interpolated, for
    /// Integrated Gradients): one batch, padded with zeros and mask 0.
    pub fn at_embeddings(&self, rows: &[EmbeddedRow<'_>]) -> Result<Vec<RowGradient>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let dim = self.dim_of(rows)?;
        let lens: Vec<usize> = rows.iter().map(|r| r.embs.len() / dim).collect();
        let n = rows.len();
        let seq = lens.iter().copied().max().unwrap_or(1).max(1);
        let mut embs = vec![0f32; n * seq * dim];
        let mut mask = vec![0i64; n * seq];
        for (r, row) in rows.iter().enumerate() {
            embs[r * seq * dim..][..row.embs.len()].copy_from_slice(row.embs);
            mask[r * seq..][..lens[r]].fill(1);
        }
        let mut inputs: Vec<(String, ort::session::SessionInputValue<'_>)> = Vec::new();
        for name in &self.input_names {
            let value: ort::session::SessionInputValue<'_> = match name.as_str() {
                INPUT_EMBS => {
                    Tensor::from_array(([n, seq, dim], std::mem::take(&mut embs)))?.into()
                }
                "attention_mask" => Tensor::from_array(([n, seq], mask.clone()))?.into(),
                "token_type_ids" => Tensor::from_array(([n, seq], vec![0i64; n * seq]))?.into(),
                "grad_class" => {
                    let classes: Vec<i64> = rows.iter().map(|r| r.target as i64).collect();
                    Tensor::from_array(([n], classes))?.into()
                }
                other => {
                    return Err(user_error!(
                        "{} wants an input `{other}` lit-tui does not know how to fill",
                        self.path.display()
                    ));
                }
            };
            inputs.push((name.clone(), value));
        }
        let options = RunOptions::new()?.with_outputs(
            OutputSelector::no_default()
                .with(GRAD_OUTPUT)
                .with("probas"),
        );
        let mut session = self.session.lock().map_err(|_| {
            anyhow::anyhow!("an earlier gradient run failed badly; restart lit-tui")
        })?;
        let outputs = session
            .run_with_options(inputs, &options)
            .context("ONNX Runtime failed to run the gradient graph")?;
        let (_, grads) = outputs[GRAD_OUTPUT]
            .try_extract_tensor::<f32>()
            .map_err(|e| user_error!("output `{GRAD_OUTPUT}` is not a float tensor: {e}"))?;
        let (pshape, probs) = outputs["probas"]
            .try_extract_tensor::<f32>()
            .map_err(|e| user_error!("output `probas` is not a float tensor: {e}"))?;
        let classes = pshape.last().copied().unwrap_or(0) as usize;
        Ok((0..n)
            .map(|r| RowGradient {
                grads: grads[r * seq * dim..][..lens[r] * dim].to_vec(),
                probs: probs[r * classes..][..classes].to_vec(),
            })
            .collect())
    }

    fn dim_of(&self, rows: &[EmbeddedRow<'_>]) -> Result<usize> {
        let dim = self.dim;
        if dim == 0 {
            return Err(user_error!(
                "{}: the width of `{INPUT_EMBS}` is not fixed in the graph",
                self.path.display()
            ));
        }
        if let Some(bad) = rows
            .iter()
            .find(|r| r.embs.len() % dim != 0 || r.embs.is_empty())
        {
            return Err(anyhow::anyhow!(
                "embeddings of {} values are not whole rows of {dim}",
                bad.embs.len()
            ));
        }
        Ok(dim)
    }
}

/// The word-embedding table `[vocab, dim]` (float32) that `input_embs` looks up,
/// for HotFlip: the initializer that a `Gather` on `input_ids` reads in `model.onnx`.
pub fn word_embedding_table(model: &Model) -> Result<(Vec<f32>, usize, usize)> {
    let onnx = &model.files.onnx;
    let bytes =
        std::fs::read(onnx).map_err(|e| user_error!("cannot read {}: {e}", onnx.display()))?;
    let graph = Graph::parse(&bytes)?;
    let ids = &model.inputs.input_ids;
    let table_name = graph
        .nodes
        .iter()
        .find(|n| n.op_type == "Gather" && n.inputs.get(1) == Some(ids))
        .and_then(|n| n.inputs.first())
        .ok_or_else(|| {
            user_error!(
                "{}: no Gather reads `{ids}`, so the word-embedding table cannot be found",
                onnx.display()
            )
        })?;
    let init = graph
        .initializers
        .iter()
        .find(|i| &i.name == table_name && i.data_type == 1 && i.dims.len() == 2)
        .ok_or_else(|| {
            user_error!(
                "{}: `{table_name}` is not a float32 [vocab, dim] initializer",
                onnx.display()
            )
        })?;
    let (vocab, dim) = (init.dims[0] as usize, init.dims[1] as usize);
    let raw = match &init.data {
        TensorData::Inline(Some(range)) => bytes[range.clone()].to_vec(),
        TensorData::Inline(None) => {
            return Err(user_error!(
                "{}: `{table_name}` keeps no raw data",
                onnx.display()
            ));
        }
        TensorData::External {
            location, offset, ..
        } => read_range(
            &onnx.parent().unwrap_or(Path::new("")).join(location),
            *offset,
            vocab * dim * 4,
        )?,
    };
    if raw.len() != vocab * dim * 4 {
        return Err(user_error!(
            "{}: `{table_name}` holds {} bytes, expected {}",
            onnx.display(),
            raw.len(),
            vocab * dim * 4
        ));
    }
    let table = raw
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    Ok((table, vocab, dim))
}

fn read_range(path: &Path, offset: u64, len: usize) -> Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)
        .map_err(|e| user_error!("cannot read {}: {e}", path.display()))?;
    file.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; len];
    file.read_exact(&mut buf).map_err(|e| {
        user_error!(
            "cannot read {} bytes at {offset} of {}: {e}",
            len,
            path.display()
        )
    })?;
    Ok(buf)
}

/// Token ids and masks padded to the longest row.
fn pad_ids(batch: &[&Encoded]) -> (usize, Vec<i64>, Vec<i64>) {
    let rows = batch.len();
    let seq = batch.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
    let mut ids = vec![0i64; rows * seq];
    let mut mask = vec![0i64; rows * seq];
    for (r, enc) in batch.iter().enumerate() {
        for (c, &id) in enc.ids.iter().enumerate() {
            ids[r * seq + c] = i64::from(id);
            mask[r * seq + c] = 1;
        }
    }
    (seq, ids, mask)
}
