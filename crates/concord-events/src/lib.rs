//! The event stage: group documents into **events** (the translations of one
//! article and the independent reports of one story) before any sentence
//! is mined, so that claims and flags only ever compare documents about the
//! same thing.
//!
//! Without it every pair of documents of a folder is mined, and two
//! unrelated stories with similar wording ("4 people were injured" / "5
//! people were injured") become a "disagreement". Grouping first removes
//! that whole class of false alarm, and makes the event the unit of work a
//! distributed run can hand out.
//!
//! # How
//!
//! 1. Every document gets a profile: its sentence vectors, their centroid,
//!    its rare fact keys weighted by IDF over the corpus
//!    ([`document_keys`]) and its dateline (the facts stage finds it).
//! 2. Each document is scored against its [`EventConfig::candidates`] most
//!    alike documents by centroid (a block that keeps the stage linear).
//! 3. A sentence of one document *matches* another document when its best
//!    match there reaches a floor ([`EventConfig::sentence_cosine`] across
//!    languages, [`EventConfig::same_language_cosine`] within one) and beats
//!    the sentence's own background, the median of its best matches in the
//!    other candidates of that language, by [`EventConfig::sentence_margin`]
//!    (the margin idea of Artetxe & Schwenk's mining, per document: it
//!    removes the bias of encoders towards one language and towards generic
//!    sentences). A pair's score is its share of matched sentences plus
//!    [`EventConfig::key_weight`] × its share of rare keys (see
//!    `similarity`); datelines further apart than
//!    [`EventConfig::max_dateline_gap_days`] never link.
//! 4. Two documents in different languages whose sentences are mutual best
//!    matches in the same order translate each other
//!    ([`EventConfig::translation_order_share`]): that pair links with the
//!    highest score whatever its other evidence.
//! 5. Average-linkage clustering merges documents while the mean score
//!    between two groups is at least [`EventConfig::link_threshold`]. A
//!    document can be alone in its event.
//!
//! Every cosine is rounded to a fixed grid before it is compared, so the
//! events do not depend on the last bits of the vectors (CPU kernels
//! differ there). The result depends only on the set of documents, not on
//! their order.
//!
//! ```
//! use concord_core::{DocId, Lang};
//! use concord_events::{EventConfig, EventDoc, EventGrouper};
//!
//! // Two documents whose sentences match, and an unrelated one (2-d vectors).
//! let (a, b, c) = (DocId::from_string("da"), DocId::from_string("db"), DocId::from_string("dc"));
//! let va = [1.0, 0.0, 0.0, 1.0];
//! let vb = [0.0, 1.0, 1.0, 0.0];
//! let vc = [-1.0, 0.0];
//! let docs = [
//!     EventDoc { doc_id: &a, lang: Lang::En, vectors: &va, keys: vec!["person:wang".into()], label: "Rail crash".into(), date: None },
//!     EventDoc { doc_id: &b, lang: Lang::Zh, vectors: &vb, keys: vec!["person:wang".into()], label: "列车脱轨".into(), date: None },
//!     EventDoc { doc_id: &c, lang: Lang::En, vectors: &vc, keys: vec![], label: "Earnings".into(), date: None },
//! ];
//! let grouping = EventGrouper::new(EventConfig::default()).unwrap().group(&docs, 2).unwrap();
//! assert_eq!(grouping.events.len(), 2);
//! assert_eq!(grouping.event_of[0], grouping.event_of[1]);
//! assert_ne!(grouping.event_of[0], grouping.event_of[2]);
//! ```

mod cluster;
mod error;
mod similarity;

pub use error::EventError;

use concord_core::{DocId, Event, EventId, Fact, FactKind, Lang};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use similarity::{
    best_matches, centroid, datelines_compatible, dot, median, on_grid, ordered_mutual_matches,
    shared_keys, Profile,
};
use std::collections::HashMap;

