//! The align stage as the CLI runs it: for every pair of documents, decide
//! whether one translates the other (then a monotone bead alignment) or they
//! are comparable reports (then margin mining with lexical anchors); inside
//! every bilingual document, bead-align its language runs; finally group the
//! aligned sentences into claims.
//!
//! The work is a list of [`AlignTask`]s ([`tasks_involving`]): a full run
//! does all of them, an incremental run only those that involve a new
//! document and keeps the others' earlier results.

use anyhow::{Context, Result};
use concord_align::{
    complete_with_shared_keys, AlignConfig, AnchorExtractor, BeadAligner, BeadConfig, ClaimGrouper,
    CompletionConfig, DetectorConfig, DocVectors, FactKeys, MarginMiner, Selection,
    TranslationDetector,
};
use concord_core::{Alignment, Claim, DocId, Lang, Sentence, SentenceId};
use concord_embed::AlignmentCalibration;
use rayon::prelude::*;

/// The translation detector runs inside events, where the other documents
/// are independent reports of the same story: news writes one story in the
/// same order (the inverted pyramid), so half of two reports' sentences can
/// pair in order. A translation pairs nearly every sentence of the shorter
/// side, in order. On the development events true translation pairs had
/// coverage 0.81–1.00 and order 0.93–1.00, independent reports mostly
/// coverage 0.50–0.77 and order 0.64–0.87. A pair of short documents may
/// miss one sentence (2 of 3 is coverage 0.67).
const TRANSLATION_MIN_COVERAGE: f32 = 0.75;
/// See [`TRANSLATION_MIN_COVERAGE`].
const TRANSLATION_MIN_ORDER: f32 = 0.9;

/// One document's sentences as the aligner sees them.
pub(crate) struct DocInput<'a> {
    pub doc_id: &'a DocId,
    pub sentence_ids: Vec<SentenceId>,
    pub vectors: &'a [f32],
    pub langs: Vec<Lang>,
    pub texts: Vec<&'a str>,
    /// Claim keys of each sentence's facts (for the completion pass
    /// between reports of one event).
    pub keys: Vec<Vec<FactKeys>>,
}

pub(crate) struct AlignStage {
    miner: MarginMiner,
    beads: BeadAligner,
    anchors: AnchorExtractor,
    dim: usize,
}

/// One unit of alignment work: a pair of documents (indices into the
/// document list, the first as side a), or one document with itself (its
/// language runs, for bilingual documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AlignTask {
    Pair(usize, usize),
    Within(usize),
}

/// What one [`AlignTask`] found.
pub(crate) struct TaskOutput {
    pub alignments: Vec<Alignment>,
    /// For a pair aligned as translations of each other (beads), the
    /// detector's score.
    pub translation_score: Option<f32>,
}

impl AlignStage {
    /// Thresholds from the model's calibration (missing keys take the
    /// aligner's defaults).
    pub(crate) fn new(cal: &AlignmentCalibration, dim: usize) -> Self {
        let defaults = AlignConfig::default();
        let config = AlignConfig {
            k: cal.k.unwrap_or(defaults.k),
            margin_threshold: cal.margin_threshold,
            min_cosine: cal.min_cosine,
            size_penalty: cal.size_penalty.unwrap_or(defaults.size_penalty),
            anchor_weight: cal.anchor_weight.unwrap_or(defaults.anchor_weight),
            selection: match cal.selection.as_deref() {
                Some("mutual") => Selection::Mutual,
                Some("competitive") => Selection::Competitive,
                _ => defaults.selection,
            },
        };
        let bead_defaults = BeadConfig::default();
        let bead = BeadConfig {
            skip_cost: cal.bead_skip_cost.unwrap_or(bead_defaults.skip_cost),
            merge_penalty: cal
                .bead_merge_penalty
                .unwrap_or(bead_defaults.merge_penalty),
            ..bead_defaults
        };
        let detector = TranslationDetector::new(DetectorConfig {
            miner: AlignConfig {
                size_penalty: 0.0,
                ..config
            },
            min_order: TRANSLATION_MIN_ORDER,
            ..DetectorConfig::default()
        });
        Self {
            miner: MarginMiner::new(config),
            beads: BeadAligner::new(bead, detector),
            anchors: AnchorExtractor::new(),
            dim,
        }
    }

