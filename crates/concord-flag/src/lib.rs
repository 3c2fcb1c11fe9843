//! Disagreement flags: given the facts of both sides of an [`Alignment`]
//! (a mined sentence pair, or a bead of a translation alignment with several
//! sentences per side), report the pairs of same-kind facts that most likely
//! fill the same "slot" of the shared claim but carry different values
//! (`GPS-5.6` vs `GPT-5.6`, `June 26` vs `6月27日`, `Foreign Minister Lutnik`
//! vs `Commerce Secretary Lutnick`); then, across claim groups, say which
//! side is most likely the (translation) error.
//!
//! # What is compared, and what is never flagged
//!
//! Facts are compared on their canonical values from the facts stage, with
//! per-kind equivalences on top, so mere differences of form never produce a
//! flag:
//!
//! * **number, money, percent** — scales and scripts are gone in the
//!   canonical value (`$250 million` = `2.5亿美元` = `USD 250000000`);
//!   rounding is not a conflict: the finer value rounded to the coarser one's
//!   last significant digit must equal it, within
//!   [`FlagConfig::rounding_max_relative`] (`1.4 trillion` = `1.43兆`, but
//!   `48,000` ≠ `4.9万`). Different currencies are never compared.
//! * **date** — a coarser date that contains the finer one agrees with it
//!   (`June 26` = `2026-06-26`, `June 2026` ⊇ `2026年6月26日`); one that does
//!   not contain it conflicts (`--06-26` vs `2026-06-27`); values that share
//!   no field (`2026` vs `6月27日`) are not compared.
//! * **version** — case-insensitive, and a longer name agrees with its tail
//!   (`Claude-Opus-4.8` = `Opus-4.8`); only close values pair (normalized edit
//!   distance at most [`FlagConfig::version_max_distance`]).
//! * **person** — names are matched with a fuzzy phonetic comparison of their
//!   `person:` keys (equal after light folding, or a small edit distance
//!   relative to length), token by token so `Ball` is `Dean W. Ball`; other
//!   scripts and transliterations (`Kovacs` / `コバチ` / `科瓦奇`) are never a
//!   disagreement. Two *Latin* spellings of the same person that differ
//!   beyond case and diacritics are (`Lutnik` vs `Lutnick`): spelling is
//!   fixed in one script. Two different people are flagged only when each
//!   side names exactly one person, in the same script.
//! * **role** — flagged when it changes for the same person: a role is
//!   attached to the nearest person in its sentence (within
//!   [`FlagConfig::role_max_gap`] bytes), and matched persons with disjoint
//!   roles give a flag (`role:foreign_minister` vs `role:commerce_secretary`).
//!   Failing that, a single role on each side is compared when each side
//!   names exactly one person, or none.
//! * **entity** — keys are compared as given (the facts stage folds
//!   traditional/simplified Chinese and case); only Latin spellings at a
//!   small edit distance are flagged (`Antropic` vs `Anthropic`).
//!
//! # Pairing: facts that fill the same slot
//!
//! Per kind (numbers per unit, ministries apart from other names), facts
//! whose value agrees with some fact on the other side are paired off
//! first. What is left is a disagreement only when both facts evidently
//! fill one slot: one fact left on each side of sentences that state as
//! many facts of the kind (by elimination; between independent reports the
//! two values must also be within [`FlagConfig::independent_max_ratio`]),
//! or two values that look like one value copied wrongly (digits
//! transposed or one digit changed, a slipped 万/亿 scale, the same figure
//! with another unit). The same amount in two currencies is a currency
//! error. Facts left without a partner are omissions, not disagreements,
//! and are not reported. Each flag names the facts' own sentences, so a
//! bead gives flags on the right sentences. [`Flagger::polarity_flags`]
//! adds direction conflicts (`rose 4.2%` / `下降4.2%`) next to amounts both
//! sides state, and [`flag_run`] runs all of it over a run's alignments
//! with the run-level rules (lexical anchors for mined pairs, datelines
//! never compared, date slots, carry-over, attribution).
//!
//! # Confidence
//!
//! `support × (0.4 + 0.6 × closeness) × kind weight`: *support* is how sure
//! the alignment is that both sides state the same claim (a translation bead
//! gives high support; a mined pair half cosine, half margin above 1);
//! *closeness* is how alike the two values are (a one-letter difference means
//! a likely translation error, so a real discrepancy worth showing; far-apart
//! values may fill different slots); the *kind weight* reflects how often a
//! kind pairs wrongly (plain numbers most often).
//!
//! # Attribution and ids
//!
//! [`Flagger::attribute`] sets each flag's claim group and, when there is
//! evidence, the likely erroneous side and a suggested value: the majority
//! of three or more documents speaking to the claim, or, with fewer, the
//! rarity of a close string value across the whole run (`GPS-5.6` written in
//! one document only, `GPT-5.6` in several). [`flag_id`] derives a flag's id
//! from its kind, its two compared values and sentences (sorted, so side
//! order does not matter), not from its claim group, whose id changes as
//! articles join it.
//!
//! A run flags every alignment, then attributes all flags at once, with
//! every fact of the run (the rarity evidence counts over all of them):
//!
//! ```text
//! let mut flags: Vec<Disagreement> =
//!     alignments.iter().flat_map(|a| flagger.flag(a, facts_a(a), facts_b(a))).collect();
//! flagger.attribute(&claims, &facts_by_sentence, &mut flags);
//! ```
//!
//! ```
//! use concord_core::*;
//! use concord_flag::{FlagConfig, Flagger};
//!
//! let (sa, sb) = (SentenceId::from_string("s-a"), SentenceId::from_string("s-b"));
//! let fact = |s: &SentenceId, kind: FactKind, surface: &str, normalized: &str| Fact {
//!     id: FactId::from_parts([s.as_str(), surface]),
//!     sentence_id: s.clone(),
//!     doc_id: DocId::from_string("d"),
//!     kind,
//!     surface: surface.to_owned(),
//!     normalized: normalized.to_owned(),
//!     span: Span::new(0, surface.len()),
//! };
//! let alignment = Alignment {
//!     id: AlignmentId::from_string("a"),
//!     doc_a: DocId::from_string("d1"),
//!     doc_b: DocId::from_string("d2"),
//!     sentence_a: Some(sa.clone()),
//!     sentence_b: Some(sb.clone()),
//!     range_a: Some(SentenceRange::single(3)),
//!     range_b: Some(SentenceRange::single(5)),
//!     cosine: 0.92,
//!     margin: 1.25,
//!     score: 1.25,
//!     method: AlignMethod::MarginMnn,
//! };
//! let flagger = Flagger::new(FlagConfig::default());
//! let flags = flagger.flag(
//!     &alignment,
//!     &[
//!         fact(&sa, FactKind::Version, "GPS-5.6", "GPS-5.6"),
//!         fact(&sa, FactKind::Money, "$250 million", "USD 250000000"),
//!     ],
//!     &[
//!         fact(&sb, FactKind::Version, "GPT-5.6", "GPT-5.6"),
//!         fact(&sb, FactKind::Money, "2.5亿美元", "USD 250000000"),
//!     ],
//! );
//! // The amounts are the same; the versions differ by one letter.
//! assert_eq!(flags.len(), 1);
//! assert_eq!(flags[0].explanation, r#"version differs: "GPS-5.6" vs "GPT-5.6" (edit distance 1)"#);
//! assert!(flags[0].confidence > 0.7);
//! assert_eq!(flags[0].id, concord_flag::flag_id(&flags[0]));
//! ```

