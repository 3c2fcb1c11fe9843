//! [`TextPipeline`]: normalize a document, segment the normalized text, and
//! map every sentence back to its exact bytes in the original.

use crate::char_class::{char_at, char_before};
use crate::normalizers::{NormalizerConfig, Sequence};
use crate::segment::{trimmed, LineSegmenter, RuleSegmenter, DEFAULT_MAX_SENTENCE_BYTES};
use crate::NormalizeError;
use concord_core::{Lang, NormalizedText, Normalizer, Segmenter, SentenceSpan, Span};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// How a document is cut into sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentationMode {
    /// [`RuleSegmenter`]: sentence rules for EN/ZH/JA inside each line.
    #[default]
    Rules,
    /// [`LineSegmenter`]: each non-empty line is one sentence.
    Lines,
}

impl SegmentationMode {
    /// Every mode, for help texts.
    pub const ALL: [SegmentationMode; 2] = [SegmentationMode::Rules, SegmentationMode::Lines];

    /// The name used on the command line and in configs.
    pub const fn as_str(self) -> &'static str {
        match self {
            SegmentationMode::Rules => "rules",
            SegmentationMode::Lines => "lines",
        }
    }
}

impl fmt::Display for SegmentationMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SegmentationMode {
    type Err = NormalizeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rules" => Ok(SegmentationMode::Rules),
            "lines" => Ok(SegmentationMode::Lines),
            _ => Err(NormalizeError::UnknownSegmentationMode(s.to_owned())),
        }
    }
}

/// One sentence of a document, as produced by [`TextPipeline::split`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineSentence {
    /// Normalized text of the sentence, trimmed.
    pub text: String,
    /// Byte span of the sentence in the original text.
    pub span: Span,
    /// Byte range of `text` in the document's normalized text.
    pub norm_range: Range<usize>,
    /// Language detected for `text`.
    pub lang: Lang,
}

/// Normalization followed by segmentation, with sentences mapped back to
/// the original bytes.
///
/// Guarantees, for any input: sentence spans lie on char boundaries of the
/// original, come in order and do not overlap, and normalizing the original
/// bytes of a span alone (then trimming) gives exactly the sentence text.
#[derive(Debug)]
pub struct TextPipeline {
    normalizer: Sequence,
    mode: SegmentationMode,
    max_sentence_bytes: usize,
}

impl TextPipeline {
    /// A pipeline from a normalizer sequence and a segmentation mode, with
    /// the default sentence cap ([`DEFAULT_MAX_SENTENCE_BYTES`]).
    pub fn new(normalizer: Sequence, mode: SegmentationMode) -> Self {
        Self {
            normalizer,
            mode,
            max_sentence_bytes: DEFAULT_MAX_SENTENCE_BYTES,
        }
    }

    /// A pipeline whose normalizers are described by `config`.
    pub fn from_config(config: &NormalizerConfig, mode: SegmentationMode) -> Self {
        Self::new(config.build_sequence(), mode)
    }

    /// Change the cap on sentence length in bytes (raised to at least
    /// [`crate::MIN_MAX_SENTENCE_BYTES`]).
    pub fn with_max_sentence_bytes(mut self, max_sentence_bytes: usize) -> Self {
        self.max_sentence_bytes = max_sentence_bytes;
        self
    }

    /// The segmentation mode.
    pub fn mode(&self) -> SegmentationMode {
        self.mode
    }

    /// The normalizers.
    pub fn normalizer(&self) -> &Sequence {
        &self.normalizer
    }

    /// Normalize `original`; spans are relative to its start.
    pub fn normalize(&self, original: &str) -> NormalizedText {
        let mut text = NormalizedText::new(original);
        self.normalizer.normalize(&mut text);
        text
    }

    /// The sentences of `original`, in order.
    pub fn split(&self, original: &str) -> Vec<PipelineSentence> {
        self.split_with_text(original).1
    }

    /// The normalized text of `original` and its sentences; a sub-range
    /// `a..b` of a sentence maps back with
    /// `normalized.original_span(s.norm_range.start + a..s.norm_range.start + b)`.
    pub fn split_with_text(&self, original: &str) -> (NormalizedText, Vec<PipelineSentence>) {
        let normalized = self.normalize(original);
        let spans = self.segment(normalized.as_str());
        let sentences = map_to_original(&normalized, spans);
        (normalized, sentences)
    }

