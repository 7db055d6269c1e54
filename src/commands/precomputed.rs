//! The headless pipeline on predictions made elsewhere (`--predictions`):
//! the scores come from the file; rows it lacks are predicted live with
//! `--model`, or named in an error without one.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use super::run::{Evaluated, evaluate};
use crate::cli::{DataArgs, ModelArgs, RunArgs};
use crate::data::Dataset;
use crate::data::precomputed::Precomputed;
use crate::data::row_id::format_id;
use crate::jobs::predictions::{bad_score_rows, bad_scores_note};
use crate::jobs::{InferenceOptions, Predictions, spawn_inference};
use crate::model::Model;
use crate::user_error;

/// As `evaluate`, with the scores read from `predictions` when given.
pub fn evaluate_from(
    model_args: &ModelArgs,
    data_args: &DataArgs,
    run: &RunArgs,
    predictions: Option<&Path>,
) -> Result<Evaluated> {
    let Some(path) = predictions else {
        return evaluate(model_args, data_args, run);
    };
    let pre = Precomputed::read(path)?;
    // Without --data, the predictions file is the data (it holds the text).
    let dataset = match &data_args.data {
        Some(_) => Dataset::load(&data_args.options())?,
        None => {
            let mut opts = data_args.options();
            opts.path = path.to_path_buf();
            Dataset::from_read(&opts, pre.as_data())?
        }
    };
    for note in &dataset.notes {
        eprintln!("note: {}: {note}", dataset.path.display());
    }
    let model = match &model_args.model {
        Some(_) => Some(Arc::new(Model::load(&model_args.options())?)),
        None => None,
    };
    let labels = pre.labels.clone();
    if let Some(m) = &model
        && m.labels != labels
    {
        return Err(user_error!(
            "{} has classes {} but --model {} has {}; the predictions must come from a model with the same classes, in order",
            path.display(),
            labels.join(", "),
            m.name,
            m.labels.join(", ")
        ));
    }
    let gold = dataset.gold_labels(&labels)?;
    let texts = dataset.texts()?;
    let n = dataset.len();
    let mut predictions = Predictions::empty(n, labels.len());
    let mut missing = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        match pre.find(&format_id(dataset.ids[i]), text) {
            Some(r) => {
                let emb = pre.embedding(r);
                predictions.fill(&[i], pre.row(r), emb, emb.map_or(0, <[f32]>::len));
            }
            None => missing.push(i),
        }
    }
    if !missing.is_empty() {
        let Some(m) = &model else {
            let first = missing[0];
            return Err(user_error!(
                "{} of {} {} no prediction in {} (the first: row {}, \"{}\"); give --model to predict them, or predict the data again",
                crate::plural::rows(missing.len()),
                if missing.len() == 1 { "has" } else { "have" },
                dataset.path.display(),
                path.display(),
                first + 1,
                crate::error::short(texts[first], 60)
            ));
        };
        let todo: Vec<String> = missing.iter().map(|&i| texts[i].to_string()).collect();
        let opts = InferenceOptions {
            batch: run.batch_policy(),
            want_embeddings: false,
            cache_root: if run.no_cache {
                None
            } else {
                crate::paths::cache_root()
            },
            ..Default::default()
        };
        let live = spawn_inference(m.clone(), todo, opts).wait(labels.len(), |_, _| {})?;
        for (k, &i) in missing.iter().enumerate() {
            predictions.fill(&[i], live.row(k), None, 0);
        }
        eprintln!(
            "note: {} not in {} {} predicted with {}",
            crate::plural::rows(missing.len()),
            if missing.len() == 1 { "was" } else { "were" },
            path.display(),
            m.name
        );
    }
    let bad_rows = bad_score_rows(&predictions.probs, labels.len());
    let bad_note = bad_scores_note(&bad_rows, true);
    if let Some(note) = &bad_note {
        eprintln!("note: {}: {note}", path.display());
    }
    Ok(Evaluated {
        name: match &model {
            Some(m) => format!("{} (scores from {})", m.name, crate::data::file_name(path)),
            None => crate::data::file_name(path),
        },
        dataset,
        model,
        labels,
        gold,
        predictions,
        bad_rows,
        bad_note,
    })
}
