//! The app driven headless with actions and keys, on the real model and data.

mod common;

use std::time::Duration;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lit_tui::app::action::Action;
use lit_tui::app::shared::Focus;

#[test]
fn five_selected_rows_become_a_slice_that_survives_a_restart() {
    let root = scratch("driver-slice");
    let mut app = sst2_app(&root);
    assert_eq!(app.shared.focus, Focus::Main("table"));
    for _ in 0..5 {
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(
        app.shared.selection.iter().copied().collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4]
    );
    app.dispatch(Action::FocusDown);
    assert_eq!(app.shared.focus, Focus::Main("slices"));
    type_keys(&mut app, "N");
    assert_eq!(app.shared.slices.len(), 1);
    assert_eq!(app.shared.slices[0].name, "selection");
    let ids: Vec<u64> = (0..5).map(|i| app.shared.rows.ids[i]).collect();
    assert_eq!(app.shared.slices[0].ids, ids);
    drop(app);

    let mut again = sst2_app(&root);
    assert_eq!(again.shared.slices.len(), 1, "the slice was restored");
    assert_eq!(again.shared.slices[0].ids, ids);
    again.dispatch(Action::FocusDown);
    press(&mut again, KeyCode::Down);
    press(&mut again, KeyCode::Enter);
    assert_eq!(
        again.shared.selection.iter().copied().collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4]
    );
}

#[test]
fn an_edit_becomes_a_child_with_its_own_prediction() {
    let root = scratch("driver-edit");
    let mut app = sst2_app(&root);
    // Row 1: "unflinchingly bleak and desperate", negative.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.shared.primary, Some(1));
    app.dispatch(Action::FocusDown);
    app.dispatch(Action::FocusLeft);
    assert_eq!(app.shared.focus, Focus::Main("editor"));
    type_keys(&mut app, "e");
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_keys(&mut app, "unflinchingly joyful and moving");
    assert!(
        app.settle(Duration::from_secs(30)),
        "the draft prediction came back"
    );
    let draft = edit(&app).draft_probs.clone().expect("draft prediction");
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(30)));

    let rows = &app.shared.rows;
    let child = rows.len() - 1;
    assert_eq!(child, 872);
    assert_eq!(&rows.texts[child], "unflinchingly joyful and moving");
    assert!(rows.added[child]);
    assert_eq!(rows.parent[child], Some(1), "parent link");
    assert_eq!(rows.gold[child], rows.gold[1], "the label is kept");
    assert_eq!(app.shared.primary, Some(child));
    let probs = rows.probs(child).expect("the child is predicted").to_vec();
    let direct =
        lit_tui::app::predictor::predict_one(&app.model, "unflinchingly joyful and moving")
            .expect("predict");
    assert_eq!(probs, direct);
    assert_eq!(
        draft, direct,
        "the live draft prediction is the same model call"
    );
    assert_eq!(rows.label_name(rows.predicted(child)), "positive");
    assert_ne!(rows.predicted(child), rows.predicted(1));

    // Select by relationship: the parent's children, then back to the parent.
    app.dispatch(Action::SelectParent);
    assert_eq!(app.shared.primary, Some(1));
    app.dispatch(Action::SelectChildren);
    assert_eq!(
        app.shared.selection.iter().copied().collect::<Vec<_>>(),
        vec![child]
    );

    // The added row persists with its parent.
    drop(app);
    let again = sst2_app(&root);
    assert_eq!(again.shared.rows.len(), 873);
    assert_eq!(again.shared.rows.parent[872], Some(1));
    assert_eq!(
        again.shared.rows.probs(872).map(<[f32]>::to_vec),
        Some(direct)
    );
}

