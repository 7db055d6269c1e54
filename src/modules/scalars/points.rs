//! Where each row sits in the Scalars plot: a score against the row index or a
//! numeric feature, both scaled to 0..1. Drawing and selection share this.

use super::{Scalars, Score};
use crate::app::shared::Shared;
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

/// The points, remembered until rows, predictions or the axes change.
pub fn points(s: &Scalars, state: &Shared) -> std::sync::Arc<Points> {
    let rows = &state.rows;
    let key = (rows.version, rows.len(), s.score, s.x_feature);
    s.points.get(key, || compute(s, state))
}

fn compute(s: &Scalars, state: &Shared) -> Points {
    let rows = &state.rows;
    let y_of = |r: usize| -> Option<f64> {
        match s.score {
            Score::Confidence => rows.confidence(r).map(f64::from),
            Score::Margin => rows.margin(r).map(f64::from),
            Score::Probability(c) => rows.probs(r).and_then(|p| p.get(c)).map(|&v| f64::from(v)),
        }
    };
    let feature = s
        .x_feature
        .and_then(|f| rows.features.get(f))
        .and_then(|f| f.numbers.as_ref().map(|n| (f, n)));
    let x_of = |r: usize| -> Option<f64> {
        match feature {
            Some((_, n)) => Some(n[r]).filter(|v| !v.is_nan()),
            None => Some(r as f64),
        }
    };
    let raw: Vec<(usize, f64, f64)> = (0..rows.len())
        .filter(|&r| rows.live(r))
        .filter_map(|r| Some((r, x_of(r)?, y_of(r)?)))
        .collect();
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
        x_name: feature.map_or("row".to_string(), |(f, _)| f.name.clone()),
        y_name: score_name(state, s.score),
    }
}
