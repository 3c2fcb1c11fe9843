//! A document's dateline, and relative dates resolved against it.
//!
//! News states when it was filed at the top (`OSAKA, March 3, 2026 (Wire) -`,
//! `新华社北京3月3日电`, a date line under the headline). That date is not a
//! claim of the story: two reports filed a day apart are not in conflict,
//! so the flag stage leaves the dateline fact out. It is the "today" of the
//! article: `yesterday`, `on Tuesday`, `上周五`, `昨日` name calendar days once
//! it is known, and then compare with the absolute dates of other reports.

use crate::relative::RELATIVE_PREFIX;
use concord_core::{Fact, FactId, FactKind, Sentence};
use std::collections::HashMap;

/// How many opening sentences may hold a dateline: the headline, a
/// subheading or a translator's note (`[This article is machine translated
/// from Chinese.` `Original: …]` is two sentences) may come first; the
/// dateline position test ([`find_dateline`]) keeps later dates out.
pub const DATELINE_SENTENCES: u32 = 5;

/// Characters right after a date that mark it as a dateline: Chinese wire
/// style `3月3日电` / `12月10日讯`, an agency in brackets, the wire dash, a bracketed
/// bureau (`【広州＝…】`).
const DATELINE_MARKERS: &[char] = &[
    '电', '電', '讯', '訊', '(', '（', '-', '–', '—', '】', ']', '/',
];

/// What word-for-word machine translation makes of `日电` / `电` after a
/// dispatch's date (`电` is "electricity" or "telegram" word by word).
const MT_DATELINE_MARKERS: &[&str] = &[
    "day electricity",
    "day electric",
    "day telegram",
    "day telegraph",
    "electricity",
    "telegram",
];

/// A document's dateline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The date fact that states it in the text, when it does (a dateline
    /// taken from the input's publication date has none).
    pub fact: Option<FactId>,
}

/// The dateline of a document: the first date (with month and day) in its
/// first [`DATELINE_SENTENCES`] sentences that is followed by a dateline
/// marker (`电`, `(`, a dash, `】`), closes a byline (`By … | March 13,
/// 2026`) or stands almost alone in its sentence (a date line); else the input's publication date. A dateline without a
/// year takes the year of the publication date, else the most frequent year
/// of the document's full dates. `sentences` are the document's, `facts`
/// its facts (any order).
pub fn find_dateline(
    sentences: &[Sentence],
    facts: &[Fact],
    published: Option<&str>,
) -> Option<Dateline> {
    find_dateline_with(sentences, facts, &[], published)
}

/// [`find_dateline`], with the canonical dates found in the document's
/// removed byline and metadata lines (`By Ruth Okafor | March 13, 2026` is
/// page furniture to the boilerplate filter, but it dates the article)
/// consulted after the text and before the publication date.
pub fn find_dateline_with(
    sentences: &[Sentence],
    facts: &[Fact],
    byline_dates: &[String],
    published: Option<&str>,
) -> Option<Dateline> {
    find_dateline_in(sentences, facts, byline_dates, published, None)
}

/// [`find_dateline_with`], with `default_year` (`YYYY`) for a dateline
/// that gives no year when neither the publication date nor the
/// document's own full dates give one: the year the other reports of the
/// run were filed in (a batch of news is of one time).
pub fn find_dateline_in(
    sentences: &[Sentence],
    facts: &[Fact],
    byline_dates: &[String],
    published: Option<&str>,
    default_year: Option<&str>,
) -> Option<Dateline> {
    let published_day = published
        .and_then(|p| p.get(..10))
        .filter(|d| civil(d).is_some())
        .map(str::to_owned);
    let dates = lead_dates(sentences, facts);
    let year = published_day
        .as_deref()
        .and_then(|d| d.get(..4))
        .map(str::to_owned)
        .or_else(|| common_year(facts))
        .or_else(|| default_year.map(str::to_owned));
    for (sentence, fact) in dates {
        let Some(date) = month_day(&fact.normalized, year.as_deref()) else {
            continue;
        };
        if is_dateline_position(sentence, fact) {
            return Some(Dateline {
                date,
                fact: Some(fact.id.clone()),
            });
        }
    }
    byline_dates
        .iter()
        .find_map(|d| month_day(d, year.as_deref()))
        .or(published_day)
        .map(|date| Dateline { date, fact: None })
}

