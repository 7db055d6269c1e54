//! `lit-tui explain`: salience maps for rows of a data set, one record per row
//! and method, as JSONL or Parquet. Results are cached on disk.

use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use super::evaluate;
use crate::analysis::salience::Control;
use crate::cli::ExplainArgs;
use crate::data::row_id::format_id;
use crate::data::write as output;
use crate::jobs::salience::{self as sal, Method, Salience};
use crate::jobs::salience_cache::SalienceCache;
use crate::progress::ProgressBar;
use crate::user_error;

/// One output record.
#[derive(Debug, Clone)]
pub struct Record {
    pub index: usize,
    pub id: String,
    pub text: String,
    pub method: Method,
    pub target: String,
    pub tokens: Vec<String>,
    pub scores: Vec<f32>,
    pub params: serde_json::Value,
}

pub fn explain(args: &ExplainArgs) -> Result<()> {
    let format = output::Format::of(&args.out)?;
    if !matches!(format, output::Format::Jsonl | output::Format::Parquet) {
        return Err(user_error!(
            "explain writes .jsonl or .parquet; {} is neither",
            args.out.display()
        ));
    }
    let ev = evaluate(&args.model, &args.data, &args.run)?;
    let model = ev.model()?;
    for &method in &args.method {
        if let Err(reason) = method.available(model) {
            return Err(user_error!(
                "--method {} cannot run on {}: {reason}",
                method.name(),
                model.name
            ));
        }
    }
    let rows = choose_rows(args, &ev)?;
    let target = args
        .target
        .as_deref()
        .map(|t| class_index(t, &ev.labels))
        .transpose()?;
    let params = args.params();
    let texts = ev.dataset.texts()?;
    let cache = (!args.run.no_cache)
        .then(crate::paths::cache_root)
        .flatten()
        .map(|root| SalienceCache::open(&root, model.hash));

    let mut records = Vec::new();
    let mut bar = ProgressBar::new("explaining");
    let total = rows.len() * args.method.len();
    let started = std::time::Instant::now();
    let mut from_cache = 0;
    for &method in &args.method {
        for &row in &rows {
            let text = texts[row];
            let target = match target.or_else(|| ev.predictions.predicted(row)) {
                Some(t) => t,
                None => continue,
            };
            // When each of LIME's estimates came in: the first is drawn early.
            let row_started = std::time::Instant::now();
            let mut estimates: Vec<std::time::Duration> = Vec::new();
            let (Salience { map, .. }, cached) = sal::explain_cached(
                model,
                cache.as_ref(),
                sal::Request {
                    text,
                    method,
                    target,
                    params: &params,
                },
                &mut |_| estimates.push(row_started.elapsed()),
                Control::default(),
            )?;
            if args.run.timings
                && let [first, .., last] = estimates.as_slice()
            {
                bar.note(&format!(
                    "timings: {} of row {row}: first estimate after {:.1} ms, final after {:.1} ms",
                    method.name(),
                    first.as_secs_f64() * 1e3,
                    last.as_secs_f64() * 1e3
                ));
            }
            from_cache += usize::from(cached);
            records.push(Record {
                index: row,
                id: format_id(ev.dataset.ids[row]),
                text: text.to_string(),
                method,
                target: ev.labels[target].clone(),
                tokens: map.tokens,
                scores: map.scores,
                params: params.describe(method),
            });
            bar.update(records.len(), total);
        }
    }
    bar.finish(&format!(
        "explained {} rows × {} methods ({} from cache) in {:.2}s",
        rows.len(),
        args.method.len(),
        from_cache,
        started.elapsed().as_secs_f64()
    ));
    match format {
        output::Format::Jsonl => write_jsonl(&records, &args.out)?,
        _ => output::write(&mut record_frame(&records)?, &args.out, format)?,
    }
    eprintln!("wrote {} records to {}", records.len(), args.out.display());
    super::release_at_exit(ev);
    Ok(())
}

