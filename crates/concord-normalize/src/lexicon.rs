//! A small embedded English lexicon and the per-document vocabulary that
//! the [`Glued`](crate::Glued) and [`Recase`](crate::Recase) stages learn
//! from the text itself.
//!
//! [`COMMON_WORDS`] (in `english_words.rs`) holds the 5,000 most frequent
//! lower-case English words of three or more letters: ranked by the
//! `wordfreq` 3.1.1 `large_en` list (Apache-2.0 code; data CC BY-SA 4.0 by
//! Robyn Speer et al.), kept only when the word is also a lower-case entry of
//! SCOWL's `american-english-small` (Debian `wamerican-small`, permissive
//! SCOWL licence), which drops names and abbreviations. The script that built
//! it is `tools/gen_tables.py`.
//!
//! The vocabulary is what makes the document-level stages general instead of
//! word lists: a word written `Lutnick` in the middle of a sentence somewhere
//! is a name, a word written `AI` in mixed-case text is an acronym, and
//! `OpenAI` written twice is a brand, not two glued words.

use crate::char_class::{is_cjk_letter, is_closer, is_line_break, is_opener};
use crate::english_words::COMMON_WORDS;
use std::collections::HashMap;
use std::ops::Range;

/// Two-letter English function words (lower case). `us` is left out on
/// purpose: in news text an upper-case `US` is the country.
const TWO_LETTER_WORDS: &[&str] = &[
    "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no",
    "of", "on", "or", "so", "to", "up", "we",
];

/// Whether `lower` (already lower case) is a common English word: one of
/// [`COMMON_WORDS`], or a two-letter function word, or `a`.
pub(crate) fn is_common_word(lower: &str) -> bool {
    match lower.len() {
        0 => false,
        1 => lower == "a",
        2 => TWO_LETTER_WORDS.contains(&lower),
        _ => COMMON_WORDS.binary_search(&lower).is_ok(),
    }
}

/// Whether `word` (any case) is one of the 5,000 most frequent English words
/// or a two-letter function word: a capitalised token that is *not* one is
/// most likely a name (`Anthropic`, `Brandom`), one that is most likely a
/// word that merely starts a sentence (`Critics`, `Commerce`).
///
/// ```
/// assert!(concord_normalize::is_common_english_word("Officials"));
/// assert!(!concord_normalize::is_common_english_word("Lutnick"));
/// ```
pub fn is_common_english_word(word: &str) -> bool {
    is_common_word(&word.to_lowercase())
}

/// Month and weekday names, which English always capitalizes (`may` and
/// `march` are left out: they are common words too).
const CAPITALIZED_WORDS: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "monday",
    "november",
    "october",
    "saturday",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// Whether `lower` is always capitalized in English (month and weekday
/// names).
pub(crate) fn is_capitalized_word(lower: &str) -> bool {
    CAPITALIZED_WORDS.contains(&lower)
}

/// Characters that can be part of a word for casing purposes: letters and
/// digits of any script except CJK ideographs and kana (which have no case
/// and are not separated by spaces).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk_letter(c)
}

/// The maximal runs of [`is_word_char`] characters in `text`.
pub(crate) fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|&(_, c)| is_word_char(c))?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

/// Sentence terminators, Latin and CJK.
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '｡' | '…')
}

/// Whether the word starting at byte `start` of `text` opens a sentence:
/// going back on the same line past white space and opening quotes or
/// brackets, the first other character is a terminator (but not the dot of
/// an initial, as in `Dean W. Ball`), or there is none.
pub(crate) fn starts_sentence(text: &str, start: usize) -> bool {
    let mut chars = text[..start].chars().rev();
    while let Some(c) = chars.next() {
        if is_line_break(c) {
            return true;
        }
        if c.is_whitespace() || (is_opener(c) && !is_closer(c)) || matches!(c, '"' | '\'') {
            continue;
        }
        if c == '.' {
            let mut before = chars.clone();
            let initial = before.next().is_some_and(char::is_uppercase)
                && !before.next().is_some_and(char::is_alphanumeric);
            return !initial;
        }
        return is_sentence_end(c);
    }
    true
}

/// How a word is written in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `model`.
    Lower,
    /// `MODEL`, `AI` (two or more letters, no lower case).
    Upper,
    /// `Model`: first letter upper case, the rest lower case.
    Title,
    /// `OpenAI`, `LeCun`, `iPhone`: anything else with both cases.
    Mixed,
    /// One letter, digits, or no cased letters.
    Other,
}

