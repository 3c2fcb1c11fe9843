//! Extraction of checkable facts — versions, numbers, money, percentages,
//! dates and roles — from one normalized sentence of English, Chinese or
//! Japanese text, each with a canonical, language-neutral value.
//!
//! The flag stage can only compare two aligned sentences if the same fact
//! written two ways gets the same canonical value: `$250 million` and
//! `2.5亿美元` both become `USD 250000000`, `June 26` and `6月26日` both become
//! `--06-26` (ISO 8601 without a year), `Opus 4.8` and `Opus-4.8` both become
//! `Opus-4.8`. [`FactExtractor::extract`] finds the facts with a set of
//! general regular expressions compiled once, validates each candidate
//! (token boundaries, plausible years, stop words), and keeps a
//! non-overlapping subset in which the longer, more specific match wins.
//!
//! The input is expected to be NFKC-normalized already (full-width digits are
//! ASCII), as produced by the normalize stage.
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
//!         (FactKind::Version, "GPT-5.6"),
//!         (FactKind::Date, "--06-26"),
//!         (FactKind::Money, "USD 250000000"),
//!     ]
//! );
//!
//! let zh = fx.extract("该公司于6月26日获得2.5亿美元融资。");
//! assert_eq!(zh[0].normalized, "--06-26");
//! assert_eq!(zh[1].normalized, "USD 250000000");
//! assert_eq!(&"该公司于6月26日获得2.5亿美元融资。"[zh[1].range.clone()], "2.5亿美元");
//! ```
//!
//! Canonical forms, by kind:
//!
//! * **Version** — `NAME-VERSION`: the name keeps its case, the separator is
//!   always `-` (`GPT 5.6`, `GPT-5.6` → `GPT-5.6`; `Qwen2.5` → `Qwen-2.5`).
//!   In the form `NAME-d/d` (e.g. `GPS-5/5`) the slash is read as a dot, a
//!   common OCR / machine-translation corruption, giving `GPS-5.5`; other
//!   slashes are not versions.
//! * **Number** — a plain decimal string without exponent or trailing `.0`.
//! * **Money** — `CUR amount` with an ISO 4217 code (`USD 250000000`). A bare
//!   `$` or `dollars`/`ドル` is read as USD; `¥` as CNY in Chinese text and
//!   JPY otherwise; `兆` as 10^12.
//! * **Percent** — `amount%`.
//! * **Date** — ISO 8601 with the precision written: `2026-06-26`,
//!   `--06-26` (no year), `2026-06`, `--06`, `2026`; ranges as intervals
//!   `A/B`. Times of day are not dates and are never reported.
//! * **Role** — a language-neutral key such as `role:commerce_secretary`.
//! * **Person** — only katakana names joined by `・`, normalized to the surface.

mod amount;

use amount::{cjk_big_unit, cjk_small_unit, parse_amount, Dec};
use concord_core::{DocId, Fact, FactId, FactKind, Lang, SentenceId, Span};
use regex::{Captures, Regex};
use std::collections::HashMap;
use std::ops::Range;

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
/// (time of day, URL, list marker) that hides the numbers inside it.
#[derive(Debug, Clone)]
struct Candidate {
    kind: Option<FactKind>,
    range: Range<usize>,
    normalized: String,
}

impl Candidate {
    fn new(kind: FactKind, range: Range<usize>, normalized: String) -> Self {
        Self {
            kind: Some(kind),
            range,
            normalized,
        }
    }

