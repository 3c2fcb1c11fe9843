//! Lexical anchors: the numbers and Latin-script names a sentence shares with
//! its translation whatever the language (`48,000` / `4.8万`, `GPT-5.6`,
//! `Anthropic`), and the overlap score the miner adds to the margin.

use std::collections::{HashMap, HashSet};

/// Extracts lexical anchors from sentence text.
///
/// Anchors are canonical, lower-case strings:
///
/// * **numbers**: ASCII or full-width digits with an optional decimal part
///   and `,` thousands groups, scaled by a following `万`/`萬` (10⁴),
///   `亿`/`億` (10⁸), `兆` (10¹²), `千` (10³), `百` (10²), `十` (10) or
///   `thousand`/`million`/`billion`/`trillion`, and written without grouping,
///   leading zeros or trailing fractional zeros: `48,000`, `4.8万` and
///   `48 thousand` all give `48000`; `06` gives `6`;
/// * **English month names**, capitalised (`June`, `Jun.`), as their number, so that
///   `June 27` and `6月27日` share `6` and `27`;
/// * **names and versions**: Latin-script tokens (letters and digits joined
///   by `-`, `.`, `_`, `'` or `’`) that contain a digit and a letter
///   (`GPT-5.6`, `5G`), or have at least three letters and start with an
///   upper-case letter (`Anthropic`, `OpenAI`), except common capitalised
///   function words (`The`, `However`, ...).
///
/// The extractor is deliberately crude and language-agnostic; it only has
/// to produce the same strings on both sides of a translation often enough
/// to help the miner. Anchors come out sorted and without duplicates.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnchorExtractor;

impl AnchorExtractor {
    /// A new extractor.
    pub fn new() -> Self {
        Self
    }

    /// The anchors of one sentence, sorted and deduplicated.
    pub fn extract(&self, text: &str) -> Vec<String> {
        self.extract_with(text, None)
    }

    /// [`extract`](Self::extract) for every sentence of a document, using
    /// the whole document as context: a capitalised word that the document
    /// also uses in lower case (`Early ...` / `early`, `Government` /
    /// `government`) is an ordinary word at the start of a sentence or in a
    /// headline, not a name, and is dropped.
    pub fn extract_all<S: AsRef<str>>(&self, sentences: &[S]) -> Vec<Vec<String>> {
        let mut lower_words: HashSet<String> = HashSet::new();
        for s in sentences {
            for tok in tokenize(s.as_ref()) {
                if tok.kind == TokKind::Word && !tok.has_digit && tok.all_lower {
                    lower_words.insert(tok.lower);
                }
            }
        }
        sentences
            .iter()
            .map(|s| self.extract_with(s.as_ref(), Some(&lower_words)))
            .collect()
    }

    fn extract_with(&self, text: &str, lower_words: Option<&HashSet<String>>) -> Vec<String> {
        let tokens = tokenize(text);
        // A shouted sentence (mostly all-caps words) has no names to find
        // by case.
        let words: Vec<&Token> = tokens
            .iter()
            .filter(|t| t.kind == TokKind::Word && t.letters >= 2)
            .collect();
        let caps = words.iter().filter(|t| t.all_caps).count();
        let shouting = words.len() >= 3 && caps * 5 >= words.len() * 3;
        let is_name = |tok: &Token| {
            tok.capitalized
                && tok.letters >= 3
                && !STOPWORDS.contains(&tok.lower.as_str())
                && !(shouting && tok.all_caps)
                && !lower_words.is_some_and(|w| w.contains(&tok.lower))
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let tok = &tokens[i];
            match tok.kind {
                TokKind::Number => {
                    let mut value = tok.number;
                    // A CJK multiplier glued to the number, or an English
                    // scale word as the next token.
                    let mut consumed = 0;
                    if let Some(scale) = tok.cjk_scale {
                        value = value.and_then(|v| v.scaled(scale));
                    } else if let Some(next) = tokens.get(i + 1) {
                        if next.kind == TokKind::Word && next.adjacent_after_space {
                            if let Some(scale) = english_scale(&next.lower) {
                                value = value.and_then(|v| v.scaled(scale));
                                consumed = 1;
                            }
                        }
                    }
                    match value {
                        Some(v) => out.push(v.canonical()),
                        None => out.push(tok.lower.replace(',', "")),
                    }
                    i += 1 + consumed;
                    continue;
                }
                TokKind::Word => {
                    if let Some(value) = number_word(&tok.lower) {
                        // "three", "twenty-five"; "one" only before a scale
                        // word ("one million"), being a pronoun otherwise.
                        let scale = tokens
                            .get(i + 1)
                            .filter(|n| n.kind == TokKind::Word && n.adjacent_after_space)
                            .and_then(|n| english_scale(&n.lower));
                        if let Some(p) = scale {
                            if let Some(v) = Decimal::integer(value).scaled(p) {
                                out.push(v.canonical());
                            }
                            i += 2;
                            continue;
                        }
                        if value != 1 {
                            out.push(value.to_string());
                        }
                    } else if let Some(month) = month_number(&tok.lower, tok.capitalized) {
                        out.push(month.to_string());
                    } else if (tok.has_digit && tok.has_letter) || is_name(tok) {
                        out.push(tok.lower.clone());
                    }
                }
            }
            i += 1;
        }
        out.sort();
        out.dedup();
        out
    }
}

