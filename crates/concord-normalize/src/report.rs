//! Change reports, after `ftfy`'s "fix and explain": which stage changed
//! what, with a few before/after examples. See
//! [`Sequence::normalize_with_report`](crate::Sequence::normalize_with_report).

use concord_core::{ChangeExample, NormalizedText, Normalizer};
use serde::Serialize;
use std::ops::Range;

/// Most examples one [`ChangeReport`] keeps.
pub const MAX_REPORT_EXAMPLES: usize = 3;

/// How far (in characters) an example reaches past its change to show the
/// surrounding word.
const CONTEXT_CHARS: usize = 24;

/// Longest example (in output bytes) that nearby changes are merged into.
const MAX_EXAMPLE_BYTES: usize = 160;

/// What one normalization stage did to a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeReport {
    /// The stage's [`Normalizer::name`].
    pub stage: &'static str,
    /// How many edits the stage applied (0: it changed nothing).
    pub edits: usize,
    /// Up to [`MAX_REPORT_EXAMPLES`] examples in text order, each the
    /// changed text widened to the words around it (`forceAnd` →
    /// `force And`), with the span of the original it came from.
    pub examples: Vec<ChangeExample>,
}

/// Run `normalizer` on `text` and report what it did.
///
/// A stage that changed something runs a second time, on a fresh copy of
/// its input, whose offset map then relates the stage's output to its own
/// input: that is where the examples come from.
pub(crate) fn run_with_report(
    normalizer: &dyn Normalizer,
    text: &mut NormalizedText,
) -> ChangeReport {
    let before = text.changes();
    let input = text.clone();
    normalizer.normalize(text);
    let edits = text.changes().saturating_sub(before);
    let mut examples = Vec::new();
    if edits > 0 {
        let mut probe = NormalizedText::new(input.as_str());
        normalizer.normalize(&mut probe);
        // The probe's input is `input`, so its input ranges map to the
        // original through `input`'s map.
        examples = find_examples(&probe, MAX_REPORT_EXAMPLES)
            .into_iter()
            .map(|(range, before, after)| ChangeExample {
                span: input.original_span(range),
                before,
                after,
            })
            .collect();
    }
    ChangeReport {
        stage: normalizer.name(),
        edits,
        examples,
    }
}

/// One changed stretch: input byte range, output byte range.
type Change = (Range<usize>, Range<usize>);

/// The changed stretches of `probe` (a text normalized by one stage from a
/// fresh start), merged where they touch, found lazily in text order.
struct Changes<'a> {
    probe: &'a NormalizedText,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    /// Input bytes accounted for.
    cursor: usize,
    /// A raw change found along with the one returned before it.
    queued: Option<Change>,
    /// The merged change being built.
    pending: Option<Change>,
}

impl<'a> Changes<'a> {
    fn new(probe: &'a NormalizedText) -> Self {
        Self {
            probe,
            chars: probe.as_str().char_indices().peekable(),
            cursor: 0,
            queued: None,
            pending: None,
        }
    }

    /// The next change, unmerged: a deletion before a piece, or a piece (the
    /// output of one edit) that differs from its input.
    fn next_raw(&mut self) -> Option<Change> {
        if let Some(change) = self.queued.take() {
            return Some(change);
        }
        let input = self.probe.original();
        let output = self.probe.as_str();
        while let Some((start, c)) = self.chars.next() {
            let Some(span) = self.probe.original_span(start..start + c.len_utf8()) else {
                continue;
            };
            // All following characters that came from the same input span
            // form one piece.
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = self.chars.peek() {
                if self.probe.original_span(i..i + next.len_utf8()) != Some(span) {
                    break;
                }
                end = i + next.len_utf8();
                self.chars.next();
            }
            let deleted =
                (span.start > self.cursor).then_some((self.cursor..span.start, start..start));
            let unchanged =
                !span.is_empty() && input.get(span.start..span.end) == output.get(start..end);
            let changed = (!unchanged).then_some((span.start..span.end, start..end));
            self.cursor = self.cursor.max(span.end);
            match (deleted, changed) {
                (Some(d), Some(c)) => {
                    self.queued = Some(c);
                    return Some(d);
                }
                (Some(one), None) | (None, Some(one)) => return Some(one),
                (None, None) => {}
            }
        }
        if self.cursor < input.len() {
            let tail = (self.cursor..input.len(), output.len()..output.len());
            self.cursor = input.len();
            return Some(tail);
        }
        None
    }
}