mod amounts;
mod attribute;
mod carry;
mod counters;
mod dates;
mod names;
mod negation;
mod polarity;
mod romanize;
mod run;

pub use carry::SentenceLink;
pub use run::flag_run;

use amounts::Amount;
use concord_core::{
    AlignMethod, Alignment, Disagreement, Fact, FactKind, FlagId, Sentence, SentenceId,
};
use concord_facts::{is_relative_date, roles_compatible};
use dates::{DateRelation, DateValue};
use names::{
    key_tokens, name_match, script, spelling_difference, tokens, NameMatch, Script, KEY_MIN_LEN,
    SPELLING_MIN_LEN,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Tuning of the flagger. All fields have defaults, so a partial TOML/JSON
/// config deserializes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FlagConfig {
    /// Largest normalized Levenshtein distance (0..1, case-insensitive, over
    /// the whole canonical `NAME-VERSION`) at which two versions are taken to
    /// name the same thing.
    pub version_max_distance: f64,
    /// Largest normalized Levenshtein distance (0..1) at which two name
    /// tokens (of persons or entities, after phonetic folding) are taken to
    /// be the same name.
    pub name_max_distance: f64,
    /// Flags below this confidence are dropped.
    pub min_confidence: f32,
    /// Two amounts of the same kind (and currency) are paired when the larger
    /// is at most this many times the smaller, or when each is the only one
    /// left on its side.
    pub amount_max_ratio: f64,
    /// Between independent reports (not a translation bead), two amounts
    /// left alone in their slot are compared only when the larger is at most
    /// this many times the smaller (or they look like a copying error).
    pub independent_max_ratio: f64,
    /// Two amounts that round to each other (at the coarser one's precision)
    /// agree when they differ by at most this fraction of the larger.
    pub rounding_max_relative: f64,
    /// Ratio margin at which the alignment counts as fully reliable; a
    /// margin of 1.0 (no better than the neighbourhood) counts as nothing.
    pub margin_full: f32,
    /// A role belongs to the nearest person in its sentence when at most
    /// this many bytes separate them.
    pub role_max_gap: usize,
    /// Documents that must speak to a claim before its majority value is
    /// taken as canonical by [`Flagger::attribute`].
    pub majority_min_sources: usize,
    /// Without a majority, a close string value written in one document only
    /// is the likely error when the other value is written in two or more
    /// documents and at least this many times as often.
    pub rare_min_ratio: f64,
    /// Between independent articles a date conflict not between two
    /// leading dates is credible only on a mined pair at least this well
    /// separated (ratio margin): each sentence is then clearly the other's
    /// counterpart, not one of several alike timeline entries (which mine
    /// at 1.03–1.04). Used by [`flag_run`].
    pub date_slot_min_margin: f32,
}

impl Default for FlagConfig {
    fn default() -> Self {
        Self {
            version_max_distance: 0.34,
            name_max_distance: 0.34,
            min_confidence: 0.3,
            amount_max_ratio: 10.0,
            independent_max_ratio: 1.5,
            rounding_max_relative: 0.05,
            margin_full: 1.2,
            role_max_gap: 64,
            majority_min_sources: 3,
            rare_min_ratio: 3.0,
            date_slot_min_margin: 1.05,
        }
    }
}

/// Why a configuration cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FlagError {
    /// A field is outside its valid range.
    #[error("invalid flag config: {field} = {value} ({reason})")]
    InvalidConfig {
        /// Field name.
        field: &'static str,
        /// Offending value, as text.
        value: String,
        /// Valid range.
        reason: &'static str,
    },
}

impl FlagConfig {
    /// The configuration `concord run` reports with: flags below 0.45 are
    /// dropped. The confidence is alignment support × closeness of the
    /// values: a bead of two translations supports a flag at 0.8–1.0, a pair
    /// mined between comparable articles at about 0.4–0.6 depending on its
    /// margin, so this keeps flags from translations and from
    /// well-separated mined pairs.
    pub fn for_runs() -> Self {
        Self {
            min_confidence: 0.45,
            ..Self::default()
        }
    }

    /// Check that every field is in range.
    pub fn validate(&self) -> Result<(), FlagError> {
        let bad = |field, value: String, reason| {
            Err(FlagError::InvalidConfig {
                field,
                value,
                reason,
            })
        };
        let unit = [
            ("version_max_distance", self.version_max_distance),
            ("name_max_distance", self.name_max_distance),
            ("min_confidence", f64::from(self.min_confidence)),
            ("rounding_max_relative", self.rounding_max_relative),
        ];
        for (field, value) in unit {
            if !(0.0..=1.0).contains(&value) {
                return bad(field, value.to_string(), "must be in [0, 1]");
            }
        }
        if self.amount_max_ratio.is_nan() || self.amount_max_ratio < 1.0 {
            return bad(
                "amount_max_ratio",
                self.amount_max_ratio.to_string(),
                "must be >= 1",
            );
        }
        if self.independent_max_ratio.is_nan() || self.independent_max_ratio < 1.0 {
            return bad(
                "independent_max_ratio",
                self.independent_max_ratio.to_string(),
                "must be >= 1",
            );
        }
        if self.margin_full.is_nan() || self.margin_full <= 1.0 {
            return bad("margin_full", self.margin_full.to_string(), "must be > 1");
        }
        if self.majority_min_sources < 3 {
            return bad(
                "majority_min_sources",
                self.majority_min_sources.to_string(),
                "must be >= 3 (two sources have no majority)",
            );
        }
        if self.rare_min_ratio.is_nan() || self.rare_min_ratio < 1.0 {
            return bad(
                "rare_min_ratio",
                self.rare_min_ratio.to_string(),
                "must be >= 1",
            );
        }
        Ok(())
    }
}

/// Compares the facts of two aligned sentences (or beads), and attributes
/// the resulting flags across claim groups.
#[derive(Debug, Clone, Default)]
pub struct Flagger {
    config: FlagConfig,
}

/// A proposed flag: one fact from each side.
struct Candidate<'f> {
    kind: FactKind,
    a: &'f Fact,
    b: &'f Fact,
    /// How alike the two values are, in [0, 1].
    closeness: f64,
    /// Start of the explanation (`version differs`).
    headline: String,
    /// Extra text for the explanation (e.g. the edit distance).
    detail: String,
}

/// What is known about the slot two leftover facts of one kind would fill.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// One fact of the kind is left on each side, and both sentences state
    /// as many facts of the kind: by elimination they fill the same slot.
    unambiguous: bool,
    /// The two sides translate each other (a bead), so even relative dates
    /// must correspond.
    translation: bool,
}

/// A candidate pairing within one kind, by index.
struct Pair {
    a: usize,
    b: usize,
    closeness: f64,
    detail: String,
}

