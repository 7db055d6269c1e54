//! `lit-tui salience-clusters`: salience maps of the mispredictions (or every
//! row), clustered as LIT's Salience Clustering does, as a table or JSON.

use std::fmt::Write as _;

use anyhow::Result;

use crate::analysis::salience::Control;
use crate::analysis::salience_clusters::{Params, TokenSalience, cluster};
use crate::cli::SalienceClustersArgs;
use crate::data::row_id::format_id;
use crate::jobs::salience::{self as sal, SalienceParams};
use crate::jobs::salience_cache::SalienceCache;
use crate::progress::ProgressBar;
use crate::user_error;

pub fn salience_clusters(args: &SalienceClustersArgs) -> Result<()> {
    let ev = super::precomputed::evaluate_from(
        &args.model,
        &args.data,
        &args.run,
        args.predictions.as_deref(),
    )?;
    let model = ev.model()?;
    if let Err(reason) = args.method.available(model) {
        return Err(user_error!(
            "--method {} cannot run on {}: {reason}",
            args.method.name(),
            model.name
        ));
    }
    let n = ev.dataset.len();
    let rows: Vec<usize> = if args.all_rows {
        (0..n).collect()
    } else {
        let Some(gold) = &ev.gold else {
            return Err(user_error!(
                "{} has no gold labels, so there are no mispredictions to cluster; pass --all-rows",
                ev.dataset.path.display()
            ));
        };
        (0..n)
            .filter(|&i| matches!((gold.index[i], ev.predictions.predicted(i)), (Some(g), Some(p)) if g != p))
            .collect()
    };
    let texts = ev.dataset.texts()?;
    let params = SalienceParams::default();
    let cache = (!args.run.no_cache)
        .then(crate::paths::cache_root)
        .flatten()
        .map(|root| SalienceCache::open(&root, model.hash));
    let mut maps = Vec::new();
    let mut kept = Vec::new();
    let mut bar = ProgressBar::new("explaining");
    for (done, &row) in rows.iter().enumerate() {
        let Some(target) = ev.predictions.predicted(row) else {
            continue;
        };
        let (s, _) = sal::explain_cached(
            model,
            cache.as_ref(),
            sal::Request {
                text: texts[row],
                method: args.method,
                target,
                params: &params,
            },
            &mut |_| {},
            Control::default(),
        )?;
        maps.push(TokenSalience {
            tokens: s.map.tokens,
            salience: s.map.scores,
        });
        kept.push(row);
        bar.update(done + 1, rows.len());
    }
    bar.finish(&format!("explained {} rows", kept.len()));
    let found = cluster(
        &maps,
        Params {
            clusters: args.clusters.max(1),
            top_k: args.top_k.max(1),
            shown: args.shown,
            seed: args.seed,
        },
    );
    let members: Vec<Vec<usize>> = (0..found.top_tokens.len())
        .map(|c| found.members(c).into_iter().map(|i| kept[i]).collect())
        .collect();
    if args.json {
        let list: Vec<serde_json::Value> = members
            .iter()
            .zip(&found.top_tokens)
            .enumerate()
            .map(|(c, (rows, top))| {
                serde_json::json!({
                    "cluster": c,
                    "size": rows.len(),
                    "top_tokens": top.iter().map(|(t, w)| serde_json::json!([t, w])).collect::<Vec<_>>(),
                    "rows": rows.iter().map(|&i| serde_json::json!({"index": i, "id": format_id(ev.dataset.ids[i])})).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} rows in {} clusters by {} salience (top {} tokens per row, seed {})",
            kept.len(),
            members.len(),
            args.method.name(),
            args.top_k,
            args.seed
        );
        for (c, (rows, top)) in members.iter().zip(&found.top_tokens).enumerate() {
            let tokens: Vec<String> = top.iter().map(|(t, w)| format!("{t} {w:+.2}")).collect();
            let _ = writeln!(out, "{c:>3} {:>5} rows  {}", rows.len(), tokens.join(", "));
        }
        print!("{out}");
    }
    super::release_at_exit(ev);
    Ok(())
}
