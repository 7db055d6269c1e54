//! Word Replacer: new texts made by replacing words by rule, in LIT's rule
//! syntax `great -> terrible, good -> bad | awful`.
//!
//! - Rules are separated by commas; a rule is `source -> targets`, and targets
//!   are separated by `|`. A target may be empty (`not -> ` deletes the word).
//! - A source matches as a whole word, ignoring case, unless it starts or ends
//!   with a non-word character (`n't`, `.`): then it matches anywhere.
//! - Each occurrence gives one output per target; the other occurrences stay.
//! - A malformed rule is reported and skipped; the others still run.
//! - As in LIT, a later rule for the same source replaces an earlier one.

use regex::{Regex, RegexBuilder};

/// The rule LIT's Word Replacer starts with.
pub const DEFAULT_RULES: &str = "great -> terrible";

/// One source and what it may become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Lower-cased, trimmed.
    pub source: String,
    pub targets: Vec<String>,
}

/// A rule that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The rule as written.
    pub rule: String,
    pub reason: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rule `{}`: {}", self.rule.trim(), self.reason)
    }
}

/// Rules ready to match, with the ones that were skipped.
#[derive(Debug, Clone)]
pub struct Rules {
    pub rules: Vec<Rule>,
    pub errors: Vec<RuleError>,
    /// One alternative per rule, each in its own group; `None` when no rule is usable.
    pattern: Option<Regex>,
}

/// One generated text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub text: String,
    /// Byte range in the parent that was replaced.
    pub replaced: std::ops::Range<usize>,
    /// Byte range in `text` that holds the target (empty when the word was deleted).
    pub inserted: std::ops::Range<usize>,
    pub source: String,
    pub target: String,
}

impl Rules {
    /// Reads rules in LIT's syntax. Blank rules (a trailing comma) are ignored.
    pub fn parse(text: &str) -> Self {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        for written in text.split(',') {
            if written.trim().is_empty() {
                continue;
            }
            match parse_rule(written) {
                Ok(rule) => {
                    // LIT keeps rules in a dict: the later one wins, in the earlier one's place.
                    match rules.iter_mut().find(|r| r.source == rule.source) {
                        Some(old) => *old = rule,
                        None => rules.push(rule),
                    }
                }
                Err(reason) => errors.push(RuleError {
                    rule: written.trim().to_string(),
                    reason,
                }),
            }
        }
        let pattern = compile(&rules);
        Self {
            rules,
            errors,
            pattern,
        }
    }

    /// Every replacement in `text`: occurrences left to right, then targets in order.
    pub fn apply(&self, text: &str) -> Vec<Replacement> {
        let Some(pattern) = &self.pattern else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for caps in pattern.captures_iter(text) {
            // Group k + 1 is rule k; exactly one alternative matched.
            let Some((k, m)) = (0..self.rules.len()).find_map(|k| caps.get(k + 1).map(|m| (k, m)))
            else {
                continue;
            };
            let rule = &self.rules[k];
            for target in &rule.targets {
                out.push(replace_at(text, m.range(), &rule.source, target));
            }
        }
        out
    }

    /// How many outputs `text` gives, without building them.
    pub fn count(&self, text: &str) -> usize {
        let Some(pattern) = &self.pattern else {
            return 0;
        };
        pattern
            .captures_iter(text)
            .filter_map(|caps| (0..self.rules.len()).find(|&k| caps.get(k + 1).is_some()))
            .map(|k| self.rules[k].targets.len())
            .sum()
    }

