//! Quitting when the session cannot be saved: `q` does not quit silently.
//! The footer asks what to do (retry, a copy elsewhere, quit anyway), and
//! quitting anyway makes the exit code say the changes are not saved.

use crossterm::event::{KeyCode, KeyEvent};

use super::App;
use super::session_file;

impl App {
    /// After a quit was asked for: holds it while the session is unsaved.
    pub(super) fn hold_quit_if_unsaved(&mut self) {
        if !self.workspace.quit || self.quit_anyway {
            return;
        }
        if let Some(why) = &self.unsaved {
            self.workspace.quit = false;
            self.quit_blocked = true;
            self.shared.error_sticky = true;
            self.shared.error = Some(format!(
                // The choices first: the reason may be cut at the screen's edge.
                "changes not saved: r retry · e save a copy elsewhere · q quit anyway · Esc stay ({why})"
            ));
        }
    }

    /// Quits even if unsaved (a signal, or `q` at the prompt).
    pub fn quit_anyway(&mut self) {
        self.quit_anyway = true;
        self.workspace.quit = true;
    }

    /// A key while quitting is held.
    pub(super) fn quit_prompt_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Char('r') => {
                self.save();
                match &self.unsaved {
                    None => {
                        self.quit_blocked = false;
                        self.shared.error_sticky = false;
                        self.shared.error = None;
                        self.workspace.quit = true;
                    }
                    Some(_) => {
                        self.workspace.quit = true;
                        self.hold_quit_if_unsaved();
                    }
                }
            }
            KeyCode::Char('e') => {
                let copy = session_file::save_copy_elsewhere(&self.shared, &self.data_path);
                self.shared.error = Some(match copy {
                    Some(p) => format!(
                        "a copy of this session is in {} · q quit · Esc stay",
                        p.display()
                    ),
                    None => "no copy could be written either · q quit anyway · Esc stay".into(),
                });
            }
            KeyCode::Char('q') => {
                self.quit_blocked = false;
                self.quit_anyway();
            }
            KeyCode::Esc => {
                self.quit_blocked = false;
                self.shared.error_sticky = false;
                self.shared.error = None;
            }
            _ => {}
        }
    }
}
