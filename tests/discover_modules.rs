//! The Discover tab on SST-2 dev with sst2-minilm: Error Cohorts, Label
//! Issues and Salience Clusters in the app, with snapshots at 120x40.

mod common;

use std::time::Duration;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::App;
use lit_tui::app::action::Action;
use lit_tui::app::shared::Focus;
use lit_tui::modules::cohorts::Cohorts;
use lit_tui::modules::label_issues::LabelIssues;

fn issues(app: &App) -> &LabelIssues {
    app.workspace.module().expect("a Label Issues module")
}

fn cohorts(app: &App) -> &Cohorts {
    app.workspace.module().expect("an Error Cohorts module")
}

/// Error Cohorts is first in the tab, Label Issues right of it, then
/// Salience Clusters.
fn focus_label_issues(app: &mut App) {
    focus_discover(app);
    app.dispatch(Action::FocusNext);
}

/// Opens the Discover tab (the fifth) and gives the group workspace focus.
fn focus_discover(app: &mut App) {
    type_keys(app, "5");
    for _ in 0..3 {
        if app.shared.focus == Focus::Groups {
            break;
        }
        app.dispatch(Action::FocusDown);
    }
    assert_eq!(app.shared.focus, Focus::Groups);
}

#[test]
fn label_issues_rank_make_primary_relabel_and_save() {
    let mut app = sst2_app(&scratch("discover-label-issues"));
    assert!(app.settle(Duration::from_secs(30)));
    let found = issues(&app)
        .found
        .clone()
        .expect("ranked after the predictions");
    // As cleanlab 2.9 finds on these probabilities (benches/label_issues_vs_cleanlab.py).
    assert_eq!(found.issues.len(), 101);
    assert_eq!(found.over, 872);
    focus_label_issues(&mut app);
    type_keys(&mut app, "j");
    press(&mut app, KeyCode::Enter);
    let second = found.issues[1].clone();
    assert_eq!(app.shared.primary, Some(second.row));
    // The Data Table's `qual` column is the same score.
    assert_eq!(
        app.shared.rows.label_quality(second.row).map(f64::from),
        Some(second.quality)
    );

    // L: the row again, with the suggested label, as a child.
    let before = app.shared.rows.len();
    type_keys(&mut app, "L");
    assert!(app.settle(Duration::from_secs(30)));
    assert_eq!(app.shared.rows.len(), before + 1);
    let child = before;
    assert_eq!(app.shared.rows.parent[child], Some(second.row));
    assert_eq!(app.shared.rows.gold[child], Some(second.suggested));
    assert_eq!(
        app.shared.rows.texts[child],
        app.shared.rows.texts[second.row]
    );
    // Added rows are not ranked: the issues stay the data file's.
    assert_eq!(
        issues(&app).found.as_ref().expect("found").issues.len(),
        101
    );

    type_keys(&mut app, "S");
    let slice = app
        .shared
        .slices
        .iter()
        .position(|s| s.name == "label issues")
        .expect("the slice");
    // The Slice Editor's list starts with Starred.
    assert_eq!(app.shared.slice_rows(slice + 1).len(), 101);
}

#[test]
fn label_issues_snapshot_120x40() {
    let mut app = sst2_app(&scratch("discover-label-issues-snap"));
    assert!(app.settle(Duration::from_secs(30)));
    focus_label_issues(&mut app);
    type_keys(&mut app, "z");
    insta::assert_snapshot!("label_issues_120x40", screen(&app, 120, 40));
}

