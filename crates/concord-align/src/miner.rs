//! The public miner: validation, the candle matrix product, and conversion of
//! mined index pairs into [`Alignment`] records.

use crate::margin::mine_similarity;
use crate::AlignError;
use candle_core::{Device, Tensor};
use concord_core::{AlignMethod, Alignment, AlignmentId, DocId, SentenceId, SentenceRange};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Tuning of the margin miner.
///
/// Missing fields take their default when deserialized, so `{"k": 2}` is a
/// valid configuration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlignConfig {
    /// Neighbourhood size for the margin's mean similarities (clamped to the
    /// number of sentences available on the other side; must be at least 1).
    pub k: usize,
    /// Smallest ratio margin kept. A margin of 1 means "no more similar than
    /// the two sentences' typical neighbours"; real translations score well
    /// above it.
    pub margin_threshold: f32,
    /// Smallest cosine similarity kept, a floor against confidently matching
    /// two unrelated sentences in documents with few sentences.
    pub min_cosine: f32,
}

impl Default for AlignConfig {
    fn default() -> Self {
        Self {
            k: 4,
            margin_threshold: 1.06,
            min_cosine: 0.80,
        }
    }
}

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

    /// Align the sentences of `a` with those of `b`.
    ///
    /// Each sentence appears in at most one alignment; `doc_a`/`sentence_a`
    /// always come from `a`. The result is sorted by the sentence index in `a`.
    pub fn mine(&self, a: &DocVectors, b: &DocVectors) -> Result<Vec<Alignment>, AlignError> {
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
        let pairs = self.mine_checked(a.vectors, n, b.vectors, m, a.dim)?;
        let method = AlignMethod::MarginMnn;
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
                    score: p.margin,
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
        self.mine_checked(a, n, b, m, dim)
    }

    /// Align every unordered pair of documents `(docs[i], docs[j])`, `i < j`,
    /// with `docs[i]` as side a. Pairs run in parallel; the result is sorted
    /// by `(i, j, sentence index in docs[i])`. The first error in that order
    /// is returned.
    pub fn align_all(&self, docs: &[DocVectors]) -> Result<Vec<Alignment>, AlignError> {
        for doc in docs {
            check_doc(doc)?;
        }
        let pairs: Vec<(usize, usize)> = (0..docs.len())
            .flat_map(|i| (i + 1..docs.len()).map(move |j| (i, j)))
            .collect();
        let mined: Vec<Result<Vec<Alignment>, AlignError>> = pairs
            .par_iter()
            .map(|&(i, j)| self.mine(&docs[i], &docs[j]))
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
        Ok(mine_similarity(&sim, n, m, &self.config))
    }

    /// `A · Bᵀ` as one matrix product on the miner's device, row-major `n × m`.
    fn similarity(
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

/// Validate one document; returns its sentence count.
fn check_doc(doc: &DocVectors) -> Result<usize, AlignError> {
    let n = doc.sentence_ids.len();
    check_matrix(doc.doc_id.as_str(), doc.vectors, n, doc.dim)?;
    Ok(n)
}

/// `data` must hold `rows × dim` finite values.
fn check_matrix(label: &str, data: &[f32], rows: usize, dim: usize) -> Result<(), AlignError> {
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
