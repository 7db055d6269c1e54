//! The Counterfactuals module on the real model and data: generators run
//! over the selection, their results added as children in an automatic
//! slice that survives a restart, paired metrics, and compare mode.

mod common;

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lit_tui::analysis::generators::Control;
use lit_tui::analysis::generators::ablation_flip::AblationSettings;
use lit_tui::app::App;
use lit_tui::app::action::Action;
use lit_tui::app::shared::Focus;
use lit_tui::jobs::generate::{self, Generator, Parent};
use lit_tui::modules::generators::{Generators, Kind, RunState};

fn cf(app: &App) -> &Generators {
    app.workspace.module().expect("a Counterfactuals module")
}

/// Opens the Counterfactuals tab and gives it focus.
fn focus_counterfactuals(app: &mut App) {
    type_keys(app, "4");
    for _ in 0..3 {
        if app.shared.focus == Focus::Groups {
            break;
        }
        app.dispatch(Action::FocusDown);
    }
    assert_eq!(app.shared.focus, Focus::Groups);
}

/// Chooses a generator with `m`.
fn choose(app: &mut App, kind: Kind) {
    for _ in 0..Kind::ALL.len() {
        if cf(app).kind == kind {
            return;
        }
        type_keys(app, "m");
    }
    panic!("{kind:?} is not among the generators");
}

fn mispredictions(app: &App) -> Vec<usize> {
    (0..app.shared.rows.len())
        .filter(|&i| app.shared.rows.correct(i) == Some(false))
        .collect()
}

#[test]
fn word_replacer_over_the_mispredictions_adds_children_that_survive_a_restart() {
    let root = scratch("cf-driver");
    let mut app = sst2_app(&root);
    // The table: mispredictions only, then select every shown row.
    type_keys(&mut app, "ma");
    let wrong = mispredictions(&app);
    assert_eq!(wrong.len(), 159);
    assert_eq!(app.shared.selection.len(), 159);

    focus_counterfactuals(&mut app);
    choose(&mut app, Kind::WordReplacer);
    type_keys(&mut app, "e");
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_keys(&mut app, "not -> ");
    press(&mut app, KeyCode::Enter);
    assert_eq!(cf(&app).rules, "not ->");
    type_keys(&mut app, "wr");
    assert!(app.settle(Duration::from_secs(120)), "the run finished");
    assert_eq!(cf(&app).state, RunState::Done);

    // One output per whole-word, case-insensitive "not" in the parents.
    let not = regex::Regex::new(r"(?i)\bnot\b").expect("regex");
    let occurrences: usize = wrong
        .iter()
        .map(|&r| not.find_iter(&app.shared.rows.texts[r]).count())
        .sum();
    assert_eq!(occurrences, 13);
    assert_eq!(cf(&app).results.len(), occurrences);
    let drawn = screen(&app, 120, 40);
    assert!(
        drawn.contains("word_replacer: 159 rows in, 13 outputs"),
        "{drawn}"
    );

    type_keys(&mut app, "A");
    assert!(
        app.settle(Duration::from_secs(120)),
        "the added rows were predicted"
    );
    let rows = &app.shared.rows;
    assert_eq!(rows.len(), 872 + occurrences);
    let slice_name = "word_replacer:not -> ";
    let slice = (0..app.shared.slice_count())
        .find(|&i| app.shared.slice_name(i) == slice_name)
        .expect("the automatic slice");
    let children = app.shared.slice_rows(slice).to_vec();
    assert_eq!(children.len(), occurrences);
    for &c in &children {
        let parent = rows.parent[c].expect("a parent link");
        assert!(wrong.contains(&parent));
        assert_eq!(
            not.find_iter(&rows.texts[c]).count() + 1,
            not.find_iter(&rows.texts[parent]).count(),
            "one `not` removed: {}",
            &rows.texts[c]
        );
        assert_eq!(rows.source.get(&c).map(String::as_str), Some(slice_name));
        assert!(rows.probs(c).is_some(), "the child is predicted");
    }
    // Metrics shows the slice's swap rate: LIT's paired metrics.
    let swap = swap_rate(&app, &children);
    let report = app.shared.report.as_ref().expect("the report");
    let row = report
        .metrics
        .iter()
        .find(|m| m.name == slice_name)
        .expect("a Metrics row for the slice");
    let paired = row.paired.expect("paired metrics");
    assert_eq!(paired.num_pairs, occurrences);
    assert!((paired.swap_rate - swap).abs() < 1e-12);
    let ids: Vec<u64> = children.iter().map(|&c| rows.ids[c]).collect();
    type_keys(&mut app, "1");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("swap"), "{drawn}");
    drop(app);

    // A restart restores the children, their parents, sources and slice.
    let again = sst2_app(&root);
    let rows = &again.shared.rows;
    assert_eq!(rows.len(), 872 + occurrences);
    let slice = (0..again.shared.slice_count())
        .find(|&i| again.shared.slice_name(i) == slice_name)
        .expect("the slice was restored");
    let restored = again.shared.slice_rows(slice).to_vec();
    assert_eq!(
        restored.iter().map(|&c| rows.ids[c]).collect::<Vec<_>>(),
        ids
    );
    for &c in &restored {
        assert!(rows.parent[c].is_some_and(|p| wrong.contains(&p)));
        assert_eq!(rows.source.get(&c).map(String::as_str), Some(slice_name));
    }
    let report = again.shared.report.as_ref().expect("the report");
    let row = report
        .metrics
        .iter()
        .find(|m| m.name == slice_name)
        .expect("a Metrics row for the slice");
    assert!((row.paired.expect("paired").swap_rate - swap).abs() < 1e-12);
}

