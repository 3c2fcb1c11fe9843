//! Names of people and other entities: scripts, tokens and a fuzzy phonetic
//! match.
//!
//! The same person is written `Kovacs`, `コバチ` and `科瓦奇`; the facts stage
//! gives each a cross-script phonetic key (`person:<key>`), but two keys of
//! one name made from different scripts are rarely identical. Two names are
//! taken to be the same when every token of the shorter one matches a
//! distinct token of the longer one (so `Ball` is `Dean W. Ball`), or the
//! whole names match, where tokens match when equal after a light phonetic
//! folding or when their edit distance is small relative to their length.
//!
//! Whether two *spellings* of a name differ is only asked of Latin script on
//! both sides: there spelling is fixed (`Lutnik` vs `Lutnick` is an error),
//! while different transliterations into kana or Han characters are not.

use unicode_normalization::UnicodeNormalization;

/// Writing system of a name's surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    Latin,
    Han,
    /// Kana, possibly mixed with Han (Japanese).
    Kana,
    /// Some other script, several scripts, or no letters.
    Other,
}

/// The script of `s`'s letters.
pub(crate) fn script(s: &str) -> Script {
    let (mut latin, mut han, mut kana, mut other) = (0usize, 0usize, 0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        match c {
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
            '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}' => {
                kana += 1
            }
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' => han += 1,
            _ => other += 1,
        }
    }
    match (latin > 0, han > 0, kana > 0, other > 0) {
        (true, false, false, false) => Script::Latin,
        (false, true, false, false) => Script::Han,
        (false, _, true, false) => Script::Kana,
        _ => Script::Other,
    }
}

/// Lower-case, without Latin diacritics (kana voicing marks stay).
fn fold(s: &str) -> String {
    s.nfkd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .nfc()
        .flat_map(char::to_lowercase)
        .collect()
}

/// Tokens of a name: lower-case alphanumeric runs without diacritics;
/// initials and a possessive `s` (one letter) are dropped when anything
/// longer is left.
pub(crate) fn tokens(s: &str) -> Vec<String> {
    let folded = fold(s);
    let all: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let long: Vec<String> = all
        .iter()
        .filter(|t| t.chars().count() > 1)
        .cloned()
        .collect();
    if long.is_empty() {
        all
    } else {
        long
    }
}

/// Tokens of a canonical key such as `person:howard_lutnick`, with any
/// `kind:` prefix removed.
pub(crate) fn key_tokens(normalized: &str) -> Vec<String> {
    let key = match normalized.split_once(':') {
        Some((prefix, rest))
            if !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            rest
        }
        _ => normalized,
    };
    tokens(key)
}

/// Light phonetic folding of an ASCII token, for matching across
/// transliterations: `ph`→`f`, `ck`/`c`/`q`→`k`, `v`→`b`, `w`→`u`, `y`→`i`,
/// `z`→`s`, `x`→`ks`, doubled letters once.
fn phonetic(t: &str) -> String {
    let t = t.replace("ph", "f").replace("ck", "k");
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        let mapped: &str = match c {
            'c' | 'q' => "k",
            'v' => "b",
            'w' => "u",
            'y' => "i",
            'z' => "s",
            'x' => "ks",
            _ => {
                if out.ends_with(c) {
                    continue;
                }
                out.push(c);
                continue;
            }
        };
        for m in mapped.chars() {
            if !out.ends_with(m) {
                out.push(m);
            }
        }
    }
    out
}

/// Similarity of two tokens in `[0, 1]` if they can name the same thing:
/// 1 for equal, 0.95 for phonetically equal, else `1 - normalized edit
/// distance` when that distance is at most `max_distance` (ASCII tokens of
/// at least `min_len` letters only).
pub(crate) fn token_similarity(a: &str, b: &str, max_distance: f64, min_len: usize) -> Option<f64> {
    if a == b {
        return Some(1.0);
    }
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    let (pa, pb) = (phonetic(a), phonetic(b));
    if pa == pb {
        return Some(0.95);
    }
    if a.len() < min_len || b.len() < min_len {
        return None;
    }
    let distance = 1.0 - strsim::normalized_levenshtein(&pa, &pb);
    (distance <= max_distance).then_some((1.0 - distance).min(0.94))
}

/// How two token lists match, if they name the same person or thing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameMatch {
    /// Similarity in `[0, 1]` (the weakest token pair).
    pub(crate) similarity: f64,
    /// Matched token pairs `(index in a, index in b)`; empty when only the
    /// whole names matched.
    pub(crate) pairs: Vec<(usize, usize)>,
}

