//! Scale benchmark of blocked top-k margin mining ([`margin_mine_topk`]).
//!
//! Builds two synthetic sets of `n` 384-d unit vectors that look like
//! sentence embeddings of news: `n / 20` random "topics", every sentence a
//! noisy copy of one (cosine ≈ 0.75 between sentences of one topic), and
//! half of side b planted as small perturbations of distinct rows of side a
//! (cosine ≈ 0.9, the "true pairs"). Mines with the default [`AlignConfig`]
//! and prints one table row per size: wall time of the mining, peak RSS of
//! the process so far (`VmHWM`), pairs mined, and recall / precision against
//! the planted pairs.
//!
//! ```text
//! CARGO_TARGET_DIR=/tmp/align-target cargo run --release -p concord-align \
//!     --example scale_bench -- [--n 100000]... [--huge] [--dense] \
//!     [--k 8] [--block-rows 512] [--block-cols 4096] [--dim 384]
//! ```
//!
//! Without `--n` it runs 10,000 and 100,000. `--huge` adds 1,000,000 ×
//! 1,000,000: exact search is `O(n²·dim)`, 100× the 100k run (expect hours
//! on 2 cores, and ~3.5 GB for the inputs alone). `--dense` also runs the
//! dense [`MarginMiner::mine_pairs`] on sizes up to 20,000 and checks that
//! the pairs are the same.

use concord_align::{margin_mine_topk, AlignConfig, BlockedTopK, MarginMiner};
use rayon::prelude::*;
use std::collections::HashSet;
use std::time::Instant;

/// xorshift64* with Box–Muller normals.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f32 {
        let (u, v) = (self.uniform(), self.uniform());
        ((-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()) as f32
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// `base + noise · g / sqrt(dim)`, normalized (`g` standard normal).
fn noisy(rng: &mut Rng, base: Option<&[f32]>, noise: f32, out: &mut [f32]) {
    let scale = noise / (out.len() as f32).sqrt();
    for (d, x) in out.iter_mut().enumerate() {
        *x = base.map_or(0.0, |b| b[d]) + scale * rng.normal();
    }
    let norm = out.iter().map(|x| x * x).sum::<f32>().sqrt();
    out.iter_mut().for_each(|x| *x /= norm);
}

struct Corpus {
    a: Vec<f32>,
    b: Vec<f32>,
    /// `(row of a, row of b)` of every planted pair.
    planted: HashSet<(usize, usize)>,
}

fn corpus(n: usize, dim: usize, seed: u64) -> Corpus {
    let n_topics = (n / 20).max(1);
    let mut topics = vec![0.0f32; n_topics * dim];
    topics
        .par_chunks_mut(dim)
        .enumerate()
        .for_each(|(t, row)| noisy(&mut Rng::new(seed ^ (t as u64) << 20), None, 1.0, row));
    // Sentences of one topic: cos ≈ 1 / (1 + 0.58²) ≈ 0.75.
    let sentence = |s: u64, row: &mut [f32]| {
        let mut rng = Rng::new(s);
        let t = rng.below(n_topics);
        noisy(&mut rng, Some(&topics[t * dim..(t + 1) * dim]), 0.58, row);
    };
    let mut a = vec![0.0f32; n * dim];
    a.par_chunks_mut(dim)
        .enumerate()
        .for_each(|(i, row)| sentence(seed.wrapping_add(1 + 2 * i as u64), row));
    // Planted: b[j] for j < n / 2 perturbs a[perm[j]] (cos ≈ 0.9).
    let mut perm: Vec<usize> = (0..n).collect();
    let mut rng = Rng::new(seed ^ 0xABCD);
    for i in (1..n).rev() {
        perm.swap(i, rng.below(i + 1));
    }
    let half = n / 2;
    let mut b = vec![0.0f32; n * dim];
    b.par_chunks_mut(dim).enumerate().for_each(|(j, row)| {
        if j < half {
            let i = perm[j];
            let mut rng = Rng::new(seed ^ 0x5555_0000_0000 ^ j as u64);
            noisy(&mut rng, Some(&a[i * dim..(i + 1) * dim]), 0.48, row);
        } else {
            sentence(seed.wrapping_add(2 + 2 * j as u64) ^ 0x7777 << 40, row);
        }
    });
    let planted = (0..half).map(|j| (perm[j], j)).collect();
    Corpus { a, b, planted }
}

/// Peak resident set size of this process, in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let mut sizes = Vec::new();
    let mut search = BlockedTopK::default();
    let (mut dim, mut huge, mut dense) = (384, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || -> usize {
            args.next()
                .and_then(|v| v.replace('_', "").parse().ok())
                .unwrap_or_else(|| panic!("{flag} needs a number"))
        };
        match flag.as_str() {
            "--n" => sizes.push(value()),
            "--k" => search.k = value(),
            "--block-rows" => search.block_rows = value(),
            "--block-cols" => search.block_cols = value(),
            "--dim" => dim = value(),
            "--huge" => huge = true,
            "--dense" => dense = true,
            other => panic!("unknown flag {other}"),
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000, 100_000];
    }
    if huge {
        sizes.push(1_000_000);
    }
    let config = AlignConfig::default();
    println!(
        "blocked top-k margin mining, dim {dim}, k {}, tiles {} x {}, {} threads",
        search.k,
        search.block_rows,
        search.block_cols,
        rayon::current_num_threads()
    );
    println!(
        "| {:>9} | {:>7} | {:>8} | {:>12} | {:>8} | {:>6} | {:>9} |",
        "n = m", "gen s", "mine s", "peak RSS MB", "pairs", "recall", "precision"
    );
    for n in sizes {
        let t0 = Instant::now();
        let c = corpus(n, dim, 42);
        let gen = t0.elapsed().as_secs_f64();
        let t1 = Instant::now();
        let pairs = margin_mine_topk(&config, &search, &c.a, n, &c.b, n, dim).expect("mining");
        let mine = t1.elapsed().as_secs_f64();
        let rss = peak_rss_mb();
        let hits = pairs
            .iter()
            .filter(|p| c.planted.contains(&(p.a, p.b)))
            .count();
        let recall = hits as f64 / c.planted.len().max(1) as f64;
        let precision = hits as f64 / pairs.len().max(1) as f64;
        println!(
            "| {n:>9} | {gen:>7.1} | {mine:>8.1} | {rss:>12.0} | {:>8} | {recall:>6.3} | {precision:>9.3} |",
            pairs.len()
        );
        if dense && n <= 20_000 {
            let t2 = Instant::now();
            let want = MarginMiner::new(config)
                .mine_pairs(&c.a, n, &c.b, n, dim)
                .expect("dense mining");
            let same = want.len() == pairs.len()
                && want
                    .iter()
                    .zip(&pairs)
                    .all(|(x, y)| (x.a, x.b) == (y.a, y.b));
            println!(
                "  dense MarginMiner at {n}: {:.1} s, peak RSS {:.0} MB, {} pairs, same pairs: {same}",
                t2.elapsed().as_secs_f64(),
                peak_rss_mb(),
                want.len()
            );
        }
    }
}
