//! Extraction of checkable facts — numbers, money, percentages, dates,
//! versions, roles, people and organisations — from one normalized sentence
//! of English, Chinese or Japanese text, each with a canonical,
//! language-neutral value.
//!
//! The flag stage can only compare two aligned sentences if the same fact
//! written two ways gets the same canonical value: `$250 million`,
//! `2.5亿美元` and `2億5000万ドル` all become `USD 250000000`, `June 26` and
//! `6月26日` both become `--06-26` (ISO 8601 without a year), `Opus 4.8` and
//! `Opus-4.8` both become `Opus-4.8`, and `Lutnick`, `ルットニック` and
//! `卢特尼克` all become `person:ltnk`. [`FactExtractor::extract`] finds the
//! facts with general regular expressions and small multilingual lexicons
//! compiled once, validates each candidate (token boundaries, plausible
//! calendar values, stop words, evidence for names), and keeps a
//! non-overlapping subset in which the longer, more specific match wins.
//!
//! Matching runs on a folded copy of the text — full-width ASCII to ASCII,
//! traditional Chinese and Japanese kanji variants to simplified Chinese —
//! and every range is mapped back, so `range` and `surface` always refer to
//! the text as given.
//!
//! ```
//! use concord_core::FactKind;
//! use concord_facts::FactExtractor;
//!
//! let fx = FactExtractor::new();
//! let facts = fx.extract("OpenAI released GPT-5.6 on June 26 after raising $250 million.");
//! let got: Vec<(FactKind, &str)> =
//!     facts.iter().map(|f| (f.kind, f.normalized.as_str())).collect();
//! assert_eq!(
//!     got,
//!     [
//!         (FactKind::Entity, "entity:openai"),
//!         (FactKind::Version, "GPT-5.6"),
//!         (FactKind::Date, "--06-26"),
//!         (FactKind::Money, "USD 250000000"),
//!     ]
//! );
//!
//! let zh = "商务部长卢特尼克称，该公司于6月26日获得2.5亿美元融资。";
//! let facts = fx.extract(zh);
//! let got: Vec<(FactKind, &str, &str)> = facts
//!     .iter()
//!     .map(|f| (f.kind, &zh[f.range.clone()], f.normalized.as_str()))
//!     .collect();
//! assert_eq!(
//!     got,
//!     [
//!         (FactKind::Role, "商务部长", "role:commerce_secretary"),
//!         (FactKind::Person, "卢特尼克", "person:ltnk"),
//!         (FactKind::Date, "6月26日", "--06-26"),
//!         (FactKind::Money, "2.5亿美元", "USD 250000000"),
//!     ]
//! );
//! let ja = fx.extract("ルットニック商務長官は2億5000万ドルと述べた。");
//! assert_eq!(ja[0].normalized, "person:ltnk");
//! assert!(concord_facts::name_keys_match(&ja[0].normalized, "person:ltnk"));
//! ```
//!
//! Canonical forms, by kind:
//!
//! * **Number** — a plain decimal string without exponent or trailing `.0`
//!   (`48,000`, `4.8万`, `4万8000`, `四万八千`, `forty-eight thousand` →
//!   `48000`). A lone `one`/`一` is an article, not a number.
//! * **Money** — `CUR amount` with an ISO 4217 code (`USD 250000000`). A bare
//!   `$` or `dollars`/`ドル` is read as USD; `¥` as CNY in Chinese text and
//!   JPY otherwise; `元`/`人民币`/`RMB` as CNY; `兆` as 10^12.
//! * **Percent** — `amount%` (`15%`, `百分之十五`, `15パーセント`, `3割` →
//!   `30%`); percentage points (`2pp`, `2 percentage points`, `2个百分点`,
//!   `2ポイント` next to a rate) as `amountpp`.
//! * **Date** — ISO 8601 with the precision written: `2026-06-26`,
//!   `--06-26` (no year), `2026-06`, `--06`, `2026`; ranges as intervals
//!   `A/B` whose ends carry the same fields. [`date_precision`] reads the
//!   precision back. Relative dates (`yesterday`, `last month`, `on Monday`,
//!   `上个月`, `先月`, `月曜日`) are `rel:<unit><step>` (`rel:day-1`,
//!   `rel:month-1`) or `rel:weekday-N` (Monday = 1), see
//!   [`is_relative_date`]; they are compared only with each other. Times of
//!   day and ambiguous slashed dates (`6/7/2026`) are not reported; `6/26` only with
//!   a preposition (`on 6/26`) or a weekday (`6/26(金)`).
//! * **Version** — `NAME-VERSION`: the name keeps its case, the separator is
//!   always `-` (`GPT 5.6`, `GPT-5.6` → `GPT-5.6`; `Qwen2.5` → `Qwen-2.5`;
//!   `iOS 18` → `iOS-18`). In the form `NAME-d/d` (e.g. `GPS-5/5`) the slash
//!   is read as a dot, a common OCR / machine-translation corruption, giving
//!   `GPS-5.5`. Codes with a hyphenated multi-digit number (`COVID-19`,
//!   `F-35`) are not versions.
//! * **Role** — `role:<key>` from a multilingual lexicon of about 50 news
//!   roles (`Commerce Secretary` = `商务部长` = `商務長官` →
//!   `role:commerce_secretary`). A secretary and a minister of the same
//!   department share a key, as Chinese and Japanese translations merge them.
//! * **Person** — `person:<key>`, the cross-script phonetic key of
//!   [`name_key`] (parts separated by spaces); compare two keys with
//!   [`name_keys_match`], which tolerates transliteration noise.
//! * **Entity** — organisations as `entity:<folded name>` (lower case,
//!   simplified Chinese, legal forms like `Inc.`/`公司`/`株式会社` dropped:
//!   `野村證券` = `野村证券` → `entity:野村证券`) and government departments as
//!   `entity:ministry:<id>` (`Department of Commerce` = `商务部` = `商務省`).

mod amount;
mod data;
mod date;
mod dateline;
mod fold;
mod ja_names;
mod lexicon;
mod names;
mod people;
mod places;
mod relative;
mod units;

pub use date::{date_precision, DatePrecision};
pub use dateline::{
    clause_around, dateline_fact, find_dateline, find_dateline_in, find_dateline_with,
    resolve_relative, Dateline, BYLINE_REASONS, DATELINE_SENTENCES,
};
pub use ja_names::{japanese_name_readings, romaji_key};
pub use names::{chinese_name_readings, name_key, name_keys_match};

/// The simplified form of a Han character (traditional and Japanese forms
/// fold; others are unchanged).
pub fn fold_han_char(c: char) -> char {
    concord_normalize::fold_han(c)
}
pub use relative::is_relative_date;

/// Whether two role keys (`role:president`, `role:company_president`) can
/// name the same title: equal (ignoring case), or written with one word in
/// some language (see `lexicon::SAME_WORD_ROLES`).
///
/// ```
/// assert!(concord_facts::roles_compatible("role:president", "role:company_president"));
/// assert!(!concord_facts::roles_compatible("role:cfo", "role:coo"));
/// assert!(concord_facts::roles_compatible("role:vice_president", "role:deputy+company_president"));
/// assert!(!concord_facts::roles_compatible("role:deputy+governor", "role:governor"));
/// ```
pub fn roles_compatible(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    // `vice_president` and `deputy+president` (`副总裁`) are one title:
    // split every key into its modifiers and its base role.
    let split = |s: &str| -> (String, String) {
        let key = s.strip_prefix("role:").unwrap_or(s).to_ascii_lowercase();
        let (modifier, base) = key
            .rsplit_once('+')
            .map_or((String::new(), key.clone()), |(m, b)| {
                (m.to_owned(), b.to_owned())
            });
        for prefix in ["vice_", "deputy_"] {
            if let Some(rest) = base.strip_prefix(prefix) {
                let modifier = if modifier.is_empty() {
                    "deputy".to_owned()
                } else {
                    format!("{modifier}+deputy")
                };
                return (modifier, rest.to_owned());
            }
        }
        (modifier, base)
    };
    let ((ma, a), (mb, b)) = (split(a), split(b));
    ma == mb
        && (a == b
            || lexicon::SAME_WORD_ROLES
                .iter()
                .any(|&(x, y)| (x == a && y == b) || (x == b && y == a)))
}

/// Whether two ministry ids (`entity:ministry:economy`, or the bare id)
/// can name the same department: equal, or departments whose heads' roles
/// are [`roles_compatible`] (English calls Japan's economy ministry the
/// trade ministry).
///
/// ```
/// assert!(concord_facts::ministries_compatible("entity:ministry:economy", "entity:ministry:trade"));
/// assert!(!concord_facts::ministries_compatible("entity:ministry:foreign", "entity:ministry:economy"));
/// ```
pub fn ministries_compatible(a: &str, b: &str) -> bool {
    let id = |s: &str| s.strip_prefix("entity:ministry:").unwrap_or(s).to_owned();
    let (a, b) = (id(a), id(b));
    if a == b {
        return true;
    }
    let head = |id: &str| {
        lexicon::DEPTS
            .iter()
            .find(|d| d.id == id)
            .map(|d| format!("role:{}", d.role_key))
    };
    match (head(&a), head(&b)) {
        (Some(x), Some(y)) => roles_compatible(&x, &y),
        _ => false,
    }
}

use amount::{cjk_big_unit, cjk_small_unit, parse_amount, Dec, EN_NUMBER_WORDS};
use concord_core::{DocId, Fact, FactId, FactKind, Lang, SentenceId, Span};
use fold::Folded;
use people::People;
use regex::{Captures, Regex};
use relative::RelativeDates;
use std::ops::Range;
use std::sync::OnceLock;

/// One fact found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactMatch {
    /// What kind of fact.
    pub kind: FactKind,
    /// Byte range in the text given to [`FactExtractor::extract`].
    pub range: Range<usize>,
    /// The text at `range`.
    pub surface: String,
    /// Canonical value (see the crate documentation).
    pub normalized: String,
}

impl FactMatch {
    /// Turn this match into a pipeline [`Fact`]; `span` is the match's range
    /// mapped back to the original file by the caller.
    pub fn to_fact(&self, sentence_id: &SentenceId, doc_id: &DocId, span: Span) -> Fact {
        let start = span.start.to_string();
        let end = span.end.to_string();
        Fact {
            id: FactId::from_parts([
                sentence_id.as_str(),
                self.kind.as_str(),
                start.as_str(),
                end.as_str(),
            ]),
            sentence_id: sentence_id.clone(),
            doc_id: doc_id.clone(),
            kind: self.kind,
            surface: self.surface.clone(),
            normalized: self.normalized.clone(),
            span,
        }
    }
}

/// A candidate before overlap resolution; `kind == None` marks a blocker
/// (time of day, URL, phone number, list marker) that hides the numbers
/// inside it.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) kind: Option<FactKind>,
    pub(crate) range: Range<usize>,
    pub(crate) normalized: String,
}

impl Candidate {
    pub(crate) fn new(kind: FactKind, range: Range<usize>, normalized: String) -> Self {
        Self {
            kind: Some(kind),
            range,
            normalized,
        }
    }

    /// Tie-break between equally long overlapping candidates.
    fn specificity(&self) -> u8 {
        match self.kind {
            None => 10,
            Some(FactKind::Money) => 8,
            Some(FactKind::Percent) => 7,
            Some(FactKind::Date) => 6,
            Some(FactKind::Version) => 5,
            Some(FactKind::Role) => 4,
            Some(FactKind::Person) => 3,
            Some(FactKind::Entity) => 2,
            Some(FactKind::Number) => 1,
            Some(FactKind::Polarity) => 0,
        }
    }
}

// ---------------------------------------------------------------------------
// Pattern fragments.

/// Arabic numeral with optional thousands separators and decimals.
const ARABIC: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
/// Arabic digits combined with CJK myriad/small units: `4.8万`, `2億5000万`.
const CJK_ARABIC: &str = r"(?:\d+(?:\.\d+)?\s?[兆億亿万萬千百]+)+\d*";
/// A run of CJK numerals.
const KANJI: &str = r"[〇零一二两兩三四五六七八九十百千万萬亿億兆]+";
const EN_SCALE: &str = r"(?i:trillion|billion|million|thousand|hundred|bn|tn|mn)";
const MONEY_SCALE: &str = r"(?i:trillion|billion|million|thousand|bn|tn|mn|m|k|b)";
const MONTH: &str = r"(?P<mon>(?i:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec))\.?";
const WEEKDAY: &str = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?,?\s+)?";
const ORD: &str = r"(?:st|nd|rd|th)?";
const DASH: &str = r"\s*[-–—~〜]\s*";
const CJK_SEP: &str = r"\s*(?:[-–—~〜]|至|到|から)\s*";
const CJK_YEAR: &str = r"\d{4}|[〇零一二三四五六七八九]{4}";
const CJK_MD: &str = r"\d{1,2}|[一二三四五六七八九十]{1,3}";

