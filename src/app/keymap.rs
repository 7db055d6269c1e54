//! Keys to actions, by context: the focused module first, then global keys.
//! The default keymap is embedded TOML; a user file overrides entries.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::Action;
use crate::user_error;

const DEFAULT: &str = include_str!("keymap.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    pub keys: Vec<String>,
    pub action: Action,
    pub desc: String,
}

/// Bindings by context (`global`, `table`, `editor`, `slices`, ...).
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    pub contexts: BTreeMap<String, Vec<Binding>>,
}

impl Keymap {
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let contexts: BTreeMap<String, Vec<Binding>> =
            toml::from_str(text).map_err(|e| user_error!("{origin} is not a valid keymap: {e}"))?;
        for (ctx, bindings) in &contexts {
            for b in bindings {
                for k in &b.keys {
                    parse_key(k).ok_or_else(|| {
                        user_error!("{origin}: [{ctx}] has a key `{k}` lit-tui does not know (e.g. q, ctrl-h, alt-left, enter, pgdown)")
                    })?;
                }
            }
        }
        Ok(Self { contexts })
    }

    /// The default keymap with the config dir's `keymap.toml` on top.
    pub fn load(explicit: Option<&Path>) -> Result<Self> {
        let mut map = Self::default_keymap();
        let user = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => crate::paths::config_file("keymap.toml").filter(|p| p.exists()),
        };
        if let Some(path) = user {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| user_error!("cannot read the keymap {}: {e}", path.display()))?;
            map.overlay(Self::parse(&text, &path.display().to_string())?);
        }
        Ok(map)
    }

    pub fn default_keymap() -> Self {
        Self::parse(DEFAULT, "the built-in keymap").expect("the built-in keymap is valid")
    }

    /// User entries win: their keys are taken from the defaults of the same
    /// context, and they come first.
    pub fn overlay(&mut self, user: Keymap) {
        for (ctx, bindings) in user.contexts {
            let entry = self.contexts.entry(ctx).or_default();
            for b in &bindings {
                for existing in entry.iter_mut() {
                    existing.keys.retain(|k| !b.keys.contains(k));
                }
            }
            entry.retain(|b| !b.keys.is_empty());
            // First, so hints show the user's key for an action they rebound.
            entry.splice(0..0, bindings);
        }
    }

    /// The action for a key in a context, falling back to the global keys.
    pub fn lookup(&self, context: &str, key: &KeyEvent) -> Option<Action> {
        [context, "global"].iter().find_map(|ctx| {
            self.contexts.get(*ctx)?.iter().find_map(|b| {
                b.keys
                    .iter()
                    .any(|k| parse_key(k).is_some_and(|want| same_key(&want, key)))
                    .then(|| b.action.clone())
            })
        })
    }

    /// The key a hint shows for `action`: the first key bound to it in
    /// `context`, else globally; "?" when nothing is bound.
    pub fn hint(&self, context: &str, action: &Action) -> String {
        [context, "global"]
            .iter()
            .find_map(|ctx| {
                self.bindings(ctx)
                    .iter()
                    .find(|b| b.action == *action)
                    .and_then(|b| b.keys.first())
            })
            .map_or_else(|| "?".to_string(), |k| display(k))
    }

    /// Another context where `key` does something, with what it does there
    /// (for "this key does nothing here" messages). Contexts in name order.
    pub fn elsewhere(&self, here: &str, key: &KeyEvent) -> Option<(&str, &str)> {
        self.contexts
            .iter()
            .filter(|(ctx, _)| ctx.as_str() != here && ctx.as_str() != "global")
            .find_map(|(ctx, bindings)| {
                bindings.iter().find_map(|b| {
                    b.keys
                        .iter()
                        .any(|k| parse_key(k).is_some_and(|want| same_key(&want, key)))
                        .then_some((ctx.as_str(), b.desc.as_str()))
                })
            })
    }

    pub fn bindings(&self, context: &str) -> &[Binding] {
        self.contexts.get(context).map_or(&[], Vec::as_slice)
    }
}

