//! Unit tests of the flagger, with facts built as the facts stage would
//! build them from EN/ZH/JA sentences.

use super::*;
use crate::SentenceLink;
use concord_core::{
    AlignmentId, Claim, ClaimId, DocId, FactId, Lang, SentenceId, SentenceRange, Side, Span,
};
use std::collections::HashMap;
use FactKind::{Date, Entity, Money, Number, Percent, Person, Role, Version};

fn alignment(cosine: f32, margin: f32) -> Alignment {
    Alignment {
        id: AlignmentId::from_string("a1"),
        doc_a: DocId::from_string("dA"),
        doc_b: DocId::from_string("dB"),
        sentence_a: Some(SentenceId::from_string("sA")),
        sentence_b: Some(SentenceId::from_string("sB")),
        range_a: Some(SentenceRange::single(0)),
        range_b: Some(SentenceRange::single(0)),
        cosine,
        margin,
        score: margin,
        method: AlignMethod::MarginMnn,
    }
}

/// A fact in document `d{doc}`, sentence `s{sentence}`.
fn fact_in(
    doc: &str,
    sentence: &str,
    kind: FactKind,
    surface: &str,
    normalized: &str,
    start: usize,
) -> Fact {
    let sid = SentenceId::from_string(format!("s{sentence}"));
    Fact {
        id: FactId::from_parts([sid.as_str(), kind.as_str(), &start.to_string()]),
        sentence_id: sid,
        doc_id: DocId::from_string(format!("d{doc}")),
        kind,
        surface: surface.to_owned(),
        normalized: normalized.to_owned(),
        span: Span::new(start, start + surface.len()),
    }
}

fn a(kind: FactKind, surface: &str, normalized: &str, start: usize) -> Fact {
    fact_in("A", "A", kind, surface, normalized, start)
}

fn b(kind: FactKind, surface: &str, normalized: &str, start: usize) -> Fact {
    fact_in("B", "B", kind, surface, normalized, start)
}

fn flag(fa: &[Fact], fb: &[Fact]) -> Vec<Disagreement> {
    Flagger::default().flag(&alignment(0.9, 1.25), fa, fb)
}

/// Flags of a translation bead (the sides translate each other).
fn flag_bead(fa: &[Fact], fb: &[Fact]) -> Vec<Disagreement> {
    let al = Alignment {
        method: AlignMethod::Bead,
        ..alignment(0.9, 1.0)
    };
    Flagger::default().flag(&al, fa, fb)
}

fn values(d: &[Disagreement]) -> Vec<(FactKind, &str, &str)> {
    d.iter()
        .map(|d| (d.kind, d.value_a.as_str(), d.value_b.as_str()))
        .collect()
}

#[test]
fn typo_version_is_flagged_with_high_confidence() {
    // EN (bad MT) "GPS-5.6 is open to API visits" vs JA "GPT-5.6 は…".
    let fa = [a(Version, "GPS-5.6", "GPS-5.6", 30)];
    let fb = [b(Version, "GPT-5.6", "GPT-5.6", 12)];
    let d = flag(&fa, &fb);
    assert_eq!(d.len(), 1);
    let d = &d[0];
    assert_eq!(d.kind, Version);
    assert_eq!(
        (d.value_a.as_str(), d.value_b.as_str()),
        ("GPS-5.6", "GPT-5.6")
    );
    assert_eq!((d.span_a, d.span_b), (Span::new(30, 37), Span::new(12, 19)));
    assert_eq!(
        d.explanation,
        r#"version differs: "GPS-5.6" vs "GPT-5.6" (edit distance 1)"#
    );
    assert!(d.confidence > 0.8, "{}", d.confidence);
    assert_eq!(
        (
            d.claim_id.as_ref(),
            d.likely_error_side,
            d.suggested.as_ref()
        ),
        (None, None, None)
    );
    // Same typo under a weak alignment: lower confidence.
    let weak = Flagger::default().flag(&alignment(0.6, 1.02), &fa, &fb);
    assert!(weak[0].confidence < d.confidence);
    // `GPS-5/5` reads as `GPS-5.5` in the facts stage.
    let d = flag(
        &[a(Version, "GPS-5/5", "GPS-5.5", 0)],
        &[b(Version, "GPT-5.5", "GPT-5.5", 0)],
    );
    assert_eq!(values(&d), [(Version, "GPS-5/5", "GPT-5.5")]);
}

#[test]
fn unrelated_or_equivalent_versions_are_not_flagged() {
    let fa = [a(Version, "GPT-5.6", "GPT-5.6", 0)];
    let fb = [b(Version, "Opus 4.8", "Opus-4.8", 0)];
    assert!(flag(&fa, &fb).is_empty());
    // Same version written differently (separator, case) agrees.
    assert!(flag(&fa, &[b(Version, "gpt 5.6", "gpt-5.6", 0)]).is_empty());
    // A longer name agrees with its tail.
    assert!(flag(
        &[a(Version, "Claude Opus 4.8", "Claude-Opus-4.8", 0)],
        &[b(Version, "Opus 4.8", "Opus-4.8", 0)]
    )
    .is_empty());
    // A shared version is dropped; the remaining ones are unrelated.
    let fa = [
        a(Version, "GPT-5.6", "GPT-5.6", 0),
        a(Version, "Mythos 5", "Mythos-5", 20),
    ];
    let fb = [
        b(Version, "GPT-5.6", "GPT-5.6", 5),
        b(Version, "Opus 4.8", "Opus-4.8", 40),
    ];
    assert!(flag(&fa, &fb).is_empty());
}

