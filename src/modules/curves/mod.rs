//! PR and ROC curves of one class against the rest, on the selection (or
//! all rows), with their areas.

mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::analysis_job::ReportSettings;
use crate::app::effect::Fx;
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Shared;

pub const NAME: &str = "curves";

#[derive(Debug, Clone)]
pub struct Curves {
    /// The positive class.
    pub class: usize,
}

impl Default for Curves {
    fn default() -> Self {
        Self { class: 1 }
    }
}

impl Module for Curves {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        let labels = &cx.shared.rows.labels;
        let class = labels.get(self.class).map_or("?", String::as_str);
        Line::from(format!(" PR / ROC Curves · {class} "))
    }

    fn handle(&mut self, action: &Action, shared: &Shared, _fx: &mut Fx) -> bool {
        let k = shared.rows.classes().max(1);
        match action {
            Action::Left | Action::Up => self.class = (self.class + k - 1) % k,
            Action::Right | Action::Down => self.class = (self.class + 1) % k,
            _ => return false,
        }
        true
    }

    fn report_settings(&self, s: &mut ReportSettings) {
        s.curve_class = self.class;
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
