//! Likely label errors by confident learning, as cleanlab 2.9's
//! `find_label_issues(labels, pred_probs, filter_by='prune_by_noise_rate',
//! return_indices_ranked_by='self_confidence')` finds them:
//!
//! 1. per-class thresholds: the mean predicted probability of class j over
//!    the rows labelled j;
//! 2. the confident joint: each row whose probability of some class reaches
//!    that class's threshold is counted under (given label, likely true
//!    class), then calibrated so each row of the joint sums to its label's
//!    count;
//! 3. pruning by noise rate: for given label k and true class j, the
//!    `joint[k][j]` rows labelled k with the largest `p_j - p_k` are issues;
//! 4. rows the model predicts as their given label are never issues;
//! 5. the issues ranked by self-confidence, the probability of the given label.
//!
//! cleanlab sorts with NumPy's unstable `argsort`; here every sort is stable
//! (ties in row order), which only matters when two rows have equal scores.

/// NumPy-side constants of cleanlab (`cleanlab/internal/constants.py`).
const FLOATING_POINT_COMPARISON: f64 = 1e-6;
const CONFIDENT_THRESHOLDS_LOWER_BOUND: f64 = 2.0 * FLOATING_POINT_COMPARISON;
const TINY_VALUE: f64 = 1e-100;

/// One likely label error.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelIssue {
    /// The row, as an index into the `labels` given.
    pub row: usize,
    pub label: usize,
    /// The most probable class.
    pub suggested: usize,
    /// The probability of the given label (lower: more likely wrong).
    pub quality: f64,
}

/// What confident learning found, with its intermediate counts.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelIssues {
    pub thresholds: Vec<f64>,
    /// Calibrated confident joint, `[given][true]`.
    pub joint: Vec<Vec<i64>>,
    /// The issues, most likely wrong first.
    pub issues: Vec<LabelIssue>,
}

/// Finds label issues among `labels.len()` rows with `probs` (row-major,
/// `labels.len() × classes`). Every label must be below `classes`.
pub fn find_label_issues(labels: &[usize], probs: &[f64], classes: usize) -> LabelIssues {
    let n = labels.len();
    assert_eq!(probs.len(), n * classes, "probs must be rows × classes");
    let row = |i: usize| &probs[i * classes..(i + 1) * classes];
    let thresholds = confident_thresholds(labels, probs, classes);
    let joint = calibrate(
        &confident_joint(labels, probs, classes, &thresholds),
        labels,
        classes,
    );

    // Rows of each given label, in order.
    let mut by_label: Vec<Vec<usize>> = vec![Vec::new(); classes];
    for (i, &l) in labels.iter().enumerate() {
        by_label[l].push(i);
    }
    let mut issue = vec![false; n];
    for k in 0..classes {
        let members = &by_label[k];
        // cleanlab's min_examples_per_class = 1.
        if members.len() <= 1 {
            continue;
        }
        let prune = keep_at_least_one(&joint[k], k);
        for (j, &count) in prune.iter().enumerate() {
            if j == k || count <= 0 {
                continue;
            }
            let mut order: Vec<(f64, usize)> = members
                .iter()
                .map(|&i| (row(i)[j] - row(i)[k], i))
                .collect();
            order.sort_by(|a, b| b.0.total_cmp(&a.0));
            for &(_, i) in order.iter().take(count as usize) {
                issue[i] = true;
            }
        }
    }
    let mut issues: Vec<LabelIssue> = (0..n)
        .filter(|&i| issue[i])
        .filter(|&i| {
            // `_reduce_issues`: the given label, nudged up by 1e-6, wins the argmax.
            let mut p = row(i).to_vec();
            p[labels[i]] += FLOATING_POINT_COMPARISON;
            argmax(&p) != labels[i]
        })
        .map(|i| LabelIssue {
            row: i,
            label: labels[i],
            suggested: argmax(row(i)),
            quality: row(i)[labels[i]],
        })
        .collect();
    issues.sort_by(|a, b| a.quality.total_cmp(&b.quality));
    LabelIssues {
        thresholds,
        joint,
        issues,
    }
}

/// Each row's label quality: the probability of its given label.
pub fn self_confidence(labels: &[usize], probs: &[f64], classes: usize) -> Vec<f64> {
    labels
        .iter()
        .enumerate()
        .map(|(i, &l)| probs[i * classes + l])
        .collect()
}

/// The first index of the largest value.
fn argmax(p: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in p.iter().enumerate() {
        if v > p[best] {
            best = i;
        }
    }
    best
}

/// The mean probability of class k over rows labelled k (2 for a class no row has).
pub fn confident_thresholds(labels: &[usize], probs: &[f64], classes: usize) -> Vec<f64> {
    let mut own: Vec<Vec<f64>> = vec![Vec::new(); classes];
    for (i, &l) in labels.iter().enumerate() {
        own[l].push(probs[i * classes + l]);
    }
    own.iter()
        .map(|p| match p.len() {
            0 => 2.0,
            c => (numpy_sum(p) / c as f64).max(CONFIDENT_THRESHOLDS_LOWER_BOUND),
        })
        .collect()
}