#[test]
fn versions_pair_with_their_closest_counterpart() {
    let fa = [
        a(Version, "GPS-5.6", "GPS-5.6", 0),
        a(Version, "Opus 4.7", "Opus-4.7", 20),
    ];
    let fb = [
        b(Version, "Opus 4.8", "Opus-4.8", 0),
        b(Version, "GPT-5.6", "GPT-5.6", 30),
    ];
    let d = flag(&fa, &fb);
    let pairs: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.normalized_a.as_str(), d.normalized_b.as_str()))
        .collect();
    assert_eq!(pairs, [("GPS-5.6", "GPT-5.6"), ("Opus-4.7", "Opus-4.8")]);
}

#[test]
fn dates_formats_and_precision() {
    // "June 26" vs "6月27日": flagged.
    let d = flag(
        &[a(Date, "June 26", "--06-26", 3)],
        &[b(Date, "6月27日", "--06-27", 0)],
    );
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].explanation,
        r#"date differs: "June 26" (--06-26) vs "6月27日" (--06-27)"#
    );
    // "June 27" vs "6月27日" vs "6月27日" in Japanese: same date.
    assert!(flag(
        &[a(Date, "June 27", "--06-27", 3)],
        &[b(Date, "6月27日", "--06-27", 0)]
    )
    .is_empty());
    // A full date agrees with the same month/day without a year...
    assert!(flag(
        &[a(Date, "June 26, 2026", "2026-06-26", 0)],
        &[b(Date, "6月26日", "--06-26", 0)]
    )
    .is_empty());
    // ...a coarser date that contains the finer one is no conflict...
    assert!(flag(
        &[a(Date, "June 2026", "2026-06", 0)],
        &[b(Date, "2026年6月26日", "2026-06-26", 0)]
    )
    .is_empty());
    // ...but one that does not contain it is, in a translation; between
    // independent reports a month and a day usually date different things.
    assert_eq!(
        flag_bead(
            &[a(Date, "July 2026", "2026-07", 0)],
            &[b(Date, "2026年6月26日", "2026-06-26", 0)]
        )
        .len(),
        1
    );
    assert!(flag(
        &[a(Date, "July 2026", "2026-07", 0)],
        &[b(Date, "2026年6月26日", "2026-06-26", 0)]
    )
    .is_empty());
    // A month/day without year conflicts with a different full date.
    assert_eq!(
        flag(
            &[a(Date, "June 26", "--06-26", 0)],
            &[b(Date, "2026年6月27日", "2026-06-27", 0)]
        )
        .len(),
        1
    );
    // Different years on full dates are flagged.
    assert_eq!(
        flag(
            &[a(Date, "2025年6月26日", "2025-06-26", 0)],
            &[b(Date, "June 26, 2026", "2026-06-26", 0)]
        )
        .len(),
        1
    );
    // Nothing shared (year only vs month/day): not paired.
    assert!(flag(
        &[a(Date, "2025", "2025", 0)],
        &[b(Date, "6月26日", "--06-26", 0)]
    )
    .is_empty());
    // A day inside a range agrees with it; one outside does not.
    assert!(flag(
        &[a(Date, "June 12–26", "--06-12/--06-26", 0)],
        &[b(Date, "6月20日", "--06-20", 0)]
    )
    .is_empty());
    assert_eq!(
        flag(
            &[a(Date, "June 12–26", "--06-12/--06-26", 0)],
            &[b(Date, "6月27日", "--06-27", 0)]
        )
        .len(),
        1
    );
    // An incomparable fact on one side does not hide a conflict.
    let d = flag(
        &[
            a(Date, "2026", "2026", 0),
            a(Date, "June 26", "--06-26", 10),
        ],
        &[b(Date, "6月27日", "--06-27", 0)],
    );
    assert_eq!(values(&d), [(Date, "June 26", "6月27日")]);
}

#[test]
fn a_percentage_stated_as_points_has_its_counterpart() {
    // EN "lift the policy rate by half a percentage point, to 1.25% from
    // 0.75%" / JA "日銀、0.5%の利上げ　政策金利1.25%に": 0.75% has no
    // counterpart, and 0.5% is the half point.
    let fa = [
        a(Percent, "half a percentage point", "0.5pp", 0),
        a(Percent, "1.25%", "1.25%", 40),
        a(Percent, "0.75%", "0.75%", 50),
    ];
    let fb = [
        b(Percent, "0.5%", "0.5%", 3),
        b(Percent, "1.25%", "1.25%", 20),
    ];
    assert!(flag(&fa, &fb).is_empty(), "{:?}", values(&flag(&fa, &fb)));
}

#[test]
fn a_day_of_the_month_conflicts_only_in_translations() {
    // JA "日本銀行は30日まで開いた金融政策決定会合で" vs its machine
    // translation "at the financial policy decision meeting which opened
    // until 29 day".
    let fa = [a(Date, "30日", "2026-07-30", 0)];
    let fb = [b(Date, "29 day", "---29", 60)];
    assert_eq!(values(&flag_bead(&fa, &fb)), [(Date, "30日", "29 day")]);
    let same = [b(Date, "30 day", "---30", 60)];
    assert!(flag_bead(&fa, &same).is_empty());
    // Independent reports may name other days of the month.
    assert!(flag(&fa, &fb).is_empty());
}

