//! Correctness bugs a new user hit in triage (issue "Triage at full speed"),
//! each shown on the real model and data.

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[test]
fn an_invalid_search_keeps_the_rows_and_the_title_of_the_last_valid_one() {
    let mut app = sst2_app(&scratch("bug-search"));
    type_keys(&mut app, "/film");
    press(&mut app, KeyCode::Enter);
    let film = table(&app).view.clone();
    assert!(!film.is_empty() && film.len() < 872);
    type_keys(&mut app, "/");
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_keys(&mut app, "film foo:bar");
    press(&mut app, KeyCode::Enter);
    // Typed live, `film foo` was the last valid query: its rows, and its name in the title.
    let rows = &app.shared.rows;
    let want: Vec<usize> = film
        .iter()
        .copied()
        .filter(|&i| rows.lower()[i].contains("foo"))
        .collect();
    assert_eq!(table(&app).view, want, "the rows of the last valid search");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("/film foo "), "{drawn}");
    assert!(!drawn.contains("foo:"), "{drawn}");
    let error = app.shared.error.clone().unwrap_or_default();
    assert!(error.contains("no column `foo`"), "{error}");
    assert!(error.contains("the rows of /film foo"), "{error}");
}

#[test]
fn an_id_prefix_search_finds_the_row() {
    let mut app = sst2_app(&scratch("bug-id"));
    let id = lit_tui::data::row_id::format_id(app.shared.rows.ids[5]);
    // A prefix that is all digits, as `0109` was.
    type_keys(&mut app, &format!("/id:{}", &id[..6]));
    press(&mut app, KeyCode::Enter);
    assert!(table(&app).view.contains(&5), "{id}");
}

#[test]
fn confidence_is_the_probability_of_the_shown_prediction_at_any_threshold() {
    let mut app = sst2_app(&scratch("bug-conf"));
    app.apply(lit_tui::app::effect::Effect::Threshold(Some(0.85)));
    let rows = &app.shared.rows;
    let row = (0..rows.len())
        .find(|&i| rows.probs(i).is_some_and(|p| p[1] > 0.6 && p[1] < 0.85))
        .expect("a row between 0.6 and 0.85");
    assert_eq!(rows.predicted(row), Some(0), "negative below the threshold");
    let p = rows.probs(row).expect("probs");
    assert_eq!(rows.confidence(row), Some(p[0]));
}

#[test]
fn keys_do_nothing_behind_the_window_too_small_message() {
    let mut app = sst2_app(&scratch("bug-small"));
    app.workspace.screen = Some((50, 12));
    let before = (
        table(&app).cursor,
        app.shared.primary,
        app.workspace.group_tab,
    );
    type_keys(&mut app, "j");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "2");
    assert_eq!(
        (
            table(&app).cursor,
            app.shared.primary,
            app.workspace.group_tab
        ),
        before
    );
    assert!(screen(&app, 50, 12).contains("needs a window of at least"));
    type_keys(&mut app, "q");
    assert!(app.quit(), "q still quits");
}

#[test]
fn an_added_rows_prediction_is_cached_for_the_next_start() {
    use lit_tui::app::effect::Effect;
    use lit_tui::jobs::InferenceOptions;
    let (cache, root) = (scratch("bug-cache-dir"), scratch("bug-cache-session"));
    let opts = InferenceOptions {
        cache_root: Some(cache),
        ..Default::default()
    };
    let mut app = sst2_app(&root);
    app.start_inference(opts.clone());
    assert!(app.settle(std::time::Duration::from_secs(120)));
    app.apply(Effect::AddRow {
        text: "a wholly new sentence for the cache".into(),
        gold: Some(1),
        parent: Some(3),
    });
    assert!(app.settle(std::time::Duration::from_secs(60)));
    drop(app);

    let mut again = sst2_app(&root);
    assert_eq!(again.shared.rows.len(), 873);
    again.start_inference(opts);
    assert!(again.settle(std::time::Duration::from_secs(120)));
    assert!(
        again.shared.status.contains("(0 run, 873 from cache)"),
        "{}",
        again.shared.status
    );
}

