//! Runs a counterfactual generator over parent rows with the model: the
//! generator makes texts, the model predicts them in batches. One code path
//! for `lit-tui generate` and the Counterfactuals module's background job.

mod hotflip;

use anyhow::Result;

use crate::analysis::generators::ablation_flip::{AblationSettings, ablation_flip};
use crate::analysis::generators::hotflip::HotFlipSettings;
use crate::analysis::generators::scrambler::scramble;
use crate::analysis::generators::word_replacer::Rules;
use crate::analysis::generators::{Cancelled, Control};
use crate::model::Model;

/// Texts predicted at once for generators that do not search.
const PREDICT_BATCH: usize = 256;

/// A generator with its settings.
#[derive(Debug, Clone)]
pub enum Generator {
    WordReplacer(Rules),
    Scrambler { seed: u64 },
    AblationFlip(AblationSettings),
    HotFlip(HotFlipSettings),
}

impl Generator {
    /// The name in records, slices and the `source` of added rows.
    pub fn name(&self) -> &'static str {
        match self {
            Self::WordReplacer(_) => "word_replacer",
            Self::Scrambler { .. } => "scrambler",
            Self::AblationFlip(_) => "ablation_flip",
            Self::HotFlip(_) => "hotflip",
        }
    }

    pub fn settings(&self) -> String {
        match self {
            Self::WordReplacer(r) => r.describe(),
            Self::Scrambler { seed } => format!("seed={seed}"),
            Self::AblationFlip(s) => s.describe(),
            Self::HotFlip(s) => s.describe(),
        }
    }
}

/// A row generators start from.
#[derive(Debug, Clone, Copy)]
pub struct Parent<'a> {
    /// The row's position (in the data file, or in the app's rows).
    pub index: usize,
    pub id: u64,
    pub text: &'a str,
    /// The model's probabilities for `text`.
    pub probs: &'a [f32],
}

/// One generated row.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The parent's `index`.
    pub parent: usize,
    pub text: String,
    /// What changed, in words (`great -> terrible`, `removed: not bad`).
    pub change: String,
    /// Where the change is, when the generator knows: Ablation Flip, the
    /// removed words' positions among the parent's whitespace-split words;
    /// HotFlip, the replaced wordpieces' positions (`[CLS]` is 0).
    pub positions: Option<Vec<usize>>,
    /// The model's probabilities for `text`.
    pub probs: Vec<f32>,
}

/// Everything one generator run made.
#[derive(Debug, Clone)]
pub struct Run {
    pub generator: &'static str,
    pub settings: String,
    pub generated: Vec<Generated>,
    /// Per parent, for generators that search: texts the model ran on, and
    /// how many LIT's one-at-a-time version would run.
    pub model_calls: Option<Vec<(usize, usize)>>,
    /// Parents the generator could not use, each with the reason.
    pub skipped: Vec<(usize, String)>,
}

impl Run {
    pub fn new(generator: &'static str, settings: String, generated: Vec<Generated>) -> Self {
        Self {
            generator,
            settings,
            generated,
            model_calls: None,
            skipped: Vec::new(),
        }
    }
}

/// Runs `generator` over `parents`. `control.progress` gets the share done;
/// a set cancel flag ends the run with [`Cancelled`].
pub fn run(
    model: &Model,
    generator: &Generator,
    parents: &[Parent],
    control: Control,
) -> Result<Run> {
    let mut run = Run::new(generator.name(), generator.settings(), Vec::new());
    match generator {
        Generator::WordReplacer(rules) => {
            for p in parents {
                run.generated
                    .extend(rules.apply(p.text).into_iter().map(|r| Generated {
                        parent: p.index,
                        change: format!("{} -> {}", r.source, r.target),
                        text: r.text,
                        positions: None,
                        probs: Vec::new(),
                    }));
            }
            predict_all(model, &mut run.generated, control)?;
        }
        Generator::Scrambler { seed } => {
            for p in parents {
                // The row id joins the seed, so a row scrambles the same in any selection.
                match scramble(p.text, seed ^ p.id) {
                    Ok(text) => run.generated.push(Generated {
                        parent: p.index,
                        text,
                        change: "scrambled".into(),
                        positions: None,
                        probs: Vec::new(),
                    }),
                    Err(why) => run.skipped.push((p.index, why.to_string())),
                }
            }
            predict_all(model, &mut run.generated, control)?;
        }
        Generator::AblationFlip(settings) => {
            run_ablation(model, settings, parents, control, &mut run)?
        }
        Generator::HotFlip(settings) => hotflip::run(model, settings, parents, control, &mut run)?,
    }
    Ok(run)
}

/// The probabilities of `texts`, as generators want them.
pub fn predict_strings(model: &Model, texts: &[String]) -> Result<Vec<Vec<f32>>> {
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    model.predict_texts(&texts)
}

/// Predicts every generated text, in batches, with progress.
fn predict_all(model: &Model, generated: &mut [Generated], control: Control) -> Result<()> {
    let total = generated.len().max(1);
    let mut done = 0;
    for chunk in generated.chunks_mut(PREDICT_BATCH) {
        control.check()?;
        let texts: Vec<String> = chunk.iter().map(|g| g.text.clone()).collect();
        for (g, p) in chunk.iter_mut().zip(predict_strings(model, &texts)?) {
            g.probs = p;
        }
        done += chunk.len();
        (control.progress)(done as f32 / total as f32);
    }
    Ok(())
}

fn run_ablation(
    model: &Model,
    settings: &AblationSettings,
    parents: &[Parent],
    control: Control,
    run: &mut Run,
) -> Result<()> {
    let mut predict = |t: &[String]| predict_strings(model, t);
    let mut calls = Vec::with_capacity(parents.len());
    for (k, p) in parents.iter().enumerate() {
        control.check().map_err(anyhow::Error::from)?;
        let outcome = ablation_flip(p.text, Some(p.probs), settings, &mut predict, control)?;
        // LIT runs the parent, each leave-one-out text and each candidate, one per call.
        let words = p.text.split_whitespace().count();
        calls.push((outcome.model_calls, 1 + words + outcome.candidates));
        run.generated
            .extend(outcome.flips.into_iter().map(|f| Generated {
                parent: p.index,
                text: f.text,
                change: format!("removed: {}", f.removed_words.join(" ")),
                positions: Some(f.removed),
                probs: f.probs,
            }));
        (control.progress)((k + 1) as f32 / parents.len() as f32);
    }
    run.model_calls = Some(calls);
    Ok(())
}

/// Whether `e` is a cancellation rather than a failure.
pub fn is_cancelled(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Cancelled>().is_some()
}
