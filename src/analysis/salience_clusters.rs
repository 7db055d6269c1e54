//! Salience clusters, as LIT's Salience Clustering
//! (`lit_nlp/components/salience_clustering.py`) makes them: each row's
//! salience map becomes a vocabulary-sized vector holding the salience of
//! its top-k tokens by |salience| (ties at the k-th kept; a token seen twice
//! keeps the larger |salience|), L2-normalised; k-means groups the vectors;
//! each cluster shows the tokens with the largest |mean salience|.
//!
//! The vocabulary is built from the tokens in order of appearance (LIT's
//! fallback when the model has no embedding table). k-means is seeded by
//! greedy k-means++ (as scikit-learn seeds) then Lloyd's iterations, with
//! lit-tui's own generator: the same seed gives the same clusters, though
//! not scikit-learn's.

use std::collections::HashMap;

use super::rng::Rng;

/// One row's salience map.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenSalience {
    pub tokens: Vec<String>,
    pub salience: Vec<f32>,
}

/// LIT's defaults: 10 clusters, the top 5 tokens per row, 10 shown per cluster, seed 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub clusters: usize,
    pub top_k: usize,
    pub shown: usize,
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            clusters: 10,
            top_k: 5,
            shown: 10,
            seed: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clusters {
    /// Each row's cluster.
    pub assignment: Vec<usize>,
    /// Per cluster: its tokens by |mean salience|, with the mean (nonzero only).
    pub top_tokens: Vec<Vec<(String, f32)>>,
    pub vocab: Vec<String>,
}

impl Clusters {
    /// The rows (positions in the input) of cluster `c`.
    pub fn members(&self, c: usize) -> Vec<usize> {
        (0..self.assignment.len())
            .filter(|&i| self.assignment[i] == c)
            .collect()
    }
}

/// A sparse vector: (vocabulary index, value), indices ascending.
type Sparse = Vec<(usize, f32)>;

/// The vocabulary in order of first appearance.
pub fn vocabulary(rows: &[TokenSalience]) -> (HashMap<String, usize>, Vec<String>) {
    let mut lookup = HashMap::new();
    let mut vocab = Vec::new();
    for r in rows {
        for t in &r.tokens {
            if !lookup.contains_key(t) {
                lookup.insert(t.clone(), vocab.len());
                vocab.push(t.clone());
            }
        }
    }
    (lookup, vocab)
}

/// A row's top-k tokens' salience at their vocabulary positions, L2-normalised.
pub fn representation(
    row: &TokenSalience,
    lookup: &HashMap<String, usize>,
    top_k: usize,
) -> Sparse {
    // Per token type, the salience with the largest magnitude (the first on ties).
    let mut weights: Vec<(&str, f32)> = Vec::new();
    for (t, &s) in row.tokens.iter().zip(&row.salience) {
        match weights.iter_mut().find(|(w, _)| *w == t) {
            Some((_, v)) if s.abs() > v.abs() => *v = s,
            Some(_) => {}
            None => weights.push((t, s)),
        }
    }
    if weights.is_empty() {
        return Vec::new();
    }
    weights.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let mut end = top_k.min(weights.len()).max(1);
    let threshold = weights[end - 1].1.abs();
    while end < weights.len() && weights[end].1.abs() == threshold {
        end += 1;
    }
    let mut v: Sparse = weights[..end]
        .iter()
        .filter_map(|(t, s)| lookup.get(*t).map(|&i| (i, *s)))
        .collect();
    v.sort_by_key(|&(i, _)| i);
    let norm = v.iter().map(|(_, s)| s * s).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, s) in &mut v {
            *s /= norm;
        }
    }
    v
}

fn distance2(x: &Sparse, x2: f32, c: &[f32], c2: f32) -> f32 {
    let dot: f32 = x.iter().map(|&(i, v)| v * c[i]).sum();
    (x2 - 2.0 * dot + c2).max(0.0)
}

