//! Reading every data format, and the quirks of the real files.

mod common;

use common::*;
use lit_tui::data::{DataOptions, Dataset};

fn load(path: std::path::PathBuf) -> Dataset {
    Dataset::load(&DataOptions {
        path,
        ..Default::default()
    })
    .expect("loads")
}

#[test]
fn banking77_quoted_fields_span_lines() {
    for split in ["dev", "train", "test"] {
        let ds = load(data(&format!("banking77/{split}.tsv")));
        assert_eq!(ds.text_column, "text");
        assert_eq!(ds.label_column.as_deref(), Some("label"));
        assert_eq!(ds.df.width(), 2, "{split}: a multi-line field split a row");
    }
    let ds = load(data("banking77/dev.tsv"));
    assert_eq!(ds.len(), 1000);
    let texts = ds.texts().expect("texts");
    assert!(
        texts[93].contains("\"they did not receive my payment\""),
        "{}",
        texts[93]
    );
}

#[test]
fn sst2_test_has_its_columns_swapped_and_no_labels() {
    let ds = load(data("sst2/test.tsv"));
    assert_eq!(ds.len(), 1821);
    assert_eq!(ds.text_column, "label");
    assert_eq!(ds.label_column, None);
    assert!(
        ds.notes.iter().any(|n| n.contains("column `text` holds")),
        "{:?}",
        ds.notes
    );
    assert_eq!(ds.feature_columns(), vec!["text".to_string()]);
}

#[test]
fn sst2_dev_integer_labels_map_to_class_names() {
    let ds = load(data("sst2/dev.tsv"));
    assert_eq!(ds.len(), 872);
    let classes = vec!["negative".to_string(), "positive".to_string()];
    let gold = ds.gold_labels(&classes).expect("maps").expect("has labels");
    assert_eq!(gold.index[0], Some(1));
    assert_eq!(gold.index[1], Some(0));
}

#[test]
fn row_ids_are_content_hashes() {
    let a = load(data("sst2/dev.tsv"));
    let b = load(data("sst2/dev.tsv"));
    assert_eq!(a.ids, b.ids, "stable across loads");
    let distinct: std::collections::HashSet<_> = a.ids.iter().collect();
    assert_eq!(distinct.len(), a.len());
}

#[test]
fn lit_jsonl_honours_its_spec() {
    let ds = load(fixture("tiny.lit.jsonl"));
    assert_eq!(ds.text_column, "sentence");
    assert_eq!(ds.label_column.as_deref(), Some("label"));
    assert_eq!(ds.feature_columns(), vec!["source".to_string()]);
}

#[test]
fn csv_with_quoted_commas() {
    let ds = load(fixture("tiny.csv"));
    assert_eq!(
        ds.texts().expect("texts"),
        vec!["a gorgeous, witty film .", "dull and lifeless ."]
    );
    assert_eq!(ds.feature_columns(), vec!["length".to_string()]);
}

#[test]
fn parquet_written_by_predict_reads_back() {
    let dir = scratch("parquet-roundtrip");
    let out = dir.join("p.parquet");
    let run = lit_tui(
        &[
            "predict",
            "--model",
            s(&model("sst2-minilm")),
            "--data",
            s(&fixture("tiny.csv")),
            "--out",
            s(&out),
        ],
        None,
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let ds = load(out);
    assert_eq!(ds.len(), 2);
    assert_eq!(ds.text_column, "text");
    let classes = vec!["negative".to_string(), "positive".to_string()];
    let gold = ds.gold_labels(&classes).expect("maps").expect("labels");
    assert_eq!(gold.index, vec![Some(1), Some(0)]);
    assert!(ds.feature_columns().contains(&"p_positive".to_string()));
}

#[test]
fn inspect_names_every_role() {
    let run = lit_tui(&["inspect", "--model", s(&model("sst2-minilm-full"))], None);
    let text = stdout(&run);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(text.contains("→ logits"), "{text}");
    assert!(text.contains("→ sentence embedding"), "{text}");
    assert!(
        text.contains("→ attention probabilities, layer 5"),
        "{text}"
    );
    assert!(
        text.contains("labels     2 classes: `negative`, `positive`"),
        "{text}"
    );
}

#[test]
fn cuda_without_a_cuda_library_says_so_and_runs_on_cpu() {
    let run = lit_tui(
        &[
            "inspect",
            "--device",
            "cuda",
            "--model",
            s(&model("sst2-minilm")),
        ],
        None,
    );
    let text = stdout(&run);
    assert!(run.status.success(), "{}", stderr(&run));
    if text.contains("device     Cpu") {
        assert!(
            text.contains("has no CUDA execution provider; running on the CPU"),
            "{text}"
        );
    }
}
