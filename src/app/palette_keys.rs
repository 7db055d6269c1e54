//! Keys while the command palette is open, and running what it chose.

use crossterm::event::{KeyCode, KeyEvent};

use super::App;
use super::palette::{Chosen, Entry, Palette};
use super::shared::Focus;

impl App {
    /// Opens the palette over the screen.
    pub fn open_palette(&mut self) {
        self.workspace.palette = Some(Palette::new(&self.keymap, self.key_context()));
    }

    /// A key typed into the open palette.
    pub(super) fn palette_key(&mut self, key: KeyEvent) {
        let Some(p) = self.workspace.palette.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.workspace.palette = None,
            KeyCode::Up => p.move_cursor(false),
            KeyCode::Down => p.move_cursor(true),
            KeyCode::Tab => p.complete(),
            KeyCode::Backspace => p.backspace(),
            KeyCode::Char(c) => p.type_char(c),
            KeyCode::Enter => {
                let chosen = p.choose();
                self.workspace.palette = None;
                match chosen {
                    Chosen::Run(entry) => self.run_entry(&entry),
                    Chosen::Switch(s) => {
                        self.shared.status = format!("switching: {s:?}…");
                        self.switch = Some(s);
                    }
                    Chosen::Nothing(why) => self.shared.status = why,
                }
            }
            _ => {}
        }
    }

    /// Runs a keymap action where its keys work: the module of its section
    /// gets the focus first (its tab opens), global actions run as they are.
    fn run_entry(&mut self, entry: &Entry) {
        if entry.section != "global" {
            let ws = &mut self.workspace;
            if let Some(name) = ws.static_name(&entry.section) {
                if ws.focus_order().contains(&Focus::Main(name)) {
                    self.shared.focus = Focus::Main(name);
                } else if let Some(tab) = ws
                    .layout
                    .groups
                    .iter()
                    .position(|g| g.modules.iter().any(|m| m == name))
                {
                    ws.group_tab = tab;
                    ws.group_focus = ws.layout.groups[tab]
                        .modules
                        .iter()
                        .position(|m| m == name)
                        .unwrap_or(0);
                    self.shared.focus = Focus::Groups;
                }
            } else {
                self.shared.status = format!(
                    "`{}` works in a pane this layout does not have ({})",
                    entry.desc, entry.section
                );
                return;
            }
        }
        self.dispatch(entry.action.clone());
    }
}
