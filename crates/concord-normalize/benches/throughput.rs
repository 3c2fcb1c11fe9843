//! Throughput of the normalize stage (and of ingest + normalize + segment)
//! over the sample corpus repeated to 50 MB (`CONCORD_BENCH_MB` to change), one document at a time as the
//! pipeline runs it. Prints a table of MB/s per step:
//!
//! ```sh
//! cargo bench -p concord-normalize
//! ```

use concord_core::Segmenter;
use concord_normalize::{
    BoilerplateFilter, RuleSegmenter, SegmentationMode, Sequence, TextPipeline,
};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

/// CPU time of the calling thread in seconds (Linux `/proc`), so the
/// figures hold on a machine busy with other work; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields overall, in clock ticks (100 per second).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn measure(label: &str, docs: &[String], total: usize, mut step: impl FnMut(&str) -> usize) {
    // One warm-up pass over the distinct documents.
    for doc in docs.iter().take(5) {
        black_box(step(doc));
    }
    let cpu_start = thread_cpu_seconds();
    let start = Instant::now();
    let mut units = 0usize;
    for doc in docs {
        units += black_box(step(doc));
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = match (cpu_start, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => secs,
    };
    let mb = total as f64 / 1e6;
    println!(
        "{label:<48} {mb:>7.1} {secs:>8.2} {:>9.1} {cpu:>8.2} {:>9.1} {units:>9}",
        mb / secs,
        mb / cpu,
    );
}

fn main() {
    let samples = corpus();
    if samples.is_empty() {
        eprintln!("no sample corpus found");
        return;
    }
    let target_mb: usize = std::env::var("CONCORD_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let target = target_mb * 1_000_000;
    let mut docs = Vec::new();
    let mut total = 0;
    while total < target {
        for doc in &samples {
            total += doc.len();
            docs.push(doc.clone());
        }
    }
    println!(
        "concord-normalize throughput: {} documents ({} distinct), {:.1} MB, single thread",
        docs.len(),
        samples.len(),
        total as f64 / 1e6
    );
    println!(
        "{:<48} {:>7} {:>8} {:>9} {:>8} {:>9} {:>9}",
        "step", "MB", "wall s", "MB/s", "cpu s", "MB/cpu-s", "units"
    );
    let full = TextPipeline::default();
    let local = TextPipeline::new(Sequence::local_pipeline(), SegmentationMode::Rules);
    let filter = BoilerplateFilter::new();
    measure("normalize (default stages)", &docs, total, |d| {
        full.normalize(d).len()
    });
    measure("normalize (local stages)", &docs, total, |d| {
        local.normalize(d).len()
    });
    let segmenter = RuleSegmenter::new();
    let normalized: Vec<String> = samples
        .iter()
        .map(|d| local.normalize(d).as_str().to_owned())
        .collect();
    let copies: Vec<String> = (0..docs.len())
        .map(|i| normalized[i % normalized.len()].clone())
        .collect();
    measure("segment only (RuleSegmenter)", &copies, total, |d| {
        segmenter.segment(d).len()
    });
    measure("boilerplate (BoilerplateFilter::find)", &docs, total, |d| {
        filter.find(d).len()
    });
    measure("split_document, local stages", &docs, total, |d| {
        local.split_document(d).sentences.len()
    });
    measure(
        "split_document (normalize+boilerplate+segment)",
        &docs,
        total,
        |d| full.split_document(d).sentences.len(),
    );
    // From the file's bytes: ingest (UTF-8 check, hash, title, language)
    // then split, as `concord run` does per file.
    let ingestor = concord_ingest::Ingestor::default();
    measure(
        "ingest + split_document (from file bytes)",
        &docs,
        total,
        |d| {
            let (documents, _) =
                ingestor.ingest_bytes_with_report("bench/article.txt", d.as_bytes());
            documents
                .iter()
                .map(|doc| full.split_document(&doc.text).sentences.len())
                .sum()
        },
    );
    // What `concord run` does: the same, plus per-stage change reports.
    let reporting = TextPipeline::default().with_change_reports(true);
    measure(
        "split_document + change reports (concord run)",
        &docs,
        total,
        |d| reporting.split_document(d).sentences.len(),
    );
}
