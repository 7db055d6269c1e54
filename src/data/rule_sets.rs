//! Word Replacer rule sets: the built-in ones, then the user's TOML files in
//! `<config dir>/rules/`.

use crate::analysis::generators::rule_sets::{RuleSet, built_in};

/// Every rule set, and a message for each user file that could not be read
/// (the others still load). A user set with a built-in name replaces it.
pub fn all_rule_sets() -> (Vec<RuleSet>, Vec<String>) {
    let mut sets = built_in();
    let mut errors = Vec::new();
    let Some(dir) = crate::paths::config_file("rules") else {
        return (sets, errors);
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (sets, errors);
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for path in files {
        let origin = path.display().to_string();
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {origin}: {e}"))
            .and_then(|text| RuleSet::parse(&origin, &text));
        match parsed {
            Ok(set) => match sets.iter_mut().find(|s| s.name == set.name) {
                Some(old) => *old = set,
                None => sets.push(set),
            },
            Err(e) => errors.push(e),
        }
    }
    (sets, errors)
}
