//! Named sets of Word Replacer rules, written as TOML:
//!
//! ```toml
//! name = "negation"
//! description = "Remove negations"
//! rules = ["not -> ", "never -> always"]
//! ```
//!
//! A few ship with the app (`rules/*.toml`); the user adds more as files in
//! the config dir, read by [`crate::data::rule_sets`].

use serde::Deserialize;

use super::word_replacer::Rules;

/// A named list of rules.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Each entry is one or more rules in LIT's syntax.
    pub rules: Vec<String>,
}

impl RuleSet {
    /// Reads a rule set from TOML; `origin` names the file in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, String> {
        let set: Self = toml::from_str(text).map_err(|e| {
            format!("{origin}: {e}; a rule set has `name`, `description` and `rules = [\"a -> b\", ...]`")
        })?;
        let bad = set.compiled().errors;
        if let Some(first) = bad.first() {
            return Err(format!("{origin}: {first}"));
        }
        Ok(set)
    }

    /// The rules as one string in LIT's syntax.
    pub fn joined(&self) -> String {
        self.rules.join(", ")
    }

    pub fn compiled(&self) -> Rules {
        Rules::parse(&self.joined())
    }
}

const BUILT_IN: [(&str, &str); 4] = [
    ("negation.toml", include_str!("rules/negation.toml")),
    ("intensifiers.toml", include_str!("rules/intensifiers.toml")),
    (
        "gendered_words.toml",
        include_str!("rules/gendered_words.toml"),
    ),
    ("names.toml", include_str!("rules/names.toml")),
];

/// The rule sets that ship with the app.
pub fn built_in() -> Vec<RuleSet> {
    // The files are checked by the tests below, so none is dropped in practice.
    BUILT_IN
        .iter()
        .filter_map(|(file, text)| RuleSet::parse(file, text).ok())
        .collect()
}

/// A set by name (case-insensitive; `_` and space are the same) among `sets`.
pub fn find<'a>(sets: &'a [RuleSet], name: &str) -> Option<&'a RuleSet> {
    let norm = |s: &str| s.trim().to_lowercase().replace('_', " ");
    sets.iter().find(|s| norm(&s.name) == norm(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_set_parses_with_valid_rules() {
        for (file, text) in BUILT_IN {
            let set = RuleSet::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(!set.rules.is_empty(), "{file}");
            assert!(!set.description.is_empty(), "{file}");
        }
        assert_eq!(built_in().len(), BUILT_IN.len());
    }

    #[test]
    fn negation_set_deletes_not() {
        let sets = built_in();
        let set = find(&sets, "Negation").expect("negation set");
        let out = set.compiled().apply("this is not good");
        assert_eq!(out[0].text, "this is good");
        assert!(find(&sets, "gendered_words").is_some());
    }

    #[test]
    fn a_bad_file_is_named_with_the_fix() {
        let e = RuleSet::parse("mine.toml", "name = 'x'\nrule = []").expect_err("unknown key");
        assert!(
            e.starts_with("mine.toml:") && e.contains("rules = ["),
            "{e}"
        );
        let e = RuleSet::parse("mine.toml", "name = 'x'\nrules = ['a b']").expect_err("bad rule");
        assert!(e.contains("rule `a b`"), "{e}");
    }
}
