//! Sentence segmenters for mixed English / Chinese / Japanese news text.
//!
//! [`RuleSegmenter`] treats every line as a paragraph and splits inside lines
//! at sentence terminators with rules for the usual traps of English
//! (`U.S.`, `Dean W. Ball`, `GPT-5.6`, `$1.4 trillion`) and of CJK quoting
//! (`「…。」`, `“…。”`). [`LineSegmenter`] makes each line one sentence.
//! Both cap sentence length so no input, however long its lines, yields a
//! giant sentence.

use crate::char_class::{
    can_start_sentence, char_at, char_before, is_cjk_letter, is_cjk_terminator, is_clause_mark,
    is_closer, is_line_break, is_mark, is_opener, is_strong_terminator, is_terminator,
};
use crate::normalizers::PUNCTUATION_LOOK_BACK;
use concord_core::{Lang, Segmenter, SentenceSpan};
use std::ops::Range;

/// Default cap on sentence length, in bytes.
pub const DEFAULT_MAX_SENTENCE_BYTES: usize = 2_000;

/// Smallest accepted cap: shorter caps are raised to this. It must exceed the
/// punctuation normalizer's look-back so a cut never changes how the text
/// next to it normalizes.
pub const MIN_MAX_SENTENCE_BYTES: usize = 64;

/// How far a `( … )` may run before splitting inside it is allowed again.
const MAX_PROTECTED_PARENTHESIS_BYTES: usize = 300;

/// Abbreviations that (almost) never end a sentence.
const NON_FINAL_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "St", "vs", "e.g", "i.e", "No", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Gen", "Gov", "Sen", "Rep",
    "Lt", "Col", "Mt", "MR", "MRS", "MS", "DR", "PROF", "E.G", "I.E",
];

/// Abbreviations that may end a sentence: split after them only when the
/// next word is a common sentence opener.
const FINAL_ABBREVIATIONS: &[&str] = &[
    "U.S", "U.K", "U.N", "E.U", "Inc", "Ltd", "Co", "Corp", "etc", "Jr", "a.m", "p.m", "INC",
    "LTD", "CO", "CORP", "JR", "A.M", "P.M",
];

/// Lower-case abbreviations that may be followed by a lower-case word
/// without ending a sentence (`approx. the`, `et al. and`).
const LOWER_ABBREVIATIONS: &[&str] = &[
    "approx", "est", "fig", "figs", "vol", "vols", "pp", "p", "cf", "al", "ca", "ed", "eds", "ch",
    "sec", "min", "max", "incl", "esp", "dept", "govt", "intl", "natl", "univ", "ft", "oz", "lb",
    "lbs", "kg", "km", "mi", "yr", "yrs", "mo", "mos", "wk", "wks", "hr", "hrs", "tel", "op",
    "cit", "ibid", "resp", "viz", "vs", "etc", "jr", "sr", "st", "co", "inc", "ltd", "corp", "dr",
    "mr", "mrs", "ms", "prof", "no", "nos", "gen", "gov", "sen", "rep", "lt", "col", "mt",
];

/// Lower-case words that open a sentence after a terminator even in
/// careless or machine-translated text (`... misaligned. how legible ...`,
/// `... tools." but who knows ...`).
const LOWER_OPENERS: &[&str] = &[
    "a", "an", "and", "but", "so", "the", "this", "that", "these", "those", "it", "i", "we",
    "they", "he", "she", "you", "how", "what", "who", "why", "when", "where", "there", "then",
];

/// Words that usually open a sentence (compared ignoring ASCII case).
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "In",
    "But",
    "However",
    "A",
    "An",
    "There",
    "Moreover",
    "Meanwhile",
    "As",
    "If",
    "So",
];

