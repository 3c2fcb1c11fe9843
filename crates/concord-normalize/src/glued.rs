//! [`Glued`]: put back the space machine translation and copy-paste lose
//! between two words (`meansEven` → `means Even`, `MetaYann LeCun` →
//! `Meta Yann LeCun`, `imposedNSATheir` → `imposed NSA Their`).

use crate::lexicon::{is_common_word, Vocabulary};
use concord_core::{Edit, NormalizedText, Normalizer};
use std::ops::Range;

/// Puts back the space machine translation and copy-paste lose
/// between two words (`meansEven` → `means Even`, `MetaYann LeCun` →
/// `Meta Yann LeCun`, `imposedNSATheir` → `imposed NSA Their`).
///
/// Camel case is also how brands are spelled (`OpenAI`, `LeCun`, `iPhone`,
/// `McDonald`, `DeepMind`, `YouTube`, `GitHub`), so the stage splits only
/// where the evidence is strong, using general rules and what the document
/// itself says about its words; there is no list of names:
///
/// * **lower-case word + Word**: the left part is a common lower-case English
///   word (three or more letters, or a two-letter function word such as `it`)
///   and the right part a capitalized word or the pronoun `I`
///   (`forceAnd`, `hoursRed`, `itI`);
/// * **Name + Word**: the left part is a capitalized or mixed-case word that
///   is not a common English word and that the document writes on its own in
///   the middle of a sentence (`Meta`, `LeCun`), and the right part is a
///   capitalized common word or a word the document also writes on its own
///   (`LeCunThis`, `MetaYann` next to `Yann LeCun`);
/// * **ACRONYM + Word**: an upper-case run followed by a capitalized common
///   word (`NSATheir` → `NSA Their`).
///
/// A glued token the document writes twice or more is taken as a real
/// spelling and never split, and tokens that look like URLs, e-mail
/// addresses or code (`/`, `@`, `_`, `=`, `#`, `\`) are left alone. The only
/// edit is an inserted space, so every character keeps its original bytes.
///
/// This stage reads the whole document, so a sentence normalized on its own
/// can differ from the same sentence in context by these spaces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Glued;

impl Normalizer for Glued {
    fn normalize(&self, text: &mut NormalizedText) {
        if !has_camel_case(text.as_str()) {
            return;
        }
        let vocabulary = Vocabulary::learn(text.as_str(), &[]);
        let edits = glued_edits(text.as_str(), &vocabulary);
        text.apply(edits);
    }

    fn name(&self) -> &'static str {
        "glued"
    }
}

/// Whether `text` has a lower-case letter followed by an upper-case one, or
/// two capitals followed by a lower-case letter (cheap test before learning
/// the vocabulary).
fn has_camel_case(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| match w {
        [a, b, c] => {
            (a.is_ascii_lowercase() && b.is_ascii_uppercase())
                || (b.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (a.is_ascii_uppercase() && b.is_ascii_uppercase() && c.is_ascii_lowercase())
        }
        _ => false,
    })
}

fn glued_edits(text: &str, vocabulary: &Vocabulary) -> Vec<Edit> {
    let mut edits = Vec::new();
    for token in tokens(text) {
        let token_text = &text[token.clone()];
        if !has_camel_case(token_text) || token_text.contains(['/', '@', '_', '=', '#', '\\']) {
            continue;
        }
        for run in letter_runs(token_text) {
            let run_text = &token_text[run.clone()];
            if vocabulary.token_count(run_text) >= 2 {
                continue;
            }
            for split in splits(run_text, vocabulary) {
                let at = token.start + run.start + split;
                edits.push(Edit::new(at..at, " "));
            }
        }
    }
    edits
}

/// Byte ranges of the white-space separated tokens of `text`.
fn tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|&(_, c)| !c.is_whitespace())?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

/// Byte ranges of the maximal ASCII-letter runs of `token`.
fn letter_runs(token: &str) -> Vec<Range<usize>> {
    let bytes = token.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0usize;
    while i < bytes.len() {
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
        }
        // A run glued to a digit or a non-ASCII letter is part of a larger
        // word (`GPT5Pro`, `Zürich`): leave it.
        let glued_before = token[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let glued_after = token[i..].chars().next().is_some_and(char::is_alphanumeric);
        if !glued_before && !glued_after {
            runs.push(start..i);
        }
    }
    runs
}

