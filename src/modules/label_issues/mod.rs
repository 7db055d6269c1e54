//! Label Issues: the rows whose gold label is likely wrong, by confident
//! learning (`analysis::label_issues`), over the data file's rows with a
//! label and a prediction. Enter makes a row primary; `L` adds it again with
//! the suggested label as a child, as the Datapoint Editor does (the data
//! file is never changed); `S` saves the issues as a slice.

mod draw;

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::common::list_cursor;
use crate::analysis::label_issues::find_label_issues;
use crate::app::action::Action;
use crate::app::effect::{Effect, Fx};
use crate::app::module::{Changed, DrawCtx, Module};
use crate::app::shared::Shared;
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};

pub const NAME: &str = "label_issues";

/// The name `S` saves the issues under.
pub const SLICE: &str = "label issues";

/// One likely label error, by row of the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub row: usize,
    pub label: usize,
    pub suggested: usize,
    pub quality: f64,
}

/// What a ranking found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub issues: Vec<Issue>,
    /// Rows ranked (labelled and predicted rows of the data file).
    pub over: usize,
    /// The rows' version it was computed for.
    pub version: u64,
}

#[derive(Debug, Default)]
pub struct LabelIssues {
    pub found: Option<Found>,
    pub cursor: usize,
    /// Rows relabelled here (their children added).
    pub relabelled: Vec<usize>,
    running: Option<u64>,
}

impl LabelIssues {
    /// Ranks again on a worker when the predictions or labels changed.
    fn refresh(&mut self, shared: &Shared, fx: &mut Fx) {
        let rows = &shared.rows;
        if shared.progress.running() || self.running == Some(rows.version) {
            return;
        }
        if self
            .found
            .as_ref()
            .is_some_and(|f| f.version == rows.version)
        {
            return;
        }
        let classes = rows.classes();
        let (mut index, mut labels, mut probs) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..rows.len() {
            if rows.added[i] {
                continue;
            }
            if let (Some(g), Some(p)) = (rows.gold[i], rows.probs(i)) {
                index.push(i);
                labels.push(g);
                probs.extend(p.iter().map(|&v| f64::from(v)));
            }
        }
        let version = rows.version;
        self.running = Some(version);
        fx.run(Job::latest(NAME, "rank", move |_ctx| {
            let found = find_label_issues(&labels, &probs, classes);
            let issues = found
                .issues
                .iter()
                .map(|x| Issue {
                    row: index[x.row],
                    label: x.label,
                    suggested: x.suggested,
                    quality: x.quality,
                })
                .collect();
            Ok(Arc::new(Found {
                issues,
                over: labels.len(),
                version,
            }) as Payload)
        }));
    }

    fn busy_text(&self) -> bool {
        self.running.is_some()
    }

    fn issue(&self) -> Option<&Issue> {
        self.found.as_ref()?.issues.get(self.cursor)
    }

    fn len(&self) -> usize {
        self.found.as_ref().map_or(0, |f| f.issues.len())
    }
}

impl Module for LabelIssues {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, _cx: &DrawCtx) -> Line<'static> {
        Line::from(match &self.found {
            Some(f) => format!(" Label Issues · {} likely wrong ", f.issues.len()),
            None => " Label Issues ".to_string(),
        })
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        match action {
            Action::Activate => match self.issue() {
                Some(x) => fx.primary(Some(x.row)),
                None => fx.status("no label issue under the cursor"),
            },
            Action::Relabel => match self.issue().cloned() {
                Some(x) => {
                    fx.push(Effect::AddRow {
                        text: shared.rows.texts[x.row].to_string(),
                        gold: Some(x.suggested),
                        parent: Some(x.row),
                    });
                    self.relabelled.push(x.row);
                    fx.status(format!(
                        "added the row again labelled {} (the data file is unchanged)",
                        shared.rows.label_name(Some(x.suggested))
                    ));
                }
                None => fx.status("no label issue under the cursor"),
            },
            Action::SaveAsSlice => match &self.found {
                Some(f) if !f.issues.is_empty() => fx.push(Effect::CreateSlice {
                    name: SLICE.to_string(),
                    rows: f.issues.iter().map(|x| x.row).collect(),
                }),
                _ => fx.status("no label issues to save"),
            },
            _ if let Some(at) = list_cursor(self.cursor, self.len(), action) => self.cursor = at,
            _ => return false,
        }
        true
    }

    fn changed(&mut self, what: Changed, shared: &Shared, fx: &mut Fx) {
        if what.rows || what.predictions {
            self.refresh(shared, fx);
        }
    }

    fn job(&mut self, event: JobEvent, shared: &Shared, fx: &mut Fx) {
        match &event.kind {
            JobEventKind::Done(Ok(_)) => {
                self.running = None;
                if let Some(found) = event.payload::<Found>() {
                    self.found = Some(found.clone());
                    self.cursor = self.cursor.min(self.len().saturating_sub(1));
                }
                // Rows changed while it ran: rank again.
                self.refresh(shared, fx);
            }
            JobEventKind::Done(Err(e)) => {
                self.running = None;
                fx.error(format!("label issues: {e}"));
            }
            _ => {}
        }
    }

    fn busy(&self) -> bool {
        self.running.is_some()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
