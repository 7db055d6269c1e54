//! The Data Table's search language, LIT's in spirit: words match the text,
//! `column:regex` matches a column, `column:0.9-1` (or `>0.5`, `<=3`) a number
//! range. Every term must match.

use std::borrow::Cow;

use memchr::memmem::Finder;
use regex::{Regex, RegexBuilder};

use super::rows::Rows;

#[derive(Debug, Clone)]
pub struct Query {
    terms: Vec<Term>,
}

#[derive(Debug, Clone)]
enum Term {
    /// Case-insensitive substring of the text (lowercase, searched with SIMD).
    Word(Box<Finder<'static>>),
    Pattern(Column, Regex),
    /// A pattern on the label or prediction, tried once per class, not per
    /// row: whether each class matches, and whether no class does.
    Class(Column, Vec<bool>, bool),
    Range(Column, f64, f64),
}

/// What a term looks at.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    Text,
    Id,
    Label,
    Prediction,
    Confidence,
    Correct,
    Added,
    Feature(usize),
    /// Probability of a class.
    Prob(usize),
}

impl Query {
    /// Parses a query against the columns `rows` has; an error names the bad term.
    pub fn parse(input: &str, rows: &Rows) -> Result<Option<Self>, String> {
        let mut terms = Vec::new();
        for token in input.split_whitespace() {
            let Some((name, pattern)) = token.split_once(':') else {
                terms.push(Term::Word(Box::new(
                    Finder::new(token.to_lowercase().as_bytes()).into_owned(),
                )));
                continue;
            };
            let column = column(name, rows).ok_or_else(|| {
                let mut names = vec![
                    "text",
                    "id",
                    "label",
                    "pred",
                    "confidence",
                    "correct",
                    "added",
                ]
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>();
                names.extend(rows.features.iter().map(|f| f.name.clone()));
                format!("search: no column `{name}`; try {}", names.join(", "))
            })?;
            if let Some((lo, hi)) = range(pattern).filter(|_| numeric(&column, rows)) {
                terms.push(Term::Range(column, lo, hi));
                continue;
            }
            // An id is text: bare hex digits are its first digits.
            let anchored;
            let pattern = if column == Column::Id && pattern.chars().all(|c| c.is_ascii_hexdigit())
            {
                anchored = format!("^{pattern}");
                anchored.as_str()
            } else {
                pattern
            };
            let regex = RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .map_err(|e| format!("search: `{pattern}` is not a valid pattern: {e}"))?;
            if matches!(column, Column::Label | Column::Prediction) {
                let each = rows.labels.iter().map(|l| regex.is_match(l)).collect();
                terms.push(Term::Class(column, each, regex.is_match("")));
                continue;
            }
            terms.push(Term::Pattern(column, regex));
        }
        Ok((!terms.is_empty()).then_some(Self { terms }))
    }

    /// The plain words, lowercase, in order: rows that match them can be
    /// kept between keystrokes that change only the other terms.
    /// Whether every term is a plain word.
    pub fn only_words(&self) -> bool {
        self.terms.iter().all(|t| matches!(t, Term::Word(_)))
    }

    /// The byte mask (`LowerTexts::may_hold`) a row needs to hold every plain word.
    pub fn word_mask(&self) -> u64 {
        self.words()
            .iter()
            .fold(0, |m, w| m | super::lower_texts::byte_mask(w))
    }

    /// Whether the byte mask alone says if a row holds the plain words
    /// (each is one letter or digit), so no text needs reading.
    pub fn mask_decides_words(&self) -> bool {
        self.words()
            .iter()
            .all(|w| super::lower_texts::mask_decides(w))
    }

    pub fn words(&self) -> Vec<&[u8]> {
        self.terms
            .iter()
            .filter_map(|t| match t {
                Term::Word(w) => Some(w.needle()),
                _ => None,
            })
            .collect()
    }

