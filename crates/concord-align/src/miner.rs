//! The public miner: validation, the candle matrix product, and conversion of
//! mined index pairs into [`Alignment`] records.

use crate::anchors::AnchorIndex;
use crate::margin::mine_similarity;
use crate::AlignError;
use candle_core::{Device, Tensor};
use concord_core::{AlignMethod, Alignment, AlignmentId, DocId, SentenceId, SentenceRange};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Tuning of the margin miner.
///
/// Missing fields take their default when deserialized, so `{"k": 2}` is a
/// valid configuration. The defaults are the values calibrated for
/// multilingual-e5-small on Tatoeba (see the crate documentation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlignConfig {
    /// Neighbourhood size for the margin's mean similarities (clamped to the
    /// number of sentences available on the other side; must be at least 1).
    pub k: usize,
    /// Smallest score kept (the ratio margin, plus the anchor bonus when
    /// anchors are used) for very large documents. A margin of 1 means "no
    /// more similar than the two sentences' typical neighbours"; real
    /// translations score above it. The threshold applied to two documents
    /// of `n` and `m` sentences is
    /// [`effective_threshold`](Self::effective_threshold)`(n, m)`.
    pub margin_threshold: f32,
    /// Extra threshold for small documents: the threshold is
    /// `margin_threshold + size_penalty / sqrt(sqrt(n·m))`. In a small
    /// document the best of a few unrelated candidates stands out from the
    /// `k`-neighbourhood mean by chance (two unrelated 35-sentence documents
    /// give margins of 1.04 and more), so small documents need a higher
    /// margin; 0 disables the adjustment.
    pub size_penalty: f32,
    /// Smallest cosine similarity kept, a floor against confidently matching
    /// two unrelated sentences in documents with few sentences.
    pub min_cosine: f32,
    /// Weight of the lexical-anchor overlap (in `[0, 1]`) added to the margin
    /// by [`MarginMiner::mine_with_anchors`]; 0 disables anchors.
    pub anchor_weight: f32,
    /// How pairs are selected from the scored matrix.
    pub selection: Selection,
}

impl Default for AlignConfig {
    fn default() -> Self {
        Self {
            k: DEFAULT_K,
            margin_threshold: DEFAULT_MARGIN_THRESHOLD,
            size_penalty: DEFAULT_SIZE_PENALTY,
            min_cosine: DEFAULT_MIN_COSINE,
            anchor_weight: DEFAULT_ANCHOR_WEIGHT,
            selection: Selection::Competitive,
        }
    }
}

impl AlignConfig {
    /// The score threshold for documents of `n` and `m` sentences:
    /// `margin_threshold + size_penalty / sqrt(sqrt(n·m))` (just
    /// `margin_threshold` when either is empty).
    pub fn effective_threshold(&self, n: usize, m: usize) -> f32 {
        let size = (n as f64 * m as f64).sqrt().sqrt();
        if size <= 0.0 || self.size_penalty == 0.0 {
            return self.margin_threshold;
        }
        self.margin_threshold + (f64::from(self.size_penalty) / size) as f32
    }
}

/// Calibrated default of [`AlignConfig::k`].
pub const DEFAULT_K: usize = 8;
/// Calibrated default of [`AlignConfig::margin_threshold`].
pub const DEFAULT_MARGIN_THRESHOLD: f32 = 1.0;
/// Calibrated default of [`AlignConfig::size_penalty`].
pub const DEFAULT_SIZE_PENALTY: f32 = 0.25;
/// Calibrated default of [`AlignConfig::min_cosine`].
pub const DEFAULT_MIN_COSINE: f32 = 0.80;
/// Calibrated default of [`AlignConfig::anchor_weight`].
pub const DEFAULT_ANCHOR_WEIGHT: f32 = 0.05;

