//! [`Recase`]: turn SHOUTED paragraphs back into sentence case.

use crate::lexicon::{
    is_capitalized_word, is_common_word, is_sentence_end, line_ranges, shape, starts_sentence,
    words, Shape, Vocabulary,
};
use concord_core::{Edit, NormalizedText, Normalizer};
use std::ops::Range;

/// Turns SHOUTED paragraphs back into sentence case.
///
/// Machine-translated and copy-pasted news often carries whole paragraphs in
/// capitals (`LESS THAN A MONTH LATER, THE UNITED STATES GOVERNMENT…`),
/// which reads badly and embeds worse. A line is such a paragraph when at
/// least 80% of its cased letters are upper case and it has at least four
/// words; inside other lines, a run of at least five upper-case words of
/// which three or more are common English words is treated the same way
/// (`…on June 16:FRONT-LINE AI MODEL DEVELOPERS NOW NEED…`).
///
/// In those regions every word without lower-case letters is rewritten, by
/// these rules in order:
///
/// 1. words with digits (`GPT-5`, `G7`; but `1990S` → `1990s`, `21ST` →
///    `21st`) and single-letter initials (`U.S.`, `W.`) are kept, as is the pronoun `I` and any other lone ASCII letter
///    but the article `A`; letters after an apostrophe (`GOVERNMENT'S`) and
///    the stem of an `N'T` contraction (`DON'T`) are lowered;
/// 2. what the rest of the document says: a word
///    written in mixed case elsewhere takes that form (`OPENAI` → `OpenAI`),
///    one written in capitals in running text stays an acronym (`CAISI`),
///    one capitalized in mid-sentence more often than not is a name
///    (`LUTNICK` → `Lutnick`), and one written in lower case is lowered;
/// 3. otherwise, month and weekday names are capitalized, a common English
///    word is lowered, an unknown word of two to four ASCII letters is taken
///    for an acronym and kept (`NSA`, `CEO`, `ITAR`, `NVDA`), and longer
///    words are lowered;
/// 4. the first word of each sentence gets its capital back.
///
/// The stage only ever changes letter case (a letter whose lower case is
/// not a single character is kept), and it reads the whole document, so a
/// sentence normalized on its own can differ from the same sentence in
/// context in letter case only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recase;

/// Share of upper-case letters (in percent) that makes a line a capitals
/// paragraph.
const MIN_UPPER_PERCENT: usize = 80;
/// Words a capitals paragraph needs.
const MIN_LINE_WORDS: usize = 4;
/// Upper-case words a run inside a mixed line needs.
const MIN_RUN_WORDS: usize = 5;
/// Of which at least this many must be common English words.
const MIN_RUN_COMMON_WORDS: usize = 3;

impl Normalizer for Recase {
    fn normalize(&self, text: &mut NormalizedText) {
        let edits = recase_edits(text.as_str());
        text.apply(edits);
    }

    fn name(&self) -> &'static str {
        "recase"
    }
}

fn recase_edits(text: &str) -> Vec<Edit> {
    let regions = capitals_regions(text);
    if regions.is_empty() {
        return Vec::new();
    }
    let vocabulary = Vocabulary::learn(text, &regions);
    let mut edits = Vec::new();
    for region in regions {
        recase_region(text, region, &vocabulary, &mut edits);
    }
    edits
}