#[test]
fn scalars_and_curves_name_their_axes_and_x_says_why_it_does_nothing() {
    let mut app = sst2_app(&scratch("bug-scalars"));
    type_keys(&mut app, "2");
    for _ in 0..3 {
        if app.shared.focus == lit_tui::app::shared::Focus::Groups {
            break;
        }
        app.dispatch(lit_tui::app::action::Action::FocusDown);
    }
    app.workspace.group_focus = 1;
    type_keys(&mut app, "X");
    assert!(
        app.shared.status.contains("no numeric column"),
        "{}",
        app.shared.status
    );
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("Scalars · confidence by row"), "{drawn}");
    assert!(drawn.contains("x row 0 … 871"), "{drawn}");
    type_keys(&mut app, "1");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("ROC ↑TPR→FPR"), "{drawn}");
    assert!(drawn.contains("Confusion · all rows"), "{drawn}");
}

#[test]
fn one_of_a_thing_is_singular() {
    let mut app = sst2_app(&scratch("bug-plural"));
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("Slice Editor · 1 slice "), "{drawn}");
    press(&mut app, KeyCode::Char(' '));
    app.dispatch(lit_tui::app::action::Action::FocusDown);
    type_keys(&mut app, "N");
    assert!(
        app.shared.status.ends_with("with 1 row"),
        "{}",
        app.shared.status
    );
}

#[test]
fn messages_clear_when_they_should_and_never_run_into_the_right() {
    let mut app = sst2_app(&scratch("bug-messages"));
    // An error clears on the next action that works.
    type_keys(&mut app, "/");
    type_keys(&mut app, "nosuch:x");
    press(&mut app, KeyCode::Enter);
    assert!(app.shared.error.is_some());
    press(&mut app, KeyCode::Down);
    assert_eq!(app.shared.error, None, "cleared by a key that worked");
    // A key that does nothing here says where it does something.
    type_keys(&mut app, "L");
    assert!(
        app.shared
            .status
            .contains("L does nothing here; in the editor pane"),
        "{}",
        app.shared.status
    );
    // A long message is cut with … before the jobs on the right.
    app.apply(lit_tui::app::effect::Effect::Error("x".repeat(300)));
    let drawn = screen(&app, 120, 40);
    let footer = drawn.lines().last().expect("the footer line");
    assert!(footer.contains("…  ready · ? help"), "{footer}");
}

#[test]
fn a_progress_message_clears_when_its_job_ends() {
    let mut app = app_over(sst2_full_dev(), &scratch("bug-progress"));
    while app.shared.focus != lit_tui::app::shared::Focus::Main("embeddings") {
        app.dispatch(lit_tui::app::action::Action::FocusNext);
    }
    type_keys(&mut app, "m");
    let during = app.shared.status.clone();
    assert!(app.settle(std::time::Duration::from_secs(120)));
    assert!(
        !app.shared.status.ends_with('…'),
        "{during} → {}",
        app.shared.status
    );
}

#[test]
fn help_scrolls_shows_whole_descriptions_and_only_this_layouts_modules() {
    let mut app = sst2_app(&scratch("bug-help"));
    type_keys(&mut app, "?");
    let first = screen(&app, 120, 40);
    assert!(first.contains("Data Table keys"), "{first}");
    assert!(first.contains("more lines"), "{first}");
    for _ in 0..30 {
        type_keys(&mut app, "j");
    }
    let later = screen(&app, 120, 40);
    assert_ne!(first, later, "j scrolls");
    type_keys(&mut app, "G");
    let all = screen(&app, 120, 40);
    // The last section of the default layout's modules is on screen, whole.
    assert!(all.contains("Counterfactuals keys"), "{all}");
    assert!(all.contains("the slice <generator>:<settings>"), "{all}");
    assert!(app.workspace.help, "scrolling keeps help open");
    type_keys(&mut app, "?");
    assert!(!app.workspace.help);
}

