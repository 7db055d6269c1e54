//! Exports rows (a slice, the selection) with their predictions.

use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use super::rows::Rows;
use crate::data::row_id::format_id;
use crate::data::write;

/// id, text, label, prediction, confidence, correct, added, parent, features, `p_<class>`.
pub fn export_rows(rows: &Rows, which: &[usize], path: &Path) -> Result<usize> {
    let format = write::Format::of(path)?;
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
                .map(|&i| rows.texts[i].clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "label".into(),
            which
                .iter()
                .map(|&i| name(rows.gold[i]))
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
                .map(|&i| rows.parent[i].map(|p| format_id(rows.ids[p])))
                .collect::<Vec<_>>(),
        ),
    ];
    for f in &rows.features {
        columns.push(Column::new(
            f.name.as_str().into(),
            which.iter().map(|&i| f.text[i].clone()).collect::<Vec<_>>(),
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
