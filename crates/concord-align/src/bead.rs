//! Monotone dynamic-programming alignment of two documents that translate
//! each other (in the spirit of Vecalign, Thompson & Koehn 2019), the
//! translation detector that decides when to use it, and the split of one
//! bilingual document into its language runs.

use crate::miner::{check_doc, check_matrix, check_pair};
use crate::{AlignConfig, AlignError, DocVectors, MarginMiner};
use candle_core::{Device, Tensor};
use concord_core::{AlignMethod, Alignment, AlignmentId, DocId, Lang, SentenceId, SentenceRange};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The bead shapes the aligner may use, `(sentences of a, sentences of b)`,
/// in the order ties are broken. Besides Vecalign's 1-1, 1-2, 2-1, 1-3, 3-1
/// and skips, one sentence may match up to five (Bertalign's `max_align`
/// idea): translators split a long run-on sentence (a whole timeline in one
/// sentence) into many, or merge a list back into one.
const BEADS: [(usize, usize); 11] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (1, 3),
    (3, 1),
    (1, 4),
    (4, 1),
    (1, 5),
    (5, 1),
];

/// Most sentences on one side of a bead.
const MAX_BEAD_SIDE: usize = 5;

/// Tuning of the bead aligner.
///
/// Costs are in units of the normalized bead cost (see the crate
/// documentation): about 0.4–0.6 for a true translation pair with
/// multilingual-e5-small and about 1 for two unrelated sentences.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BeadConfig {
    /// Cost of leaving one sentence unaligned (a 1-0 or 0-1 bead). A 1-1
    /// bead is preferred to skipping both sentences when its cost is below
    /// twice this.
    pub skip_cost: f32,
    /// Cost multiplier per extra sentence of an n-m bead: a bead of `p` and
    /// `q` sentences costs `c · (1 + merge_penalty · (p + q − 2))`, so 1
    /// reproduces Vecalign's `c · p · q` for the 1-2 and 1-3 shapes.
    pub merge_penalty: f32,
    /// Largest number of DP cells (`(n + 1) × (m + 1)`) computed in full;
    /// bigger document pairs use a band around the diagonal of that size.
    pub max_cells: usize,
    /// Language runs shorter than this many sentences are absorbed into
    /// their neighbours by [`BeadAligner::align_within`] (a quoted English
    /// title inside a Japanese article is not a run of its own).
    pub min_lang_run: usize,
}

impl Default for BeadConfig {
    fn default() -> Self {
        Self {
            skip_cost: 0.45,
            merge_penalty: 0.65,
            max_cells: 4_000_000,
            min_lang_run: 4,
        }
    }
}

impl BeadConfig {
    fn validate(&self) -> Result<(), AlignError> {
        if !(self.skip_cost.is_finite() && self.skip_cost > 0.0) {
            return Err(AlignError::BeadConfig(format!(
                "skip_cost must be positive and finite, got {}",
                self.skip_cost
            )));
        }
        if !(self.merge_penalty.is_finite() && self.merge_penalty >= 0.0) {
            return Err(AlignError::BeadConfig(format!(
                "merge_penalty must be non-negative and finite, got {}",
                self.merge_penalty
            )));
        }
        if self.max_cells < 16 {
            return Err(AlignError::BeadConfig(format!(
                "max_cells must be at least 16, got {}",
                self.max_cells
            )));
        }
        Ok(())
    }
}

/// One bead of a document alignment, by row index: `a` and `b` are the
/// (possibly empty) ranges of sentences aligned together.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Rows of the first document.
    pub a: Range<usize>,
    /// Rows of the second document.
    pub b: Range<usize>,
    /// Cosine of the two sides' mean vectors (0 when a side is empty).
    pub cosine: f32,
    /// The bead's DP cost.
    pub cost: f32,
    /// `1 − cost / (skip_cost × sentences in the bead)`: positive when
    /// aligning beats leaving the sentences unaligned, 0 for a skip.
    pub score: f32,
}

