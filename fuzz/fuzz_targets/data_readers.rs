//! Data readers on arbitrary bytes: JSONL, LIT's .lit.jsonl (with a .spec),
//! CSV, TSV and Parquet. An error is fine; a panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lit_tui::data::{DataOptions, Dataset};

const NAMES: [&str; 5] = ["d.jsonl", "d.csv", "d.tsv", "d.parquet", "d.lit.jsonl"];

fuzz_target!(|input: &[u8]| {
    // libFuzzer's panic hook aborts on every panic; a panic lit-tui contains
    // (a library's, turned into an error: `lit_tui::contained`) is not a crash.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let fuzzer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !lit_tui::contained::containing() {
                fuzzer(info);
            }
        }));
    });
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
