//! The session loader on arbitrary bytes: a damaged file is moved aside,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lit_tui::app::session_file::SessionFile;

fuzz_target!(|bytes: &[u8]| {
    let root = std::env::temp_dir().join(format!("lit-tui-fuzz-session-{}", std::process::id()));
    let data = root.join("d.tsv");
    let file = SessionFile::new(&root, &data);
    let Some(dir) = file.path().parent() else {
        return;
    };
    let _ = std::fs::create_dir_all(dir);
    if std::fs::write(file.path(), bytes).is_ok() {
        let _ = file.load();
    }
});
