//! The screen's arrangement: the layout, the modules it names (built from
//! the registry, one each), which group tab shows, what is maximized, help.

use anyhow::Result;

use super::effect::Fx;
use super::layout::Layout;
use super::module::Module;
use super::registry::Registry;
use super::shared::{Focus, Shared};
use crate::user_error;

/// Smallest window lit-tui draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Whether a window this size gets only the "make it larger" message.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

pub struct Workspace {
    pub layout: Layout,
    pub modules: Vec<Box<dyn Module>>,
    pub maximized: bool,
    /// Height of the main workspace, in percent of both.
    pub main_percent: u16,
    pub group_tab: usize,
    /// The focused module of the current group tab, when the group workspace has focus.
    pub group_focus: usize,
    pub help: bool,
    /// Lines the help overlay is scrolled down.
    pub help_scroll: u16,
    pub quit: bool,
    /// The terminal's size, when known: too small a window shows only a
    /// message, and then only `q` acts.
    pub screen: Option<(u16, u16)>,
    /// Where the last frame drew each pane and tab, for the mouse.
    pub hits: super::mouse::Hits,
    /// The command palette, while open.
    pub palette: Option<super::palette::Palette>,
    /// The modules last told they are on screen (`Module::shown`).
    on_screen: Vec<&'static str>,
}

impl Workspace {
    /// Builds every module the layout names; an unknown name is an error
    /// that lists the known ones.
    pub fn new(layout: Layout, registry: &Registry) -> Result<Self> {
        let mut modules: Vec<Box<dyn Module>> = Vec::new();
        for name in layout.module_names() {
            if modules.iter().any(|m| m.name() == name) {
                continue;
            }
            let module = registry.build(&name).ok_or_else(|| {
                user_error!(
                    "the layout names a module `{name}` lit-tui does not know; modules: {}",
                    registry.names().join(", ")
                )
            })?;
            modules.push(module);
        }
        Ok(Self {
            main_percent: layout.main_percent,
            layout,
            modules,
            maximized: false,
            group_tab: 0,
            group_focus: 0,
            help: false,
            help_scroll: 0,
            quit: false,
            screen: None,
            hits: Default::default(),
            palette: None,
            on_screen: Vec::new(),
        })
    }

    /// The modules a frame draws: the main panes and the current group tab's.
    pub fn visible(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self
            .focus_order()
            .into_iter()
            .filter_map(|f| match f {
                Focus::Main(name) => Some(name),
                Focus::Groups => None,
            })
            .collect();
        out.extend(self.tab_modules());
        out
    }

    /// Tells each module whose pane came into view or left it.
    pub fn tell_shown(&mut self, shared: &Shared, fx: &mut Fx) {
        let now = self.visible();
        if now == self.on_screen {
            return;
        }
        for m in self.modules.iter_mut() {
            let (was, is) = (self.on_screen.contains(&m.name()), now.contains(&m.name()));
            if was != is {
                m.shown(is, shared, fx);
            }
        }
        self.on_screen = now;
    }

    pub fn modules(&self) -> impl Iterator<Item = &dyn Module> {
        self.modules.iter().map(|m| m.as_ref())
    }

    pub fn get(&self, name: &str) -> Option<&dyn Module> {
        self.modules
            .iter()
            .find(|m| m.name() == name)
            .map(|m| m.as_ref())
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Box<dyn Module>> {
        self.modules.iter_mut().find(|m| m.name() == name)
    }

    /// A module's own state, by its type (for tests and scripts).
    pub fn module<T: Module>(&self) -> Option<&T> {
        self.modules
            .iter()
            .find_map(|m| m.as_any().downcast_ref::<T>())
    }

    pub fn module_mut<T: Module>(&mut self) -> Option<&mut T> {
        self.modules
            .iter_mut()
            .find_map(|m| m.as_any_mut().downcast_mut::<T>())
    }

    /// The static name of a module the layout names.
    pub fn static_name(&self, name: &str) -> Option<&'static str> {
        self.get(name).map(|m| m.name())
    }

    /// Main panes in reading order, then the group workspace: the Tab order.
    pub fn focus_order(&self) -> Vec<Focus> {
        let mut out: Vec<Focus> = self
            .layout
            .main
            .iter()
            .flat_map(|r| r.panes.iter())
            .filter_map(|p| self.static_name(&p.pane))
            .map(Focus::Main)
            .collect();
        if !self.layout.groups.is_empty() {
            out.push(Focus::Groups);
        }
        out
    }

    /// Where focus starts: the Data Table when the layout has one.
    pub fn first_focus(&self) -> Focus {
        let order = self.focus_order();
        order
            .iter()
            .copied()
            .find(|f| *f == Focus::Main("table"))
            .or_else(|| order.first().copied())
            .unwrap_or(Focus::Groups)
    }

    /// The modules of the current group tab.
    pub fn tab_modules(&self) -> Vec<&'static str> {
        self.layout
            .groups
            .get(self.group_tab)
            .map(|g| {
                g.modules
                    .iter()
                    .filter_map(|n| self.static_name(n))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The module that has the keyboard.
    pub fn focused(&self, focus: Focus) -> Option<&'static str> {
        match focus {
            Focus::Main(name) => Some(name),
            Focus::Groups => {
                let tab = self.tab_modules();
                tab.get(self.group_focus.min(tab.len().saturating_sub(1)))
                    .copied()
            }
        }
    }

    /// The keymap section for what has focus.
    pub fn key_context(&self, focus: Focus) -> &'static str {
        self.focused(focus).unwrap_or("groups")
    }
}
