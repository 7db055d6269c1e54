//! Which rows the Data Table shows, and in what order.

use super::{SortKey, Table};
use crate::app::shared::Shared;

/// Recomputes the table's rows after a change of search, filters, sort,
/// selection (when filtering by it) or predictions. Keeps the cursor on the
/// same row when it is still shown.
pub fn refresh(t: &mut Table, state: &Shared) {
    let rows = &state.rows;
    let keep = t.cursor_row();
    let lower = t.query.as_ref().map(|_| rows.lower());
    let mut view: Vec<usize> = (0..rows.len())
        .filter(|&i| rows.live(i))
        .filter(|&i| !t.only_mispredictions || rows.correct(i) == Some(false))
        .filter(|&i| !t.only_selection || state.selection.contains(&i))
        .filter(|&i| match &t.query {
            Some(q) => q.matches(rows, i, lower.map_or("", |l| l[i].as_str())),
            None => true,
        })
        .collect();
    if let Some((key, descending)) = &t.sort.by {
        sort(&mut view, key, *descending, state);
    }
    let cursor = keep
        .and_then(|r| view.iter().position(|&v| v == r))
        .unwrap_or(t.cursor.min(view.len().saturating_sub(1)));
    t.view = view;
    t.cursor = cursor;
    if t.anchor.is_some_and(|a| a >= t.view.len()) {
        t.anchor = None;
    }
}

/// Sorts by a key computed once per row (not once per comparison), ties by row.
fn sort(view: &mut [usize], key: &SortKey, descending: bool, state: &Shared) {
    let rows = &state.rows;
    let order = |o: std::cmp::Ordering| if descending { o.reverse() } else { o };
    match key {
        SortKey::Text => {
            // Ranks are computed once per row set; sorting them is an integer sort.
            let rank = rows.text_rank();
            let mut keyed: Vec<(u32, usize)> = view.iter().map(|&i| (rank[i], i)).collect();
            keyed.sort_unstable_by(|a, b| order(a.0.cmp(&b.0)));
            view.iter_mut().zip(keyed).for_each(|(v, (_, i))| *v = i);
        }
        SortKey::Id => {
            let mut keyed: Vec<(u64, usize)> = view.iter().map(|&i| (rows.ids[i], i)).collect();
            keyed.sort_unstable_by(|a, b| order(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
            view.iter_mut().zip(keyed).for_each(|(v, (_, i))| *v = i);
        }
        SortKey::Feature(f) if rows.features[*f].numbers.is_none() => {
            let text = &rows.features[*f].text;
            let mut keyed: Vec<(&str, usize)> =
                view.iter().map(|&i| (text[i].as_str(), i)).collect();
            keyed.sort_unstable_by(|a, b| order(a.0.cmp(b.0)).then(a.1.cmp(&b.1)));
            view.iter_mut().zip(keyed).for_each(|(v, (_, i))| *v = i);
        }
        _ => {
            let missing = f64::NEG_INFINITY;
            let class = |c: Option<usize>| c.map_or(missing, |c| c as f64);
            let value = |i: usize| -> f64 {
                match key {
                    SortKey::Label => class(rows.gold[i]),
                    SortKey::Prediction => class(rows.predicted(i)),
                    SortKey::Confidence => rows.confidence(i).map_or(missing, f64::from),
                    SortKey::LabelQuality => rows.label_quality(i).map_or(missing, f64::from),
                    SortKey::Correct => rows.correct(i).map_or(missing, |c| f64::from(u8::from(c))),
                    SortKey::Star => f64::from(u8::from(state.starred.contains(&rows.ids[i]))),
                    SortKey::Feature(f) => {
                        rows.features[*f].numbers.as_ref().map_or(missing, |n| n[i])
                    }
                    SortKey::Text | SortKey::Id => missing,
                }
            };
            let mut keyed: Vec<(f64, usize)> = view.iter().map(|&i| (value(i), i)).collect();
            keyed.sort_unstable_by(|a, b| order(a.0.total_cmp(&b.0)).then(a.1.cmp(&b.1)));
            view.iter_mut().zip(keyed).for_each(|(v, (_, i))| *v = i);
        }
    }
}