#[test]
fn search_filters_sort_and_stars() {
    let root = scratch("driver-search");
    let mut app = sst2_app(&root);
    type_keys(&mut app, "m");
    assert_eq!(table(&app).view.len(), 159, "713 of 872 are correct");
    type_keys(&mut app, "m/");
    type_keys(&mut app, "confidence:0.99-1");
    press(&mut app, KeyCode::Enter);
    let confident = table(&app).view.clone();
    assert!(!confident.is_empty());
    assert!(
        confident
            .iter()
            .all(|&r| app.shared.rows.confidence(r).is_some_and(|c| c >= 0.99))
    );
    type_keys(&mut app, "/");
    for _ in 0.."confidence:0.99-1".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_keys(&mut app, "pred:^neg label:pos");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        table(&app).view.len(),
        78,
        "gold positive, predicted negative"
    );
    // The sort picker: `o` then `c`, most confident first, the cursor on the first row.
    press(&mut app, KeyCode::End);
    type_keys(&mut app, "oc");
    assert_eq!(table(&app).cursor, 0);
    let conf: Vec<f32> = table(&app)
        .view
        .iter()
        .filter_map(|&r| app.shared.rows.confidence(r))
        .collect();
    assert!(
        conf.windows(2).all(|w| w[0] >= w[1]),
        "sorted by confidence, descending"
    );
    // Star the top row; it shows in the Starred slice.
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "s");
    assert_eq!(app.shared.starred_rows(), vec![table(&app).view[0]]);
    // A bad pattern says why and keeps the last good view.
    type_keys(&mut app, "/");
    type_keys(&mut app, " text:(");
    assert!(
        app.shared
            .error
            .as_deref()
            .is_some_and(|e| e.contains("not a valid pattern"))
    );
    assert_eq!(table(&app).view.len(), 78);
}

#[test]
fn export_writes_the_selection() {
    let root = scratch("driver-export");
    let mut app = sst2_app(&root);
    type_keys(&mut app, "m");
    type_keys(&mut app, "a");
    assert_eq!(app.shared.selection.len(), 159);
    app.dispatch(Action::FocusDown);
    type_keys(&mut app, "E");
    let out = root.join("mispredicted.csv");
    press(&mut app, KeyCode::Home);
    // Replace the suggested name with a path in the scratch dir.
    for _ in 0..40 {
        press(&mut app, KeyCode::Delete);
    }
    type_keys(&mut app, &out.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(app.shared.error.is_none(), "{:?}", app.shared.error);
    let text = std::fs::read_to_string(&out).expect("exported file");
    assert_eq!(text.lines().count(), 160, "a header and 159 rows");
    assert!(
        text.lines()
            .next()
            .is_some_and(|h| h.starts_with("id,text,label,prediction,confidence,correct"))
    );
    assert!(text.lines().skip(1).all(|l| l.contains(",false,")));
}

#[test]
fn a_confusion_cell_becomes_a_slice_with_accuracy_zero() {
    let root = scratch("driver-confusion");
    let mut app = sst2_app(&root);
    // Focus the Performance tab's confusion matrix: Tab past the panes, then one module on.
    while app.shared.focus != Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    app.dispatch(Action::FocusNext);
    assert_eq!(app.key_context(), "confusion");
    // (gold negative, predicted positive)
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);

    let reference = reference_rows("sst2-minilm", "sst2-dev.jsonl");
    let expected: Vec<usize> = reference
        .iter()
        .enumerate()
        .filter(|(_, r)| r["label"] == "negative" && r["pred"] == "positive")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(expected.len(), 81);
    assert_eq!(
        app.shared.selection.iter().copied().collect::<Vec<_>>(),
        expected
    );

    // Make it a slice; its Metrics row shows accuracy 0.
    while app.shared.focus != Focus::Main("slices") {
        app.dispatch(Action::FocusNext);
    }
    type_keys(&mut app, "N");
    assert!(app.settle(Duration::from_secs(30)));
    let analysis = app.shared.report.clone().expect("analysis");
    let row = analysis
        .metrics
        .iter()
        .find(|m| m.name == "selection" && m.rows.len() == 81 && m.rows == expected)
        .expect("the slice's metrics row");
    assert_eq!(row.accuracy, 0.0);
    let slice_row = analysis.metrics.last().expect("slice row");
    assert_eq!(
        slice_row.rows, expected,
        "the slice is the last metrics row"
    );
    assert_eq!(slice_row.accuracy, 0.0);
    assert_eq!(slice_row.scored, 81);

    // Selecting the metrics row selects its rows again.
    app.dispatch(Action::ClearSelection);
    while app.shared.focus != Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.shared.selection.iter().copied().collect::<Vec<_>>(),
        expected
    );
}

