//! Scale benchmark of corpus-scale margin mining: exact blocked top-k
//! search ([`margin_mine_topk`]) and the approximate HNSW path
//! ([`HnswIndex`], [`margin_mine_lists`]).
//!
//! Builds two synthetic sets of `n` 384-d unit vectors that look like
//! sentence embeddings of news: `n / 20` random "topics", every sentence a
//! noisy copy of one (cosine ≈ 0.75 between sentences of one topic), and
//! half of side b planted as small perturbations of distinct rows of side a
//! (cosine ≈ 0.9, the "true pairs"). Mines with the default [`AlignConfig`]
//! and prints one table row per size and method: index build time, search +
//! mining time (wall), CPU seconds of both (all threads; steadier than wall
//! time when other jobs share the machine), peak RSS of the run (`VmHWM`, reset before each run through
//! `/proc/self/clear_refs`, so it includes the inputs), recall@k of the
//! approximate k-NN lists against exact search (both directions; over all
//! rows when the exact run is done at that size, else over `--sample` random
//! rows of each side searched by brute force), pairs mined, and recall /
//! precision against the planted pairs.
//!
//! ```text
//! cargo run --release -p concord-align --example scale_bench -- \
//!     [--n 100000]... [--huge] [--approx] [--no-exact] [--exact-max 200000] \
//!     [--hnsw M:EF_CONSTRUCTION:EF_SEARCH]... [--sample 1000] [--seed 42] \
//!     [--dense] [--k 8] [--block-rows 512] [--block-cols 4096] [--dim 384]
//! ```
//!
//! Without `--n` it runs 10,000 and 100,000; `--huge` adds 1,000,000.
//! The exact search runs on sizes up to `--exact-max` unless `--no-exact`
//! (it is `O(n²·dim)`: about two hours at 1M on 2 cores). `--approx` adds
//! one HNSW row per `--hnsw` setting (default: [`HnswConfig::default`]) at
//! every size; consecutive settings with the same `M` and `ef_construction`
//! share one build. `--dense` also runs the dense
//! [`MarginMiner::mine_pairs`] on sizes up to 20,000 and checks that the
//! pairs are the same.
//!
//! `--huge --approx --hnsw 16:100:32 --hnsw 16:100:64` ran in 34 minutes on
//! 2 cores (1M: 19 minutes for the default setting, 4.2 GB peak); the
//! results are in the documentation of `CorpusSearch`.

use concord_align::{
    margin_mine_lists, margin_mine_topk, AlignConfig, BlockedTopK, HnswConfig, HnswIndex,
    MarginMiner, TopK,
};
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

/// Peak resident set size of this process since the last [`reset_peak`],
/// in MB.
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

/// CPU seconds (user + system) this process has used so far.
fn cpu_seconds() -> f64 {
    // Fields 14 and 15 of /proc/self/stat, after the parenthesised name.
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(f64::NAN)
}

/// Reset `VmHWM` to the current RSS (Linux: `5` to `/proc/self/clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Fraction of the exact lists' entries found in the approximate lists, for
/// the rows `rows` of `approx` (`exact` holds those rows in that order).
fn knn_recall(approx: &TopK, exact: &TopK, rows: &[usize]) -> (usize, usize) {
    let mut hits = 0;
    for (r, &i) in rows.iter().enumerate() {
        let got = approx.row(i);
        hits += exact
            .row(r)
            .iter()
            .filter(|e| got.iter().any(|g| g.0 == e.0))
            .count();
    }
    (hits, rows.len() * exact.k)
}

/// Mined pairs, recall and precision against the planted pairs.
fn score(
    pairs: &[concord_align::MinedPair],
    planted: &HashSet<(usize, usize)>,
) -> (usize, f64, f64) {
    let hits = pairs
        .iter()
        .filter(|p| planted.contains(&(p.a, p.b)))
        .count();
    (
        pairs.len(),
        hits as f64 / planted.len().max(1) as f64,
        hits as f64 / pairs.len().max(1) as f64,
    )
}

/// `count` distinct random rows below `n`, sorted.
fn sample_rows(n: usize, count: usize, seed: u64) -> Vec<usize> {
    if count >= n {
        return (0..n).collect();
    }
    let mut rng = Rng::new(seed);
    let mut picked = HashSet::new();
    while picked.len() < count {
        picked.insert(rng.below(n));
    }
    let mut rows: Vec<usize> = picked.into_iter().collect();
    rows.sort_unstable();
    rows
}

fn gather(data: &[f32], rows: &[usize], dim: usize) -> Vec<f32> {
    rows.iter()
        .flat_map(|&i| data[i * dim..(i + 1) * dim].iter().copied())
        .collect()
}

struct Row {
    n: usize,
    method: String,
    build: f64,
    search: f64,
    /// CPU seconds of build + search + mining (all threads).
    cpu: f64,
    rss: f64,
    knn: String,
    pairs: usize,
    recall: f64,
    precision: f64,
}

