//! Salience over the selection: one method over every selected row in the
//! background (cached, cancellable with Esc), then the tokens with the
//! highest mean salience toward each row's predicted class, mispredicted
//! rows beside correct ones. Enter selects the rows holding a token.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::NAME;
use crate::analysis::salience::Control;
use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::shared::Shared;
use crate::jobs::runner::{Job, JobCtx, JobEvent, JobEventKind, Payload};
use crate::jobs::salience::{self, Method, Salience, SalienceParams};
use crate::jobs::salience_cache::SalienceCache;
use crate::model::Model;

/// Tokens listed per side.
pub const TOP: usize = 10;

/// One token's mean salience over the rows that hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenStat {
    pub token: String,
    pub mean: f32,
    /// Rows that hold it.
    pub rows: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Over {
    /// The view is showing (instead of the primary row's maps).
    pub on: bool,
    pub method: Method,
    /// Share done while running.
    pub running: Option<f32>,
    pub rows: usize,
    pub note: Option<String>,
    /// Mispredicted rows' top tokens, then correct rows'.
    pub sides: [Vec<TokenStat>; 2],
    /// (side, line) under the cursor.
    pub cursor: (usize, usize),
}

impl Default for Over {
    fn default() -> Self {
        Self {
            on: false,
            method: Method::Loo,
            running: None,
            rows: 0,
            note: None,
            sides: [Vec::new(), Vec::new()],
            cursor: (0, 0),
        }
    }
}

/// Each row's map, and whether its prediction was right.
type RowMaps = Vec<(usize, bool, Salience)>;

impl Over {
    /// Keys while the view shows; returns whether it took the action.
    pub fn handle(
        &mut self,
        action: &Action,
        shared: &Shared,
        params: &SalienceParams,
        fx: &mut Fx,
    ) -> bool {
        let (side, line) = self.cursor;
        match action {
            Action::Up => self.cursor.1 = line.saturating_sub(1),
            Action::Down => {
                self.cursor.1 = (line + 1).min(self.sides[side].len().saturating_sub(1))
            }
            Action::Left | Action::Right => {
                self.cursor.0 = 1 - side;
                self.cursor.1 = line.min(self.sides[1 - side].len().saturating_sub(1));
            }
            Action::Activate => match self.sides[side].get(line) {
                Some(stat) => {
                    fx.select(stat.rows.clone());
                    fx.status(format!(
                        "selected the {} rows holding `{}`",
                        stat.rows.len(),
                        stat.token
                    ));
                }
                None => return false,
            },
            Action::NextMethod => {
                let all = Method::ALL;
                let at = all.iter().position(|m| *m == self.method).unwrap_or(0);
                // The next method the model can run.
                self.method = (1..=all.len())
                    .map(|i| all[(at + i) % all.len()])
                    .find(|m| {
                        shared
                            .model
                            .handle
                            .as_ref()
                            .is_some_and(|model| m.available(model).is_ok())
                    })
                    .unwrap_or(self.method);
                self.start(shared, params, fx);
            }
            Action::Refit => self.start(shared, params, fx),
            _ => return false,
        }
        true
    }

    /// Runs the method over the selection (newest wins).
    pub fn start(&mut self, shared: &Shared, params: &SalienceParams, fx: &mut Fx) {
        let Some(model) = shared.model.handle.clone() else {
            return;
        };
        self.sides = [Vec::new(), Vec::new()];
        self.cursor = (0, 0);
        if let Err(why) = self.method.available(&model) {
            self.note = Some(format!("{}: {why}", self.method.name()));
            self.running = None;
            return;
        }
        let rows: Vec<(usize, String, usize, bool)> = shared
            .selection
            .iter()
            .filter_map(|&r| {
                let target = shared.rows.predicted(r)?;
                let correct = shared.rows.correct(r).unwrap_or(true);
                Some((r, shared.rows.texts[r].to_string(), target, correct))
            })
            .collect();
        self.rows = rows.len();
        if rows.is_empty() {
            self.note = Some("No predicted rows selected: select rows first.".into());
            self.running = None;
            return;
        }
        self.note = None;
        self.running = Some(0.0);
        let (method, params) = (self.method, params.clone());
        fx.run(Job::latest(NAME, "over", move |ctx| {
            run(&model, &rows, method, &params, ctx)
                .map(|maps| Arc::new(maps) as Payload)
                .map_err(|e| format!("{e:#}"))
        }));
    }

