//! Roles, people and organisations.
//!
//! * Roles and government departments come from the multilingual lexicon in
//!   `lexicon.rs`, matched on folded text (traditional and Japanese forms
//!   fold to simplified, see `fold.rs`).
//! * People: English capitalised names with evidence (a title or role
//!   before them, a frequent given name first, a middle initial, or a verb
//!   of saying after them); katakana names with evidence (`・` between the
//!   parts, an honorific or a government role next to them); Chinese
//!   transliterations (runs of the characters used to write foreign names,
//!   three or more, or two next to a role, honorific or verb of saying).
//!   The canonical value is `person:<key>` with the cross-script phonetic
//!   key of [`crate::name_key`].
//! * Organisations: a name followed by an organisation word (`Inc.`,
//!   `Securities`, `证券`, `株式会社`, ...) or a government department
//!   (`Department of Commerce`, `商务部`, `商務省`); canonical value
//!   `entity:<folded name>` (legal forms such as `Inc.`/`公司`/`株式会社`
//!   dropped) or `entity:ministry:<id>`.

use crate::fold::fold_str;
use crate::lexicon::{
    CASE_SENSITIVE_ROLES, CJK_GENERIC_ORG_NAMES, CJK_HONORIFICS, CJK_LEGAL_FORMS,
    CJK_ORG_STOP_CHARS, CJK_ORG_SUFFIXES, CJK_ORG_SUFFIXES_FOREIGN_ONLY, COMPANY_ROLES, DEPTS,
    EN_LEGAL_FORMS, EN_NOT_NAME, EN_ORG_PREFIXES, EN_ORG_SUFFIXES, EN_PARTICLES, EN_SPEECH,
    EN_SPEECH_NOUNS, EN_TITLES, KATAKANA_COMMON, ROLES, ZH_SPEECH,
};
use crate::names::{
    is_given_name, is_katakana, is_name_separator, is_place, is_translit, name_key,
    place_prefix_len, starts_common_word,
};
use crate::{alnum_after, alnum_before, char_after, char_before, re, Candidate};
use concord_core::{FactKind, Lang};
use concord_normalize::is_common_english_word;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;

