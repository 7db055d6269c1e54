//! What the app opens on: the data, the main model, and `--predictions`,
//! read before the screen changes so bad input fails first.

use std::sync::Arc;

use anyhow::Result;

use crate::app::config::AppConfig;
use crate::data::Dataset;
use crate::data::precomputed::Precomputed;
use crate::model::Model;

pub struct Inputs {
    pub dataset: Dataset,
    /// With `--predictions` and no `--model`, a model that runs nothing.
    pub model: Arc<Model>,
    pub precomputed: Option<Arc<Precomputed>>,
}

pub fn load(config: &AppConfig) -> Result<Inputs> {
    let precomputed = config
        .predictions
        .as_deref()
        .map(Precomputed::read)
        .transpose()?
        .map(Arc::new);
    let dataset = match &precomputed {
        // Without --data, the predictions file is the data (it holds the text).
        Some(pre) if config.data.path.as_os_str().is_empty() => {
            let mut opts = config.data.clone();
            opts.path = pre.source.clone();
            Dataset::from_read(&opts, pre.as_data())?
        }
        _ => Dataset::load(&config.data)?,
    };
    let model = Arc::new(match &precomputed {
        Some(pre) if config.model.model.as_os_str().is_empty() => {
            Model::precomputed(&pre.source, pre.labels.clone(), pre.embeddings.is_some())?
        }
        _ => Model::load(&config.model)?,
    });
    if let Some(pre) = &precomputed
        && pre.labels != model.labels
    {
        return Err(crate::user_error!(
            "{} has classes {} but --model {} has {}; the predictions must come from a model with the same classes, in order",
            pre.source.display(),
            pre.labels.join(", "),
            model.name,
            model.labels.join(", ")
        ));
    }
    Ok(Inputs {
        dataset,
        model,
        precomputed,
    })
}
