//! Chinese names and their Latin renderings in a translation.
//!
//! The facts stage finds Latin names but rarely Chinese ones (no
//! capitals, no spaces), so a translation that writes `Zhong Hongxiang` for
//! `张宏祥` (pinyin `Zhang Hongxiang`) gives no person fact on the Chinese
//! side. Here every two-word Latin name on one side of a bead is looked up
//! in the Chinese sentences of the other side: a name whose pinyin is the
//! Latin name agrees; one whose pinyin differs in exactly one word by one or
//! two letters, while no name there matches exactly, is a slip. Only
//! sentences in simplified characters are read as pinyin (Taiwan and Hong
//! Kong romanize otherwise: `Chang`, `Kuo`, `Hsinchu`).

use concord_core::{Fact, FactId, FactKind, Lang, Sentence, Span};

/// Latin two-word names of `latin` that slip against a Chinese name in
/// `han_sentences`: (the Latin fact, a fact for the Chinese name, the
/// explanation detail).
pub(crate) fn slips(latin: &[Fact], han_sentences: &[&Sentence]) -> Vec<(Fact, Fact, String)> {
    let simplified: Vec<&&Sentence> = han_sentences
        .iter()
        .filter(|s| {
            s.lang == Lang::Zh
                && s.original_text
                    .chars()
                    .all(|c| concord_normalize_fold(c) == c)
        })
        .collect();
    if simplified.is_empty() {
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
        if words.len() != 2
            || !words
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
        {
            continue;
        }
        let mut exact = false;
        let mut slipped: Vec<(Fact, String)> = Vec::new();
        for s in &simplified {
            let chars: Vec<(usize, char)> = s.original_text.char_indices().collect();
            for i in 0..chars.len() {
                for len in 2..=3 {
                    let end = match chars.get(i + len) {
                        Some(&(end, _)) => end,
                        None if i + len == chars.len() => s.original_text.len(),
                        None => continue,
                    };
                    let start = chars[i].0;
                    let name = &s.original_text[start..end];
                    let Some(readings) = concord_facts::chinese_name_readings(name) else {
                        continue;
                    };
                    // The closest reading, in either word order.
                    let Some((df, dg, family, given)) = readings
                        .iter()
                        .flat_map(|(family, given)| {
                            [(0, 1), (1, 0)].map(|(f, g)| {
                                (
                                    strsim::osa_distance(&words[f], family),
                                    strsim::osa_distance(&words[g], given),
                                    family.clone(),
                                    given.clone(),
                                )
                            })
                        })
                        .min_by_key(|r| r.0 + r.1)
                    else {
                        continue;
                    };
                    if df == 0 && dg == 0 {
                        exact = true;
                    } else if (df == 0 && (1..=2).contains(&dg) && given.len() >= 4)
                        || (dg == 0 && (1..=2).contains(&df) && given.len() >= 4)
                    {
                        let span = Span::new(s.span.start + start, s.span.start + end);
                        let fact = Fact {
                            id: FactId::from_parts([
                                s.id.as_str(),
                                "person",
                                &span.start.to_string(),
                            ]),
                            sentence_id: s.id.clone(),
                            doc_id: s.doc_id.clone(),
                            kind: FactKind::Person,
                            surface: name.to_owned(),
                            normalized: format!("person:{family} {given}"),
                            span,
                        };
                        slipped.push((fact, format!(" (pinyin of {name}: {family} {given})")));
                    }
                }
            }
        }
        // One clear candidate, and no exact rendering of the name anywhere.
        if !exact && slipped.len() == 1 {
            if let Some((fact, detail)) = slipped.pop() {
                out.push((l.clone(), fact, detail));
            }
        }
    }
    out
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
}
