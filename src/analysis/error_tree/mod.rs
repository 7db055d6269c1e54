//! Error cohorts: a shallow binary decision tree that predicts whether a row
//! is wrong (prediction ≠ label), as Responsible AI's Error Analysis fits its
//! surrogate tree, splitting on Gini impurity. Every node is a cohort,
//! described by the conjunction of the conditions on its path, with its
//! size, error rate, error coverage (its share of all errors) and lift (its
//! error rate over the overall one).
//!
//! Every feature is a column of small integer levels:
//! - ordinal (numbers in bins, lengths, confidence, presence of a word):
//!   split as `level ≤ t` against `level > t`;
//! - categorical (a data column's values, the predicted class): split as
//!   one value against the rest.
//!
//! Splitting a node counts, for each feature, the rows and errors at each
//! level in one pass over the node's rows, then scores every split from
//! those counts.

mod features;

pub use features::{
    binned_feature, categorical_feature, membership_feature, numeric_feature, top_words,
    word_features, words,
};

/// How a feature's levels split.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Levels are ordered bins; `edges[i]` is the upper bound of level `i`
    /// (the last level has none). Described as `name ≤ edge` / `name > edge`,
    /// followed by `unit`.
    Ordinal { edges: Vec<f64>, unit: &'static str },
    /// Presence of something: level 1 present, 0 absent. Described with
    /// `yes` / `no` (`contains 'not'` / `lacks 'not'`).
    Presence { yes: String, no: String },
    /// Unordered values, one level each.
    Categorical { values: Vec<String> },
}

/// One feature over every row.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: String,
    pub kind: Kind,
    pub levels: Vec<u16>,
}

impl Feature {
    fn level_count(&self) -> usize {
        match &self.kind {
            Kind::Ordinal { edges, .. } => edges.len() + 1,
            Kind::Presence { .. } => 2,
            Kind::Categorical { values } => values.len(),
        }
    }
}

/// A split's condition, as one side of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub feature: usize,
    pub test: Test,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Test {
    /// Level at most this.
    AtMost(u16),
    /// Level above this.
    Above(u16),
    Is(u16),
    IsNot(u16),
}

impl Condition {
    fn holds(&self, level: u16) -> bool {
        match self.test {
            Test::AtMost(t) => level <= t,
            Test::Above(t) => level > t,
            Test::Is(v) => level == v,
            Test::IsNot(v) => level != v,
        }
    }

    /// `contains 'not'`, `length > 24 tokens`, `genre = drama`.
    pub fn describe(&self, features: &[Feature]) -> String {
        let f = &features[self.feature];
        match (&f.kind, self.test) {
            (Kind::Presence { yes, no }, t) => {
                let present = matches!(t, Test::Above(0) | Test::Is(1) | Test::IsNot(0));
                if present { yes.clone() } else { no.clone() }
            }
            (Kind::Ordinal { edges, unit }, Test::AtMost(t)) => {
                format!("{} ≤ {}{unit}", f.name, number(edges[t as usize]))
            }
            (Kind::Ordinal { edges, unit }, Test::Above(t)) => {
                format!("{} > {}{unit}", f.name, number(edges[t as usize]))
            }
            (Kind::Categorical { values }, Test::Is(v)) => {
                format!("{} = {}", f.name, values[v as usize])
            }
            (Kind::Categorical { values }, Test::IsNot(v)) => {
                format!("{} ≠ {}", f.name, values[v as usize])
            }
            (_, t) => format!("{} {t:?}", f.name),
        }
    }
}

/// A number as a bound: whole numbers without decimals.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The tree's limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TreeParams {
    pub max_depth: usize,
    pub min_leaf: usize,
}

impl Default for TreeParams {
    fn default() -> Self {
        Self {
            max_depth: 3,
            min_leaf: 20,
        }
    }
}

/// A node of the tree: a cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub depth: usize,
    pub parent: Option<usize>,
    pub children: Option<(usize, usize)>,
    /// The conditions on the path from the root.
    pub path: Vec<Condition>,
    pub rows: Vec<u32>,
    pub errors: usize,
}

impl Node {
    pub fn size(&self) -> usize {
        self.rows.len()
    }
}

/// A cohort with its scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    pub node: usize,
    pub description: String,
    pub size: usize,
    pub errors: usize,
    pub error_rate: f64,
    /// Its share of all errors.
    pub coverage: f64,
    /// Its error rate over the overall error rate.
    pub lift: f64,
}

impl Cohort {
    pub fn score(&self) -> f64 {
        self.coverage * self.lift
    }
}

/// The fitted tree: its nodes (the root first, each node's children after
/// it) and the cohorts, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorTree {
    pub nodes: Vec<Node>,
    pub cohorts: Vec<Cohort>,
    pub errors: usize,
}