/// Whether `word` has an upper-case letter and no lower-case one.
fn is_shouted(word: &str) -> bool {
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

/// The byte ranges of `text` written in capitals, in order.
fn capitals_regions(text: &str) -> Vec<Range<usize>> {
    let mut regions = Vec::new();
    for line in line_ranges(text) {
        let line_text = &text[line.clone()];
        let (mut upper, mut lower, mut cased_words) = (0usize, 0usize, 0usize);
        for word in words(line_text) {
            let w = &line_text[word];
            let u = w.chars().filter(|c| c.is_uppercase()).count();
            let l = w.chars().filter(|c| c.is_lowercase()).count();
            if u + l > 0 {
                cased_words += 1;
            }
            upper += u;
            lower += l;
        }
        if cased_words >= MIN_LINE_WORDS && upper * 100 >= (upper + lower) * MIN_UPPER_PERCENT {
            regions.push(line);
            continue;
        }
        shouted_runs(text, line, &mut regions);
    }
    regions
}

/// Runs of upper-case words inside a mixed line.
fn shouted_runs(text: &str, line: Range<usize>, regions: &mut Vec<Range<usize>>) {
    let line_text = &text[line.clone()];
    let mut run: Option<(usize, usize, usize, usize)> = None; // start, end, words, common
    let mut close = |run: &mut Option<(usize, usize, usize, usize)>| {
        if let Some((start, end, n, common)) = run.take() {
            if n >= MIN_RUN_WORDS && common >= MIN_RUN_COMMON_WORDS {
                regions.push(line.start + start..line.start + end);
            }
        }
    };
    for word in words(line_text) {
        let w = &line_text[word.clone()];
        if w.chars().any(char::is_lowercase) {
            close(&mut run);
        } else if is_shouted(w) {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let counted = usize::from(letters >= 2);
            let common = usize::from(letters >= 2 && is_common_word(&w.to_lowercase()));
            run = Some(match run {
                Some((start, _, n, c)) => (start, word.end, n + counted, c + common),
                None => (word.start, word.end, counted, common),
            });
        }
    }
    close(&mut run);
}

fn recase_region(text: &str, region: Range<usize>, vocabulary: &Vocabulary, edits: &mut Vec<Edit>) {
    let mut sentence_start = starts_sentence(text, region.start);
    let mut previous: Option<Range<usize>> = None;
    for word in words(&text[region.clone()]) {
        let range = region.start + word.start..region.start + word.end;
        if let Some(prev) = &previous {
            if ends_sentence(text, prev.clone(), range.start) {
                sentence_start = true;
            }
        }
        previous = Some(range.clone());
        let w = &text[range.clone()];
        if !is_shouted(w) {
            sentence_start = false;
            continue;
        }
        let plan = plan(text, range.clone(), vocabulary);
        let recased = apply(w, &plan, sentence_start);
        sentence_start = false;
        if recased != w {
            edits.push(Edit::new(range, recased));
        }
    }
}

/// Whether the gap between the word at `previous` and byte `next` ends a
/// sentence: a terminator followed by white space (or a CJK terminator),
/// not the dot of an initial (`U.S. GOVERNMENT`, `W. BALL`).
fn ends_sentence(text: &str, previous: Range<usize>, next: usize) -> bool {
    let gap = &text[previous.end..next];
    let mut ended = false;
    for c in gap.chars() {
        if is_sentence_end(c) {
            if matches!(c, '。' | '！' | '？' | '｡') {
                return true;
            }
            ended = true;
        } else if ended && c.is_whitespace() {
            let initial = text[previous.clone()].chars().count() == 1 && gap.starts_with('.');
            return !initial;
        }
    }
    false
}

/// How to case one shouted word.
enum Plan {
    Keep,
    Lower,
    Capitalize,
    /// A mixed-case spelling with the same letters (`OpenAI`).
    Form(String),
}

fn plan(text: &str, range: Range<usize>, vocabulary: &Vocabulary) -> Plan {
    let word = &text[range.clone()];
    if word.chars().any(char::is_numeric) {
        // 1990S, 21ST, 3RD: a number with a plural or ordinal suffix.
        let suffix = word.trim_start_matches(|c: char| c.is_ascii_digit());
        let numeric_suffix =
            suffix.len() < word.len() && matches!(suffix, "S" | "ST" | "ND" | "RD" | "TH");
        return if numeric_suffix {
            Plan::Lower
        } else {
            Plan::Keep
        };
    }
    let mut before = text[..range.start].chars().rev();
    let after_apostrophe = matches!(before.next(), Some('\'' | '’'))
        && before.next().is_some_and(char::is_alphanumeric);
    if after_apostrophe {
        return Plan::Lower;
    }
    let letters = word.chars().count();
    let ascii = word.is_ascii();
    if letters == 1 {
        let initial = text[range.end..].starts_with('.');
        return match word {
            _ if initial => Plan::Keep,
            "A" => Plan::Lower,
            _ if !ascii => Plan::Lower,
            _ => Plan::Keep,
        };
    }
    let rest = &text[range.end..];
    if rest.starts_with("'T") || rest.starts_with("’T") {
        // DON'T, CAN'T, ISN'T.
        return Plan::Lower;
    }
    let lower = word.to_lowercase();
    if let Some(v) = vocabulary.votes(&lower) {
        let same_letters = v.mixed_form.to_lowercase() == lower
            && v.mixed_form.chars().count() == letters
            && shape(&v.mixed_form) == Shape::Mixed;
        if v.mixed > 0 && v.mixed >= v.lower && v.mixed >= v.title && same_letters {
            return Plan::Form(v.mixed_form.clone());
        }
        if v.upper > v.lower && v.upper >= v.title {
            return Plan::Keep;
        }
        if v.title > v.lower {
            return Plan::Capitalize;
        }
        if v.lower > 0 {
            return Plan::Lower;
        }
    }
    if is_capitalized_word(&lower) {
        return Plan::Capitalize;
    }
    match letters {
        2..=4 if ascii && !is_common_word(&lower) => Plan::Keep,
        _ => Plan::Lower,
    }
}

/// The lower case of `c` when it is a single character, else `c`.
fn lower_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn apply(word: &str, plan: &Plan, sentence_start: bool) -> String {
    match plan {
        Plan::Keep => word.to_owned(),
        Plan::Lower | Plan::Capitalize => word
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 && (sentence_start || matches!(plan, Plan::Capitalize)) {
                    c
                } else {
                    lower_char(c)
                }
            })
            .collect(),
        Plan::Form(form) => word
            .chars()
            .zip(form.chars())
            .enumerate()
            .map(|(i, (c, f))| {
                if f.is_lowercase() && !(i == 0 && sentence_start) {
                    lower_char(c)
                } else {
                    c
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        let mut t = NormalizedText::new(text);
        Recase.normalize(&mut t);
        t.as_str().to_owned()
    }

    #[test]
    fn shouted_paragraph_becomes_sentence_case() {
        let text = "Commerce Secretary Lutnick wrote to Anthropic and OpenAI about AI models.\n\
                    LUTNICK SAID THE U.S. GOVERNMENT WOULD REVIEW ANTHROPIC'S MODELS. THE CEO OF OPENAI AGREED; GPT-5.6 IS NEXT.";
        assert_eq!(
            run(text),
            "Commerce Secretary Lutnick wrote to Anthropic and OpenAI about AI models.\n\
             Lutnick said the U.S. government would review Anthropic's models. The CEO of OpenAI agreed; GPT-5.6 is next."
        );
    }

    #[test]
    fn unknown_short_words_are_acronyms_and_long_ones_are_lowered() {
        assert_eq!(
            run("THE NSA AND ITAR RULES ON ENCRYPTION EXPORTS WERE EASED IN THE 1990S, ON MONDAY, JANUARY 3RD."),
            "The NSA and ITAR rules on encryption exports were eased in the 1990s, on Monday, January 3rd."
        );
        assert_eq!(
            run("Dean W. Ball wrote:\nDEAN W. BALL SAID: “I DON'T KNOW.” A MODEL IS NOT A WEAPON!"),
            "Dean W. Ball wrote:\nDean W. Ball said: “I don't know.” A model is not a weapon!"
        );
    }

    #[test]
    fn shouted_run_inside_a_mixed_line() {
        let text =
            "He wrote on June 16:FRONT-LINE AI MODEL DEVELOPERS NOW NEED GREEN LIGHTS TO RELEASE.";
        assert_eq!(
            run(text),
            "He wrote on June 16:front-line AI model developers now need green lights to release."
        );
    }

    #[test]
    fn ordinary_text_and_short_headings_are_untouched() {
        for text in [
            "TIMELINE\nThe U.S. and the EU met. NATO, G7 and the UN too.",
            "AI CEO NVDA",
            "東京証券取引所。NHKが報じた。",
            "Evaluation of the U.S. Ban on Two AI Models",
        ] {
            assert_eq!(run(text), text);
        }
    }

    #[test]
    fn chinese_and_japanese_next_to_capitals() {
        assert_eq!(
            run("美国政府说：THE MODEL WAS RELEASED TO THE PUBLIC。日本も同様。"),
            "美国政府说：The model was released to the public。日本も同様。"
        );
        assert_eq!(
            run("政府は声明を出した。\nTHE MODEL WAS RELEASED TO THE PUBLIC。THE END IS NEAR."),
            "政府は声明を出した。\nThe model was released to the public。The end is near."
        );
    }

    #[test]
    fn only_letter_case_changes() {
        let text = "CAFÉ PRICES IN ZÜRICH AND İSTANBUL ROSE";
        let out = run(text);
        assert_eq!(out.to_lowercase(), text.to_lowercase());
        assert_eq!(out, "Café prices in zürich and İstanbul rose");
    }
}
