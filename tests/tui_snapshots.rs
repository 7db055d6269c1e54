//! Whole-screen snapshots of the app on the real model and data, drawn on
//! ratatui's TestBackend at 120x40 and 80x24.

mod common;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::App;
use lit_tui::app::action::Action;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn check(name: &str, app: &mut App) {
    assert!(app.settle(std::time::Duration::from_secs(30)));
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(app, w, h));
    }
}

#[test]
fn after_load() {
    let mut app = sst2_app(&scratch("snap-load"));
    check("after_load", &mut app);
}

#[test]
fn with_a_search() {
    let mut app = sst2_app(&scratch("snap-search"));
    type_keys(&mut app, "/");
    type_keys(&mut app, "pred:^neg film");
    check("search_typing", &mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    check("search_applied", &mut app);
}

#[test]
fn a_maximized_pane() {
    let mut app = sst2_app(&scratch("snap-max"));
    press(&mut app, KeyCode::Enter);
    app.dispatch(Action::FocusDown);
    app.dispatch(Action::FocusLeft);
    type_keys(&mut app, "z");
    check("editor_maximized", &mut app);
}

#[test]
fn the_help_overlay() {
    let mut app = sst2_app(&scratch("snap-help"));
    type_keys(&mut app, "?");
    check("help", &mut app);
}

#[test]
fn the_slice_editor_with_two_slices() {
    let mut app = sst2_app(&scratch("snap-slices"));
    for _ in 0..3 {
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Down);
    }
    type_keys(&mut app, "m/");
    type_keys(&mut app, "confidence:0.9-1");
    press(&mut app, KeyCode::Enter);
    app.dispatch(Action::FocusDown);
    type_keys(&mut app, "N");
    type_keys(&mut app, "f");
    check("two_slices", &mut app);
}

#[test]
fn too_small_a_window_says_so() {
    let app = sst2_app(&scratch("snap-small"));
    insta::assert_snapshot!("too_small", screen(&app, 50, 12));
}

#[test]
fn the_performance_tab_with_a_slice_and_a_selected_cell() {
    let mut app = sst2_app(&scratch("snap-performance"));
    // A slice of the first ten rows.
    for _ in 0..10 {
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Down);
    }
    app.dispatch(Action::FocusDown);
    type_keys(&mut app, "N");
    // Focus the confusion matrix and select the (positive, negative) cell.
    app.dispatch(Action::FocusNext);
    app.dispatch(Action::FocusNext);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.shared.selection.len(), 78);
    assert!(app.settle(std::time::Duration::from_secs(30)));
    insta::assert_snapshot!("performance_120x40", screen(&app, 120, 40));
}

#[test]
fn the_predictions_tab() {
    let mut app = sst2_app(&scratch("snap-predictions"));
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "i");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "m");
    type_keys(&mut app, "a");
    type_keys(&mut app, "2");
    assert!(app.settle(std::time::Duration::from_secs(30)));
    insta::assert_snapshot!("predictions_120x40", screen(&app, 120, 40));
}

#[test]
fn the_confusion_matrix_scales_to_77_classes() {
    let mut app = app_over(banking77_dev(), &scratch("snap-banking"));
    while app.shared.focus != lit_tui::app::shared::Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    app.dispatch(Action::FocusNext);
    type_keys(&mut app, "z");
    // Walk the cursor to the middle of the matrix: it scrolls both ways.
    for _ in 0..40 {
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(conf(&app).cell, (40, 40));
    assert!(app.settle(std::time::Duration::from_secs(30)));
    insta::assert_snapshot!("confusion_77_classes", screen(&app, 120, 40));
    type_keys(&mut app, "t");
    insta::assert_snapshot!("confusion_77_pairs", screen(&app, 120, 40));
    press(&mut app, KeyCode::Enter);
    let (r, c, n) = app
        .shared
        .report
        .as_ref()
        .expect("analysis")
        .confusion
        .most_confused(1)[0];
    assert_eq!(app.shared.selection.len(), n);
    assert!(
        app.shared
            .selection
            .iter()
            .all(|&i| app.shared.rows.gold[i] == Some(r) && app.shared.rows.predicted(i) == Some(c))
    );
}

#[test]
fn the_embeddings_pane_colored_by_correctness() {
    let mut app = app_over(sst2_full_dev(), &scratch("snap-embeddings"));
    assert!(app.settle(std::time::Duration::from_secs(60)));
    assert!(emb(&app).projection.is_some());
    while app.shared.focus != lit_tui::app::shared::Focus::Main("embeddings") {
        app.dispatch(Action::FocusNext);
    }
    type_keys(&mut app, "z");
    insta::assert_snapshot!("embeddings_120x40", screen(&app, 120, 40));
}
