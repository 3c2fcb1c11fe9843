//! Property tests: for any input, sentence spans are on char boundaries, in
//! order, non-overlapping, and re-normalizing a span alone gives exactly the
//! sentence text.

use concord_normalize::{NormalizerConfig, SegmentationMode, Sequence, TextPipeline};
use proptest::prelude::*;

/// Pieces mixing the scripts and marks that trouble normalization and
/// segmentation.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z]{1,8}",
        2 => "[0-9]{1,3}",
        3 => "[ \n]{1,4}",
        3 => prop::sample::select(vec![
            "。", ".", "!", "?", "\"", "“", "”", "「", "」", "！", "？", "，", ",", "…", "...",
            "(", ")", "（", "）", "'", "’", ":", "：", "、", "〜", "～",
        ])
        .prop_map(str::to_owned),
        3 => prop::sample::select(vec![
            "东京", "発表した", "政府", "ニュース", "米国", "经济", "한국",
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
        1 => prop::sample::select(vec![
            "U.S.", "Mr.", "e.g.", "Dean W. Ball", "GPT-5.6", "Opus 4.8", "$1.4 trillion", "The",
        ])
        .prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

fn check(pipeline: &TextPipeline, original: &str) -> Result<(), TestCaseError> {
    let (normalized, sentences) = pipeline.split_with_text(original);
    let mut previous_end = 0;
    for sentence in &sentences {
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
            &normalized.as_str()[sentence.norm_range.clone()],
            sentence.text.as_str()
        );
        let alone = pipeline.normalize(slice);
        prop_assert_eq!(
            alone.as_str().trim(),
            sentence.text.as_str(),
            "span {} = {:?}",
            span,
            slice
        );
        previous_end = span.end;
    }
    Ok(())
}

fn pipelines() -> Vec<TextPipeline> {
    vec![
        TextPipeline::default(),
        TextPipeline::default().with_max_sentence_bytes(64),
        TextPipeline::new(Sequence::default_pipeline(), SegmentationMode::Lines)
            .with_max_sentence_bytes(64),
        TextPipeline::new(Sequence::new(Vec::new()), SegmentationMode::Rules)
            .with_max_sentence_bytes(64),
        TextPipeline::from_config(&NormalizerConfig::Punctuation, SegmentationMode::Rules)
            .with_max_sentence_bytes(64),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn spans_round_trip_on_mixed_text(original in mixed_text()) {
        for pipeline in pipelines() {
            check(&pipeline, &original)?;
        }
    }

    #[test]
    fn spans_round_trip_on_arbitrary_strings(original in any::<String>()) {
        for pipeline in pipelines() {
            check(&pipeline, &original)?;
        }
    }

    #[test]
    fn spans_round_trip_on_long_lines(pieces in prop::collection::vec(piece(), 100..400)) {
        let original: String = pieces.concat().replace(['\n', '\r'], " ");
        for pipeline in pipelines() {
            check(&pipeline, &original)?;
        }
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
    ];
    for original in &traps {
        for pipeline in pipelines() {
            if let Err(e) = check(&pipeline, original) {
                panic!("{original:?}: {e}");
            }
        }
    }
}
