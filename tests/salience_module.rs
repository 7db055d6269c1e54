//! The Salience Maps module on the real models: every method for the
//! primary row, the same scores as the headless path, and the reason when a
//! model has no gradients.

mod common;

use std::sync::OnceLock;
use std::time::Duration;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::analysis::salience::Control;
use lit_tui::jobs::salience::{Method, SalienceParams, explain_one};
use lit_tui::modules::salience::{MapState, SalienceMaps};

fn grad_dev() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| load_path("sst2-minilm-grad", data("sst2/dev.tsv")))
}

fn maps(app: &lit_tui::app::App) -> &SalienceMaps {
    app.workspace.module().expect("a Salience module")
}

#[test]
fn every_method_explains_the_primary_row_as_the_headless_path_does() {
    let loaded = grad_dev();
    let mut app = app_over(loaded, &scratch("salience-module"));
    type_keys(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(300)), "the maps came back");
    let row = app.shared.primary.expect("a primary row");
    let text = app.shared.rows.texts[row].to_string();
    let target = app.shared.rows.predicted(row).expect("predicted");
    for (method, state) in &maps(&app).maps {
        let MapState::Done(got) = state else {
            panic!("{}: {state:?}", method.name());
        };
        assert_eq!(got.target, target);
        let want = explain_one(
            &loaded.model,
            &text,
            *method,
            Some(target),
            &SalienceParams::default(),
            Control::default(),
        )
        .expect("headless salience");
        assert_eq!(got.map.tokens, want.map.tokens, "{}", method.name());
        for (a, b) in got.map.scores.iter().zip(&want.map.scores) {
            assert!((a - b).abs() < 1e-5, "{}: {a} vs {b}", method.name());
        }
    }
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("Salience · toward"), "{drawn}");
    assert!(drawn.contains("grad L2"), "{drawn}");
}

#[test]
fn a_model_without_gradients_says_why_and_still_runs_lime_and_leave_one_out() {
    let mut app = sst2_app(&scratch("salience-no-gradients"));
    type_keys(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(300)), "the maps came back");
    for (method, state) in &maps(&app).maps {
        match method {
            Method::Lime | Method::Loo => {
                assert!(matches!(state, MapState::Done(_)), "{state:?}")
            }
            _ => assert!(
                matches!(state, MapState::Unavailable(why) if why.contains("needs gradients.onnx")),
                "{state:?}"
            ),
        }
    }
    assert!(screen(&app, 120, 40).contains("needs gradients.onnx"));
}

#[test]
#[ignore = "prints the screen for a person to look at"]
fn show() {
    let mut app = app_over(grad_dev(), &scratch("salience-show"));
    type_keys(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(300)));
    println!("{}", screen(&app, 120, 40));
}

fn focus(app: &mut lit_tui::app::App, name: &str) {
    for _ in 0..8 {
        if app.key_context() == name {
            return;
        }
        app.dispatch(lit_tui::app::action::Action::FocusNext);
    }
    panic!("no {name} pane to focus");
}

fn prompt(app: &mut lit_tui::app::App, text: &str) {
    app.handle_key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    type_keys(app, text);
    press(app, KeyCode::Enter);
}

#[test]
fn parameters_are_edited_in_a_prompt_and_bad_values_are_refused() {
    let loaded = sst2_dev();
    let mut app = app_over(loaded, &scratch("salience-params"));
    type_keys(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    focus(&mut app, "salience");
    type_keys(&mut app, "e");
    assert!(app.shared.input.is_some(), "the prompt opened");
    prompt(&mut app, "samples=64 seed=3 ig_steps=4");
    assert!(
        app.shared
            .error
            .as_deref()
            .is_some_and(|e| e.contains("ig_steps=4")),
        "{:?}",
        app.shared.error
    );
    assert_eq!(
        maps(&app).params,
        SalienceParams::default(),
        "nothing changed"
    );
    type_keys(&mut app, "e");
    prompt(&mut app, "samples=64 seed=3 ig_steps=5");
    let params = maps(&app).params.clone();
    assert_eq!(
        (params.lime.samples, params.lime.seed, params.ig().steps),
        (64, 3, 5)
    );
    assert!(app.settle(Duration::from_secs(300)), "the maps came back");
    let row = app.shared.primary.expect("a primary row");
    let text = app.shared.rows.texts[row].to_string();
    let (_, MapState::Done(got)) = &maps(&app).maps[0] else {
        panic!("{:?}", maps(&app).maps[0]);
    };
    let want = explain_one(
        &loaded.model,
        &text,
        Method::Lime,
        None,
        &params,
        Control::default(),
    )
    .expect("headless LIME");
    assert_eq!(got.map, want.map, "LIME ran with the new parameters");
    // Gamma: LIT's default 2, a quarter per key.
    type_keys(&mut app, ">>");
    assert_eq!(maps(&app).gamma, 2.5);
    type_keys(&mut app, "<");
    assert_eq!(maps(&app).gamma, 2.25);
    assert!(screen(&app, 120, 40).contains("γ 2.25"));
}

#[test]
fn salience_over_the_selection_ranks_tokens_and_enter_selects_their_rows() {
    let loaded = sst2_dev();
    let mut app = app_over(loaded, &scratch("salience-over"));
    type_keys(&mut app, "/");
    type_keys(&mut app, "film");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "a");
    let selected: Vec<usize> = app.shared.selection.iter().copied().collect();
    assert!(selected.len() >= 20, "{} rows", selected.len());
    type_keys(&mut app, "3");
    focus(&mut app, "salience");
    type_keys(&mut app, "v");
    assert!(app.settle(Duration::from_secs(300)), "the run came back");
    let over = &maps(&app).over;
    assert_eq!(over.method, Method::Loo);
    assert_eq!(over.rows, selected.len());
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("mispredicted: token"), "{drawn}");
    let wrong = over.sides[0]
        .first()
        .expect("a token of the mispredicted rows")
        .clone();
    // Its mean, straight from the headless path.
    let mut sum = 0.0;
    for &row in &wrong.rows {
        assert_eq!(app.shared.rows.correct(row), Some(false));
        let s = explain_one(
            &loaded.model,
            &app.shared.rows.texts[row],
            Method::Loo,
            None,
            &SalienceParams::default(),
            Control::default(),
        )
        .expect("leave-one-out");
        sum += s
            .map
            .tokens
            .iter()
            .zip(&s.map.scores)
            .filter(|(t, _)| t.to_lowercase() == wrong.token)
            .map(|(_, &v)| v)
            .fold(f32::NEG_INFINITY, f32::max);
    }
    assert!((sum / wrong.rows.len() as f32 - wrong.mean).abs() < 1e-5);
    press(&mut app, KeyCode::Enter);
    let now: Vec<usize> = app.shared.selection.iter().copied().collect();
    assert_eq!(now, wrong.rows, "Enter selected the token's rows");
    // Esc cancels a run.
    type_keys(&mut app, "M");
    assert!(maps(&app).over.running.is_some(), "LIME started");
    press(&mut app, KeyCode::Esc);
    assert!(app.settle(Duration::from_secs(60)));
    assert_eq!(maps(&app).over.note.as_deref(), Some("cancelled"));
}
