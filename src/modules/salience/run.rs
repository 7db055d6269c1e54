//! Starting the methods for the primary row: one job per method, each
//! answered from the disk cache when it can be.

use std::sync::Arc;

use super::{MapState, NAME, SalienceMaps};
use crate::analysis::salience::Control;
use crate::app::effect::Fx;
use crate::app::shared::Shared;
use crate::jobs::runner::{JobCtx, Payload};
use crate::jobs::salience::{self, Method, Salience, SalienceParams};
use crate::jobs::salience_cache::SalienceCache;
use crate::model::Model;

/// (Re)starts every method the model can run for the primary row.
pub fn start(s: &mut SalienceMaps, shared: &Shared, fx: &mut Fx) {
    s.row = shared.primary;
    let (Some(row), Some(model)) = (s.row, shared.model.handle.clone()) else {
        s.text.clear();
        for (_, state) in &mut s.maps {
            *state = MapState::Idle;
        }
        return;
    };
    s.text = shared.rows.texts[row].to_string();
    let target = s.target.or(shared.rows.predicted(row)).unwrap_or(0);
    for (method, state) in &mut s.maps {
        if let Err(why) = method.available(&model) {
            *state = MapState::Unavailable(why);
            continue;
        }
        *state = MapState::Running(0.0, None);
        let job = MethodJob {
            model: model.clone(),
            text: s.text.clone(),
            method: *method,
            target,
            params: s.params.clone(),
        };
        fx.run(crate::jobs::runner::Job::latest(
            NAME,
            method.name(),
            move |ctx| {
                job.run(ctx)
                    .map(|s| Arc::new(s) as Payload)
                    .map_err(|e| format!("{e:#}"))
            },
        ));
    }
}

/// One method on one text, for the runner.
struct MethodJob {
    model: Arc<Model>,
    text: String,
    method: Method,
    target: usize,
    params: SalienceParams,
}

impl MethodJob {
    fn run(&self, ctx: &JobCtx) -> anyhow::Result<Salience> {
        let cache = crate::paths::cache_root().map(|r| SalienceCache::open(&r, self.model.hash));
        let flag = ctx.cancel_flag();
        let progress = |done: usize, total: usize| {
            ctx.progress("explaining", done as f32 / total.max(1) as f32);
        };
        let control = Control {
            cancel: Some(&flag),
            progress: Some(&progress),
        };
        let mut early = |estimate: &crate::analysis::salience::LimeEstimate| {
            ctx.partial(Arc::new(Salience {
                method: Method::Lime,
                target: estimate.target,
                map: estimate.salience.clone(),
            }));
        };
        let request = salience::Request {
            text: &self.text,
            method: self.method,
            target: self.target,
            params: &self.params,
        };
        salience::explain_cached(&self.model, cache.as_ref(), request, &mut early, control)
            .map(|(s, _)| s)
    }
}