/// The [`Shape`] of `word`.
pub(crate) fn shape(word: &str) -> Shape {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Shape::Other;
    };
    if word.chars().any(|c| c.is_numeric()) {
        return Shape::Other;
    }
    let rest_lower = chars.clone().all(|c| !c.is_uppercase());
    let rest_upper = chars.clone().all(|c| !c.is_lowercase());
    let cased = word
        .chars()
        .filter(|c| c.is_uppercase() || c.is_lowercase());
    if cased.count() < 2 {
        return Shape::Other;
    }
    match (first.is_uppercase(), first.is_lowercase()) {
        (true, _) if rest_upper => Shape::Upper,
        (true, _) if rest_lower => Shape::Title,
        (_, true) if rest_lower => Shape::Lower,
        _ => Shape::Mixed,
    }
}

/// Counts of how one word (compared in lower case) is written in running
/// text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Votes {
    /// Written in lower case.
    pub lower: usize,
    /// Written in upper case (an acronym).
    pub upper: usize,
    /// Capitalized in the middle of a sentence (a name).
    pub title: usize,
    /// Written in mixed case, with the most frequent mixed form.
    pub mixed: usize,
    /// The mixed form itself (`OpenAI`).
    pub mixed_form: String,
}

/// What a document says about its own words.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    votes: HashMap<String, Votes>,
    /// Every ASCII-letter token (exact spelling) and how often it occurs.
    tokens: HashMap<String, usize>,
    /// Reused buffer for lower-casing.
    scratch: String,
}

impl Vocabulary {
    /// Learn from `text`, skipping the byte ranges in `skip` (upper-case
    /// paragraphs, whose casing says nothing) and taking no names from
    /// title-case headline lines.
    pub(crate) fn learn(text: &str, skip: &[Range<usize>]) -> Self {
        let mut vocabulary = Self::default();
        let mut skip = skip.iter().peekable();
        for line in line_ranges(text) {
            let headline = is_headline(&text[line.clone()]);
            for word in words(&text[line.clone()]) {
                let range = line.start + word.start..line.start + word.end;
                while skip.peek().is_some_and(|s| s.end <= range.start) {
                    skip.next();
                }
                let w = &text[range.clone()];
                if w.bytes().all(|b| b.is_ascii_alphabetic()) {
                    match vocabulary.tokens.get_mut(w) {
                        Some(count) => *count += 1,
                        None => {
                            vocabulary.tokens.insert(w.to_owned(), 1);
                        }
                    }
                }
                if skip
                    .peek()
                    .is_some_and(|s| s.start < range.end && range.start < s.end)
                {
                    continue;
                }
                vocabulary.vote(text, range, headline);
            }
        }
        vocabulary
    }

    fn vote(&mut self, text: &str, range: Range<usize>, headline: bool) {
        let word = &text[range.clone()];
        let shape = shape(word);
        if shape == Shape::Other {
            return;
        }
        let title_ok = shape == Shape::Title && !headline && !starts_sentence(text, range.start);
        if shape == Shape::Title && !title_ok {
            return;
        }
        let lower = if word.is_ascii() {
            let mut buf = std::mem::take(&mut self.scratch);
            buf.clear();
            buf.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            buf
        } else {
            word.to_lowercase()
        };
        if !self.votes.contains_key(lower.as_str()) {
            self.votes.insert(lower.clone(), Votes::default());
        }
        let Some(entry) = self.votes.get_mut(lower.as_str()) else {
            return;
        };
        self.scratch = lower;
        match shape {
            Shape::Lower => entry.lower += 1,
            Shape::Upper => entry.upper += 1,
            Shape::Title => entry.title += 1,
            Shape::Mixed => {
                entry.mixed += 1;
                if entry.mixed_form.is_empty() {
                    entry.mixed_form = word.to_owned();
                }
            }
            Shape::Other => {}
        }
    }

    /// The votes for `lower` (a lower-case word), if it was seen.
    pub(crate) fn votes(&self, lower: &str) -> Option<&Votes> {
        self.votes.get(lower)
    }

    /// How often the exact ASCII token `token` occurs in the document.
    pub(crate) fn token_count(&self, token: &str) -> usize {
        self.tokens.get(token).copied().unwrap_or(0)
    }

