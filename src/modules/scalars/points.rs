//! Where each row sits in the Scalars plot: a score against the row index or a
//! numeric feature, both scaled to 0..1. Drawing and selection share this.

use std::sync::Arc;

use super::{Scalars, Score};
use crate::app::effect::Fx;
use crate::app::shared::Shared;
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};
use crate::ui::points::Points;

pub fn score_name(state: &Shared, score: Score) -> String {
    match score {
        Score::Confidence => "confidence".into(),
        Score::Margin => "margin".into(),
        Score::Probability(c) => format!(
            "p({})",
            state.rows.labels.get(c).map_or("?", String::as_str)
        ),
    }
}

/// What the points depend on: rows (and predictions), score, x axis.
pub type Key = (u64, usize, Score, Option<usize>);

pub fn key(s: &Scalars, state: &Shared) -> Key {
    (state.rows.version, state.rows.len(), s.score, s.x_feature)
}

/// Above this many rows the points are computed on a worker (`request`)
/// and the plot says so until they come: a million took 25 ms, more than
/// a frame. Below it they are computed when first drawn.
pub const ON_A_WORKER: usize = 200_000;

/// The points, remembered until rows, predictions or the axes change;
/// computed now if no worker has them ready.
pub fn points(s: &Scalars, state: &Shared) -> Arc<Points> {
    s.points.get(key(s, state), || inputs(s, state).compute())
}

/// The points to draw: always below `ON_A_WORKER` rows; above, the last
/// ones a worker made (while newer ones are on their way), if any.
pub fn ready(s: &Scalars, state: &Shared) -> Option<Arc<Points>> {
    if state.rows.len() < ON_A_WORKER {
        return Some(points(s, state));
    }
    s.points.peek(&key(s, state)).or_else(|| s.points.last())
}

/// Starts the points' worker when they are not current and none is running
/// (while predictions stream in, one at a time: each copies the scores).
pub fn request(s: &mut Scalars, state: &Shared, fx: &mut Fx) {
    let key = key(s, state);
    if state.rows.len() < ON_A_WORKER || s.pending.is_some() || s.points.peek(&key).is_some() {
        return;
    }
    s.pending = Some(key);
    let inputs = inputs(s, state);
    fx.run(Job::latest(super::NAME, "points", move |_ctx| {
        Ok(Arc::new((key, Arc::new(inputs.compute()))) as Payload)
    }));
}

/// A worker's points: remembered, and asked again if the rows moved on meanwhile.
pub fn arrived(s: &mut Scalars, event: &JobEvent, state: &Shared, fx: &mut Fx) {
    match &event.kind {
        JobEventKind::Done(Ok(_)) => {
            s.pending = None;
            if let Some((key, points)) = event.payload::<(Key, Arc<Points>)>() {
                s.points.put(*key, points.clone());
            }
            if s.on_screen {
                request(s, state, fx);
            }
        }
        JobEventKind::Done(Err(e)) => {
            s.pending = None;
            fx.error(format!("scalars: {e}"));
        }
        _ => {}
    }
}

/// What the points are made of, copied from the rows (the probabilities and
/// the x feature: a memory copy, the one pass over the rows is the worker's).
pub struct Inputs {
    probs: Vec<f32>,
    classes: usize,
    threshold: Option<f32>,
    deleted: std::collections::BTreeSet<usize>,
    score: Score,
    /// The x feature's values (NaN where missing); `None`: the row index.
    xs: Option<Vec<f64>>,
    x_name: String,
    y_name: String,
}

fn inputs(s: &Scalars, state: &Shared) -> Inputs {
    let rows = &state.rows;
    let feature = s
        .x_feature
        .and_then(|f| rows.features.get(f))
        .and_then(|f| f.numbers.as_ref().map(|n| (f, n)));
    Inputs {
        probs: rows.models[0].probs.clone(),
        classes: rows.classes(),
        threshold: rows.threshold,
        deleted: rows.deleted.clone(),
        score: s.score,
        xs: feature.map(|(_, n)| n.to_vec()),
        x_name: feature.map_or("row".to_string(), |(f, _)| f.name.clone()),
        y_name: score_name(state, s.score),
    }
}

impl Inputs {
    /// Each live row with a score: (row, x, y), unscaled.
    fn raw(&self) -> Vec<(usize, f64, f64)> {
        let k = self.classes.max(1);
        let y_of = |r: usize| -> Option<f64> {
            let p = self.probs.get(r * k..(r + 1) * k)?;
            if p.iter().any(|v| v.is_nan()) {
                return None;
            }
            let y = match self.score {
                Score::Confidence => crate::app::scores::confidence(p, self.threshold)?,
                Score::Margin => crate::app::scores::margin(p),
                Score::Probability(c) => *p.get(c)?,
            };
            Some(f64::from(y))
        };
        let x_of = |r: usize| -> Option<f64> {
            match &self.xs {
                Some(n) => Some(n[r]).filter(|v| !v.is_nan()),
                None => Some(r as f64),
            }
        };
        (0..self.probs.len() / k)
            .filter(|r| !self.deleted.contains(r))
            .filter_map(|r| Some((r, x_of(r)?, y_of(r)?)))
            .collect()
    }
}

impl Inputs {
    /// The points scaled to 0..1 on both axes.
    pub fn compute(self) -> Points {
        let raw = self.raw();
        let range = |vals: &mut dyn Iterator<Item = f64>| {
            let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
            if lo > hi {
                (0.0, 1.0)
            } else if lo == hi {
                (lo - 0.5, hi + 0.5)
            } else {
                (lo, hi)
            }
        };
        let x_range = range(&mut raw.iter().map(|p| p.1));
        // Scores are probabilities: keep the natural 0..1 scale.
        let y_range = (0.0, 1.0);
        // Scaled in place: a million points are 24 MB, not worth a second copy.
        let points = raw
            .into_iter()
            .map(|(r, x, y)| {
                (
                    r,
                    (x - x_range.0) / (x_range.1 - x_range.0),
                    ((y - y_range.0) / (y_range.1 - y_range.0)).clamp(0.0, 1.0),
                )
            })
            .collect();
        Points {
            points,
            x_range,
            y_range,
            x_name: self.x_name,
            y_name: self.y_name,
        }
    }
}
