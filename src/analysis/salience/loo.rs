//! Leave-one-out: drop each whitespace word in turn and measure how far the
//! target class's probability falls. Exact and deterministic. LIT computes
//! this only inside its Ablation Flip generator.
//!
//! Score of word i = p(target | full text) − p(target | text without word i),
//! unnormalised: positive when the word pushes toward the target class.

use anyhow::Result;

use super::{Control, Predict, TokenSalience};

/// The texts leave-one-out runs: the full text (words joined by single
/// spaces) first, then each text without one word.
pub fn ablations(words: &[&str]) -> Vec<String> {
    let mut texts = vec![words.join(" ")];
    for i in 0..words.len() {
        let rest: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, &w)| w)
            .collect();
        texts.push(rest.join(" "));
    }
    texts
}

/// Leave-one-out scores of `text` for `target` (None: the predicted class).
/// Returns the salience and the class explained.
pub fn leave_one_out(
    text: &str,
    target: Option<usize>,
    predict: &mut Predict<'_>,
    control: Control<'_>,
) -> Result<(TokenSalience, usize)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        anyhow::bail!("leave-one-out needs at least one word; the text is empty");
    }
    control.check()?;
    let texts = ablations(&words);
    let probs = predict(&texts)?;
    if probs.len() != texts.len() {
        anyhow::bail!(
            "the model gave {} outputs for {} texts",
            probs.len(),
            texts.len()
        );
    }
    control.report(texts.len(), texts.len());
    let target = target.unwrap_or_else(|| {
        probs[0]
            .iter()
            .enumerate()
            .fold(
                (0, f32::NEG_INFINITY),
                |b, (i, &p)| if p > b.1 { (i, p) } else { b },
            )
            .0
    });
    let p = |row: &[f32]| row.get(target).copied().unwrap_or(0.0);
    let full = p(&probs[0]);
    let scores = probs[1..].iter().map(|row| full - p(row)).collect();
    Ok((
        TokenSalience {
            tokens: words.iter().map(|w| w.to_string()).collect(),
            scores,
        },
        target,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_is_dropped_once() {
        assert_eq!(
            ablations(&["a", "b", "c"]),
            vec!["a b c", "b c", "a c", "a b"]
        );
    }

    #[test]
    fn scores_are_the_drop_in_probability() {
        // p(1) = 0.2 + 0.5 if "good" is present.
        let mut predict = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
            Ok(texts
                .iter()
                .map(|t| {
                    let p = if t.contains("good") { 0.7 } else { 0.2 };
                    vec![1.0 - p, p]
                })
                .collect())
        };
        let (s, target) =
            leave_one_out("a good film", None, &mut predict, Control::default()).expect("loo");
        assert_eq!(target, 1);
        assert!((s.scores[1] - 0.5).abs() < 1e-6 && s.scores[0].abs() < 1e-6);
    }
}
