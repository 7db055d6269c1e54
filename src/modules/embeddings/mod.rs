//! The Embeddings pane: the model's vectors projected to 2-D (PCA, UMAP,
//! t-SNE) as a braille scatter, with a cursor, box selection, zoom and pan,
//! and nearest neighbours in the original space. Projections run as jobs and
//! are kept on disk.

pub mod cache;
mod draw;
mod handle;
pub mod points;
mod request;

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::analysis::projection::Projection;
use crate::analysis::tsne::TsneParams;
use crate::analysis::umap::UmapParams;
use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{Changed, DrawCtx, Module, Need};
use crate::app::mouse::{MouseAt, MouseKind};
use crate::app::shared::Shared;
use crate::jobs::runner::JobEvent;

pub use handle::NEIGHBOURS;

pub const NAME: &str = "embeddings";

pub use crate::analysis::project::ProjectionMethod;

/// The projection and a view onto it (zoom, center) with a cursor in view
/// units (0 to 1).
#[derive(Debug, Clone)]
pub struct Embeddings {
    pub method: ProjectionMethod,
    /// Projections already computed, so switching back is instant.
    pub computed: Vec<(ProjectionMethod, Arc<Projection>)>,
    pub projection: Option<Arc<Projection>>,
    pub umap: UmapParams,
    pub tsne: TsneParams,
    /// Rows added after the fit, placed with the fitted projection: (row, x, y).
    pub placed: Vec<(usize, [f32; 2])>,
    /// Methods whose projection job is running.
    pub running: Vec<ProjectionMethod>,
    /// The current method's job is running: its stage and share done.
    pub requested: bool,
    pub progress: Option<(String, f32)>,
    /// Why the current method has no projection (too few rows, bad vectors…).
    pub failed: Option<String>,
    pub zoom: f64,
    /// The point of the fitted (0..1) space at the middle of the view.
    pub center: (f64, f64),
    pub cursor: (f64, f64),
    pub anchor: Option<(f64, f64)>,
}

impl Default for Embeddings {
    fn default() -> Self {
        Self {
            method: ProjectionMethod::Pca,
            computed: Vec::new(),
            projection: None,
            umap: Default::default(),
            tsne: Default::default(),
            placed: Vec::new(),
            running: Vec::new(),
            requested: false,
            progress: None,
            failed: None,
            zoom: 1.0,
            center: (0.5, 0.5),
            cursor: (0.5, 0.5),
            anchor: None,
        }
    }
}

impl Module for Embeddings {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        draw::title(self, cx)
    }

    fn needs(&self) -> &'static [Need] {
        &[Need::Vectors]
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        let handled = handle::handle(self, action, shared, fx);
        request::request(self, shared, fx);
        handled
    }

    fn changed(&mut self, what: Changed, shared: &Shared, fx: &mut Fx) {
        if what.vectors {
            handle::place_new_rows(self, shared);
        }
        request::request(self, shared, fx);
    }

    fn mouse(&mut self, at: MouseAt, shared: &Shared, fx: &mut Fx) {
        // The plot is under a one-line tooltip; the cursor lives in view space (0..1, y up).
        let plot_h = at.height.saturating_sub(1);
        if at.y == 0 || plot_h == 0 || at.width == 0 {
            return;
        }
        let point = (
            (f64::from(at.x) + 0.5) / f64::from(at.width),
            1.0 - (f64::from(at.y - 1) + 0.5) / f64::from(plot_h),
        );
        match at.kind {
            MouseKind::Click => {
                self.cursor = point;
                self.anchor = Some(point);
                self.handle(&Action::Activate, shared, fx);
            }
            MouseKind::Drag => self.cursor = point,
            // A drag that moved draws a box and selects what is in it.
            MouseKind::Release if self.anchor.is_some_and(|a| a != point) => {
                self.cursor = point;
                self.handle(&Action::BoxSelect, shared, fx);
            }
            MouseKind::Release => self.anchor = None,
            MouseKind::ScrollUp => {
                self.handle(&Action::ZoomIn, shared, fx);
            }
            MouseKind::ScrollDown => {
                self.handle(&Action::ZoomOut, shared, fx);
            }
        }
    }

    fn view_state(&self, _scope: crate::app::view::Scope) -> Option<serde_json::Value> {
        Some(serde_json::json!({ "projection": self.method.name() }))
    }

    fn restore_view_state(&mut self, state: &serde_json::Value, shared: &Shared, fx: &mut Fx) {
        let name = state["projection"].as_str().unwrap_or_default();
        if let Some(method) = ProjectionMethod::ALL.into_iter().find(|m| m.name() == name) {
            handle::show_method(self, method, shared);
            request::request(self, shared, fx);
        }
    }

    fn prompt(&mut self, _tag: u8, text: &str, done: bool, shared: &Shared, fx: &mut Fx) {
        if done {
            handle::set_params(self, text, fx);
            request::request(self, shared, fx);
        }
    }

    fn job(&mut self, event: JobEvent, shared: &Shared, fx: &mut Fx) {
        request::job_event(self, event, shared, fx);
    }

    fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
