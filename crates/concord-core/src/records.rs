//! The records that flow between stages and end up as rows of the output tables.

use crate::{AlignmentId, ClaimId, DocId, EventId, FactId, FileMap, FlagId, SentenceId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open byte range `[start, end)` in an original input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Build a span.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True for a zero-width span.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The text this span covers in `text`, if it is a valid char range there.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Language of a document or sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (and other Latin-script text we treat alike).
    En,
    /// Chinese.
    Zh,
    /// Japanese.
    Ja,
    /// Undetermined (no letters, or nothing we recognise).
    Und,
}

impl Lang {
    /// ISO 639-1 code (`und` for undetermined).
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Ja => "ja",
            Lang::Und => "und",
        }
    }

    /// Guess the language of a piece of text from its scripts: any kana means
    /// Japanese, Han without kana means Chinese, Latin letters mean English.
    ///
    /// Each Latin word counts once (not each letter), so a Chinese sentence
    /// quoting `GPT-5.6` or `Anthropic` stays Chinese.
    pub fn detect(text: &str) -> Lang {
        let (mut kana, mut han, mut latin_words) = (0usize, 0usize, 0usize);
        let mut in_word = false;
        for c in text.chars() {
            let is_latin = c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c);
            if is_latin && !in_word {
                latin_words += 1;
            }
            in_word = is_latin;
            match c {
                '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}' => {
                    kana += 1
                }
                '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' => {
                    han += 1
                }
                _ => {}
            }
        }
        let cjk = kana + han;
        if cjk == 0 && latin_words == 0 {
            return Lang::Und;
        }
        // A CJK character carries roughly as much as an English word / 2.
        if cjk * 2 >= latin_words * 3 || (cjk >= 2 && latin_words <= 2) {
            // Kana is decisive, but a stray "の" in a Chinese title is rare
            // enough that we require it to be more than a trace.
            if kana > 0 && kana * 20 >= cjk {
                Lang::Ja
            } else {
                Lang::Zh
            }
        } else {
            Lang::En
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Whether a document went through the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocStatus {
    /// Processed.
    Ok,
    /// Skipped, with the reason shown to the user (e.g. "invalid UTF-8 at byte 17").
    Error(String),
}

impl DocStatus {
    /// `ok` or the error text, as stored in the `documents.status` column.
    pub fn as_column(&self) -> String {
        match self {
            DocStatus::Ok => "ok".to_owned(),
            DocStatus::Error(e) => format!("error: {e}"),
        }
    }
}

/// One input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Stable id (hash of source and content).
    pub id: DocId,
    /// Path relative to the input root, with `/` separators.
    pub source: String,
    /// Dominant language.
    pub lang: Lang,
    /// First non-empty line, trimmed, if any.
    pub title: Option<String>,
    /// The original text (empty when the document could not be read).
    pub text: String,
    /// Size of the original file in bytes.
    pub byte_len: u64,
    /// SHA-256 of the original bytes, hex.
    pub sha256: String,
    /// `Ok`, or why the document was skipped.
    pub status: DocStatus,
    /// Character encoding the bytes were decoded from (`UTF-8`, `GB18030`, ...).
    pub encoding: String,
    /// Where the article came from, when the input says (`.jsonl` `url`).
    pub url: Option<String>,
    /// Publication date or time as given by the input, when known.
    pub published: Option<String>,
    /// Where `text` came from in the file, when it is not the file's bytes
    /// verbatim (legacy encodings, HTML, JSON lines). `None` means `text` is
    /// the file itself, so text offsets are file offsets.
    pub file_map: Option<FileMap>,
}

impl Document {
    /// Byte span in the input file of `span` in [`Document::text`].
    pub fn file_span(&self, span: Span) -> Span {
        match &self.file_map {
            Some(map) => map.to_file(span),
            None => span,
        }
    }
}

/// One sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Stable id.
    pub id: SentenceId,
    /// Document it belongs to.
    pub doc_id: DocId,
    /// Position in the document, from 0.
    pub idx: u32,
    /// Language of this sentence.
    pub lang: Lang,
    /// Normalized text (what is embedded and searched).
    pub text: String,
    /// Byte span in the original file.
    pub span: Span,
    /// The original bytes at `span`.
    pub original_text: String,
    /// Matching key: `text` folded for comparison (case, width, traditional/
    /// simplified Chinese, Japanese kanji variants); never displayed.
    pub match_key: String,
}

