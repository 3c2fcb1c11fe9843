//! The normalizers: Unicode NFKC, white space, and punctuation repair, plus
//! [`Sequence`] to compose them (with change reports) and
//! [`NormalizerConfig`] to describe them as data. The other stages live in
//! their own modules: [`Mojibake`] (and the opt-in [`GbkMojibake`]),
//! [`Width`], [`Glued`], [`Recase`].
//!
//! Most normalizers are *local*: the rewrite of a character depends only on
//! that character's cluster (NFKC), its run of white space (whitespace), its
//! garbled byte sequence (mojibake), or a few characters before it on the
//! same line (punctuation, width). That is what lets a sentence cut out of
//! the original and normalized alone come out exactly as it did inside the
//! whole document. Two stages are *document-level* on purpose: [`Glued`]
//! and [`Recase`] learn names, acronyms and brand spellings from the whole
//! text, and only ever insert a space between two letters or change letter
//! case. With them, a sentence normalized alone equals the sentence in
//! context up to letter case and those spaces.

use crate::char_class::{is_closer, is_line_break, is_mark, is_opener, is_removable_invisible};
use crate::report::{run_with_report, ChangeReport};
use crate::{GbkMojibake, Glued, Mojibake, Recase, Width};
use concord_core::{Edit, NormalizedText, Normalizer};
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Unicode NFKC, applied cluster by cluster.
///
/// A cluster is one character that is not a combining mark followed by the
/// combining marks after it (white space and control characters take no
/// marks). Each changed cluster becomes one edit, so the normalized
/// characters map back to the original bytes of their own cluster only.
/// Full-width forms become ASCII (`５` → `5`, `～` → `~`), `…` becomes `...`;
/// the wave dash `〜` is left as it is. Nothing is ever deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Nfkc;

impl Normalizer for Nfkc {
    fn normalize(&self, text: &mut NormalizedText) {
        let edits = nfkc_edits(text.as_str());
        text.apply(edits);
    }

    fn name(&self) -> &'static str {
        "nfkc"
    }
}

fn nfkc_edits(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        let takes_marks = !(first.is_whitespace() || first.is_control());
        let mut end = start + first.len_utf8();
        if takes_marks || is_mark(first) {
            while let Some(&(i, c)) = chars.peek() {
                if !is_mark(c) {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
        }
        if first.is_ascii() && end == start + 1 {
            continue;
        }
        let cluster = &text[start..end];
        if is_nfkc_quick(cluster.chars()) == IsNormalized::Yes {
            continue;
        }
        let normalized: String = cluster.nfkc().collect();
        if normalized != cluster {
            edits.push(Edit::new(start..end, normalized));
        }
    }
    edits
}

/// White space cleanup.
///
/// Each run of white space and invisible characters (zero-width space,
/// zero-width (non-)joiner, word joiner, byte-order mark, soft hyphen) is
/// rewritten as a whole: runs with line breaks become one newline, or two
/// when the run held two or more (so paragraph breaks survive but 3+ blank
/// lines collapse; `\r\n` counts as one break); other runs holding any space
/// or tab become one `' '`; runs of invisible characters only are deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Whitespace;

impl Normalizer for Whitespace {
    fn normalize(&self, text: &mut NormalizedText) {
        let edits = whitespace_edits(text.as_str());
        text.apply(edits);
    }

    fn name(&self) -> &'static str {
        "whitespace"
    }
}

fn whitespace_edits(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        if !(first.is_whitespace() || is_removable_invisible(first)) {
            continue;
        }
        let mut end = start + first.len_utf8();
        let mut breaks = 0usize;
        let mut spaces = false;
        let mut previous = None;
        let mut count = |c: char, previous: Option<char>| {
            if is_line_break(c) {
                // "\r\n" is one break.
                if !(c == '\n' && previous == Some('\r')) {
                    breaks += 1;
                }
            } else if c.is_whitespace() {
                spaces = true;
            }
        };
        count(first, previous);
        previous = Some(first);
        while let Some(&(i, c)) = chars.peek() {
            if !(c.is_whitespace() || is_removable_invisible(c)) {
                break;
            }
            count(c, previous);
            previous = Some(c);
            end = i + c.len_utf8();
            chars.next();
        }
        let replacement = match breaks {
            0 if spaces => " ",
            0 => "",
            1 => "\n",
            _ => "\n\n",
        };
        if &text[start..end] != replacement {
            edits.push(Edit::new(start..end, replacement));
        }
    }
    edits
}