/// How strongly two anchor sets tie a pair of sentences, in `[0, 1]`.
///
/// `df_a(t)` / `df_b(t)` count the sentences of each document containing `t`;
/// a shared anchor weighs `1 / sqrt(df_a(t) · df_b(t))`, so an anchor that
/// occurs once on each side (a unique number) counts fully and one that is
/// everywhere (the company the article is about) hardly at all. The overlap
/// is the summed weight of the shared anchors over the size of the union
/// (a weighted Jaccard index). It is never negative: anchors found on one
/// side only (a different figure in a mistranslated sentence) dilute the
/// bonus but never count against a pair.
pub(crate) struct AnchorIndex {
    /// Per sentence of a: sorted, deduplicated anchor ids.
    a: Vec<Vec<u32>>,
    /// Per sentence of b.
    b: Vec<Vec<u32>>,
    /// Per anchor id: `1 / sqrt(df_a · df_b)` (0 when missing on a side).
    weight: Vec<f32>,
}

impl AnchorIndex {
    /// Index the anchors of both documents (one list per sentence).
    pub(crate) fn new(a: &[Vec<String>], b: &[Vec<String>]) -> Self {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut df: Vec<(u32, u32)> = Vec::new();
        let ia = intern(a, false, &mut ids, &mut df);
        let ib = intern(b, true, &mut ids, &mut df);
        let weight = df
            .iter()
            .map(|&(da, db)| {
                if da == 0 || db == 0 {
                    0.0
                } else {
                    (1.0 / (f64::from(da) * f64::from(db)).sqrt()) as f32
                }
            })
            .collect();
        Self {
            a: ia,
            b: ib,
            weight,
        }
    }

    /// Weighted Jaccard overlap of sentence `i` of a and `j` of b.
    pub(crate) fn overlap(&self, i: usize, j: usize) -> f32 {
        let (Some(x), Some(y)) = (self.a.get(i), self.b.get(j)) else {
            return 0.0;
        };
        let (mut p, mut q) = (0, 0);
        let (mut shared, mut common) = (0.0f32, 0usize);
        while p < x.len() && q < y.len() {
            match x[p].cmp(&y[q]) {
                std::cmp::Ordering::Less => p += 1,
                std::cmp::Ordering::Greater => q += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.weight.get(x[p] as usize).copied().unwrap_or(0.0);
                    common += 1;
                    p += 1;
                    q += 1;
                }
            }
        }
        if common == 0 {
            return 0.0;
        }
        shared / (x.len() + y.len() - common) as f32
    }

    /// True when no sentence on either side has an anchor shared with the
    /// other side, so every overlap is 0.
    pub(crate) fn is_empty(&self) -> bool {
        self.weight.iter().all(|&w| w == 0.0)
    }
}