/// Tuning of the [`TranslationDetector`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetectorConfig {
    /// Both documents need at least this many sentences.
    pub min_sentences: usize,
    /// Smallest [`TranslationScore::coverage`].
    pub min_coverage: f32,
    /// Smallest [`TranslationScore::order`].
    pub min_order: f32,
    /// Smallest [`TranslationScore::length_ratio`].
    pub min_length_ratio: f32,
    /// The miner whose pairs are checked for monotone order. The default is
    /// [`AlignConfig::default`] without the small-document threshold
    /// ([`AlignConfig::size_penalty`] 0): the detector wants many candidate
    /// pairs and judges them by their order, and loose pairs between
    /// unrelated documents are in no particular order.
    pub miner: AlignConfig,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        Self {
            min_sentences: 3,
            min_coverage: 0.5,
            min_order: 0.8,
            min_length_ratio: 0.3,
            miner: AlignConfig {
                size_penalty: 0.0,
                ..AlignConfig::default()
            },
        }
    }
}

/// Why two documents are (or are not) taken for translations of each other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TranslationScore {
    /// The decision.
    pub is_translation: bool,
    /// `coverage × order`, in `[0, 1]`: a single number to rank pairs by.
    pub score: f32,
    /// Mined pairs on the longest monotone chain over the sentences of the
    /// shorter document.
    pub coverage: f32,
    /// Mined pairs on the longest monotone chain over all mined pairs (1
    /// when there are none).
    pub order: f32,
    /// Sentences of the shorter document over sentences of the longer one.
    pub length_ratio: f32,
    /// Pairs mined by margin.
    pub mined: usize,
    /// Mined pairs on the longest monotone chain.
    pub monotone: usize,
}

/// Decides whether two documents translate each other: a translation keeps
/// the order of its sentences, so the pairs the margin miner finds between
/// them lie on one monotone chain and cover most of the shorter document;
/// two articles about the same event share fewer pairs, in no order.
#[derive(Debug, Clone)]
pub struct TranslationDetector {
    config: DetectorConfig,
    miner: MarginMiner,
}

impl Default for TranslationDetector {
    fn default() -> Self {
        Self::new(DetectorConfig::default())
    }
}

impl TranslationDetector {
    /// A detector mining on the CPU.
    pub fn new(config: DetectorConfig) -> Self {
        Self::with_device(config, Device::Cpu)
    }

