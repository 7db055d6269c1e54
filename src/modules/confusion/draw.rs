//! The confusion matrix: counts (or row percentages) with a cell cursor,
//! scrolling and abbreviated labels for many classes, or the most confused
//! pairs as a list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Confusion;
use crate::analysis::confusion::Confusion as Matrix;
use crate::app::analysis_job::Axis;
use crate::app::module::DrawCtx;
use crate::app::shared::Shared;
use crate::app::theme::Theme;
use crate::ui::{clip, clip_middle};

fn axis_name(state: &Shared, axis: Axis) -> String {
    match axis {
        Axis::Gold => "gold".into(),
        // With compared models, each prediction axis names its model.
        Axis::Prediction if !state.rows.compared().is_empty() => {
            format!("pred {}", state.model_name)
        }
        Axis::Prediction => "pred".into(),
        Axis::Model(m) => format!(
            "pred {}",
            state
                .rows
                .compared()
                .get(m - 1)
                .map_or("?", |c| c.name.as_str())
        ),
        Axis::Feature(f) => state.rows.features[f].name.clone(),
    }
}

pub fn draw(c: &Confusion, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let (state, theme, focused) = (cx.shared, cx.theme, cx.focused);
    let Some(analysis) = &state.report else {
        frame.render_widget(Paragraph::new("computing…").style(theme.muted()), area);
        return;
    };
    let m = &analysis.confusion;
    let p = c;
    let mut lines: Vec<Line> = Vec::new();
    if p.pairs {
        frame.render_widget(Paragraph::new(pair_lines(c, m, area, cx)), area);
        return;
    }
    let (cr, cc) = p.cell;
    let row_label_w = m
        .rows
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 12);
    let max = m.counts.iter().flatten().max().copied().unwrap_or(0);
    // Labels as long as fit with every column in view; many classes get a few letters each.
    let digits = if p.normalized {
        4
    } else {
        max.to_string().len()
    };
    let room = (area.width as usize).saturating_sub(row_label_w + 1) / m.cols.len().max(1);
    let longest = m.cols.iter().map(|l| l.chars().count()).max().unwrap_or(3);
    let cell_w = longest
        .min(room.saturating_sub(1))
        .min(10)
        .max(digits)
        .max(3)
        + 1;
    let visible_cols = ((area.width as usize).saturating_sub(row_label_w + 1) / cell_w).max(1);
    let visible_rows = (area.height as usize).saturating_sub(3).max(1);
    // Scroll so the cursor cell stays mid-view.
    let col0 = cc
        .saturating_sub(visible_cols / 2)
        .min(m.cols.len().saturating_sub(visible_cols));
    let row0 = cr
        .saturating_sub(visible_rows / 2)
        .min(m.rows.len().saturating_sub(visible_rows));
    let (ro, co) = super::order::display_order(p, m);
    lines.push(Line::from(Span::styled(
        format!(
            "{} ↓ × {} → · row {}/{} col {}/{}{}{}",
            axis_name(state, p.row_axis),
            axis_name(state, p.col_axis),
            cr + 1,
            m.rows.len(),
            cc + 1,
            m.cols.len(),
            if p.normalized { " (% of row)" } else { "" },
            if p.by_confusion {
                " · most confused first"
            } else {
                ""
            },
        ),
        theme.muted(),
    )));
    lines.push(cell_line(
        m,
        ro.get(cr).copied(),
        co.get(cc).copied(),
        theme,
    ));
    let cols = col0..(col0 + visible_cols).min(m.cols.len());
    lines.push(header_line(m, cols, &co, row_label_w, cell_w, cc, cx.theme));
    let shown_rows = row0..(row0 + visible_rows).min(m.rows.len());
    for (dr, &r) in ro
        .iter()
        .enumerate()
        .take(shown_rows.end)
        .skip(shown_rows.start)
    {
        let label_style = if dr == cr {
            Style::default()
                .fg(theme.accent)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(theme.header)
        };
        let mut spans = vec![Span::styled(
            format!("{:<row_label_w$} ", clip_middle(&m.rows[r], row_label_w)),
            label_style,
        )];
        let grid = Grid {
            cells: col0..(col0 + visible_cols).min(m.cols.len()),
            order: &co,
            width: cell_w,
            cursor: focused.then_some((cr, cc)),
            row: dr,
        };
        spans.extend(row_cells(p, m, r, &grid, cx.theme));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The most-confused pairs, the cursor's highlighted.
fn pair_lines(p: &Confusion, m: &Matrix, area: Rect, cx: &DrawCtx) -> Vec<Line<'static>> {
    let (state, theme, focused) = (cx.shared, cx.theme, cx.focused);
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.push(Line::from(Span::styled(
        format!(
            "most confused: {} → {}",
            axis_name(state, p.row_axis),
            axis_name(state, p.col_axis)
        ),
        Style::default()
            .fg(theme.header)
            .add_modifier(Modifier::BOLD),
    )));
    let pairs = m.most_confused(20);
    let visible = area.height.saturating_sub(1) as usize;
    let offset = p.pairs_cursor.saturating_sub(visible.saturating_sub(1));
    for (k, &(r, col, n)) in pairs.iter().enumerate().skip(offset).take(visible) {
        let style = if focused && k == p.pairs_cursor {
            theme.cursor()
        } else {
            theme.base()
        };
        let w = (area.width as usize).saturating_sub(8) / 2;
        lines.push(Line::from(Span::styled(
            format!(
                "{:>5} {} → {}",
                n,
                clip(&m.rows[r], w),
                clip(&m.cols[col], w)
            ),
            style,
        )));
    }
    lines
}