/// Byte offsets inside the ASCII-letter run `run` where a space goes.
fn splits(run: &str, vocabulary: &Vocabulary) -> Vec<usize> {
    let bytes = run.as_bytes();
    // Starts of the humps: after the first, each begins with an upper-case
    // letter that follows a lower-case one.
    let humps: Vec<usize> = (1..bytes.len())
        .filter(|&i| {
            bytes.get(i - 1).is_some_and(u8::is_ascii_lowercase)
                && bytes.get(i).is_some_and(u8::is_ascii_uppercase)
        })
        .collect();
    let mut out = Vec::new();
    let mut segment_start = 0usize;
    let mut first = true;
    for (k, &at) in humps.iter().enumerate() {
        let hump_end = humps.get(k + 1).copied().unwrap_or(run.len());
        let left = &run[segment_start..at];
        let right = &run[at..hump_end];
        let at_end = hump_end == run.len();
        if lower_word_then_word(left, right, at_end) || name_then_word(left, right, vocabulary) {
            if first {
                out.extend(acronym_split(left));
            }
            out.push(at);
            out.extend(acronym_split(right).map(|i| at + i));
            segment_start = at;
            first = false;
        }
    }
    if first && humps.is_empty() {
        out.extend(acronym_split(run));
    }
    out
}

/// `forceAnd`, `itI`, `imposedNSATheir`.
fn lower_word_then_word(left: &str, right: &str, at_end: bool) -> bool {
    let lower = left.bytes().all(|b| b.is_ascii_lowercase());
    lower
        && left.len() >= 2
        && is_common_word(left)
        && (is_capitalized(right) || (right == "I" && at_end) || acronym_split(right).is_some())
}

/// `LeCunThis`, `MetaYann`.
fn name_then_word(left: &str, right: &str, vocabulary: &Vocabulary) -> bool {
    left.len() >= 3
        && left.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && left.bytes().any(|b| b.is_ascii_lowercase())
        && !is_common_word(&left.to_ascii_lowercase())
        && vocabulary.is_known_name(left)
        && is_capitalized(right)
        && (is_common_word(&right.to_ascii_lowercase()) || vocabulary.token_count(right) > 0)
}

/// `Word`: one upper-case letter, then at least one lower-case letter.
fn is_capitalized(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase())
        && word.len() >= 2
        && bytes.all(|b| b.is_ascii_lowercase())
}

/// In `NSATheir` (two or more capitals, then a capitalized common word of
/// three or more letters), the offset of the word.
fn acronym_split(hump: &str) -> Option<usize> {
    let bytes = hump.as_bytes();
    let capitals = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if capitals < 3 || capitals == bytes.len() {
        return None;
    }
    let at = capitals - 1;
    let tail = hump.get(at..)?;
    (is_capitalized(tail) && tail.len() >= 3 && is_common_word(&tail.to_ascii_lowercase()))
        .then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        let mut t = NormalizedText::new(text);
        Glued.normalize(&mut t);
        t.as_str().to_owned()
    }

    #[test]
    fn splits_lower_case_word_glued_to_a_capitalized_one() {
        assert_eq!(
            run("The directive was still in forceAnd nobody knew itI think."),
            "The directive was still in force And nobody knew it I think."
        );
        assert_eq!(
            run("which meansEven the government"),
            "which means Even the government"
        );
        assert_eq!(
            run("were imposedNSATheir rules"),
            "were imposed NSA Their rules"
        );
    }

    #[test]
    fn keeps_brands_and_camel_case_names() {
        for text in [
            "OpenAI released it on the iPhone, said McDonald of DeepMind.",
            "Watch it on YouTube or GitHub; LeCun agreed with eBay and macOS users.",
            "JPMorgan and PowerPoint and WhatsApp and CoreWeave and watchOS",
            "see https://example.com/fooBar or foo_barBaz or x@mailHost",
        ] {
            assert_eq!(run(text), text);
        }
    }

    #[test]
    fn splits_names_the_document_uses_on_their_own() {
        let text = "Yann LeCun works at Meta. The chief scientist of MetaYann LeCun said it. \
                    Later, LeCunThis was a reply by LeCun.";
        assert_eq!(
            run(text),
            "Yann LeCun works at Meta. The chief scientist of Meta Yann LeCun said it. \
             Later, LeCun This was a reply by LeCun."
        );
        // Without the standalone mention there is no evidence.
        assert_eq!(
            run("He joined MetaYann yesterday."),
            "He joined MetaYann yesterday."
        );
    }

    #[test]
    fn a_token_written_twice_is_a_spelling() {
        let text = "the tool newTool ran. Then newTool stopped.";
        assert_eq!(run(text), text);
        assert_eq!(run("a newTool ran"), "a new Tool ran");
        assert_eq!(run("he was tiredHe slept"), "he was tired He slept");
    }

    #[test]
    fn chinese_and_japanese_text_is_untouched() {
        for text in ["他在MetaYann工作。", "東京でforceAndと言った", "中文"] {
            assert_eq!(run(text), text);
        }
    }
}
