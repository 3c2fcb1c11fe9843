//! Tatoeba bitext-mining benchmark for the margin miner.
//!
//! Reads precomputed sentence embeddings of the Tatoeba cmn-eng and jpn-eng
//! test sets (1,000 true pairs each: line `i` of one file translates line `i`
//! of the other) as raw little-endian `f32` files of `n × dim` values, mines
//! pairs with the default [`AlignConfig`] (or the one given by flags), and
//! prints precision, recall and F1 of the mined pairs plus top-1 retrieval
//! accuracy in both directions. Exits with status 1 when an F1 is below its
//! `--min-f1-*` target and 2 on bad input.
//!
//! ```text
//! cargo run --release -p concord-align --example tatoeba_mining -- \
//!     --dir /tmp/tatoeba [--text-dir /work/shared/bench/tatoeba] \
//!     [--min-f1-cmn 0.95] [--min-f1-jpn 0.92] \
//!     [--k 8] [--margin 1.0] [--size-penalty 0.25] [--min-cosine 0.8] \
//!     [--anchor-weight 0.05] [--selection competitive|mutual] [--dim 384] [--sweep]
//! ```
//!
//! Besides the full 1,000 × 1,000 task (every sentence has its translation
//! on the other side, the easy case for margin mining) it reports two
//! document-sized checks built from the same vectors: pairs of *unrelated*
//! documents (blocks of 35 or 150 lines of one side against a different
//! block of the other side; every mined pair is false, reported per
//! sentence) and *comparable* documents (40% of the lines shared, the rest
//! unrelated, in shuffled order).
//!
//! Expected files in `--dir`: `tatoeba.cmn-eng.cmn.f32`,
//! `tatoeba.cmn-eng.eng.f32`, `tatoeba.jpn-eng.jpn.f32`,
//! `tatoeba.jpn-eng.eng.f32`. With `--text-dir` (holding the text files of
//! the same names without `.f32`), lexical anchors are extracted and the
//! anchored miner is evaluated as well. `--sweep` prints a grid over `k`
//! and the threshold instead of a single run.

use concord_align::{AlignConfig, AnchorExtractor, MarginMiner, MinedPair, Selection};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Args {
    dir: PathBuf,
    text_dir: Option<PathBuf>,
    min_f1_cmn: Option<f64>,
    min_f1_jpn: Option<f64>,
    config: AlignConfig,
    dim: usize,
    sweep: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        dir: PathBuf::from("/tmp/tatoeba"),
        text_dir: None,
        min_f1_cmn: None,
        min_f1_jpn: None,
        config: AlignConfig::default(),
        dim: 384,
        sweep: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--sweep" {
            args.sweep = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Err(
                "usage: tatoeba_mining [--dir DIR] [--text-dir DIR] [--min-f1-cmn F] \
                 [--min-f1-jpn F] [--k K] [--margin T] [--size-penalty P] [--min-cosine C] \
                 [--anchor-weight W] [--selection competitive|mutual] [--dim D] [--sweep]"
                    .to_owned(),
            );
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = |v: &str| -> Result<f64, String> {
            v.parse::<f64>()
                .map_err(|e| format!("{flag}: {v:?} is not a number ({e})"))
        };
        match flag.as_str() {
            "--dir" => args.dir = PathBuf::from(value),
            "--text-dir" => args.text_dir = Some(PathBuf::from(value)),
            "--min-f1-cmn" => args.min_f1_cmn = Some(num(&value)?),
            "--min-f1-jpn" => args.min_f1_jpn = Some(num(&value)?),
            "--k" => args.config.k = value.parse().map_err(|e| format!("--k: {value:?} ({e})"))?,
            "--margin" => args.config.margin_threshold = num(&value)? as f32,
            "--size-penalty" => args.config.size_penalty = num(&value)? as f32,
            "--min-cosine" => args.config.min_cosine = num(&value)? as f32,
            "--anchor-weight" => args.config.anchor_weight = num(&value)? as f32,
            "--selection" => {
                args.config.selection = match value.as_str() {
                    "competitive" => Selection::Competitive,
                    "mutual" => Selection::Mutual,
                    other => return Err(format!("--selection: unknown {other:?}")),
                }
            }
            "--dim" => {
                args.dim = value
                    .parse()
                    .map_err(|e| format!("--dim: {value:?} ({e})"))?
            }
            other => return Err(format!("unknown flag {other:?} (try --help)")),
        }
    }
    Ok(args)
}

/// Raw little-endian f32 matrix; returns the values and the row count.
fn read_f32(path: &Path, dim: usize) -> Result<(Vec<f32>, usize), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    if dim == 0 || bytes.len() % (4 * dim) != 0 {
        return Err(format!(
            "{}: {} bytes is not a whole number of {dim}-d f32 rows",
            path.display(),
            bytes.len()
        ));
    }
    let values: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let rows = values.len() / dim;
    Ok((values, rows))
}