/// Thresholds of the event stage (`[events]` in `concord.toml`).
///
/// The defaults are calibrated for multilingual-e5-small passage vectors
/// (true translation pairs at cosine ~0.87–0.95, the best unrelated
/// sentence of another news story at ~0.80–0.86) on the development
/// corpora of `tests/corpora/dev` and real news (see
/// `tests/bench/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventConfig {
    /// Two sentences of documents in different languages count as stating
    /// the same thing at this cosine or above (and above their background,
    /// see `sentence_margin`).
    pub sentence_cosine: f32,
    /// The same for two documents in one language: encoders rate any two
    /// sentences of one language more alike than a translation pair, so one
    /// language needs a higher floor.
    pub same_language_cosine: f32,
    /// A sentence's match in another document must beat the sentence's
    /// background (the median of its best matches in the other candidate
    /// documents of that language, leaving out the
    /// `shared_sentence_partners` best, which may be the story's own, when
    /// at least three remain) by this much: a sentence that is alike to everything ("the company said on
    /// Tuesday") matches nothing in particular.
    pub sentence_margin: f32,
    /// Each document is scored against at most this many others per
    /// language, those with the most alike centroids (a block that keeps
    /// the stage linear in the corpus).
    pub candidates: usize,
    /// Weight of the shared-rare-keys share in a pair's score.
    pub key_weight: f32,
    /// A pair whose shared-rare-keys share is below this is no strong
    /// link (see `strong_link`).
    pub min_key_share: f32,
    /// A sentence that matches more than this many other documents counts
    /// for `shared_sentence_partners / partners` of a sentence.
    pub shared_sentence_partners: u32,
    /// Groups merge while their average pair score is at least this.
    pub link_threshold: f32,
    /// ... or while their best pair score is at least this: one report that
    /// restates the story well enough (an opinion piece with the names,
    /// figures and dates of the wire report) belongs to it even when it
    /// shares little with the story's translations into other languages.
    pub strong_link: f32,
    /// Documents whose datelines are further apart than this many days are
    /// never in one event.
    pub max_dateline_gap_days: u32,
    /// Two documents in different languages translate each other when at
    /// least this share of the shorter one's sentences are mutual best
    /// matches (at `translation_cosine` or above) that keep their order,
    /// and at least `translation_min_sentences` do; a translation is one
    /// story whatever else the scores say. On the real-news bench
    /// (professional translations) 99% of translation pairs reach 0.5 and
    /// no pair of different articles does; independent reports of one
    /// story in the development corpora reach it in part.
    pub translation_order_share: f32,
    /// Floor of the cosine of a translation's sentence pairs.
    pub translation_cosine: f32,
    /// Fewest ordered sentence pairs of a translation.
    pub translation_min_sentences: u32,
}

impl Default for EventConfig {
    fn default() -> Self {
        Self {
            sentence_cosine: 0.86,
            same_language_cosine: 0.92,
            sentence_margin: 0.03,
            candidates: 40,
            key_weight: 0.5,
            shared_sentence_partners: 4,
            min_key_share: 0.05,
            link_threshold: 0.2,
            strong_link: 0.28,
            max_dateline_gap_days: 14,
            translation_order_share: 0.5,
            translation_cosine: 0.80,
            translation_min_sentences: 3,
        }
    }
}

/// One document as the event stage needs it.
#[derive(Debug, Clone)]
pub struct EventDoc<'a> {
    /// The document.
    pub doc_id: &'a DocId,
    /// Its dominant language.
    pub lang: Lang,
    /// Its sentence vectors, row-major, unit length.
    pub vectors: &'a [f32],
    /// Its rare fact keys ([`document_keys`]).
    pub keys: Vec<String>,
    /// Headline or first sentence (the event label when this document is
    /// the most central member).
    pub label: String,
    /// Dateline (`YYYY-MM-DD`), when known.
    pub date: Option<String>,
}

