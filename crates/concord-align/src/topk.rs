//! k-nearest-neighbour search between two large sets of unit vectors (exact,
//! block by block; or chosen by size between that and an HNSW index) and
//! ratio-margin mining on top of it.
//!
//! [`MarginMiner`](crate::MarginMiner) materializes the whole `n × m`
//! similarity matrix, which is right for two articles and impossible for
//! corpus-scale mining (100k × 100k is 40 GB of `f32`). Margin mining only
//! needs, for every row and every column, its `k` largest cosines (for the
//! neighbourhood means) and a few candidates, so [`BlockedTopK`] computes
//! `A · Bᵀ` one `block_rows × block_cols` tile at a time (one candle matrix
//! product per tile on the CPU) and keeps a sorted `k`-list per row (and, in
//! [`BlockedTopK::search_both`], per column): memory is
//! `O((n + m)·k + block_rows·block_cols)` besides the inputs. The search is
//! exact: the lists hold exactly the `k` largest cosines, ties to the lowest
//! index. Its cost grows with `n·m`; above the crossover measured in
//! [`CorpusSearch`] an approximate HNSW index
//! ([`HnswIndex`](crate::HnswIndex), one per side) is cheaper, and
//! [`CorpusSearch`] / [`margin_mine_corpus`] choose between the two by size.
//!
//! [`margin_mine_topk`] then applies the miner's scoring (see the crate
//! documentation) with candidates restricted to the cells found in some
//! row's or column's list, which is how large-scale bitext mining is done
//! (Artetxe & Schwenk 2019 score k-NN candidates only). The neighbourhood
//! means are exactly the dense miner's; a row's best-margin partner is found
//! whenever it is among the row's `k` nearest or the row is among its
//! partner's `k` nearest, which is the case for any pair that can pass
//! `min_cosine` in practice. On the test inputs the mined pairs equal
//! [`MarginMiner::mine_pairs`](crate::MarginMiner::mine_pairs) exactly; a
//! larger [`BlockedTopK::k`] widens the candidate lists.
//! [`margin_mine_lists`] does the same mining on lists from any search
//! (exact or approximate).

use crate::hnsw::{hnsw_search_both, HnswConfig};
use crate::margin::{margin, select, top_k_mean, Cell};
use crate::miner::check_matrix;
use crate::{AlignConfig, AlignError, MinedPair};
use candle_core::{Device, Tensor};
use rayon::prelude::*;
use std::cmp::Ordering;

/// Index of an empty slot in a list that is not yet full.
pub(crate) const EMPTY: u32 = u32::MAX;

/// Columns of one tile handled by one task of the column update.
const COL_CHUNK: usize = 256;

/// Blocked exact top-`k` search: `A · Bᵀ` one `block_rows × block_cols`
/// tile at a time (one candle matrix product on the CPU per tile), keeping
/// a sorted `k`-list per row (and per column with
/// [`search_both`](Self::search_both)); memory
/// `O((n + m)·k + block_rows·block_cols)` besides the inputs. Exact: the
/// lists hold the `k` largest dot products, ties to the lowest index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockedTopK {
    /// Neighbours kept per row (clamped to the rows of the other side).
    pub k: usize,
    /// Rows of `a` per tile.
    pub block_rows: usize,
    /// Rows of `b` (columns of the similarity matrix) per tile.
    pub block_cols: usize,
}

impl Default for BlockedTopK {
    /// `k = 8` (the miner's default), 512 × 4096 tiles (8 MB of `f32`; the
    /// fastest of the sizes tried on a 2-core AVX2 machine).
    fn default() -> Self {
        Self {
            k: crate::DEFAULT_K,
            block_rows: 512,
            block_cols: 4096,
        }
    }
}

/// The `k` nearest neighbours of every row of one side, by cosine (dot
/// product) with the rows of the other side.
#[derive(Debug, Clone, PartialEq)]
pub struct TopK {
    /// Entries per row: `min(k, rows of the other side)`.
    pub k: usize,
    /// Number of rows.
    pub rows: usize,
    /// Row-major `rows × k` `(index, cosine)` entries, every row sorted by
    /// decreasing cosine, ties by increasing index.
    pub entries: Vec<(u32, f32)>,
}