/// Rule-based segmenter for mixed EN/ZH/JA text.
///
/// * A line break always ends a sentence (one paragraph per line; a heading,
///   a list item or a timeline entry is its own sentence). A leading list
///   bullet (`• `, `- `, `* `) is not part of the sentence.
/// * `。！？!?` end a sentence (with any following terminators and closing
///   quotes or brackets: `他说：“好。”` ends after `”`). After CJK text an
///   ASCII `!`/`?` ends it whatever follows (`思いますか?CIA 長官`); after
///   Latin text they need white space or CJK after them, or a capitalised
///   word glued on (`works?It is`).
/// * A closing quote followed directly by hiragana (`「…!」と述べた`) or by
///   a lower-case attribution (`"…!" the apologists said`) continues the
///   sentence.
/// * `.` ends a sentence before white space and an upper-case letter, digit,
///   opening quote or CJK character, before CJK directly, before a
///   capitalised word glued on by machine translation (`force.And`,
///   `NSA.Their`, `2025.The`, not `Node.js`, `OpenAI.com`, `U.S.The`), or
///   at the end of the line; never after a single capital initial
///   (`Dean W. Ball`) or a listed abbreviation (`Mr.`, `e.g.`, `No. 5`;
///   `U.S.`/`Inc.` only before a common sentence opener such as `The`).
/// * Before a lower-case word only when that word opens sentences (`how`,
///   `but`, `the`, ...) and the word before the terminator is a plain word,
///   not an abbreviation: `... misaligned. how legible ...`.
/// * `…`/`...` end a sentence only before white space and an upper-case
///   letter, or before CJK; inside CJK text (`我想……算了`) never.
/// * Nothing splits inside `( … )` / `（ … ）` until it is 300 bytes long.
/// * No sentence starts with a terminator, comma or closing mark.
/// * Sentences longer than the cap are cut at the last white space or CJK
///   punctuation before a letter, else before any letter, else anywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSegmenter {
    max_sentence_bytes: usize,
}

impl RuleSegmenter {
    /// A segmenter with the default cap of [`DEFAULT_MAX_SENTENCE_BYTES`].
    pub fn new() -> Self {
        Self {
            max_sentence_bytes: DEFAULT_MAX_SENTENCE_BYTES,
        }
    }

    /// Use another cap (at least [`MIN_MAX_SENTENCE_BYTES`]).
    pub fn with_max_sentence_bytes(max_sentence_bytes: usize) -> Self {
        Self {
            max_sentence_bytes: max_sentence_bytes.max(MIN_MAX_SENTENCE_BYTES),
        }
    }

    /// The cap on sentence length in bytes.
    pub fn max_sentence_bytes(&self) -> usize {
        self.max_sentence_bytes
    }
}

impl Default for RuleSegmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter for RuleSegmenter {
    fn segment(&self, text: &str) -> Vec<SentenceSpan> {
        let mut ranges = Vec::new();
        for line in line_ranges(text) {
            let line = without_bullet(text, line);
            let mut start = line.start;
            for cut in sentence_ends(text, line.clone()) {
                push_capped(text, start..cut, self.max_sentence_bytes, &mut ranges);
                start = cut;
            }
            push_capped(text, start..line.end, self.max_sentence_bytes, &mut ranges);
        }
        with_languages(text, ranges)
    }
}

/// Each non-empty line is one sentence (trimmed, without a leading list
/// bullet), cut only by the length cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSegmenter {
    max_sentence_bytes: usize,
}

impl LineSegmenter {
    /// A segmenter with the default cap of [`DEFAULT_MAX_SENTENCE_BYTES`].
    pub fn new() -> Self {
        Self {
            max_sentence_bytes: DEFAULT_MAX_SENTENCE_BYTES,
        }
    }

    /// Use another cap (at least [`MIN_MAX_SENTENCE_BYTES`]).
    pub fn with_max_sentence_bytes(max_sentence_bytes: usize) -> Self {
        Self {
            max_sentence_bytes: max_sentence_bytes.max(MIN_MAX_SENTENCE_BYTES),
        }
    }

