//! A module is one pane of the workspace (Data Table, Metrics, Embeddings…).
//! It owns its state, handles the actions routed to it while it has focus,
//! and draws itself. The layout file names modules; the registry
//! (`crate::modules::registry`) maps names to constructors, so adding a
//! module is adding a folder and one registry line.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::action::Action;
use super::analysis_job::ReportSettings;
use super::effect::Fx;
use super::keymap::Keymap;
use super::shared::Shared;
use super::theme::Theme;
use crate::jobs::runner::JobEvent;

/// What a module needs from the model beyond class scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Sentence embeddings or a last hidden state.
    Vectors,
    /// `attentions.N` outputs.
    Attention,
    /// A `gradients.onnx` beside the model.
    Gradients,
}

/// What changed in `Shared` since a module last heard, so it can refresh
/// what it derives from it (the Data Table's filtered view, say).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    pub rows: bool,
    pub predictions: bool,
    pub selection: bool,
    pub primary: bool,
    pub slices: bool,
    pub vectors: bool,
}

impl Changed {
    pub fn any(self) -> bool {
        self != Self::default()
    }

    pub fn merge(&mut self, other: Self) {
        self.rows |= other.rows;
        self.predictions |= other.predictions;
        self.selection |= other.selection;
        self.primary |= other.primary;
        self.slices |= other.slices;
        self.vectors |= other.vectors;
    }
}

/// What drawing a module reads.
pub struct DrawCtx<'a> {
    pub shared: &'a Shared,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub focused: bool,
}

impl DrawCtx<'_> {
    /// What a row without scores from `model` (0 = main) shows: they are on
    /// their way, or the run failed and says why.
    pub fn unscored(&self, model: usize) -> ratatui::text::Span<'static> {
        let progress = match model {
            0 => Some(&self.shared.progress),
            m => self.shared.compare_progress.get(m - 1),
        };
        match progress.and_then(|p| p.failed.as_deref()) {
            Some(e) => ratatui::text::Span::styled(
                format!("not predicted: {}", crate::error::short(e, 120)),
                self.theme.error(),
            ),
            None => ratatui::text::Span::styled("predicting…", self.theme.muted()),
        }
    }

    /// The key bound to `action` in `context` (or globally), as a hint shows it.
    pub fn key(&self, context: &str, action: &Action) -> String {
        self.keymap.hint(context, action)
    }
}

pub trait Module: Any + Send {
    /// The name in the layout file, and the keymap section of its keys.
    fn name(&self) -> &'static str;

    /// The pane's title, with what it is showing.
    fn title(&self, cx: &DrawCtx) -> Line<'static>;

    /// What it needs from the model; the pane shows `Need`'s sentence
    /// instead of drawing when the model lacks it.
    fn needs(&self) -> &'static [Need] {
        &[]
    }

    /// Keys worth knowing, each with a word or two, shown on the pane's
    /// bottom border as the keymap binds them.
    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[]
    }

    /// Relative width beside the other modules of a group tab.
    fn weight(&self) -> u16 {
        3
    }

    /// An action while it has focus (and, for actions no module has focus
    /// for, in turn). Returns whether it handled it.
    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool;

    /// `Shared` changed (by any module or a background result).
    fn changed(&mut self, _what: Changed, _shared: &Shared, _fx: &mut Fx) {}

    /// Its pane came into view (`true`: its group tab opened) or left it. A
    /// module whose work is costly and only shown can wait until it is.
    fn shown(&mut self, _shown: bool, _shared: &Shared, _fx: &mut Fx) {}

    /// Its prompt changed (`done` false, for live prompts) or was confirmed.
    fn prompt(&mut self, _tag: u8, _text: &str, _done: bool, _shared: &Shared, _fx: &mut Fx) {}

    /// Its prompt was dismissed with Esc.
    fn prompt_cancelled(&mut self, _tag: u8) {}

    /// Esc with nothing else to close: drop what the module has open.
    /// Returns whether there was something.
    fn cancel(&mut self, _shared: &Shared, _fx: &mut Fx) -> bool {
        false
    }

    /// A background job it started reports progress, a partial result or its end.
    fn job(&mut self, _event: JobEvent, _shared: &Shared, _fx: &mut Fx) {}

    /// The Performance report's settings this module owns (facet, axes…).
    fn report_settings(&self, _settings: &mut ReportSettings) {}

    /// Whether it is waiting on background work (tests and scripts settle on it).
    /// This module's part of a view (`app::view`), if it has one worth
    /// keeping in `scope`.
    fn view_state(&self, _scope: super::view::Scope) -> Option<serde_json::Value> {
        None
    }

    /// Puts back what `view_state` gave; a value it cannot read is ignored.
    fn restore_view_state(&mut self, _state: &serde_json::Value, _shared: &Shared, _fx: &mut Fx) {}

    /// A mouse event inside the module (`app::mouse`); by default the wheel
    /// moves as `k`/`j` do, three lines a notch.
    fn mouse(&mut self, at: super::mouse::MouseAt, shared: &Shared, fx: &mut Fx) {
        use super::mouse::MouseKind;
        let step = match at.kind {
            MouseKind::ScrollUp => Action::Up,
            MouseKind::ScrollDown => Action::Down,
            _ => return,
        };
        for _ in 0..3 {
            self.handle(&step, shared, fx);
        }
    }

    fn busy(&self) -> bool {
        false
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx);

    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl Need {
    /// What the pane says when the model lacks it.
    pub fn missing(self) -> &'static str {
        match self {
            Self::Vectors => {
                "This model exports no embeddings. Export `sentence_embedding` or `last_hidden_state` \
                 (optimum-cli export onnx --task feature-extraction, or add the output to the graph) \
                 to see the data set's embedding space here. Meanwhile, color by and select in the Data Table."
            }
            Self::Attention => {
                "This model exports no attention. Export it with `output_attentions` (outputs named \
                 `attentions.0`, `attentions.1`, …) to see its heads here."
            }
            Self::Gradients => {
                "This model has no gradients: needs gradients.onnx beside model.onnx (see README)."
            }
        }
    }
}