/// Replace every anchor by a dense id (shared across both sides), sorted
/// and deduplicated per sentence, and count document frequencies.
fn intern<'s>(
    sets: &'s [Vec<String>],
    side_b: bool,
    ids: &mut HashMap<&'s str, u32>,
    df: &mut Vec<(u32, u32)>,
) -> Vec<Vec<u32>> {
    sets.iter()
        .map(|set| {
            let mut row: Vec<u32> = set
                .iter()
                .map(|t| {
                    let next = ids.len() as u32;
                    *ids.entry(t.as_str()).or_insert(next)
                })
                .collect();
            row.sort_unstable();
            row.dedup();
            for &id in &row {
                let idx = id as usize;
                if df.len() <= idx {
                    df.resize(idx + 1, (0, 0));
                }
                if side_b {
                    df[idx].1 += 1;
                } else {
                    df[idx].0 += 1;
                }
            }
            row
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    /// Digits only (with `,` groups and one decimal point).
    Number,
    /// Anything with a letter.
    Word,
}

#[derive(Debug)]
struct Token {
    kind: TokKind,
    /// Lower-cased text (full-width folded).
    lower: String,
    /// Parsed value of a number token (`None` when too long to scale).
    number: Option<Decimal>,
    /// A CJK multiplier run directly after a number (`万`, `亿`, `万亿`).
    cjk_scale: Option<i32>,
    /// The token follows the previous one after white space only.
    adjacent_after_space: bool,
    capitalized: bool,
    /// Every letter is upper case (and there are at least two).
    all_caps: bool,
    /// Every letter is lower case.
    all_lower: bool,
    has_digit: bool,
    has_letter: bool,
    letters: usize,
}

/// Fold full-width ASCII letters, digits and the full-width full stop to ASCII.
fn fold(c: char) -> char {
    match c {
        '\u{FF0E}'
        | '\u{FF10}'..='\u{FF19}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_digit() || is_latin_letter(c)
}

/// Joins two word characters into one token (`GPT-5.6`, `O'Neil`); a comma
/// only joins digits (`48,000`).
fn is_joiner(prev: char, c: char, next: char) -> bool {
    match c {
        '-' | '.' | '_' | '\'' | '\u{2019}' => true,
        ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
        _ => false,
    }
}

/// Power of ten of a CJK numeral multiplier.
fn cjk_multiplier(c: char) -> Option<i32> {
    match c {
        '十' => Some(1),
        '百' => Some(2),
        '千' => Some(3),
        '万' | '萬' => Some(4),
        '亿' | '億' => Some(8),
        '兆' => Some(12),
        _ => None,
    }
}

fn english_scale(word: &str) -> Option<i32> {
    match word {
        "thousand" => Some(3),
        "million" => Some(6),
        "billion" | "bn" => Some(9),
        "trillion" => Some(12),
        _ => None,
    }
}

/// Value of an English number word from two to ninety-nine (`seven`,
/// `twenty`, `twenty-five`), or one.
fn number_word(word: &str) -> Option<u32> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let unit = |w: &str| UNITS.iter().position(|u| *u == w).map(|p| p as u32);
    let tens = |w: &str| {
        TENS.iter()
            .position(|t| *t == w)
            .map(|p| 20 + 10 * p as u32)
    };
    match word.split_once('-') {
        None => unit(word).filter(|&v| v > 0).or_else(|| tens(word)),
        Some((t, u)) => Some(tens(t)? + unit(u).filter(|&v| (1..10).contains(&v))?),
    }
}

/// Month number of an English month name (full, or a three-letter
/// abbreviation); `May` and the abbreviations only when capitalised.
fn month_number(lower: &str, capitalized: bool) -> Option<u32> {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if !capitalized {
        return None;
    }
    let word = lower.trim_end_matches('.');
    if let Some(p) = FULL.iter().position(|m| *m == word) {
        return Some(p as u32 + 1);
    }
    if word.len() == 3 || word == "sept" {
        return FULL
            .iter()
            .position(|m| m.starts_with(word) && word != "may")
            .map(|p| p as u32 + 1);
    }
    None
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut last_end: Option<usize> = None;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        // Extend over word characters and joiners followed by a word character.
        while end < chars.len() {
            let c = chars[end];
            if is_word_char(c) {
                end += 1;
            } else if end + 1 < chars.len()
                && is_word_char(chars[end + 1])
                && is_joiner(chars[end - 1], c, chars[end + 1])
            {
                end += 2;
            } else {
                break;
            }
        }
        let mut word: String = chars[start..end].iter().collect();
        // Possessive: `Anthropic's` is `Anthropic`.
        for suffix in ["'s", "\u{2019}s"] {
            if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                word.truncate(word.len() - suffix.len());
            }
        }
        let adjacent_after_space = last_end
            .is_some_and(|e| e < start && chars[e..start].iter().all(|c| c.is_whitespace()));
        last_end = Some(end);
        let has_letter = word.chars().any(is_latin_letter);
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        if has_letter {
            let letters = word.chars().filter(|&c| is_latin_letter(c)).count();
            tokens.push(Token {
                kind: TokKind::Word,
                lower: word.to_lowercase(),
                number: None,
                cjk_scale: None,
                adjacent_after_space,
                capitalized: word.chars().next().is_some_and(char::is_uppercase),
                all_caps: letters >= 2
                    && word
                        .chars()
                        .filter(|&c| is_latin_letter(c))
                        .all(char::is_uppercase),
                all_lower: word
                    .chars()
                    .filter(|&c| is_latin_letter(c))
                    .all(char::is_lowercase),
                has_digit,
                has_letter,
                letters,
            });
            i = end;
            continue;
        }
        // Digits with joiners: split into numbers at anything that is not a
        // well-formed `1,234,567.89`.
        for (piece, piece_end) in split_numbers(&chars, start, end) {
            let mut scale = 0i32;
            let mut k = piece_end;
            while k < chars.len() {
                match cjk_multiplier(chars[k]) {
                    Some(p) => {
                        scale += p;
                        k += 1;
                    }
                    None => break,
                }
            }
            tokens.push(Token {
                kind: TokKind::Number,
                number: Decimal::parse(&piece),
                lower: piece,
                cjk_scale: (scale > 0).then_some(scale),
                adjacent_after_space,
                capitalized: false,
                all_caps: false,
                all_lower: false,
                has_digit: true,
                has_letter: false,
                letters: 0,
            });
        }
        i = end;
    }
    tokens
}