/// A sequence of English number words (`twenty-five`, `two million`).
fn en_words() -> &'static str {
    static P: OnceLock<String> = OnceLock::new();
    P.get_or_init(|| {
        format!(r"\b(?i:(?:{EN_NUMBER_WORDS})(?:(?:\s+|-)(?:and\s+)?(?:{EN_NUMBER_WORDS}))*)\b")
    })
}

/// Counters / measure words after which a single CJK numeral is a number.
const COUNTERS: &str = "个個家名人位件社回次台本枚年月日倍项項种種条條所歳岁天周週国つ";

/// Capitalised words that are followed by numbers without naming a product.
#[rustfmt::skip]
const VERSION_STOP: &[&str] = &[
    // months and weekdays
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun",
    // document structure and counted things
    "section", "chapter", "page", "pages", "figure", "fig", "table", "item", "items", "step",
    "part", "article", "art", "volume", "vol", "no", "number", "num", "level", "phase", "round",
    "day", "days", "week", "weeks", "year", "years", "month", "months", "hour", "hours",
    "minute", "minutes", "top", "rule", "line", "room", "route", "grade", "class", "appendix",
    "version", "ver", "issue", "episode", "season", "act", "scene", "stage", "gate", "floor",
    "unit", "box", "question", "exhibit", "annex", "paragraph", "para", "clause", "note",
    "footnote", "tier", "group", "team", "category", "type", "size", "point", "points",
    "title", "form", "flight", "highway", "interstate", "terminal", "platform", "channel",
    "district", "ward", "bus", "train", "lane", "block", "building", "apartment", "suite",
    "pier", "dock", "track", "slide", "lesson", "game", "match", "race", "lot", "batch",
    // function words that start sentences
    "over", "under", "about", "around", "nearly", "almost", "only", "just", "some", "all",
    "the", "in", "on", "at", "by", "to", "from", "of", "and", "or", "for", "with", "since",
    "until", "after", "before", "than", "first", "last", "next", "up", "down", "now",
    "approximately", "roughly", "more", "less", "fewer", "least", "most", "those", "these",
    "this", "that", "its", "his", "her", "their", "our", "my", "your", "are", "were", "was",
    "is", "be", "has", "had", "have", "will", "would", "could", "should", "another", "every",
    "each", "per", "plus", "minus", "times", "total", "including", "among", "between", "within",
    "across", "via", "as", "if", "when", "where", "while", "we", "they", "it", "he", "she",
    "you", "an", "not", "yes", "one", "two", "three", "four", "five", "ten",
    // units, currencies and time zones
    "km", "kg", "mb", "gb", "tb", "kb", "mhz", "ghz", "hz", "mm", "cm", "ft", "lbs", "usd",
    "us", "eur", "cny", "jpy", "rmb", "gbp", "pm", "am", "utc", "gmt", "est", "pst", "cet",
    "jst", "bst",
];

/// Plural nouns that, after a bare integer, make it a count ("60 days").
#[rustfmt::skip]
const COUNT_NOUNS: &[&str] = &[
    "days", "weeks", "months", "years", "hours", "minutes", "seconds", "times", "people",
    "persons", "users", "companies", "countries", "states", "agencies", "employees", "members",
    "models", "cases", "percent", "points", "dollars", "euros", "yen", "yuan", "units", "items",
];

/// Extracts [`FactMatch`]es from sentence text. Build once, reuse: all
/// regular expressions are compiled in [`FactExtractor::new`].
#[derive(Debug, Clone)]
pub struct FactExtractor {
    number_plain: Regex,
    number_scaled: Regex,
    number_cjk: Regex,
    number_kanji: Regex,
    number_words: Regex,
    percent: Regex,
    percent_zh: Regex,
    points_en: Regex,
    points_zh: Regex,
    points_ja: Regex,
    wari: Regex,
    cheng: Regex,
    money: Vec<Regex>,
    dates_en: Vec<Regex>,
    year_after_word: Regex,
    full_year: Regex,
    number_man: Regex,
    short_year: Regex,
    month_after_word: Regex,
    date_iso: Regex,
    date_md: Regex,
    date_mdy: Regex,
    weekday_paren: Regex,
    year_range: Regex,
    year_between: Regex,
    dates_cjk: Vec<Regex>,
    day_of_month_cjk: Regex,
    day_of_month_en: Regex,
    version: Regex,
    code: Regex,
    blockers: Vec<Regex>,
    people: People,
    relative: RelativeDates,
}

impl Default for FactExtractor {
    fn default() -> Self {
        Self::new()
    }
}

/// Compile a pattern written in this crate; they are constants, so a
/// failure is a programming error caught by every test.
pub(crate) fn re(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(r) => r,
        Err(e) => panic!("built-in pattern {pattern:?} does not compile: {e}"),
    }
}

impl FactExtractor {
    /// Compile all patterns.
    pub fn new() -> Self {
        let words = en_words();
        let money_prefix = r"(?P<pre>US\s?\$|U\.S\.\s?\$|USD\s?|HK\$|NT\$|C\$|A\$|S\$|CN¥|JP¥|\$|€|EUR\s?|£|GBP\s?|¥|JPY\s?|CNY\s?|RMB\s?|人民币)";
        let money_suffix = r"(?P<suf>(?i:US dollars|U\.S\. dollars|dollars|dollar|yen|euros|euro|pounds sterling|pounds|pound|yuan|renminbi|RMB|USD|JPY|CNY|EUR|GBP)|美元|美金|港元|港币|日元|日圆|欧元|英镑|人民币|人民元|块钱|元|米ドル|ドル|円|ユーロ|ポンド)";
        let amounts = [
            format!(r"(?:{ARABIC})\s?{MONEY_SCALE}"),
            CJK_ARABIC.to_owned(),
            KANJI.to_owned(),
            format!("(?:{ARABIC})"),
        ];
        let mut money = Vec::new();
        for a in &amounts {
            money.push(re(&format!(
                r"{money_prefix}\s?(?P<amt>{a})(?:\s?{money_suffix})?"
            )));
            money.push(re(&format!(r"(?P<amt>{a})\s?{money_suffix}")));
        }
        money.push(re(&format!(r"(?P<amt>{words})\s{money_suffix}")));

        let month2 = MONTH.replace("?P<mon>", "?P<mon2>");
        let dates_en = vec![
            re(&format!(
                r"{WEEKDAY}{MONTH}\s+(?P<d>\d{{1,2}}){ORD}(?:,?\s+(?P<y>\d{{4}}))?"
            )),
            re(&format!(
                r"{WEEKDAY}{MONTH}\s+(?P<d>\d{{1,2}}){ORD}(?:{DASH}|\s+(?:to|through|until|till)\s+)(?:{month2}\s+)?(?P<d2>\d{{1,2}}){ORD}(?:,?\s+(?P<y>\d{{4}}))?"
            )),
            re(&format!(
                r"{WEEKDAY}(?P<d>\d{{1,2}}){ORD}\s+(?:of\s+)?{MONTH}(?:,?\s+(?P<y>\d{{4}}))?"
            )),
            re(&format!(
                r"(?P<d>\d{{1,2}}){ORD}{DASH}(?P<d2>\d{{1,2}}){ORD}\s+{MONTH}(?:,?\s+(?P<y>\d{{4}}))?"
            )),
            re(&format!(r"{MONTH},?\s+(?:of\s+)?(?P<y>\d{{4}})")),
        ];
        let dates_cjk = vec![
            re(&format!(
                r"(?:(?P<y>{CJK_YEAR})\s*年\s*)?(?P<m>{CJK_MD})\s*月\s*(?P<d>{CJK_MD})\s*[日号號]"
            )),
            re(&format!(
                r"(?:(?P<y>{CJK_YEAR})\s*年\s*)?(?P<m>{CJK_MD})\s*月\s*(?P<d>{CJK_MD})\s*[日号號]?{CJK_SEP}(?:(?P<m2>{CJK_MD})\s*月\s*)?(?P<d2>{CJK_MD})\s*[日号號]"
            )),
            re(&format!(r"(?P<y>{CJK_YEAR})\s*年\s*(?P<m>{CJK_MD})\s*月")),
            re(&format!(r"(?P<m>{CJK_MD})\s*月")),
            re(&format!(r"(?P<y>{CJK_YEAR})\s*年")),
        ];

        Self {
            number_plain: re(&format!("(?:{ARABIC})")),
            number_scaled: re(&format!(r"(?P<amt>(?:{ARABIC})\s?{EN_SCALE})")),
            number_cjk: re(CJK_ARABIC),
            number_kanji: re(KANJI),
            number_words: re(words),
            percent: re(&format!(
                r"(?P<amt>{CJK_ARABIC}|{ARABIC}|{words})\s?(?:%|(?i:percent|per cent|pct)|パーセント)"
            )),
            percent_zh: re(&format!(
                r"百分之(?P<amt>{ARABIC}|{KANJI}(?:点[〇零一二三四五六七八九]+)?)"
            )),
            points_en: re(&format!(
                r"(?P<amt>{ARABIC}|{words}|(?i:half an?|a half|a quarter(?: of an?)?))\s?(?:%\s?-?\s?points?|(?i:percentage[-\s]points?|per\s?cent(?:age)?[-\s]points?|pp|ppts?|p\.p\.))"
            )),
            points_zh: re(&format!(
                r"(?P<amt>{CJK_ARABIC}|{ARABIC}|{KANJI})\s?个?百分点"
            )),
            points_ja: re(&format!(
                r"(?P<amt>{ARABIC}|{KANJI})\s?(?P<unit>%ポイント|パーセントポイント|ポイント)"
            )),
            cheng: re(r"(?P<amt>\d{1,2}|[一二两兩三四五六七八九十])成(?P<ban>半)?"),
            wari: re(
                r"(?P<amt>\d{1,2}|[一二三四五六七八九十])割(?:(?P<bu>\d|[一二三四五六七八九])分)?",
            ),
            money,
            dates_en,
            month_after_word: re(
                r"\b(?i:in|since|until|till|from|to|by|through|before|after|early|late|mid|last|next|this|end of|beginning of)[-\s]+(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\b",
            ),
            full_year: re(r"(?:19|20)\d{2}(?:年| year\b)"),
            number_man: re(r"(?P<n>\d+(?:\.\d+)?) man\b(?: (?P<rest>\d{1,4})\b)?"),
            // `28年`, and its word-for-word translation `28 year`.
            short_year: re(r"(?P<yy>\d{2})(?:年| year\b)"),
            year_after_word: re(
                r"(?i:in|since|by|during|until|till|before|after|from|early|late|mid|throughout|through)[-\s]+(?P<y>\d{4})",
            ),
            date_iso: re(r"(?P<y>\d{4})(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])(?P<d>\d{1,2})"),
            date_md: re(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
            date_mdy: re(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})"),
            weekday_paren: re(
                r"^\s?\(\s?(?:[月火水木金土日一二三四五六]|周[一二三四五六日天]|星期[一二三四五六日天]|(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\s?\)",
            ),
            year_range: re(&format!(
                r"(?P<y>\d{{4}})\s*年?(?:{DASH}|\s*(?:to|through|至|到|から)\s*)(?P<y2>\d{{4}})(?P<nian>\s*年)?"
            )),
            year_between: re(r"(?i:between)\s+(?P<y>\d{4})\s+(?i:and)\s+(?P<y2>\d{4})"),
            dates_cjk,
            day_of_month_cjk: re(r"(?P<d>\d{1,2})\s*日"),
            // `on the 11th`, and word-for-word machine translation of
            // `11日`: `the 11th day`, `29 day`.
            day_of_month_en: re(
                r"(?i)\b(?:(?:on|by|since|until|from|till) the (?P<o>\d{1,2})(?:st|nd|rd|th)\b(?: day\b)?|(?:the )?(?P<d>\d{1,2})(?:st|nd|rd|th)? day\b)",
            ),
            code: re(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"),
            version: re(
                r"(?P<name>[A-Z][A-Za-z]+|[a-z]{1,3}[A-Z][A-Za-z]*)(?P<sep>-| |)(?P<ver>\d+(?:[./]\d+)*[a-z]?)",
            ),
            blockers: vec![
                re(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?i:a\.?m\.?|p\.?m\.?))?"),
                re(r"\d{1,2}\s*[時时点點]\s*(?:\d{1,2}\s*分)?"),
                re(r#"(?i:https?://|www\.)[^\s<>"'）)」]+"#),
                re(
                    r#"(?i:[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|io|ai|cn|jp|uk|de|fr|info|co)(?:/[^\s<>"'）)」]*)?)"#,
                ),
                re(r"#\d+"),
                // Sizes and resolutions (`16x12"`, `24×20インチ`, `1920×1080`):
                // two measures of one thing, not counts.
                re(r"\d+(?:\.\d+)?\s?[x×X＊*]\s?\d+(?:\.\d+)?(?:\s?(?:[x×X＊*])\s?\d+(?:\.\d+)?)?"),
                // Phone numbers: international, (area) local, 3-4 groups.
                re(r"\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}"),
                re(r"\(\d{2,4}\)\s?\d{3,4}[-.\s]?\d{4}"),
                re(r"\d{2,4}-\d{3,4}-\d{4}"),
                re(r"0\d{2,3}-\d{7,8}"),
            ],
            people: People::new(),
            relative: RelativeDates::new(),
        }
    }

    /// All facts in `text`, sorted by start, non-overlapping. Where candidates
    /// overlap, the longer one wins, and among equally long ones the more
    /// specific kind (money > percent > date > version > role > person >
    /// entity > number).
    /// The dates of a document's removed byline and metadata lines (in
    /// file order), canonical, for [`find_dateline_with`].
    pub fn byline_dates(&self, removed: &[concord_core::RemovedSpan]) -> Vec<String> {
        let mut lines: Vec<&concord_core::RemovedSpan> = removed
            .iter()
            .filter(|r| BYLINE_REASONS.contains(&r.reason.as_str()))
            .collect();
        lines.sort_by_key(|r| r.span.start);
        lines
            .iter()
            .flat_map(|r| self.extract(&r.text))
            .filter(|m| m.kind == FactKind::Date && !is_relative_date(&m.normalized))
            .map(|m| m.normalized)
            .collect()
    }

    pub fn extract(&self, text: &str) -> Vec<FactMatch> {
        let folded = Folded::new(text);
        let t = folded.text.as_str();
        let mut cands = Vec::new();
        self.blockers_into(t, &mut cands);
        self.numbers_into(t, &mut cands);
        self.percents_into(t, &mut cands);
        self.money_into(t, &mut cands);
        self.dates_into(t, &mut cands);
        self.relative.find_into(t, &mut cands);
        self.versions_into(t, &mut cands);
        self.codes_into(t, &mut cands);
        merge_compound_scales(t, &mut cands);
        attach_units(t, &mut cands);
        let mut roles = Vec::new();
        self.people.lexicon_into(t, &mut roles);
        self.people.names_into(t, &roles, &mut cands);
        cands.extend(roles);
        // Listed places take the place of names found inside them.
        let mut places = Vec::new();
        places::places_into(t, &mut places);
        cands.retain(|c| {
            c.kind != Some(FactKind::Entity)
                || !places
                    .iter()
                    .any(|p| p.range.start <= c.range.start && c.range.end <= p.range.end)
        });
        cands.extend(places);
        resolve(text, &folded, cands)
    }

    fn blockers_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for r in &self.blockers {
            for m in r.find_iter(text) {
                if alnum_before(text, m.start()) {
                    continue;
                }
                out.push(Candidate {
                    kind: None,
                    range: m.range(),
                    normalized: String::new(),
                });
            }
        }
    }

