//! Snapshots of the Explanations tab at 120x40 on the real models: all five
//! salience methods on a misprediction (with color and under NO_COLOR), the
//! gradient methods dimmed for a model without gradients, and Attention.

mod common;

use std::sync::OnceLock;
use std::time::Duration;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::App;

fn grad_dev() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| load_path("sst2-minilm-grad", data("sst2/dev.tsv")))
}

/// Worst first, the first row primary, the Explanations tab; then every map.
fn worst_explained(app: &mut App) {
    type_keys(app, "w");
    press(app, KeyCode::Enter);
    type_keys(app, "3");
    assert!(app.settle(Duration::from_secs(600)), "the maps came back");
}

fn screen_without_color(app: &App) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    let theme = lit_tui::ui::Theme::built_in("dark").without_color();
    terminal
        .draw(|f| lit_tui::ui::draw(f, app, &theme))
        .expect("draw");
    terminal.backend().to_string()
}

#[test]
fn all_five_methods_on_the_worst_misprediction() {
    let mut app = app_over(grad_dev(), &scratch("snap-explain-grad"));
    worst_explained(&mut app);
    insta::assert_snapshot!("explanations_grad_120x40", screen(&app, 120, 40));
    // Under NO_COLOR each token carries its number: the Salience pane maximized.
    for _ in 0..8 {
        if app.key_context() == "salience" {
            break;
        }
        app.dispatch(lit_tui::app::action::Action::FocusNext);
    }
    assert_eq!(app.key_context(), "salience");
    type_keys(&mut app, "z");
    insta::assert_snapshot!(
        "explanations_grad_no_color_120x40",
        screen_without_color(&app)
    );
}

#[test]
fn gradient_methods_dimmed_without_gradients() {
    let mut app = sst2_app(&scratch("snap-explain-plain"));
    worst_explained(&mut app);
    insta::assert_snapshot!("explanations_no_gradients_120x40", screen(&app, 120, 40));
}

#[test]
fn the_attention_module() {
    let mut app = app_over(sst2_full_dev(), &scratch("snap-attention"));
    worst_explained(&mut app);
    for _ in 0..8 {
        if app.key_context() == "attention" {
            break;
        }
        app.dispatch(lit_tui::app::action::Action::FocusNext);
    }
    // Layer 2, head 3, from the third token.
    type_keys(&mut app, "j..ll");
    insta::assert_snapshot!("attention_120x40", screen(&app, 120, 40));
}
