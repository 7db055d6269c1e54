//! What the user made is never lost: two instances, exports over existing
//! files, labels and parents a model or data file no longer knows, damaged
//! sessions, and a full disk. Real model, real data.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lit_tui::app::action::Action;
use lit_tui::app::keymap::Keymap;
use lit_tui::app::layout::Layout;
use lit_tui::app::session_file::{Found, SessionFile};
use lit_tui::app::shared::Focus;
use lit_tui::app::{App, AppParts};
use lit_tui::data::{DataOptions, Dataset};
use lit_tui::model::{Model, ModelOptions};

fn sst2_model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL.get_or_init(|| load_model("sst2-minilm")).clone()
}

fn dev() -> &'static Dataset {
    static DEV: OnceLock<Dataset> = OnceLock::new();
    DEV.get_or_init(|| load_data(data("sst2/dev.tsv")))
}

fn load_data(path: PathBuf) -> Dataset {
    Dataset::load(&DataOptions {
        path,
        ..Default::default()
    })
    .expect("data")
}

/// The app with its session under `root`, without running the model (nothing here needs scores).
fn open_with(model: Arc<Model>, data: &Dataset, root: &Path) -> App {
    App::new(AppParts {
        model,
        compared: Vec::new(),
        dataset: data,
        layout: Layout::default(),
        keymap: Keymap::default_keymap(),
        registry: &lit_tui::modules::registry(),
        session_root: Some(root),
    })
    .expect("app")
}

fn open(data: &Dataset, root: &Path) -> App {
    open_with(sst2_model(), data, root)
}

/// Selects `rows` and makes them a slice called `name`, through the Slice Editor.
fn make_slice(app: &mut App, name: &str, rows: &[usize]) {
    app.shared.selection = rows.iter().copied().collect();
    app.shared.focus = Focus::Main("slices");
    app.dispatch(Action::SliceFromSelection);
    app.dispatch(Action::RenameSlice);
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_keys(app, name);
    press(app, KeyCode::Enter);
}

fn star(app: &mut App, row: usize) {
    app.shared.primary = Some(row);
    app.dispatch(Action::ToggleStar);
}

/// Duplicates `row` as a new datapoint (its child, with its label); returns the new row.
fn duplicate(app: &mut App, row: usize) -> usize {
    app.shared.primary = Some(row);
    app.shared.focus = Focus::Main("editor");
    app.dispatch(Action::Duplicate);
    app.shared.rows.len() - 1
}

fn slices_mut(app: &mut App) -> &mut lit_tui::modules::slices::Slices {
    app.workspace.module_mut().expect("a Slice Editor")
}

fn slice_names(app: &App) -> Vec<String> {
    let mut names: Vec<String> = app.shared.slices.iter().map(|s| s.name.clone()).collect();
    names.sort();
    names
}

#[test]
fn two_instances_on_the_same_data_keep_each_others_changes() {
    let root = scratch("safety-two-instances");
    let mut a = open(dev(), &root);
    let mut b = open(dev(), &root);
    make_slice(&mut a, "sliceA", &[0, 1, 2]);
    star(&mut a, 5);
    make_slice(&mut b, "sliceB", &[3, 4]);
    star(&mut b, 6);
    let child = duplicate(&mut b, 7);
    assert_eq!(child, dev().len());
    // A goes on after B saved, then B quits last.
    star(&mut a, 8);
    a.save();
    drop(a);
    b.save();
    drop(b);

    let c = open(dev(), &root);
    assert_eq!(slice_names(&c), vec!["sliceA", "sliceB"]);
    let ids = &dev().ids;
    assert_eq!(
        c.shared.starred,
        [ids[5], ids[6], ids[8]].into_iter().collect(),
        "every star of both instances"
    );
    assert_eq!(c.shared.rows.len(), dev().len() + 1, "B's added datapoint");
    assert_eq!(c.shared.rows.parent[dev().len()], Some(7));
}

