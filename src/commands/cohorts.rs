//! `lit-tui cohorts`: the error cohorts of a model on a data set, as a table
//! or JSON.

use std::collections::HashMap;
use std::fmt::Write as _;

use anyhow::Result;
use polars::prelude::*;

use crate::analysis::cohort_features::{Column, Inputs, features};
use crate::analysis::error_tree::{Feature, Kind, TreeParams, fit};
use crate::cli::CohortsArgs;
use crate::data::Dataset;
use crate::user_error;

pub fn cohorts(args: &CohortsArgs) -> Result<()> {
    let ev = super::precomputed::evaluate_from(
        &args.model,
        &args.data,
        &args.run,
        args.predictions.as_deref(),
    )?;
    let Some(gold) = &ev.gold else {
        return Err(user_error!(
            "{} has no gold labels, so no prediction is wrong; name the label column with --label-field",
            ev.dataset.path.display()
        ));
    };
    let n = ev.dataset.len();
    let p = &ev.predictions;
    let predicted: Vec<Option<usize>> = (0..n).map(|i| p.predicted(i)).collect();
    let input = Inputs {
        texts: std::sync::Arc::new(ev.dataset.shared_texts()?),
        columns: columns(&ev.dataset)?,
        predicted: predicted.iter().map(|q| q.unwrap_or(0)).collect(),
        classes: ev.labels.clone(),
        confidence: (0..n)
            .map(|i| f64::from(p.row(i).iter().copied().fold(0.0, f32::max)))
            .collect(),
        slices: Vec::new(),
        wrong: (0..n)
            .map(|i| gold.index[i].zip(predicted[i]).is_some_and(|(g, q)| g != q))
            .collect(),
        rows: (0..n as u32)
            .filter(|&i| gold.index[i as usize].is_some() && predicted[i as usize].is_some())
            .collect(),
    };
    let params = TreeParams {
        max_depth: args.max_depth,
        min_leaf: args.min_leaf,
    };
    let started = std::time::Instant::now();
    let features = features(&input);
    let featured = started.elapsed();
    let tree = fit(&features, &input.wrong, &input.rows, params);
    if args.run.timings {
        eprintln!(
            "timings: features over {} rows in {:.6}s, tree in {:.6}s",
            input.rows.len(),
            featured.as_secs_f64(),
            (started.elapsed() - featured).as_secs_f64()
        );
    }
    if let Some(path) = &args.features_out {
        write_features(path, &features, &input)?;
    }
    let tree = &tree;
    if args.json {
        let list: Vec<serde_json::Value> = tree
            .cohorts
            .iter()
            .map(|c| {
                let node = &tree.nodes[c.node];
                serde_json::json!({
                    "node": c.node,
                    "parent": node.parent,
                    "depth": node.depth,
                    "description": c.description,
                    "size": c.size,
                    "errors": c.errors,
                    "error_rate": c.error_rate,
                    "coverage": c.coverage,
                    "lift": c.lift,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} wrong of {} labelled rows ({} on {}); tree depth ≤ {}, leaves ≥ {} rows",
            tree.errors,
            input.rows.len(),
            ev.name,
            ev.dataset.display_name(),
            params.max_depth,
            params.min_leaf
        );
        let _ = writeln!(
            out,
            "{:>6} {:>6} {:>6} {:>6} {:>6}  cohort",
            "size", "wrong", "rate", "cover", "lift"
        );
        for c in &tree.cohorts {
            let _ = writeln!(
                out,
                "{:>6} {:>6} {:>6.3} {:>6.3} {:>6.2}  {}",
                c.size, c.errors, c.error_rate, c.coverage, c.lift, c.description
            );
        }
        print!("{out}");
    }
    super::release_at_exit(ev);
    Ok(())
}

/// The data file's other columns: values coded in first-appearance order,
/// and numbers for numeric columns.
fn columns(ds: &Dataset) -> Result<Vec<Column>> {
    let mut out = Vec::new();
    for name in ds.feature_columns() {
        let col = ds.df.column(&name)?;
        let numbers = if col.dtype().is_primitive_numeric() {
            let c = col.cast(&DataType::Float64)?;
            Some(
                c.f64()?
                    .iter()
                    .map(|v| v.unwrap_or(f64::NAN))
                    .collect::<Vec<f64>>(),
            )
        } else {
            None
        };
        let text = col.cast(&DataType::String)?;
        let (mut codes, mut values, mut index) = (Vec::new(), Vec::new(), HashMap::new());
        for v in text.str()?.iter() {
            let v = v.unwrap_or("").to_string();
            let next = values.len() as u32;
            let code = *index.entry(v.clone()).or_insert(next);
            if code == next {
                values.push(v);
            }
            codes.push(code);
        }
        out.push(Column {
            name,
            codes,
            values,
            numbers,
        });
    }
    Ok(out)
}

/// The tree's inputs over its rows as CSV: `wrong`, then each ordinal or
/// presence feature's level, and a 0/1 column per categorical value.
fn write_features(path: &std::path::Path, features: &[Feature], input: &Inputs) -> Result<()> {
    let mut header = vec!["wrong".to_string()];
    for (fi, f) in features.iter().enumerate() {
        match &f.kind {
            Kind::Categorical { values } => {
                header.extend((0..values.len()).map(|v| format!("f{fi}_is_{v}")));
            }
            _ => header.push(format!("f{fi}")),
        }
    }
    let mut out = header.join(",");
    out.push('\n');
    for &r in &input.rows {
        let r = r as usize;
        let mut cells = vec![u8::from(input.wrong[r]).to_string()];
        for f in features {
            let level = f.levels[r];
            match &f.kind {
                Kind::Categorical { values } => {
                    cells.extend(
                        (0..values.len()).map(|v| u8::from(level as usize == v).to_string()),
                    );
                }
                _ => cells.push(level.to_string()),
            }
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    std::fs::write(path, out)?;
    Ok(())
}
