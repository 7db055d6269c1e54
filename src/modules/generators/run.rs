//! Starting a generator run as a background job, and taking its results.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::results::{self, CfResult};
use super::{Generators, Kind, NAME, RunInfo, RunState, Scope};
use crate::analysis::generators::ablation_flip::AblationSettings;
use crate::analysis::generators::hotflip::HotFlipSettings;
use crate::analysis::generators::nearest::{Space, nearest_counterfactuals};
use crate::analysis::generators::word_replacer::Rules;
use crate::analysis::generators::{Control, word_diff::WordChange};
use crate::app::effect::Fx;
use crate::app::shared::Shared;
use crate::jobs::generate::{self, Generated, Generator, Parent, Run};
use crate::jobs::runner::{Job, Payload};

/// How many nearest counterfactuals are listed.
const NEAREST: usize = 10;

/// A finished run, as the job hands it back.
#[derive(Debug, Clone)]
pub struct Finished {
    pub run: Run,
    pub parents: usize,
}

/// An owned parent row, for the job.
struct OwnedParent {
    index: usize,
    id: u64,
    text: String,
    probs: Vec<f32>,
}

/// The rows a run starts from: the primary row or the selection, each with
/// a prediction (rows still being predicted are left out).
fn parents(g: &Generators, shared: &Shared) -> Vec<OwnedParent> {
    let rows: Vec<usize> = match g.scope {
        Scope::Primary => shared.primary.into_iter().collect(),
        Scope::Selection => shared.selection.iter().copied().collect(),
    };
    rows.into_iter()
        .filter_map(|r| {
            Some(OwnedParent {
                index: r,
                id: shared.rows.ids[r],
                text: shared.rows.texts[r].to_string(),
                probs: shared.rows.probs(r)?.to_vec(),
            })
        })
        .collect()
}

/// The generator with its settings, or why it cannot run.
fn generator(g: &Generators, shared: &Shared, fx: &mut Fx) -> Result<Generator, String> {
    Ok(match g.kind {
        Kind::WordReplacer => {
            let rules = Rules::parse(&g.rules);
            for e in &rules.errors {
                fx.error(format!("skipped the rule {e}; the other rules run"));
            }
            if rules.rules.is_empty() {
                return Err(format!(
                    "the rules `{}` hold no usable rule; write rules as `great -> terrible, good -> bad | awful`",
                    g.rules
                ));
            }
            Generator::WordReplacer(rules)
        }
        Kind::Scrambler => Generator::Scrambler { seed: g.seed },
        Kind::AblationFlip => Generator::AblationFlip(AblationSettings::default()),
        Kind::HotFlip => {
            if let Some(Err(why)) = shared.model.handle.as_ref().map(|m| m.gradient_support()) {
                return Err(format!("HotFlip needs gradients: {why}"));
            }
            Generator::HotFlip(HotFlipSettings::default())
        }
        Kind::Nearest => return Err("the nearest counterfactual runs here".into()),
    })
}

/// Starts the chosen generator over the chosen rows.
pub fn start(g: &mut Generators, shared: &Shared, fx: &mut Fx) {
    if g.kind == Kind::Nearest {
        return nearest(g, shared, fx);
    }
    let Some(model) = shared.model.handle.clone() else {
        return fx.error("no model is loaded, so nothing can be generated");
    };
    let owned = parents(g, shared);
    if owned.is_empty() {
        return fx.error(match g.scope {
            Scope::Primary => "no primary row: press Enter on a row in the Data Table, or `w` to run over the selection",
            Scope::Selection => "the selection is empty (or not predicted yet): select rows first",
        });
    }
    let spec = match generator(g, shared, fx) {
        Ok(spec) => spec,
        Err(why) => {
            g.state = RunState::Failed(why.clone());
            return fx.error(why);
        }
    };
    let flag = Arc::new(AtomicBool::new(false));
    g.cancel = Some(flag.clone());
    g.state = RunState::Running(0.0, owned.len());
    g.results.clear();
    g.cursor = 0;
    fx.run(Job::latest(NAME, "generate", move |ctx| {
        let progress = |share: f32| {
            if ctx.cancelled() {
                flag.store(true, Ordering::Relaxed);
            }
            ctx.progress("generating", share);
        };
        let control = Control {
            progress: &progress,
            cancel: &flag,
        };
        let parents: Vec<Parent> = owned
            .iter()
            .map(|p| Parent {
                index: p.index,
                id: p.id,
                text: &p.text,
                probs: &p.probs,
            })
            .collect();
        generate::run(&model, &spec, &parents, control)
            .map(|run| {
                Arc::new(Finished {
                    run,
                    parents: owned.len(),
                }) as Payload
            })
            .map_err(|e| format!("{e:#}"))
    }));
}

