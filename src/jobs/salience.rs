//! Salience of a model's predictions: the five methods run on a real model,
//! as plain blocking functions a background job (or `lit-tui explain`) calls
//! with a progress callback and a cancel flag (`analysis::salience::Control`).
//!
//! Gradient methods give wordpieces without `[CLS]`/`[SEP]`, as LIT shows
//! them; LIME and leave-one-out give whitespace words.

use anyhow::Result;

use crate::analysis::salience::{
    self, Control, IgParams, LimeEstimate, LimeParams, TokenSalience, ig::integrated_gradients_raw,
};
use crate::jobs::salience_cache::{CachedSalience, SalienceCache, SalienceKey};
use crate::model::{EmbeddedRow, Model};
use crate::user_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Lime,
    Loo,
    #[value(name = "grad_l2", alias = "grad-l2")]
    GradL2,
    #[value(name = "grad_dot_input", alias = "grad-dot-input")]
    GradDotInput,
    Ig,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Lime,
        Method::Loo,
        Method::GradL2,
        Method::GradDotInput,
        Method::Ig,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Lime => "lime",
            Self::Loo => "loo",
            Self::GradL2 => "grad_l2",
            Self::GradDotInput => "grad_dot_input",
            Self::Ig => "ig",
        }
    }

    pub fn needs_gradients(self) -> bool {
        matches!(self, Self::GradL2 | Self::GradDotInput | Self::Ig)
    }

    /// Whether scores carry a sign (toward / away from the class).
    pub fn signed(self) -> bool {
        self != Self::GradL2
    }

    /// Whether `model` can run this method, or why not.
    pub fn available(self, model: &Model) -> std::result::Result<(), String> {
        if self.needs_gradients() {
            model.gradient_support()
        } else {
            Ok(())
        }
    }
}

/// Every method's settings; each method reads its own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SalienceParams {
    pub lime: LimeParams,
    pub ig_steps: Option<usize>,
}

impl SalienceParams {
    pub fn ig(&self) -> IgParams {
        IgParams {
            steps: self
                .ig_steps
                .unwrap_or(IgParams::default().steps)
                .clamp(IgParams::MIN_STEPS, IgParams::MAX_STEPS),
            ..IgParams::default()
        }
    }

    /// The parameters that shape `method`'s result, for records and cache keys.
    pub fn describe(&self, method: Method) -> serde_json::Value {
        match method {
            Method::Lime => serde_json::json!({
                "samples": self.lime.samples,
                "kernel_width": self.lime.kernel_width,
                "mask_token": self.lime.mask_token,
                "seed": self.lime.seed,
                "alpha": self.lime.alpha,
            }),
            Method::Ig => serde_json::json!({ "steps": self.ig().steps, "baseline": "zeros" }),
            Method::Loo | Method::GradL2 | Method::GradDotInput => serde_json::json!({}),
        }
    }
}

/// One method's map for one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Salience {
    pub method: Method,
    /// The class explained.
    pub target: usize,
    pub map: TokenSalience,
}

/// Gradient L2 or Gradient·Input for many texts in one batch. `targets`:
/// a class per text, or `None` for the predicted class.
pub fn gradient_maps(
    model: &Model,
    texts: &[&str],
    targets: &[Option<usize>],
    method: Method,
) -> Result<Vec<Salience>> {
    let targets = resolve_targets(model, texts, targets)?;
    let grads = model.token_gradients(texts, &targets)?;
    grads
        .iter()
        .map(|g| {
            let scores = match method {
                Method::GradL2 => {
                    salience::grad_l2(&salience::strip_special_rows(&g.grads, g.dim), g.dim)
                }
                Method::GradDotInput => salience::grad_dot_input(
                    &salience::strip_special_rows(&g.grads, g.dim),
                    &salience::strip_special_rows(&g.input_embs, g.dim),
                    g.dim,
                ),
                other => {
                    return Err(anyhow::anyhow!(
                        "{} is not a single-pass gradient method",
                        other.name()
                    ));
                }
            };
            Ok(Salience {
                method,
                target: g.target,
                map: TokenSalience {
                    tokens: salience::strip_special(&g.tokens),
                    scores,
                },
            })
        })
        .collect()
}

/// Integrated Gradients of one text: zero baseline at every wordpiece
/// (`[CLS]`/`[SEP]` included), `params.ig()` steps, scores over the text's
/// wordpieces normalised as LIT does.
pub fn integrated_gradients(
    model: &Model,
    text: &str,
    target: Option<usize>,
    params: &SalienceParams,
    control: Control<'_>,
) -> Result<Salience> {
    let target = resolve_targets(model, &[text], &[target])?[0];
    let gradients = model.gradients()?;
    let (_, embs) = model
        .input_embeddings(&[text])?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no embeddings came back"))?;
    let dim = gradients.dim;
    let mut grad_at = |points: &[Vec<f32>]| -> Result<Vec<Vec<f32>>> {
        let rows: Vec<EmbeddedRow<'_>> = points
            .iter()
            .map(|p| EmbeddedRow { embs: p, target })
            .collect();
        Ok(gradients
            .at_embeddings(&rows)?
            .into_iter()
            .map(|g| g.grads)
            .collect())
    };
    let baseline = vec![0f32; embs.len()];
    let raw = integrated_gradients_raw(&embs, &baseline, dim, params.ig(), &mut grad_at, control)?;
    let tokens = model
        .tokenizer()
        .encode(crate::model::cut_text(text, model.char_budget()), true)
        .map_err(|e| anyhow::anyhow!("tokenization failed: {e}"))?;
    Ok(Salience {
        method: Method::Ig,
        target,
        map: TokenSalience {
            tokens: salience::strip_special(tokens.get_tokens()),
            scores: salience::normalize_signed(&salience::strip_special(&raw)),
        },
    })
}

