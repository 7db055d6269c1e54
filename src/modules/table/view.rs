//! Which rows the Data Table shows, and in what order.

use super::{SortKey, Table};
use crate::app::rows::LowerTexts;
use crate::app::shared::Shared;

/// Recomputes the table's rows after a change of search, filters, sort,
/// selection (when filtering by it) or predictions. Keeps the cursor on the
/// same row when it is still shown. A search before the search index is
/// built leaves the rows as they are and marks the table as waiting for it.
pub fn refresh(t: &mut Table, state: &Shared) {
    let rows = &state.rows;
    let lower = match &t.query {
        Some(_) => match rows.search_index() {
            Some(lower) => Some(lower),
            None => {
                t.awaiting_index = true;
                return;
            }
        },
        None => None,
    };
    t.awaiting_index = false;
    let keep = t.cursor_row();
    // The rows that pass the filters and hold the search's plain words, kept
    // while those stay the same: typing a pattern or range after a word then
    // tests the word's rows, not every row.
    let words_key = {
        let words = t.query.as_ref().map(|q| q.words()).unwrap_or_default();
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for w in &words {
            h.update(w);
            h.update(&[0]);
        }
        (rows.version, rows.len(), t.only_mispredictions, h.digest())
    };
    let candidates = match &t.word_rows {
        Some((key, found)) if *key == words_key && !t.only_selection => found.clone(),
        _ => {
            let words = Words::of(t.query.as_ref());
            let found = std::sync::Arc::new(filter_rows(rows.len(), |i| {
                rows.live(i)
                    && (!t.only_mispredictions || rows.correct(i) == Some(false))
                    && match (&t.query, lower) {
                        (Some(q), Some(l)) => words.hold(l, i, || q.matches_words(&l[i])),
                        _ => true,
                    }
            }));
            t.word_rows = Some((words_key, found.clone()));
            found
        }
    };
    let words_only = t.query.as_ref().is_none_or(|q| q.only_words());
    let mut view: Vec<usize> = if words_only && !t.only_selection {
        // Nothing more to test: the candidates are the view (a copy, not a pass).
        candidates.to_vec()
    } else {
        filter_rows(candidates.len(), |k| {
            let i = candidates[k];
            (!t.only_selection || state.selection.contains(&i))
                && t.query.as_ref().is_none_or(|q| q.matches_others(rows, i))
        })
        .into_iter()
        .map(|k| candidates[k])
        .collect()
    };
    if let Some((key, descending)) = &t.sort.by {
        sort(&mut view, key, *descending, state);
    }
    set_view(t, view, keep);
    t.built_for = Some((rows.version, rows.len()));
}

/// Keeps the view's rows that the (narrower) query matches: a search
/// keystroke that only narrows costs the rows shown, not every row, and the
/// order stands. `false` when the view is not current, so it must be rebuilt.
pub fn narrow(t: &mut Table, state: &Shared) -> bool {
    let rows = &state.rows;
    if t.built_for != Some((rows.version, rows.len())) || t.only_selection {
        return false;
    }
    let Some(lower) = rows.search_index() else {
        return false;
    };
    let keep = t.cursor_row();
    let words = Words::of(t.query.as_ref());
    let view: Vec<usize> = match &t.query {
        Some(q) => {
            let shown = &t.view;
            let others = !q.only_words();
            filter_rows(shown.len(), |k| {
                let i = shown[k];
                words.hold(lower, i, || q.matches_words(&lower[i]))
                    && (!others || q.matches_others(rows, i))
            })
            .into_iter()
            .map(|k| shown[k])
            .collect()
        }
        None => return false,
    };
    set_view(t, view, keep);
    true
}

/// The search's plain words as a byte mask: rows whose text lacks one of
/// their bytes are ruled out without reading the text (`LowerTexts`).
struct Words {
    mask: u64,
    /// The mask alone decides (each word is one letter or digit).
    decided: bool,
}

impl Words {
    fn of(query: Option<&crate::app::query::Query>) -> Self {
        query.map_or(
            Self {
                mask: 0,
                decided: true,
            },
            |q| Self {
                mask: q.word_mask(),
                decided: q.mask_decides_words(),
            },
        )
    }

    /// Whether row `i` holds every word; `read` reads its text when the mask cannot tell.
    fn hold(&self, lower: &LowerTexts, i: usize, read: impl FnOnce() -> bool) -> bool {
        lower.may_hold(i, self.mask) && (self.decided || read())
    }
}

fn set_view(t: &mut Table, view: Vec<usize>, keep: Option<usize>) {
    let cursor = keep
        .and_then(|r| view.iter().position(|&v| v == r))
        .unwrap_or(t.cursor.min(view.len().saturating_sub(1)));
    t.view = view;
    t.cursor = cursor;
    if t.anchor.is_some_and(|a| a >= t.view.len()) {
        t.anchor = None;
    }
}

/// The rows in `0..n` that `keep`, in order; a million rows are split
/// across the cores, so a search keystroke stays within a frame.
fn filter_rows(n: usize, keep: impl Fn(usize) -> bool + Sync) -> Vec<usize> {
    const PER_THREAD: usize = 100_000;
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(n / PER_THREAD)
        .max(1);
    if threads == 1 {
        return (0..n).filter(|&i| keep(i)).collect();
    }
    let step = n.div_ceil(threads);
    let keep = &keep;
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..n)
            .step_by(step)
            .map(|start| {
                scope.spawn(move || {
                    (start..(start + step).min(n))
                        .filter(|&i| keep(i))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
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
            let feature = &rows.features[*f];
            let mut keyed: Vec<(&str, usize)> =
                view.iter().map(|&i| (feature.text(i), i)).collect();
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