    /// The cap on sentence length in bytes.
    pub fn max_sentence_bytes(&self) -> usize {
        self.max_sentence_bytes
    }
}

impl Default for LineSegmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter for LineSegmenter {
    fn segment(&self, text: &str) -> Vec<SentenceSpan> {
        let mut ranges = Vec::new();
        for line in line_ranges(text) {
            push_capped(
                text,
                without_bullet(text, line),
                self.max_sentence_bytes,
                &mut ranges,
            );
        }
        with_languages(text, ranges)
    }
}

fn with_languages(text: &str, ranges: Vec<Range<usize>>) -> Vec<SentenceSpan> {
    ranges
        .into_iter()
        .map(|range| SentenceSpan {
            lang: Lang::detect(&text[range.clone()]),
            range,
        })
        .collect()
}

/// Byte ranges of the lines of `text`, without their line breaks.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if is_line_break(c) {
            if start < i {
                lines.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        lines.push(start..text.len());
    }
    lines
}

/// List bullets that are not part of the sentence after them.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '·'
            | '‣'
            | '◦'
            | '▪'
            | '▫'
            | '■'
            | '□'
            | '●'
            | '○'
            | '◆'
            | '◇'
            | '►'
            | '▶'
            | '➢'
            | '✓'
            | '✔'
            | '-'
            | '*'
            | '–'
            | '・'
            | '∙'
    )
}

/// `line` without a leading list bullet (`• `, `- `, `* `) when a letter,
/// digit or opening quote or bracket (one that never closes, so not an
/// ASCII `"`) follows it after white space: a bullet is not part of its
/// sentence. Only then, so normalizing the rest alone looks back at that
/// letter or bracket, never at the bullet.
fn without_bullet(text: &str, line: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(line.clone()) else {
        return line;
    };
    let lead = slice.len() - slice.trim_start().len();
    let rest = &slice[lead..];
    let mut chars = rest.chars();
    let Some(bullet) = chars.next() else {
        return line;
    };
    if !is_bullet(bullet) {
        return line;
    }
    let after_bullet = &rest[bullet.len_utf8()..];
    let body = after_bullet.trim_start();
    let spaced = body.len() < after_bullet.len();
    match body.chars().next() {
        // Not before an ASCII `"` or `'`: they are closers too, and the
        // punctuation normalizer looks back past closers (`- "。`).
        Some(c)
            if spaced
                && ((c.is_alphanumeric() && !is_mark(c)) || (is_opener(c) && !is_closer(c))) =>
        {
            line.end - body.len()..line.end
        }
        _ => line,
    }
}

/// `range` without leading and trailing white space.
pub(crate) fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(range.clone()) else {
        return range.start..range.start;
    };
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if start >= end {
        start..start
    } else {
        start..end
    }
}

/// Push `range` trimmed, cut into pieces of at most `cap` bytes.
fn push_capped(text: &str, range: Range<usize>, cap: usize, out: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    loop {
        let piece = trimmed(text, start..range.end);
        if piece.is_empty() {
            return;
        }
        if piece.len() <= cap {
            out.push(piece);
            return;
        }
        let cut = cap_cut(text, piece.start, piece.start + cap);
        let head = trimmed(text, piece.start..cut);
        if !head.is_empty() {
            out.push(head);
        }
        start = cut;
    }
}