/// The uncalibrated confident joint, `[given][true]`, its diagonal at least 1.
fn confident_joint(
    labels: &[usize],
    probs: &[f64],
    classes: usize,
    thresholds: &[f64],
) -> Vec<Vec<i64>> {
    let mut joint = vec![vec![0i64; classes]; classes];
    for (i, &l) in labels.iter().enumerate() {
        let p = &probs[i * classes..(i + 1) * classes];
        let confident: Vec<usize> = (0..classes)
            .filter(|&k| p[k] >= thresholds[k] - FLOATING_POINT_COMPARISON)
            .collect();
        let guess = match confident.len() {
            0 => continue,
            1 => confident[0],
            _ => argmax(p),
        };
        joint[l][guess] += 1;
    }
    for (k, r) in joint.iter_mut().enumerate() {
        r[k] = r[k].max(1);
    }
    joint
}

/// `calibrate_confident_joint`: each row scaled to its label's count, the
/// whole to the row count, then rounded keeping each row's total.
fn calibrate(joint: &[Vec<i64>], labels: &[usize], classes: usize) -> Vec<Vec<i64>> {
    let mut counts = vec![0f64; classes];
    for &l in labels {
        counts[l] += 1.0;
    }
    let mut cal: Vec<Vec<f64>> = joint
        .iter()
        .zip(&counts)
        .map(|(r, &c)| {
            let total = (r.iter().sum::<i64>() as f64).max(TINY_VALUE);
            r.iter().map(|&v| v as f64 / total * c).collect()
        })
        .collect();
    let flat: Vec<f64> = cal.iter().flatten().copied().collect();
    let all = numpy_sum(&flat).max(TINY_VALUE);
    let n: f64 = counts.iter().sum();
    for v in cal.iter_mut().flatten() {
        *v = *v / all * n;
    }
    cal.iter().map(|r| round_preserving_sum(r)).collect()
}

/// `np.sum` of a contiguous float64 array, summed in NumPy's order (the
/// first value, plus the pairwise sum of the rest), so that a calibrated
/// count landing on .5 rounds the same way as in cleanlab.
pub fn numpy_sum(a: &[f64]) -> f64 {
    match a.split_first() {
        None => 0.0,
        Some((first, rest)) => first + pairwise_sum(rest),
    }
}

/// NumPy's `pairwise_sum_DOUBLE`: eight accumulators up to 128 values,
/// halves (cut at a multiple of 8) above.
fn pairwise_sum(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        a.iter().fold(0.0, |s, &v| s + v)
    } else if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&a[..8]);
        let whole = n - n % 8;
        let mut i = 8;
        while i < whole {
            for j in 0..8 {
                r[j] += a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &a[whole..] {
            res += v;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_sum(&a[..n2]) + pairwise_sum(&a[n2..])
    }
}

/// Rounds half to even, as NumPy's `round`.
fn round_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - x.signum()
    } else {
        r
    }
}

/// cleanlab's `round_preserving_sum`: round, then move the rounding error
/// onto the entries with the largest (or smallest) remainders.
fn round_preserving_sum(floats: &[f64]) -> Vec<i64> {
    let mut ints: Vec<f64> = floats.iter().map(|&x| round_even(x)).collect();
    let orig_sum = round_even(numpy_sum(floats));
    let mut int_sum = round_even(ints.iter().sum());
    while (int_sum - orig_sum).abs() > FLOATING_POINT_COMPARISON {
        let diff = round_even(orig_sum - int_sum);
        let up = diff >= 0.0;
        let changes = (diff.abs() as usize).min(floats.len());
        let mut order: Vec<usize> = (0..floats.len()).collect();
        order.sort_by(|&a, &b| (floats[a] - ints[a]).total_cmp(&(floats[b] - ints[b])));
        if up {
            order.reverse();
        }
        for &i in order.iter().take(changes) {
            ints[i] += if up { 1.0 } else { -1.0 };
        }
        int_sum = round_even(ints.iter().sum());
    }
    ints.iter().map(|&v| v as i64).collect()
}

/// `_keep_at_least_n_per_class` with n = 1 and `frac_noise` = 1 on one
/// given label's row of the joint: the diagonal raised to 1, the raise taken
/// evenly from the nonzero noise counts, then truncated.
fn keep_at_least_one(joint_row: &[i64], k: usize) -> Vec<i64> {
    let diag = joint_row[k] as f64;
    let new_diag = diag.max(1.0);
    let diff = new_diag - diag;
    let nonzero = joint_row.iter().filter(|&&v| v != 0).count() as f64;
    let spread = (nonzero - 1.0).max(1.0);
    joint_row
        .iter()
        .enumerate()
        .map(|(j, &v)| {
            if j == k {
                new_diag as i64
            } else {
                (v as f64 - diff / spread).max(0.0) as i64
            }
        })
        .collect()
}