/// Punctuation repair for machine-translated text.
///
/// A CJK full stop `。` (or half-width `｡`) or comma `，` written right after
/// Latin text becomes `.` / `,`, so an English sentence ends normally (a
/// full stop right after an English terminator, `"done."。`, is dropped); when
/// Latin text or an opening quote follows directly, a space is added
/// (`in force。And` → `in force. And`), so the mark's own edit is the only
/// one touched and the look-ahead is a single character.
/// "Right after Latin text" means: going back from the mark on the same line,
/// skipping at most a few spaces and closing quotes or brackets, the first
/// other character is ASCII and not itself punctuation (a letter, a digit,
/// `%`, ...). The look-back is bounded so the rule stays local.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Punctuation;

/// How many spaces and closing marks the punctuation rule looks past.
pub(crate) const PUNCTUATION_LOOK_BACK: usize = 8;

impl Normalizer for Punctuation {
    fn normalize(&self, text: &mut NormalizedText) {
        let edits = punctuation_edits(text.as_str());
        text.apply(edits);
    }

    fn name(&self) -> &'static str {
        "punctuation"
    }
}

fn punctuation_edits(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (i, c) in text.char_indices() {
        let full_stop = match c {
            '。' | '｡' => true,
            '，' => false,
            _ => continue,
        };
        let end = i + c.len_utf8();
        let glued = text[end..]
            .chars()
            .next()
            .is_some_and(|next| next.is_ascii_alphanumeric() || is_opener(next));
        let replacement = match (latin_context(&text[..i]), full_stop, glued) {
            (LatinContext::None, _, _) => continue,
            (LatinContext::Terminated, false, _) => continue,
            (LatinContext::Terminated, true, false) => "",
            (LatinContext::Terminated, true, true) => " ",
            (LatinContext::Text, true, false) => ".",
            (LatinContext::Text, true, true) => ". ",
            (LatinContext::Text, false, false) => ",",
            (LatinContext::Text, false, true) => ", ",
        };
        edits.push(Edit::new(i..end, replacement));
    }
    edits
}

/// What precedes a CJK full stop or comma.
enum LatinContext {
    /// Not Latin text.
    None,
    /// Latin text: the mark becomes its ASCII form.
    Text,
    /// A Latin sentence already ended by `.`, `!` or `?` (with only closing
    /// marks between, as in `"done."。`): the full stop is redundant.
    Terminated,
}

/// Classify the end of `head`, looking past at most
/// [`PUNCTUATION_LOOK_BACK`] spaces and closing marks on the same line.
fn latin_context(head: &str) -> LatinContext {
    let mut chars = head.chars().rev();
    let mut spaced = false;
    for c in chars.by_ref().take(PUNCTUATION_LOOK_BACK + 1) {
        if is_line_break(c) {
            return LatinContext::None;
        }
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        if is_closer(c) {
            continue;
        }
        if matches!(c, '.' | '!' | '?') {
            // The terminator itself must close Latin text.
            let before = chars.next();
            if !spaced && before.is_some_and(|b| b.is_ascii_graphic()) {
                return LatinContext::Terminated;
            }
            return LatinContext::None;
        }
        if c.is_ascii_graphic() && !matches!(c, ',' | ';' | ':' | '(' | '[' | '{' | '<') {
            return LatinContext::Text;
        }
        return LatinContext::None;
    }
    LatinContext::None
}

/// Normalizers applied in order; itself a [`Normalizer`].
pub struct Sequence {
    normalizers: Vec<Box<dyn Normalizer>>,
}

impl Sequence {
    /// Apply `normalizers` in the order given.
    pub fn new(normalizers: Vec<Box<dyn Normalizer>>) -> Self {
        Self { normalizers }
    }

    /// The standard pipeline: [`Mojibake`] (before anything reinterprets
    /// the garbled characters), [`Nfkc`], [`Whitespace`], [`Punctuation`]
    /// (which looks back past white space, so it runs on collapsed runs),
    /// [`Width`], [`Glued`], then [`Recase`] (which reads the words
    /// [`Glued`] separated).
    pub fn default_pipeline() -> Self {
        Self::new(vec![
            Box::new(Mojibake),
            Box::new(Nfkc),
            Box::new(Whitespace),
            Box::new(Punctuation),
            Box::new(Width),
            Box::new(Glued),
            Box::new(Recase),
        ])
    }

