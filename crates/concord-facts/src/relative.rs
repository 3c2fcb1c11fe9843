//! Relative dates: words that place an event relative to the day of writing
//! (`yesterday`, `last month`, `on Monday`, `昨天`, `上个月`, `周一`, `昨日`,
//! `先月`, `月曜日`).
//!
//! They have no calendar value without the publication date, so they are
//! never compared with absolute dates. Their canonical value says which
//! unit and which step they name: `rel:day-1` (yesterday), `rel:day+0`
//! (today), `rel:week-1` (last week), `rel:month+1` (next month),
//! `rel:year+0` (this year), and `rel:weekday-1` … `rel:weekday-7` for
//! Monday … Sunday. A translation must keep them: `先月` (last month) for
//! `on Monday` is a translation error the flagger reports on translation
//! beads, while two independent articles written on different days may
//! legitimately say `yesterday` and `on Monday` for the same event.

use crate::{char_before, re, Candidate};
use concord_core::FactKind;
use regex::Regex;

/// Prefix of every relative date's canonical value.
pub(crate) const RELATIVE_PREFIX: &str = "rel:";

/// English weekday names, Monday first.
const EN_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Chinese weekday suffixes after `周`/`星期`/`礼拜`, Monday first; `日` and
/// `天` are both Sunday.
const ZH_WEEKDAYS: [char; 8] = ['一', '二', '三', '四', '五', '六', '日', '天'];

/// Japanese weekday characters before `曜`, Monday first.
const JA_WEEKDAYS: [char; 7] = ['月', '火', '水', '木', '金', '土', '日'];

/// Words with a fixed meaning, folded (simplified Chinese): surface →
/// canonical value. Longer surfaces are tried first by the regex.
const FIXED: &[(&str, &str)] = &[
    // Chinese
    ("前天", "rel:day-2"),
    ("昨天", "rel:day-1"),
    ("今天", "rel:day+0"),
    ("明天", "rel:day+1"),
    ("后天", "rel:day+2"),
    ("上周", "rel:week-1"),
    ("上星期", "rel:week-1"),
    ("上个星期", "rel:week-1"),
    ("本周", "rel:week+0"),
    ("这周", "rel:week+0"),
    ("这个星期", "rel:week+0"),
    ("下周", "rel:week+1"),
    ("下星期", "rel:week+1"),
    ("下个星期", "rel:week+1"),
    ("上个月", "rel:month-1"),
    ("上月", "rel:month-1"),
    ("本月", "rel:month+0"),
    ("这个月", "rel:month+0"),
    ("下个月", "rel:month+1"),
    ("下月", "rel:month+1"),
    ("去年", "rel:year-1"),
    ("前年", "rel:year-2"),
    ("明年", "rel:year+1"),
    // Japanese (kanji folded to simplified where they differ)
    ("一昨日", "rel:day-2"),
    ("昨日", "rel:day-1"),
    ("今日", "rel:day+0"),
    ("本日", "rel:day+0"),
    ("明日", "rel:day+1"),
    ("先周", "rel:week-1"),
    ("今周", "rel:week+0"),
    ("来周", "rel:week+1"),
    ("先月", "rel:month-1"),
    ("今月", "rel:month+0"),
    ("来月", "rel:month+1"),
    ("昨年", "rel:year-1"),
    ("来年", "rel:year+1"),
    // Both
    ("今年", "rel:year+0"),
];

/// Finds relative dates in folded text.
#[derive(Debug, Clone)]
pub(crate) struct RelativeDates {
    en: Regex,
    en_weekday: Regex,
    cjk: Regex,
    zh_weekday: Regex,
    ja_weekday: Regex,
}

