//! [`TextPipeline`]: normalize a document, drop its boilerplate, segment the
//! rest, and map every sentence back to its exact bytes in the original.

use crate::boilerplate::{BoilerplateFilter, BoilerplateReason, Removal};
use crate::char_class::{char_at, char_before};
use crate::langrun::{assign_languages, LangRun};
use crate::normalizers::{NormalizerConfig, Sequence};
use crate::report::ChangeReport;
use crate::segment::{trimmed, LineSegmenter, RuleSegmenter, DEFAULT_MAX_SENTENCE_BYTES};
use crate::NormalizeError;
use concord_core::{
    DocId, Lang, NormalizedText, Normalizer, RemovedSpan, Segmenter, SentenceSpan, Span,
};
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

/// A piece of the original dropped as boilerplate, as produced by
/// [`TextPipeline::split_document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineRemoval {
    /// Byte span in the original text (trimmed, never overlapping a sentence).
    pub span: Span,
    /// Why it was dropped.
    pub reason: BoilerplateReason,
    /// The original text at `span`.
    pub text: String,
}

impl PipelineRemoval {
    /// The [`RemovedSpan`] record of this removal in document `doc_id`.
    pub fn to_record(&self, doc_id: DocId) -> RemovedSpan {
        RemovedSpan {
            doc_id,
            span: self.span,
            reason: self.reason.as_str().to_owned(),
            text: self.text.clone(),
        }
    }
}

/// Everything [`TextPipeline::split_document`] makes of one document.
#[derive(Debug, Clone)]
pub struct SplitOutput {
    /// The whole document, normalized, with its map back to the original.
    pub normalized: NormalizedText,
    /// The article's sentences, in order (boilerplate excluded).
    pub sentences: Vec<PipelineSentence>,
    /// The boilerplate dropped before segmentation, in order.
    pub removed: Vec<PipelineRemoval>,
    /// Language runs over `sentences` (a Chinese title over an English body
    /// gives two runs; so does a Japanese translation followed by its
    /// English original).
    pub runs: Vec<LangRun>,
    /// What each normalizer changed in the document, one entry per stage
    /// that changed something, in pipeline order; empty unless
    /// [`TextPipeline::with_change_reports`] is on.
    pub changes: Vec<ChangeReport>,
}

/// Normalization, boilerplate removal and segmentation, with sentences
/// mapped back to the original bytes.
///
/// Guarantees, for any input: sentence spans lie on char boundaries of the
/// original, come in order and do not overlap, normalizing the original
/// bytes of a span alone (then trimming) gives exactly the sentence text,
/// and removed spans never overlap a sentence.
#[derive(Debug)]
pub struct TextPipeline {
    normalizer: Sequence,
    mode: SegmentationMode,
    max_sentence_bytes: usize,
    boilerplate: Option<BoilerplateFilter>,
    change_reports: bool,
}

impl TextPipeline {
    /// A pipeline from a normalizer sequence and a segmentation mode, with
    /// the default sentence cap ([`DEFAULT_MAX_SENTENCE_BYTES`]) and the
    /// default [`BoilerplateFilter`] (in both modes).
    pub fn new(normalizer: Sequence, mode: SegmentationMode) -> Self {
        Self {
            normalizer,
            mode,
            max_sentence_bytes: DEFAULT_MAX_SENTENCE_BYTES,
            boilerplate: Some(BoilerplateFilter::new()),
            change_reports: false,
        }
    }

    /// Have [`Self::split_document`] report what each normalizer changed
    /// ([`SplitOutput::changes`]). Off by default: each stage then runs
    /// twice (see [`Sequence::normalize_with_report`]).
    pub fn with_change_reports(mut self, on: bool) -> Self {
        self.change_reports = on;
        self
    }

    /// Turn boilerplate removal on (with the default filter, unless one is
    /// set already) or off.
    pub fn with_boilerplate(mut self, on: bool) -> Self {
        self.boilerplate = match (on, self.boilerplate.take()) {
            (false, _) => None,
            (true, Some(filter)) => Some(filter),
            (true, None) => Some(BoilerplateFilter::new()),
        };
        self
    }

    /// Remove boilerplate with `filter`.
    pub fn with_boilerplate_filter(mut self, filter: BoilerplateFilter) -> Self {
        self.boilerplate = Some(filter);
        self
    }

