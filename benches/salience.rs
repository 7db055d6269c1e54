//! Salience speed on sst2-minilm-grad, as ratios measured in one run:
//! - Integrated Gradients (30 steps) on a 30-wordpiece text against one
//!   forward-and-gradient pass of a 30-row batch (target: at most 3×);
//! - LIME's time to its first estimate (64 samples; target: 100 ms) and to all
//!   256 samples, for a 9-word and a 60-word text, each also against the plain
//!   model time of the same perturbations.
//!
//! cargo bench --bench salience

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lit_tui::analysis::salience::{Control, IgParams, LimeParams};
use lit_tui::jobs::salience::{self as sal, SalienceParams};
use lit_tui::model::{Model, ModelOptions};

const RUNS: usize = 5;

fn main() {
    let shared = std::env::var_os("LIT_TUI_SHARED")
        .map_or_else(|| PathBuf::from("../shared"), PathBuf::from);
    let model = Model::load(&ModelOptions {
        model: shared.join("models/sst2-minilm-grad"),
        ..Default::default()
    })
    .expect("load sst2-minilm-grad");
    println!(
        "sst2-minilm-grad, {} sessions x {} threads, median of {RUNS} runs",
        model.threads.sessions, model.threads.intra_threads
    );
    integrated_gradients(&model);
    let nine = "it 's a charming and often affecting journey .";
    let sixty = [
        "the story is too often bogged down by its own cleverness , and the actors seem to know it ,",
        "which makes the whole thing drag on for far longer than it should , though a few scenes of",
        "genuine warmth and some sharp dialogue keep it from sinking entirely into tedium by the end of the night again .",
    ]
    .join(" ");
    for text in [nine, sixty.as_str()] {
        lime(&model, text);
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn integrated_gradients(model: &Model) {
    // 28 wordpieces + [CLS] + [SEP] = 30.
    let text = "the movie 's plot is thin and predictable , but the acting , the music and the photography are simply wonderful to watch here and now .";
    let len = model.encode(&[text]).expect("encode")[0].len();
    let batch: Vec<&str> = vec![text; 30];
    let targets = vec![1usize; 30];
    model.token_gradients(&batch, &targets).expect("warm up");
    let pass = median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                model.token_gradients(&batch, &targets).expect("gradients");
                t.elapsed()
            })
            .collect(),
    );
    let params = SalienceParams {
        ig_steps: Some(IgParams::default().steps),
        ..Default::default()
    };
    let ig = median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                sal::integrated_gradients(model, text, Some(1), &params, Control::default())
                    .expect("ig");
                t.elapsed()
            })
            .collect(),
    );
    println!(
        "IG 30 steps, {len}-token text: {:.1} ms; one forward+gradient pass of 30 rows: {:.1} ms; ratio {:.2}x (target <= 3x)",
        ms(ig),
        ms(pass),
        ig.as_secs_f64() / pass.as_secs_f64()
    );
}

fn lime(model: &Model, text: &str) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let params = SalienceParams::default();
    // The model alone on the same 257 perturbations: the floor LIME stands on.
    let masks = lit_tui::analysis::salience::lime::sample_masks(words.len(), 256, 0);
    let texts: Vec<String> = masks
        .iter()
        .map(|m| {
            lit_tui::analysis::salience::lime::perturb(&words, m, &LimeParams::default().mask_token)
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    model.predict_texts(&refs).expect("warm up");
    let floor = median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                model.predict_texts(&refs).expect("predict");
                t.elapsed()
            })
            .collect(),
    );
    // The model alone on the texts behind the first estimate (sample 0 + 64).
    let first_refs = &refs[..65];
    let floor_first = median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                model.predict_texts(first_refs).expect("predict");
                t.elapsed()
            })
            .collect(),
    );
    let (mut first, mut all) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let t = Instant::now();
        let mut first_at = None;
        sal::lime(
            model,
            text,
            None,
            &params,
            &mut |e| {
                if !e.done {
                    first_at = Some(t.elapsed());
                }
            },
            Control::default(),
        )
        .expect("lime");
        all.push(t.elapsed());
        first.push(first_at.expect("a first estimate"));
    }
    let (first, all) = (median(first), median(all));
    println!(
        "LIME {}-word text: first estimate (64 samples) {:.1} ms = {:.2}x the 100 ms target, {:.2}x the model alone on those 65 texts ({:.1} ms); 256 samples {:.1} ms = {:.2}x the model alone on the 257 texts ({:.1} ms)",
        words.len(),
        ms(first),
        ms(first) / 100.0,
        first.as_secs_f64() / floor_first.as_secs_f64(),
        ms(floor_first),
        ms(all),
        all.as_secs_f64() / floor.as_secs_f64(),
        ms(floor),
    );
}