/// Column titles and widths of the table.
const HEADERS: [&str; 10] = [
    "n = m",
    "method",
    "build s",
    "search+mine s",
    "CPU s",
    "peak RSS MB",
    "kNN recall@k",
    "pairs",
    "recall",
    "precision",
];
const WIDTHS: [usize; 10] = [9, 15, 7, 13, 6, 11, 18, 7, 6, 9];

/// One Markdown table line; the method column is left-aligned.
fn print_cells(cells: &[String; 10]) {
    let mut line = String::from("|");
    for (c, (text, w)) in cells.iter().zip(WIDTHS).enumerate() {
        if c == 1 {
            line += &format!(" {text:<w$} |");
        } else {
            line += &format!(" {text:>w$} |");
        }
    }
    println!("{line}");
}

impl Row {
    fn print(&self) {
        let build = if self.build > 0.0 {
            format!("{:.1}", self.build)
        } else {
            "-".to_owned()
        };
        print_cells(&[
            self.n.to_string(),
            self.method.clone(),
            build,
            format!("{:.1}", self.search),
            format!("{:.1}", self.cpu),
            format!("{:.0}", self.rss),
            self.knn.clone(),
            self.pairs.to_string(),
            format!("{:.3}", self.recall),
            format!("{:.3}", self.precision),
        ]);
    }
}

/// The two indexes of one `(M, ef_construction)` setting.
struct Built<'a> {
    key: (usize, usize),
    a: HnswIndex<'a>,
    b: HnswIndex<'a>,
    /// Build wall and CPU seconds.
    wall: f64,
    cpu: f64,
}

fn parse_hnsw(spec: &str, seed: u64) -> HnswConfig {
    let parts: Vec<usize> = spec
        .split(':')
        .map(|p| {
            p.replace('_', "")
                .parse()
                .unwrap_or_else(|_| panic!("bad --hnsw {spec}"))
        })
        .collect();
    let [m, ef_construction, ef_search] = parts[..] else {
        panic!("--hnsw wants M:EF_CONSTRUCTION:EF_SEARCH, got {spec}");
    };
    HnswConfig {
        m,
        ef_construction,
        ef_search,
        seed,
    }
}

