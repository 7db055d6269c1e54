//! The layout is data: which panes the main workspace tiles, and which modules
//! each group tab holds. The default is embedded; `--layout FILE` or
//! `<config dir>/layout.toml` replaces it.

use std::path::Path;

use anyhow::Result;
use serde::Deserialize;

use crate::user_error;

const DEFAULT: &str = include_str!("layout.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaneSlot {
    /// A module's name.
    pub pane: String,
    #[serde(default = "one")]
    pub width: u16,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainRow {
    #[serde(default = "one")]
    pub height: u16,
    pub panes: Vec<PaneSlot>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: String,
    pub modules: Vec<String>,
    /// How many times its share the focused module takes, so a tab of
    /// several wide tables stays readable without a tab each.
    #[serde(default = "one")]
    pub focus_width: u16,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    #[serde(default = "default_percent")]
    pub main_percent: u16,
    pub main: Vec<MainRow>,
    pub groups: Vec<Group>,
    /// The file it came from (`None`: the built-in layout), for shared views.
    #[serde(skip)]
    pub source: Option<std::path::PathBuf>,
}

fn one() -> u16 {
    1
}

fn default_percent() -> u16 {
    60
}

impl Default for Layout {
    fn default() -> Self {
        Self::parse(DEFAULT, "the built-in layout").expect("the built-in layout is valid")
    }
}

impl Layout {
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let layout: Layout =
            toml::from_str(text).map_err(|e| user_error!("{origin} is not a valid layout: {e}"))?;
        if layout.main.iter().all(|r| r.panes.is_empty()) {
            return Err(user_error!(
                "{origin}: the main workspace needs at least one pane"
            ));
        }
        Ok(layout)
    }

    /// `--layout FILE`, else the config dir's `layout.toml`, else the default.
    pub fn load(explicit: Option<&Path>) -> Result<Self> {
        if let Some(path) = explicit {
            let text = std::fs::read_to_string(path)
                .map_err(|e| user_error!("cannot read the layout {}: {e}", path.display()))?;
            let mut layout = Self::parse(&text, &path.display().to_string())?;
            layout.source = Some(path.to_path_buf());
            return Ok(layout);
        }
        if let Some(path) = crate::paths::config_file("layout.toml")
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            return Self::parse(&text, &path.display().to_string());
        }
        Ok(Self::default())
    }

    /// Every module the layout names, main panes first.
    pub fn module_names(&self) -> Vec<String> {
        self.main
            .iter()
            .flat_map(|r| r.panes.iter().map(|p| p.pane.clone()))
            .chain(self.groups.iter().flat_map(|g| g.modules.iter().cloned()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_layout_names_every_module() {
        let l = Layout::default();
        assert_eq!(
            l.module_names()[..4],
            ["embeddings", "table", "editor", "slices"]
        );
        assert_eq!(l.groups.len(), 5);
    }

    #[test]
    fn a_bad_layout_names_the_problem() {
        let err = Layout::parse("main = []\ngroups = []\n", "x.toml").expect_err("empty");
        assert!(
            err.to_string()
                .contains("x.toml: the main workspace needs at least one pane")
        );
        let err = Layout::parse(
            "[[main]]\npanes = [{ panes = \"charts\" }]\ngroups = []\n",
            "y.toml",
        )
        .expect_err("unknown field");
        assert!(
            err.to_string().contains("y.toml is not a valid layout"),
            "{err}"
        );
    }
}