/// The rows asked for: `--rows` (ids as `predict` writes them, or positions
/// from 0), `--only-mispredictions`, or every row.
fn choose_rows(args: &ExplainArgs, ev: &super::Evaluated) -> Result<Vec<usize>> {
    let n = ev.dataset.len();
    if let Some(wanted) = &args.rows {
        return wanted
            .iter()
            .map(|w| {
                let by_id = u64::from_str_radix(w, 16)
                    .ok()
                    .filter(|_| w.len() == 16)
                    .and_then(|id| ev.dataset.ids.iter().position(|&x| x == id));
                by_id
                    .or_else(|| w.parse::<usize>().ok().filter(|&i| i < n))
                    .ok_or_else(|| {
                        user_error!(
                            "--rows: `{w}` is neither a row id of {} nor a position below {n}",
                            ev.dataset.path.display()
                        )
                    })
            })
            .collect();
    }
    if args.only_mispredictions {
        let Some(gold) = &ev.gold else {
            return Err(user_error!(
                "--only-mispredictions needs gold labels, and {} has none; name the label column with --label-field",
                ev.dataset.path.display()
            ));
        };
        return Ok((0..n)
            .filter(|&i| matches!((gold.index[i], ev.predictions.predicted(i)), (Some(g), Some(p)) if g != p))
            .collect());
    }
    Ok((0..n).collect())
}

fn class_index(name: &str, labels: &[String]) -> Result<usize> {
    labels
        .iter()
        .position(|l| l == name)
        .or_else(|| name.parse::<usize>().ok().filter(|&i| i < labels.len()))
        .ok_or_else(|| {
            user_error!(
                "--target `{name}` is not a class of the model ({})",
                labels.join(", ")
            )
        })
}

fn write_jsonl(records: &[Record], path: &Path) -> Result<()> {
    let mut out = String::new();
    for r in records {
        let mut line = serde_json::json!({
            "index": r.index,
            "id": r.id,
            "text": r.text,
            "method": r.method.name(),
            "target": r.target,
            "tokens": r.tokens,
            "scores": r.scores,
        });
        if let (Some(obj), Some(params)) = (line.as_object_mut(), r.params.as_object()) {
            obj.extend(params.clone());
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    let tmp = path.with_extension("jsonl.tmp");
    std::fs::write(&tmp, out).map_err(|e| user_error!("cannot write {}: {e}", path.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| user_error!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

/// The records as columns, parameters as nullable columns.
fn record_frame(records: &[Record]) -> Result<DataFrame> {
    let list = |name: &str, values: Vec<Series>| Column::new(name.into(), values);
    let get = |key: &'static str| records.iter().map(move |r| r.params.get(key));
    let mut columns = vec![
        Column::new(
            "index".into(),
            records.iter().map(|r| r.index as u64).collect::<Vec<_>>(),
        ),
        Column::new(
            "id".into(),
            records.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "text".into(),
            records.iter().map(|r| r.text.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "method".into(),
            records.iter().map(|r| r.method.name()).collect::<Vec<_>>(),
        ),
        Column::new(
            "target".into(),
            records.iter().map(|r| r.target.clone()).collect::<Vec<_>>(),
        ),
        list(
            "tokens",
            records
                .iter()
                .map(|r| Series::new("".into(), r.tokens.clone()))
                .collect(),
        ),
        list(
            "scores",
            records
                .iter()
                .map(|r| Series::new("".into(), r.scores.clone()))
                .collect(),
        ),
    ];
    for key in ["samples", "seed", "steps"] {
        let values: Vec<Option<u64>> = get(key).map(|v| v.and_then(|v| v.as_u64())).collect();
        columns.push(Column::new(key.into(), values));
    }
    for key in ["kernel_width", "alpha"] {
        let values: Vec<Option<f64>> = get(key).map(|v| v.and_then(|v| v.as_f64())).collect();
        columns.push(Column::new(key.into(), values));
    }
    for key in ["mask_token", "baseline"] {
        let values: Vec<Option<String>> = get(key)
            .map(|v| v.and_then(|v| v.as_str()).map(str::to_string))
            .collect();
        columns.push(Column::new(key.into(), values));
    }
    Ok(DataFrame::new(records.len(), columns)?)
}
