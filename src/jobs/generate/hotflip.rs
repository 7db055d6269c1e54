//! HotFlip over parents: gradients from the model's gradient graph, the
//! word-embedding table from its weights, then HotFlip per parent.

use anyhow::Result;

use super::{Generated, Parent, Run, predict_strings};
use crate::analysis::generators::Control;
use crate::analysis::generators::hotflip::{self, EmbeddingTable, HotFlipSettings, Piece};
use crate::model::Model;
use crate::model::gradients::word_embedding_table;
use crate::user_error;

/// Parents whose gradients are computed in one batch.
const GRADIENT_BATCH: usize = 16;

pub fn run(
    model: &Model,
    settings: &HotFlipSettings,
    parents: &[Parent],
    control: Control,
    run: &mut Run,
) -> Result<()> {
    if let Err(reason) = model.gradient_support() {
        return Err(user_error!(
            "HotFlip needs gradients: {}: {reason}",
            model.files.onnx.display()
        ));
    }
    let (table, vocab_size, dim) = word_embedding_table(model)?;
    let vocab: Vec<String> = (0..vocab_size as u32)
        .map(|id| model.tokenizer().id_to_token(id).unwrap_or_default())
        .collect();
    let table = EmbeddingTable {
        data: &table,
        dim,
        vocab: &vocab,
    };
    let mut predict = |t: &[String]| predict_strings(model, t);
    let mut calls = Vec::with_capacity(parents.len());
    let mut done = 0;
    for chunk in parents.chunks(GRADIENT_BATCH) {
        control.check()?;
        let texts: Vec<&str> = chunk.iter().map(|p| p.text).collect();
        let targets: Vec<usize> = chunk
            .iter()
            .map(|p| crate::analysis::generators::argmax(p.probs).unwrap_or(0))
            .collect();
        let gradients = model.token_gradients(&texts, &targets)?;
        for (p, g) in chunk.iter().zip(gradients) {
            anyhow::ensure!(
                g.dim == dim,
                "the gradient is {} wide but the embedding table {dim}",
                g.dim
            );
            let pieces: Vec<Piece> = g
                .tokens
                .iter()
                .zip(&g.offsets)
                .map(|(token, &(start, end))| Piece {
                    token: token.clone(),
                    span: (start < end).then_some(start..end),
                })
                .collect();
            let parent = hotflip::Parent {
                text: p.text,
                pieces: &pieces,
                grads: &g.grads,
                probs: p.probs,
            };
            let outcome = hotflip::hotflip(parent, table, settings, &mut predict, control)?;
            calls.push((outcome.model_calls, 1 + outcome.candidates));
            run.generated.extend(outcome.flips.into_iter().map(|f| {
                Generated {
                    parent: p.index,
                    text: f.text,
                    change: f
                        .swaps
                        .iter()
                        .map(|(old, new)| format!("{old} -> {new}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    positions: Some(f.positions),
                    probs: f.probs,
                }
            }));
        }
        done += chunk.len();
        (control.progress)(done as f32 / parents.len().max(1) as f32);
    }
    run.model_calls = Some(calls);
    Ok(())
}
