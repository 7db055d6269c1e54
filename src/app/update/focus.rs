//! Focus, maximize, the split between workspaces, and group tabs.

use super::super::action::Action;
use super::super::shared::{Focus, Shared};
use super::super::workspace::Workspace;

pub fn handle(state: &mut Shared, ws: &mut Workspace, action: &Action) {
    let order = ws.focus_order();
    if order.is_empty() {
        return;
    }
    let at = order.iter().position(|p| *p == state.focus).unwrap_or(0);
    let tabs = ws.layout.groups.len().max(1);
    let modules = ws.tab_modules().len().max(1);
    let in_groups = state.focus == Focus::Groups;
    match action {
        // Tab walks through the group tab's modules before leaving the workspace.
        Action::FocusNext if in_groups && ws.group_focus + 1 < modules => ws.group_focus += 1,
        Action::FocusPrev if in_groups && ws.group_focus > 0 => ws.group_focus -= 1,
        Action::FocusNext => {
            state.focus = order[(at + 1) % order.len()];
            ws.group_focus = 0;
        }
        Action::FocusPrev => {
            state.focus = order[(at + order.len() - 1) % order.len()];
            ws.group_focus = if state.focus == Focus::Groups {
                modules - 1
            } else {
                0
            };
        }
        Action::FocusLeft => move_in_row(state, ws, -1),
        Action::FocusRight => move_in_row(state, ws, 1),
        Action::FocusUp => move_between_rows(state, ws, -1),
        Action::FocusDown => move_between_rows(state, ws, 1),
        Action::ToggleMaximize => ws.maximized = !ws.maximized,
        Action::GrowMain => ws.main_percent = (ws.main_percent + 5).min(90),
        Action::ShrinkMain => ws.main_percent = ws.main_percent.saturating_sub(5).max(10),
        Action::NextTab => {
            ws.group_tab = (ws.group_tab + 1) % tabs;
            ws.group_focus = 0;
        }
        Action::PrevTab => {
            ws.group_tab = (ws.group_tab + tabs - 1) % tabs;
            ws.group_focus = 0;
        }
        Action::GroupTab(i) if *i < ws.layout.groups.len() => {
            ws.group_tab = *i;
            ws.group_focus = 0;
        }
        _ => {}
    }
}

/// (row, column) of the focused main pane.
fn position(state: &Shared, ws: &Workspace) -> Option<(usize, usize)> {
    let Focus::Main(name) = state.focus else {
        return None;
    };
    ws.layout.main.iter().enumerate().find_map(|(r, row)| {
        row.panes
            .iter()
            .position(|p| p.pane == name)
            .map(|c| (r, c))
    })
}

fn focus_slot(state: &mut Shared, ws: &Workspace, r: usize, c: usize) {
    if let Some(name) = ws
        .layout
        .main
        .get(r)
        .and_then(|row| row.panes.get(c))
        .and_then(|p| ws.static_name(&p.pane))
    {
        state.focus = Focus::Main(name);
    }
}

fn move_in_row(state: &mut Shared, ws: &Workspace, step: isize) {
    let Some((r, c)) = position(state, ws) else {
        return;
    };
    let next = c as isize + step;
    if next >= 0 && (next as usize) < ws.layout.main[r].panes.len() {
        focus_slot(state, ws, r, next as usize);
    }
}

fn move_between_rows(state: &mut Shared, ws: &Workspace, step: isize) {
    let rows = &ws.layout.main;
    match position(state, ws) {
        Some((r, c)) => {
            let next = r as isize + step;
            if next < 0 {
                return;
            }
            match rows.get(next as usize) {
                Some(row) if !row.panes.is_empty() => {
                    focus_slot(state, ws, next as usize, c.min(row.panes.len() - 1))
                }
                _ if step > 0 && !ws.layout.groups.is_empty() => state.focus = Focus::Groups,
                _ => {}
            }
        }
        None if step < 0 => {
            if let Some(r) = rows.iter().rposition(|r| !r.panes.is_empty()) {
                focus_slot(state, ws, r, 0);
            }
        }
        None => {}
    }
}
