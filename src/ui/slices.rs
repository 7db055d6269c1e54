//! The Slice Editor: Starred, then the user's slices, with their sizes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::{Theme, pane_block};
use crate::app::state::AppState;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let block = pane_block(
        format!(" Slice Editor · {} slices ", state.slice_count()),
        focused,
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list_area, hint_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let cursor = state.slice_editor.cursor.min(state.slice_count() - 1);
    let items: Vec<ListItem> = (0..state.slice_count())
        .map(|i| {
            let size = state.slice_rows(i).len();
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
    let hint = if focused {
        "Enter select · N from selection · f from search · r rename · D delete · e/E export"
    } else {
        "S selects the next slice"
    };
    frame.render_widget(Paragraph::new(hint).style(theme.muted()), hint_area);
}