    /// A detector whose miner multiplies on `device`.
    pub fn with_device(config: DetectorConfig, device: Device) -> Self {
        Self {
            miner: MarginMiner::with_device(config.miner, device),
            config,
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &DetectorConfig {
        &self.config
    }

    /// Score the pair of documents.
    pub fn detect(&self, a: &DocVectors, b: &DocVectors) -> Result<TranslationScore, AlignError> {
        let (n, m) = check_pair(a, b)?;
        self.detect_rows(a.vectors, n, b.vectors, m, a.dim)
    }

    /// [`detect`](Self::detect) on raw row-major matrices (`n × dim`, `m × dim`).
    pub fn detect_rows(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<TranslationScore, AlignError> {
        let pairs = self.miner.mine_pairs(a, n, b, m, dim)?;
        let chain = longest_increasing(&pairs.iter().map(|p| p.b).collect::<Vec<_>>());
        let shorter = n.min(m);
        let coverage = if shorter == 0 {
            0.0
        } else {
            chain as f32 / shorter as f32
        };
        let order = if pairs.is_empty() {
            1.0
        } else {
            chain as f32 / pairs.len() as f32
        };
        let length_ratio = if n.max(m) == 0 {
            0.0
        } else {
            shorter as f32 / n.max(m) as f32
        };
        let c = &self.config;
        let is_translation = shorter >= c.min_sentences
            && coverage >= c.min_coverage
            && order >= c.min_order
            && length_ratio >= c.min_length_ratio;
        Ok(TranslationScore {
            is_translation,
            score: coverage * order,
            coverage,
            order,
            length_ratio,
            mined: pairs.len(),
            monotone: chain,
        })
    }
}

/// Length of the longest strictly increasing subsequence (patience sorting).
fn longest_increasing(values: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &v in values {
        let pos = tails.partition_point(|&t| t < v);
        if pos == tails.len() {
            tails.push(v);
        } else {
            tails[pos] = v;
        }
    }
    tails.len()
}

/// A maximal run of sentences of one language in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangRun {
    /// The run's language.
    pub lang: Lang,
    /// Sentence rows covered.
    pub rows: Range<usize>,
}

/// Split a document into runs of one language. Undetermined sentences
/// (`Lang::Und`: numbers, URLs) join the run before them (or after them at
/// the start); runs shorter than `min_run` sentences are absorbed into a
/// neighbour (into both when both neighbours share a language, else into
/// the longer one), shortest first, until every run is long enough or only
/// one is left.
pub fn language_runs(langs: &[Lang], min_run: usize) -> Vec<LangRun> {
    let Some(first_known) = langs.iter().copied().find(|&l| l != Lang::Und) else {
        return if langs.is_empty() {
            Vec::new()
        } else {
            vec![LangRun {
                lang: Lang::Und,
                rows: 0..langs.len(),
            }]
        };
    };
    let mut runs: Vec<LangRun> = Vec::new();
    let mut current = first_known;
    for (i, &l) in langs.iter().enumerate() {
        if l != Lang::Und {
            current = l;
        }
        match runs.last_mut() {
            Some(run) if run.lang == current => run.rows.end = i + 1,
            _ => runs.push(LangRun {
                lang: current,
                rows: i..i + 1,
            }),
        }
    }
    while runs.len() > 1 {
        // Shortest run below the minimum, first one on ties.
        let Some((idx, _)) = runs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.rows.len() < min_run)
            .min_by_key(|(i, r)| (r.rows.len(), *i))
        else {
            break;
        };
        let prev = idx.checked_sub(1);
        let next = (idx + 1 < runs.len()).then_some(idx + 1);
        match (prev, next) {
            (Some(p), Some(q)) if runs[p].lang == runs[q].lang => {
                let end = runs[q].rows.end;
                runs[p].rows.end = end;
                runs.drain(idx..=q);
            }
            (Some(p), Some(q)) => {
                if runs[q].rows.len() > runs[p].rows.len() {
                    runs[q].rows.start = runs[idx].rows.start;
                } else {
                    runs[p].rows.end = runs[idx].rows.end;
                }
                runs.remove(idx);
            }
            (Some(p), None) => {
                runs[p].rows.end = runs[idx].rows.end;
                runs.remove(idx);
            }
            (None, Some(q)) => {
                runs[q].rows.start = runs[idx].rows.start;
                runs.remove(idx);
            }
            (None, None) => break,
        }
    }
    runs
}

/// Aligns documents that translate each other with a monotone dynamic
/// program over beads of 1-1, 1-2, 2-1, 1-3, 3-1, 1-4, 4-1, 1-5, 5-1, 1-0
/// and 0-1 sentences.
#[derive(Debug, Clone)]
pub struct BeadAligner {
    config: BeadConfig,
    detector: TranslationDetector,
    device: Device,
}

impl Default for BeadAligner {
    fn default() -> Self {
        Self::new(BeadConfig::default(), TranslationDetector::default())
    }
}

impl BeadAligner {
    /// An aligner computing similarities on the CPU; `detector` decides for
    /// [`align_within`](Self::align_within) and
    /// [`align_if_translation`](Self::align_if_translation).
    pub fn new(config: BeadConfig, detector: TranslationDetector) -> Self {
        Self::with_device(config, detector, Device::Cpu)
    }