/// k-means++ seeding, then Lloyd's iterations until no row moves (at most 300).
pub fn kmeans(rows: &[Sparse], dim: usize, k: usize, seed: u64) -> (Vec<usize>, Vec<Vec<f32>>) {
    let n = rows.len();
    let k = k.min(n).max(1);
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    let norms: Vec<f32> = rows
        .iter()
        .map(|x| x.iter().map(|(_, v)| v * v).sum())
        .collect();
    let dense = |x: &Sparse| {
        let mut c = vec![0f32; dim];
        for &(i, v) in x {
            c[i] = v;
        }
        c
    };
    let mut rng = Rng::new(seed);
    let mut centers = vec![dense(&rows[rng.below(n)])];
    let mut c_norms = vec![centers[0].iter().map(|v| v * v).sum::<f32>()];
    let mut d2: Vec<f32> = (0..n)
        .map(|i| distance2(&rows[i], norms[i], &centers[0], c_norms[0]))
        .collect();
    // Greedy k-means++ (as scikit-learn seeds): 2 + ln k candidates drawn
    // in proportion to the squared distance; keep the one that lowers the
    // total the most.
    let trials = 2 + (k as f64).ln() as usize;
    while centers.len() < k {
        let mut best: Option<(f64, Vec<f32>, f32, Vec<f32>)> = None;
        for _ in 0..trials {
            let total: f64 = d2.iter().map(|&d| f64::from(d)).sum();
            let pick = if total <= 0.0 {
                rng.below(n)
            } else {
                let target = f64::from(rng.unit()) * total;
                let mut acc = 0.0;
                let mut chosen = n - 1;
                for (i, &d) in d2.iter().enumerate() {
                    acc += f64::from(d);
                    if acc > target {
                        chosen = i;
                        break;
                    }
                }
                chosen
            };
            let c = dense(&rows[pick]);
            let cn = c.iter().map(|v| v * v).sum::<f32>();
            let next: Vec<f32> = (0..n)
                .map(|i| d2[i].min(distance2(&rows[i], norms[i], &c, cn)))
                .collect();
            let potential: f64 = next.iter().map(|&d| f64::from(d)).sum();
            if best.as_ref().is_none_or(|b| potential < b.0) {
                best = Some((potential, c, cn, next));
            }
        }
        let Some((_, c, cn, next)) = best else { break };
        d2 = next;
        centers.push(c);
        c_norms.push(cn);
    }
    let mut assignment = vec![usize::MAX; n];
    for _ in 0..300 {
        let mut moved = false;
        for i in 0..n {
            let mut best = (f32::INFINITY, 0);
            for (j, c) in centers.iter().enumerate() {
                let d = distance2(&rows[i], norms[i], c, c_norms[j]);
                if d < best.0 {
                    best = (d, j);
                }
            }
            if assignment[i] != best.1 {
                assignment[i] = best.1;
                moved = true;
            }
        }
        if !moved {
            break;
        }
        let mut sums = vec![vec![0f32; dim]; k];
        let mut counts = vec![0usize; k];
        for (i, x) in rows.iter().enumerate() {
            counts[assignment[i]] += 1;
            for &(d, v) in x {
                sums[assignment[i]][d] += v;
            }
        }
        for j in 0..k {
            // An empty cluster keeps its center.
            if counts[j] > 0 {
                centers[j] = sums[j].iter().map(|s| s / counts[j] as f32).collect();
                c_norms[j] = centers[j].iter().map(|v| v * v).sum();
            }
        }
    }
    (assignment, centers)
}

/// Clusters the rows' salience maps.
pub fn cluster(rows: &[TokenSalience], params: Params) -> Clusters {
    let (lookup, vocab) = vocabulary(rows);
    let reps: Vec<Sparse> = rows
        .iter()
        .map(|r| representation(r, &lookup, params.top_k))
        .collect();
    let (assignment, _) = kmeans(&reps, vocab.len(), params.clusters, params.seed);
    let k = params.clusters.min(rows.len());
    let mut top_tokens = Vec::with_capacity(k);
    for c in 0..k {
        let members: Vec<usize> = (0..rows.len()).filter(|&i| assignment[i] == c).collect();
        if members.is_empty() {
            top_tokens.push(Vec::new());
            continue;
        }
        let mut mean = vec![0f32; vocab.len()];
        for &i in &members {
            for &(d, v) in &reps[i] {
                mean[d] += v;
            }
        }
        for m in &mut mean {
            *m /= members.len() as f32;
        }
        let mut order: Vec<usize> = (0..vocab.len()).filter(|&d| mean[d] != 0.0).collect();
        order.sort_by(|&a, &b| mean[b].abs().total_cmp(&mean[a].abs()));
        top_tokens.push(
            order
                .into_iter()
                .take(params.shown)
                .map(|d| (vocab[d].clone(), mean[d]))
                .collect(),
        );
    }
    Clusters {
        assignment,
        top_tokens,
        vocab,
    }
}
