//! Asking for a projection once every vector is in, and taking its answer.
//! Each method has its own job lane, so a slow UMAP fit keeps running while
//! the pane shows PCA; a failure (too few rows, NaN vectors, bad parameters)
//! ends the job with a message for the pane, never a stuck "computing".

use std::sync::Arc;

use super::{Embeddings, NAME, ProjectionMethod, cache, handle};
use crate::analysis::project::project;
use crate::analysis::projection::Projection;
use crate::app::effect::Fx;
use crate::app::shared::Shared;
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};

/// Starts the current method's job when it has no projection, none is
/// running, every row is predicted and every vector is in.
pub fn request(e: &mut Embeddings, shared: &Shared, fx: &mut Fx) {
    let method = e.method;
    e.requested = e.running.contains(&method);
    if e.projection.is_some()
        || e.requested
        || e.failed.is_some()
        || shared.progress.running()
        || !shared.progress.finished
        || !shared.rows.embeddings_complete()
    {
        return;
    }
    let (data, dim) = (shared.rows.embeddings_shared(), shared.rows.embedding_dim());
    let (umap, tsne) = (e.umap, e.tsne);
    // UMAP and t-SNE take seconds: their layouts are kept on disk.
    let cache_file = match (method, crate::paths::cache_root()) {
        (ProjectionMethod::Pca, _) | (_, None) => None,
        (_, Some(root)) => Some(cache::path(
            &root,
            shared.model.model_hash,
            &shared.rows.ids,
            method.name(),
            &format!("{umap:?} {tsne:?}"),
        )),
    };
    e.running.push(method);
    e.requested = true;
    e.progress = None;
    fx.run(Job::latest(NAME, method.name(), move |ctx| {
        let n = data.len() / dim.max(1);
        if let Some(coords) = cache_file.as_deref().and_then(|f| cache::load(f, n)) {
            return Ok(Arc::new((method, Arc::new(coords_only(coords)))) as Payload);
        }
        let report =
            |stage: crate::analysis::Stage, done: f32| ctx.progress(stage.describe(), done);
        let projection = project(method, &data, dim, &umap, &tsne, &report)?;
        if let Some(f) = &cache_file {
            cache::save(f, &projection.coords);
        }
        Ok(Arc::new((method, Arc::new(projection))) as Payload)
    }));
}

fn coords_only(coords: Vec<[f32; 2]>) -> Projection {
    Projection {
        coords,
        mean: Vec::new(),
        components: [Vec::new(), Vec::new()],
    }
}

pub fn job_event(e: &mut Embeddings, event: JobEvent, shared: &Shared, fx: &mut Fx) {
    if event.lane == handle::NEIGHBOURS_LANE {
        return handle::neighbours_found(&event, shared, fx);
    }
    let Some(method) = [
        ProjectionMethod::Pca,
        ProjectionMethod::Umap,
        ProjectionMethod::Tsne,
    ]
    .into_iter()
    .find(|m| m.name() == event.lane) else {
        return;
    };
    match &event.kind {
        JobEventKind::Progress { stage, done } => {
            if e.method == method {
                e.progress = Some((stage.clone(), *done));
            }
        }
        JobEventKind::Partial(_) => {}
        JobEventKind::Done(result) => {
            e.running.retain(|m| *m != method);
            if e.method == method {
                e.requested = false;
                e.progress = None;
            }
            match result {
                Ok(payload) => {
                    let Some((_, p)) =
                        payload.downcast_ref::<(ProjectionMethod, Arc<Projection>)>()
                    else {
                        return;
                    };
                    e.computed.push((method, p.clone()));
                    if e.method == method {
                        e.projection = Some(p.clone());
                        e.placed.clear();
                        handle::place_new_rows(e, shared);
                    }
                }
                Err(why) => {
                    if e.method == method {
                        e.failed = Some(why.clone());
                    }
                    fx.error(format!("{} projection: {why}", method.name()));
                }
            }
        }
    }
}