/// Kind of a checkable fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// A plain number (`48,000`, `4.8万`).
    Number,
    /// An amount of money with its currency.
    Money,
    /// A percentage.
    Percent,
    /// A date or date range, ISO 8601 with precision.
    Date,
    /// A product or model version name (`GPT-5.6`, `Opus 4.8`), or a
    /// letter-digit code of a product, model, flight, train or vessel
    /// (`XR-220`, `G1728`, `COVID-19`).
    Version,
    /// A person's name.
    Person,
    /// A role or title (`Commerce Secretary`).
    Role,
    /// Any other named entity (organisation, place).
    Entity,
    /// The direction of a change (`rose` / `下降`), compared only on
    /// aligned sentences that state the same amount.
    Polarity,
}

impl FactKind {
    /// Lower-case name as stored in tables.
    pub const fn as_str(self) -> &'static str {
        match self {
            FactKind::Number => "number",
            FactKind::Money => "money",
            FactKind::Percent => "percent",
            FactKind::Date => "date",
            FactKind::Version => "version",
            FactKind::Person => "person",
            FactKind::Role => "role",
            FactKind::Entity => "entity",
            FactKind::Polarity => "polarity",
        }
    }
}

impl fmt::Display for FactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A checkable fact found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Stable id.
    pub id: FactId,
    /// Sentence it was found in.
    pub sentence_id: SentenceId,
    /// Document of that sentence.
    pub doc_id: DocId,
    /// What kind of fact.
    pub kind: FactKind,
    /// The text as written (normalized form).
    pub surface: String,
    /// Canonical value used for comparison (e.g. `2026-06-27`, `GPT-5.6`, `48000`).
    pub normalized: String,
    /// Byte span in the original file.
    pub span: Span,
}

/// How an alignment was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlignMethod {
    /// Margin-based mutual nearest neighbours (Artetxe & Schwenk 2019).
    MarginMnn,
    /// Margin-based mining with lexical anchors (numbers, names, versions)
    /// shared by both sentences added to the score.
    MarginAnchors,
    /// A pair of sentences of two reports of one event that state the same
    /// facts (a second pass after mining; `score` is the margin plus a
    /// bonus per agreeing fact).
    FactAnchored,
    /// A bead of a monotone dynamic-programming alignment of two documents
    /// that translate each other (1-1, 1-2, 2-1, 1-3, 3-1, up to 1-5 and 5-1, 1-0, 0-1).
    Bead,
}

impl AlignMethod {
    /// Name stored in tables.
    pub const fn as_str(self) -> &'static str {
        match self {
            AlignMethod::MarginMnn => "margin_mnn",
            AlignMethod::MarginAnchors => "margin_anchors",
            AlignMethod::FactAnchored => "fact_anchored",
            AlignMethod::Bead => "bead",
        }
    }
}

/// Sentences from two documents that make the same claim: a 1-1 pair from
/// mining, or a bead (possibly n-m, possibly with an empty side) from the
/// translation aligner.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Stable id.
    pub id: AlignmentId,
    /// Document of side a.
    pub doc_a: DocId,
    /// Document of side b.
    pub doc_b: DocId,
    /// First sentence of side a (`None` for a 0-n bead).
    pub sentence_a: Option<SentenceId>,
    /// First sentence of side b (`None` for an n-0 bead).
    pub sentence_b: Option<SentenceId>,
    /// Sentence indices covered on side a (`None` when empty).
    pub range_a: Option<SentenceRange>,
    /// Sentence indices covered on side b (`None` when empty).
    pub range_b: Option<SentenceRange>,
    /// Cosine similarity of the two sides' embeddings (0 for an empty side).
    pub cosine: f32,
    /// Ratio margin score (1 when not computed).
    pub margin: f32,
    /// The score the decision was made on (margin, or margin combined with
    /// lexical anchors, or the bead's DP score), higher is better.
    pub score: f32,
    /// How it was found.
    pub method: AlignMethod,
}

/// An inclusive range of sentence indices (`Sentence::idx`) in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SentenceRange {
    /// First sentence index.
    pub first: u32,
    /// Last sentence index (inclusive).
    pub last: u32,
}

impl SentenceRange {
    /// One sentence.
    pub const fn single(idx: u32) -> Self {
        Self {
            first: idx,
            last: idx,
        }
    }

    /// Number of sentences covered.
    pub const fn len(&self) -> u32 {
        self.last.saturating_sub(self.first) + 1
    }

    /// Never empty (an empty side is `None`); here for clippy's sake.
    pub const fn is_empty(&self) -> bool {
        false
    }

    /// Whether `idx` is inside.
    pub const fn contains(&self, idx: u32) -> bool {
        self.first <= idx && idx <= self.last
    }
}

/// One side of an aligned pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Side a (`doc_a`, `sentence_a`).
    A,
    /// Side b (`doc_b`, `sentence_b`).
    B,
}