#[test]
fn cohorts_select_save_and_refit_over_the_selection() {
    let mut app = sst2_app(&scratch("discover-cohorts"));
    // The tree is fitted once its tab is shown, not before.
    assert!(cohorts(&app).fitted.is_none(), "no fit while out of view");
    focus_discover(&mut app);
    assert!(app.settle(Duration::from_secs(60)));
    let fitted = cohorts(&app)
        .fitted
        .clone()
        .expect("fitted after the predictions");
    let tree = &fitted.tree;
    assert_eq!(tree.errors, 159);
    assert_eq!(tree.nodes[0].size(), 872);
    for node in &tree.nodes {
        if let Some((l, r)) = node.children {
            assert_eq!(tree.nodes[l].size() + tree.nodes[r].size(), node.size());
            assert_eq!(tree.nodes[l].errors + tree.nodes[r].errors, node.errors);
        }
    }
    let top = tree.cohorts[0].clone();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.shared.selection.len(), top.size);
    let wrong = app
        .shared
        .selection
        .iter()
        .filter(|&&r| app.shared.rows.correct(r) == Some(false))
        .count();
    assert_eq!(wrong, top.errors);

    type_keys(&mut app, "S");
    let slice = app
        .shared
        .slices
        .iter()
        .position(|s| s.name == top.description)
        .expect("a slice named by the cohort");
    assert_eq!(app.shared.slice_rows(slice + 1).len(), top.size);

    // Over the selection: the tree's root is the selection.
    type_keys(&mut app, "w");
    assert!(app.settle(Duration::from_secs(60)));
    let over = cohorts(&app).fitted.clone().expect("refitted");
    assert_eq!(over.tree.nodes[0].size(), top.size);
    assert_eq!(over.tree.errors, top.errors);

    // Depth 1, leaves of at least 100 rows.
    type_keys(&mut app, "w");
    type_keys(&mut app, "e");
    app.handle_key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    type_keys(&mut app, "1 100");
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(60)));
    let shallow = cohorts(&app).fitted.clone().expect("refitted");
    assert!(shallow.tree.nodes.len() <= 3);
    assert!(shallow.tree.nodes.iter().all(|n| n.size() >= 100));
}

#[test]
fn cohorts_snapshot_120x40() {
    let mut app = sst2_app(&scratch("discover-cohorts-snap"));
    focus_discover(&mut app);
    assert!(app.settle(Duration::from_secs(60)));
    type_keys(&mut app, "z");
    insta::assert_snapshot!("cohorts_120x40", screen(&app, 120, 40));
}

#[test]
fn discover_tab_snapshot_120x40() {
    let mut app = sst2_app(&scratch("discover-tab-snap"));
    focus_discover(&mut app);
    assert!(app.settle(Duration::from_secs(60)));
    insta::assert_snapshot!("discover_120x40", screen(&app, 120, 40));
}

fn clusters(app: &App) -> &lit_tui::modules::salience_clusters::SalienceClusters {
    app.workspace.module().expect("a Salience Clusters module")
}

#[test]
fn salience_clusters_of_the_mispredictions_select_save_and_snapshot() {
    let mut app = sst2_app(&scratch("discover-salience-clusters"));
    assert!(app.settle(Duration::from_secs(30)));
    // Salience Clusters is Discover's third module.
    focus_label_issues(&mut app);
    app.dispatch(Action::FocusNext);
    assert_eq!(
        app.workspace.focused(app.shared.focus),
        Some(lit_tui::modules::salience_clusters::NAME)
    );
    // No selection: the 159 mispredictions, by leave-one-out.
    type_keys(&mut app, "r");
    assert!(
        app.settle(Duration::from_secs(300)),
        "the clusters came back"
    );
    let found = clusters(&app).clusters.clone();
    assert_eq!(found.len(), 10);
    let total: usize = found.iter().map(|c| c.rows.len()).sum();
    assert_eq!(total, 159);
    type_keys(&mut app, "z");
    insta::assert_snapshot!("salience_clusters_120x40", screen(&app, 120, 40));
    type_keys(&mut app, "z");
    type_keys(&mut app, "j");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.shared.selection.len(), found[1].rows.len());
    type_keys(&mut app, "S");
    let name = found[1].name(lit_tui::jobs::salience::Method::Loo);
    assert!(app.shared.slices.iter().any(|s| s.name == name), "{name}");
}

#[test]
fn label_issues_drop_the_caution_for_out_of_sample_probabilities() {
    let mut app = sst2_app(&scratch("discover-out-of-sample"));
    assert!(app.settle(Duration::from_secs(30)));
    focus_label_issues(&mut app);
    assert!(screen(&app, 120, 40).contains("Caution: this needs out-of-sample"));
    // What `--probabilities-are-out-of-sample` sets.
    app.shared.model.out_of_sample = true;
    let drawn = screen(&app, 120, 40);
    assert!(!drawn.contains("Caution"));
    assert!(drawn.contains("The probabilities are out-of-sample"));
}