/// Events, and the event of every input document.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// Events ordered by id.
    pub events: Vec<Event>,
    /// Index into `events` for every input document, in input order.
    pub event_of: Vec<usize>,
}

/// Groups documents into events (see the crate docs).
#[derive(Debug, Clone)]
pub struct EventGrouper {
    config: EventConfig,
}

impl EventGrouper {
    /// A grouper with `config`, checked.
    pub fn new(config: EventConfig) -> Result<Self, EventError> {
        let unit = |field: &'static str, value: f32, lo: f32, hi: f32, range: &'static str| {
            if value.is_finite() && (lo..=hi).contains(&value) {
                Ok(())
            } else {
                Err(EventError::Config {
                    field,
                    value,
                    range,
                })
            }
        };
        unit(
            "sentence_cosine",
            config.sentence_cosine,
            -1.0,
            1.0,
            "-1..=1",
        )?;
        unit(
            "same_language_cosine",
            config.same_language_cosine,
            -1.0,
            1.0,
            "-1..=1",
        )?;
        unit(
            "sentence_margin",
            config.sentence_margin,
            -1.0,
            1.0,
            "-1..=1",
        )?;
        unit("key_weight", config.key_weight, 0.0, 10.0, "0..=10")?;
        unit("min_key_share", config.min_key_share, 0.0, 1.0, "0..=1")?;
        unit("link_threshold", config.link_threshold, 0.0, 11.0, "0..=11")?;
        unit("strong_link", config.strong_link, 0.0, 11.0, "0..=11")?;
        unit(
            "translation_order_share",
            config.translation_order_share,
            0.0,
            1.0,
            "0..=1",
        )?;
        unit(
            "translation_cosine",
            config.translation_cosine,
            -1.0,
            1.0,
            "-1..=1",
        )?;
        Ok(Self { config })
    }

    /// The configuration in force.
    pub fn config(&self) -> &EventConfig {
        &self.config
    }

    /// Group `docs` (vectors of dimension `dim`) into events.
    pub fn group(&self, docs: &[EventDoc], dim: usize) -> Result<Grouping, EventError> {
        for d in docs {
            if dim == 0 || d.vectors.len() % dim != 0 {
                return Err(EventError::VectorLength {
                    doc: d.doc_id.clone(),
                    len: d.vectors.len(),
                    dim,
                });
            }
        }
        let n = docs.len();
        let profiles = profiles(docs, dim);
        let scored = self.pair_scores(docs, &profiles, dim);
        let pairs: Vec<(usize, usize, f32)> =
            scored.iter().map(|&(i, j, s, _)| (i, j, s)).collect();
        let strong: Vec<(usize, usize, f32)> =
            scored.iter().map(|&(i, j, _, s)| (i, j, s)).collect();
        let clusters = cluster::average_linkage(
            n,
            &pairs,
            &strong,
            self.config.link_threshold,
            self.config.strong_link,
        );
        let score: HashMap<(usize, usize), f32> =
            pairs.iter().map(|&(i, j, s)| ((i, j), s)).collect();
        let mut events: Vec<(Event, Vec<usize>)> = clusters
            .into_iter()
            .map(|members| (event_of_members(docs, &members, &score), members))
            .collect();
        events.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let mut event_of = vec![0usize; n];
        for (e, (_, members)) in events.iter().enumerate() {
            for &m in members {
                event_of[m] = e;
            }
        }
        Ok(Grouping {
            events: events.into_iter().map(|(e, _)| e).collect(),
            event_of,
        })
    }
}

/// All of `docs` as one event, for inputs the user declares to be one story
/// (`--parallel`: every pair translates each other).
pub fn one_event(docs: &[EventDoc]) -> Grouping {
    if docs.is_empty() {
        return Grouping {
            events: Vec::new(),
            event_of: Vec::new(),
        };
    }
    let members: Vec<usize> = (0..docs.len()).collect();
    Grouping {
        events: vec![event_of_members(docs, &members, &HashMap::new())],
        event_of: vec![0; docs.len()],
    }
}

