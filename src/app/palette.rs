//! The command palette (`:`): every action of the keymap found by its
//! description, plus commands that switch what is loaded at run time
//! (`data FILE`, `compare MODEL`, `drop MODEL`, `layout FILE`, `theme NAME`).
//! Typing filters; Tab completes a file path; Enter runs the top match.

use std::path::{Path, PathBuf};

use super::action::Action;
use super::keymap::Keymap;

/// A switch the terminal loop carries out: it rebuilds the app (the session
/// of the data is kept, predictions come from the cache) or swaps the theme.
#[derive(Debug, Clone, PartialEq)]
pub enum Switch {
    Data(PathBuf),
    Compare(PathBuf),
    /// A compared model, by name.
    Drop(String),
    /// A layout file; `None`: the built-in one.
    Layout(Option<PathBuf>),
    Theme(String),
}

/// One line of the palette.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The keymap section (`global`, `table`, …): where the action runs.
    pub section: String,
    pub action: Action,
    pub keys: String,
    pub desc: String,
}

/// The commands, for the list and for completion.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "data FILE",
        "open another data file (its saved session comes with it)",
    ),
    ("compare MODEL", "add a model to compare with"),
    ("drop NAME", "stop comparing a model"),
    (
        "layout FILE",
        "use another layout (`layout default`: the built-in one)",
    ),
    ("theme NAME", "dark, light, 16color or a theme file"),
];

#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub query: String,
    pub cursor: usize,
    entries: Vec<Entry>,
}

/// What Enter does.
#[derive(Debug, Clone, PartialEq)]
pub enum Chosen {
    Run(Entry),
    Switch(Switch),
    /// A command without its argument, or nothing matched: said in the footer.
    Nothing(String),
}

impl Palette {
    /// Every action of `keymap`, the focused module's (`context`) first,
    /// then the global ones.
    pub fn new(keymap: &Keymap, context: &str) -> Self {
        let mut entries = Vec::new();
        for (section, bindings) in &keymap.contexts {
            for b in bindings {
                entries.push(Entry {
                    section: section.clone(),
                    action: b.action.clone(),
                    keys: b.keys.join(" "),
                    desc: b.desc.clone(),
                });
            }
        }
        entries.sort_by_key(|e| (e.section != context, e.section != "global"));
        Self {
            entries,
            ..Default::default()
        }
    }

    /// The actions whose description, keys or section hold every typed word.
    pub fn matches(&self) -> Vec<&Entry> {
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.entries
            .iter()
            .filter(|e| {
                let hay = format!("{} {} {}", e.desc, e.keys, e.section).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    pub fn move_cursor(&mut self, down: bool) {
        let n = self.matches().len();
        self.cursor = if down {
            (self.cursor + 1).min(n.saturating_sub(1))
        } else {
            self.cursor.saturating_sub(1)
        };
    }

    pub fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.cursor = 0;
    }

    pub fn backspace(&mut self) {
        self.query.pop();
        self.cursor = 0;
    }

    /// What Enter runs: a command when the query starts with one, else the
    /// action under the cursor.
    pub fn choose(&self) -> Chosen {
        if let Some(switch) = parse_command(&self.query) {
            return match switch {
                Ok(s) => Chosen::Switch(s),
                Err(e) => Chosen::Nothing(e),
            };
        }
        match self.matches().get(self.cursor) {
            Some(e) => Chosen::Run((*e).clone()),
            None => Chosen::Nothing(format!(
                "nothing matches `{}`; commands: {}",
                self.query.trim(),
                COMMANDS
                    .iter()
                    .map(|(c, _)| *c)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// Tab: completes the file path of a `data`, `compare` or `layout` command.
    pub fn complete(&mut self) {
        let Some((command, arg)) = self.query.split_once(' ') else {
            return;
        };
        if !matches!(command, "data" | "compare" | "layout") {
            return;
        }
        if let Some(done) = complete_path(arg) {
            self.query = format!("{command} {done}");
        }
    }
}

/// `data FILE` and the other commands; `None` when the query is no command.
fn parse_command(query: &str) -> Option<Result<Switch, String>> {
    let (command, arg) = match query.trim().split_once(' ') {
        Some((c, a)) => (c, a.trim()),
        None => (query.trim(), ""),
    };
    let needs = |what: &str| Err(format!("`{command}` needs {what}: `{command} {what}`"));
    Some(match command {
        "data" if arg.is_empty() => needs("FILE"),
        "data" => Ok(Switch::Data(PathBuf::from(arg))),
        "compare" if arg.is_empty() => needs("MODEL"),
        "compare" => Ok(Switch::Compare(PathBuf::from(arg))),
        "drop" if arg.is_empty() => needs("NAME"),
        "drop" => Ok(Switch::Drop(arg.to_string())),
        "layout" if arg.is_empty() => needs("FILE"),
        "layout" if arg == "default" => Ok(Switch::Layout(None)),
        "layout" => Ok(Switch::Layout(Some(PathBuf::from(arg)))),
        "theme" if arg.is_empty() => needs("NAME"),
        "theme" => Ok(Switch::Theme(arg.to_string())),
        _ => return None,
    })
}

/// The longest path that every entry starting with `partial` shares.
fn complete_path(partial: &str) -> Option<String> {
    let path = Path::new(partial);
    let (dir, stem) = if partial.ends_with('/') {
        (path.to_path_buf(), String::new())
    } else {
        let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        let stem = path.file_name()?.to_string_lossy().into_owned();
        (dir, stem)
    };
    let listing = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &dir
    };
    let mut names: Vec<String> = std::fs::read_dir(listing)
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let mut name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().ok()?.is_dir() {
                name.push('/');
            }
            name.starts_with(&stem).then_some(name)
        })
        .collect();
    names.sort();
    let first = names.first()?.clone();
    let common: String = first
        .chars()
        .enumerate()
        .take_while(|(i, c)| names.iter().all(|n| n.chars().nth(*i) == Some(*c)))
        .map(|(_, c)| c)
        .collect();
    Some(dir.join(common).display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_find_actions_by_description() {
        let mut p = Palette::new(&Keymap::default_keymap(), "table");
        p.query = "undo".into();
        let found = p.matches();
        assert!(found.iter().any(|e| e.action == Action::Undo), "{found:?}");
        p.query = "sort table".into();
        assert!(p.matches().iter().all(|e| e.section == "table"));
        assert!(matches!(p.choose(), Chosen::Run(e) if e.action == Action::SortNext));
    }

    #[test]
    fn commands_take_their_argument() {
        let mut p = Palette::new(&Keymap::default_keymap(), "table");
        p.query = "theme light".into();
        assert_eq!(p.choose(), Chosen::Switch(Switch::Theme("light".into())));
        p.query = "data".into();
        assert!(matches!(p.choose(), Chosen::Nothing(e) if e.contains("`data FILE`")));
        p.query = "layout default".into();
        assert_eq!(p.choose(), Chosen::Switch(Switch::Layout(None)));
    }

    #[test]
    fn tab_completes_a_path() {
        let dir = std::env::temp_dir().join(format!("lit-tui-palette-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap_or_default();
        std::fs::write(dir.join("sub/dev.tsv"), "").unwrap_or_default();
        let mut p = Palette::new(&Keymap::default_keymap(), "table");
        p.query = format!("data {}/su", dir.display());
        p.complete();
        assert_eq!(p.query, format!("data {}/sub/", dir.display()));
        p.complete();
        assert_eq!(p.query, format!("data {}/sub/dev.tsv", dir.display()));
    }
}