/// How mined pairs are chosen from the scored similarity matrix. Either
/// way every sentence is in at most one pair and every pair passes both
/// thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    /// Mutual best: `b` is `a`'s best match and `a` is `b`'s.
    Mutual,
    /// Competitive linking over the best match of every row and of every
    /// column (the "max" strategy of Artetxe & Schwenk 2019): candidates
    /// that pass both thresholds are taken strongest first, skipping any
    /// whose row or column is already used. Keeps every mutual-best pair
    /// that passes the thresholds and adds pairs whose partner's best match
    /// went to a stronger pair.
    #[default]
    Competitive,
}

/// The anchor lists of both documents, one list per sentence.
type AnchorLists<'a> = (&'a [Vec<String>], &'a [Vec<String>]);

/// The sentence vectors of one document, borrowed from wherever they live.
#[derive(Debug, Clone, Copy)]
pub struct DocVectors<'a> {
    /// The document.
    pub doc_id: &'a DocId,
    /// All its sentences, in document order: row `i` of `vectors` belongs to
    /// `sentence_ids[i]`, the sentence with `idx == i`.
    pub sentence_ids: &'a [SentenceId],
    /// Row-major `sentence_ids.len() × dim` matrix of L2-normalized embeddings.
    pub vectors: &'a [f32],
    /// Embedding dimension.
    pub dim: usize,
}

/// A mined pair of row indices, before it is tied to documents and sentences.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinedPair {
    /// Row in the first matrix.
    pub a: usize,
    /// Row in the second matrix.
    pub b: usize,
    /// Dot product of the two rows (the cosine for unit-norm rows).
    pub cosine: f32,
    /// Ratio margin score.
    pub margin: f32,
    /// The score selected on: the margin plus the weighted anchor overlap.
    pub score: f32,
}

/// Finds sentence alignments between documents by margin-based mutual
/// nearest neighbours (see the crate documentation for the score).
#[derive(Debug, Clone)]
pub struct MarginMiner {
    config: AlignConfig,
    device: Device,
}

impl MarginMiner {
    /// A miner that multiplies on the CPU.
    pub fn new(config: AlignConfig) -> Self {
        Self::with_device(config, Device::Cpu)
    }

    /// A miner that multiplies on `device` (scoring always runs on the CPU).
    pub fn with_device(config: AlignConfig, device: Device) -> Self {
        Self { config, device }
    }

    /// The configuration in use.
    pub fn config(&self) -> &AlignConfig {
        &self.config
    }

    /// The device the similarity matrices are computed on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Align the sentences of `a` with those of `b` on their vectors alone
    /// (method [`AlignMethod::MarginMnn`]).
    ///
    /// Each sentence appears in at most one alignment; `doc_a`/`sentence_a`
    /// always come from `a`. The result is sorted by the sentence index in `a`.
    pub fn mine(&self, a: &DocVectors, b: &DocVectors) -> Result<Vec<Alignment>, AlignError> {
        self.mine_impl(a, b, None)
    }

    /// Like [`mine`](Self::mine), with the lexical anchors of every sentence
    /// (one list per sentence, in document order, e.g. from
    /// [`AnchorExtractor`](crate::AnchorExtractor)): the score becomes
    /// `margin + anchor_weight × overlap` (see the crate documentation) and
    /// the method [`AlignMethod::MarginAnchors`]. With an anchor weight of 0
    /// this is [`mine`](Self::mine).
    pub fn mine_with_anchors(
        &self,
        a: &DocVectors,
        b: &DocVectors,
        anchors_a: &[Vec<String>],
        anchors_b: &[Vec<String>],
    ) -> Result<Vec<Alignment>, AlignError> {
        check_anchors(a.doc_id.as_str(), anchors_a, a.sentence_ids.len())?;
        check_anchors(b.doc_id.as_str(), anchors_b, b.sentence_ids.len())?;
        if self.config.anchor_weight == 0.0 {
            return self.mine_impl(a, b, None);
        }
        self.mine_impl(a, b, Some((anchors_a, anchors_b)))
    }

