//! Metrics: accuracy and macro precision/recall/F1 for all rows, the
//! selection, every slice and every facet; per-class F1 on demand.

mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::analysis::facets::Binning;
use crate::app::action::Action;
use crate::app::analysis_job::{ReportSettings, binning_name};
use crate::app::effect::Fx;
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Shared;

pub const NAME: &str = "metrics";

#[derive(Debug, Clone)]
pub struct Metrics {
    pub cursor: usize,
    /// Facet the metrics (and the thresholder) by this feature.
    pub facet: Option<usize>,
    pub binning: Binning,
    pub bins: usize,
    pub per_class: bool,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            cursor: 0,
            facet: None,
            binning: Binning::Quantile,
            bins: 4,
            per_class: false,
        }
    }
}

impl Module for Metrics {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        let state = cx.shared;
        let facet = self
            .facet
            .and_then(|f| state.rows.features.get(f))
            .map(|f| {
                let binning = if f.numbers.is_some() {
                    format!(", {}", binning_name(self.binning))
                } else {
                    String::new()
                };
                format!(" · facet {}{binning}", f.name)
            })
            .unwrap_or_default();
        Line::from(format!(" Metrics{facet}{} ", model_names(state)))
    }

    fn weight(&self) -> u16 {
        4
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        let n = shared.report.as_ref().map_or(0, |a| a.metrics.len());
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Action::Top => self.cursor = 0,
            Action::Bottom => self.cursor = n.saturating_sub(1),
            Action::NextFacet => {
                let features = shared.rows.features.len();
                self.facet = match self.facet {
                    None if features > 0 => Some(0),
                    Some(f) if f + 1 < features => Some(f + 1),
                    _ => None,
                };
                fx.status(match self.facet {
                    Some(f) => format!("metrics faceted by {}", shared.rows.features[f].name),
                    None if features == 0 => "the data has no features to facet by".into(),
                    None => "no facet".into(),
                });
            }
            Action::ToggleBinning => {
                self.binning = match self.binning {
                    Binning::Quantile => Binning::EqualWidth,
                    Binning::EqualWidth => Binning::Quantile,
                }
            }
            Action::TogglePerClass => self.per_class = !self.per_class,
            Action::Activate => {
                let row = shared
                    .report
                    .as_ref()
                    .and_then(|a| a.metrics.get(self.cursor));
                if let Some(row) = row {
                    fx.status(format!("selected {} ({} rows)", row.name, row.rows.len()));
                    fx.select(row.rows.clone());
                }
            }
            _ => return false,
        }
        true
    }

    fn report_settings(&self, s: &mut ReportSettings) {
        s.facet = self.facet;
        s.binning = self.binning;
        s.bins = self.bins;
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}

/// " · 1=name · 2=name" for the compared models, whose columns are numbered.
pub fn model_names(state: &Shared) -> String {
    if state.rows.compared().is_empty() {
        return String::new();
    }
    let mut out = format!(" · 1={}", state.model_name);
    for (k, c) in state.rows.compared().iter().enumerate() {
        out.push_str(&format!(" · {}={}", k + 2, c.name));
    }
    out
}