/// What a lexicon surface stands for.
#[derive(Debug, Clone)]
enum Meaning {
    Role(String),
    Ministry(&'static str),
}

#[derive(Debug, Clone)]
struct Entry {
    meaning: Meaning,
    /// The surface as listed (folded), for case-sensitive entries.
    exact: Option<String>,
}

/// Roles, departments and names.
#[derive(Debug, Clone)]
pub(crate) struct People {
    lexicon: Regex,
    entries: HashMap<String, Entry>,
    katakana: Regex,
    cjk_org_suffix: Regex,
    honorifics: Vec<String>,
}

impl People {
    pub(crate) fn new() -> Self {
        let mut surfaces: Vec<(String, Meaning)> = Vec::new();
        for (key, ss) in ROLES {
            for s in *ss {
                surfaces.push(((*s).to_owned(), Meaning::Role((*key).to_owned())));
            }
        }
        for d in DEPTS {
            let role = || Meaning::Role(d.role_key.to_owned());
            let dept = || Meaning::Ministry(d.id);
            for n in d.en {
                for f in [
                    "{} Secretary",
                    "{} Minister",
                    "Secretary of {}",
                    "Secretary of the {}",
                    "Minister of {}",
                    "Minister of the {}",
                    "Minister for {}",
                ] {
                    surfaces.push((f.replace("{}", n), role()));
                }
                for f in [
                    "Department of {}",
                    "Department of the {}",
                    "{} Department",
                    "Ministry of {}",
                    "Ministry of the {}",
                    "Ministry for {}",
                    "{} Ministry",
                ] {
                    surfaces.push((f.replace("{}", n), dept()));
                }
            }
            // A deputy written inside the title, after the department
            // (`外交副部长`, `農林水産副大臣`): the modifier `副` cannot be read
            // before the whole title there.
            let deputy = || Meaning::Role(format!("deputy+{}", d.role_key));
            for z in d.zh {
                for f in ["{}部长", "{}部部长", "{}大臣"] {
                    surfaces.push((f.replace("{}", z), role()));
                }
                for f in ["{}副部长", "{}部副部长", "{}副大臣"] {
                    surfaces.push((f.replace("{}", z), deputy()));
                }
                surfaces.push((format!("{z}部"), dept()));
            }
            for j in d.ja {
                for f in ["{}長官", "{}大臣", "{}相"] {
                    surfaces.push((f.replace("{}", j), role()));
                }
                for f in ["{}副長官", "{}副大臣", "{}省副大臣"] {
                    surfaces.push((f.replace("{}", j), deputy()));
                }
                surfaces.push((format!("{j}省"), dept()));
            }
            for r in d.extra_roles {
                surfaces.push(((*r).to_owned(), role()));
            }
            for r in d.extra_depts {
                surfaces.push(((*r).to_owned(), dept()));
            }
        }
        let mut entries: HashMap<String, Entry> = HashMap::new();
        let mut folded: Vec<String> = Vec::new();
        for (s, meaning) in surfaces {
            let f = fold_str(&s);
            let key = f.to_lowercase();
            if entries.contains_key(&key) {
                continue;
            }
            let exact = CASE_SENSITIVE_ROLES
                .contains(&s.as_str())
                .then(|| f.clone());
            entries.insert(key, Entry { meaning, exact });
            folded.push(f);
        }
        folded.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternation: Vec<String> = folded.iter().map(|s| regex::escape(s)).collect();
        let mut suffixes: Vec<String> = CJK_ORG_SUFFIXES.iter().map(|s| fold_str(s)).collect();
        suffixes.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        suffixes.dedup();
        let suffix_alt: Vec<String> = suffixes.iter().map(|s| regex::escape(s)).collect();
        Self {
            lexicon: re(&format!("(?i:{})", alternation.join("|"))),
            entries,
            katakana: re(r"[ァ-ヺ][ァ-ヺー]*(?:[・=･][ァ-ヺ][ァ-ヺー]*)*"),
            cjk_org_suffix: re(&format!("(?:{}|公司)", suffix_alt.join("|"))),
            honorifics: CJK_HONORIFICS.iter().map(|s| fold_str(s)).collect(),
        }
    }

    /// Roles and government departments from the lexicon.
    pub(crate) fn lexicon_into(&self, text: &str, out: &mut Vec<Candidate>) {
        for m in self.lexicon.find_iter(text) {
            let s = m.as_str();
            let Some(entry) = self.entries.get(&s.to_lowercase()) else {
                continue;
            };
            if entry.exact.as_deref().is_some_and(|e| e != s) {
                continue;
            }
            let latin = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if latin && (alnum_before(text, m.start()) || alnum_after(text, m.end())) {
                continue;
            }
            if !latin && !cjk_lexicon_bounds_ok(text, s, m.end()) {
                continue;
            }
            let (kind, normalized, start) = match &entry.meaning {
                Meaning::Role(k) => match role_modifier(text, m.start()) {
                    Some((modifier, start)) => {
                        (FactKind::Role, format!("role:{modifier}+{k}"), start)
                    }
                    None => (FactKind::Role, format!("role:{k}"), m.start()),
                },
                Meaning::Ministry(id) => {
                    (FactKind::Entity, format!("entity:ministry:{id}"), m.start())
                }
            };
            out.push(Candidate::new(kind, start..m.end(), normalized));
        }
    }