#[test]
fn the_threshold_moves_predictions_and_metrics_together() {
    let mut app = sst2_app(&scratch("driver-threshold"));
    while app.shared.focus != Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    for _ in 0..3 {
        app.dispatch(Action::FocusNext);
    }
    assert_eq!(app.key_context(), "thresholder");
    type_keys(&mut app, "o");
    assert!(app.settle(Duration::from_secs(30)));
    let t = app.shared.rows.threshold.expect("a threshold");
    let analysis = app.shared.report.clone().expect("analysis");
    let best = analysis.optimal[0].1.expect("optimal");
    assert_eq!(t, best.threshold as f32);
    // Predictions follow the threshold, and so do the table and the metrics.
    let rows = &app.shared.rows;
    let correct = (0..872)
        .filter(|&i| {
            let p1 = rows.probs(i).expect("predicted")[1];
            rows.gold[i] == Some(usize::from(p1 >= t))
        })
        .count();
    assert!(
        (0..872).all(|i| rows.predicted(i) == Some(usize::from(rows.probs(i).expect("p")[1] >= t)))
    );
    assert_eq!(analysis.metrics[0].accuracy, correct as f64 / 872.0);
    assert_eq!(best.false_positives + best.false_negatives, 872 - correct);
    type_keys(&mut app, "0");
    assert!(app.shared.rows.threshold.is_none());
    assert!(app.settle(Duration::from_secs(30)));
    assert_eq!(
        app.shared.report.as_ref().map(|a| a.metrics[0].accuracy),
        Some(713.0 / 872.0)
    );
}

#[test]
fn a_compared_model_gets_its_own_metrics_and_confusion_axis() {
    let loaded = sst2_dev();
    let full = load_model("sst2-minilm-full");
    let mut app = predicted_app(
        loaded.model.clone(),
        vec![full],
        &loaded.dataset,
        Some(&scratch("driver-compare")),
    );
    let rows = &app.shared.rows;
    assert_eq!(rows.model_count(), 2);
    // Both models: reference accuracy 713/872.
    let analysis = app.shared.report.clone().expect("analysis");
    assert_eq!(analysis.metrics[0].accuracy, 713.0 / 872.0);
    assert_eq!(analysis.metrics[0].others[0].accuracy, 713.0 / 872.0);
    let reference = reference_rows("sst2-minilm-full", "sst2-dev.jsonl");
    for (i, r) in reference.iter().enumerate() {
        let p = rows.probs_of(1, i).expect("compared prediction");
        assert!(
            (f64::from(p[1]) - r["probs"][1].as_f64().expect("p")).abs() < 1e-4,
            "row {i}"
        );
    }
    // One model's prediction against the other's.
    while app.shared.focus != Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    app.dispatch(Action::FocusNext);
    type_keys(&mut app, "aa");
    assert_eq!(
        conf(&app).row_axis,
        lit_tui::app::analysis_job::Axis::Model(1)
    );
    assert!(app.settle(Duration::from_secs(30)));
    let m = app
        .shared
        .report
        .clone()
        .expect("analysis")
        .confusion
        .clone();
    let agree = (0..872)
        .filter(|&i| app.shared.rows.predicted_by(1, i) == app.shared.rows.predicted_by(0, i))
        .count();
    assert_eq!(m.counts[0][0] + m.counts[1][1], agree);
    assert_eq!(m.counts.iter().flatten().sum::<usize>(), 872);

    // Every place with a model's numbers names the model.
    // (sst2-minilm-full is the same classifier with more outputs: equal scores.)
    let row = 5;
    app.apply(lit_tui::app::effect::Effect::Primary(Some(row)));
    type_keys(&mut app, "2");
    let drawn = screen(&app, 120, 40);
    assert!(
        drawn.contains("models 1=sst2-minilm 2=sst2-minilm-full"),
        "{drawn}"
    );
    assert!(drawn.contains("model 1=sst2-minilm"), "{drawn}");
    assert!(drawn.contains("model 2=sst2-minilm-full"), "{drawn}");
    // Each column shows its own model's score.
    let (a, b) = {
        let rows = &app.shared.rows;
        (
            rows.probs_of(0, row).expect("main")[1],
            rows.probs_of(1, row).expect("full")[1],
        )
    };
    assert!(drawn.contains(&format!("{a:.3}")), "{a}\n{drawn}");
    assert!(drawn.contains(&format!("{b:.3}")), "{b}\n{drawn}");
    // Metrics numbers its column blocks by model under a legend; the
    // confusion axes name their models.
    type_keys(&mut app, "1");
    let drawn = screen(&app, 160, 40);
    assert!(
        drawn.contains("1 sst2-minilm · 2 sst2-minilm-full"),
        "{drawn}"
    );
    assert!(drawn.contains("acc·1 F1·1  acc·2 F1·2"), "{drawn}");
    // The Confusion Matrix, maximized: its rows are still the compared model's.
    assert_eq!(app.key_context(), "metrics");
    app.dispatch(Action::FocusNext);
    type_keys(&mut app, "z");
    let drawn = screen(&app, 120, 40);
    assert!(
        drawn.contains("pred sst2-minilm-full ↓ × pred sst2-minilm → · row 1/2"),
        "{drawn}"
    );
}

