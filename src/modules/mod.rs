//! The modules, one folder each. Each implements `app::module::Module`; the
//! registry below is the one place that names them. Adding a module: a
//! folder here, one `add` line, and its name in a layout.

pub mod attention;
pub mod cohorts;
mod common;
pub mod confusion;
pub mod curves;
pub mod editor;
pub mod embeddings;
pub mod generators;
pub mod label_issues;
pub mod metrics;
pub mod results;
pub mod salience;
pub mod salience_clusters;
pub mod scalars;
pub mod slices;
pub mod table;
pub mod thresholder;

use crate::app::registry::Registry;

/// Every module lit-tui ships, by the name layouts use.
pub fn registry() -> Registry {
    let mut r = Registry::default();
    r.add(table::NAME, || Box::new(table::Table::default()));
    r.add(editor::NAME, || Box::new(editor::Editor::default()));
    r.add(slices::NAME, || Box::new(slices::Slices::default()));
    r.add(embeddings::NAME, || {
        Box::new(embeddings::Embeddings::default())
    });
    r.add(metrics::NAME, || Box::new(metrics::Metrics::default()));
    r.add(
        confusion::NAME,
        || Box::new(confusion::Confusion::default()),
    );
    r.add(curves::NAME, || Box::new(curves::Curves::default()));
    r.add(thresholder::NAME, || {
        Box::new(thresholder::Thresholder::default())
    });
    r.add(results::NAME, || Box::new(results::Results));
    r.add(scalars::NAME, || Box::new(scalars::Scalars::default()));
    r.add(salience::NAME, || {
        Box::new(salience::SalienceMaps::default())
    });
    r.add(attention::NAME, || {
        Box::new(attention::AttentionView::default())
    });
    r.add(generators::NAME, || {
        Box::new(generators::Generators::default())
    });
    r.add(cohorts::NAME, || Box::new(cohorts::Cohorts::default()));
    r.add(salience_clusters::NAME, || {
        Box::new(salience_clusters::SalienceClusters::default())
    });
    r.add(label_issues::NAME, || {
        Box::new(label_issues::LabelIssues::default())
    });
    r
}
