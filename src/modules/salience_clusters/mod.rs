//! Salience Clusters: salience maps of the selection (or, with none, of the
//! mispredictions), computed in the background through the salience cache,
//! then clustered as LIT's Salience Clustering does
//! (`analysis::salience_clusters`). Enter selects a cluster's rows; `S`
//! saves it as a slice.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

use crate::analysis::salience::Control;
use crate::analysis::salience_clusters::{Params, TokenSalience, cluster};
use crate::app::action::Action;
use crate::app::effect::{Effect, Fx};
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Shared;
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};
use crate::jobs::salience::{self as sal, Method, SalienceParams};
use crate::jobs::salience_cache::SalienceCache;
use crate::ui::clip;
use crate::ui::table_widget::{self, Column, Spec};

pub const NAME: &str = "salience_clusters";

/// One cluster: its rows (of the app) and top tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub rows: Vec<usize>,
    pub top_tokens: Vec<(String, f32)>,
}

impl Cluster {
    /// `cluster: not, bad, dull`.
    pub fn name(&self, method: Method) -> String {
        let words: Vec<&str> = self
            .top_tokens
            .iter()
            .take(3)
            .map(|(t, _)| t.as_str())
            .collect();
        format!("{} cluster: {}", method.name(), words.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Idle,
    Running(f32),
    Done { rows: usize, over: &'static str },
    Failed(String),
}

#[derive(Debug)]
pub struct SalienceClusters {
    pub method: Method,
    pub params: Params,
    pub clusters: Vec<Cluster>,
    pub state: State,
    pub cursor: usize,
    /// What the running job explains ("the selection", "the mispredictions").
    pending_over: &'static str,
}

impl Default for SalienceClusters {
    fn default() -> Self {
        Self {
            method: Method::Loo,
            params: Params::default(),
            clusters: Vec::new(),
            state: State::Idle,
            cursor: 0,
            pending_over: "",
        }
    }
}

/// What a run hands back.
struct Finished {
    clusters: Vec<Cluster>,
    rows: usize,
}

impl SalienceClusters {
    fn start(&mut self, shared: &Shared, fx: &mut Fx) {
        let Some(model) = shared.model.handle.clone() else {
            return fx.error("no model is loaded, so nothing can be explained");
        };
        if let Err(why) = self.method.available(&model) {
            return fx.error(format!("{} cannot run: {why}", self.method.name()));
        }
        let rows = &shared.rows;
        let (chosen, over): (Vec<usize>, &'static str) = if shared.selection.is_empty() {
            (
                (0..rows.len())
                    .filter(|&i| rows.live(i) && rows.correct(i) == Some(false))
                    .collect(),
                "the mispredictions",
            )
        } else {
            (shared.selection.iter().copied().collect(), "the selection")
        };
        let work: Vec<(usize, String, usize)> = chosen
            .into_iter()
            .filter_map(|r| Some((r, rows.texts[r].to_string(), rows.predicted(r)?)))
            .collect();
        if work.is_empty() {
            return fx.error("nothing to explain: select rows, or wait for the predictions");
        }
        let (method, params) = (self.method, self.params);
        self.state = State::Running(0.0);
        fx.status(format!(
            "explaining {} rows of {over} with {}",
            work.len(),
            method.name()
        ));
        self.pending_over = over;
        fx.run(Job::latest(NAME, "cluster", move |ctx| {
            let cache = crate::paths::cache_root().map(|r| SalienceCache::open(&r, model.hash));
            let flag = ctx.cancel_flag();
            let settings = SalienceParams::default();
            let mut maps = Vec::with_capacity(work.len());
            let mut kept = Vec::with_capacity(work.len());
            for (k, (row, text, target)) in work.iter().enumerate() {
                let control = Control {
                    cancel: Some(&flag),
                    progress: None,
                };
                let request = sal::Request {
                    text,
                    method,
                    target: *target,
                    params: &settings,
                };
                let (s, _) =
                    sal::explain_cached(&model, cache.as_ref(), request, &mut |_| {}, control)
                        .map_err(|e| format!("{e:#}"))?;
                maps.push(TokenSalience {
                    tokens: s.map.tokens,
                    salience: s.map.scores,
                });
                kept.push(*row);
                ctx.progress("explaining", (k + 1) as f32 / work.len() as f32);
            }
            let found = cluster(&maps, params);
            let clusters = found
                .top_tokens
                .iter()
                .enumerate()
                .map(|(c, top)| Cluster {
                    rows: found.members(c).into_iter().map(|i| kept[i]).collect(),
                    top_tokens: top.clone(),
                })
                .collect();
            Ok(Arc::new(Finished {
                clusters,
                rows: kept.len(),
            }) as Payload)
        }));
    }
}

impl Module for SalienceClusters {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, _cx: &DrawCtx) -> Line<'static> {
        Line::from(format!(" Salience Clusters · {} ", self.method.name()))
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        let chosen = self.clusters.get(self.cursor);
        match action {
            Action::Refit => self.start(shared, fx),
            Action::NextMethod => {
                let at = Method::ALL
                    .iter()
                    .position(|&m| m == self.method)
                    .unwrap_or(0);
                self.method = Method::ALL[(at + 1) % Method::ALL.len()];
            }
            Action::Activate => match chosen {
                Some(c) => fx.select(c.rows.clone()),
                None => fx.status("no cluster under the cursor: press r to cluster"),
            },
            Action::SaveAsSlice => match chosen {
                Some(c) => fx.push(Effect::CreateSlice {
                    name: c.name(self.method),
                    rows: c.rows.clone(),
                }),
                None => fx.status("no cluster under the cursor: press r to cluster"),
            },
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.clusters.len().saturating_sub(1));
            }
            _ => return false,
        }
        true
    }

    fn job(&mut self, event: JobEvent, _shared: &Shared, fx: &mut Fx) {
        match &event.kind {
            JobEventKind::Progress { done, .. } => self.state = State::Running(*done),
            JobEventKind::Done(Ok(_)) => {
                if let Some(done) = event.payload::<Finished>() {
                    self.clusters = done.clusters.clone();
                    self.cursor = 0;
                    self.state = State::Done {
                        rows: done.rows,
                        over: self.pending_over,
                    };
                }
            }
            JobEventKind::Done(Err(e)) => {
                fx.error(format!("salience clusters: {e}"));
                self.state = State::Failed(e.clone());
            }
            _ => {}
        }
    }

    fn busy(&self) -> bool {
        matches!(self.state, State::Running(_))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        let theme = cx.theme;
        let [head, table] =
            Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
        let p = self.params;
        let status = match &self.state {
            State::Idle => "not run yet: r explains the selection (or the mispredictions)".into(),
            State::Running(done) => format!("explaining… {:.0}%", done * 100.0),
            State::Done { rows, over } => format!(
                "{rows} rows of {over} in {} clusters · top {} tokens per row · seed {}",
                self.clusters.len(),
                p.top_k,
                p.seed
            ),
            State::Failed(why) => why.clone(),
        };
        let hints = [
            (Action::Refit, "run"),
            (Action::NextMethod, "method"),
            (Action::Activate, "select"),
            (Action::SaveAsSlice, "save as slice"),
        ]
        .iter()
        .map(|(a, what)| format!("{} {what}", cx.key(NAME, a)))
        .collect::<Vec<_>>()
        .join(" · ");
        let width = head.width as usize;
        let lines = vec![
            Line::from(clip(&status, width)),
            Line::from(Span::styled(
                clip(
                    &format!("method {} (LIT's settings)", self.method.name()),
                    width,
                ),
                theme.muted(),
            )),
            Line::from(Span::styled(hints, theme.muted())),
        ];
        frame.render_widget(Paragraph::new(lines), head);
        if self.clusters.is_empty() {
            return;
        }
        let text_width = (table.width as usize).saturating_sub(4 + 5 + 2);
        let spec = Spec {
            columns: vec![
                Column::new("  #", Constraint::Length(4)),
                Column::new(" rows", Constraint::Length(5)),
                Column::new("top tokens (mean salience)", Constraint::Fill(1)),
            ],
            len: self.clusters.len(),
            cursor: Some(self.cursor),
            focused: cx.focused,
        };
        let row = |i: usize| {
            let c = &self.clusters[i];
            let tokens: Vec<String> = c
                .top_tokens
                .iter()
                .map(|(t, w)| format!("{t} {w:+.2}"))
                .collect();
            let cells = vec![
                Cell::from(format!("{i:>4}")),
                Cell::from(format!("{:>5}", c.rows.len())),
                Cell::from(clip(&tokens.join(", "), text_width)),
            ];
            (cells, Style::default())
        };
        table_widget::draw(frame, table, theme, &spec, row);
    }

    crate::module_any!();
}
