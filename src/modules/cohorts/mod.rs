//! Error Cohorts: a shallow decision tree predicting which rows are wrong
//! (`analysis::error_tree`), fitted on a worker whenever predictions,
//! labels, the threshold or slices change (and the selection, when fitted
//! over it). Every node is a cohort; Enter selects its rows and `S` saves it
//! as a slice named by its description.

mod draw;

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::common::list_cursor;
use crate::analysis::cohort_features::{Column, Fitted, Inputs};
use crate::analysis::error_tree::{Cohort, TreeParams};
use crate::app::action::Action;
use crate::app::effect::{Effect, Fx};
use crate::app::module::{Changed, DrawCtx, Module};
use crate::app::shared::{Input, Shared};
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};

pub const NAME: &str = "cohorts";

/// Prompt tag of the tree's limits.
const LIMITS: u8 = 0;

#[derive(Debug, Default)]
pub struct Cohorts {
    pub fitted: Option<Arc<Fitted>>,
    pub params: TreeParams,
    /// Fit over the selection only.
    pub over_selection: bool,
    pub cursor: usize,
    running: bool,
    /// Changes came while a fit ran, or while the pane was out of view: fit
    /// again when it ends, or when the pane is shown.
    stale: bool,
    /// Whether the pane is on screen: a fit on a million rows takes seconds
    /// of a core, so it waits for the pane.
    on_screen: bool,
}

/// The app's rows as the tree's inputs.
pub fn inputs(shared: &Shared, over_selection: bool) -> Inputs {
    let rows = &shared.rows;
    let n = rows.len();
    let columns = rows
        .features
        .iter()
        .map(|f| Column {
            name: f.name.clone(),
            codes: f.codes.clone(),
            values: f.values.clone(),
            numbers: f.numbers.clone(),
        })
        .collect();
    let slices = (1..=shared.slices.len())
        .map(|i| {
            let mut member = vec![false; n];
            for &r in shared.slice_rows(i).iter() {
                member[r] = true;
            }
            (shared.slice_name(i).to_string(), member)
        })
        .collect();
    Inputs {
        texts: std::sync::Arc::new(rows.texts.clone()),
        columns,
        predicted: (0..n).map(|i| rows.predicted(i).unwrap_or(0)).collect(),
        classes: rows.labels.clone(),
        confidence: (0..n)
            .map(|i| rows.confidence(i).map_or(0.0, f64::from))
            .collect(),
        slices,
        wrong: (0..n).map(|i| rows.correct(i) == Some(false)).collect(),
        rows: (0..n)
            .filter(|&i| rows.live(i) && rows.correct(i).is_some())
            .filter(|i| !over_selection || shared.selection.contains(i))
            .map(|i| i as u32)
            .collect(),
    }
}

impl Cohorts {
    fn refit(&mut self, shared: &Shared, fx: &mut Fx) {
        if shared.progress.running() {
            return;
        }
        if self.running || !self.on_screen {
            self.stale = true;
            return;
        }
        let input = inputs(shared, self.over_selection);
        let params = self.params;
        self.running = true;
        self.stale = false;
        fx.run(Job::latest(NAME, "fit", move |_ctx| {
            Ok(Arc::new(input.fit(params)) as Payload)
        }));
    }

    pub fn cohorts(&self) -> &[Cohort] {
        self.fitted.as_ref().map_or(&[], |f| &f.tree.cohorts)
    }

    /// The rows of the cohort under the cursor.
    fn rows(&self) -> Option<(String, Vec<usize>)> {
        let fitted = self.fitted.as_ref()?;
        let c = fitted.tree.cohorts.get(self.cursor)?;
        let rows = fitted.tree.nodes[c.node]
            .rows
            .iter()
            .map(|&r| r as usize)
            .collect();
        Some((c.description.clone(), rows))
    }
}

impl Module for Cohorts {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, _cx: &DrawCtx) -> Line<'static> {
        Line::from(format!(
            " Error Cohorts · over {} ",
            if self.over_selection {
                "the selection"
            } else {
                "all rows"
            }
        ))
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        match action {
            Action::Activate => match self.rows() {
                Some((what, rows)) => {
                    fx.status(format!("selected {} rows: {what}", rows.len()));
                    fx.select(rows);
                }
                None => fx.status("no cohort under the cursor"),
            },
            Action::SaveAsSlice => match self.rows() {
                Some((name, rows)) => fx.push(Effect::CreateSlice { name, rows }),
                None => fx.status("no cohort under the cursor"),
            },
            Action::ToggleScope => {
                self.over_selection = !self.over_selection;
                self.cursor = 0;
                self.refit(shared, fx);
            }
            Action::EditSettings => fx.prompt(
                Input::new(
                    NAME,
                    LIMITS,
                    format!("{} {}", self.params.max_depth, self.params.min_leaf),
                )
                .labelled("tree depth and least rows per leaf: "),
            ),
            _ if let Some(at) = list_cursor(self.cursor, self.cohorts().len(), action) => {
                self.cursor = at
            }
            _ => return false,
        }
        true
    }

    fn prompt(&mut self, tag: u8, text: &str, done: bool, shared: &Shared, fx: &mut Fx) {
        if !done || tag != LIMITS {
            return;
        }
        let parts: Vec<Option<usize>> = text.split_whitespace().map(|p| p.parse().ok()).collect();
        match parts.as_slice() {
            [Some(depth), Some(leaf)] if (1..=10).contains(depth) && *leaf >= 1 => {
                self.params = TreeParams {
                    max_depth: *depth,
                    min_leaf: *leaf,
                };
                self.refit(shared, fx);
            }
            _ => fx.error(format!(
                "`{}`: give the tree's depth (1 to 10) and the least rows per leaf, as `3 20`",
                text.trim()
            )),
        }
    }

    fn changed(&mut self, what: Changed, shared: &Shared, fx: &mut Fx) {
        if what.rows || what.predictions || what.slices || (what.selection && self.over_selection) {
            self.refit(shared, fx);
        }
    }

    fn shown(&mut self, shown: bool, shared: &Shared, fx: &mut Fx) {
        self.on_screen = shown;
        if shown && (self.stale || self.fitted.is_none()) {
            self.refit(shared, fx);
        }
    }

    fn job(&mut self, event: JobEvent, shared: &Shared, fx: &mut Fx) {
        match &event.kind {
            JobEventKind::Done(Ok(_)) => {
                self.running = false;
                if let Some(fitted) = event.payload_arc::<Fitted>() {
                    self.cursor = self.cursor.min(fitted.tree.cohorts.len().saturating_sub(1));
                    self.fitted = Some(fitted);
                }
                if self.stale {
                    self.refit(shared, fx);
                }
            }
            JobEventKind::Done(Err(e)) => {
                self.running = false;
                fx.error(format!("error cohorts: {e}"));
            }
            _ => {}
        }
    }

    fn busy(&self) -> bool {
        self.running
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