    /// The local stages of [`Self::default_pipeline`] only (no [`Glued`],
    /// no [`Recase`]): a sentence normalized alone then comes out exactly as
    /// in its document.
    pub fn local_pipeline() -> Self {
        Self::new(vec![
            Box::new(Mojibake),
            Box::new(Nfkc),
            Box::new(Whitespace),
            Box::new(Punctuation),
            Box::new(Width),
        ])
    }

    /// Normalize `text` like [`Normalizer::normalize`], and report, stage by
    /// stage, how many edits each made with up to three before/after
    /// examples (one entry per stage, in order, changed or not).
    ///
    /// Each stage runs twice (once on a scratch copy to find examples), so
    /// use this for diagnostics rather than bulk runs.
    ///
    /// ```
    /// use concord_core::NormalizedText;
    /// use concord_normalize::Sequence;
    ///
    /// let mut text = NormalizedText::new("It was still in forceAnd it’s ＧＰＴ－５。");
    /// let reports = Sequence::default_pipeline().normalize_with_report(&mut text);
    /// assert_eq!(text.as_str(), "It was still in force And it's GPT-5.");
    /// let glued = reports.iter().find(|r| r.stage == "glued").unwrap();
    /// assert_eq!(glued.edits, 1);
    /// let example = &glued.examples[0];
    /// assert_eq!((example.before.as_str(), example.after.as_str()), ("forceAnd", "force And"));
    /// // The span points into the original text.
    /// assert_eq!(example.span.and_then(|s| s.slice(text.original())), Some("forceAnd"));
    /// ```
    pub fn normalize_with_report(&self, text: &mut NormalizedText) -> Vec<ChangeReport> {
        self.normalizers
            .iter()
            .map(|normalizer| run_with_report(normalizer.as_ref(), text))
            .collect()
    }

    /// Append one more normalizer.
    pub fn push(&mut self, normalizer: Box<dyn Normalizer>) {
        self.normalizers.push(normalizer);
    }

    /// Names of the normalizers, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.normalizers.iter().map(|n| n.name()).collect()
    }

    /// Number of normalizers.
    pub fn len(&self) -> usize {
        self.normalizers.len()
    }

    /// True when the sequence does nothing.
    pub fn is_empty(&self) -> bool {
        self.normalizers.is_empty()
    }
}

impl Default for Sequence {
    fn default() -> Self {
        Self::default_pipeline()
    }
}

impl fmt::Debug for Sequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Sequence").field(&self.names()).finish()
    }
}

impl Normalizer for Sequence {
    fn normalize(&self, text: &mut NormalizedText) {
        for normalizer in &self.normalizers {
            normalizer.normalize(text);
        }
    }

    fn name(&self) -> &'static str {
        "sequence"
    }
}

/// A normalizer described as data, e.g. in a JSON or TOML config:
/// `{"type": "sequence", "normalizers": [{"type": "nfkc"}, {"type": "whitespace"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum NormalizerConfig {
    /// Several normalizers in order.
    Sequence {
        /// The normalizers, applied first to last.
        normalizers: Vec<NormalizerConfig>,
    },
    /// [`Nfkc`].
    Nfkc,
    /// [`Whitespace`].
    Whitespace,
    /// [`Punctuation`].
    Punctuation,
    /// [`Mojibake`].
    Mojibake,
    /// [`Width`].
    Width,
    /// [`Glued`].
    Glued,
    /// [`Recase`].
    Recase,
    /// [`GbkMojibake`] (not in the default pipeline).
    #[serde(rename = "gbk")]
    GbkMojibake,
}

impl NormalizerConfig {
    /// The configuration of [`Sequence::default_pipeline`].
    pub fn default_pipeline() -> Self {
        Self::Sequence {
            normalizers: vec![
                Self::Mojibake,
                Self::Nfkc,
                Self::Whitespace,
                Self::Punctuation,
                Self::Width,
                Self::Glued,
                Self::Recase,
            ],
        }
    }

    /// The configuration of [`Sequence::local_pipeline`].
    pub fn local_pipeline() -> Self {
        Self::Sequence {
            normalizers: vec![
                Self::Mojibake,
                Self::Nfkc,
                Self::Whitespace,
                Self::Punctuation,
                Self::Width,
            ],
        }
    }

