//! `update(shared, workspace, action)`: the one place the app's state
//! changes. Global actions are handled here; the rest go to the focused
//! module (and, for a few, to every module). What modules ask of `Shared`
//! is applied here too, every module hears what changed, and the effects
//! left (jobs, saving, exporting) go back to the runtime.

mod add;
pub mod apply;
mod focus;
mod global;
mod prompt;
pub mod results;

use super::action::Action;
use super::effect::{Effect, Fx};
use super::shared::Shared;
use super::workspace::Workspace;

pub use apply::settle;

pub fn update(shared: &mut Shared, ws: &mut Workspace, action: Action) -> Vec<Effect> {
    let mut fx = Fx::default();
    // A user's action that raises no error of its own clears the last one.
    let by_user = !matches!(action, Action::Job(_) | Action::Resize | Action::RowsRead);
    let errors_before = shared.error_seq;
    if let Action::Job(event) = &action
        && event.is_done()
        && shared.status.ends_with('…')
    {
        // "computing…" ends with its job; the module may say more.
        shared.status.clear();
    }
    match action {
        Action::Key(key) => prompt::key(shared, ws, key, &mut fx),
        Action::Resize | Action::RowsRead => {}
        Action::Job(event) => results::job(shared, ws, event, &mut fx),
        Action::Quit => {
            ws.quit = true;
            fx.push(Effect::Save);
        }
        Action::Help => ws.help = !ws.help,
        Action::Cancel => cancel(shared, ws, &mut fx),
        Action::FocusNext
        | Action::FocusPrev
        | Action::FocusLeft
        | Action::FocusRight
        | Action::FocusUp
        | Action::FocusDown
        | Action::ToggleMaximize
        | Action::GrowMain
        | Action::ShrinkMain
        | Action::NextTab
        | Action::PrevTab
        | Action::GroupTab(_) => focus::handle(shared, ws, &action),
        Action::ToggleStar if shared.primary.is_some() => global::handle(shared, &action, &mut fx),
        Action::ClearSelection
        | Action::SelectParent
        | Action::SelectChildren
        | Action::CycleColorBy
        | Action::Pin
        | Action::ShareView
        | Action::Undo
        | Action::Redo
        | Action::DeleteRow => global::handle(shared, &action, &mut fx),
        other => route(shared, ws, &other, &mut fx),
    }
    ws.tell_shown(shared, &mut fx);
    let mut out = apply::settle(shared, ws, fx);
    if by_user && shared.error_seq == errors_before && !shared.error_sticky {
        shared.error = None;
    }
    out.extend(results::wanted_report(shared, ws));
    out
}

/// The focused module first; a few actions then go to every module.
fn route(shared: &Shared, ws: &mut Workspace, action: &Action, fx: &mut Fx) {
    let focused = ws.focused(shared.focus);
    if let Some(m) = focused.and_then(|name| ws.get_mut(name))
        && m.handle(action, shared, fx)
    {
        return;
    }
    if action.reaches_every_module() {
        for m in ws.modules.iter_mut().filter(|m| Some(m.name()) != focused) {
            if m.handle(action, shared, fx) {
                return;
            }
        }
        if *action == Action::ToggleStar {
            fx.status("nothing to star: make a row primary first (Enter)");
        }
    }
}

/// Esc: closes help, then what a module has open (a label choice), then a
/// maximized pane; else clears the error and every module's filters.
fn cancel(shared: &Shared, ws: &mut Workspace, fx: &mut Fx) {
    if ws.help {
        ws.help = false;
        return;
    }
    for m in ws.modules.iter_mut() {
        if m.cancel(shared, fx) {
            return;
        }
    }
    if ws.maximized {
        ws.maximized = false;
        return;
    }
    fx.push(Effect::ClearError);
    for m in ws.modules.iter_mut() {
        m.handle(&Action::Cancel, shared, fx);
    }
}