    /// People and organisations; `roles` are the role candidates found
    /// already (a role right before or after a name is evidence).
    pub(crate) fn names_into(&self, text: &str, roles: &[Candidate], out: &mut Vec<Candidate>) {
        let role_ends: Vec<(usize, bool)> = roles
            .iter()
            .filter(|c| c.kind == Some(FactKind::Role))
            .map(|c| (c.range.end, is_company_role(&c.normalized)))
            .collect();
        let role_starts: Vec<(usize, bool)> = roles
            .iter()
            .filter(|c| c.kind == Some(FactKind::Role))
            .map(|c| (c.range.start, is_company_role(&c.normalized)))
            .collect();
        let mut toks = latin_tokens(text);
        // Words of a role are titles, not names ("Chief Executive Larry Culp").
        for t in &mut toks {
            if roles.iter().any(|r| {
                r.kind == Some(FactKind::Role) && r.range.start <= t.start && t.end <= r.range.end
            }) {
                t.kind = TokKind::Title;
            }
        }
        let role_spans: Vec<Range<usize>> = roles
            .iter()
            .filter(|c| c.kind == Some(FactKind::Role))
            .map(|c| c.range.clone())
            .collect();
        en_people(text, &toks, &role_ends, out);
        en_orgs(text, &toks, out);
        en_name_entities(text, &toks, out);
        self.cjk_orgs(text, out);
        self.katakana_people(text, &role_ends, &role_starts, out);
        if Lang::detect(text) != Lang::Ja {
            self.chinese_people(text, &role_ends, &role_spans, out);
        }
    }

    fn katakana_people(
        &self,
        text: &str,
        role_ends: &[(usize, bool)],
        role_starts: &[(usize, bool)],
        out: &mut Vec<Candidate>,
    ) {
        for m in self.katakana.find_iter(text) {
            let s = m.as_str();
            let sounds = s.chars().filter(|c| is_katakana(*c) && *c != 'ー').count();
            if sounds < 2 {
                continue;
            }
            let first = s.split(is_name_separator).next().unwrap_or(s);
            if is_place(s)
                || is_place(first)
                || s.split(is_name_separator)
                    .any(|p| KATAKANA_COMMON.contains(&p) || is_place(p))
            {
                continue;
            }
            let rest = text.get(m.end()..).unwrap_or("");
            if self
                .cjk_org_suffix
                .find(rest)
                .is_some_and(|o| o.start() == 0)
                || rest.starts_with('社')
            {
                continue;
            }
            let separated = s.chars().any(is_name_separator);
            let honorific = self.honorifics.iter().any(|h| rest.starts_with(h.as_str()));
            let role_after = role_starts.iter().any(|&(p, co)| p == m.end() && !co);
            let role_before = role_ends.iter().any(|&(p, co)| p == m.start() && !co);
            if separated || honorific || role_after || role_before {
                out.push(person(text, m.range()));
            }
        }
    }

    fn chinese_people(
        &self,
        text: &str,
        role_ends: &[(usize, bool)],
        roles: &[Range<usize>],
        out: &mut Vec<Candidate>,
    ) {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            if !is_translit(chars[i].1) {
                i += 1;
                continue;
            }
            // A group: translit runs joined by name separators.
            let start = chars[i].0;
            let mut j = i;
            loop {
                while j < chars.len() && is_translit(chars[j].1) {
                    j += 1;
                }
                let sep = j < chars.len() && is_name_separator(chars[j].1);
                if sep && chars.get(j + 1).is_some_and(|c| is_translit(c.1)) {
                    j += 1;
                    continue;
                }
                break;
            }
            // An honorific, a verb of saying or a role may start inside the
            // run ("科瓦奇博士": 博 is also a name character).
            if let Some(k) = (i + 1..j).find(|&k| {
                let rest = &text[chars[k].0..];
                self.honorifics.iter().any(|h| rest.starts_with(h.as_str()))
                    || ZH_SPEECH.iter().any(|v| rest.starts_with(v))
                    || roles.iter().any(|r| r.start == chars[k].0)
            }) {
                j = k;
            }
            // "鲁比奥希望": the last character starts the next word.
            if j > i + 1 && j < chars.len() && starts_common_word(chars[j - 1].1, chars[j].1) {
                j -= 1;
            }
            // A separator left at the end is not part of the name.
            while j > i && is_name_separator(chars[j - 1].1) {
                j -= 1;
            }
            let seps = chars[i..j]
                .iter()
                .filter(|c| is_name_separator(c.1))
                .count();
            let mut count = j - i - seps;
            let parts = seps + 1;
            let end = chars.get(j).map_or(text.len(), |c| c.0);
            i = j.max(i + 1);
            let mut range = start..end;
            // A place name at the start ("俄罗斯普京") is not part of the name,
            // unless what is left is too short to be one ("阿曼达" is Amanda).
            let cut = text.get(range.clone()).map_or(0, place_prefix_len);
            if cut > 0 && parts == 1 {
                let left = text.get(start + cut..end).map_or(0, |s| s.chars().count());
                if left >= 2 {
                    range.start += cut;
                    count = left;
                }
            }
            let Some(s) = text.get(range.clone()) else {
                continue;
            };
            if s.is_empty() || is_place(s) {
                continue;
            }
            let rest = text.get(range.end..).unwrap_or("");
            if self
                .cjk_org_suffix
                .find(rest)
                .is_some_and(|o| o.start() == 0)
            {
                continue;
            }
            // "特斯拉首席执行官马斯克": a name before a role that is itself
            // followed by a name is the organisation or country of the role.
            let role_after = roles.iter().find(|r| r.start == range.end);
            if role_after.is_some_and(|r| text[r.end..].starts_with(is_translit)) {
                continue;
            }
            let evidence = role_ends.iter().any(|&(p, _)| p == range.start)
                || role_after.is_some()
                || self.honorifics.iter().any(|h| rest.starts_with(h.as_str()))
                || ZH_SPEECH.iter().any(|v| rest.starts_with(v));
            if parts >= 2 || count >= 3 || (count >= 2 && evidence) {
                out.push(person(text, range));
            }
        }
    }