impl EventGrouper {
    /// Scores of the candidate pairs (`i < j`) that may be one story.
    fn pair_scores(
        &self,
        docs: &[EventDoc],
        profiles: &[Profile],
        dim: usize,
    ) -> Vec<(usize, usize, f32, f32)> {
        let n = docs.len();
        let c = &self.config;
        // Candidates: each document's most alike centroids in every
        // language (encoders rate one language above the others, so a
        // single ranking would leave translations out).
        let nearest: Vec<Vec<usize>> = (0..n)
            .into_par_iter()
            .map(|i| {
                let mut sims: Vec<(Lang, f32, usize)> = (0..n)
                    .filter(|&j| {
                        j != i
                            && !profiles[i].centroid.is_empty()
                            && !profiles[j].centroid.is_empty()
                    })
                    .map(|j| {
                        let sim = on_grid(dot(&profiles[i].centroid, &profiles[j].centroid));
                        (docs[j].lang, sim, j)
                    })
                    .collect();
                sims.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)).then(x.2.cmp(&y.2)));
                let mut out = Vec::new();
                let mut taken: HashMap<Lang, usize> = HashMap::new();
                for (lang, _, j) in sims {
                    let k = taken.entry(lang).or_default();
                    if *k < c.candidates {
                        *k += 1;
                        out.push(j);
                    }
                }
                out
            })
            .collect();
        let mut candidates: Vec<(usize, usize)> = nearest
            .iter()
            .enumerate()
            .flat_map(|(i, js)| js.iter().map(move |&j| (i.min(j), i.max(j))))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        // Best match of every sentence in every candidate partner.
        let matches: Vec<(usize, usize, Vec<f32>, Vec<f32>)> = candidates
            .par_iter()
            .map(|&(i, j)| {
                let (a, b) = best_matches(profiles[i].vectors, profiles[j].vectors, dim);
                (i, j, a, b)
            })
            .collect();
        // Background of every sentence per partner language: the median of
        // its best matches over the candidate partners of that language.
        let mut per_doc: Vec<HashMap<Lang, Vec<&[f32]>>> = vec![HashMap::new(); n];
        for (i, j, a, b) in &matches {
            per_doc[*i].entry(docs[*j].lang).or_default().push(a);
            per_doc[*j].entry(docs[*i].lang).or_default().push(b);
        }
        let background: Vec<HashMap<Lang, Vec<Option<f32>>>> = per_doc
            .iter()
            .enumerate()
            .map(|(i, by_lang)| {
                by_lang
                    .iter()
                    .map(|(lang, rows)| {
                        let per_sentence = (0..profiles[i].sentences(dim))
                            .map(|s| {
                                let mut v: Vec<f32> =
                                    rows.iter().filter_map(|r| r.get(s).copied()).collect();
                                // The story's own documents (up to
                                // `shared_sentence_partners`) are no
                                // background: leave the best ones out.
                                v.sort_by(|x, y| y.total_cmp(x));
                                let rest =
                                    v.len().saturating_sub(c.shared_sentence_partners as usize);
                                let mut unrelated = v.split_off(v.len() - rest);
                                median(&mut unrelated, 3)
                            })
                            .collect();
                        (*lang, per_sentence)
                    })
                    .collect()
            })
            .collect();
        let is_match = |i: usize, partner: usize, s: usize, x: f32| -> bool {
            let floor = if docs[i].lang == docs[partner].lang {
                c.same_language_cosine
            } else {
                c.sentence_cosine
            };
            let above_bg = background[i]
                .get(&docs[partner].lang)
                .and_then(|v| v.get(s).copied().flatten())
                .is_none_or(|b| x >= b + c.sentence_margin);
            x >= floor && above_bg
        };
        // How many partners each sentence matches: a sentence found in many
        // documents is page furniture or a stock phrase (a product page's
        // "free shipping"), not evidence of one story, and weighs
        // `shared_sentence_partners / partners` when it matches more.
        let mut partners: Vec<Vec<u32>> =
            profiles.iter().map(|p| vec![0; p.sentences(dim)]).collect();
        for (i, j, a, b) in &matches {
            for (s, &x) in a.iter().enumerate() {
                if is_match(*i, *j, s, x) {
                    partners[*i][s] += 1;
                }
            }
            for (s, &x) in b.iter().enumerate() {
                if is_match(*j, *i, s, x) {
                    partners[*j][s] += 1;
                }
            }
        }
        let limit = c.shared_sentence_partners.max(1) as f32;
        // Three keys found in one document each (the rarest).
        let key_floor = 3.0 * (1.0 + n as f32).ln();
        let matched = |i: usize, partner: usize, best: &[f32]| -> f32 {
            best.iter()
                .enumerate()
                .filter(|&(s, &x)| is_match(i, partner, s, x))
                .map(|(s, _)| (limit / partners[i][s].max(1) as f32).min(1.0))
                .sum()
        };
        matches
            .iter()
            .filter(|(i, j, _, _)| datelines_compatible(&profiles[*i], &profiles[*j], c))
            .filter_map(|(i, j, a, b)| {
                let total = a.len() + b.len();
                if total == 0 {
                    return None;
                }
                let shared = (matched(*i, *j, a) + matched(*j, *i, b)) / total as f32;
                let keys = shared_keys(&profiles[*i], &profiles[*j], key_floor);
                // Two reports of one story name at least some of the same
                // people, places, codes, amounts or dates; sentences alone
                // (a poor translation reads like every story in its source
                // language) never make one story.
                // A single strong link needs names in common: two reports of
                // one story name some of the same people, places, codes,
                // amounts or dates, while a poor translation reads like
                // every story of its source language.
                let score = on_grid(shared + c.key_weight * keys);
                let strong = if keys >= c.min_key_share { score } else { 0.0 };
                // A translation (its sentences in the same order) is one
                // story: it links as strongly as the scale goes.
                if docs[*i].lang != docs[*j].lang {
                    let shorter = profiles[*i].sentences(dim).min(profiles[*j].sentences(dim));
                    let ordered = ordered_mutual_matches(
                        profiles[*i].vectors,
                        profiles[*j].vectors,
                        dim,
                        c.translation_cosine,
                    );
                    let translation = ordered >= c.translation_min_sentences as usize
                        && ordered as f32 >= c.translation_order_share * shorter as f32;
                    if translation {
                        return Some((*i, *j, score.max(1.0), strong.max(1.0)));
                    }
                }
                Some((*i, *j, score, strong))
            })
            .collect()
    }
}

