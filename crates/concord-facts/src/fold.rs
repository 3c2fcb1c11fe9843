//! Character folding applied before matching, with a map back to the
//! original byte offsets.
//!
//! Two foldings, both one character to one character:
//!
//! * full-width ASCII (`４８，０００`, `％`, `＄`) and the ideographic space
//!   to ASCII, for input that skipped NFKC;
//! * traditional Chinese and Japanese shinjitai characters to simplified
//!   Chinese (`證`/`証` → `证`, `億` → `亿`, `長官` → `长官`), from the
//!   OpenCC tables in `data.rs`, so one pattern or lexicon entry covers
//!   every variant and organisation keys meet across scripts.
//!
//! Because every character maps to exactly one character, a range of whole
//! characters in the folded text maps to a range of whole characters in the
//! original.

use crate::data;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

fn t2s_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = data::T2S.chars().collect();
        chars
            .chunks_exact(2)
            .map(|p| (p[0], p[1]))
            // `円` is the yen sign in Japanese text; keep it as written.
            .filter(|&(from, _)| from != '円')
            .collect()
    })
}

/// Fold one character (see the module documentation).
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{FFE5}' => '¥',
        '\u{FFE0}' => '¢',
        '\u{FFE1}' => '£',
        c if (c as u32) < 0x2E80 => c,
        c => t2s_table().get(&c).copied().unwrap_or(c),
    }
}

/// Fold a whole string.
pub(crate) fn fold_str(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Folded text and the byte map back to the original.
#[derive(Debug)]
pub(crate) struct Folded {
    /// The folded text.
    pub text: String,
    /// `map[i]` is the original byte offset of folded byte `i`
    /// (`map.len() == text.len() + 1`); empty when folding changed nothing
    /// and offsets are the same.
    map: Vec<usize>,
}

impl Folded {
    pub(crate) fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::new();
        let mut changed = false;
        for (pos, c) in original.char_indices() {
            let f = fold_char(c);
            if f.len_utf8() != c.len_utf8() {
                changed = true;
            }
            text.push(f);
            map.extend(std::iter::repeat_n(pos, f.len_utf8()));
        }
        map.push(original.len());
        if !changed {
            map.clear();
        }
        Self { text, map }
    }

    /// Original range of a folded range; `None` if the range is not on
    /// folded character boundaries.
    pub(crate) fn original(&self, r: &Range<usize>) -> Option<Range<usize>> {
        if !self.text.is_char_boundary(r.start) || !self.text.is_char_boundary(r.end) {
            return None;
        }
        if self.map.is_empty() {
            return Some(r.clone());
        }
        Some(*self.map.get(r.start)?..*self.map.get(r.end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_variants() {
        assert_eq!(fold_str("４８，０００％"), "48,000%");
        assert_eq!(fold_str("野村證券"), "野村证券");
        assert_eq!(fold_str("野村証券"), "野村证券");
        assert_eq!(fold_str("商務長官"), "商务长官");
        assert_eq!(fold_str("100円"), "100円");
    }

    #[test]
    fn maps_ranges_back() {
        let s = "约４８，０００人";
        let f = Folded::new(s);
        assert_eq!(f.text, "约48,000人");
        let r = f.original(&(3..9)).unwrap_or(0..0);
        assert_eq!(&s[r], "４８，０００");
        let same = Folded::new("abc");
        assert_eq!(same.original(&(1..2)), Some(1..2));
    }
}