/// The share of rows whose predicted class differs from their parent's.
fn swap_rate(app: &App, children: &[usize]) -> f64 {
    let rows = &app.shared.rows;
    let swaps = children
        .iter()
        .filter(|&&c| rows.predicted(c) != rows.predicted(rows.parent[c].expect("parent")))
        .count();
    swaps as f64 / children.len() as f64
}

#[test]
fn ablation_flip_on_a_misprediction_matches_the_headless_run_and_compares_with_its_parent() {
    let mut app = sst2_app(&scratch("cf-ablation"));
    type_keys(&mut app, "m");
    press(&mut app, KeyCode::Enter);
    let row = app.shared.primary.expect("a primary row");
    assert_eq!(app.shared.rows.correct(row), Some(false));
    focus_counterfactuals(&mut app);
    choose(&mut app, Kind::AblationFlip);
    type_keys(&mut app, "r");
    assert!(app.settle(Duration::from_secs(120)));
    let got = &cf(&app).results;
    assert!(!got.is_empty(), "{:?}", cf(&app).state);
    assert!(
        got.iter().all(|r| r.flipped),
        "Ablation Flip returns flips only"
    );

    // The same texts as the headless path.
    let text = app.shared.rows.texts[row].to_string();
    let probs = app.shared.rows.probs(row).expect("predicted").to_vec();
    let cancel = AtomicBool::new(false);
    let run = generate::run(
        &app.model,
        &Generator::AblationFlip(AblationSettings::default()),
        &[Parent {
            index: row,
            id: app.shared.rows.ids[row],
            text: &text,
            probs: &probs,
        }],
        Control {
            progress: &|_| {},
            cancel: &cancel,
        },
    )
    .expect("headless ablation flip");
    let mut want: Vec<&str> = run.generated.iter().map(|g| g.text.as_str()).collect();
    let mut have: Vec<&str> = got.iter().map(|r| r.generated.text.as_str()).collect();
    want.sort_unstable();
    have.sort_unstable();
    assert_eq!(have, want);

    // Enter adds the first result, makes it primary and pins its parent.
    let first = got[0].generated.text.clone();
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(60)));
    let child = app.shared.primary.expect("the child is primary");
    assert_eq!(&app.shared.rows.texts[child], first);
    assert_eq!(app.shared.rows.parent[child], Some(row));
    assert_eq!(app.shared.pinned, Some(row));
    assert!(cf(&app).results[0].added);
    type_keys(&mut app, "2");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("pinned"), "{drawn}");
    assert!(drawn.contains("parent was"), "{drawn}");
}

