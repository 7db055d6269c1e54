//! Themes: meaningful names for colors, loaded from TOML. The built-in themes
//! live in `themes/` and are embedded; a user file overrides only what it names.
//! `NO_COLOR` turns color off and leaves bold and reverse for emphasis.

use std::path::Path;
use std::str::FromStr;

use anyhow::Result;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::user_error;

const BUILT_IN: [(&str, &str); 3] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("16color", include_str!("../../themes/16color.toml")),
];

#[derive(Debug, Clone)]
pub struct Theme {
    pub text: Color,
    pub muted: Color,
    pub border: Color,
    pub border_focused: Color,
    pub title: Color,
    pub header: Color,
    pub cursor_bg: Color,
    pub selected: Color,
    pub primary: Color,
    pub positive: Color,
    pub negative: Color,
    pub error: Color,
    pub warning: Color,
    pub accent: Color,
    pub toolbar_bg: Color,
    /// Colors for classes and feature values, in order.
    pub palette: Vec<Color>,
    pub no_color: bool,
}

/// Every field optional, so a user file can override a few.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    text: Option<String>,
    muted: Option<String>,
    border: Option<String>,
    border_focused: Option<String>,
    title: Option<String>,
    header: Option<String>,
    cursor_bg: Option<String>,
    selected: Option<String>,
    primary: Option<String>,
    positive: Option<String>,
    negative: Option<String>,
    error: Option<String>,
    warning: Option<String>,
    accent: Option<String>,
    toolbar_bg: Option<String>,
    palette: Option<Vec<String>>,
}

impl Theme {
    /// A built-in name (`dark`, `light`, `16color`) or a TOML file over `dark`.
    pub fn load(name_or_file: &str) -> Result<Self> {
        let mut theme = Self::built_in("dark");
        if let Some((_, text)) = BUILT_IN.iter().find(|(n, _)| *n == name_or_file) {
            theme.apply(text, name_or_file)?;
        } else {
            let path = Path::new(name_or_file);
            let text = std::fs::read_to_string(path).map_err(|e| {
                user_error!(
                    "no theme `{name_or_file}`: not a built-in one (dark, light, 16color) and not a readable file ({e})"
                )
            })?;
            theme.apply(&text, name_or_file)?;
        }
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            theme = theme.without_color();
        }
        Ok(theme)
    }

    pub fn built_in(name: &str) -> Self {
        let mut theme = Self {
            text: Color::Reset,
            muted: Color::Reset,
            border: Color::Reset,
            border_focused: Color::Reset,
            title: Color::Reset,
            header: Color::Reset,
            cursor_bg: Color::Reset,
            selected: Color::Reset,
            primary: Color::Reset,
            positive: Color::Reset,
            negative: Color::Reset,
            error: Color::Reset,
            warning: Color::Reset,
            accent: Color::Reset,
            toolbar_bg: Color::Reset,
            palette: vec![Color::Reset],
            no_color: false,
        };
        let text = BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(BUILT_IN[0].1, |(_, t)| t);
        theme.apply(text, name).expect("built-in themes are valid");
        theme
    }

    fn apply(&mut self, text: &str, origin: &str) -> Result<()> {
        let file: ThemeFile =
            toml::from_str(text).map_err(|e| user_error!("{origin} is not a valid theme: {e}"))?;
        let color = |field: &str, v: &Option<String>, into: &mut Color| -> Result<()> {
            if let Some(v) = v {
                *into = parse_color(v).ok_or_else(|| {
                    user_error!(
                        "{origin}: `{field} = \"{v}\"` is not a color (a name, #rrggbb or 0-255)"
                    )
                })?;
            }
            Ok(())
        };
        color("text", &file.text, &mut self.text)?;
        color("muted", &file.muted, &mut self.muted)?;
        color("border", &file.border, &mut self.border)?;
        color(
            "border_focused",
            &file.border_focused,
            &mut self.border_focused,
        )?;
        color("title", &file.title, &mut self.title)?;
        color("header", &file.header, &mut self.header)?;
        color("cursor_bg", &file.cursor_bg, &mut self.cursor_bg)?;
        color("selected", &file.selected, &mut self.selected)?;
        color("primary", &file.primary, &mut self.primary)?;
        color("positive", &file.positive, &mut self.positive)?;
        color("negative", &file.negative, &mut self.negative)?;
        color("error", &file.error, &mut self.error)?;
        color("warning", &file.warning, &mut self.warning)?;
        color("accent", &file.accent, &mut self.accent)?;
        color("toolbar_bg", &file.toolbar_bg, &mut self.toolbar_bg)?;
        if let Some(p) = &file.palette {
            let parsed: Option<Vec<Color>> = p.iter().map(|c| parse_color(c)).collect();
            self.palette = parsed
                .filter(|v| !v.is_empty())
                .ok_or_else(|| user_error!("{origin}: `palette` must list colors"))?;
        }
        Ok(())
    }

    pub fn without_color(mut self) -> Self {
        for c in [
            &mut self.text,
            &mut self.muted,
            &mut self.border,
            &mut self.border_focused,
            &mut self.title,
            &mut self.header,
            &mut self.cursor_bg,
            &mut self.selected,
            &mut self.primary,
            &mut self.positive,
            &mut self.negative,
            &mut self.error,
            &mut self.warning,
            &mut self.accent,
            &mut self.toolbar_bg,
        ] {
            *c = Color::Reset;
        }
        self.palette = vec![Color::Reset];
        self.no_color = true;
        self
    }

    pub fn base(&self) -> Style {
        Style::default().fg(self.text)
    }

    pub fn muted(&self) -> Style {
        Style::default().fg(self.muted)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            Style::default()
                .fg(self.border_focused)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(self.border)
        }
    }

    /// The row under a cursor: a background, or reverse video without color.
    pub fn cursor(&self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().bg(self.cursor_bg)
        }
    }

    pub fn class(&self, i: usize) -> Style {
        Style::default().fg(self.palette[i % self.palette.len()])
    }

    pub fn error(&self) -> Style {
        Style::default().fg(self.error).add_modifier(Modifier::BOLD)
    }

    pub fn toolbar(&self) -> Style {
        Style::default().fg(self.text).bg(self.toolbar_bg)
    }
}

fn parse_color(s: &str) -> Option<Color> {
    if let Ok(i) = s.parse::<u8>() {
        return Some(Color::Indexed(i));
    }
    Color::from_str(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_themes_load_and_user_files_override() {
        for name in ["dark", "light", "16color"] {
            assert!(Theme::load(name).is_ok(), "{name}");
        }
        let mut t = Theme::built_in("dark");
        t.apply("error = \"#ff0000\"\n", "mine.toml")
            .expect("applies");
        assert_eq!(t.error, Color::Rgb(255, 0, 0));
        let err = t
            .apply("error = \"blurple\"\n", "mine.toml")
            .expect_err("bad color");
        assert!(
            err.to_string()
                .contains("mine.toml: `error = \"blurple\"` is not a color"),
            "{err}"
        );
    }
}
