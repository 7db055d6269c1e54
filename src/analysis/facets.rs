//! Facets: groups of rows by a feature's value, or by bins of a numeric
//! feature (equal-width or quantile).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Binning {
    EqualWidth,
    Quantile,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facet {
    pub name: String,
    pub rows: Vec<usize>,
}

/// One facet per distinct value, in order of first appearance; at most `max`,
/// the rest gathered under "other".
pub fn by_value<'a>(value: impl Fn(usize) -> &'a str, which: &[usize], max: usize) -> Vec<Facet> {
    let mut facets: Vec<Facet> = Vec::new();
    let mut other = Vec::new();
    for &i in which {
        let v = value(i);
        match facets.iter().position(|f| f.name == v) {
            Some(k) => facets[k].rows.push(i),
            None if facets.len() < max => facets.push(Facet {
                name: v.to_string(),
                rows: vec![i],
            }),
            None => other.push(i),
        }
    }
    if !other.is_empty() {
        facets.push(Facet {
            name: "other".into(),
            rows: other,
        });
    }
    facets
}

/// `bins` bins of a numeric feature; rows whose value is NaN are left out.
pub fn by_bins(values: &[f64], which: &[usize], bins: usize, binning: Binning) -> Vec<Facet> {
    let mut present: Vec<f64> = which
        .iter()
        .map(|&i| values[i])
        .filter(|v| !v.is_nan())
        .collect();
    if present.is_empty() || bins == 0 {
        return Vec::new();
    }
    present.sort_by(f64::total_cmp);
    let (lo, hi) = (present[0], present[present.len() - 1]);
    let mut edges: Vec<f64> = match binning {
        Binning::EqualWidth => (0..=bins)
            .map(|k| lo + (hi - lo) * k as f64 / bins as f64)
            .collect(),
        Binning::Quantile => (0..=bins)
            .map(|k| present[((present.len() - 1) * k) / bins])
            .collect(),
    };
    edges.dedup();
    if edges.len() == 1 {
        edges.push(hi);
    }
    let n = edges.len() - 1;
    let mut facets: Vec<Facet> = (0..n)
        .map(|b| Facet {
            name: format!(
                "[{}, {}{}",
                short(edges[b]),
                short(edges[b + 1]),
                if b + 1 == n { "]" } else { ")" }
            ),
            rows: Vec::new(),
        })
        .collect();
    for &i in which {
        let v = values[i];
        if v.is_nan() {
            continue;
        }
        // The last bin is closed, so the maximum lands in it.
        let b = edges[1..]
            .iter()
            .position(|&e| v < e)
            .unwrap_or(n - 1)
            .min(n - 1);
        facets[b].rows.push(i);
    }
    facets
}

fn short(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_bins() {
        let v: Vec<String> = ["a", "b", "a", "c"].iter().map(|s| s.to_string()).collect();
        let f = by_value(|i| v[i].as_str(), &[0, 1, 2, 3], 2);
        assert_eq!(
            f.iter().map(|f| f.rows.clone()).collect::<Vec<_>>(),
            vec![vec![0, 2], vec![1], vec![3]]
        );
        assert_eq!(f[2].name, "other");

        let x = [0.0, 1.0, 2.0, 3.0, 4.0, f64::NAN];
        let all: Vec<usize> = (0..6).collect();
        let eq = by_bins(&x, &all, 2, Binning::EqualWidth);
        assert_eq!(eq[0].name, "[0, 2)");
        assert_eq!(eq[0].rows, vec![0, 1]);
        assert_eq!(eq[1].rows, vec![2, 3, 4]);
        let q = by_bins(&[1.0, 1.0, 1.0, 9.0], &[0, 1, 2, 3], 2, Binning::Quantile);
        assert_eq!(q.iter().map(|f| f.rows.len()).sum::<usize>(), 4);
    }
}
