//! The mouse, as a shortcut: click a tab, a pane (focus), a row or a point
//! (primary), drag a box in a plot (select), scroll a list. Drawing records
//! where each pane and tab is (`Hits`); a mouse event goes to what is under it.

use std::cell::RefCell;

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::App;
use super::action::Action;
use super::effect::Fx;
use super::shared::Focus;

/// What a mouse event means to the module under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Click,
    Drag,
    Release,
    ScrollUp,
    ScrollDown,
}

/// A mouse event inside a module's inner area (inside its border).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MouseAt {
    pub kind: MouseKind,
    /// Cell from the inner area's top left.
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

/// Something drawn that the mouse can hit.
#[derive(Debug, Clone)]
pub enum Target {
    /// A module's pane; `focus` gives it the keyboard, `group` is its place in the tab.
    Module {
        name: &'static str,
        focus: Focus,
        group: Option<usize>,
    },
    Tab(usize),
}

/// Where things were drawn in the last frame, topmost last.
#[derive(Debug, Default)]
pub struct Hits {
    drawn: RefCell<Vec<(Rect, Target)>>,
}

impl Hits {
    pub fn clear(&self) {
        self.drawn.borrow_mut().clear();
    }

    pub fn add(&self, area: Rect, target: Target) {
        self.drawn.borrow_mut().push((area, target));
    }

    fn at(&self, x: u16, y: u16) -> Option<(Rect, Target)> {
        self.drawn
            .borrow()
            .iter()
            .rev()
            .find(|(r, _)| r.contains(Position { x, y }))
            .cloned()
    }
}

fn kind(event: &MouseEvent) -> Option<MouseKind> {
    Some(match event.kind {
        MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
        MouseEventKind::Drag(MouseButton::Left) => MouseKind::Drag,
        MouseEventKind::Up(MouseButton::Left) => MouseKind::Release,
        MouseEventKind::ScrollUp => MouseKind::ScrollUp,
        MouseEventKind::ScrollDown => MouseKind::ScrollDown,
        _ => return None,
    })
}

impl App {
    /// Handles a mouse event; returns whether the screen changed.
    pub fn handle_mouse(&mut self, event: MouseEvent) -> bool {
        let Some(kind) = kind(&event) else {
            return false;
        };
        if self.workspace.help {
            let scroll = &mut self.workspace.help_scroll;
            match kind {
                MouseKind::ScrollUp => *scroll = scroll.saturating_sub(3),
                MouseKind::ScrollDown => *scroll = scroll.saturating_add(3),
                _ => return false,
            }
            return true;
        }
        let Some((area, target)) = self.workspace.hits.at(event.column, event.row) else {
            return false;
        };
        match target {
            Target::Tab(i) if kind == MouseKind::Click => {
                self.dispatch(Action::GroupTab(i));
                true
            }
            Target::Tab(_) => false,
            Target::Module { name, focus, group } => {
                if kind == MouseKind::Click {
                    self.shared.focus = focus;
                    if let Some(g) = group {
                        self.workspace.group_focus = g;
                    }
                }
                // Inside the border.
                let inner = Rect::new(
                    area.x + 1,
                    area.y + 1,
                    area.width.saturating_sub(2),
                    area.height.saturating_sub(2),
                );
                let at = MouseAt {
                    kind,
                    x: event
                        .column
                        .saturating_sub(inner.x)
                        .min(inner.width.saturating_sub(1)),
                    y: event
                        .row
                        .saturating_sub(inner.y)
                        .min(inner.height.saturating_sub(1)),
                    width: inner.width,
                    height: inner.height,
                };
                let inside = inner.contains(Position {
                    x: event.column,
                    y: event.row,
                });
                let mut fx = Fx::default();
                if let Some(m) = self.workspace.get_mut(name)
                    && (inside || kind != MouseKind::Click)
                {
                    m.mouse(at, &self.shared, &mut fx);
                }
                let rest = super::update::settle(&mut self.shared, &mut self.workspace, fx);
                self.execute_all(rest);
                true
            }
        }
    }
}
