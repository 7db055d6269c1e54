//! HotFlip, as LIT's `hotflip.py` defines it, for models with gradients: swap
//! a few wordpieces for the vocabulary entries that the gradient says push
//! the prediction away from its class the most.
//!
//! 1. Order the wordpieces by ‖g‖², the squared norm of the gradient of the
//!    predicted class's probability with respect to their embeddings; keep the
//!    top 10.
//! 2. For each, the replacement is the vocabulary entry `v` maximising
//!    `E_v · (−g)`: one backward pass for every position at once.
//! 3. Try combinations of 1 to 3 positions, smallest first, skipping supersets
//!    of flips found, until 5 outputs.
//!
//! Unlike LIT, which feeds the edited wordpieces to the model and writes the
//! text as the pieces joined with spaces, each candidate is written back as
//! text (`##` pieces glued to the word before, everything not replaced kept as
//! written) and kept only when the model, run on that text, confirms the flip.
//! Special and unused vocabulary entries (`[CLS]`, `[unused12]`) are never
//! chosen as replacements.

use std::ops::Range;

use anyhow::Result;

use super::search::{Scorer, binomial, combinations, is_subset};
use super::{Control, Predict, argmax};
use crate::analysis::distance::dots;

/// One wordpiece of the parent: its text and where it lies in the parent
/// (`None` for special tokens, which are never replaced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub token: String,
    pub span: Option<Range<usize>>,
}

/// The model's word-embedding table and the token of each row.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddingTable<'a> {
    /// `vocab.len() × dim`, row-major.
    pub data: &'a [f32],
    pub dim: usize,
    pub vocab: &'a [String],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HotFlipSettings {
    /// Most positions changed at once (LIT: 3).
    pub max_flips: usize,
    /// Most outputs (LIT: 5).
    pub max_outputs: usize,
    /// How many of the highest-gradient positions combinations draw from (LIT: 10).
    pub max_flippable: usize,
    /// Most candidates sent to `predict` at once: small, because five flips
    /// often come early and the rest of a batch is then wasted.
    pub batch: usize,
}

impl Default for HotFlipSettings {
    fn default() -> Self {
        Self {
            max_flips: 3,
            max_outputs: 5,
            max_flippable: 10,
            batch: 16,
        }
    }
}

impl HotFlipSettings {
    pub fn describe(&self) -> String {
        format!(
            "max_flips={} max_outputs={}",
            self.max_flips, self.max_outputs
        )
    }
}

/// One confirmed flip.
#[derive(Debug, Clone, PartialEq)]
pub struct HotFlip {
    pub text: String,
    /// Indices into the pieces, ascending.
    pub positions: Vec<usize>,
    /// `(old piece, new piece)` at each position.
    pub swaps: Vec<(String, String)>,
    pub probs: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HotFlipOutcome {
    pub flips: Vec<HotFlip>,
    pub original_class: usize,
    /// Texts the model ran on (each distinct text once).
    pub model_calls: usize,
    /// Candidate sets looked at.
    pub candidates: usize,
}

/// The row HotFlip starts from.
#[derive(Debug, Clone, Copy)]
pub struct Parent<'a> {
    pub text: &'a str,
    pub pieces: &'a [Piece],
    /// Gradient of the probability of the predicted class with respect to
    /// each piece's embedding, `pieces.len() × dim`.
    pub grads: &'a [f32],
    /// The model's probabilities for `text`.
    pub probs: &'a [f32],
}