    fn numbers_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for r in [&self.number_plain, &self.number_scaled, &self.number_cjk] {
            for m in r.find_iter(text) {
                let range = without_unit_prefix(text, m.range());
                let Some(written) = text.get(range.clone()) else {
                    continue;
                };
                if !number_bounds_ok(text, range.clone())
                    || is_label(written)
                    || is_code(text, range.start)
                    || designation_after(text, range.end)
                {
                    continue;
                }
                if let Some(v) = parse_amount(written) {
                    out.push(Candidate::new(FactKind::Number, range, v.render()));
                }
            }
        }
        // Word-for-word machine translation of Japanese leaves 万 as its
        // reading: `1500 man stocks` is 15 million shares (a count of men
        // is hyphenated, `a 1,500-man force`).
        for caps in self.number_man.captures_iter(text) {
            let (Some(whole), Some(n)) = (caps.get(0), caps.name("n")) else {
                continue;
            };
            let noun_follows = caps.name("rest").is_some()
                || text[whole.end()..]
                    .strip_prefix(' ')
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase()));
            if !noun_follows || !number_bounds_ok(text, n.range()) {
                continue;
            }
            // `1 man 2000` is 1万2000.
            let rest = caps
                .name("rest")
                .and_then(|r| Dec::parse(r.as_str()))
                .unwrap_or(Dec::ZERO);
            let value = parse_amount(n.as_str())
                .and_then(|v| v.mul(Dec::int(10_000)))
                .and_then(|v| v.add(rest));
            if let Some(v) = value {
                out.push(Candidate::new(FactKind::Number, whole.range(), v.render()));
            }
        }
        for m in self.number_kanji.find_iter(text) {
            if designation_after(text, m.end()) {
                continue;
            }
            if let Some(v) = kanji_number(text, m.range()) {
                out.push(Candidate::new(FactKind::Number, m.range(), v.render()));
            }
        }
        for m in self.number_words.find_iter(text) {
            // A lone "one" is an article or pronoun ("one of them").
            if m.as_str().eq_ignore_ascii_case("one") {
                continue;
            }
            if let Some(v) = amount::parse_en_words(m.as_str()) {
                out.push(Candidate::new(FactKind::Number, m.range(), v.render()));
            }
        }
    }

    fn percents_into(&self, text: &str, out: &mut Vec<Candidate>) {
        let mut push = |range: Range<usize>, v: Dec, unit: &str| {
            out.push(Candidate::new(
                FactKind::Percent,
                range,
                format!("{}{unit}", v.render()),
            ));
        };
        for (r, unit) in [(&self.percent, "%"), (&self.points_en, "pp")] {
            for caps in r.captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                if !number_bounds_ok(text, whole.range()) {
                    continue;
                }
                let amount = caps
                    .name("amt")
                    .and_then(|a| parse_amount(a.as_str()).or_else(|| fraction_word(a.as_str())));
                if let Some(v) = amount {
                    push(whole.range(), v, unit);
                }
            }
        }
        for (r, unit) in [
            (&self.percent_zh, "%"),
            (&self.points_zh, "pp"),
            (&self.points_ja, "pp"),
        ] {
            for caps in r.captures_iter(text) {
                let (Some(whole), Some(amt)) = (caps.get(0), caps.name("amt")) else {
                    continue;
                };
                if alnum_after(text, whole.end())
                    || digit_before(text, amt.start())
                    || !kanji_amount_ok(amt.as_str())
                {
                    continue;
                }
                let Some(v) = parse_amount(amt.as_str()) else {
                    continue;
                };
                // A bare ポイント is a percentage point only next to a rate
                // or a percentage; otherwise it is an index or loyalty point.
                if caps.name("unit").is_some_and(|u| u.as_str() == "ポイント") {
                    let rate = ["%", "パーセント", "率", "割合", "シェア"]
                        .iter()
                        .any(|w| text.contains(w));
                    if !rate || v.cmp_value(Dec::int(100)) != Some(std::cmp::Ordering::Less) {
                        continue;
                    }
                }
                push(whole.range(), v, unit);
            }
        }
        // Chinese 成 (tenths): 三成 = 30%, 七成半 = 75%; not in words that
        // begin with 成 (成功, 成为, 成本, 成员, 成立, 成都 …).
        if Lang::detect(text) == Lang::Zh {
            const WORDS: &str = "功为為本员員立熟长長就交绩績果品型都年人分份效形";
            for caps in self.cheng.captures_iter(text) {
                let (Some(whole), Some(amt)) = (caps.get(0), caps.name("amt")) else {
                    continue;
                };
                let after = text[whole.end()..].chars().next();
                if digit_before(text, whole.start())
                    || char_before(text, whole.start())
                        .is_some_and(|c| amount::cjk_digit(c).is_some() || "十百千万".contains(c))
                    || (caps.name("ban").is_none() && after.is_some_and(|c| WORDS.contains(c)))
                {
                    continue;
                }
                let tenths = parse_amount(amt.as_str()).and_then(|v| v.mul(Dec::int(10)));
                let half = if caps.name("ban").is_some() {
                    Dec::int(5)
                } else {
                    Dec::ZERO
                };
                if let Some(v) = tenths.and_then(|t| t.add(half)) {
                    push(whole.range(), v, "%");
                }
            }
        }
        // Japanese 割 (tenths): 3割 = 30%, 2割5分 = 25%.
        if Lang::detect(text) == Lang::Ja {
            for caps in self.wari.captures_iter(text) {
                let (Some(whole), Some(amt)) = (caps.get(0), caps.name("amt")) else {
                    continue;
                };
                if digit_before(text, whole.start())
                    || char_before(text, whole.start())
                        .is_some_and(|c| amount::cjk_digit(c).is_some())
                {
                    continue;
                }
                let tenths = parse_amount(amt.as_str()).and_then(|v| v.mul(Dec::int(10)));
                let bu = match caps.name("bu") {
                    Some(b) => parse_amount(b.as_str()),
                    None => Some(Dec::ZERO),
                };
                if let Some(v) = tenths.zip(bu).and_then(|(t, b)| t.add(b)) {
                    push(whole.range(), v, "%");
                }
            }
        }
    }

    fn money_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for r in &self.money {
            for caps in r.captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                if !number_bounds_ok(text, whole.range()) {
                    continue;
                }
                let pre = caps.name("pre").map(|m| m.as_str());
                let suf = caps.name("suf").map(|m| m.as_str());
                let Some(cur) = currency(pre, suf, text) else {
                    continue;
                };
                // `新台幣1340億元`: a currency named before an amount in
                // yuan names the 元 (Taiwan and Hong Kong dollars are
                // counted in 元 too).
                let cur = if pre.is_none() && matches!(suf, Some("元")) {
                    currency_word_before(&text[..whole.start()]).unwrap_or(cur)
                } else {
                    cur
                };
                let Some(amt) = caps.name("amt") else {
                    continue;
                };
                if !kanji_amount_ok(amt.as_str()) {
                    continue;
                }
                if let Some(v) = parse_amount(amt.as_str()) {
                    out.push(Candidate::new(
                        FactKind::Money,
                        whole.range(),
                        format!("{cur} {}", v.render()),
                    ));
                }
            }
        }
    }

    fn dates_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for r in &self.dates_en {
            for caps in r.captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                if !number_bounds_ok(text, whole.range()) {
                    continue;
                }
                if let Some(n) = date_from_caps(&caps) {
                    out.push(Candidate::new(FactKind::Date, whole.range(), n));
                }
            }
        }
        for caps in self.year_after_word.captures_iter(text) {
            let (Some(whole), Some(y)) = (caps.get(0), caps.name("y")) else {
                continue;
            };
            if alnum_before(text, whole.start()) || !number_bounds_ok(text, y.range()) {
                continue;
            }
            if followed_by_word(text, y.end(), &["s"]) {
                continue;
            }
            if let Some(year) = year_value(y.as_str()) {
                out.push(Candidate::new(
                    FactKind::Date,
                    y.range(),
                    format!("{year:04}"),
                ));
            }
        }
        self.short_years_into(text, out);
        // A month named alone after a preposition (`from July to October`,
        // `until March`): month precision. A day or year after it makes a
        // longer date found above, which wins.
        for caps in self.month_after_word.captures_iter(text) {
            let Some(mon) = caps.name("mon") else {
                continue;
            };
            let month = match mon.as_str() {
                "January" => 1,
                "February" => 2,
                "March" => 3,
                "April" => 4,
                "May" => 5,
                "June" => 6,
                "July" => 7,
                "August" => 8,
                "September" => 9,
                "October" => 10,
                "November" => 11,
                _ => 12,
            };
            out.push(Candidate::new(
                FactKind::Date,
                mon.range(),
                format!("--{month:02}"),
            ));
        }
        for caps in self.date_iso.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            let same_sep =
                caps.name("s1").map(|m| m.as_str()) == caps.name("s2").map(|m| m.as_str());
            if !same_sep || !number_bounds_ok(text, whole.range()) {
                continue;
            }
            if let Some(n) = date_from_caps(&caps) {
                out.push(Candidate::new(FactKind::Date, whole.range(), n));
            }
        }
        self.slashed_dates_into(text, out);
        for r in [&self.year_range, &self.year_between] {
            for caps in r.captures_iter(text) {
                let (Some(whole), Some(y1), Some(y2)) =
                    (caps.get(0), caps.name("y"), caps.name("y2"))
                else {
                    continue;
                };
                if !number_bounds_ok(text, whole.range()) || alnum_before(text, whole.start()) {
                    continue;
                }
                if let (Some(a), Some(b)) = (year_value(y1.as_str()), year_value(y2.as_str())) {
                    if a < b {
                        out.push(Candidate::new(
                            FactKind::Date,
                            whole.range(),
                            format!("{a:04}/{b:04}"),
                        ));
                    }
                }
            }
        }
        self.days_of_month_into(text, out);
        self.days_of_month_en_into(text, out);
        for r in &self.dates_cjk {
            for caps in r.captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                if digit_before(text, whole.start()) {
                    continue;
                }
                // "1990年代" is a decade, "5月份" is still the month.
                if text[whole.end()..].starts_with('代') {
                    continue;
                }
                if let Some(n) = date_from_caps(&caps) {
                    out.push(Candidate::new(FactKind::Date, whole.range(), n));
                }
            }
        }
    }

    /// `23日` without a month: Chinese and Japanese news date events of the
    /// current month by the day alone (`23日、開所式が行われた`, `昨（23）日`).
    /// Canonical `---23` (ISO 8601's day-only form), which the dateline
    /// resolves (see `dateline`). A count of days is no date: `3日間`,
    /// `30日以内`, `5日後`, `约3日`, `第3日`, `每日`.
    fn days_of_month_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for caps in self.day_of_month_cjk.captures_iter(text) {
            let (Some(whole), Some(d)) = (caps.get(0), caps.name("d")) else {
                continue;
            };
            let before = char_before(text, whole.start());
            if digit_before(text, whole.start())
                || before.is_some_and(|c| "月第每毎数约約近前后後满滿连連".contains(c))
            {
                continue;
            }
            let after = &text[whole.end()..];
            if [
                "間", "间", "以", "内", "後", "后", "前", "ぶり", "連続", "连续", "余", "多",
                "左右", "当", "目",
            ]
            .iter()
            .any(|w| after.starts_with(w))
            {
                continue;
            }
            push_day_of_month(out, whole.range(), d.as_str());
        }
    }

    /// Years written with two digits after a full year in the same text
    /// (`2027年に開設し、28年までに…`: 2028), as Japanese and Chinese news
    /// abbreviate a year the reader was just given. Only within ten years of
    /// a four-digit year of the text, and not a duration (`28年間`, `28年前`,
    /// `28年ぶり`) or an ordinal (`第28年`).
    fn short_years_into(&self, text: &str, out: &mut Vec<Candidate>) {
        let full: Vec<u32> = self
            .full_year
            .find_iter(text)
            .filter(|m| !digit_before(text, m.start()))
            .filter_map(|m| m.as_str().get(..4)?.parse::<u32>().ok())
            .filter(|y| (1900..=2099).contains(y))
            .collect();
        if full.is_empty() {
            return;
        }
        for caps in self.short_year.captures_iter(text) {
            let (Some(whole), Some(yy)) = (caps.get(0), caps.name("yy")) else {
                continue;
            };
            if digit_before(text, whole.start()) || char_before(text, whole.start()) == Some('第')
            {
                continue;
            }
            let after = &text[whole.end()..];
            if [
                "間", "间", "前", "後", "后", "ぶり", "連続", "连续", "目", "生", "度", "余", "多",
                "来", "s", " old", "-old", " ago",
            ]
            .iter()
            .any(|w| after.starts_with(w))
            {
                continue;
            }
            let Ok(two) = yy.as_str().parse::<u32>() else {
                continue;
            };
            let year = full
                .iter()
                .map(|y| y / 100 * 100 + two)
                .find(|candidate| full.iter().any(|y| candidate.abs_diff(*y) <= 10));
            if let Some(year) = year {
                out.push(Candidate::new(
                    FactKind::Date,
                    whole.range(),
                    format!("{year:04}"),
                ));
            }
        }
    }

    /// English days of the month without a month: `on the 11th`, and the
    /// `29 day` / `the 4th day` of word-for-word machine translation. Not
    /// `the 3rd day of talks` (a count of days), `30 days`, `every 2 day`.
    fn days_of_month_en_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for caps in self.day_of_month_en.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            let Some(d) = caps.name("o").or_else(|| caps.name("d")) else {
                continue;
            };
            let after = text[whole.end()..].to_ascii_lowercase();
            if after.starts_with(" of") || after.starts_with('s') || after.starts_with('-') {
                continue;
            }
            let before = text[..whole.start()].trim_end().to_ascii_lowercase();
            if before.ends_with("every")
                || before.ends_with("each")
                || digit_before(text, d.start())
            {
                continue;
            }
            push_day_of_month(out, whole.range(), d.as_str());
        }
    }

    /// `6/26` is a month and day only with context: a preposition before it
    /// (`on 6/26`) or a weekday after it (`6/26(金)`). `6/26/2026` is a date
    /// when day and month cannot be confused (one of them above 12, or
    /// both equal).
    fn slashed_dates_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for caps in self.date_mdy.captures_iter(text) {
            let (Some(whole), Some(a), Some(b), Some(y)) =
                (caps.get(0), caps.name("a"), caps.name("b"), caps.name("y"))
            else {
                continue;
            };
            if !number_bounds_ok(text, whole.range()) {
                continue;
            }
            let (Ok(a), Ok(b)) = (a.as_str().parse::<u32>(), b.as_str().parse::<u32>()) else {
                continue;
            };
            let (m, d) = match (a > 12, b > 12) {
                (false, true) => (a, b),
                (true, false) => (b, a),
                (false, false) if a == b => (a, b),
                _ => continue,
            };
            let year = year_value(y.as_str());
            if year.is_some() && (1..=days_in_month(year, m)).contains(&d) {
                if let Some(n) = iso(year, Some(m), Some(d)) {
                    out.push(Candidate::new(FactKind::Date, whole.range(), n));
                }
            }
        }
        const PREPS: &[&str] = &[
            "on", "since", "until", "till", "by", "from", "before", "after", "through", "dated",
        ];
        for caps in self.date_md.captures_iter(text) {
            let (Some(whole), Some(m), Some(d)) = (caps.get(0), caps.name("m"), caps.name("d"))
            else {
                continue;
            };
            if !number_bounds_ok(text, whole.range()) {
                continue;
            }
            let before = text[..whole.start()].trim_end();
            let prev_word: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let prep = before.len() < whole.start()
                && PREPS.contains(&prev_word.to_ascii_lowercase().as_str());
            let weekday = self.weekday_paren.is_match(&text[whole.end()..]);
            if !prep && !weekday {
                continue;
            }
            let (Ok(m), Ok(d)) = (m.as_str().parse::<u32>(), d.as_str().parse::<u32>()) else {
                continue;
            };
            if (1..=12).contains(&m) && (1..=days_in_month(None, m)).contains(&d) {
                if let Some(n) = iso(None, Some(m), Some(d)) {
                    out.push(Candidate::new(FactKind::Date, whole.range(), n));
                }
            }
        }
    }

    /// Product, model, flight, train and vessel codes (`XR-220`, `G1728`,
    /// `TQ2-Y3`, `CR400AF`, `COVID-19`): a Latin token of letters and digits,
    /// optionally joined by `-`, with at least one upper-case letter and one
    /// digit and at least three characters. Canonical value: upper case.
    /// A digit run followed only by lower-case letters is a unit or an
    /// ordinal (`12nm`, `21st`), never a code; a token glued to a `.` and a
    /// digit belongs to a version (`GPT-5.6`), which the version pattern
    /// finds.
    fn codes_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for m in self.code.find_iter(text) {
            let tok = m.as_str();
            let (start, end) = (m.start(), m.end());
            if alnum_before(text, start) || alnum_after(text, end) {
                continue;
            }
            let glued_decimal = |at: usize, before: bool| -> bool {
                let rest = if before { &text[..at] } else { &text[at..] };
                if before {
                    rest.ends_with('.')
                        && rest[..rest.len() - 1].ends_with(|c: char| c.is_ascii_digit())
                } else {
                    rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
                }
            };
            if glued_decimal(start, true) || glued_decimal(end, false) {
                continue;
            }
            let upper = tok.chars().any(|c| c.is_ascii_uppercase());
            let digit = tok.chars().any(|c| c.is_ascii_digit());
            // Two characters make a code only as a capital letter and a
            // digit (`G7`, `F1`), not the other way round (`5G`, `4K`).
            let short_code = tok.len() == 2
                && tok.starts_with(|c: char| c.is_ascii_uppercase())
                && tok.ends_with(|c: char| c.is_ascii_digit());
            if !upper || !digit || (tok.chars().count() < 3 && !short_code) {
                continue;
            }
            // Digits with one scale letter are a magnitude (`10K`, `405B`,
            // `5M`), not a code.
            let letters: Vec<char> = tok.chars().filter(|c| c.is_ascii_alphabetic()).collect();
            if tok.starts_with(|c: char| c.is_ascii_digit()) && letters.len() == 1 {
                continue;
            }
            out.push(Candidate::new(
                FactKind::Version,
                m.range(),
                tok.to_ascii_uppercase(),
            ));
        }
    }

    fn versions_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for caps in self.version.captures_iter(text) {
            let (Some(whole), Some(name), Some(sep), Some(ver)) = (
                caps.get(0),
                caps.name("name"),
                caps.name("sep"),
                caps.name("ver"),
            ) else {
                continue;
            };
            if let Some(norm) = version_value(
                text,
                whole.range(),
                name.as_str(),
                sep.as_str(),
                ver.as_str(),
            ) {
                out.push(Candidate::new(FactKind::Version, whole.range(), norm));
            }
        }
    }
}