/// Kinds compared value against value; persons and roles are compared
/// together (a role is checked per person).
const VALUE_KINDS: [FactKind; 6] = [
    FactKind::Number,
    FactKind::Money,
    FactKind::Percent,
    FactKind::Date,
    FactKind::Version,
    FactKind::Entity,
];

impl Flagger {
    /// A flagger with this configuration (see [`FlagConfig::validate`]).
    pub fn new(config: FlagConfig) -> Self {
        Self { config }
    }

    /// The configuration in use.
    pub fn config(&self) -> &FlagConfig {
        &self.config
    }

    /// Disagreements between the facts of side a (`facts_a`, from the
    /// sentence or sentences of `alignment` on side a) and of side b,
    /// ordered by kind, then by the spans on side a and side b. Each flag
    /// names the sentences of its own two facts. The caller passes the right
    /// facts; their `sentence_id`s are not checked against the alignment.
    /// `claim_id`, `likely_error_side` and `suggested` are left empty (see
    /// [`Flagger::attribute`]).
    pub fn flag(
        &self,
        alignment: &Alignment,
        facts_a: &[Fact],
        facts_b: &[Fact],
    ) -> Vec<Disagreement> {
        let support = self.support(alignment);
        let (facts_a, facts_b) = (
            years_as_dates(facts_a, facts_b),
            years_as_dates(facts_b, facts_a),
        );
        let (facts_a, facts_b) = (
            points_as_percents(&facts_a, &facts_b),
            points_as_percents(&facts_b, &facts_a),
        );
        let (facts_a, facts_b) = (facts_a.as_slice(), facts_b.as_slice());
        let mut cands = Vec::new();
        // Numbers are compared per unit: a length slot is not a count slot.
        let groups = VALUE_KINDS.iter().flat_map(|&kind| {
            let mut units: Vec<&str> = facts_a
                .iter()
                .chain(facts_b)
                .filter(|f| f.kind == kind)
                .map(|f| unit_of(kind, f))
                .collect();
            units.sort_unstable();
            units.dedup();
            units.into_iter().map(move |u| (kind, u))
        });
        let groups: Vec<(FactKind, &str)> = groups.collect();
        let translation = alignment.method == AlignMethod::Bead;
        // Between independent reports, a planted or copied error changes
        // one value of a claim. When amounts of two or more kinds or units
        // are left over on both sides after the agreeing ones are paired
        // (a percentage and an amount of money: "operating profit fell
        // 23.5% to 186.4 billion" / "net profit fell 30% to 118 billion"),
        // the sentences state different measures, and no leftover slot is
        // settled by elimination.
        let crowded = !translation
            && groups
                .iter()
                .filter(|(kind, unit)| {
                    matches!(kind, FactKind::Number | FactKind::Money | FactKind::Percent) && {
                        fn side<'f>(
                            facts: &'f [Fact],
                            kind: FactKind,
                            unit: &str,
                        ) -> Vec<&'f Fact> {
                            facts
                                .iter()
                                .filter(|f| f.kind == kind && unit_of(kind, f) == unit)
                                .collect()
                        }
                        let (a, b) = self.drop_agreeing(
                            *kind,
                            &side(facts_a, *kind, unit),
                            &side(facts_b, *kind, unit),
                        );
                        !a.is_empty() && !b.is_empty()
                    }
                })
                .count()
                >= 2;
        for (kind, unit) in groups {
            let a: Vec<&Fact> = facts_a
                .iter()
                .filter(|f| f.kind == kind && unit_of(kind, f) == unit)
                .collect();
            let b: Vec<&Fact> = facts_b
                .iter()
                .filter(|f| f.kind == kind && unit_of(kind, f) == unit)
                .collect();
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let same_count = a.len() == b.len();
            let (a, b) = self.drop_agreeing(kind, &a, &b);
            let amount = matches!(kind, FactKind::Number | FactKind::Money | FactKind::Percent);
            cands.extend(self.currency_conflicts(kind, &a, &b));
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let slot = Slot {
                unambiguous: same_count && a.len() == 1 && b.len() == 1 && !(amount && crowded),
                translation,
            };
            for pair in self.pair(kind, &a, &b, slot) {
                cands.push(Candidate {
                    kind,
                    a: a[pair.a],
                    b: b[pair.b],
                    closeness: pair.closeness,
                    headline: if kind == FactKind::Entity {
                        "entity spelled differently".to_owned()
                    } else {
                        format!("{kind} differs")
                    },
                    detail: pair.detail,
                });
            }
        }
        cands.extend(self.people(facts_a, facts_b, alignment.method == AlignMethod::Bead));
        let mut out: Vec<Disagreement> = cands
            .into_iter()
            .filter_map(|c| {
                let confidence = (support
                    * (0.4 + 0.6 * c.closeness.clamp(0.0, 1.0))
                    * kind_weight(c.kind)) as f32;
                let confidence = if confidence.is_finite() {
                    confidence.clamp(0.0, 1.0)
                } else {
                    0.0
                };
                (confidence >= self.config.min_confidence)
                    .then(|| disagreement(alignment, &c, confidence))
            })
            .collect();
        out.sort_by(|x, y| {
            x.kind
                .cmp(&y.kind)
                .then(x.span_a.cmp(&y.span_a))
                .then(x.span_b.cmp(&y.span_b))
                .then(x.id.cmp(&y.id))
        });
        let mut seen = HashSet::new();
        out.retain(|d| seen.insert(d.id.clone()));
        out
    }

    /// Direction conflicts (`rose 4.2%` / `下降4.2%`) on the two sides of
    /// `alignment`: for every amount both sides state with the same value,
    /// the direction words next to it (see `polarity`) must agree.
    /// `sentence` gives a fact's sentence.
    pub fn polarity_flags<'s>(
        &self,
        alignment: &Alignment,
        facts_a: &[Fact],
        facts_b: &[Fact],
        sentence: impl Fn(&SentenceId) -> Option<&'s Sentence>,
    ) -> Vec<Disagreement> {
        let amounts = |f: &&Fact| {
            matches!(
                f.kind,
                FactKind::Percent | FactKind::Money | FactKind::Number
            )
        };
        let mut found: Vec<(Fact, Fact, String)> = Vec::new();
        for fa in facts_a.iter().filter(amounts) {
            for fb in facts_b.iter().filter(amounts) {
                if fa.kind != fb.kind || !self.agree(fa.kind, fa, fb) {
                    continue;
                }
                let (Some(sa), Some(sb)) = (sentence(&fa.sentence_id), sentence(&fb.sentence_id))
                else {
                    continue;
                };
                if let (Some(da), Some(db)) = (
                    polarity::direction_of(sa, fa),
                    polarity::direction_of(sb, fb),
                ) {
                    if da.normalized != db.normalized {
                        let detail = format!(" for \"{}\" / \"{}\"", fa.surface, fb.surface);
                        found.push((da, db, detail));
                    }
                }
            }
        }
        let support = self.support(alignment);
        let mut out: Vec<Disagreement> = found
            .iter()
            .filter_map(|(da, db, detail)| {
                let c = Candidate {
                    kind: FactKind::Polarity,
                    a: da,
                    b: db,
                    closeness: 0.8,
                    headline: "direction differs".to_owned(),
                    detail: detail.clone(),
                };
                let confidence = (support * (0.4 + 0.6 * c.closeness) * kind_weight(c.kind))
                    .clamp(0.0, 1.0) as f32;
                (confidence >= self.config.min_confidence)
                    .then(|| disagreement(alignment, &c, confidence))
            })
            .collect();
        let mut seen = HashSet::new();
        out.retain(|d| seen.insert(d.id.clone()));
        out
    }

    /// An action one side of a translation bead negates and the other
    /// does not (`was approved` / `未获批准`), as `polarity` flags; see
    /// `negation`. `sentences_a` / `sentences_b` are the bead's sentences.
    pub fn negation_flags(
        &self,
        alignment: &Alignment,
        sentences_a: &[&Sentence],
        sentences_b: &[&Sentence],
    ) -> Vec<Disagreement> {
        if alignment.method != AlignMethod::Bead {
            return Vec::new();
        }
        let support = self.support(alignment);
        negation::conflicts(sentences_a, sentences_b)
            .iter()
            .filter_map(|(a, b, concept)| {
                let c = Candidate {
                    kind: FactKind::Polarity,
                    a,
                    b,
                    closeness: 0.7,
                    headline: "negation differs".to_owned(),
                    detail: format!(" (\"{concept}\" negated on one side only)"),
                };
                let confidence = (support * (0.4 + 0.6 * c.closeness) * kind_weight(c.kind))
                    .clamp(0.0, 1.0) as f32;
                (confidence >= self.config.min_confidence)
                    .then(|| disagreement(alignment, &c, confidence))
            })
            .collect()
    }

    /// Chinese and Japanese names whose Latin rendering slipped (`张宏祥` /
    /// `Zhong Hongxiang`, pinyin Zhang; `三宅彩` / `Aya Miyata`) on the two
    /// sides of an aligned pair:
    /// `latin` are side a's facts, `han_sentences` side b's sentences (and
    /// the reverse is a second call). See `romanize`.
    pub fn romanization_flags(
        &self,
        alignment: &Alignment,
        latin: &[Fact],
        han_sentences: &[&Sentence],
        latin_is_a: bool,
    ) -> Vec<Disagreement> {
        // Between independent reports the run-level anchor gate applies.
        let support = self.support(alignment);
        let found = romanize::slips(latin, han_sentences);
        found
            .iter()
            .filter_map(|(l, h, detail)| {
                let (a, b) = if latin_is_a { (l, h) } else { (h, l) };
                let c = Candidate {
                    kind: FactKind::Person,
                    a,
                    b,
                    closeness: 0.8,
                    headline: "person spelled differently".to_owned(),
                    detail: detail.clone(),
                };
                let confidence = (support * (0.4 + 0.6 * c.closeness) * kind_weight(c.kind))
                    .clamp(0.0, 1.0) as f32;
                (confidence >= self.config.min_confidence)
                    .then(|| disagreement(alignment, &c, confidence))
            })
            .collect()
    }

    /// How much the alignment supports "both sides state the same claim",
    /// in [0, 1]. A translation bead is high support (0.8, up to 1 with its
    /// cosine); a mined pair is half cosine, half margin above 1 (the
    /// larger of margin and score when lexical anchors were added).
    pub fn support(&self, al: &Alignment) -> f64 {
        let cos = f64::from(al.cosine).clamp(0.0, 1.0);
        let s = match al.method {
            AlignMethod::Bead => 0.8 + 0.2 * cos,
            AlignMethod::MarginMnn | AlignMethod::MarginAnchors | AlignMethod::FactAnchored => {
                let m = match al.method {
                    AlignMethod::MarginAnchors | AlignMethod::FactAnchored => {
                        al.margin.max(al.score)
                    }
                    _ => al.margin,
                };
                let span = f64::from(self.config.margin_full - 1.0).max(f64::EPSILON);
                let margin = (f64::from(m - 1.0) / span).clamp(0.0, 1.0);
                0.5 * cos + 0.5 * margin
            }
        };
        if s.is_finite() {
            s.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Whether two facts of `kind` state the same value (see the crate
    /// documentation for the equivalences).
    fn agree(&self, kind: FactKind, x: &Fact, y: &Fact) -> bool {
        self.values_agree(
            kind,
            (&x.surface, &x.normalized),
            (&y.surface, &y.normalized),
        )
    }

    /// [`Flagger::agree`] on `(surface, normalized)` pairs.
    fn values_agree(&self, kind: FactKind, x: (&str, &str), y: (&str, &str)) -> bool {
        let (xs, xn) = x;
        let (ys, yn) = y;
        if xn == yn {
            return true;
        }
        match kind {
            FactKind::Version => versions_agree(xn, yn),
            FactKind::Date if day_only(xn).is_some() || day_only(yn).is_some() => {
                day_only(xn).or_else(|| day_of(xn)) == day_only(yn).or_else(|| day_of(yn))
            }
            FactKind::Date => match (DateValue::parse(xn), DateValue::parse(yn)) {
                (Some(p), Some(q)) => p.relation(&q) == DateRelation::Agree,
                _ => false,
            },
            FactKind::Number | FactKind::Money | FactKind::Percent => {
                match (Amount::parse(kind, xn), Amount::parse(kind, yn)) {
                    (Some(p), Some(q)) => p.agrees(&q, self.config.rounding_max_relative),
                    _ => false,
                }
            }
            FactKind::Role => roles_compatible(xn, yn),
            FactKind::Polarity => false,
            FactKind::Entity
                if xn.starts_with("entity:ministry:") && yn.starts_with("entity:ministry:") =>
            {
                concord_facts::ministries_compatible(xn, yn)
            }
            FactKind::Person | FactKind::Entity => {
                if xn.to_lowercase() == yn.to_lowercase() {
                    // Same key: the same name unless spelled differently.
                    spelling_difference(xs, ys, self.config.name_max_distance).is_none()
                } else {
                    script(xs) == Script::Latin
                        && script(ys) == Script::Latin
                        && tokens(xs).concat() == tokens(ys).concat()
                }
            }
        }
    }

    /// Remove the facts that agree with some fact on the other side.
    fn drop_agreeing<'f>(
        &self,
        kind: FactKind,
        a: &[&'f Fact],
        b: &[&'f Fact],
    ) -> (Vec<&'f Fact>, Vec<&'f Fact>) {
        let keep_a = a
            .iter()
            .copied()
            .filter(|x| !b.iter().any(|y| self.agree(kind, x, y)))
            .collect();
        let keep_b = b
            .iter()
            .copied()
            .filter(|y| !a.iter().any(|x| self.agree(kind, x, y)))
            .collect();
        (keep_a, keep_b)
    }

    /// The same amount in two different currencies (`520亿元` for `520億円`):
    /// an exchange rate is never 1, so equal amounts with different
    /// currencies are a currency error, not a conversion. Amounts written
    /// with the ambiguous `¥` (yen and yuan) are left out.
    fn currency_conflicts<'f>(
        &self,
        kind: FactKind,
        a: &[&'f Fact],
        b: &[&'f Fact],
    ) -> Vec<Candidate<'f>> {
        if kind != FactKind::Money {
            return Vec::new();
        }
        // `¥` is the yen and the yuan; a bare `元` written with traditional
        // numerals (`600億元`, `3萬元`) is the New Taiwan or Hong Kong dollar
        // as often as the renminbi, so either says little of the currency.
        let ambiguous = |f: &Fact| {
            f.surface.contains(['¥', '￥'])
                || (f.surface.ends_with('元')
                    && f.surface.contains(['億', '萬'])
                    && !f
                        .surface
                        .contains(['人', '美', '日', '港', '台', '歐', '英']))
        };
        let mut pairs = Vec::new();
        for (i, fa) in a.iter().enumerate() {
            for (j, fb) in b.iter().enumerate() {
                let (Some(x), Some(y)) = (
                    Amount::parse(kind, &fa.normalized),
                    Amount::parse(kind, &fb.normalized),
                ) else {
                    continue;
                };
                if x.currency != y.currency
                    && !ambiguous(fa)
                    && !ambiguous(fb)
                    && x.same_number(&y, self.config.rounding_max_relative)
                {
                    pairs.push((i, j, 1.0));
                }
            }
        }
        greedy(pairs, |&(i, j, c)| (i, j, c))
            .into_iter()
            .map(|(i, j, _)| Candidate {
                kind,
                a: a[i],
                b: b[j],
                closeness: 0.9,
                headline: "money differs".to_owned(),
                detail: " (same amount, different currency)".to_owned(),
            })
            .collect()
    }

    /// Candidate pairs for one kind, then a greedy one-to-one matching.
    fn pair(&self, kind: FactKind, a: &[&Fact], b: &[&Fact], slot: Slot) -> Vec<Pair> {
        let mut cands = Vec::new();
        for (i, fa) in a.iter().enumerate() {
            for (j, fb) in b.iter().enumerate() {
                let c = match kind {
                    FactKind::Version => self.version_pair(fa, fb, slot),
                    FactKind::Date => date_pair(fa, fb, slot.translation),
                    FactKind::Number | FactKind::Money | FactKind::Percent => {
                        self.amount_pair(kind, fa, fb, slot)
                    }
                    FactKind::Entity => self.entity_pair(fa, fb, slot),
                    // Compared in `people` and `polarity`.
                    FactKind::Person | FactKind::Role | FactKind::Polarity => None,
                };
                if let Some((closeness, detail)) = c {
                    cands.push(Pair {
                        a: i,
                        b: j,
                        closeness,
                        detail,
                    });
                }
            }
        }
        greedy(cands, |p| (p.a, p.b, p.closeness))
    }

    fn version_pair(&self, a: &Fact, b: &Fact, slot: Slot) -> Option<(f64, String)> {
        let (x, y) = (a.normalized.to_lowercase(), b.normalized.to_lowercase());
        if versions_agree(&x, &y) {
            return None;
        }
        // Optimal string alignment: a transposed pair of characters
        // (`G1728` / `G1782`) is one edit, as typists make it.
        // The same characters in another order (`TQ2-Y3` / `TQ3-Y2`) are
        // one slip too: a swap of two characters that do not touch.
        let mut sorted_x: Vec<char> = x.chars().collect();
        let mut sorted_y: Vec<char> = y.chars().collect();
        sorted_x.sort_unstable();
        sorted_y.sort_unstable();
        let edits = if sorted_x == sorted_y {
            1
        } else {
            strsim::osa_distance(&x, &y)
        };
        let len = x.chars().count().max(y.chars().count()).max(1);
        let distance = edits as f64 / len as f64;
        if distance > self.config.version_max_distance {
            // Short codes are all near each other (`G7` / `G8` is half
            // their characters): in a translation, the one code of each
            // side names the same thing, so any difference is a conflict.
            return (slot.translation && slot.unambiguous)
                .then(|| (0.5, format!(" (edit distance {edits}, one code each side)")));
        }
        Some((1.0 - distance, format!(" (edit distance {edits})")))
    }

    /// Two amounts left over after the agreeing ones are removed fill the
    /// same slot only when that is evident: the slot is unambiguous (one
    /// amount left on each side of sentences that state as many amounts of
    /// the kind), or the two values look like one copied wrongly (digits
    /// transposed or one digit changed, a scale slipped: [`Amount::error_like`]).
    /// Any other two numbers of two sentences most likely count different
    /// things ("3 models" / "30 months").
    fn amount_pair(&self, kind: FactKind, a: &Fact, b: &Fact, slot: Slot) -> Option<(f64, String)> {
        let x = Amount::parse(kind, &a.normalized)?;
        let y = Amount::parse(kind, &b.normalized)?;
        if x.currency != y.currency || x.agrees(&y, self.config.rounding_max_relative) {
            // Different currencies are not comparable without rates.
            return None;
        }
        let max = self.config.amount_max_ratio.max(1.0);
        if kind == FactKind::Number && !x.currency.is_empty() && same_written_figure(a, b) {
            // `286 miles per hour` for `286 km/h`: the figure was copied,
            // the unit mistranslated.
            return Some((0.9, " (same figure, different unit)".to_owned()));
        }
        // A changed digit of a small number is as often another count
        // (`19` dead / `16` cars) when nothing else ties the two numbers to
        // one slot, as between independent reports.
        let tied =
            slot.translation || slot.unambiguous || x.value.abs().min(y.value.abs()) >= 100.0;
        if tied && x.error_like(&y) {
            // A copying error: as sure as the closest honest difference.
            return Some((0.5 + 0.5 * x.closeness(&y, max).max(0.5), String::new()));
        }
        // Otherwise only an unambiguous slot, and values of one order of
        // magnitude (`2022` against `1` is a year against a count). Between
        // independent reports elimination is weak (each picks its own
        // measures: operating profit here, net profit there), so there the
        // values must be close, as a slip makes them.
        let ratio = if slot.translation {
            max
        } else {
            self.config.independent_max_ratio.max(1.0)
        };
        (slot.unambiguous && x.within_ratio(&y, ratio))
            .then(|| (0.5 + 0.5 * x.closeness(&y, max), String::new()))
    }

    fn entity_pair(&self, a: &Fact, b: &Fact, slot: Slot) -> Option<(f64, String)> {
        // Ministries and listed places carry a canonical id from the
        // lexicon in any language (`entity:ministry:foreign` for 外务省 and
        // Foreign Ministry, `entity:place:jp-shizuoka` for 静岡県 and
        // Shizuoka): two ids in one slot are two ministries or places.
        let ministry = |f: &Fact| {
            ["entity:ministry:", "entity:place:"]
                .iter()
                .find_map(|p| f.normalized.strip_prefix(p))
                .map(str::to_owned)
        };
        match (ministry(a), ministry(b)) {
            (Some(x), Some(y)) => {
                return (x != y && slot.unambiguous)
                    .then(|| (0.7, " (a different ministry or place)".to_owned()));
            }
            (Some(_), None) | (None, Some(_)) => return None,
            (None, None) => {}
        }
        if names::related_forms(&a.surface, &b.surface) {
            return None;
        }
        let diffs = spelling_difference(&a.surface, &b.surface, self.config.name_max_distance)?;
        Some(spelling_closeness(&diffs))
    }

    /// Persons (same person spelled differently, or a different person) and
    /// roles (a role that changes for the same person).
    fn people<'f>(
        &self,
        facts_a: &'f [Fact],
        facts_b: &'f [Fact],
        translation: bool,
    ) -> Vec<Candidate<'f>> {
        let max = self.config.name_max_distance;
        let pa: Vec<&Fact> = facts_a
            .iter()
            .filter(|f| f.kind == FactKind::Person)
            .collect();
        let pb: Vec<&Fact> = facts_b
            .iter()
            .filter(|f| f.kind == FactKind::Person)
            .collect();
        let mut cands = Vec::new();
        let mut matches = Vec::new();
        for (i, x) in pa.iter().enumerate() {
            for (j, y) in pb.iter().enumerate() {
                if let Some(m) = same_person(x, y, max) {
                    matches.push((i, j, m.similarity));
                }
            }
        }
        let matched = greedy(matches, |&(i, j, s)| (i, j, s));
        for &(i, j, _) in &matched {
            if let Some(diffs) = spelling_difference(&pa[i].surface, &pb[j].surface, max) {
                let (closeness, detail) = spelling_closeness(&diffs);
                cands.push(Candidate {
                    kind: FactKind::Person,
                    a: pa[i],
                    b: pb[j],
                    closeness,
                    headline: "person spelled differently".to_owned(),
                    detail,
                });
            }
        }
        // A different person is credible only where one side translates the
        // other: independent reports quote different people in sentences
        // that say the same thing.
        cands.extend(self.person_entity_spellings(facts_a, facts_b, &pa, &pb));
        if translation && matched.is_empty() && pa.len() == 1 && pb.len() == 1 {
            let (sa, sb) = (script(&pa[0].surface), script(&pb[0].surface));
            // A name whose words the other side writes in another fact (the
            // same person taken for an organization, or in the other order)
            // is no different person.
            let named_elsewhere = |x: &Fact, other: &[Fact]| {
                tokens(&x.surface)
                    .iter()
                    .filter(|t| t.chars().count() >= 3)
                    .any(|t| {
                        other
                            .iter()
                            .filter(|f| f.id != x.id)
                            .any(|f| tokens(&f.surface).iter().any(|u| u == t))
                    })
            };
            if sa == sb
                && sa != Script::Other
                && !named_elsewhere(pa[0], facts_b)
                && !named_elsewhere(pb[0], facts_a)
            {
                cands.push(Candidate {
                    kind: FactKind::Person,
                    a: pa[0],
                    b: pb[0],
                    closeness: 0.4,
                    headline: "person differs".to_owned(),
                    detail: String::new(),
                });
            }
        }
        cands.extend(self.roles(facts_a, facts_b, &pa, &pb, &matched));
        cands
    }

    /// A Latin name that the facts stage took for a person on one side and
    /// for an organization or other name on the other (`Liang Weiming` /
    /// `Liang Wenming`) is still one name: spelled differently, it is a
    /// person spelled differently. Both must have the same number of words
    /// (two or more), and not be forms of one another ([`names::related_forms`]).
    fn person_entity_spellings<'f>(
        &self,
        facts_a: &'f [Fact],
        facts_b: &'f [Fact],
        pa: &[&'f Fact],
        pb: &[&'f Fact],
    ) -> Vec<Candidate<'f>> {
        let latin_entities = |facts: &'f [Fact]| -> Vec<&'f Fact> {
            facts
                .iter()
                .filter(|f| f.kind == FactKind::Entity && script(&f.surface) == Script::Latin)
                .collect()
        };
        let (ea, eb) = (latin_entities(facts_a), latin_entities(facts_b));
        let max = self.config.name_max_distance;
        let mut pairs = Vec::new();
        let mut consider = |x: &'f Fact, y: &'f Fact, swap: bool| {
            let (tx, ty) = (tokens(&x.surface), tokens(&y.surface));
            if script(&x.surface) != Script::Latin
                || tx.len() < 2
                || tx.len() != ty.len()
                || names::related_forms(&x.surface, &y.surface)
            {
                return;
            }
            if let Some(diffs) = spelling_difference(&x.surface, &y.surface, max) {
                let (closeness, detail) = spelling_closeness(&diffs);
                let (a, b) = if swap { (y, x) } else { (x, y) };
                pairs.push((a, b, closeness, detail));
            }
        };
        for x in pa {
            for y in &eb {
                consider(x, y, false);
            }
        }
        for y in pb {
            for x in &ea {
                consider(y, x, true);
            }
        }
        pairs
            .into_iter()
            .map(|(a, b, closeness, detail)| Candidate {
                kind: FactKind::Person,
                a,
                b,
                closeness,
                headline: "person spelled differently".to_owned(),
                detail,
            })
            .collect()
    }

    /// Roles that change between the two sides (see the crate docs).
    fn roles<'f>(
        &self,
        facts_a: &'f [Fact],
        facts_b: &'f [Fact],
        pa: &[&'f Fact],
        pb: &[&'f Fact],
        matched: &[(usize, usize, f64)],
    ) -> Vec<Candidate<'f>> {
        let ra: Vec<&Fact> = facts_a
            .iter()
            .filter(|f| f.kind == FactKind::Role)
            .collect();
        let rb: Vec<&Fact> = facts_b
            .iter()
            .filter(|f| f.kind == FactKind::Role)
            .collect();
        if ra.is_empty() || rb.is_empty() {
            return Vec::new();
        }
        let in_other = |r: &Fact, other: &[&Fact]| {
            other
                .iter()
                .any(|o| roles_compatible(&o.normalized, &r.normalized))
        };
        let owner_a = self.attach_roles(&ra, pa);
        let owner_b = self.attach_roles(&rb, pb);
        let mut out = Vec::new();
        let (mut used_a, mut used_b) = (HashSet::new(), HashSet::new());
        for &(i, j, _) in matched {
            let mine = |owner: &[Option<(usize, usize)>], person: usize| -> Vec<usize> {
                let mut v: Vec<(usize, usize)> = owner
                    .iter()
                    .enumerate()
                    .filter_map(|(r, o)| o.filter(|&(p, _)| p == person).map(|(_, g)| (g, r)))
                    .collect();
                v.sort_unstable();
                v.into_iter().map(|(_, r)| r).collect()
            };
            let (mine_a, mine_b) = (mine(&owner_a, i), mine(&owner_b, j));
            if mine_a.is_empty() || mine_b.is_empty() {
                continue;
            }
            let shared = mine_a.iter().any(|&x| {
                mine_b
                    .iter()
                    .any(|&y| roles_compatible(&ra[x].normalized, &rb[y].normalized))
            });
            // The nearest role of each. Two roles that both appear on the
            // other side too ("secretary general … adviser" / "秘书长 …
            // 顾问") were only attached to different people of the
            // sentence: the sentences state the same roles.
            let (x, y) = (mine_a[0], mine_b[0]);
            let both_elsewhere = in_other(ra[x], &rb) && in_other(rb[y], &ra);
            if shared || both_elsewhere || used_a.contains(&x) || used_b.contains(&y) {
                continue;
            }
            used_a.insert(x);
            used_b.insert(y);
            out.push(Candidate {
                kind: FactKind::Role,
                a: ra[x],
                b: rb[y],
                closeness: 0.8,
                headline: "role differs".to_owned(),
                detail: format!(
                    " for the same person (\"{}\" / \"{}\")",
                    pa[i].surface, pb[j].surface
                ),
            });
        }
        if !out.is_empty() {
            return out;
        }
        let left_a: Vec<&Fact> = ra.iter().copied().filter(|r| !in_other(r, &rb)).collect();
        let left_b: Vec<&Fact> = rb.iter().copied().filter(|r| !in_other(r, &ra)).collect();
        // One role left on each side of sentences that state as many roles:
        // by elimination the same slot ("president and CEO" / "vice
        // president and CEO").
        if ra.len() != rb.len() || left_a.len() != 1 || left_b.len() != 1 {
            return out;
        }
        // At most one person on each side (names in Chinese characters in
        // Japanese text, or the reverse, are often not found at all).
        let closeness = if pa.len() == 1 && pb.len() == 1 {
            0.6
        } else if pa.len() <= 1 && pb.len() <= 1 {
            0.5
        } else {
            return out;
        };
        out.push(Candidate {
            kind: FactKind::Role,
            a: left_a[0],
            b: left_b[0],
            closeness,
            headline: "role differs".to_owned(),
            detail: String::new(),
        });
        out
    }

    /// For each role, the index of the nearest person in the same sentence
    /// (at most `role_max_gap` bytes away) and the gap in bytes.
    fn attach_roles(&self, roles: &[&Fact], persons: &[&Fact]) -> Vec<Option<(usize, usize)>> {
        let gap = |r: &Fact, p: &Fact| {
            if r.span.end <= p.span.start {
                p.span.start - r.span.end
            } else {
                // Overlapping spans give 0.
                r.span.start.saturating_sub(p.span.end)
            }
        };
        roles
            .iter()
            .map(|r| {
                persons
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.sentence_id == r.sentence_id)
                    .map(|(k, p)| (gap(r, p), k))
                    .filter(|&(g, _)| g <= self.config.role_max_gap)
                    .min()
                    .map(|(g, k)| (k, g))
            })
            .collect()
    }
}

