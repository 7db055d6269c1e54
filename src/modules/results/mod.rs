//! Classification Results: the primary row's scores from every model, and
//! the pinned reference row's beside them.

mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Shared;

pub const NAME: &str = "results";

#[derive(Debug, Clone, Default)]
pub struct Results;

impl Module for Results {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, _cx: &DrawCtx) -> Line<'static> {
        Line::from(" Classification Results ")
    }

    fn handle(&mut self, _action: &Action, _shared: &Shared, _fx: &mut Fx) -> bool {
        false
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
