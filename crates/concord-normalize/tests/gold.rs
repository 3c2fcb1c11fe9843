//! Gold tests on the five sample articles (`corpus/`), against the
//! hand-checked lists in the workspace's `tests/gold/`:
//!
//! * `sentence_boundaries.tsv`: boundary precision, recall and F1 of the
//!   default pipeline over the article text (boilerplate excluded), printed
//!   per file and overall, with F1 >= 0.98 required;
//! * `boilerplate.tsv`: lines that must be removed (no sentence may overlap
//!   them) and article lines that must survive (no removal may overlap them).
//!
//! Run with `--nocapture` to see the figures.

use concord_normalize::{SplitOutput, TextPipeline};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn corpus_file(name: &str) -> String {
    read(workspace().join("corpus").join(name))
}

/// Non-comment, non-empty rows split on tabs.
fn rows(name: &str) -> Vec<Vec<String>> {
    read(workspace().join("tests/gold").join(name))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// Trimmed byte ranges of the lines of `text` (1-based line `n` is at `n - 1`).
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        out.push(start + lead..start + lead + trimmed.len());
        start += line.len() + 1;
    }
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

struct Score {
    true_positives: usize,
    predicted: usize,
    gold: usize,
}

impl Score {
    fn new() -> Self {
        Self {
            true_positives: 0,
            predicted: 0,
            gold: 0,
        }
    }

    fn add(&mut self, predicted: &BTreeSet<usize>, gold: &BTreeSet<usize>) {
        self.true_positives += predicted.intersection(gold).count();
        self.predicted += predicted.len();
        self.gold += gold.len();
    }

    fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }

    fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold)
    }

    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn row(&self, label: &str) -> String {
        format!(
            "{label:<28} {:>6} {:>6} {:>6}  P {:.4}  R {:.4}  F1 {:.4}",
            self.gold,
            self.predicted,
            self.true_positives,
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn sentence_boundaries_match_gold() {
    let mut gold: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
    for row in rows("sentence_boundaries.tsv") {
        let [file, start, end, text] = row.as_slice() else {
            panic!("bad gold row {row:?}");
        };
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        let original = corpus_file(file);
        assert_eq!(
            original.get(start..end),
            Some(text.as_str()),
            "{file} {start}..{end}: gold text does not match the file"
        );
        gold.entry(file.clone()).or_default().push(start..end);
    }
    assert_eq!(gold.len(), 5, "every sample file has gold sentences");
    let total_gold: usize = gold.values().map(Vec::len).sum();
    assert!(total_gold >= 300, "{total_gold} gold sentences");

    let pipeline = TextPipeline::default();
    let (mut all, mut inner) = (Score::new(), Score::new());
    let mut lines_out = Vec::new();
    for (file, sentences) in &gold {
        let original = corpus_file(file);
        let lines = line_ranges(&original);
        // Article lines: the lines holding gold sentences. Predictions on
        // other lines (boilerplate, unscored lines) are not scored here.
        let article: Vec<&Range<usize>> = lines
            .iter()
            .filter(|l| sentences.iter().any(|s| overlaps(l, s)))
            .collect();
        let edges: BTreeSet<usize> = article.iter().flat_map(|l| [l.start, l.end]).collect();
        let predicted: Vec<Range<usize>> = pipeline
            .split(&original)
            .into_iter()
            .map(|s| s.span.start..s.span.end)
            .filter(|s| article.iter().any(|l| overlaps(l, s)))
            .collect();
        let points = |spans: &[Range<usize>]| -> BTreeSet<usize> {
            spans.iter().flat_map(|s| [s.start, s.end]).collect()
        };
        let (p, g) = (points(&predicted), points(sentences));
        let mut score = Score::new();
        score.add(&p, &g);
        all.add(&p, &g);
        let inside = |set: &BTreeSet<usize>| -> BTreeSet<usize> {
            set.difference(&edges).copied().collect()
        };
        let (pi, gi) = (inside(&p), inside(&g));
        inner.add(&pi, &gi);
        for missed in gi.difference(&pi) {
            println!(
                "{file}: missed boundary at {missed}: {:?}",
                context(&original, *missed)
            );
        }
        for extra in pi.difference(&gi) {
            println!(
                "{file}: extra boundary at {extra}: {:?}",
                context(&original, *extra)
            );
        }
        lines_out.push(score.row(file));
    }
    println!(
        "{:<28} {:>6} {:>6} {:>6}",
        "boundaries", "gold", "pred", "match"
    );
    for line in lines_out {
        println!("{line}");
    }
    println!("{}", all.row("all boundaries"));
    println!("{}", inner.row("inside lines only"));
    assert!(all.f1() >= 0.98, "boundary F1 {:.4} < 0.98", all.f1());
    assert!(
        inner.f1() >= 0.95,
        "in-line boundary F1 {:.4} < 0.95",
        inner.f1()
    );
}

fn context(text: &str, at: usize) -> String {
    let mut a = at.saturating_sub(30);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (at + 30).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}|{}", &text[a..at], &text[at..b])
}

#[test]
fn boilerplate_matches_gold() {
    let pipeline = TextPipeline::default();
    let mut outputs: BTreeMap<String, (String, SplitOutput)> = BTreeMap::new();
    let mut gold_removed: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let (mut removed_ok, mut kept_ok, mut failures) = (0, 0, Vec::new());
    for row in rows("boilerplate.tsv") {
        let [file, kind, line, text] = row.as_slice() else {
            panic!("bad gold row {row:?}");
        };
        let line: usize = line.parse().unwrap();
        let (original, out) = outputs.entry(file.clone()).or_insert_with(|| {
            let original = corpus_file(file);
            let out = pipeline.split_document(&original);
            (original, out)
        });
        let range = line_ranges(original)[line - 1].clone();
        assert_eq!(
            &original[range.clone()],
            text,
            "{file}:{line} does not match the file"
        );
        let sentences: Vec<Range<usize>> = out
            .sentences
            .iter()
            .map(|s| s.span.start..s.span.end)
            .filter(|s| overlaps(s, &range))
            .collect();
        let removals = out
            .removed
            .iter()
            .filter(|r| overlaps(&(r.span.start..r.span.end), &range))
            .count();
        match kind.as_str() {
            "removed" => {
                gold_removed.entry(file.clone()).or_default().insert(line);
                if sentences.is_empty() && removals > 0 {
                    removed_ok += 1;
                } else {
                    failures.push(format!("{file}:{line} survives: {text}"));
                }
            }
            "kept" => {
                if removals == 0 && !sentences.is_empty() {
                    kept_ok += 1;
                } else {
                    failures.push(format!("{file}:{line} dropped: {text}"));
                }
            }
            other => panic!("unknown kind {other}"),
        }
    }
    // Every line the filter removes is a gold "removed" line: no article
    // line of the samples is lost.
    let mut unexpected = 0;
    for (file, (original, out)) in &outputs {
        for (i, line) in line_ranges(original).iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            let hit = out
                .removed
                .iter()
                .any(|r| overlaps(&(r.span.start..r.span.end), line));
            if hit && !gold_removed.get(file).is_some_and(|g| g.contains(&(i + 1))) {
                unexpected += 1;
                failures.push(format!(
                    "{file}:{} removed but not in gold: {}",
                    i + 1,
                    &original[line.clone()]
                ));
            }
        }
    }
    let gold_total: usize = gold_removed.values().map(BTreeSet::len).sum();
    println!("boilerplate: {removed_ok}/{gold_total} gold lines removed, {kept_ok} kept lines kept, {unexpected} unexpected removals");
    for (file, (_, out)) in &outputs {
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &out.removed {
            *reasons.entry(r.reason.as_str()).or_default() += 1;
        }
        println!("  {file}: {reasons:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
