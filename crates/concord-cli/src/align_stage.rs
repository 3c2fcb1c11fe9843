//! The align stage as the CLI runs it: for every pair of documents, decide
//! whether one translates the other (then a monotone bead alignment) or they
//! are comparable reports (then margin mining with lexical anchors); inside
//! every bilingual document, bead-align its language runs; finally group the
//! aligned sentences into claims.

use anyhow::{Context, Result};
use concord_align::{
    AlignConfig, AnchorExtractor, BeadAligner, BeadConfig, ClaimGrouper, DetectorConfig,
    DocVectors, MarginMiner, Selection, TranslationDetector,
};
use concord_core::{Alignment, Claim, DocId, Lang, Sentence, SentenceId};
use concord_embed::AlignmentCalibration;

/// One document's sentences as the aligner sees them.
pub(crate) struct DocInput<'a> {
    pub doc_id: &'a DocId,
    pub sentence_ids: Vec<SentenceId>,
    pub vectors: &'a [f32],
    pub langs: Vec<Lang>,
    pub texts: Vec<&'a str>,
}

/// How two documents were related.
#[derive(Debug, Clone)]
pub(crate) struct PairDecision {
    pub doc_a: DocId,
    pub doc_b: DocId,
    pub translation: bool,
    pub score: f32,
}

pub(crate) struct AlignStage {
    miner: MarginMiner,
    beads: BeadAligner,
    anchors: AnchorExtractor,
    dim: usize,
}

pub(crate) struct AlignOutput {
    pub alignments: Vec<Alignment>,
    pub claims: Vec<Claim>,
    pub pairs: Vec<PairDecision>,
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
            ..DetectorConfig::default()
        });
        Self {
            miner: MarginMiner::new(config),
            beads: BeadAligner::new(bead, detector),
            anchors: AnchorExtractor::new(),
            dim,
        }
    }

    /// Align every pair of documents and every bilingual document with itself.
    /// `force_parallel` treats every pair as translations (`--parallel`).
    pub(crate) fn run(
        &self,
        docs: &[DocInput],
        sentences: &[Sentence],
        force_parallel: bool,
    ) -> Result<AlignOutput> {
        let views: Vec<DocVectors> = docs
            .iter()
            .map(|d| DocVectors {
                doc_id: d.doc_id,
                sentence_ids: &d.sentence_ids,
                vectors: d.vectors,
                dim: self.dim,
            })
            .collect();
        let anchors: Vec<Vec<Vec<String>>> = docs
            .iter()
            .map(|d| self.anchors.extract_all(&d.texts))
            .collect();
        let mut alignments = Vec::new();
        let mut pairs = Vec::new();
        for i in 0..views.len() {
            for j in i + 1..views.len() {
                let (a, b) = (&views[i], &views[j]);
                let detected = self
                    .beads
                    .detector()
                    .detect(a, b)
                    .with_context(|| format!("comparing {} and {}", a.doc_id, b.doc_id))?;
                let translation = force_parallel || detected.is_translation;
                pairs.push(PairDecision {
                    doc_a: a.doc_id.clone(),
                    doc_b: b.doc_id.clone(),
                    translation,
                    score: detected.score,
                });
                let found = if translation {
                    self.beads.align(a, b)
                } else {
                    self.miner.mine_with_anchors(a, b, &anchors[i], &anchors[j])
                }
                .with_context(|| format!("aligning {} with {}", a.doc_id, b.doc_id))?;
                alignments.extend(found);
            }
        }
        for (view, doc) in views.iter().zip(docs) {
            let within = self
                .beads
                .align_within(view, &doc.langs)
                .with_context(|| format!("aligning the language runs of {}", view.doc_id))?;
            alignments.extend(within);
        }
        let claims = ClaimGrouper::new().group(&alignments, sentences);
        Ok(AlignOutput {
            alignments,
            claims,
            pairs,
        })
    }
}
