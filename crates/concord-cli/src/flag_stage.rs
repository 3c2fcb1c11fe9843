//! The flag stage as the CLI runs it: facts of both sides of every aligned
//! pair go through the [`Flagger`], flags from mined (non-bead) pairs must be
//! backed by a shared lexical anchor, and claim groups attribute the likely
//! error side.

use concord_core::{
    AlignMethod, Alignment, Claim, Disagreement, DocId, Fact, Sentence, SentenceId, SentenceRange,
};
use concord_flag::{FlagConfig, Flagger};
use std::collections::HashMap;

/// Flags below this confidence (before attribution) are not reported. The
/// confidence is alignment support × closeness of the values: a bead of two
/// translations supports a flag at 0.8–1.0, a pair mined between comparable
/// articles at about 0.4–0.6 depending on its margin, so this keeps flags
/// from translations and from well-separated mined pairs.
const REPORT_MIN_CONFIDENCE: f32 = 0.45;

/// Flags for every aligned pair (all sentences of both sides of a bead),
/// then attribution over claim groups.
pub(crate) fn flag_all(
    alignments: &[Alignment],
    claims: &[Claim],
    sentences: &[Sentence],
    facts: &[Fact],
) -> Vec<Disagreement> {
    let mut facts_by_sentence: HashMap<SentenceId, Vec<Fact>> = HashMap::new();
    for fact in facts {
        facts_by_sentence
            .entry(fact.sentence_id.clone())
            .or_default()
            .push(fact.clone());
    }
    let by_position: HashMap<(&DocId, u32), &SentenceId> = sentences
        .iter()
        .map(|s| ((&s.doc_id, s.idx), &s.id))
        .collect();
    let side_facts = |doc: &DocId, range: Option<SentenceRange>| -> Vec<Fact> {
        let Some(range) = range else {
            return Vec::new();
        };
        (range.first..=range.last)
            .filter_map(|idx| by_position.get(&(doc, idx)))
            .filter_map(|id| facts_by_sentence.get(*id))
            .flat_map(|f| f.iter().cloned())
            .collect()
    };
    let flagger = Flagger::new(FlagConfig {
        min_confidence: REPORT_MIN_CONFIDENCE,
        ..FlagConfig::default()
    });
    let mut flags: Vec<Disagreement> = alignments
        .iter()
        .filter(|a| a.range_a.is_some() && a.range_b.is_some())
        .flat_map(|a| {
            let fa = side_facts(&a.doc_a, a.range_a);
            let fb = side_facts(&a.doc_b, a.range_b);
            flagger.flag(a, &fa, &fb)
        })
        .collect();
    // A conflict between two articles that merely report on the same story
    // is only credible when the mined sentences are demonstrably about the
    // same thing: they must share a lexical anchor (name, number, version)
    // besides the conflicting values. Beads (translations) need no such
    // evidence.
    let anchors = concord_align::AnchorExtractor::new();
    let text_of: HashMap<&SentenceId, &str> =
        sentences.iter().map(|s| (&s.id, s.text.as_str())).collect();
    let method_of: HashMap<&concord_core::AlignmentId, AlignMethod> =
        alignments.iter().map(|a| (&a.id, a.method)).collect();
    flags.retain(|f| {
        if method_of.get(&f.alignment_id) == Some(&AlignMethod::Bead) {
            return true;
        }
        let (Some(ta), Some(tb)) = (text_of.get(&f.sentence_a), text_of.get(&f.sentence_b)) else {
            return false;
        };
        let a: std::collections::HashSet<String> = anchors.extract(ta).into_iter().collect();
        anchors.extract(tb).iter().any(|x| a.contains(x))
    });
    flagger.attribute(claims, &facts_by_sentence, &mut flags);
    // One row per flag id (the same conflict can be reached from two beads).
    let mut seen = std::collections::HashSet::new();
    flags.retain(|f| seen.insert(f.id.clone()));
    flags
}