/// Split a run of digits and joiners `chars[start..end]` into well-formed
/// numbers; returns each number's text (commas removed) and its end index.
fn split_numbers(chars: &[char], start: usize, end: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut text = String::new();
        let mut j = i;
        let mut int_digits = 0;
        while j < end && chars[j].is_ascii_digit() {
            text.push(chars[j]);
            j += 1;
            int_digits += 1;
        }
        // Thousands groups: `,` followed by exactly three digits, after a
        // first group of one to three digits.
        if int_digits <= 3 {
            while j + 3 < end
                && chars[j] == ','
                && chars[j + 1..j + 4].iter().all(char::is_ascii_digit)
                && !(j + 4 < end && chars[j + 4].is_ascii_digit())
            {
                text.extend(&chars[j + 1..j + 4]);
                j += 4;
            }
        }
        // One decimal part.
        if j + 1 < end && chars[j] == '.' && chars[j + 1].is_ascii_digit() {
            text.push('.');
            j += 1;
            while j < end && chars[j].is_ascii_digit() {
                text.push(chars[j]);
                j += 1;
            }
        }
        out.push((text, j));
        i = j;
    }
    out
}

/// A non-negative decimal `mantissa × 10^exp`, exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    mantissa: u128,
    exp: i32,
}

impl Decimal {
    /// Parse `123` or `4.56` (digits and at most one point); `None` when the
    /// number has too many digits to hold exactly.
    fn parse(s: &str) -> Option<Self> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = int.len() + frac.len();
        if digits == 0 || digits > 30 {
            return None;
        }
        let mut mantissa: u128 = 0;
        for c in int.chars().chain(frac.chars()) {
            mantissa = mantissa * 10 + u128::from(c.to_digit(10)?);
        }
        Some(
            Self {
                mantissa,
                exp: -(frac.len() as i32),
            }
            .trimmed(),
        )
    }

    fn integer(value: u32) -> Self {
        Self {
            mantissa: u128::from(value),
            exp: 0,
        }
        .trimmed()
    }

    fn trimmed(mut self) -> Self {
        while self.exp < 0 && self.mantissa.is_multiple_of(10) && self.mantissa != 0 {
            self.mantissa /= 10;
            self.exp += 1;
        }
        if self.mantissa == 0 {
            self.exp = 0;
        }
        self
    }

    /// Multiply by `10^p`; `None` when the result would be absurdly large.
    fn scaled(self, p: i32) -> Option<Self> {
        let exp = self.exp.checked_add(p)?;
        (exp <= 30).then_some(Self { exp, ..self }.trimmed())
    }

    fn canonical(self) -> String {
        let digits = self.mantissa.to_string();
        if self.mantissa == 0 {
            return "0".to_owned();
        }
        if self.exp >= 0 {
            let mut s = digits;
            s.extend(std::iter::repeat_n('0', self.exp as usize));
            return s;
        }
        let frac = (-self.exp) as usize;
        if digits.len() > frac {
            let (i, f) = digits.split_at(digits.len() - frac);
            format!("{i}.{f}")
        } else {
            format!("0.{}{digits}", "0".repeat(frac - digits.len()))
        }
    }
}

