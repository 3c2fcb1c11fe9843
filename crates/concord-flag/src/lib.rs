//! Disagreement flags between two aligned sentences: given the facts of both
//! sentences of an [`Alignment`], report the pairs of same-kind facts that
//! most likely fill the same "slot" of the shared claim but carry different
//! values (`GPS-5.6` vs `GPT-5.6`, `June 26` vs `6月27日`).
//!
//! Facts are compared on their canonical values from the facts stage, so
//! mere format differences (`$250 million` vs `2.5亿美元`, `June 27` vs
//! `6月27日`) never produce a flag. Per kind, facts whose value appears on
//! both sides are dropped first; the rest are paired greedily, best match
//! first, and only pairs that are plausibly the same slot are reported:
//! versions with a small normalized edit distance, dates of compatible
//! precision, amounts of the same currency within an order of magnitude (or
//! the single remaining amount on each side). Confidence combines how good the
//! alignment is (cosine, margin) with how close the two values are.
//!
//! ```
//! use concord_core::*;
//! use concord_flag::{FlagConfig, Flagger};
//!
//! let (sa, sb) = (SentenceId::from_string("s-a"), SentenceId::from_string("s-b"));
//! let fact = |s: &SentenceId, surface: &str| Fact {
//!     id: FactId::from_parts([s.as_str(), surface]),
//!     sentence_id: s.clone(),
//!     doc_id: DocId::from_string("d"),
//!     kind: FactKind::Version,
//!     surface: surface.to_owned(),
//!     normalized: surface.to_owned(),
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
//! let flags = Flagger::new(FlagConfig::default()).flag(
//!     &alignment,
//!     &[fact(&sa, "GPS-5.6")],
//!     &[fact(&sb, "GPT-5.6")],
//! );
//! assert_eq!(flags.len(), 1);
//! assert_eq!(flags[0].explanation, r#"version differs: "GPS-5.6" vs "GPT-5.6" (edit distance 1)"#);
//! assert!(flags[0].confidence > 0.7);
//! ```

mod dates;

use concord_core::{Alignment, Disagreement, Fact, FactKind, FlagId};
use dates::DateValue;
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
    /// Flags below this confidence are dropped.
    pub min_confidence: f32,
    /// Two amounts of the same kind (and currency) are paired when the larger
    /// is at most this many times the smaller, or when each is the only one
    /// left on its side.
    pub amount_max_ratio: f64,
    /// Ratio margin at which the alignment counts as fully reliable; a
    /// margin of 1.0 (no better than the neighbourhood) counts as nothing.
    pub margin_full: f32,
}

impl Default for FlagConfig {
    fn default() -> Self {
        Self {
            version_max_distance: 0.34,
            min_confidence: 0.3,
            amount_max_ratio: 10.0,
            margin_full: 1.2,
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
    /// Check that every field is in range.
    pub fn validate(&self) -> Result<(), FlagError> {
        let bad = |field, value: String, reason| {
            Err(FlagError::InvalidConfig {
                field,
                value,
                reason,
            })
        };
        if !(0.0..=1.0).contains(&self.version_max_distance) {
            return bad(
                "version_max_distance",
                self.version_max_distance.to_string(),
                "must be in [0, 1]",
            );
        }
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return bad(
                "min_confidence",
                self.min_confidence.to_string(),
                "must be in [0, 1]",
            );
        }
        if self.amount_max_ratio.is_nan() || self.amount_max_ratio < 1.0 {
            return bad(
                "amount_max_ratio",
                self.amount_max_ratio.to_string(),
                "must be >= 1",
            );
        }
        if self.margin_full.is_nan() || self.margin_full <= 1.0 {
            return bad("margin_full", self.margin_full.to_string(), "must be > 1");
        }
        Ok(())
    }
}

/// Compares the facts of two aligned sentences.
#[derive(Debug, Clone, Default)]
pub struct Flagger {
    config: FlagConfig,
}

/// A candidate pairing of one fact from each side.
struct Pair {
    a: usize,
    b: usize,
    /// How alike the two values are, in [0, 1]; higher pairs first.
    closeness: f64,
    /// Extra text for the explanation (e.g. the edit distance).
    detail: String,
}

impl Flagger {
    /// A flagger with this configuration (see [`FlagConfig::validate`]).
    pub fn new(config: FlagConfig) -> Self {
        Self { config }
    }

    /// The configuration in use.
    pub fn config(&self) -> &FlagConfig {
        &self.config
    }