/// `facts` without the percentages that `other` states as the same figure
/// in percentage points, and without the points that `other` states as a
/// percentage: Chinese and Japanese write a rate change of half a point as
/// `0.5%の利上げ` / `加息0.5%`, so `0.5%` and "half a percentage point"
/// are one statement, not a percentage left without its counterpart.
fn points_as_percents(facts: &[Fact], other: &[Fact]) -> Vec<Fact> {
    let figure = |f: &Fact, unit: &str| -> Option<String> {
        (f.kind == FactKind::Percent)
            .then(|| f.normalized.strip_suffix(unit).map(str::to_owned))
            .flatten()
    };
    let has = |facts: &[Fact], unit: &str, value: &str| {
        facts
            .iter()
            .any(|f| figure(f, unit).as_deref() == Some(value))
    };
    facts
        .iter()
        .filter(|f| {
            let swapped = match (figure(f, "pp"), figure(f, "%")) {
                (Some(v), _) => has(other, "%", &v) && !has(other, "pp", &v),
                (None, Some(v)) => has(other, "pp", &v) && !has(other, "%", &v),
                _ => false,
            };
            !swapped
        })
        .cloned()
        .collect()
}

/// `facts` with plain numbers that read as years (whole numbers 1800–2100)
/// made year dates when `other` states a year date: `in 2020` may be
/// extracted as a number on one side and `2020年` as a date on the other,
/// and they fill one slot.
fn years_as_dates(facts: &[Fact], other: &[Fact]) -> Vec<Fact> {
    let other_has_year = other.iter().any(|f| {
        f.kind == FactKind::Date && f.normalized.len() == 4 && f.normalized.parse::<u32>().is_ok()
    });
    facts
        .iter()
        .map(|f| {
            let year = f.kind == FactKind::Number
                && f.normalized.len() == 4
                && f.normalized
                    .parse::<u32>()
                    .is_ok_and(|y| (1800..=2100).contains(&y));
            if year && other_has_year {
                Fact {
                    kind: FactKind::Date,
                    ..f.clone()
                }
            } else {
                f.clone()
            }
        })
        .collect()
}