#[test]
fn models_with_other_classes_cannot_be_compared() {
    let loaded = sst2_dev();
    let banking = load_model("banking77-minilm");
    let err = lit_tui::app::App::new(lit_tui::app::AppParts {
        model: loaded.model.clone(),
        compared: vec![banking],
        dataset: &loaded.dataset,
        layout: lit_tui::app::layout::Layout::default(),
        keymap: lit_tui::app::keymap::Keymap::default_keymap(),
        registry: &lit_tui::modules::registry(),
        session_root: None,
    })
    .err()
    .expect("refused");
    assert!(
        err.to_string()
            .contains("compared models must share class names and order"),
        "{err}"
    );
}

#[test]
fn scalars_box_selection_and_curves() {
    let mut app = sst2_app(&scratch("driver-scalars"));
    // The curves on all rows are the reference's (scikit-learn) AUCs.
    let curves = app
        .shared
        .report
        .clone()
        .expect("analysis")
        .curves
        .clone()
        .expect("curves");
    let reference = reference_metrics("sst2-minilm", "sst2-dev.metrics.json");
    assert!((curves.roc_auc - reference["roc_auc"].as_f64().expect("auc")).abs() < 1e-6);
    assert!(
        (curves.average_precision - reference["pr_auc_average_precision"].as_f64().expect("ap"))
            .abs()
            < 1e-6
    );
    assert!(!curves.on_selection);

    // Scalars: confidence by row index. Box from (0, 0.9) to (0.5, 1.0).
    type_keys(&mut app, "2");
    while app.shared.focus != Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    app.dispatch(Action::FocusNext);
    assert_eq!(app.key_context(), "scalars");
    scal_mut(&mut app).cursor = (0.0, 0.9);
    type_keys(&mut app, "v");
    scal_mut(&mut app).cursor = (0.5, 1.0);
    type_keys(&mut app, "v");
    let rows = &app.shared.rows;
    let expected: Vec<usize> = (0..872)
        .filter(|&i| {
            i as f64 / 871.0 <= 0.5 && rows.confidence(i).is_some_and(|c| f64::from(c) >= 0.9)
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        app.shared.selection.iter().copied().collect::<Vec<_>>(),
        expected
    );
    // The curves now follow the selection.
    assert!(app.settle(Duration::from_secs(30)));
    let curves = app.shared.report.clone().expect("analysis").curves.clone();
    assert!(curves.is_none_or(|c| c.on_selection));
    // Enter makes the point nearest the cursor primary.
    scal_mut(&mut app).cursor = (0.0, 0.97);
    press(&mut app, KeyCode::Enter);
    let p = app.shared.primary.expect("primary");
    assert!(p < 20, "a point near the left edge: {p}");
}

#[test]
fn metrics_facets_by_value_and_by_bins() {
    // SST-2 dev with two features made from it: a word count and a length bucket.
    let dir = scratch("driver-facets");
    let data_path = dir.join("dev-features.tsv");
    let source = lit_tui::data::Dataset::load(&lit_tui::data::DataOptions {
        path: data("sst2/dev.tsv"),
        ..Default::default()
    })
    .expect("data");
    let texts = source.texts().expect("texts");
    let gold = source
        .df
        .column("label")
        .expect("label")
        .i64()
        .expect("ints")
        .clone();
    let mut tsv = String::from("text\tlabel\twords\tsize\n");
    for (i, t) in texts.iter().enumerate() {
        let words = t.split_whitespace().count();
        let size = if words < 10 { "short" } else { "long" };
        tsv.push_str(&format!(
            "{}\t{}\t{words}\t{size}\n",
            t.trim(),
            gold.get(i).expect("label")
        ));
    }
    std::fs::write(&data_path, tsv).expect("write");
    let dataset = lit_tui::data::Dataset::load(&lit_tui::data::DataOptions {
        path: data_path,
        ..Default::default()
    })
    .expect("data with features");
    let loaded = sst2_dev();
    let mut app = predicted_app(loaded.model.clone(), Vec::new(), &dataset, None);
    while app.shared.focus != Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    assert_eq!(app.key_context(), "metrics");
    // Facet by `words` (numeric): quantile bins, then equal-width.
    type_keys(&mut app, "f");
    assert!(app.settle(Duration::from_secs(30)));
    let a = app.shared.report.clone().expect("analysis");
    let bins: Vec<_> = a.metrics.iter().skip(3).collect();
    assert_eq!(
        bins.len(),
        4,
        "{:?}",
        a.metrics.iter().map(|m| &m.name).collect::<Vec<_>>()
    );
    assert_eq!(bins.iter().map(|m| m.rows.len()).sum::<usize>(), 872);
    let sizes: Vec<usize> = bins.iter().map(|m| m.rows.len()).collect();
    assert!(
        sizes.iter().all(|&s| s > 150),
        "quantile bins are balanced: {sizes:?}"
    );
    // Per-facet accuracy is the share correct among the facet's rows.
    for m in &bins {
        let correct = m
            .rows
            .iter()
            .filter(|&&r| app.shared.rows.correct(r) == Some(true))
            .count();
        assert_eq!(m.accuracy, correct as f64 / m.rows.len() as f64);
    }
    type_keys(&mut app, "b");
    assert!(app.settle(Duration::from_secs(30)));
    let a = app.shared.report.clone().expect("analysis");
    let words = |r: usize| {
        app.shared.rows.features[0]
            .numbers
            .as_ref()
            .expect("numeric")[r]
    };
    let (lo, hi) = (0..872)
        .map(words)
        .fold((f64::MAX, f64::MIN), |(a, b), w| (a.min(w), b.max(w)));
    let width = (hi - lo) / 4.0;
    assert!(
        a.metrics[3].name.starts_with(&format!("[{lo}, ")),
        "{}",
        a.metrics[3].name
    );
    for (k, m) in a.metrics.iter().skip(3).enumerate() {
        let (from, to) = (lo + width * k as f64, lo + width * (k + 1) as f64);
        assert!(
            m.rows
                .iter()
                .all(|&r| words(r) >= from && (words(r) < to || k == 3)),
            "bin {k}"
        );
    }
    // Facet by `size` (text): one row per value; Enter selects it.
    type_keys(&mut app, "f");
    assert!(app.settle(Duration::from_secs(30)));
    let a = app.shared.report.clone().expect("analysis");
    let names: Vec<&str> = a.metrics.iter().skip(3).map(|m| m.name.as_str()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"short") && names.contains(&"long"));
    // Per-facet optimal thresholds in the thresholder.
    assert_eq!(a.optimal.len(), 3);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    let last = a.metrics.last().expect("facet");
    assert_eq!(
        app.shared.selection.iter().copied().collect::<Vec<_>>(),
        last.rows
    );
}

