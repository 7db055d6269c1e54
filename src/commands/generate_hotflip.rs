//! `lit-tui generate --generator hotflip`: gradients from the model's
//! gradient graph, the word-embedding table from its weights, then HotFlip
//! per parent.

use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::Evaluated;
use super::generate::predict_strings;
use super::generate_records::{Generated, Run};
use crate::analysis::generators::Control;
use crate::analysis::generators::hotflip::{
    EmbeddingTable, HotFlipSettings, Parent, Piece, hotflip,
};
use crate::model::gradients::word_embedding_table;
use crate::progress::ProgressBar;
use crate::user_error;

/// Parents whose gradients are computed in one batch.
const GRADIENT_BATCH: usize = 16;

pub fn run_hotflip(ev: &Evaluated, parents: &[usize]) -> Result<Run> {
    let model = &ev.model;
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
    let texts = ev.dataset.texts()?;
    let settings = HotFlipSettings::default();
    let cancel = AtomicBool::new(false);
    let control = Control {
        progress: &|_| {},
        cancel: &cancel,
    };
    let mut predict = |t: &[String]| predict_strings(model, t);
    let mut bar = ProgressBar::new("hotflip");
    let mut generated = Vec::new();
    let mut calls = Vec::with_capacity(parents.len());
    for (k, chunk) in parents.chunks(GRADIENT_BATCH).enumerate() {
        let chunk_texts: Vec<&str> = chunk.iter().map(|&p| texts[p]).collect();
        let targets: Vec<usize> = chunk
            .iter()
            .map(|&p| ev.predictions.predicted(p).unwrap_or(0))
            .collect();
        let gradients = model.token_gradients(&chunk_texts, &targets)?;
        for (&p, g) in chunk.iter().zip(gradients) {
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
            let parent = Parent {
                text: texts[p],
                pieces: &pieces,
                grads: &g.grads,
                probs: ev.predictions.row(p),
            };
            let outcome = hotflip(parent, table, &settings, &mut predict, control)?;
            calls.push((outcome.model_calls, 1 + outcome.candidates));
            generated.extend(outcome.flips.into_iter().map(|f| {
                Generated {
                    parent: p,
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
        bar.update(
            (k * GRADIENT_BATCH + chunk.len()).min(parents.len()),
            parents.len(),
        );
    }
    bar.finish(&format!("hotflip on {} rows", parents.len()));
    let mut run = Run::new("hotflip", settings.describe(), generated);
    run.model_calls = Some(calls);
    Ok(run)
}
