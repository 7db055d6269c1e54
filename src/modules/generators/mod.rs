//! Counterfactuals: LIT's generators (Word Replacer, Scrambler, Ablation
//! Flip, HotFlip) and the nearest counterfactual in the data, run over the
//! primary row or the selection as a background job. The results table shows
//! what flipped; added results become datapoints, children of their parents,
//! in an automatic slice `<generator>:<settings>`.

mod draw;
mod results;
mod run;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::common::list_cursor;
use crate::analysis::generators::word_replacer::DEFAULT_RULES;
use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::{Input, Shared};
use crate::jobs::runner::{JobEvent, JobEventKind};
pub use results::{CfResult, ResultSort};

pub const NAME: &str = "generators";

/// The generators, in the order `m` cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    WordReplacer,
    Scrambler,
    AblationFlip,
    HotFlip,
    Nearest,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::WordReplacer,
        Kind::Scrambler,
        Kind::AblationFlip,
        Kind::HotFlip,
        Kind::Nearest,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::WordReplacer => "Word Replacer",
            Self::Scrambler => "Scrambler",
            Self::AblationFlip => "Ablation Flip",
            Self::HotFlip => "HotFlip",
            Self::Nearest => "Nearest counterfactual",
        }
    }
}

/// Which rows a run starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Primary,
    Selection,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunState {
    Idle,
    /// Share done, over this many parents.
    Running(f32, usize),
    Done,
    Failed(String),
}

/// What the last run was, for its summary line and slice name.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    pub generator: &'static str,
    pub settings: String,
    pub parents: usize,
    /// Parents the generator could not use, with why (the first few).
    pub skipped: Vec<String>,
}

/// Prompt tags.
const RULES: u8 = 0;
const SEED: u8 = 1;

#[derive(Debug, Clone)]
pub struct Generators {
    pub kind: Kind,
    pub rules: String,
    pub seed: u64,
    pub scope: Scope,
    pub state: RunState,
    pub info: Option<RunInfo>,
    pub results: Vec<CfResult>,
    pub sort: ResultSort,
    pub cursor: usize,
    /// The rule set whose rules are in `rules` (`R` cycles), if any.
    pub rule_set: Option<String>,
    cancel: Option<Arc<AtomicBool>>,
}

impl Default for Generators {
    fn default() -> Self {
        Self {
            kind: Kind::WordReplacer,
            rules: DEFAULT_RULES.to_string(),
            seed: 0,
            scope: Scope::Primary,
            state: RunState::Idle,
            info: None,
            results: Vec::new(),
            sort: ResultSort::FlipsFirst,
            cursor: 0,
            rule_set: None,
            cancel: None,
        }
    }
}

impl Generators {
    fn edit_settings(&self, fx: &mut Fx) {
        match self.kind {
            Kind::WordReplacer => fx.prompt(
                Input::new(NAME, RULES, self.rules.clone())
                    .labelled("rules (great -> terrible, good -> bad | awful): "),
            ),
            Kind::Scrambler => {
                fx.prompt(Input::new(NAME, SEED, self.seed.to_string()).labelled("seed: "))
            }
            _ => fx.status(format!(
                "{} takes LIT's settings; nothing to edit",
                self.kind.title()
            )),
        }
    }

    /// Word Replacer's rules from the next rule set (built-in, then the
    /// config dir's `rules/*.toml`); after the last, the default rule.
    fn next_rule_set(&mut self, fx: &mut Fx) {
        let (sets, errors) = crate::data::rule_sets::all_rule_sets();
        for e in errors {
            fx.error(e);
        }
        let at = self
            .rule_set
            .as_ref()
            .and_then(|name| sets.iter().position(|s| &s.name == name))
            .map_or(0, |i| i + 1);
        self.kind = Kind::WordReplacer;
        match sets.get(at) {
            Some(set) => {
                self.rules = set.joined();
                self.rule_set = Some(set.name.clone());
                fx.status(format!("rule set {}: {}", set.name, set.description));
            }
            None => {
                self.rules = DEFAULT_RULES.to_string();
                self.rule_set = None;
                fx.status("the default rule");
            }
        }
    }

    fn stop(&mut self) -> bool {
        match self.cancel.take() {
            Some(flag) if matches!(self.state, RunState::Running(..)) => {
                flag.store(true, Ordering::Relaxed);
                self.state = RunState::Failed("cancelled".into());
                true
            }
            _ => false,
        }
    }
}

impl Module for Generators {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        draw::title(self, cx)
    }

    fn weight(&self) -> u16 {
        6
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        match action {
            Action::NextGenerator => {
                let at = Kind::ALL.iter().position(|&k| k == self.kind).unwrap_or(0);
                self.kind = Kind::ALL[(at + 1) % Kind::ALL.len()];
            }
            Action::ToggleScope => {
                self.scope = match self.scope {
                    Scope::Primary => Scope::Selection,
                    Scope::Selection => Scope::Primary,
                }
            }
            Action::EditSettings => self.edit_settings(fx),
            Action::NextRuleSet => self.next_rule_set(fx),
            Action::RunGenerator => {
                self.stop();
                run::start(self, shared, fx);
            }
            Action::AddResult => results::add(self, fx, results::Add::One),
            Action::AddAllResults => results::add(self, fx, results::Add::All),
            Action::AddAndCompare => results::add(self, fx, results::Add::Compare),
            Action::CycleResultLabel => results::cycle_label(self, shared),
            Action::SortNext | Action::SortReverse => {
                self.sort = self.sort.next();
                results::sort(&mut self.results, self.sort);
                self.cursor = 0;
            }
            _ if let Some(at) = list_cursor(self.cursor, self.results.len(), action) => {
                self.cursor = at
            }
            _ => return false,
        }
        true
    }

    fn prompt(&mut self, tag: u8, text: &str, done: bool, _shared: &Shared, fx: &mut Fx) {
        if !done {
            return;
        }
        match tag {
            RULES => {
                let rules = crate::analysis::generators::word_replacer::Rules::parse(text.trim());
                for e in &rules.errors {
                    fx.error(format!("skipped the rule {e}; the other rules run"));
                }
                self.rules = text.trim().to_string();
                self.rule_set = None;
            }
            SEED => match text.trim().parse::<u64>() {
                Ok(seed) => self.seed = seed,
                Err(_) => fx.error(format!(
                    "the seed `{}` is not a whole number from 0 to {}",
                    text.trim(),
                    u64::MAX
                )),
            },
            _ => {}
        }
    }

    fn cancel(&mut self, _shared: &Shared, fx: &mut Fx) -> bool {
        let stopped = self.stop();
        if stopped {
            fx.status("the generator was cancelled");
        }
        stopped
    }

    fn job(&mut self, event: JobEvent, shared: &Shared, fx: &mut Fx) {
        if matches!(self.state, RunState::Failed(_)) && self.cancel.is_none() {
            // Cancelled: whatever was in flight is dropped.
            return;
        }
        match &event.kind {
            JobEventKind::Progress { done, .. } => {
                if let RunState::Running(_, n) = self.state {
                    self.state = RunState::Running(*done, n);
                }
            }
            JobEventKind::Partial(_) => {}
            JobEventKind::Done(Ok(_)) => {
                self.cancel = None;
                if let Some(done) = event.payload::<run::Finished>() {
                    run::finished(self, done.clone(), shared, fx);
                }
            }
            JobEventKind::Done(Err(e)) => {
                self.cancel = None;
                fx.error(format!("{}: {e}", self.kind.title()));
                self.state = RunState::Failed(e.clone());
            }
        }
    }

    fn busy(&self) -> bool {
        matches!(self.state, RunState::Running(..))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