/// Fits the tree over `rows` (indices into the features' rows), with
/// `wrong[r]` whether row `r` is wrong.
pub fn fit(features: &[Feature], wrong: &[bool], rows: &[u32], params: TreeParams) -> ErrorTree {
    let errors = rows.iter().filter(|&&r| wrong[r as usize]).count();
    let mut nodes = vec![Node {
        depth: 0,
        parent: None,
        children: None,
        path: Vec::new(),
        rows: rows.to_vec(),
        errors,
    }];
    let mut at = 0;
    while at < nodes.len() {
        let node = &nodes[at];
        if node.depth < params.max_depth
            && node.errors > 0
            && node.errors < node.size()
            && let Some(cond) = best_split(features, wrong, &node.rows, params.min_leaf)
        {
            let f = &features[cond.feature].levels;
            let (yes, no): (Vec<u32>, Vec<u32>) =
                node.rows.iter().partition(|&&r| cond.holds(f[r as usize]));
            let other = Condition {
                feature: cond.feature,
                test: match cond.test {
                    Test::AtMost(t) => Test::Above(t),
                    Test::Above(t) => Test::AtMost(t),
                    Test::Is(v) => Test::IsNot(v),
                    Test::IsNot(v) => Test::Is(v),
                },
            };
            let depth = node.depth + 1;
            let (mut left_path, mut right_path) = (node.path.clone(), node.path.clone());
            left_path.push(cond);
            right_path.push(other);
            let first = nodes.len();
            for (path, part) in [(left_path, yes), (right_path, no)] {
                let errs = part.iter().filter(|&&r| wrong[r as usize]).count();
                nodes.push(Node {
                    depth,
                    parent: Some(at),
                    children: None,
                    path,
                    rows: part,
                    errors: errs,
                });
            }
            nodes[at].children = Some((first, first + 1));
        }
        at += 1;
    }
    let cohorts = cohorts(&nodes, features, errors, rows.len());
    ErrorTree {
        nodes,
        cohorts,
        errors,
    }
}

fn gini_weighted(n: f64, e: f64) -> f64 {
    // n × Gini impurity of a node with e errors among n rows.
    if n == 0.0 {
        return 0.0;
    }
    let p = e / n;
    n * 2.0 * p * (1.0 - p)
}

/// The split with the largest decrease in Gini impurity leaving at least
/// `min_leaf` rows on each side (ties: the first feature, the first level).
fn best_split(
    features: &[Feature],
    wrong: &[bool],
    rows: &[u32],
    min_leaf: usize,
) -> Option<Condition> {
    let n = rows.len() as f64;
    let e_all = rows.iter().filter(|&&r| wrong[r as usize]).count() as f64;
    let parent = gini_weighted(n, e_all);
    let mut best: Option<(f64, Condition)> = None;
    let min = min_leaf.max(1) as f64;
    let mut consider = |gain: f64, cond: Condition| {
        if gain > 1e-12 && best.as_ref().is_none_or(|(g, _)| gain > *g + 1e-12) {
            best = Some((gain, cond));
        }
    };
    let (mut count, mut errs) = (Vec::new(), Vec::new());
    for (fi, f) in features.iter().enumerate() {
        let levels = f.level_count();
        if levels < 2 {
            continue;
        }
        count.clear();
        count.resize(levels, 0u32);
        errs.clear();
        errs.resize(levels, 0u32);
        for &r in rows {
            let l = f.levels[r as usize] as usize;
            count[l] += 1;
            errs[l] += u32::from(wrong[r as usize]);
        }
        match f.kind {
            Kind::Categorical { .. } => {
                for v in 0..levels {
                    let (nl, el) = (count[v] as f64, errs[v] as f64);
                    if nl < min || n - nl < min {
                        continue;
                    }
                    let gain = parent - gini_weighted(nl, el) - gini_weighted(n - nl, e_all - el);
                    let test = Test::Is(v as u16);
                    consider(gain, Condition { feature: fi, test });
                }
            }
            _ => {
                let (mut nl, mut el) = (0.0, 0.0);
                for t in 0..levels - 1 {
                    nl += count[t] as f64;
                    el += errs[t] as f64;
                    if nl < min || n - nl < min || count[t] == 0 {
                        continue;
                    }
                    let gain = parent - gini_weighted(nl, el) - gini_weighted(n - nl, e_all - el);
                    // The side holding the higher levels is named first
                    // ("contains 'not'", "length > 24").
                    let test = Test::Above(t as u16);
                    consider(gain, Condition { feature: fi, test });
                }
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Every node as a cohort, sorted by coverage × lift (ties: tree order).
fn cohorts(nodes: &[Node], features: &[Feature], errors: usize, total: usize) -> Vec<Cohort> {
    let overall = if total == 0 {
        0.0
    } else {
        errors as f64 / total as f64
    };
    let mut out: Vec<Cohort> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let rate = if n.size() == 0 {
                0.0
            } else {
                n.errors as f64 / n.size() as f64
            };
            Cohort {
                node: i,
                description: describe(&n.path, features),
                size: n.size(),
                errors: n.errors,
                error_rate: rate,
                coverage: if errors == 0 {
                    0.0
                } else {
                    n.errors as f64 / errors as f64
                },
                lift: if overall == 0.0 { 0.0 } else { rate / overall },
            }
        })
        .collect();
    out.sort_by(|a, b| b.score().total_cmp(&a.score()).then(a.node.cmp(&b.node)));
    out
}

/// A path as a conjunction; an ordinal feature's bounds on one side are
/// merged (`length > 12 ∧ length > 24` reads `length > 24`).
pub fn describe(path: &[Condition], features: &[Feature]) -> String {
    if path.is_empty() {
        return "all rows".to_string();
    }
    let mut kept: Vec<Condition> = Vec::new();
    for c in path {
        let same = kept.iter().position(|k| {
            k.feature == c.feature
                && matches!(
                    (k.test, c.test),
                    (Test::AtMost(_), Test::AtMost(_)) | (Test::Above(_), Test::Above(_))
                )
                && matches!(features[c.feature].kind, Kind::Ordinal { .. })
        });
        match same {
            Some(i) => kept[i] = c.clone(),
            None => kept.push(c.clone()),
        }
    }
    kept.iter()
        .map(|c| c.describe(features))
        .collect::<Vec<_>>()
        .join(" ∧ ")
}
