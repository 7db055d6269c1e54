//! The module architecture: a module is one type registered in one place;
//! layouts name it, the keymap gives it keys, help lists them, and it draws.

mod common;

use std::any::Any;
use std::time::Duration;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::action::Action;
use lit_tui::app::effect::Fx;
use lit_tui::app::keymap::Keymap;
use lit_tui::app::layout::Layout;
use lit_tui::app::module::{DrawCtx, Module};
use lit_tui::app::shared::{Focus, Shared};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// A module made only for this test: it counts rows when asked.
#[derive(Default)]
struct RowCount {
    counted: Option<usize>,
}

impl Module for RowCount {
    fn name(&self) -> &'static str {
        "row_count"
    }

    fn title(&self, _cx: &DrawCtx) -> Line<'static> {
        Line::from(" Row Count ")
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        match action {
            Action::Activate => {
                self.counted = Some(shared.rows.len());
                fx.status("counted");
                true
            }
            _ => false,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        let text = match self.counted {
            Some(n) => format!("{n} rows counted"),
            None => format!("press {} to count", cx.key("row_count", &Action::Activate)),
        };
        frame.render_widget(Paragraph::new(text), area);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

const LAYOUT: &str = r#"
[[main]]
panes = [{ pane = "table", width = 3 }, { pane = "row_count", width = 2 }]

[[groups]]
name = "Performance"
modules = ["metrics"]
"#;

const KEYS: &str = r#"
[[row_count]]
keys = ["enter", "c"]
action = "Activate"
desc = "Count the rows"
"#;

#[test]
fn a_module_registered_in_one_place_gets_a_pane_keys_help_and_draws() {
    let mut registry = lit_tui::modules::registry();
    registry.add("row_count", || Box::new(RowCount::default()));
    let layout = Layout::parse(LAYOUT, "test layout").expect("layout");
    let mut keymap = Keymap::default_keymap();
    keymap.overlay(Keymap::parse(KEYS, "test keymap").expect("keymap"));
    let mut app = app_with(
        sst2_dev(),
        &scratch("modules-row-count"),
        layout,
        keymap,
        &registry,
    );
    let before = screen(&app, 120, 40);
    assert!(before.contains("Row Count"), "{before}");
    assert!(before.contains("press Enter to count"), "{before}");

    app.dispatch(Action::FocusRight);
    assert_eq!(app.shared.focus, Focus::Main("row_count"));
    assert_eq!(app.key_context(), "row_count");
    press(&mut app, KeyCode::Enter);
    let module: &RowCount = app.workspace.module().expect("registered");
    assert_eq!(module.counted, Some(872));
    assert!(screen(&app, 120, 40).contains("872 rows counted"));

    type_keys(&mut app, "?");
    let help = screen(&app, 120, 40);
    assert!(help.contains("Row Count keys"), "{help}");
    assert!(help.contains("Count the rows"), "{help}");
}

#[test]
fn an_unknown_module_in_a_layout_is_named_with_the_known_ones() {
    let layout = Layout::parse(
        "groups = []\n[[main]]\npanes = [{ pane = \"charts\" }]\n",
        "y.toml",
    )
    .expect("parses");
    let err = lit_tui::app::workspace::Workspace::new(layout, &lit_tui::modules::registry())
        .err()
        .expect("unknown module");
    let msg = err.to_string();
    assert!(msg.contains("module `charts`"), "{msg}");
    assert!(msg.contains("table, editor, slices"), "{msg}");
}

#[test]
fn a_remapped_key_shows_in_the_hints() {
    let mut keymap = Keymap::default_keymap();
    let user = "[[editor]]\nkeys = [\"X\"]\naction = \"Duplicate\"\ndesc = \"mine\"\n\n\
                [[global]]\nkeys = [\"*\"]\naction = \"ToggleStar\"\ndesc = \"star\"\n";
    keymap.overlay(Keymap::parse(user, "user.toml").expect("keymap"));
    let mut app = app_with(
        sst2_dev(),
        &scratch("modules-remap"),
        Layout::default(),
        keymap,
        &lit_tui::modules::registry(),
    );
    press(&mut app, KeyCode::Enter);
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("X duplicate"), "{drawn}");
    assert!(!drawn.contains("d duplicate"), "{drawn}");
    assert!(drawn.contains("* star"), "{drawn}");
}

#[test]
fn pca_on_one_row_says_why_instead_of_computing_forever() {
    let dir = scratch("modules-one-row");
    let path = dir.join("one.tsv");
    std::fs::write(&path, "text\tlabel\na fine film .\t1\n").expect("write");
    let loaded = load_path("sst2-minilm-full", path);
    let mut app = app_over(&loaded, &dir);
    assert!(
        app.settle(Duration::from_secs(60)),
        "nothing is left running"
    );
    let pane: &lit_tui::modules::embeddings::Embeddings =
        app.workspace.module().expect("an Embeddings pane");
    assert!(!pane.requested);
    assert!(
        pane.failed
            .as_deref()
            .is_some_and(|w| w.contains("two rows"))
    );
    let drawn = screen(&app, 120, 40);
    assert!(!drawn.contains("Computing"), "{drawn}");
    assert!(drawn.contains("PCA needs at"), "{drawn}");
}

#[test]
fn every_shipped_module_has_a_place_in_the_default_layout() {
    let names = lit_tui::app::layout::Layout::default().module_names();
    for m in lit_tui::modules::registry().names() {
        assert!(names.iter().any(|n| n == m), "{m} is in no pane or tab");
    }
}