fn read_lines(path: &Path) -> Result<Vec<String>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    Ok(text.lines().map(str::to_owned).collect())
}

/// Anchors of both sides, one list per line.
type Anchors = (Vec<Vec<String>>, Vec<Vec<String>>);

struct Set {
    name: &'static str,
    a: Vec<f32>,
    b: Vec<f32>,
    n: usize,
    anchors: Option<Anchors>,
}

fn load(args: &Args, name: &'static str, other: &str) -> Result<Set, String> {
    let file = |lang: &str| format!("tatoeba.{name}.{lang}");
    let (a, n) = read_f32(&args.dir.join(file(other) + ".f32"), args.dim)?;
    let (b, m) = read_f32(&args.dir.join(file("eng") + ".f32"), args.dim)?;
    if n != m {
        return Err(format!("{name}: {n} rows vs {m} rows"));
    }
    let anchors = match &args.text_dir {
        None => None,
        Some(dir) => {
            let ta = read_lines(&dir.join(file(other)))?;
            let tb = read_lines(&dir.join(file("eng")))?;
            if ta.len() != n || tb.len() != n {
                return Err(format!(
                    "{name}: {} / {} text lines for {n} vectors",
                    ta.len(),
                    tb.len()
                ));
            }
            let x = AnchorExtractor::new();
            Some((x.extract_all(&ta), x.extract_all(&tb)))
        }
    };
    Ok(Set {
        name,
        a,
        b,
        n,
        anchors,
    })
}

#[derive(Debug, Clone, Copy)]
struct Figures {
    precision: f64,
    recall: f64,
    f1: f64,
    mined: usize,
}

fn figures(pairs: &[MinedPair], n: usize) -> Figures {
    let tp = pairs.iter().filter(|p| p.a == p.b).count() as f64;
    let precision = if pairs.is_empty() {
        0.0
    } else {
        tp / pairs.len() as f64
    };
    let recall = if n == 0 { 0.0 } else { tp / n as f64 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Figures {
        precision,
        recall,
        f1,
        mined: pairs.len(),
    }
}

/// Top-1 cosine retrieval accuracy a→b and b→a.
fn top1(set: &Set, dim: usize) -> (f64, f64) {
    let n = set.n;
    let dot = |i: usize, j: usize| -> f32 {
        set.a[i * dim..(i + 1) * dim]
            .iter()
            .zip(&set.b[j * dim..(j + 1) * dim])
            .map(|(x, y)| x * y)
            .sum()
    };
    let mut row_best = vec![(usize::MAX, f32::NEG_INFINITY); n];
    let mut col_best = vec![(usize::MAX, f32::NEG_INFINITY); n];
    for (i, rb) in row_best.iter_mut().enumerate() {
        for (j, cb) in col_best.iter_mut().enumerate() {
            let s = dot(i, j);
            if s > rb.1 {
                *rb = (j, s);
            }
            if s > cb.1 {
                *cb = (i, s);
            }
        }
    }
    let acc = |best: &[(usize, f32)]| {
        best.iter().enumerate().filter(|(i, b)| b.0 == *i).count() as f64 / n.max(1) as f64
    };
    (acc(&row_best), acc(&col_best))
}

fn mine(set: &Set, config: AlignConfig, dim: usize, anchors: bool) -> Result<Figures, String> {
    let miner = MarginMiner::new(config);
    let pairs = match (&set.anchors, anchors) {
        (Some((x, y)), true) => {
            miner.mine_pairs_with_anchors(&set.a, set.n, &set.b, set.n, dim, x, y)
        }
        _ => miner.mine_pairs(&set.a, set.n, &set.b, set.n, dim),
    }
    .map_err(|e| format!("{}: {e}", set.name))?;
    Ok(figures(&pairs, set.n))
}

/// A fixed pseudo-random permutation of `0..n` (64-bit LCG, Fisher-Yates).
fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        p.swap(i, (state >> 33) as usize % (i + 1));
    }
    p
}