    /// Chinese and Japanese organisations: a name before an organisation
    /// word (`野村证券`, `Anthropic公司`) or after `株式会社`.
    fn cjk_orgs(&self, text: &str, out: &mut Vec<Candidate>) {
        for m in self.cjk_org_suffix.find_iter(text) {
            let suffix = m.as_str();
            let legal = CJK_LEGAL_FORMS.contains(&suffix);
            let Some((name_range, script)) = cjk_org_name_before(text, m.start()) else {
                // 株式会社 can also come first: 株式会社トヨタ.
                if suffix == "株式会社" {
                    if let Some(r) = cjk_org_name_after(text, m.end()) {
                        let name = text.get(r.clone()).unwrap_or("");
                        out.push(Candidate::new(
                            FactKind::Entity,
                            m.start()..r.end,
                            format!("entity:{}", name.to_lowercase()),
                        ));
                    }
                }
                continue;
            };
            let name = text.get(name_range.clone()).unwrap_or("").trim();
            // `公司` after a Chinese word is usually "the company" of a
            // description (`科技公司`); keep it only after a foreign name.
            if CJK_ORG_SUFFIXES_FOREIGN_ONLY.contains(&suffix)
                && script == Script::Han
                && !name.chars().all(is_translit)
            {
                continue;
            }
            if CJK_GENERIC_ORG_NAMES.contains(&name) {
                continue;
            }
            let key = if legal {
                name.to_lowercase()
            } else {
                format!("{}{suffix}", name.to_lowercase())
            };
            out.push(Candidate::new(
                FactKind::Entity,
                name_range.start..m.end(),
                format!("entity:{key}"),
            ));
        }
    }
}

fn is_company_role(normalized: &str) -> bool {
    let key = normalized.strip_prefix("role:").unwrap_or(normalized);
    COMPANY_ROLES.contains(&key)
}

fn person(text: &str, range: Range<usize>) -> Candidate {
    let s = text.get(range.clone()).unwrap_or("");
    Candidate::new(FactKind::Person, range, format!("person:{}", name_key(s)))
}

/// Boundary checks for CJK lexicon matches: `长` in `市长期` / `州长达` is
/// "long", `大使馆` is the embassy, `相场` is the market, `部门` a sector.
fn cjk_lexicon_bounds_ok(text: &str, surface: &str, end: usize) -> bool {
    let Some(next) = char_after(text, end) else {
        return true;
    };
    let last = surface.chars().next_back().unwrap_or(' ');
    match last {
        '长' => !"期久远达度大短江城".contains(next),
        '使' => next != '馆',
        '相' => !"场当手谈互次变违关应对似同续".contains(next),
        '部' => !"门分队署落位件下".contains(next),
        '省' => !"略去钱力".contains(next),
        _ => true,
    }
}

