//! Exports rows (a slice, the selection) with their predictions.

use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;

use super::rows::Rows;
use crate::data::row_id::format_id;
use crate::data::write;
use crate::user_error;

/// Exports `which` to `wanted`, never over the open data file or any existing
/// file: an existing name gets `-2`, `-3`, ... before its extension (there is no
/// confirm prompt). Returns the line for the status bar.
pub fn export_rows(rows: &Rows, which: &[usize], wanted: &Path, data: &Path) -> Result<String> {
    let format = write::Format::of(wanted)?;
    if write::same_file(wanted, data) {
        return Err(user_error!(
            "{} is the data file you are looking at; exporting there would replace it. Choose another name",
            wanted.display()
        ));
    }
    let path = free_name(wanted);
    let n = write_rows(rows, which, &path, format)?;
    Ok(if path == wanted {
        format!("exported {} to {}", crate::plural::rows(n), path.display())
    } else {
        format!(
            "{} exists, so the {n} rows were exported to {}",
            wanted.display(),
            path.display()
        )
    })
}

/// `wanted` if nothing is there, else the first free `name-N.ext`.
fn free_name(wanted: &Path) -> PathBuf {
    if std::fs::symlink_metadata(wanted).is_err() {
        return wanted.to_path_buf();
    }
    let name = wanted
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The extension is everything after the first dot: `a.lit.jsonl` becomes `a-2.lit.jsonl`.
    let (stem, ext) = match name.find('.').filter(|&i| i > 0) {
        Some(i) => name.split_at(i),
        None => (name.as_str(), ""),
    };
    (2..)
        .map(|k| wanted.with_file_name(format!("{stem}-{k}{ext}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| wanted.to_path_buf())
}

/// id, text, label, prediction, confidence, correct, added, parent, features, `p_<class>`.
fn write_rows(rows: &Rows, which: &[usize], path: &Path, format: write::Format) -> Result<usize> {
    let name = |c: Option<usize>| c.map(|c| rows.labels[c].clone());
    let mut columns = vec![
        Column::new(
            "id".into(),
            which
                .iter()
                .map(|&i| format_id(rows.ids[i]))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "text".into(),
            which
                .iter()
                .map(|&i| rows.texts[i].to_string())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "label".into(),
            which
                .iter()
                .map(|&i| rows.gold_name(i).map(str::to_string))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "prediction".into(),
            which
                .iter()
                .map(|&i| name(rows.predicted(i)))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "confidence".into(),
            which
                .iter()
                .map(|&i| rows.confidence(i))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "correct".into(),
            which.iter().map(|&i| rows.correct(i)).collect::<Vec<_>>(),
        ),
        Column::new(
            "added".into(),
            which.iter().map(|&i| rows.added[i]).collect::<Vec<_>>(),
        ),
        Column::new(
            "parent".into(),
            which
                .iter()
                .map(|&i| rows.parent_id(i).map(format_id))
                .collect::<Vec<_>>(),
        ),
    ];
    // A data column named like one of ours (`id`, `prediction`, `p_<class>`…)
    // is written as `data_<name>`, so both survive.
    let ours: Vec<String> = [
        "id",
        "text",
        "label",
        "prediction",
        "confidence",
        "correct",
        "added",
        "parent",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(rows.labels.iter().map(|l| format!("p_{l}")))
    .collect();
    let mut taken = ours.clone();
    for f in &rows.features {
        let mut name = f.name.clone();
        while taken.contains(&name) {
            name = format!("data_{name}");
        }
        taken.push(name.clone());
        columns.push(Column::new(
            name.as_str().into(),
            which
                .iter()
                .map(|&i| f.text(i).to_string())
                .collect::<Vec<_>>(),
        ));
    }
    for (c, label) in rows.labels.iter().enumerate() {
        columns.push(Column::new(
            format!("p_{label}").into(),
            which
                .iter()
                .map(|&i| rows.probs(i).map(|p| p[c]))
                .collect::<Vec<_>>(),
        ));
    }
    let mut df = DataFrame::new(which.len(), columns)?;
    write::write(&mut df, path, format)?;
    Ok(which.len())
}
