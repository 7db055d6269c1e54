//! The group workspace: tabs of modules side by side. The focused module
//! has a bright border; maximized, the focused module shows alone. A tab's
//! `focus_width` widens the focused module (Discover's three tables).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Tabs;

use super::{Theme, draw_module};
use crate::app::App;
use crate::app::mouse::Target;
use crate::app::shared::Focus;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let ws = &app.workspace;
    let workspace_focused = app.shared.focus == Focus::Groups;
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let titles: Vec<Line> = ws
        .layout
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| Line::from(format!(" {} {} ", i + 1, g.name)))
        .collect();
    let tabs = Tabs::new(titles)
        .select(ws.group_tab)
        .style(theme.border(workspace_focused))
        .highlight_style(
            Style::default()
                .fg(theme.accent)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
        .divider("│");
    frame.render_widget(tabs, tabs_area);
    // Each title is drawn with a space either side, then a one-cell divider.
    let mut x = tabs_area.x;
    for (i, g) in ws.layout.groups.iter().enumerate() {
        let width = format!(" {} {} ", i + 1, g.name).chars().count() as u16 + 2;
        ws.hits
            .add(Rect::new(x, tabs_area.y, width, 1), Target::Tab(i));
        x += width + 1;
    }
    let modules = ws.tab_modules();
    if modules.is_empty() {
        return;
    }
    let focused_at = ws.group_focus.min(modules.len() - 1);
    let shown: Vec<(usize, &str)> = modules
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| !(ws.maximized && workspace_focused) || *i == focused_at)
        .collect();
    let focus_width = ws
        .layout
        .groups
        .get(ws.group_tab)
        .map_or(1, |g| g.focus_width.max(1));
    let weights = shown.iter().map(|&(i, name)| {
        let weight = ws.get(name).map_or(3, |m| m.weight());
        Constraint::Fill(if i == focused_at {
            weight * focus_width
        } else {
            weight
        })
    });
    let cells = Layout::horizontal(weights).split(body);
    for (&(i, name), cell) in shown.iter().zip(cells.iter()) {
        if let Some(module) = ws.get(name) {
            let focused = workspace_focused && focused_at == i;
            ws.hits.add(
                *cell,
                Target::Module {
                    name: module.name(),
                    focus: Focus::Groups,
                    group: Some(i),
                },
            );
            draw_module(frame, *cell, app, theme, module, focused);
        }
    }
}
