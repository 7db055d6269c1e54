//! Confusion matrices over any two categorical columns (gold against
//! predicted by default), their cells' rows, and the most confused pairs.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    /// Values of the row axis (gold by default), in order.
    pub rows: Vec<String>,
    /// Values of the column axis (predicted by default).
    pub cols: Vec<String>,
    /// `counts[r][c]`: rows whose row value is `r` and column value is `c`.
    pub counts: Vec<Vec<usize>>,
}

/// Counts `which` rows by `(row_of[i], col_of[i])`; rows missing either value are left out.
pub fn confusion(
    row_of: &[Option<usize>],
    col_of: &[Option<usize>],
    which: &[usize],
    rows: &[String],
    cols: &[String],
) -> Confusion {
    let mut counts = vec![vec![0usize; cols.len()]; rows.len()];
    for &i in which {
        if let (Some(r), Some(c)) = (row_of[i], col_of[i])
            && r < rows.len()
            && c < cols.len()
        {
            counts[r][c] += 1;
        }
    }
    Confusion {
        rows: rows.to_vec(),
        cols: cols.to_vec(),
        counts,
    }
}

/// The rows of one cell.
pub fn cell_rows(
    row_of: &[Option<usize>],
    col_of: &[Option<usize>],
    which: &[usize],
    r: usize,
    c: usize,
) -> Vec<usize> {
    which
        .iter()
        .copied()
        .filter(|&i| row_of[i] == Some(r) && col_of[i] == Some(c))
        .collect()
}

impl Confusion {
    pub fn row_total(&self, r: usize) -> usize {
        self.counts[r].iter().sum()
    }

    /// A cell as a share of its row (recall-style normalisation).
    pub fn row_share(&self, r: usize, c: usize) -> f64 {
        let total = self.row_total(r);
        if total == 0 {
            0.0
        } else {
            self.counts[r][c] as f64 / total as f64
        }
    }

    /// Off-diagonal cells (by value name) with the most rows, most first.
    pub fn most_confused(&self, n: usize) -> Vec<(usize, usize, usize)> {
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (r, row) in self.counts.iter().enumerate() {
            for (c, &count) in row.iter().enumerate() {
                if count > 0 && self.rows[r] != self.cols[c] {
                    pairs.push((r, c, count));
                }
            }
        }
        pairs.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        pairs.truncate(n);
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("c{i}")).collect()
    }

    #[test]
    fn counts_cells_and_pairs() {
        let gold = [Some(0), Some(0), Some(1), Some(1), Some(2), None];
        let pred = [Some(0), Some(1), Some(1), Some(0), Some(1), Some(0)];
        let all: Vec<usize> = (0..6).collect();
        let m = confusion(&gold, &pred, &all, &names(3), &names(3));
        assert_eq!(m.counts, vec![vec![1, 1, 0], vec![1, 1, 0], vec![0, 1, 0]]);
        assert_eq!(cell_rows(&gold, &pred, &all, 1, 0), vec![3]);
        assert_eq!(m.most_confused(2), vec![(0, 1, 1), (1, 0, 1)]);
        assert!((m.row_share(0, 1) - 0.5).abs() < 1e-12);
    }
}
