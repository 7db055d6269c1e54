//! The command palette: actions found by what they do and run where they
//! work, and switching the data and the compared models at run time.

mod common;

use clap::Parser;
use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::action::Action;
use lit_tui::app::palette::Switch;
use lit_tui::cli::AppCli;
use lit_tui::tui::switch::{Context, apply};
use lit_tui::ui::Theme;

#[test]
fn an_action_found_by_its_description_runs_in_its_pane() {
    let mut app = sst2_app(&scratch("palette-action"));
    type_keys(&mut app, ":");
    assert!(app.workspace.palette.is_some());
    type_keys(&mut app, "per-class view sort");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("Command palette"), "{drawn}");
    assert!(
        drawn.contains("Per-class view: sort by the next column"),
        "{drawn}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.workspace.palette.is_none());
    // It ran in Metrics, which got the focus (its tab is the first).
    assert_eq!(app.key_context(), "metrics");
    assert_eq!(app.workspace.group_tab, 0);
    // A Data Table action moves the focus there.
    type_keys(&mut app, ":mispredictions most confident");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.key_context(), "table");
    assert!(table(&app).only_mispredictions);
    // Esc closes without running anything.
    type_keys(&mut app, ":undo");
    press(&mut app, KeyCode::Esc);
    assert!(app.workspace.palette.is_none());
    assert_eq!(
        app.keymap.lookup(
            "global",
            &crossterm::event::KeyEvent::from(KeyCode::Char(':'))
        ),
        Some(Action::Palette)
    );
}

#[test]
fn switching_the_data_keeps_its_session_and_adds_a_compared_model() {
    let root = scratch("palette-switch");
    // SAFETY: tests in this binary that read LIT_TUI_DATA_DIR all want this one.
    unsafe { std::env::set_var("LIT_TUI_DATA_DIR", &root) };
    let dev = data("sst2/dev.tsv");
    let cli = AppCli::try_parse_from([
        "lit-tui",
        "--model",
        s(&model("sst2-minilm")),
        "--data",
        s(&dev),
    ])
    .expect("arguments");
    let config = cli.app.config();
    let mut cx = Context {
        dataset: lit_tui::data::Dataset::load(&config.data).expect("dev"),
        config,
        precomputed: None,
    };
    let mut app = sst2_app(&root);
    let mut theme = Theme::load("dark").expect("theme");
    type_keys(&mut app, ":data ");
    type_keys(&mut app, &fixture("empty.tsv").display().to_string());
    press(&mut app, KeyCode::Enter);
    let switch = app.switch.take().expect("a switch asked for");
    assert_eq!(switch, Switch::Data(fixture("empty.tsv")));
    apply(&mut app, &mut theme, &mut cx, switch);
    // A data file that cannot be used leaves the app as it was, and says why.
    assert_eq!(app.shared.rows.len(), 872);
    let error = app.shared.error.clone().unwrap_or_default();
    assert!(error.contains("empty.tsv"), "{error}");

    apply(
        &mut app,
        &mut theme,
        &mut cx,
        Switch::Compare(model("sst2-minilm-full")),
    );
    assert_eq!(app.compared.len(), 1, "{:?}", app.shared.error);
    assert_eq!(app.shared.rows.len(), 872);
    assert!(
        app.shared
            .status
            .contains("comparing with sst2-minilm-full")
    );
    apply(
        &mut app,
        &mut theme,
        &mut cx,
        Switch::Drop("sst2-minilm-full".into()),
    );
    assert!(app.compared.is_empty());
    apply(&mut app, &mut theme, &mut cx, Switch::Theme("light".into()));
    assert!(app.shared.status.contains("theme light"));
}
