//! Background results: bulk inference as it streams in, new rows'
//! predictions, the Performance report; module jobs go to their module.

use std::sync::Arc;

use super::super::action::{InferenceEventAction, InferencePartial, PredictedRow};
use super::super::analysis_job::{self, Analysis, ReportSettings};
use super::super::effect::{Effect, Fx};
use super::super::module::Changed;
use super::super::shared::Shared;
use super::super::workspace::Workspace;
use super::apply::notify;
use crate::jobs::runner::{Job, JobEvent, Payload};

/// Who owns the app's own jobs.
pub const APP: &str = "app";
pub const INFERENCE: &str = "inference";
pub const ROW: &str = "row";
pub const REPORT: &str = "report";
/// Making the models' ONNX Runtime sessions, behind the first frame.
pub const SESSIONS: &str = "sessions";

pub fn job(shared: &mut Shared, ws: &mut Workspace, event: JobEvent, fx: &mut Fx) {
    if event.owner != APP {
        if let Some(m) = ws.get_mut(event.owner) {
            m.job(event, shared, fx);
        }
        return;
    }
    let changed = match event.lane {
        INFERENCE => match event.payload::<InferencePartial>() {
            Some(p) => inference(shared, p.model, &p.event),
            None => match event.error() {
                Some(e) => {
                    shared.progress.finished = true;
                    shared.progress.failed = Some(e.to_string());
                    shared.error = Some(format!("inference failed: {e}"));
                    Changed::default()
                }
                None => Changed::default(),
            },
        },
        ROW if event.is_done() => row_done(shared, &event),
        SESSIONS => {
            if let Some(e) = event.error() {
                shared.error = Some(format!("the model could not start: {e}"));
            } else if event.is_done() {
                crate::startup::reached("model ready");
            }
            Changed::default()
        }
        REPORT => {
            if let Some(a) = event.payload_arc::<Analysis>() {
                shared.report = Some(a);
            } else if let Some(e) = event.error() {
                shared.error = Some(format!("the Performance report failed: {e}"));
            }
            Changed::default()
        }
        _ => Changed::default(),
    };
    notify(shared, ws, changed, fx);
}

fn inference(state: &mut Shared, model: Option<usize>, event: &InferenceEventAction) -> Changed {
    let mut changed = Changed::default();
    let progress = match model {
        None => &mut state.progress,
        Some(m) => match state.compare_progress.get_mut(m) {
            Some(p) => p,
            None => return changed,
        },
    };
    match event {
        InferenceEventAction::Rows { indices, probs } => {
            let c = state.rows.classes();
            let slot = model.map_or(0, |m| m + 1);
            if state.bad_scores.len() <= slot {
                state.bad_scores.resize_with(slot + 1, Default::default);
            }
            for (k, &i) in indices.iter().enumerate() {
                let p = &probs[k * c..(k + 1) * c];
                if p.iter().any(|v| v.is_nan()) {
                    state.bad_scores[slot].insert(i);
                } else {
                    state.bad_scores[slot].remove(&i);
                }
                match model {
                    None => state.rows.set_probs(i, p),
                    Some(m) => state.rows.set_compared_probs(m, i, p),
                }
            }
            changed.predictions = true;
        }
        InferenceEventAction::Progress { done, total } => {
            progress.done = *done;
            progress.total = *total;
        }
        InferenceEventAction::Finished {
            computed,
            from_cache,
        } => {
            progress.finished = true;
            progress.done = progress.total;
            if model.is_none() {
                if state.preview.is_none() {
                    crate::startup::reached("predictions ready");
                }
                crate::malloc::release_free_memory();
                state.status = format!(
                    "predicted {} rows ({computed} run, {from_cache} from cache)",
                    state.progress.total
                );
            }
            let slot = model.map_or(0, |m| m + 1);
            let bad: Vec<usize> = state
                .bad_scores
                .get(slot)
                .map(|b| b.iter().copied().collect())
                .unwrap_or_default();
            let probabilities = state.model.handle.as_ref().is_some_and(|h| {
                matches!(h.scores_output().1, crate::model::OutputRole::Probabilities)
            });
            if let Some(note) = crate::jobs::predictions::bad_scores_note(&bad, probabilities) {
                let note = match model {
                    None => note,
                    Some(m) => format!("compared model {}: {note}", m + 1),
                };
                state.status = format!("{} · {note}", state.status);
            }
            changed.predictions = true;
            changed.vectors = true;
        }
        InferenceEventAction::Failed(e) => {
            progress.finished = true;
            progress.failed = Some(e.to_string());
            state.error = Some(match model {
                None => format!("inference failed: {e}"),
                Some(_) => format!("inference of a compared model failed: {e}"),
            });
        }
        InferenceEventAction::Note(note) => {
            let note = match model {
                None => note.clone(),
                Some(m) => format!("compared model {}: {note}", m + 1),
            };
            state.status = format!("{} · {note}", state.status);
        }
        InferenceEventAction::Embeddings { indices, dim, data } => {
            if model.is_none() {
                for (k, &i) in indices.iter().enumerate() {
                    state.rows.set_embedding(i, &data[k * dim..(k + 1) * dim]);
                }
                changed.vectors = true;
            }
        }
    }
    changed
}

fn row_done(state: &mut Shared, event: &JobEvent) -> Changed {
    let Some(answers) = event.payload::<Vec<PredictedRow>>() else {
        if let Some(e) = event.error() {
            state.pending_rows = 0;
            state.error = Some(format!("prediction failed: {e}"));
        }
        return Changed::default();
    };
    state.pending_rows = state.pending_rows.saturating_sub(answers.len());
    let mut changed = Changed {
        predictions: true,
        // A new primary row may only now pass the table's filters.
        rows: true,
        ..Default::default()
    };
    for p in answers {
        if let Some(v) = &p.embedding {
            state.rows.set_embedding(p.row, v);
            changed.vectors = true;
        }
        for (m, other) in p.compared.iter().enumerate() {
            state.rows.set_compared_probs(m, p.row, other);
        }
        state.rows.set_probs(p.row, &p.probs);
    }
    changed
}

/// Asks for a new Performance report when what it depends on changed (not
/// while rows are still streaming in: the last batch is enough).
pub fn wanted_report(shared: &mut Shared, ws: &Workspace) -> Option<Effect> {
    if shared.predicting() {
        return None;
    }
    let mut settings = ReportSettings::default();
    for m in &ws.modules {
        m.report_settings(&mut settings);
    }
    let key = analysis_job::key(shared, &settings);
    if key == shared.report_wanted {
        return None;
    }
    shared.report_wanted = key;
    let input = analysis_job::input(shared, &settings, key);
    Some(Effect::Run(Job::latest(APP, REPORT, move |_| {
        Ok(Arc::new(analysis_job::compute(&input)) as Payload)
    })))
}
