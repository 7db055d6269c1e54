//! Sharing a view (LIT's "share URL") and the view a restart keeps, on SST-2
//! dev with sst2-minilm-full.

mod common;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::App;
use lit_tui::app::action::Action;
use lit_tui::app::effect::Effect;
use lit_tui::app::shared::ColorBy;
use lit_tui::modules::embeddings::Embeddings;

fn full_app(root: &std::path::Path) -> App {
    app_over(sst2_full_dev(), root)
}

#[test]
fn a_shared_view_opens_the_same_in_a_fresh_app() {
    let mut app = full_app(&scratch("share-view"));
    type_keys(&mut app, "/film");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "moc");
    type_keys(&mut app, "jj ");
    type_keys(&mut app, "j ");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "c");
    app.apply(Effect::Threshold(Some(0.7)));
    type_keys(&mut app, "3");
    app.dispatch(Action::ShareView);
    let status = app.shared.status.clone();
    let file = status
        .strip_prefix("view: ")
        .and_then(|s| s.split(" · ").next())
        .expect("the view file in the footer");
    assert!(
        app.clipboard
            .as_deref()
            .is_some_and(|c| c.starts_with("\x1b]52;c;"))
    );
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("json");
    let command = saved["command"].as_str().expect("command");
    assert!(command.starts_with("lit-tui --model /"), "{command}");
    assert!(command.ends_with(&format!("--view {file}")), "{command}");
    let view = lit_tui::app::view::read(std::path::Path::new(file)).expect("a view file");

    let mut fresh = full_app(&scratch("share-view-fresh"));
    fresh.open_view(&view);
    assert_eq!(fresh.shared.primary, app.shared.primary);
    assert!(app.shared.primary.is_some());
    assert_eq!(fresh.shared.selection, app.shared.selection);
    assert_eq!(app.shared.selection.len(), 2);
    assert_eq!(fresh.workspace.group_tab, 2);
    assert_eq!(fresh.shared.color_by, app.shared.color_by);
    assert_ne!(app.shared.color_by, ColorBy::Correct);
    assert_eq!(fresh.shared.rows.threshold, Some(0.7));
    let (a, b) = (table(&app), table(&fresh));
    assert_eq!(b.query_text, "film");
    assert!(b.only_mispredictions);
    assert_eq!(b.sort.by, a.sort.by);
    assert_eq!(b.view, a.view, "the same rows in the same order");
}

#[test]
fn a_bad_view_file_is_named_with_the_fix() {
    let dir = scratch("share-view-bad");
    let path = dir.join("view.json");
    std::fs::write(&path, "{\"not\": 1}").expect("write");
    let e = lit_tui::app::view::read(&path).expect_err("not a view");
    let message = format!("{e:#}");
    assert!(
        message.contains("view.json: not a lit-tui view file"),
        "{message}"
    );
    assert!(message.contains("make one with Y in the app"), "{message}");
}

#[test]
fn a_restart_keeps_the_pin_colour_threshold_and_projection() {
    let root = scratch("session-view");
    let mut app = full_app(&root);
    type_keys(&mut app, "jj");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "n");
    app.dispatch(Action::Pin);
    let pinned = app.shared.pinned.expect("pinned");
    type_keys(&mut app, "cc");
    app.apply(Effect::Threshold(Some(0.65)));
    app.workspace
        .module_mut::<Embeddings>()
        .expect("embeddings")
        .method = lit_tui::analysis::project::ProjectionMethod::Tsne;
    // The search is not kept across restarts: a restart starts from the whole table.
    type_keys(&mut app, "/film");
    press(&mut app, KeyCode::Enter);
    let color = app.shared.color_by.clone();
    app.save();

    let again = full_app(&root);
    assert_eq!(again.shared.pinned, Some(pinned));
    assert_eq!(again.shared.color_by, color);
    assert_eq!(again.shared.rows.threshold, Some(0.65));
    let e = again.workspace.module::<Embeddings>().expect("embeddings");
    assert_eq!(e.method, lit_tui::analysis::project::ProjectionMethod::Tsne);
    assert_eq!(table(&again).query_text, "");
    assert_eq!(table(&again).view.len(), 872);
}
