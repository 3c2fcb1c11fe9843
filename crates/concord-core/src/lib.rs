//! Shared vocabulary of the Concord pipeline: ids, byte spans, languages, the
//! records every stage produces (documents, sentences, facts, alignments,
//! disagreements) and [`NormalizedText`], the text-with-offset-map that lets
//! every later stage point back at the exact bytes of the original file.
//!
//! The crate is deliberately small and has no heavy dependencies (only
//! `serde` and `thiserror`) so that every stage crate can depend on it without
//! pulling in candle or arrow. Stage traits live here only where a stage has
//! two or more implementations (normalizers, segmenters).
//!
//! ```
//! use concord_core::{NormalizedText, Span};
//!
//! // Replace a full-width "５" by "5": the new byte still maps to the 3 original bytes.
//! let mut text = NormalizedText::new("GPT-５.6");
//! text.replace(4..7, "5");
//! assert_eq!(text.as_str(), "GPT-5.6");
//! assert_eq!(text.original_span(4..5), Some(Span::new(4, 7)));
//! assert_eq!(text.original_span(0..text.len()), Some(Span::new(0, 9)));
//! ```

pub mod calendar;
mod filemap;
mod ids;
mod normalized;
mod records;

pub use filemap::{FileMap, MapRun};
pub use ids::{
    stable_hash64, AlignmentId, ClaimId, DocId, EventId, FactId, FlagId, SentenceId, StableHasher,
};
pub use normalized::{Edit, NormalizedText};
pub use records::{
    AlignMethod, Alignment, ChangeExample, Claim, Disagreement, DocStatus, Document, Event, Fact,
    FactKind, Lang, NormalizationChange, RemovedSpan, Sentence, SentenceRange, Side, Span,
};

/// One normalization stage, after the `tokenizers` crate's `Normalizer`:
/// it rewrites a [`NormalizedText`] in place, keeping the offset map intact.
pub trait Normalizer: Send + Sync {
    /// Rewrite `text` in place.
    fn normalize(&self, text: &mut NormalizedText);

    /// A short stable name used in change reports (`nfkc`, `whitespace`, ...).
    fn name(&self) -> &'static str;
}

/// A sentence found by a [`Segmenter`]: a byte range in the *normalized* text
/// plus the language detected for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Byte range in the normalized text (already trimmed of white space).
    pub range: std::ops::Range<usize>,
    /// Language of this sentence.
    pub lang: Lang,
}

/// Splits normalized text into sentences.
pub trait Segmenter: Send + Sync {
    /// Sentence ranges, in order, non-overlapping, each non-empty and trimmed.
    fn segment(&self, text: &str) -> Vec<SentenceSpan>;
}

/// Errors shared by all stages when a record violates an invariant.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A span does not lie on character boundaries inside its text.
    #[error("span {span} is not a valid character range of a {len}-byte text")]
    BadSpan {
        /// The offending span.
        span: Span,
        /// Length of the text it was applied to.
        len: usize,
    },
}