    /// Build the normalizer this describes.
    pub fn build(&self) -> Box<dyn Normalizer> {
        match self {
            Self::Sequence { .. } => Box::new(self.build_sequence()),
            Self::Nfkc => Box::new(Nfkc),
            Self::Whitespace => Box::new(Whitespace),
            Self::Punctuation => Box::new(Punctuation),
            Self::Mojibake => Box::new(Mojibake),
            Self::Width => Box::new(Width),
            Self::Glued => Box::new(Glued),
            Self::Recase => Box::new(Recase),
            Self::GbkMojibake => Box::new(GbkMojibake),
        }
    }

    /// Build this as a [`Sequence`] (a single normalizer becomes a sequence
    /// of one).
    pub fn build_sequence(&self) -> Sequence {
        match self {
            Self::Sequence { normalizers } => {
                Sequence::new(normalizers.iter().map(Self::build).collect())
            }
            single => Sequence::new(vec![single.build()]),
        }
    }
}

impl Default for NormalizerConfig {
    fn default() -> Self {
        Self::default_pipeline()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::Span;

    fn run(normalizer: &dyn Normalizer, text: &str) -> NormalizedText {
        let mut normalized = NormalizedText::new(text);
        normalizer.normalize(&mut normalized);
        normalized
    }

    #[test]
    fn nfkc_maps_full_width_forms_to_their_own_bytes() {
        let text = run(&Nfkc, "ＯｐｅｎＡＩ发布ＧＰＴ－５．６");
        assert_eq!(text.as_str(), "OpenAI发布GPT-5.6");
        // "5" comes from the 3 bytes of "５" only.
        let five = text.as_str().find('5').unwrap();
        let span = text.original_span(five..five + 1).unwrap();
        assert_eq!(span.slice(text.original()), Some("５"));
    }

    #[test]
    fn nfkc_composes_clusters_and_keeps_range_markers() {
        let text = run(&Nfkc, "Cafe\u{301} 6月1日〜3日 ５～７");
        assert_eq!(text.as_str(), "Café 6月1日〜3日 5~7");
        let e = text.as_str().find('é').unwrap();
        assert_eq!(text.original_span(e..e + 2), Some(Span::new(3, 6)));
        assert_eq!(run(&Nfkc, "待って…").as_str(), "待って...");
    }

    #[test]
    fn whitespace_collapses_and_strips_invisibles() {
        let text = run(
            &Whitespace,
            "東京\u{3000}\u{3000}Tokyo\t \u{a0}x\u{200b}y co\u{ad}op\r\n\r\n\r\n\n end\u{feff}",
        );
        assert_eq!(text.as_str(), "東京 Tokyo xy coop\n\nend");
        let one = run(&Whitespace, "first line  \r\n  second");
        assert_eq!(one.as_str(), "first line\nsecond");
    }

    #[test]
    fn cjk_full_stop_after_english_becomes_period() {
        let text = run(
            &Punctuation,
            "The ministry denied the report。它没有回应。He said “no comment”。\n。Ok，fine，好，\nIt “ended.”。Really?”。Next。“Quote”\n他说“好!”。",
        );
        assert_eq!(
            text.as_str(),
            "The ministry denied the report.它没有回应。He said “no comment”.\n。Ok, fine,好，\nIt “ended.” Really?” Next. “Quote”\n他说“好!”。"
        );
    }

    #[test]
    fn config_round_trips_through_json() {
        let config = NormalizerConfig::default_pipeline();
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(
            json,
            r#"{"type":"sequence","normalizers":[{"type":"mojibake"},{"type":"nfkc"},{"type":"whitespace"},{"type":"punctuation"},{"type":"width"},{"type":"glued"},{"type":"recase"}]}"#
        );
        let back: NormalizerConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, config);
        assert_eq!(back.build_sequence().names(), Sequence::default().names());
        assert_eq!(
            NormalizerConfig::local_pipeline().build_sequence().names(),
            Sequence::local_pipeline().names()
        );
        for name in ["mojibake", "width", "glued", "recase", "gbk"] {
            let one: NormalizerConfig =
                serde_json::from_str(&format!(r#"{{"type":"{name}"}}"#)).unwrap();
            assert_eq!(one.build().name(), name);
        }
        assert_eq!(NormalizerConfig::Nfkc.build().name(), "nfkc");
        let text = run(back.build().as_ref(), "ＧＰＴ－５\u{3000}\u{3000}is out。");
        assert_eq!(text.as_str(), "GPT-5 is out.");
    }
}
