//! The Confusion Matrix on any two categorical axes (gold, a model's
//! prediction, a feature), counts or normalized, with cell, row and column
//! selection and the most-confused pairs.

mod draw;
pub mod order;
mod select;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::analysis_job::{Axis, ReportSettings};
use crate::app::effect::Fx;
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Shared;

pub const NAME: &str = "confusion";

#[derive(Debug, Clone)]
pub struct Confusion {
    pub cell: (usize, usize),
    pub normalized: bool,
    pub pairs: bool,
    pub pairs_cursor: usize,
    pub row_axis: Axis,
    pub col_axis: Axis,
    /// Classes with the most confusions first.
    pub by_confusion: bool,
}

impl Default for Confusion {
    fn default() -> Self {
        Self {
            cell: (0, 0),
            normalized: false,
            pairs: false,
            pairs_cursor: 0,
            row_axis: Axis::Gold,
            col_axis: Axis::Prediction,
            by_confusion: false,
        }
    }
}

impl Module for Confusion {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, _cx: &DrawCtx) -> Line<'static> {
        // Always every row: a cell selects its rows, and a matrix that then
        // shrank to that selection would lose the others.
        Line::from(" Confusion · all rows ")
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "select"),
            (Action::SelectConfusionRow, "row"),
            (Action::SortNext, "order"),
            (Action::TogglePairs, "pairs"),
        ]
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        select::handle(self, action, shared, fx)
    }

    fn report_settings(&self, s: &mut ReportSettings) {
        s.row_axis = self.row_axis;
        s.col_axis = self.col_axis;
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
