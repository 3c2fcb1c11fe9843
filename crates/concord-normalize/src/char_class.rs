//! Character classes shared by the normalizers and the segmenters.
//!
//! Both stages must agree on what counts as a closing quote, a terminator or
//! a line break: the segmenter only cuts where the normalizers' decisions do
//! not depend on text across the cut, which is what lets every sentence be
//! re-normalized on its own and give the same text.

use unicode_normalization::char::is_combining_mark;

/// Han ideographs, kana, Hangul syllables and the CJK iteration marks.
pub(crate) fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{FF66}'..='\u{FF9D}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{3005}'..='\u{3007}')
}

/// CJK sentence terminators: always end a sentence.
pub(crate) fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Terminators that end a sentence without the ambiguity of `.`.
pub(crate) fn is_strong_terminator(c: char) -> bool {
    is_cjk_terminator(c) || matches!(c, '!' | '?' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Any character that can end a sentence, including `.` and `…`.
pub(crate) fn is_terminator(c: char) -> bool {
    is_strong_terminator(c) || matches!(c, '.' | '…')
}

/// Closing quotes and brackets (ASCII `"` and `'` count: after a terminator
/// they close).
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | '］'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '》'
            | '〉'
            | '｣'
            | '»'
            | '›'
    )
}

/// Opening quotes and brackets.
pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '“'
            | '‘'
            | '「'
            | '『'
            | '（'
            | '［'
            | '【'
            | '〔'
            | '〖'
            | '〘'
            | '《'
            | '〈'
            | '｢'
            | '«'
            | '‹'
    )
}

/// Commas, colons and semicolons (Latin and CJK).
pub(crate) fn is_clause_mark(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | '､' | ';' | '；' | ':' | '：')
}

/// Invisible characters the whitespace normalizer deletes.
pub(crate) fn is_removable_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Characters that end a line (paragraph).
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Combining marks never start a normalization cluster of their own when
/// they follow a letter, so no sentence may start with one.
pub(crate) fn is_mark(c: char) -> bool {
    is_combining_mark(c)
}

/// Whether a sentence may begin with `c`: not white space, not a
/// terminator, comma or closing mark, not a combining mark.
pub(crate) fn can_start_sentence(c: char) -> bool {
    !(c.is_whitespace()
        || is_terminator(c)
        || is_clause_mark(c)
        || (is_closer(c) && !is_opener(c))
        || is_mark(c)
        || is_removable_invisible(c))
}

/// The character starting at byte `i` of `text` (`i` on a char boundary).
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// The character ending at byte `i` of `text` (`i` on a char boundary).
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|head| head.chars().next_back())
}
