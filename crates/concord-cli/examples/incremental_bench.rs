//! What an incremental ingest costs next to a full run.
//!
//! Synthesises N small articles (default 1,000: English articles and their
//! Chinese or Japanese translations, 11–21 sentences each, drawn
//! deterministically from the Tatoeba benchmark lines, two lines joined per
//! sentence so stories rarely share a sentence, plus a line of the sample
//! corpus, and in one story of 25 a sentence with a company, a number and a
//! date), runs
//! `concord run --out` on them, then `concord run --into` with one more
//! article (a second Chinese translation of the first story, with a changed
//! number) into K fresh copies of that run (default 3; the median counts),
//! and prints wall times, stage timings, embedded sentence counts and peak
//! RSS of both. With `--rerun` it also runs a full `--out` over all
//! N + 1 articles with the embedding cache of the first run (what updating
//! a run cost before `--into`) and checks that its tables equal the
//! incremental run's byte for byte.
//!
//! ```sh
//! cargo build --release -p concord-cli
//! cargo run --release -p concord-cli --example incremental_bench -- [--articles N] [--repeat K] [--rerun] [--work DIR]
//! ```
//!
//! The `concord` binary is taken from next to this example's directory
//! (`target/release/concord`), or `--concord PATH`; the model from
//! `$CONCORD_MODELS` (default: the workspace's `models/`); the Tatoeba lines
//! from `$CONCORD_BENCH_DIR`, `../shared/bench/tatoeba` next to the
//! workspace, or `/work/shared/bench/tatoeba`.

use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Deterministic pseudo-random numbers (SplitMix64).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Options {
    articles: usize,
    repeat: usize,
    rerun: bool,
    work: PathBuf,
    concord: PathBuf,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse_options() -> Result<Options> {
    let mut articles = 1000;
    let mut repeat = 3;
    let mut rerun = false;
    let mut work = workspace_root().join("target/incremental-bench");
    let mut concord = std::env::current_exe()?
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("concord"))
        .context("cannot locate the target directory")?;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--articles" => {
                articles = args
                    .next()
                    .context("--articles needs a number")?
                    .parse()
                    .context("--articles needs a number")?;
            }
            "--repeat" => {
                repeat = args
                    .next()
                    .context("--repeat needs a number")?
                    .parse()
                    .context("--repeat needs a number")?;
            }
            "--rerun" => rerun = true,
            "--work" => work = args.next().context("--work needs a directory")?.into(),
            "--concord" => concord = args.next().context("--concord needs a path")?.into(),
            other => bail!(
                "unknown argument {other}; usage: incremental_bench [--articles N] [--repeat K] [--rerun] [--work DIR] [--concord PATH]"
            ),
        }
    }
    if repeat == 0 {
        bail!("--repeat must be at least 1");
    }
    if articles < 2 {
        bail!("--articles must be at least 2");
    }
    if !concord.is_file() {
        bail!(
            "no concord binary at {} (build it first: cargo build --release -p concord-cli)",
            concord.display()
        );
    }
    Ok(Options {
        articles,
        repeat,
        rerun,
        work,
        concord,
    })
}

fn bench_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CONCORD_BENCH_DIR") {
        return Ok(dir.into());
    }
    for candidate in [
        workspace_root().join("../shared/bench/tatoeba"),
        PathBuf::from("/work/shared/bench/tatoeba"),
    ] {
        if candidate.is_dir() {
            return Ok(candidate);
        }
    }
    bail!("no Tatoeba benchmark directory found (set CONCORD_BENCH_DIR)")
}

fn lines(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text.lines().map(|l| l.trim().to_owned()).collect())
}

/// Parallel lines: (English, other language).
fn pairs(bench: &Path, pair: &str, other: &str) -> Result<Vec<(String, String)>> {
    let en = lines(&bench.join(format!("tatoeba.{pair}.eng")))?;
    let xx = lines(&bench.join(format!("tatoeba.{pair}.{other}")))?;
    Ok(en
        .into_iter()
        .zip(xx)
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .collect())
}

