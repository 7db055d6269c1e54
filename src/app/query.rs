//! The Data Table's search language, LIT's in spirit: words match the text,
//! `column:regex` matches a column, `column:0.9-1` (or `>0.5`, `<=3`) a number
//! range. Every term must match.

use regex::{Regex, RegexBuilder};

use super::rows::Rows;

#[derive(Debug, Clone)]
pub struct Query {
    terms: Vec<Term>,
}

#[derive(Debug, Clone)]
enum Term {
    /// Case-insensitive substring of the text.
    Word(String),
    Pattern(Column, Regex),
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
                terms.push(Term::Word(token.to_lowercase()));
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
            terms.push(Term::Pattern(column, regex));
        }
        Ok((!terms.is_empty()).then_some(Self { terms }))
    }

    pub fn matches(&self, rows: &Rows, row: usize, lowered_text: &str) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Word(w) => lowered_text.contains(w.as_str()),
            Term::Pattern(c, re) => re.is_match(&text_of(c, rows, row)),
            Term::Range(c, lo, hi) => number_of(c, rows, row).is_some_and(|v| v >= *lo && v <= *hi),
        })
    }
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

fn text_of(c: &Column, rows: &Rows, row: usize) -> String {
    match c {
        Column::Text => rows.texts[row].clone(),
        Column::Id => crate::data::row_id::format_id(rows.ids[row]),
        Column::Label => rows.label_name(rows.gold[row]).to_string(),
        Column::Prediction => rows.label_name(rows.predicted(row)).to_string(),
        Column::Correct => match rows.correct(row) {
            Some(true) => "true".into(),
            Some(false) => "false".into(),
            None => String::new(),
        },
        Column::Added => rows.added[row].to_string(),
        Column::Feature(f) => rows.features[*f].text[row].clone(),
        Column::Confidence | Column::Prob(_) => number_of(c, rows, row)
            .map(|v| format!("{v}"))
            .unwrap_or_default(),
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
            .or_else(|| rows.features[*f].text[row].parse().ok())
            .filter(|v: &f64| !v.is_nan()),
        Column::Correct => rows.correct(row).map(|c| if c { 1.0 } else { 0.0 }),
        _ => text_of(c, rows, row).parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
