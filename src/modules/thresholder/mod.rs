//! The Thresholder (binary models): the decision threshold on p(class 1),
//! and the cost-optimal threshold for a FP:FN cost ratio, overall and per
//! facet of the Metrics module.

mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::analysis_job::{COST_RATIOS, ReportSettings};
use crate::app::effect::{Effect, Fx};
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Shared;

pub const NAME: &str = "thresholder";

#[derive(Debug, Clone)]
pub struct Thresholder {
    /// Index into `COST_RATIOS`.
    pub cost: usize,
}

impl Default for Thresholder {
    fn default() -> Self {
        Self { cost: 3 }
    }
}

impl Module for Thresholder {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        match cx.shared.rows.threshold {
            Some(t) => Line::from(format!(" Thresholder · {t:.2} ")),
            None => Line::from(" Thresholder "),
        }
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        if shared.rows.classes() != 2 {
            return false;
        }
        let current = shared.rows.threshold.unwrap_or(0.5);
        let set = |fx: &mut Fx, t: f32| {
            let t = ((t * 1000.0).round() / 1000.0).clamp(0.0, 1.0);
            fx.push(Effect::Threshold(Some(t)));
        };
        match action {
            Action::Left => set(fx, current - 0.01),
            Action::Right => set(fx, current + 0.01),
            Action::Down | Action::PageDown => set(fx, current - 0.05),
            Action::Up | Action::PageUp => set(fx, current + 0.05),
            Action::ResetThreshold => fx.push(Effect::Threshold(None)),
            Action::OptimalThreshold => {
                let best = shared
                    .report
                    .as_ref()
                    .and_then(|a| a.optimal.first())
                    .and_then(|(_, t)| *t);
                match best {
                    Some(t) => fx.push(Effect::Threshold(Some(t.threshold as f32))),
                    None => fx
                        .status("no optimal threshold yet: predictions and gold labels are needed"),
                }
            }
            Action::CostUp => self.cost = (self.cost + 1).min(COST_RATIOS.len() - 1),
            Action::CostDown => self.cost = self.cost.saturating_sub(1),
            _ => return false,
        }
        true
    }

    fn report_settings(&self, s: &mut ReportSettings) {
        s.cost = self.cost;
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