/// The fact that states a document's dateline, as [`find_dateline`] finds
/// it, also when no year is known for it (a Chinese dispatch `杭州7月22日电`
/// in a document with no full date and no publication date): it says
/// when the report was filed, so it must not be compared as a claim even
/// when it cannot date anything.
pub fn dateline_fact(sentences: &[Sentence], facts: &[Fact]) -> Option<FactId> {
    lead_dates(sentences, facts)
        .into_iter()
        .find_map(|(sentence, fact)| {
            let has_day = month_day(&fact.normalized, Some("2000")).is_some();
            (has_day && is_dateline_position(sentence, fact)).then(|| fact.id.clone())
        })
}

/// The date facts of the first [`DATELINE_SENTENCES`] sentences with their
/// sentence, in reading order.
fn lead_dates<'a>(sentences: &'a [Sentence], facts: &'a [Fact]) -> Vec<(&'a Sentence, &'a Fact)> {
    let lead: HashMap<&concord_core::SentenceId, &Sentence> = sentences
        .iter()
        .filter(|s| s.idx < DATELINE_SENTENCES)
        .map(|s| (&s.id, s))
        .collect();
    let mut dates: Vec<(&Sentence, &Fact)> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Date)
        .filter_map(|f| lead.get(&f.sentence_id).map(|&s| (s, f)))
        .collect();
    dates.sort_by_key(|(s, f)| (s.idx, f.span.start));
    dates
}

/// Reasons of removed lines that may carry the article's date.
pub const BYLINE_REASONS: &[&str] = &["byline", "metadata"];

/// Whether the date fact sits where datelines sit in `sentence`.
fn is_dateline_position(sentence: &Sentence, fact: &Fact) -> bool {
    let text = &sentence.original_text;
    let (Some(start), Some(end)) = (
        fact.span.start.checked_sub(sentence.span.start),
        fact.span.end.checked_sub(sentence.span.start),
    ) else {
        return false;
    };
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let after_trim = after.trim_start_matches([' ', ',', '，', '\u{3000}']);
    if after_trim.starts_with(DATELINE_MARKERS) {
        return true;
    }
    // A machine translation of a Chinese dispatch keeps the marker as a
    // word: `Beijing April 14 day electricity` for `北京4月14日电`.
    let lower = after_trim.to_lowercase();
    if MT_DATELINE_MARKERS.iter().any(|m| lower.starts_with(m)) {
        return true;
    }
    // A byline's date: `By Ruth Okafor | March 13, 2026`.
    if before.trim_end().ends_with(['|', '｜', '·', '•']) {
        return true;
    }
    // A date line: the date and at most a clock time or a short label.
    let rest = before.trim().chars().count() + after.trim().chars().count();
    rest <= 12
}

/// `YYYY-MM-DD` from a canonical date with month and day (`--03-03` takes
/// `year`).
fn month_day(normalized: &str, year: Option<&str>) -> Option<String> {
    if let Some(md) = normalized.strip_prefix("--") {
        let y = year?;
        let date = format!("{y}-{}", md.get(..5)?);
        return civil(&date).map(|_| date);
    }
    let date = normalized.get(..10)?;
    civil(date).map(|_| date.to_owned())
}

