//! Data Table actions: the cursor, selection, search, filters and sort.

use super::{NAME, Table};
use crate::app::action::Action;
use crate::app::effect::{Effect, Fx};
use crate::app::query::Query;
use crate::app::shared::{Input, Shared};

/// Rows a page moves; the drawn table may be taller or shorter, which is fine.
const PAGE: usize = 20;

/// Characters `h`/`l` scroll the text column.
const TEXT_STEP: usize = 16;

pub fn handle(t: &mut Table, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
    if t.awaiting_index && matches!(action, Action::SelectAllShown | Action::SliceFromSearch) {
        // The rows shown are not the search's yet: acting on them would surprise.
        fx.status("the texts are still being indexed for the search: try again in a moment");
        return true;
    }
    let len = t.view.len();
    let last = len.saturating_sub(1);
    match action {
        Action::Up => t.cursor = t.cursor.saturating_sub(1),
        Action::Down => t.cursor = (t.cursor + 1).min(last),
        Action::PageUp => t.cursor = t.cursor.saturating_sub(PAGE),
        Action::PageDown => t.cursor = (t.cursor + PAGE).min(last),
        Action::Top => t.cursor = 0,
        // h/l scroll the text column by a few words' worth.
        Action::Left => t.text_scroll = t.text_scroll.saturating_sub(TEXT_STEP),
        Action::Right => {
            let longest = t
                .view
                .iter()
                .map(|&r| shared.rows.texts[r].chars().count())
                .max()
                .unwrap_or(0);
            t.text_scroll = (t.text_scroll + TEXT_STEP).min(longest.saturating_sub(TEXT_STEP));
        }
        Action::Bottom => t.cursor = last,
        Action::ToggleSelect => {
            if let Some(row) = t.cursor_row() {
                fx.push(Effect::ToggleSelected(row));
                t.anchor = Some(t.cursor);
            }
        }
        Action::ExtendUp | Action::ExtendDown => {
            if t.view.is_empty() {
                return true;
            }
            let anchor = *t.anchor.get_or_insert(t.cursor);
            t.cursor = if *action == Action::ExtendUp {
                t.cursor.saturating_sub(1)
            } else {
                (t.cursor + 1).min(last)
            };
            let (a, b) = (anchor.min(t.cursor), anchor.max(t.cursor).min(last));
            fx.push(Effect::SelectMore(t.view[a..=b].to_vec()));
        }
        Action::SelectAllShown => {
            let mut all = shared.selection.clone();
            all.extend(t.view.iter().copied());
            fx.status(format!("{} selected", crate::plural::rows(all.len())));
            fx.push(Effect::SelectMore(t.view.clone()));
        }
        Action::MakePrimary => {
            if let Some(row) = t.cursor_row() {
                fx.primary(Some(row));
            }
        }
        Action::Search => {
            fx.prompt(Input::new(NAME, 0, t.query_text.clone()).live());
            // Built while the user types; the search waits for it only if it must.
            t.build_search_index(shared, fx);
        }
        Action::ToggleMispredictions => {
            t.only_mispredictions = !t.only_mispredictions;
            t.refresh(shared, fx);
        }
        Action::ToggleOnlySelection => {
            t.only_selection = !t.only_selection;
            t.refresh(shared, fx);
        }
        Action::SortNext => super::sort_picker::open(shared, fx),
        Action::WorstFirst => {
            t.only_mispredictions = true;
            t.sort.by = Some((super::SortKey::Confidence, true));
            t.refresh(shared, fx);
            t.cursor = 0;
        }
        Action::SortReverse => {
            if t.sort.reverse() {
                t.refresh(shared, fx);
                t.cursor = 0;
            } else {
                fx.status("nothing is sorted yet: o picks a column".to_string());
            }
        }
        // Global keys the table answers wherever focus is.
        Action::NextPrimary => step_primary(t, shared, fx, 1),
        Action::PrevPrimary => step_primary(t, shared, fx, -1),
        // The Slice Editor's "slice from search": the search is the table's.
        Action::SliceFromSearch => slice_from_search(t, shared, fx),
        Action::Cancel => {
            t.query = None;
            t.query_text.clear();
            t.only_mispredictions = false;
            t.only_selection = false;
            t.refresh(shared, fx);
        }
        _ => return false,
    }
    true
}

/// Live search: a valid query applies at once; an invalid one says why,
/// and the table keeps (and its title names) the last valid one.
pub fn apply_search(t: &mut Table, text: &str, shared: &Shared, fx: &mut Fx) {
    match Query::parse(text, &shared.rows) {
        Ok(q) => {
            let narrower = q.is_some() && crate::app::query::refines(&t.query_text, text);
            t.query_text = text.to_string();
            t.query = q;
            fx.push(Effect::ClearError);
            if !(narrower && super::view::narrow(t, shared)) {
                t.refresh(shared, fx);
            }
        }
        Err(e) => {
            let shown = if t.query_text.is_empty() {
                "every row".to_string()
            } else {
                format!("the rows of /{}", t.query_text)
            };
            fx.error(format!("{e}; the table shows {shown}"));
        }
    }
}

fn step_primary(t: &mut Table, shared: &Shared, fx: &mut Fx, step: isize) {
    if t.view.is_empty() {
        return;
    }
    let at = shared
        .primary
        .and_then(|p| t.view.iter().position(|&v| v == p))
        .map_or(0, |i| {
            (i as isize + step).clamp(0, t.view.len() as isize - 1) as usize
        });
    fx.primary(Some(t.view[at]));
    t.cursor = at;
}

/// A slice of the rows the search and filters show.
fn slice_from_search(t: &Table, shared: &Shared, fx: &mut Fx) {
    if t.query.is_none() && !t.only_mispredictions && !t.only_selection {
        fx.status("no search or filter is active: search with / first");
        return;
    }
    let base = if t.query_text.is_empty() {
        "filtered".to_string()
    } else {
        t.query_text.clone()
    };
    let name = shared.fresh_slice_name(&base);
    fx.status(format!(
        "made slice {name} with {}",
        crate::plural::rows(t.view.len())
    ));
    fx.push(Effect::CreateSlice {
        name,
        rows: t.view.clone(),
    });
    fx.push(Effect::Save);
}
