//! The Attention module on sst2-minilm-full: the weights it shows are the
//! model's `attentions.N` outputs, as ONNX Runtime gives them when run
//! directly, and each row sums to 1.

mod common;

use std::time::Duration;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::app::action::Action;
use lit_tui::modules::attention::{AttentionView, Weights};
use ort::session::Session;
use ort::value::Tensor;

fn view(app: &lit_tui::app::App) -> &AttentionView {
    app.workspace.module().expect("an Attention module")
}

/// `attentions.{layer}` for one text, run straight through ONNX Runtime:
/// `[heads, seq, seq]` flattened, and the head count.
fn direct(text: &str, layer: usize) -> (Vec<f32>, usize) {
    let dir = model("sst2-minilm-full");
    let tokenizer =
        tokenizers::Tokenizer::from_file(dir.join("tokenizer.json")).expect("tokenizer");
    let ids: Vec<i64> = tokenizer
        .encode(text, true)
        .expect("encode")
        .get_ids()
        .iter()
        .map(|&i| i64::from(i))
        .collect();
    let n = ids.len();
    let env = lit_tui::runtime::environment(None).expect("ONNX Runtime");
    let mut session = Session::builder(env)
        .expect("builder")
        .commit_from_file(dir.join("model.onnx"))
        .expect("session");
    let t = |v: Vec<i64>| Tensor::from_array(([1, n], v)).expect("tensor");
    let outputs = session
        .run(ort::inputs![
            "input_ids" => t(ids),
            "attention_mask" => t(vec![1; n]),
            "token_type_ids" => t(vec![0; n]),
        ])
        .expect("run");
    let (shape, data) = outputs[format!("attentions.{layer}").as_str()]
        .try_extract_tensor::<f32>()
        .expect("attention tensor");
    (data.to_vec(), shape[1] as usize)
}

#[test]
fn the_shown_weights_are_the_models_attention_and_sum_to_one() {
    let loaded = sst2_full_dev();
    let mut app = app_over(loaded, &scratch("attention-module"));
    type_keys(&mut app, "3");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(
        app.settle(Duration::from_secs(120)),
        "the attention came back"
    );
    for _ in 0..8 {
        if app.key_context() == "attention" {
            break;
        }
        app.dispatch(Action::FocusNext);
    }
    assert_eq!(app.key_context(), "attention");
    // Layer 3, head 5, token 2 (from 0), by keys.
    type_keys(&mut app, "jj....l");
    press(&mut app, KeyCode::Right);
    let v = view(&app);
    assert_eq!((v.layer, v.head, v.cursor), (2, 4, 2));
    let Weights::Done(a) = &v.weights else {
        panic!("{:?}", v.weights);
    };
    assert_eq!((a.layers, a.heads), (6, 12));
    let text = app.shared.rows.texts[app.shared.primary.expect("primary")].to_string();
    let n = a.seq();
    let shown = v.shown().expect("weights on screen");
    let sum: f32 = shown.iter().sum();
    assert!((sum - 1.0).abs() < 1e-5, "the row sums to {sum}");
    let (want, heads) = direct(&text, 2);
    assert_eq!(heads, 12);
    let at = (4 * n + 2) * n;
    for (got, want) in shown.iter().zip(&want[at..at + n]) {
        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
    }
    // Every row of every head of this layer, as the module would show it.
    for head in 0..12 {
        for from in 0..n {
            let row = a.row(2, head, from);
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
            let at = (head * n + from) * n;
            for (got, want) in row.iter().zip(&want[at..at + n]) {
                assert!((got - want).abs() < 1e-5, "head {head} row {from}");
            }
        }
    }
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("Attention · layer 3 · head 5"), "{drawn}");
    assert!(drawn.contains("heads by entropy"), "{drawn}");
}

#[test]
fn a_model_without_attention_says_how_to_export_it() {
    let mut app = sst2_app(&scratch("attention-missing"));
    type_keys(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(300)));
    assert!(!app.provides(lit_tui::app::module::Need::Attention));
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("output_attentions"), "{drawn}");
}

#[test]
#[ignore = "prints the screen for a person to look at"]
fn show() {
    let mut app = app_over(sst2_full_dev(), &scratch("attention-show"));
    type_keys(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(120)));
    println!("{}", screen(&app, 120, 40));
}
