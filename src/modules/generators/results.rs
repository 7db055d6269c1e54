//! The results table's rows, their order, and adding them as datapoints.

use super::Generators;
use crate::analysis::generators::argmax;
use crate::analysis::generators::word_diff::{WordChange, word_diff};
use crate::app::effect::{Effect, Fx, NewRow};
use crate::app::shared::Shared;
use crate::jobs::generate::Generated;

/// One generated row (or, for the nearest counterfactual, a row of the data).
#[derive(Debug, Clone, PartialEq)]
pub struct CfResult {
    pub generated: Generated,
    /// The row of the data it is, for the nearest counterfactual.
    pub existing: Option<usize>,
    pub predicted: Option<usize>,
    pub confidence: f32,
    /// Change in the probability of the parent's predicted class.
    pub delta: f32,
    pub flipped: bool,
    /// The gold label it gets when added (the parent's, until changed).
    pub label: Option<usize>,
    pub added: bool,
    /// From the parent's words to this text's.
    pub diff: Vec<WordChange>,
}

impl CfResult {
    /// `None` when the parent has no prediction.
    pub fn new(generated: Generated, existing: Option<usize>, shared: &Shared) -> Option<Self> {
        let rows = &shared.rows;
        let parent = generated.parent;
        let parent_probs = rows.probs(parent)?;
        let parent_class = argmax(parent_probs)?;
        let predicted = argmax(&generated.probs);
        let delta = generated
            .probs
            .get(parent_class)
            .copied()
            .unwrap_or(f32::NAN)
            - parent_probs[parent_class];
        Some(Self {
            diff: word_diff(&rows.texts[parent], &generated.text),
            existing,
            predicted,
            confidence: predicted.map_or(f32::NAN, |c| generated.probs[c]),
            delta,
            flipped: predicted.is_some_and(|c| c != parent_class),
            label: rows.gold[parent],
            added: existing.is_some(),
            generated,
        })
    }
}

/// Orders of the results table (`o` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultSort {
    /// Flips first, then by how far the parent's class fell.
    FlipsFirst,
    /// By the change in the parent's class probability, largest fall first.
    Delta,
    /// In the order generated (by parent).
    Parent,
}

impl ResultSort {
    pub fn next(self) -> Self {
        match self {
            Self::FlipsFirst => Self::Delta,
            Self::Delta => Self::Parent,
            Self::Parent => Self::FlipsFirst,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::FlipsFirst => "flips first",
            Self::Delta => "by Δ",
            Self::Parent => "by parent",
        }
    }
}

pub fn sort(results: &mut [CfResult], by: ResultSort) {
    let delta = |r: &CfResult| if r.delta.is_nan() { 0.0 } else { r.delta };
    match by {
        ResultSort::FlipsFirst => results.sort_by(|a, b| {
            b.flipped
                .cmp(&a.flipped)
                .then(delta(a).total_cmp(&delta(b)))
        }),
        ResultSort::Delta => results.sort_by(|a, b| delta(a).total_cmp(&delta(b))),
        ResultSort::Parent => results.sort_by_key(|r| r.generated.parent),
    }
}

/// Which results an add key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Add {
    One,
    All,
    /// The one under the cursor, made primary with its parent pinned.
    Compare,
}

pub fn add(g: &mut Generators, fx: &mut Fx, how: Add) {
    let Some(info) = &g.info else {
        return fx.status("nothing generated yet: `r` runs the generator");
    };
    let slice = format!("{}:{}", info.generator, info.settings);
    let picked: Vec<usize> = match how {
        Add::All => (0..g.results.len())
            .filter(|&i| !g.results[i].added)
            .collect(),
        _ => (g.cursor < g.results.len())
            .then_some(g.cursor)
            .into_iter()
            .collect(),
    };
    if let (Add::Compare, Some(&i)) = (how, picked.first())
        && let Some(row) = g.results[i].existing
    {
        // A row of the data: compare it with the primary row it came from.
        fx.push(Effect::Pin(Some(g.results[i].generated.parent)));
        fx.primary(Some(row));
        return;
    }
    let new: Vec<NewRow> = picked
        .iter()
        .filter(|&&i| !g.results[i].added)
        .map(|&i| {
            let r = &g.results[i];
            NewRow {
                text: r.generated.text.clone(),
                gold: r.label,
                parent: Some(r.generated.parent),
                source: Some(slice.clone()),
            }
        })
        .collect();
    if new.is_empty() {
        let why = match picked.first() {
            Some(&i) if g.results[i].existing.is_some() => {
                "these are rows of the data already: Enter compares one with the primary row"
            }
            Some(_) => "already added",
            None => "no results to add",
        };
        return fx.status(why);
    }
    for &i in &picked {
        g.results[i].added = true;
    }
    fx.push(Effect::AddRows {
        rows: new,
        slice: Some(slice),
        compare: how == Add::Compare,
    });
}

/// The label the result under the cursor gets when added: the next class,
/// then none.
pub fn cycle_label(g: &mut Generators, shared: &Shared) {
    let k = shared.rows.classes();
    if let Some(r) = g.results.get_mut(g.cursor).filter(|r| !r.added) {
        r.label = match r.label {
            None if k > 0 => Some(0),
            Some(c) if c + 1 < k => Some(c + 1),
            _ => None,
        };
    }
}

/// The run's summary: outputs, flips, parents with a flip, and the mean
/// flip rate per parent (over parents with outputs).
pub fn summary(g: &Generators) -> (usize, usize, usize, f64) {
    let mut per_parent: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for r in &g.results {
        let e = per_parent.entry(r.generated.parent).or_default();
        e.0 += 1;
        e.1 += usize::from(r.flipped);
    }
    let flips = per_parent.values().map(|e| e.1).sum();
    let with_flip = per_parent.values().filter(|e| e.1 > 0).count();
    let mean_rate = if per_parent.is_empty() {
        0.0
    } else {
        per_parent
            .values()
            .map(|&(n, f)| f as f64 / n as f64)
            .sum::<f64>()
            / per_parent.len() as f64
    };
    (g.results.len(), flips, with_flip, mean_rate)
}
