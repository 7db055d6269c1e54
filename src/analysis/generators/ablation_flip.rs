//! Ablation Flip, as LIT's `ablation_flip.py` defines it: the smallest sets of
//! words whose removal changes the predicted class.
//!
//! 1. Remove each word alone and rank the words by how much that lowers the
//!    probability of the original class (stable on ties, as Python's sort).
//! 2. Try combinations of the top 10, of 1 to 5 words (at most 637), smallest
//!    first, in `itertools.combinations` order; skip any superset of a flip
//!    already found, so every flip is minimal.
//! 3. Stop at 10 flips.
//!
//! Unlike LIT, which predicts one candidate per call, candidates run in
//! batches: all sets of one size are independent of each other (none is a
//! superset of another), so only flips from smaller sizes can rule one out.
//! Walking each batch in order afterwards gives exactly LIT's flips. A text
//! that comes up twice (`very very good` without either `very`) runs once.

use anyhow::Result;

use super::search::{Scorer, binomial, combinations, is_subset};
use super::{Control, Predict, argmax};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AblationSettings {
    /// Most flips returned (LIT: 10).
    pub max_flips: usize,
    /// Most words removed at once (LIT: 5).
    pub max_ablations: usize,
    /// How many of the top-ranked words combinations draw from (LIT: 10).
    pub max_ablatable: usize,
    /// Most candidates sent to `predict` at once: the rest of the batch in
    /// which the last flip turns up is wasted, so not too many.
    pub batch: usize,
}

impl Default for AblationSettings {
    fn default() -> Self {
        Self {
            max_flips: 10,
            max_ablations: 5,
            max_ablatable: 10,
            batch: 32,
        }
    }
}

impl AblationSettings {
    /// For settings columns and slice names.
    pub fn describe(&self) -> String {
        format!(
            "max_flips={} max_ablations={}",
            self.max_flips, self.max_ablations
        )
    }
}

/// One minimal set of removed words that flips the prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct AblationFlip {
    pub text: String,
    /// Positions of the removed words among the parent's whitespace-split words, ascending.
    pub removed: Vec<usize>,
    pub removed_words: Vec<String>,
    pub probs: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AblationOutcome {
    pub flips: Vec<AblationFlip>,
    /// The parent's class, from its probabilities.
    pub original_class: usize,
    /// Texts the model ran on (duplicates once; the parent counts when it was not given).
    pub model_calls: usize,
    /// Calls to `predict`.
    pub batches: usize,
    /// Candidate sets looked at (LIT would run each one not skipped).
    pub candidates: usize,
}

/// Runs Ablation Flip on `text`. `original` is the parent's probabilities when
/// known (else it is predicted).
pub fn ablation_flip(
    text: &str,
    original: Option<&[f32]>,
    settings: &AblationSettings,
    predict: &mut Predict<'_>,
    control: Control<'_>,
) -> Result<AblationOutcome> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut scorer = Scorer::new(predict);
    let original: Vec<f32> = match original {
        Some(p) => p.to_vec(),
        None => scorer.score(&[words.join(" ")])?.remove(0),
    };
    let original_class =
        argmax(&original).ok_or_else(|| anyhow::anyhow!("the parent's prediction has NaN"))?;
    let mut outcome = AblationOutcome {
        flips: Vec::new(),
        original_class,
        model_calls: 0,
        batches: 0,
        candidates: 0,
    };
    if words.is_empty() {
        return Ok(outcome);
    }
    control.check()?;

    let ranked = rank_words(&words, &original, original_class, &mut scorer)?;
    let top = &ranked[..ranked.len().min(settings.max_ablatable)];
    let sizes = 1..=settings.max_ablations.min(top.len());
    let total: usize = sizes.clone().map(|k| binomial(top.len(), k)).sum();
    let mut flipped: Vec<Vec<usize>> = Vec::new();

    'sizes: for size in sizes {
        // Only flips of smaller sizes can rule out a set of this size.
        let candidates: Vec<Vec<usize>> = combinations(top.len(), size)
            .map(|c| c.iter().map(|&i| top[i]).collect::<Vec<usize>>())
            .filter(|set| !flipped.iter().any(|f| is_subset(f, set)))
            .collect();
        for chunk in candidates.chunks(settings.batch.max(1)) {
            control.check()?;
            let texts: Vec<String> = chunk.iter().map(|set| ablate(&words, set)).collect();
            let probs = scorer.score(&texts)?;
            for ((set, text), probs) in chunk.iter().zip(texts).zip(probs) {
                outcome.candidates += 1;
                if argmax(&probs).is_some_and(|c| c != original_class) {
                    outcome.flips.push(flip(&words, set, text, probs));
                    flipped.push(set.clone());
                    if outcome.flips.len() >= settings.max_flips {
                        break 'sizes;
                    }
                }
            }
            (control.progress)(outcome.candidates as f32 / total.max(1) as f32);
        }
    }
    outcome.model_calls = scorer.calls;
    outcome.batches = scorer.batches;
    Ok(outcome)
}

/// Word positions, most useful first: removing the first lowers the original
/// class's probability the most.
fn rank_words(
    words: &[&str],
    original: &[f32],
    class: usize,
    scorer: &mut Scorer<'_, '_>,
) -> Result<Vec<usize>> {
    let texts: Vec<String> = (0..words.len()).map(|i| ablate(words, &[i])).collect();
    let probs = scorer.score(&texts)?;
    let mut scored: Vec<(usize, f32)> = probs
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p[class] - original[class]))
        .collect();
    // Stable, like Python's sorted: ties keep word order.
    scored.sort_by(|a, b| a.1.total_cmp(&b.1));
    Ok(scored.into_iter().map(|(i, _)| i).collect())
}