    fn segment(&self, text: &str) -> Vec<SentenceSpan> {
        match self.mode {
            SegmentationMode::Rules => {
                RuleSegmenter::with_max_sentence_bytes(self.max_sentence_bytes).segment(text)
            }
            SegmentationMode::Lines => {
                LineSegmenter::with_max_sentence_bytes(self.max_sentence_bytes).segment(text)
            }
        }
    }
}

impl Default for TextPipeline {
    fn default() -> Self {
        Self::new(Sequence::default_pipeline(), SegmentationMode::Rules)
    }
}

/// Turn segmenter ranges into sentences with original spans.
///
/// A range whose edge falls inside the output of one edit (say, between two
/// of the three dots NFKC made from `…`) is widened to the whole edit, and
/// a sentence whose span would then overlap the previous one is merged into
/// it, so spans never overlap and each span holds whole edits.
fn map_to_original(normalized: &NormalizedText, spans: Vec<SentenceSpan>) -> Vec<PipelineSentence> {
    let text = normalized.as_str();
    // (normalized range, original span); text and language come at the end
    // so merging many pieces of one huge edit stays linear.
    let mut pieces: Vec<(Range<usize>, Span)> = Vec::with_capacity(spans.len());
    for segment in spans {
        let previous = pieces.last().cloned();
        let floor = previous.as_ref().map_or(0, |p| p.0.end);
        let range = trimmed(text, widen_to_edits(normalized, segment.range, floor));
        if range.is_empty() {
            continue;
        }
        if let Some((previous_range, previous_span)) = previous {
            let overlaps = range.start < previous_range.end
                || (range.start == previous_range.end
                    && splits_edit(normalized, text, range.start));
            let new_part = previous_range.end.max(range.start)..range.end;
            let new_span = normalized.original_span(new_part);
            let crosses = new_span.is_some_and(|s| s.start < previous_span.end);
            if overlaps || crosses {
                // Only reached when a cut fell inside one edit's output (or,
                // defensively, if spans were ever out of order): merge.
                let end = range.end.max(previous_range.end);
                let span = new_span.map_or(previous_span, |s| {
                    Span::new(
                        previous_span.start.min(s.start),
                        previous_span.end.max(s.end),
                    )
                });
                if let Some(last) = pieces.last_mut() {
                    *last = (previous_range.start..end, span);
                }
                continue;
            }
        }
        if let Some(span) = normalized.original_span(range.clone()) {
            pieces.push((range, span));
        }
    }
    pieces
        .into_iter()
        .map(|(range, span)| {
            let sentence_text = text[range.clone()].to_owned();
            PipelineSentence {
                lang: Lang::detect(&sentence_text),
                text: sentence_text,
                span,
                norm_range: range,
            }
        })
        .collect()
}

/// Widen `range` so neither edge splits the output of a single edit.
///
/// `floor` is the end of the previous sentence (an edit boundary): the start
/// never walks below it and an end at or below it is not walked at all, so
/// a huge edit cut into many pieces is walked once, not once per piece.
fn widen_to_edits(normalized: &NormalizedText, range: Range<usize>, floor: usize) -> Range<usize> {
    let text = normalized.as_str();
    let (mut start, mut end) = (range.start, range.end);
    while start > floor && splits_edit(normalized, text, start) {
        start -= char_before(text, start).map_or(1, char::len_utf8);
    }
    if end <= floor {
        return start..floor;
    }
    while end < text.len() && splits_edit(normalized, text, end) {
        end += char_at(text, end).map_or(1, char::len_utf8);
    }
    start..end
}