/// Runs HotFlip on one parent.
pub fn hotflip(
    parent: Parent<'_>,
    table: EmbeddingTable<'_>,
    settings: &HotFlipSettings,
    predict: &mut Predict<'_>,
    control: Control<'_>,
) -> Result<HotFlipOutcome> {
    let Parent {
        text,
        pieces,
        grads,
        probs: original,
    } = parent;
    let original_class =
        argmax(original).ok_or_else(|| anyhow::anyhow!("the parent's prediction has NaN"))?;
    let dim = table.dim;
    anyhow::ensure!(
        grads.len() == pieces.len() * dim,
        "gradients of {} values for {} wordpieces of width {dim}",
        grads.len(),
        pieces.len()
    );
    let top = top_positions(pieces, grads, dim, settings.max_flippable);
    let replacements: Vec<String> = top
        .iter()
        .map(|&i| best_replacement(table, &grads[i * dim..(i + 1) * dim]))
        .collect();
    let mut outcome = HotFlipOutcome {
        flips: Vec::new(),
        original_class,
        model_calls: 0,
        candidates: 0,
    };
    let mut scorer = Scorer::new(predict);
    let sizes = 1..=settings.max_flips.min(top.len());
    let total: usize = sizes.clone().map(|k| binomial(top.len(), k)).sum();
    let mut flipped: Vec<Vec<usize>> = Vec::new();
    'sizes: for size in sizes {
        control.check()?;
        // Sets of one size never contain each other: only smaller flips rule one out.
        let candidates: Vec<Vec<usize>> = combinations(top.len(), size)
            .filter(|set| !flipped.iter().any(|f| is_subset(f, set)))
            .collect();
        for chunk in candidates.chunks(settings.batch.max(1)) {
            control.check()?;
            let texts: Vec<String> = chunk
                .iter()
                .map(|set| {
                    let swaps: Vec<(usize, &str)> = set
                        .iter()
                        .map(|&k| (top[k], replacements[k].as_str()))
                        .collect();
                    detokenize(text, pieces, &swaps)
                })
                .collect();
            let probs = scorer.score(&texts)?;
            for ((set, new_text), probs) in chunk.iter().zip(texts).zip(probs) {
                outcome.candidates += 1;
                if argmax(&probs).is_some_and(|c| c != original_class) {
                    outcome.flips.push(confirmed(
                        pieces,
                        &top,
                        &replacements,
                        set,
                        new_text,
                        probs,
                    ));
                    flipped.push(set.clone());
                    if outcome.flips.len() >= settings.max_outputs {
                        break 'sizes;
                    }
                }
            }
            (control.progress)(outcome.candidates as f32 / total.max(1) as f32);
        }
    }
    outcome.model_calls = scorer.calls;
    Ok(outcome)
}

/// A flip, with its positions in reading order.
fn confirmed(
    pieces: &[Piece],
    top: &[usize],
    replacements: &[String],
    set: &[usize],
    text: String,
    probs: Vec<f32>,
) -> HotFlip {
    let mut chosen: Vec<(usize, String)> = set
        .iter()
        .map(|&k| (top[k], replacements[k].clone()))
        .collect();
    chosen.sort_unstable();
    HotFlip {
        text,
        positions: chosen.iter().map(|c| c.0).collect(),
        swaps: chosen
            .into_iter()
            .map(|(i, new)| (pieces[i].token.clone(), new))
            .collect(),
        probs,
    }
}