/// The text without the words at `set` (in the order the set was drawn). As
/// in LIT, a set that covers every word keeps its last-drawn word, so the text
/// is never empty.
fn ablate(words: &[&str], set: &[usize]) -> String {
    let set = if set.len() >= words.len() {
        &set[..set.len() - 1]
    } else {
        set
    };
    words
        .iter()
        .enumerate()
        .filter(|(i, _)| !set.contains(i))
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

fn flip(words: &[&str], set: &[usize], text: String, probs: Vec<f32>) -> AblationFlip {
    let mut removed = set.to_vec();
    if removed.len() >= words.len() {
        removed.pop();
    }
    removed.sort_unstable();
    AblationFlip {
        removed_words: removed.iter().map(|&i| words[i].to_string()).collect(),
        removed,
        text,
        probs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::generators::search::{binomial, combinations};
    use std::sync::atomic::AtomicBool;

    /// A toy classifier: positive unless the text holds a word from `bad`
    /// that is not cancelled by `not`.
    fn toy(texts: &[String]) -> Result<Vec<Vec<f32>>> {
        Ok(texts
            .iter()
            .map(|t| {
                let w: Vec<&str> = t.split(' ').collect();
                let neg = w.contains(&"bad") as i32 + w.contains(&"awful") as i32;
                let not = w.contains(&"not") as i32;
                let score = 2 * neg - 3 * not;
                if score > 0 {
                    vec![0.9, 0.1]
                } else {
                    vec![0.4, 0.6]
                }
            })
            .collect())
    }

    fn run(text: &str, settings: AblationSettings) -> AblationOutcome {
        let cancel = AtomicBool::new(false);
        let control = Control {
            progress: &|_| {},
            cancel: &cancel,
        };
        ablation_flip(text, None, &settings, &mut toy, control).expect("runs")
    }

    #[test]
    fn combinations_follow_itertools_order() {
        let c: Vec<Vec<usize>> = combinations(4, 2).collect();
        assert_eq!(
            c,
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
        let total: usize = (1..=5).map(|k| combinations(10, k).count()).sum();
        assert_eq!(total, 637);
        assert_eq!(binomial(10, 5), 252);
        assert_eq!(combinations(2, 3).count(), 0);
    }

    #[test]
    fn finds_minimal_flips_only() {
        // Negative because of "bad" and "awful"; removing both flips it; removing
        // either alone does not (2·1 > 0).
        let out = run("a bad and awful film", AblationSettings::default());
        assert_eq!(out.original_class, 0);
        let removed: Vec<Vec<&str>> = out
            .flips
            .iter()
            .map(|f| f.removed_words.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(removed, vec![vec!["bad", "awful"]]);
        assert_eq!(out.flips[0].text, "a and film");
    }

    #[test]
    fn removing_not_flips_and_supersets_are_skipped() {
        let out = run("not bad", AblationSettings::default());
        assert_eq!(out.original_class, 1);
        assert_eq!(out.flips.len(), 1);
        assert_eq!(out.flips[0].removed_words, vec!["not"]);
        // Parent, two leave-one-out texts ("bad" and "not"); the size-1 sets
        // repeat them (no new calls); the size-2 set {not, bad} is a superset.
        assert_eq!(out.model_calls, 3);
    }

    #[test]
    fn stops_at_max_flips() {
        // Positive from four words on: removing any one word flips.
        let mut by_length = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
            Ok(texts
                .iter()
                .map(|t| match t.split(' ').count() >= 4 {
                    true => vec![0.3, 0.7],
                    false => vec![0.8, 0.2],
                })
                .collect())
        };
        let cancel = AtomicBool::new(false);
        let control = Control {
            progress: &|_| {},
            cancel: &cancel,
        };
        let settings = AblationSettings {
            max_flips: 2,
            ..Default::default()
        };
        let out =
            ablation_flip("a b c d e", None, &settings, &mut by_length, control).expect("runs");
        let removed: Vec<Vec<usize>> = out.flips.iter().map(|f| f.removed.clone()).collect();
        assert_eq!(
            removed,
            vec![vec![0, 1], vec![0, 2]],
            "five words need two removals"
        );
        let out = ablation_flip("a b c d", None, &settings, &mut by_length, control).expect("runs");
        let removed: Vec<Vec<usize>> = out.flips.iter().map(|f| f.removed.clone()).collect();
        assert_eq!(removed, vec![vec![0], vec![1]]);
    }

    #[test]
    fn a_repeated_word_must_go_everywhere() {
        let out = run("bad x y z bad q", AblationSettings::default());
        assert_eq!(out.flips.len(), 1);
        assert_eq!(out.flips[0].removed, vec![0, 4]);
        assert_eq!(out.flips[0].text, "x y z q");
    }

    #[test]
    fn duplicate_texts_run_once() {
        // Removing either "very" gives the same text.
        let out = run("very very bad", AblationSettings::default());
        assert_eq!(out.flips.len(), 1);
        // Parent, "very bad" (twice, run once), "very very", then "bad" for
        // the two `very` together; the other sets repeat or contain the flip.
        assert_eq!(out.model_calls, 4);
    }

    #[test]
    fn cancel_stops_with_cancelled() {
        let cancel = AtomicBool::new(true);
        let control = Control {
            progress: &|_| {},
            cancel: &cancel,
        };
        let e = ablation_flip("bad film", None, &Default::default(), &mut toy, control)
            .expect_err("cancelled");
        assert!(e.downcast_ref::<super::super::Cancelled>().is_some());
    }

    #[test]
    fn one_word_text_keeps_its_word() {
        let out = run("bad", AblationSettings::default());
        assert!(out.flips.is_empty());
        assert_eq!(out.model_calls, 1);
    }
}
