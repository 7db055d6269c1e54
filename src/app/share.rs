//! Sharing a view: `Y` writes the view on screen to a view file and puts the
//! command that reopens it on the clipboard; `--view FILE` opens one.

use std::path::Path;

use super::App;
use super::effect::Effect;
use super::view;
use crate::model::Model;

impl App {
    /// Writes the view on screen to a view file, puts the command that opens
    /// it on the clipboard (OSC 52) and in the footer.
    pub(super) fn share_view(&mut self) {
        // Beside the sessions (the user's data dir), where a colleague can read it.
        let sessions_root = self
            .session_file()
            .and_then(|p| p.parent()?.parent())
            .map(Path::to_path_buf);
        let Some(root) = sessions_root.or_else(crate::paths::data_root) else {
            self.apply(Effect::Error(
                "no data folder to write the view to: set LIT_TUI_DATA_DIR".into(),
            ));
            return;
        };
        let view = view::capture(&self.shared, &self.workspace, view::Scope::Shared);
        let outcome = match view::write(&root, &self.launch_words(), view) {
            Ok((file, command)) => {
                self.clipboard = Some(view::osc52(&command));
                Effect::Status(format!(
                    "view: {} · `lit-tui … --view` copied (OSC 52)",
                    file.display()
                ))
            }
            Err(e) => Effect::Error(format!("{e:#}")),
        };
        self.apply(outcome);
    }

    /// The command line that opens this app's model(s), data and layout.
    fn launch_words(&self) -> Vec<String> {
        let folder = |m: &Model| {
            let onnx = &m.files.onnx;
            let dir = onnx
                .parent()
                .filter(|d| d.join("tokenizer.json") == m.files.tokenizer);
            absolute(dir.unwrap_or(onnx))
        };
        let mut words = vec![
            "lit-tui".to_string(),
            "--model".into(),
            folder(&self.model),
            "--data".into(),
            absolute(&self.data_path),
        ];
        for other in &self.compared {
            words.extend(["--compare".into(), folder(other)]);
        }
        if let Some(layout) = &self.workspace.layout.source {
            words.extend(["--layout".into(), absolute(layout)]);
        }
        words
    }

    /// Puts a view on screen (`--view FILE`); what cannot be restored is said.
    pub fn open_view(&mut self, view: &view::ViewState) {
        let mut fx = super::effect::Fx::default();
        let note = view::apply(view, &self.shared, &mut self.workspace, &mut fx);
        if let Some(note) = note {
            fx.push(Effect::Status(note));
        }
        let rest = super::update::settle(&mut self.shared, &mut self.workspace, fx);
        self.execute_all(rest);
    }
}

/// `path` as an absolute path, for a command run from another folder.
fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
