//! Meaning-level conflicts: the direction of a change (`revenue rose 4.2%`
//! against `营收下降4.2%`).
//!
//! A direction word is only read next to an amount that both sides state
//! with the same value: "rose 4.2%" and "下降4.2%" are two statements about one
//! figure, and their directions must agree. Direction words elsewhere in a
//! sentence may scope over another clause, so they are never compared.
//! These flags carry the `polarity` kind and a lower kind weight than facts.

use concord_core::{Fact, FactId, FactKind, Sentence, Span};

/// Direction words (folded: simplified Chinese for both Chinese and
/// Japanese kanji where they coincide), `true` for up. Sources: the
/// ordinary verbs and adverbs of market and statistics reporting in each
/// language (news style guides' "rose/fell", Xinhua's 上涨/下跌, NHK's
/// 上昇/下落); longer words first within a language so that `上升` is not
/// read as `升`.
#[rustfmt::skip]
const DIRECTIONS: &[(&str, bool)] = &[
    // English (lower case; matched on word boundaries).
    ("increased", true), ("increases", true), ("increase", true), ("rising", true),
    ("risen", true), ("rises", true), ("rose", true), ("rise", true), ("grew", true),
    ("grown", true), ("growth", true), ("gained", true), ("gains", true), ("gain", true),
    ("climbed", true), ("jumped", true), ("surged", true), ("soared", true), ("higher", true),
    ("up", true), ("lift", true), ("lifted", true),
    ("decreased", false), ("decreases", false), ("decrease", false), ("declined", false),
    ("declines", false), ("decline", false), ("falling", false), ("fallen", false),
    ("falls", false), ("fell", false), ("fall", false), ("dropped", false), ("drops", false),
    ("drop", false), ("slid", false), ("slumped", false), ("plunged", false), ("shrank", false),
    ("lower", false), ("down", false), ("lost", false),
    // Revisions and strength (forecasts, storms, currencies).
    ("upward", true), ("raised", true), ("strengthened", true), ("intensified", true),
    ("downward", false), ("lowered", false), ("weakened", false),
    // Chinese.
    ("上涨", true), ("上升", true), ("增长", true), ("增加", true), ("提高", true), ("攀升", true),
    ("下跌", false), ("下降", false), ("减少", false), ("下滑", false), ("降低", false),
    ("回落", false), ("萎缩", false),
    ("上调", true), ("上調", true), ("增强", true), ("增強", true), ("下调", false), ("下調", false),
    ("减弱", false), ("減弱", false),
    // Japanese.
    ("上昇", true), ("増加", true), ("増収", true), ("増益", true), ("伸び", true), ("値上がり", true),
    ("下落", false), ("減少", false), ("減収", false), ("減益", false), ("低下", false),
    ("値下がり", false),
    ("上方修正", true), ("続伸", true), ("反発", true), ("急騰", true), ("強め", true),
    ("下方修正", false), ("続落", false), ("反落", false), ("急落", false), ("弱め", false),
    // One character, Chinese and Japanese (`增长4.2%`, `23.5%减`, `4.2%増`).
    ("涨", true), ("增", true), ("増", true), ("升", true),
    ("跌", false), ("降", false), ("减", false), ("減", false),
];

/// Direction marks read only right after the amount: Japanese market
/// reports write a price's move as `8.4%高` (up) and `8.4%安` (down), words
/// that mean "high" and "cheap" anywhere else.
const AFTER_ONLY: &[(&str, bool)] = &[("高", true), ("安", false)];

/// How far from the amount a direction word may be: bytes of English, and
/// characters of Chinese or Japanese.
const EN_WINDOW_BYTES: usize = 24;
const CJK_WINDOW_CHARS: usize = 4;

