//! The words that differ between two texts: a longest-common-subsequence diff
//! over whitespace-split words, to mark what a counterfactual changed.

/// One word of the diff, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordChange {
    /// In both texts.
    Same(String),
    /// Only in the first (the parent).
    Removed(String),
    /// Only in the second (the counterfactual).
    Added(String),
}

impl WordChange {
    pub fn word(&self) -> &str {
        match self {
            Self::Same(w) | Self::Removed(w) | Self::Added(w) => w,
        }
    }

    pub fn is_change(&self) -> bool {
        !matches!(self, Self::Same(_))
    }
}

/// Texts longer than this many words on both sides are compared word by word
/// at the ends only, to bound the table at `LIMIT²` cells.
const LIMIT: usize = 2_000;

/// Words of `a` and `b` aligned: equal words kept, the rest removed or added.
/// Case is compared as written; removals come before additions at each change.
pub fn word_diff(a: &str, b: &str) -> Vec<WordChange> {
    let a: Vec<&str> = a.split_whitespace().collect();
    let b: Vec<&str> = b.split_whitespace().collect();
    // Common prefix and suffix need no table.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out: Vec<WordChange> = a[..prefix]
        .iter()
        .map(|w| WordChange::Same(w.to_string()))
        .collect();
    if mid_a.len().min(mid_b.len()) > LIMIT {
        out.extend(mid_a.iter().map(|w| WordChange::Removed(w.to_string())));
        out.extend(mid_b.iter().map(|w| WordChange::Added(w.to_string())));
    } else {
        out.extend(lcs_diff(mid_a, mid_b));
    }
    out.extend(
        a[a.len() - suffix..]
            .iter()
            .map(|w| WordChange::Same(w.to_string())),
    );
    out
}

fn lcs_diff(a: &[&str], b: &[&str]) -> Vec<WordChange> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(WordChange::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            out.push(WordChange::Removed(a[i].to_string()));
            i += 1;
        } else {
            out.push(WordChange::Added(b[j].to_string()));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use WordChange::*;

    fn s(w: &str) -> String {
        w.to_string()
    }

    #[test]
    fn marks_a_replaced_word() {
        assert_eq!(
            word_diff("a great film", "a terrible film"),
            vec![
                Same(s("a")),
                Removed(s("great")),
                Added(s("terrible")),
                Same(s("film"))
            ]
        );
    }

    #[test]
    fn marks_insertions_and_deletions() {
        assert_eq!(
            word_diff("not a good film", "a good film indeed"),
            vec![
                Removed(s("not")),
                Same(s("a")),
                Same(s("good")),
                Same(s("film")),
                Added(s("indeed"))
            ]
        );
        assert!(
            word_diff("same  text", "same text")
                .iter()
                .all(|c| !c.is_change())
        );
    }

    #[test]
    fn empty_sides() {
        assert_eq!(word_diff("", "new"), vec![Added(s("new"))]);
        assert_eq!(word_diff("old", ""), vec![Removed(s("old"))]);
        assert!(word_diff("", "").is_empty());
    }
}
