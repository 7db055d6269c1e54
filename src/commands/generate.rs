//! `lit-tui generate`: runs a counterfactual generator over chosen rows,
//! predicts what it made, and writes one record per generated row.

use std::cell::RefCell;
use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::generate_records::{print_metrics, records_frame};
use super::{Evaluated, evaluate};
use crate::analysis::generators::ablation_flip::AblationSettings;
use crate::analysis::generators::hotflip::HotFlipSettings;
use crate::analysis::generators::word_replacer::Rules;
use crate::analysis::generators::{Control, rule_sets};
use crate::cli::{GenerateArgs, GeneratorName};
use crate::data::row_id::format_id;
use crate::data::write;
use crate::jobs;
use crate::jobs::generate::{Generator, Parent, Run};
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
    let generator = match args.generator {
        GeneratorName::WordReplacer => {
            Generator::WordReplacer(rules.ok_or_else(|| anyhow::anyhow!("rules were read above"))?)
        }
        GeneratorName::Scrambler => Generator::Scrambler { seed: args.seed },
        GeneratorName::AblationFlip => Generator::AblationFlip(AblationSettings::default()),
        GeneratorName::Hotflip => Generator::HotFlip(HotFlipSettings::default()),
    };
    let run = run_generator(&ev, &parents, &generator)?;
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

/// Runs the generator over the parents with a progress bar on stderr.
fn run_generator(ev: &Evaluated, parents: &[usize], generator: &Generator) -> Result<Run> {
    let texts = ev.dataset.texts()?;
    let parents: Vec<Parent> = parents
        .iter()
        .map(|&p| Parent {
            index: p,
            id: ev.dataset.ids[p],
            text: texts[p],
            probs: ev.predictions.row(p),
        })
        .collect();
    let bar = RefCell::new(ProgressBar::new(generator.name()));
    let progress = |share: f32| {
        let total = parents.len();
        bar.borrow_mut()
            .update((share * total as f32).round() as usize, total);
    };
    let cancel = AtomicBool::new(false);
    let control = Control {
        progress: &progress,
        cancel: &cancel,
    };
    let run = jobs::generate::run(ev.model()?, generator, &parents, control)?;
    bar.borrow_mut().finish(&format!(
        "{} on {} rows: {} outputs",
        run.generator,
        parents.len(),
        run.generated.len()
    ));
    if !run.skipped.is_empty() {
        let unchanged: Vec<String> = run
            .skipped
            .iter()
            .map(|(p, why)| format!("{}: {why}", format_id(ev.dataset.ids[*p])))
            .collect();
        eprintln!(
            "note: {} rows cannot be used: {}",
            unchanged.len(),
            crate::error::list_some(&unchanged, 5)
        );
    }
    Ok(run)
}