    /// Whether the row's text holds every plain word.
    pub fn matches_words(&self, lowered_text: &str) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Word(w) => w.find(lowered_text.as_bytes()).is_some(),
            _ => true,
        })
    }

    /// Whether the row matches every term but the plain words.
    pub fn matches_others(&self, rows: &Rows, row: usize) -> bool {
        self.terms
            .iter()
            .all(|t| matches!(t, Term::Word(_)) || Self::term(t, rows, row, ""))
    }

    pub fn matches(&self, rows: &Rows, row: usize, lowered_text: &str) -> bool {
        self.terms
            .iter()
            .all(|t| Self::term(t, rows, row, lowered_text))
    }

    fn term(t: &Term, rows: &Rows, row: usize, lowered_text: &str) -> bool {
        match t {
            Term::Word(w) => w.find(lowered_text.as_bytes()).is_some(),
            Term::Pattern(c, re) => re.is_match(&text_of(c, rows, row)),
            Term::Class(c, each, none) => {
                let class = match c {
                    Column::Label => rows.gold[row],
                    _ => rows.predicted(row),
                };
                class.map_or(*none, |k| each.get(k).copied().unwrap_or(false))
            }
            Term::Range(c, lo, hi) => number_of(c, rows, row).is_some_and(|v| v >= *lo && v <= *hi),
        }
    }
}

/// Whether every row `new` matches also matches `old`: `new` keeps `old`'s
/// terms in order, lengthening plain words, and may add terms. Patterns and
/// ranges must stay as they were: a longer pattern can match more.
pub fn refines(old: &str, new: &str) -> bool {
    let old: Vec<&str> = old.split_whitespace().collect();
    let new: Vec<&str> = new.split_whitespace().collect();
    new.len() >= old.len()
        && old.iter().zip(&new).all(|(o, n)| {
            o == n
                || (!o.contains(':')
                    && !n.contains(':')
                    && n.to_lowercase().contains(&o.to_lowercase()))
        })
}

/// Whether a column holds numbers (so `0.9-1` is a range there, not text).
fn numeric(c: &Column, rows: &Rows) -> bool {
    match c {
        Column::Confidence | Column::Prob(_) => true,
        Column::Feature(f) => rows.features[*f].numbers.is_some(),
        _ => false,
    }
}

fn column(name: &str, rows: &Rows) -> Option<Column> {
    let lower = name.to_lowercase();
    Some(match lower.as_str() {
        "text" | "sentence" => Column::Text,
        "id" => Column::Id,
        "label" | "gold" => Column::Label,
        "pred" | "prediction" => Column::Prediction,
        "confidence" | "conf" => Column::Confidence,
        "correct" => Column::Correct,
        "added" => Column::Added,
        _ => {
            if let Some(i) = rows
                .features
                .iter()
                .position(|f| f.name.to_lowercase() == lower)
            {
                Column::Feature(i)
            } else {
                let class = lower.strip_prefix("p_")?;
                Column::Prob(rows.labels.iter().position(|l| l.to_lowercase() == class)?)
            }
        }
    })
}

/// `0.9-1`, `0.9..1`, `>0.5`, `>=0.5`, `<0.2`, `<=0.2`, or a single number.
fn range(p: &str) -> Option<(f64, f64)> {
    let num = |s: &str| s.trim().parse::<f64>().ok();
    if let Some(v) = p.strip_prefix(">=").and_then(num) {
        return Some((v, f64::INFINITY));
    }
    if let Some(v) = p.strip_prefix('>').and_then(num) {
        return Some((v + f64::EPSILON * v.abs().max(1.0), f64::INFINITY));
    }
    if let Some(v) = p.strip_prefix("<=").and_then(num) {
        return Some((f64::NEG_INFINITY, v));
    }
    if let Some(v) = p.strip_prefix('<').and_then(num) {
        return Some((f64::NEG_INFINITY, v - f64::EPSILON * v.abs().max(1.0)));
    }
    if let Some((a, b)) = p.split_once("..") {
        return Some((num(a)?, num(b)?));
    }
    // `a-b`, where `a` may itself be negative.
    let split = p
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '-')
        .map(|(i, _)| i);
    if let Some(i) = split {
        return Some((num(&p[..i])?, num(&p[i + 1..])?));
    }
    num(p).map(|v| (v, v))
}

/// A column's value as text; borrowed where the rows hold it as text, so
/// matching a million rows allocates only for ids and numbers.
fn text_of<'r>(c: &Column, rows: &'r Rows, row: usize) -> Cow<'r, str> {
    match c {
        Column::Text => Cow::Borrowed(&rows.texts[row]),
        Column::Id => Cow::Owned(crate::data::row_id::format_id(rows.ids[row])),
        Column::Label => Cow::Borrowed(rows.label_name(rows.gold[row])),
        Column::Prediction => Cow::Borrowed(rows.label_name(rows.predicted(row))),
        Column::Correct => Cow::Borrowed(match rows.correct(row) {
            Some(true) => "true",
            Some(false) => "false",
            None => "",
        }),
        Column::Added => Cow::Borrowed(if rows.added[row] { "true" } else { "false" }),
        Column::Feature(f) => Cow::Borrowed(rows.features[*f].text(row)),
        Column::Confidence | Column::Prob(_) => Cow::Owned(
            number_of(c, rows, row)
                .map(|v| format!("{v}"))
                .unwrap_or_default(),
        ),
    }
}

