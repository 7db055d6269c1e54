//! `lit-tui generate`: runs a counterfactual generator over chosen rows,
//! predicts what it made, and writes one record per generated row.

use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::generate_records::{Generated, Run, print_metrics, records_frame};
use super::{Evaluated, evaluate};
use crate::analysis::generators::ablation_flip::{AblationSettings, ablation_flip};
use crate::analysis::generators::scrambler::scramble;
use crate::analysis::generators::word_replacer::Rules;
use crate::analysis::generators::{Control, rule_sets};
use crate::cli::{GenerateArgs, GeneratorName};
use crate::data::row_id::format_id;
use crate::data::write;
use crate::model::Model;
use crate::progress::ProgressBar;
use crate::user_error;

pub fn generate(args: &GenerateArgs) -> Result<()> {
    let format = write::Format::of(&args.out)?;
    // Rules are checked before the model loads: a typo should fail fast.
    let rules = match args.generator {
        GeneratorName::WordReplacer => Some(word_replacer_rules(args)?),
        _ => None,
    };
    let ev = evaluate(&args.model, &args.data, &args.run)?;
    let parents = choose_parents(&ev, args)?;
    let run = match args.generator {
        GeneratorName::WordReplacer => {
            let rules = rules.ok_or_else(|| anyhow::anyhow!("rules were read above"))?;
            run_word_replacer(&ev, &parents, &rules)?
        }
        GeneratorName::Scrambler => run_scrambler(&ev, &parents, args)?,
        GeneratorName::AblationFlip => run_ablation_flip(&ev, &parents)?,
        GeneratorName::Hotflip => super::generate_hotflip::run_hotflip(&ev, &parents)?,
    };
    let mut df = records_frame(&ev, &run)?;
    write::write(&mut df, &args.out, format)?;
    eprintln!(
        "wrote {} generated rows from {} parents to {}",
        df.height(),
        parents.len(),
        args.out.display()
    );
    if args.metrics {
        print!("{}", print_metrics(&ev, &parents, &run));
    }
    super::release_at_exit(ev);
    Ok(())
}

/// `--rules`, then the rules of `--rule-set`; malformed rules are named on
/// stderr and the rest run.
fn word_replacer_rules(args: &GenerateArgs) -> Result<Rules> {
    let mut written = args.rules.clone().unwrap_or_default();
    if let Some(name) = &args.rule_set {
        let (sets, errors) = crate::data::rule_sets::all_rule_sets();
        for e in errors {
            eprintln!("warning: {e}");
        }
        let set = rule_sets::find(&sets, name).ok_or_else(|| {
            let names: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
            user_error!(
                "there is no rule set named `{name}`; choose one of {}, or add a TOML file to the rules folder of the config dir",
                crate::error::list_some(&names, 10)
            )
        })?;
        if !written.trim().is_empty() {
            written.push_str(", ");
        }
        written.push_str(&set.joined());
    }
    if args.rules.is_none() && args.rule_set.is_none() {
        written = crate::analysis::generators::word_replacer::DEFAULT_RULES.to_string();
    }
    let rules = Rules::parse(&written);
    for e in &rules.errors {
        eprintln!("warning: skipped {e}");
    }
    if rules.rules.is_empty() {
        return Err(user_error!(
            "--rules `{written}` holds no usable rule; write rules as `great -> terrible, good -> bad | awful`"
        ));
    }
    Ok(rules)
}

/// Row positions to generate from: `--rows`, else the mispredictions with
/// `--only-mispredictions`, else every row.
fn choose_parents(ev: &Evaluated, args: &GenerateArgs) -> Result<Vec<usize>> {
    if args.only_mispredictions {
        let gold = ev.gold.as_ref().ok_or_else(|| {
            user_error!(
                "--only-mispredictions needs gold labels, and {} has none; name the label column with --label-field",
                ev.dataset.path.display()
            )
        })?;
        return Ok((0..ev.dataset.len())
            .filter(|&i| match (gold.index[i], ev.predictions.predicted(i)) {
                (Some(g), Some(p)) => g != p,
                _ => false,
            })
            .collect());
    }
    let Some(list) = &args.rows else {
        return Ok((0..ev.dataset.len()).collect());
    };
    let ids: Vec<String> = ev.dataset.ids.iter().map(|&id| format_id(id)).collect();
    let mut out = Vec::new();
    for wanted in list.iter().map(|w| w.trim().to_lowercase()) {
        if wanted.is_empty() {
            continue;
        }
        let matches: Vec<usize> = (0..ids.len())
            .filter(|&i| ids[i].starts_with(&wanted))
            .collect();
        match matches.as_slice() {
            [i] if !out.contains(i) => out.push(*i),
            [_] => {}
            [] => {
                return Err(user_error!(
                    "--rows: no row of {} has the id `{wanted}`; ids are the 16 hex digits in the `id` column of `lit-tui predict` (a unique prefix will do)",
                    ev.dataset.path.display()
                ));
            }
            _ => {
                return Err(user_error!(
                    "--rows: `{wanted}` starts {} row ids; give more of its digits",
                    matches.len()
                ));
            }
        }
    }
    Ok(out)
}