#[test]
fn two_instances_making_slices_of_the_same_name_keep_both() {
    let root = scratch("safety-same-name");
    let mut a = open(dev(), &root);
    let mut b = open(dev(), &root);
    make_slice(&mut a, "mine", &[0, 1]);
    make_slice(&mut b, "mine", &[2, 3]);
    drop((a, b));

    let c = open(dev(), &root);
    assert_eq!(slice_names(&c), vec!["mine", "mine 2"]);
    let ids = &dev().ids;
    let mut rows: Vec<Vec<u64>> = c.shared.slices.iter().map(|s| s.ids.clone()).collect();
    rows.sort();
    assert_eq!(rows, vec![vec![ids[0], ids[1]], vec![ids[2], ids[3]]]);
}

#[test]
fn a_slice_deleted_in_one_instance_stays_deleted_and_the_others_survive() {
    let root = scratch("safety-delete");
    let mut a = open(dev(), &root);
    make_slice(&mut a, "sliceA", &[0, 1]);
    let mut b = open(dev(), &root);
    assert_eq!(slice_names(&b), vec!["sliceA"]);
    make_slice(&mut b, "sliceB", &[2]);
    // A deletes its slice after B saved both.
    a.shared.focus = Focus::Main("slices");
    slices_mut(&mut a).cursor = 1;
    a.dispatch(Action::DeleteSlice);
    assert!(a.shared.slices.is_empty());
    drop((a, b));

    let c = open(dev(), &root);
    assert_eq!(slice_names(&c), vec!["sliceB"]);
}

/// The first `n` rows of SST-2 dev as JSONL (text and gold label).
fn dev_rows_jsonl(path: &Path, n: usize) {
    let d = dev();
    let texts = d.texts().expect("texts");
    let gold = d.df.column("label").expect("label column");
    let gold = gold.i64().expect("integer labels");
    let lines: Vec<String> = (0..n)
        .map(|i| serde_json::json!({"text": texts[i], "label": gold.get(i)}).to_string() + "\n")
        .collect();
    std::fs::write(path, lines.concat()).expect("write jsonl");
}

fn export_selection_to(app: &mut App, path: &Path) {
    app.shared.focus = Focus::Main("slices");
    app.dispatch(Action::ExportSelection);
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_keys(app, s(path));
    press(app, KeyCode::Enter);
}

#[test]
fn export_never_overwrites_the_open_data_file_or_another_file() {
    let dir = scratch("safety-export");
    let data_file = dir.join("selection.jsonl");
    dev_rows_jsonl(&data_file, 20);
    let before = std::fs::read_to_string(&data_file).expect("data");
    let data = load_data(data_file.clone());
    let mut app = open(&data, &dir.join("sessions"));
    app.shared.selection = [3].into_iter().collect();

    export_selection_to(&mut app, &data_file);
    assert_eq!(
        std::fs::read_to_string(&data_file).expect("data"),
        before,
        "the open data file is untouched"
    );
    let error = app.shared.error.clone().unwrap_or_default();
    assert!(error.contains("data file"), "{error}");

    // Another existing file is kept, and the export goes beside it.
    let other = dir.join("other.jsonl");
    std::fs::write(&other, "{\"mine\": 1}\n").expect("other");
    app.shared.error = None;
    export_selection_to(&mut app, &other);
    assert_eq!(
        std::fs::read_to_string(&other).expect("other"),
        "{\"mine\": 1}\n"
    );
    let written = dir.join("other-2.jsonl");
    let text = std::fs::read_to_string(&written).expect("other-2.jsonl was written");
    assert_eq!(text.lines().count(), 1, "the one selected row");
    assert!(
        app.shared.status.contains("other-2.jsonl"),
        "{}",
        app.shared.status
    );
    assert!(
        app.shared.status.contains("exists"),
        "{}",
        app.shared.status
    );
}