#[test]
fn relative_dates_only_conflict_in_translations() {
    // JA "先月書いた WSJ 記事" vs its EN original "the WSJ article I wrote
    // about on Monday": a translation changed the time reference.
    let fa = [a(Date, "先月", "rel:month-1", 0)];
    let fb = [b(Date, "Monday", "rel:weekday-1", 40)];
    let bead = Alignment {
        method: AlignMethod::Bead,
        ..alignment(0.93, 1.0)
    };
    let d = Flagger::default().flag(&bead, &fa, &fb);
    assert_eq!(values(&d), [(Date, "先月", "Monday")]);
    assert!(
        d[0].explanation.contains("relative dates"),
        "{}",
        d[0].explanation
    );
    // Two independent articles may be written on different days.
    assert!(flag(&fa, &fb).is_empty());
    // Same relative date in another language, or relative vs absolute: no flag.
    let same = [b(Date, "上个月", "rel:month-1", 3)];
    assert!(Flagger::default().flag(&bead, &fa, &same).is_empty());
    let absolute = [b(Date, "June 26", "--06-26", 3)];
    assert!(Flagger::default().flag(&bead, &fa, &absolute).is_empty());
}

#[test]
fn money_units_scales_and_currencies() {
    // "$250 million" vs "2.5亿美元" vs "2億5000万ドル": same canonical value.
    assert!(flag(
        &[a(Money, "$250 million", "USD 250000000", 0)],
        &[b(Money, "2.5亿美元", "USD 250000000", 0)]
    )
    .is_empty());
    // The same amount in another currency is a currency error...
    let d = flag(
        &[a(Money, "$250 million", "USD 250000000", 0)],
        &[b(Money, "2億5000万円", "JPY 250000000", 0)],
    );
    assert_eq!(values(&d), [(Money, "$250 million", "2億5000万円")]);
    assert!(d[0]
        .explanation
        .ends_with("(same amount, different currency)"));
    // ...other amounts in other currencies are not comparable (a
    // conversion), and `¥` (yen or yuan) is never taken for a currency error.
    assert!(flag(
        &[a(Money, "$250 million", "USD 250000000", 0)],
        &[b(Money, "360億円", "JPY 36000000000", 0)]
    )
    .is_empty());
    assert!(flag(
        &[a(Money, "¥250 million", "JPY 250000000", 0)],
        &[b(Money, "2.5亿元", "CNY 250000000", 0)]
    )
    .is_empty());
    // Rounding: "$1.4 trillion" vs "1.43万亿美元".
    assert!(flag(
        &[a(Money, "$1.4 trillion", "USD 1400000000000", 0)],
        &[b(Money, "1.43万亿美元", "USD 1430000000000", 0)]
    )
    .is_empty());
    // Same currency, different amount: flagged.
    let d = flag(
        &[a(Money, "$250 million", "USD 250000000", 0)],
        &[b(Money, "2.6亿美元", "USD 260000000", 0)],
    );
    assert_eq!(values(&d), [(Money, "$250 million", "2.6亿美元")]);
    // "10兆ドル" vs "$100 trillion": far apart, but the only amounts.
    assert_eq!(
        flag(
            &[a(Money, "10兆ドル", "USD 10000000000000", 0)],
            &[b(Money, "$100 trillion", "USD 100000000000000", 0)]
        )
        .len(),
        1
    );
}

#[test]
fn numbers_and_percents() {
    // Different numbers: flagged, one line of explanation.
    let d = flag(
        &[a(Number, "48,000", "48000", 0)],
        &[b(Number, "4.9万", "49000", 0)],
    );
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].explanation,
        r#"number differs: "48,000" (48000) vs "4.9万" (49000)"#
    );
    // Equivalent numbers in other scripts: not flagged.
    assert!(flag(
        &[a(Number, "48,000", "48000", 0)],
        &[b(Number, "4万8000", "48000", 0)]
    )
    .is_empty());
    assert!(flag(
        &[a(Number, "forty-eight thousand", "48000", 0)],
        &[b(Number, "四万八千", "48000", 0)]
    )
    .is_empty());
    // Rounding to the coarser precision is no conflict...
    assert!(flag(
        &[a(Number, "about 1,000", "1000", 0)],
        &[b(Number, "1030", "1030", 0)]
    )
    .is_empty());
    // ...within the tolerance only.
    assert_eq!(
        flag(&[a(Number, "100", "100", 0)], &[b(Number, "120", "120", 0)]).len(),
        1
    );
    // Several leftovers fill unknown slots: they pair only when they look
    // like one value copied wrongly (digits transposed or one changed, a
    // scale slipped); the rest are omissions.
    assert!(flag(
        &[a(Number, "100", "100", 0), a(Number, "3", "3", 10)],
        &[b(Number, "130", "130", 0), b(Number, "5000", "5000", 10)],
    )
    .is_empty());
    let d = flag(
        &[a(Number, "612,000", "612000", 0), a(Number, "3", "3", 10)],
        &[b(Number, "621,000", "621000", 0), b(Number, "7", "7", 10)],
    );
    assert_eq!(values(&d), [(Number, "612,000", "621,000")]);
    let d = flag(
        &[a(Number, "5000万", "50000000", 0)],
        &[b(Number, "5亿", "500000000", 0), b(Number, "7", "7", 10)],
    );
    assert_eq!(values(&d), [(Number, "5000万", "5亿")]);
    // A single leftover on each side of sentences with as many numbers
    // pairs when within an order of magnitude, never when far apart (a
    // year against a count).
    assert_eq!(
        flag(&[a(Number, "100", "100", 0)], &[b(Number, "130", "130", 0)]).len(),
        1
    );
    assert!(flag(&[a(Number, "3", "3", 0)], &[b(Number, "三百", "300", 0)]).is_empty());
    // Percent.
    let d = flag(
        &[a(Percent, "20%", "20%", 0)],
        &[b(Percent, "百分之二十五", "25%", 0)],
    );
    assert_eq!(d.len(), 1);
    assert!(flag(
        &[a(Percent, "20 percent", "20%", 0)],
        &[b(Percent, "百分之二十", "20%", 0)]
    )
    .is_empty());
    assert!(flag(
        &[a(Percent, "7%", "7%", 0)],
        &[b(Percent, "7.3パーセント", "7.3%", 0)]
    )
    .is_empty());
}

