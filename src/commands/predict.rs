//! `lit-tui predict`: one row per input, written as Parquet, JSONL or CSV.

use anyhow::Result;
use polars::prelude::*;

use super::evaluate;
use crate::cli::PredictArgs;
use crate::data::row_id::format_id;
use crate::data::write;

pub fn predict(args: &PredictArgs) -> Result<()> {
    let format = write::Format::of(&args.out)?;
    write::refuse_data_file(&args.out, "--out", &args.data.data)?;
    let ev = evaluate(&args.model, &args.data, &args.run)?;
    let mut df = prediction_frame(&ev)?;
    write::write(&mut df, &args.out, format)?;
    eprintln!("wrote {} rows to {}", df.height(), args.out.display());
    super::release_at_exit(ev);
    Ok(())
}

/// id, text, label, prediction, confidence, correct, then `p_<class>` per class.
pub fn prediction_frame(ev: &super::Evaluated) -> Result<DataFrame> {
    let n = ev.dataset.len();
    let p = &ev.predictions;
    let ids: Vec<String> = ev.dataset.ids.iter().map(|&id| format_id(id)).collect();
    let texts = ev.dataset.texts()?;
    let preds: Vec<Option<usize>> = (0..n).map(|i| p.predicted(i)).collect();
    let gold: Vec<Option<usize>> = match &ev.gold {
        Some(g) => g.index.clone(),
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
            (0..n)
                .map(|i| p.row(i).iter().copied().fold(f32::NAN, f32::max))
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
            (0..n).map(|i| p.row(i)[c]).collect::<Vec<f32>>(),
        ));
    }
    Ok(DataFrame::new(n, columns)?)
}
