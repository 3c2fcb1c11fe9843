//! Print what the pipeline makes of text files: removed boilerplate, language
//! runs and sentences (with line numbers and byte spans).
//!
//! `cargo run -p concord-normalize --example split_file -- corpus/*.txt`
//!
//! With `--tsv`, print `file<TAB>start<TAB>end<TAB>original text` per
//! sentence instead (the format of `tests/gold/sentence_boundaries.tsv`, a
//! starting point for hand-checking, never a substitute for it).

use concord_normalize::TextPipeline;

fn main() {
    let pipeline = TextPipeline::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tsv = args.iter().any(|a| a == "--tsv");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let original = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let line_of = |byte: usize| original[..byte].matches('\n').count() + 1;
        let out = pipeline.split_document(&original);
        if tsv {
            let name = std::path::Path::new(path)
                .file_name()
                .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
            for s in &out.sentences {
                let text = s.span.slice(&original).unwrap_or_default();
                println!("{name}\t{}\t{}\t{text}", s.span.start, s.span.end);
            }
            continue;
        }
        println!("=== {path}");
        for r in &out.removed {
            println!(
                "REMOVED {:>4} {:<10} {:?}",
                line_of(r.span.start),
                r.reason.as_str(),
                r.text
            );
        }
        for run in &out.runs {
            println!(
                "RUN {} lines {}-{} sentences {:?}",
                run.lang,
                line_of(run.span.start),
                line_of(run.span.end),
                run.sentences
            );
        }
        for s in &out.sentences {
            println!(
                "{:>4} {} {}..{} {}",
                line_of(s.span.start),
                s.lang,
                s.span.start,
                s.span.end,
                s.text
            );
        }
    }
}