// ---------------------------------------------------------------------------
// English names.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    /// Capitalised word that may be part of a name.
    Cap,
    /// A title or role word (`Mr.`, `Secretary`).
    Title,
    /// A single capital with a dot (`W.`).
    Initial,
    /// A lower-case name particle (`von`).
    Particle,
    /// All-caps word (`IBM`).
    Upper,
    /// Anything else.
    Other,
}

#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    /// End of the letters.
    end: usize,
    /// End including a following abbreviation dot.
    end_dot: usize,
    kind: TokKind,
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{00C0}'..='\u{024F}').contains(&c) && c != '×' && c != '÷')
}

/// Latin word tokens with their kinds.
fn latin_tokens(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_latin_letter(chars[i].1) {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            let joins = matches!(c, '\'' | '’' | '-')
                && j > i
                && chars.get(j + 1).is_some_and(|n| is_latin_letter(n.1));
            if is_latin_letter(c) || joins {
                j += 1;
            } else {
                break;
            }
        }
        let mut end = chars.get(j).map_or(text.len(), |c| c.0);
        i = j;
        // The possessive is not part of the name: "Trump's".
        for poss in ["'s", "’s", "'S", "’S"] {
            if text[start..end].ends_with(poss) && end - poss.len() > start {
                end -= poss.len();
            }
        }
        // Glued to digits ("GPT4", "5G") is no name.
        if char_before(text, start).is_some_and(|c| c.is_ascii_digit())
            || char_after(text, end).is_some_and(|c| c.is_ascii_digit())
        {
            toks.push(Tok {
                start,
                end,
                end_dot: end,
                kind: TokKind::Other,
            });
            continue;
        }
        let word = &text[start..end];
        let dot = char_after(text, end) == Some('.');
        let after_dot = char_after(text, end + 1);
        let mut end_dot = end;
        let letters = word.chars().count();
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        let has_lower = word.chars().any(char::is_lowercase);
        let kind = if letters == 1 && first_upper && dot {
            // "W." is an initial; "U.S." is an abbreviation.
            if after_dot.is_none_or(char::is_whitespace) && char_before(text, start) != Some('.') {
                end_dot = end + 1;
                TokKind::Initial
            } else {
                TokKind::Other
            }
        } else if EN_TITLES.contains(&word) {
            if dot {
                end_dot = end + 1;
            }
            TokKind::Title
        } else if first_upper && has_lower && !EN_NOT_NAME.contains(&word) {
            TokKind::Cap
        } else if first_upper && !has_lower && letters >= 2 {
            TokKind::Upper
        } else if EN_PARTICLES.contains(&word) {
            TokKind::Particle
        } else {
            TokKind::Other
        };
        toks.push(Tok {
            start,
            end,
            end_dot,
            kind,
        });
    }
    toks
}

/// Only spaces between two positions (a name does not cross punctuation).
fn spaces_only(text: &str, from: usize, to: usize) -> bool {
    from <= to
        && text
            .get(from..to)
            .is_some_and(|g| !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}'))
}

/// True if nothing but sentence punctuation and spaces precedes `at` since
/// the start of the sentence.
fn sentence_initial(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("").trim_end();
    before.is_empty() || before.ends_with(|c: char| ".!?:;\"“”'‘’(（「『【。！？：；".contains(c))
}