#[test]
fn the_nearest_counterfactual_lists_rows_predicted_differently() {
    let mut app = sst2_app(&scratch("cf-nearest"));
    press(&mut app, KeyCode::Enter);
    let row = app.shared.primary.expect("a primary row");
    focus_counterfactuals(&mut app);
    choose(&mut app, Kind::Nearest);
    type_keys(&mut app, "r");
    let results = &cf(&app).results;
    assert_eq!(results.len(), 10);
    let own = app.shared.rows.predicted(row);
    for r in results {
        let other = r.existing.expect("a row of the data");
        assert_ne!(app.shared.rows.predicted(other), own);
        assert!(r.flipped);
    }
    // Enter compares it with the primary row: no row is added.
    let n = app.shared.rows.len();
    let other = results[0].existing;
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.shared.rows.len(), n);
    assert_eq!(app.shared.primary, other);
    assert_eq!(app.shared.pinned, Some(row));
}

#[test]
fn hotflip_without_gradients_says_why() {
    let mut app = sst2_app(&scratch("cf-hotflip"));
    press(&mut app, KeyCode::Enter);
    focus_counterfactuals(&mut app);
    choose(&mut app, Kind::HotFlip);
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("needs gradients.onnx"), "{drawn}");
    type_keys(&mut app, "r");
    let RunState::Failed(why) = &cf(&app).state else {
        panic!("{:?}", cf(&app).state);
    };
    assert!(why.contains("HotFlip needs gradients"), "{why}");
}

#[test]
fn a_run_can_be_cancelled_and_a_bad_rule_is_named() {
    let mut app = sst2_app(&scratch("cf-cancel"));
    type_keys(&mut app, "ma");
    focus_counterfactuals(&mut app);
    choose(&mut app, Kind::AblationFlip);
    type_keys(&mut app, "wr");
    assert!(matches!(cf(&app).state, RunState::Running(..)));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(&cf(&app).state, RunState::Failed(w) if w == "cancelled"));
    assert!(app.settle(Duration::from_secs(60)));
    assert!(cf(&app).results.is_empty(), "a cancelled run adds nothing");

    choose(&mut app, Kind::WordReplacer);
    type_keys(&mut app, "e");
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_keys(&mut app, "good -> bad, oops");
    press(&mut app, KeyCode::Enter);
    let error = app.shared.error.clone().unwrap_or_default();
    assert!(error.contains("oops"), "{error}");
    type_keys(&mut app, "r");
    assert!(app.settle(Duration::from_secs(60)));
    assert_eq!(cf(&app).state, RunState::Done, "the other rules still run");
    assert!(!cf(&app).results.is_empty());
}

#[test]
fn snapshots_of_ablation_flip_results_and_the_compare_view() {
    let mut app = sst2_app(&scratch("cf-snap"));
    type_keys(&mut app, "m");
    press(&mut app, KeyCode::Enter);
    focus_counterfactuals(&mut app);
    choose(&mut app, Kind::AblationFlip);
    type_keys(&mut app, "r");
    assert!(app.settle(Duration::from_secs(120)));
    insta::assert_snapshot!("counterfactuals_ablation_120x40", screen(&app, 120, 40));
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(60)));
    type_keys(&mut app, "2");
    // An added row's id carries the time it was made: shown as <child>.
    let child = app.shared.primary.expect("the child");
    let id = lit_tui::data::row_id::format_id(app.shared.rows.ids[child]);
    let drawn = screen(&app, 120, 40)
        .replace(&id, "<child id>      ")
        .replace(&id[..8], "<child> ");
    insta::assert_snapshot!("counterfactuals_compare_120x40", drawn);
}

#[test]
fn rule_sets_fill_word_replacer_rules() {
    let mut app = sst2_app(&scratch("cf-rule-sets"));
    press(&mut app, KeyCode::Enter);
    focus_counterfactuals(&mut app);
    let built_in = lit_tui::analysis::generators::rule_sets::built_in();
    type_keys(&mut app, "R");
    assert_eq!(
        cf(&app).rule_set.as_deref(),
        Some(built_in[0].name.as_str())
    );
    assert_eq!(cf(&app).rules, built_in[0].joined());
    for _ in 1..built_in.len() {
        type_keys(&mut app, "R");
    }
    let last = built_in.last().expect("a rule set");
    assert_eq!(cf(&app).rule_set.as_deref(), Some(last.name.as_str()));
    type_keys(&mut app, "R");
    assert_eq!(cf(&app).rule_set, None, "after the last, the default rule");
    assert_eq!(cf(&app).rules, "great -> terrible");
}