    fn mine_impl(
        &self,
        a: &DocVectors,
        b: &DocVectors,
        anchors: Option<AnchorLists>,
    ) -> Result<Vec<Alignment>, AlignError> {
        let (n, m) = check_pair(a, b)?;
        let pairs = self.mine_checked(a.vectors, n, b.vectors, m, a.dim, anchors)?;
        let method = if anchors.is_some() {
            AlignMethod::MarginAnchors
        } else {
            AlignMethod::MarginMnn
        };
        Ok(pairs
            .into_iter()
            .map(|p| {
                let (sa, sb) = (&a.sentence_ids[p.a], &b.sentence_ids[p.b]);
                Alignment {
                    id: AlignmentId::from_parts([sa.as_str(), sb.as_str(), method.as_str()]),
                    doc_a: a.doc_id.clone(),
                    doc_b: b.doc_id.clone(),
                    sentence_a: Some(sa.clone()),
                    sentence_b: Some(sb.clone()),
                    range_a: Some(SentenceRange::single(p.a as u32)),
                    range_b: Some(SentenceRange::single(p.b as u32)),
                    cosine: p.cosine,
                    margin: p.margin,
                    score: p.score,
                    method,
                }
            })
            .collect())
    }

    /// Mine pairs between two raw row-major matrices `a` (`n × dim`) and `b`
    /// (`m × dim`); the index-level core of [`mine`](Self::mine), for
    /// benchmarks and tests. Errors name the sides `"a"` and `"b"`.
    pub fn mine_pairs(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<Vec<MinedPair>, AlignError> {
        check_matrix("a", a, n, dim)?;
        check_matrix("b", b, m, dim)?;
        self.mine_checked(a, n, b, m, dim, None)
    }

    /// [`mine_pairs`](Self::mine_pairs) with lexical anchors, one list per
    /// row of each matrix (see [`mine_with_anchors`](Self::mine_with_anchors)).
    #[allow(clippy::too_many_arguments)]
    pub fn mine_pairs_with_anchors(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
        anchors_a: &[Vec<String>],
        anchors_b: &[Vec<String>],
    ) -> Result<Vec<MinedPair>, AlignError> {
        check_matrix("a", a, n, dim)?;
        check_matrix("b", b, m, dim)?;
        check_anchors("a", anchors_a, n)?;
        check_anchors("b", anchors_b, m)?;
        let anchors = (self.config.anchor_weight != 0.0).then_some((anchors_a, anchors_b));
        self.mine_checked(a, n, b, m, dim, anchors)
    }

    /// Align every unordered pair of documents `(docs[i], docs[j])`, `i < j`,
    /// with `docs[i]` as side a. Pairs run in parallel; the result is sorted
    /// by `(i, j, sentence index in docs[i])`. The first error in that order
    /// is returned.
    pub fn align_all(&self, docs: &[DocVectors]) -> Result<Vec<Alignment>, AlignError> {
        self.align_all_impl(docs, None)
    }

    /// [`align_all`](Self::align_all) with the anchors of every document
    /// (`anchors[i]` holds one list per sentence of `docs[i]`).
    pub fn align_all_with_anchors(
        &self,
        docs: &[DocVectors],
        anchors: &[&[Vec<String>]],
    ) -> Result<Vec<Alignment>, AlignError> {
        if anchors.len() != docs.len() {
            return Err(AlignError::AnchorCount {
                doc_id: "(all documents)".to_owned(),
                expected: docs.len(),
                got: anchors.len(),
            });
        }
        self.align_all_impl(docs, Some(anchors))
    }

    fn align_all_impl(
        &self,
        docs: &[DocVectors],
        anchors: Option<&[&[Vec<String>]]>,
    ) -> Result<Vec<Alignment>, AlignError> {
        for doc in docs {
            check_doc(doc)?;
        }
        let pairs: Vec<(usize, usize)> = (0..docs.len())
            .flat_map(|i| (i + 1..docs.len()).map(move |j| (i, j)))
            .collect();
        let mined: Vec<Result<Vec<Alignment>, AlignError>> = pairs
            .par_iter()
            .map(|&(i, j)| match anchors {
                Some(an) => self.mine_with_anchors(&docs[i], &docs[j], an[i], an[j]),
                None => self.mine(&docs[i], &docs[j]),
            })
            .collect();
        let mut out = Vec::new();
        for result in mined {
            out.extend(result?);
        }
        Ok(out)
    }

    /// Shapes already checked: `a.len() == n * dim`, `b.len() == m * dim`.
    fn mine_checked(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
        anchors: Option<AnchorLists>,
    ) -> Result<Vec<MinedPair>, AlignError> {
        if self.config.k == 0 {
            return Err(AlignError::ZeroK);
        }
        // With no rows there is nothing to pair; with dim 0 every similarity
        // and every neighbourhood mean is 0, so every margin is undefined.
        if n == 0 || m == 0 || dim == 0 {
            return Ok(Vec::new());
        }
        let sim = self.similarity(a, n, b, m, dim)?;
        let index = anchors.map(|(x, y)| AnchorIndex::new(x, y));
        let weight = self.config.anchor_weight;
        match index.as_ref().filter(|idx| !idx.is_empty()) {
            Some(idx) => {
                let bonus = |i: usize, j: usize| weight * idx.overlap(i, j);
                Ok(mine_similarity(&sim, n, m, &self.config, Some(&bonus)))
            }
            None => Ok(mine_similarity(&sim, n, m, &self.config, None)),
        }
    }

    /// `A · Bᵀ` as one matrix product on the miner's device, row-major `n × m`.
    pub(crate) fn similarity(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<Vec<f32>, AlignError> {
        let ta = Tensor::from_slice(a, (n, dim), &self.device)?;
        let tb = Tensor::from_slice(b, (m, dim), &self.device)?;
        Ok(ta.matmul(&tb.t()?)?.flatten_all()?.to_vec1::<f32>()?)
    }
}

/// One anchor list per sentence.
fn check_anchors(label: &str, anchors: &[Vec<String>], rows: usize) -> Result<(), AlignError> {
    if anchors.len() != rows {
        return Err(AlignError::AnchorCount {
            doc_id: label.to_owned(),
            expected: rows,
            got: anchors.len(),
        });
    }
    Ok(())
}

/// Validate one document; returns its sentence count.
pub(crate) fn check_doc(doc: &DocVectors) -> Result<usize, AlignError> {
    let n = doc.sentence_ids.len();
    check_matrix(doc.doc_id.as_str(), doc.vectors, n, doc.dim)?;
    Ok(n)
}

/// Validate two documents that are to be compared: each well-formed, both
/// of the same dimension; returns their sentence counts.
pub(crate) fn check_pair(a: &DocVectors, b: &DocVectors) -> Result<(usize, usize), AlignError> {
    let n = check_doc(a)?;
    let m = check_doc(b)?;
    if a.dim != b.dim {
        return Err(AlignError::DimMismatch {
            doc_a: a.doc_id.to_string(),
            dim_a: a.dim,
            doc_b: b.doc_id.to_string(),
            dim_b: b.dim,
        });
    }
    Ok((n, m))
}

/// `data` must hold `rows × dim` finite values.
pub(crate) fn check_matrix(
    label: &str,
    data: &[f32],
    rows: usize,
    dim: usize,
) -> Result<(), AlignError> {
    // A slice can never be usize::MAX long, so saturation still reports a mismatch.
    let expected = rows.saturating_mul(dim);
    if data.len() != expected {
        return Err(AlignError::Shape {
            doc_id: label.to_owned(),
            expected,
            got: data.len(),
        });
    }
    if let Some(pos) = data.iter().position(|v| !v.is_finite()) {
        return Err(AlignError::NonFinite {
            doc_id: label.to_owned(),
            row: pos / dim,
        });
    }
    Ok(())
}