/// Takes a finished run's results.
pub fn finished(g: &mut Generators, done: Finished, shared: &Shared, fx: &mut Fx) {
    let run = done.run;
    g.info = Some(RunInfo {
        generator: run.generator,
        settings: run.settings.clone(),
        parents: done.parents,
        skipped: run
            .skipped
            .iter()
            .take(3)
            .map(|(p, why)| {
                format!(
                    "{}: {why}",
                    &crate::data::row_id::format_id(shared.rows.ids[*p])[..8]
                )
            })
            .collect(),
    });
    g.results = run
        .generated
        .into_iter()
        .filter_map(|x| CfResult::new(x, None, shared))
        .collect();
    results::sort(&mut g.results, g.sort);
    g.cursor = 0;
    g.state = RunState::Done;
    let flips = g.results.iter().filter(|r| r.flipped).count();
    fx.status(format!(
        "{}: {} outputs from {}, {flips} flipped",
        run.generator,
        g.results.len(),
        super::draw::plural(done.parents, "row")
    ));
}

/// The rows of the data nearest the primary one that the model predicts
/// differently. Brute force over the rows, on this thread: one key press,
/// a few milliseconds at SST-2 sizes.
fn nearest(g: &mut Generators, shared: &Shared, fx: &mut Fx) {
    let Some(row) = shared.primary else {
        return fx.error("no primary row: the nearest counterfactual starts from the primary row");
    };
    let rows = &shared.rows;
    let texts: Vec<&str> = rows.texts.iter().collect();
    let predicted: Vec<Option<usize>> = (0..rows.len()).map(|i| rows.predicted(i)).collect();
    let space = if rows.embedding_dim() > 0 {
        Space::Vectors {
            data: rows.embeddings(),
            dim: rows.embedding_dim(),
        }
    } else {
        Space::Words
    };
    let found = nearest_counterfactuals(row, &texts, &predicted, space, NEAREST);
    g.info = Some(RunInfo {
        generator: "nearest",
        settings: match space {
            Space::Vectors { .. } => "embeddings".into(),
            Space::Words => "word overlap".into(),
        },
        parents: 1,
        skipped: Vec::new(),
    });
    g.results = found
        .into_iter()
        .filter_map(|n| {
            let generated = Generated {
                parent: row,
                text: rows.texts[n.row].to_string(),
                change: describe_diff(&n.diff, n.similarity),
                positions: None,
                probs: rows.probs(n.row)?.to_vec(),
            };
            CfResult::new(generated, Some(n.row), shared)
        })
        .collect();
    g.cursor = 0;
    g.state = RunState::Done;
    fx.status(format!(
        "{} rows nearest the primary one that the model predicts differently",
        g.results.len()
    ));
}

fn describe_diff(diff: &[WordChange], similarity: f32) -> String {
    let words: Vec<String> = diff
        .iter()
        .filter_map(|c| match c {
            WordChange::Removed(w) => Some(format!("-{w}")),
            WordChange::Added(w) => Some(format!("+{w}")),
            WordChange::Same(_) => None,
        })
        .take(4)
        .collect();
    format!("similarity {similarity:.2}: {}", words.join(", "))
}
