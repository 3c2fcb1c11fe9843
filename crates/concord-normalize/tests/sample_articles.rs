//! The five real sample articles in `corpus/`: no panics, sensible counts,
//! and the span invariants on real text.

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

fn split(name: &str) -> (String, Vec<PipelineSentence>) {
    let original = read(name);
    let sentences = TextPipeline::default().split(&original);
    if std::env::var_os("CONCORD_SHOW_SENTENCES").is_some() {
        for s in &sentences {
            println!("[{}] {}", s.lang, s.text);
        }
    }
    (original, sentences)
}

fn assert_spans_sound(original: &str, sentences: &[PipelineSentence]) {
    let pipeline = TextPipeline::default();
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

#[test]
fn all_sample_files_split_without_panicking() {
    let mut names: Vec<_> = std::fs::read_dir(corpus_dir())
        .expect("corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    for name in &names {
        let (original, sentences) = split(name);
        assert!(!sentences.is_empty(), "{name}");
        assert_spans_sound(&original, &sentences);
        let lines = TextPipeline::new(Sequence::default_pipeline(), SegmentationMode::Lines)
            .split(&original);
        let non_empty_lines = original.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(lines.len(), non_empty_lines, "{name}");
        assert!(sentences.len() >= lines.len(), "{name}");
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
        (100..=400).contains(&sentences.len()),
        "{}",
        sentences.len()
    );
    // Menu lines are their own sentences.
    assert!(has(&sentences, "Futures"));
    assert!(has(&sentences, "U.S. stock CFD derivatives"));
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
    assert!(has(
        &sentences,
        "Disclaimer: The views expressed in this article are solely those of the author."
    ));
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