    /// Esc while running: a newer job on the lane stops the running one.
    pub fn cancel(&mut self, fx: &mut Fx) -> bool {
        if self.running.take().is_none() {
            return false;
        }
        self.note = Some("cancelled".into());
        fx.run(Job::latest(NAME, "over", |_| Err("cancelled".into())));
        true
    }

    pub fn job(&mut self, event: &JobEvent) {
        match &event.kind {
            JobEventKind::Progress { done, .. } if self.running.is_some() => {
                self.running = Some(*done);
            }
            JobEventKind::Done(Ok(_)) => {
                if let Some(maps) = event.payload::<RowMaps>() {
                    self.sides = [top_tokens(maps, false), top_tokens(maps, true)];
                    self.running = None;
                }
            }
            JobEventKind::Done(Err(e)) if self.running.is_some() => {
                self.running = None;
                self.note = Some(e.clone());
            }
            _ => {}
        }
    }
}

fn run(
    model: &Model,
    rows: &[(usize, String, usize, bool)],
    method: Method,
    params: &SalienceParams,
    ctx: &JobCtx,
) -> anyhow::Result<RowMaps> {
    let cache = crate::paths::cache_root().map(|r| SalienceCache::open(&r, model.hash));
    let flag = ctx.cancel_flag();
    let mut out = Vec::with_capacity(rows.len());
    for (i, (row, text, target, correct)) in rows.iter().enumerate() {
        let control = Control {
            cancel: Some(&flag),
            progress: None,
        };
        let request = salience::Request {
            text,
            method,
            target: *target,
            params,
        };
        let (map, _) =
            salience::explain_cached(model, cache.as_ref(), request, &mut |_| {}, control)?;
        out.push((*row, *correct, map));
        ctx.progress(
            "explaining the selection",
            (i + 1) as f32 / rows.len() as f32,
        );
    }
    Ok(out)
}

/// The tokens with the highest mean salience over the rows on one side
/// (`correct` or not), case folded; a token counts once per row (its
/// highest score there).
pub fn top_tokens(maps: &[(usize, bool, Salience)], correct: bool) -> Vec<TokenStat> {
    let mut by_token: BTreeMap<String, (f32, Vec<usize>)> = BTreeMap::new();
    let side: Vec<_> = maps.iter().filter(|m| m.1 == correct).collect();
    // Over ten rows or more, a token in one row alone says little.
    let min_rows = if side.len() >= 10 { 2 } else { 1 };
    for (row, _, s) in side {
        let mut best: BTreeMap<String, f32> = BTreeMap::new();
        for (t, &v) in s.map.tokens.iter().zip(&s.map.scores) {
            let e = best.entry(t.to_lowercase()).or_insert(f32::NEG_INFINITY);
            *e = e.max(v);
        }
        for (t, v) in best {
            let e = by_token.entry(t).or_default();
            e.0 += v;
            e.1.push(*row);
        }
    }
    let mut stats: Vec<TokenStat> = by_token
        .into_iter()
        .map(|(token, (sum, rows))| TokenStat {
            token,
            mean: sum / rows.len() as f32,
            rows,
        })
        .filter(|s| s.rows.len() >= min_rows)
        .collect();
    stats.sort_by(|a, b| {
        b.mean
            .total_cmp(&a.mean)
            .then(b.rows.len().cmp(&a.rows.len()))
    });
    stats.truncate(TOP);
    stats
}
