//! The matrix's display order: as the labels come, or most confused first
//! (classes with the most off-diagonal rows lead, so the busy block of a
//! 77-class matrix is on screen).

use super::Confusion;
use crate::analysis::confusion::Confusion as Matrix;

/// Row and column classes at each display position.
pub fn display_order(c: &Confusion, m: &Matrix) -> (Vec<usize>, Vec<usize>) {
    let rows: Vec<usize> = (0..m.rows.len()).collect();
    let cols: Vec<usize> = (0..m.cols.len()).collect();
    if !c.by_confusion {
        return (rows, cols);
    }
    // Off the diagonal: a row and a column of the same name is the diagonal.
    let off = |r: usize, col: usize| {
        if m.rows[r] == m.cols[col] {
            0
        } else {
            m.counts[r][col]
        }
    };
    let row_errors: Vec<usize> = rows
        .iter()
        .map(|&r| cols.iter().map(|&col| off(r, col)).sum())
        .collect();
    let col_errors: Vec<usize> = cols
        .iter()
        .map(|&col| rows.iter().map(|&r| off(r, col)).sum())
        .collect();
    let mut ro = rows;
    let mut co = cols;
    ro.sort_by(|&a, &b| row_errors[b].cmp(&row_errors[a]));
    co.sort_by(|&a, &b| col_errors[b].cmp(&col_errors[a]));
    (ro, co)
}