/// Where to cut a too-long sentence starting at `start`, at or before
/// `limit` (which lies inside the text): the last letter after white space
/// or CJK punctuation, else the last letter, else the last char boundary.
/// "Letter" means alphanumeric and not a combining mark, so the cut never
/// separates a mark from its base nor a closing mark from what it closes.
fn cap_cut(text: &str, start: usize, limit: usize) -> usize {
    let mut limit = limit.min(text.len());
    while limit > start && !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let mut any_letter = None;
    let mut b = limit;
    while b > start {
        let (Some(next), Some(prev)) = (char_at(text, b), char_before(text, b)) else {
            break;
        };
        if next.is_alphanumeric() && !is_mark(next) {
            if prev.is_whitespace()
                || is_clause_mark(prev)
                || is_cjk_terminator(prev)
                || (is_closer(prev) && !prev.is_ascii())
            {
                return b;
            }
            any_letter.get_or_insert(b);
        }
        b -= prev.len_utf8();
    }
    match any_letter {
        Some(b) => b,
        None if limit > start => {
            // No letter at all: cut anywhere the punctuation normalizer's
            // look-back does not cross, latest first.
            let mut b = limit;
            while b > start {
                if !crosses_punctuation_look_back(text, b) {
                    return b;
                }
                b -= char_before(text, b).map_or(1, char::len_utf8);
            }
            limit
        }
        // Cap smaller than the first character: take that character.
        None => start + char_at(text, start).map_or(1, char::len_utf8),
    }
}

/// Whether cutting at `b` could change how the text after it normalizes:
/// a `，` or `。` (or the `,` / `.` the punctuation normalizer made of one)
/// just after `b`, past spaces and closing marks, whose look-back in the
/// whole text would reach ASCII text before `b` (`- ，` becomes `- ,` only
/// when the `-` is in view).
fn crosses_punctuation_look_back(text: &str, b: usize) -> bool {
    let skippable = |c: char| (c.is_whitespace() && !is_line_break(c)) || is_closer(c);
    let window = PUNCTUATION_LOOK_BACK + 1;
    let after = text[b..].chars().take(window).find(|&c| !skippable(c));
    // The segmenter sees normalized text, where such a mark may already be
    // `.` or `,`: those count too.
    if !matches!(after, Some('。' | '｡' | '，' | '.' | ',')) {
        return false;
    }
    let before = text[..b]
        .chars()
        .rev()
        .take(window)
        .find(|&c| !skippable(c));
    before.is_some_and(|c| c.is_ascii_graphic())
}

/// Byte offsets inside `line` after which a sentence ends.
fn sentence_ends(text: &str, line: Range<usize>) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut depth = 0usize;
    let mut paren_start = line.start;
    let mut i = line.start;
    while i < line.end {
        let Some(c) = char_at(text, i) else { break };
        let next = i + c.len_utf8();
        if matches!(c, '(' | '（') {
            if depth == 0 {
                paren_start = i;
            }
            depth += 1;
            i = next;
            continue;
        }
        if matches!(c, ')' | '）') {
            depth = depth.saturating_sub(1);
            i = next;
            continue;
        }
        if !is_terminator(c) {
            i = next;
            continue;
        }
        let run = TerminatorRun::scan(text, i, line.end);
        for closer in text[run.dots_end..run.end].chars() {
            if matches!(closer, ')' | '）') {
                depth = depth.saturating_sub(1);
            }
        }
        let protected = depth > 0 && i - paren_start <= MAX_PROTECTED_PARENTHESIS_BYTES;
        if !protected && run.ends_sentence(text, line.end) {
            ends.push(run.end);
            if depth > 0 {
                paren_start = run.end;
            }
        }
        i = run.end.max(next);
    }
    ends
}

/// A run of terminators followed by closing quotes or brackets.
struct TerminatorRun {
    /// First terminator.
    start: usize,
    /// End of the terminators (start of the closers).
    dots_end: usize,
    /// End of the closers.
    end: usize,
    /// Any of `。！？!?` in the run.
    strong: bool,
    /// Any CJK terminator in the run.
    cjk: bool,
    /// Number of dots (`…` counts as three).
    dots: usize,
}

