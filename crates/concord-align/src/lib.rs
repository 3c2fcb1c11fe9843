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
//!   0-1 beads, plus 1-4, 4-1, 1-5 and 5-1 for run-on sentences;
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
//! only), and kept when the cosine is at least [`AlignConfig::min_cosine`]
//! and the score at least
//!
//! ```text
//! threshold(n, m) = margin_threshold + size_penalty / sqrt(sqrt(n · m))
//! ```
//!
//! for documents of `n` and `m` sentences
//! ([`AlignConfig::effective_threshold`]): in a small document the best of a
//! few unrelated candidates stands out from its neighbourhood by chance, so
//! small documents need a higher margin. `k` is clamped to the sentences
//! available, a margin whose denominator is not positive is undefined and
//! never mined, ties go to the lowest index, so results are deterministic. A
//! pair of one-sentence documents always has margin 1 and is therefore never
//! mined with the default threshold.
//!
//! `S` is one candle matrix product on the miner's
//! [`Device`](candle_core::Device); the scoring is an `O(n·m)` pass in plain
//! Rust. [`MarginMiner::align_all`] runs every pair of documents in parallel.
//!
//! ## Corpus scale
//!
//! For mining between two large collections (10⁵ sentences and more), where
//! the dense `n × m` matrix does not fit in memory, [`margin_mine_topk`]
//! applies the same scoring and selection over [`BlockedTopK`], an exact
//! blocked search that multiplies one tile of `A · Bᵀ` at a time and keeps
//! only the `k` best cosines of every row and column ([`TopK`]): memory
//! `O((n + m)·k + tile)`, candidates restricted to those lists (on the
//! tests' inputs the pairs equal [`MarginMiner::mine_pairs`]). Its time
//! grows with `n·m` (55–80 s at 100k × 100k on two cores, 1.5–2 hours at
//! 1M × 1M), so above a measured crossover [`CorpusSearch`] and
//! [`margin_mine_corpus`] switch to an approximate index: [`HnswIndex`], a
//! deterministic HNSW graph (one per side, built in parallel) whose
//! [`search_topk`](HnswIndex::search_topk) and [`hnsw_search_both`] return
//! the same [`TopK`] lists, approximately, for [`margin_mine_lists`].
//! `examples/scale_bench.rs` measures both on synthetic 384-d vectors
//! (numbers in [`CorpusSearch`]).
//!
//! ## Calibration
//!
//! The defaults of [`AlignConfig`] (k = 8, competitive selection,
//! `margin_threshold` 1.0 with `size_penalty` 0.25, cosine ≥ 0.80, anchor
//! weight 0.05) were chosen on Tatoeba cmn-eng and jpn-eng (1,000 true pairs
//! each; `examples/tatoeba_mining.rs` on multilingual-e5-small vectors):
//!
//! | setting                                    | cmn-eng P / R / F1    | jpn-eng P / R / F1    |
//! |--------------------------------------------|-----------------------|-----------------------|
//! | margin-MNN, k = 4, margin ≥ 1.0 (before)   | 0.987 / 0.910 / 0.947 | 0.986 / 0.873 / 0.926 |
//! | defaults (threshold 1.0079 at 1000 × 1000) | 0.983 / 0.933 / 0.957 | 0.988 / 0.885 / 0.934 |
//!
//! Tatoeba is the easy case (every sentence has its translation on the
//! other side). On document-sized slices of it the defaults mine 0.06 / 0.04
//! false pairs per sentence between two *unrelated* 35-sentence documents
//! (0.37 / 0.38 before) and 0.22 / 0.13 between unrelated 150-sentence ones;
//! comparable 35-sentence documents sharing 40% of their sentences are
//! mined with precision 0.93 / 0.96 at recall 0.93 / 0.85. e5-small's
//! cosines are compressed (true pairs ≈ 0.87, the best unrelated candidate
//! 0.82–0.86), so mining between unrelated articles is the weak spot: gate
//! article pairs (same story) before trusting mined pairs, and prefer the
//! bead aligner whenever the [`TranslationDetector`] accepts a pair.
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
//! product plus neighbour products within each document. The defaults
//! (skip 0.45, merge penalty 0.65) were tuned on synthetic 40-sentence
//! translation documents built from Tatoeba with merges, deletions and
//! insertions: sentence-pair precision 0.977, recall 0.953, 91% of beads
//! exact. The [`TranslationDetector`] mines margin pairs and measures how
//! many lie on one monotone chain (a translation keeps the order of its
//! sentences; two articles about one event do not).
//!
//! # Claims
//!
//! [`ClaimGrouper`] joins aligned sentences Kruskal-style, strongest link
//! first, and drops any link that would put two units (a sentence, or the
//! sentences of one bead side) of the same document and language into one
//! claim, so a chain of loose pairs cannot merge separate claims.
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
mod completion;
mod error;
mod hnsw;
mod margin;
mod miner;
mod topk;

pub use anchors::AnchorExtractor;
pub use bead::{
    language_runs, Bead, BeadAligner, BeadConfig, DetectorConfig, LangRun, TranslationDetector,
    TranslationScore,
};
pub use claims::ClaimGrouper;
pub use completion::{claim_keys, complete_with_shared_keys, CompletionConfig, FactKeys};
pub use error::AlignError;
pub use hnsw::{hnsw_search_both, HnswConfig, HnswIndex};
pub use miner::{
    AlignConfig, DocVectors, MarginMiner, MinedPair, Selection, DEFAULT_ANCHOR_WEIGHT, DEFAULT_K,
    DEFAULT_MARGIN_THRESHOLD, DEFAULT_MIN_COSINE, DEFAULT_SIZE_PENALTY,
};
pub use topk::{margin_mine_corpus, margin_mine_lists, CorpusSearch, DEFAULT_HNSW_CROSSOVER};
pub use topk::{margin_mine_topk, BlockedTopK, TopK};

#[cfg(test)]
mod tests;