#[test]
fn embeddings_box_select_and_nearest_neighbours() {
    let loaded = sst2_full_dev();
    let mut app = app_over(loaded, &scratch("driver-embeddings"));
    assert!(app.settle(Duration::from_secs(60)));
    let projection = emb(&app).projection.clone().expect("a PCA projection");
    assert_eq!(projection.coords.len(), 872);
    assert_eq!(app.shared.rows.embedding_dim(), 384);

    // Box-select the view's left half, bottom to top: exactly the points whose
    // fitted x falls there.
    while app.shared.focus != Focus::Main("embeddings") {
        app.dispatch(Action::FocusNext);
    }
    emb_mut(&mut app).cursor = (0.0, 0.0);
    type_keys(&mut app, "v");
    emb_mut(&mut app).cursor = (0.5, 1.0);
    type_keys(&mut app, "v");
    let xs: Vec<f64> = projection.coords.iter().map(|c| f64::from(c[0])).collect();
    let (lo, hi) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let expected: Vec<usize> = (0..872)
        .filter(|&i| 0.03 + 0.94 * (xs[i] - lo) / (hi - lo) <= 0.5)
        .collect();
    assert!(
        expected.len() > 100 && expected.len() < 772,
        "{}",
        expected.len()
    );
    assert_eq!(
        app.shared.selection.iter().copied().collect::<Vec<_>>(),
        expected
    );

    // The 10 nearest neighbours of row 0, against a brute-force search.
    app.shared.primary = Some(0);
    type_keys(&mut app, "N");
    // The search runs on a worker.
    assert!(app.settle(Duration::from_secs(60)));
    let e = app.shared.rows.embeddings();
    let mut dist: Vec<(f64, usize)> = (1..872)
        .map(|i| {
            let d: f64 = (0..384)
                .map(|k| f64::from(e[i * 384 + k] - e[k]).powi(2))
                .sum();
            (d, i)
        })
        .collect();
    dist.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut want: Vec<usize> = dist.iter().take(10).map(|&(_, i)| i).collect();
    want.push(0);
    want.sort();
    assert_eq!(
        app.shared.selection.iter().copied().collect::<Vec<_>>(),
        want
    );
    assert_eq!(app.shared.primary, Some(0));
}