#[test]
fn names_across_scripts_are_not_flagged() {
    // Transliterations: keys that differ a little are the same person.
    for (x, kx, y, ky) in [
        ("Kovacs", "person:kbc", "コバチ", "person:kbc"),
        ("Kovács", "person:kbc", "科瓦奇", "person:kbc"),
        ("Lutnick", "person:ltnk", "卢特尼克", "person:ltnk"),
        // Keys one edit apart (a transliteration that loses a consonant).
        ("Lutnick", "person:ltnk", "卢特尼", "person:ltn"),
        (
            "Howard Lutnick",
            "person:hbt ltnk",
            "卢特尼克",
            "person:ltnk",
        ),
        (
            "Tom Brown",
            "person:tn bln",
            "トム・ブラウン",
            "person:tn bln",
        ),
        ("LUTNICK", "person:ltnk", "Lutnick", "person:ltnk"),
        ("Dean W. Ball", "person:tn bl", "Ball", "person:bl"),
    ] {
        let d = flag(&[a(Person, x, kx, 0)], &[b(Person, y, ky, 0)]);
        assert!(d.is_empty(), "{x} vs {y}: {d:?}");
    }
    // Without keys (katakana surface as value), different scripts prove
    // nothing either.
    assert!(flag(
        &[a(Person, "Tom Brown", "Tom Brown", 0)],
        &[b(Person, "トム・ブラウン", "トム・ブラウン", 0)],
    )
    .is_empty());
}

#[test]
fn latin_misspellings_of_a_person_are_flagged() {
    let d = flag(
        &[a(Person, "Lutnik", "person:ltnk", 40)],
        &[b(Person, "Lutnick", "person:ltnk", 50)],
    );
    assert_eq!(values(&d), [(Person, "Lutnik", "Lutnick")]);
    assert_eq!(
        d[0].explanation,
        r#"person spelled differently: "Lutnik" vs "Lutnick" (edit distance 1)"#
    );
    // Even when the phonetic keys are identical.
    let d = flag(
        &[a(Person, "Andy Jassi", "person:ant cs", 0)],
        &[b(Person, "Andy Jassy", "person:ant cs", 0)],
    );
    assert_eq!(values(&d), [(Person, "Andy Jassi", "Andy Jassy")]);
    // Dropped given names and initials are not misspellings.
    assert!(flag(
        &[a(Person, "Howard Lutnick", "person:hbt ltnk", 0)],
        &[b(Person, "Lutnick", "person:ltnk", 0)],
    )
    .is_empty());
    // Two different people, one each side, same script, in a translation:
    // flagged, lower; independent reports quote different people.
    let d = flag_bead(
        &[a(Person, "Bessent", "person:bsnt", 0)],
        &[b(Person, "Lutnick", "person:ltnk", 0)],
    );
    assert_eq!(d.len(), 1);
    assert!(d[0].explanation.starts_with("person differs"));
    assert!(flag(
        &[a(Person, "Bessent", "person:bsnt", 0)],
        &[b(Person, "Lutnick", "person:ltnk", 0)],
    )
    .is_empty());
    // ...but not when each side names several people.
    assert!(flag(
        &[
            a(Person, "Bessent", "person:bsnt", 0),
            a(Person, "Tom Brown", "person:tn bln", 20)
        ],
        &[
            b(Person, "Lutnick", "person:ltnk", 0),
            b(Person, "Tom Brown", "person:tn bln", 20)
        ],
    )
    .iter()
    .all(|d| d.kind != Person));
}

