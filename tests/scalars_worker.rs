//! Issue 13, the UI at a million rows: above `ON_A_WORKER` rows Scalars
//! places its points on a worker, so opening the Predictions tab draws at
//! once (saying so), and the plot follows.

mod common;

use common::*;
use crossterm::event::KeyCode;
use lit_tui::modules::scalars::points::ON_A_WORKER;

/// SST-2 dev repeated past `ON_A_WORKER` rows (each text made unique), with
/// dev's real predictions repeated: no model run needed for the scores.
fn big_dev() -> Loaded {
    let dev = sst2_dev();
    let texts = dev.dataset.texts().expect("texts");
    let gold = dev.dataset.df.column("label").expect("label").clone();
    let gold: Vec<String> = (0..dev.dataset.len())
        .map(|i| gold.get(i).expect("label").to_string())
        .collect();
    let n = ON_A_WORKER + 1_000;
    let mut body = String::from("text\tlabel\n");
    for i in 0..n {
        let k = i % texts.len();
        body.push_str(&format!(
            "{} #{i}\t{}\n",
            texts[k].replace('\t', " "),
            gold[k]
        ));
    }
    let path = scratch("scalars-worker").join("big.tsv");
    std::fs::write(&path, body).expect("write");
    let dataset = lit_tui::data::Dataset::load(&lit_tui::data::DataOptions {
        path,
        ..Default::default()
    })
    .expect("data");
    let m = dev.dataset.len();
    let probs = (0..n)
        .flat_map(|i| dev.probs[(i % m) * 2..(i % m + 1) * 2].to_vec())
        .collect();
    Loaded {
        model: dev.model.clone(),
        dataset,
        probs,
        embeddings: Vec::new(),
        embedding_dim: 0,
    }
}

#[test]
fn the_predictions_tab_opens_at_once_and_the_plot_follows() {
    let loaded = big_dev();
    let mut app = app_over(&loaded, &scratch("scalars-worker-session"));
    // Performance, then Predictions: the first frame says the points are coming.
    press(&mut app, KeyCode::Char(']'));
    let first = screen(&app, 160, 50);
    assert!(first.contains("placing"), "{first}");
    assert!(
        app.settle(std::time::Duration::from_secs(60)),
        "the points came"
    );
    let plotted = screen(&app, 160, 50);
    assert!(!plotted.contains("placing"), "{plotted}");
    assert!(plotted.contains("confidence by row"), "{plotted}");
    // The points the worker placed are those computed in place, row for row.
    let s: &lit_tui::modules::scalars::Scalars = app.workspace.module().expect("scalars");
    let placed = lit_tui::modules::scalars::points::ready(s, &app.shared).expect("ready");
    assert_eq!(placed.points.len(), loaded.dataset.len());
    for &(r, x, y) in placed.points.iter().step_by(9_973) {
        let conf = app.shared.rows.confidence(r).expect("scored");
        assert!((y - f64::from(conf)).abs() < 1e-9, "row {r}");
        assert!((x - r as f64 / (loaded.dataset.len() - 1) as f64).abs() < 1e-9);
    }
}
