//! Pure analysis over plain data: no UI, no async (heavy loops split over
//! scoped threads, with results that do not depend on the core count). Shared by the headless
//! commands and the terminal app.

/// Where a long computation is: its stage and the share of the whole done
/// (0 to 1). Called from worker threads.
pub type Report<'a> = &'a (dyn Fn(Stage, f32) + Sync);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Neighbours,
    Layout,
}

impl Stage {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Neighbours => "finding neighbours",
            Self::Layout => "laying out",
        }
    }
}

pub mod cohort_features;
pub mod confusion;
pub mod curves;
pub mod distance;
pub mod error_tree;
pub mod facets;
pub mod fma;
pub mod generators;
pub mod knn;
pub mod label_issues;
pub mod metrics;
pub mod nn_descent;
pub mod paired;
pub mod performance;
pub mod project;
pub mod projection;
pub mod quadtree;
pub mod rng;
pub mod salience;
pub mod salience_clusters;
pub mod threshold;
pub mod tsne;
pub mod umap;
