//! The real binary in a real terminal: tmux at 120x40. Waits for the table,
//! filters to mispredictions, stars a row, quits, and checks that the terminal
//! was restored and the star saved.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::*;

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux is installed (apt-get install tmux)")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// A left click at a cell (from 0), as the terminal sends it in SGR
    /// mouse mode: press, then release.
    fn click(&self, x: usize, y: usize) {
        for end in ["M", "m"] {
            let sequence = format!("\x1b[<0;{};{}{end}", x + 1, y + 1);
            self.run(&["send-keys", "-t", "e2e", "-l", &sequence]);
        }
    }

    /// Sends a signal (`-TSTP`, `-CONT`, …) to lit-tui, the pane shell's child.
    fn signal(&self, which: &str) {
        let out = self.run(&["display", "-p", "-t", "e2e", "#{pane_pid}"]);
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let children = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep");
        let pid = String::from_utf8_lossy(&children.stdout)
            .lines()
            .next()
            .expect("lit-tui runs under the pane's shell")
            .to_string();
        let killed = Command::new("kill")
            .args([which, &pid])
            .status()
            .expect("kill");
        assert!(killed.success());
    }

    /// Whether the alternate screen is on, and the cursor shown: `"0 1"` is
    /// a terminal given back as it was.
    fn modes(&self) -> String {
        let out = self.run(&[
            "display",
            "-p",
            "-t",
            "e2e",
            "#{alternate_on} #{cursor_flag}",
        ]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits until the screen contains `text`.
    fn wait_for(&self, text: &str) -> String {
        self.wait_within(text, 60)
    }

    fn wait_within(&self, text: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

/// Starts the app on SST-2 dev in a fresh tmux server; its session is saved under `data_dir`.
fn launch(name: &str, data_dir: &Path, cache_dir: &Path) -> Tmux {
    launch_model(name, "sst2-minilm", data_dir, cache_dir)
}

fn launch_model(name: &str, model_name: &str, data_dir: &Path, cache_dir: &Path) -> Tmux {
    let args = format!(
        "--model {} --data {}",
        shell_quote(&model(model_name)),
        shell_quote(&data("sst2/dev.tsv")),
    );
    launch_args(name, &args, data_dir, cache_dir)
}

/// Starts `lit-tui ARGS` (quoted already) in a fresh tmux server.
fn launch_args(name: &str, args: &str, data_dir: &Path, cache_dir: &Path) -> Tmux {
    let tmux = Tmux {
        socket: format!("lit-tui-{name}-{}", std::process::id()),
    };
    let command = format!(
        "LIT_TUI_DATA_DIR={} LIT_TUI_CACHE_DIR={} {} {args}; echo EXITED $?; sleep 60",
        shell_quote(data_dir),
        shell_quote(cache_dir),
        shell_quote(Path::new(env!("CARGO_BIN_EXE_lit-tui"))),
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "120",
        "-y",
        "40",
        &command,
    ]);
    assert!(
        started.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&started.stderr)
    );
    tmux
}

fn saved_session(data_dir: &Path) -> serde_json::Value {
    let sessions: Vec<_> = std::fs::read_dir(data_dir.join("sessions"))
        .expect("a session was saved")
        .collect();
    assert_eq!(sessions.len(), 1);
    let path = sessions[0].as_ref().expect("entry").path();
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

#[test]
fn triage_in_tmux() {
    let dir = scratch("e2e-tmux");
    let data_dir = dir.join("data");
    let tmux = launch("triage", &data_dir, &dir.join("cache"));

    tmux.wait_for("Data Table · 872 of 872 rows");
    tmux.wait_for("✓ predicted");
    // The screen came first; the ONNX Runtime sessions were made behind it.
    let log = std::fs::read_to_string(dir.join("cache").join(lit_tui::runtime::ORT_LOG_FILE))
        .expect("the log");
    let at = |stage: &str| {
        log.find(&format!("startup: {stage} after"))
            .unwrap_or_else(|| panic!("`{stage}` is logged: {log}"))
    };
    assert!(at("first frame") < at("predictions ready"), "{log}");
    assert_eq!(
        tmux.run(&["display", "-p", "-t", "e2e", "#{alternate_on}"])
            .stdout,
        b"1\n"
    );

    tmux.keys(&["m"]);
    let screen = tmux.wait_for("Data Table · 159 of 872 rows · mispredictions");
    assert!(screen.contains("✗"), "{screen}");

    // Make the first misprediction primary and star it.
    tmux.keys(&["Enter"]);
    tmux.wait_for("primary ");
    tmux.keys(&["s"]);
    let screen = tmux.wait_for("Starred  1 rows");
    let primary = screen
        .lines()
        .find_map(|l| l.split("primary ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("primary id on the toolbar")
        .to_string();

    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    assert_eq!(
        tmux.run(&[
            "display",
            "-p",
            "-t",
            "e2e",
            "#{alternate_on} #{cursor_flag}"
        ])
        .stdout,
        b"0 1\n",
        "the alternate screen was left and the cursor shown again"
    );

    let sessions: Vec<_> = std::fs::read_dir(data_dir.join("sessions"))
        .expect("a session was saved")
        .collect();
    assert_eq!(sessions.len(), 1);
    let path = sessions[0].as_ref().expect("entry").path();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let starred = saved["starred"].as_array().expect("starred");
    assert_eq!(starred.len(), 1);
    assert!(
        starred[0]
            .as_str()
            .is_some_and(|id| id.starts_with(&primary)),
        "{starred:?} vs {primary}"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_session() {
    let dir = scratch("e2e-sigterm");
    let data_dir = dir.join("data");
    let tmux = launch("sigterm", &data_dir, &dir.join("cache"));
    tmux.wait_for("Data Table · 872 of 872 rows");
    tmux.keys(&["Space", "j", "Space"]);
    tmux.wait_for("selected 2");
    tmux.keys(&["Tab", "Tab", "N"]);
    tmux.wait_for("made slice selection with 2 rows");

    tmux.signal("-TERM");
    tmux.wait_for("EXITED 0");
    assert_eq!(tmux.modes(), "0 1", "the normal screen, the cursor shown");
    let saved = saved_session(&data_dir);
    assert_eq!(saved["slices"][0]["name"], "selection");
    assert_eq!(saved["slices"][0]["ids"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_session_that_cannot_be_saved_makes_quitting_fail() {
    let dir = scratch("e2e-unsaved");
    // The data dir is a file: nothing can be saved under it.
    let data_dir = dir.join("data-dir-is-a-file");
    std::fs::write(&data_dir, "not a folder").expect("write");
    let tmux = launch("unsaved", &data_dir, &dir.join("cache"));
    tmux.wait_for("Data Table · 872 of 872 rows");
    tmux.keys(&["Enter"]);
    tmux.wait_for("primary ");
    tmux.keys(&["s"]);
    tmux.wait_for("could not save");
    // q does not quit silently: the footer asks.
    tmux.keys(&["q"]);
    tmux.wait_for("r retry · e save a copy elsewhere · q quit anyway");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED");
    assert!(screen.contains("EXITED 2"), "{screen}");
    assert!(screen.contains("not saved"), "{screen}");
    assert_eq!(
        std::fs::read_to_string(&data_dir).expect("still a file"),
        "not a folder"
    );
}

/// The issues' triage paths: from launch, the most confident misprediction
/// in the Datapoint Editor in four keys (m mispredictions, o c sort by
/// confidence, Enter), and its salience on screen in three (w worst first,
/// Enter, 3 Explanations).
#[test]
fn the_worst_mistakes_salience_in_three_keys() {
    let dir = scratch("e2e-worst");
    let tmux = launch_model(
        "worst",
        "sst2-minilm-grad",
        &dir.join("data"),
        &dir.join("cache"),
    );
    // The most confident misprediction, from the model's reference outputs.
    let worst = reference_rows("sst2-minilm-grad", "sst2-dev.jsonl")
        .into_iter()
        .filter(|r| r["pred"] != r["label"])
        .max_by(|a, b| {
            let conf = |r: &serde_json::Value| {
                let p = r["p_positive"].as_f64().unwrap_or(0.0);
                p.max(1.0 - p)
            };
            conf(a).total_cmp(&conf(b))
        })
        .expect("a misprediction");
    let text = worst["text"].as_str().expect("text").to_string();
    let words: Vec<&str> = text.split_whitespace().collect();
    tmux.wait_for("✓ predicted");
    tmux.keys(&["m", "o", "c", "Enter"]);
    // The end of the text, which the table cuts: the editor shows the whole row.
    let end = words[words.len() - 4..].join(" ");
    let screen = tmux.wait_for(&end);
    let pred = worst["pred"].as_str().expect("pred");
    let conf = worst[format!("p_{pred}").as_str()].as_f64().expect("p");
    let shown = format!("prediction {pred} {conf:.3}");
    assert!(screen.contains(&shown), "{shown} in {screen}");
    tmux.keys(&["w", "Enter", "3"]);
    let start = words[..3].join(" ");
    // The row's words on the LIME and leave-one-out lines, and wordpieces
    // on the gradient lines, each drawn once its map is in.
    let screen = tmux.wait_within(&format!("grad·in  {}", words[0]), 300);
    assert!(screen.contains("Explanations"), "{screen}");
    // Each map is drawn once its job is in (Integrated Gradients may still run).
    for line in [
        format!("lime     {start}"),
        format!("loo      {start}"),
        format!("grad L2  {}", words[0]),
    ] {
        tmux.wait_within(&line, 300);
    }
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

/// The mouse as a shortcut: a click on a Data Table row makes it primary,
/// and a click on a group tab opens it.
#[test]
fn a_click_makes_a_row_primary_and_opens_a_tab() {
    let dir = scratch("e2e-mouse");
    let tmux = launch("mouse", &dir.join("data"), &dir.join("cache"));
    let screen = tmux.wait_for("✓ predicted");
    let lines: Vec<&str> = screen.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains("│   id       text"))
        .expect("the table header");
    // The third row, clicked in its text column.
    let y = header + 3;
    let x = lines[header].find("text").expect("text column");
    let x = lines[header][..x].chars().count() + 2;
    let id: String = lines[y]
        .split('■')
        .nth(1)
        .expect("a row")
        .trim()
        .chars()
        .take(8)
        .collect();
    tmux.click(x, y);
    tmux.wait_for(&format!("primary {id}"));
    tmux.wait_for(&format!("Datapoint Editor · {id}"));
    // The tab bar: "2 Predictions" opens the Predictions tab.
    let tabs = lines
        .iter()
        .position(|l| l.contains("2 Predictions"))
        .expect("the tab bar");
    let x = lines[tabs][..lines[tabs].find("2 Predictions").expect("tab")]
        .chars()
        .count();
    tmux.click(x + 2, tabs);
    tmux.wait_for("Classification Results");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

/// Issue 14, item 9: a stop gives the terminal back, a continue takes it
/// again and redraws (kill -TSTP / -CONT, and Ctrl-Z); SIGINT quits with the
/// terminal restored and the session saved.
#[test]
fn stop_continue_and_interrupt_leave_a_working_terminal() {
    let dir = scratch("e2e-signals");
    let data_dir = dir.join("data");
    let tmux = launch("signals", &data_dir, &dir.join("cache"));
    tmux.wait_for("Data Table · 872 of 872 rows");
    for stop in [None, Some("-TSTP")] {
        match stop {
            Some(signal) => tmux.signal(signal),
            None => tmux.keys(&["C-z"]),
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while tmux.modes() != "0 1" {
            assert!(Instant::now() < deadline, "the terminal was not given back");
            std::thread::sleep(Duration::from_millis(100));
        }
        tmux.signal("-CONT");
        tmux.wait_for("Data Table · 872 of 872 rows");
        assert_eq!(tmux.modes(), "1 0", "the app's screen again");
    }
    // Still answering keys after the stops.
    tmux.keys(&["Enter"]);
    tmux.wait_for("primary 44e7c5b7");
    tmux.keys(&["s"]);
    tmux.wait_for("1 starred");
    tmux.signal("-INT");
    tmux.wait_for("EXITED 0");
    assert_eq!(tmux.modes(), "0 1");
    let saved = saved_session(&data_dir);
    assert_eq!(saved["starred"].as_array().map(Vec::len), Some(1));
}

/// Issue 13: a big file's first rows are drawn at once and the rest is read
/// behind them. Keys typed meanwhile wait for all the rows instead of being
/// lost with the preview, and quitting during the preview keeps the session.
#[test]
fn a_big_file_shows_its_first_rows_while_the_rest_is_read() {
    const ROWS: usize = 420_000;
    let dir = scratch("e2e-big-file");
    let (data_dir, cache_dir) = (dir.join("data"), dir.join("cache"));
    // SST-2 dev's predictions, repeated under new texts past the preview's 32 MB.
    let scored = dir.join("dev.jsonl");
    let (m, d) = (model("sst2-minilm"), data("sst2/dev.tsv"));
    let out = lit_tui(
        &["predict", "-m", s(&m), "-d", s(&d), "-o", s(&scored)],
        Some(&cache_dir),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&scored)
        .expect("predictions")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let big = dir.join("big.tsv");
    let mut tsv = String::from("text\tlabel\tp_negative\tp_positive\n");
    for i in 0..ROWS {
        let r = &rows[i % rows.len()];
        let text = r["text"].as_str().expect("text").trim();
        let suffix = if i < rows.len() {
            String::new()
        } else {
            format!(" #{}", i / rows.len())
        };
        tsv.push_str(&format!(
            "{text}{suffix}\t{}\t{}\t{}\n",
            r["label"].as_str().expect("label"),
            r["p_negative"],
            r["p_positive"]
        ));
    }
    std::fs::write(&big, tsv).expect("write");
    assert!(std::fs::metadata(&big).expect("size").len() > 32 << 20);
    let args = format!("--predictions {}", shell_quote(&big));

    let tmux = launch_args("big-file", &args, &data_dir, &cache_dir);
    // Typed once the screen is up: they reach the preview, or the full app if
    // it came first (typed before, the terminal would not be in raw mode yet).
    tmux.wait_for("lit-tui │");
    tmux.keys(&["/", "charming", "Enter", "Enter", "s"]);
    let screen = tmux.wait_for(&format!("of {ROWS} rows · /charming"));
    assert!(!screen.contains(" 0 of "), "{screen}");
    tmux.wait_for("Starred  1 rows");
    let log = std::fs::read_to_string(cache_dir.join(lit_tui::runtime::ORT_LOG_FILE)).expect("log");
    let at = |stage: &str| {
        log.find(&format!("startup: {stage} after"))
            .unwrap_or_else(|| panic!("`{stage}` is logged: {log}"))
    };
    assert!(at("first frame") < at("all rows read"), "{log}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    assert_eq!(
        saved_session(&data_dir)["starred"].as_array().map(Vec::len),
        Some(1)
    );

    // Quitting at once (during the preview, or just after) keeps the star.
    let again = launch_args("big-file-again", &args, &data_dir, &cache_dir);
    again.wait_for("lit-tui │");
    again.keys(&["q"]);
    again.wait_for("EXITED 0");
    assert_eq!(
        saved_session(&data_dir)["starred"].as_array().map(Vec::len),
        Some(1)
    );
}
