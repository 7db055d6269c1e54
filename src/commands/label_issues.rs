//! `lit-tui label-issues`: the rows whose gold label is likely wrong, ranked,
//! as a table or JSON.

use std::fmt::Write as _;

use anyhow::Result;

use crate::analysis::label_issues::{LabelIssue, find_label_issues};
use crate::cli::LabelIssuesArgs;
use crate::data::row_id::format_id;
use crate::user_error;

/// The caution when the probabilities may come from the training rows.
pub const IN_SAMPLE_CAUTION: &str = "caution: confident learning needs out-of-sample probabilities; \
if the model was trained on these rows, its probabilities are in-sample and real label errors \
look confident (pass --probabilities-are-out-of-sample to say they are not)";

pub fn label_issues(args: &LabelIssuesArgs) -> Result<()> {
    let ev = super::precomputed::evaluate_from(
        &args.model,
        &args.data,
        &args.run,
        args.predictions.as_deref(),
    )?;
    let Some(gold) = &ev.gold else {
        return Err(user_error!(
            "{} has no gold labels, so no label can be wrong; name the label column with --label-field",
            ev.dataset.path.display()
        ));
    };
    let classes = ev.labels.len();
    // Rows with a gold label and a prediction, by position in the data file.
    let (mut index, mut labels, mut probs) = (Vec::new(), Vec::new(), Vec::new());
    for (i, g) in gold.index.iter().enumerate() {
        let row = ev.predictions.row(i);
        if let Some(g) = g
            && row.iter().all(|p| p.is_finite())
        {
            index.push(i);
            labels.push(*g);
            probs.extend(row.iter().map(|&p| f64::from(p)));
        }
    }
    let started = std::time::Instant::now();
    let found = find_label_issues(&labels, &probs, classes);
    if args.run.timings {
        eprintln!(
            "timings: label issues over {} rows in {:.6}s",
            labels.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let record = |issue: &LabelIssue| {
        let i = index[issue.row];
        (i, format_id(ev.dataset.ids[i]))
    };
    if !args.probabilities_are_out_of_sample {
        eprintln!("{IN_SAMPLE_CAUTION}");
    }
    if args.json {
        let list: Vec<serde_json::Value> = found
            .issues
            .iter()
            .map(|issue| {
                let (i, id) = record(issue);
                serde_json::json!({
                    "index": i,
                    "id": id,
                    "label": ev.labels[issue.label],
                    "suggested": ev.labels[issue.suggested],
                    "quality": issue.quality,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        let texts = ev.dataset.texts()?;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} likely label errors among {} labelled rows ({} on {})",
            found.issues.len(),
            labels.len(),
            ev.name,
            ev.dataset.display_name()
        );
        let _ = writeln!(
            out,
            "{:>6}  {:<16}  {:<20}  {:<20}  {:>7}  text",
            "index", "id", "label", "suggested", "quality"
        );
        for issue in &found.issues {
            let (i, id) = record(issue);
            let text: String = texts[i].chars().take(60).collect();
            let _ = writeln!(
                out,
                "{i:>6}  {id:<16}  {:<20}  {:<20}  {:>7.4}  {text}",
                ev.labels[issue.label], ev.labels[issue.suggested], issue.quality
            );
        }
        print!("{out}");
    }
    super::release_at_exit(ev);
    Ok(())
}
