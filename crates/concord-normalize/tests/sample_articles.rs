//! The five real sample articles in `corpus/`: no panics, sensible counts,
//! boilerplate gone, and the span invariants on real text.
//!
//! Segmentation is checked with the local normalizer stages
//! ([`Sequence::local_pipeline`]), for which normalizing a sentence's
//! original bytes alone gives exactly its text; the default pipeline adds
//! document-level stages (recasing, glued words) and is checked for span
//! order and consistency only.

use concord_core::Lang;
use concord_normalize::{PipelineSentence, SegmentationMode, Sequence, TextPipeline};
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn read(name: &str) -> String {
    let path = corpus_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn local() -> TextPipeline {
    TextPipeline::new(Sequence::local_pipeline(), SegmentationMode::Rules)
}

fn split(name: &str) -> (String, Vec<PipelineSentence>) {
    let original = read(name);
    let sentences = local().split(&original);
    if std::env::var_os("CONCORD_SHOW_SENTENCES").is_some() {
        for s in &sentences {
            println!("[{}] {}", s.lang, s.text);
        }
    }
    (original, sentences)
}

fn assert_spans_sound(original: &str, sentences: &[PipelineSentence]) {
    let pipeline = local();
    let mut previous_end = 0;
    for s in sentences {
        assert!(s.span.start >= previous_end);
        let slice = s.span.slice(original).expect("span on char boundaries");
        assert_eq!(pipeline.normalize(slice).as_str().trim(), s.text);
        assert!(s.text.len() <= concord_normalize::DEFAULT_MAX_SENTENCE_BYTES);
        previous_end = s.span.end;
    }
}

fn count(sentences: &[PipelineSentence], lang: Lang) -> usize {
    sentences.iter().filter(|s| s.lang == lang).count()
}

fn has(sentences: &[PipelineSentence], text: &str) -> bool {
    sentences.iter().any(|s| s.text == text)
}

fn sample_names() -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(corpus_dir())
        .expect("corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

#[test]
fn all_sample_files_split_without_panicking() {
    let names = sample_names();
    assert_eq!(names.len(), 5);
    for name in &names {
        let (original, sentences) = split(name);
        assert!(!sentences.is_empty(), "{name}");
        assert_spans_sound(&original, &sentences);
        let lines = TextPipeline::new(Sequence::local_pipeline(), SegmentationMode::Lines);
        let non_empty_lines = original.lines().filter(|l| !l.trim().is_empty()).count();
        let all = TextPipeline::new(Sequence::local_pipeline(), SegmentationMode::Lines)
            .with_boilerplate(false)
            .split(&original);
        assert_eq!(all.len(), non_empty_lines, "{name}");
        // With boilerplate removal (on by default in both modes) every
        // removed line is missing from the line sentences.
        let out = lines.split_document(&original);
        let removed_lines: usize = out
            .removed
            .iter()
            .map(|r| r.text.lines().filter(|l| !l.trim().is_empty()).count())
            .sum();
        assert_eq!(
            out.sentences.len() + removed_lines,
            non_empty_lines,
            "{name}"
        );
        assert!(sentences.len() >= out.sentences.len(), "{name}");
    }
}

#[test]
fn default_pipeline_spans_are_ordered_and_consistent() {
    let pipeline = TextPipeline::default();
    for name in sample_names() {
        let original = read(&name);
        let out = pipeline.split_document(&original);
        let mut previous_end = 0;
        for s in &out.sentences {
            assert!(
                s.span.start >= previous_end && s.span.start < s.span.end,
                "{name}"
            );
            assert!(s.span.slice(&original).is_some(), "{name}");
            assert_eq!(&out.normalized.as_str()[s.norm_range.clone()], s.text);
            previous_end = s.span.end;
        }
        for r in &out.removed {
            assert_eq!(r.span.slice(&original), Some(r.text.as_str()));
            assert!(out
                .sentences
                .iter()
                .all(|s| s.span.end <= r.span.start || r.span.end <= s.span.start));
        }
    }
}

#[test]
fn machine_translated_english_with_chinese_full_stops() {
    let (original, sentences) = split("000_1e10a3336a989052.txt");
    assert_spans_sound(&original, &sentences);
    assert!((60..=220).contains(&sentences.len()), "{}", sentences.len());
    assert!(count(&sentences, Lang::En) * 10 >= sentences.len() * 9);
    // "。" after English became ".", and the ALL-CAPS paragraph is one sentence.
    assert!(!sentences
        .iter()
        .any(|s| s.lang == Lang::En && s.text.ends_with('。')));
    assert!(sentences
        .iter()
        .any(|s| s.text.starts_with("LESS THAN A MONTH LATER") && s.text.ends_with("CYCLE.")));
    // "Dean W. Ball" and "U.S." do not split.
    assert!(sentences.iter().any(|s| s
        .text
        .starts_with("Dean W. Ball (former White House AI consultant)")));
    assert!(has(
        &sentences,
        "The U.S. Large Model is going to be closed in the name of safety"
    ));
}

#[test]
fn english_article_after_navigation_menu() {
    let (original, sentences) = split("001_ff44aa944fed9dc8.txt");
    assert_spans_sound(&original, &sentences);
    assert!(
        (100..=200).contains(&sentences.len()),
        "{}",
        sentences.len()
    );
    // The site menu is gone, the title and the article stay.
    assert!(!has(&sentences, "Futures"));
    assert!(!has(&sentences, "U.S. stock CFD derivatives"));
    assert!(has(
        &sentences,
        "American big models are becoming closed—in the name of safety."
    ));
    assert!(has(
        &sentences,
        "Looking back at the timeline: On June 2, Trump signed an AI executive order."
    ));
    assert!(has(
        &sentences,
        "On June 9, Anthropic released Fable 5 and Mythos 5."
    ));
    assert!(sentences.iter().any(|s| s.text.starts_with(
        "Almost simultaneously, in the early hours of June 27, OpenAI officially released three models from the GPT-5.6 series"
    )));
}

#[test]
fn chinese_title_over_english_body() {
    let (original, sentences) = split("002_8dd302ad8572b62c.txt");
    assert_spans_sound(&original, &sentences);
    assert_eq!(sentences[0].text, "Galaxy:Anthropic终极模型难题");
    assert_eq!(sentences[0].lang, Lang::Zh);
    assert!(sentences.iter().any(|s| s.text.starts_with(
        "At 5:21 PM Eastern Time on Friday, June 12, Anthropic received an export control directive from the U.S. Department of Commerce"
    )));
    assert!(count(&sentences, Lang::En) >= 80);
    let runs: Vec<_> = local()
        .split_document(&original)
        .runs
        .iter()
        .map(|r| (r.lang, r.sentences.clone()))
        .collect();
    assert_eq!(runs, [(Lang::Zh, 0..1), (Lang::En, 1..sentences.len())]);
}

#[test]
fn short_english_commentary() {
    let (original, sentences) = split("003_236b521a8c67431d.txt");
    assert_spans_sound(&original, &sentences);
    assert!((12..=30).contains(&sentences.len()), "{}", sentences.len());
    assert_eq!(
        sentences[0].text,
        "Evaluation of the U.S. Ban on Two AI Models"
    );
    // The source line and the disclaimer are boilerplate.
    assert!(!sentences.iter().any(|s| s.text.starts_with("Disclaimer")));
    assert!(!sentences
        .iter()
        .any(|s| s.text.starts_with("Original source")));
    assert_eq!(sentences.last().map(|s| s.lang), Some(Lang::En));
}

#[test]
fn japanese_translation_followed_by_english_original() {
    let (original, sentences) = split("004_b2ed7742a500a503.txt");
    assert_spans_sound(&original, &sentences);
    assert!(count(&sentences, Lang::Ja) >= 150);
    assert!(count(&sentences, Lang::En) >= 150);
    assert!(has(
        &sentences,
        "6月12日:米国政府はMythosおよびFableに対して輸出管理措置を適用した。"
    ));
    assert!(has(
        &sentences,
        "June 12: US government applied export controls to Mythos and Fable."
    ));
    assert!(has(&sentences, "Fable #6:王の帰還"));
    assert!(has(&sentences, "j⧉nus:YES!!!"));
    // Two runs: the Japanese translation, then the English original, split
    // at the first English line (155); islands inside each half (an English
    // heading left untranslated, a kana-less Japanese heading) stay inside.
    let out = local().split_document(&original);
    let runs: Vec<_> = out.runs.iter().map(|r| r.lang).collect();
    assert_eq!(runs, [Lang::Ja, Lang::En]);
    let english_start = out.runs[1].span.start;
    assert!(original[..english_start].ends_with("クリス・フリーマン:\n\n"));
    assert!(out.sentences[out.runs[0].sentences.clone()]
        .iter()
        .all(|s| s.lang == Lang::Ja || s.lang == Lang::En));
    let heading = out.sentences.iter().find(|s| s.text == "影響分析").unwrap();
    assert_eq!(heading.lang, Lang::Ja);
}

#[test]
fn huge_single_line_yields_bounded_sentences() {
    // A multi-megabyte file without a single line break: the cap keeps every
    // sentence small, and the whole thing stays linear.
    let unit = "Ｔｈｅ　budget\u{200b}rose 3.5% in the U.S. 预算增加了百分之三点五，";
    let original = unit.repeat(40_000);
    let sentences = TextPipeline::default().split(&original);
    assert!(sentences.len() > 1_000);
    assert!(sentences
        .iter()
        .all(|s| s.text.len() <= concord_normalize::DEFAULT_MAX_SENTENCE_BYTES));
    let mut previous_end = 0;
    for s in &sentences {
        assert!(s.span.start >= previous_end && s.span.slice(&original).is_some());
        previous_end = s.span.end;
    }
    let dots = "。".repeat(500_000);
    let sentences = TextPipeline::default().split(&dots);
    assert!(sentences
        .iter()
        .all(|s| s.text.len() <= concord_normalize::DEFAULT_MAX_SENTENCE_BYTES));
}

#[test]
fn giant_combining_cluster_stays_linear() {
    // One base letter with a megabyte of (reordered) combining marks is a
    // single NFKC edit; cutting it must not walk the edit once per piece.
    let original = format!("a{}", "\u{301}\u{316}".repeat(250_000));
    let sentences = TextPipeline::default().split(&original);
    assert_eq!(sentences.len(), 1);
    assert_eq!(sentences[0].span.slice(&original), Some(original.as_str()));
}
