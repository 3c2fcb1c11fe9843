//! Chinese and Japanese names and their Latin renderings.
//!
//! The facts stage finds Latin names but rarely Chinese or Japanese ones
//! (no capitals, no spaces), so a translation that writes `Zhong Hongxiang`
//! for `张宏祥` (pinyin `Zhang Hongxiang`) or `Aya Miyata` for `三宅彩`
//! (`Miyake Aya`) gives no person fact on the other side. Here every Latin
//! name of one or two words on one side of an aligned pair is looked up in
//! the Han sentences of the other side: a name whose reading is the Latin
//! name agrees; one whose reading differs in exactly one word by one or two
//! letters, while no name there matches exactly, is a slip. Chinese names
//! are read as pinyin only in simplified characters (Taiwan and Hong Kong
//! romanize otherwise: `Chang`, `Kuo`, `Hsinchu`) and only as two-word
//! names; Japanese names (in Japanese or Chinese text) through the table of
//! [`concord_facts::japanese_name_readings`], a family name alone too
//! (`Muruyama` for `丸山`).

use concord_core::{Fact, FactId, FactKind, Lang, Sentence, Span};

/// Shortest reading of a word that may slip: shorter words have too many
/// one-letter neighbours.
const MIN_SLIP_LETTERS: usize = 4;

/// Fewest letters of a two-word reading that may slip in one word.
const MIN_NAME_LETTERS: usize = 7;

/// One name found in a Han sentence, as a candidate for a Latin name.
struct Found {
    fact: Fact,
    detail: String,
    /// The reading the slip is against, to tell candidates apart.
    reading: String,
}

/// Latin names of `latin` that slip against a Chinese or Japanese name in
/// `han_sentences`: (the Latin fact, a fact for the Han name, the
/// explanation detail).
pub(crate) fn slips(latin: &[Fact], han_sentences: &[&Sentence]) -> Vec<(Fact, Fact, String)> {
    let han: Vec<&&Sentence> = han_sentences
        .iter()
        .filter(|s| matches!(s.lang, Lang::Zh | Lang::Ja))
        .collect();
    if han.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for l in latin
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Person | FactKind::Entity))
    {
        let words: Vec<String> = l
            .surface
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if !(1..=2).contains(&words.len())
            || !words
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
        {
            continue;
        }
        let mut exact = false;
        let mut slipped: Vec<Found> = Vec::new();
        for s in &han {
            let simplified = s.lang == Lang::Zh
                && s.original_text
                    .chars()
                    .all(|c| concord_normalize_fold(c) == c);
            let chars: Vec<(usize, char)> = s.original_text.char_indices().collect();
            for i in 0..chars.len() {
                for len in 2..=5 {
                    let end = match chars.get(i + len) {
                        Some(&(end, _)) => end,
                        None if i + len == chars.len() => s.original_text.len(),
                        None => continue,
                    };
                    let start = chars[i].0;
                    let name = &s.original_text[start..end];
                    let chinese = if simplified && words.len() == 2 {
                        concord_facts::chinese_name_readings(name)
                    } else {
                        None
                    };
                    let japanese = concord_facts::japanese_name_readings(name);
                    let mut check = |family: &str, given: &str, script: &str| match compare(
                        &words,
                        family,
                        given,
                        script == "romaji",
                    ) {
                        Comparison::Exact => exact = true,
                        Comparison::Slip => {
                            let span = Span::new(s.span.start + start, s.span.start + end);
                            let reading = format!("{family} {given}").trim().to_owned();
                            slipped.push(Found {
                                fact: Fact {
                                    id: FactId::from_parts([
                                        s.id.as_str(),
                                        "person",
                                        &span.start.to_string(),
                                    ]),
                                    sentence_id: s.id.clone(),
                                    doc_id: s.doc_id.clone(),
                                    kind: FactKind::Person,
                                    surface: name.to_owned(),
                                    normalized: format!("person:{reading}"),
                                    span,
                                },
                                detail: format!(" ({script} of {name}: {reading})"),
                                reading,
                            });
                        }
                        Comparison::Other => {}
                    };
                    for (family, given) in chinese.iter().flatten() {
                        check(family, given, "pinyin");
                    }
                    for (family, given) in japanese.iter().flatten() {
                        check(family, given, "romaji");
                    }
                }
            }
        }
        // One clear candidate (the longest span of each reading of the
        // family name), and no exact rendering of the name anywhere.
        slipped.sort_by(|a, b| {
            a.reading
                .split(' ')
                .next()
                .cmp(&b.reading.split(' ').next())
                .then(b.fact.span.len().cmp(&a.fact.span.len()))
        });
        slipped.dedup_by(|later, first| {
            later.reading.split(' ').next() == first.reading.split(' ').next()
                && later.fact.sentence_id == first.fact.sentence_id
        });
        if !exact && slipped.len() == 1 {
            if let Some(found) = slipped.pop() {
                out.push((l.clone(), found.fact, found.detail));
            }
        }
    }
    out
}

/// How a Latin name compares with a reading.
enum Comparison {
    Exact,
    Slip,
    Other,
}