#[test]
fn the_embeddings_pane_switches_between_pca_umap_and_tsne() {
    let mut app = embeddings_app("driver-methods");
    let pca = emb(&app).projection.clone().expect("PCA first");
    type_keys(&mut app, "m");
    assert!(app.settle(Duration::from_secs(60)));
    let umap = emb(&app).projection.clone().expect("UMAP");
    let (data, dim) = (
        app.shared.rows.embeddings(),
        app.shared.rows.embedding_dim(),
    );
    assert_eq!(
        umap.coords,
        lit_tui::analysis::umap::umap(data, dim, &lit_tui::analysis::umap::UmapParams::default()),
        "the pane's UMAP is the seeded, deterministic one"
    );
    // It is kept on disk for the next start.
    let file = umap_cache_file(&app, Default::default(), Default::default());
    assert_eq!(
        lit_tui::modules::embeddings::cache::load(&file, 872),
        Some(umap.coords.clone())
    );
    type_keys(&mut app, "m");
    assert!(app.settle(Duration::from_secs(60)));
    assert_eq!(
        emb(&app).method,
        lit_tui::modules::embeddings::ProjectionMethod::Tsne
    );
    assert!(emb(&app).projection.is_some());
    // Back to PCA: already computed, no new work.
    type_keys(&mut app, "m");
    assert_eq!(emb(&app).projection, Some(pca));
    assert!(!emb(&app).requested);
}

#[test]
fn a_new_datapoint_is_placed_with_the_fitted_projection() {
    let mut app = app_over(sst2_full_dev(), &scratch("driver-place"));
    assert!(app.settle(Duration::from_secs(60)));
    let pca = emb(&app).projection.clone().expect("PCA");
    press(&mut app, KeyCode::Enter);
    while app.shared.focus != Focus::Main("editor") {
        app.dispatch(Action::FocusNext);
    }
    type_keys(&mut app, "e");
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_keys(&mut app, "a dull , lifeless film .");
    press(&mut app, KeyCode::Enter);
    assert!(app.settle(Duration::from_secs(30)));
    let child = app.shared.rows.len() - 1;
    let dim = app.shared.rows.embedding_dim();
    let v = app.shared.rows.embeddings()[child * dim..(child + 1) * dim].to_vec();
    assert!(v.iter().all(|x| !x.is_nan()), "the new row has its vector");
    // No refit: the projection is the same, and the point sits where PCA puts its vector.
    assert_eq!(emb(&app).projection, Some(pca.clone()));
    assert_eq!(emb(&app).placed, vec![(child, pca.place(&v))]);
    // It is drawn: the view has a point for it.
    let points = lit_tui::modules::embeddings::points::embedding_points(emb(&app), &app.shared);
    assert!(points.points.iter().any(|p| p.0 == child));
}

