//! The Discover tab on SST-2 dev with sst2-minilm: Label Issues and Error
//! Cohorts in the app, with snapshots at 120x40.

mod common;

use std::time::Duration;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::App;
use lit_tui::app::action::Action;
use lit_tui::app::shared::Focus;
use lit_tui::modules::label_issues::LabelIssues;

fn issues(app: &App) -> &LabelIssues {
    app.workspace.module().expect("a Label Issues module")
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
    focus_discover(&mut app);
    type_keys(&mut app, "j");
    press(&mut app, KeyCode::Enter);
    let second = found.issues[1].clone();
    assert_eq!(app.shared.primary, Some(second.row));

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
    focus_discover(&mut app);
    type_keys(&mut app, "z");
    insta::assert_snapshot!("label_issues_120x40", screen(&app, 120, 40));
}