#[test]
fn predict_refuses_to_write_over_its_own_data_file() {
    let dir = scratch("safety-predict-out");
    let file = dir.join("x.tsv");
    let dev_text = std::fs::read_to_string(data("sst2/dev.tsv")).expect("dev");
    let head: Vec<&str> = dev_text.lines().take(6).collect();
    std::fs::write(&file, head.join("\n") + "\n").expect("write x.tsv");
    let before = std::fs::read_to_string(&file).expect("x.tsv");
    // The same file under another spelling too.
    let other_spelling = dir.join(".").join("x.tsv");
    for out in [&file, &other_spelling] {
        let run = lit_tui(
            &[
                "predict",
                "--model",
                s(&model("sst2-minilm")),
                "--data",
                s(&file),
                "--out",
                s(out),
            ],
            None,
        );
        assert!(!run.status.success(), "predict must refuse");
        let err = stderr(&run);
        assert!(err.contains("--out") && err.contains("--data"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).expect("x.tsv"), before);
    }
}

fn saved_session(root: &Path, data: &Path) -> serde_json::Value {
    let path = lit_tui::app::store::session_path(root, data);
    let text = std::fs::read_to_string(&path).expect("a saved session");
    serde_json::from_str(&text).expect("the session parses")
}

/// sst2-minilm with its classes called `neg` and `pos` (links to its files, another config).
fn renamed_sst2_model(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    for file in ["model.onnx", "tokenizer.json"] {
        std::os::unix::fs::symlink(model("sst2-minilm").join(file), dir.join(file)).expect("link");
    }
    let config = r#"{"id2label": {"0": "neg", "1": "pos"}, "label2id": {"neg": 0, "pos": 1}}"#;
    std::fs::write(dir.join("config.json"), config).expect("config");
    dir.to_path_buf()
}

#[test]
fn an_added_rows_label_survives_a_model_with_other_class_names() {
    let root = scratch("safety-labels");
    let mut a = open(dev(), &root);
    // Row 0 is positive; its duplicate keeps the label.
    let child = duplicate(&mut a, 0);
    assert_eq!(
        a.shared.rows.label_name(a.shared.rows.gold[child]),
        "positive"
    );
    drop(a);

    let renamed = Arc::new(
        Model::load(&ModelOptions {
            model: renamed_sst2_model(&root.join("model")),
            ..Default::default()
        })
        .expect("model"),
    );
    let mut b = open_with(renamed, dev(), &root);
    assert_eq!(
        b.shared.rows.gold[child], None,
        "`positive` is not a class of this model"
    );
    star(&mut b, 1);
    drop(b);
    assert_eq!(
        saved_session(&root, &dev().path)["added"][0]["label"],
        "positive",
        "the label is saved as the user gave it"
    );

    let c = open(dev(), &root);
    assert_eq!(
        c.shared.rows.label_name(c.shared.rows.gold[child]),
        "positive"
    );
}

/// SST-2 dev rows `0..n` as JSONL, leaving out `skip`.
fn dev_rows_jsonl_without(path: &Path, n: usize, skip: Option<usize>) {
    dev_rows_jsonl(path, n);
    let text = std::fs::read_to_string(path).expect("jsonl");
    let kept: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, _)| Some(*i) != skip)
        .map(|(_, l)| l)
        .collect();
    std::fs::write(path, kept.join("\n") + "\n").expect("write jsonl");
}

#[test]
fn an_added_rows_parent_comes_back_with_the_data_file() {
    let dir = scratch("safety-parent");
    let root = dir.join("sessions");
    let file = dir.join("d.jsonl");
    dev_rows_jsonl(&file, 20);
    let mut a = open(&load_data(file.clone()), &root);
    let parent_id = a.shared.rows.ids[3];
    let child = duplicate(&mut a, 3);
    assert_eq!(child, 20);
    drop(a);

    // The file loses row 3 for a while.
    dev_rows_jsonl_without(&file, 20, Some(3));
    let mut b = open(&load_data(file.clone()), &root);
    assert_eq!(b.shared.rows.len(), 20, "19 rows and the added one");
    assert_eq!(
        b.shared.rows.parent[19], None,
        "the parent is not in the file now"
    );
    star(&mut b, 0);
    drop(b);
    assert_eq!(
        saved_session(&root, &file)["added"][0]["parent"],
        lit_tui::data::row_id::format_id(parent_id),
        "the parent id is saved as it was"
    );

    dev_rows_jsonl(&file, 20);
    let c = open(&load_data(file.clone()), &root);
    assert_eq!(c.shared.rows.parent[20], Some(3), "the parent is back");
}

