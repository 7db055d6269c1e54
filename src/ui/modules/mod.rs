//! One file per group module; each draws from `&AppState` and the latest analysis.

pub mod confusion;
pub mod curves;
pub mod metrics;
pub mod results;
pub mod scalars;
pub mod thresholder;

use crate::app::layout::Module;
use crate::app::state::AppState;

/// A module's title, with what it is showing.
pub fn title(module: Module, state: &AppState) -> String {
    let p = &state.performance;
    let extra = match module {
        Module::Metrics => {
            p.facet
                .and_then(|f| state.rows.features.get(f))
                .map(|f| {
                    let binning = if f.numbers.is_some() {
                        format!(", {}", crate::app::analysis_job::binning_name(p.binning))
                    } else {
                        String::new()
                    };
                    format!(" · facet {}{binning}", f.name)
                })
                .unwrap_or_default()
                + &models(state)
        }
        Module::Curves => format!(
            " · {}",
            state
                .rows
                .labels
                .get(p.curve_class)
                .map_or("?", String::as_str)
        ),
        Module::Thresholder => match state.rows.threshold {
            Some(t) => format!(" · {t:.2}"),
            None => String::new(),
        },
        _ => String::new(),
    };
    format!(" {}{extra} ", module.title())
}

/// " · 2=name · 3=name" for the compared models, whose columns are numbered.
fn models(state: &AppState) -> String {
    if state.rows.compared.is_empty() {
        return String::new();
    }
    let mut out = format!(" · 1={}", state.model_name);
    for (k, c) in state.rows.compared.iter().enumerate() {
        out.push_str(&format!(" · {}={}", k + 2, c.name));
    }
    out
}