#[test]
fn role_changes_for_the_same_person() {
    // EN "Commerce Secretary Lutnick told Tom Brown, co-founder of
    // Anthropic" vs ZH "外交部长卢特尼克致函Anthropic联合创始人汤姆·布朗".
    let fa = [
        a(Role, "Commerce Secretary", "role:commerce_secretary", 0),
        a(Person, "Lutnick", "person:ltnk", 19),
        a(Person, "Tom Brown", "person:tn bln", 32),
        a(Role, "co-founder", "role:cofounder", 43),
    ];
    let fb = [
        b(Role, "外交部长", "role:foreign_minister", 0),
        b(Person, "卢特尼克", "person:ltnk", 12),
        b(Role, "联合创始人", "role:cofounder", 40),
        b(Person, "汤姆·布朗", "person:tn bln", 55),
    ];
    let d = flag(&fa, &fb);
    assert_eq!(values(&d), [(Role, "Commerce Secretary", "外交部长")]);
    assert!(
        d[0].explanation
            .ends_with(r#"for the same person ("Lutnick" / "卢特尼克")"#),
        "{}",
        d[0].explanation
    );
    // Same role in another language: nothing.
    let fb_ok = [
        b(Role, "商務長官", "role:commerce_secretary", 0),
        b(Person, "ラトニック", "person:ltnk", 12),
    ];
    assert!(flag(&fa[..2], &fb_ok).is_empty());
    // Exactly one role and one person on each side, names not matched by
    // key (a transliteration the key maker missed): the roles are still
    // compared.
    let d = flag(
        &[
            a(Role, "Foreign Minister", "role:foreign_minister", 0),
            a(Person, "Lutnik", "person:ltnk", 17),
        ],
        &[
            b(Role, "商務長官", "role:commerce_secretary", 0),
            b(Person, "ラトニク", "person:ltnsk", 20),
        ],
    );
    assert_eq!(values(&d), [(Role, "Foreign Minister", "商務長官")]);
    // Two roles for two people, none matching: not guessed.
    assert!(flag(
        &[
            a(Role, "Foreign Minister", "role:foreign_minister", 0),
            a(Person, "Rubio", "person:lb", 17),
            a(Role, "CEO", "role:ceo", 40),
            a(Person, "Jassy", "person:cs", 44),
        ],
        &[
            b(Role, "商務長官", "role:commerce_secretary", 0),
            b(Person, "ルットニック", "person:ltnk", 20),
            b(Role, "CEO", "role:ceo", 40),
            b(Person, "アマゾン", "person:ansn", 60),
        ],
    )
    .is_empty());
    // A single role and no names on either side.
    let d = flag(
        &[a(Role, "Foreign Minister", "role:foreign_minister", 0)],
        &[b(Role, "商務長官", "role:commerce_secretary", 0)],
    );
    assert_eq!(d.len(), 1);
    assert!(flag(
        &[a(Role, "Commerce Secretary", "role:commerce_secretary", 0)],
        &[b(Role, "商務長官", "role:commerce_secretary", 0)],
    )
    .is_empty());
}

#[test]
fn entities_traditional_simplified_and_spelling() {
    // The facts stage folds traditional/simplified into one key.
    assert!(flag(
        &[a(Entity, "美國商務部", "entity:美国商务部", 0)],
        &[b(Entity, "美国商务部", "entity:美国商务部", 0)],
    )
    .is_empty());
    // Capitalisation.
    assert!(flag(
        &[a(Entity, "ANTHROPIC", "entity:anthropic", 0)],
        &[b(Entity, "Anthropic", "entity:anthropic", 0)],
    )
    .is_empty());
    // A Latin misspelling is flagged.
    let d = flag(
        &[a(Entity, "Antropic", "entity:antropic", 0)],
        &[b(Entity, "Anthropic", "entity:anthropic", 0)],
    );
    assert_eq!(values(&d), [(Entity, "Antropic", "Anthropic")]);
    assert_eq!(
        d[0].explanation,
        r#"entity spelled differently: "Antropic" vs "Anthropic" (edit distance 1)"#
    );
    // Two ministries in one slot are compared by their canonical ids...
    let d = flag(
        &[a(
            Entity,
            "Ministry of Commerce",
            "entity:ministry:commerce",
            0,
        )],
        &[b(Entity, "外務省", "entity:ministry:foreign", 0)],
    );
    assert_eq!(values(&d), [(Entity, "Ministry of Commerce", "外務省")]);
    // ...other different entities, or different scripts, are not.
    assert!(flag(
        &[a(Entity, "Kurogane Denso", "entity:kurogane denso", 0)],
        &[b(Entity, "Hinode Motor", "entity:hinode motor", 0)],
    )
    .is_empty());
    assert!(flag(
        &[a(Entity, "Anthropic", "entity:anthropic", 0)],
        &[b(Entity, "アンソロピック", "entity:アンソロピック", 0)],
    )
    .is_empty());
}

#[test]
fn beads_flag_the_facts_own_sentences() {
    let al = Alignment {
        sentence_a: Some(SentenceId::from_string("s1")),
        sentence_b: Some(SentenceId::from_string("s7")),
        range_a: Some(SentenceRange { first: 1, last: 2 }),
        range_b: Some(SentenceRange::single(7)),
        method: AlignMethod::Bead,
        margin: 1.0,
        cosine: 0.7,
        ..alignment(0.7, 1.0)
    };
    let fa = [
        fact_in("A", "1", Date, "June 26", "--06-26", 0),
        fact_in("A", "2", Version, "GPS-5.6", "GPS-5.6", 40),
    ];
    let fb = [
        fact_in("B", "7", Version, "GPT-5.6", "GPT-5.6", 3),
        fact_in("B", "7", Date, "6月26日", "--06-26", 10),
    ];
    let d = Flagger::default().flag(&al, &fa, &fb);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].sentence_a.as_str(), "s2");
    assert_eq!(d[0].sentence_b.as_str(), "s7");
    // A bead is strong support despite margin 1 and a modest cosine.
    assert!(d[0].confidence > 0.8, "{}", d[0].confidence);
}

