//! Sentence alignment between documents for Concord: given the unit-norm
//! sentence embeddings of news articles (EN/ZH/JA, multilingual-e5-small,
//! 384-d), find the sentences that say the same thing, so that later stages
//! can compare their facts. Three tools, for three situations:
//!
//! * [`MarginMiner`]: two *comparable* articles (the same event, written
//!   independently): mine the few sentence pairs that match, by ratio
//!   margin, optionally helped by lexical anchors ([`AnchorExtractor`]);
//! * [`BeadAligner`]: two articles that *translate* each other (as decided
//!   by a [`TranslationDetector`]), or the two language halves of one
//!   bilingual article ([`BeadAligner::align_within`]): align every sentence
//!   with a monotone dynamic program over 1-1, 1-2, 2-1, 1-3, 3-1, 1-0 and
//!   0-1 beads;
//! * [`ClaimGrouper`]: turn the pairwise alignments of many articles into
//!   claim groups, without letting chains of loose pairs run together.
//!
//! # Margin mining
//!
//! Plain cosine nearest neighbours fail in two ways on news: "hub" sentences
//! (datelines, boilerplate, a general summary) are close to everything, and
//! e5 gives unrelated sentences of one topic cosines of 0.8 and more. The
//! ratio margin of Artetxe & Schwenk (2019) scores a pair relative to how
//! similar each side is to its neighbourhood: with `S = A·Bᵀ`, `fwd(a)` the
//! mean of the `k` largest cosines in `a`'s row and `bwd(b)` the mean of the
//! `k` largest in `b`'s column,
//!
//! ```text
//! margin(a, b) = cos(a, b) / ((fwd(a) + bwd(b)) / 2)
//! score(a, b)  = margin(a, b) + anchor_weight × overlap(a, b)
//! ```
//!
//! where `overlap` (only with [`MarginMiner::mine_with_anchors`]) is a
//! weighted Jaccard index of the two sentences' anchors (numbers, names,
//! versions): a shared anchor weighs `1 / sqrt(df_a · df_b)` (its sentence
//! frequencies in the two documents), so a figure that occurs once on each
//! side counts fully and the company every sentence mentions hardly at all.
//! Anchors only ever add: a sentence whose figure was mistranslated still
//! shares its names and still aligns, which is exactly what the flagger
//! needs.
//!
//! Pairs are selected by [`Selection::Competitive`] (the default: the best
//! match of every row and of every column are candidates, taken strongest
//! first, each sentence at most once) or [`Selection::Mutual`] (mutual best
//! only), and kept when the score is at least
//! [`AlignConfig::margin_threshold`] and the cosine at least
//! [`AlignConfig::min_cosine`]. `k` is clamped to the sentences available,
//! a margin whose denominator is not positive is undefined and never mined,
//! ties go to the lowest index, so results are deterministic. Note that a
//! pair of one-sentence documents always has margin 1 and is therefore never
//! mined with the default threshold.
//!
//! `S` is one candle matrix product on the miner's
//! [`Device`](candle_core::Device); the scoring is an `O(n·m)` pass in plain
//! Rust. [`MarginMiner::align_all`] runs every pair of documents in parallel.
//!
//! ## Calibration
//!
//! The defaults of [`AlignConfig`] (k = 8, competitive selection, score
//! ≥ 1.01, cosine ≥ 0.80, anchor weight 0.05) were chosen on Tatoeba
//! cmn-eng and jpn-eng (1,000 true pairs each, `examples/tatoeba_mining.rs`):
//! TATOEBA_FIGURES
//!
//! # Bead alignment
//!
//! The cost of aligning the sentences `x` of one document with `y` of the
//! other is Vecalign's normalized cosine distance, with `x` and `y`
//! represented by the re-normalized sum of their members' vectors and the
//! normalizer taken over the whole other document (deterministic, no
//! sampling):
//!
//! ```text
//! cost(x, y) = (1 − cos(x, y)) / ((1 − cos(x, mean(B)) + 1 − cos(y, mean(A))) / 2)
//!              × (1 + merge_penalty × (|x| + |y| − 2))
//! ```
//!
//! A skipped sentence costs [`BeadConfig::skip_cost`]. The dynamic program
//! finds the cheapest monotone path in `O(n·m)` (a band around the diagonal
//! beyond [`BeadConfig::max_cells`]); all dot products come from one matrix
//! product plus neighbour products within each document. The
//! [`TranslationDetector`] mines margin pairs and measures how many lie on
//! one monotone chain (a translation keeps the order of its sentences).
//!
//! # Example
//!
//! ```
//! use concord_align::{AlignConfig, DocVectors, MarginMiner};
//! use concord_core::{DocId, SentenceId};
//!
//! let (en, zh) = (DocId::from_string("d-en"), DocId::from_string("d-zh"));
//! let en_s: Vec<SentenceId> = ["e0", "e1", "e2"].map(SentenceId::from_string).to_vec();
//! let zh_s: Vec<SentenceId> = ["z0", "z1", "z2"].map(SentenceId::from_string).to_vec();
//! // Three orthogonal "meanings"; the Chinese article tells them in another order.
//! let en_v = [1.0, 0.0, 0.0, /**/ 0.0, 1.0, 0.0, /**/ 0.0, 0.0, 1.0];
//! let zh_v = [0.0, 0.0, 1.0, /**/ 1.0, 0.0, 0.0, /**/ 0.0, 1.0, 0.0];
//!
//! let miner = MarginMiner::new(AlignConfig::default());
//! let a = DocVectors { doc_id: &en, sentence_ids: &en_s, vectors: &en_v, dim: 3 };
//! let b = DocVectors { doc_id: &zh, sentence_ids: &zh_s, vectors: &zh_v, dim: 3 };
//! let found = miner.mine(&a, &b)?;
//!
//! let pairs: Vec<(Option<&str>, Option<&str>)> = found
//!     .iter()
//!     .map(|al| (al.sentence_a.as_ref().map(|s| s.as_str()), al.sentence_b.as_ref().map(|s| s.as_str())))
//!     .collect();
//! assert_eq!(pairs, [(Some("e0"), Some("z1")), (Some("e1"), Some("z2")), (Some("e2"), Some("z0"))]);
//! // k = min(8, 3) = 3: each neighbourhood mean is 1/3, so the margin is 3.
//! assert!((found[0].margin - 3.0).abs() < 1e-5);
//! assert_eq!(found[0].doc_a, en);
//!
//! // Anchors: the shared figure and model name tie a pair together.
//! use concord_align::AnchorExtractor;
//! let x = AnchorExtractor::new();
//! assert_eq!(x.extract("OpenAI于6月27日发布GPT-5.6，售价4.8万元"), ["27", "48000", "6", "gpt-5.6", "openai"]);
//! assert_eq!(x.extract("OpenAI released GPT-5.6 on June 27 for 48,000 yuan"), ["27", "48000", "6", "gpt-5.6", "openai"]);
//! # Ok::<(), concord_align::AlignError>(())
//! ```

#![warn(missing_docs)]

mod anchors;
mod bead;
mod claims;
mod error;
mod margin;
mod miner;

pub use anchors::AnchorExtractor;
pub use bead::{
    language_runs, Bead, BeadAligner, BeadConfig, DetectorConfig, LangRun, TranslationDetector,
    TranslationScore,
};
pub use claims::ClaimGrouper;
pub use error::AlignError;
pub use miner::{
    AlignConfig, DocVectors, MarginMiner, MinedPair, Selection, DEFAULT_ANCHOR_WEIGHT, DEFAULT_K,
    DEFAULT_MARGIN_THRESHOLD, DEFAULT_MIN_COSINE,
};

#[cfg(test)]
mod tests;