/// LIME on one text, with `on_estimate` called on the first estimate and the final one.
pub fn lime(
    model: &Model,
    text: &str,
    target: Option<usize>,
    params: &SalienceParams,
    on_estimate: &mut dyn FnMut(&LimeEstimate),
    control: Control<'_>,
) -> Result<Salience> {
    let mut predict = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        model.predict_texts(&refs)
    };
    let estimate = salience::lime(
        text,
        target,
        &params.lime,
        &mut predict,
        on_estimate,
        control,
    )?;
    Ok(Salience {
        method: Method::Lime,
        target: estimate.target,
        map: estimate.salience,
    })
}

/// Leave-one-out on one text.
pub fn leave_one_out(
    model: &Model,
    text: &str,
    target: Option<usize>,
    control: Control<'_>,
) -> Result<Salience> {
    let mut predict = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        model.predict_texts(&refs)
    };
    let (map, target) = salience::leave_one_out(text, target, &mut predict, control)?;
    Ok(Salience {
        method: Method::Loo,
        target,
        map,
    })
}

/// Any method on one text (gradient L2 and Gradient·Input as a batch of one).
pub fn explain_one(
    model: &Model,
    text: &str,
    method: Method,
    target: Option<usize>,
    params: &SalienceParams,
    control: Control<'_>,
) -> Result<Salience> {
    if let Err(reason) = method.available(model) {
        return Err(user_error!(
            "{} cannot run on {}: {reason}",
            method.name(),
            model.name
        ));
    }
    match method {
        Method::Lime => lime(model, text, target, params, &mut |_| {}, control),
        Method::Loo => leave_one_out(model, text, target, control),
        Method::Ig => integrated_gradients(model, text, target, params, control),
        Method::GradL2 | Method::GradDotInput => {
            control.check()?;
            let mut maps = gradient_maps(model, &[text], &[target], method)?;
            control.report(1, 1);
            maps.pop()
                .ok_or_else(|| anyhow::anyhow!("no salience came back"))
        }
    }
}

/// One map to compute.
pub struct Request<'a> {
    pub text: &'a str,
    pub method: Method,
    /// The class explained.
    pub target: usize,
    pub params: &'a SalienceParams,
}

/// One map, from the cache when it holds it (and then put there); says
/// whether it came from the cache. LIME's estimates go to `on_estimate`.
pub fn explain_cached(
    model: &Model,
    cache: Option<&SalienceCache>,
    req: Request<'_>,
    on_estimate: &mut dyn FnMut(&LimeEstimate),
    control: Control<'_>,
) -> Result<(Salience, bool)> {
    let Request {
        text,
        method,
        target,
        params,
    } = req;
    let described = params.describe(method);
    let extra = if method.needs_gradients() {
        model.gradients()?.hash
    } else {
        0
    };
    let key = SalienceKey {
        text,
        method: method.name(),
        target,
        params: &described,
        extra,
    };
    if let Some(hit) = cache.and_then(|c| c.get(&key)) {
        let map = TokenSalience {
            tokens: hit.tokens,
            scores: hit.scores,
        };
        return Ok((
            Salience {
                method,
                target,
                map,
            },
            true,
        ));
    }
    let salience = match method {
        Method::Lime => lime(model, text, Some(target), params, on_estimate, control)?,
        _ => explain_one(model, text, method, Some(target), params, control)?,
    };
    let value = CachedSalience {
        tokens: salience.map.tokens.clone(),
        scores: salience.map.scores.clone(),
    };
    if let Some(cache) = cache
        && let Err(e) = cache.put(&key, &value)
    {
        eprintln!("note: the salience cache could not be written: {e:#}");
    }
    Ok((salience, false))
}

/// The chosen class, or the predicted one, per text.
fn resolve_targets(model: &Model, texts: &[&str], targets: &[Option<usize>]) -> Result<Vec<usize>> {
    let classes = model.labels.len();
    if let Some(bad) = targets.iter().flatten().find(|&&t| t >= classes) {
        return Err(user_error!(
            "class {bad} does not exist; the model has {classes} classes"
        ));
    }
    let missing: Vec<usize> = (0..texts.len())
        .filter(|&i| targets.get(i).copied().flatten().is_none())
        .collect();
    let mut resolved: Vec<usize> = targets.iter().map(|t| t.unwrap_or(0)).collect();
    resolved.resize(texts.len(), 0);
    if !missing.is_empty() {
        let refs: Vec<&str> = missing.iter().map(|&i| texts[i]).collect();
        for (&i, probs) in missing.iter().zip(model.predict_texts(&refs)?) {
            resolved[i] = argmax(&probs);
        }
    }
    Ok(resolved)
}

fn argmax(probs: &[f32]) -> usize {
    probs
        .iter()
        .enumerate()
        .fold(
            (0, f32::NEG_INFINITY),
            |b, (i, &p)| if p > b.1 { (i, p) } else { b },
        )
        .0
}
