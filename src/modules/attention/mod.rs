//! Attention: for models that export `attentions.N`, the primary row's
//! attention in one layer and head from the token under a cursor, and an
//! overview of every head (its entropy, or its attention to [CLS]/[SEP]).
//! The model runs as a job (newest wins as the primary row moves).

mod draw;

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{Changed, DrawCtx, Module, Need};
use crate::app::shared::Shared;
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};
use crate::model::Attention;

pub const NAME: &str = "attention";

/// What the head overview shows per head.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HeadScore {
    /// Mean entropy of the head's rows, over ln(seq).
    #[default]
    Entropy,
    /// Mean attention to the first and last tokens.
    Special,
}

#[derive(Debug, Clone, Default)]
pub enum Weights {
    #[default]
    Idle,
    Running,
    Done(Arc<Attention>),
    Failed(String),
}

#[derive(Debug, Clone, Default)]
pub struct AttentionView {
    pub row: Option<usize>,
    pub text: String,
    pub weights: Weights,
    pub layer: usize,
    pub head: usize,
    /// The token whose attention is shown.
    pub cursor: usize,
    pub score: HeadScore,
}

impl AttentionView {
    /// The weights on screen: the cursor token's attention in this layer and head.
    pub fn shown(&self) -> Option<&[f32]> {
        match &self.weights {
            Weights::Done(a) if a.seq() > 0 => Some(a.row(self.layer, self.head, self.cursor)),
            _ => None,
        }
    }

    fn start(&mut self, shared: &Shared, fx: &mut Fx) {
        self.row = shared.primary;
        let (Some(row), Some(model)) = (self.row, shared.model.handle.clone()) else {
            self.weights = Weights::Idle;
            return;
        };
        if !model.has_attention() {
            return;
        }
        self.text = shared.rows.texts[row].to_string();
        self.weights = Weights::Running;
        let text = self.text.clone();
        fx.run(Job::latest(NAME, "attention", move |_ctx| {
            model
                .attention(&text)
                .map(|a| Arc::new(a) as Payload)
                .map_err(|e| format!("{e:#}"))
        }));
    }

    /// Keeps layer, head and cursor inside what the weights have.
    fn clamp(&mut self) {
        if let Weights::Done(a) = &self.weights {
            self.layer = self.layer.min(a.layers.saturating_sub(1));
            self.head = self.head.min(a.heads.saturating_sub(1));
            self.cursor = self.cursor.min(a.seq().saturating_sub(1));
        }
    }

    fn dims(&self) -> (usize, usize, usize) {
        match &self.weights {
            Weights::Done(a) => (a.layers, a.heads, a.seq()),
            _ => (0, 0, 0),
        }
    }
}

/// One step along `0..n`, wrapping.
fn step(at: usize, n: usize, forward: bool) -> usize {
    match (n, forward) {
        (0, _) => 0,
        (_, true) => (at + 1) % n,
        (_, false) => (at + n - 1) % n,
    }
}

impl Module for AttentionView {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, _cx: &DrawCtx) -> Line<'static> {
        match &self.weights {
            Weights::Done(_) => Line::from(format!(
                " Attention · layer {} · head {} ",
                self.layer + 1,
                self.head + 1
            )),
            _ => Line::from(" Attention "),
        }
    }

    fn needs(&self) -> &'static [Need] {
        &[Need::Attention]
    }

    fn weight(&self) -> u16 {
        2
    }

    fn handle(&mut self, action: &Action, _shared: &Shared, _fx: &mut Fx) -> bool {
        let (layers, heads, seq) = self.dims();
        match action {
            Action::Up => self.layer = step(self.layer, layers, false),
            Action::Down => self.layer = step(self.layer, layers, true),
            Action::Left => self.cursor = step(self.cursor, seq, false),
            Action::Right => self.cursor = step(self.cursor, seq, true),
            Action::NextHead => self.head = step(self.head, heads, true),
            Action::PrevHead => self.head = step(self.head, heads, false),
            Action::CycleHeadScore => {
                self.score = match self.score {
                    HeadScore::Entropy => HeadScore::Special,
                    HeadScore::Special => HeadScore::Entropy,
                }
            }
            _ => return false,
        }
        true
    }

    fn changed(&mut self, what: Changed, shared: &Shared, fx: &mut Fx) {
        let moved = shared.primary != self.row;
        let text_changed = shared
            .primary
            .is_some_and(|p| shared.rows.texts.get(p) != Some(&self.text));
        if what.primary && (moved || text_changed) {
            self.cursor = 0;
            self.start(shared, fx);
        }
    }

    fn job(&mut self, event: JobEvent, _shared: &Shared, _fx: &mut Fx) {
        match &event.kind {
            JobEventKind::Done(Ok(_)) => {
                if let Some(a) = event.payload_arc::<Attention>() {
                    self.weights = Weights::Done(a);
                    self.clamp();
                }
            }
            JobEventKind::Done(Err(e)) => self.weights = Weights::Failed(e.clone()),
            _ => {}
        }
    }

    fn busy(&self) -> bool {
        matches!(self.weights, Weights::Running)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