/// Whether the characters on both sides of byte `at` came from the same edit
/// (they then share the same non-empty original span).
fn splits_edit(normalized: &NormalizedText, text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (char_before(text, at), char_at(text, at)) else {
        return false;
    };
    let before_span = normalized.original_span(at - before.len_utf8()..at);
    let after_span = normalized.original_span(at..at + after.len_utf8());
    matches!((before_span, after_span), (Some(a), Some(b)) if a == b && !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pipeline: &TextPipeline, original: &str) -> Vec<String> {
        pipeline
            .split(original)
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn english_after_chinese_full_stop_ends_normally() {
        let original = "央行宣布降息\nThe central bank cut rates by 0.25 points。Markets rallied，stocks rose。\n";
        let sentences = TextPipeline::default().split(original);
        let got: Vec<_> = sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "央行宣布降息",
                "The central bank cut rates by 0.25 points.",
                "Markets rallied,stocks rose."
            ]
        );
        assert_eq!(sentences[0].lang, Lang::Zh);
        assert_eq!(sentences[1].lang, Lang::En);
        let last = &sentences[2];
        assert_eq!(
            last.span.slice(original),
            Some("Markets rallied，stocks rose。")
        );
    }

    #[test]
    fn full_width_text_maps_back_to_original_bytes() {
        let original = "ＧＰＴ－５．６が公開された。　価格は１０％下がった！";
        let pipeline = TextPipeline::default();
        let (normalized, sentences) = pipeline.split_with_text(original);
        let got: Vec<_> = sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(got, ["GPT-5.6が公開された。", "価格は10%下がった!"]);
        assert_eq!(
            sentences[0].span.slice(original),
            Some("ＧＰＴ－５．６が公開された。")
        );
        assert_eq!(
            sentences[1].span.slice(original),
            Some("価格は１０％下がった！")
        );
        // Map the "10%" inside the second sentence back to the original.
        let s = &sentences[1];
        let a = s.text.find("10%").unwrap();
        let span = normalized
            .original_span(s.norm_range.start + a..s.norm_range.start + a + 3)
            .unwrap();
        assert_eq!(span.slice(original), Some("１０％"));
        assert!(sentences.iter().all(|s| s.lang == Lang::Ja));
    }

    #[test]
    fn timeline_and_all_caps_lines() {
        let original = "Timeline\nMay 4: The council voted. The mayor resigned.\n5月4日：议会投票。市长辞职。\n\n\n\nTHE VOTE WAS CLOSE。ONLY 3 MEMBERS ABSTAINED.\n";
        assert_eq!(
            texts(&TextPipeline::default(), original),
            [
                "Timeline",
                "May 4: The council voted.",
                "The mayor resigned.",
                "5月4日:议会投票。",
                "市长辞职。",
                "THE VOTE WAS CLOSE.",
                "ONLY 3 MEMBERS ABSTAINED."
            ]
        );
    }

    #[test]
    fn lines_mode_keeps_each_line() {
        let pipeline = TextPipeline::new(Sequence::default_pipeline(), SegmentationMode::Lines);
        assert_eq!(
            texts(&pipeline, "One. Two.\n\u{200b}\n  三。四。 \n"),
            ["One. Two.", "三。四。"]
        );
    }

    #[test]
    fn ellipsis_split_inside_an_edit_is_widened() {
        // NFKC turns "…" into "..."; the sentence boundary after it must not
        // split the three dots' shared original span.
        let original = "Wait… Then it rained.";
        let sentences = TextPipeline::default().split(original);
        let got: Vec<_> = sentences
            .iter()
            .map(|s| s.span.slice(original).unwrap())
            .collect();
        assert_eq!(got, ["Wait…", "Then it rained."]);
    }

    #[test]
    fn modes_parse_and_print() {
        assert_eq!(
            "rules".parse::<SegmentationMode>().unwrap(),
            SegmentationMode::Rules
        );
        assert_eq!(
            "Lines".parse::<SegmentationMode>().unwrap(),
            SegmentationMode::Lines
        );
        assert!("words".parse::<SegmentationMode>().is_err());
        assert_eq!(SegmentationMode::Lines.to_string(), "lines");
        assert_eq!(
            serde_json::to_string(&SegmentationMode::Rules).unwrap(),
            "\"rules\""
        );
    }

    #[test]
    fn empty_and_blank_inputs() {
        let pipeline = TextPipeline::default();
        assert!(pipeline.split("").is_empty());
        assert!(pipeline.split(" \n\u{3000}\u{200b}\r\n").is_empty());
    }
}