    /// Disagreements between the facts of `alignment.sentence_a` (`facts_a`)
    /// and of `alignment.sentence_b` (`facts_b`), ordered by kind, then by
    /// the spans on side a and side b. The caller passes the right facts;
    /// their `sentence_id`s are not checked.
    pub fn flag(
        &self,
        alignment: &Alignment,
        facts_a: &[Fact],
        facts_b: &[Fact],
    ) -> Vec<Disagreement> {
        let support = self.alignment_support(alignment);
        let mut kinds: Vec<FactKind> = facts_a.iter().map(|f| f.kind).collect();
        kinds.sort();
        kinds.dedup();
        let mut out = Vec::new();
        for kind in kinds {
            let a: Vec<&Fact> = facts_a.iter().filter(|f| f.kind == kind).collect();
            let b: Vec<&Fact> = facts_b.iter().filter(|f| f.kind == kind).collect();
            if b.is_empty() {
                continue;
            }
            let (a, b) = drop_agreeing(kind, &a, &b);
            if a.is_empty() || b.is_empty() {
                continue;
            }
            for pair in self.pair(kind, &a, &b) {
                let (fa, fb) = (a[pair.a], b[pair.b]);
                let confidence = (support * (0.4 + 0.6 * pair.closeness)) as f32;
                let confidence = confidence.clamp(0.0, 1.0);
                if confidence < self.config.min_confidence {
                    continue;
                }
                out.push(disagreement(
                    alignment,
                    kind,
                    fa,
                    fb,
                    confidence,
                    &pair.detail,
                ));
            }
        }
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

    /// How much the alignment supports "these sentences state the same
    /// claim", in [0, 1]: half cosine, half margin above 1.
    fn alignment_support(&self, al: &Alignment) -> f64 {
        let cos = f64::from(al.cosine).clamp(0.0, 1.0);
        let span = f64::from(self.config.margin_full - 1.0).max(f64::EPSILON);
        let margin = (f64::from(al.margin - 1.0) / span).clamp(0.0, 1.0);
        let s = 0.5 * cos + 0.5 * margin;
        if s.is_finite() {
            s
        } else {
            0.0
        }
    }

    /// Candidate pairs for one kind, then a greedy one-to-one matching, best
    /// closeness first (ties by position, so the result is deterministic).
    fn pair(&self, kind: FactKind, a: &[&Fact], b: &[&Fact]) -> Vec<Pair> {
        let single = a.len() == 1 && b.len() == 1;
        let mut cands = Vec::new();
        for (i, fa) in a.iter().enumerate() {
            for (j, fb) in b.iter().enumerate() {
                let c = match kind {
                    FactKind::Version => self.version_pair(fa, fb),
                    FactKind::Date => date_pair(fa, fb),
                    FactKind::Number | FactKind::Money | FactKind::Percent => {
                        self.amount_pair(kind, fa, fb, single)
                    }
                    // Roles have language-neutral keys: only an unambiguous
                    // one-to-one leftover is paired.
                    FactKind::Role => single.then(|| (0.5, String::new())),
                    // Names are transliterated differently in each language
                    // (トム・ブラウン vs Tom Brown), so unequal values prove
                    // nothing: never flagged.
                    FactKind::Person | FactKind::Entity => None,
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
        cands.sort_by(|x, y| {
            y.closeness
                .total_cmp(&x.closeness)
                .then(x.a.cmp(&y.a))
                .then(x.b.cmp(&y.b))
        });
        let (mut used_a, mut used_b) = (HashSet::new(), HashSet::new());
        cands.retain(|p| {
            if used_a.contains(&p.a) || used_b.contains(&p.b) {
                return false;
            }
            used_a.insert(p.a);
            used_b.insert(p.b);
            true
        });
        cands
    }

    fn version_pair(&self, a: &Fact, b: &Fact) -> Option<(f64, String)> {
        let (x, y) = (a.normalized.to_lowercase(), b.normalized.to_lowercase());
        if x == y {
            return None;
        }
        let distance = 1.0 - strsim::normalized_levenshtein(&x, &y);
        if distance > self.config.version_max_distance {
            return None;
        }
        let edits = strsim::levenshtein(&x, &y);
        Some((1.0 - distance, format!(" (edit distance {edits})")))
    }

    fn amount_pair(
        &self,
        kind: FactKind,
        a: &Fact,
        b: &Fact,
        single: bool,
    ) -> Option<(f64, String)> {
        let (ca, va) = split_amount(kind, &a.normalized)?;
        let (cb, vb) = split_amount(kind, &b.normalized)?;
        if ca != cb {
            // Different currencies are not comparable without rates.
            return None;
        }
        if va == vb {
            return None;
        }
        let (lo, hi) = (va.abs().min(vb.abs()), va.abs().max(vb.abs()));
        let ratio = if lo > 0.0 { hi / lo } else { f64::INFINITY };
        let max = self.config.amount_max_ratio.max(1.0);
        if ratio <= max {
            let closeness = if max > 1.0 {
                1.0 - ratio.ln() / max.ln()
            } else {
                1.0
            };
            Some((0.5 + 0.5 * closeness.clamp(0.0, 1.0), String::new()))
        } else if single {
            Some((0.3, String::new()))
        } else {
            None
        }
    }
}

/// `(currency, value)` of a canonical amount: `USD 250000000`, `48000`, `5%`.
fn split_amount(kind: FactKind, normalized: &str) -> Option<(String, f64)> {
    let (cur, num) = match kind {
        FactKind::Money => {
            let (c, n) = normalized.split_once(' ')?;
            (c.to_owned(), n)
        }
        FactKind::Percent => (String::new(), normalized.trim_end_matches('%')),
        _ => (String::new(), normalized),
    };
    let v: f64 = num.trim().parse().ok()?;
    v.is_finite().then_some((cur, v))
}

fn date_pair(a: &Fact, b: &Fact) -> Option<(f64, String)> {
    let x = DateValue::parse(&a.normalized)?;
    let y = DateValue::parse(&b.normalized)?;
    if !x.comparable_precision(&y) || x.agrees(&y) {
        return None;
    }
    let days = x.distance_days(&y)?;
    let closeness = match days {
        0..=1 => 0.9,
        2..=7 => 0.75,
        8..=62 => 0.6,
        _ => 0.45,
    };
    Some((closeness, String::new()))
}

/// Remove the facts that agree with some fact on the other side.
fn drop_agreeing<'f>(
    kind: FactKind,
    a: &[&'f Fact],
    b: &[&'f Fact],
) -> (Vec<&'f Fact>, Vec<&'f Fact>) {
    let agree = |x: &Fact, y: &Fact| -> bool {
        match kind {
            FactKind::Version => x.normalized.to_lowercase() == y.normalized.to_lowercase(),
            FactKind::Date => match (
                DateValue::parse(&x.normalized),
                DateValue::parse(&y.normalized),
            ) {
                (Some(p), Some(q)) => p.agrees(&q),
                _ => x.normalized == y.normalized,
            },
            _ => x.normalized == y.normalized,
        }
    };
    let keep_a = a
        .iter()
        .copied()
        .filter(|x| !b.iter().any(|y| agree(x, y)))
        .collect();
    let keep_b = b
        .iter()
        .copied()
        .filter(|y| !a.iter().any(|x| agree(x, y)))
        .collect();
    (keep_a, keep_b)
}

fn disagreement(
    al: &Alignment,
    kind: FactKind,
    fa: &Fact,
    fb: &Fact,
    confidence: f32,
    detail: &str,
) -> Disagreement {
    let explanation = if fa.surface == fa.normalized && fb.surface == fb.normalized {
        format!(
            "{kind} differs: \"{}\" vs \"{}\"{detail}",
            fa.surface, fb.surface
        )
    } else {
        format!(
            "{kind} differs: \"{}\" ({}) vs \"{}\" ({}){detail}",
            fa.surface, fa.normalized, fb.surface, fb.normalized
        )
    };
    Disagreement {
        id: FlagId::from_parts([
            kind.as_str(),
            fa.normalized.as_str(),
            fb.normalized.as_str(),
            fa.sentence_id.as_str(),
            fb.sentence_id.as_str(),
        ]),
        kind,
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
        explanation: explanation.replace('\n', " "),
        claim_id: None,
        likely_error_side: None,
        suggested: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::{AlignMethod, AlignmentId, DocId, FactId, SentenceId, SentenceRange, Span};

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

    fn fact(side: &str, kind: FactKind, surface: &str, normalized: &str, start: usize) -> Fact {
        let sid = SentenceId::from_string(format!("s{side}"));
        Fact {
            id: FactId::from_parts([sid.as_str(), kind.as_str(), surface]),
            sentence_id: sid,
            doc_id: DocId::from_string(format!("d{side}")),
            kind,
            surface: surface.to_owned(),
            normalized: normalized.to_owned(),
            span: Span::new(start, start + surface.len()),
        }
    }

    fn a(kind: FactKind, surface: &str, normalized: &str, start: usize) -> Fact {
        fact("A", kind, surface, normalized, start)
    }

    fn b(kind: FactKind, surface: &str, normalized: &str, start: usize) -> Fact {
        fact("B", kind, surface, normalized, start)
    }

    fn flag(fa: &[Fact], fb: &[Fact]) -> Vec<Disagreement> {
        Flagger::default().flag(&alignment(0.9, 1.25), fa, fb)
    }

    use FactKind::{Date, Money, Number, Percent, Role, Version};

    #[test]
    fn typo_version_is_flagged_with_high_confidence() {
        // EN (bad MT) vs JA: "GPS-5.6" vs "GPT-5.6".
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
            d.id,
            FlagId::from_parts(["version", "GPS-5.6", "GPT-5.6", "sA", "sB"])
        );
        // Same typo under a weak alignment: lower confidence.
        let weak = Flagger::default().flag(&alignment(0.6, 1.02), &fa, &fb);
        assert!(weak[0].confidence < d.confidence);
    }

    #[test]
    fn unrelated_or_equivalent_versions_are_not_flagged() {
        let fa = [a(Version, "GPT-5.6", "GPT-5.6", 0)];
        let fb = [b(Version, "Opus 4.8", "Opus-4.8", 0)];
        assert!(flag(&fa, &fb).is_empty());
        // Same version written differently (separator, case) agrees.
        let fb = [b(Version, "gpt 5.6", "gpt-5.6", 0)];
        assert!(flag(&fa, &fb).is_empty());
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
    fn dates_en_vs_zh() {
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
        // "June 27" vs "6月27日": same date, not flagged.
        assert!(flag(
            &[a(Date, "June 27", "--06-27", 3)],
            &[b(Date, "6月27日", "--06-27", 0)]
        )
        .is_empty());
        // A full date agrees with the same month/day without a year.
        assert!(flag(
            &[a(Date, "June 26, 2026", "2026-06-26", 0)],
            &[b(Date, "6月26日", "--06-26", 0)]
        )
        .is_empty());
        // ...and a less precise date does not contradict a precise one.
        assert!(flag(
            &[a(Date, "June 2026", "2026-06", 0)],
            &[b(Date, "2026年6月26日", "2026-06-26", 0)]
        )
        .is_empty());
        // Different years on full dates are flagged.
        assert_eq!(
            flag(
                &[a(Date, "2025年6月26日", "2025-06-26", 0)],
                &[b(Date, "June 26, 2026", "2026-06-26", 0)]
            )
            .len(),
            1
        );
        // Incompatible precision (year only vs month/day) is not paired.
        assert!(flag(
            &[a(Date, "2025", "2025", 0)],
            &[b(Date, "6月26日", "--06-26", 0)]
        )
        .is_empty());
    }

    #[test]
    fn money_equivalents_and_currencies() {
        // "$250 million" vs "2.5亿美元": same canonical value, not flagged.
        assert!(flag(
            &[a(Money, "$250 million", "USD 250000000", 0)],
            &[b(Money, "2.5亿美元", "USD 250000000", 0)]
        )
        .is_empty());
        // Different currencies are not comparable.
        assert!(flag(
            &[a(Money, "$250 million", "USD 250000000", 0)],
            &[b(Money, "2億5000万円", "JPY 250000000", 0)]
        )
        .is_empty());
        // Same currency, different amount: flagged.
        let d = flag(
            &[a(Money, "$250 million", "USD 250000000", 0)],
            &[b(Money, "2.6亿美元", "USD 260000000", 0)],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, Money);
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
        // Equivalent numbers: not flagged.
        assert!(flag(
            &[a(Number, "48,000", "48000", 0)],
            &[b(Number, "4万8000", "48000", 0)]
        )
        .is_empty());
        // Several leftovers: only those within an order of magnitude pair.
        let d = flag(
            &[a(Number, "100", "100", 0), a(Number, "3", "3", 10)],
            &[b(Number, "120", "120", 0), b(Number, "5000", "5000", 10)],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].normalized_a.as_str(), d[0].normalized_b.as_str()),
            ("100", "120")
        );
        // A single leftover on each side pairs even when far apart.
        assert_eq!(
            flag(&[a(Number, "3", "3", 0)], &[b(Number, "三百", "300", 0)]).len(),
            1
        );
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
    }

    #[test]
    fn roles_single_leftover() {
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
    fn names_are_never_flagged() {
        let d = flag(
            &[a(FactKind::Person, "Tom Brown", "Tom Brown", 0)],
            &[b(FactKind::Person, "トム・ブラウン", "トム・ブラウン", 0)],
        );
        assert!(d.is_empty());
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
    }
}