/// English written the Chinese and Japanese way, one scale after another
/// (`1 trillion 200 billion yen` for `1兆2000億円`, `3 million 500 thousand`):
/// a number ending in a larger scale word followed by a number of smaller
/// value is one amount, their sum, of the second one's kind (money when it
/// carries the currency). Machine translations write amounts like this.
fn merge_compound_scales(text: &str, cands: &mut Vec<Candidate>) {
    const SCALES: &[(&str, i128)] = &[
        ("trillion", 1_000_000_000_000),
        ("billion", 1_000_000_000),
        ("million", 1_000_000),
        ("thousand", 1_000),
    ];
    let scale_of = |c: &Candidate| -> Option<i128> {
        let surface = text.get(c.range.clone())?.to_ascii_lowercase();
        SCALES
            .iter()
            .find(|(w, _)| surface.ends_with(w))
            .map(|&(_, v)| v)
    };
    let mut merged: Vec<Candidate> = Vec::new();
    for x in cands.iter().filter(|c| c.kind == Some(FactKind::Number)) {
        let Some(scale) = scale_of(x) else { continue };
        let Some(gap) = text.get(x.range.end..) else {
            continue;
        };
        if !gap.starts_with(' ') {
            continue;
        }
        let next = x.range.end + 1;
        // The longest amount starting there (`200 billion yen`, not `200`).
        let Some(y) = cands
            .iter()
            .filter(|c| {
                c.range.start == next && matches!(c.kind, Some(FactKind::Number | FactKind::Money))
            })
            .max_by_key(|c| (c.range.end, c.kind == Some(FactKind::Money)))
        else {
            continue;
        };
        let (currency, y_value) = match y.normalized.split_once(' ') {
            Some((cur, v)) if y.kind == Some(FactKind::Money) => (Some(cur), v),
            _ => (None, y.normalized.as_str()),
        };
        let (Some(xv), Some(yv)) = (
            amount::Dec::parse(&x.normalized),
            amount::Dec::parse(y_value),
        ) else {
            continue;
        };
        // The second part must be below the first one's scale.
        if yv.cmp_value(amount::Dec::int(scale)) != Some(std::cmp::Ordering::Less) {
            continue;
        }
        let Some(sum) = xv.add(yv) else { continue };
        let normalized = match currency {
            Some(cur) => format!("{cur} {}", sum.render()),
            None => sum.render(),
        };
        merged.push(Candidate {
            kind: y.kind,
            range: x.range.start..y.range.end,
            normalized,
        });
    }
    cands.extend(merged);
}

/// A day of the month without its month (`---DD`) at `range`, when `day`
/// is one (1–31).
fn push_day_of_month(out: &mut Vec<Candidate>, range: Range<usize>, day: &str) {
    if let Some(day) = day.parse::<u32>().ok().filter(|d| (1..=31).contains(d)) {
        out.push(Candidate::new(
            FactKind::Date,
            range,
            format!("---{day:02}"),
        ));
    }
}

/// `half a` (percentage point) is 0.5, `a quarter of a` 0.25.
fn fraction_word(text: &str) -> Option<Dec> {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("half") || lower == "a half" {
        Dec::parse("0.5")
    } else if lower.starts_with("a quarter") {
        Dec::parse("0.25")
    } else {
        None
    }
}

