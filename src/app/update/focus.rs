//! Focus, maximize, the split between workspaces, and group tabs.

use crate::app::action::Action;
use crate::app::layout::Pane;
use crate::app::state::AppState;

pub fn handle(state: &mut AppState, action: Action) {
    let order = state.layout.focus_order();
    let at = order.iter().position(|p| *p == state.focus).unwrap_or(0);
    let tabs = state.layout.groups.len().max(1);
    let modules = state
        .layout
        .groups
        .get(state.group_tab)
        .map_or(1, |g| g.modules.len().max(1));
    match action {
        // Tab walks through the group tab's modules before leaving the workspace.
        Action::FocusNext if state.focus == Pane::Groups && state.group_focus + 1 < modules => {
            state.group_focus += 1
        }
        Action::FocusPrev if state.focus == Pane::Groups && state.group_focus > 0 => {
            state.group_focus -= 1
        }
        Action::FocusNext => {
            state.focus = order[(at + 1) % order.len()];
            state.group_focus = 0;
        }
        Action::FocusPrev => {
            state.focus = order[(at + order.len() - 1) % order.len()];
            state.group_focus = if state.focus == Pane::Groups {
                modules - 1
            } else {
                0
            };
        }
        Action::FocusLeft => move_in_row(state, -1),
        Action::FocusRight => move_in_row(state, 1),
        Action::FocusUp => move_between_rows(state, -1),
        Action::FocusDown => move_between_rows(state, 1),
        Action::ToggleMaximize => state.maximized = !state.maximized,
        Action::GrowMain => state.main_percent = (state.main_percent + 5).min(90),
        Action::ShrinkMain => state.main_percent = state.main_percent.saturating_sub(5).max(10),
        Action::NextTab => {
            state.group_tab = (state.group_tab + 1) % tabs;
            state.group_focus = 0;
        }
        Action::PrevTab => {
            state.group_tab = (state.group_tab + tabs - 1) % tabs;
            state.group_focus = 0;
        }
        Action::GroupTab(i) if i < state.layout.groups.len() => {
            state.group_tab = i;
            state.group_focus = 0;
        }
        _ => {}
    }
}

fn move_in_row(state: &mut AppState, step: isize) {
    let Some((r, c)) = state.layout.position(state.focus) else {
        return;
    };
    let row = &state.layout.main[r].panes;
    let next = c as isize + step;
    if next >= 0 && (next as usize) < row.len() {
        state.focus = row[next as usize].pane;
    }
}

fn move_between_rows(state: &mut AppState, step: isize) {
    let rows = &state.layout.main;
    match state.layout.position(state.focus) {
        Some((r, c)) => {
            let next = r as isize + step;
            if next < 0 {
                return;
            }
            match rows.get(next as usize) {
                Some(row) if !row.panes.is_empty() => {
                    state.focus = row.panes[c.min(row.panes.len() - 1)].pane
                }
                _ if step > 0 && !state.layout.groups.is_empty() => state.focus = Pane::Groups,
                _ => {}
            }
        }
        None if step < 0 => {
            if let Some(row) = rows.iter().rev().find(|r| !r.panes.is_empty()) {
                state.focus = row.panes[0].pane;
            }
        }
        None => {}
    }
}
