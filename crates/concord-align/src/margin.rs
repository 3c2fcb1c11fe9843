//! Ratio-margin scoring and mutual-best selection over a dense similarity
//! matrix. Pure Rust, no candle: the matrix product happens in the miner.

use crate::{AlignConfig, MinedPair, Selection};
use std::cmp::Ordering;

/// Mine pairs from the row-major `n × m` similarity matrix `sim`.
///
/// Each cell's score is its ratio margin plus `bonus(i, j)` (the anchor
/// overlap times its weight, or nothing). `config.k` must be at least 1 and
/// `sim.len() == n * m` (both checked by the caller). Pairs come out sorted
/// by `a`.
pub(crate) fn mine_similarity(
    sim: &[f32],
    n: usize,
    m: usize,
    config: &AlignConfig,
    bonus: Option<&(dyn Fn(usize, usize) -> f32 + Sync)>,
) -> Vec<MinedPair> {
    if n == 0 || m == 0 || sim.len() != n * m {
        return Vec::new();
    }
    let k_fwd = config.k.clamp(1, m);
    let k_bwd = config.k.clamp(1, n);

    let mut scratch = Vec::with_capacity(n.max(m));
    let fwd: Vec<f32> = (0..n)
        .map(|i| top_k_mean(sim[i * m..(i + 1) * m].iter().copied(), k_fwd, &mut scratch))
        .collect();
    let bwd: Vec<f32> = (0..m)
        .map(|j| top_k_mean((0..n).map(|i| sim[i * m + j]), k_bwd, &mut scratch))
        .collect();

    // One pass over the matrix: best score per row and per column, first
    // (lowest) index winning ties because only a strictly greater score replaces.
    let mut row_best: Vec<Option<Cell>> = vec![None; n];
    let mut col_best: Vec<Option<Cell>> = vec![None; m];
    for i in 0..n {
        for j in 0..m {
            let cosine = sim[i * m + j];
            let Some(margin) = margin(cosine, fwd[i], bwd[j]) else {
                continue;
            };
            let extra = bonus.map_or(0.0, |f| f(i, j));
            let score = margin + if extra.is_finite() { extra } else { 0.0 };
            if score.is_nan() {
                continue;
            }
            let cell = Cell {
                i,
                j,
                cosine,
                margin,
                score,
            };
            if beats(score, row_best[i]) {
                row_best[i] = Some(cell);
            }
            if beats(score, col_best[j]) {
                col_best[j] = Some(cell);
            }
        }
    }
    select(&row_best, &col_best, n, m, config)
}

/// Pick the mined pairs from the best cell of every row and of every column
/// (by [`AlignConfig::selection`], keeping only cells that pass both
/// thresholds for documents of `n` and `m` sentences). Pairs come out sorted
/// by `a`.
pub(crate) fn select(
    row_best: &[Option<Cell>],
    col_best: &[Option<Cell>],
    n: usize,
    m: usize,
    config: &AlignConfig,
) -> Vec<MinedPair> {
    let threshold = config.effective_threshold(n, m);
    let keep = |c: &Cell| c.score >= threshold && c.cosine >= config.min_cosine;
    let mut pairs: Vec<MinedPair> = match config.selection {
        Selection::Mutual => row_best
            .iter()
            .flatten()
            .filter(|c| matches!(col_best[c.j], Some(back) if back.i == c.i))
            .filter(|c| keep(c))
            .map(Cell::pair)
            .collect(),
        Selection::Competitive => {
            // Candidates: every row's best and every column's best that pass
            // the thresholds; strongest first, each row and column used once.
            let mut cand: Vec<Cell> = row_best
                .iter()
                .chain(col_best.iter())
                .flatten()
                .copied()
                .filter(keep)
                .collect();
            cand.sort_by(|x, y| {
                y.score
                    .total_cmp(&x.score)
                    .then(x.i.cmp(&y.i))
                    .then(x.j.cmp(&y.j))
            });
            cand.dedup_by(|x, y| x.i == y.i && x.j == y.j);
            let (mut used_a, mut used_b) = (vec![false; n], vec![false; m]);
            let mut out = Vec::new();
            for c in cand {
                if used_a[c.i] || used_b[c.j] {
                    continue;
                }
                used_a[c.i] = true;
                used_b[c.j] = true;
                out.push(c.pair());
            }
            out
        }
    };
    pairs.sort_by_key(|p| p.a);
    pairs
}

/// One scored cell of the similarity matrix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    pub(crate) i: usize,
    pub(crate) j: usize,
    pub(crate) cosine: f32,
    pub(crate) margin: f32,
    pub(crate) score: f32,
}

impl Cell {
    fn pair(&self) -> MinedPair {
        MinedPair {
            a: self.i,
            b: self.j,
            cosine: self.cosine,
            margin: self.margin,
            score: self.score,
        }
    }
}

/// Ratio margin `cos / ((fwd + bwd) / 2)`, or `None` when it is undefined:
/// a NaN anywhere, or a neighbourhood mean that is not strictly positive.
pub(crate) fn margin(cosine: f32, fwd: f32, bwd: f32) -> Option<f32> {
    let denom = (fwd + bwd) / 2.0;
    if cosine.is_nan() || denom.is_nan() || denom <= 0.0 {
        return None;
    }
    let score = cosine / denom;
    (!score.is_nan()).then_some(score)
}

/// True when `score` (never NaN) is strictly better than the current best.
fn beats(score: f32, best: Option<Cell>) -> bool {
    best.is_none_or(|b| score.total_cmp(&b.score) == Ordering::Greater)
}

