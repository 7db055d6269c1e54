//! The Slice Editor: Starred and the user's named slices; make them from the
//! selection or the search, select, rename, delete and export them.

mod handle;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{Changed, DrawCtx, Module};
use crate::app::shared::Shared;

pub const NAME: &str = "slices";

/// What the export prompt writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTarget {
    Selection,
    Slice(usize),
}

#[derive(Debug, Clone, Default)]
pub struct Slices {
    pub cursor: usize,
    /// Which slice `SelectNextSlice` selected last.
    pub cycled: Option<usize>,
    renaming: Option<usize>,
    exporting: Option<ExportTarget>,
    /// Slices last seen: a new one (from here or the table's search) gets the cursor.
    seen: Option<usize>,
    /// Each slice's size, and what it was counted for (`sizes_key`): counting
    /// a million-row slice every frame cost more than the frame.
    sizes: crate::app::memo::Memo<u64, Vec<usize>>,
}

/// Changes whenever a slice's size may have: rows, stars, slices.
fn sizes_key(state: &Shared) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&state.rows.version.to_le_bytes());
    h.update(&state.rows.len().to_le_bytes());
    h.update(&state.starred.len().to_le_bytes());
    for slice in &state.slices {
        h.update(&slice.ids.len().to_le_bytes());
        h.update(&slice.ids.first().copied().unwrap_or(0).to_le_bytes());
    }
    h.digest()
}

impl Slices {
    /// Every slice's size, counted once per change.
    fn sizes(&self, state: &Shared) -> Vec<usize> {
        let sizes = self.sizes.get(sizes_key(state), || {
            (0..state.slice_count())
                .map(|i| state.slice_rows(i).len())
                .collect()
        });
        sizes.to_vec()
    }
}

impl Module for Slices {
    fn name(&self) -> &'static str {
        NAME
    }

    fn title(&self, cx: &DrawCtx) -> Line<'static> {
        let n = cx.shared.slice_count();
        Line::from(format!(
            " Slice Editor · {} ",
            crate::plural::count(n, "slice", "slices")
        ))
    }

    fn handle(&mut self, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
        handle::handle(self, action, shared, fx)
    }

    fn changed(&mut self, what: Changed, shared: &Shared, _fx: &mut Fx) {
        if what.slices {
            let count = shared.slice_count();
            if self.seen.is_some_and(|seen| count > seen) {
                self.cursor = count - 1;
            }
            self.seen = Some(count);
            self.cursor = self.cursor.min(count - 1);
        }
    }

    fn prompt(&mut self, tag: u8, text: &str, done: bool, shared: &Shared, fx: &mut Fx) {
        if done {
            handle::prompt_done(self, tag, text, shared, fx);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        draw(self, frame, area, cx);
    }

    crate::module_any!();
}

fn draw(s: &Slices, frame: &mut Frame, inner: Rect, cx: &DrawCtx) {
    let (state, theme, focused) = (cx.shared, cx.theme, cx.focused);
    let [list_area, hint_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let cursor = s.cursor.min(state.slice_count() - 1);
    let sizes = s.sizes(state);
    let items: Vec<ListItem> = (0..state.slice_count())
        .map(|i| {
            let size = sizes[i];
            let name = state.slice_name(i).to_string();
            let style = if i == 0 {
                Style::default().fg(theme.selected)
            } else {
                theme.base()
            };
            ListItem::new(Line::from(vec![
                Span::styled(if i == 0 { "★ " } else { "▪ " }, style),
                Span::styled(name, style.add_modifier(Modifier::BOLD)),
                Span::styled(format!("  {size} rows"), theme.muted()),
            ]))
        })
        .collect();
    let mut list_state = ListState::default().with_selected(focused.then_some(cursor));
    let list = List::new(items)
        .highlight_style(theme.cursor())
        .highlight_symbol("› ");
    frame.render_stateful_widget(list, list_area, &mut list_state);
    let key = |a: Action| cx.key(NAME, &a);
    let hint = if focused {
        format!(
            "{} select · {} from selection · {} from search · {} rename · {} delete · {}/{} export",
            key(Action::SelectSlice),
            key(Action::SliceFromSelection),
            key(Action::SliceFromSearch),
            key(Action::RenameSlice),
            key(Action::DeleteSlice),
            key(Action::ExportSlice),
            key(Action::ExportSelection)
        )
    } else {
        format!("{} selects the next slice", key(Action::SelectNextSlice))
    };
    frame.render_widget(Paragraph::new(hint).style(theme.muted()), hint_area);
}
