//! `lit-tui predict`: one row per input, written as Parquet, JSONL or CSV, a
//! chunk at a time as the rows finish. `--shard I/N` predicts the I-th of N
//! contiguous shards, for a cluster's array jobs.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;

use super::run::evaluate_rows;
use crate::cli::{PredictArgs, Shard};
use crate::data::row_id::format_id;
use crate::data::write;
use crate::data::write_stream::ChunkWriter;
use crate::user_error;

/// Rows per output chunk (one Parquet row group each).
const CHUNK_ROWS: usize = 65_536;

pub fn predict(args: &PredictArgs) -> Result<()> {
    let out = output_path(&args.out, args.shard)?;
    let format = write::Format::of(&out)?;
    write::refuse_data_file(&out, "--out", args.data.path())?;
    let ev = evaluate_rows(&args.model, &args.data, &args.run, false, args.shard)?;
    let mut writer = ChunkWriter::create(&out, format)?;
    let mut start = ev.rows.start;
    while start < ev.rows.end {
        let end = (start + CHUNK_ROWS).min(ev.rows.end);
        writer.write(&mut prediction_frame(&ev, start..end)?)?;
        start = end;
    }
    if ev.rows.is_empty() {
        writer.write(&mut prediction_frame(&ev, start..start)?)?;
    }
    let written = writer.rows;
    writer.finish()?;
    eprintln!("wrote {written} rows to {}", out.display());
    super::release_at_exit(ev);
    Ok(())
}

/// With `--shard I/N`, an `--out` that is a folder (or ends in `/`) gets `part-I.parquet`.
fn output_path(out: &Path, shard: Option<Shard>) -> Result<PathBuf> {
    let Some(shard) = shard else {
        return Ok(out.to_path_buf());
    };
    let folder = out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/');
    if !folder {
        return Ok(out.to_path_buf());
    }
    std::fs::create_dir_all(out)
        .map_err(|e| user_error!("cannot create the folder {}: {e}", out.display()))?;
    Ok(out.join(format!("part-{}.parquet", shard.index)))
}

/// id, text, label, prediction, confidence, correct, then `p_<class>` per
/// class, for data rows `rows` (within `ev.rows`).
pub fn prediction_frame(ev: &super::Evaluated, rows: Range<usize>) -> Result<DataFrame> {
    let n = rows.len();
    let p = &ev.predictions;
    // Data row `r` is prediction row `r - ev.rows.start`.
    let at = |r: usize| r - ev.rows.start;
    let ids: Vec<String> = ev.dataset.ids[rows.clone()]
        .iter()
        .map(|&id| format_id(id))
        .collect();
    let texts = &ev.dataset.texts()?[rows.clone()];
    let preds: Vec<Option<usize>> = rows.clone().map(|r| p.predicted(at(r))).collect();
    let gold: Vec<Option<usize>> = match &ev.gold {
        Some(g) => g.index[rows.clone()].to_vec(),
        None => vec![None; n],
    };
    let name = |i: Option<usize>| i.map(|i| ev.labels[i].clone());
    let mut columns = vec![
        Column::new("id".into(), ids),
        Column::new("text".into(), texts),
        Column::new(
            "label".into(),
            gold.iter().map(|&g| name(g)).collect::<Vec<_>>(),
        ),
        Column::new(
            "prediction".into(),
            preds.iter().map(|&q| name(q)).collect::<Vec<_>>(),
        ),
        Column::new(
            "confidence".into(),
            rows.clone()
                .map(|r| p.row(at(r)).iter().copied().fold(f32::NAN, f32::max))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "correct".into(),
            gold.iter()
                .zip(&preds)
                .map(|(g, q)| g.zip(*q).map(|(g, q)| g == q))
                .collect::<Vec<_>>(),
        ),
    ];
    for (c, label) in ev.labels.iter().enumerate() {
        columns.push(Column::new(
            format!("p_{label}").into(),
            rows.clone().map(|r| p.row(at(r))[c]).collect::<Vec<f32>>(),
        ));
    }
    Ok(DataFrame::new(n, columns)?)
}
