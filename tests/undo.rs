//! Undo and redo of what the user made, on SST-2 dev with sst2-minilm: the
//! issue's check, that a restart shows exactly what the screen showed.

mod common;

use std::time::Duration;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::App;
use lit_tui::app::action::Action;
use lit_tui::app::shared::Focus;

/// Types a new datapoint into the Datapoint Editor (`b` blank, text, Enter).
fn add_typed(app: &mut App, text: &str) {
    while app.shared.focus != Focus::Main("editor") {
        app.dispatch(Action::FocusNext);
    }
    type_keys(app, "b");
    type_keys(app, text);
    press(app, KeyCode::Enter);
}

/// The added rows the table shows, by text.
fn shown_added(app: &App) -> Vec<String> {
    let rows = &app.shared.rows;
    let mut texts: Vec<String> = table(app)
        .view
        .iter()
        .filter(|&&r| rows.added[r])
        .map(|&r| rows.texts[r].to_string())
        .collect();
    texts.sort();
    texts
}

#[test]
fn add_three_delete_one_undo_redo_restart() {
    let root = scratch("undo-three");
    let mut app = sst2_app(&root);
    for text in ["first new row", "second new row", "third new row"] {
        add_typed(&mut app, text);
    }
    assert!(app.settle(Duration::from_secs(60)));
    assert_eq!(shown_added(&app).len(), 3);
    let second = (0..app.shared.rows.len())
        .find(|&r| &app.shared.rows.texts[r] == "second new row")
        .expect("the second row");
    app.apply(lit_tui::app::effect::Effect::Primary(Some(second)));
    type_keys(&mut app, "X");
    assert_eq!(shown_added(&app), ["first new row", "third new row"]);
    assert_eq!(app.shared.primary, None, "a deleted row is not primary");
    let metrics = |app: &App| app.shared.report.as_ref().map(|r| r.metrics[0].rows.len());
    assert!(app.settle(Duration::from_secs(30)));
    assert_eq!(metrics(&app), Some(874), "the deleted row counts nowhere");

    type_keys(&mut app, "u");
    assert_eq!(shown_added(&app).len(), 3);
    assert!(
        app.shared
            .status
            .starts_with("undid: brought back 1 added row")
    );
    app.handle_key(crossterm::event::KeyEvent::new(
        KeyCode::Char('r'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    assert_eq!(shown_added(&app), ["first new row", "third new row"]);
    let before = shown_added(&app);
    drop(app);

    let again = sst2_app(&root);
    assert_eq!(shown_added(&again), before);
    assert_eq!(again.shared.rows.len(), 874, "the deleted row is not saved");
}

#[test]
fn a_deleted_slice_and_a_star_come_back_with_undo() {
    let mut app = sst2_app(&scratch("undo-slice"));
    type_keys(&mut app, "jj");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "s");
    assert_eq!(app.shared.starred.len(), 1);
    type_keys(&mut app, "u");
    assert!(app.shared.starred.is_empty(), "the star is undone");
    app.apply(lit_tui::app::effect::Effect::CreateSlice {
        name: "mine".into(),
        rows: vec![1, 2, 3],
    });
    let slices = app.shared.slices.len();
    app.apply(lit_tui::app::effect::Effect::DeleteSlice(slices - 1));
    assert!(app.shared.status.contains("u brings it back"));
    type_keys(&mut app, "u");
    let back = app.shared.slices.iter().find(|s| s.name == "mine");
    assert_eq!(back.map(|s| s.ids.len()), Some(3));
    // Rows of the data file cannot be deleted: only what the user added.
    type_keys(&mut app, "X");
    assert!(
        app.shared
            .status
            .contains("only rows you added can be deleted")
    );
}
