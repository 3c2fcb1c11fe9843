//! Text that remembers where every byte came from.
//!
//! [`NormalizedText`] holds the original text and a rewritten (normalized)
//! copy. For every byte of the normalized copy it stores the byte span of the
//! original that produced it, so any range of normalized text maps back to an
//! exact span of the original file. Rewrites are expressed as [`Edit`]s on the
//! current normalized text; each inserted character inherits the original span
//! of the range it replaces (an insertion into an empty range inherits a
//! zero-width span at that point).

use crate::Span;
use std::ops::Range;

/// One replacement of a byte range of the current normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the current normalized text (on char boundaries).
    pub range: Range<usize>,
    /// Replacement text (may be empty: a deletion).
    pub replacement: String,
}

impl Edit {
    /// Build an edit.
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Self {
            range,
            replacement: replacement.into(),
        }
    }
}

/// A normalized text with a byte-level map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedText {
    original: String,
    base: usize,
    text: String,
    /// `align[i]` is the original span (relative to `original`) of normalized byte `i`.
    align: Vec<(usize, usize)>,
    changes: usize,
}

impl NormalizedText {
    /// Start from `original`, unchanged; spans are relative to its start.
    pub fn new(original: &str) -> Self {
        Self::with_base(original, 0)
    }

    /// Start from `original`, which begins at byte `base` of its file: all
    /// spans reported by [`Self::original_span`] are shifted by `base`.
    pub fn with_base(original: &str, base: usize) -> Self {
        let mut align = Vec::with_capacity(original.len());
        for (i, c) in original.char_indices() {
            let end = i + c.len_utf8();
            align.extend(std::iter::repeat_n((i, end), c.len_utf8()));
        }
        Self {
            original: original.to_owned(),
            base,
            text: original.to_owned(),
            align,
            changes: 0,
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original text this was built from.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// Byte offset of the original text within its file.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Length in bytes of the normalized text.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when the normalized text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// How many edits were applied so far (for change reports).
    pub fn changes(&self) -> usize {
        self.changes
    }

    /// Span in the file (original offsets plus `base`) covered by a range of
    /// normalized text; `None` for an empty or out-of-bounds range.
    pub fn original_span(&self, range: Range<usize>) -> Option<Span> {
        if range.start >= range.end || range.end > self.align.len() {
            return None;
        }
        let slice = &self.align[range];
        let start = slice.iter().map(|s| s.0).min()?;
        let end = slice.iter().map(|s| s.1).max()?;
        Some(Span::new(self.base + start, self.base + end))
    }

    /// Replace one range of the normalized text.
    ///
    /// Ranges off char boundaries or out of bounds are ignored (they can only
    /// come from a bug in a stage, and the text stays consistent).
    pub fn replace(&mut self, range: Range<usize>, replacement: &str) {
        self.apply(vec![Edit::new(range, replacement)]);
    }

    /// Apply many edits at once. Edits must be sorted by range start and not
    /// overlap; any edit that violates this, or is not on char boundaries, is
    /// skipped so the offset map never becomes inconsistent.
    pub fn apply(&mut self, edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut align = Vec::with_capacity(self.align.len());
        let mut cursor = 0usize;
        for edit in edits {
            let Range { start, end } = edit.range;
            if start < cursor
                || end < start
                || end > self.text.len()
                || !self.text.is_char_boundary(start)
                || !self.text.is_char_boundary(end)
            {
                continue;
            }
            if self.text[start..end] == edit.replacement {
                continue;
            }
            text.push_str(&self.text[cursor..start]);
            align.extend_from_slice(&self.align[cursor..start]);
            let span = if start < end {
                let s = self.align[start..end].iter().map(|s| s.0).min();
                let e = self.align[start..end].iter().map(|s| s.1).max();
                (s.unwrap_or(0), e.unwrap_or(0))
            } else if start > 0 {
                let p = self.align[start - 1].1;
                (p, p)
            } else {
                let p = self.align.first().map_or(0, |s| s.0);
                (p, p)
            };
            text.push_str(&edit.replacement);
            align.extend(std::iter::repeat_n(span, edit.replacement.len()));
            cursor = end;
            self.changes += 1;
        }
        text.push_str(&self.text[cursor..]);
        align.extend_from_slice(&self.align[cursor..]);
        self.text = text;
        self.align = align;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_maps_to_replaced_bytes() {
        // "６月２７日" in full-width digits; replace both digits.
        let mut t = NormalizedText::new("６月２７日");
        t.apply(vec![Edit::new(0..3, "6"), Edit::new(6..12, "27")]);
        assert_eq!(t.as_str(), "6月27日");
        assert_eq!(t.original_span(0..1), Some(Span::new(0, 3)));
        assert_eq!(t.original_span(4..6), Some(Span::new(6, 12)));
        assert_eq!(t.original_span(4..9), Some(Span::new(6, 15)));
    }

    #[test]
    fn deletion_and_base_offset() {
        let mut t = NormalizedText::with_base("Hello   world", 100);
        t.replace(5..8, " ");
        assert_eq!(t.as_str(), "Hello world");
        assert_eq!(t.original_span(6..11), Some(Span::new(108, 113)));
        t.replace(5..6, "");
        assert_eq!(t.as_str(), "Helloworld");
        assert_eq!(t.original_span(0..10), Some(Span::new(100, 113)));
    }

    #[test]
    fn bad_edits_are_skipped() {
        let mut t = NormalizedText::new("日本");
        t.replace(1..2, "x");
        t.apply(vec![Edit::new(3..6, "x"), Edit::new(0..3, "y")]);
        assert_eq!(t.as_str(), "日x");
        assert_eq!(t.original_span(3..4), Some(Span::new(3, 6)));
    }
}