impl TerminatorRun {
    fn scan(text: &str, start: usize, line_end: usize) -> Self {
        let mut run = Self {
            start,
            dots_end: start,
            end: start,
            strong: false,
            cjk: false,
            dots: 0,
        };
        let mut j = start;
        while j < line_end {
            let Some(c) = char_at(text, j) else { break };
            if !is_terminator(c) {
                break;
            }
            run.strong |= is_strong_terminator(c);
            run.cjk |= is_cjk_terminator(c);
            run.dots += match c {
                '.' => 1,
                '…' => 3,
                _ => 0,
            };
            j += c.len_utf8();
        }
        run.dots_end = j;
        while j < line_end {
            let Some(c) = char_at(text, j) else { break };
            if !(is_closer(c) || is_terminator(c)) {
                break;
            }
            run.strong |= is_strong_terminator(c);
            run.cjk |= is_cjk_terminator(c);
            j += c.len_utf8();
        }
        run.end = j;
        run
    }

    fn ends_sentence(&self, text: &str, line_end: usize) -> bool {
        let mut next_pos = self.end;
        while let Some(c) = char_at(text, next_pos) {
            if next_pos >= line_end || !c.is_whitespace() {
                break;
            }
            next_pos += c.len_utf8();
        }
        if next_pos >= line_end {
            // The line break ends the sentence anyway.
            return false;
        }
        let Some(next) = char_at(text, next_pos) else {
            return false;
        };
        if !can_start_sentence(next) {
            return false;
        }
        let spaced = next_pos > self.end;
        let closers = &text[self.dots_end..self.end];
        let prev = char_before(text, self.start);
        let after_cjk = prev.is_some_and(is_cjk_letter);
        let token = token_before(text, self.start);
        // "「値上げはしない!」と述べた": a Japanese quotative particle after a
        // closing quote continues the sentence; Chinese never uses hiragana.
        if !closers.is_empty() && !spaced && is_hiragana(next) {
            return false;
        }
        if self.strong {
            if self.cjk || after_cjk {
                // "本当に思いますか?CIA 長官は": after CJK text even an ASCII
                // `?` or `!` ends the sentence, whatever follows.
                // "（成立于1990年。）拒绝了": the bracket was an aside.
                return spaced || !closers.ends_with([')', '）']);
            }
            if spaced || is_cjk_letter(next) {
                // After a closing quote a lower-case word is the attribution:
                // `"Join the group!" the apologists will say`.
                return !next.is_lowercase()
                    || (closers.is_empty()
                        && opens_in_lower_case(text, next_pos, line_end, token));
            }
            // "how it works?It is": a sentence glued on by machine translation.
            return prev.is_some_and(char::is_alphabetic) && glued_capital(text, next_pos);
        }
        if self.dots >= 2 {
            // An ellipsis inside Chinese or Japanese text ("我想……算了") is
            // a pause, not an end.
            if after_cjk {
                return false;
            }
            return (spaced && next.is_uppercase()) || is_cjk_letter(next);
        }
        if !spaced {
            if is_cjk_letter(next) {
                return !is_non_final_abbreviation(token, next);
            }
            // "in force.And there", "the NSA.Their", "in 2025.The": a
            // sentence glued on by machine translation; not "Node.js",
            // "OpenAI.com", "U.S.The" (an abbreviation) or "Mr.Smith".
            let word_before = prev.is_some_and(char::is_lowercase)
                || is_acronym(token)
                || (!token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()));
            return word_before
                && glued_capital(text, next_pos)
                && !is_non_final_abbreviation(token, next)
                && !FINAL_ABBREVIATIONS.contains(&token)
                && !is_domain_suffix(text, next_pos);
        }
        if next.is_lowercase() {
            return closers.is_empty() && opens_in_lower_case(text, next_pos, line_end, token);
        }
        if !(next.is_uppercase() || next.is_ascii_digit() || is_opener(next) || is_cjk_letter(next))
        {
            return false;
        }
        if self.end > self.dots_end {
            // `."` / `.”`: a closed quotation really ends here.
            return true;
        }
        if is_non_final_abbreviation(token, next) {
            return false;
        }
        if FINAL_ABBREVIATIONS.contains(&token) {
            return is_cjk_letter(next)
                || is_opener(next)
                || next_word_opens_sentence(text, next_pos, line_end);
        }
        true
    }
}

