//! A view: what a person is looking at, beyond the data they made. The
//! session keeps part of it across restarts (pin, colour, threshold,
//! projection); `Y` writes all of it to a view file that `--view FILE` opens,
//! LIT's "share URL" for a colleague on the same machine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::effect::{Effect, Fx};
use super::shared::{ColorBy, Shared};
use super::workspace::Workspace;
use crate::data::row_id::format_id;
use crate::user_error;

/// The format version written in view files.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ViewState {
    /// The group tab shown (from 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selection: Vec<String>,
    /// `label`, `prediction`, `correct` or `feature:<name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f32>,
    /// Each module's own part (the table's search, filters and sort; the
    /// Embeddings projection method), by module name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub modules: BTreeMap<String, serde_json::Value>,
}

/// Which parts a view holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything: a view file.
    Shared,
    /// What a restart keeps: pin, colour, threshold and module settings
    /// such as the projection method (not the search or the selection).
    Session,
}

/// The view on screen now.
pub fn capture(shared: &Shared, ws: &Workspace, scope: Scope) -> ViewState {
    let rows = &shared.rows;
    let id = |i: usize| rows.ids.get(i).map(|&id| format_id(id));
    let whole = scope == Scope::Shared;
    ViewState {
        tab: whole.then_some(ws.group_tab),
        primary: shared.primary.filter(|_| whole).and_then(id),
        pinned: shared.pinned.and_then(id),
        selection: if whole {
            shared.selection.iter().filter_map(|&i| id(i)).collect()
        } else {
            Vec::new()
        },
        color_by: Some(color_name(&shared.color_by)),
        threshold: rows.threshold,
        modules: ws
            .modules()
            .filter_map(|m| m.view_state(scope).map(|v| (m.name().to_string(), v)))
            .collect(),
    }
}

/// Puts `view` on screen; returns a note about what could not be restored.
pub fn apply(view: &ViewState, shared: &Shared, ws: &mut Workspace, fx: &mut Fx) -> Option<String> {
    let rows = &shared.rows;
    let mut missing = 0;
    let mut index = |id: &str| {
        let found = u64::from_str_radix(id, 16)
            .ok()
            .and_then(|id| rows.index_of(id));
        missing += usize::from(found.is_none());
        found
    };
    if let Some(tab) = view.tab.filter(|&t| t < ws.layout.groups.len()) {
        ws.group_tab = tab;
    }
    let selection: Vec<usize> = view.selection.iter().filter_map(|s| index(s)).collect();
    if !view.selection.is_empty() {
        fx.push(Effect::Select(selection));
    }
    if let Some(p) = view.primary.as_deref().and_then(&mut index) {
        fx.primary(Some(p));
    }
    if let Some(p) = view.pinned.as_deref().and_then(&mut index) {
        fx.push(Effect::Pin(Some(p)));
    }
    let mut notes = Vec::new();
    match view.color_by.as_deref().map(|c| color_from(c, shared)) {
        Some(Ok(c)) => fx.push(Effect::ColorBy(c)),
        Some(Err(e)) => notes.push(e),
        None => {}
    }
    if view.threshold.is_some() && shared.rows.labels.len() == 2 {
        fx.push(Effect::Threshold(view.threshold));
    }
    for (name, state) in &view.modules {
        if let Some(m) = ws.get_mut(name) {
            m.restore_view_state(state, shared, fx);
        }
    }
    if missing > 0 {
        notes.push(format!(
            "{} of the view not in this data",
            crate::plural::rows(missing)
        ));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

fn color_name(c: &ColorBy) -> String {
    match c {
        ColorBy::Feature(f) => format!("feature:{f}"),
        other => other.name(),
    }
}

fn color_from(name: &str, shared: &Shared) -> Result<ColorBy, String> {
    Ok(match name {
        "label" => ColorBy::Label,
        "prediction" => ColorBy::Prediction,
        "correct" => ColorBy::Correct,
        _ => match name.strip_prefix("feature:") {
            Some(f) if shared.rows.features.iter().any(|x| x.name == f) => {
                ColorBy::Feature(f.to_string())
            }
            _ => return Err(format!("no column `{name}` to color by")),
        },
    })
}

/// A view file: the command that reopens it, and the view.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ViewFile {
    pub lit_tui_view: u32,
    /// For people: the command line that opens this view.
    pub command: String,
    pub view: ViewState,
}

/// Writes `view` under `<dir>/views/` and returns the file and the command line.
pub fn write(dir: &Path, launch: &[String], view: ViewState) -> Result<(PathBuf, String)> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let folder = dir.join("views");
    std::fs::create_dir_all(&folder)
        .map_err(|e| user_error!("cannot create {}: {e}", folder.display()))?;
    let path = folder.join(format!("view-{stamp}.json"));
    let mut words: Vec<String> = launch.iter().map(|w| shell_word(w)).collect();
    words.push("--view".into());
    words.push(shell_word(&path.display().to_string()));
    let command = words.join(" ");
    let file = ViewFile {
        lit_tui_view: VERSION,
        command: command.clone(),
        view,
    };
    let text = serde_json::to_string_pretty(&file)?;
    std::fs::write(&path, text).map_err(|e| user_error!("cannot write {}: {e}", path.display()))?;
    Ok((path, command))
}

/// Reads a view file, naming the file and what is wrong.
pub fn read(path: &Path) -> Result<ViewState> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| user_error!("--view {}: cannot read it: {e}", path.display()))?;
    let file: ViewFile = serde_json::from_str(&text).map_err(|e| {
        user_error!(
            "--view {}: not a lit-tui view file ({e}); make one with Y in the app",
            path.display()
        )
    })?;
    if file.lit_tui_view > VERSION {
        return Err(user_error!(
            "--view {}: made by a newer lit-tui (view format {}); this one reads {VERSION}",
            path.display(),
            file.lit_tui_view
        ));
    }
    Ok(file.view)
}

/// `word` quoted for a POSIX shell when it needs it.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard (tmux
/// passes it on with `set-clipboard on`).
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_alphabet_with_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"lit-tui --view"), "bGl0LXR1aSAtLXZpZXc=");
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("/a/b.tsv"), "/a/b.tsv");
        assert_eq!(shell_word("my data.tsv"), "'my data.tsv'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
