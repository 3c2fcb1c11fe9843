//! Language runs: a mixed-language document (a Chinese title over an English
//! body, a Japanese translation followed by its English original) cut into
//! maximal stretches of sentences in one language.
//!
//! Each sentence first gets the language of its own script
//! ([`Lang::detect`]). Runs are then built over the sentence sequence:
//! undetermined sentences (numbers, symbols) join the run around them, and a
//! short island (at most [`MAX_ISLAND_SENTENCES`] sentences and
//! [`MAX_ISLAND_BYTES`] bytes, say an English heading left untranslated in a
//! Japanese text) between two runs of one language is absorbed by them. A
//! run in Chinese or Japanese next to a run in the other is absorbed too when
//! it is such an island, because a Japanese line without kana reads as
//! Chinese. Sentences keep their own language, except that an undetermined
//! sentence takes its run's language and a kana-less "Chinese" sentence
//! inside a Japanese run is Japanese.

use crate::pipeline::PipelineSentence;
use concord_core::{Lang, Span};
use std::ops::Range;

/// An island of at most this many sentences can be absorbed by its neighbours.
pub const MAX_ISLAND_SENTENCES: usize = 2;

/// An island of at most this many bytes of text can be absorbed.
pub const MAX_ISLAND_BYTES: usize = 300;

/// A maximal stretch of a document's sentences in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangRun {
    /// Language of the run.
    pub lang: Lang,
    /// From the start of its first sentence to the end of its last, in the
    /// original text.
    pub span: Span,
    /// Indices of its sentences in the document's sentence list.
    pub sentences: Range<usize>,
}

/// The language runs of `sentences` (in document order), without changing
/// the sentences.
pub fn language_runs(sentences: &[PipelineSentence]) -> Vec<LangRun> {
    let langs: Vec<Lang> = sentences.iter().map(|s| s.lang).collect();
    let bytes: Vec<usize> = sentences.iter().map(|s| s.text.len()).collect();
    runs_of(&langs, &bytes)
        .into_iter()
        .filter_map(|(lang, range)| {
            let first = sentences.get(range.start)?;
            let last = sentences.get(range.end.checked_sub(1)?)?;
            Some(LangRun {
                lang,
                span: Span::new(first.span.start, last.span.end),
                sentences: range,
            })
        })
        .collect()
}

/// Compute the runs and settle each sentence's language from its run (see
/// the module documentation).
pub(crate) fn assign_languages(sentences: &mut [PipelineSentence]) -> Vec<LangRun> {
    let runs = language_runs(sentences);
    for run in &runs {
        for sentence in &mut sentences[run.sentences.clone()] {
            sentence.lang = match (sentence.lang, run.lang) {
                (Lang::Und, run_lang) => run_lang,
                (Lang::Zh, Lang::Ja) => Lang::Ja,
                (own, _) => own,
            };
        }
    }
    runs
}

/// `(language, sentence range)` runs for per-sentence languages and sizes.
fn runs_of(langs: &[Lang], bytes: &[usize]) -> Vec<(Lang, Range<usize>)> {
    // Raw runs of equal languages; undetermined sentences are left as their
    // own runs for now.
    let mut runs: Vec<(Lang, Range<usize>)> = Vec::new();
    for (i, &lang) in langs.iter().enumerate() {
        match runs.last_mut() {
            Some((last, range)) if *last == lang => range.end = i + 1,
            _ => runs.push((lang, i..i + 1)),
        }
    }
    // Undetermined runs join a neighbour: the previous run, or the next one
    // at the very start.
    let mut merged: Vec<(Lang, Range<usize>)> = Vec::new();
    let mut pending_und: Option<Range<usize>> = None;
    for (lang, range) in runs {
        if lang == Lang::Und {
            match merged.last_mut() {
                Some((_, last)) => last.end = range.end,
                None => {
                    pending_und = Some(pending_und.map_or(range.clone(), |p| p.start..range.end))
                }
            }
            continue;
        }
        let range = match pending_und.take() {
            Some(p) => p.start..range.end,
            None => range,
        };
        push_run(&mut merged, lang, range);
    }
    if let Some(p) = pending_und {
        // Nothing but undetermined sentences.
        merged.push((Lang::Und, p));
    }
    // Absorb islands, smallest first, until none is left.
    loop {
        let size = |r: &Range<usize>| bytes[r.clone()].iter().sum::<usize>();
        let candidate = (0..merged.len())
            .filter(|&k| {
                let (lang, range) = &merged[k];
                if range.len() > MAX_ISLAND_SENTENCES || size(range) > MAX_ISLAND_BYTES {
                    return false;
                }
                let before = k.checked_sub(1).map(|p| merged[p].0);
                let after = merged.get(k + 1).map(|n| n.0);
                match (before, after) {
                    (Some(b), Some(a)) => b == a,
                    // At an edge only a CJK island next to the other CJK
                    // language (a kana-less Japanese title) is absorbed.
                    (Some(n), None) | (None, Some(n)) => cjk_pair(*lang, n),
                    (None, None) => false,
                }
            })
            .min_by_key(|&k| size(&merged[k].1));
        let Some(k) = candidate else { break };
        let range = merged[k].1.clone();
        if k > 0 {
            let (_, prev) = &mut merged[k - 1];
            prev.end = range.end;
            merged.remove(k);
            // The previous run now touches the next one of the same language.
            if k < merged.len() && merged[k].0 == merged[k - 1].0 {
                let next_end = merged[k].1.end;
                merged[k - 1].1.end = next_end;
                merged.remove(k);
            }
        } else {
            merged.remove(0);
            if let Some((_, next)) = merged.first_mut() {
                next.start = range.start;
            }
        }
    }
    merged
}

fn push_run(runs: &mut Vec<(Lang, Range<usize>)>, lang: Lang, range: Range<usize>) {
    match runs.last_mut() {
        Some((last, r)) if *last == lang => r.end = range.end,
        _ => runs.push((lang, range)),
    }
}

fn cjk_pair(a: Lang, b: Lang) -> bool {
    matches!((a, b), (Lang::Zh, Lang::Ja) | (Lang::Ja, Lang::Zh))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lang::{En, Ja, Und, Zh};

    fn runs(langs: &[Lang]) -> Vec<(Lang, Range<usize>)> {
        runs_of(langs, &vec![20; langs.len()])
    }

    #[test]
    fn title_over_body_stays_its_own_run() {
        assert_eq!(runs(&[Zh, En, En, En]), [(Zh, 0..1), (En, 1..4)]);
    }

    #[test]
    fn halves_islands_and_undetermined() {
        assert_eq!(
            runs(&[Ja, Ja, En, Ja, Zh, Ja, Und, Ja, En, En, En, Und]),
            [(Ja, 0..8), (En, 8..12)]
        );
        assert_eq!(runs(&[Und, Und, En]), [(En, 0..3)]);
        assert_eq!(runs(&[Und]), [(Und, 0..1)]);
        assert_eq!(runs(&[Zh, Ja, Ja, Ja]), [(Ja, 0..4)]);
        assert!(runs(&[]).is_empty());
    }

    #[test]
    fn long_islands_are_runs() {
        let langs = [En, En, Ja, Ja, Ja, En, En];
        assert_eq!(runs(&langs), [(En, 0..2), (Ja, 2..5), (En, 5..7)]);
        let bytes = [20, 20, 400, 20, 20];
        assert_eq!(
            runs_of(&[En, En, Zh, En, En], &bytes),
            [(En, 0..2), (Zh, 2..3), (En, 3..5)]
        );
    }
}