#[test]
fn ids_are_stable_and_side_symmetric() {
    let fa = [a(Version, "GPS-5.6", "GPS-5.6", 30)];
    let fb = [b(Version, "GPT-5.6", "GPT-5.6", 12)];
    let ab = flag(&fa, &fb);
    let ba = flag(&fb, &fa);
    assert_eq!(ab[0].id, ba[0].id);
    assert_eq!(
        ab[0].id,
        FlagId::from_parts(["flag", "version", "GPS-5.6", "sA", "GPT-5.6", "sB"])
    );
    // Pinned: ids must not change between releases.
    assert_eq!(ab[0].id.as_str(), "x1e544fe7852b2b25");
    // Confidence and alignment do not enter the id.
    let weak = Flagger::default().flag(&alignment(0.6, 1.1), &fa, &fb);
    assert_eq!(weak[0].id, ab[0].id);
    // The claim is not part of the id: claims grow as articles arrive, and
    // the same conflict must keep its id for `concord diff`.
    let mut with_claim = ab[0].clone();
    with_claim.claim_id = Some(ClaimId::from_string("c1"));
    assert_eq!(flag_id(&with_claim), ab[0].id);
}

#[test]
fn output_is_deterministic_and_thresholded() {
    let fa = [
        a(Number, "48,000", "48000", 40),
        a(Version, "GPS-5.6", "GPS-5.6", 0),
        a(Date, "June 26", "--06-26", 20),
    ];
    let fb = [
        b(Date, "6月27日", "--06-27", 0),
        b(Version, "GPT-5.6", "GPT-5.6", 10),
        b(Number, "4.9万", "49000", 30),
    ];
    let d1 = flag(&fa, &fb);
    let mut ra = fa.clone();
    ra.reverse();
    let d2 = flag(&ra, &fb);
    assert_eq!(d1, d2);
    let kinds: Vec<FactKind> = d1.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [Number, Date, Version]);
    assert!(d1.iter().all(|d| (0.0..=1.0).contains(&d.confidence)));
    let strict = Flagger::new(FlagConfig {
        min_confidence: 0.99,
        ..FlagConfig::default()
    });
    assert!(strict.flag(&alignment(0.9, 1.25), &fa, &fb).is_empty());
    // A useless alignment supports nothing.
    assert!(Flagger::default()
        .flag(&alignment(0.1, 0.9), &fa, &fb)
        .is_empty());
    // Garbage canonical values never panic and are not flagged.
    assert!(flag(
        &[a(Date, "?", "not-a-date", 0), a(Money, "?", "USD", 5)],
        &[b(Date, "?", "--13-45", 0), b(Money, "?", "USD abc", 5)]
    )
    .is_empty());
}

#[test]
fn config_defaults_and_validation() {
    assert!(FlagConfig::default().validate().is_ok());
    let bad = FlagConfig {
        version_max_distance: 1.5,
        ..FlagConfig::default()
    };
    assert!(bad.validate().is_err());
    let nan = FlagConfig {
        margin_full: f32::NAN,
        ..FlagConfig::default()
    };
    assert!(nan.validate().is_err());
    let two = FlagConfig {
        majority_min_sources: 2,
        ..FlagConfig::default()
    };
    assert!(matches!(
        two.validate(),
        Err(FlagError::InvalidConfig {
            field: "majority_min_sources",
            ..
        })
    ));
}

// ---------------------------------------------------------------------------
// Attribution.

/// Documents 0..n, each with one sentence `s{doc}` in one claim.
fn claim(docs: &[&str]) -> Claim {
    Claim {
        id: ClaimId::from_string("c-gpt55"),
        sentence_ids: docs
            .iter()
            .map(|d| SentenceId::from_string(format!("s{d}")))
            .collect(),
        doc_ids: docs
            .iter()
            .map(|d| DocId::from_string(format!("d{d}")))
            .collect(),
        langs: docs.iter().map(|_| Lang::En).collect(),
    }
}

fn by_sentence(facts: &[Fact]) -> HashMap<SentenceId, Vec<Fact>> {
    let mut m: HashMap<SentenceId, Vec<Fact>> = HashMap::new();
    for f in facts {
        m.entry(f.sentence_id.clone()).or_default().push(f.clone());
    }
    m
}

fn flag_docs(x: &Fact, y: &Fact) -> Vec<Disagreement> {
    let al = Alignment {
        doc_a: x.doc_id.clone(),
        doc_b: y.doc_id.clone(),
        sentence_a: Some(x.sentence_id.clone()),
        sentence_b: Some(y.sentence_id.clone()),
        ..alignment(0.9, 1.25)
    };
    Flagger::default().flag(&al, std::slice::from_ref(x), std::slice::from_ref(y))
}

