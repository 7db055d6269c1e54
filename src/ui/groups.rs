//! The group workspace: tabs of modules side by side. The focused module has
//! a bright border; modules whose issue has not landed say what will come.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Tabs, Wrap};

use super::{Theme, modules};
use crate::app::layout::{Module, Pane};
use crate::app::state::AppState;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let workspace_focused = state.focus == Pane::Groups;
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let titles: Vec<Line> = state
        .layout
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| Line::from(format!(" {} {} ", i + 1, g.name)))
        .collect();
    let tabs = Tabs::new(titles)
        .select(state.group_tab)
        .style(theme.border(workspace_focused))
        .highlight_style(
            Style::default()
                .fg(theme.accent)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
        .divider("│");
    frame.render_widget(tabs, tabs_area);
    let Some(group) = state.layout.groups.get(state.group_tab) else {
        return;
    };
    let focused_at = state.group_focus.min(group.modules.len() - 1);
    // Maximized, the group workspace shows its focused module alone.
    let shown: Vec<(usize, Module)> = group
        .modules
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| !(state.maximized && workspace_focused) || *i == focused_at)
        .collect();
    let cells =
        Layout::horizontal(shown.iter().map(|(_, m)| Constraint::Fill(m.weight()))).split(body);
    for (&(i, module), cell) in shown.iter().zip(cells.iter()) {
        let module = &module;
        let focused = workspace_focused && focused_at == i;
        let title = modules::title(*module, state);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(focused))
            .title(Line::from(title).style(if focused {
                theme.border(true)
            } else {
                theme.base()
            }));
        let inner = block.inner(*cell);
        frame.render_widget(block, *cell);
        match module {
            Module::Metrics => modules::metrics::draw(frame, inner, state, theme, focused),
            Module::Confusion => modules::confusion::draw(frame, inner, state, theme, focused),
            Module::Curves => modules::curves::draw(frame, inner, state, theme),
            Module::Thresholder => modules::thresholder::draw(frame, inner, state, theme),
            Module::Results => modules::results::draw(frame, inner, state, theme),
            Module::Scalars => modules::scalars::draw(frame, inner, state, theme, focused),
            other => frame.render_widget(
                Paragraph::new(coming(*other))
                    .style(theme.muted())
                    .wrap(Wrap { trim: true }),
                inner,
            ),
        }
    }
}

fn coming(m: Module) -> &'static str {
    match m {
        Module::Salience => {
            "Coming here: token salience (leave-one-out, LIME, gradients) for the primary row."
        }
        Module::Attention => {
            "Coming here: attention heads of the primary row, for models that export attentions."
        }
        Module::Generators => {
            "Coming here: counterfactual generators whose outputs become new datapoints."
        }
        _ => "",
    }
}