/// `range` without a final `千` that begins a metric unit (`1.284亿千瓦` is
/// 128.4 million kilowatts, `3千克` three kilograms): the unit takes it back.
fn without_unit_prefix(text: &str, range: Range<usize>) -> Range<usize> {
    let thousand = '千'.len_utf8();
    let ends_in_thousand = text.get(..range.end).is_some_and(|t| t.ends_with('千'));
    let unit_follows = text
        .get(range.end..)
        .is_some_and(|t| t.starts_with(['瓦', '克', '米']));
    if ends_in_thousand && unit_follows && range.end - range.start > thousand {
        range.start..range.end - thousand
    } else {
        range
    }
}

/// A number followed by a unit of measure becomes a quantity: its range
/// takes in the unit and its canonical value is `VALUE UNIT` in the unit's
/// reference unit (see `units`).
fn attach_units(text: &str, cands: &mut [Candidate]) {
    for c in cands.iter_mut() {
        if c.kind != Some(FactKind::Number) {
            continue;
        }
        let Some((end, unit, factor)) = units::unit_after(text, c.range.start, c.range.end) else {
            continue;
        };
        let Some(written) = amount::Dec::parse(&c.normalized) else {
            continue;
        };
        let Some(mut value) = written.mul(factor) else {
            continue;
        };
        // A conversion by an inexact factor (inches, miles, pounds) keeps
        // the written figure's precision: "24 inches" is 0.61 m, not
        // 0.6096 m, so that it agrees with "612 mm" as a reader would.
        if !factor.is_power_of_ten() {
            value = value.round_significant(written.significant_digits());
        }
        c.range = c.range.start..end;
        c.normalized = format!("{} {unit}", value.render());
    }
}

