//! Negation conflicts in a translation: one side says the plan `was
//! approved`, the other `未获批准` (was not approved); one says shareholders
//! `can sell`, the other `売却できない` (cannot).
//!
//! Only between the two sides of a bead (a translation, where both
//! sentences state one claim): both must name the same action (a concept
//! of [`CONCEPTS`], in any of its surfaces) and exactly one of them negates
//! it. Negation is read where each language writes it: English `not`,
//! `never`, `cannot`, `failed to`… in the three words before the verb;
//! Chinese `不`/`未`/`没`/`无法` in the six characters of its clause before
//! it; Japanese
//! `ない`/`ず`/`ません` in the eight characters after the verb, or `未`/`不`
//! right before it; and the side that affirms must hold no negation at
//! all. The concepts are the actions news most often reports
//! as done or not done: approval, permission, sale and purchase,
//! agreement, signing, attendance, confirmation, acceptance.

use concord_core::{Fact, FactId, FactKind, Lang, Sentence, Span};

/// Actions and their surfaces (English stems match as word prefixes;
/// Chinese and Japanese anywhere). Sources: the common verbs of each
/// language's news for these actions.
#[rustfmt::skip]
const CONCEPTS: &[(&str, &[&str])] = &[
    ("approve", &["approv", "批准", "获批", "核准", "认可", "承認", "認可"]),
    ("permit", &["allow", "permit", "允许", "许可", "許可", "認め"]),
    ("sell", &["sell", "sold", "出售", "卖出", "抛售", "売却", "売り"]),
    ("buy", &["buy", "bought", "purchas", "购买", "收购", "買い", "購入", "買収"]),
    ("agree", &["agree", "同意", "达成协议", "合意"]),
    ("sign", &["sign", "签署", "签订", "署名", "調印", "締結"]),
    ("attend", &["attend", "出席", "参加"]),
    ("confirm", &["confirm", "证实", "确认", "確認"]),
    ("accept", &["accept", "接受", "受け入れ", "受理"]),
];

/// Words between an English negation and its verb, at most ("was not
/// approved", "did not approve").
const EN_WINDOW: usize = 2;
/// Characters after a Japanese verb stem that carry its negation
/// (`売却できない`, `承認されなかった`).
const JA_WINDOW: usize = 7;
/// Chinese characters that may stand between a negation and its verb
/// (`未获批准`, `不能出售`, `没有得到批准`).
const ZH_HELPERS: &[char] = &[
    '获', '獲', '被', '得', '到', '予', '能', '可', '以', '有', '会', '會', '愿', '願', '肯',
];
/// Two-character Chinese negations before a verb (after the helpers).
const ZH_NEGATED_PREFIXES: &[&str] = &["无法", "無法", "没有", "沒有"];
/// Chinese negated passives whose agent comes before the verb.
const ZH_AGENT_NEGATIONS: &[&str] = &["未获", "未獲", "未经", "未經", "没有获得", "未得到"];
/// Longest agent of a negated passive, in characters.
const ZH_AGENT_CHARS: usize = 6;
/// English words that negate a verb right after them.
const EN_NEGATIONS: &[&str] = &[
    "not", "never", "no", "cannot", "can't", "didn't", "don't", "doesn't", "won't", "wasn't",
    "weren't", "isn't", "aren't", "hasn't", "haven't", "wouldn't", "couldn't", "failed", "unable",
];
/// Chinese negations right before a verb (after the helpers).
const ZH_NEGATIONS: &[char] = &['不', '未', '没', '沒', '非', '别', '別'];
/// Japanese negations after a verb stem (within [`JA_WINDOW`] characters).
const JA_NEGATIONS: &[&str] = &["ない", "なかっ", "ず", "ません", "ぬ"];
/// Japanese negating prefixes right before a noun verb (`未承認`).
const JA_PREFIXES: &[char] = &['未', '不', '非'];

/// Whether the action at `start..end` of `text` (in `lang`) is negated.
/// Only a negation that governs the verb itself counts: real sentences
/// negate other verbs around it (`无法宣布批准的候选人`, "cannot announce
/// the approved candidates"), negate twice (`同意せざるをえない`, "must
/// agree") or weigh alternatives ("whether or not").
fn negated(text: &str, start: usize, end: usize, lang: Lang) -> bool {
    let (before, after) = (&text[..start], &text[end..]);
    match lang {
        Lang::Zh => {
            // `不批准`, `未获批准`, `没有得到批准`, `无法出售`, and the
            // passive with its agent, `未获省政府批准` / `未经董事会同意`.
            let near = before.trim_end_matches(ZH_HELPERS);
            near.ends_with(ZH_NEGATIONS)
                || ZH_NEGATED_PREFIXES.iter().any(|p| near.ends_with(p))
                || ZH_AGENT_NEGATIONS.iter().any(|p| {
                    before.rfind(p).is_some_and(|at| {
                        let agent = &before[at + p.len()..];
                        agent.chars().count() <= ZH_AGENT_CHARS
                            && !agent.contains(['，', '。', '；', '、', ',', ';'])
                    })
                })
        }
        Lang::Ja => {
            let near: String = after.chars().take(JA_WINDOW).collect();
            (JA_NEGATIONS.iter().any(|n| near.contains(n)) && !near.contains("ざる"))
                || before
                    .chars()
                    .next_back()
                    .is_some_and(|c| JA_PREFIXES.contains(&c))
        }
        _ => {
            let words = en_words(before);
            let n = words.len();
            (n.saturating_sub(EN_WINDOW)..n).any(|i| {
                EN_NEGATIONS.contains(&words[i].as_str())
                    && !(words[i] == "not" && i > 0 && words[i - 1] == "or")
            })
        }
    }
}

