//! Scalars: a score (confidence, margin, a class's probability) against row
//! index or a numeric feature; a cursor picks the primary row, a box selects.

mod draw;
pub mod points;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{Changed, DrawCtx, Module};
use crate::app::shared::Shared;
use crate::jobs::runner::JobEvent;
use crate::ui::points::{in_box, nearest};

pub const NAME: &str = "scalars";

/// What the plot shows on its vertical axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Score {
    Probability(usize),
    Confidence,
    Margin,
}

/// Settings and cursor of the plot; the cursor is in plot units, 0 to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalars {
    pub score: Score,
    /// `None`: row index; else a numeric feature.
    pub x_feature: Option<usize>,
    pub cursor: (f64, f64),
    pub anchor: Option<(f64, f64)>,
    /// The plotted points, computed once per change of rows, scores or axes:
    /// a million rows cost more than a frame.
    pub(crate) points: crate::app::memo::Memo<points::Key, crate::ui::points::Points>,
    pub(crate) plot: crate::ui::scatter::PlotMemo,
    /// The points a worker is computing (`points::request`).
    pub(crate) pending: Option<points::Key>,
    pub(crate) on_screen: bool,
}

impl Default for Scalars {
    fn default() -> Self {
        Self {
            score: Score::Confidence,
            x_feature: None,
            cursor: (0.5, 0.5),
            anchor: None,
            points: Default::default(),
            plot: Default::default(),
            pending: None,
            on_screen: false,
        }
    }
}

impl Module for Scalars {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        let rows = &cx.shared.rows;
        let x = self
            .x_feature
            .and_then(|f| rows.features.get(f))
            .map_or("row", |f| f.name.as_str());
        let y = points::score_name(cx.shared, self.score);
        Line::from(format!(" Scalars · {y} by {x} "))
    }

    fn handle(&mut self, action: &Action, state: &Shared, fx: &mut Fx) -> bool {
        let step = |a: &Action| match a {
            Action::PageUp | Action::PageDown => 0.1,
            _ => 0.02,
        };
        let (x, y) = self.cursor;
        match action {
            Action::Left => self.cursor = ((x - step(action)).max(0.0), y),
            Action::Right => self.cursor = ((x + step(action)).min(1.0), y),
            Action::Up | Action::PageUp => self.cursor = (x, (y + step(action)).min(1.0)),
            Action::Down | Action::PageDown => self.cursor = (x, (y - step(action)).max(0.0)),
            Action::CycleScore => {
                let k = state.rows.classes();
                self.score = match self.score {
                    Score::Confidence => Score::Margin,
                    Score::Margin if k > 0 => Score::Probability(0),
                    Score::Probability(c) if c + 1 < k => Score::Probability(c + 1),
                    _ => Score::Confidence,
                };
            }
            Action::CycleXAxis => {
                let numeric: Vec<usize> = (0..state.rows.features.len())
                    .filter(|&f| state.rows.features[f].numbers.is_some())
                    .collect();
                if numeric.is_empty() {
                    fx.status(
                        "the data has no numeric column to put on the x axis; it stays the row index",
                    );
                }
                self.x_feature = match self.x_feature {
                    None => numeric.first().copied(),
                    Some(f) => numeric.iter().copied().find(|&g| g > f),
                };
            }
            Action::Activate => {
                if let Some(row) = nearest(&points::points(self, state), self.cursor) {
                    fx.primary(Some(row));
                }
            }
            Action::BoxSelect => match self.anchor.take() {
                None => self.anchor = Some(self.cursor),
                Some(anchor) => {
                    let rows = in_box(&points::points(self, state), anchor, self.cursor);
                    fx.status(format!("box selected {}", crate::plural::rows(rows.len())));
                    fx.select(rows);
                }
            },
            _ => return false,
        }
        if matches!(action, Action::CycleScore | Action::CycleXAxis) {
            points::request(self, state, fx);
        }
        true
    }

    fn changed(&mut self, what: Changed, shared: &Shared, fx: &mut Fx) {
        if self.on_screen && (what.rows || what.predictions) {
            points::request(self, shared, fx);
        }
    }

    fn shown(&mut self, shown: bool, shared: &Shared, fx: &mut Fx) {
        self.on_screen = shown;
        if shown {
            points::request(self, shared, fx);
        }
    }

    fn job(&mut self, event: JobEvent, shared: &Shared, fx: &mut Fx) {
        points::arrived(self, &event, shared, fx);
    }

    fn busy(&self) -> bool {
        self.pending.is_some()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
