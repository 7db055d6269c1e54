//! CSV/TSV problems said in our words (issue 14, item 24): polars' own
//! messages suggest Python options (`truncate_ragged_lines=true`,
//! `infer_schema_length`, `ignore_errors=True`) that mean nothing here.

use std::path::Path;

/// A row with more fields than the header: which line, how many, and the fix.
pub fn ragged(bytes: &[u8], separator: u8, path: &Path) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines();
    let header = lines.next().map_or(0, |h| fields(h, separator));
    let found = lines
        .enumerate()
        .map(|(i, l)| (i + 2, fields(l, separator)))
        .find(|&(_, n)| n > header);
    let sep = if separator == b'\t' { "tab" } else { "comma" };
    match found {
        Some((line, n)) => format!(
            "{}:{line}: this row has {n} fields but the header has {header}; a stray {sep} or an unquoted field with a {sep} in it (quote it with \"…\"), or add the column to the header",
            path.display()
        ),
        None => format!(
            "{}: a row has more fields than the header's {header}; look for a stray {sep} or an unquoted field",
            path.display()
        ),
    }
}

/// Fields on one line, outside double quotes.
fn fields(line: &str, separator: u8) -> usize {
    let mut quoted = false;
    let mut n = 1;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == separator && !quoted {
            n += 1;
        }
    }
    n
}

/// A value that does not fit the type the first rows suggested: the column
/// and the value, from polars' message, in a note (the file is then read
/// with every column as text).
pub fn mixed_types(message: &str) -> String {
    let value = between(message, "could not parse `", "`");
    let column = between(message, "at column '", "'");
    match (value, column) {
        (Some(v), Some(c)) => format!(
            "column `{c}` looked like numbers, but holds `{v}` further down; every column is read as text"
        ),
        _ => "a column mixes numbers and text; every column is read as text".to_string(),
    }
}

/// Polars' message without its advice for Python users.
pub fn without_python_advice(message: &str) -> String {
    message
        .lines()
        .filter(|l| {
            ![
                "Consider",
                "infer_schema_length",
                "ignore_errors",
                "truncate_ragged",
            ]
            .iter()
            .any(|w| l.contains(w))
        })
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let to = s[from..].find(end)? + from;
    Some(&s[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ragged_line_is_found_outside_quotes() {
        let csv = b"text,label\n\"a, b\",1\nc,2,3\n";
        let said = ragged(csv, b',', Path::new("x.csv"));
        assert!(
            said.starts_with("x.csv:3: this row has 3 fields but the header has 2"),
            "{said}"
        );
    }

    #[test]
    fn python_advice_is_dropped() {
        let m = "found more fields than defined in 'Schema'\n\nConsider setting 'truncate_ragged_lines=true'.";
        assert_eq!(
            without_python_advice(m),
            "found more fields than defined in 'Schema'"
        );
    }
}