/// Keep the longest / most specific non-overlapping candidates, drop
/// blockers, map ranges back to `original`, sort by start.
fn resolve(original: &str, folded: &Folded, mut cands: Vec<Candidate>) -> Vec<FactMatch> {
    cands.sort_by(|a, b| {
        b.range
            .len()
            .cmp(&a.range.len())
            .then(b.specificity().cmp(&a.specificity()))
            .then(a.range.start.cmp(&b.range.start))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        if c.range.is_empty() {
            continue;
        }
        let overlaps = kept
            .iter()
            .any(|k| k.range.start < c.range.end && c.range.start < k.range.end);
        if !overlaps {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.range.start);
    kept.into_iter()
        .filter_map(|c| {
            let kind = c.kind?;
            let range = folded.original(&c.range)?;
            let surface = original.get(range.clone())?.to_owned();
            Some(FactMatch {
                kind,
                range,
                surface,
                normalized: c.normalized,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Boundary checks.

pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

pub(crate) fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

pub(crate) fn alnum_before(text: &str, at: usize) -> bool {
    char_before(text, at).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(crate) fn alnum_after(text: &str, at: usize) -> bool {
    char_after(text, at).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(crate) fn digit_before(text: &str, at: usize) -> bool {
    char_before(text, at).is_some_and(|c| c.is_ascii_digit())
}

/// A numeric match must be a whole token: not glued to letters or digits, not
/// part of a path, id, ratio, list marker or longer dotted number.
fn number_bounds_ok(text: &str, range: Range<usize>) -> bool {
    // A unit written solid after the figure (`2.3TB`, `45km`) ends it as a
    // space would.
    let unit_after =
        alnum_after(text, range.end) && units::unit_after(text, range.start, range.end).is_some();
    if alnum_before(text, range.start) || (alnum_after(text, range.end) && !unit_after) {
        return false;
    }
    // A side of a size (`24×20インチ`, `16 x 12`): the blocker of sizes
    // hides it, and so must the unit that follows it.
    let times = ['x', '×', 'X', '＊', '*'];
    let before = text.get(..range.start).unwrap_or("").trim_end();
    let after = text.get(range.end..).unwrap_or("").trim_start();
    if before.ends_with(times)
        && before[..before.len() - before.chars().next_back().map_or(0, char::len_utf8)]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    if after.starts_with(times)
        && after
            .chars()
            .skip(1)
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| c.is_ascii_digit())
    {
        return false;
    }
    if let Some(c) = char_before(text, range.start) {
        if matches!(c, '/' | '#' | '\\') {
            return false;
        }
        if matches!(c, '.' | ',' | ':') && digit_before(text, range.start - c.len_utf8()) {
            return false;
        }
        if c == '.' && alnum_before(text, range.start - 1) {
            return false;
        }
    }
    if let Some(c) = char_after(text, range.end) {
        if c == '/' {
            return false;
        }
        // `1,234` and `1.5` continue a figure; `2.6%,2027` does not.
        let ends_in_digit = text
            .get(..range.end)
            .is_some_and(|t| t.ends_with(|d: char| d.is_ascii_digit()));
        if ends_in_digit
            && matches!(c, '.' | ',' | ':')
            && char_after(text, range.end + c.len_utf8()).is_some_and(|d| d.is_ascii_digit())
        {
            return false;
        }
    }
    true
}

/// True if the text after `at` (no space) starts with one of `words` followed
/// by a non-letter.
fn followed_by_word(text: &str, at: usize, words: &[&str]) -> bool {
    let rest = text.get(at..).unwrap_or("");
    words.iter().any(|w| {
        rest.get(..w.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(w))
            && !alnum_after(rest, w.len())
    })
}

// ---------------------------------------------------------------------------
// Per-kind validation and normalization.

/// A number after a word and a hyphen is part of a code (`COVID-19`,
/// `F-35`, `SARS-CoV-2`), not a quantity.
fn is_code(text: &str, start: usize) -> bool {
    char_before(text, start) == Some('-')
        && char_before(text, start - 1).is_some_and(|c| c.is_ascii_alphabetic())
}

/// A zero-padded integer (`01`, `007`) is a label or code (section
/// heading, id), not a quantity.
/// A number right before `号`/`號` names something (`天雀2号`, the rocket
/// "Tianque-2"; `3号线`, line 3) rather than counting it. Dates written
/// `6月26号` are found whole by the date patterns, which win.
fn designation_after(text: &str, end: usize) -> bool {
    text.get(end..)
        .is_some_and(|rest| rest.starts_with(['号', '號']))
}

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'0' && b[1].is_ascii_digit()
}

/// An amount written only in CJK numerals must start like a numeral
/// (`五百万`, `十万`), not with a bare unit (`数兆` gives `兆`).
fn kanji_amount_ok(s: &str) -> bool {
    match s.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => true,
        Some(c) => amount::cjk_digit(c).is_some() || c == '十',
        None => false,
    }
}

/// A run of CJK numerals is a number if it is a well-formed numeral: it
/// starts with a digit or `十`, uses units (or `〇` for positional years),
/// is not an ordinal (`第三`), and a single numeral needs a counter after it.
/// A lone `一` is treated as the article "a/one" (`一个`, `一つ`) and skipped.
fn kanji_number(text: &str, range: Range<usize>) -> Option<Dec> {
    let s = text.get(range.clone())?;
    let first = s.chars().next()?;
    if amount::cjk_digit(first).is_none() && first != '十' {
        return None;
    }
    if char_before(text, range.start) == Some('第') {
        return None;
    }
    let n = s.chars().count();
    let has_unit = s
        .chars()
        .any(|c| cjk_small_unit(c).is_some() || cjk_big_unit(c).is_some());
    if n == 1 {
        if s == "一" {
            return None;
        }
        if !char_after(text, range.end).is_some_and(|c| COUNTERS.contains(c) || c == '%') {
            return None;
        }
    } else if !has_unit && !s.contains('〇') && !s.contains('零') {
        return None;
    }
    parse_amount(s)
}

/// The currency a Chinese text names right before an amount (`新台幣`,
/// `港幣`, `人民幣`), allowing `約`/`约`/`逾`/`达` in between.
fn currency_word_before(before: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &str)] = &[
        ("新台幣", "TWD"),
        ("新台币", "TWD"),
        ("台幣", "TWD"),
        ("台币", "TWD"),
        ("港幣", "HKD"),
        ("港币", "HKD"),
        ("人民幣", "CNY"),
        ("人民币", "CNY"),
    ];
    let trimmed = before
        .trim_end()
        .trim_end_matches(['約', '约', '逾', '近', '达', '達'])
        .trim_end();
    WORDS
        .iter()
        .find(|(w, _)| trimmed.ends_with(w))
        .map(|&(_, code)| code)
}

fn currency(pre: Option<&str>, suf: Option<&str>, text: &str) -> Option<&'static str> {
    let from_suffix = suf.and_then(|s| {
        Some(match s.to_lowercase().as_str() {
            "us dollars" | "u.s. dollars" | "dollars" | "dollar" | "usd" | "美元" | "美金"
            | "米ドル" | "ドル" => "USD",
            "yen" | "jpy" | "円" | "日元" | "日圆" | "日圓" => "JPY",
            "yuan" | "renminbi" | "rmb" | "cny" | "元" | "人民币" | "人民幣" | "人民元"
            | "块钱" => "CNY",
            "港元" | "港币" | "港幣" => "HKD",
            "euro" | "euros" | "eur" | "欧元" | "歐元" | "ユーロ" => "EUR",
            "pound" | "pounds" | "pounds sterling" | "gbp" | "英镑" | "英鎊" | "ポンド" => {
                "GBP"
            }
            _ => return None,
        })
    });
    let from_prefix = pre.and_then(|p| {
        let p: String = p.chars().filter(|c| !c.is_whitespace()).collect();
        Some(match p.as_str() {
            "US$" | "U.S.$" | "USD" | "$" => "USD",
            "HK$" => "HKD",
            "NT$" => "TWD",
            "C$" => "CAD",
            "A$" => "AUD",
            "S$" => "SGD",
            "€" | "EUR" => "EUR",
            "£" | "GBP" => "GBP",
            "JPY" => "JPY",
            "CNY" | "RMB" | "人民币" | "CN¥" => "CNY",
            "JP¥" => "JPY",
            "¥" => match from_suffix {
                Some(s) => s,
                None if Lang::detect(text) == Lang::Zh => "CNY",
                None => "JPY",
            },
            _ => return None,
        })
    });
    from_prefix.or(from_suffix)
}

fn year_value(s: &str) -> Option<u32> {
    let v = cjk_or_arabic(s)?;
    (1000..=2999).contains(&v).then_some(v)
}

fn cjk_or_arabic(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let v = parse_amount(s)?.render();
    v.parse().ok()
}

fn month_value(caps: &Captures<'_>, name: &str) -> Option<Option<u32>> {
    let Some(m) = caps.name(name) else {
        return Some(None);
    };
    let s = m.as_str().trim_end_matches('.');
    // Month names are matched case-insensitively so that headlines in
    // capitals work, but a lower-case "may 5" is the verb, not May.
    if s.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let by_name = match s.get(..3).unwrap_or(s).to_ascii_lowercase().as_str() {
        "jan" => Some(1),
        "feb" => Some(2),
        "mar" => Some(3),
        "apr" => Some(4),
        "may" => Some(5),
        "jun" => Some(6),
        "jul" => Some(7),
        "aug" => Some(8),
        "sep" => Some(9),
        "oct" => Some(10),
        "nov" => Some(11),
        "dec" => Some(12),
        _ => None,
    };
    let v = match by_name {
        Some(v) => v,
        None => cjk_or_arabic(s)?,
    };
    (1..=12).contains(&v).then_some(Some(v))
}

fn days_in_month(year: Option<u32>, month: u32) -> u32 {
    match month {
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn day_value(
    caps: &Captures<'_>,
    name: &str,
    year: Option<u32>,
    month: Option<u32>,
) -> Option<Option<u32>> {
    let Some(m) = caps.name(name) else {
        return Some(None);
    };
    let v = cjk_or_arabic(m.as_str())?;
    let max = month.map_or(31, |mo| days_in_month(year, mo));
    (1..=max).contains(&v).then_some(Some(v))
}

/// ISO 8601 text for a date of any precision.
fn iso(year: Option<u32>, month: Option<u32>, day: Option<u32>) -> Option<String> {
    Some(match (year, month, day) {
        (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
        (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
        (None, Some(m), None) => format!("--{m:02}"),
        (Some(y), None, None) => format!("{y:04}"),
        _ => return None,
    })
}

/// Build the canonical date from named groups `y`, `mon`/`m`, `d`, and for
/// ranges `m2`, `d2`. The end of a range inherits the fields it omits.
fn date_from_caps(caps: &Captures<'_>) -> Option<String> {
    let year = match caps.name("y") {
        Some(y) => Some(year_value(y.as_str())?),
        None => None,
    };
    let month = match month_value(caps, "mon")? {
        Some(m) => Some(m),
        None => month_value(caps, "m")?,
    };
    let day = day_value(caps, "d", year, month)?;
    let start = iso(year, month, day)?;
    if caps.name("d2").is_none() {
        return Some(start);
    }
    let month2 = match month_value(caps, "mon2")? {
        Some(m) => Some(m),
        None => month_value(caps, "m2")?,
    }
    .or(month);
    let day2 = day_value(caps, "d2", year, month2)?;
    let end = iso(year, month2, day2)?;
    (end > start).then(|| format!("{start}/{end}"))
}

/// True when `name` and the words around it are all upper case (a shouted
/// headline such as "CAN USE 128 SECRETS"), where capitals say nothing about
/// a product name.
fn shouting(text: &str, start: usize, name: &str, next_word: &str) -> bool {
    let upper = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase());
    let before = text.get(..start).unwrap_or("").trim_end();
    let prev_word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    upper(name) && upper(&prev_word) && upper(next_word)
}

/// Validate a version candidate and build `NAME-VERSION`.
fn version_value(
    text: &str,
    range: Range<usize>,
    name: &str,
    sep: &str,
    ver: &str,
) -> Option<String> {
    if alnum_before(text, range.start) || alnum_after(text, range.end) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if VERSION_STOP.contains(&lower.as_str()) {
        return None;
    }
    // Not followed by more number: "Over 48,000", "Top 5%", "GPT-5.6.1" is
    // fine only as a whole, "Route 66/67" is not a version.
    if let Some(c) = char_after(text, range.end) {
        if c == '%' || c == '％' {
            return None;
        }
        if matches!(c, '.' | ',' | '/' | ':')
            && char_after(text, range.end + 1).is_some_and(|d| d.is_ascii_digit())
        {
            return None;
        }
    }
    let rest = text.get(range.end..).unwrap_or("").trim_start();
    let next_word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let next_lower = next_word.to_ascii_lowercase();
    if amount::en_scale(&next_lower).is_some() && next_lower.len() > 1
        || matches!(next_lower.as_str(), "percent" | "per")
    {
        return None;
    }
    let digits_only = ver.chars().all(|c| c.is_ascii_digit());
    // Codes, not versions: a hyphen and a multi-digit number (`COVID-19`,
    // `F-35`, `MH-17`), or an all-caps word and one (`COVID 19`). Product
    // generations with many digits are written with a space and a
    // capitalised name (`iOS 18`, `Windows 11`).
    if digits_only && ver.len() >= 2 {
        let all_caps = name.chars().all(|c| c.is_ascii_uppercase());
        if sep == "-" || (sep == " " && all_caps) {
            return None;
        }
    }
    if sep == " " && digits_only && COUNT_NOUNS.contains(&next_lower.as_str()) {
        // "the Government 60 days": a count, not a product.
        return None;
    }
    if sep == " " && shouting(text, range.start, name, &next_word) {
        return None;
    }
    if digits_only && ver.len() == 4 && year_value(ver).is_some() {
        return None;
    }
    let has_slash = ver.contains('/');
    let version = match sep {
        "-" if has_slash => {
            let parts: Vec<&str> = ver.split('/').collect();
            let simple = parts.len() == 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
            if !simple {
                return None;
            }
            ver.replace('/', ".")
        }
        "-" => ver.to_owned(),
        " " => {
            if has_slash || (digits_only && ver.len() >= 4) {
                return None;
            }
            ver.to_owned()
        }
        _ => {
            // Glued form (`Qwen2.5`, `GPT4o`): needs a dot or a letter suffix.
            let suffix = ver.chars().last().is_some_and(|c| c.is_ascii_lowercase());
            if has_slash || !(ver.contains('.') || suffix) {
                return None;
            }
            ver.to_owned()
        }
    };
    Some(format!("{name}-{version}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fx() -> &'static FactExtractor {
        static FX: OnceLock<FactExtractor> = OnceLock::new();
        FX.get_or_init(FactExtractor::new)
    }

    fn facts(text: &str) -> Vec<(FactKind, String, String)> {
        fx().extract(text)
            .into_iter()
            .map(|f| (f.kind, f.surface, f.normalized))
            .collect()
    }

    fn of_kind(text: &str, kind: FactKind) -> Vec<String> {
        facts(text)
            .into_iter()
            .filter(|f| f.0 == kind)
            .map(|f| f.2)
            .collect()
    }

    fn one(text: &str) -> (FactKind, String) {
        let f = facts(text);
        assert_eq!(f.len(), 1, "expected one fact in {text:?}, got {f:?}");
        (f[0].0, f[0].2.clone())
    }

    #[test]
    fn versions_in_three_languages() {
        use FactKind::Version as V;
        assert_eq!(one("They shipped GPT-5.6 at once."), (V, "GPT-5.6".into()));
        assert_eq!(one("The GPT 5.6 release"), (V, "GPT-5.6".into()));
        assert_eq!(one("a typo: GPS-5.6 instead"), (V, "GPS-5.6".into()));
        assert_eq!(one("Atlas-3.1 came out."), (V, "Atlas-3.1".into()));
        assert_eq!(one("智谱发布了GLM-5.2模型。"), (V, "GLM-5.2".into()));
        assert_eq!(
            one("一時的に Opus 4.8 モデルに切り替える。"),
            (V, "Opus-4.8".into())
        );
        assert_eq!(one("Claude 3.5 Sonnet is old."), (V, "Claude-3.5".into()));
        assert_eq!(one("阿里的Qwen2.5表现不错"), (V, "Qwen-2.5".into()));
        assert_eq!(of_kind("Meta's Llama 3.1 model", V), ["Llama-3.1"]);
        assert_eq!(one("compared with GPT-4o,"), (V, "GPT-4o".into()));
        assert_eq!(one("Mythos 5 was restricted"), (V, "Mythos-5".into()));
    }

    #[test]
    fn slash_version_reads_as_dot() {
        assert_eq!(
            one("the GPS-5/5 model"),
            (FactKind::Version, "GPS-5.5".into())
        );
        // A ratio or schedule is not a version.
        assert!(of_kind("open 24/7 all year", FactKind::Version).is_empty());
        assert!(of_kind("open 24/7 all year", FactKind::Number).is_empty());
    }

    #[test]
    fn version_exclusions() {
        assert_eq!(
            one("It launched on June 26."),
            (FactKind::Date, "--06-26".into())
        );
        assert_eq!(
            one("See Section 3 for details"),
            (FactKind::Number, "3".into())
        );
        assert_eq!(one("Chapter 2"), (FactKind::Number, "2".into()));
        assert_eq!(one("Figure 1 shows"), (FactKind::Number, "1".into()));
        assert_eq!(
            one("In 2026 the rules changed"),
            (FactKind::Date, "2026".into())
        );
        assert_eq!(one("Over 100 agencies"), (FactKind::Number, "100".into()));
        assert_eq!(
            one("About 20 percent agreed"),
            (FactKind::Percent, "20%".into())
        );
        assert!(of_kind("GPT-5.6", FactKind::Number).is_empty());
        assert!(of_kind("Top 5% of users", FactKind::Version).is_empty());
    }

    #[test]
    fn numbers_en() {
        use FactKind::Number as N;
        assert_eq!(one("48,000 people"), (N, "48000".into()));
        assert_eq!(one("a factor of 1.5 here"), (N, "1.5".into()));
        assert_eq!(one("about 100 agencies"), (N, "100".into()));
        assert_eq!(one("1.4 trillion tokens"), (N, "1400000000000".into()));
        assert_eq!(one("3 billion users"), (N, "3000000000".into()));
        assert_eq!(one("2.50 million"), (N, "2500000".into()));
    }

    #[test]
    fn numbers_zh_ja() {
        use FactKind::Number as N;
        assert_eq!(one("约有4.8万人参加"), (N, "48000".into()));
        assert_eq!(one("4万8000人が参加した"), (N, "48000".into()));
        assert_eq!(one("利用者は2億5000万人に達した"), (N, "250000000".into()));
        assert_eq!(one("用户达1.5亿"), (N, "150000000".into()));
        assert_eq!(one("共有三家公司"), (N, "3".into()));
        assert_eq!(one("二十七名研究者"), (N, "27".into()));
        assert_eq!(one("一百名员工"), (N, "100".into()));
        assert_eq!(one("两千台服务器"), (N, "2000".into()));
        assert_eq!(one("负荷达到1.284亿千瓦"), (N, "128400000000 W".into()));
        assert_eq!(one("降雨量24英寸"), (N, "0.61 m".into()));
        assert_eq!(one("in 35,000 feet"), (N, "11000 m".into()));
        assert_eq!(one("2.3TB的数据"), (N, "2300000000000 B".into()));
        assert_eq!(
            one("Public offering is 1500 man stocks"),
            (N, "15000000".into())
        );
        assert_eq!(one("a 1500-man force"), (N, "1500".into()));
        assert_eq!(
            one("floor area about 1 man 2000 square meter"),
            (N, "12000".into())
        );
        assert_eq!(
            of_kind(
                "opening in 2027 year, to hire engineers by 28 year.",
                FactKind::Date
            ),
            vec!["2027".to_owned(), "2028".to_owned()]
        );
        // Sizes are not counts.
        assert!(of_kind("20×16、24×20インチの大型写真", N).is_empty());
        assert_eq!(one("photos up to 16x12\" in 5 days"), (N, "5".into()));
        assert_eq!(one("over 6 decades of experience"), (N, "60 yr".into()));
        assert_eq!(one("约5千人"), (N, "5000".into()));
    }

    #[test]
    fn number_exclusions() {
        // Articles, ordinals, idioms and names are not numbers.
        assert!(facts("这是一个问题").is_empty());
        assert!(facts("他是第三个").is_empty());
        assert!(facts("千万不要这样做").is_empty());
        assert!(facts("我们在百度工作").is_empty());
        assert!(facts("三星电子").is_empty());
        // Times, URLs, ids, list markers, tokens glued to letters.
        assert!(facts("at 5:21 PM local time").is_empty());
        assert!(facts("下午5点21分发布").is_empty());
        assert!(facts("Source: toutiao.com/article/1867852446503948/").is_empty());
        assert!(facts("see https://example.org/a/12345").is_empty());
        assert!(facts("Fable #6: the return")
            .iter()
            .all(|f| f.0 == FactKind::Entity));
        assert!(facts("an x86 machine with 10K+ users").is_empty());
        assert!(facts("version 1.2.3 only").is_empty());
    }

    #[test]
    fn more_exclusions_and_spacing() {
        // A capitalised word before a count is not a product.
        assert_eq!(
            one("gave the Agency 60 days to comply"),
            (FactKind::Number, "60".into())
        );
        // Shouted all-caps text is not full of acronyms.
        assert!(of_kind("THEY CAN NOW USE 128 KEYS", FactKind::Version).is_empty());
        // Zero-padded labels (section numbers, codes) are not quantities.
        assert!(of_kind("01 Is it really too strong?", FactKind::Number).is_empty());
        // Japanese style spaces between digits and units.
        assert_eq!(
            one("負債は 10 兆ドル規模"),
            (FactKind::Money, "USD 10000000000000".into())
        );
        assert_eq!(one("約 4 万人"), (FactKind::Number, "40000".into()));
        // "数兆ドル" (several trillion) has no checkable amount.
        assert!(facts("数兆ドルの市場").is_empty());
    }

    #[test]
    fn money_in_three_languages() {
        use FactKind::Money as M;
        assert_eq!(one("raised $250 million"), (M, "USD 250000000".into()));
        assert_eq!(one("總額約新台幣1340億元"), (M, "TWD 134000000000".into()));
        assert_eq!(one("赔偿5亿元"), (M, "CNY 500000000".into()));
        assert_eq!(
            one("worth US$1.4 trillion"),
            (M, "USD 1400000000000".into())
        );
        assert_eq!(one("paid 250 million dollars"), (M, "USD 250000000".into()));
        assert_eq!(one("融资2.5亿美元"), (M, "USD 250000000".into()));
        assert_eq!(one("2億5000万ドルを調達"), (M, "USD 250000000".into()));
        assert_eq!(one("市場は10兆ドル規模"), (M, "USD 10000000000000".into()));
        assert_eq!(one("価格は100円"), (M, "JPY 100".into()));
        assert_eq!(one("it costs 5000 yen"), (M, "JPY 5000".into()));
        assert_eq!(one("only €3 each"), (M, "EUR 3".into()));
        assert_eq!(one("罚款人民币100元"), (M, "CNY 100".into()));
        assert_eq!(one("票价100元"), (M, "CNY 100".into()));
        assert_eq!(one("售价¥100起"), (M, "CNY 100".into()));
        assert_eq!(one("価格は¥100から"), (M, "JPY 100".into()));
        assert_eq!(one("a $5bn deal"), (M, "USD 5000000000".into()));
        assert_eq!(one("五百万円の罰金"), (M, "JPY 5000000".into()));
    }

    #[test]
    fn percents_in_three_languages() {
        use FactKind::Percent as P;
        assert_eq!(one("up 5% on the day"), (P, "5%".into()));
        assert_eq!(one("20 percent of users"), (P, "20%".into()));
        assert_eq!(one("20 per cent of users"), (P, "20%".into()));
        assert_eq!(one("增长了百分之二十"), (P, "20%".into()));
        assert_eq!(one("拒否率は99.5％に"), (P, "99.5%".into()));
        assert_eq!(one("上昇率は5パーセント"), (P, "5%".into()));
    }

    #[test]
    fn dates_en() {
        use FactKind::Date as D;
        assert_eq!(one("on June 26 they"), (D, "--06-26".into()));
        assert_eq!(one("on 26 June they"), (D, "--06-26".into()));
        assert_eq!(one("on June 26, 2026, they"), (D, "2026-06-26".into()));
        assert_eq!(one("on Friday, June 12 they"), (D, "--06-12".into()));
        assert_eq!(one("on the 3rd of March 2025"), (D, "2025-03-03".into()));
        assert_eq!(one("in June 2026"), (D, "2026-06".into()));
        assert_eq!(one("from June 12-26 only"), (D, "--06-12/--06-26".into()));
        assert_eq!(one("posted 2026/06/28"), (D, "2026-06-28".into()));
        assert_eq!(one("posted 2026-06-28"), (D, "2026-06-28".into()));
        assert_eq!(one("between 1995-2001"), (D, "1995/2001".into()));
        assert_eq!(one("on Sept. 3"), (D, "--09-03".into()));
        assert_eq!(one("IN JUNE 2026, THE"), (D, "2026-06".into()));
        // A day of the month alone, and its word-for-word translations.
        assert_eq!(one("talks resume on the 11th."), (D, "---11".into()));
        assert_eq!(one("the meeting end date 29 day"), (D, "---29".into()));
        assert_eq!(
            of_kind("2027年に開設する拠点や、28年までに300人を採用", D),
            vec!["2027".to_owned(), "2028".to_owned()]
        );
        assert_eq!(of_kind("2027年から28年間続く", D), vec!["2027".to_owned()]);
        assert_eq!(one("announced on the 4th day that"), (D, "---04".into()));
        assert!(of_kind("on the 3rd day of talks", D).is_empty());
        assert!(of_kind("within 30 days", D).is_empty());
        assert!(of_kind("we may 5 times", FactKind::Date).is_empty());
        // Invalid calendar dates are not dates.
        assert!(of_kind("on June 31", FactKind::Date).is_empty());
        assert!(of_kind("2026-13-01", FactKind::Date).is_empty());
        // A time of day is not a date and not a number.
        assert_eq!(
            facts("2026/06/28 01:16"),
            vec![(D, "2026/06/28".into(), "2026-06-28".into())]
        );
    }

    #[test]
    fn dates_zh_ja() {
        use FactKind::Date as D;
        assert_eq!(one("于6月26日发布"), (D, "--06-26".into()));
        assert_eq!(one("2026年6月26日に発表"), (D, "2026-06-26".into()));
        assert_eq!(one("2026年6月に"), (D, "2026-06".into()));
        assert_eq!(one("2026年には"), (D, "2026".into()));
        assert_eq!(one("六月二十七日凌晨"), (D, "--06-27".into()));
        assert_eq!(one("二〇二六年六月"), (D, "2026-06".into()));
        assert_eq!(one("6月12日至26日期间"), (D, "--06-12/--06-26".into()));
        assert_eq!(one("6月12日〜6月26日"), (D, "--06-12/--06-26".into()));
        assert_eq!(one("1995〜2001年の間"), (D, "1995/2001".into()));
        assert_eq!(one("1995年から2001年まで"), (D, "1995/2001".into()));
        // Durations and decades are not dates.
        assert!(of_kind("3个月后", FactKind::Date).is_empty());
        assert!(of_kind("3か月後", FactKind::Date).is_empty());
        assert!(of_kind("1990年代に", FactKind::Date).is_empty());
    }

    #[test]
    fn same_fact_same_value_across_languages() {
        let en = of_kind("OpenAI released GPT-5.6 on June 26.", FactKind::Date);
        let zh = of_kind("OpenAI于6月26日发布了GPT-5.6。", FactKind::Date);
        let ja = of_kind("OpenAIは6月26日にGPT-5.6を発表した。", FactKind::Date);
        assert_eq!(en, zh);
        assert_eq!(zh, ja);
        let en = of_kind("OpenAI released GPT 5.6.", FactKind::Version);
        let zh = of_kind("OpenAI发布了GPT-5.6。", FactKind::Version);
        assert_eq!(en, zh);
    }

    #[test]
    fn roles_and_people() {
        assert_eq!(
            of_kind("Commerce Secretary Ada Stone said", FactKind::Role),
            ["role:commerce_secretary"]
        );
        assert_eq!(
            of_kind("商务部长表示", FactKind::Role),
            ["role:commerce_secretary"]
        );
        assert_eq!(
            of_kind("商務長官は述べた", FactKind::Role),
            ["role:commerce_secretary"]
        );
        assert_eq!(
            of_kind("外務大臣が訪問", FactKind::Role),
            ["role:foreign_minister"]
        );
        assert_eq!(
            of_kind("the co-founder of a lab", FactKind::Role),
            ["role:cofounder"]
        );
        assert_eq!(of_kind("联合创始人", FactKind::Role), ["role:cofounder"]);
        assert_eq!(
            of_kind("the Vice President spoke", FactKind::Role),
            ["role:vice_president"]
        );
        assert!(of_kind("presidential race", FactKind::Role).is_empty());
        assert_eq!(
            of_kind("ジョン・スミス氏が語った", FactKind::Person),
            ["person:cn sns"]
        );
    }

    #[test]
    fn names_with_weak_evidence() {
        use FactKind::{Entity as E, Person as P};
        // A word that is no common English word, before a verb of saying,
        // is a name even at the start of a sentence; a common word is not.
        assert_eq!(
            of_kind("Brandom concludes: it will not last.", P),
            ["person:blntn"]
        );
        assert!(of_kind("Critics said it will not last.", P).is_empty());
        assert!(of_kind("Analysts noted a slowdown.", P).is_empty());
        // A possessive before a noun of speech or writing.
        assert_eq!(
            of_kind("Brandon's conclusion: it is over.", P),
            ["person:blntn"]
        );
        assert_eq!(
            of_kind("Then Luttnik informed Anthropic of the decision.", P),
            ["person:ltnk"]
        );
        // Proper names without evidence are entities, in any language's text.
        assert_eq!(
            of_kind("Antropic didn't think the stone would hit it.", E),
            ["entity:antropic"]
        );
        assert_eq!(of_kind("Anthropic は反論した。", E), ["entity:anthropic"]);
        assert_eq!(
            of_kind("Mythos 模型由 Anthropic 开发。", E),
            ["entity:mythos", "entity:anthropic"]
        );
        // Common words and product names with numbers are not.
        assert!(of_kind("The White House said so.", E).is_empty());
        assert!(of_kind("Claude Opus 4.8 is out", E)
            .iter()
            .all(|e| e == "entity:claude"));
    }

    #[test]
    fn output_is_sorted_non_overlapping_and_ranges_match_surface() {
        let text = "2026年6月26日,OpenAI以2.5亿美元发布GPT-5.6,增长百分之二十,约4.8万人,下午5点。";
        let got = fx().extract(text);
        let kinds: Vec<FactKind> = got.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FactKind::Date,
                FactKind::Entity,
                FactKind::Money,
                FactKind::Version,
                FactKind::Percent,
                FactKind::Number
            ],
            "{got:?}"
        );
        for w in got.windows(2) {
            assert!(w[0].range.end <= w[1].range.start);
        }
        for f in &got {
            assert_eq!(&text[f.range.clone()], f.surface);
        }
    }

    #[test]
    fn to_fact_keeps_values() {
        let fx = FactExtractor::new();
        let m = &fx.extract("GPT-5.6")[0];
        let sid = SentenceId::from_string("s1");
        let did = DocId::from_string("d1");
        let f = m.to_fact(&sid, &did, Span::new(10, 17));
        assert_eq!(f.normalized, "GPT-5.6");
        assert_eq!(f.span, Span::new(10, 17));
        assert_eq!(f.id, m.to_fact(&sid, &did, Span::new(10, 17)).id);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let fx = FactExtractor::new();
        for t in [
            "",
            "$",
            "¥",
            "999999999999999999999999999999999999999999 dollars",
            "九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九九兆兆兆兆",
            "June 99, 9999",
            "百分之",
            "GPT-",
            "🌐en 2026/06/28",
        ] {
            let _ = fx.extract(t);
        }
    }

    /// All canonical values of `kind` in each text are the same (and exist).
    fn same_values(kind: FactKind, texts: &[&str]) {
        let vals: Vec<Vec<String>> = texts.iter().map(|t| of_kind(t, kind)).collect();
        assert!(!vals[0].is_empty(), "no {kind} in {:?}", texts[0]);
        for (t, v) in texts.iter().zip(&vals) {
            assert_eq!(v, &vals[0], "{t:?} vs {:?}", texts[0]);
        }
    }

    #[test]
    fn numbers_in_every_writing() {
        use FactKind::Number as N;
        assert_eq!(one("a staff of ４８，０００ now"), (N, "48000".into()));
        assert_eq!(one("they hired twelve people"), (N, "12".into()));
        assert_eq!(one("Three firms agreed"), (N, "3".into()));
        assert_eq!(one("about two million users"), (N, "2000000".into()));
        assert_eq!(one("twenty-five states"), (N, "25".into()));
        assert_eq!(one("1.5bn tokens"), (N, "1500000000".into()));
        assert_eq!(one("员工三千二百名"), (N, "3200".into()));
        assert_eq!(one("共计一百五十亿"), (N, "15000000000".into()));
        assert_eq!(one("用户达两万"), (N, "20000".into()));
        assert_eq!(one("利用者は1万2千人"), (N, "12000".into()));
        assert_eq!(one("社員は三千人"), (N, "3000".into()));
        same_values(
            N,
            &[
                "48,000 people came",
                "４８，０００人が来た",
                "约4.8万人参加",
                "4万8000人が参加",
                "四万八千人参加",
                "forty-eight thousand people came",
            ],
        );
        // "one" is an article or pronoun, not a count.
        assert!(facts("one of them said no one knew").is_empty());
    }

    #[test]
    fn number_negatives() {
        // Times of day, phone numbers, codes.
        assert!(facts("the call is at 9:30 a.m.").is_empty());
        assert!(of_kind("call +1 202-555-0143 today", FactKind::Number).is_empty());
        assert!(facts("电话010-12345678").is_empty());
        assert!(facts("お問い合わせは03-1234-5678まで").is_empty());
        // Codes, whose digits are no numbers.
        for (text, code) in [("new COVID-19 cases", "COVID-19"), ("F-35 jets", "F-35")] {
            assert_eq!(
                facts(text),
                vec![(FactKind::Version, code.to_owned(), code.to_owned())]
            );
        }
        assert!(facts("the U.S. and the U.K.").is_empty());
        assert!(facts("someone often said so").is_empty());
    }

    #[test]
    fn money_equivalences() {
        same_values(
            FactKind::Money,
            &[
                "raised $250 million",
                "raised US$250 million",
                "raised 250 million US dollars",
                "raised USD 250 million",
                "融资2.5亿美元",
                "2億5000万ドルを調達",
                "２億５０００万ドルを調達",
                "raised two hundred fifty million dollars",
            ],
        );
        same_values(
            FactKind::Money,
            &[
                "罚款人民币5亿元",
                "fined RMB 500 million",
                "fined 500 million yuan",
                "罚款5亿元",
            ],
        );
        same_values(
            FactKind::Money,
            &[
                "375億円",
                "37.5 billion yen",
                "375亿日元",
                "¥37.5bn in Tokyo",
            ],
        );
        assert_eq!(
            one("约合￥18亿"),
            (FactKind::Money, "CNY 1800000000".into())
        );
        assert_eq!(
            one("a €30 million grant"),
            (FactKind::Money, "EUR 30000000".into())
        );
        assert_eq!(
            one("30 million euros"),
            (FactKind::Money, "EUR 30000000".into())
        );
    }

    #[test]
    fn percent_and_points() {
        use FactKind::Percent as P;
        same_values(
            P,
            &[
                "rose 15%",
                "rose 15 per cent",
                "rose 15 percent",
                "增长百分之十五",
                "増加率は15パーセント",
                "増加率は１５％",
                "rose fifteen percent",
            ],
        );
        same_values(
            P,
            &[
                "rose 0.3 percentage points",
                "rose 0.3pp",
                "上升0.3个百分点",
                "失業率は0.3ポイント上昇",
            ],
        );
        assert_eq!(one("失业率上升两个百分点"), (P, "2pp".into()));
        // Deputies written inside the title.
        let role = |t: &str| of_kind(t, FactKind::Role);
        assert_eq!(
            role("日本農林水產副大臣上原浩一"),
            ["role:deputy+agriculture_minister"]
        );
        assert_eq!(
            role("外交部副部长王毅表示"),
            ["role:deputy+foreign_minister"]
        );
        assert_eq!(
            role("日本經濟產業省副大臣村上隆之"),
            ["role:deputy+economy_minister"]
        );
        assert_eq!(
            one("lift the rate by half a percentage point"),
            (P, "0.5pp".into())
        );
        assert_eq!(
            one("cut by a quarter of a percentage point"),
            (P, "0.25pp".into())
        );
        assert_eq!(one("同比增长百分之五点三"), (P, "5.3%".into()));
        assert_eq!(one("支持率は3割に"), (P, "30%".into()));
        assert_eq!(one("支持率は2割5分に"), (P, "25%".into()));
        // Loyalty or index points are not percentage points.
        assert!(of_kind("1000ポイントを獲得", P).is_empty());
        assert!(of_kind("日経平均は300ポイント上昇", P).is_empty());
    }

    #[test]
    fn dates_more_forms() {
        use FactKind::Date as D;
        same_values(
            D,
            &[
                "on June 26 they",
                "on 26 June they",
                "于6月26日发布",
                "6月26日に発表",
                "on 6/26 they",
                "6/26(金)から",
                "6/26（五）开始",
            ],
        );
        same_values(
            D,
            &[
                "on Jun. 26, 2026, they",
                "2026年6月26日",
                "posted 2026-06-26",
                "Friday, June 26, 2026",
                "dated 6/26/2026",
            ],
        );
        same_values(D, &["in June 2026", "2026年6月", "２０２６年６月"]);
        same_values(D, &["in 2026", "2026年"]);
        same_values(
            D,
            &[
                "June 26-28",
                "June 26 to 28",
                "6月26日至28日",
                "6月26日〜28日",
            ],
        );
        same_values(
            D,
            &[
                "from 2019 to 2021",
                "between 2019 and 2021",
                "2019〜2021年",
                "2019年至2021年",
            ],
        );
        assert_eq!(one("from June 30 to July 2"), (D, "--06-30/--07-02".into()));
        // Relative dates keep their unit and step, in every language.
        for (t, want) in [
            ("yesterday and last week", ["rel:day-1", "rel:week-1"]),
            ("昨天和上周", ["rel:day-1", "rel:week-1"]),
            ("昨日と先週", ["rel:day-1", "rel:week-1"]),
            (
                "the WSJ article I wrote about on Monday",
                ["rel:weekday-1", ""],
            ),
            ("先月書いた WSJ 記事", ["rel:month-1", ""]),
            ("上个月和周五", ["rel:month-1", "rel:weekday-5"]),
            ("来週の月曜日に", ["rel:week+1", "rel:weekday-1"]),
            ("later this year, next month", ["rel:year+0", "rel:month+1"]),
        ] {
            let want: Vec<&str> = want.into_iter().filter(|w| !w.is_empty()).collect();
            assert_eq!(of_kind(t, D), want, "{t:?}");
        }
        // "一周一次" is once a week, not Monday.
        assert!(of_kind("一周一次", D).is_empty());
        // Not dates: bare slashes, ambiguous day/month, times of day,
        // fractions.
        for t in [
            "open 24/7",
            "about 3/4 of them",
            "on 6/7/2026",
            "at 10:30",
            "下午三点",
        ] {
            assert!(of_kind(t, D).is_empty(), "{t:?} -> {:?}", facts(t));
        }
        assert_eq!(
            date_precision(&one("in June 2026").1),
            Some(DatePrecision::YearMonth)
        );
        assert_eq!(
            date_precision(&one("于6月26日").1),
            Some(DatePrecision::MonthDay)
        );
    }

    #[test]
    fn chinese_tenths() {
        assert_eq!(
            one("运力恢复至正常水平的六成。"),
            (FactKind::Percent, "60%".into())
        );
        assert_eq!(one("净利润下降三成，"), (FactKind::Percent, "30%".into()));
        assert_eq!(one("回收率达七成半"), (FactKind::Percent, "75%".into()));
        assert!(of_kind("发射取得圆满成功", FactKind::Percent).is_empty());
        assert!(of_kind("三成员国", FactKind::Percent).is_empty());
    }

    #[test]
    fn compound_scales_and_designations() {
        assert_eq!(
            one("Total investment is about 1 trillion 200 billion yen."),
            (FactKind::Money, "JPY 1200000000000".into())
        );
        assert_eq!(
            one("sales were 3 trillion 100 billion yen"),
            (FactKind::Money, "JPY 3100000000000".into())
        );
        assert_eq!(
            one("some 3 million 500 thousand people"),
            (FactKind::Number, "3500000".into())
        );
        // A number before 号 names a thing.
        assert!(of_kind("天雀2号火箭", FactKind::Number).is_empty());
        assert!(of_kind("天雀二号火箭", FactKind::Number).is_empty());
        assert_eq!(one("搭载6颗卫星"), (FactKind::Number, "6".into()));
    }

    #[test]
    fn versions_more_forms() {
        use FactKind::Version as V;
        same_values(
            V,
            &[
                "Claude Opus 4.8 is out",
                "Opus-4.8 is out",
                "Opus 4.8モデル",
                "Opus 4.8模型",
            ],
        );
        assert_eq!(one("on iOS 18 devices"), (V, "iOS-18".into()));
        assert_eq!(one("runs on Windows 11 now"), (V, "Windows-11".into()));
        assert_eq!(one("Llama 3.1 405B"), (V, "Llama-3.1".into()));
        assert_eq!(one("Gemini 2.5 Pro"), (V, "Gemini-2.5".into()));
        for t in ["COVID 19 rules", "Title 42 expired"] {
            assert!(of_kind(t, V).is_empty(), "{t:?} -> {:?}", facts(t));
        }
        // Letter-digit codes are kept whole, as written.
        for (t, code) in [
            ("COVID-19 rules", "COVID-19"),
            ("an F-35", "F-35"),
            ("MH-17 crash", "MH-17"),
            ("train G1728 derailed", "G1728"),
            ("mission TQ2-Y3 failed", "TQ2-Y3"),
            ("型号VX-210）", "VX-210"),
            ("the G7 summit", "G7"),
        ] {
            assert_eq!(one(t), (V, code.into()), "{t:?}");
        }
        for t in [
            "10K users",
            "405B parameters",
            "12nm process",
            "the 21st",
            "5G phones",
        ] {
            assert!(of_kind(t, V).is_empty(), "{t:?} -> {:?}", facts(t));
        }
    }

    #[test]
    fn roles_in_three_languages() {
        use FactKind::Role as R;
        for group in [
            &["Commerce Secretary", "商务部长", "商務長官", "商務部長"][..],
            &[
                "Foreign Minister",
                "外交部长",
                "外相",
                "外務大臣",
                "Minister of Foreign Affairs",
            ],
            &[
                "the CEO",
                "首席执行官",
                "最高経営責任者",
                "Chief Executive Officer",
            ],
            &["the President", "总统", "大統領"],
            &["Prime Minister", "总理", "首相"],
            &[
                "Treasury Secretary",
                "财政部长",
                "財務長官",
                "Finance Minister",
                "財務相",
            ],
            &["Secretary of State", "国务卿", "国務長官"],
            &["the chairman", "董事长", "会長"],
            &["a spokesperson", "发言人", "報道官"],
            &["the founder", "创始人", "創業者"],
            &["chief scientist", "首席科学家", "チーフサイエンティスト"],
            &["the CTO", "首席技术官"],
            &["the CFO", "首席财务官", "最高財務責任者"],
            &["Defense Secretary", "国防部长", "国防長官", "防衛大臣"],
        ] {
            same_values(R, group);
        }
        // Words that only look like roles.
        assert!(of_kind("presidential race", R).is_empty());
        assert!(of_kind("加州长期以来", R).is_empty());
        assert!(of_kind("大使馆门前", R).is_empty());
        assert!(of_kind("エネルギー相場", R).is_empty());
        assert!(of_kind("we judge it", R).is_empty());
    }

    #[test]
    fn people_meet_across_scripts() {
        use FactKind::Person as P;
        same_values(
            P,
            &[
                "Commerce Secretary Lutnick said",
                "Secretary Lutnick said",
                "Mr. Lutnick said",
                "商务部长卢特尼克表示",
                "卢特尼克说",
                "商務長官のルットニック氏は",
                "ルットニック商務長官は",
            ],
        );
        same_values(
            P,
            &["Mr. Kovacs left", "科瓦奇博士离开了", "コバチ氏は去った"],
        );
        same_values(
            P,
            &["said Tom Brown", "汤姆·布朗表示", "トム・ブラウン氏は"],
        );
        let en = of_kind("Commerce Secretary Howard Lutnick spoke", P);
        let zh = of_kind("卢特尼克表示", P);
        assert!(name_keys_match(&en[0], &zh[0]), "{en:?} {zh:?}");
        // Evidence is needed: capitalised words and katakana loanwords are
        // not names by themselves.
        for t in [
            "The Large Model Is Closed",
            "Looking back at the timeline",
            "フロンティア・モデルの開発",
            "アメリカ大統領は",
            "ホワイトハウス報道官は",
            "俄罗斯总统表示",
            "他提高利率并通过法案",
            "the U.S. said",
            "General Motors said",
        ] {
            assert!(of_kind(t, P).is_empty(), "{t:?} -> {:?}", facts(t));
        }
        assert_eq!(
            one("Dean W. Ball wrote"),
            (P, format!("person:{}", name_key("Dean Ball")))
        );
        // A role's own words are a title, and a name before "role + name"
        // is the organisation ("Tesla CEO Musk").
        assert_eq!(
            of_kind("after Chief Executive Larry Culp spoke", P),
            [format!("person:{}", name_key("Larry Culp"))]
        );
        assert_eq!(
            of_kind("特斯拉首席执行官马斯克表示", P),
            [format!("person:{}", name_key("Musk"))]
        );
        same_values(
            P,
            &["泽连斯基总统", "ゼレンスキー大統領", "President Zelensky"],
        );
        assert_eq!(facts("President Trump's plan")[1].1, "Trump");
    }

    #[test]
    fn organisations_and_departments() {
        use FactKind::Entity as E;
        same_values(E, &["野村证券表示", "野村證券表示", "野村証券によると"]);
        assert_eq!(one("据野村证券称"), (E, "entity:野村证券".into()));
        same_values(
            E,
            &["Anthropic Inc. said", "Anthropic公司表示", "Anthropic PBC"],
        );
        assert_eq!(
            one("Nomura Securities said"),
            (E, "entity:nomura securities".into())
        );
        assert_eq!(
            one("the Bank of America"),
            (E, "entity:bank of america".into())
        );
        assert_eq!(one("株式会社トヨタは"), (E, "entity:トヨタ".into()));
        same_values(
            E,
            &[
                "the Department of Commerce",
                "the Commerce Department",
                "美国商务部",
                "米商務省",
                "Ministry of Commerce",
            ],
        );
        // Descriptions are not names.
        for t in [
            "该公司表示",
            "大型科技公司",
            "投资银行",
            "一家银行",
            "電気自動車の生産",
            "研究グループ",
        ] {
            assert!(of_kind(t, E).is_empty(), "{t:?} -> {:?}", facts(t));
        }
    }

    #[test]
    fn ranges_map_back_through_folding() {
        let text = "商務長官盧特尼克於６月２６日宣佈２．５億美元。";
        let got = fx().extract(text);
        assert_eq!(got.len(), 4, "{got:?}");
        for f in &got {
            assert_eq!(&text[f.range.clone()], f.surface);
        }
        let vals: Vec<&str> = got.iter().map(|f| f.normalized.as_str()).collect();
        assert_eq!(
            vals,
            [
                "role:commerce_secretary",
                "person:ltnk",
                "--06-26",
                "USD 250000000"
            ]
        );
    }
}
