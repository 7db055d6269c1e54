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
    let text = app.shared.rows.texts[row].clone();
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
