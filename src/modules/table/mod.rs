//! The Data Table: every row with its label, prediction and confidence;
//! search, filters, sort, and keyboard selection.

mod draw;
mod handle;
pub mod sort_picker;
pub mod view;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{Changed, DrawCtx, Module};
use crate::app::mouse::{MouseAt, MouseKind};
use crate::app::query::Query;
use crate::app::shared::Shared;
use crate::app::view::Scope;
use crate::jobs::runner::{Job, JobEvent, JobEventKind, Payload};
use crate::ui::table_widget::Sort;

pub const NAME: &str = "table";

/// The table's part of a shared view.
#[derive(serde::Serialize, serde::Deserialize)]
struct TableView {
    search: String,
    only_mispredictions: bool,
    only_selection: bool,
    sort: Option<(SortKey, bool)>,
}

/// Table columns that can be sorted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SortKey {
    Id,
    Text,
    Label,
    Prediction,
    Confidence,
    /// The probability of the gold label.
    LabelQuality,
    Correct,
    Star,
    Feature(usize),
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub query_text: String,
    pub query: Option<Query>,
    pub only_mispredictions: bool,
    pub only_selection: bool,
    pub sort: Sort<SortKey>,
    /// Row indices shown, in order.
    pub view: Vec<usize>,
    /// Position in `view`.
    pub cursor: usize,
    /// Where a range selection started (a view position).
    pub anchor: Option<usize>,
    /// A row just added and made primary: the cursor goes to it once shown.
    follow: Option<usize>,
    /// Characters the text column is scrolled right (`l`), to read long texts.
    pub text_scroll: usize,
    /// The rows' version and count the view was last built for: a search
    /// that only narrows may filter the view instead of every row.
    built_for: Option<(u64, usize)>,
    /// Rows passing the filters and the search's plain words, with what they
    /// were found for (`view::refresh`).
    word_rows: Option<WordRows>,
    /// A search waits for the search index (the rows shown are the last ones).
    pub awaiting_index: bool,
    /// The search index is being built on a worker.
    index_job: bool,
}

/// The job lane that builds the search index.
const SEARCH_INDEX_LANE: &str = "search-index";

/// (rows' version, row count, mispredictions only, hash of the words) and the rows.
type WordRows = ((u64, usize, bool, u64), std::sync::Arc<Vec<usize>>);

impl Table {
    /// The row under the cursor.
    pub fn cursor_row(&self) -> Option<usize> {
        self.view.get(self.cursor).copied()
    }

    pub fn refresh(&mut self, shared: &Shared, fx: &mut Fx) {
        view::refresh(self, shared);
        if self.awaiting_index {
            self.build_search_index(shared, fx);
        }
        if let Some(row) = self.follow
            && let Some(at) = self.view.iter().position(|&v| v == row)
        {
            self.cursor = at;
            self.follow = None;
        }
    }

    /// Starts building the search index on a worker, unless it is built,
    /// quick to build in place, or already being built. A million lowercase
    /// texts take a few hundred milliseconds: not in a keystroke.
    pub(super) fn build_search_index(&mut self, shared: &Shared, fx: &mut Fx) {
        if self.index_job || shared.rows.search_index_ready() {
            return;
        }
        let build = shared.rows.search_index_builder();
        fx.run(Job::latest(NAME, SEARCH_INDEX_LANE, move |_| {
            build();
            Ok(std::sync::Arc::new(()) as Payload)
        }));
        self.index_job = true;
    }
}

impl Module for Table {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        draw::title(self, cx)
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::MakePrimary, "primary"),
            (Action::ToggleSelect, "select"),
            (Action::Search, "search"),
            (Action::ToggleMispredictions, "mispredictions"),
            (Action::SortNext, "sort"),
            (Action::Help, "all keys"),
        ]
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        handle::handle(self, action, shared, fx)
    }

    fn changed(&mut self, what: Changed, shared: &Shared, fx: &mut Fx) {
        if what.rows && what.primary {
            self.follow = shared.primary;
        }
        let filters_selection = self.only_selection && what.selection;
        let depends_on_predictions =
            self.only_mispredictions || self.sort.by.is_some() || self.query.is_some();
        // While bulk inference streams in, a sorted or filtered view waits
        // for the end instead of re-sorting on every batch.
        let predictions = what.predictions && depends_on_predictions && !shared.predicting();
        // Stars are a slice; only a sort by star depends on them.
        let by_star = what.slices && matches!(self.sort.by, Some((SortKey::Star, _)));
        if what.rows || by_star || filters_selection || predictions || self.follow.is_some() {
            self.refresh(shared, fx);
        }
    }

    fn job(&mut self, event: JobEvent, shared: &Shared, fx: &mut Fx) {
        if event.lane == SEARCH_INDEX_LANE && matches!(event.kind, JobEventKind::Done(_)) {
            self.index_job = false;
            if self.awaiting_index {
                self.refresh(shared, fx);
            }
        }
    }

    fn busy(&self) -> bool {
        self.index_job
    }

    fn mouse(&mut self, at: MouseAt, shared: &Shared, fx: &mut Fx) {
        match at.kind {
            // A click on a row (below the header) makes it primary.
            MouseKind::Click if at.y > 0 => {
                let searching = shared.prompt_of(NAME).is_some();
                let height = at.height.saturating_sub(1 + u16::from(searching)) as usize;
                let first = crate::ui::table_widget::offset(self.cursor, self.view.len(), height);
                let at_row = first + usize::from(at.y - 1);
                if let Some(&row) = self.view.get(at_row) {
                    self.cursor = at_row;
                    fx.primary(Some(row));
                }
            }
            MouseKind::ScrollUp | MouseKind::ScrollDown => {
                let step = if at.kind == MouseKind::ScrollUp {
                    Action::Up
                } else {
                    Action::Down
                };
                for _ in 0..3 {
                    handle::handle(self, &step, shared, fx);
                }
            }
            _ => {}
        }
    }

    fn view_state(&self, scope: Scope) -> Option<serde_json::Value> {
        // A restart starts from the whole table; a shared view is exact.
        (scope == Scope::Shared).then(|| {
            serde_json::to_value(TableView {
                search: self.query_text.clone(),
                only_mispredictions: self.only_mispredictions,
                only_selection: self.only_selection,
                sort: self.sort.by.clone(),
            })
            .unwrap_or_default()
        })
    }

    fn restore_view_state(&mut self, state: &serde_json::Value, shared: &Shared, fx: &mut Fx) {
        let Ok(view) = serde_json::from_value::<TableView>(state.clone()) else {
            return;
        };
        self.only_mispredictions = view.only_mispredictions;
        self.only_selection = view.only_selection;
        self.sort.by = view.sort;
        handle::apply_search(self, &view.search, shared, fx);
        self.refresh(shared, fx);
        self.cursor = 0;
    }

    fn prompt(&mut self, tag: u8, text: &str, _done: bool, shared: &Shared, fx: &mut Fx) {
        match tag {
            sort_picker::TAG => sort_picker::typed(self, text, shared, fx),
            _ => handle::apply_search(self, text, shared, fx),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw::draw(self, frame, area, cx);
    }

    crate::module_any!();
}