    /// Run `tasks` over `docs`, in parallel; one result per task, in task
    /// order. A task's result depends only on its own document(s), so a run
    /// can be extended by aligning just the pairs that involve new documents
    /// and keeping the results of all other pairs.
    /// `force_parallel` treats every pair as translations (`--parallel`).
    pub(crate) fn run_tasks(
        &self,
        docs: &[DocInput],
        tasks: &[AlignTask],
        force_parallel: bool,
    ) -> Result<Vec<TaskOutput>> {
        let views: Vec<DocVectors> = docs
            .iter()
            .map(|d| DocVectors {
                doc_id: d.doc_id,
                sentence_ids: &d.sentence_ids,
                vectors: d.vectors,
                dim: self.dim,
            })
            .collect();
        // Anchors only for documents that take part in a pair.
        let mut paired = vec![false; docs.len()];
        for task in tasks {
            if let AlignTask::Pair(i, j) = *task {
                for k in [i, j] {
                    if let Some(p) = paired.get_mut(k) {
                        *p = true;
                    }
                }
            }
        }
        let anchors: Vec<Vec<Vec<String>>> = docs
            .par_iter()
            .zip(&paired)
            .map(|(d, &needed)| {
                if needed {
                    self.anchors.extract_all(&d.texts)
                } else {
                    Vec::new()
                }
            })
            .collect();
        tasks
            .par_iter()
            .map(|task| match *task {
                AlignTask::Pair(i, j) => {
                    let (Some(a), Some(b)) = (views.get(i), views.get(j)) else {
                        anyhow::bail!(
                            "internal error: align task for document {i} or {j} of {}",
                            views.len()
                        );
                    };
                    let keys = (docs[i].keys.as_slice(), docs[j].keys.as_slice());
                    self.align_pair(a, b, &anchors[i], &anchors[j], keys, force_parallel)
                }
                AlignTask::Within(i) => {
                    let (Some(view), Some(doc)) = (views.get(i), docs.get(i)) else {
                        anyhow::bail!(
                            "internal error: align task for document {i} of {}",
                            views.len()
                        );
                    };
                    let mut alignments =
                        self.beads.align_within(view, &doc.langs).with_context(|| {
                            format!("aligning the language runs of {}", view.doc_id)
                        })?;
                    alignments.shrink_to_fit();
                    Ok(TaskOutput {
                        alignments,
                        translation_score: None,
                    })
                }
            })
            .collect()
    }

    /// Decide whether `a` and `b` translate each other, then bead-align or
    /// mine them.
    fn align_pair(
        &self,
        a: &DocVectors,
        b: &DocVectors,
        anchors_a: &[Vec<String>],
        anchors_b: &[Vec<String>],
        (keys_a, keys_b): (&[Vec<FactKeys>], &[Vec<FactKeys>]),
        force_parallel: bool,
    ) -> Result<TaskOutput> {
        let detected = self
            .beads
            .detector()
            .detect(a, b)
            .with_context(|| format!("comparing {} and {}", a.doc_id, b.doc_id))?;
        // Coverage counts whole sentences: a short pair may miss one.
        let shorter = a.sentence_ids.len().min(b.sentence_ids.len()).max(1);
        let needed = TRANSLATION_MIN_COVERAGE.min((shorter - 1) as f32 / shorter as f32);
        let translation =
            force_parallel || (detected.is_translation && detected.coverage >= needed);
        let mut alignments = if translation {
            self.beads.align(a, b)
        } else {
            self.miner.mine_with_anchors(a, b, anchors_a, anchors_b)
        }
        .with_context(|| format!("aligning {} with {}", a.doc_id, b.doc_id))?;
        if !translation {
            // Documents of one event: add the pairs that share a rare fact.
            let more = complete_with_shared_keys(
                &CompletionConfig::default(),
                a,
                b,
                keys_a,
                keys_b,
                &alignments,
            );
            alignments.extend(more);
        }
        // Results of all pairs are held at once: keep no spare capacity.
        alignments.shrink_to_fit();
        Ok(TaskOutput {
            alignments,
            translation_score: translation.then_some(detected.score),
        })
    }
}