/// The most frequent year among full dates (`YYYY-MM-DD`) of the facts.
fn common_year(facts: &[Fact]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for f in facts.iter().filter(|f| f.kind == FactKind::Date) {
        if civil(f.normalized.get(..10).unwrap_or("")).is_some() {
            if let Some(y) = f.normalized.get(..4) {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.first().map(|(y, _)| (*y).to_owned())
}

/// Words that put a bare weekday after the day of writing (`will open on
/// Thursday`, `预计周四`, `木曜日に再開する予定`).
const FUTURE_MARKERS: &[&str] = &[
    " will ",
    " would ",
    "expected",
    "scheduled",
    " plans ",
    " plan to",
    " set to ",
    " due ",
    "is to ",
    "are to ",
    " aims to ",
    " aim to ",
    " hopes to ",
    " intends to ",
    " seeks to ",
    " targets ",
    "目指",
    "目标",
    "将",
    "预计",
    "计划",
    "拟",
    "準備",
    "予定",
    "見通し",
    "見込み",
    "方針",
    "へ。",
];

/// The clause of `text` around `start..end` (byte offsets of a date in
/// it), the text [`resolve_relative`] reads for tense: a weekday's tense is
/// its own clause's ("When it unveiled the recall on Tuesday, … vehicles
/// will need a new pump" dates a past Tuesday). Clauses end at commas,
/// semicolons, colons and dashes, in both scripts; a clause that is little
/// more than the date (`On Friday, the ministry will …`) takes the next
/// clause with it. Offsets off a character boundary give the whole text.
pub fn clause_around(text: &str, start: usize, end: usize) -> &str {
    const BOUNDARIES: &[char] = &[',', ';', ':', '，', '；', '：', '—', '–', '。'];
    if start > end || text.get(start..end).is_none() {
        return text;
    }
    let from = text[..start].rfind(BOUNDARIES).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let next_end = |at: usize| text[at..].find(BOUNDARIES).map_or(text.len(), |i| at + i);
    let mut to = next_end(end);
    let words_outside_date =
        text[from..start].split_whitespace().count() + text[end..to].split_whitespace().count();
    if words_outside_date <= 1 && to < text.len() {
        let after = to + text[to..].chars().next().map_or(1, char::len_utf8);
        to = next_end(after);
    }
    &text[from..to]
}

/// Resolve a relative date (`rel:…`) against `dateline` (`YYYY-MM-DD`):
/// days (`rel:day-1`) and weekdays to `YYYY-MM-DD`, months to `YYYY-MM`,
/// years to `YYYY`; `None` when it names no calendar unit (weeks) or the
/// value is not relative. A bare weekday is the day of writing when it is
/// that weekday, else the latest such day before it, or the first after it
/// when `sentence` speaks of the future ([`FUTURE_MARKERS`]).
pub fn resolve_relative(normalized: &str, sentence: &str, dateline: &str) -> Option<String> {
    if let Some(day) = normalized.strip_prefix("---") {
        return day_of_month(day, dateline);
    }
    let rel = normalized.strip_prefix(RELATIVE_PREFIX)?;
    let today = civil(dateline)?;
    let step = |s: &str| -> Option<i64> { s.parse::<i64>().ok() };
    if let Some(n) = rel.strip_prefix("day") {
        return Some(iso(today + step(n)?));
    }
    if let Some(rest) = rel.strip_prefix("weekday-") {
        let (num, how) = rest.split_once('@').unwrap_or((rest, ""));
        let want: i64 = num.parse::<i64>().ok().filter(|n| (1..=7).contains(n))? - 1;
        let dow = weekday(today);
        let monday = today - dow;
        let day = match how {
            "prevweek" => monday - 7 + want,
            "nextweek" => monday + 7 + want,
            "this" => monday + want,
            "last" => today - nonzero_week_gap(dow - want),
            "next" => today + nonzero_week_gap(want - dow),
            _ if want == dow => today,
            _ => {
                let lower = format!(" {} ", sentence.to_lowercase());
                if FUTURE_MARKERS.iter().any(|m| lower.contains(m)) {
                    today + (want - dow).rem_euclid(7)
                } else {
                    today - (dow - want).rem_euclid(7)
                }
            }
        };
        return Some(iso(day));
    }
    let (y, m) = (
        dateline.get(..4)?.parse::<i64>().ok()?,
        dateline.get(5..7)?.parse::<i64>().ok()?,
    );
    if let Some(n) = rel.strip_prefix("month") {
        let total = y * 12 + (m - 1) + step(n)?;
        return Some(format!(
            "{:04}-{:02}",
            total.div_euclid(12),
            total.rem_euclid(12) + 1
        ));
    }
    if let Some(n) = rel.strip_prefix("year") {
        return Some(format!("{:04}", y + step(n)?));
    }
    None
}

/// A day of the month alone (`23日`, canonical `---23`) in the dateline's
/// month, or the month before when the day lies more than a week ahead of
/// the dateline (a report of the 2nd that says `28日` means last month's).
fn day_of_month(day: &str, dateline: &str) -> Option<String> {
    let d: i64 = day.parse().ok()?;
    let (y, m, today) = (
        dateline.get(..4)?.parse::<i64>().ok()?,
        dateline.get(5..7)?.parse::<i64>().ok()?,
        dateline.get(8..10)?.parse::<i64>().ok()?,
    );
    let (y, m) = if d > today + 7 {
        if m == 1 {
            (y - 1, 12)
        } else {
            (y, m - 1)
        }
    } else {
        (y, m)
    };
    let date = format!("{y:04}-{m:02}-{d:02}");
    civil(&date).map(|_| date)
}

/// Days since 1970-01-01 of exactly `YYYY-MM-DD` (checked).
pub(crate) fn civil(s: &str) -> Option<i64> {
    if s.len() != 10 {
        return None;
    }
    concord_core::calendar::days_from_iso(s)
}

/// `YYYY-MM-DD` of days since 1970-01-01.
fn iso(days: i64) -> String {
    concord_core::calendar::iso_from_days(days)
}

/// Days to the same weekday, 1 to 7 (a whole week for the same day).
fn nonzero_week_gap(diff: i64) -> i64 {
    match diff.rem_euclid(7) {
        0 => 7,
        d => d,
    }
}

/// Monday = 0 … Sunday = 6.
fn weekday(days: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_resolve_against_the_dateline() {
        // 2026-03-11 is a Wednesday.
        let on = |rel: &str, sentence: &str| resolve_relative(rel, sentence, "2026-03-11");
        assert_eq!(
            on("rel:weekday-3", "Service resumed on Wednesday."),
            Some("2026-03-11".into())
        );
        assert_eq!(
            on("rel:weekday-2", "The train derailed on Tuesday."),
            Some("2026-03-10".into())
        );
        assert_eq!(
            on("rel:weekday-5", "Service will resume on Friday."),
            Some("2026-03-13".into())
        );
        assert_eq!(
            on("rel:weekday-1@last", "last Monday"),
            Some("2026-03-09".into())
        );
        assert_eq!(
            on("rel:weekday-3@last", "last Wednesday"),
            Some("2026-03-04".into())
        );
        assert_eq!(
            on("rel:weekday-1@next", "next Monday"),
            Some("2026-03-16".into())
        );
        assert_eq!(
            on("rel:weekday-5@prevweek", "上周五"),
            Some("2026-03-06".into())
        );
        assert_eq!(
            on("rel:weekday-1@this", "今週月曜日"),
            Some("2026-03-09".into())
        );
        assert_eq!(
            on("rel:weekday-1@nextweek", "下周一"),
            Some("2026-03-16".into())
        );
        assert_eq!(on("rel:day-1", "昨日"), Some("2026-03-10".into()));
        assert_eq!(
            on(
                "rel:weekday-5",
                "The operator aims to restart trains on Friday."
            ),
            Some("2026-03-13".into())
        );
        assert_eq!(on("rel:day+0", "今天"), Some("2026-03-11".into()));
        assert_eq!(on("rel:month-1", "先月"), Some("2026-02".into()));
        assert_eq!(on("rel:year-1", "去年"), Some("2025".into()));
        assert_eq!(on("rel:week-1", "last week"), None);
        assert_eq!(
            resolve_relative("rel:month-1", "", "2026-01-15"),
            Some("2025-12".into())
        );
        assert_eq!(on("2026-03-10", ""), None);
        assert_eq!(on("---10", "10日"), Some("2026-03-10".into()));
        assert_eq!(on("---28", "28日"), Some("2026-02-28".into()));
    }

    /// Sentence `idx` of document `d` at byte 0 of its file, and its facts.
    fn lead(idx: u32, text: &str) -> (Sentence, Vec<Fact>) {
        let id = concord_core::SentenceId::from_string(format!("s{idx}"));
        let doc = concord_core::DocId::from_string("d");
        let sentence = Sentence {
            id: id.clone(),
            doc_id: doc.clone(),
            idx,
            lang: concord_core::Lang::detect(text),
            text: text.to_owned(),
            span: concord_core::Span::new(0, text.len()),
            original_text: text.to_owned(),
            match_key: text.to_owned(),
        };
        let facts = crate::FactExtractor::new()
            .extract(text)
            .iter()
            .map(|m| {
                m.to_fact(
                    &id,
                    &doc,
                    concord_core::Span::new(m.range.start, m.range.end),
                )
            })
            .collect();
        (sentence, facts)
    }

    #[test]
    fn a_dateline_without_a_year_is_still_the_dateline() {
        let (s, facts) = lead(
            1,
            "东南经济网杭州7月22日电（记者 沈嘉禾）7月21日15时10分，金华市观测到43.6℃的高温。",
        );
        // No full date and no publication date: no year to date it by.
        assert_eq!(find_dateline(std::slice::from_ref(&s), &facts, None), None);
        let id = dateline_fact(std::slice::from_ref(&s), &facts).expect("dateline");
        let fact = facts.iter().find(|f| f.id == id).expect("fact");
        assert_eq!(fact.surface, "7月22日");
    }

    #[test]
    fn machine_translated_dispatch_markers() {
        let (s, facts) = lead(
            0,
            "China News Finance Net Beijing April 14 day electricity (reporter He Yuqing) The rocket lifted off.",
        );
        let found = find_dateline(
            std::slice::from_ref(&s),
            &facts,
            Some("2026-04-14T00:00:00Z"),
        );
        assert!(found.is_some_and(|d| d.fact.is_some()));
    }

    #[test]
    fn tense_is_read_in_the_weekday_clause() {
        let s = "When Kazemura unveiled its recall on Tuesday, about 1.4 million cars will need a new pump.";
        let at = s.find("Tuesday").unwrap();
        let clause = clause_around(s, at, at + "Tuesday".len());
        assert_eq!(clause, "When Kazemura unveiled its recall on Tuesday");
        // 2026-02-05 is a Thursday: the Tuesday before.
        assert_eq!(
            resolve_relative("rel:weekday-2", clause, "2026-02-05"),
            Some("2026-02-03".into())
        );
        let s = "On Friday, the ministry will publish the report.";
        let at = s.find("Friday").unwrap();
        assert_eq!(
            clause_around(s, at, at + 6),
            "On Friday, the ministry will publish the report."
        );
        let s = "该公司将于周五公布报告。";
        let at = s.find("周五").unwrap();
        assert_eq!(
            clause_around(s, at, at + "周五".len()),
            "该公司将于周五公布报告"
        );
    }

    #[test]
    fn civil_days_round_trip() {
        for d in ["1970-01-01", "2024-02-29", "2026-12-31"] {
            assert_eq!(iso(civil(d).unwrap()), d);
        }
        assert_eq!(civil("2026-02-30"), None);
        assert_eq!(weekday(civil("2026-03-11").unwrap()), 2);
    }
}
