//! `metrics --curves` and `project --plot` draw their pictures in the
//! terminal (textplots), for a plain SSH shell or a CI log.

mod common;

use common::*;

fn braille(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{2801}'..='\u{28FF}').contains(c))
        .count()
}

#[test]
fn metrics_draws_the_roc_and_pr_curves_of_a_class() {
    let cache = scratch("plots-cache");
    let (model, data) = (model("sst2-minilm"), data("sst2/dev.tsv"));
    let out = lit_tui(
        &[
            "metrics",
            "--model",
            s(&model),
            "--data",
            s(&data),
            "--curves",
        ],
        Some(&cache),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("ROC of positive (AUC 0.88"), "{text}");
    assert!(text.contains("PR of positive (AP 0.89"), "{text}");
    assert!(braille(&text) > 100, "{text}");

    let out = lit_tui(
        &[
            "metrics",
            "--model",
            s(&model),
            "--data",
            s(&data),
            "--curves",
            "neutral",
        ],
        Some(&cache),
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no class `neutral`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn project_draws_the_layout() {
    let cache = scratch("plots-cache-project");
    let dir = scratch("plots-out");
    let out_file = dir.join("pca.parquet");
    let (model, data) = (model("sst2-minilm-full"), data("sst2/dev.tsv"));
    let out = lit_tui(
        &[
            "project",
            "--model",
            s(&model),
            "--data",
            s(&data),
            "--method",
            "pca",
            "--plot",
            "--out",
            s(&out_file),
        ],
        Some(&cache),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Pca layout of 872 rows"), "{text}");
    assert!(braille(&text) > 100, "{text}");
}

#[test]
fn completions_name_every_subcommand_and_flag() {
    let out = lit_tui(&["completions", "bash"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for word in [
        "predict",
        "metrics",
        "generate",
        "--curves",
        "--plot",
        "--compare",
    ] {
        assert!(text.contains(word), "{word} missing");
    }
    let out = lit_tui(&["completions", "nushell-not"], None);
    assert!(!out.status.success());
}