#[test]
fn majority_of_three_sources_marks_the_minority() {
    // 000 (poor EN MT): "including OpenAI's GPS-5/5"; 001 (good EN MT) and
    // 003 (EN commentary) and a JA article: "GPT-5.5".
    let f0 = fact_in("000", "000", Version, "GPS-5/5", "GPS-5.5", 10);
    let f1 = fact_in("001", "001", Version, "GPT-5.5", "GPT-5.5", 12);
    let f3 = fact_in("003", "003", Version, "GPT-5.5", "GPT-5.5", 70);
    let f4 = fact_in("004", "004", Version, "GPT-5.5", "GPT-5.5", 5);
    let facts = by_sentence(&[f0.clone(), f1.clone(), f3.clone(), f4]);
    let claims = [claim(&["000", "001", "003", "004"])];
    // Sides in both orders.
    let mut flags = flag_docs(&f0, &f1);
    flags.extend(flag_docs(&f3, &f0));
    assert_eq!(flags.len(), 2);
    let before: Vec<f32> = flags.iter().map(|d| d.confidence).collect();
    let flagger = Flagger::default();
    flagger.attribute(&claims, &facts, &mut flags);
    assert_eq!(flags[0].likely_error_side, Some(Side::A));
    assert_eq!(flags[1].likely_error_side, Some(Side::B));
    for (d, c) in flags.iter().zip(before) {
        assert_eq!(d.claim_id, Some(ClaimId::from_string("c-gpt55")));
        assert_eq!(d.suggested.as_deref(), Some("GPT-5.5"));
        assert!(d.confidence > c);
        assert_eq!(d.id, flag_id(d));
    }
    assert!(
        flags[0].explanation.ends_with(
            r#"; likely error on side a: 3 of 4 sources say "GPT-5.5" (1 agree with it)"#
        ),
        "{}",
        flags[0].explanation
    );
    // Idempotent.
    let again = flags.clone();
    flagger.attribute(&claims, &facts, &mut flags);
    assert_eq!(flags, again);
    // Works with the `&SentenceId` keys the pipeline builds.
    let by_ref: HashMap<&SentenceId, Vec<Fact>> =
        facts.iter().map(|(k, v)| (k, v.clone())).collect();
    let mut fresh = flag_docs(&f0, &f1);
    flagger.attribute(&claims, &by_ref, &mut fresh);
    assert_eq!(fresh[0].likely_error_side, Some(Side::A));
    assert_eq!(fresh[0].id, flags[0].id);
}

#[test]
fn majority_for_person_spellings_and_roles() {
    // Three EN sources spell the name; a JA source speaks but cannot vote.
    let p0 = fact_in("000", "000", Person, "Lutnik", "person:ltnk", 0);
    let p1 = fact_in("001", "001", Person, "Lutnick", "person:ltnk", 0);
    let p2 = fact_in("002", "002", Person, "Howard Lutnick", "person:hbt ltnk", 0);
    let p4 = fact_in("004", "004", Person, "ルットニック", "person:ltnk", 0);
    let facts = by_sentence(&[p0.clone(), p1.clone(), p2, p4]);
    let claims = [claim(&["000", "001", "002", "004"])];
    let mut flags = flag_docs(&p0, &p1);
    assert_eq!(flags.len(), 1);
    Flagger::default().attribute(&claims, &facts, &mut flags);
    assert_eq!(flags[0].likely_error_side, Some(Side::A));
    assert_eq!(flags[0].suggested.as_deref(), Some("Howard Lutnick"));

    // Roles: two sources say Commerce Secretary, one Foreign Minister.
    let r0 = fact_in(
        "000",
        "000",
        Role,
        "Foreign Minister",
        "role:foreign_minister",
        0,
    );
    let r1 = fact_in(
        "001",
        "001",
        Role,
        "Commerce Secretary",
        "role:commerce_secretary",
        0,
    );
    let r4 = fact_in("004", "004", Role, "商務長官", "role:commerce_secretary", 0);
    let facts = by_sentence(&[r0.clone(), r1.clone(), r4]);
    let claims = [claim(&["000", "001", "004"])];
    let mut flags = flag_docs(&r1, &r0);
    assert_eq!(flags.len(), 1);
    Flagger::default().attribute(&claims, &facts, &mut flags);
    assert_eq!(flags[0].likely_error_side, Some(Side::B));
    // Suggested in the erroneous side's script.
    assert_eq!(flags[0].suggested.as_deref(), Some("Commerce Secretary"));
}

