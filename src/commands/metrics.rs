//! `lit-tui metrics`: the scores of a model on a data set, as tables or JSON.

use std::fmt::Write as _;

use anyhow::Result;

use super::plot;
use crate::analysis::curves::{average_precision, pr_curve, roc_auc, roc_curve};
use crate::analysis::metrics::{Metrics, classification_metrics};
use crate::cli::MetricsArgs;
use crate::user_error;

pub fn metrics(args: &MetricsArgs) -> Result<()> {
    let ev = super::precomputed::evaluate_from(
        &args.model,
        &args.data,
        &args.run,
        args.predictions.as_deref(),
    )?;
    let Some(gold) = &ev.gold else {
        return Err(user_error!(
            "{} has no gold labels, so there is nothing to score; name the label column with --label-field",
            ev.dataset.path.display()
        ));
    };
    let (mut g, mut p, mut probs) = (Vec::new(), Vec::new(), Vec::new());
    for (i, gi) in gold.index.iter().enumerate() {
        if let (Some(gi), Some(pi)) = (gi, ev.predictions.predicted(i)) {
            g.push(*gi);
            p.push(pi);
            probs.extend_from_slice(ev.predictions.row(i));
        }
    }
    let bad = ev.bad_rows.len();
    let unlabeled = gold.index.iter().filter(|g| g.is_none()).count();
    let notes = Notes {
        unlabeled,
        bad,
        bad_note: ev.bad_note.clone(),
    };
    let m = classification_metrics(&g, &p, &probs, &ev.labels);
    let model_name = ev.name.clone();
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json_report(
                &m,
                &model_name,
                &ev.dataset.display_name(),
                &notes
            ))?
        );
    } else {
        print!(
            "{}",
            text_report(&m, &model_name, &ev.dataset.display_name(), &notes)
        );
    }
    if let Some(class) = &args.curves {
        print!("{}", curves(&ev.labels, class, &g, &probs)?);
    }
    super::release_at_exit(ev);
    Ok(())
}

/// ROC and PR curves of one class, drawn as text.
fn curves(labels: &[String], class: &str, gold: &[usize], probs: &[f32]) -> Result<String> {
    let k = labels.len();
    let c = if class.is_empty() {
        1.min(k.saturating_sub(1))
    } else {
        labels.iter().position(|l| l == class).ok_or_else(|| {
            user_error!(
                "--curves {class}: the model has no class `{class}`; its classes are {}",
                crate::error::list_some(labels, 10)
            )
        })?
    };
    let positive: Vec<bool> = gold.iter().map(|&g| g == c).collect();
    let score: Vec<f64> = (0..gold.len())
        .map(|i| f64::from(probs[i * k + c]))
        .collect();
    let (Some(roc), Some(pr)) = (roc_curve(&positive, &score), pr_curve(&positive, &score)) else {
        return Err(user_error!(
            "--curves: no curve for `{}`: the labels need rows of this class and of another",
            labels[c]
        ));
    };
    let auc = roc_auc(&positive, &score).unwrap_or(f64::NAN);
    let ap = average_precision(&positive, &score).unwrap_or(f64::NAN);
    let roc: Vec<(f64, f64)> = roc.iter().map(|&(x, y, _)| (x, y)).collect();
    let pr: Vec<(f64, f64)> = pr.iter().map(|&(x, y, _)| (x, y)).collect();
    Ok(format!(
        "\n{}\n{}",
        plot::curve(
            &format!(
                "ROC of {} (AUC {auc:.4}): true positive rate ↑, false positive rate →",
                labels[c]
            ),
            &roc
        ),
        plot::curve(
            &format!("PR of {} (AP {ap:.4}): precision ↑, recall →", labels[c]),
            &pr
        )
    ))
}

/// Rows left out of the scores, and why.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// Rows without a gold label.
    pub unlabeled: usize,
    /// Rows whose scores came back NaN or not as probabilities.
    pub bad: usize,
    pub bad_note: Option<String>,
}

/// The JSON report: the reference files' flat names, plus per-class detail.
pub fn json_report(m: &Metrics, model: &str, data: &str, notes: &Notes) -> serde_json::Value {
    serde_json::json!({
        "model": model,
        "data": data,
        "rows": m.rows,
        "rows_without_label": notes.unlabeled,
        "rows_with_bad_scores": notes.bad,
        "labels": m.labels,
        "accuracy": m.accuracy,
        "correct": m.correct,
        "macro_f1": m.macro_avg.f1,
        "macro_precision": m.macro_avg.precision,
        "macro_recall": m.macro_avg.recall,
        "weighted_f1": m.weighted_avg.f1,
        "weighted_precision": m.weighted_avg.precision,
        "weighted_recall": m.weighted_avg.recall,
        "per_class": m.per_class,
        "confusion_matrix": m.confusion_matrix,
        "roc_auc": m.roc_auc,
        "pr_auc_average_precision": m.average_precision,
    })
}

pub fn text_report(m: &Metrics, model: &str, data: &str, notes: &Notes) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{model} on {data}: {} labelled rows", m.rows);
    if notes.unlabeled > 0 {
        let _ = writeln!(
            out,
            "({} without a gold label {} left out)",
            crate::plural::rows(notes.unlabeled),
            if notes.unlabeled == 1 { "is" } else { "are" }
        );
    }
    if let Some(note) = &notes.bad_note {
        let _ = writeln!(out, "({note})");
    }
    let _ = writeln!(
        out,
        "accuracy  {:.4}  ({}/{})\n",
        m.accuracy, m.correct, m.rows
    );
    let width = m
        .labels
        .iter()
        .map(|l| l.len())
        .max()
        .unwrap_or(5)
        .clamp(12, 48);
    let _ = writeln!(
        out,
        "{:<width$}  precision  recall     f1  support",
        "class"
    );
    for r in &m.per_class {
        let _ = writeln!(
            out,
            "{:<width$}  {:>9.4}  {:>6.4}  {:>5.4}  {:>7}",
            r.label, r.precision, r.recall, r.f1, r.support
        );
    }
    for (name, a) in [
        ("macro avg", &m.macro_avg),
        ("weighted avg", &m.weighted_avg),
    ] {
        let _ = writeln!(
            out,
            "{name:<width$}  {:>9.4}  {:>6.4}  {:>5.4}  {:>7}",
            a.precision, a.recall, a.f1, m.rows
        );
    }
    let _ = writeln!(
        out,
        "\nconfusion matrix (rows: gold, columns: predicted, by class number)"
    );
    let cell = m
        .confusion_matrix
        .iter()
        .flatten()
        .max()
        .map_or(1, |v| v.to_string().len())
        .max(m.labels.len().to_string().len());
    let _ = write!(out, "{:>width$}  ", "");
    for c in 0..m.labels.len() {
        let _ = write!(out, " {c:>cell$}");
    }
    let _ = writeln!(out);
    for (g, row) in m.confusion_matrix.iter().enumerate() {
        let label = format!("{g} {}", m.labels[g]);
        let _ = write!(out, "{:<width$.width$}  ", label);
        for v in row {
            let _ = write!(out, " {v:>cell$}");
        }
        let _ = writeln!(out);
    }
    if let (Some(roc), Some(ap)) = (m.roc_auc, m.average_precision) {
        let _ = writeln!(
            out,
            "\nROC AUC {roc:.4}   PR AUC (average precision) {ap:.4}   positive class: {}",
            m.labels[1]
        );
    }
    out
}
