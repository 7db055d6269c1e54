//! Which rows the Data Table shows, and in what order.

use super::state::{AppState, SortKey};

/// Recomputes the table's rows after a change of search, filters, sort,
/// selection (when filtering by it) or predictions. Keeps the cursor on the
/// same row when it is still shown.
pub fn refresh(state: &mut AppState) {
    let rows = &state.rows;
    let t = &state.table;
    let keep = state.cursor_row();
    let mut view: Vec<usize> = (0..rows.len())
        .filter(|&i| !t.only_mispredictions || rows.correct(i) == Some(false))
        .filter(|&i| !t.only_selection || state.selection.contains(&i))
        .filter(|&i| match &t.query {
            Some(q) => q.matches(rows, i, &rows.texts[i].to_lowercase()),
            None => true,
        })
        .collect();
    if let Some((key, descending)) = &t.sort {
        let starred = |i: usize| state.starred.contains(&rows.ids[i]);
        let num = |v: Option<f32>| v.unwrap_or(f32::NEG_INFINITY);
        view.sort_by(|&a, &b| {
            let o = match key {
                SortKey::Id => rows.ids[a].cmp(&rows.ids[b]),
                SortKey::Text => rows.texts[a].cmp(&rows.texts[b]),
                SortKey::Label => rows.gold[a].cmp(&rows.gold[b]),
                SortKey::Prediction => rows.predicted(a).cmp(&rows.predicted(b)),
                SortKey::Confidence => num(rows.confidence(a)).total_cmp(&num(rows.confidence(b))),
                SortKey::Correct => rows.correct(a).cmp(&rows.correct(b)),
                SortKey::Star => starred(a).cmp(&starred(b)),
                SortKey::Feature(f) => {
                    let feat = &rows.features[*f];
                    match &feat.numbers {
                        Some(n) => n[a].total_cmp(&n[b]),
                        None => feat.text[a].cmp(&feat.text[b]),
                    }
                }
            };
            let o = if *descending { o.reverse() } else { o };
            o.then(a.cmp(&b))
        });
    }
    let cursor = keep
        .and_then(|r| view.iter().position(|&v| v == r))
        .unwrap_or(state.table.cursor.min(view.len().saturating_sub(1)));
    state.table.view = view;
    state.table.cursor = cursor;
    if state
        .table
        .anchor
        .is_some_and(|a| a >= state.table.view.len())
    {
        state.table.anchor = None;
    }
}

/// The sortable columns in table order.
pub fn sort_keys(features: usize) -> Vec<SortKey> {
    let mut keys = vec![
        SortKey::Id,
        SortKey::Text,
        SortKey::Label,
        SortKey::Prediction,
        SortKey::Confidence,
        SortKey::Correct,
        SortKey::Star,
    ];
    keys.extend((0..features).map(SortKey::Feature));
    keys
}
