//! Attribution of flags across claim groups: which side of a disagreement is
//! most likely the (translation) error, and what it should have said.
//!
//! Two kinds of evidence, strongest first:
//!
//! 1. **Majority of a claim.** When at least
//!    [`FlagConfig::majority_min_sources`](crate::FlagConfig) distinct
//!    documents speak to the claim (have a fact of the flag's kind in the
//!    claim's sentences), each document votes for the side whose value it
//!    states (a document stating both, or neither, abstains). A side backed
//!    by two or more documents and by more than the other side is canonical;
//!    the other side is the likely error, and the suggestion is the majority
//!    surface (in the erroneous side's script when some voter wrote it so).
//! 2. **Rarity across the run** (for two sources, or no majority). Typos and
//!    mistranslations of names and versions produce strings that occur
//!    nowhere else: for versions, persons and entities whose two values are
//!    close (one flag of a spelling), the value written in one document only
//!    is the likely error when the other is written in two or more documents
//!    and at least [`FlagConfig::rare_min_ratio`](crate::FlagConfig) times as
//!    often, counting all facts of the run. Numbers and dates carry no such
//!    signal (a wrong date is as ordinary as a right one) and are left
//!    unattributed.

use crate::names::{
    key_tokens, name_match, script, spelling_difference, tokens, Script, KEY_MIN_LEN,
};
use crate::{compared_values, flag_id, Flagger};
use concord_core::{Claim, DocId, Fact, FactKind, SentenceId, Side};
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

/// Marker that starts the attribution note appended to an explanation.
const NOTE: &str = "; likely error on side ";

/// What one side of a flag says, and how to recognise it in other facts.
enum Matcher {
    /// Any fact that agrees with this `(surface, normalized)` value.
    Value(String, String),
    /// Latin spellings that contain one of these tokens.
    Spelling(Vec<String>),
    /// Names whose key tokens match these.
    Name(Vec<String>),
}

/// The evidence found for a flag.
struct Evidence {
    side: Side,
    suggested: String,
    note: String,
    /// Fraction of the remaining doubt the evidence removes from the
    /// confidence.
    lift: f32,
}