/// Compare the Latin `words` (one or two, lower case) with the reading
/// `family` `given` (`given` empty for a family name alone), in either
/// word order. `romaji` readings compare with long vowels short.
fn compare(words: &[String], family: &str, given: &str, romaji: bool) -> Comparison {
    let key = |w: &str| {
        if romaji {
            concord_facts::romaji_key(w)
        } else {
            w.to_owned()
        }
    };
    let words: Vec<String> = words.iter().map(|w| key(w)).collect();
    let (family, given) = (key(family), key(given));
    // One word exact, the other one or two letters off; together long
    // enough that the exact word is evidence (`Sanli` of `Ma Sanli`).
    let slip_against = |d: usize, exact: &str, slipped: &str| {
        (1..=2).contains(&d) && exact.len() >= 3 && exact.len() + slipped.len() >= MIN_NAME_LETTERS
    };
    if given.is_empty() {
        // A family name alone: one of the Latin words is the family name.
        let best = words
            .iter()
            .map(|w| strsim::osa_distance(w, &family))
            .min()
            .unwrap_or(usize::MAX);
        return match best {
            0 => Comparison::Exact,
            1 if family.len() > MIN_SLIP_LETTERS => Comparison::Slip,
            _ => Comparison::Other,
        };
    }
    if words.len() != 2 {
        return Comparison::Other;
    }
    let Some((df, dg)) = [(0, 1), (1, 0)]
        .iter()
        .map(|&(f, g)| {
            (
                strsim::osa_distance(&words[f], &family),
                strsim::osa_distance(&words[g], &given),
            )
        })
        .min_by_key(|&(df, dg)| df + dg)
    else {
        return Comparison::Other;
    };
    if df == 0 && dg == 0 {
        Comparison::Exact
    } else if (df == 0 && slip_against(dg, &family, &given))
        || (dg == 0 && slip_against(df, &given, &family))
    {
        Comparison::Slip
    } else {
        Comparison::Other
    }
}

/// Simplified form of a Han character (traditional and Japanese forms fold).
fn concord_normalize_fold(c: char) -> char {
    concord_facts::fold_han_char(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::{DocId, SentenceId};

    fn fact(surface: &str) -> Fact {
        Fact {
            id: FactId::from_string("f"),
            sentence_id: SentenceId::from_string("s-en"),
            doc_id: DocId::from_string("d-en"),
            kind: FactKind::Entity,
            surface: surface.to_owned(),
            normalized: format!("entity:{}", surface.to_lowercase()),
            span: Span::new(0, surface.len()),
        }
    }

    fn zh(text: &str) -> Sentence {
        Sentence {
            id: SentenceId::from_string("s-zh"),
            doc_id: DocId::from_string("d-zh"),
            idx: 0,
            lang: Lang::Zh,
            text: text.to_owned(),
            span: Span::new(100, 100 + text.len()),
            original_text: text.to_owned(),
            match_key: text.to_owned(),
        }
    }

    #[test]
    fn slipped_pinyin_is_found_and_exact_is_not() {
        let s = zh("张迪鸣介绍说，这套传感器与智能手机相连。");
        let found = slips(&[fact("Zhong Diming")], &[&s]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.surface, "张迪鸣");
        assert_eq!(found[0].1.span, Span::new(100, 109));
        assert!(slips(&[fact("Zhang Diming")], &[&s]).is_empty());
        assert!(slips(&[fact("Diming Zhang")], &[&s]).is_empty());
        // Traditional characters are not read as pinyin.
        let t = zh("黃國華說，這套感測器與手機相連。");
        assert!(slips(&[fact("Huang Kuohua")], &[&t]).is_empty());
    }

    fn ja(text: &str) -> Sentence {
        Sentence {
            lang: Lang::Ja,
            ..zh(text)
        }
    }

    #[test]
    fn slipped_romaji_of_japanese_names() {
        let s = ja("同席した三宅彩常務執行役員CTOは、更新を適用していなかったと述べた。");
        let found = slips(&[fact("Aya Miyata")], &[&s]);
        assert_eq!(
            found.len(),
            1,
            "{:?}",
            found.iter().map(|f| &f.2).collect::<Vec<_>>()
        );
        assert_eq!(found[0].1.surface, "三宅彩");
        assert!(slips(&[fact("Aya Miyake")], &[&s]).is_empty());
        assert!(slips(&[fact("Miyake Aya")], &[&s]).is_empty());
        // A family name alone, and a Japanese name in a Chinese report.
        let s = ja("丸山さんは会見で説明した。");
        assert_eq!(slips(&[fact("Muruyama")], &[&s]).len(), 1);
        assert!(slips(&[fact("Maruyama")], &[&s]).is_empty());
        let z = zh("日方代表團還包括外務副大臣杉浦直樹。");
        assert_eq!(slips(&[fact("Naoki Sugimura")], &[&z]).len(), 1);
        // Long vowels are written short or with h.
        let s = ja("佐藤健二社長は述べた。");
        assert!(slips(&[fact("Kenji Satoh")], &[&s]).is_empty());
    }
}