/// Document-sized checks: unrelated and 40%-shared pairs of `size` lines.
fn small_docs(set: &Set, config: AlignConfig, dim: usize, size: usize) -> Result<(), String> {
    let blocks = set.n / size;
    if blocks < 2 {
        return Ok(());
    }
    let rows = |v: &[f32], idx: &[usize]| -> Vec<f32> {
        idx.iter()
            .flat_map(|&i| v[i * dim..(i + 1) * dim].iter().copied())
            .collect()
    };
    let miner = MarginMiner::new(config);
    let (mut null_pairs, mut null_rows) = (0usize, 0usize);
    let (mut tp, mut mined, mut truth) = (0usize, 0usize, 0usize);
    for blk in 0..blocks {
        let own: Vec<usize> = (blk * size..(blk + 1) * size).collect();
        let next = (blk + 1) % blocks;
        let other: Vec<usize> = (next * size..(next + 1) * size).collect();
        // Unrelated: block `blk` of side a against block `next` of side b.
        let pairs = miner
            .mine_pairs(&rows(&set.a, &own), size, &rows(&set.b, &other), size, dim)
            .map_err(|e| e.to_string())?;
        null_pairs += pairs.len();
        null_rows += size;
        // Comparable: 40% of block `blk` shared, the rest from block `next`,
        // both sides shuffled.
        let shared = size * 2 / 5;
        let ia: Vec<usize> = permutation(size, blk as u64 + 1)
            .into_iter()
            .map(|p| own[p])
            .collect();
        let b_lines: Vec<usize> = own[..shared]
            .iter()
            .chain(&other[shared..])
            .copied()
            .collect();
        let ib: Vec<usize> = permutation(size, blk as u64 + 1000)
            .into_iter()
            .map(|p| b_lines[p])
            .collect();
        let pairs = miner
            .mine_pairs(&rows(&set.a, &ia), size, &rows(&set.b, &ib), size, dim)
            .map_err(|e| e.to_string())?;
        tp += pairs.iter().filter(|p| ia[p.a] == ib[p.b]).count();
        mined += pairs.len();
        truth += shared;
    }
    println!(
        "  {size:>3}-line documents: unrelated pairs mine {:.3} false pairs per sentence; \
         40%-shared pairs: precision {:.3} recall {:.3}  (threshold {:.4})",
        null_pairs as f64 / null_rows.max(1) as f64,
        tp as f64 / mined.max(1) as f64,
        tp as f64 / truth.max(1) as f64,
        config.effective_threshold(size, size)
    );
    Ok(())
}

fn print_row(label: &str, f: Figures) {
    println!(
        "  {label:<28} precision {:.3}  recall {:.3}  F1 {:.3}  ({} mined)",
        f.precision, f.recall, f.f1, f.mined
    );
}

fn run() -> Result<bool, String> {
    let args = parse_args()?;
    let sets = [
        load(&args, "cmn-eng", "cmn")?,
        load(&args, "jpn-eng", "jpn")?,
    ];
    let c = args.config;
    if args.sweep {
        for k in [2, 4, 6, 8, 10, 12, 16] {
            for t in [1.0f32, 1.005, 1.0075, 1.01, 1.0125, 1.015, 1.02] {
                for aw in [0.0f32, 0.025, 0.05, 0.1] {
                    if aw > 0.0 && args.text_dir.is_none() {
                        continue;
                    }
                    let config = AlignConfig {
                        k,
                        margin_threshold: t,
                        anchor_weight: aw,
                        ..c
                    };
                    let mut line = format!("k={k:<2} t={t:<6} w={aw:<5}");
                    for set in &sets {
                        let f = mine(set, config, args.dim, aw > 0.0)?;
                        line += &format!(
                            "  {} P {:.3} R {:.3} F1 {:.3}",
                            set.name, f.precision, f.recall, f.f1
                        );
                    }
                    println!("{line}");
                }
            }
        }
        return Ok(true);
    }
    println!(
        "config: k={} margin>={} + {}/sqrt(sqrt(n*m)) (= {:.4} here) cosine>={} anchor_weight={} \
         selection={:?}",
        c.k,
        c.margin_threshold,
        c.size_penalty,
        c.effective_threshold(1000, 1000),
        c.min_cosine,
        c.anchor_weight,
        c.selection
    );
    let mut ok = true;
    for set in &sets {
        let (ab, ba) = top1(set, args.dim);
        println!(
            "{} ({} pairs): top-1 accuracy {}→eng {:.3}, eng→{} {:.3}",
            set.name,
            set.n,
            &set.name[..3],
            ab,
            &set.name[..3],
            ba
        );
        let plain = mine(set, c, args.dim, false)?;
        print_row("margin (vectors only)", plain);
        let mut best = plain.f1;
        if set.anchors.is_some() && c.anchor_weight > 0.0 {
            let anchored = mine(set, c, args.dim, true)?;
            print_row("margin + anchors", anchored);
            best = anchored.f1.min(plain.f1);
        }
        for size in [35, 150] {
            small_docs(set, c, args.dim, size)?;
        }
        let target = match set.name {
            "cmn-eng" => args.min_f1_cmn,
            _ => args.min_f1_jpn,
        };
        if let Some(t) = target {
            if best < t {
                println!("  FAIL: F1 {best:.3} is below the target {t}");
                ok = false;
            } else {
                println!("  ok: F1 {best:.3} >= target {t}");
            }
        }
    }
    Ok(ok)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("tatoeba_mining: {e}");
            ExitCode::from(2)
        }
    }
}
