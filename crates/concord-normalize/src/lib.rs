//! Normalize and segment stage of Concord: turns an original news article
//! (English, Chinese or Japanese, often machine-translated) into clean
//! sentences, each tied to the exact bytes of the original file it came from.
//!
//! The stage is split in two halves joined by [`concord_core::NormalizedText`]:
//! *normalizers* ([`Mojibake`], [`Nfkc`], [`Whitespace`], [`Punctuation`],
//! [`Width`], [`Glued`], [`Recase`], composed by a [`Sequence`], which can
//! also report what each stage changed) rewrite the text through
//! offset-tracked edits, and
//! *segmenters* ([`RuleSegmenter`], [`LineSegmenter`]) cut the normalized
//! text into sentences. [`TextPipeline`] runs both and maps each sentence back
//! to its original span, so later stages (facts, flags) can quote the
//! original exactly while comparing normalized text.
//!
//! It is shaped so by one invariant, checked by property tests: every local
//! normalizer (all but [`Glued`] and [`Recase`]) rewrites text depending
//! only on its own character cluster, white-space run, garbled byte sequence
//! or a few characters before it on the same line, and the segmenter only
//! cuts where that context cannot cross the cut. Normalizing the original
//! bytes of any sentence on its own therefore yields exactly its text with
//! [`Sequence::local_pipeline`], and the same text up to letter case and
//! glued-word spaces with the default pipeline, whose two document-level
//! stages learn names and acronyms from the whole text; spans are in order,
//! on char boundaries and never overlap. [`match_key`] gives sentences a
//! comparison key across case, width, quote style and Han variants.
//!
//! Web pages come with furniture around the article: site menus, tickers,
//! share and comment widgets, related links, disclaimers, promotional tails
//! in another language. [`BoilerplateFilter`] finds such lines in the
//! original text from general features (length, punctuation, digit and
//! symbol share, generic EN/ZH/JA web vocabulary, position at the head or
//! tail, neighbouring lines), never from strings of particular sites, and
//! [`TextPipeline::split_document`] segments everything else, returning the
//! removed spans with their [`BoilerplateReason`] so nothing disappears
//! silently. Every sentence carries its own language, and mixed documents
//! (a Chinese title over an English body, a Japanese translation followed
//! by its English original) are cut into [`LangRun`]s.
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
//!
//! A whole page, with its boilerplate set aside:
//!
//! ```
//! use concord_normalize::{BoilerplateReason, TextPipeline};
//! use concord_core::Lang;
//!
//! let page = "Home > Markets > Tech\n\
//!             芯片出口禁令\n\
//!             The ministry halted chip exports on Monday。Talks resume next week, officials said.\n\
//!             BTC $67,000 +2.1%\n\
//!             • Share\n";
//! let out = TextPipeline::default().split_document(page);
//! let sentences: Vec<_> = out.sentences.iter().map(|s| (s.lang, s.text.as_str())).collect();
//! assert_eq!(sentences, [
//!     (Lang::Zh, "芯片出口禁令"),
//!     (Lang::En, "The ministry halted chip exports on Monday."),
//!     (Lang::En, "Talks resume next week, officials said."),
//! ]);
//! let removed: Vec<_> = out.removed.iter().map(|r| (r.reason, r.text.as_str())).collect();
//! assert_eq!(removed, [
//!     (BoilerplateReason::Navigation, "Home > Markets > Tech"),
//!     (BoilerplateReason::Ticker, "BTC $67,000 +2.1%"),
//!     (BoilerplateReason::Share, "• Share"),
//! ]);
//! assert_eq!(out.runs.len(), 2); // the Chinese title, the English body
//! ```

mod boilerplate;
mod char_class;
mod english_words;
mod glued;
mod han_fold;
mod langrun;
mod lexicon;
mod matchkey;
mod mojibake;
mod normalizers;
mod pipeline;
mod recase;
mod report;
mod segment;
mod width;

pub use boilerplate::{
    BoilerplateConfig, BoilerplateFilter, BoilerplateReason, ExtraPhrase, Removal,
};
pub use glued::Glued;
pub use langrun::{language_runs, LangRun, MAX_ISLAND_BYTES, MAX_ISLAND_SENTENCES};
pub use lexicon::is_common_english_word;
pub use matchkey::{fold_han, match_key};
pub use mojibake::{GbkMojibake, Mojibake};
pub use normalizers::{Nfkc, NormalizerConfig, Punctuation, Sequence, Whitespace};
pub use pipeline::{
    PipelineRemoval, PipelineSentence, SegmentationMode, SplitOutput, TextPipeline,
};
pub use recase::Recase;
pub use report::{ChangeReport, MAX_REPORT_EXAMPLES};
pub use segment::{
    LineSegmenter, RuleSegmenter, DEFAULT_MAX_SENTENCE_BYTES, MIN_MAX_SENTENCE_BYTES,
};
pub use width::Width;

/// Errors of the normalize stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    /// A segmentation mode name that is neither `rules` nor `lines`.
    #[error("unknown segmentation mode {0:?} (expected \"rules\" or \"lines\")")]
    UnknownSegmentationMode(String),
    /// A boilerplate reason name that is not one of [`BoilerplateReason::ALL`].
    #[error("unknown boilerplate reason {0:?}")]
    UnknownBoilerplateReason(String),
}
