//! Property tests for the normalizer stages on their own: the default
//! sequence never panics, every range of its output maps back to a valid
//! char range of the original, change reports agree with plain
//! normalization, and sentences cut at white space normalize alone as in
//! context (exactly for the local stages; up to letter case and glued-word
//! spaces for the document-level ones).

use concord_core::{NormalizedText, Normalizer};
use concord_normalize::{match_key, SegmentationMode, Sequence, TextPipeline, MAX_REPORT_EXAMPLES};
use proptest::prelude::*;

/// Pieces aimed at the stages: shouted words, glued words and brands,
/// mojibake, full-width forms, curly quotes, dashes, CJK.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z]{1,8}",
        3 => "[A-Z]{2,7}",
        2 => "[0-9]{1,3}",
        4 => "[ \n]{1,3}",
        3 => prop::sample::select(vec![
            "。", ".", "!", "?", ",", "，", "“", "”", "‘", "’", "'", "\"", "–", "—", "−", "‐",
            "〜", "～", ":", "(", ")", "「", "」", "…",
        ])
        .prop_map(str::to_owned),
        3 => prop::sample::select(vec![
            "THE MODEL WAS RELEASED", "LUTNICK SAID", "U.S. GOVERNMENT'S", "DON'T", "AI", "CEO",
            "Lutnick", "Anthropic", "OpenAI", "OPENAI", "the", "government", "said", "A", "I",
        ])
        .prop_map(str::to_owned),
        3 => prop::sample::select(vec![
            "forceAnd", "MetaYann", "LeCunThis", "meansEven", "imposedNSATheir", "itI", "iPhone",
            "DeepMind", "YouTube", "Meta", "LeCun", "Yann",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "Ã©", "â€™", "ä¸\u{ad}æ–‡", "Ã", "â€", "Â ", "ÖÐÎÄ", "ºÃµÄ", "é\u{a0}»", "ï»¿", "ð\u{9f}\u{98}\u{80}",
        ])
        .prop_map(str::to_owned),
        3 => prop::sample::select(vec![
            "东京", "発表した", "政府", "證券", "経済", "ニュース", "한국", "ＧＰＴ", "５．６", "１０％", "ｱｲ",
        ])
        .prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..50).prop_map(|pieces| pieces.concat())
}

fn normalize(sequence: &Sequence, original: &str) -> NormalizedText {
    let mut text = NormalizedText::new(original);
    sequence.normalize(&mut text);
    text
}

/// Every char range of the output (short ones, and all prefixes and
/// suffixes) maps to a valid char range of the original.
fn check_offsets(original: &str) -> Result<(), TestCaseError> {
    let text = normalize(&Sequence::default_pipeline(), original);
    let out = text.as_str();
    let bounds: Vec<usize> = out
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(out.len()))
        .collect();
    let check = |a: usize, b: usize| -> Result<(), TestCaseError> {
        let span = text.original_span(a..b);
        prop_assert!(span.is_some(), "no span for {a}..{b}");
        if let Some(span) = span {
            prop_assert!(span.start <= span.end && span.end <= original.len());
            prop_assert!(
                span.slice(original).is_some(),
                "{a}..{b} -> {span} not a char range of {original:?}"
            );
        }
        Ok(())
    };
    for (k, &a) in bounds.iter().enumerate() {
        for &b in bounds.iter().skip(k + 1).take(12) {
            check(a, b)?;
        }
        if a < out.len() {
            check(a, out.len())?;
            check(0, bounds.get(k + 1).copied().unwrap_or(out.len()))?;
        }
    }
    Ok(())
}

/// The report run gives the same text and counts every edit.
fn check_report(original: &str) -> Result<(), TestCaseError> {
    let sequence = Sequence::default_pipeline();
    let plain = normalize(&sequence, original);
    let mut reported = NormalizedText::new(original);
    let reports = sequence.normalize_with_report(&mut reported);
    prop_assert_eq!(reported.as_str(), plain.as_str());
    prop_assert_eq!(reports.len(), sequence.len());
    let edits: usize = reports.iter().map(|r| r.edits).sum();
    prop_assert_eq!(edits, reported.changes());
    for report in &reports {
        prop_assert!(report.examples.len() <= MAX_REPORT_EXAMPLES);
        prop_assert_eq!(report.edits == 0, report.examples.is_empty());
        for example in &report.examples {
            // Every example maps to real bytes of the original.
            if let Some(span) = example.span {
                prop_assert!(
                    span.slice(original).is_some(),
                    "{:?} in {:?}",
                    span,
                    original
                );
            }
        }
    }
    Ok(())
}

