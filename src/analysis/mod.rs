//! Pure analysis over plain data: no UI, no async (heavy loops split over
//! scoped threads, with results that do not depend on the core count). Shared by the headless
//! commands and the terminal app.

pub mod confusion;
pub mod curves;
pub mod distance;
pub mod facets;
pub mod knn;
pub mod metrics;
pub mod nn_descent;
pub mod projection;
pub mod rng;
pub mod threshold;
pub mod tsne;
pub mod umap;