/// The direction word nearest to `fact` in `sentence` (within the windows),
/// as a fact of kind [`FactKind::Polarity`] (`normalized` `up` or `down`).
pub(crate) fn direction_of(sentence: &Sentence, fact: &Fact) -> Option<Fact> {
    let text = &sentence.original_text;
    let start = fact.span.start.checked_sub(sentence.span.start)?;
    let end = fact.span.end.checked_sub(sentence.span.start)?;
    let (before, after) = (text.get(..start)?, text.get(end..)?);
    let mut best: Option<(usize, usize, usize, bool)> = None; // (distance, start, len, up)
    let mut consider = |dist: usize, at: usize, len: usize, up: bool| {
        if best.is_none_or(|b| dist < b.0) {
            best = Some((dist, at, len, up));
        }
    };
    // Before the amount.
    let mut from = start.saturating_sub(EN_WINDOW_BYTES);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let window_before = &before[from..];
    for (word, up) in DIRECTIONS {
        for (i, _) in window_before.match_indices(word) {
            if word_bounded(window_before, i, word.len())
                && in_cjk_window(&window_before[i + word.len()..], word)
            {
                consider(
                    window_before.len() - i - word.len(),
                    from + i,
                    word.len(),
                    *up,
                );
            }
        }
    }
    // After the amount.
    let mut to = EN_WINDOW_BYTES.min(after.len());
    while !after.is_char_boundary(to) {
        to -= 1;
    }
    let window_after = &after[..to];
    for (word, up) in DIRECTIONS {
        for (i, _) in window_after.match_indices(word) {
            if word_bounded(window_after, i, word.len()) && in_cjk_window(&window_after[..i], word)
            {
                consider(i, end + i, word.len(), *up);
            }
        }
    }
    for (word, up) in AFTER_ONLY {
        if after.starts_with(word) {
            consider(0, end, word.len(), *up);
        }
    }
    let (_, at, len, up) = best?;
    let surface = text.get(at..at + len)?.to_owned();
    let span = Span::new(sentence.span.start + at, sentence.span.start + at + len);
    Some(Fact {
        id: FactId::from_parts([sentence.id.as_str(), "polarity", &span.start.to_string()]),
        sentence_id: sentence.id.clone(),
        doc_id: sentence.doc_id.clone(),
        kind: FactKind::Polarity,
        surface,
        normalized: if up { "up" } else { "down" }.to_owned(),
        span,
    })
}

/// An English word must stand alone; Chinese and Japanese words need not.
fn word_bounded(text: &str, at: usize, len: usize) -> bool {
    let Some(word) = text.get(at..at + len) else {
        return false;
    };
    if !word.is_ascii() {
        return true;
    }
    let before_ok = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let after_ok = text[at + len..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// A Chinese or Japanese direction word must be within
/// [`CJK_WINDOW_CHARS`] characters of the amount (`between` is the text
/// that separates them).
fn in_cjk_window(between: &str, word: &str) -> bool {
    word.is_ascii() || between.chars().count() <= CJK_WINDOW_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::{DocId, SentenceId};

    fn sentence(text: &str) -> Sentence {
        Sentence {
            id: SentenceId::from_string("s"),
            doc_id: DocId::from_string("d"),
            idx: 0,
            lang: concord_core::Lang::detect(text),
            text: text.to_owned(),
            span: Span::new(0, text.len()),
            original_text: text.to_owned(),
            match_key: text.to_owned(),
        }
    }

    fn direction(text: &str, amount: &str) -> Option<String> {
        let s = sentence(text);
        let at = text.find(amount)?;
        let fact = Fact {
            id: FactId::from_string("f"),
            sentence_id: s.id.clone(),
            doc_id: s.doc_id.clone(),
            kind: FactKind::Percent,
            surface: amount.to_owned(),
            normalized: amount.to_owned(),
            span: Span::new(at, at + amount.len()),
        };
        direction_of(&s, &fact).map(|f| format!("{} {}", f.surface, f.normalized))
    }

    #[test]
    fn directions_next_to_amounts() {
        assert_eq!(
            direction("株価は一時8.4%安まで下げた。", "8.4%"),
            Some("安 down".into())
        );
        assert_eq!(
            direction("終値は前日比8.4%高だった。", "8.4%"),
            Some("高 up".into())
        );
        assert_eq!(
            direction("成長率見通しを0.8%に下方修正した。", "0.8%"),
            Some("下方修正 down".into())
        );
        assert_eq!(
            direction("growth forecast revised upward to 0.8%", "0.8%"),
            Some("upward up".into())
        );
        assert_eq!(
            direction("Revenue rose 4.2% to 3.1 trillion yen.", "4.2%"),
            Some("rose up".into())
        );
        assert_eq!(
            direction("当季营收同比下降4.2%，至3.1万亿日元。", "4.2%"),
            Some("下降 down".into())
        );
        assert_eq!(
            direction("売上高は4.2%増の3兆1000億円。", "4.2%"),
            Some("増 up".into())
        );
        assert_eq!(
            direction("spot prices fell 12% this week", "12%"),
            Some("fell down".into())
        );
        assert_eq!(
            direction("スポット価格は12%上昇した", "12%"),
            Some("上昇 up".into())
        );
        // Too far, or not a word.
        assert_eq!(
            direction(
                "Prices rose sharply last year while the company, it said, kept 12% of it",
                "12%"
            ),
            None
        );
        assert_eq!(direction("the upgrade took 12% of the budget", "12%"), None);
    }
}