fn profiles<'a>(docs: &'a [EventDoc], dim: usize) -> Vec<Profile<'a>> {
    // Document frequency of every key, for IDF weights.
    let mut df: HashMap<&str, usize> = HashMap::new();
    for d in docs {
        let mut keys: Vec<&str> = d.keys.iter().map(String::as_str).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *df.entry(k).or_default() += 1;
        }
    }
    let n = docs.len().max(1) as f32;
    docs.iter()
        .map(|d| {
            let keys: HashMap<&str, f32> = d
                .keys
                .iter()
                .map(|k| {
                    let f = df.get(k.as_str()).copied().unwrap_or(1) as f32;
                    (k.as_str(), (1.0 + n / f).ln())
                })
                .collect();
            let key_mass = keys.values().sum();
            Profile {
                vectors: d.vectors,
                centroid: centroid(d.vectors, dim),
                keys,
                key_mass,
                day: d.date.as_deref().and_then(days_from_iso),
            }
        })
        .collect()
}

fn event_of_members(
    docs: &[EventDoc],
    members: &[usize],
    score: &HashMap<(usize, usize), f32>,
) -> Event {
    let centrality = |m: usize| -> f32 {
        members
            .iter()
            .filter(|&&o| o != m)
            .map(|&o| score.get(&(m.min(o), m.max(o))).copied().unwrap_or(0.0))
            .sum()
    };
    let mut central = members.first().copied().unwrap_or(0);
    let mut best = f32::MIN;
    for &m in members {
        let c = centrality(m);
        let better = c > best
            || (c == best && docs.get(m).map(|d| d.doc_id) < docs.get(central).map(|d| d.doc_id));
        if better {
            best = c;
            central = m;
        }
    }
    let mut documents: Vec<DocId> = members
        .iter()
        .filter_map(|&m| docs.get(m))
        .map(|d| d.doc_id.clone())
        .collect();
    documents.sort();
    let mut dates: Vec<&str> = members
        .iter()
        .filter_map(|&m| docs.get(m)?.date.as_deref())
        .collect();
    dates.sort_unstable();
    let id = EventId::from_parts(documents.iter().map(DocId::as_str));
    let (label, label_doc) = docs
        .get(central)
        .map(|d| (d.label.clone(), d.doc_id.clone()))
        .unwrap_or_else(|| {
            (
                String::new(),
                documents
                    .first()
                    .cloned()
                    .unwrap_or_else(|| DocId::from_string("")),
            )
        });
    Event {
        id,
        label,
        label_doc,
        documents,
        first_date: dates.first().map(|s| (*s).to_owned()),
        last_date: dates.last().map(|s| (*s).to_owned()),
    }
}