    /// An aligner whose full similarity matrices are computed on `device`.
    pub fn with_device(config: BeadConfig, detector: TranslationDetector, device: Device) -> Self {
        Self {
            config,
            detector,
            device,
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &BeadConfig {
        &self.config
    }

    /// The translation detector in use.
    pub fn detector(&self) -> &TranslationDetector {
        &self.detector
    }

    /// Align two documents assumed to translate each other: every sentence
    /// of both ends up in exactly one bead, in document order (method
    /// [`AlignMethod::Bead`]; empty sides have `None` sentence and range).
    pub fn align(&self, a: &DocVectors, b: &DocVectors) -> Result<Vec<Alignment>, AlignError> {
        let (n, m) = check_pair(a, b)?;
        let beads = self.align_checked(a.vectors, n, b.vectors, m, a.dim)?;
        Ok(to_alignments(
            &beads,
            (a.doc_id, a.sentence_ids, 0),
            (b.doc_id, b.sentence_ids, 0),
        ))
    }

    /// [`detect`](TranslationDetector::detect) the pair and, when it is a
    /// translation, [`align`](Self::align) it.
    pub fn align_if_translation(
        &self,
        a: &DocVectors,
        b: &DocVectors,
    ) -> Result<(TranslationScore, Vec<Alignment>), AlignError> {
        let score = self.detector.detect(a, b)?;
        if !score.is_translation {
            return Ok((score, Vec::new()));
        }
        Ok((score, self.align(a, b)?))
    }

    /// Align a bilingual document with itself: split it into
    /// [`language_runs`] (`langs` holds one language per sentence), and
    /// bead-align every two runs of different languages that the detector
    /// takes for translations of each other (a Japanese translation followed
    /// by its English original). `doc_a == doc_b` in the result; side a is
    /// the earlier run. Sorted by run pair, then document order.
    pub fn align_within(
        &self,
        doc: &DocVectors,
        langs: &[Lang],
    ) -> Result<Vec<Alignment>, AlignError> {
        let n = check_doc(doc)?;
        if langs.len() != n {
            return Err(AlignError::LangCount {
                doc_id: doc.doc_id.to_string(),
                expected: n,
                got: langs.len(),
            });
        }
        let runs = language_runs(langs, self.config.min_lang_run);
        let dim = doc.dim;
        let rows = |r: &Range<usize>| &doc.vectors[r.start * dim..r.end * dim];
        let mut out = Vec::new();
        for (x, run_a) in runs.iter().enumerate() {
            for run_b in &runs[x + 1..] {
                if run_a.lang == run_b.lang || run_a.lang == Lang::Und || run_b.lang == Lang::Und {
                    continue;
                }
                let (ra, rb) = (&run_a.rows, &run_b.rows);
                let score =
                    self.detector
                        .detect_rows(rows(ra), ra.len(), rows(rb), rb.len(), dim)?;
                if !score.is_translation {
                    continue;
                }
                let beads = self.align_checked(rows(ra), ra.len(), rows(rb), rb.len(), dim)?;
                out.extend(to_alignments(
                    &beads,
                    (doc.doc_id, doc.sentence_ids, ra.start),
                    (doc.doc_id, doc.sentence_ids, rb.start),
                ));
            }
        }
        Ok(out)
    }

    /// The beads between two raw row-major matrices (`n × dim`, `m × dim`),
    /// in order; the index-level core of [`align`](Self::align).
    pub fn align_rows(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<Vec<Bead>, AlignError> {
        check_matrix("a", a, n, dim)?;
        check_matrix("b", b, m, dim)?;
        self.align_checked(a, n, b, m, dim)
    }

    fn align_checked(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<Vec<Bead>, AlignError> {
        self.config.validate()?;
        let band = Band::new(n, m, self.config.max_cells);
        let sim = BandSim::new(&band, a, b, dim, &self.device)?;
        let costs = CostModel::new(a, n, b, m, dim, &sim, self.config);
        Ok(run_dp(&band, &costs))
    }
}

/// Convert beads of `(doc, sentence ids, row offset)` pairs into records.
fn to_alignments(
    beads: &[Bead],
    (doc_a, ids_a, off_a): (&DocId, &[SentenceId], usize),
    (doc_b, ids_b, off_b): (&DocId, &[SentenceId], usize),
) -> Vec<Alignment> {
    let method = AlignMethod::Bead;
    let side = |rows: &Range<usize>, off: usize, ids: &[SentenceId]| {
        if rows.is_empty() {
            return (None, None);
        }
        let range = SentenceRange {
            first: (rows.start + off) as u32,
            last: (rows.end - 1 + off) as u32,
        };
        (ids.get(rows.start + off).cloned(), Some(range))
    };
    beads
        .iter()
        .map(|bead| {
            let (sentence_a, range_a) = side(&bead.a, off_a, ids_a);
            let (sentence_b, range_b) = side(&bead.b, off_b, ids_b);
            let fmt = |r: Option<SentenceRange>| {
                r.map_or_else(|| "-".to_owned(), |r| format!("{}-{}", r.first, r.last))
            };
            let id = AlignmentId::from_parts([
                method.as_str().to_owned(),
                doc_a.to_string(),
                fmt(range_a),
                doc_b.to_string(),
                fmt(range_b),
            ]);
            Alignment {
                id,
                doc_a: doc_a.clone(),
                doc_b: doc_b.clone(),
                sentence_a,
                sentence_b,
                range_a,
                range_b,
                cosine: bead.cosine,
                margin: 1.0,
                score: bead.score,
                method,
            }
        })
        .collect()
}

/// DP states `(i, j)` (sentences of a and b consumed) allowed: for every
/// `i` in `0..=n` an inclusive column interval `lo[i]..=hi[i]`, both
/// non-decreasing, covering `(0, 0)` and `(n, m)`. Everything when the full
/// table fits in `max_cells`, else a band around the diagonal.
struct Band {
    n: usize,
    m: usize,
    lo: Vec<usize>,
    hi: Vec<usize>,
}

impl Band {
    fn new(n: usize, m: usize, max_cells: usize) -> Self {
        let rows = n + 1;
        let full = rows.saturating_mul(m + 1) <= max_cells;
        let (lo, hi) = if full {
            (vec![0; rows], vec![m; rows])
        } else {
            // Half-width so that the band holds about max_cells states, but
            // never narrower than the slope needs to stay connected.
            let slope = m.div_ceil(n.max(1));
            let half = (max_cells / rows / 2).max(slope + 3);
            let center = |i: usize| (i as u128 * m as u128 / n.max(1) as u128) as usize;
            let lo = (0..rows).map(|i| center(i).saturating_sub(half)).collect();
            let hi = (0..rows).map(|i| (center(i) + half).min(m)).collect();
            (lo, hi)
        };
        Self { n, m, lo, hi }
    }

    fn contains(&self, i: usize, j: usize) -> bool {
        i <= self.n && self.lo[i] <= j && j <= self.hi[i]
    }
}

/// Dot products `a_r · b_c` needed by the DP: for each row `r` of a, the
/// columns of b that a bead ending in a band state can reach.
struct BandSim {
    /// Per row of a: first column stored and the values.
    rows: Vec<(usize, Vec<f32>)>,
}

impl BandSim {
    fn new(
        band: &Band,
        a: &[f32],
        b: &[f32],
        dim: usize,
        device: &Device,
    ) -> Result<Self, AlignError> {
        let (n, m) = (band.n, band.m);
        if n == 0 || m == 0 {
            return Ok(Self {
                rows: vec![(0, Vec::new()); n],
            });
        }
        let full = band.lo.iter().all(|&l| l == 0) && band.hi.iter().all(|&h| h == m);
        if full && dim > 0 {
            let ta = Tensor::from_slice(a, (n, dim), device)?;
            let tb = Tensor::from_slice(b, (m, dim), device)?;
            let sim = ta.matmul(&tb.t()?)?.flatten_all()?.to_vec1::<f32>()?;
            return Ok(Self {
                rows: sim.chunks(m).map(|row| (0, row.to_vec())).collect(),
            });
        }
        // Row r is used by beads ending in rows r+1..=r+3, at columns below
        // their hi and at most 3 before their lo.
        let rows = (0..n)
            .map(|r| {
                let first = band.lo[r + 1].saturating_sub(3);
                let end = band.hi[(r + 3).min(n)].min(m);
                let ar = &a[r * dim..(r + 1) * dim];
                let vals = (first..end.max(first))
                    .map(|c| dot(ar, &b[c * dim..(c + 1) * dim]))
                    .collect();
                (first, vals)
            })
            .collect();
        Ok(Self { rows })
    }

    fn get(&self, r: usize, c: usize) -> Option<f32> {
        let (first, vals) = self.rows.get(r)?;
        vals.get(c.checked_sub(*first)?).copied()
    }
}

fn dot(x: &[f32], y: &[f32]) -> f32 {
    x.iter().zip(y).map(|(p, q)| p * q).sum()
}

/// Everything the bead costs are computed from.
struct CostModel<'s> {
    sim: &'s BandSim,
    config: BeadConfig,
    /// `next[g - 1][i] = x_i · x_{i+g}` for gaps `g` up to
    /// `MAX_BEAD_SIDE − 1`, per side.
    a_next: Vec<Vec<f32>>,
    b_next: Vec<Vec<f32>>,
    /// `a_i · mean(b)` and `b_j · mean(a)`.
    a_to_b_mean: Vec<f32>,
    b_to_a_mean: Vec<f32>,
}

impl<'s> CostModel<'s> {
    fn new(
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
        sim: &'s BandSim,
        config: BeadConfig,
    ) -> Self {
        let next = |x: &[f32], len: usize, gap: usize| -> Vec<f32> {
            (0..len.saturating_sub(gap))
                .map(|i| {
                    dot(
                        &x[i * dim..(i + 1) * dim],
                        &x[(i + gap) * dim..(i + gap + 1) * dim],
                    )
                })
                .collect()
        };
        let mean = |x: &[f32], len: usize| -> Vec<f32> {
            let mut acc = vec![0.0f64; dim];
            for i in 0..len {
                for (s, v) in acc.iter_mut().zip(&x[i * dim..(i + 1) * dim]) {
                    *s += f64::from(*v);
                }
            }
            acc.iter().map(|s| (s / len.max(1) as f64) as f32).collect()
        };
        let (mean_a, mean_b) = (mean(a, n), mean(b, m));
        Self {
            sim,
            config,
            a_next: (1..MAX_BEAD_SIDE).map(|g| next(a, n, g)).collect(),
            b_next: (1..MAX_BEAD_SIDE).map(|g| next(b, m, g)).collect(),
            a_to_b_mean: (0..n)
                .map(|i| dot(&a[i * dim..(i + 1) * dim], &mean_b))
                .collect(),
            b_to_a_mean: (0..m)
                .map(|j| dot(&b[j * dim..(j + 1) * dim], &mean_a))
                .collect(),
        }
    }

    /// `‖x_i + … + x_{i+len-1}‖` from the neighbour dot products (unit
    /// vectors: `len + 2 Σ_{u<v} x_u · x_v`).
    fn block_norm(next: &[Vec<f32>], i: usize, len: usize) -> f32 {
        let mut sq = len as f32;
        for gap in 1..len {
            let Some(dots) = next.get(gap - 1) else {
                break;
            };
            for u in i..i + len - gap {
                sq += 2.0 * dots.get(u).copied().unwrap_or(0.0);
            }
        }
        sq.max(0.0).sqrt()
    }

    /// Cost and cosine of the bead `a[i..i+p]` × `b[j..j+q]`, both sides
    /// non-empty; `None` when a needed dot product lies outside the band.
    fn bead(&self, i: usize, p: usize, j: usize, q: usize) -> Option<(f32, f32)> {
        let mut cross = 0.0f32;
        for r in i..i + p {
            for c in j..j + q {
                cross += self.sim.get(r, c)?;
            }
        }
        let na = Self::block_norm(&self.a_next, i, p);
        let nb = Self::block_norm(&self.b_next, j, q);
        let cosine = if na > 1e-6 && nb > 1e-6 {
            (cross / (na * nb)).clamp(-1.0, 1.0)
        } else {
            0.0
        };
        // Mean dissimilarity of each side to the whole other document.
        let to_other_a: f32 = self.a_to_b_mean[i..i + p].iter().sum::<f32>();
        let to_other_b: f32 = self.b_to_a_mean[j..j + q].iter().sum::<f32>();
        let da = 1.0 - if na > 1e-6 { to_other_a / na } else { 0.0 };
        let db = 1.0 - if nb > 1e-6 { to_other_b / nb } else { 0.0 };
        let norm = ((da + db) / 2.0).max(MIN_NORMALIZER);
        let extra = (p + q - 2) as f32;
        let cost = (1.0 - cosine) / norm * (1.0 + self.config.merge_penalty * extra);
        Some((cost, cosine))
    }
}

/// Floor of the cost normalizer, so that a document whose sentences are all
/// alike (or a one-sentence document) does not blow costs up.
const MIN_NORMALIZER: f32 = 0.02;

/// The dynamic program: minimum total cost path from `(0, 0)` to `(n, m)`.
fn run_dp(band: &Band, costs: &CostModel) -> Vec<Bead> {
    let (n, m) = (band.n, band.m);
    let skip = costs.config.skip_cost;
    let width = |i: usize| band.hi[i] - band.lo[i] + 1;
    let mut total: Vec<Vec<f32>> = (0..=n).map(|i| vec![f32::INFINITY; width(i)]).collect();
    // Index into BEADS of the bead ending at each state.
    let mut back: Vec<Vec<u8>> = (0..=n).map(|i| vec![u8::MAX; width(i)]).collect();
    total[0][0] = 0.0;
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = (f32::INFINITY, u8::MAX);
            for (t, &(p, q)) in BEADS.iter().enumerate() {
                if p > i || q > j || !band.contains(i - p, j - q) {
                    continue;
                }
                let prev = total[i - p][j - q - band.lo[i - p]];
                if !prev.is_finite() {
                    continue;
                }
                let cost = if p == 0 || q == 0 {
                    skip * (p + q) as f32
                } else {
                    match costs.bead(i - p, p, j - q, q) {
                        Some((c, _)) => c,
                        None => continue,
                    }
                };
                let cand = prev + cost;
                if cand < best.0 {
                    best = (cand, t as u8);
                }
            }
            let k = j - band.lo[i];
            total[i][k] = best.0;
            back[i][k] = best.1;
        }
    }
    // Trace back.
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let t = back[i][j - band.lo[i]];
        let Some(&(p, q)) = BEADS.get(t as usize) else {
            // Unreachable end state (cannot happen with a connected band);
            // fall back to skipping what is left.
            break;
        };
        let (a, b) = (i - p..i, j - q..j);
        let bead = if p == 0 || q == 0 {
            Bead {
                a,
                b,
                cosine: 0.0,
                cost: skip * (p + q) as f32,
                score: 0.0,
            }
        } else {
            let (cost, cosine) = costs
                .bead(i - p, p, j - q, q)
                .unwrap_or((f32::INFINITY, 0.0));
            Bead {
                a,
                b,
                cosine,
                cost,
                score: 1.0 - cost / (skip * (p + q) as f32),
            }
        };
        beads.push(bead);
        i -= p;
        j -= q;
    }
    if i > 0 || j > 0 {
        // Defensive: cover any rows the trace could not reach with skips.
        for r in (0..i).rev() {
            beads.push(skip_bead(r..r + 1, 0..0, skip));
        }
        for c in (0..j).rev() {
            beads.push(skip_bead(0..0, c..c + 1, skip));
        }
    }
    beads.reverse();
    beads
}

fn skip_bead(a: Range<usize>, b: Range<usize>, skip: f32) -> Bead {
    Bead {
        a,
        b,
        cosine: 0.0,
        cost: skip,
        score: 0.0,
    }
}

#[cfg(test)]
#[path = "bead_tests.rs"]
mod tests;