    /// The rules written back in LIT's syntax (for settings and slice names).
    pub fn describe(&self) -> String {
        self.rules
            .iter()
            .map(|r| format!("{} -> {}", r.source, r.targets.join(" | ")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn parse_rule(written: &str) -> Result<Rule, String> {
    let parts: Vec<&str> = written.split("->").collect();
    if parts.len() != 2 {
        return Err(if parts.len() < 2 {
            "no `->`; write `source -> target`".into()
        } else {
            "more than one `->`; write one rule per `source -> target`, separated by commas".into()
        });
    }
    let source = parts[0].trim().to_lowercase();
    if source.is_empty() {
        return Err("nothing before `->`; name the word to replace".into());
    }
    let targets = parts[1].split('|').map(|t| t.trim().to_string()).collect();
    Ok(Rule { source, targets })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// One case-insensitive alternation, in rule order (the regex crate, like
/// Python's `re`, prefers the earlier alternative at a position).
fn compile(rules: &[Rule]) -> Option<Regex> {
    if rules.is_empty() {
        return None;
    }
    let alternatives: Vec<String> = rules
        .iter()
        .map(|r| {
            let escaped = regex::escape(&r.source);
            let first = r.source.chars().next().is_some_and(is_word_char);
            let last = r.source.chars().last().is_some_and(is_word_char);
            if first && last {
                format!(r"(\b{escaped}\b)")
            } else {
                format!("({escaped})")
            }
        })
        .collect();
    RegexBuilder::new(&alternatives.join("|"))
        .case_insensitive(true)
        .build()
        .ok()
}

/// Replaces one occurrence. Deleting a whole word also drops one space beside
/// it, so `do not go` becomes `do go` rather than `do  go`.
fn replace_at(
    text: &str,
    range: std::ops::Range<usize>,
    source: &str,
    target: &str,
) -> Replacement {
    let (mut start, mut end) = (range.start, range.end);
    let space_before = text[..start].ends_with(' ');
    let space_after = text[end..].starts_with(' ');
    let whole_word = (start == 0 || space_before) && (end == text.len() || space_after);
    if target.is_empty() && whole_word {
        if space_before {
            start -= 1;
        } else if space_after {
            end += 1;
        }
    }
    let new_text = format!("{}{target}{}", &text[..start], &text[end..]);
    Replacement {
        text: new_text,
        replaced: start..end,
        inserted: start..start + target.len(),
        source: source.to_string(),
        target: target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rules: &str, text: &str) -> Vec<String> {
        Rules::parse(rules)
            .apply(text)
            .into_iter()
            .map(|r| r.text)
            .collect()
    }

    #[test]
    fn parses_lit_syntax_with_targets() {
        let r = Rules::parse("great -> terrible, Good->bad | awful ,  ");
        assert!(r.errors.is_empty());
        assert_eq!(
            r.rules,
            vec![
                Rule {
                    source: "great".into(),
                    targets: vec!["terrible".into()]
                },
                Rule {
                    source: "good".into(),
                    targets: vec!["bad".into(), "awful".into()]
                },
            ]
        );
        assert_eq!(r.describe(), "great -> terrible, good -> bad | awful");
    }

    #[test]
    fn default_rule_replaces_great() {
        assert_eq!(
            texts(DEFAULT_RULES, "a great film"),
            vec!["a terrible film"]
        );
    }

    #[test]
    fn matches_whole_words_only() {
        assert_eq!(
            texts("great -> bad", "greatly great, ungreat great."),
            vec!["greatly bad, ungreat great.", "greatly great, ungreat bad."]
        );
    }

    #[test]
    fn ignores_case_when_matching() {
        assert_eq!(
            texts("GREAT -> fine", "Great and GREAT"),
            vec!["fine and GREAT", "Great and fine"]
        );
    }

    #[test]
    fn source_with_punctuation_at_an_edge_matches_inside_words() {
        assert_eq!(texts(". -> !", "a.b ."), vec!["a!b .", "a.b !"]);
        assert_eq!(texts("'s -> ", "the film's end"), vec!["the film end"]);
        // `n't` starts and ends with word characters, so it matches whole words
        // only: SST-2's `do n't`, not `don't` (as in LIT).
        assert_eq!(texts("n't -> ", "do n't go, don't"), vec!["do go, don't"]);
    }

    #[test]
    fn one_output_per_occurrence_per_target() {
        let out = texts("good -> bad | awful", "good, good");
        assert_eq!(
            out,
            vec!["bad, good", "awful, good", "good, bad", "good, awful"]
        );
        assert_eq!(Rules::parse("good -> bad | awful").count("good, good"), 4);
    }

    #[test]
    fn deleting_a_word_keeps_single_spaces_and_marks_the_spot() {
        let r = Rules::parse("not -> ");
        let out = r.apply("do not go , not");
        assert_eq!(out[0].text, "do go , not");
        assert_eq!(out[1].text, "do not go ,");
        assert_eq!(r.apply("not here")[0].text, "here");
        assert_eq!(out[0].inserted, 2..2);
        assert_eq!(out[0].replaced, 2..6);
    }

    #[test]
    fn inserted_range_points_at_the_target() {
        let out = Rules::parse("good -> very bad").apply("so good.");
        assert_eq!(&out[0].text[out[0].inserted.clone()], "very bad");
    }

    #[test]
    fn malformed_rules_are_named_and_the_others_run() {
        let r = Rules::parse("great terrible, good -> bad, a -> b -> c,  -> x");
        assert_eq!(r.rules.len(), 1);
        let named: Vec<&str> = r.errors.iter().map(|e| e.rule.as_str()).collect();
        assert_eq!(named, vec!["great terrible", "a -> b -> c", "-> x"]);
        assert!(r.errors[0].to_string().contains("great terrible"));
        assert_eq!(texts("great terrible, good -> bad", "good"), vec!["bad"]);
    }

    #[test]
    fn no_rules_no_outputs() {
        assert!(texts("", "great").is_empty());
        assert!(texts("nonsense", "great").is_empty());
    }

    #[test]
    fn later_rule_for_a_source_wins() {
        assert_eq!(texts("good -> bad, good -> fine", "good"), vec!["fine"]);
    }

    #[test]
    fn earlier_rule_wins_at_the_same_position() {
        // Rule order decides between overlapping sources, as in Python's re.
        assert_eq!(
            texts("not -> no, not good -> bad", "not good"),
            vec!["no good"]
        );
    }

    #[test]
    fn multi_word_sources_and_unicode() {
        assert_eq!(
            texts("not good -> bad", "Not Good at all"),
            vec!["bad at all"]
        );
        assert_eq!(texts("café -> bar", "Café, cafés"), vec!["bar, cafés"]);
    }
}