/// Lower case, without the spaces between two letters.
fn fold_case_and_glue(text: &str) -> String {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in lower.iter().enumerate() {
        let between_letters = c == ' '
            && i > 0
            && lower.get(i - 1).is_some_and(|p| p.is_alphabetic())
            && lower.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if !between_letters {
            out.push(c);
        }
    }
    out
}

/// Sentences normalized alone match the sentence in context.
fn check_sentences(
    pipeline: &TextPipeline,
    exact: bool,
    original: &str,
) -> Result<(), TestCaseError> {
    for sentence in pipeline.split(original) {
        let Some(slice) = sentence.span.slice(original) else {
            return Err(TestCaseError::fail(format!("bad span {}", sentence.span)));
        };
        let alone = pipeline.normalize(slice);
        if exact {
            prop_assert_eq!(alone.as_str().trim(), sentence.text.as_str(), "{:?}", slice);
        } else {
            prop_assert_eq!(
                fold_case_and_glue(alone.as_str().trim()),
                fold_case_and_glue(&sentence.text),
                "{:?}",
                slice
            );
        }
    }
    Ok(())
}

fn pipelines() -> Vec<(TextPipeline, bool)> {
    vec![
        (
            TextPipeline::new(Sequence::local_pipeline(), SegmentationMode::Rules)
                .with_max_sentence_bytes(64),
            true,
        ),
        (
            TextPipeline::new(Sequence::local_pipeline(), SegmentationMode::Lines),
            true,
        ),
        (TextPipeline::default(), false),
        (TextPipeline::default().with_max_sentence_bytes(64), false),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn offsets_stay_valid_on_mixed_text(original in mixed_text()) {
        check_offsets(&original)?;
    }

    #[test]
    fn offsets_stay_valid_on_arbitrary_strings(original in any::<String>()) {
        check_offsets(&original)?;
    }

    #[test]
    fn reports_agree_with_plain_normalization(original in mixed_text()) {
        check_report(&original)?;
    }

    #[test]
    fn sentences_normalize_alone_as_in_context(original in mixed_text()) {
        for (pipeline, exact) in pipelines() {
            check_sentences(&pipeline, exact, &original)?;
        }
    }

    #[test]
    fn match_key_is_idempotent_and_ignores_case(original in mixed_text()) {
        let key = match_key(&original);
        prop_assert_eq!(match_key(&key), key.clone());
        prop_assert_eq!(match_key(&original.to_lowercase()), key.clone());
        prop_assert_eq!(match_key(&original.to_ascii_uppercase()), key);
    }
}

#[test]
fn stages_on_a_mixed_document() {
    let original = "Commerce Secretary Lutnick wrote to Anthropic in forceAnd said itâ€™s final。\n\
                    LUTNICK SAID THE U.S. GOVERNMENT'S REVIEW OF ANTHROPIC IS OVER.\n\
                    ＧＰＴ－５．６は6月27日に公開された。野村證券によると、1995〜2001年も同様だった。\n\
                    路透社报道，ä¸\u{ad}æ–‡新闻 rallied,stocks rose 1,000 points.";
    let text = normalize(&Sequence::default_pipeline(), original);
    assert_eq!(
        text.as_str(),
        "Commerce Secretary Lutnick wrote to Anthropic in force And said it's final.\n\
         Lutnick said the U.S. government's review of Anthropic is over.\n\
         GPT-5.6は6月27日に公開された。野村證券によると、1995〜2001年も同様だった。\n\
         路透社报道,中文新闻 rallied, stocks rose 1,000 points."
    );
    // Each repaired or rewritten piece maps back to its own bytes.
    for (normalized, source) in [
        ("it's", "itâ€™s"),
        ("GPT-5.6", "ＧＰＴ－５．６"),
        ("中文", "ä¸\u{ad}æ–‡"),
        ("Lutnick said", "LUTNICK SAID"),
        ("force And", "forceAnd"),
    ] {
        let at = text.as_str().find(normalized).unwrap();
        let span = text.original_span(at..at + normalized.len()).unwrap();
        assert_eq!(span.slice(original), Some(source));
    }
    assert_eq!(match_key("野村證券"), match_key("野村证券"));
}