fn main() {
    let mut sizes = Vec::new();
    let mut search = BlockedTopK::default();
    let (mut dim, mut huge, mut dense, mut approx, mut exact_on) = (384, false, false, false, true);
    let (mut exact_max, mut sample, mut seed) = (200_000usize, 1000usize, 42u64);
    let mut specs: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut text = || -> String {
            args.next()
                .unwrap_or_else(|| panic!("{flag} needs a value"))
        };
        let number = |v: String| -> usize {
            v.replace('_', "")
                .parse()
                .unwrap_or_else(|_| panic!("{flag} needs a number, got {v}"))
        };
        match flag.as_str() {
            "--n" => sizes.push(number(text())),
            "--k" => search.k = number(text()),
            "--block-rows" => search.block_rows = number(text()),
            "--block-cols" => search.block_cols = number(text()),
            "--dim" => dim = number(text()),
            "--exact-max" => exact_max = number(text()),
            "--sample" => sample = number(text()),
            "--seed" => seed = number(text()) as u64,
            "--hnsw" => specs.push(text()),
            "--huge" => huge = true,
            "--dense" => dense = true,
            "--approx" => approx = true,
            "--no-exact" => exact_on = false,
            other => panic!("unknown flag {other}"),
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000, 100_000];
    }
    if huge {
        sizes.push(1_000_000);
    }
    let hnsw: Vec<HnswConfig> = if specs.is_empty() {
        vec![HnswConfig::default()]
    } else {
        specs
            .iter()
            .map(|s| parse_hnsw(s, HnswConfig::default().seed))
            .collect()
    };
    let config = AlignConfig::default();
    let k = search.k.max(config.k);
    println!(
        "corpus-scale margin mining, dim {dim}, k {k}, tiles {} x {}, {} threads",
        search.block_rows,
        search.block_cols,
        rayon::current_num_threads()
    );
    print_cells(&HEADERS.map(str::to_owned));
    println!(
        "|{}",
        WIDTHS.map(|w| format!("{:-<1$}|", "", w + 2)).concat()
    );
    let wide = BlockedTopK { k, ..search };
    for n in sizes {
        let t0 = Instant::now();
        let c = corpus(n, dim, seed);
        let gen = t0.elapsed().as_secs_f64();
        eprintln!("n = {n}: corpus generated in {gen:.1} s");
        // Exact lists, when the exact search runs at this size.
        let mut exact_lists: Option<(TopK, TopK)> = None;
        if exact_on && n <= exact_max {
            reset_peak();
            let cpu0 = cpu_seconds();
            let t1 = Instant::now();
            let (rows, cols) = wide
                .search_both(&c.a, n, &c.b, n, dim)
                .expect("exact search");
            let pairs = margin_mine_lists(&config, &rows, &cols).expect("mining");
            let mine = t1.elapsed().as_secs_f64();
            let (count, recall, precision) = score(&pairs, &c.planted);
            Row {
                n,
                method: "exact".to_owned(),
                build: 0.0,
                search: mine,
                cpu: cpu_seconds() - cpu0,
                rss: peak_rss_mb(),
                knn: "1 (exact)".to_owned(),
                pairs: count,
                recall,
                precision,
            }
            .print();
            if dense && n <= 20_000 {
                let same_as_topk = pairs
                    == margin_mine_topk(&config, &search, &c.a, n, &c.b, n, dim).expect("mining");
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
                    "  dense MarginMiner at {n}: {:.1} s, peak RSS {:.0} MB, {} pairs, same pairs: {same} (margin_mine_topk: {same_as_topk})",
                    t2.elapsed().as_secs_f64(),
                    peak_rss_mb(),
                    want.len()
                );
            }
            exact_lists = Some((rows, cols));
        }
        if !approx {
            continue;
        }
        // Reference lists for the recall of the approximate ones: all rows
        // when the exact run was done, else a brute-force sample.
        let (ref_rows, ref_cols, rows_a, rows_b) = match exact_lists.take() {
            Some((r, cl)) => (
                r,
                cl,
                (0..n).collect::<Vec<_>>(),
                (0..n).collect::<Vec<_>>(),
            ),
            None => {
                let t = Instant::now();
                let rows_a = sample_rows(n, sample, seed ^ 0xA);
                let rows_b = sample_rows(n, sample, seed ^ 0xB);
                let r = wide
                    .search(&gather(&c.a, &rows_a, dim), rows_a.len(), &c.b, n, dim)
                    .expect("sample search");
                let cl = wide
                    .search(&gather(&c.b, &rows_b, dim), rows_b.len(), &c.a, n, dim)
                    .expect("sample search");
                eprintln!(
                    "n = {n}: exact lists of {} + {} sampled rows in {:.1} s",
                    rows_a.len(),
                    rows_b.len(),
                    t.elapsed().as_secs_f64()
                );
                (r, cl, rows_a, rows_b)
            }
        };
        // Consecutive settings with the same M and ef_construction share
        // their indexes (and report the same build time).
        let mut built: Option<Built> = None;
        for h in &hnsw {
            if built.as_ref().map(|b| b.key) != Some((h.m, h.ef_construction)) {
                drop(built.take()); // free the previous indexes first
                reset_peak();
                let cpu0 = cpu_seconds();
                let t1 = Instant::now();
                let (ia, ib) = rayon::join(
                    || HnswIndex::build(&c.a, dim, *h).expect("index a"),
                    || HnswIndex::build(&c.b, dim, *h).expect("index b"),
                );
                let build = t1.elapsed().as_secs_f64();
                let build_cpu = cpu_seconds() - cpu0;
                eprintln!(
                    "n = {n}: two HNSW indexes in {build:.1} s, {:.0} MB owned by each (graph + i8 codes)",
                    ia.memory_bytes() as f64 / 1e6
                );
                built = Some(Built {
                    key: (h.m, h.ef_construction),
                    a: ia,
                    b: ib,
                    wall: build,
                    cpu: build_cpu,
                });
            }
            let Some(Built {
                a: ia,
                b: ib,
                wall: build,
                cpu: build_cpu,
                ..
            }) = built.as_ref()
            else {
                unreachable!("just built");
            };
            let (build, build_cpu) = (*build, *build_cpu);
            let cpu0 = cpu_seconds();
            let t2 = Instant::now();
            let rows = ib.search_topk(&c.a, n, k, h.ef_search).expect("search a");
            let cols = ia.search_topk(&c.b, n, k, h.ef_search).expect("search b");
            let pairs = margin_mine_lists(&config, &rows, &cols).expect("mining");
            let mine = t2.elapsed().as_secs_f64();
            let cpu = build_cpu + cpu_seconds() - cpu0;
            let rss = peak_rss_mb();
            let (ha, ta) = knn_recall(&rows, &ref_rows, &rows_a);
            let (hb, tb) = knn_recall(&cols, &ref_cols, &rows_b);
            let over = if rows_a.len() == n {
                "all".to_owned()
            } else {
                format!("{}+{}", rows_a.len(), rows_b.len())
            };
            let (count, recall, precision) = score(&pairs, &c.planted);
            Row {
                n,
                method: format!("hnsw {}/{}/{}", h.m, h.ef_construction, h.ef_search),
                build,
                search: mine,
                cpu,
                rss,
                knn: format!("{:.4} ({over})", (ha + hb) as f64 / (ta + tb).max(1) as f64),
                pairs: count,
                recall,
                precision,
            }
            .print();
        }
    }
}
