//! A field's value wrapped under its value column (a hanging indent), so a
//! long text reads as a block beside its label rather than from column 0.

use ratatui::text::{Line, Span};

/// `label` then `words` (each span one word, styled), wrapped at `width`;
/// continuation lines start under the first word.
pub fn wrap(label: Span<'static>, words: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let indent = label.width();
    let room = width.saturating_sub(indent).max(10);
    let mut lines = Vec::new();
    let mut current = vec![label];
    let mut used = 0usize;
    for word in words {
        let w = word.width();
        if used > 0 && used + 1 + w > room {
            lines.push(Line::from(std::mem::take(&mut current)));
            current.push(Span::raw(" ".repeat(indent)));
            used = 0;
        }
        if used > 0 {
            current.push(Span::raw(" "));
            used += 1;
        }
        used += w;
        current.push(word);
    }
    lines.push(Line::from(current));
    lines
}

/// Plain words of `text`, unstyled.
pub fn words(text: &str) -> Vec<Span<'static>> {
    text.split_whitespace()
        .map(|w| Span::raw(w.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_start_under_the_value() {
        let lines = wrap(
            Span::raw("text       "),
            words("one two three four five six seven"),
            25,
        );
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            vec![
                "text       one two three",
                "           four five six",
                "           seven"
            ]
        );
    }
}