/// The generators' `predict`: probabilities for owned texts.
pub(super) fn predict_strings(model: &Model, texts: &[String]) -> Result<Vec<Vec<f32>>> {
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    model.predict_texts(&texts)
}

fn predict_outputs(ev: &Evaluated, generated: &mut [Generated]) -> Result<()> {
    let texts: Vec<String> = generated.iter().map(|g| g.text.clone()).collect();
    let mut bar = ProgressBar::new("predicting");
    let mut probs = Vec::with_capacity(texts.len());
    // Chunks, so the bar moves on big runs.
    for chunk in texts.chunks(1024) {
        probs.extend(predict_strings(&ev.model, chunk)?);
        bar.update(probs.len(), texts.len());
    }
    bar.finish(&format!("predicted {} generated rows", texts.len()));
    for (g, p) in generated.iter_mut().zip(probs) {
        g.probs = p;
    }
    Ok(())
}

fn run_word_replacer(ev: &Evaluated, parents: &[usize], rules: &Rules) -> Result<Run> {
    let texts = ev.dataset.texts()?;
    let mut generated: Vec<Generated> = parents
        .iter()
        .flat_map(|&p| {
            rules.apply(texts[p]).into_iter().map(move |r| Generated {
                parent: p,
                change: format!("{} -> {}", r.source, r.target),
                text: r.text,
                positions: None,
                probs: Vec::new(),
            })
        })
        .collect();
    predict_outputs(ev, &mut generated)?;
    Ok(Run::new("word_replacer", rules.describe(), generated))
}

fn run_scrambler(ev: &Evaluated, parents: &[usize], args: &GenerateArgs) -> Result<Run> {
    let texts = ev.dataset.texts()?;
    let mut generated = Vec::new();
    let mut unchanged = Vec::new();
    for &p in parents {
        // The row id joins the seed, so a row scrambles the same in any selection.
        match scramble(texts[p], args.seed ^ ev.dataset.ids[p]) {
            Ok(text) => generated.push(Generated {
                parent: p,
                text,
                change: "scrambled".into(),
                positions: None,
                probs: Vec::new(),
            }),
            Err(why) => unchanged.push(format!("{}: {why}", format_id(ev.dataset.ids[p]))),
        }
    }
    if !unchanged.is_empty() {
        eprintln!(
            "note: {} rows cannot be scrambled: {}",
            unchanged.len(),
            crate::error::list_some(&unchanged, 5)
        );
    }
    predict_outputs(ev, &mut generated)?;
    Ok(Run::new(
        "scrambler",
        format!("seed={}", args.seed),
        generated,
    ))
}

fn run_ablation_flip(ev: &Evaluated, parents: &[usize]) -> Result<Run> {
    let texts = ev.dataset.texts()?;
    let settings = AblationSettings::default();
    let cancel = AtomicBool::new(false);
    let control = Control {
        progress: &|_| {},
        cancel: &cancel,
    };
    let mut predict = |t: &[String]| predict_strings(&ev.model, t);
    let mut bar = ProgressBar::new("ablation flip");
    let mut generated = Vec::new();
    let mut calls = Vec::with_capacity(parents.len());
    for (k, &p) in parents.iter().enumerate() {
        let original = ev.predictions.row(p);
        let outcome = ablation_flip(texts[p], Some(original), &settings, &mut predict, control)?;
        // LIT runs the parent, each leave-one-out text and each candidate, one per call.
        let words = texts[p].split_whitespace().count();
        calls.push((outcome.model_calls, 1 + words + outcome.candidates));
        generated.extend(outcome.flips.into_iter().map(|f| Generated {
            parent: p,
            text: f.text,
            change: format!("removed: {}", f.removed_words.join(" ")),
            positions: Some(f.removed),
            probs: f.probs,
        }));
        bar.update(k + 1, parents.len());
    }
    bar.finish(&format!("ablation flip on {} rows", parents.len()));
    let mut run = Run::new("ablation_flip", settings.describe(), generated);
    run.model_calls = Some(calls);
    Ok(run)
}