#[test]
fn two_sources_fall_back_to_rarity_across_the_run() {
    // The claim has two sources only.
    let f0 = fact_in("000", "000", Version, "GPS-5.6", "GPS-5.6", 10);
    let f1 = fact_in("001", "001", Version, "GPT-5.6", "GPT-5.6", 12);
    let claims = [claim(&["000", "001"])];
    let mut all = vec![f0.clone(), f1.clone()];
    // Elsewhere in the run, GPT-5.6 is written in both documents.
    for (i, doc) in ["000", "001", "001", "002"].iter().enumerate() {
        all.push(fact_in(
            doc,
            &format!("{doc}-{i}"),
            Version,
            "GPT-5.6",
            "GPT-5.6",
            0,
        ));
    }
    let facts = by_sentence(&all);
    let mut flags = flag_docs(&f1, &f0);
    Flagger::default().attribute(&claims, &facts, &mut flags);
    let d = &flags[0];
    assert_eq!(d.likely_error_side, Some(Side::B));
    assert_eq!(d.suggested.as_deref(), Some("GPT-5.6"));
    assert_eq!(d.claim_id, Some(ClaimId::from_string("c-gpt55")));
    assert!(d.explanation.contains(
        r#"likely error on side b: "GPS-5.6" is written 1 time in 1 document, "GPT-5.6" 5 times in 3 documents"#
    ), "{}", d.explanation);

    // Both values common, or both rare: no evidence.
    let facts = by_sentence(&[f0.clone(), f1.clone()]);
    let mut flags = flag_docs(&f1, &f0);
    Flagger::default().attribute(&claims, &facts, &mut flags);
    assert_eq!(flags[0].likely_error_side, None);
    assert_eq!(flags[0].suggested, None);

    // Numbers carry no rarity signal.
    let n0 = fact_in("000", "000", Number, "48,000", "48000", 0);
    let n1 = fact_in("001", "001", Number, "49,000", "49000", 0);
    let mut all = vec![n0.clone(), n1.clone()];
    for i in 0..5 {
        all.push(fact_in(
            "002",
            &format!("n{i}"),
            Number,
            "49,000",
            "49000",
            0,
        ));
        all.push(fact_in(
            "003",
            &format!("m{i}"),
            Number,
            "49,000",
            "49000",
            0,
        ));
    }
    let mut flags = flag_docs(&n0, &n1);
    Flagger::default().attribute(&claims, &by_sentence(&all), &mut flags);
    assert_eq!(flags[0].likely_error_side, None);
}

#[test]
fn flags_outside_a_claim_keep_no_claim() {
    let f0 = fact_in("000", "000", Version, "GPS-5.6", "GPS-5.6", 10);
    let f1 = fact_in("001", "001", Version, "GPT-5.6", "GPT-5.6", 12);
    let mut flags = flag_docs(&f0, &f1);
    let id = flags[0].id.clone();
    // The sentences are in different claims.
    let claims = [claim(&["000"]), {
        let mut c = claim(&["001"]);
        c.id = ClaimId::from_string("c-other");
        c
    }];
    Flagger::default().attribute(&claims, &by_sentence(&[f0, f1]), &mut flags);
    assert_eq!(flags[0].claim_id, None);
    assert_eq!(flags[0].id, id);
}

#[test]
fn translations_of_one_article_are_one_source() {
    // Two English renderings (000, 001) of one Chinese article say "June 26";
    // an independent article (004) says "June 30". Counted per document that
    // would be a 2-to-1 majority; counted per source it is 1 to 1.
    let f0 = fact_in("000", "000", Date, "26 June", "--06-26", 10);
    let f1 = fact_in("001", "001", Date, "June 26", "--06-26", 12);
    let f4 = fact_in("004", "004", Date, "June 30", "--06-30", 5);
    let facts = by_sentence(&[f0, f1.clone(), f4.clone()]);
    let claims = [claim(&["000", "001", "004"])];
    let flagger = Flagger::default();
    let mut per_document = flag_docs(&f1, &f4);
    flagger.attribute(&claims, &facts, &mut per_document);
    assert_eq!(per_document[0].likely_error_side, Some(Side::B));
    let families: HashMap<DocId, DocId> =
        [(DocId::from_string("d001"), DocId::from_string("d000"))].into();
    let mut per_source = flag_docs(&f1, &f4);
    flagger.attribute_with_sources(&claims, &facts, &families, &mut per_source);
    assert_eq!(per_source[0].likely_error_side, None);
    assert_eq!(per_source[0].suggested, None);
}

#[test]
fn flags_carry_over_to_translations_that_state_the_same_value() {
    // 001 "On June 27, Mythos 5 was approved…" vs 004 "June 26: …" was
    // flagged; 000 translates 001's sentence inside one long timeline
    // sentence that also says "27 June" (and "26 June" for another event).
    let f1 = fact_in("001", "001", Date, "June 27", "--06-27", 3);
    let f4 = fact_in("004", "004", Date, "June 26", "--06-26", 0);
    let t27 = fact_in("000", "000", Date, "27 June", "--06-27", 90);
    let t26 = fact_in("000", "000", Date, "26 June", "--06-26", 40);
    let facts = by_sentence(&[f1.clone(), f4.clone(), t27, t26]);
    let flags = flag_docs(&f1, &f4);
    assert_eq!(flags.len(), 1);
    let links = [SentenceLink {
        a: SentenceId::from_string("s000"),
        b: SentenceId::from_string("s001"),
        support: 0.98,
    }];
    let flagger = Flagger::default();
    let derived = flagger.carry_over(&flags, &links, &facts);
    assert_eq!(values(&derived), [(Date, "27 June", "June 26")]);
    let d = &derived[0];
    assert_eq!(d.doc_a, DocId::from_string("d000"));
    assert_eq!(d.span_a, Span::new(90, 97));
    assert!(d.confidence < flags[0].confidence && d.confidence > 0.9 * flags[0].confidence);
    assert!(
        d.explanation.contains("carried over from \"June 27\""),
        "{}",
        d.explanation
    );
    assert_eq!(d.id, flag_id(d));
    // Nothing to carry without a link, and carrying again adds nothing new.
    assert!(flagger.carry_over(&flags, &[], &facts).is_empty());
    let mut all = flags.clone();
    all.extend(derived.clone());
    assert!(flagger.carry_over(&all, &links, &facts).is_empty());
}
