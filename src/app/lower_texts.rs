//! Every row's text in lowercase, for search: back to back in one buffer,
//! with a 64-bit mask per row of the bytes it holds.
//!
//! One buffer: a search reads it front to back instead of chasing a pointer
//! per row, and holds no allocation per row. The masks: a row can hold a
//! word only if its mask has every bit of the word's, so most rows are
//! ruled out without reading their text; and for a word of one letter or
//! digit the mask is the answer (at a million rows the first letter of a
//! search read every text, 26 ms).

/// Each row's lowercase text, and which bytes it holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LowerTexts {
    text: String,
    /// Where each row's text ends in `text`.
    ends: Vec<usize>,
    masks: Vec<u64>,
}

impl LowerTexts {
    pub fn of<S: AsRef<str>>(texts: &[S]) -> Self {
        let bytes = texts.iter().map(|t| t.as_ref().len()).sum();
        let mut lower = Self {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(texts.len()),
            masks: Vec::with_capacity(texts.len()),
        };
        for t in texts {
            lower.push(t.as_ref());
        }
        lower
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub(crate) fn push(&mut self, text: &str) {
        let start = self.text.len();
        if text.is_ascii() {
            // In place: no allocation per row.
            self.text.push_str(text);
            self.text[start..].make_ascii_lowercase();
        } else {
            // The whole string at once, as the query is lowercased (a final Σ is ς).
            self.text.push_str(&text.to_lowercase());
        }
        self.ends.push(self.text.len());
        self.masks.push(byte_mask(&self.text.as_bytes()[start..]));
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| &self[i])
    }

    /// Whether row `row` may hold every byte of `mask` (`byte_mask` of the
    /// words sought); `false` means it holds none of the words for sure.
    pub fn may_hold(&self, row: usize, mask: u64) -> bool {
        self.masks[row] & mask == mask
    }
}

impl std::ops::Index<usize> for LowerTexts {
    type Output = str;

    fn index(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.text[start..self.ends[row]]
    }
}

/// The mask bit of a byte: `a`–`z` and `0`–`9` have one each, every other
/// byte shares one of the other 28.
fn bit(b: u8) -> u64 {
    let i = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + (b - b'0'),
        _ => 36 + b % 28,
    };
    1 << i
}

/// The bits of every byte in `bytes`.
pub fn byte_mask(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |m, &b| m | bit(b))
}

/// Whether the mask alone says if a text holds `word`: a single lowercase
/// letter or digit, whose bit no other byte shares.
pub fn mask_decides(word: &[u8]) -> bool {
    matches!(word, [b'a'..=b'z' | b'0'..=b'9'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_other_texts_lowercase_as_str_does() {
        let texts = ["MiXeD Case 42!", "ΟΔΟΣ", "Crème BRÛLÉE", ""];
        let lower = LowerTexts::of(&texts);
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(&lower[i], t.to_lowercase());
        }
    }

    #[test]
    fn the_mask_rules_rows_out_and_never_in() {
        let lower = LowerTexts::of(&["Héllo, World", "ÉTÉ 2024", ""]);
        assert_eq!(&lower[0], "héllo, world");
        assert_eq!(&lower[1], "été 2024");
        assert_eq!(&lower[2], "");
        for (row, text) in lower.iter().enumerate() {
            for word in ["h", "wor", "é", "2", "20", "z", ",", "été", "x"] {
                let mask = byte_mask(word.as_bytes());
                let holds = text.contains(word);
                // Never rules out a row that holds the word.
                assert!(!holds || lower.may_hold(row, mask), "{row} {word}");
                if mask_decides(word.as_bytes()) {
                    assert_eq!(lower.may_hold(row, mask), holds, "{row} {word}");
                }
            }
        }
    }
}
