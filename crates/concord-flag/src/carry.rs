//! Carrying flags along alignments.
//!
//! A flag says "sentence `a` of document A and sentence `b` of document B
//! state different values for the same slot". When `a` is aligned with a
//! sentence `a′` of a third document (a translation bead, or a mined pair)
//! and `a′` states the *same* value as `a`, then `a′` disagrees with `b`
//! just as `a` does, though `a′` and `b` may never have been aligned
//! directly: one translation was mined against B and the other was not, a
//! translation merged `a` with its neighbours into one long sentence, or a
//! third article states the claim that one translation got wrong
//! (`GPS-5/5` in a poor translation, `GPT-5.5` in its better sibling and in
//! an independent article). [`Flagger::carry_over`] derives those flags,
//! one hop only, at the original confidence times the link's support, so a
//! flag from a loose pair carried over a loose pair falls below the
//! reporting threshold.

use crate::{flag_id, Flagger};
use concord_core::{Disagreement, Fact, SentenceId};
use std::collections::{HashMap, HashSet};

/// Two aligned sentences (of one bead, or a mined pair) and how sure the
/// alignment is that they state the same claim ([`Flagger::support`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceLink {
    /// A sentence.
    pub a: SentenceId,
    /// A sentence aligned with it.
    pub b: SentenceId,
    /// Support of the alignment, in `[0, 1]`.
    pub support: f32,
}

impl Flagger {
    /// Flags implied by `flags` through `links`: for every flag and every
    /// link of one of its sentences, each fact of the linked sentence that
    /// agrees with that side's value (and not with the other side's)
    /// disagrees with the other side too. The derived flag keeps the kind,
    /// the other side and the alignment of the original, names the linked
    /// sentence and fact, scales the confidence by the link's support and
    /// says where it came from. Flags already in `flags` (same id), flags
    /// within one document and flags under
    /// [`crate::FlagConfig::min_confidence`] are not derived. Output order
    /// follows `flags`, then `links`.
    pub fn carry_over<S: std::hash::BuildHasher>(
        &self,
        flags: &[Disagreement],
        links: &[SentenceLink],
        facts_by_sentence: &HashMap<SentenceId, Vec<Fact>, S>,
    ) -> Vec<Disagreement> {
        let mut partners: HashMap<&SentenceId, Vec<(&SentenceId, f32)>> = HashMap::new();
        for l in links {
            partners.entry(&l.a).or_default().push((&l.b, l.support));
            partners.entry(&l.b).or_default().push((&l.a, l.support));
        }
        let mut seen: HashSet<_> = flags.iter().map(|d| d.id.clone()).collect();
        let mut out = Vec::new();
        for d in flags {
            for side_a in [true, false] {
                let (from, value, normalized, other, other_value, other_normalized) = if side_a {
                    let (s, v, n) = (&d.sentence_a, &d.value_a, &d.normalized_a);
                    (s, v, n, &d.doc_b, &d.value_b, &d.normalized_b)
                } else {
                    let (s, v, n) = (&d.sentence_b, &d.value_b, &d.normalized_b);
                    (s, v, n, &d.doc_a, &d.value_a, &d.normalized_a)
                };
                let Some(linked) = partners.get(from) else {
                    continue;
                };
                for &(sentence, support) in linked {
                    let Some(facts) = facts_by_sentence.get(sentence) else {
                        continue;
                    };
                    for f in facts.iter().filter(|f| f.kind == d.kind) {
                        if &f.doc_id == other
                            || !self.values_agree(
                                d.kind,
                                (value, normalized),
                                (&f.surface, &f.normalized),
                            )
                            || self.values_agree(
                                d.kind,
                                (other_value, other_normalized),
                                (&f.surface, &f.normalized),
                            )
                        {
                            continue;
                        }
                        let mut derived = d.clone();
                        if side_a {
                            derived.doc_a = f.doc_id.clone();
                            derived.sentence_a = f.sentence_id.clone();
                            derived.value_a = f.surface.clone();
                            derived.normalized_a = f.normalized.clone();
                            derived.span_a = f.span;
                        } else {
                            derived.doc_b = f.doc_id.clone();
                            derived.sentence_b = f.sentence_id.clone();
                            derived.value_b = f.surface.clone();
                            derived.normalized_b = f.normalized.clone();
                            derived.span_b = f.span;
                        }
                        derived.confidence = d.confidence * support.clamp(0.0, 1.0);
                        derived.claim_id = None;
                        derived.likely_error_side = None;
                        derived.suggested = None;
                        derived.explanation = format!(
                            "{} (carried over from \"{}\" in an aligned sentence)",
                            d.explanation,
                            if side_a { &d.value_a } else { &d.value_b }
                        );
                        derived.id = flag_id(&derived);
                        if derived.confidence >= self.config.min_confidence
                            && seen.insert(derived.id.clone())
                        {
                            out.push(derived);
                        }
                    }
                }
            }
        }
        out
    }
}