fn en_people(text: &str, toks: &[Tok], role_ends: &[(usize, bool)], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < toks.len() {
        if !matches!(toks[i].kind, TokKind::Cap | TokKind::Initial) {
            i += 1;
            continue;
        }
        // Collect Cap / Initial / Particle tokens separated by spaces only.
        let mut j = i + 1;
        while j < toks.len()
            && matches!(
                toks[j].kind,
                TokKind::Cap | TokKind::Initial | TokKind::Particle
            )
            && spaces_only(text, toks[j - 1].end_dot, toks[j].start)
        {
            j += 1;
        }
        let mut seg = &toks[i..j];
        while seg
            .last()
            .is_some_and(|t| matches!(t.kind, TokKind::Particle | TokKind::Initial))
        {
            seg = &seg[..seg.len() - 1];
        }
        let next_i = j;
        let caps = seg.iter().filter(|t| t.kind == TokKind::Cap).count();
        let (Some(first), Some(last)) = (seg.first(), seg.last()) else {
            i = next_i;
            continue;
        };
        if caps == 0 || caps > 4 {
            i = next_i;
            continue;
        }
        let range = first.start..last.end;
        let rest = text.get(range.end..).unwrap_or("");
        let product = rest.trim_start().starts_with(|c: char| c.is_ascii_digit());
        let org = seg
            .iter()
            .any(|t| EN_ORG_SUFFIXES.contains(&&text[t.start..t.end]))
            || toks
                .get(j)
                .is_some_and(|t| EN_ORG_SUFFIXES.contains(&&text[t.start..t.end]));
        if product || org {
            i = next_i;
            continue;
        }
        let title_before = i > 0
            && toks[i - 1].kind == TokKind::Title
            && spaces_only(text, toks[i - 1].end_dot, first.start);
        let role_before = role_ends
            .iter()
            .any(|&(p, _)| spaces_only(text, p, first.start));
        let given =
            first.kind == TokKind::Cap && caps >= 2 && is_given_name(&text[first.start..first.end]);
        let initial_inside = seg.len() >= 3
            && seg[1..seg.len() - 1]
                .iter()
                .any(|t| t.kind == TokKind::Initial)
            && first.kind == TokKind::Cap;
        let speech = {
            let r = rest.trim_start_matches([',', ' ']);
            EN_SPEECH.iter().any(|v| {
                r.starts_with(v) && !r[v.len()..].starts_with(|c: char| c.is_alphanumeric())
            })
        };
        // One capitalised word before a verb of saying is a name only
        // mid-sentence and not inside a run of capitalised words (a title
        // such as "What Should Be Done, warned").
        // (A capitalised sentence opener such as "Then" does not count.)
        let after_capital = i > 0
            && spaces_only(text, toks[i - 1].end_dot, first.start)
            && text[toks[i - 1].start..].starts_with(char::is_uppercase)
            && !sentence_initial(text, toks[i - 1].start);
        // A single word that is no common English word is a name even at
        // the start of a sentence ("Brandom concludes:"), where a common one
        // is not ("Critics said").
        let uncommon = caps == 1 && !is_common_english_word(&text[first.start..first.end]);
        let speech = speech
            && (caps >= 2 || !after_capital && (uncommon || !sentence_initial(text, first.start)));
        // "Brandon's conclusion", "Lutnick's letter".
        let possessive_speech = (caps >= 2 || uncommon)
            && !after_capital
            && ["'s ", "’s "].iter().any(|p| {
                rest.strip_prefix(p).is_some_and(|r| {
                    EN_SPEECH_NOUNS.iter().any(|n| {
                        r.starts_with(n) && !r[n.len()..].starts_with(|c: char| c.is_alphanumeric())
                    })
                })
            });
        if title_before || role_before || given || initial_inside || speech || possessive_speech {
            out.push(person(text, range));
        }
        i = next_i;
    }
}

