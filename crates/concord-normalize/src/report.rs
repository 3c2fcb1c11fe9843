//! Change reports, after `ftfy`'s "fix and explain": which stage changed
//! what, with a few before/after examples. See
//! [`Sequence::normalize_with_report`](crate::Sequence::normalize_with_report).

use concord_core::{NormalizedText, Normalizer};
use serde::Serialize;
use std::ops::Range;

/// Most examples one [`ChangeReport`] keeps.
pub const MAX_REPORT_EXAMPLES: usize = 3;

/// How far (in characters) an example reaches past its change to show the
/// surrounding word.
const CONTEXT_CHARS: usize = 24;

/// What one normalization stage did to a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeReport {
    /// The stage's [`Normalizer::name`].
    pub stage: &'static str,
    /// How many edits the stage applied (0: it changed nothing).
    pub edits: usize,
    /// Up to [`MAX_REPORT_EXAMPLES`] `(before, after)` pairs, each the
    /// changed text widened to the words around it (`("forceAnd",
    /// "force And")`), in text order.
    pub examples: Vec<(String, String)>,
}

/// Run `normalizer` on `text` and report what it did.
///
/// The stage runs twice: once on a fresh copy of the current text, whose
/// offset map then relates the stage's output to its own input (that is
/// where the examples come from), and once on `text` itself.
pub(crate) fn run_with_report(
    normalizer: &dyn Normalizer,
    text: &mut NormalizedText,
) -> ChangeReport {
    let before = text.changes();
    let mut probe = NormalizedText::new(text.as_str());
    normalizer.normalize(&mut probe);
    normalizer.normalize(text);
    ChangeReport {
        stage: normalizer.name(),
        edits: text.changes().saturating_sub(before),
        examples: examples(&probe, MAX_REPORT_EXAMPLES),
    }
}

/// One changed stretch: input byte range, output byte range.
type Change = (Range<usize>, Range<usize>);

/// The changed stretches of `probe` (a text normalized by one stage from a
/// fresh start), merged where they touch.
fn changes(probe: &NormalizedText) -> Vec<Change> {
    let input = probe.original();
    let output = probe.as_str();
    let mut found: Vec<Change> = Vec::new();
    let mut push = |change: Change| match found.last_mut() {
        Some(last) if last.0.end >= change.0.start && last.1.end >= change.1.start => {
            last.0.end = last.0.end.max(change.0.end);
            last.1.end = last.1.end.max(change.1.end);
        }
        _ => found.push(change),
    };
    let mut cursor = 0usize; // input bytes accounted for
    let mut chars = output.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let Some(span) = probe.original_span(start..start + c.len_utf8()) else {
            continue;
        };
        // All following characters that came from the same input span form
        // one piece (one edit's output).
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if probe.original_span(i..i + next.len_utf8()) != Some(span) {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        if span.start > cursor {
            push((cursor..span.start, start..start));
        }
        let unchanged =
            !span.is_empty() && input.get(span.start..span.end) == output.get(start..end);
        if !unchanged {
            push((span.start..span.end, start..end));
        }
        cursor = cursor.max(span.end);
    }
    if cursor < input.len() {
        push((cursor..input.len(), output.len()..output.len()));
    }
    found
}

/// Up to `max` `(before, after)` examples of what the stage that produced
/// `probe` changed.
fn examples(probe: &NormalizedText, max: usize) -> Vec<(String, String)> {
    let input = probe.original();
    let output = probe.as_str();
    changes(probe)
        .into_iter()
        .take(max)
        .map(|(from, to)| {
            let context = widen(output, to);
            let span = probe.original_span(context.clone());
            let before = match span {
                Some(s) => s.start.min(from.start)..s.end.max(from.end),
                None => from,
            };
            (
                input.get(before).unwrap_or_default().to_owned(),
                output.get(context).unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Widen `range` of `text` to the white space around it, at most
/// [`CONTEXT_CHARS`] characters each way.
fn widen(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start;
    for (taken, c) in text[..range.start].chars().rev().enumerate() {
        if c.is_whitespace() || taken >= CONTEXT_CHARS {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = range.end;
    for (taken, c) in text[range.end..].chars().enumerate() {
        if c.is_whitespace() || taken >= CONTEXT_CHARS {
            break;
        }
        end += c.len_utf8();
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Glued, Nfkc, Whitespace};

    #[test]
    fn reports_edits_with_examples_in_context() {
        let mut text =
            NormalizedText::new("It was in forceAnd also ＧＰＴ－５ and   more\u{200b}x");
        let glued = run_with_report(&Glued, &mut text);
        assert_eq!(glued.stage, "glued");
        assert_eq!(glued.edits, 1);
        assert_eq!(glued.examples, [("forceAnd".into(), "force And".into())]);
        let nfkc = run_with_report(&Nfkc, &mut text);
        assert_eq!(nfkc.edits, 5);
        assert_eq!(nfkc.examples, [("ＧＰＴ－５".into(), "GPT-5".into())]);
        let ws = run_with_report(&Whitespace, &mut text);
        assert_eq!(ws.edits, 2);
        assert_eq!(
            ws.examples,
            [
                ("and   more\u{200b}x".into(), "and morex".into()),
                ("more\u{200b}x".into(), "morex".into())
            ]
        );
        assert_eq!(text.as_str(), "It was in force And also GPT-5 and morex");
        let none = run_with_report(&Whitespace, &mut text);
        assert_eq!((none.edits, none.examples.len()), (0, 0));
    }

    #[test]
    fn examples_are_capped() {
        let mut text = NormalizedText::new("ａ ｂ ｃ ｄ ｅ");
        let report = run_with_report(&Nfkc, &mut text);
        assert_eq!(report.edits, 5);
        assert_eq!(report.examples.len(), MAX_REPORT_EXAMPLES);
        assert_eq!(report.examples[2], ("ｃ".into(), "c".into()));
    }
}