/// An upper-case letter followed by a lower-case one at `at` (`The`, not
/// `JS` or `A.`).
fn glued_capital(text: &str, at: usize) -> bool {
    let Some(first) = char_at(text, at) else {
        return false;
    };
    let second = char_at(text, at + first.len_utf8());
    first.is_uppercase() && second.is_some_and(char::is_lowercase)
}

/// Two or more upper-case ASCII letters (`NSA`, `JUST`).
fn is_acronym(token: &str) -> bool {
    token.len() >= 2 && token.bytes().all(|b| b.is_ascii_uppercase())
}

/// The word at `at` is a top-level domain ending the token (`OpenAI.com`,
/// `Example.Org/news`).
fn is_domain_suffix(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let len = rest
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    let word = rest[..len].to_ascii_lowercase();
    crate::boilerplate::DOMAIN_SUFFIXES.contains(&word.as_str())
}

/// After a terminator and white space, a lower-case word that opens a
/// sentence (`how`, `but`, `the`, ...), after a plain word that is not an
/// abbreviation: `... misaligned. how legible ...`.
fn opens_in_lower_case(text: &str, at: usize, line_end: usize, token: &str) -> bool {
    let rest = &text[at..line_end.min(text.len())];
    let len = rest
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    let word = &rest[..len];
    let followed_by_space = rest[len..].starts_with(' ');
    let plain_word = token.len() >= 3
        && token.bytes().all(|b| b.is_ascii_alphabetic())
        && !LOWER_ABBREVIATIONS.contains(&token.to_ascii_lowercase().as_str())
        && !NON_FINAL_ABBREVIATIONS.contains(&token)
        && !FINAL_ABBREVIATIONS.contains(&token);
    plain_word && followed_by_space && LOWER_OPENERS.contains(&word)
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// The word just before byte `end`: ASCII letters, digits, dots and dashes,
/// at most 16 bytes.
fn token_before(text: &str, end: usize) -> &str {
    let mut start = end;
    while let Some(c) = char_before(text, start) {
        if end - start >= 16 || !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '\'')) {
            break;
        }
        start -= c.len_utf8();
    }
    &text[start..end]
}

fn is_non_final_abbreviation(token: &str, next: char) -> bool {
    let mut letters = token.chars();
    if let (Some(initial), None) = (letters.next(), letters.next()) {
        // "Dean W. Ball".
        return initial.is_ascii_uppercase();
    }
    if matches!(token, "No" | "NO") {
        // "No. 5", but "The answer was no. We ..." is a sentence end.
        return next.is_ascii_digit();
    }
    NON_FINAL_ABBREVIATIONS.contains(&token)
}

