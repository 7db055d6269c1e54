//! Salience Maps: why the model predicted what it did for the primary row,
//! one line per method (LIME, leave-one-out, and for models with gradients
//! Gradient L2, Gradient·Input, Integrated Gradients). Each method runs as
//! its own job (newest wins as the primary row moves), results come from
//! the disk cache when they exist, and LIME shows a first estimate early.

mod draw;
pub mod over;
mod over_draw;
pub mod params;
mod run;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{Changed, DrawCtx, Module};
use crate::app::shared::{Input, Shared};
use crate::jobs::runner::{JobEvent, JobEventKind};
use crate::jobs::salience::{Method, Salience, SalienceParams};

pub const NAME: &str = "salience";

/// Where one method's map is.
#[derive(Debug, Clone, PartialEq)]
pub enum MapState {
    /// The model cannot run it, and why.
    Unavailable(String),
    Idle,
    /// Share done; LIME's first estimate may already be there.
    Running(f32, Option<Salience>),
    Done(Salience),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct SalienceMaps {
    /// The row the maps explain, and its text.
    pub row: Option<usize>,
    pub text: String,
    /// The class explained; `None`: the predicted one.
    pub target: Option<usize>,
    pub maps: Vec<(Method, MapState)>,
    pub params: SalienceParams,
    /// LIT's gamma: intensities are raised to 1/gamma before coloring.
    pub gamma: f32,
    /// Salience over the selection.
    pub over: over::Over,
}

impl Default for SalienceMaps {
    fn default() -> Self {
        Self {
            row: None,
            text: String::new(),
            target: None,
            maps: Method::ALL.iter().map(|&m| (m, MapState::Idle)).collect(),
            params: SalienceParams::default(),
            gamma: 2.0,
            over: over::Over::default(),
        }
    }
}

impl Module for SalienceMaps {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        draw::title(self, cx)
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        if self.over.on && self.over.handle(action, shared, &self.params, fx) {
            return true;
        }
        match action {
            Action::ToggleSelectionView => {
                self.over.on = !self.over.on;
                if self.over.on && self.over.sides.iter().all(Vec::is_empty) {
                    self.over.start(shared, &self.params, fx);
                }
            }
            Action::NextTarget => {
                let k = shared.rows.classes().max(1);
                self.target = match self.target {
                    None => Some(0),
                    Some(c) if c + 1 < k => Some(c + 1),
                    Some(_) => None,
                };
                run::start(self, shared, fx);
            }
            Action::Refit => run::start(self, shared, fx),
            Action::SalienceParams => {
                let input = Input::new(NAME, 0, params::describe(&self.params));
                fx.prompt(input.labelled(" salience parameters: "));
            }
            Action::GammaUp | Action::GammaDown => {
                self.gamma = params::step_gamma(self.gamma, *action == Action::GammaUp);
            }
            _ => return false,
        }
        true
    }

    fn prompt(&mut self, _tag: u8, text: &str, done: bool, shared: &Shared, fx: &mut Fx) {
        if !done {
            return;
        }
        match params::parse(text, &self.params) {
            Ok(p) if p == self.params => {}
            Ok(p) => {
                self.params = p;
                run::start(self, shared, fx);
            }
            Err(e) => fx.error(e),
        }
    }

    fn changed(&mut self, what: Changed, shared: &Shared, fx: &mut Fx) {
        let moved = shared.primary != self.row;
        let text_changed = shared
            .primary
            .is_some_and(|p| shared.rows.texts.get(p) != Some(&self.text));
        if what.primary && (moved || text_changed) {
            self.target = None;
            run::start(self, shared, fx);
        }
    }

    fn cancel(&mut self, _shared: &Shared, fx: &mut Fx) -> bool {
        self.over.cancel(fx)
    }

    fn job(&mut self, event: JobEvent, _shared: &Shared, _fx: &mut Fx) {
        if event.lane == "over" {
            self.over.job(&event);
            return;
        }
        let Some(at) = self.maps.iter().position(|(m, _)| m.name() == event.lane) else {
            return;
        };
        let state = &mut self.maps[at].1;
        match &event.kind {
            JobEventKind::Progress { done, .. } => {
                let early = match state {
                    MapState::Running(_, s) => s.clone(),
                    _ => None,
                };
                *state = MapState::Running(*done, early);
            }
            JobEventKind::Partial(p) => {
                if let Some(s) = p.downcast_ref::<Salience>() {
                    let done = match state {
                        MapState::Running(d, _) => *d,
                        _ => 0.0,
                    };
                    *state = MapState::Running(done, Some(s.clone()));
                }
            }
            JobEventKind::Done(Ok(p)) => {
                if let Some(s) = p.downcast_ref::<Salience>() {
                    *state = MapState::Done(s.clone());
                }
            }
            JobEventKind::Done(Err(e)) => *state = MapState::Failed(e.clone()),
        }
    }

    fn busy(&self) -> bool {
        self.over.running.is_some()
            || self
                .maps
                .iter()
                .any(|(_, s)| matches!(s, MapState::Running(..)))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        if self.over.on {
            over_draw::draw(&self.over, frame, area, cx);
        } else {
            draw::draw(self, frame, area, cx);
        }
    }

    crate::module_any!();
}
