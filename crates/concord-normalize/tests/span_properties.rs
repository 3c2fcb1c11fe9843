//! Property tests: for any input, sentence spans are on char boundaries, in
//! order and non-overlapping; each sentence's text is its slice of the
//! normalized document; removed (boilerplate) spans are ordered, exact and
//! never overlap a sentence; language runs cover the sentences in order.
//! With the local normalizer stages ([`Sequence::local_pipeline`] and its
//! parts), normalizing the original bytes of a span alone (then trimming)
//! gives exactly the sentence text. (The default pipeline adds document-level
//! stages, recasing and glued-word repair, whose output depends on the whole
//! document by design; it gets every other check.)
//!
//! `fuzz_pipeline_at_scale` is the same check run for a time budget over
//! ingest + normalize + segment: ingest-like bytes (invalid UTF-8, legacy
//! encodings, BOMs, CRLF, NULs, HTML, Markdown and JSON fragments,
//! boilerplate lines, very long lines) are ingested by the real
//! [`concord_ingest::Ingestor`] as `.txt`, `.md`, `.html` or `.jsonl`; every
//! document is then checked as above, and its sentence, removed-span and
//! change-report spans must map through the document's file map to ordered
//! ranges inside the file:
//!
//! ```sh
//! CONCORD_FUZZ_SECS=600 cargo test -p concord-normalize --release -- --ignored fuzz --nocapture
//! ```
//!
//! It prints the number of cases and bytes run; `CONCORD_FUZZ_SEED` replays
//! a run, and a case that makes no progress for `CONCORD_FUZZ_STALL_SECS`
//! (default 30) is reported as a hang with its input.

