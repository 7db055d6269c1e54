//! What `lit-tui generate` writes and prints: one record per generated row,
//! and with `--metrics` the flip rate per parent and LIT's paired metrics.

use std::fmt::Write as _;

use anyhow::Result;
use polars::prelude::*;

use super::Evaluated;
use crate::analysis::paired::paired_metrics;
use crate::data::row_id::format_id;
use crate::jobs::generate::{Generated, Run};
use crate::jobs::inference::argmax;

/// parent, parent_index, text, generator, settings, change, positions, prediction,
/// confidence, parent_prediction, delta (change in the parent's class
/// probability), flipped, then `p_<class>` per class.
pub fn records_frame(ev: &Evaluated, run: &Run) -> Result<DataFrame> {
    let g = &run.generated;
    let n = g.len();
    let label = |probs: &[f32]| argmax(probs).map(|c| ev.labels[c].clone());
    let parent_class: Vec<Option<usize>> = g
        .iter()
        .map(|x| ev.predictions.predicted(x.parent))
        .collect();
    let mut columns = vec![
        Column::new(
            "parent".into(),
            g.iter()
                .map(|x| format_id(ev.dataset.ids[x.parent]))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "parent_index".into(),
            g.iter().map(|x| x.parent as u64).collect::<Vec<_>>(),
        ),
        Column::new(
            "text".into(),
            g.iter().map(|x| x.text.as_str()).collect::<Vec<_>>(),
        ),
        Column::new("generator".into(), vec![run.generator; n]),
        Column::new("settings".into(), vec![run.settings.as_str(); n]),
        Column::new(
            "change".into(),
            g.iter().map(|x| x.change.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "positions".into(),
            g.iter()
                .map(|x| {
                    x.positions
                        .as_ref()
                        .map(|p| p.iter().map(usize::to_string).collect::<Vec<_>>().join(" "))
                })
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "prediction".into(),
            g.iter().map(|x| label(&x.probs)).collect::<Vec<_>>(),
        ),
        Column::new(
            "confidence".into(),
            g.iter()
                .map(|x| x.probs.iter().copied().fold(f32::NAN, f32::max))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "parent_prediction".into(),
            parent_class
                .iter()
                .map(|c| c.map(|c| ev.labels[c].clone()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "delta".into(),
            g.iter()
                .zip(&parent_class)
                .map(|(x, c)| c.map(|c| x.probs[c] - ev.predictions.row(x.parent)[c]))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "flipped".into(),
            g.iter()
                .zip(&parent_class)
                .map(|(x, c)| c.zip(argmax(&x.probs)).map(|(a, b)| a != b))
                .collect::<Vec<_>>(),
        ),
    ];
    for (c, name) in ev.labels.iter().enumerate() {
        columns.push(Column::new(
            format!("p_{name}").into(),
            g.iter().map(|x| x.probs[c]).collect::<Vec<f32>>(),
        ));
    }
    Ok(DataFrame::new(n, columns)?)
}

/// Per parent: outputs, flips and the flip rate; then the totals and the
/// paired metrics over every (parent, generated row) pair.
pub fn print_metrics(ev: &Evaluated, parents: &[usize], run: &Run) -> String {
    let mut out = String::new();
    let flipped = |x: &Generated| argmax(&x.probs) != ev.predictions.predicted(x.parent);
    let _ = writeln!(out, "parent            outputs  flipped  flip_rate");
    let mut rates = Vec::new();
    for &p in parents {
        let children: Vec<&Generated> = run.generated.iter().filter(|x| x.parent == p).collect();
        let flips = children.iter().filter(|x| flipped(x)).count();
        if children.is_empty() {
            continue;
        }
        let rate = flips as f64 / children.len() as f64;
        let _ = writeln!(
            out,
            "{}  {:>7}  {:>7}  {rate:>9.3}",
            format_id(ev.dataset.ids[p]),
            children.len(),
            flips
        );
        rates.push(rate);
    }
    let flips = run.generated.iter().filter(|x| flipped(x)).count();
    let with_flip = parents
        .iter()
        .filter(|&&p| run.generated.iter().any(|x| x.parent == p && flipped(x)))
        .count();
    let _ = writeln!(
        out,
        "\n{}: {} rows in, {} outputs, {flips} flipped; {with_flip} parents with a flip",
        run.generator,
        parents.len(),
        run.generated.len()
    );
    if !rates.is_empty() {
        let mean = rates.iter().sum::<f64>() / rates.len() as f64;
        let _ = writeln!(
            out,
            "mean flip rate per parent {mean:.4} (over {} parents with outputs; {} gave none)",
            rates.len(),
            parents.len() - rates.len()
        );
    }
    if let Some(calls) = run.model_calls.as_ref().filter(|c| !c.is_empty()) {
        let ours: usize = calls.iter().map(|c| c.0).sum();
        let lit: usize = calls.iter().map(|c| c.1).sum();
        let per = |n: usize| n as f64 / calls.len() as f64;
        let _ = writeln!(
            out,
            "model calls: {ours} texts in all, {:.1} per parent (LIT's loop: {lit}, {:.1} per parent)",
            per(ours),
            per(lit)
        );
    }
    let pairs = run
        .generated
        .iter()
        .map(|x| (ev.predictions.row(x.parent), x.probs.as_slice()));
    match paired_metrics(pairs) {
        Some(m) => {
            let _ = writeln!(
                out,
                "paired: num_pairs {} swap_rate {:.4} mean_jsd {:.6}",
                m.num_pairs, m.swap_rate, m.mean_jsd
            );
        }
        None => {
            let _ = writeln!(out, "paired: num_pairs 0");
        }
    }
    out
}
