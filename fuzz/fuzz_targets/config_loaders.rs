//! The keymap, layout and theme loaders on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lit_tui::app::keymap::Keymap;
use lit_tui::app::layout::Layout;
use lit_tui::app::theme::Theme;

fuzz_target!(|input: &[u8]| {
    let Some((&pick, rest)) = input.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match pick % 3 {
        0 => {
            let _ = Keymap::parse(text, "fuzz");
        }
        1 => {
            let _ = Layout::parse(text, "fuzz");
        }
        _ => {
            let path = std::env::temp_dir().join(format!("lit-tui-fuzz-theme-{}.toml", std::process::id()));
            if std::fs::write(&path, text).is_ok() {
                let _ = Theme::load(&path.to_string_lossy());
            }
        }
    }
});