/// From launch, the most confident misprediction is primary in four keys:
/// `m` mispredictions, `o` the sort picker, `c` confidence (most confident
/// first, the cursor on the first row), `Enter`.
#[test]
fn the_most_confident_misprediction_in_four_keys() {
    let mut app = sst2_app(&scratch("four-keys"));
    let worst = reference_rows("sst2-minilm", "sst2-dev.jsonl")
        .into_iter()
        .filter(|r| r["pred"] != r["label"])
        .max_by(|a, b| {
            // This reference file holds `probs` in class order.
            let conf = |r: &serde_json::Value| {
                let probs = r["probs"].as_array().expect("probs");
                probs.iter().filter_map(|p| p.as_f64()).fold(0.0, f64::max)
            };
            conf(a).total_cmp(&conf(b))
        })
        .expect("a misprediction");
    type_keys(&mut app, "moc");
    press(&mut app, KeyCode::Enter);
    let primary = app.shared.primary.expect("a primary row");
    assert_eq!(
        app.shared.rows.texts[primary].trim(),
        worst["text"].as_str().expect("text").trim()
    );
    // The picker said what it offers while open, and is gone now.
    assert!(app.shared.input.is_none());
    // `O` flips to least confident first, the cursor again on the first row.
    type_keys(&mut app, "O");
    assert_eq!(table(&app).cursor, 0);
    let first = table(&app).view[0];
    let conf = |r: usize| app.shared.rows.confidence(r).expect("predicted");
    assert!(table(&app).view.iter().all(|&r| conf(first) <= conf(r)));
}

#[test]
fn the_sort_picker_names_a_key_that_is_no_column() {
    let mut app = sst2_app(&scratch("picker-bad-key"));
    type_keys(&mut app, "o");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("sort: i id · t text"), "{drawn}");
    type_keys(&mut app, "z");
    let error = app.shared.error.clone().unwrap_or_default();
    assert!(error.contains("`z` is not a column to sort by"), "{error}");
    assert!(table(&app).sort.by.is_none());
}

/// A long text can be read in the table: `l` scrolls the text column right,
/// `h` back, and the title says where the column starts.
#[test]
fn l_and_h_scroll_the_text_column() {
    let mut app = sst2_app(&scratch("text-scroll"));
    let first = app.shared.rows.texts[table(&app).view[0]].to_string();
    type_keys(&mut app, "ll");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("text from character 33 (h/l)"), "{drawn}");
    let tail: String = first.chars().skip(33).take(10).collect();
    assert!(drawn.contains(&format!("…{tail}")), "{tail}\n{drawn}");
    type_keys(&mut app, "hh");
    assert!(!screen(&app, 120, 40).contains("text from character"));
}

/// An edited datapoint beside its parent: the Datapoint Editor gives each
/// model's probability of the parent's class before and after the change.
#[test]
fn the_editor_gives_the_change_in_probability_from_the_parent() {
    use lit_tui::app::effect::Effect;
    let mut app = sst2_app(&scratch("editor-delta"));
    let parent = 5;
    let text = app.shared.rows.texts[parent].replace("humor", "nothing");
    app.apply(Effect::AddRow {
        text,
        gold: app.shared.rows.gold[parent],
        parent: Some(parent),
    });
    assert!(app.settle(std::time::Duration::from_secs(60)));
    let child = app.shared.primary.expect("the new row is primary");
    let rows = &app.shared.rows;
    let (before, after) = (
        rows.probs(parent).expect("parent"),
        rows.probs(child).expect("child"),
    );
    let class = if before[0] > before[1] { 0 } else { 1 };
    let want = format!(
        "sst2-minilm: p({}) {:.3} → {:.3} ({:+.3})",
        rows.labels[class],
        before[class],
        after[class],
        after[class] - before[class]
    );
    while app.shared.focus != lit_tui::app::shared::Focus::Main("editor") {
        app.dispatch(lit_tui::app::action::Action::FocusNext);
    }
    type_keys(&mut app, "z");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains(&want), "{want}\n{drawn}");
}
