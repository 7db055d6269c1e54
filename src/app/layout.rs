//! The layout is data: which panes the main workspace tiles, and which modules
//! each group tab holds. The default is embedded; `--layout FILE` or
//! `<config dir>/layout.toml` replaces it.

use std::path::Path;

use anyhow::Result;
use serde::Deserialize;

use crate::user_error;

const DEFAULT: &str = include_str!("layout.toml");

/// The panes the main workspace can hold, and the group workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pane {
    Embeddings,
    Table,
    Editor,
    Slices,
    /// The group workspace as a whole.
    #[serde(skip)]
    Groups,
}

impl Pane {
    pub fn title(self) -> &'static str {
        match self {
            Self::Embeddings => "Embeddings",
            Self::Table => "Data Table",
            Self::Editor => "Datapoint Editor",
            Self::Slices => "Slice Editor",
            Self::Groups => "Groups",
        }
    }

    /// The keymap section for this pane.
    pub fn context(self) -> &'static str {
        match self {
            Self::Embeddings => "embeddings",
            Self::Table => "table",
            Self::Editor => "editor",
            Self::Slices => "slices",
            Self::Groups => "groups",
        }
    }
}

/// Modules of the group workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Module {
    Metrics,
    Confusion,
    Curves,
    Thresholder,
    Results,
    Scalars,
    Salience,
    Attention,
    Generators,
}

impl Module {
    /// The keymap section for this module.
    pub fn context(self) -> &'static str {
        match self {
            Self::Metrics => "metrics",
            Self::Confusion => "confusion",
            Self::Curves => "curves",
            Self::Thresholder => "thresholder",
            Self::Results => "results",
            Self::Scalars => "scalars",
            Self::Salience => "salience",
            Self::Attention => "attention",
            Self::Generators => "generators",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Metrics => "Metrics",
            Self::Confusion => "Confusion Matrix",
            Self::Curves => "PR / ROC Curves",
            Self::Thresholder => "Thresholder",
            Self::Results => "Classification Results",
            Self::Scalars => "Scalars",
            Self::Salience => "Salience",
            Self::Attention => "Attention",
            Self::Generators => "Generators",
        }
    }

    /// Relative width beside the other modules of a tab.
    pub fn weight(self) -> u16 {
        match self {
            Self::Metrics => 4,
            _ => 3,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaneSlot {
    pub pane: Pane,
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
    pub modules: Vec<Module>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    #[serde(default = "default_percent")]
    pub main_percent: u16,
    pub main: Vec<MainRow>,
    pub groups: Vec<Group>,
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
            return Self::parse(&text, &path.display().to_string());
        }
        if let Some(path) = crate::paths::config_file("layout.toml")
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            return Self::parse(&text, &path.display().to_string());
        }
        Ok(Self::default())
    }

    /// Panes in reading order, then the group workspace: the Tab order.
    pub fn focus_order(&self) -> Vec<Pane> {
        let mut out: Vec<Pane> = self
            .main
            .iter()
            .flat_map(|r| r.panes.iter().map(|p| p.pane))
            .collect();
        if !self.groups.is_empty() {
            out.push(Pane::Groups);
        }
        out
    }

    pub fn first_pane(&self) -> Pane {
        self.focus_order()
            .into_iter()
            .find(|p| *p == Pane::Table)
            .unwrap_or(Pane::Groups)
    }

    /// (row, column) of a pane in the main workspace.
    pub fn position(&self, pane: Pane) -> Option<(usize, usize)> {
        self.main.iter().enumerate().find_map(|(r, row)| {
            row.panes
                .iter()
                .position(|p| p.pane == pane)
                .map(|c| (r, c))
        })
    }

    pub fn has(&self, pane: Pane) -> bool {
        pane == Pane::Groups && !self.groups.is_empty() || self.position(pane).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_layout_holds_every_pane() {
        let l = Layout::default();
        assert_eq!(
            l.focus_order(),
            vec![
                Pane::Embeddings,
                Pane::Table,
                Pane::Editor,
                Pane::Slices,
                Pane::Groups
            ]
        );
        assert_eq!(l.groups.len(), 4);
        assert_eq!(l.position(Pane::Slices), Some((1, 1)));
    }

    #[test]
    fn a_bad_layout_names_the_problem() {
        let err = Layout::parse("main = []\ngroups = []\n", "x.toml").expect_err("empty");
        assert!(
            err.to_string()
                .contains("x.toml: the main workspace needs at least one pane")
        );
        let err = Layout::parse(
            "[[main]]\npanes = [{ pane = \"charts\" }]\ngroups = []\n",
            "y.toml",
        )
        .expect_err("unknown pane");
        assert!(
            err.to_string().contains("y.toml is not a valid layout"),
            "{err}"
        );
    }
}