/// Capitalised English words that are not names (sentence-initial function
/// words and the like), lower-case.
const STOPWORDS: &[&str] = &[
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "among",
    "and",
    "another",
    "any",
    "are",
    "around",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "can",
    "could",
    "despite",
    "did",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "into",
    "its",
    "just",
    "last",
    "later",
    "less",
    "many",
    "meanwhile",
    "might",
    "more",
    "most",
    "much",
    "must",
    "meanwhile",
    "mr",
    "mrs",
    "ms",
    "new",
    "next",
    "nor",
    "not",
    "now",
    "off",
    "once",
    "one",
    "only",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "same",
    "she",
    "should",
    "since",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "though",
    "three",
    "through",
    "thus",
    "today",
    "too",
    "two",
    "under",
    "until",
    "very",
    "was",
    "way",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yes",
    "yet",
    "you",
    "your",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(s: &str) -> Vec<String> {
        AnchorExtractor::new().extract(s)
    }

    #[test]
    fn numbers_are_canonical() {
        assert_eq!(anchors("48,000 people"), ["48000"]);
        assert_eq!(anchors("4.8万人"), ["48000"]);
        assert_eq!(anchors("４．８万"), ["48000"]);
        assert_eq!(anchors("1.5亿美元"), ["150000000"]);
        assert_eq!(anchors("1.5億ドル"), ["150000000"]);
        assert_eq!(anchors("3万亿"), ["3000000000000"]);
        assert_eq!(anchors("$4.8 million"), ["4800000"]);
        assert_eq!(anchors("1.50 and 007"), ["1.5", "7"]);
        assert_eq!(anchors("0.05%"), ["0.05"]);
        assert_eq!(anchors("2026/06/28 01:16"), ["1", "16", "2026", "28", "6"]);
        // A list, not a grouped number.
        assert_eq!(anchors("1,2,3"), ["1", "2", "3"]);
        assert_eq!(anchors("12,3456"), ["12", "3456"]);
        assert_eq!(anchors("1,234,567.5"), ["1234567.5"]);
        // A sentence-final point is not a decimal point.
        assert_eq!(anchors("It cost 5."), ["5"]);
    }

    #[test]
    fn english_number_words() {
        assert_eq!(anchors("Ten years is a long time"), ["10"]);
        assert_eq!(anchors("for about three years"), ["3"]);
        assert_eq!(anchors("twenty-five people"), ["25"]);
        assert_eq!(anchors("no one came, one by one"), Vec::<String>::new());
        assert_eq!(anchors("one million people"), ["1000000"]);
        assert_eq!(anchors("three billion"), anchors("30亿"));
    }

    #[test]
    fn names_and_versions() {
        assert_eq!(
            anchors("The OpenAI model GPT-5.6 beat Opus 4.8 and Claude."),
            ["4.8", "claude", "gpt-5.6", "openai", "opus"]
        );
        assert_eq!(anchors("However, the 5G rollout"), ["5g"]);
        // Lower-case words and short capitalised ones are not names.
        assert_eq!(anchors("we use AI in the US"), Vec::<String>::new());
        assert_eq!(anchors("Ｆａｂｌｅ モデル"), ["fable"]);
        assert_eq!(anchors("Anthropic's model"), ["anthropic"]);
        // A comma joins digits only.
        assert_eq!(anchors("Amazon,Microsoft"), ["amazon", "microsoft"]);
    }

    #[test]
    fn document_context_and_shouting() {
        let x = AnchorExtractor::new();
        let doc = [
            "Early on 27 June, Anthropic said the Government agreed.",
            "It was early, and the government was slow.",
            "THE UNITED STATES CONTROLS WENT THROUGH A FULL CYCLE WITH GPT-5",
        ];
        let got = x.extract_all(&doc);
        assert_eq!(got[0], ["27", "6", "anthropic"]);
        assert_eq!(got[1], Vec::<String>::new());
        assert_eq!(got[2], ["gpt-5"]);
        // Without the document, sentence by sentence.
        assert_eq!(
            x.extract(doc[0]),
            ["27", "6", "anthropic", "early", "government"]
        );
        // Acronyms in normal sentences are names.
        assert_eq!(x.extract("The ITAR and CAISI rules"), ["caisi", "itar"]);
    }

    #[test]
    fn months_become_numbers() {
        assert_eq!(anchors("on June 27"), ["27", "6"]);
        assert_eq!(anchors("Jun. 27"), ["27", "6"]);
        assert_eq!(anchors("you may go"), Vec::<String>::new());
        assert_eq!(anchors("6月27日"), ["27", "6"]);
    }

    #[test]
    fn multilingual_sentences_share_anchors() {
        let zh = anchors("OpenAI于6月27日发布GPT-5.6");
        let en = anchors("OpenAI released GPT-5.6 on June 27");
        let ja = anchors("OpenAI は6月27日に GPT-5.6 を発表した。");
        for shared in ["openai", "gpt-5.6", "27", "6"] {
            assert!(zh.iter().any(|a| a == shared), "{zh:?} lacks {shared}");
            assert!(en.iter().any(|a| a == shared), "{en:?} lacks {shared}");
            assert!(ja.iter().any(|a| a == shared), "{ja:?} lacks {shared}");
        }
        assert_eq!(zh, en);
        assert_eq!(zh, ja);
    }

    #[test]
    fn overlap_weights_rare_anchors() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let a = vec![s(&["anthropic", "48000"]), s(&["anthropic"]), s(&[])];
        let b = vec![
            s(&["anthropic", "48000"]),
            s(&["anthropic", "5"]),
            s(&["7"]),
        ];
        let idx = AnchorIndex::new(&a, &b);
        // "anthropic": df 2 × 2 -> weight 1/2; "48000": 1 × 1 -> 1.
        assert!((idx.overlap(0, 0) - 1.5 / 2.0).abs() < 1e-6);
        // Union {anthropic, 5}, shared anthropic.
        assert!((idx.overlap(1, 1) - 0.5 / 2.0).abs() < 1e-6);
        // Conflicting number: union {anthropic, 48000, 5}.
        assert!((idx.overlap(0, 1) - 0.5 / 3.0).abs() < 1e-6);
        assert_eq!(idx.overlap(2, 2), 0.0);
        assert_eq!(idx.overlap(0, 2), 0.0);
        assert_eq!(idx.overlap(9, 0), 0.0);
        assert!(!idx.is_empty());
        assert!(AnchorIndex::new(&a[2..], &b[2..]).is_empty());
    }
}