/// Whether two quantities are written with the same figure (`286` in
/// `286 miles per hour` and `286 km/h`).
fn same_written_figure(a: &Fact, b: &Fact) -> bool {
    let figure = |f: &Fact| -> String {
        f.surface
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .filter(|c| *c != ',')
            .collect()
    };
    let (x, y) = (figure(a), figure(b));
    !x.is_empty() && x == y
}

/// The slot group of a fact within its kind: the unit of a quantity
/// (`58000 m` → `m`), `ministry` for ministries; empty otherwise.
fn unit_of(kind: FactKind, f: &Fact) -> &str {
    match kind {
        FactKind::Number => f.normalized.split_once(' ').map_or("", |(_, u)| u),
        // Ministries fill their own slots (see `entity_pair`).
        FactKind::Entity if f.normalized.starts_with("entity:ministry:") => "ministry",
        FactKind::Entity if f.normalized.starts_with("entity:place:") => "place",
        _ => "",
    }
}

/// Whether two person facts name the same person: by their Latin spellings
/// when both are Latin, else by their phonetic keys.
fn same_person(x: &Fact, y: &Fact, max: f64) -> Option<NameMatch> {
    if x.normalized.to_lowercase() == y.normalized.to_lowercase() {
        return Some(NameMatch {
            similarity: 1.0,
            pairs: Vec::new(),
        });
    }
    if script(&x.surface) == Script::Latin && script(&y.surface) == Script::Latin {
        name_match(
            &tokens(&x.surface),
            &tokens(&y.surface),
            max,
            SPELLING_MIN_LEN,
        )
    } else {
        name_match(
            &key_tokens(&x.normalized),
            &key_tokens(&y.normalized),
            max,
            KEY_MIN_LEN,
        )
    }
}

