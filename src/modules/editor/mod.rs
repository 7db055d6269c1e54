//! The Datapoint Editor: the primary row in full; edit its text or label, or
//! duplicate it, to make a new datapoint (a child of the row, as in LIT),
//! with a live prediction while typing.

mod draw;
mod handle;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{Changed, DrawCtx, Module};
use crate::app::shared::Shared;
use crate::jobs::runner::JobEvent;

pub const NAME: &str = "editor";

#[derive(Debug, Clone, Default)]
pub struct Editor {
    /// The edit being typed makes a new point with no parent (Create blank).
    pub blank: bool,
    /// The label chosen while editing the label (a class index).
    pub label_choice: Option<usize>,
    /// The prediction of the text being typed, once back.
    pub draft_probs: Option<Vec<f32>>,
}

impl Module for Editor {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        draw::title(self, cx)
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        handle::handle(self, action, shared, fx)
    }

    fn changed(&mut self, what: Changed, _shared: &Shared, _fx: &mut Fx) {
        if what.primary {
            self.draft_probs = None;
        }
    }

    fn prompt(&mut self, _tag: u8, text: &str, done: bool, shared: &Shared, fx: &mut Fx) {
        if done {
            handle::commit_text(self, text.to_string(), shared, fx);
        } else {
            handle::draft_changed(self, text.to_string(), fx);
        }
    }

    fn prompt_cancelled(&mut self, _tag: u8) {
        self.blank = false;
    }

    fn cancel(&mut self, _shared: &Shared, _fx: &mut Fx) -> bool {
        self.label_choice.take().is_some()
    }

    fn job(&mut self, event: JobEvent, _shared: &Shared, fx: &mut Fx) {
        if let Some(probs) = event.payload::<Vec<f32>>() {
            self.draft_probs = Some(probs.clone());
        } else if let Some(e) = event.error() {
            fx.error(format!("prediction failed: {e}"));
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