/// Lines of the sample corpus that read like news sentences.
fn corpus_lines() -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(workspace_root().join("corpus"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for file in files {
        for line in lines(&file)? {
            let n = line.chars().count();
            if (30..=200).contains(&n) && !line.starts_with('#') {
                out.push(line);
            }
        }
    }
    Ok(out)
}

/// Companies the stories are about.
const COMPANIES: [&str; 24] = [
    "Nordwind",
    "Atlas Robotics",
    "Kestrel",
    "Lumen Grid",
    "Orca Systems",
    "Pioneer Chips",
    "Quanta Motors",
    "Redwood Bio",
    "Sable Air",
    "Tundra Foods",
    "Umbra Labs",
    "Vireo Health",
    "Wavelet",
    "Xenon Rail",
    "Yarrow Steel",
    "Zephyr Cloud",
    "Basalt Energy",
    "Cobalt Bank",
    "Delta Looms",
    "Ember Games",
    "Fjord Shipping",
    "Granite Media",
    "Harbor Tea",
    "Iris Optics",
];

/// A sentence with a company, a number and a date, in English and translated.
fn fact_sentences(company: &str, lang: &str, units: u64, day: u64) -> (String, String) {
    let en = format!("{company} said it sold {units} devices on March {day}.");
    let xx = match lang {
        "zh" => format!("{company}表示，已于3月{day}日售出{units}台设备。"),
        _ => format!("{company}は3月{day}日に{units}台の機器を販売したと述べた。"),
    };
    (en, xx)
}

/// Two Tatoeba lines joined into one sentence, in both languages, so that
/// stories rarely share a whole sentence (as different news stories do).
fn joined(first: &(String, String), second: &(String, String), lang: &str) -> (String, String) {
    let en_first = first.0.trim_end_matches(['.', '!', '?']);
    let mut en_second = second.0.clone();
    if let Some(c) = en_second.chars().next() {
        if !en_second.starts_with("I ") && !en_second.starts_with("I'") {
            en_second.replace_range(..c.len_utf8(), &c.to_lowercase().to_string());
        }
    }
    let xx_first = first.1.trim_end_matches(['。', '！', '？', '!', '?']);
    let comma = if lang == "zh" { "，" } else { "、" };
    (
        format!("{en_first}; {en_second}"),
        format!("{xx_first}{comma}{}", second.1),
    )
}

struct Corpus {
    zh: Vec<(String, String)>,
    ja: Vec<(String, String)>,
    news: Vec<String>,
}

/// Story `g`: an English article and its translation (`zh` for even `g`,
/// `ja` for odd). `variant` changes the translation's number.
fn story(corpus: &Corpus, g: usize, variant: u64) -> (String, String, &'static str) {
    let mut rng = SplitMix(0xc0c0_0000 + g as u64);
    let (pool, lang) = if g.is_multiple_of(2) {
        (&corpus.zh, "zh")
    } else {
        (&corpus.ja, "ja")
    };
    let n = 10 + rng.below(11);
    let company = COMPANIES[rng.below(COMPANIES.len())];
    let (units, day) = (1_000 + rng.below(90_000) as u64, 1 + rng.below(28) as u64);
    // One story in 25 reports a sale (the template makes those sentences
    // align across stories, as wire copy does); the others are Tatoeba only.
    let first_pair = if g.is_multiple_of(25) {
        let (en_fact, _) = fact_sentences(company, lang, units, day);
        let (_, xx_fact) = fact_sentences(company, lang, units + variant, day);
        (en_fact, xx_fact)
    } else {
        pool[rng.below(pool.len())].clone()
    };
    let (en_first, xx_first) = joined(&first_pair, &pool[rng.below(pool.len())], lang);
    let mut en = vec![en_first];
    let mut xx = vec![xx_first];
    for _ in 1..n {
        let (e, x) = joined(
            &pool[rng.below(pool.len())],
            &pool[rng.below(pool.len())],
            lang,
        );
        en.push(e);
        xx.push(x);
    }
    // One line of news only the English article carries (a 1-0 bead).
    en.insert(
        1 + rng.below(n),
        corpus.news[rng.below(corpus.news.len())].clone(),
    );
    (en.join("\n") + "\n", xx.join("\n") + "\n", lang)
}

fn write_articles(corpus: &Corpus, dir: &Path, articles: usize) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for g in 0..articles.div_ceil(2) {
        let (en, xx, lang) = story(corpus, g, 0);
        std::fs::write(dir.join(format!("g{g:04}-en.txt")), en)?;
        if 2 * g + 1 < articles {
            std::fs::write(dir.join(format!("g{g:04}-{lang}.txt")), xx)?;
        }
    }
    Ok(())
}

/// The one extra article: a second translation of story 0 with another number.
fn write_extra(corpus: &Corpus, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let (_, xx, lang) = story(corpus, 0, 7);
    std::fs::write(dir.join(format!("g0000-{lang}2.txt")), xx)?;
    Ok(())
}

/// Wall time, peak RSS and the manifest of one `concord` run.
struct Measured {
    wall_secs: f64,
    peak_rss_mib: f64,
    manifest: Value,
    table_bytes: u64,
}