impl RelativeDates {
    pub(crate) fn new() -> Self {
        let mut fixed: Vec<&str> = FIXED.iter().map(|(s, _)| *s).collect();
        fixed.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        Self {
            en: re(
                r"(?i)\b(?:(?P<day>the day before yesterday|yesterday|last night|today|tonight|tomorrow)|(?:(?P<step>last|this|next)|earlier this|later this)\s+(?P<unit>week|month|year))\b",
            ),
            en_weekday: re(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
            cjk: re(&fixed.join("|")),
            zh_weekday: re(r"(?:周|星期|礼拜)[一二三四五六日天]"),
            ja_weekday: re(r"[月火水木金土日]曜日?"),
        }
    }

    /// Every relative date in `text` (folded) as a date candidate.
    pub(crate) fn find_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for caps in self.en.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            let value = if let Some(day) = caps.name("day") {
                match day.as_str().to_lowercase().as_str() {
                    "the day before yesterday" => "rel:day-2".to_owned(),
                    "yesterday" | "last night" => "rel:day-1".to_owned(),
                    "tomorrow" => "rel:day+1".to_owned(),
                    _ => "rel:day+0".to_owned(),
                }
            } else {
                let unit = caps
                    .name("unit")
                    .map_or(String::new(), |u| u.as_str().to_lowercase());
                let step = match caps.name("step").map(|s| s.as_str().to_lowercase()) {
                    Some(s) if s == "last" => "-1",
                    Some(s) if s == "next" => "+1",
                    _ => "+0",
                };
                format!("{RELATIVE_PREFIX}{unit}{step}")
            };
            out.push(Candidate::new(FactKind::Date, whole.range(), value));
        }
        for m in self.en_weekday.find_iter(text) {
            let lower = m.as_str().to_lowercase();
            if let Some(i) = EN_WEEKDAYS.iter().position(|d| *d == lower) {
                out.push(stepped_weekday(text, m.range(), i, EN_WEEK_STEPS));
            }
        }
        for m in self.cjk.find_iter(text) {
            if let Some((_, value)) = FIXED.iter().find(|(s, _)| *s == m.as_str()) {
                out.push(Candidate::new(
                    FactKind::Date,
                    m.range(),
                    (*value).to_owned(),
                ));
            }
        }
        for m in self.zh_weekday.find_iter(text) {
            // "一周一次" (once a week) is no Monday: a numeral or 每 before 周
            // makes it a count of weeks.
            if char_before(text, m.start())
                .is_some_and(|c| "一二两三四五六七八九十几每数".contains(c) || c.is_ascii_digit())
            {
                continue;
            }
            let Some(last) = m.as_str().chars().next_back() else {
                continue;
            };
            if let Some(i) = ZH_WEEKDAYS.iter().position(|c| *c == last) {
                out.push(stepped_weekday(text, m.range(), i.min(6), CJK_WEEK_STEPS));
            }
        }
        for m in self.ja_weekday.find_iter(text) {
            let Some(first) = m.as_str().chars().next() else {
                continue;
            };
            if let Some(i) = JA_WEEKDAYS.iter().position(|c| *c == first) {
                out.push(stepped_weekday(text, m.range(), i, CJK_WEEK_STEPS));
            }
        }
    }
}

/// English words before a weekday that say which one (lower case, with
/// the space): `last Tuesday` is the latest Tuesday before the day of
/// writing, `next Tuesday` the first after, `this Tuesday` the one of the
/// same week.
const EN_WEEK_STEPS: &[(&str, &str)] = &[("last ", "last"), ("next ", "next"), ("this ", "this")];

/// Chinese and Japanese (folded) week words before a weekday: `上周五`,
/// `先週金曜日` name the Friday of the previous calendar week, `下周五` /
/// `来週` of the next, `本周` / `这周` / `今週` of this one.
const CJK_WEEK_STEPS: &[(&str, &str)] = &[
    ("上个", "prevweek"),
    ("上", "prevweek"),
    ("先", "prevweek"),
    ("下个", "nextweek"),
    ("下", "nextweek"),
    ("来", "nextweek"),
    ("本", "this"),
    ("这个", "this"),
    ("这", "this"),
    ("今", "this"),
];

/// A weekday, with the step word before it (if any) taken into the match:
/// canonical `rel:weekday-N` (Monday = 1) or `rel:weekday-N@STEP`.
fn stepped_weekday(
    text: &str,
    range: std::ops::Range<usize>,
    index: usize,
    steps: &[(&str, &str)],
) -> Candidate {
    let before = &text[..range.start];
    // Chinese weekdays match from 周/星期, Japanese ones from the weekday
    // character: the step word sits right before (`上` + `周五`), or before
    // `周` (`先周` + `金曜日`, folded from 先週).
    let (head, week_len) = match before.strip_suffix('周') {
        Some(h) if steps == CJK_WEEK_STEPS && !text[range.clone()].starts_with('周') => {
            (h, '周'.len_utf8())
        }
        _ => (before, 0),
    };
    let lower = head.to_lowercase();
    let step = steps.iter().find(|(w, _)| {
        lower.ends_with(*w)
            && (steps != EN_WEEK_STEPS
                || lower[..lower.len() - w.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric()))
    });
    match step {
        Some((word, name)) => Candidate::new(
            FactKind::Date,
            range.start - week_len - word.len()..range.end,
            format!("{RELATIVE_PREFIX}weekday-{}@{name}", index + 1),
        ),
        None => Candidate::new(
            FactKind::Date,
            range,
            format!("{RELATIVE_PREFIX}weekday-{}", index + 1),
        ),
    }
}

/// True if `normalized` is the canonical value of a relative date
/// (`rel:month-1`), which only another relative date can be compared with.
///
/// ```
/// let fx = concord_facts::FactExtractor::new();
/// let ja = fx.extract("先月書いた記事");
/// assert_eq!(ja[0].normalized, "rel:month-1");
/// assert!(concord_facts::is_relative_date(&ja[0].normalized));
/// assert!(!concord_facts::is_relative_date("--06-26"));
/// ```
pub fn is_relative_date(normalized: &str) -> bool {
    normalized.starts_with(RELATIVE_PREFIX)
}
