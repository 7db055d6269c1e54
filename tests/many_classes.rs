//! Banking77 (77 classes): per-class metrics as rows, facets by the gold
//! label and the prediction, and class names cut only where there is no room.

mod common;

use common::*;
use lit_tui::app::App;
use lit_tui::app::action::Action;
use lit_tui::app::shared::Focus;
use lit_tui::modules::metrics::Metrics;

fn metrics(app: &App) -> &Metrics {
    app.workspace.module().expect("a Metrics module")
}

/// The Performance tab, with Metrics focused.
fn focus_metrics(app: &mut App) {
    type_keys(app, "1");
    while app.shared.focus != Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    app.workspace.group_focus = 0;
}

#[test]
fn per_class_metrics_are_rows_sorted_by_f1_and_enter_selects_a_class() {
    let mut app = app_over(banking77_dev(), &scratch("many-per-class"));
    focus_metrics(&mut app);
    type_keys(&mut app, "F");
    assert!(metrics(&app).per_class);
    // Sort: class, support, precision, recall, F1 (numbers largest first).
    type_keys(&mut app, "ooooo");
    let report = app.shared.report.as_ref().expect("report");
    let all = &report.metrics[0];
    assert_eq!(all.per_class.len(), 77);
    let order =
        lit_tui::modules::metrics::per_class::order(&all.per_class, &metrics(&app).class_sort);
    let f1: Vec<f64> = order.iter().map(|&c| all.per_class[c].f1).collect();
    assert!(f1.windows(2).all(|w| w[0] >= w[1]), "{f1:?}");
    // Each class's F1 and support follow from scikit-learn's confusion matrix
    // in the model's reference file: 2·tp / (2·tp + fp + fn).
    let reference = reference_metrics("banking77-minilm", "banking77-dev.metrics.json");
    let labels: Vec<&str> = reference["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| l.as_str().expect("label"))
        .collect();
    let cm: Vec<Vec<f64>> = reference["confusion_matrix"]
        .as_array()
        .expect("matrix")
        .iter()
        .map(|r| {
            r.as_array()
                .expect("row")
                .iter()
                .map(|v| v.as_f64().expect("count"))
                .collect()
        })
        .collect();
    for (k, label) in labels.iter().enumerate() {
        let c = all
            .per_class
            .iter()
            .find(|c| c.label == *label)
            .expect("class");
        let tp = cm[k][k];
        let support: f64 = cm[k].iter().sum();
        let predicted: f64 = cm.iter().map(|r| r[k]).sum();
        let want = if support + predicted == 0.0 {
            0.0
        } else {
            2.0 * tp / (support + predicted)
        };
        assert_eq!(c.support as f64, support, "{label}");
        assert!((c.f1 - want).abs() < 1e-9, "{label}: {} vs {want}", c.f1);
    }
    insta::assert_snapshot!("per_class_by_f1_120x40", screen(&app, 120, 40));

    let best = order[0];
    let support = all.per_class[best].support;
    app.dispatch(Action::Activate);
    let rows = &app.shared.rows;
    assert_eq!(app.shared.selection.len(), support);
    assert!(
        app.shared
            .selection
            .iter()
            .all(|&r| rows.gold[r] == Some(best))
    );
}

#[test]
fn metrics_facet_by_the_gold_label_and_by_the_prediction() {
    let mut app = app_over(banking77_dev(), &scratch("many-facets"));
    focus_metrics(&mut app);
    let features = app.shared.rows.features.len();
    for _ in 0..=features {
        type_keys(&mut app, "f");
    }
    assert!(app.settle(std::time::Duration::from_secs(30)));
    let report = app.shared.report.as_ref().expect("report");
    let gold: Vec<_> = report
        .metrics
        .iter()
        .filter(|m| m.name.starts_with("gold "))
        .collect();
    assert_eq!(gold.len(), 77);
    for m in &gold {
        let class = m.name.trim_start_matches("gold ");
        let c = app
            .shared
            .rows
            .labels
            .iter()
            .position(|l| l == class)
            .expect("class");
        assert!(m.rows.iter().all(|&r| app.shared.rows.gold[r] == Some(c)));
    }
    type_keys(&mut app, "f");
    assert!(app.settle(std::time::Duration::from_secs(30)));
    let report = app.shared.report.as_ref().expect("report");
    let pred = report
        .metrics
        .iter()
        .filter(|m| m.name.starts_with("pred "))
        .count();
    assert!(pred > 1 && pred <= 77, "{pred}");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("facet prediction"), "{drawn}");
}