/// Shortest tokens compared fuzzily: consonant-skeleton keys (`ltnk`) are
/// short and dense, while spelled names need more letters before one edit
/// is a variant rather than another name (`Tim` vs `Tom`).
pub(crate) const KEY_MIN_LEN: usize = 3;
/// See [`KEY_MIN_LEN`].
pub(crate) const SPELLING_MIN_LEN: usize = 4;

/// Whether token lists `a` and `b` name the same person or thing (see the
/// module documentation); fuzzy token matches need `min_len` letters.
pub(crate) fn name_match(
    a: &[String],
    b: &[String],
    max_distance: f64,
    min_len: usize,
) -> Option<NameMatch> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let swapped = a.len() > b.len();
    let (short, long) = if swapped { (b, a) } else { (a, b) };
    let mut used = vec![false; long.len()];
    let mut pairs = Vec::with_capacity(short.len());
    let mut similarity: f64 = 1.0;
    let mut all = true;
    for (i, t) in short.iter().enumerate() {
        let best = long
            .iter()
            .enumerate()
            .filter(|(j, _)| !used[*j])
            .filter_map(|(j, u)| token_similarity(t, u, max_distance, min_len).map(|s| (j, s)))
            .fold(None, |best: Option<(usize, f64)>, (j, s)| match best {
                Some((_, bs)) if bs >= s => best,
                _ => Some((j, s)),
            });
        match best {
            Some((j, s)) => {
                used[j] = true;
                similarity = similarity.min(s);
                pairs.push(if swapped { (j, i) } else { (i, j) });
            }
            None => {
                all = false;
                break;
            }
        }
    }
    if all {
        pairs.sort_unstable();
        return Some(NameMatch { similarity, pairs });
    }
    // `Xiaojing` vs `Xiao Jing`, `tomubraun` vs `tom_brown`: only when the
    // parts are split differently (same split, failed parts: other names).
    if a.len() == b.len() {
        return None;
    }
    let (ja, jb) = (a.concat(), b.concat());
    token_similarity(&ja, &jb, max_distance, min_len).map(|similarity| NameMatch {
        similarity,
        pairs: Vec::new(),
    })
}

/// Two Latin-script spellings of one name that differ: the differing token
/// pairs (`[("lutnik", "lutnick")]`), or `None` when they are the same
/// spelling up to case, diacritics, spacing, initials and dropped tokens, or
/// not the same name at all.
pub(crate) fn spelling_difference(
    a: &str,
    b: &str,
    max_distance: f64,
) -> Option<Vec<(String, String)>> {
    if script(a) != Script::Latin || script(b) != Script::Latin {
        return None;
    }
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.concat() == tb.concat() {
        return None;
    }
    let m = name_match(&ta, &tb, max_distance, SPELLING_MIN_LEN)?;
    let diffs: Vec<(String, String)> = m
        .pairs
        .iter()
        .filter(|(i, j)| ta[*i] != tb[*j])
        .map(|(i, j)| (ta[*i].clone(), tb[*j].clone()))
        .collect();
    (!diffs.is_empty()).then_some(diffs)
}

/// Derivational endings of English names (`Asia` / `Asian`, `Japan` /
/// `Japanese`, `Meteorology` / `Meteorological`), longest first.
const DERIVED_ENDINGS: &[&str] = &["ical", "ese", "ian", "ish", "ic", "al", "a", "y"];