    /// The boilerplate filter, when removal is on.
    pub fn boilerplate(&self) -> Option<&BoilerplateFilter> {
        self.boilerplate.as_ref()
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

    /// The sentences of `original`, in order (boilerplate excluded).
    pub fn split(&self, original: &str) -> Vec<PipelineSentence> {
        self.split_document(original).sentences
    }

    /// The normalized text of `original` and its sentences; a sub-range
    /// `a..b` of a sentence maps back with
    /// `normalized.original_span(s.norm_range.start + a..s.norm_range.start + b)`.
    pub fn split_with_text(&self, original: &str) -> (NormalizedText, Vec<PipelineSentence>) {
        let output = self.split_document(original);
        (output.normalized, output.sentences)
    }

    /// Normalize `original`, find its boilerplate (on the original text),
    /// segment everything else, and give each sentence its language.
    ///
    /// Removals are whole lines and no sentence crosses a line break, so
    /// segmenting the kept lines only is the same as dropping the sentences
    /// that lie inside a removal; should a normalizer ever blur a line
    /// boundary, a sentence only partly inside a removal is kept and the
    /// removal shrinks around it.
    ///
    /// ```
    /// use concord_normalize::TextPipeline;
    ///
    /// let page = "Markets\nCrypto\nStocks\nFutures\nEarn rewards\n\
    ///             Ministry halts chip exports\n\
    ///             The ministry halted chip exports on Monday。Talks resume next week, officials said, and a deal is expected.\n\
    ///             Share\n";
    /// let out = TextPipeline::default().split_document(page);
    /// let texts: Vec<_> = out.sentences.iter().map(|s| s.text.as_str()).collect();
    /// assert_eq!(texts, [
    ///     "Ministry halts chip exports",
    ///     "The ministry halted chip exports on Monday.",
    ///     "Talks resume next week, officials said, and a deal is expected.",
    /// ]);
    /// let removed: Vec<_> = out.removed.iter().map(|r| (r.reason.as_str(), r.text.as_str())).collect();
    /// assert_eq!(removed, [("menu", "Markets\nCrypto\nStocks\nFutures\nEarn rewards"), ("share", "Share")]);
    /// ```
    pub fn split_document(&self, original: &str) -> SplitOutput {
        let (normalized, changes) = if self.change_reports {
            let mut text = NormalizedText::new(original);
            let mut reports = self.normalizer.normalize_with_report(&mut text);
            reports.retain(|r| r.edits > 0);
            (text, reports)
        } else {
            (self.normalize(original), Vec::new())
        };
        let removals = match &self.boilerplate {
            Some(filter) => filter.find(original),
            None => Vec::new(),
        };
        let spans = self.segment(normalized.as_str());
        let mut sentences = map_to_original(&normalized, spans);
        if !removals.is_empty() {
            sentences = drop_removed(sentences, &removals);
        }
        let removed = removed_pieces(original, &removals, &sentences);
        let runs = assign_languages(&mut sentences);
        SplitOutput {
            normalized,
            sentences,
            removed,
            runs,
            changes,
        }
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

/// The sentences that do not lie wholly inside a removal.
fn drop_removed(sentences: Vec<PipelineSentence>, removals: &[Removal]) -> Vec<PipelineSentence> {
    let mut next = 0;
    sentences
        .into_iter()
        .filter(|s| {
            while next < removals.len() && removals[next].range.end <= s.span.start {
                next += 1;
            }
            !removals
                .get(next)
                .is_some_and(|r| r.range.start <= s.span.start && s.span.end <= r.range.end)
        })
        .collect()
}

/// The removals minus the kept sentences' spans, trimmed, with their text.
fn removed_pieces(
    original: &str,
    removals: &[Removal],
    sentences: &[PipelineSentence],
) -> Vec<PipelineRemoval> {
    let mut out = Vec::with_capacity(removals.len());
    let mut first = 0;
    for removal in removals {
        let mut start = removal.range.start;
        let end = removal.range.end;
        while first < sentences.len() && sentences[first].span.end <= start {
            first += 1;
        }
        let mut k = first;
        let mut push = |from: usize, to: usize| {
            let piece = trimmed(original, from..to);
            if let Some(text) = original.get(piece.clone()).filter(|t| !t.is_empty()) {
                out.push(PipelineRemoval {
                    span: Span::new(piece.start, piece.end),
                    reason: removal.reason,
                    text: text.to_owned(),
                });
            }
        };
        while k < sentences.len() && sentences[k].span.start < end {
            let span = sentences[k].span;
            if span.start > start {
                push(start, span.start);
            }
            start = start.max(span.end);
            k += 1;
        }
        if start < end {
            push(start, end);
        }
    }
    out
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
    // The segmenter's language of each piece, while the piece is exactly
    // the segment it detected it on (saves detecting twice).
    let mut langs: Vec<Option<Lang>> = Vec::with_capacity(spans.len());
    for segment in spans {
        let previous = pieces.last().cloned();
        let floor = previous.as_ref().map_or(0, |p| p.0.end);
        let range = trimmed(
            text,
            widen_to_edits(normalized, segment.range.clone(), floor),
        );
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
                if let Some(lang) = langs.last_mut() {
                    *lang = None;
                }
                continue;
            }
        }
        if let Some(span) = normalized.original_span(range.clone()) {
            langs.push((range == segment.range).then_some(segment.lang));
            pieces.push((range, span));
        }
    }
    let original = normalized.original();
    let base = normalized.base();
    let count = pieces.len();
    for k in 0..count {
        let (range, span) = pieces[k].clone();
        // Original bytes right after the sentence that normalization
        // deleted (a `。` after `."`, a zero-width space) still belong to it:
        // extend the span over them, up to white space or the next piece.
        let next_start = match char_at(text, range.end) {
            Some(c) => normalized
                .original_span(range.end..range.end + c.len_utf8())
                .map_or(span.end, |s| s.start),
            None => base + original.len(),
        };
        let limit = pieces
            .get(k + 1)
            .map_or(next_start, |p| p.1.start.min(next_start));
        if limit > span.end {
            let gap = original.get(span.end - base..limit - base).unwrap_or("");
            let kept = gap.find(char::is_whitespace).unwrap_or(gap.len());
            pieces[k].1.end = span.end + kept;
        }
    }
    pieces
        .into_iter()
        .zip(langs)
        .map(|((range, span), lang)| {
            let sentence_text = text[range.clone()].to_owned();
            PipelineSentence {
                lang: lang.unwrap_or_else(|| Lang::detect(&sentence_text)),
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
    use crate::normalizers::{Nfkc, Punctuation, Whitespace};

    /// The three local, long-standing normalizers only, so these tests
    /// pin segmentation and mapping rather than the other stages' output.
    fn basic(mode: SegmentationMode) -> TextPipeline {
        TextPipeline::new(
            Sequence::new(vec![
                Box::new(Nfkc),
                Box::new(Whitespace),
                Box::new(Punctuation),
            ]),
            mode,
        )
    }

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
        let sentences = basic(SegmentationMode::Rules).split(original);
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
        let pipeline = basic(SegmentationMode::Rules);
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
            texts(&basic(SegmentationMode::Rules), original),
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
        let pipeline = basic(SegmentationMode::Lines);
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
        let sentences = basic(SegmentationMode::Rules).split(original);
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

    const BODY: &str = "The ministry halted exports of advanced chips on Monday, officials said. Talks resume next week.\n\
        Industry groups said the move would hurt suppliers, and several firms have already cut their forecasts.\n";

    #[test]
    fn split_document_drops_boilerplate_and_keeps_spans_exact() {
        let original = format!(
            "Home > News > Tech\n芯片出口暂停\n\n{BODY}  • Share\n  • Comment\nDisclaimer: not investment advice.\n"
        );
        let out = basic(SegmentationMode::Rules).split_document(&original);
        let texts: Vec<_> = out.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "芯片出口暂停",
                "The ministry halted exports of advanced chips on Monday, officials said.",
                "Talks resume next week.",
                "Industry groups said the move would hurt suppliers, and several firms have already cut their forecasts."
            ]
        );
        let removed: Vec<_> = out
            .removed
            .iter()
            .map(|r| (r.reason, r.span.slice(&original).unwrap()))
            .collect();
        assert_eq!(
            removed,
            [
                (BoilerplateReason::Navigation, "Home > News > Tech"),
                (BoilerplateReason::Share, "• Share"),
                (BoilerplateReason::Comments, "• Comment"),
                (
                    BoilerplateReason::Disclaimer,
                    "Disclaimer: not investment advice."
                ),
            ]
        );
        for r in &out.removed {
            assert_eq!(r.text, r.span.slice(&original).unwrap());
            assert!(out
                .sentences
                .iter()
                .all(|s| s.span.end <= r.span.start || r.span.end <= s.span.start));
        }
        // A Chinese title over an English body: two runs, each sentence tagged.
        assert_eq!(out.sentences[0].lang, Lang::Zh);
        assert!(out.sentences[1..].iter().all(|s| s.lang == Lang::En));
        let runs: Vec<_> = out
            .runs
            .iter()
            .map(|r| (r.lang, r.sentences.clone()))
            .collect();
        assert_eq!(runs, [(Lang::Zh, 0..1), (Lang::En, 1..4)]);
        let record = out.removed[0].to_record(concord_core::DocId::from_string("doc"));
        assert_eq!(
            (record.reason.as_str(), record.span),
            ("navigation", out.removed[0].span)
        );
    }

    #[test]
    fn boilerplate_can_be_switched_off_in_both_modes() {
        let original = format!("{BODY}Share\n");
        for mode in SegmentationMode::ALL {
            let on = basic(mode).split_document(&original);
            assert_eq!(on.removed.len(), 1);
            assert!(on.sentences.iter().all(|s| s.text != "Share"));
            let off = basic(mode)
                .with_boilerplate(false)
                .split_document(&original);
            assert!(off.removed.is_empty() && off.sentences.iter().any(|s| s.text == "Share"));
            assert!(basic(mode).with_boilerplate(false).boilerplate().is_none());
            assert!(basic(mode)
                .with_boilerplate(false)
                .with_boilerplate(true)
                .boilerplate()
                .is_some());
        }
    }

    #[test]
    fn japanese_then_english_halves_and_bullets() {
        let ja = "政府は月曜日、半導体の輸出を停止した。交渉は来週再開される。\n影響分析\n業界団体は打撃を懸念している。\n";
        let en = "The government halted chip exports on Monday. Talks resume next week.\n  • Industry groups fear the impact.\n";
        let original = format!("{ja}Stationary Bandits\n{ja}\n{en}{en}");
        let out = basic(SegmentationMode::Rules).split_document(&original);
        let runs: Vec<_> = out.runs.iter().map(|r| r.lang).collect();
        assert_eq!(runs, [Lang::Ja, Lang::En]);
        let ja_run = &out.runs[0];
        // The kana-less heading is Japanese in a Japanese run, the English
        // heading keeps its own language.
        for s in &out.sentences[ja_run.sentences.clone()] {
            let expected = if s.text == "Stationary Bandits" {
                Lang::En
            } else {
                Lang::Ja
            };
            assert_eq!(s.lang, expected, "{}", s.text);
        }
        assert!(out
            .sentences
            .iter()
            .any(|s| s.text == "Industry groups fear the impact."
                && s.span.slice(&original) == Some("Industry groups fear the impact.")));
    }

    #[test]
    fn change_reports_name_stages_and_original_spans() {
        // Mojibake, full-width letters, a glued pair and a shouted line, in
        // English, Chinese and Japanese text.
        let original = "THE MINISTRY SAID ON MONDAY THAT TALKS WILL RESUME.\n\
                        It was still in forceAnd talks resume.\n\
                        外交部称ＧＰＴ－５将于６月发布。\n\
                        会談は来週再開される予定だ。\n\
                        cafÃ© owners were not consulted.\n";
        let plain = TextPipeline::default().split_document(original);
        assert!(plain.changes.is_empty());
        let out = TextPipeline::default()
            .with_change_reports(true)
            .split_document(original);
        // Reporting does not alter the result.
        assert_eq!(out.sentences, plain.sentences);
        assert_eq!(out.normalized, plain.normalized);
        let stages: Vec<_> = out.changes.iter().map(|c| c.stage).collect();
        assert_eq!(stages, ["mojibake", "nfkc", "glued", "recase"]);
        assert!(out
            .changes
            .iter()
            .all(|c| c.edits > 0 && !c.examples.is_empty()));
        let example = |stage: &str| {
            let report = out.changes.iter().find(|c| c.stage == stage).unwrap();
            let e = &report.examples[0];
            let at = e.span.and_then(|s| s.slice(original)).unwrap();
            (e.before.as_str(), e.after.as_str(), at)
        };
        assert_eq!(example("mojibake"), ("cafÃ©", "café", "cafÃ©"));
        assert_eq!(
            example("nfkc"),
            (
                "外交部称ＧＰＴ－５将于６月发布。",
                "外交部称GPT-5将于6月发布。",
                "外交部称ＧＰＴ－５将于６月发布。"
            )
        );
        assert_eq!(example("glued"), ("forceAnd", "force And", "forceAnd"));
        let (before, after, at) = example("recase");
        assert_eq!(before, at);
        assert!(
            before.starts_with("THE") && after.starts_with("The"),
            "{after}"
        );
    }
}