impl Iterator for Changes<'_> {
    type Item = Change;

    fn next(&mut self) -> Option<Change> {
        while let Some(change) = self.next_raw() {
            match &mut self.pending {
                Some(last) if last.0.end >= change.0.start && last.1.end >= change.1.start => {
                    last.0.end = last.0.end.max(change.0.end);
                    last.1.end = last.1.end.max(change.1.end);
                }
                _ => {
                    if let Some(done) = self.pending.replace(change) {
                        return Some(done);
                    }
                }
            }
        }
        self.pending.take()
    }
}

/// Up to `max` examples of what the stage that produced `probe` changed:
/// the input byte range of each, its text before and after.
///
/// Changes whose widened examples overlap, or are separated by one white
/// space character (a shouted phrase recased word by word), make one
/// example of at most [`MAX_EXAMPLE_BYTES`] output bytes.
fn find_examples(probe: &NormalizedText, max: usize) -> Vec<(Range<usize>, String, String)> {
    let input = probe.original();
    let output = probe.as_str();
    // (input range, output range) of each example.
    let mut found: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (from, to) in Changes::new(probe) {
        let context = widen(output, to);
        let before = match probe.original_span(context.clone()) {
            Some(s) => s.start.min(from.start)..s.end.max(from.end),
            None => from,
        };
        if let Some(last) = found.last_mut() {
            let gap = input.get(last.0.end.min(before.start)..before.start);
            let close = before.start <= last.0.end
                || gap
                    .is_some_and(|g| g.chars().count() <= 1 && g.chars().all(char::is_whitespace));
            let end = last.1.end.max(context.end);
            if close && context.start >= last.1.start && end - last.1.start <= MAX_EXAMPLE_BYTES {
                last.0.end = last.0.end.max(before.end);
                last.1.end = end;
                continue;
            }
        }
        if found.len() == max {
            break;
        }
        found.push((before, context));
    }
    found
        .into_iter()
        .map(|(before, after)| {
            (
                before.clone(),
                input.get(before).unwrap_or_default().to_owned(),
                output.get(after).unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Widen `range` of `text` to the white space around it, at most
/// [`CONTEXT_CHARS`] characters each way; when that holds nothing but white
/// space (a no-break space replaced, blank lines squeezed), widen on to the
/// words on either side so the example shows where it happened.
fn widen(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = word_start(text, range.start);
    let mut end = word_end(text, range.end);
    if text[start..end].chars().all(char::is_whitespace) {
        start = word_start(text, space_start(text, start));
        end = word_end(text, space_end(text, end));
    }
    start..end
}

/// Where the run of characters before `at` that `take` accepts begins, at
/// most [`CONTEXT_CHARS`] characters back.
fn run_start(text: &str, at: usize, take: impl Fn(char) -> bool) -> usize {
    let mut start = at;
    for (taken, c) in text[..at].chars().rev().enumerate() {
        if !take(c) || taken >= CONTEXT_CHARS {
            break;
        }
        start -= c.len_utf8();
    }
    start
}

/// Where the run of characters from `at` that `take` accepts ends, at most
/// [`CONTEXT_CHARS`] characters on.
fn run_end(text: &str, at: usize, take: impl Fn(char) -> bool) -> usize {
    let mut end = at;
    for (taken, c) in text[at..].chars().enumerate() {
        if !take(c) || taken >= CONTEXT_CHARS {
            break;
        }
        end += c.len_utf8();
    }
    end
}

fn word_start(text: &str, at: usize) -> usize {
    run_start(text, at, |c| !c.is_whitespace())
}

fn word_end(text: &str, at: usize) -> usize {
    run_end(text, at, |c| !c.is_whitespace())
}

fn space_start(text: &str, at: usize) -> usize {
    run_start(text, at, char::is_whitespace)
}

fn space_end(text: &str, at: usize) -> usize {
    run_end(text, at, char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Glued, Nfkc, Whitespace};

    fn pairs(report: &ChangeReport) -> Vec<(String, String)> {
        report
            .examples
            .iter()
            .map(|e| (e.before.clone(), e.after.clone()))
            .collect()
    }

    #[test]
    fn reports_edits_with_examples_in_context() {
        let mut text =
            NormalizedText::new("It was in forceAnd also ＧＰＴ－５ and   more\u{200b}x");
        let glued = run_with_report(&Glued, &mut text);
        assert_eq!(glued.stage, "glued");
        assert_eq!(glued.edits, 1);
        assert_eq!(pairs(&glued), [("forceAnd".into(), "force And".into())]);
        let nfkc = run_with_report(&Nfkc, &mut text);
        assert_eq!(nfkc.edits, 5);
        assert_eq!(pairs(&nfkc), [("ＧＰＴ－５".into(), "GPT-5".into())]);
        let ws = run_with_report(&Whitespace, &mut text);
        assert_eq!(ws.edits, 2);
        // The squeezed spaces and the dropped zero-width space overlap once
        // widened: one example.
        assert_eq!(
            pairs(&ws),
            [("and   more\u{200b}x".into(), "and morex".into())]
        );
        assert_eq!(text.as_str(), "It was in force And also GPT-5 and morex");
        let none = run_with_report(&Whitespace, &mut text);
        assert_eq!((none.edits, none.examples.len()), (0, 0));
    }

    #[test]
    fn examples_are_capped() {
        let mut text = NormalizedText::new("ａ and ｂ and ｃ and ｄ and ｅ");
        let report = run_with_report(&Nfkc, &mut text);
        assert_eq!(report.edits, 5);
        assert_eq!(report.examples.len(), MAX_REPORT_EXAMPLES);
        assert_eq!(pairs(&report)[2], ("ｃ".into(), "c".into()));
        // Spans point into the original, past the earlier full-width letters.
        assert_eq!(
            report.examples[2].span,
            Some(concord_core::Span::new(16, 19))
        );
    }

    #[test]
    fn words_changed_one_by_one_make_one_example() {
        let mut text = NormalizedText::new("Ｔｏｋｙｏ ＯＳＡＫＡ then Kyoto");
        let report = run_with_report(&Nfkc, &mut text);
        assert_eq!(
            pairs(&report),
            [("Ｔｏｋｙｏ ＯＳＡＫＡ".into(), "Tokyo OSAKA".into())]
        );
        // Long runs are cut into examples of bounded size.
        let long = "ＡＢＣＤＥＦＧＨ ".repeat(40);
        let mut text = NormalizedText::new(&long);
        let report = run_with_report(&Nfkc, &mut text);
        assert!(report.examples.len() > 1);
        assert!(report
            .examples
            .iter()
            .all(|e| e.after.len() <= MAX_EXAMPLE_BYTES));
    }

    #[test]
    fn white_space_changes_show_the_words_around_them() {
        // A no-break space alone on a line, and a full-width space in Japanese.
        let mut text = NormalizedText::new("Seo Cyangyang\n\u{a0}\nEarly on 27 June");
        let report = run_with_report(&Nfkc, &mut text);
        assert_eq!(
            pairs(&report),
            [(
                "Cyangyang\n\u{a0}\nEarly".into(),
                "Cyangyang\n \nEarly".into()
            )]
        );
        let mut text = NormalizedText::new("会談は\u{3000}来週");
        let report = run_with_report(&Nfkc, &mut text);
        assert_eq!(
            pairs(&report),
            [("会談は\u{3000}来週".into(), "会談は 来週".into())]
        );
    }
}