/// The tasks a run must do: every pair `(i, j)`, `i < j` (document `i` as
/// side a), of documents in the same event now (`event[i] == event[j]`)
/// that the run before did not align — a new document (`fresh[i]`), or two
/// kept documents that were not in one event then (`before[i]`, `None` for
/// new ones) — then every new document with itself. With every document
/// new, these are all the tasks of a full run.
pub(crate) fn tasks_involving<E: PartialEq>(
    fresh: &[bool],
    event: &[usize],
    before: &[Option<E>],
) -> Vec<AlignTask> {
    let n = fresh.len();
    let same_event = |i: usize, j: usize| event.get(i).is_some() && event.get(i) == event.get(j);
    let aligned_before = |i: usize, j: usize| match (before.get(i), before.get(j)) {
        (Some(Some(x)), Some(Some(y))) => x == y,
        _ => false,
    };
    let mut tasks: Vec<AlignTask> = (0..n)
        .flat_map(|i| {
            (i + 1..n)
                .filter(move |&j| {
                    same_event(i, j) && (fresh[i] || fresh[j] || !aligned_before(i, j))
                })
                .map(move |j| AlignTask::Pair(i, j))
        })
        .collect();
    tasks.extend((0..n).filter(|&i| fresh[i]).map(AlignTask::Within));
    tasks
}

/// Group aligned sentences into claims (independent of the order of
/// `alignments` up to ties, see [`ClaimGrouper`]).
pub(crate) fn group_claims(alignments: &[Alignment], sentences: &[Sentence]) -> Vec<Claim> {
    ClaimGrouper::new().group(alignments, sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_tasks(n: usize) -> Vec<AlignTask> {
        tasks_involving::<u8>(&vec![true; n], &vec![0; n], &vec![None; n])
    }

    #[test]
    fn incremental_tasks_are_the_full_tasks_that_touch_a_new_document() {
        let fresh = [false, true, false, true];
        let full = all_tasks(fresh.len());
        let one_event = [0; 4];
        let kept_together = [Some(7), None, Some(7), None];
        let expected: Vec<AlignTask> = full
            .iter()
            .copied()
            .filter(|t| match *t {
                AlignTask::Pair(i, j) => fresh[i] || fresh[j],
                AlignTask::Within(i) => fresh[i],
            })
            .collect();
        assert_eq!(
            tasks_involving(&fresh, &one_event, &kept_together),
            expected
        );
        assert_eq!(
            full,
            [
                AlignTask::Pair(0, 1),
                AlignTask::Pair(0, 2),
                AlignTask::Pair(0, 3),
                AlignTask::Pair(1, 2),
                AlignTask::Pair(1, 3),
                AlignTask::Pair(2, 3),
                AlignTask::Within(0),
                AlignTask::Within(1),
                AlignTask::Within(2),
                AlignTask::Within(3),
            ]
        );
        assert!(tasks_involving(&[false, false], &[0, 0], &[Some(1), Some(1)]).is_empty());
    }

    #[test]
    fn only_pairs_inside_an_event_are_aligned() {
        // 0, 1 and 3 report one story, 2 another.
        let tasks = tasks_involving::<u8>(&[true; 4], &[0, 0, 1, 0], &[None; 4]);
        assert_eq!(
            &tasks[..3],
            [
                AlignTask::Pair(0, 1),
                AlignTask::Pair(0, 3),
                AlignTask::Pair(1, 3)
            ]
        );
        // Two kept documents that only now share an event are aligned;
        // two that shared one before are not aligned again.
        let tasks = tasks_involving(&[false; 3], &[0, 0, 0], &[Some(1), Some(2), Some(2)]);
        assert_eq!(tasks, [AlignTask::Pair(0, 1), AlignTask::Pair(0, 2)]);
    }
}