/// Proper names without further evidence: runs of capitalised Latin words
/// that are no common English word (`Anthropic`, `OpenAI`, `Mythos`, in any
/// language's text), as entities `entity:<lower-case words>`. They carry no
/// claim of being an organisation; they let a misspelt name (`Antropic`)
/// meet its correct spelling in the flagger. Persons and organisations found
/// with evidence over the same words win (they are at least as long and
/// more specific).
fn en_name_entities(text: &str, toks: &[Tok], out: &mut Vec<Candidate>) {
    // A word next to a number belongs to a product name ("Opus 4.8",
    // "Claude 3.5 Sonnet"): the version extractor's business.
    let by_number = |t: &Tok| {
        let after = text.get(t.end..).unwrap_or("").trim_start_matches(' ');
        let before = text.get(..t.start).unwrap_or("").trim_end_matches(' ');
        after.starts_with(|c: char| c.is_ascii_digit())
            || before.ends_with(|c: char| c.is_ascii_digit())
    };
    let is_name = |t: &Tok| {
        t.kind == TokKind::Cap
            && text[t.start..t.end].chars().count() >= 3
            && !is_common_english_word(&text[t.start..t.end])
            && !by_number(t)
    };
    let mut k = 0;
    while k < toks.len() {
        if !is_name(&toks[k]) {
            k += 1;
            continue;
        }
        let mut e = k + 1;
        while e < toks.len()
            && is_name(&toks[e])
            && spaces_only(text, toks[e - 1].end, toks[e].start)
        {
            e += 1;
        }
        out.push(entity(text, &toks[k..e]));
        k = e;
    }
}

/// English organisations: capitalised words ending in an organisation word
/// (`Nomura Securities`, `Anthropic PBC`, `Apple Inc.`) or `Bank of X`.
/// An `entity:` candidate over the words `words` (non-empty), its value
/// the words lower-cased and joined by single spaces.
fn entity(text: &str, words: &[Tok]) -> Candidate {
    let start = words.first().map_or(0, |t| t.start);
    let end = words.last().map_or(start, |t| t.end);
    let value: Vec<String> = words
        .iter()
        .map(|t| text[t.start..t.end].to_lowercase())
        .collect();
    Candidate::new(
        FactKind::Entity,
        start..end,
        format!("entity:{}", value.join(" ")),
    )
}

fn en_orgs(text: &str, toks: &[Tok], out: &mut Vec<Candidate>) {
    let with_dot = |t: &Tok| {
        char_after(text, t.end) == Some('.')
            && EN_ORG_SUFFIXES.contains(&text.get(t.start..t.end + 1).unwrap_or(""))
    };
    let is_suffix = |t: &Tok| EN_ORG_SUFFIXES.contains(&&text[t.start..t.end]) || with_dot(t);
    let name_like = |t: &Tok| {
        matches!(t.kind, TokKind::Cap | TokKind::Upper)
            || ORG_WORDS.contains(&&text[t.start..t.end])
    };
    for (k, t) in toks.iter().enumerate() {
        if !is_suffix(t) {
            continue;
        }
        let mut s = k;
        while s > 0
            && k - s < 4
            && name_like(&toks[s - 1])
            && spaces_only(text, toks[s - 1].end, toks[s].start)
        {
            s -= 1;
        }
        if s == k {
            continue;
        }
        let end = if with_dot(t) { t.end + 1 } else { t.end };
        let words: Vec<String> = toks[s..=k]
            .iter()
            .map(|t| text[t.start..t.end].to_lowercase())
            .filter(|w| !EN_LEGAL_FORMS.contains(&w.as_str()))
            .collect();
        if words.is_empty() {
            continue;
        }
        out.push(Candidate::new(
            FactKind::Entity,
            toks[s].start..end,
            format!("entity:{}", words.join(" ")),
        ));
    }
    // "Bank of America", "University of Tokyo".
    for (k, t) in toks.iter().enumerate() {
        if !EN_ORG_PREFIXES.contains(&&text[t.start..t.end]) {
            continue;
        }
        let Some(of) = toks.get(k + 1) else { continue };
        if &text[of.start..of.end] != "of" || !spaces_only(text, t.end, of.start) {
            continue;
        }
        let mut e = k + 2;
        while e < toks.len()
            && e < k + 5
            && name_like(&toks[e])
            && spaces_only(text, toks[e - 1].end, toks[e].start)
        {
            e += 1;
        }
        if e == k + 2 {
            continue;
        }
        out.push(entity(text, &toks[k..e]));
    }
}