/// Mean of the `k` largest values (`1 <= k <= len`). NaN counts as -inf, so a
/// NaN never raises a mean and at worst makes it non-positive (then every
/// margin using it is skipped). The top values are summed in descending order
/// so the result does not depend on how the selection permuted them.
pub(crate) fn top_k_mean(
    values: impl Iterator<Item = f32>,
    k: usize,
    scratch: &mut Vec<f32>,
) -> f32 {
    scratch.clear();
    scratch.extend(values.map(|v| if v.is_nan() { f32::NEG_INFINITY } else { v }));
    let k = k.min(scratch.len());
    if k == 0 {
        return f32::NAN;
    }
    let desc = |x: &f32, y: &f32| y.total_cmp(x);
    if k < scratch.len() {
        scratch.select_nth_unstable_by(k - 1, desc);
    }
    let top = &mut scratch[..k];
    top.sort_unstable_by(desc);
    let sum: f64 = top.iter().map(|&v| f64::from(v)).sum();
    (sum / k as f64) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(k: usize, margin_threshold: f32, min_cosine: f32) -> AlignConfig {
        AlignConfig {
            k,
            margin_threshold,
            min_cosine,
            selection: Selection::Mutual,
            size_penalty: 0.0,
            ..AlignConfig::default()
        }
    }

    #[test]
    fn top_k_mean_takes_largest_and_ignores_nan() {
        let mut s = Vec::new();
        let v = [0.1, 0.9, f32::NAN, 0.5, 0.7];
        assert!((top_k_mean(v.iter().copied(), 2, &mut s) - 0.8).abs() < 1e-6);
        assert!((top_k_mean(v.iter().copied(), 1, &mut s) - 0.9).abs() < 1e-6);
        assert_eq!(top_k_mean(v.iter().copied(), 5, &mut s), f32::NEG_INFINITY);
        assert!(top_k_mean(std::iter::empty(), 3, &mut s).is_nan());
    }

    #[test]
    fn margin_is_undefined_for_non_positive_denominators() {
        assert_eq!(margin(0.5, 0.25, 0.25), Some(2.0));
        assert_eq!(margin(0.0, 0.0, 0.0), None);
        assert_eq!(margin(-1.0, -1.0, -1.0), None);
        assert_eq!(margin(f32::NAN, 0.5, 0.5), None);
        assert_eq!(margin(0.5, f32::NAN, 0.5), None);
    }

    #[test]
    fn nan_cells_are_never_mined() {
        // 2×2 identity with a NaN on one diagonal cell.
        let sim = [1.0, 0.0, 0.0, f32::NAN];
        let pairs = mine_similarity(
            &sim,
            2,
            2,
            &cfg(4, f32::NEG_INFINITY, f32::NEG_INFINITY),
            None,
        );
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a, pairs[0].b), (0, 0));
    }

    #[test]
    fn competitive_selection_adds_pairs_whose_best_was_taken() {
        // k = 2 (all): row means 0.5 / 0.65, column means 0.85 / 0.3, so the
        // margins are (0,0) 1.333, (0,1) 0.25, (1,0) 1.067, (1,1) 1.053:
        // row 1 prefers column 0, which prefers row 0.
        let sim = [0.9, 0.1, 0.8, 0.5];
        let mutual = mine_similarity(&sim, 2, 2, &cfg(2, 1.0, 0.0), None);
        assert_eq!(
            mutual.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(),
            [(0, 0)]
        );
        let competitive = AlignConfig {
            selection: Selection::Competitive,
            ..cfg(2, 1.0, 0.0)
        };
        let pairs = mine_similarity(&sim, 2, 2, &competitive, None);
        assert_eq!(
            pairs.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(),
            [(0, 0), (1, 1)]
        );
        assert!((pairs[1].margin - 0.5 / 0.475).abs() < 1e-5);
        // The thresholds still apply to the added pair.
        let strict = AlignConfig {
            margin_threshold: 1.06,
            ..competitive
        };
        assert_eq!(mine_similarity(&sim, 2, 2, &strict, None).len(), 1);
    }

    #[test]
    fn bonus_is_added_to_the_score_and_can_change_the_winner() {
        // Two equally similar candidates for row 0; the bonus picks column 1.
        let sim = [0.9, 0.9, 0.1, 0.1];
        let c = cfg(2, 0.0, 0.0);
        let plain = mine_similarity(&sim, 2, 2, &c, None);
        assert_eq!((plain[0].a, plain[0].b), (0, 0));
        let bonus = |i: usize, j: usize| if (i, j) == (0, 1) { 0.05 } else { 0.0 };
        let with = mine_similarity(&sim, 2, 2, &c, Some(&bonus));
        assert_eq!((with[0].a, with[0].b), (0, 1));
        assert!((with[0].score - with[0].margin - 0.05).abs() < 1e-6);
        // A non-finite bonus is ignored.
        let bad = |_: usize, _: usize| f32::NAN;
        assert_eq!(mine_similarity(&sim, 2, 2, &c, Some(&bad)), plain);
    }

    #[test]
    fn wrong_length_or_empty_gives_nothing() {
        let c = cfg(4, 0.0, 0.0);
        assert!(mine_similarity(&[1.0], 0, 1, &c, None).is_empty());
        assert!(mine_similarity(&[1.0, 2.0], 2, 2, &c, None).is_empty());
    }
}