/// The keys of a document's facts that can tell its story from others:
/// names of people and organizations, codes and versions, amounts of money,
/// exact dates and numbers of three or more significant digits, as
/// `kind:canonical value`, deduplicated.
///
/// Left out, by a general argument: small numbers and percentages (every
/// story has "2", "10%"), roles ("minister" is in every political story),
/// dates coarser than a day ("2026" dates everything of that year).
pub fn document_keys(facts: &[Fact]) -> Vec<String> {
    let mut keys: Vec<String> = facts
        .iter()
        .filter(|f| match f.kind {
            FactKind::Person | FactKind::Entity | FactKind::Version | FactKind::Money => true,
            FactKind::Date => is_full_date(&f.normalized),
            FactKind::Number => significant_digits(&f.normalized) >= 3,
            FactKind::Percent | FactKind::Role | FactKind::Polarity => false,
        })
        .map(|f| format!("{}:{}", f.kind.as_str(), f.normalized.to_lowercase()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Whether `s` starts with a full ISO date `YYYY-MM-DD`.
fn is_full_date(s: &str) -> bool {
    days_from_iso(s).is_some()
}

/// Significant digits of a canonical number (`48000` → 2, `1436000` → 4).
fn significant_digits(s: &str) -> usize {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let core = digits.trim_start_matches('0').trim_end_matches('0');
    core.len()
}

/// Days since 1970-01-01 of a string starting with `YYYY-MM-DD`.
fn days_from_iso(s: &str) -> Option<i64> {
    concord_core::calendar::days_from_iso(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::{FactId, SentenceId, Span};

    fn fact(kind: FactKind, normalized: &str) -> Fact {
        Fact {
            id: FactId::from_string("f"),
            sentence_id: SentenceId::from_string("s"),
            doc_id: DocId::from_string("d"),
            kind,
            surface: normalized.to_owned(),
            normalized: normalized.to_owned(),
            span: Span::new(0, 1),
        }
    }

    #[test]
    fn keys_keep_what_tells_stories_apart() {
        let facts = [
            fact(FactKind::Number, "4"),
            fact(FactKind::Number, "32000"),
            fact(FactKind::Number, "1436000"),
            fact(FactKind::Percent, "30"),
            fact(FactKind::Date, "2026"),
            fact(FactKind::Date, "2026-03-03"),
            fact(FactKind::Person, "person:wang jianguo"),
            fact(FactKind::Role, "role:minister"),
            fact(FactKind::Version, "XR-220"),
        ];
        assert_eq!(
            document_keys(&facts),
            vec![
                "date:2026-03-03",
                "number:1436000",
                "person:person:wang jianguo",
                "version:xr-220"
            ]
        );
    }

    #[test]
    fn iso_days() {
        assert_eq!(days_from_iso("1970-01-01"), Some(0));
        assert_eq!(
            days_from_iso("2026-03-03")
                .zip(days_from_iso("2026-02-27"))
                .map(|(a, b)| a - b),
            Some(4)
        );
    }

    fn doc<'a>(id: &'a DocId, vectors: &'a [f32], date: Option<&str>) -> EventDoc<'a> {
        EventDoc {
            doc_id: id,
            lang: Lang::En,
            vectors,
            keys: Vec::new(),
            label: id.as_str().to_owned(),
            date: date.map(str::to_owned),
        }
    }

    #[test]
    fn grouping_does_not_depend_on_order_and_respects_datelines() {
        let ids: Vec<DocId> = (0..4)
            .map(|i| DocId::from_string(format!("d{i}")))
            .collect();
        let v1 = [1.0, 0.0, 0.0, 1.0];
        let v2 = [0.0, 1.0, 1.0, 0.0];
        let v3 = v1;
        let v4 = v1;
        let grouper = EventGrouper::new(EventConfig::default()).unwrap();
        let docs = [
            doc(&ids[0], &v1, Some("2026-03-03")),
            doc(&ids[1], &v2, Some("2026-03-04")),
            doc(&ids[2], &v3, Some("2025-01-01")),
            doc(&ids[3], &v4, Some("2025-01-02")),
        ];
        let g = grouper.group(&docs, 2).unwrap();
        // All share their sentences, but 0/1 and 2/3 are a year apart.
        assert_eq!(g.events.len(), 2);
        assert_eq!(g.event_of[0], g.event_of[1]);
        assert_eq!(g.event_of[2], g.event_of[3]);
        assert_ne!(g.event_of[0], g.event_of[2]);
        let mut reversed = docs.to_vec();
        reversed.reverse();
        let r = grouper.group(&reversed, 2).unwrap();
        assert_eq!(r.events, g.events);
    }

    #[test]
    fn bad_vectors_and_config_are_errors() {
        let id = DocId::from_string("d");
        let v = [1.0, 0.0, 0.5];
        let grouper = EventGrouper::new(EventConfig::default()).unwrap();
        assert!(matches!(
            grouper.group(&[doc(&id, &v, None)], 2),
            Err(EventError::VectorLength { .. })
        ));
        let bad = EventConfig {
            link_threshold: f32::NAN,
            ..EventConfig::default()
        };
        assert!(EventGrouper::new(bad).is_err());
    }

    #[test]
    fn translations_keep_their_sentences_in_order() {
        // Four sentences (2-d unit vectors at distinct angles) and their
        // translation in the same order; a shuffled document with the same
        // sentences keeps only part of the order.
        let angle = |d: f32| [d.to_radians().cos(), d.to_radians().sin()];
        let a: Vec<f32> = [0.0, 40.0, 80.0, 120.0]
            .iter()
            .flat_map(|&d| angle(d))
            .collect();
        let t: Vec<f32> = [2.0, 42.0, 78.0, 121.0]
            .iter()
            .flat_map(|&d| angle(d))
            .collect();
        let shuffled: Vec<f32> = [121.0, 2.0, 78.0, 42.0]
            .iter()
            .flat_map(|&d| angle(d))
            .collect();
        assert_eq!(similarity::ordered_mutual_matches(&a, &t, 2, 0.9), 4);
        assert_eq!(similarity::ordered_mutual_matches(&a, &shuffled, 2, 0.9), 2);
        // Below the cosine floor nothing counts.
        assert_eq!(similarity::ordered_mutual_matches(&a, &t, 2, 0.9999), 0);
    }
}
