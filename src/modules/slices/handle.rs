//! Slice Editor actions: make, select, rename, delete and export slices.

use super::{ExportTarget, NAME, Slices};
use crate::app::action::Action;
use crate::app::effect::{Effect, Fx};
use crate::app::shared::{Input, Shared};

const RENAME: u8 = 0;
const EXPORT: u8 = 1;

pub fn handle(s: &mut Slices, action: &Action, shared: &Shared, fx: &mut Fx) -> bool {
    let n = shared.slice_count();
    let cur = s.cursor.min(n - 1);
    match action {
        Action::Up => s.cursor = cur.saturating_sub(1),
        Action::Down => s.cursor = (cur + 1).min(n - 1),
        Action::Top => s.cursor = 0,
        Action::Bottom => s.cursor = n - 1,
        Action::SliceFromSelection => {
            let rows: Vec<usize> = shared.selection.iter().copied().collect();
            if rows.is_empty() {
                fx.status("the selection is empty: select rows first (space in the table)");
                return true;
            }
            let name = shared.fresh_slice_name("selection");
            add_slice(name, rows, fx);
        }
        Action::SelectSlice => select(shared, cur, fx),
        // A global key: Starred, then each slice in turn.
        Action::SelectNextSlice => {
            let next = s.cycled.map_or(0, |c| (c + 1) % n);
            s.cycled = Some(next);
            s.cursor = next;
            select(shared, next, fx);
        }
        Action::RenameSlice if cur > 0 => {
            s.renaming = Some(cur - 1);
            let name = shared.slices[cur - 1].name.clone();
            fx.prompt(Input::new(NAME, RENAME, name).labelled(" rename slice: "));
        }
        Action::DeleteSlice if cur > 0 => {
            fx.status(format!("deleted slice {}", shared.slices[cur - 1].name));
            fx.push(Effect::DeleteSlice(cur - 1));
            fx.push(Effect::Save);
        }
        Action::RenameSlice | Action::DeleteSlice => {
            fx.status("Starred is built in: star and unstar rows with s")
        }
        Action::ExportSlice => ask_path(s, ExportTarget::Slice(cur), shared.slice_name(cur), fx),
        Action::ExportSelection => ask_path(s, ExportTarget::Selection, "selection", fx),
        _ => return false,
    }
    true
}

fn add_slice(name: String, rows: Vec<usize>, fx: &mut Fx) {
    fx.status(format!(
        "made slice {name} with {}",
        crate::plural::rows(rows.len())
    ));
    fx.push(Effect::CreateSlice { name, rows });
    fx.push(Effect::Save);
}

fn select(shared: &Shared, i: usize, fx: &mut Fx) {
    let rows = shared.slice_rows(i);
    fx.status(format!(
        "selected slice {} ({})",
        shared.slice_name(i),
        crate::plural::rows(rows.len())
    ));
    fx.select(rows.to_vec());
}

fn ask_path(s: &mut Slices, target: ExportTarget, name: &str, fx: &mut Fx) {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.exporting = Some(target);
    fx.prompt(
        Input::new(NAME, EXPORT, format!("{safe}.jsonl"))
            .labelled(" export to (.jsonl, .csv, .parquet): "),
    );
}

pub fn prompt_done(s: &mut Slices, tag: u8, text: &str, shared: &Shared, fx: &mut Fx) {
    match tag {
        RENAME => {
            let Some(i) = s.renaming.take() else { return };
            let name = text.trim().to_string();
            let taken = shared
                .slices
                .iter()
                .enumerate()
                .any(|(j, s)| j != i && s.name == name);
            if name.is_empty() || name == "Starred" || taken {
                fx.error(format!(
                    "cannot rename the slice to `{name}`: the name is empty or taken"
                ));
            } else {
                fx.push(Effect::RenameSlice(i, name));
                fx.push(Effect::Save);
            }
        }
        EXPORT => {
            let Some(target) = s.exporting.take() else {
                return;
            };
            let rows = match target {
                ExportTarget::Selection => shared.selection.iter().copied().collect(),
                ExportTarget::Slice(i) => shared.slice_rows(i).to_vec(),
            };
            fx.push(Effect::Export {
                path: text.trim().into(),
                rows,
            });
        }
        _ => {}
    }
}