impl Side {
    /// `a` or `b`, as stored in tables.
    pub const fn as_str(self) -> &'static str {
        match self {
            Side::A => "a",
            Side::B => "b",
        }
    }
}

/// A claim group: sentences from several documents that make the same claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Stable id (hash of the sorted member sentence ids).
    pub id: ClaimId,
    /// Member sentences, sorted by id.
    pub sentence_ids: Vec<SentenceId>,
    /// Documents of the members (one per member, same order).
    pub doc_ids: Vec<DocId>,
    /// Languages of the members (one per member, same order).
    pub langs: Vec<Lang>,
}

/// A group of documents that report one story: translations of one article
/// and independent reports of the same event. Sentence mining, claims and
/// flags only run between documents of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable id (hash of the sorted member document ids).
    pub id: EventId,
    /// The most central member's headline (or first sentence).
    pub label: String,
    /// Document the label comes from.
    pub label_doc: DocId,
    /// Member documents, sorted by id.
    pub documents: Vec<DocId>,
    /// Earliest dateline or publication date of the members (`YYYY-MM-DD`), when known.
    pub first_date: Option<String>,
    /// Latest dateline or publication date of the members, when known.
    pub last_date: Option<String>,
}

/// A piece of an original file that was dropped before segmentation
/// (navigation, ads, disclaimers, ...), kept so a reader can see what went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedSpan {
    /// Document it was removed from.
    pub doc_id: DocId,
    /// Byte span in the original file.
    pub span: Span,
    /// Short machine-readable reason (`menu`, `share`, `disclaimer`, `promo`, ...).
    pub reason: String,
    /// The original text at `span`.
    pub text: String,
}

/// One before/after example of a normalization change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeExample {
    /// The changed text as the stage saw it (after earlier stages), widened
    /// to the words around it.
    pub before: String,
    /// The same stretch after the stage.
    pub after: String,
    /// Byte span in the original of `before` (`None` when it maps to no
    /// original bytes).
    pub span: Option<Span>,
}

/// What one normalization stage changed in one document (a row of the
/// `changes` table), after ftfy's "fix and explain".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizationChange {
    /// Document that was changed.
    pub doc_id: DocId,
    /// Name of the stage (`nfkc`, `glued`, `recase`, ...).
    pub stage: String,
    /// How many edits the stage applied (at least 1).
    pub edits: u64,
    /// A few examples in text order, spans in the ORIGINAL file.
    pub examples: Vec<ChangeExample>,
}

/// Two aligned sentences whose facts of one kind disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// Stable id (kind, both canonical values, both sentences).
    pub id: FlagId,
    /// Fact kind compared.
    pub kind: FactKind,
    /// Alignment the flag comes from.
    pub alignment_id: AlignmentId,
    /// Document of side a.
    pub doc_a: DocId,
    /// Document of side b.
    pub doc_b: DocId,
    /// Sentence of side a.
    pub sentence_a: SentenceId,
    /// Sentence of side b.
    pub sentence_b: SentenceId,
    /// Fact on side a (as written).
    pub value_a: String,
    /// Fact on side b (as written).
    pub value_b: String,
    /// Canonical value on side a.
    pub normalized_a: String,
    /// Canonical value on side b.
    pub normalized_b: String,
    /// Span of the fact on side a in its original file.
    pub span_a: Span,
    /// Span of the fact on side b in its original file.
    pub span_b: Span,
    /// Confidence in `[0, 1]` that this is a real disagreement.
    pub confidence: f32,
    /// One line for a human.
    pub explanation: String,
    /// Claim group the two sentences belong to, when grouped.
    pub claim_id: Option<ClaimId>,
    /// Which side is likely the (translation) error, when there is evidence.
    pub likely_error_side: Option<Side>,
    /// Suggested value for the erroneous side (the majority value).
    pub suggested: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_languages_by_script() {
        assert_eq!(
            Lang::detect("OpenAI released GPT-5.6 on June 26."),
            Lang::En
        );
        assert_eq!(Lang::detect("OpenAI于6月26日发布了GPT-5.6。"), Lang::Zh);
        assert_eq!(
            Lang::detect("OpenAI は6月26日に GPT-5.6 を発表した。"),
            Lang::Ja
        );
        assert_eq!(Lang::detect("Galaxy:Anthropic终极模型难题"), Lang::Zh);
        assert_eq!(Lang::detect("2026/06/28 01:16"), Lang::Und);
    }

    #[test]
    fn span_slices_only_on_boundaries() {
        let s = "米国の規制";
        assert_eq!(Span::new(0, 6).slice(s), Some("米国"));
        assert_eq!(Span::new(1, 6).slice(s), None);
    }
}