#[test]
fn projection_parameters_box_modes_and_fit_to_selection() {
    let mut app = embeddings_app("driver-params");
    type_keys(&mut app, "m");
    assert!(app.settle(Duration::from_secs(60)));
    // New parameters from the prompt: a refit with them.
    set_projection_params(&mut app, "n_neighbors=10 seed=3");
    assert!(app.settle(Duration::from_secs(60)));
    let e = &emb(&app);
    assert_eq!((e.umap.n_neighbors, e.umap.seed), (10, 3));
    let params = lit_tui::analysis::umap::UmapParams {
        n_neighbors: 10,
        seed: 3,
        ..Default::default()
    };
    let (data, dim) = (
        app.shared.rows.embeddings(),
        app.shared.rows.embedding_dim(),
    );
    assert_eq!(
        e.projection.as_ref().map(|p| p.coords.clone()),
        Some(lit_tui::analysis::umap::umap(data, dim, &params))
    );
    // A bad parameter says why and changes nothing.
    set_projection_params(&mut app, "min_dist=7");
    assert!(
        app.shared
            .error
            .as_deref()
            .is_some_and(|m| m.contains("`min_dist=7` is not valid"))
    );

    // Box replace, then add, then subtract.
    let pick = |app: &mut lit_tui::app::App, from: (f64, f64), to: (f64, f64), confirm: &str| {
        emb_mut(app).cursor = from;
        type_keys(app, "v");
        emb_mut(app).cursor = to;
        type_keys(app, confirm);
    };
    pick(&mut app, (0.0, 0.0), (0.5, 1.0), "v");
    let left: std::collections::BTreeSet<usize> = app.shared.selection.clone();
    pick(&mut app, (0.5, 0.0), (1.0, 1.0), "a");
    assert!(app.shared.selection.len() > left.len());
    assert!(left.iter().all(|r| app.shared.selection.contains(r)));
    pick(&mut app, (0.5, 0.0), (1.0, 1.0), "d");
    assert_eq!(app.shared.selection, left);
    // Fit to the selection zooms in on it.
    type_keys(&mut app, "f");
    assert!(emb(&app).zoom >= 1.0);
    let shown = lit_tui::modules::embeddings::points::embedding_points(emb(&app), &app.shared);
    assert!(
        left.iter().all(|r| shown.points.iter().any(|p| p.0 == *r)),
        "every selected point in view"
    );
}

/// The app over `dataset`, after a real bulk inference run of every model (no cache).
fn predicted_app(
    model: std::sync::Arc<lit_tui::model::Model>,
    compared: Vec<std::sync::Arc<lit_tui::model::Model>>,
    dataset: &lit_tui::data::Dataset,
    root: Option<&std::path::Path>,
) -> lit_tui::app::App {
    let mut app = lit_tui::app::App::new(lit_tui::app::AppParts {
        model,
        compared,
        dataset,
        layout: lit_tui::app::layout::Layout::default(),
        keymap: lit_tui::app::keymap::Keymap::default_keymap(),
        registry: &lit_tui::modules::registry(),
        session_root: root,
    })
    .expect("app");
    app.start_inference(lit_tui::jobs::InferenceOptions {
        want_embeddings: false,
        cache_root: None,
        ..Default::default()
    });
    assert!(app.settle(Duration::from_secs(120)));
    app
}

#[test]
fn a_projection_in_the_background_shows_its_progress() {
    let mut app = embeddings_app("driver-progress");
    type_keys(&mut app, "m");
    assert!(app.settle(Duration::from_secs(60)));
    // A seed no other test uses, and no layout on disk for it: this one is computed.
    let file = umap_cache_file(
        &app,
        lit_tui::analysis::umap::UmapParams {
            seed: 4242,
            ..Default::default()
        },
        lit_tui::analysis::tsne::TsneParams {
            seed: 4242,
            ..Default::default()
        },
    );
    assert!(
        file.parent().is_some_and(|d| d.is_dir()),
        "{}",
        file.display()
    );
    let _ = std::fs::remove_file(&file);
    set_projection_params(&mut app, "seed=4242");

    let mut seen = Vec::new();
    let mut drawn = None;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while emb(&app).requested && std::time::Instant::now() < deadline {
        let Some(action) = app.next_event(Duration::from_millis(50)) else {
            continue;
        };
        let mut progress = false;
        if let Action::Job(event) = &action
            && let lit_tui::jobs::runner::JobEventKind::Progress { stage, done } = &event.kind
        {
            progress = true;
            seen.push((stage.clone(), *done));
        }
        app.dispatch(action);
        if progress && drawn.is_none() && emb(&app).progress.is_some() {
            drawn = Some(screen(&app, 120, 40));
        }
    }
    assert!(!emb(&app).requested, "the layout came back");
    use lit_tui::analysis::Stage;
    assert_eq!(
        seen.first().map(|s| s.0.as_str()),
        Some(Stage::Neighbours.describe())
    );
    assert!(seen.iter().any(|s| s.0 == Stage::Layout.describe()));
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "{seen:?}");
    assert!(seen.last().is_some_and(|s| s.1 >= 0.99), "{seen:?}");
    let drawn = drawn.expect("a frame while it computed");
    assert!(drawn.contains("Computing UMAP"), "{drawn}");
    assert!(drawn.contains('%'), "{drawn}");
    // Done: the layout is drawn and the progress is gone.
    assert_eq!(emb(&app).progress, None);
    assert!(!screen(&app, 120, 40).contains("Computing"));
}

