//! Pure analysis over plain data: no UI, no threads. Shared by the headless
//! commands and the terminal app.

pub mod confusion;
pub mod curves;
pub mod facets;
pub mod knn;
pub mod metrics;
pub mod projection;
pub mod threshold;
pub mod tsne;
pub mod umap;
