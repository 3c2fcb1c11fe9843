//! Normalize and segment stage of Concord: turns an original news article
//! (English, Chinese or Japanese, often machine-translated) into clean
//! sentences, each tied to the exact bytes of the original file it came from.
//!
//! The stage is split in two halves joined by [`concord_core::NormalizedText`]:
//! *normalizers* ([`Nfkc`], [`Whitespace`], [`Punctuation`], composed by a
//! [`Sequence`]) rewrite the text through offset-tracked edits, and
//! *segmenters* ([`RuleSegmenter`], [`LineSegmenter`]) cut the normalized
//! text into sentences. [`TextPipeline`] runs both and maps each sentence back
//! to its original span, so later stages (facts, flags) can quote the
//! original exactly while comparing normalized text.
//!
//! It is shaped so by one invariant, checked by property tests: every
//! normalizer is local (a rewrite depends only on its own character cluster,
//! white-space run, or a few characters before it on the same line), and the
//! segmenter only cuts where that context cannot cross the cut. Normalizing
//! the original bytes of any sentence on its own therefore yields exactly its
//! text, and spans are in order, on char boundaries and never overlap.
//!
//! ```
//! use concord_normalize::TextPipeline;
//! use concord_core::Lang;
//!
//! let original = "ＧＰＴ－５．６ launched in the U.S. on Monday。Prices fell 10%.\n米国で公開された。";
//! let pipeline = TextPipeline::default();
//! let (normalized, sentences) = pipeline.split_with_text(original);
//! let texts: Vec<_> = sentences.iter().map(|s| s.text.as_str()).collect();
//! assert_eq!(
//!     texts,
//!     ["GPT-5.6 launched in the U.S. on Monday.", "Prices fell 10%.", "米国で公開された。"]
//! );
//! assert_eq!(sentences[2].lang, Lang::Ja);
//! // Every sentence points at its own original bytes ...
//! assert_eq!(sentences[0].span.slice(original), Some("ＧＰＴ－５．６ launched in the U.S. on Monday。"));
//! // ... and so does any piece of it.
//! let version = normalized.original_span(0..7).unwrap();
//! assert_eq!(version.slice(original), Some("ＧＰＴ－５．６"));
//! ```

mod char_class;
mod normalizers;
mod pipeline;
mod segment;

pub use normalizers::{Nfkc, NormalizerConfig, Punctuation, Sequence, Whitespace};
pub use pipeline::{PipelineSentence, SegmentationMode, TextPipeline};
pub use segment::{
    LineSegmenter, RuleSegmenter, DEFAULT_MAX_SENTENCE_BYTES, MIN_MAX_SENTENCE_BYTES,
};

/// Errors of the normalize stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    /// A segmentation mode name that is neither `rules` nor `lines`.
    #[error("unknown segmentation mode {0:?} (expected \"rules\" or \"lines\")")]
    UnknownSegmentationMode(String),
}