#[test]
fn a_damaged_session_is_moved_aside_and_a_fresh_one_is_saved() {
    let root = scratch("safety-damaged");
    let path = lit_tui::app::store::session_path(&root, &dev().path);
    std::fs::create_dir_all(path.parent().expect("sessions dir")).expect("mkdir");
    std::fs::write(&path, "{ \"starred\": [ damaged").expect("write");

    let mut a = open(dev(), &root);
    let error = a.shared.error.clone().unwrap_or_default();
    assert!(
        error.contains("damaged") && error.contains(".corrupt-"),
        "{error}"
    );
    let aside: Vec<PathBuf> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains(".json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file was moved aside");
    assert_eq!(
        std::fs::read_to_string(&aside[0]).expect("aside"),
        "{ \"starred\": [ damaged"
    );
    // The message stays until dismissed.
    star(&mut a, 2);
    assert!(
        a.shared
            .error
            .as_deref()
            .is_some_and(|e| e.contains(".corrupt-"))
    );
    drop(a);

    let b = open(dev(), &root);
    assert!(b.shared.error.is_none(), "{:?}", b.shared.error);
    assert_eq!(b.shared.starred, [dev().ids[2]].into_iter().collect());
}

/// Every `.tmp` file under `dir`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(temp_files(&path));
        } else if path.extension().is_some_and(|e| e == "tmp") {
            out.push(path);
        }
    }
    out
}

/// A process id that is not running (above Linux's largest pid).
const DEAD_PID: u32 = 4_194_999;

#[test]
fn temp_files_left_by_a_crash_are_removed_at_start() {
    let root = scratch("safety-stale-temp");
    let session = lit_tui::app::store::session_path(&root, &dev().path);
    let sessions = session.parent().expect("sessions dir").to_path_buf();
    std::fs::create_dir_all(&sessions).expect("mkdir");
    let stale_session = session.with_extension(format!("json.{DEAD_PID}.tmp"));
    std::fs::write(&stale_session, "{ half a sess").expect("write");
    let other_data = sessions.join(format!("other-0123456789abcdef.json.{DEAD_PID}.tmp"));
    std::fs::write(&other_data, "{ half").expect("write");
    let _app = open(dev(), &root);
    assert_eq!(temp_files(&root), Vec::<PathBuf>::new());

    let cache_dir = root.join("cache");
    let segments = cache_dir.join("predictions").join(format!("{:016x}", 7));
    std::fs::create_dir_all(&segments).expect("mkdir");
    let stale_segment = segments.join(format!("1700000000000000000-{DEAD_PID}.tmp"));
    std::fs::write(&stale_segment, vec![0u8; 4096]).expect("write");
    let _cache = lit_tui::jobs::cache::PredictionCache::open(&cache_dir, 7, 2);
    assert_eq!(temp_files(&root), Vec::<PathBuf>::new());
}

