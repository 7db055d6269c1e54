//! Metrics: accuracy and macro precision/recall/F1 for all rows, the
//! selection, every slice and every facet; per-class F1 on demand.

mod draw;
pub mod per_class;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::analysis::facets::Binning;
use crate::app::action::Action;
use crate::app::analysis_job::{FacetBy, ReportSettings, binning_name};
use crate::app::effect::Fx;
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Shared;
use crate::ui::table_widget::Sort;

pub const NAME: &str = "metrics";

#[derive(Debug, Clone)]
pub struct Metrics {
    pub cursor: usize,
    /// Facet the metrics (and the thresholder) by this.
    pub facet: Option<FacetBy>,
    pub binning: Binning,
    pub bins: usize,
    /// One line per class (of the Metrics line under the cursor).
    pub per_class: bool,
    pub class_cursor: usize,
    pub class_sort: Sort<per_class::ClassKey>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            cursor: 0,
            facet: None,
            binning: Binning::Quantile,
            bins: 4,
            per_class: false,
            class_cursor: 0,
            class_sort: Sort::default(),
        }
    }
}

impl Module for Metrics {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        let state = cx.shared;
        let facet = match self.facet {
            Some(FacetBy::Feature(f)) => state
                .rows
                .features
                .get(f)
                .map(|f| {
                    let binning = if f.numbers.is_some() {
                        format!(", {}", binning_name(self.binning))
                    } else {
                        String::new()
                    };
                    format!(" · facet {}{binning}", f.name)
                })
                .unwrap_or_default(),
            Some(FacetBy::Gold) => " · facet gold label".into(),
            Some(FacetBy::Prediction) => " · facet prediction".into(),
            None => String::new(),
        };
        let per_class = match state
            .report
            .as_ref()
            .and_then(|a| per_class::line(self, &a.metrics))
        {
            Some(line) if self.per_class => format!(" · per class of {}", line.name),
            _ => String::new(),
        };
        let models = match state.rows.compared().len() {
            0 => String::new(),
            n => format!(" · {} models", n + 1),
        };
        Line::from(format!(" Metrics{per_class}{facet}{models} "))
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "select"),
            (Action::NextFacet, "facet"),
            (Action::TogglePerClass, "per class"),
            (Action::SortNext, "sort"),
        ]
    }

    fn weight(&self) -> u16 {
        4
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        if self.per_class && self.handle_per_class(action, shared, fx) {
            return true;
        }
        let n = shared.report.as_ref().map_or(0, |a| a.metrics.len());
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Action::Top => self.cursor = 0,
            Action::Bottom => self.cursor = n.saturating_sub(1),
            Action::NextFacet => {
                self.facet = next_facet(self.facet, shared.rows.features.len());
                fx.status(match self.facet {
                    Some(FacetBy::Feature(f)) => {
                        format!("metrics faceted by {}", shared.rows.features[f].name)
                    }
                    Some(FacetBy::Gold) => "metrics faceted by the gold label".into(),
                    Some(FacetBy::Prediction) => "metrics faceted by the prediction".into(),
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
                    fx.status(format!(
                        "selected {} ({})",
                        row.name,
                        crate::plural::rows(row.rows.len())
                    ));
                    fx.select(row.rows.clone());
                }
            }
            _ => return false,
        }
        true
    }

    fn cancel(&mut self, _shared: &Shared, _fx: &mut Fx) -> bool {
        std::mem::take(&mut self.per_class)
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

impl Metrics {
    /// Keys of the per-class view: its cursor, sort, and Enter.
    fn handle_per_class(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        let Some(line) = shared
            .report
            .as_ref()
            .and_then(|a| per_class::line(self, &a.metrics))
        else {
            return false;
        };
        let n = line.per_class.len();
        match action {
            Action::Up => self.class_cursor = self.class_cursor.saturating_sub(1),
            Action::Down => self.class_cursor = (self.class_cursor + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.class_cursor = self.class_cursor.saturating_sub(10),
            Action::PageDown => {
                self.class_cursor = (self.class_cursor + 10).min(n.saturating_sub(1))
            }
            Action::Top => self.class_cursor = 0,
            Action::Bottom => self.class_cursor = n.saturating_sub(1),
            Action::SortNext => {
                self.class_sort.next(&per_class::KEYS);
                // Numbers read best largest first.
                if let Some((k, desc)) = &mut self.class_sort.by {
                    *desc = *k != per_class::ClassKey::Class;
                }
                self.class_cursor = 0;
            }
            Action::SortReverse => {
                self.class_sort.reverse();
                self.class_cursor = 0;
            }
            Action::Activate => {
                let order = per_class::order(&line.per_class, &self.class_sort);
                let Some(&class) = order.get(self.class_cursor) else {
                    return true;
                };
                let rows: Vec<usize> = line
                    .rows
                    .iter()
                    .copied()
                    .filter(|&r| shared.rows.gold[r] == Some(class))
                    .collect();
                fx.status(format!(
                    "selected the {} rows of {} labelled {}",
                    rows.len(),
                    line.name,
                    shared.rows.labels[class]
                ));
                fx.select(rows);
            }
            _ => return false,
        }
        true
    }
}

/// Features in order, then the gold label, then the prediction, then none.
fn next_facet(facet: Option<FacetBy>, features: usize) -> Option<FacetBy> {
    match facet {
        None if features > 0 => Some(FacetBy::Feature(0)),
        None => Some(FacetBy::Gold),
        Some(FacetBy::Feature(f)) if f + 1 < features => Some(FacetBy::Feature(f + 1)),
        Some(FacetBy::Feature(_)) => Some(FacetBy::Gold),
        Some(FacetBy::Gold) => Some(FacetBy::Prediction),
        Some(FacetBy::Prediction) => None,
    }
}

/// " · 1=name · 2=name" for the compared models, whose columns are numbered.
/// The models' legend, `1 name · 2 name`, each name cut in the middle to
/// share `width`; empty without compared models.
pub fn model_legend(state: &Shared, width: usize) -> String {
    let compared = state.rows.compared();
    if compared.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = std::iter::once(state.model_name.as_str())
        .chain(compared.iter().map(|c| c.name.as_str()))
        .collect();
    // "k " before each name, " · " between them.
    let room = width.saturating_sub(names.len() * 5) / names.len();
    names
        .iter()
        .enumerate()
        .map(|(k, n)| format!("{} {}", k + 1, crate::ui::clip_middle(n, room.max(6))))
        .collect::<Vec<_>>()
        .join(" · ")
}