impl TopK {
    /// The neighbours of row `i`, best first.
    pub fn row(&self, i: usize) -> &[(u32, f32)] {
        &self.entries[i * self.k..(i + 1) * self.k]
    }

    pub(crate) fn empty(rows: usize, k: usize) -> Self {
        Self {
            k,
            rows,
            entries: vec![(EMPTY, f32::NEG_INFINITY); rows * k],
        }
    }
}

impl BlockedTopK {
    /// The `k` best `(index into b, cosine)` of every row of `a` (`n × dim`,
    /// row-major, unit-norm rows) against the rows of `b` (`m × dim`).
    pub fn search(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<TopK, AlignError> {
        Ok(self.run(a, n, b, m, dim, false)?.0)
    }

    /// The `k` best `(index into a, cosine)` of every row of `b` against
    /// the rows of `a`: the column lists of `A · Bᵀ`.
    pub fn column_topk(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<TopK, AlignError> {
        self.search(b, m, a, n, dim)
    }

    /// Row and column lists of `A · Bᵀ` in one pass over the tiles
    /// (`(search(a, b), column_topk(a, b))` at the cost of one of them).
    pub fn search_both(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<(TopK, TopK), AlignError> {
        let (rows, cols) = self.run(a, n, b, m, dim, true)?;
        Ok((rows, cols.expect("columns requested")))
    }

    fn run(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
        columns: bool,
    ) -> Result<(TopK, Option<TopK>), AlignError> {
        check_matrix("a", a, n, dim)?;
        check_matrix("b", b, m, dim)?;
        if self.k == 0 {
            return Err(AlignError::ZeroK);
        }
        let mut rows = TopK::empty(n, self.k.min(m));
        let mut cols = columns.then(|| TopK::empty(m, self.k.min(n)));
        if n == 0 || m == 0 {
            return Ok((rows, cols));
        }
        let (br, bc) = (self.block_rows.max(1), self.block_cols.max(1));
        let ta = Tensor::from_slice(a, (n, dim), &Device::Cpu)?;
        let tb = Tensor::from_slice(b, (m, dim), &Device::Cpu)?;
        let mut col_thresh = vec![f32::NEG_INFINITY; if columns { m } else { 0 }];
        for r0 in (0..n).step_by(br) {
            let rn = br.min(n - r0);
            let ta_blk = ta.narrow(0, r0, rn)?;
            for c0 in (0..m).step_by(bc) {
                let cn = bc.min(m - c0);
                let tile = if dim == 0 {
                    vec![0.0; rn * cn]
                } else {
                    let tb_blk = tb.narrow(0, c0, cn)?;
                    ta_blk
                        .matmul(&tb_blk.t()?)?
                        .flatten_all()?
                        .to_vec1::<f32>()?
                };
                update_rows(&mut rows, r0, rn, c0, cn, &tile);
                if let Some(cols) = cols.as_mut() {
                    update_cols(cols, &mut col_thresh, r0, rn, c0, cn, &tile);
                }
            }
        }
        Ok((rows, cols))
    }
}

/// NaN ranks below everything (as in the dense miner's neighbourhood means).
fn clean(v: f32) -> f32 {
    if v.is_nan() {
        f32::NEG_INFINITY
    } else {
        v
    }
}

/// Insert `(idx, v)` into the sorted `list` if it belongs there. Candidates
/// arrive in increasing index order, so a value equal to an entry goes after
/// it. Returns the list's new threshold (its last value, or -inf while it
/// has empty slots).
#[inline]
fn insert(list: &mut [(u32, f32)], idx: u32, v: f32) -> f32 {
    let last = list.len() - 1;
    if list[last].0 != EMPTY && v <= list[last].1 {
        return list[last].1;
    }
    let pos = list
        .iter()
        .position(|&(i, s)| i == EMPTY || s < v)
        .unwrap_or(last);
    list.copy_within(pos..last, pos + 1);
    list[pos] = (idx, v);
    if list[last].0 == EMPTY {
        f32::NEG_INFINITY
    } else {
        list[last].1
    }
}

/// Would `v` enter a list whose threshold is `t`? (Cheap test first; a -inf
/// threshold may mean "not full", which `insert` sorts out.)
#[inline]
fn candidate(v: f32, t: f32) -> bool {
    v > t || t == f32::NEG_INFINITY
}

fn update_rows(rows: &mut TopK, r0: usize, rn: usize, c0: usize, cn: usize, tile: &[f32]) {
    let k = rows.k;
    rows.entries[r0 * k..(r0 + rn) * k]
        .par_chunks_mut(k)
        .zip(tile.par_chunks(cn))
        .for_each(|(list, sims)| {
            let mut t = if list[k - 1].0 == EMPTY {
                f32::NEG_INFINITY
            } else {
                list[k - 1].1
            };
            for (j, &v) in sims.iter().enumerate() {
                let v = clean(v);
                if candidate(v, t) {
                    t = insert(list, (c0 + j) as u32, v);
                }
            }
        });
}

fn update_cols(
    cols: &mut TopK,
    thresh: &mut [f32],
    r0: usize,
    rn: usize,
    c0: usize,
    cn: usize,
    tile: &[f32],
) {
    let k = cols.k;
    cols.entries[c0 * k..(c0 + cn) * k]
        .par_chunks_mut(COL_CHUNK * k)
        .zip(thresh[c0..c0 + cn].par_chunks_mut(COL_CHUNK))
        .enumerate()
        .for_each(|(chunk, (lists, ts))| {
            let j0 = chunk * COL_CHUNK;
            for r in 0..rn {
                let sims = &tile[r * cn + j0..r * cn + j0 + ts.len()];
                for (jj, (&v, t)) in sims.iter().zip(ts.iter_mut()).enumerate() {
                    let v = clean(v);
                    if candidate(v, *t) {
                        *t = insert(&mut lists[jj * k..(jj + 1) * k], (r0 + r) as u32, v);
                    }
                }
            }
        });
}

/// Ratio-margin mining of `a` (`n × dim`) against `b` (`m × dim`) over the
/// blocked top-`k` lists: the scoring, thresholds and selection of
/// [`MarginMiner::mine_pairs`](crate::MarginMiner::mine_pairs) (without
/// anchors; `config.anchor_weight` is ignored), with neighbourhood means
/// over `config.k` and candidates drawn from the `max(search.k, config.k)`
/// best cells of every row and every column. Pairs come out sorted by `a`.
pub fn margin_mine_topk(
    config: &AlignConfig,
    search: &BlockedTopK,
    a: &[f32],
    n: usize,
    b: &[f32],
    m: usize,
    dim: usize,
) -> Result<Vec<MinedPair>, AlignError> {
    // The corpus path with the exact search only.
    let exact_only = CorpusSearch {
        exact: *search,
        hnsw: HnswConfig::default(),
        crossover: usize::MAX,
    };
    margin_mine_corpus(config, &exact_only, a, n, b, m, dim)
}

/// Ratio-margin mining from given neighbour lists: `rows` holds the
/// `(index into b, cosine)` list of every row of `a` (the shape of
/// [`BlockedTopK::search`]), `cols` the `(index into a, cosine)` list of
/// every row of `b` ([`BlockedTopK::column_topk`]), each row best first.
/// The scoring, thresholds and selection of [`margin_mine_topk`], whose
/// lists are exact; with approximate lists (from
/// [`HnswIndex::search_topk`](crate::HnswIndex::search_topk) or
/// [`hnsw_search_both`](crate::hnsw_search_both)) a neighbourhood mean
/// is lower where a neighbour was missed, and a pair is found only if it
/// is in one of the lists. Empty entries (`u32::MAX`) are skipped; a row
/// whose first `min(config.k, other side)` entries are not all filled has
/// no defined margin and is never mined. Errors: `config.k == 0`, lists of
/// the wrong length, shorter than `min(config.k, other side)`, or with an
/// index past the other side.
pub fn margin_mine_lists(
    config: &AlignConfig,
    rows: &TopK,
    cols: &TopK,
) -> Result<Vec<MinedPair>, AlignError> {
    if config.k == 0 {
        return Err(AlignError::ZeroK);
    }
    let (n, m) = (rows.rows, cols.rows);
    check_lists("row", rows, m)?;
    check_lists("column", cols, n)?;
    if n == 0 || m == 0 {
        return Ok(Vec::new());
    }
    let (k_fwd, k_bwd) = (config.k.clamp(1, m), config.k.clamp(1, n));
    for (side, lists, needed) in [("row", rows, k_fwd), ("column", cols, k_bwd)] {
        if lists.k < needed {
            return Err(AlignError::ListTooShort {
                side,
                k: lists.k,
                needed,
            });
        }
    }
    // An empty slot holds -inf, so a list that is not full has a mean of
    // -inf and no defined margin.
    let fwd: Vec<f32> = (0..n)
        .into_par_iter()
        .map_init(Vec::new, |s, i| {
            top_k_mean(rows.row(i)[..k_fwd].iter().map(|e| e.1), k_fwd, s)
        })
        .collect();
    let bwd: Vec<f32> = (0..m)
        .into_par_iter()
        .map_init(Vec::new, |s, j| {
            top_k_mean(cols.row(j)[..k_bwd].iter().map(|e| e.1), k_bwd, s)
        })
        .collect();

    // Best candidate per row and per column, ties to the lowest index (the
    // dense miner scans in index order and only replaces on a greater score).
    let mut row_best: Vec<Option<Cell>> = vec![None; n];
    let mut col_best: Vec<Option<Cell>> = vec![None; m];
    let from_rows = (0..n).flat_map(|i| {
        rows.row(i)
            .iter()
            .filter(|e| e.0 != EMPTY)
            .map(move |&(j, c)| (i, j as usize, c))
    });
    let from_cols = (0..m).flat_map(|j| {
        cols.row(j)
            .iter()
            .filter(|e| e.0 != EMPTY)
            .map(move |&(i, c)| (i as usize, j, c))
    });
    for (i, j, cosine) in from_rows.chain(from_cols) {
        let Some(margin) = margin(cosine, fwd[i], bwd[j]) else {
            continue;
        };
        let cell = Cell {
            i,
            j,
            cosine,
            margin,
            score: margin,
        };
        if better(&cell, row_best[i], |c| c.j) {
            row_best[i] = Some(cell);
        }
        if better(&cell, col_best[j], |c| c.i) {
            col_best[j] = Some(cell);
        }
    }
    Ok(select(&row_best, &col_best, n, m, config))
}

/// `lists` holds `rows × k` entries, each empty or an index below `other`.
fn check_lists(side: &'static str, lists: &TopK, other: usize) -> Result<(), AlignError> {
    let expected = lists.rows.saturating_mul(lists.k);
    if lists.entries.len() != expected {
        return Err(AlignError::ListShape {
            side,
            rows: lists.rows,
            k: lists.k,
            expected,
            got: lists.entries.len(),
        });
    }
    let bad = lists
        .entries
        .iter()
        .position(|e| e.0 != EMPTY && e.0 as usize >= other);
    if let Some(pos) = bad {
        return Err(AlignError::ListIndex {
            side,
            row: pos / lists.k.max(1),
            index: lists.entries[pos].0,
            len: other,
        });
    }
    Ok(())
}

/// Which k-NN search feeds corpus-scale margin mining: the exact
/// [`BlockedTopK`] for small inputs, an [`HnswIndex`](crate::HnswIndex) per
/// side above the crossover. The exact search costs about `n·m` dot
/// products, HNSW about `(n + m)` searches of roughly constant cost, so
/// HNSW is chosen when
///
/// ```text
/// n·m ≥ crossover · (n + m)      (for n = m: n ≥ 2 · crossover)
/// ```
///
/// # Measured
///
/// `examples/scale_bench.rs` (synthetic 384-d vectors: `n/20` random topic
/// directions, sentences at cosine ≈ 0.75 to each other within a topic,
/// half of side b planted near rows of side a at cosine ≈ 0.9; k = 8,
/// default [`AlignConfig`]), 2 cores (AVX-512), one run each; other jobs
/// shared the machine, so wall times vary by ±30% (the exact 100k run took
/// 54 s and 80 s in two runs). kNN recall@8 is over all rows (both
/// directions) at 10k and 100k and over 1,000 random rows per side
/// (brute force) at 1M; pair recall and precision are against the planted
/// pairs.
///
/// | n = m | method         | build s | search + mine s | peak RSS | kNN recall@8 | pair recall / precision |
/// |-------|----------------|--------:|----------------:|---------:|-------------:|------------------------:|
/// | 10k   | exact          |       – |             0.6 |    88 MB |            1 |           1.000 / 0.990 |
/// | 10k   | HNSW 16/100/64 |     0.9 |             0.9 |    70 MB |            1 |           1.000 / 0.990 |
/// | 100k  | exact          |       – |            54.1 |   642 MB |            1 |           1.000 / 0.991 |
/// | 100k  | HNSW 16/100/64 |    25.3 |            19.4 |   457 MB |       0.9999 |           1.000 / 0.991 |
/// | 1M    | HNSW 16/100/32 |     656 |             265 |  4.2 GB  |        0.896 |           0.873 / 0.990 |
/// | 1M    | HNSW 16/100/64 |     656 |             466 |  4.2 GB  |        0.975 |           0.989 / 0.990 |
///
/// (HNSW `M / ef_construction / ef_search`; peak RSS includes the inputs,
/// 2 × 1.5 GB at 1M, and both indexes, 2 × 534 MB.) Exact search at 1M is
/// about 100 × the 100k run (1.5 to 2 hours); the default HNSW path takes
/// 19 minutes there.
///
/// Settings at 100k (all rows; build + search wall seconds, CPU seconds):
///
/// | M / ef_c / ef_s | build s | search s | CPU s | kNN recall@8 | pair recall |
/// |-----------------|--------:|---------:|------:|-------------:|------------:|
/// | 8 / 40 / 32     |     8.1 |      8.9 |    34 |        0.939 |       0.964 |
/// | 16 / 40 / 32    |    11.8 |     11.2 |    46 |        0.992 |       0.998 |
/// | 16 / 40 / 64    |    11.8 |     19.2 |    62 |        0.998 |       1.000 |
/// | 16 / 100 / 32   |    25.8 |     11.1 |    74 |        0.999 |       1.000 |
/// | 16 / 100 / 64   |    25.8 |     20.3 |    92 |       0.9999 |       1.000 |
/// | 24 / 100 / 64   |    33.2 |     24.8 |   115 |        1.000 |       1.000 |
///
/// 100k hides the differences that grow with size: at 300k per side
/// (1,000 sampled rows), 16/40 reached recall@8 0.930 / 0.970 at `ef_s` 32 /
/// 64 and 16/100 reached 0.983 / 0.998, for 2.3 × the build time; 24/60
/// matched 16/100 at the same cost. The defaults ([`HnswConfig::default`]:
/// 16 / 100 / 64) are the cheapest setting measured that keeps pair recall
/// near 0.99 at 1M.
///
/// Crossover: with the default settings, HNSW (build + search) took 8.7 /
/// 17.6 / 29.5 / 44.7 s at n = m = 30k / 50k / 75k / 100k against 7.5 /
/// 14.7 / 31.7 / 54.1 s for the exact search, so the two cross near
/// 75k × 75k, that is `n·m / (n + m)` ≈ 37,500; the default crossover is
/// [`DEFAULT_HNSW_CROSSOVER`] = 40,000 (80k × 80k), where the exact search,
/// which loses nothing, is still as fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusSearch {
    /// The exact search; its `k` is also the list length of the HNSW path.
    pub exact: BlockedTopK,
    /// Settings of the two HNSW indexes.
    pub hnsw: HnswConfig,
    /// `n·m / (n + m)` from which HNSW is used: 0 always uses it,
    /// `usize::MAX` never does.
    pub crossover: usize,
}

/// Default [`CorpusSearch::crossover`]: `n·m / (n + m)` from which HNSW is
/// used (80k × 80k; measured in [`CorpusSearch`]).
pub const DEFAULT_HNSW_CROSSOVER: usize = 40_000;

impl Default for CorpusSearch {
    /// Default exact and HNSW settings, HNSW from `n·m / (n + m) ≥ 40,000`
    /// (80k × 80k).
    fn default() -> Self {
        Self {
            exact: BlockedTopK::default(),
            hnsw: HnswConfig::default(),
            crossover: DEFAULT_HNSW_CROSSOVER,
        }
    }
}

impl CorpusSearch {
    /// True when `n × m` inputs take the HNSW path.
    pub fn uses_hnsw(&self, n: usize, m: usize) -> bool {
        let (n, m) = (n as u128, m as u128);
        // n·m < 2^128; the right side may overflow, and then is larger.
        n > 0
            && m > 0
            && (self.crossover as u128)
                .checked_mul(n + m)
                .is_some_and(|rhs| n * m >= rhs)
    }

    /// Row and column lists of `a` (`n × dim`) against `b` (`m × dim`), as
    /// [`BlockedTopK::search_both`]: exact below the crossover,
    /// [`hnsw_search_both`] above it.
    pub fn search_both(
        &self,
        a: &[f32],
        n: usize,
        b: &[f32],
        m: usize,
        dim: usize,
    ) -> Result<(TopK, TopK), AlignError> {
        if dim > 0 && self.uses_hnsw(n, m) {
            hnsw_search_both(&self.hnsw, self.exact.k, a, n, b, m, dim)
        } else {
            self.exact.search_both(a, n, b, m, dim)
        }
    }
}

/// [`margin_mine_topk`] over the lists of [`CorpusSearch::search_both`]
/// (list length `max(search.exact.k, config.k)`): exact below the
/// crossover, approximate (HNSW) above it. Pairs come out sorted by `a`.
pub fn margin_mine_corpus(
    config: &AlignConfig,
    search: &CorpusSearch,
    a: &[f32],
    n: usize,
    b: &[f32],
    m: usize,
    dim: usize,
) -> Result<Vec<MinedPair>, AlignError> {
    if config.k == 0 {
        return Err(AlignError::ZeroK);
    }
    let wide = CorpusSearch {
        exact: BlockedTopK {
            k: search.exact.k.max(config.k),
            ..search.exact
        },
        ..*search
    };
    let (rows, cols) = wide.search_both(a, n, b, m, dim)?;
    if n == 0 || m == 0 || dim == 0 {
        return Ok(Vec::new());
    }
    margin_mine_lists(config, &rows, &cols)
}

/// Greater score, or equal score and lower index (`key`).
fn better(cell: &Cell, best: Option<Cell>, key: impl Fn(&Cell) -> usize) -> bool {
    best.is_none_or(|b| match cell.score.total_cmp(&b.score) {
        Ordering::Greater => true,
        Ordering::Equal => key(cell) < key(&b),
        Ordering::Less => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MarginMiner, Selection};

    /// Minimal LCG so the test needs no `rand`.
    struct Lcg(u64);

    impl Lcg {
        fn next_f32(&mut self) -> f32 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        }
    }

    fn unit(rng: &mut Lcg, base: Option<&[f32]>, noise: f32, dim: usize) -> Vec<f32> {
        let mut v: Vec<f32> = (0..dim)
            .map(|d| base.map_or(0.0, |b| b[d]) + noise * rng.next_f32())
            .collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= norm);
        v
    }

    /// `n` rows of `a` and `m` of `b` in topics, half of `b` planted near `a`.
    fn corpus(seed: u64, n: usize, m: usize, dim: usize) -> (Vec<f32>, Vec<f32>) {
        let mut rng = Lcg(seed);
        let topics: Vec<Vec<f32>> = (0..n / 10 + 1)
            .map(|_| unit(&mut rng, None, 1.0, dim))
            .collect();
        let mut a = Vec::new();
        for i in 0..n {
            a.extend(unit(&mut rng, Some(&topics[i % topics.len()]), 0.2, dim));
        }
        let mut b = Vec::new();
        for j in 0..m {
            if j % 2 == 0 && j / 2 < n {
                let i = (j * 7 + 3) % n;
                let row = a[i * dim..(i + 1) * dim].to_vec();
                b.extend(unit(&mut rng, Some(&row), 0.05, dim));
            } else {
                b.extend(unit(
                    &mut rng,
                    Some(&topics[(j * 3) % topics.len()]),
                    0.06,
                    dim,
                ));
            }
        }
        (a, b)
    }

    fn brute_topk(a: &[f32], n: usize, b: &[f32], m: usize, dim: usize, k: usize) -> TopK {
        let mut out = TopK::empty(n, k.min(m));
        for i in 0..n {
            let mut row: Vec<(u32, f32)> = (0..m)
                .map(|j| {
                    let dot = (0..dim).map(|d| a[i * dim + d] * b[j * dim + d]).sum();
                    (j as u32, dot)
                })
                .collect();
            row.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            let kk = out.k;
            out.entries[i * kk..(i + 1) * kk].copy_from_slice(&row[..kk]);
        }
        out
    }

    #[test]
    fn blocked_search_finds_the_true_neighbours() {
        let (n, m, dim) = (70, 53, 16);
        let (a, b) = corpus(7, n, m, dim);
        let s = BlockedTopK {
            k: 5,
            block_rows: 16,
            block_cols: 9,
        };
        let (rows, cols) = s.search_both(&a, n, &b, m, dim).unwrap();
        assert_eq!(rows, s.search(&a, n, &b, m, dim).unwrap());
        assert_eq!(cols, s.column_topk(&a, n, &b, m, dim).unwrap());
        for (got, want) in [
            (rows, brute_topk(&a, n, &b, m, dim, 5)),
            (cols, brute_topk(&b, m, &a, n, dim, 5)),
        ] {
            assert_eq!(got.k, want.k);
            for (g, w) in got.entries.iter().zip(&want.entries) {
                assert_eq!(g.0, w.0);
                assert!((g.1 - w.1).abs() < 1e-5);
            }
        }
        // k larger than the other side: every index, in order of similarity.
        let wide = BlockedTopK { k: 100, ..s }
            .search(&a[..3 * dim], 3, &b[..4 * dim], 4, dim)
            .unwrap();
        assert_eq!(wide.k, 4);
        let mut idx: Vec<u32> = wide.row(0).iter().map(|e| e.0).collect();
        idx.sort_unstable();
        assert_eq!(idx, [0, 1, 2, 3]);
    }

    #[test]
    fn ties_go_to_the_lowest_index() {
        let a = [1.0, 0.0];
        let b = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
        let s = BlockedTopK {
            k: 2,
            block_rows: 1,
            block_cols: 1,
        };
        let rows = s.search(&a, 1, &b, 4, 2).unwrap();
        assert_eq!(rows.row(0), [(1, 1.0), (2, 1.0)]);
    }

    #[test]
    fn errors_and_empty_inputs() {
        let s = BlockedTopK::default();
        assert!(matches!(
            s.search(&[1.0], 1, &[1.0, 0.0], 1, 2),
            Err(AlignError::Shape { .. })
        ));
        assert!(matches!(
            BlockedTopK { k: 0, ..s }.search(&[1.0], 1, &[1.0], 1, 1),
            Err(AlignError::ZeroK)
        ));
        assert_eq!(s.search(&[], 0, &[1.0], 1, 1).unwrap().entries, []);
        let c = AlignConfig::default();
        assert!(margin_mine_topk(&c, &s, &[1.0], 1, &[], 0, 1)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn list_mining_checks_its_lists() {
        let (n, m, dim) = (30, 20, 8);
        let (a, b) = corpus(4, n, m, dim);
        let s = BlockedTopK {
            k: 3,
            ..BlockedTopK::default()
        };
        let (rows, cols) = s.search_both(&a, n, &b, m, dim).unwrap();
        let c3 = AlignConfig {
            k: 3,
            min_cosine: 0.0,
            ..AlignConfig::default()
        };
        let want = margin_mine_topk(&c3, &s, &a, n, &b, m, dim).unwrap();
        assert!(!want.is_empty());
        assert_eq!(margin_mine_lists(&c3, &rows, &cols).unwrap(), want);
        assert!(matches!(
            margin_mine_lists(&AlignConfig::default(), &rows, &cols),
            Err(AlignError::ListTooShort {
                side: "row",
                k: 3,
                needed: 8
            })
        ));
        let mut bad = rows.clone();
        bad.entries.pop();
        assert!(matches!(
            margin_mine_lists(&c3, &bad, &cols),
            Err(AlignError::ListShape { side: "row", .. })
        ));
        let mut bad = cols.clone();
        bad.entries[4].0 = n as u32;
        assert!(matches!(
            margin_mine_lists(&c3, &rows, &bad),
            Err(AlignError::ListIndex {
                side: "column",
                row: 1,
                len: 30,
                ..
            })
        ));
        // A row whose list has a hole has no margin; the rest still mine.
        let mut holes = rows.clone();
        let i = want[0].a;
        holes.entries[i * 3 + 2] = (EMPTY, f32::NEG_INFINITY);
        let got = margin_mine_lists(&c3, &holes, &cols).unwrap();
        assert!(got.iter().all(|p| p.a != i));
        assert!(got.len() + 1 >= want.len());
    }

    #[test]
    fn corpus_search_chooses_by_size() {
        let s = CorpusSearch::default();
        assert!(!s.uses_hnsw(1_000, 1_000));
        assert!(s.uses_hnsw(1_000_000, 1_000_000));
        // A short side keeps the exact search, however long the other.
        assert!(!s.uses_hnsw(100, 100_000_000));
        assert!(!s.uses_hnsw(0, 10_000_000));
        let never = CorpusSearch {
            crossover: usize::MAX,
            ..s
        };
        assert!(!never.uses_hnsw(usize::MAX, usize::MAX));

        // The HNSW path, with a candidate list as long as the inputs, finds
        // the exact lists and so mines the exact pairs.
        let dim = 32;
        let (a, b) = corpus(1, 300, 260, dim);
        let config = AlignConfig::default();
        let exact = margin_mine_topk(&config, &s.exact, &a, 300, &b, 260, dim).unwrap();
        let always = CorpusSearch {
            crossover: 0,
            hnsw: HnswConfig {
                ef_search: 300,
                ..HnswConfig::default()
            },
            ..s
        };
        assert!(always.uses_hnsw(300, 260));
        let approx = margin_mine_corpus(&config, &always, &a, 300, &b, 260, dim).unwrap();
        assert!(!exact.is_empty());
        assert_eq!(approx.len(), exact.len());
        for (x, y) in approx.iter().zip(&exact) {
            assert_eq!((x.a, x.b), (y.a, y.b));
            assert!((x.score - y.score).abs() < 1e-5);
        }
        assert!(margin_mine_corpus(&config, &always, &a, 300, &[], 0, dim)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn topk_mining_equals_the_dense_miner() {
        let dim = 32;
        for (seed, n, m) in [(1, 300, 260), (2, 257, 300), (3, 40, 35)] {
            let (a, b) = corpus(seed, n, m, dim);
            for selection in [Selection::Competitive, Selection::Mutual] {
                for (k, min_cosine) in [(8, 0.8), (4, 0.0), (2, 0.5)] {
                    let config = AlignConfig {
                        k,
                        min_cosine,
                        selection,
                        ..AlignConfig::default()
                    };
                    let dense = MarginMiner::new(config)
                        .mine_pairs(&a, n, &b, m, dim)
                        .unwrap();
                    // One tile: the same matrix product as the dense miner,
                    // so even the floats are identical.
                    let whole = BlockedTopK {
                        k,
                        block_rows: n,
                        block_cols: m,
                    };
                    let blocked = margin_mine_topk(&config, &whole, &a, n, &b, m, dim).unwrap();
                    assert!(!dense.is_empty(), "seed {seed}, {selection:?}, k {k}");
                    assert_eq!(blocked, dense, "seed {seed}, {selection:?}, k {k}");
                    // Small tiles: gemm may round some cells differently in
                    // the last bit, so the pairs are equal and the scores close.
                    let tiles = BlockedTopK {
                        k,
                        block_rows: 64,
                        block_cols: 100,
                    };
                    let blocked = margin_mine_topk(&config, &tiles, &a, n, &b, m, dim).unwrap();
                    let ids = |p: &[MinedPair]| p.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>();
                    assert_eq!(
                        ids(&blocked),
                        ids(&dense),
                        "seed {seed}, {selection:?}, k {k}"
                    );
                    for (x, y) in blocked.iter().zip(&dense) {
                        assert!((x.cosine - y.cosine).abs() < 1e-6);
                        assert!((x.score - y.score).abs() < 1e-5);
                    }
                }
            }
        }
    }
}