/// Runs this test again in a user and mount namespace with `dir` a 1 MB tmpfs; `None` inside
/// it (the caller then runs the test), `Some(())` outside once the inner run passed or was skipped.
fn on_a_small_tmpfs(test: &str, dir: &Path) -> Option<()> {
    if std::env::var_os("LIT_TUI_IN_TMPFS").is_some() {
        return None;
    }
    let exe = std::env::current_exe().expect("test binary");
    let run = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
        .arg(r#"mount -t tmpfs -o size=1m tmpfs "$0" || exit 77; exec "$@""#)
        .arg(dir)
        .arg(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env("LIT_TUI_IN_TMPFS", "1")
        .output();
    match run {
        Ok(out) if out.status.code() == Some(77) || out.status.code().is_none() => {
            eprintln!(
                "skipped: cannot mount a tmpfs here ({})",
                stderr(&out).trim()
            );
        }
        Ok(out) => assert!(
            out.status.success(),
            "the run on a tmpfs failed:\n{}\n{}",
            stdout(&out),
            stderr(&out)
        ),
        Err(e) => eprintln!("skipped: `unshare` is not available ({e})"),
    }
    Some(())
}

/// Fills the file system of `dir` to the last byte; returns the filler file.
fn fill_disk(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).expect("filler");
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    while f.write_all(&[0]).is_ok() {}
    filler
}

#[test]
fn a_full_disk_leaves_no_temp_files_and_keeps_the_last_saved_session() {
    let root = scratch("safety-full-disk");
    if on_a_small_tmpfs(
        "a_full_disk_leaves_no_temp_files_and_keeps_the_last_saved_session",
        &root,
    )
    .is_some()
    {
        return;
    }
    let mut app = open(dev(), &root);
    make_slice(&mut app, "before", &[0, 1]);
    assert!(app.shared.error.is_none(), "{:?}", app.shared.error);
    let session = lit_tui::app::store::session_path(&root, &dev().path);
    let saved = std::fs::read_to_string(&session).expect("saved");

    let filler = fill_disk(&root);
    make_slice(&mut app, "after", &[2, 3]);
    let error = app.shared.error.clone().unwrap_or_default();
    assert!(error.contains("could not save"), "{error}");
    assert_eq!(
        temp_files(&root),
        Vec::<PathBuf>::new(),
        "no temp file after a failed save"
    );
    assert_eq!(std::fs::read_to_string(&session).expect("session"), saved);

    let mut cache = lit_tui::jobs::cache::PredictionCache::open(&root.join("cache"), 7, 2);
    for key in 0..50_000u64 {
        cache.insert(
            key,
            lit_tui::jobs::cache::CachedRow {
                probs: vec![0.5, 0.5],
                embedding: None,
            },
        );
    }
    assert!(cache.flush().is_err(), "the disk is full");
    assert_eq!(
        temp_files(&root),
        Vec::<PathBuf>::new(),
        "no temp segment after a failed flush"
    );

    std::fs::remove_file(&filler).expect("free the disk");
    app.save();
    let text = std::fs::read_to_string(&session).expect("session");
    assert!(text.contains("\"after\""), "{text}");
}
/// The child of the kill test: stars `k`, `k+1`, ... one save each, printing
/// `ack k` once each save returned.
fn save_loop(root: &Path) {
    use std::io::Write;
    let data = Path::new("kill-test.tsv");
    let mut file = SessionFile::new(root, data);
    let mut mine = match file.load().expect("load") {
        Found::Session(s) => s,
        Found::Nothing => Default::default(),
        other => panic!("a kill damaged the session: {other:?}"),
    };
    file.set_base(mine.clone());
    let start = mine.starred.len();
    for k in start.. {
        mine.starred.push(k.to_string());
        // A big slice makes each write take a while, so kills land mid-write.
        mine.slices = vec![lit_tui::app::store::SavedSlice {
            name: "big".into(),
            ids: (0..20_000)
                .map(|i| format!("{:016x}", i * 7919 + k))
                .collect(),
        }];
        file.save(mine.clone()).expect("save");
        println!("ack {k}");
        std::io::stdout().flush().expect("flush");
    }
}

#[test]
fn kill_9_during_saves_never_loses_an_acknowledged_change() {
    const TEST: &str = "kill_9_during_saves_never_loses_an_acknowledged_change";
    if let Some(root) = std::env::var_os("LIT_TUI_SAVE_LOOP") {
        save_loop(Path::new(&root));
        return;
    }
    use std::io::BufRead;
    let root = scratch("safety-kill-9");
    let session = lit_tui::app::store::session_path(&root, Path::new("kill-test.tsv"));
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let (mut acked, mut killed_mid_write) = (0usize, 0usize);
    for trial in 0..30 {
        let mut child = std::process::Command::new(std::env::current_exe().expect("exe"))
            .args([TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env("LIT_TUI_SAVE_LOOP", &root)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        // Kill after 1-3 acknowledged saves and a random pause, mostly mid-write.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait_acks = 1 + (seed % 3) as usize;
        let mut seen = 0;
        for line in lines.by_ref() {
            let line = line.expect("line");
            if let Some(k) = line.strip_prefix("ack ") {
                acked = acked.max(k.parse::<usize>().expect("k") + 1);
                seen += 1;
                if seen == wait_acks {
                    break;
                }
            }
        }
        std::thread::sleep(std::time::Duration::from_micros(seed % 20_000));
        child.kill().expect("kill -9");
        let _ = child.wait();
        // Saves acknowledged after the pause count too.
        for line in lines.map_while(Result::ok) {
            if let Some(k) = line.strip_prefix("ack ") {
                acked = acked.max(k.parse::<usize>().expect("k") + 1);
            }
        }
        killed_mid_write += usize::from(!temp_files(&root).is_empty());
        let text = std::fs::read_to_string(&session).expect("the session exists");
        let saved: lit_tui::app::store::SavedSession =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("trial {trial}: {e}"));
        let expected: Vec<String> = (0..acked).map(|k| k.to_string()).collect();
        assert!(
            saved.starred.len() >= acked && saved.starred[..acked] == expected[..],
            "trial {trial}: {acked} acknowledged, {} saved",
            saved.starred.len()
        );
    }
    eprintln!("{killed_mid_write} of 30 kills left a temp file; {acked} saves acknowledged");
    // Starting again removes whatever temp file a kill left.
    SessionFile::new(&root, Path::new("kill-test.tsv"))
        .load()
        .expect("load");
    assert_eq!(temp_files(&root), Vec::<PathBuf>::new());
}

/// Issue 14, item 5: a session that cannot be saved blocks `q` with a
/// prompt (retry, a copy elsewhere, quit anyway); Esc stays.
#[test]
fn quitting_an_unsaved_session_asks_first() {
    let dir = scratch("quit-unsaved");
    // The data dir is a file: nothing can be saved under it.
    let root = dir.join("data-dir-is-a-file");
    std::fs::write(&root, "not a folder").expect("write");
    let mut app = sst2_app(&root);
    type_keys(&mut app, "jj");
    press(&mut app, crossterm::event::KeyCode::Enter);
    type_keys(&mut app, "s");
    type_keys(&mut app, "q");
    assert!(!app.quit(), "q is held while the session is unsaved");
    let asked = app.shared.error.clone().unwrap_or_default();
    assert!(
        asked.contains("r retry · e save a copy elsewhere · q quit anyway"),
        "{asked}"
    );
    // Keys answer the prompt; nothing else runs.
    type_keys(&mut app, "r");
    assert!(!app.quit(), "retrying fails again");
    type_keys(&mut app, "e");
    let copy = app.shared.error.clone().unwrap_or_default();
    let path = copy
        .strip_prefix("a copy of this session is in ")
        .and_then(|s| s.split(" · ").next())
        .expect("the copy's path");
    let saved = std::fs::read_to_string(path).expect("the copy");
    assert!(saved.contains("\"starred\""), "{saved}");
    press(&mut app, crossterm::event::KeyCode::Esc);
    assert!(!app.quit());
    assert_eq!(app.shared.error, None);
    type_keys(&mut app, "q");
    type_keys(&mut app, "q");
    assert!(app.quit(), "q at the prompt quits anyway");
    assert!(
        app.finish().is_err(),
        "and the exit says the changes are not saved"
    );
}