    /// Tie-break between equally long overlapping candidates.
    fn specificity(&self) -> u8 {
        match self.kind {
            None => 9,
            Some(FactKind::Money) => 7,
            Some(FactKind::Percent) => 6,
            Some(FactKind::Date) => 5,
            Some(FactKind::Version) => 4,
            Some(FactKind::Role) => 3,
            Some(FactKind::Person) | Some(FactKind::Entity) => 2,
            Some(FactKind::Number) => 1,
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

/// Multilingual role lexicon: language-neutral key and the ways to write it.
const ROLES: &[(&str, &[&str])] = &[
    (
        "commerce_secretary",
        &[
            "Commerce Secretary",
            "Secretary of Commerce",
            "商务部长",
            "商務部長",
            "商务部部长",
            "商務長官",
        ],
    ),
    (
        "treasury_secretary",
        &[
            "Treasury Secretary",
            "Secretary of the Treasury",
            "财政部长",
            "財政部長",
            "財務長官",
        ],
    ),
    (
        "defense_secretary",
        &[
            "Defense Secretary",
            "Secretary of Defense",
            "国防部长",
            "國防部長",
            "国防長官",
        ],
    ),
    (
        "secretary_of_state",
        &["Secretary of State", "国务卿", "國務卿", "国務長官"],
    ),
    (
        "foreign_minister",
        &[
            "Foreign Minister",
            "Minister of Foreign Affairs",
            "外交部长",
            "外交部長",
            "外務大臣",
            "外相",
        ],
    ),
    ("prime_minister", &["Prime Minister", "首相"]),
    (
        "vice_president",
        &["Vice President", "副总统", "副總統", "副大統領"],
    ),
    ("president", &["President", "总统", "總統", "大統領"]),
    (
        "ceo",
        &[
            "CEO",
            "Chief Executive Officer",
            "Chief Executive",
            "首席执行官",
            "首席執行官",
            "最高経営責任者",
        ],
    ),
    (
        "cto",
        &[
            "CTO",
            "Chief Technology Officer",
            "首席技术官",
            "首席技術官",
            "最高技術責任者",
        ],
    ),
    (
        "cofounder",
        &[
            "co-founder",
            "cofounder",
            "联合创始人",
            "聯合創始人",
            "共同創業者",
            "共同創設者",
        ],
    ),
    (
        "founder",
        &["founder", "创始人", "創始人", "創業者", "創設者"],
    ),
    (
        "chairman",
        &["chairman", "chairwoman", "董事长", "董事長", "会長"],
    ),
    (
        "spokesperson",
        &[
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "发言人",
            "發言人",
            "報道官",
        ],
    ),
];

/// Extracts [`FactMatch`]es from sentence text. Build once, reuse: all
/// regular expressions are compiled in [`FactExtractor::new`].
#[derive(Debug, Clone)]
pub struct FactExtractor {
    number_plain: Regex,
    number_scaled: Regex,
    number_cjk: Regex,
    number_kanji: Regex,
    percent: Regex,
    percent_zh: Regex,
    money: Vec<Regex>,
    dates_en: Vec<Regex>,
    year_after_word: Regex,
    date_iso: Regex,
    year_range: Regex,
    dates_cjk: Vec<Regex>,
    version: Regex,
    blockers: Vec<Regex>,
    role: Regex,
    role_keys: HashMap<String, &'static str>,
    person_katakana: Regex,
}

impl Default for FactExtractor {
    fn default() -> Self {
        Self::new()
    }
}

/// Compile a pattern written in this file; they are constants, so a failure
/// is a programming error caught by every test.
fn re(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(r) => r,
        Err(e) => panic!("built-in pattern {pattern:?} does not compile: {e}"),
    }
}

impl FactExtractor {
    /// Compile all patterns.
    pub fn new() -> Self {
        let money_prefix = r"(?P<pre>US\s?\$|U\.S\.\s?\$|USD\s?|HK\$|NT\$|C\$|A\$|S\$|\$|€|EUR\s?|£|GBP\s?|¥|JPY\s?|CNY\s?|RMB\s?|人民币|人民幣)";
        let money_suffix = r"(?P<suf>(?i:US dollars|U\.S\. dollars|dollars|dollar|yen|euros|euro|pounds sterling|pounds|pound|yuan|renminbi|RMB|USD|JPY|CNY|EUR|GBP)|美元|美金|港元|港币|港幣|日元|日圆|日圓|欧元|歐元|英镑|英鎊|人民币|人民幣|人民元|块钱|元|米ドル|ドル|円|ユーロ|ポンド)";
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

        let dates_en = vec![
            re(&format!(
                r"{WEEKDAY}{MONTH}\s+(?P<d>\d{{1,2}}){ORD}(?:,?\s+(?P<y>\d{{4}}))?"
            )),
            re(&format!(
                r"{WEEKDAY}{MONTH}\s+(?P<d>\d{{1,2}}){ORD}{DASH}(?P<d2>\d{{1,2}}){ORD}(?:,?\s+(?P<y>\d{{4}}))?"
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

        let mut surfaces: Vec<(&str, &'static str)> = ROLES
            .iter()
            .flat_map(|(key, ss)| ss.iter().map(move |s| (*s, *key)))
            .collect();
        surfaces.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        let alternation: Vec<String> = surfaces.iter().map(|(s, _)| regex::escape(s)).collect();
        let role = re(&format!("(?i:{})", alternation.join("|")));
        let role_keys = surfaces
            .iter()
            .map(|(s, k)| (s.to_lowercase(), *k))
            .collect();

        Self {
            number_plain: re(&format!("(?:{ARABIC})")),
            number_scaled: re(&format!(r"(?P<amt>(?:{ARABIC})\s?{EN_SCALE})")),
            number_cjk: re(CJK_ARABIC),
            number_kanji: re(KANJI),
            percent: re(&format!(
                r"(?P<amt>{CJK_ARABIC}|{ARABIC})\s?(?:%|％|(?i:percent|per cent|pct)|パーセント)"
            )),
            percent_zh: re(&format!(r"百分之(?P<amt>{ARABIC}|{KANJI})")),
            money,
            dates_en,
            year_after_word: re(
                r"(?i:in|since|by|during|until|till|before|after|from|early|late|mid|throughout|through)[-\s]+(?P<y>\d{4})",
            ),
            date_iso: re(r"(?P<y>\d{4})(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])(?P<d>\d{1,2})"),
            year_range: re(&format!(
                r"(?P<y>\d{{4}})\s*年?(?:{DASH}|\s*(?:to|through|至|到|から)\s*)(?P<y2>\d{{4}})(?P<nian>\s*年)?"
            )),
            dates_cjk,
            version: re(r"(?P<name>[A-Z][A-Za-z]+)(?P<sep>-| |)(?P<ver>\d+(?:[./]\d+)*[a-z]?)"),
            blockers: vec![
                re(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?i:a\.?m\.?|p\.?m\.?))?"),
                re(r"\d{1,2}\s*[時时点點]\s*(?:\d{1,2}\s*分)?"),
                re(r#"(?i:https?://|www\.)[^\s<>"'）)」]+"#),
                re(
                    r#"(?i:[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|io|ai|cn|jp|uk|de|fr|info|co)(?:/[^\s<>"'）)」]*)?)"#,
                ),
                re(r"#\d+"),
            ],
            role,
            role_keys,
            person_katakana: re(r"[ァ-ヺー]{2,}(?:・[ァ-ヺー]{2,})+"),
        }
    }

    /// All facts in `text`, sorted by start, non-overlapping. Where candidates
    /// overlap, the longer one wins, and among equally long ones the more
    /// specific kind (money > percent > date > version > role > number).
    pub fn extract(&self, text: &str) -> Vec<FactMatch> {
        let mut cands = Vec::new();
        self.blockers_into(text, &mut cands);
        self.numbers_into(text, &mut cands);
        self.percents_into(text, &mut cands);
        self.money_into(text, &mut cands);
        self.dates_into(text, &mut cands);
        self.versions_into(text, &mut cands);
        self.roles_into(text, &mut cands);
        for m in self.person_katakana.find_iter(text) {
            cands.push(Candidate::new(
                FactKind::Person,
                m.range(),
                m.as_str().to_owned(),
            ));
        }
        resolve(text, cands)
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
                if !number_bounds_ok(text, m.range()) || is_label(m.as_str()) {
                    continue;
                }
                if let Some(v) = parse_amount(m.as_str()) {
                    out.push(Candidate::new(FactKind::Number, m.range(), v.render()));
                }
            }
        }
        for m in self.number_kanji.find_iter(text) {
            if let Some(v) = kanji_number(text, m.range()) {
                out.push(Candidate::new(FactKind::Number, m.range(), v.render()));
            }
        }
    }

    fn percents_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for caps in self.percent.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            if !number_bounds_ok(text, whole.range()) {
                continue;
            }
            if let Some(v) = caps.name("amt").and_then(|a| parse_amount(a.as_str())) {
                out.push(Candidate::new(
                    FactKind::Percent,
                    whole.range(),
                    format!("{}%", v.render()),
                ));
            }
        }
        for caps in self.percent_zh.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            if alnum_after(text, whole.end())
                || !caps
                    .name("amt")
                    .is_some_and(|a| kanji_amount_ok(a.as_str()))
            {
                continue;
            }
            if let Some(v) = caps.name("amt").and_then(|a| parse_amount(a.as_str())) {
                out.push(Candidate::new(
                    FactKind::Percent,
                    whole.range(),
                    format!("{}%", v.render()),
                ));
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
        for caps in self.year_range.captures_iter(text) {
            let (Some(whole), Some(y1), Some(y2)) = (caps.get(0), caps.name("y"), caps.name("y2"))
            else {
                continue;
            };
            if !number_bounds_ok(text, whole.range()) {
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

    fn roles_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for m in self.role.find_iter(text) {
            let s = m.as_str();
            let latin = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if latin && (alnum_before(text, m.start()) || alnum_after(text, m.end())) {
                continue;
            }
            if let Some(key) = self.role_keys.get(&s.to_lowercase()) {
                out.push(Candidate::new(
                    FactKind::Role,
                    m.range(),
                    format!("role:{key}"),
                ));
            }
        }
    }
}

/// Keep the longest / most specific non-overlapping candidates, drop
/// blockers, sort by start.
fn resolve(text: &str, mut cands: Vec<Candidate>) -> Vec<FactMatch> {
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
            let surface = text.get(c.range.clone())?.to_owned();
            Some(FactMatch {
                kind,
                range: c.range,
                surface,
                normalized: c.normalized,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Boundary checks.

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

fn alnum_before(text: &str, at: usize) -> bool {
    char_before(text, at).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn alnum_after(text: &str, at: usize) -> bool {
    char_after(text, at).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn digit_before(text: &str, at: usize) -> bool {
    char_before(text, at).is_some_and(|c| c.is_ascii_digit())
}

/// A numeric match must be a whole token: not glued to letters or digits, not
/// part of a path, id, ratio, list marker or longer dotted number.
fn number_bounds_ok(text: &str, range: Range<usize>) -> bool {
    if alnum_before(text, range.start) || alnum_after(text, range.end) {
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
        if matches!(c, '.' | ',' | ':')
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

/// A zero-padded integer (`01`, `007`) is a label or code (section
/// heading, id), not a quantity.
fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'0' && b[1].is_ascii_digit()
}

/// An amount written only in CJK numerals must start like a numeral
/// (`五百万`, `十万`), not with a bare unit (`数兆` gives `兆`).
fn kanji_amount_ok(s: &str) -> bool {
    match s.chars().next() {
        Some(c) if c.is_ascii_digit() => true,
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
            "CNY" | "RMB" | "人民币" | "人民幣" => "CNY",
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
    let month2 = month_value(caps, "m2")?.or(month);
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

    fn facts(text: &str) -> Vec<(FactKind, String, String)> {
        FactExtractor::new()
            .extract(text)
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
        assert_eq!(
            one("They shipped GPT-5.6 yesterday."),
            (V, "GPT-5.6".into())
        );
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
        assert_eq!(one("Meta's Llama 3.1 model"), (V, "Llama-3.1".into()));
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
        assert!(facts("Fable #6: the return").is_empty());
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
            ["ジョン・スミス"]
        );
    }

    #[test]
    fn output_is_sorted_non_overlapping_and_ranges_match_surface() {
        let text = "2026年6月26日,OpenAI以2.5亿美元发布GPT-5.6,增长百分之二十,约4.8万人,下午5点。";
        let fx = FactExtractor::new();
        let got = fx.extract(text);
        assert_eq!(got.len(), 5, "{got:?}");
        for w in got.windows(2) {
            assert!(w[0].range.end <= w[1].range.start);
        }
        for f in &got {
            assert_eq!(&text[f.range.clone()], f.surface);
        }
        let kinds: Vec<FactKind> = got.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FactKind::Date,
                FactKind::Money,
                FactKind::Version,
                FactKind::Percent,
                FactKind::Number
            ]
        );
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
}