use concord_core::{DocStatus, Document, Span};
use concord_ingest::Ingestor;
use concord_normalize::{
    BoilerplateFilter, Nfkc, NormalizerConfig, Punctuation, SegmentationMode, Sequence,
    TextPipeline, Whitespace,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Pieces mixing the scripts and marks that trouble normalization and
/// segmentation.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z]{1,8}",
        2 => "[0-9]{1,3}",
        3 => "[ \n]{1,4}",
        3 => prop::sample::select(vec![
            "。", ".", "!", "?", "\"", "“", "”", "「", "」", "！", "？", "，", ",", "…", "...",
            "……", "(", ")", "（", "）", "'", "’", ":", "：", "、", "〜", "～", "『", "』",
        ])
        .prop_map(str::to_owned),
        3 => prop::sample::select(vec![
            "东京", "発表した", "政府", "ニュース", "米国", "经济", "한국", "と述べた", "影響分析",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "ＧＰＴ", "５．６", "１０％", "Ａ", "ｱｲ", "㍻", "ﬁ", "①", "½", "™", "㎞", "\u{FDFA}",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "\u{301}", "\u{316}", "\u{3099}", "e\u{301}", "\u{b4}", "\u{a8}", "\u{a0}", "\u{3000}",
            "\u{200b}", "\u{feff}", "\u{ad}", "\t", "\r\n", "\r", "\u{2028}", "\u{85}",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "U.S.", "Mr.", "e.g.", "Dean W. Ball", "GPT-5.6", "Opus 4.8", "$1.4 trillion", "The",
            "OpenAI.com", "ban.The", "NSA.Their", " how ", "• ", "- ", "* ", "\n• Share\n",
            "\nBTC $67,000 +2.1%\n", "\nDisclaimer: not investment advice.\n", "\n関連記事\n",
            "\n© 2024 Acme\n", "\n⟦CODE_0⟧\n", "\n2026/06/28 01:16\n", "\nAuthor: Jane\n",
            "\nMarkets\nCrypto\nStocks\nFutures\nEarn\n", "\nHome > News > Tech\n",
        ])
        .prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

fn basic() -> Sequence {
    Sequence::new(vec![
        Box::new(Nfkc),
        Box::new(Whitespace),
        Box::new(Punctuation),
    ])
}

/// Pipelines whose normalizers are all local: the full round trip holds.
fn local_pipelines() -> Vec<TextPipeline> {
    vec![
        TextPipeline::new(Sequence::local_pipeline(), SegmentationMode::Rules),
        TextPipeline::new(basic(), SegmentationMode::Rules).with_max_sentence_bytes(64),
        TextPipeline::new(Sequence::local_pipeline(), SegmentationMode::Lines)
            .with_max_sentence_bytes(64),
        TextPipeline::new(Sequence::new(Vec::new()), SegmentationMode::Rules)
            .with_max_sentence_bytes(64)
            .with_boilerplate(false),
        TextPipeline::from_config(&NormalizerConfig::Punctuation, SegmentationMode::Rules)
            .with_max_sentence_bytes(64),
    ]
}

fn check(pipeline: &TextPipeline, original: &str, round_trip: bool) -> Result<(), TestCaseError> {
    let out = pipeline.split_document(original);
    let normalized = &out.normalized;
    let mut previous_end = 0;
    for sentence in &out.sentences {
        let span = sentence.span;
        prop_assert!(span.start < span.end, "empty span {span}");
        prop_assert!(
            span.start >= previous_end,
            "span {span} overlaps {previous_end}"
        );
        let Some(slice) = span.slice(original) else {
            return Err(TestCaseError::fail(format!(
                "span {span} not on char boundaries"
            )));
        };
        prop_assert!(!sentence.text.is_empty());
        prop_assert_eq!(sentence.text.trim(), sentence.text.as_str());
        prop_assert_eq!(
            normalized.as_str().get(sentence.norm_range.clone()),
            Some(sentence.text.as_str())
        );
        if round_trip {
            let alone = pipeline.normalize(slice);
            prop_assert_eq!(
                alone.as_str().trim(),
                sentence.text.as_str(),
                "span {} = {:?}",
                span,
                slice
            );
        }
        previous_end = span.end;
    }
    let mut previous_removed = 0;
    for removal in &out.removed {
        let span = removal.span;
        prop_assert!(span.start < span.end && span.start >= previous_removed);
        prop_assert_eq!(span.slice(original), Some(removal.text.as_str()));
        prop_assert!(
            out.sentences
                .iter()
                .all(|s| s.span.end <= span.start || span.end <= s.span.start),
            "removal {} overlaps a sentence",
            span
        );
        previous_removed = span.end;
    }
    let mut next = 0;
    for run in &out.runs {
        prop_assert_eq!(run.sentences.start, next);
        prop_assert!(run.sentences.end > run.sentences.start);
        next = run.sentences.end;
    }
    prop_assert_eq!(next, out.sentences.len());
    Ok(())
}

/// Sentences, removals and change examples of an ingested document map
/// through its file map to ordered ranges inside the file.
fn check_file_spans(
    doc: &Document,
    file: &[u8],
    reporting: &TextPipeline,
) -> Result<(), TestCaseError> {
    let out = reporting.split_document(&doc.text);
    let in_file = |span: Span| -> Result<Span, TestCaseError> {
        let mapped = doc.file_span(span);
        prop_assert!(
            mapped.start <= mapped.end && mapped.end <= file.len(),
            "{} maps to {} outside the {}-byte file",
            span,
            mapped,
            file.len()
        );
        Ok(mapped)
    };
    let mut previous = 0;
    for sentence in &out.sentences {
        let mapped = in_file(sentence.span)?;
        prop_assert!(
            mapped.start >= previous,
            "sentence at {} before {}",
            mapped,
            previous
        );
        previous = mapped.start;
    }
    for removal in &out.removed {
        in_file(removal.span)?;
    }
    for report in &out.changes {
        prop_assert!(report.edits > 0 && !report.examples.is_empty());
        for example in &report.examples {
            if let Some(span) = example.span {
                prop_assert!(span.slice(&doc.text).is_some(), "example span {}", span);
                in_file(span)?;
            }
        }
    }
    Ok(())
}

fn check_all(
    original: &str,
    default: &TextPipeline,
    local: &[TextPipeline],
) -> Result<(), TestCaseError> {
    check(default, original, false)?;
    for pipeline in local {
        check(pipeline, original, true)?;
    }
    // The filter alone: ordered, trimmed, on char boundaries.
    let mut previous = 0;
    for removal in BoilerplateFilter::new().find(original) {
        let slice = original.get(removal.range.clone());
        prop_assert!(removal.range.start >= previous && slice.is_some());
        prop_assert_eq!(slice.map(str::trim), slice);
        previous = removal.range.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn spans_round_trip_on_mixed_text(original in mixed_text()) {
        check_all(&original, &TextPipeline::default(), &local_pipelines())?;
    }

    #[test]
    fn spans_round_trip_on_arbitrary_strings(original in any::<String>()) {
        check_all(&original, &TextPipeline::default(), &local_pipelines())?;
    }

    #[test]
    fn spans_round_trip_on_long_lines(pieces in prop::collection::vec(piece(), 100..400)) {
        let original: String = pieces.concat().replace(['\n', '\r'], " ");
        check_all(&original, &TextPipeline::default(), &local_pipelines())?;
    }

    #[test]
    fn spans_round_trip_on_ingest_like_bytes(bytes in ingest_bytes(80)) {
        let original = String::from_utf8_lossy(&bytes);
        check_all(&original, &TextPipeline::default(), &local_pipelines())?;
    }
}

#[test]
fn spans_round_trip_on_hand_picked_traps() {
    let traps = [
        format!("a{}。b", "”".repeat(30)),
        "Hi. \"。x and “ended.”。Then。".to_owned(),
        "x \u{b4}y\n\u{b4}z. \u{a8}W".to_owned(),
        "\u{FDFA}".repeat(40),
        format!("{}。{}", "abc ".repeat(30), "。".repeat(40)),
        format!("{}{}", "a".repeat(63), "。".repeat(40)),
        "Wait… Then… 待って…そう。".to_owned(),
        "e\u{301}\u{316}\u{301}. Éx. \u{301}Y".to_owned(),
        "〜～。 ５～７。".repeat(20),
        format!("({}。{})", "長".repeat(120), "x".repeat(50)),
        "- ，x\n• 。y\n* \u{301}z\n-\u{3000}Ａb".to_owned(),
        "done.\"。\u{200b}\nNext。\u{feff}".to_owned(),
        "「好!」と\n“好!”他说\nwork?It is.\nJUST.TAX.THEM.".to_owned(),
        // Found by the fuzz run: a bullet before an ASCII quote.
        "- \"。0aa".to_owned(),
        "* '。x\n• \"“。y".to_owned(),
        format!(" 东京{}", "，- ".repeat(21)),
    ];
    let default = TextPipeline::default();
    let local = local_pipelines();
    for original in &traps {
        if let Err(e) = check_all(original, &default, &local) {
            panic!("{original:?}: {e}");
        }
    }
}

/// Bytes as an ingest stage may see them: UTF-8 text with boilerplate
/// lines, broken sequences, BOMs, NULs, CRLF and the odd raw byte.
fn ingest_bytes(max_pieces: usize) -> impl Strategy<Value = Vec<u8>> {
    let chunk = prop_oneof![
        8 => piece().prop_map(String::into_bytes),
        1 => prop::sample::select(vec![
            &b"<p>"[..], b"</p>", b"<br>", b"<nav>", b"</nav>", b"&amp;", b"&#x4E2D;", b"&nbsp;",
            b"<div class=\"article\">", b"</div>", b"<script>", b"</script>", b"<title>",
            b"# ", b"**", b"_", b"`", b"```\n", b"> ", b"[", b"](https://x.y)", b"![", b"| ",
            b"|---|\n", b"\\*", b"{\"text\": \"", b"\"}\n", b"\\n", b"\\u4e2d", b"\\ud83d",
        ])
        .prop_map(<[u8]>::to_vec),
        1 => prop::sample::select(vec!["米国の規制は解除された。", "美國政府宣布解除禁令。", "商务部长卢特尼克表示。"])
            .prop_flat_map(|text| prop::sample::select(vec![
                encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP, encoding_rs::BIG5, encoding_rs::GBK,
            ]).prop_map(move |enc| enc.encode(text).0.into_owned())),
        1 => prop::collection::vec(any::<u8>(), 1..8),
        1 => prop::sample::select(vec![
            &b"\xff"[..], b"\xc3", b"\xe3\x81", b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\x00",
            b"\xef\xbb\xbf", b"\r\n", b"\x1b[0m", b"\xfe\xff", b"\xe6\x97\xa5\xe6\x9c",
        ])
        .prop_map(<[u8]>::to_vec),
    ];
    prop::collection::vec(chunk, 0..max_pieces).prop_map(|chunks| chunks.concat())
}

/// Longer documents: a head, a body repeated into long lines or many
/// lines, a tail.
fn ingest_document() -> impl Strategy<Value = Vec<u8>> {
    (
        ingest_bytes(40),
        ingest_bytes(120),
        1usize..40,
        any::<bool>(),
        ingest_bytes(40),
    )
        .prop_map(|(head, body, times, one_line, tail)| {
            let mut body = body.repeat(times);
            if one_line {
                for b in &mut body {
                    if *b == b'\n' || *b == b'\r' {
                        *b = b' ';
                    }
                }
            }
            [head, body, tail].concat()
        })
}

/// A JSON-lines file made of `bytes`: each line becomes an article object
/// (text, sometimes a title), except every fourth, left as it is (mostly
/// not JSON: an error document the run must survive).
fn json_lines(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        let object = match i % 4 {
            3 => line.to_owned(),
            1 => serde_json::json!({"title": line, "text": line, "lang": "ja"}).to_string(),
            _ => serde_json::json!({"text": line}).to_string(),
        };
        out.push_str(&object);
        out.push('\n');
    }
    out.into_bytes()
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[test]
#[ignore = "long-running: CONCORD_FUZZ_SECS=600 cargo test -p concord-normalize --release -- --ignored fuzz"]
fn fuzz_pipeline_at_scale() {
    let budget = Duration::from_secs(env_u64("CONCORD_FUZZ_SECS", 60));
    let stall = Duration::from_secs(env_u64("CONCORD_FUZZ_STALL_SECS", 30));
    let seed = env_u64(
        "CONCORD_FUZZ_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs()),
    );
    println!("fuzz: seed {seed}, budget {budget:?}");

    // Watchdog: a case that makes no progress for `stall` is a hang.
    let current: Arc<Mutex<Vec<u8>>> = Arc::default();
    let progress = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let watchdog = {
        let (current, progress, done) = (current.clone(), progress.clone(), done.clone());
        std::thread::spawn(move || {
            let mut last = (0, Instant::now());
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(500));
                let now = progress.load(Ordering::Relaxed);
                if now != last.0 {
                    last = (now, Instant::now());
                } else if last.1.elapsed() > stall {
                    let input = current.lock().map(|c| c.clone()).unwrap_or_default();
                    eprintln!(
                        "fuzz: HANG: no progress for {stall:?} on a {}-byte input: {:?}",
                        input.len(),
                        String::from_utf8_lossy(&input)
                    );
                    std::process::exit(2);
                }
            }
        })
    };

    let default = TextPipeline::default();
    let local = local_pipelines();
    let reporting = TextPipeline::default().with_change_reports(true);
    let ingestor = Ingestor::default();
    let (cases, bytes, max_case) = (Cell::new(0u64), Cell::new(0u64), Cell::new(Duration::ZERO));
    let (documents_checked, error_documents) = (Cell::new(0u64), Cell::new(0u64));
    let mut batch = 0u64;
    while start.elapsed() < budget {
        let mut seed_bytes = [0u8; 32];
        seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
        seed_bytes[8..16].copy_from_slice(&batch.to_le_bytes());
        let config = Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new_with_rng(
            config,
            TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
        );
        let strategy = (
            prop_oneof![3 => ingest_bytes(200), 1 => ingest_document()],
            prop::sample::select(vec!["raw", "txt", "md", "html", "jsonl"]),
        );
        let result = runner.run(&strategy, |(input, ext)| {
            if let Ok(mut c) = current.lock() {
                c.clone_from(&input);
            }
            let t = Instant::now();
            if ext == "raw" {
                // The bytes as text, without ingest (NULs and all).
                check_all(&String::from_utf8_lossy(&input), &default, &local)?;
            }
            let file = if ext == "jsonl" {
                json_lines(&input)
            } else {
                input.clone()
            };
            let source = format!("fuzz/input.{ext}");
            let (documents, _) = ingestor.ingest_bytes_with_report(source.as_str(), &file);
            for doc in &documents {
                if doc.status != DocStatus::Ok {
                    error_documents.set(error_documents.get() + 1);
                    continue;
                }
                documents_checked.set(documents_checked.get() + 1);
                check_all(&doc.text, &default, &local)?;
                check_file_spans(doc, &file, &reporting)?;
            }
            max_case.set(max_case.get().max(t.elapsed()));
            cases.set(cases.get() + 1);
            bytes.set(bytes.get() + input.len() as u64);
            progress.fetch_add(1, Ordering::Relaxed);
            Ok(())
        });
        if let Err(e) = result {
            done.store(true, Ordering::Relaxed);
            panic!("fuzz: seed {seed}, batch {batch}: {e}");
        }
        batch += 1;
    }
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    let secs = start.elapsed().as_secs_f64();
    let (cases, bytes, max_case) = (cases.get(), bytes.get(), max_case.get());
    println!(
        "fuzz: {cases} files ingested ({} documents checked, {} error documents), each document through {} pipelines, {:.1} MB of input in {secs:.0} s, {:.0} cases/s, slowest case {:?}, no panic, hang or span violation",
        documents_checked.get(),
        error_documents.get(),
        2 + local.len(),
        bytes as f64 / 1e6,
        cases as f64 / secs,
        max_case
    );
    assert!(cases > 0);
}