/// Closeness and detail of a spelling difference: `1 - edits / length` over
/// the differing tokens.
fn spelling_closeness(diffs: &[(String, String)]) -> (f64, String) {
    let edits: usize = diffs.iter().map(|(x, y)| strsim::levenshtein(x, y)).sum();
    let len: usize = diffs
        .iter()
        .map(|(x, y)| x.chars().count().max(y.chars().count()))
        .sum();
    let closeness = if len == 0 {
        0.0
    } else {
        1.0 - edits as f64 / len as f64
    };
    (closeness, format!(" (edit distance {edits})"))
}

/// Case-insensitive equality, or one name-version is the tail of the other
/// (`Claude-Opus-4.8` and `Opus-4.8`).
fn versions_agree(x: &str, y: &str) -> bool {
    let (x, y) = (x.to_lowercase(), y.to_lowercase());
    if x == y {
        return true;
    }
    let parts = |s: &str| -> Vec<String> {
        s.split(['-', ' '])
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (px, py) = (parts(&x), parts(&y));
    let (short, long) = if px.len() <= py.len() {
        (px, py)
    } else {
        (py, px)
    };
    short.len() >= 2 && long.ends_with(&short)
}

/// The day of an unresolved day-of-month date (`---23`, from `23日` in a
/// document without a dateline).
fn day_only(normalized: &str) -> Option<&str> {
    normalized.strip_prefix("---").filter(|d| d.len() == 2)
}

/// The day of a date with a day (`2026-03-10`, `--03-10`).
fn day_of(normalized: &str) -> Option<&str> {
    let d = normalized.rsplit('-').next()?;
    (d.len() == 2 && normalized.len() >= 7).then_some(d)
}

fn date_pair(a: &Fact, b: &Fact, translation: bool) -> Option<(f64, String)> {
    // A day without its month is only compared by the day. Between
    // independent reports a different day may be another date of the
    // month; a translation states the same date, so there a different day
    // (`30日` / `29 day`) is a conflict.
    if day_only(&a.normalized).is_some() || day_only(&b.normalized).is_some() {
        let day = |n: &str| day_only(n).or_else(|| day_of(n)).map(str::to_owned);
        return match (day(&a.normalized), day(&b.normalized)) {
            (Some(x), Some(y)) if translation && x != y => {
                Some((0.75, " (a different day of the month)".to_owned()))
            }
            _ => None,
        };
    }
    match (
        is_relative_date(&a.normalized),
        is_relative_date(&b.normalized),
    ) {
        // Different relative dates in a translation: the translator changed
        // the time reference ("last month" for "on Monday"). Between
        // independent articles they may just have been written on
        // different days.
        (true, true) => {
            // `Saturday` and `上周六` name one day with more or less
            // explicitness (`rel:weekday-6` / `rel:weekday-6@prevweek`).
            let bare = |v: &str| v.split('@').next().unwrap_or(v).to_owned();
            return (translation && bare(&a.normalized) != bare(&b.normalized)).then(|| {
                (
                    0.75,
                    " (relative dates; a translation should keep them)".to_owned(),
                )
            });
        }
        (false, false) => {}
        // A relative date has no calendar value to compare.
        _ => return None,
    }
    let x = DateValue::parse(&a.normalized)?;
    let y = DateValue::parse(&b.normalized)?;
    let DateRelation::Conflict {
        days,
        same_precision,
    } = x.relation(&y)
    else {
        return None;
    };
    let closeness = match days {
        0..=1 => 0.9,
        2..=7 => 0.75,
        8..=62 => 0.6,
        _ => 0.45,
    };
    // A year or a month and a day in two independent sentences usually
    // date different things (the year of a trend, the day of an event); a
    // translation must keep the precision, so there a coarser date is
    // still a conflict. (`June 26` and `2026年6月27日` both name a day.)
    let has_day = |n: &str| {
        let first = n.split('/').next().unwrap_or(n);
        first.len() == 10 || (first.starts_with("--") && first.len() == 7)
    };
    if !same_precision && !translation && has_day(&a.normalized) != has_day(&b.normalized) {
        return None;
    }
    let closeness = if same_precision {
        closeness
    } else {
        closeness * 0.8
    };
    Some((closeness, String::new()))
}

/// Greedy one-to-one matching, best closeness first, ties by position, so
/// the result is deterministic.
fn greedy<T>(mut cands: Vec<T>, key: impl Fn(&T) -> (usize, usize, f64)) -> Vec<T> {
    cands.sort_by(|x, y| {
        let (xa, xb, xc) = key(x);
        let (ya, yb, yc) = key(y);
        yc.total_cmp(&xc).then(xa.cmp(&ya)).then(xb.cmp(&yb))
    });
    let (mut used_a, mut used_b) = (HashSet::new(), HashSet::new());
    cands.retain(|p| {
        let (a, b, _) = key(p);
        if used_a.contains(&a) || used_b.contains(&b) {
            return false;
        }
        used_a.insert(a);
        used_b.insert(b);
        true
    });
    cands
}

/// How often a kind's disagreements are real rather than mis-paired slots.
fn kind_weight(kind: FactKind) -> f64 {
    match kind {
        FactKind::Version | FactKind::Date | FactKind::Money => 1.0,
        FactKind::Percent | FactKind::Role => 0.95,
        FactKind::Number | FactKind::Person => 0.9,
        FactKind::Entity => 0.85,
        // A direction word may scope over another clause than the amount.
        FactKind::Polarity => 0.7,
    }
}

/// The two values a flag compares: the canonical values, or for persons and
/// entities with the same key, the folded spellings.
fn compared_values(d: &Disagreement) -> (String, String) {
    let same_key = d.normalized_a.to_lowercase() == d.normalized_b.to_lowercase();
    if matches!(d.kind, FactKind::Person | FactKind::Entity) && same_key {
        (tokens(&d.value_a).join(" "), tokens(&d.value_b).join(" "))
    } else {
        (d.normalized_a.clone(), d.normalized_b.clone())
    }
}

/// The stable id of a flag: a hash of `flag`, the kind, the two compared
/// values (canonical values; for persons and entities with the same key, the
/// folded spellings) each followed by its sentence id, the two sides in
/// sorted order so that swapping the sides gives the same id. It does not
/// depend on the claim, confidence, spans, explanation or the alignment.
pub fn flag_id(d: &Disagreement) -> FlagId {
    let (va, vb) = compared_values(d);
    let a = (va, d.sentence_a.as_str());
    let b = (vb, d.sentence_b.as_str());
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    // The claim id is deliberately not part of the flag id: a claim's id
    // changes whenever a new article joins it, and a CI diff must see the
    // same conflict between the same two sentences as the same flag.
    FlagId::from_parts([
        "flag",
        d.kind.as_str(),
        first.0.as_str(),
        first.1,
        second.0.as_str(),
        second.1,
    ])
}

fn disagreement(al: &Alignment, c: &Candidate<'_>, confidence: f32) -> Disagreement {
    let (fa, fb) = (c.a, c.b);
    let show = |f: &Fact| {
        // Name keys (`person:ltnk`) mean nothing to a reader.
        if f.surface == f.normalized || matches!(f.kind, FactKind::Person | FactKind::Entity) {
            format!("\"{}\"", f.surface)
        } else {
            format!("\"{}\" ({})", f.surface, f.normalized)
        }
    };
    let explanation = format!("{}: {} vs {}{}", c.headline, show(fa), show(fb), c.detail);
    let mut d = Disagreement {
        id: FlagId::from_string(""),
        kind: c.kind,
        alignment_id: al.id.clone(),
        doc_a: al.doc_a.clone(),
        doc_b: al.doc_b.clone(),
        sentence_a: fa.sentence_id.clone(),
        sentence_b: fb.sentence_id.clone(),
        value_a: fa.surface.clone(),
        value_b: fb.surface.clone(),
        normalized_a: fa.normalized.clone(),
        normalized_b: fb.normalized.clone(),
        span_a: fa.span,
        span_b: fb.span,
        confidence,
        explanation: explanation.replace(['\n', '\r'], " "),
        claim_id: None,
        likely_error_side: None,
        suggested: None,
    };
    d.id = flag_id(&d);
    d
}

#[cfg(test)]
mod tests;
