//! Sentence alignment between documents for Concord: given the unit-norm
//! sentence embeddings of two articles (EN/ZH/JA, multilingual-e5-small,
//! 384-d), find the pairs of sentences that say the same thing, using the
//! ratio margin of Artetxe & Schwenk (2019) with mutual nearest neighbours.
//!
//! Plain cosine nearest neighbours fail in two ways on news: "hub" sentences
//! (datelines, boilerplate, a general summary) are close to everything, and
//! e5 gives unrelated sentences of one topic cosines of 0.8 and more. The
//! ratio margin scores a pair relative to how similar each side is to its
//! neighbourhood: with `S = A·Bᵀ`, `fwd(a)` the mean of the `k` largest
//! cosines in `a`'s row and `bwd(b)` the mean of the `k` largest in `b`'s
//! column,
//!
//! ```text
//! margin(a, b) = cos(a, b) / ((fwd(a) + bwd(b)) / 2)
//! ```
//!
//! A pair is kept when `b` is `a`'s best match under this score and `a` is
//! `b`'s (so every sentence is in at most one pair), the margin is at least
//! [`AlignConfig::margin_threshold`] and the cosine at least
//! [`AlignConfig::min_cosine`]. `k` is clamped to the sentences available, so
//! short documents still align; a margin whose denominator is not positive is
//! undefined and never mined; ties go to the lowest index, so results are
//! deterministic. Note that a pair of one-sentence documents always has
//! margin 1 and is therefore never mined with the default threshold.
//!
//! The crate is shaped around one struct, [`MarginMiner`], because there is
//! one method. `S` is computed as a single candle matrix product on the
//! miner's [`Device`](candle_core::Device) (the expensive part, multithreaded
//! by candle); the scoring is an `O(n·m)` pass in plain Rust over the
//! product. [`MarginMiner::mine`] works on borrowed [`DocVectors`] so callers
//! need not copy their embedding buffers; [`MarginMiner::mine_pairs`] exposes
//! the index-level core; [`MarginMiner::align_all`] runs every pair of
//! documents in parallel.
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
//! // k = min(4, 3) = 3: each neighbourhood mean is 1/3, so the margin is 3.
//! assert!((found[0].margin - 3.0).abs() < 1e-5);
//! assert_eq!(found[0].doc_a, en);
//! # Ok::<(), concord_align::AlignError>(())
//! ```

#![warn(missing_docs)]

mod error;
mod margin;
mod miner;

pub use error::AlignError;
pub use miner::{AlignConfig, DocVectors, MarginMiner, MinedPair};

#[cfg(test)]
mod tests;