/// The app over SST-2 dev with sst2-minilm-full, settled, the Embeddings pane focused.
fn embeddings_app(name: &str) -> lit_tui::app::App {
    let mut app = app_over(sst2_full_dev(), &scratch(name));
    assert!(app.settle(Duration::from_secs(60)));
    while app.shared.focus != Focus::Main("embeddings") {
        app.dispatch(Action::FocusNext);
    }
    app
}

/// Types `text` into the pane's parameter prompt (`e`) and confirms it.
fn set_projection_params(app: &mut lit_tui::app::App, text: &str) {
    type_keys(app, "e");
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_keys(app, text);
    press(app, KeyCode::Enter);
}

/// Where the app keeps its UMAP layout for these parameters.
fn umap_cache_file(
    app: &lit_tui::app::App,
    umap: lit_tui::analysis::umap::UmapParams,
    tsne: lit_tui::analysis::tsne::TsneParams,
) -> std::path::PathBuf {
    let root = lit_tui::paths::cache_root().expect("a cache dir");
    lit_tui::modules::embeddings::cache::path(
        &root,
        // What the app keys saved layouts with: the model's cache key.
        app.shared.model.model_hash,
        &app.shared.rows.ids,
        "UMAP",
        &format!("{umap:?} {tsne:?}"),
    )
}

#[test]
fn the_pane_title_says_when_vectors_are_mean_pooled() {
    let mut app = embeddings_app("driver-pooled");
    let title = |app: &lit_tui::app::App| {
        screen(app, 120, 40)
            .lines()
            .find(|l| l.contains("Embeddings"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(!title(&app).contains("mean-pooled"), "{}", title(&app));
    // As for a model that exports only `last_hidden_state`.
    app.shared.model.embedding_pooled = true;
    app.shared.model.embedding_note =
        "last_hidden_state, mean-pooled over the attention mask".into();
    assert!(
        title(&app).contains("Embeddings · PCA · mean-pooled"),
        "{}",
        title(&app)
    );
}

#[test]
fn arrows_pushed_past_the_edge_pan_a_zoomed_view() {
    let mut app = embeddings_app("driver-pan");
    let e = |app: &lit_tui::app::App| emb(app).clone();
    // Unzoomed, the whole fit is in view: the cursor stops at the edge.
    for _ in 0..40 {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!((e(&app).cursor.0, e(&app).center), (1.0, (0.5, 0.5)));
    emb_mut(&mut app).cursor = (0.5, 0.5);
    type_keys(&mut app, ">>");
    let zoom = e(&app).zoom;
    assert!((zoom - 2.25).abs() < 1e-9, "{zoom}");
    for _ in 0..25 {
        press(&mut app, KeyCode::Right);
    }
    assert!((e(&app).cursor.0 - 1.0).abs() < 1e-9);
    assert!(
        (e(&app).center.0 - 0.5).abs() < 1e-9,
        "no pan before the edge"
    );
    for _ in 0..10 {
        press(&mut app, KeyCode::Right);
    }
    let panned = e(&app).center.0;
    assert!(
        (panned - (0.5 + 10.0 * 0.02 / zoom)).abs() < 1e-9,
        "{panned}"
    );
    // No further than the fitted points reach.
    for _ in 0..200 {
        press(&mut app, KeyCode::Right);
    }
    assert!((e(&app).center.0 - (1.0 - 0.5 / zoom)).abs() < 1e-9);
    for _ in 0..200 {
        press(&mut app, KeyCode::Down);
    }
    assert!((e(&app).center.1 - 0.5 / zoom).abs() < 1e-9);
}
