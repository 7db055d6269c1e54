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

#[test]
fn the_confusion_matrix_names_the_cursor_cell_in_full_and_orders_by_confusion() {
    let mut app = app_over(banking77_dev(), &scratch("many-confusion"));
    type_keys(&mut app, "1");
    while app.shared.focus != Focus::Groups {
        app.dispatch(Action::FocusNext);
    }
    app.workspace.group_focus = 1;
    type_keys(&mut app, "o");
    assert!(conf(&app).by_confusion);
    let m = app
        .shared
        .report
        .as_ref()
        .expect("report")
        .confusion
        .clone();
    let (ro, co) = lit_tui::modules::confusion::order::display_order(conf(&app), &m);
    // The busiest row leads: the most gold rows predicted as something else.
    let errors = |r: usize| -> usize {
        (0..m.cols.len())
            .filter(|&c| m.rows[r] != m.cols[c])
            .map(|c| m.counts[r][c])
            .sum()
    };
    assert!(ro.windows(2).all(|w| errors(w[0]) >= errors(w[1])));
    // The cursor cell is named in full (maximized, where the line fits).
    let (r, c) = (ro[0], co[0]);
    type_keys(&mut app, "z");
    let drawn = screen(&app, 120, 40);
    let line = format!("{} → {}: {} of", m.rows[r], m.cols[c], m.counts[r][c]);
    assert!(drawn.contains(&line), "{line}\n{drawn}");
    assert!(drawn.contains("row 1/77 col 1/77"), "{drawn}");
    insta::assert_snapshot!("confusion_by_confusion_120x40", drawn);
    // Enter selects that cell's rows, through the display order.
    let n = m.counts[r][c];
    app.dispatch(Action::Activate);
    assert_eq!(app.shared.selection.len(), n);
    let rows = &app.shared.rows;
    assert!(
        app.shared
            .selection
            .iter()
            .all(|&i| rows.gold[i] == Some(r))
    );
}

#[test]
fn classification_results_and_the_editor_show_class_names_in_full_where_they_fit() {
    let mut app = app_over(banking77_dev(), &scratch("many-names"));
    // A row whose top classes have long names.
    let rows = &app.shared.rows;
    let row = (0..rows.len())
        .find(|&r| rows.predicted(r).is_some_and(|c| rows.labels[c].len() > 20))
        .expect("a row predicted as a long class name");
    let name = rows.labels[rows.predicted(row).expect("predicted")].clone();
    app.apply(lit_tui::app::effect::Effect::Primary(Some(row)));
    type_keys(&mut app, "2");
    let drawn = screen(&app, 120, 40);
    // Full in the editor's bars and in Classification Results.
    assert!(drawn.matches(name.as_str()).count() >= 3, "{name}\n{drawn}");
    insta::assert_snapshot!("results_full_class_names_120x40", drawn);
}
