//! Scrambler: the parent's words in a shuffled order, following a seed.
//!
//! Words are split on whitespace and joined with single spaces. LIT's version
//! reshuffles until the order changes, which never happens on a one-word text
//! or one whose words are all equal; here such a text gives no output and a reason.

use crate::analysis::rng::Rng;

/// Why a text cannot be scrambled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unscramblable {
    Empty,
    OneWord,
    AllWordsEqual,
}

impl Unscramblable {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Empty => "the text has no words",
            Self::OneWord => "the text has one word, so no other order exists",
            Self::AllWordsEqual => "all its words are the same, so every order reads the same",
        }
    }
}

impl std::fmt::Display for Unscramblable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// The words of `text` in a new order, different from the original.
pub fn scramble(text: &str, seed: u64) -> Result<String, Unscramblable> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [] => return Err(Unscramblable::Empty),
        [_] => return Err(Unscramblable::OneWord),
        [first, rest @ ..] if rest.iter().all(|w| w == first) => {
            return Err(Unscramblable::AllWordsEqual);
        }
        _ => {}
    }
    let mut rng = Rng::new(seed);
    let mut shuffled = words.clone();
    // Fisher–Yates; a few retries make an unchanged order vanishingly rare.
    for _ in 0..8 {
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i + 1));
        }
        if shuffled != words {
            return Ok(shuffled.join(" "));
        }
    }
    // Still the original order: swapping the first word with one that differs changes it.
    let other = shuffled.iter().position(|w| *w != shuffled[0]).unwrap_or(1);
    shuffled.swap(0, other);
    Ok(shuffled.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_words(text: &str) -> Vec<&str> {
        let mut w: Vec<&str> = text.split_whitespace().collect();
        w.sort_unstable();
        w
    }

    #[test]
    fn same_seed_same_order_and_the_words_are_kept() {
        let text = "the film is a quiet , moving triumph";
        let a = scramble(text, 7).expect("scrambles");
        assert_eq!(a, scramble(text, 7).expect("scrambles"));
        assert_ne!(a, text);
        assert_eq!(sorted_words(&a), sorted_words(text));
        let others: Vec<String> = (0..20).filter_map(|s| scramble(text, s).ok()).collect();
        assert!(others.iter().any(|o| *o != a), "seeds change the order");
    }

    #[test]
    fn texts_that_cannot_change_say_why() {
        assert_eq!(scramble("", 1), Err(Unscramblable::Empty));
        assert_eq!(scramble("  masterpiece  ", 1), Err(Unscramblable::OneWord));
        assert_eq!(scramble("no no no", 1), Err(Unscramblable::AllWordsEqual));
    }

    #[test]
    fn two_words_always_swap() {
        for seed in 0..50 {
            assert_eq!(scramble("good  bad", seed).as_deref(), Ok("bad good"));
        }
    }

    #[test]
    fn nearly_equal_words_still_change() {
        for seed in 0..50 {
            let out = scramble("a a a a b", seed).expect("scrambles");
            assert_ne!(out, "a a a a b");
            assert_eq!(sorted_words(&out), vec!["a", "a", "a", "a", "b"]);
        }
    }
}
