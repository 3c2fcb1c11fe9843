//! The matmul-based miner against a naive per-pair reference, and property
//! tests of the mutual-best invariants.

use concord_align::{AlignConfig, MarginMiner, MinedPair, Selection};
use proptest::prelude::*;

/// Minimal 64-bit LCG (Knuth's MMIX constants) so the test needs no `rand`.
struct Lcg(u64);

impl Lcg {
    fn next_f32(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // Top 24 bits -> [-1, 1).
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    fn below(&mut self, n: usize) -> usize {
        (((self.next_f32() + 1.0) / 2.0) * n as f32) as usize % n
    }
}

fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 1e-6 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Naive, independent implementation: explicit per-pair dot products, full
/// sorts for the neighbourhood means, a margin matrix, then mutual-best scans.
fn naive(a: &[f32], n: usize, b: &[f32], m: usize, dim: usize, c: &AlignConfig) -> Vec<MinedPair> {
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let row = |i: usize| &a[i * dim..(i + 1) * dim];
    let col = |j: usize| &b[j * dim..(j + 1) * dim];
    let cos: Vec<Vec<f32>> = (0..n)
        .map(|i| (0..m).map(|j| dot(row(i), col(j))).collect())
        .collect();
    let mean_top = |mut v: Vec<f32>, k: usize| {
        v.sort_by(|x, y| y.total_cmp(x));
        let k = k.min(v.len());
        v[..k].iter().map(|&x| f64::from(x)).sum::<f64>() as f32 / k as f32
    };
    let fwd: Vec<f32> = (0..n).map(|i| mean_top(cos[i].clone(), c.k)).collect();
    let bwd: Vec<f32> = (0..m)
        .map(|j| mean_top((0..n).map(|i| cos[i][j]).collect(), c.k))
        .collect();
    let margin = |i: usize, j: usize| {
        let d = (fwd[i] + bwd[j]) / 2.0;
        (d > 0.0).then(|| cos[i][j] / d)
    };
    // argmax with the lowest index on ties, per row and per column.
    let row_best: Vec<Option<(usize, f32)>> = (0..n)
        .map(|i| {
            let mut best: Option<(usize, f32)> = None;
            for j in 0..m {
                if let Some(s) = margin(i, j) {
                    if best.is_none_or(|(_, b)| s > b) {
                        best = Some((j, s));
                    }
                }
            }
            best
        })
        .collect();
    let col_best: Vec<Option<(usize, f32)>> = (0..m)
        .map(|j| {
            let mut best: Option<(usize, f32)> = None;
            for i in 0..n {
                if let Some(s) = margin(i, j) {
                    if best.is_none_or(|(_, b)| s > b) {
                        best = Some((i, s));
                    }
                }
            }
            best
        })
        .collect();
    let pair = |i: usize, j: usize, s: f32| MinedPair {
        a: i,
        b: j,
        cosine: cos[i][j],
        margin: s,
        score: s,
    };
    let threshold = c.effective_threshold(n, m);
    let passes = |i: usize, j: usize, s: f32| s >= threshold && cos[i][j] >= c.min_cosine;
    let mut out = Vec::new();
    match c.selection {
        Selection::Mutual => {
            for (i, best) in row_best.iter().enumerate() {
                let Some((j, s)) = *best else { continue };
                if col_best[j].map(|(i2, _)| i2) == Some(i) && passes(i, j, s) {
                    out.push(pair(i, j, s));
                }
            }
        }
        Selection::Competitive => {
            let mut cand: Vec<(usize, usize, f32)> = Vec::new();
            for (i, best) in row_best.iter().enumerate() {
                if let Some((j, s)) = *best {
                    cand.push((i, j, s));
                }
            }
            for (j, best) in col_best.iter().enumerate() {
                if let Some((i, s)) = *best {
                    if !cand.iter().any(|&(x, y, _)| (x, y) == (i, j)) {
                        cand.push((i, j, s));
                    }
                }
            }
            cand.retain(|&(i, j, s)| passes(i, j, s));
            cand.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
            let (mut ua, mut ub) = (vec![false; n], vec![false; m]);
            for (i, j, s) in cand {
                if !ua[i] && !ub[j] {
                    ua[i] = true;
                    ub[j] = true;
                    out.push(pair(i, j, s));
                }
            }
            out.sort_by_key(|p| p.a);
        }
    }
    out
}

/// `n` random unit rows for a; b holds noisy copies of `shared` of them in
/// shuffled order plus `extra` unrelated rows. Returns (a, b, m).
fn parallel_docs(
    rng: &mut Lcg,
    n: usize,
    shared: usize,
    extra: usize,
    dim: usize,
    noise: f32,
) -> (Vec<f32>, Vec<f32>, usize) {
    let mut a = Vec::with_capacity(n * dim);
    for _ in 0..n {
        let mut v: Vec<f32> = (0..dim).map(|_| rng.next_f32()).collect();
        normalize(&mut v);
        a.extend(v);
    }
    let mut rows: Vec<Vec<f32>> = Vec::new();
    for i in 0..shared {
        let mut v: Vec<f32> = a[i * dim..(i + 1) * dim]
            .iter()
            .map(|x| x + noise * rng.next_f32() / (dim as f32).sqrt())
            .collect();
        normalize(&mut v);
        rows.push(v);
    }
    for _ in 0..extra {
        let mut v: Vec<f32> = (0..dim).map(|_| rng.next_f32()).collect();
        normalize(&mut v);
        rows.push(v);
    }
    // Fisher-Yates shuffle.
    for i in (1..rows.len()).rev() {
        let j = rng.below(i + 1);
        rows.swap(i, j);
    }
    let m = rows.len();
    (a, rows.concat(), m)
}

fn assert_same(got: &[MinedPair], want: &[MinedPair]) {
    let idx = |p: &[MinedPair]| p.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>();
    assert_eq!(idx(got), idx(want));
    for (g, w) in got.iter().zip(want) {
        assert!((g.cosine - w.cosine).abs() < 1e-5, "{g:?} vs {w:?}");
        assert!((g.margin - w.margin).abs() < 1e-4, "{g:?} vs {w:?}");
    }
}

#[test]
fn matmul_path_matches_naive_per_pair_loop() {
    let mutual = |k, margin_threshold, min_cosine| AlignConfig {
        k,
        margin_threshold,
        min_cosine,
        anchor_weight: 0.0,
        selection: Selection::Mutual,
        size_penalty: 0.0,
    };
    let configs = [
        AlignConfig::default(),
        AlignConfig {
            k: 4,
            ..AlignConfig::default()
        },
        mutual(4, 1.06, 0.8),
        mutual(2, 1.0, 0.5),
        mutual(4, f32::NEG_INFINITY, f32::NEG_INFINITY),
        AlignConfig {
            selection: Selection::Competitive,
            ..mutual(4, f32::NEG_INFINITY, f32::NEG_INFINITY)
        },
    ];
    let mut mined_default = 0;
    for seed in 1..=6u64 {
        let mut rng = Lcg(seed);
        let dim = [384, 64, 16][seed as usize % 3];
        let (a, b, m) = parallel_docs(&mut rng, 40, 30, 12, dim, 0.6);
        for config in configs {
            let got = MarginMiner::new(config)
                .mine_pairs(&a, 40, &b, m, dim)
                .unwrap();
            let want = naive(&a, 40, &b, m, dim, &config);
            assert_same(&got, &want);
            if config == AlignConfig::default() {
                mined_default += got.len();
            }
        }
    }
    // The comparison is only meaningful if the default config mines something.
    assert!(mined_default > 100, "mined only {mined_default}");
}

fn matrix(rows: usize, dim: usize) -> impl Strategy<Value = Vec<f32>> {
    prop::collection::vec(-1.0f32..1.0, rows * dim).prop_map(move |mut v| {
        v.chunks_mut(dim.max(1)).for_each(normalize);
        v
    })
}

fn case() -> impl Strategy<Value = (usize, usize, usize, Vec<f32>, Vec<f32>, AlignConfig)> {
    (0usize..9, 0usize..9, 1usize..6).prop_flat_map(|(n, m, dim)| {
        let config = (
            1usize..7,
            prop::sample::select(vec![f32::NEG_INFINITY, 0.0, 1.0, 1.06]),
            prop::sample::select(vec![f32::NEG_INFINITY, 0.0, 0.5]),
            prop::sample::select(vec![Selection::Mutual, Selection::Competitive]),
            prop::sample::select(vec![0.0f32, 0.25]),
        )
            .prop_map(
                |(k, margin_threshold, min_cosine, selection, size_penalty)| AlignConfig {
                    k,
                    margin_threshold,
                    min_cosine,
                    anchor_weight: 0.0,
                    selection,
                    size_penalty,
                },
            );
        (
            Just(n),
            Just(m),
            Just(dim),
            matrix(n, dim),
            matrix(m, dim),
            config,
        )
    })
}

proptest! {
    #[test]
    fn mined_pairs_are_mutual_best_and_unique((n, m, dim, a, b, config) in case()) {
        let pairs = MarginMiner::new(config).mine_pairs(&a, n, &b, m, dim).unwrap();
        let mut seen_a = vec![false; n];
        let mut seen_b = vec![false; m];
        for w in pairs.windows(2) {
            prop_assert!(w[0].a < w[1].a);
        }
        for p in &pairs {
            prop_assert!(p.a < n && p.b < m);
            prop_assert!(!seen_a[p.a] && !seen_b[p.b]);
            seen_a[p.a] = true;
            seen_b[p.b] = true;
            prop_assert!(p.margin >= config.effective_threshold(n, m));
            prop_assert!(p.cosine >= config.min_cosine);
        }
        // Mutual best (or, competitively, row- or column-best) under the
        // margin, checked against the naive scores with a small tolerance for
        // the different summation orders.
        let k = config.k;
        let cos = |i: usize, j: usize| dot(&a[i * dim..(i + 1) * dim], &b[j * dim..(j + 1) * dim]);
        let mean_top = |mut v: Vec<f32>| {
            v.sort_by(|x, y| y.total_cmp(x));
            let k = k.min(v.len());
            v[..k].iter().sum::<f32>() / k as f32
        };
        let fwd: Vec<f32> = (0..n).map(|i| mean_top((0..m).map(|j| cos(i, j)).collect())).collect();
        let bwd: Vec<f32> = (0..m).map(|j| mean_top((0..n).map(|i| cos(i, j)).collect())).collect();
        // Near-zero denominators turn rounding differences between the two
        // summation orders into arbitrarily large margin differences; such
        // comparisons are not checked.
        let denom = |i: usize, j: usize| (fwd[i] + bwd[j]) / 2.0;
        let fragile = |i: usize, j: usize| denom(i, j).abs() < 1e-3;
        let margin = |i: usize, j: usize| {
            let d = denom(i, j);
            if d > 0.0 { cos(i, j) / d } else { f32::NEG_INFINITY }
        };
        for p in &pairs {
            let tol = 1e-4 * (1.0 + p.margin.abs());
            prop_assert!((cos(p.a, p.b) - p.cosine).abs() < 1e-5);
            prop_assert_eq!(p.score, p.margin);
            if fragile(p.a, p.b) {
                continue;
            }
            let row_ok = (0..m).filter(|&j| !fragile(p.a, j)).all(|j| margin(p.a, j) <= p.margin + tol);
            let col_ok = (0..n).filter(|&i| !fragile(i, p.b)).all(|i| margin(i, p.b) <= p.margin + tol);
            match config.selection {
                Selection::Mutual => {
                    prop_assert!(row_ok, "row {} beaten", p.a);
                    prop_assert!(col_ok, "column {} beaten", p.b);
                }
                Selection::Competitive => prop_assert!(row_ok || col_ok, "{:?} is neither row- nor column-best", p),
            }
        }
        // Same answer as the naive implementation when no near-ties are present.
        let want = naive(&a, n, &b, m, dim, &config);
        let idx = |p: &[MinedPair]| p.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>();
        if idx(&pairs) != idx(&want) {
            // Only acceptable if some decisive comparison is within rounding.
            let near_tie = (0..n).any(|i| (0..m).any(|j| (0..m).any(|j2| j != j2
                && (margin(i, j) - margin(i, j2)).abs() < 1e-4)))
                || (0..m).any(|j| (0..n).any(|i| (0..n).any(|i2| i != i2
                    && (margin(i, j) - margin(i2, j)).abs() < 1e-4)))
                || pairs.iter().chain(&want).any(|p| (p.margin - config.effective_threshold(n, m)).abs() < 1e-4
                    || (p.cosine - config.min_cosine).abs() < 1e-4)
                || (0..n).any(|i| (0..m).any(|j| fragile(i, j)));
            prop_assert!(near_tie, "matmul {:?} vs naive {:?}", pairs, want);
        }
    }
}
