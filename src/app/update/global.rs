//! The global toolbar's actions: stars, selection, parent and children,
//! color-by, the pinned reference row.

use super::super::action::Action;
use super::super::effect::{Effect, Fx};
use super::super::shared::{ColorBy, Shared};

pub fn handle(state: &Shared, action: &Action, fx: &mut Fx) {
    match action {
        Action::ToggleStar => {
            if let Some(row) = state.primary {
                fx.push(Effect::ToggleStar(row));
            }
        }
        Action::ClearSelection => {
            fx.push(Effect::Deselect(state.selection.iter().copied().collect()))
        }
        Action::SelectParent => match state.primary.and_then(|p| state.rows.parent[p]) {
            Some(parent) => {
                fx.select(vec![parent]);
                fx.primary(Some(parent));
            }
            None => fx.status("the primary row has no parent"),
        },
        Action::SelectChildren => match state.primary {
            Some(p) => {
                let children: Vec<usize> = state.rows.children(p).collect();
                fx.status(format!(
                    "{} selected",
                    crate::plural::count(children.len(), "child", "children")
                ));
                fx.select(children);
            }
            None => fx.status("no primary row"),
        },
        Action::CycleColorBy => {
            let mut options = vec![ColorBy::Correct, ColorBy::Label, ColorBy::Prediction];
            options.extend(
                state
                    .rows
                    .features
                    .iter()
                    .map(|f| ColorBy::Feature(f.name.clone())),
            );
            let at = options
                .iter()
                .position(|o| *o == state.color_by)
                .unwrap_or(0);
            fx.push(Effect::ColorBy(options[(at + 1) % options.len()].clone()));
        }
        Action::Pin => {
            let pinned = if state.pinned.is_some() && state.pinned == state.primary {
                None
            } else {
                state.primary
            };
            fx.status(match pinned {
                Some(_) => "pinned the primary row as the reference",
                None => "unpinned",
            });
            fx.push(Effect::Pin(pinned));
        }
        Action::ShareView => fx.push(Effect::ShareView),
        Action::Undo => fx.push(Effect::Undo),
        Action::Redo => fx.push(Effect::Redo),
        Action::DeleteRow => match state.primary {
            Some(p) if state.rows.added[p] => fx.push(Effect::DeleteRows(vec![p])),
            Some(_) => fx.status(
                "only rows you added can be deleted; the data file's rows stay (m and / hide rows instead)",
            ),
            None => fx.status("no primary row to delete"),
        },
        _ => {}
    }
}