/// Whether two Latin names are forms of one name rather than two spellings:
/// one contains the other (`Amazon` / `Amazon Pay`, `YouTube` / `YouTuber`),
/// or they share a stem and differ only in derivational endings (a country
/// and its adjective). Such pairs are renderings, not misspellings.
pub(crate) fn related_forms(x: &str, y: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (x, y) = (fold(x), fold(y));
    if x.is_empty() || y.is_empty() {
        return false;
    }
    if x.contains(&y) || y.contains(&x) {
        return true;
    }
    let stem = |s: &str| -> String {
        DERIVED_ENDINGS
            .iter()
            .find_map(|e| s.strip_suffix(e).filter(|r| r.chars().count() >= 3))
            .unwrap_or(s)
            .to_owned()
    };
    let (sx, sy) = (stem(&x), stem(&y));
    (sx == sy && sx.chars().count() >= 4) || sx == y || sy == x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokens(s)
    }

    fn same(a: &str, b: &str) -> bool {
        name_match(&key_tokens(a), &key_tokens(b), 0.34, KEY_MIN_LEN).is_some()
    }

    #[test]
    fn scripts() {
        assert_eq!(script("Lutnick"), Script::Latin);
        assert_eq!(script("Kovács"), Script::Latin);
        assert_eq!(script("卢特尼克"), Script::Han);
        assert_eq!(script("ハワード・ルットニック"), Script::Kana);
        assert_eq!(script("Lutnick 卢特尼克"), Script::Other);
        assert_eq!(script("42"), Script::Other);
    }

    #[test]
    fn tokens_drop_initials_and_possessives() {
        assert_eq!(toks("Dean W. Ball"), ["dean", "ball"]);
        assert_eq!(toks("Lutnick's"), ["lutnick"]);
        assert_eq!(toks("KOVÁCS"), ["kovacs"]);
        assert_eq!(key_tokens("person:howard_lutnick"), ["howard", "lutnick"]);
        assert_eq!(key_tokens("ジョン・スミス"), ["ジョン", "スミス"]);
    }

    #[test]
    fn same_person_across_spellings_and_scripts() {
        // Keys as a phonetic key maker might produce them for each script.
        assert!(same("person:kovach", "person:kobachi"));
        assert!(same("person:kovacs", "person:kovach"));
        assert!(same("person:lutnick", "person:lutnik"));
        assert!(same("person:lutnick", "person:lutenike"));
        assert!(same("person:howard_lutnick", "person:lutnik"));
        assert!(same("person:dean_ball", "person:ball"));
        assert!(same("person:xiaojing", "person:xiao_jing"));
        assert!(same("Dean W. Ball", "Dean Ball"));
        // Keys as the facts stage makes them (consonant skeletons).
        assert!(same("person:ltnk", "person:hbt ltnk"));
        assert!(same("person:kbc", "person:kbc"));
        assert!(same("person:ant cs", "person:ant cs"));
        assert!(!same("person:tn bn", "person:tn bln"));
        // Different people.
        assert!(!same("person:lutnick", "person:bessent"));
        assert!(!same("person:john_ratcliffe", "person:john_sakellariadis"));
        assert!(!same("person:tom_brown", "person:dario_amodei"));
        // Non-ASCII tokens only match exactly.
        assert!(same("ジョン・スミス", "ジョン・スミス"));
        assert!(!same("ジョン・スミス", "ジョン・スミズ"));
    }

    #[test]
    fn spelling_differences_only_in_latin_script() {
        assert_eq!(
            spelling_difference("Lutnik", "Howard Lutnick", 0.34),
            Some(vec![("lutnik".to_owned(), "lutnick".to_owned())])
        );
        assert_eq!(
            spelling_difference("Andy Jassi", "Andy Jassy", 0.34),
            Some(vec![("jassi".to_owned(), "jassy".to_owned())])
        );
        // Case, spacing, initials, diacritics: the same spelling.
        assert_eq!(spelling_difference("LUTNICK", "Lutnick", 0.34), None);
        assert_eq!(spelling_difference("Xiao Jing", "Xiaojing", 0.34), None);
        assert_eq!(spelling_difference("Dean W. Ball", "Dean Ball", 0.34), None);
        assert_eq!(spelling_difference("Kovács", "Kovacs", 0.34), None);
        // Different names, or different scripts: no spelling question.
        assert_eq!(spelling_difference("Lutnick", "Bessent", 0.34), None);
        assert_eq!(spelling_difference("Lutnick", "ラトニック", 0.34), None);
        assert_eq!(spelling_difference("卢特尼克", "鲁特尼克", 0.34), None);
    }

    #[test]
    fn phonetic_folding() {
        assert_eq!(phonetic("lutnick"), "lutnik");
        assert_eq!(phonetic("jassy"), "jasi");
        assert_eq!(phonetic("jassi"), "jasi");
        assert_eq!(phonetic("kovacs"), "kobaks");
        assert!(token_similarity("lutnick", "bessent", 0.34, 3).is_none());
        assert!(token_similarity("ab", "ac", 0.9, 3).is_none());
        assert!(token_similarity("ltnk", "ltk", 0.34, KEY_MIN_LEN).is_some());
        assert!(token_similarity("tim", "tom", 0.34, SPELLING_MIN_LEN).is_none());
    }
}

#[cfg(test)]
mod related_form_tests {
    use super::related_forms;

    #[test]
    fn names_and_their_derived_forms() {
        assert!(related_forms("Asia", "Asian"));
        assert!(related_forms("Japan", "Japanese"));
        assert!(related_forms("Meteorology", "Meteorological"));
        assert!(related_forms("Amazon", "Amazonpay"));
        assert!(related_forms("YouTube", "YouTuber Hikaru"));
        assert!(!related_forms("Antropic", "Anthropic"));
        assert!(!related_forms("Lutnik", "Lutnick"));
        assert!(!related_forms("Lin Zhiyun", "Lin Zhiyuan"));
        assert!(related_forms("China", "Chinese"));
    }
}