    /// Whether `word` (exact spelling, capitalized or mixed case) is used as
    /// a name: written that way in the middle of a sentence somewhere.
    pub(crate) fn is_known_name(&self, word: &str) -> bool {
        let Some(votes) = self.votes(&word.to_lowercase()) else {
            return false;
        };
        match shape(word) {
            Shape::Title => votes.title > 0,
            Shape::Mixed => votes.mixed > 0 && votes.mixed_form == word,
            _ => false,
        }
    }
}

/// Byte ranges of the lines of `text` (without their line breaks).
pub(crate) fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0usize;
    let mut done = false;
    let mut breaks = text
        .char_indices()
        .filter(|&(_, c)| is_line_break(c))
        .map(|(i, c)| (i, i + c.len_utf8()));
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match breaks.next() {
            Some((at, next)) => {
                let line = start..at;
                start = next;
                Some(line)
            }
            None => {
                done = true;
                Some(start..text.len())
            }
        }
    })
}

/// Short words title case leaves in lower case.
const TITLE_CASE_SMALL_WORDS: &[&str] = &[
    "and", "but", "for", "from", "into", "nor", "onto", "over", "per", "the", "via", "with", "yet",
];

/// A title-case headline: at least three words of three or more letters
/// (not counting `the`, `and`, `for`, ...), at least 80% of them
/// capitalized (`Evaluation of the U.S. Ban on Two AI Models`).
fn is_headline(line: &str) -> bool {
    let mut counted = 0usize;
    let mut capitalized = 0usize;
    for word in words(line) {
        let w = &line[word];
        if w.chars().count() < 3 || TITLE_CASE_SMALL_WORDS.contains(&w) {
            continue;
        }
        counted += 1;
        if w.chars().next().is_some_and(char::is_uppercase) {
            capitalized += 1;
        }
    }
    counted >= 3 && capitalized * 10 >= counted * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_knows_common_words_only() {
        for w in ["the", "government", "means", "force", "their", "of", "a"] {
            assert!(is_common_word(w), "{w}");
        }
        for w in ["ai", "nsa", "ceo", "us", "lutnick", "openai", ""] {
            assert!(!is_common_word(w), "{w}");
        }
        assert!(COMMON_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("model"), Shape::Lower);
        assert_eq!(shape("AI"), Shape::Upper);
        assert_eq!(shape("Lutnick"), Shape::Title);
        assert_eq!(shape("OpenAI"), Shape::Mixed);
        assert_eq!(shape("iPhone"), Shape::Mixed);
        assert_eq!(shape("GPT5"), Shape::Other);
        assert_eq!(shape("A"), Shape::Other);
        assert_eq!(shape("Élysée"), Shape::Title);
    }

    #[test]
    fn vocabulary_learns_names_acronyms_and_brands() {
        let text = "Evaluation Of The Great Ban Today\nThe letter from Lutnick reached OpenAI and the NSA. Lutnick said no.\n「Anthropic」は声明を出した。";
        let v = Vocabulary::learn(text, &[]);
        assert!(v.is_known_name("Lutnick"));
        assert!(v.is_known_name("OpenAI"));
        // Sentence-initial and headline capitals teach nothing.
        assert!(!v.is_known_name("The"));
        assert!(!v.is_known_name("Evaluation"));
        assert!(!v.is_known_name("Anthropic"));
        assert_eq!(v.votes("nsa").map(|v| v.upper), Some(1));
        assert_eq!(v.token_count("Lutnick"), 2);
        assert!(starts_sentence(text, text.find("Lutnick said").unwrap()));
        let initials = "Dean W. Ball and the U.S. Army";
        assert!(!starts_sentence(initials, initials.find("Ball").unwrap()));
        assert!(!starts_sentence(initials, initials.find("Army").unwrap()));
        assert!(starts_sentence("It ended. Then", 10));
    }

    #[test]
    fn lines_and_words() {
        let text = "ab cd\r\nÉté 東京x\n";
        let lines: Vec<_> = line_ranges(text).map(|r| &text[r]).collect();
        assert_eq!(lines, ["ab cd", "", "Été 東京x", ""]);
        let w: Vec<_> = words("Été 東京x-2").map(|r| &"Été 東京x-2"[r]).collect();
        assert_eq!(w, ["Été", "x", "2"]);
    }
}