/// The words of English `text`, lower case, punctuation trimmed, the
/// typographic apostrophe written `'` (`won’t` → `won't`).
fn en_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.replace('\u{2019}', "'")
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                .to_lowercase()
        })
        .collect()
}

/// Whether `sentence` holds a negation anywhere (conservatively: any
/// negating word or character of its language).
fn any_negation(sentence: &Sentence) -> bool {
    let text = &sentence.original_text;
    match sentence.lang {
        Lang::Zh => text.contains(ZH_NEGATIONS) || text.contains(['无', '無']),
        Lang::Ja => JA_NEGATIONS.iter().any(|n| text.contains(n)) || text.contains(JA_PREFIXES),
        _ => en_words(text)
            .iter()
            .any(|w| EN_NEGATIONS.contains(&w.as_str()) || w.ends_with("n't")),
    }
}

/// The first occurrence of `concept` in `sentence`, as a byte range of its
/// original text, and whether it is negated there.
fn find(sentence: &Sentence, surfaces: &[&str]) -> Option<(usize, usize, bool)> {
    let text = &sentence.original_text;
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    for s in surfaces {
        for (at, _) in lower.match_indices(s) {
            // An English stem must start a word.
            if s.is_ascii()
                && lower[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let end = if s.is_ascii() {
                at + lower[at..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(lower.len() - at)
            } else {
                at + s.len()
            };
            if best.is_none_or(|(b, _)| at < b) {
                best = Some((at, end));
            }
        }
    }
    let (start, end) = best?;
    Some((start, end, negated(text, start, end, sentence.lang)))
}

/// Negation conflicts between the sentences of the two sides of a bead:
/// (a fact for side a's action, one for side b's, the concept).
pub(crate) fn conflicts<'s>(
    a: &[&'s Sentence],
    b: &[&'s Sentence],
) -> Vec<(Fact, Fact, &'static str)> {
    fn first<'s>(
        side: &[&'s Sentence],
        surfaces: &[&str],
    ) -> Option<(&'s Sentence, usize, usize, bool)> {
        side.iter()
            .find_map(|&s| find(s, surfaces).map(|(x, y, neg)| (s, x, y, neg)))
    }
    let mut out = Vec::new();
    for (concept, surfaces) in CONCEPTS {
        let first = |side: &[&'s Sentence]| first(side, surfaces);
        let (Some((sa, xa, ya, na)), Some((sb, xb, yb, nb))) = (first(a), first(b)) else {
            continue;
        };
        // The side that affirms must negate nothing at all: a sentence with
        // a negation elsewhere ("we won't allow them to make us accept it")
        // may scope it over the action in ways a window cannot see, while a
        // translation that drops a negation leaves none behind.
        let affirming = if na { sb } else { sa };
        if na == nb || any_negation(affirming) {
            continue;
        }
        let fact = |s: &Sentence, x: usize, y: usize, neg: bool| Fact {
            id: FactId::from_parts([s.id.as_str(), "negation", &x.to_string()]),
            sentence_id: s.id.clone(),
            doc_id: s.doc_id.clone(),
            kind: FactKind::Polarity,
            surface: s.original_text[x..y].to_owned(),
            normalized: if neg { "not " } else { "" }.to_owned() + concept,
            span: Span::new(s.span.start + x, s.span.start + y),
        };
        out.push((fact(sa, xa, ya, na), fact(sb, xb, yb, nb), *concept));
    }
    out
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
            lang: Lang::detect(text),
            text: text.to_owned(),
            span: Span::new(0, text.len()),
            original_text: text.to_owned(),
            match_key: text.to_owned(),
        }
    }

    fn conflict(a: &str, b: &str) -> Vec<&'static str> {
        let (a, b) = (sentence(a), sentence(b));
        conflicts(&[&a], &[&b]).into_iter().map(|c| c.2).collect()
    }

    #[test]
    fn one_side_negates_the_same_action() {
        assert_eq!(
            conflict(
                "The expansion plan was approved by the province.",
                "扩建计划未获省政府批准。"
            ),
            ["approve"]
        );
        assert_eq!(
            conflict(
                "After the lock-up they can sell their shares.",
                "ロックアップ期間中は株式を売却できない。"
            ),
            ["sell"]
        );
        assert_eq!(
            conflict(
                "The ministry did not approve the plan.",
                "省は計画を承認しなかった。"
            ),
            Vec::<&str>::new()
        );
        assert_eq!(
            conflict("The plan was approved.", "計画は承認された。"),
            Vec::<&str>::new()
        );
        assert_eq!(
            conflict(
                "Officials have not confirmed the toll.",
                "当局は死者数を確認した。"
            ),
            ["confirm"]
        );
        // Negations of other verbs, double negatives, alternatives.
        assert!(conflict(
            "the body said it could announce the approved candidates",
            "机构表示，由于法律方面仍存在疑问，无法宣布批准的候选人。"
        )
        .is_empty());
        assert!(conflict(
            "they will have to agree whether or not the government continues",
            "暫定政府を継続することに同意せざるをえないだろう。"
        )
        .is_empty());
        assert!(conflict("“We won’t accept the CAA.", "“我们不会接受 CAA。").is_empty());
        assert!(conflict(
            "The identity of the player has not been confirmed.",
            "選手名は確認されていない。"
        )
        .is_empty());
        assert!(conflict(
            "We won't accept the CAA and that is for sure.",
            "CAAを受け入れることはできない、それは確かだ。"
        )
        .is_empty());
        // An action named on one side only says nothing.
        assert!(conflict("They signed the deal.", "双方未能达成一致。").is_empty());
    }
}