/// Occurrences and documents of string values across all facts of a run.
#[derive(Default)]
struct Frequency<'f> {
    /// Lower-cased canonical versions.
    versions: HashMap<String, (usize, HashSet<&'f DocId>)>,
    /// Tokens of Latin person and entity spellings, per kind.
    tokens: HashMap<(FactKind, String), (usize, HashSet<&'f DocId>)>,
}

impl<'f> Frequency<'f> {
    fn build(facts: impl Iterator<Item = &'f Fact>) -> Self {
        let mut freq = Self::default();
        for f in facts {
            match f.kind {
                FactKind::Version => {
                    let e = freq
                        .versions
                        .entry(f.normalized.to_lowercase())
                        .or_default();
                    e.0 += 1;
                    e.1.insert(&f.doc_id);
                }
                FactKind::Person | FactKind::Entity if script(&f.surface) == Script::Latin => {
                    let mut seen = HashSet::new();
                    for t in tokens(&f.surface) {
                        if seen.insert(t.clone()) {
                            let e = freq.tokens.entry((f.kind, t)).or_default();
                            e.0 += 1;
                            e.1.insert(&f.doc_id);
                        }
                    }
                }
                _ => {}
            }
        }
        freq
    }

    /// `(occurrences, documents)` of a side's value, if it is countable.
    fn stats(&self, kind: FactKind, m: &Matcher) -> Option<(usize, usize)> {
        match (kind, m) {
            (FactKind::Version, Matcher::Value(_, normalized)) => Some(
                self.versions
                    .get(&normalized.to_lowercase())
                    .map_or((0, 0), |(n, d)| (*n, d.len())),
            ),
            (FactKind::Person | FactKind::Entity, Matcher::Spelling(toks)) => toks
                .iter()
                .map(|t| {
                    self.tokens
                        .get(&(kind, t.clone()))
                        .map_or((0, 0), |(n, d)| (*n, d.len()))
                })
                .min(),
            _ => None,
        }
    }
}

impl Flagger {
    /// Attribute `flags` (from [`Flagger::flag`]) across `claims`:
    ///
    /// * set `claim_id` when both sentences of a flag belong to the same
    ///   claim (to the one with the smallest id, if several hold both), and
    ///   clear it otherwise;
    /// * when there is evidence (see below), set `likely_error_side` and
    ///   `suggested`, append a note to the explanation and raise the
    ///   confidence (halfway to 1 for a majority, a quarter for rarity);
    /// * recompute `id` with [`crate::flag_id`], which now includes the claim.
    ///
    /// Evidence is the majority of three or more documents speaking to the
    /// claim (documents with a fact of the flag's kind in the claim's
    /// sentences), or, failing that, for close string values (versions,
    /// spellings of persons and entities), the rarity of one value across
    /// all facts in `facts_by_sentence` — which should hold every fact of the
    /// run: a value written in one document only, against one written in two
    /// or more documents and [`crate::FlagConfig::rare_min_ratio`] times as
    /// often, is the likely error. Calling it again on attributed flags
    /// changes nothing.
    ///
    /// `facts_by_sentence` may be keyed by `SentenceId` or `&SentenceId`.
    /// Every document counts as an independent source; see
    /// [`Flagger::attribute_with_sources`] for translations.
    pub fn attribute<K, S>(
        &self,
        claims: &[Claim],
        facts_by_sentence: &HashMap<K, Vec<Fact>, S>,
        flags: &mut [crate::Disagreement],
    ) where
        K: Borrow<SentenceId> + Eq + Hash,
        S: BuildHasher,
    {
        self.attribute_with_sources(claims, facts_by_sentence, &HashMap::new(), flags);
    }

    /// [`Flagger::attribute`], with documents that translate each other
    /// counted as one source: `source_of` maps a document to the document
    /// that stands for its translation family (documents not in it stand
    /// for themselves). Two renderings of one Chinese article are one
    /// witness, not two, so they cannot outvote a third article.
    pub fn attribute_with_sources<K, S>(
        &self,
        claims: &[Claim],
        facts_by_sentence: &HashMap<K, Vec<Fact>, S>,
        source_of: &HashMap<DocId, DocId>,
        flags: &mut [crate::Disagreement],
    ) where
        K: Borrow<SentenceId> + Eq + Hash,
        S: BuildHasher,
    {
        let mut sorted: Vec<&Claim> = claims.iter().collect();
        sorted.sort_by(|x, y| x.id.cmp(&y.id));
        let mut claims_of: HashMap<&SentenceId, Vec<&Claim>> = HashMap::new();
        for c in sorted {
            for s in &c.sentence_ids {
                claims_of.entry(s).or_default().push(c);
            }
        }
        let freq = Frequency::build(facts_by_sentence.values().flatten());
        for d in flags.iter_mut() {
            let claim = match (claims_of.get(&d.sentence_a), claims_of.get(&d.sentence_b)) {
                (Some(xs), Some(ys)) => {
                    xs.iter().find(|x| ys.iter().any(|y| y.id == x.id)).copied()
                }
                _ => None,
            };
            d.claim_id = claim.map(|c| c.id.clone());
            if d.likely_error_side.is_none() {
                let (ma, mb) = self.matchers(d);
                let evidence = claim
                    .and_then(|c| self.majority(d, c, facts_by_sentence, source_of, &ma, &mb))
                    .or_else(|| self.rarity(d, &freq, &ma, &mb));
                if let Some(ev) = evidence {
                    d.likely_error_side = Some(ev.side);
                    d.suggested = Some(ev.suggested);
                    if !d.explanation.contains(NOTE) {
                        d.explanation.push_str(&ev.note);
                    }
                    d.confidence = (d.confidence + (1.0 - d.confidence) * ev.lift).clamp(0.0, 1.0);
                }
            }
            d.id = flag_id(d);
        }
    }

    /// How to recognise each side's value in other facts.
    fn matchers(&self, d: &crate::Disagreement) -> (Matcher, Matcher) {
        let max = self.config.name_max_distance;
        match d.kind {
            FactKind::Person | FactKind::Entity => {
                if let Some(diffs) = spelling_difference(&d.value_a, &d.value_b, max) {
                    // Only the misspelt tokens: `Howard` in `Howard Lutnick`
                    // vs `Lutnik` says nothing about the spelling.
                    let (ta, tb): (Vec<String>, Vec<String>) = diffs.into_iter().unzip();
                    (Matcher::Spelling(ta), Matcher::Spelling(tb))
                } else {
                    (
                        Matcher::Name(key_tokens(&d.normalized_a)),
                        Matcher::Name(key_tokens(&d.normalized_b)),
                    )
                }
            }
            _ => (
                Matcher::Value(d.value_a.clone(), d.normalized_a.clone()),
                Matcher::Value(d.value_b.clone(), d.normalized_b.clone()),
            ),
        }
    }

    fn matches(&self, kind: FactKind, m: &Matcher, f: &Fact) -> bool {
        match m {
            Matcher::Value(surface, normalized) => {
                self.values_agree(kind, (surface, normalized), (&f.surface, &f.normalized))
            }
            Matcher::Spelling(toks) => {
                script(&f.surface) == Script::Latin && {
                    let ft = tokens(&f.surface);
                    toks.iter().any(|t| ft.contains(t))
                }
            }
            Matcher::Name(toks) => name_match(
                toks,
                &key_tokens(&f.normalized),
                self.config.name_max_distance,
                KEY_MIN_LEN,
            )
            .is_some(),
        }
    }

    /// Majority evidence within a claim.
    fn majority<K, S>(
        &self,
        d: &crate::Disagreement,
        claim: &Claim,
        facts_by_sentence: &HashMap<K, Vec<Fact>, S>,
        source_of: &HashMap<DocId, DocId>,
        ma: &Matcher,
        mb: &Matcher,
    ) -> Option<Evidence>
    where
        K: Borrow<SentenceId> + Eq + Hash,
        S: BuildHasher,
    {
        // Per document: (states a, states b), over the claim's sentences.
        let mut docs: BTreeMap<&DocId, (bool, bool)> = BTreeMap::new();
        let mut voters: Vec<(Side, &Fact)> = Vec::new();
        for (i, sid) in claim.sentence_ids.iter().enumerate() {
            let Some(facts) = facts_by_sentence.get(sid) else {
                continue;
            };
            for f in facts.iter().filter(|f| f.kind == d.kind) {
                let doc = claim.doc_ids.get(i).unwrap_or(&f.doc_id);
                let doc = source_of.get(doc).unwrap_or(doc);
                let e = docs.entry(doc).or_default();
                let (is_a, is_b) = (self.matches(d.kind, ma, f), self.matches(d.kind, mb, f));
                e.0 |= is_a && !is_b;
                e.1 |= is_b && !is_a;
                if is_a != is_b {
                    voters.push((if is_a { Side::A } else { Side::B }, f));
                }
            }
        }
        if docs.len() < self.config.majority_min_sources {
            return None;
        }
        let votes = |want: (bool, bool)| docs.values().filter(|v| **v == want).count();
        let (va, vb) = (votes((true, false)), votes((false, true)));
        let (error, wins, loses) = if vb >= 2 && vb > va {
            (Side::A, vb, va)
        } else if va >= 2 && va > vb {
            (Side::B, va, vb)
        } else {
            return None;
        };
        let majority = match error {
            Side::A => Side::B,
            Side::B => Side::A,
        };
        let (wrong, fallback) = match error {
            Side::A => (&d.value_a, &d.value_b),
            Side::B => (&d.value_b, &d.value_a),
        };
        let suggested = suggestion(
            wrong,
            fallback,
            voters
                .iter()
                .filter(|(s, _)| *s == majority)
                .map(|(_, f)| f.surface.as_str()),
        );
        let note = format!(
            "{NOTE}{}: {wins} of {} sources say \"{suggested}\" ({loses} agree with it)",
            error.as_str(),
            docs.len(),
        );
        Some(Evidence {
            side: error,
            suggested,
            note,
            lift: 0.5,
        })
    }

    /// Rarity evidence across the run, for close string values.
    fn rarity(
        &self,
        d: &crate::Disagreement,
        freq: &Frequency<'_>,
        ma: &Matcher,
        mb: &Matcher,
    ) -> Option<Evidence> {
        let (ca, cb) = compared_values(d);
        let distance = 1.0 - strsim::normalized_levenshtein(&ca.to_lowercase(), &cb.to_lowercase());
        let max = match d.kind {
            FactKind::Version => self.config.version_max_distance,
            _ => self.config.name_max_distance,
        };
        if distance > max {
            return None;
        }
        let (na, da) = freq.stats(d.kind, ma)?;
        let (nb, db) = freq.stats(d.kind, mb)?;
        // A value missing from the index was still written once, here.
        let (na, nb) = (na.max(1), nb.max(1));
        let ratio = self.config.rare_min_ratio;
        let rare = |n: usize, docs: usize, m: usize, mdocs: usize| {
            docs <= 1 && mdocs >= 2 && m as f64 >= ratio * n as f64
        };
        let (error, wrong, right, (n_wrong, d_wrong), (n_right, d_right)) = if rare(na, da, nb, db)
        {
            (Side::A, &d.value_a, &d.value_b, (na, da.max(1)), (nb, db))
        } else if rare(nb, db, na, da) {
            (Side::B, &d.value_b, &d.value_a, (nb, db.max(1)), (na, da))
        } else {
            return None;
        };
        // Name the counted strings: the misspelt tokens, or the values.
        let (counted_wrong, counted_right) = match (ma, mb, error) {
            (Matcher::Spelling(x), Matcher::Spelling(y), Side::A) => (x.join(" "), y.join(" ")),
            (Matcher::Spelling(x), Matcher::Spelling(y), Side::B) => (y.join(" "), x.join(" ")),
            _ => (wrong.clone(), right.clone()),
        };
        let note = format!(
            "{NOTE}{}: \"{counted_wrong}\" is written {} in {}, \"{counted_right}\" {} in {}",
            error.as_str(),
            count(n_wrong, "time"),
            count(d_wrong, "document"),
            count(n_right, "time"),
            count(d_right, "document"),
        );
        Some(Evidence {
            side: error,
            suggested: right.clone(),
            note,
            lift: 0.25,
        })
    }
}

/// The majority surface to suggest: the most frequent voter surface in the
/// same script as the erroneous value, else `fallback` (the flag's other
/// side). Ties go to the lexicographically smallest, for determinism.
fn suggestion<'a>(wrong: &str, fallback: &str, voters: impl Iterator<Item = &'a str>) -> String {
    let want = script(wrong);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in voters.filter(|s| script(s) == want) {
        *counts.entry(s).or_default() += 1;
    }
    let mut best: Option<(&str, usize)> = None;
    for (s, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((s, n));
        }
    }
    best.map_or_else(|| fallback.to_owned(), |(s, _)| s.to_owned())
}

/// `1 time`, `3 documents`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
