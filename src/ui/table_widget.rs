//! The table every tabular module draws with: columns (header and width),
//! sort marks, a scrolling window that keeps the cursor mid-screen, and rows
//! built only for the lines on screen, so 1,000,000 rows draw like 100.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Cell, Row, Table};

use super::Theme;

pub struct Column {
    pub header: String,
    pub width: Constraint,
}

impl Column {
    pub fn new(header: impl Into<String>, width: Constraint) -> Self {
        Self {
            header: header.into(),
            width,
        }
    }

    /// A sortable column: its header carries ▲ or ▼ when it is the sort key.
    pub fn sorted(header: &str, width: Constraint, sort: Option<bool>) -> Self {
        let mark = match sort {
            Some(true) => "▼",
            Some(false) => "▲",
            None => "",
        };
        Self::new(format!("{header}{mark}"), width)
    }
}

/// A sort over keys of type `K`: which key, and whether descending.
#[derive(Debug, Clone, PartialEq)]
pub struct Sort<K> {
    pub by: Option<(K, bool)>,
}

impl<K> Default for Sort<K> {
    fn default() -> Self {
        Self { by: None }
    }
}

impl<K: Clone + PartialEq> Sort<K> {
    /// The next key in `keys` (none after the last), keeping the direction.
    pub fn next(&mut self, keys: &[K]) {
        self.by = match &self.by {
            None => keys.first().map(|k| (k.clone(), false)),
            Some((k, desc)) => {
                let at = keys.iter().position(|x| x == k).unwrap_or(0);
                keys.get(at + 1).map(|k| (k.clone(), *desc))
            }
        };
    }

    /// Flips the direction; false when nothing is sorted.
    pub fn reverse(&mut self) -> bool {
        match &mut self.by {
            Some((_, desc)) => {
                *desc = !*desc;
                true
            }
            None => false,
        }
    }

    /// Whether `key` is the sort key, and descending.
    pub fn mark(&self, key: &K) -> Option<bool> {
        self.by
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, desc)| *desc)
    }
}

/// The first of `len` rows shown in `height` lines, so the cursor stays mid-screen.
pub fn offset(cursor: usize, len: usize, height: usize) -> usize {
    cursor
        .saturating_sub(height / 2)
        .min(len.saturating_sub(height))
}

/// What a table shows: its columns, how many rows, and the cursor.
pub struct Spec {
    pub columns: Vec<Column>,
    pub len: usize,
    pub cursor: Option<usize>,
    /// The cursor row is highlighted only when the table has focus.
    pub focused: bool,
}

/// Draws `spec.len` rows under a bold header; `row(i)` builds row `i`'s
/// cells and style, only for rows on screen.
pub fn draw<'a>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    spec: &Spec,
    row: impl Fn(usize) -> (Vec<Cell<'a>>, Style),
) {
    let Spec {
        columns,
        len,
        cursor,
        focused,
    } = spec;
    let (len, cursor, focused) = (*len, *cursor, *focused);
    let header = Row::new(columns.iter().map(|c| c.header.clone())).style(
        Style::default()
            .fg(theme.header)
            .add_modifier(Modifier::BOLD),
    );
    let height = area.height.saturating_sub(1) as usize;
    let first = offset(cursor.unwrap_or(0), len, height);
    let body: Vec<Row> = (first..(first + height).min(len))
        .map(|i| {
            let (cells, mut style) = row(i);
            if focused && cursor == Some(i) {
                style = style.patch(theme.cursor());
            }
            Row::new(cells).style(style)
        })
        .collect();
    let table = Table::new(body, columns.iter().map(|c| c.width))
        .header(header)
        .column_spacing(1);
    frame.render_widget(table, area);
}