/// Which columns a matrix row shows (display positions, and the class at
/// each), how wide, the cursor cell, and the row's display position.
struct Grid<'a> {
    cells: std::ops::Range<usize>,
    order: &'a [usize],
    width: usize,
    cursor: Option<(usize, usize)>,
    row: usize,
}

/// One matrix row's cells: counts (or row shares), right on the diagonal.
fn row_cells(
    p: &Confusion,
    m: &Matrix,
    r: usize,
    grid: &Grid,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let cell_w = grid.width;
    grid.cells
        .clone()
        .map(|dc| {
            let c = grid.order[dc];
            let n = m.counts[r][c];
            let text = if p.normalized {
                format!(
                    "{:>w$}",
                    format!("{:.0}%", 100.0 * m.row_share(r, c)),
                    w = cell_w
                )
            } else {
                format!("{n:>cell_w$}")
            };
            let mut style = if m.rows[r] == m.cols[c] {
                Style::default().fg(theme.positive)
            } else if n > 0 {
                Style::default().fg(theme.negative)
            } else {
                theme.muted()
            };
            if grid.cursor == Some((grid.row, dc)) {
                style = style.patch(theme.cursor()).add_modifier(Modifier::BOLD);
            }
            Span::styled(text, style)
        })
        .collect()
}

/// The column names, the cursor's column bright.
fn header_line(
    m: &Matrix,
    cols: std::ops::Range<usize>,
    order: &[usize],
    row_label_w: usize,
    cell_w: usize,
    cc: usize,
    theme: &Theme,
) -> Line<'static> {
    let mut header = vec![Span::raw(format!("{:row_label_w$} ", ""))];
    for dc in cols {
        let c = order[dc];
        let style = if dc == cc {
            Style::default()
                .fg(theme.accent)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(theme.header)
        };
        header.push(Span::styled(
            format!("{:>w$}", clip(&m.cols[c], cell_w - 1), w = cell_w),
            style,
        ));
    }
    Line::from(header)
}

/// The cell under the cursor, both classes in full, and its count.
fn cell_line(m: &Matrix, r: Option<usize>, c: Option<usize>, theme: &Theme) -> Line<'static> {
    let (Some(r), Some(c)) = (r, c) else {
        return Line::default();
    };
    let n = m.counts[r][c];
    let total: usize = m.counts[r].iter().sum();
    Line::from(vec![
        Span::styled(m.rows[r].clone(), Style::default().fg(theme.header)),
        Span::styled(" → ", theme.muted()),
        Span::styled(m.cols[c].clone(), Style::default().fg(theme.header)),
        Span::styled(
            format!(": {n} of {total} rows"),
            Style::default().add_modifier(Modifier::BOLD),
        ),
    ])
}