/// Replaceable positions by ‖g‖², largest first (ties in reading order).
fn top_positions(pieces: &[Piece], grads: &[f32], dim: usize, n: usize) -> Vec<usize> {
    let mut scored: Vec<(usize, f32)> = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.span.as_ref().is_some_and(|s| !s.is_empty()))
        .map(|(i, _)| {
            let g = &grads[i * dim..(i + 1) * dim];
            (i, g.iter().map(|x| x * x).sum::<f32>())
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.into_iter().take(n).map(|(i, _)| i).collect()
}

/// Special and unused entries (`[CLS]`, `[unused3]`) make no text.
fn is_special(token: &str) -> bool {
    token.len() > 2 && token.starts_with('[') && token.ends_with(']')
}

/// The vocabulary entry whose embedding has the largest dot product with −g.
fn best_replacement(table: EmbeddingTable<'_>, g: &[f32]) -> String {
    let minus_g: Vec<f32> = g.iter().map(|x| -x).collect();
    let rows: Vec<u32> = (0..table.vocab.len() as u32).collect();
    let scores = dots(table.data, table.dim, &rows, &minus_g);
    // The first of equal maxima, as numpy's argmax.
    let best = scores
        .iter()
        .enumerate()
        .filter(|(v, _)| !is_special(&table.vocab[*v]))
        .fold(None, |best: Option<(usize, f32)>, (v, &s)| match best {
            Some((_, b)) if s <= b => best,
            _ => Some((v, s)),
        });
    best.map(|(v, _)| table.vocab[v].clone())
        .unwrap_or_default()
}

/// `text` with the pieces at the given positions replaced by new wordpieces,
/// the rest kept as written. A `##` piece joins the word before it; a whole
/// word gets a space where it would otherwise run into a neighbouring word.
pub fn detokenize(text: &str, pieces: &[Piece], swaps: &[(usize, &str)]) -> String {
    let mut swaps: Vec<(usize, &str)> = swaps.to_vec();
    // Right to left, so the spans still to do stay valid.
    swaps.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (i, new) in swaps {
        let Some(span) = pieces[i].span.clone() else {
            continue;
        };
        let (glue, word) = match new.strip_prefix("##") {
            Some(rest) => (true, rest),
            None => (false, new),
        };
        let next_is_continuation = pieces.get(i + 1).is_some_and(|p| p.token.starts_with("##"));
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let space_after = !next_is_continuation
            && alnum(word.chars().last())
            && alnum(out[span.end..].chars().next());
        let mut start = span.start;
        let mut replacement = String::new();
        if glue {
            // Pull the piece onto the word before it.
            start = out[..start].trim_end().len();
        } else if alnum(out[..start].chars().last()) && alnum(word.chars().next()) {
            replacement.push(' ');
        }
        replacement.push_str(word);
        if space_after {
            replacement.push(' ');
        }
        out.replace_range(start..span.end, &replacement);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn pieces(text: &str, tokens: &[(&str, Option<(usize, usize)>)]) -> Vec<Piece> {
        let _ = text;
        tokens
            .iter()
            .map(|(t, s)| Piece {
                token: t.to_string(),
                span: s.map(|(a, b)| a..b),
            })
            .collect()
    }

    #[test]
    fn detokenize_joins_wordpieces_and_keeps_the_rest() {
        let text = "An unbelievable film.";
        let p = pieces(
            text,
            &[
                ("[CLS]", None),
                ("an", Some((0, 2))),
                ("un", Some((3, 5))),
                ("##believable", Some((5, 15))),
                ("film", Some((16, 20))),
                (".", Some((20, 21))),
                ("[SEP]", None),
            ],
        );
        assert_eq!(
            detokenize(text, &p, &[(4, "movie")]),
            "An unbelievable movie."
        );
        // A whole word replacing a continuation piece stands apart.
        assert_eq!(detokenize(text, &p, &[(3, "good")]), "An un good film.");
        // A ## piece replacing a word glues to the word before.
        assert_eq!(detokenize(text, &p, &[(4, "##ly")]), "An unbelievablely.");
        // A word replacing punctuation after a word gets a space.
        assert_eq!(
            detokenize(text, &p, &[(5, "bad")]),
            "An unbelievable film bad"
        );
        assert_eq!(
            detokenize(text, &p, &[(1, "the"), (4, "##s")]),
            "the unbelievables."
        );
        assert_eq!(detokenize(text, &p, &[(0, "x")]), text, "specials are kept");
    }

    /// A toy model over a 4-word vocabulary in 2-D: positive iff the text holds "good".
    #[test]
    fn flips_follow_the_gradient_and_are_confirmed() {
        let vocab: Vec<String> = ["[PAD]", "good", "bad", "film"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let table = [-9.0, 9.0, 1.0, 0.0, -1.0, 0.0, 0.0, 1.0];
        let text = "good film";
        let p = pieces(
            text,
            &[
                ("[CLS]", None),
                ("good", Some((0, 4))),
                ("film", Some((5, 9))),
                ("[SEP]", None),
            ],
        );
        // The gradient of p(positive) points along +x at "good", weakly at "film".
        let grads = [0.0, 0.0, 1.0, 0.0, 0.1, 0.0, 0.0, 0.0];
        let mut predict = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
            Ok(texts
                .iter()
                .map(|t| match t.split(' ').any(|w| w == "good") {
                    true => vec![0.2, 0.8],
                    false => vec![0.7, 0.3],
                })
                .collect())
        };
        let cancel = AtomicBool::new(false);
        let control = Control {
            progress: &|_| {},
            cancel: &cancel,
        };
        let emb = EmbeddingTable {
            data: &table,
            dim: 2,
            vocab: &vocab,
        };
        let parent = Parent {
            text,
            pieces: &p,
            grads: &grads,
            probs: &[0.2, 0.8],
        };
        let out = hotflip(parent, emb, &Default::default(), &mut predict, control).expect("runs");
        // [PAD] scores highest on −g = (−1, 0) but is special; "bad" is next. Flipping
        // "film" to "bad" leaves "good", so only the flip at "good" is kept,
        // and the pair containing it is skipped.
        assert_eq!(out.flips.len(), 1);
        assert_eq!(out.flips[0].text, "bad film");
        assert_eq!(
            out.flips[0].swaps,
            vec![("good".to_string(), "bad".to_string())]
        );
        assert_eq!(out.flips[0].positions, vec![1]);
        assert_eq!(out.model_calls, 2);
    }
}