fn number_of(c: &Column, rows: &Rows, row: usize) -> Option<f64> {
    match c {
        Column::Confidence => rows.confidence(row).map(f64::from),
        Column::Prob(k) => rows.probs(row).map(|p| f64::from(p[*k])),
        Column::Feature(f) => rows.features[*f]
            .numbers
            .as_ref()
            .map(|n| n[row])
            .or_else(|| rows.features[*f].text(row).parse().ok())
            .filter(|v: &f64| !v.is_nan()),
        Column::Correct => rows.correct(row).map(|c| if c { 1.0 } else { 0.0 }),
        _ => text_of(c, rows, row).parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_longer_word_or_a_new_term_refines() {
        assert!(refines("", "f"));
        assert!(refines("fil", "film"));
        assert!(refines("film", "film pred:^neg"));
        assert!(refines("Fil", "FILM "));
        assert!(!refines("film", "fil"));
        assert!(!refines("pred:^ne", "pred:^neg"));
        assert!(!refines("pred", "pred:"));
        assert!(!refines("film bad", "film"));
    }

    fn rows() -> Rows {
        let mut r = Rows {
            labels: vec!["negative".into(), "positive".into()],
            ..Default::default()
        };
        r.push_added(1, "A charming film".into(), Some(1), None);
        r.push_added(2, "dull and slow".into(), Some(1), None);
        r.set_probs(0, &[0.05, 0.95]);
        r.set_probs(1, &[0.7, 0.3]);
        r
    }

    fn hits(q: &str) -> Vec<usize> {
        let r = rows();
        let q = Query::parse(q, &r).expect("parses").expect("not empty");
        (0..r.len())
            .filter(|&i| q.matches(&r, i, &r.texts[i].to_lowercase()))
            .collect()
    }

    #[test]
    fn words_regexes_and_ranges() {
        assert_eq!(hits("CHARMING"), vec![0]);
        assert_eq!(hits("pred:^neg"), vec![1]);
        assert_eq!(hits("confidence:0.9-1"), vec![0]);
        assert_eq!(hits("confidence:<0.8"), vec![1]);
        assert_eq!(hits("correct:false"), vec![1]);
        assert_eq!(hits("p_positive:>0.5 film"), vec![0]);
    }

    #[test]
    fn bad_terms_say_what_is_wrong() {
        let r = rows();
        assert!(
            Query::parse("colour:red", &r)
                .expect_err("no column")
                .contains("no column `colour`")
        );
        assert!(
            Query::parse("text:(", &r)
                .expect_err("bad regex")
                .contains("not a valid pattern")
        );
        assert!(Query::parse("   ", &r).expect("empty").is_none());
    }

    #[test]
    fn an_id_is_text_and_a_bare_id_is_a_prefix() {
        let mut r = rows();
        r.push_added(0x0109_aaaa_0000_0000, "third".into(), None, None);
        r.push_added(0x1109_aaaa_0000_0000, "fourth".into(), None, None);
        let q = Query::parse("id:0109", &r)
            .expect("parses")
            .expect("a term");
        let found: Vec<usize> = (0..r.len())
            .filter(|&i| q.matches(&r, i, &r.texts[i].to_lowercase()))
            .collect();
        assert_eq!(found, vec![2], "`id:0109` is the ids starting 0109");
        let q = Query::parse("label:1", &r)
            .expect("parses")
            .expect("a term");
        assert!(
            (0..r.len()).all(|i| !q.matches(&r, i, "")),
            "a label is text, not the number 1"
        );
    }

    #[test]
    fn ranges_parse() {
        assert_eq!(range("0.9-1"), Some((0.9, 1.0)));
        assert_eq!(range("-1-2"), Some((-1.0, 2.0)));
        assert_eq!(range("3..4"), Some((3.0, 4.0)));
        assert_eq!(range("abc"), None);
    }
}