fn next_word_opens_sentence(text: &str, start: usize, line_end: usize) -> bool {
    let rest = &text[start..line_end.min(text.len())];
    let word_len = rest
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    let word = &rest[..word_len];
    SENTENCE_OPENERS
        .iter()
        .any(|opener| opener.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        RuleSegmenter::new()
            .segment(text)
            .into_iter()
            .map(|s| &text[s.range])
            .collect()
    }

    #[test]
    fn versions_decimals_money_and_initials_do_not_split() {
        let text = "Regulators in the U.S. reviewed GPT-5.6 and Opus 4.8 for 3.14 days. \
                    The deal is worth $1.4 trillion, said Jane Q. Public on Monday.";
        assert_eq!(
            sentences(text),
            [
                "Regulators in the U.S. reviewed GPT-5.6 and Opus 4.8 for 3.14 days.",
                "The deal is worth $1.4 trillion, said Jane Q. Public on Monday."
            ]
        );
    }

    #[test]
    fn abbreviations_and_sentence_final_us() {
        assert_eq!(
            sentences("Mr. Tanaka met Dr. Li at 9 a.m. on Tuesday. They talked about e.g. chips and i.e. Japan."),
            ["Mr. Tanaka met Dr. Li at 9 a.m. on Tuesday.", "They talked about e.g. chips and i.e. Japan."]
        );
        assert_eq!(
            sentences("The chips were made in the U.S. The factory is new. Exports to the U.K. Department stores rose."),
            ["The chips were made in the U.S.", "The factory is new.", "Exports to the U.K. Department stores rose."]
        );
        assert_eq!(
            sentences("See rule No. 5 now. The answer was no. We left."),
            ["See rule No. 5 now.", "The answer was no.", "We left."]
        );
    }

    #[test]
    fn chinese_and_japanese_terminators() {
        assert_eq!(
            sentences("台风今天登陆。学校全部停课！居民需要撤离吗？是的。"),
            [
                "台风今天登陆。",
                "学校全部停课！",
                "居民需要撤离吗？",
                "是的。"
            ]
        );
        assert_eq!(
            sentences("気象庁は警報を出した。住民は避難した！"),
            ["気象庁は警報を出した。", "住民は避難した！"]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("部长说：“我们不会让步。”记者追问。"),
            ["部长说：“我们不会让步。”", "记者追问。"]
        );
        assert_eq!(
            sentences("社長は「値上げはしない。」と述べた。株価は上がった。"),
            ["社長は「値上げはしない。」と述べた。", "株価は上がった。"]
        );
        assert_eq!(
            sentences(
                "He said, \u{201c}We will not back down.\u{201d} Then he left. \"Why?\" she asked."
            ),
            [
                "He said, \u{201c}We will not back down.\u{201d}",
                "Then he left.",
                "\"Why?\" she asked."
            ]
        );
    }

    #[test]
    fn exclamations_ellipses_and_glued_sentences() {
        assert_eq!(
            sentences("YES!!! 交渉は成功した。Wait... What? no way... It worked."),
            [
                "YES!!!",
                "交渉は成功した。",
                "Wait...",
                "What? no way...",
                "It worked."
            ]
        );
        assert_eq!(
            sentences("The rules stayed in force.And nobody said when. Node.js is fine."),
            [
                "The rules stayed in force.",
                "And nobody said when.",
                "Node.js is fine."
            ]
        );
    }

    #[test]
    fn quotative_particles_and_ascii_marks_after_cjk() {
        assert_eq!(
            sentences(
                "「参加すればいいだけだ!」と擁護派は言う。本当に思いますか?CIA 長官は黙った。"
            ),
            [
                "「参加すればいいだけだ!」と擁護派は言う。",
                "本当に思いますか?",
                "CIA 長官は黙った。"
            ]
        );
        assert_eq!(
            sentences("\"Just join the group!\" the apologists will say. Fine."),
            ["\"Just join the group!\" the apologists will say.", "Fine."]
        );
        assert_eq!(
            sentences("我想……算了吧。然后呢"),
            ["我想……算了吧。", "然后呢"]
        );
    }

    #[test]
    fn glued_and_lower_case_sentence_starts() {
        assert_eq!(
            sentences("They watched the NSA.Their calls stopped in 2025.The ban held. See OpenAI.com and Node.js now."),
            [
                "They watched the NSA.",
                "Their calls stopped in 2025.",
                "The ban held.",
                "See OpenAI.com and Node.js now."
            ]
        );
        assert_eq!(
            sentences("They resent parties they consider misaligned. how legible that is varies. It costs approx. the same, etc. and more. How it works?It is unclear."),
            [
                "They resent parties they consider misaligned.",
                "how legible that is varies.",
                "It costs approx. the same, etc. and more.",
                "How it works?",
                "It is unclear."
            ]
        );
    }

    #[test]
    fn bullets_are_not_part_of_sentences() {
        let text = "  • High-bandwidth memory is short. Orders are booked.\n- 中国の GLM 5.2 は進歩ではない\n* “Quoted” item\n-5% growth\n- ，odd\n•\n- \"。0aa\n";
        assert_eq!(
            sentences(text),
            [
                "High-bandwidth memory is short.",
                "Orders are booked.",
                "中国の GLM 5.2 は進歩ではない",
                "“Quoted” item",
                "-5% growth",
                "- ，odd",
                "•",
                "- \"。",
                "0aa"
            ]
        );
        let lines: Vec<_> = LineSegmenter::new()
            .segment(text)
            .into_iter()
            .map(|s| &text[s.range])
            .collect();
        assert_eq!(
            lines[0],
            "High-bandwidth memory is short. Orders are booked."
        );
    }

    #[test]
    fn lines_end_sentences_and_parentheses_protect() {
        assert_eq!(
            sentences("Budget Talks Resume\nMarch 3: Talks began. March 9: They ended.\n3月9日：会谈结束。"),
            ["Budget Talks Resume", "March 3: Talks began.", "March 9: They ended.", "3月9日：会谈结束。"]
        );
        assert_eq!(
            sentences("The agency (it was founded in 1990. It has 40 staff.) said no. 委员会（成立于1990年。现有40人。）拒绝了。"),
            ["The agency (it was founded in 1990. It has 40 staff.) said no.", "委员会（成立于1990年。现有40人。）拒绝了。"]
        );
    }

    #[test]
    fn all_caps_paragraph_splits() {
        assert_eq!(
            sentences("WITHIN A WEEK, THE U.S. MINISTRY REVERSED ITS ORDER. THE BAN WAS LIFTED. IT SURPRISED MR. KIM."),
            ["WITHIN A WEEK, THE U.S. MINISTRY REVERSED ITS ORDER.", "THE BAN WAS LIFTED.", "IT SURPRISED MR. KIM."]
        );
    }

    #[test]
    fn no_sentence_starts_with_a_closing_mark() {
        assert_eq!(sentences("Really? 。Yes! ”No"), ["Really? 。", "Yes! ”No"]);
    }

    #[test]
    fn long_lines_are_capped() {
        let word = "budget ";
        let text = word.repeat(1_000);
        let spans = RuleSegmenter::new().segment(&text);
        assert!(spans.len() >= 4);
        assert!(spans
            .iter()
            .all(|s| s.range.len() <= DEFAULT_MAX_SENTENCE_BYTES));
        assert!(spans.iter().all(|s| text[s.range.clone()].starts_with('b')));
        let cjk = "预算".repeat(2_000);
        let spans = RuleSegmenter::with_max_sentence_bytes(100).segment(&cjk);
        assert_eq!(spans.len(), cjk.len().div_ceil(99));
        assert!(spans
            .iter()
            .all(|s| s.range.len() <= 100 && s.lang == Lang::Zh));
        let dots = "。".repeat(1_000);
        let spans = LineSegmenter::new().segment(&dots);
        assert!(spans
            .iter()
            .all(|s| s.range.len() <= DEFAULT_MAX_SENTENCE_BYTES));
        assert_eq!(
            spans.iter().map(|s| s.range.len()).sum::<usize>(),
            dots.len()
        );
    }

    #[test]
    fn line_segmenter_keeps_lines_whole() {
        let text = "  First line. Still first.\n\n第二行。还是第二行。\r\nサード\n";
        let spans = LineSegmenter::new().segment(text);
        let got: Vec<_> = spans.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(
            got,
            ["First line. Still first.", "第二行。还是第二行。", "サード"]
        );
        let langs: Vec<_> = spans.iter().map(|s| s.lang).collect();
        assert_eq!(langs, [Lang::En, Lang::Zh, Lang::Ja]);
    }
}
