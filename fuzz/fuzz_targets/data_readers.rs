//! Data readers on arbitrary bytes: JSONL, LIT's .lit.jsonl (with a .spec),
//! CSV, TSV and Parquet. An error is fine; a panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lit_tui::data::{DataOptions, Dataset};

const NAMES: [&str; 5] = ["d.jsonl", "d.csv", "d.tsv", "d.parquet", "d.lit.jsonl"];

fuzz_target!(|input: &[u8]| {
    let Some((&pick, bytes)) = input.split_first() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("lit-tui-fuzz-data-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(NAMES[pick as usize % NAMES.len()]);
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    if path.to_string_lossy().ends_with(".lit.jsonl") {
        // Half the bytes again as the spec beside it.
        let _ = std::fs::write(dir.join("d.lit.jsonl.spec"), &bytes[bytes.len() / 2..]);
    }
    let _ = Dataset::load(&DataOptions {
        path,
        ..Default::default()
    });
});