fn measure(opts: &Options, args: &[&std::ffi::OsStr], dir: &Path) -> Result<Measured> {
    let models = std::env::var_os("CONCORD_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("models"));
    let started = Instant::now();
    let child = Command::new(&opts.concord)
        .arg("--quiet")
        .args(args)
        .env("CONCORD_MODELS", models)
        .spawn()
        .with_context(|| format!("starting {}", opts.concord.display()))?;
    let (status, peak_rss_kib) = wait_with_rusage(child)?;
    let wall_secs = started.elapsed().as_secs_f64();
    if status != 0 {
        bail!("concord {args:?} failed (status {status})");
    }
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json"))?)?;
    let mut table_bytes = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && (name.ends_with(".arrow") || name.ends_with(".parquet")) {
            table_bytes += entry.metadata()?.len();
        }
    }
    Ok(Measured {
        wall_secs,
        peak_rss_mib: peak_rss_kib as f64 / 1024.0,
        manifest,
        table_bytes,
    })
}

/// Wait for `child` and return its exit status and peak RSS in KiB.
#[cfg(unix)]
fn wait_with_rusage(child: std::process::Child) -> Result<(i32, i64)> {
    let pid = libc::pid_t::try_from(child.id()).context("pid out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our own
    // child, which has not been waited for (std's `Child` only reaps on
    // `wait`, which we never call).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if got != pid {
        bail!("wait4 failed: {}", std::io::Error::last_os_error());
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // ru_maxrss is in KiB on Linux.
    Ok((code, usage.ru_maxrss))
}

#[cfg(not(unix))]
fn wait_with_rusage(mut child: std::process::Child) -> Result<(i32, i64)> {
    let status = child.wait()?;
    Ok((status.code().unwrap_or(-1), 0))
}

fn stage_millis(manifest: &Value) -> BTreeMap<String, f64> {
    manifest["timings"]
        .as_array()
        .map(|t| {
            t.iter()
                .filter_map(|s| Some((s["stage"].as_str()?.to_owned(), s["millis"].as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

fn count(manifest: &Value, key: &str) -> String {
    manifest["counts"][key]
        .as_u64()
        .map_or_else(|| "-".to_owned(), |n| n.to_string())
}

fn ingest_count(manifest: &Value, key: &str) -> String {
    manifest["ingests"]
        .as_array()
        .and_then(|i| i.last())
        .and_then(|i| i["counts"][key].as_u64())
        .map_or_else(|| "-".to_owned(), |n| n.to_string())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        std::fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}

fn same_tables(a: &Path, b: &Path) -> Result<bool> {
    for table in [
        "documents",
        "sentences",
        "removed",
        "embeddings",
        "alignments",
        "claims",
        "facts",
        "disagreements",
    ] {
        for ext in ["arrow", "parquet"] {
            let name = format!("{table}.{ext}");
            if std::fs::read(a.join(&name))? != std::fs::read(b.join(&name))? {
                println!("differs: {name}");
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn main() -> Result<()> {
    let opts = parse_options()?;
    let bench = bench_dir()?;
    let corpus = Corpus {
        zh: pairs(&bench, "cmn-eng", "cmn")?,
        ja: pairs(&bench, "jpn-eng", "jpn")?,
        news: corpus_lines()?,
    };
    if corpus.zh.is_empty() || corpus.ja.is_empty() || corpus.news.is_empty() {
        bail!("no benchmark lines in {}", bench.display());
    }
    if opts.work.exists() {
        std::fs::remove_dir_all(&opts.work)?;
    }
    // Same directory name (`articles`) for every input, so sources match.
    let base_in = opts.work.join("base/articles");
    let extra_in = opts.work.join("extra/articles");
    write_articles(&corpus, &base_in, opts.articles)?;
    write_extra(&corpus, &extra_in)?;
    let run = opts.work.join("run");

    eprintln!("full run of {} articles ...", opts.articles);
    let full = measure(
        &opts,
        &[
            "run".as_ref(),
            base_in.as_os_str(),
            "--out".as_ref(),
            run.as_os_str(),
        ],
        &run,
    )?;
    // The ingest is short next to the full run, so it is measured `repeat`
    // times (each into a fresh copy of the full run); the median counts.
    let mut incs = Vec::new();
    for k in 0..opts.repeat {
        eprintln!("+1 article with --into ({}/{}) ...", k + 1, opts.repeat);
        let copy = opts.work.join(format!("run-plus-{k}"));
        copy_dir(&run, &copy)?;
        let measured = measure(
            &opts,
            &[
                "run".as_ref(),
                "--into".as_ref(),
                copy.as_os_str(),
                extra_in.as_os_str(),
            ],
            &copy,
        )?;
        incs.push((measured, copy));
    }
    incs.sort_by(|a, b| a.0.wall_secs.total_cmp(&b.0.wall_secs));
    let walls: Vec<String> = incs
        .iter()
        .map(|(m, _)| format!("{:.2}", m.wall_secs))
        .collect();
    let (inc, run) = incs.swap_remove(incs.len() / 2);
    let mut columns = vec![
        (format!("full run ({})", opts.articles), full),
        (
            format!("+1 article (--into, median of {})", opts.repeat),
            inc,
        ),
    ];
    let mut identical = None;
    if opts.rerun {
        eprintln!(
            "full rerun of {} articles with a warm cache ...",
            opts.articles + 1
        );
        let all_in = opts.work.join("all/articles");
        std::fs::create_dir_all(&all_in)?;
        for dir in [&base_in, &extra_in] {
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                std::fs::copy(entry.path(), all_in.join(entry.file_name()))?;
            }
        }
        let rerun = opts.work.join("rerun");
        std::fs::create_dir_all(&rerun)?;
        for entry in std::fs::read_dir(&run)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("embedding_cache-") {
                std::fs::copy(entry.path(), rerun.join(&name))?;
            }
        }
        let measured = measure(
            &opts,
            &[
                "run".as_ref(),
                all_in.as_os_str(),
                "--out".as_ref(),
                rerun.as_os_str(),
            ],
            &rerun,
        )?;
        identical = Some(same_tables(&run, &rerun)?);
        columns.push((
            format!("full rerun ({}, warm cache)", opts.articles + 1),
            measured,
        ));
    }

    let mut stages: Vec<String> = Vec::new();
    for (_, m) in &columns {
        if let Some(t) = m.manifest["timings"].as_array() {
            for s in t {
                if let Some(name) = s["stage"].as_str() {
                    if !stages.iter().any(|x| x == name) {
                        stages.push(name.to_owned());
                    }
                }
            }
        }
    }
    // `load_run` (incremental only) comes first in the pipeline.
    if let Some(i) = stages.iter().position(|s| s == "load_run") {
        let stage = stages.remove(i);
        stages.insert(0, stage);
    }
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let row = |label: &str, f: &dyn Fn(&Measured) -> String| -> (String, Vec<String>) {
        (
            label.to_owned(),
            columns.iter().map(|(_, m)| f(m)).collect(),
        )
    };
    rows.push(row("wall time (s, incl. process start)", &|m| {
        format!("{:.2}", m.wall_secs)
    }));
    for stage in &stages {
        rows.push(row(&format!("  {stage} (ms)"), &|m| {
            stage_millis(&m.manifest)
                .get(stage)
                .map_or_else(|| "-".to_owned(), |v| format!("{v:.0}"))
        }));
    }
    rows.push(row("documents in run", &|m| {
        count(&m.manifest, "documents")
    }));
    rows.push(row("sentences in run", &|m| {
        count(&m.manifest, "sentences")
    }));
    rows.push(row("sentences embedded now", &|m| {
        count(&m.manifest, "embedded_now")
    }));
    rows.push(row("embedding cache hits", &|m| {
        count(&m.manifest, "embedding_cache_hits")
    }));
    rows.push(row("document pairs aligned", &|m| {
        ingest_count(&m.manifest, "document_pairs_aligned")
    }));
    rows.push(row("alignments kept / new", &|m| {
        format!(
            "{} / {}",
            ingest_count(&m.manifest, "alignments_kept"),
            ingest_count(&m.manifest, "alignments_new")
        )
    }));
    rows.push(row("alignments, claims, flags in run", &|m| {
        format!(
            "{}, {}, {}",
            count(&m.manifest, "alignments"),
            count(&m.manifest, "claims"),
            count(&m.manifest, "disagreements")
        )
    }));
    rows.push(row("table files written (MiB)", &|m| {
        format!("{:.1}", m.table_bytes as f64 / (1024.0 * 1024.0))
    }));
    rows.push(row("peak RSS (MiB)", &|m| format!("{:.0}", m.peak_rss_mib)));

    let label_width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, (title, _))| {
            rows.iter()
                .map(|(_, v)| v[i].len())
                .chain([title.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    print!("| {:label_width$} |", "");
    for ((title, _), w) in columns.iter().zip(&widths) {
        print!(" {title:>w$} |");
    }
    println!();
    print!("|{}|", "-".repeat(label_width + 2));
    for w in &widths {
        print!("{}:|", "-".repeat(w + 1));
    }
    println!();
    for (label, values) in &rows {
        print!("| {label:label_width$} |");
        for (v, w) in values.iter().zip(&widths) {
            print!(" {v:>w$} |");
        }
        println!();
    }
    println!("\n+1 article wall times (s): {}", walls.join(", "));
    if let Some(identical) = identical {
        println!(
            "\nincremental run == full rerun, table for table: {}",
            if identical { "yes" } else { "NO" }
        );
    }
    Ok(())
}