/// Shift is implied by the character for letters and symbols.
fn same_key(want: &KeyEvent, got: &KeyEvent) -> bool {
    let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match (want.code, got.code) {
        (KeyCode::Char(a), KeyCode::Char(b)) => {
            a == b && (want.modifiers & relevant) == (got.modifiers & relevant)
        }
        (a, b) => a == b && want.modifiers == (got.modifiers & (relevant | KeyModifiers::SHIFT)),
    }
}

/// `q`, `Q`, `ctrl-h`, `alt-left`, `shift-down`, `enter`, `f1`, ...
pub fn parse_key(spec: &str) -> Option<KeyEvent> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = spec;
    loop {
        let lower = rest.to_ascii_lowercase();
        if lower.starts_with("ctrl-") && rest.len() > 5 {
            mods |= KeyModifiers::CONTROL;
            rest = &rest[5..];
        } else if lower.starts_with("alt-") && rest.len() > 4 {
            mods |= KeyModifiers::ALT;
            rest = &rest[4..];
        } else if lower.starts_with("shift-") && rest.len() > 6 {
            mods |= KeyModifiers::SHIFT;
            rest = &rest[6..];
        } else {
            break;
        }
    }
    let code = match rest.to_ascii_lowercase().as_str() {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" => KeyCode::PageUp,
        "pgdown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        f if f.starts_with('f') && f.len() > 1 && f[1..].parse::<u8>().is_ok() => {
            KeyCode::F(f[1..].parse().ok()?)
        }
        _ => {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            KeyCode::Char(c)
        }
    };
    if code == KeyCode::BackTab {
        mods |= KeyModifiers::SHIFT;
    }
    Some(KeyEvent::new(code, mods))
}

/// A key spec as a hint shows it: named keys capitalised, arrows as arrows.
pub fn display(spec: &str) -> String {
    match spec.to_ascii_lowercase().as_str() {
        "enter" => "Enter".into(),
        "esc" => "Esc".into(),
        "tab" => "Tab".into(),
        "space" => "Space".into(),
        "up" => "↑".into(),
        "down" => "↓".into(),
        "left" => "←".into(),
        "right" => "→".into(),
        "pgup" => "PgUp".into(),
        "pgdown" => "PgDn".into(),
        "delete" => "Del".into(),
        "backspace" => "Bksp".into(),
        _ => spec.to_string(),
    }
}

/// A pressed key as hints write it (`e`, `ctrl-k`, `Enter`).
pub fn key_name(key: &KeyEvent) -> String {
    let mut out = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        out.push_str("ctrl-");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        out.push_str("alt-");
    }
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        other => format!("{other:?}"),
    };
    out.push_str(&base);
    out
}

/// How a key spec is shown in help: as written.
pub fn describe(keys: &[String]) -> String {
    keys.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(c, m)
    }

    #[test]
    fn context_keys_come_before_global_ones() {
        let map = Keymap::default_keymap();
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(map.lookup("table", &enter), Some(Action::MakePrimary));
        assert_eq!(map.lookup("slices", &enter), Some(Action::SelectSlice));
        assert_eq!(
            map.lookup("table", &key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.lookup("table", &key(KeyCode::Char('h'), KeyModifiers::CONTROL)),
            Some(Action::FocusLeft)
        );
        assert_eq!(
            map.lookup("table", &key(KeyCode::Char('J'), KeyModifiers::SHIFT)),
            Some(Action::ExtendDown)
        );
        assert_eq!(
            map.lookup("table", &key(KeyCode::Char('2'), KeyModifiers::NONE)),
            Some(Action::GroupTab(1))
        );
    }

    #[test]
    fn a_user_file_overrides_keys() {
        let mut map = Keymap::default_keymap();
        let user = Keymap::parse(
            "[[global]]\nkeys = [\"q\"]\naction = \"Help\"\ndesc = \"mine\"\n",
            "user.toml",
        )
        .expect("parses");
        map.overlay(user);
        assert_eq!(
            map.lookup("table", &key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Help)
        );
    }

    #[test]
    fn bad_keys_are_named() {
        let err = Keymap::parse(
            "[[global]]\nkeys = [\"hyper-q\"]\naction = \"Quit\"\ndesc = \"x\"\n",
            "k.toml",
        )
        .expect_err("bad key");
        assert!(
            err.to_string()
                .contains("k.toml: [global] has a key `hyper-q`"),
            "{err}"
        );
    }
}
