//! Issue 14's key fuzzer: 20,000 seeded random keys and resizes over two
//! layouts and two models (SST-2 with sst2-minilm, Banking77's 77 classes).
//! Nothing may panic, and after a save the session file holds what the app
//! shows: its stars, slices and added rows.

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lit_tui::app::App;
use lit_tui::app::keymap::Keymap;
use lit_tui::app::layout::Layout;

/// A small seeded generator (xorshift64*), so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every key the keymap binds, plus letters, digits and editing keys.
fn alphabet() -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = Vec::new();
    for c in "abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789/:<>.,+-=[]?% ".chars() {
        keys.push(KeyEvent::from(KeyCode::Char(c)));
    }
    for code in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Delete,
    ] {
        keys.push(KeyEvent::from(code));
    }
    for c in ['h', 'j', 'k', 'l', 'u', 'd', 'r'] {
        keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }
    keys
}

/// A second layout: every module of the registry somewhere, in other places.
const OTHER_LAYOUT: &str = r#"
main_percent = 50
[[main]]
panes = [{ pane = "table", width = 3 }, { pane = "editor", width = 2 }]
[[main]]
panes = [{ pane = "slices" }, { pane = "embeddings" }, { pane = "metrics" }]
[[groups]]
name = "All"
modules = ["confusion", "curves", "results", "scalars"]
[[groups]]
name = "More"
modules = ["salience", "attention", "generators", "thresholder"]
[[groups]]
name = "Discover"
modules = ["cohorts", "label_issues", "salience_clusters"]
"#;

fn fuzz(app: &mut App, rng: &mut Rng, keys: usize) {
    let alphabet = alphabet();
    for k in 0..keys {
        let key = alphabet[rng.below(alphabet.len())];
        // `q` and Ctrl-C would end the run: they are checked elsewhere.
        if key.code == KeyCode::Char('q') {
            continue;
        }
        app.handle_key(key);
        if k % 97 == 0 {
            let (w, h) = (20 + rng.below(200) as u16, 5 + rng.below(70) as u16);
            app.workspace.screen = Some((w, h));
            screen(app, w, h);
        }
        if k % 1000 == 999 {
            // Keep background work (LIME, generators) from piling up.
            app.cancel_jobs();
            app.drain().into_iter().for_each(|a| app.dispatch(a));
        }
    }
    app.cancel_jobs();
}

/// The session as saved equals the app's stars, slices and added rows.
fn saved_matches(app: &mut App) {
    app.save();
    let path = app.session_file().expect("a session file").to_path_buf();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("saved")).expect("parses");
    let stars = saved["starred"].as_array().map_or(0, Vec::len);
    assert_eq!(stars, app.shared.starred.len());
    let names: Vec<&str> = saved["slices"]
        .as_array()
        .expect("slices")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    let shown: Vec<&str> = app.shared.slices.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, shown);
    let rows = &app.shared.rows;
    let added = (0..rows.len())
        .filter(|&i| rows.added[i] && rows.live(i))
        .count();
    assert_eq!(saved["added"].as_array().map_or(0, Vec::len), added);
}

#[test]
fn twenty_thousand_random_keys_and_resizes() {
    // Exports and shared views land in a scratch folder, not the repository.
    let dir = scratch("key-fuzzer");
    std::env::set_current_dir(&dir).expect("cd");
    let mut rng = Rng(0x5eed_1e55_c0ff_ee11);
    let registry = lit_tui::modules::registry();
    let other = Layout::parse(OTHER_LAYOUT, "the fuzzer's layout").expect("layout");
    let runs: [(&Loaded, Layout, usize); 3] = [
        (sst2_dev(), Layout::default(), 8_000),
        (sst2_dev(), other, 6_000),
        (banking77_dev(), Layout::default(), 6_000),
    ];
    for (i, (loaded, layout, keys)) in runs.into_iter().enumerate() {
        let mut app = app_with(
            loaded,
            &dir.join(format!("session-{i}")),
            layout,
            Keymap::default_keymap(),
            &registry,
        );
        fuzz(&mut app, &mut rng, keys);
        saved_matches(&mut app);
    }
}