/// Capitalised words that are no part of a person's name but may be part
/// of an organisation's (`Galaxy Digital Holdings`, `National Bank`).
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "Global", "Digital", "Technology", "Tech", "Security", "Research", "Labs", "Lab", "Group",
    "Company", "Bank", "University", "Institute", "School", "College", "Foundation", "Center",
    "Centre", "National", "International", "American", "Chinese", "Japanese", "European",
    "British", "United", "Federal", "Central", "Union", "People", "Republic", "Daily", "Times",
    "Post", "Journal", "News", "AI", "Model", "Models", "Online", "Press", "State", "States",
    "North", "South", "East", "West", "New",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Kana,
    Han,
}

/// The organisation name right before `at`: a Latin name, a katakana run or
/// up to six Han characters back to a function character.
fn cjk_org_name_before(text: &str, at: usize) -> Option<(Range<usize>, Script)> {
    let before = text.get(..at)?;
    let last = before.chars().next_back()?;
    if last.is_ascii_alphanumeric() || last == ' ' {
        // Latin words (and digits) back to the last non-Latin character.
        let trimmed = before.trim_end();
        let start = trimmed
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_ascii_alphanumeric() || matches!(c, ' ' | '&' | '.' | '-'))
            .last()
            .map(|(i, _)| i)?;
        let name = trimmed.get(start..)?.trim_start();
        let start = trimmed.len() - name.len();
        let letters = name.chars().filter(|c| c.is_ascii_alphabetic()).count();
        let words = name.split_whitespace().count();
        if letters < 2 || words > 4 {
            return None;
        }
        return Some((start..trimmed.len(), Script::Latin));
    }
    if is_katakana(last) {
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_katakana(c) || is_name_separator(c))
            .last()
            .map(|(i, _)| i)?;
        return (before[start..].chars().count() >= 2).then_some((start..at, Script::Kana));
    }
    let mut start = at;
    for (i, c) in before.char_indices().rev().take(6) {
        let han = ('\u{4E00}'..='\u{9FFF}').contains(&c);
        if !han || CJK_ORG_STOP_CHARS.contains(c) {
            break;
        }
        start = i;
    }
    (text.get(start..at)?.chars().count() >= 2).then_some((start..at, Script::Han))
}

/// The organisation name right after `株式会社`.
fn cjk_org_name_after(text: &str, at: usize) -> Option<Range<usize>> {
    let after = text.get(at..)?;
    let first = after.chars().next()?;
    let len: usize = if is_katakana(first) {
        after
            .chars()
            .take_while(|&c| is_katakana(c) || is_name_separator(c))
            .map(char::len_utf8)
            .sum()
    } else {
        after
            .chars()
            .take(6)
            .take_while(|&c| {
                ('\u{4E00}'..='\u{9FFF}').contains(&c) && !CJK_ORG_STOP_CHARS.contains(c)
            })
            .map(char::len_utf8)
            .sum()
    };
    (text.get(at..at + len)?.chars().count() >= 2).then_some(at..at + len)
}

/// Modifiers written right before a role, and the canonical modifier:
/// `副` renders both "vice" and "deputy", so they are one modifier; "acting"
/// and "former" change who holds the office. (`Vice President`, `副总统`
/// and other titles the lexicon lists whole keep their own key.)
const ROLE_MODIFIERS: &[(&str, &str)] = &[
    ("vice ", "deputy"),
    ("vice-", "deputy"),
    ("deputy ", "deputy"),
    // `副教授` is an associate professor: the same modifier.
    ("associate ", "deputy"),
    ("副", "deputy"),
    ("acting ", "acting"),
    ("代理", "acting"),
    ("former ", "former"),
    ("ex-", "former"),
    ("前任", "former"),
];

/// The modifier right before a role that starts at `start` in `text`, and
/// where the modifier starts.
fn role_modifier(text: &str, start: usize) -> Option<(&'static str, usize)> {
    let before = text.get(..start)?;
    let lower = before.to_lowercase();
    ROLE_MODIFIERS.iter().find_map(|&(surface, id)| {
        if !lower.ends_with(surface) || lower.len() != before.len() {
            return None;
        }
        let at = start - surface.len();
        let word_start = !surface.is_ascii()
            || before[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        word_start.then_some((id, at))
    })
}
