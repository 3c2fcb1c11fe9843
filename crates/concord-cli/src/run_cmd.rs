//! `concord run INPUT... --out DIR`: ingest → normalize/segment → embed →
//! align → facts → flag → store, with per-stage timings in the manifest.

use crate::align_stage::{AlignStage, DocInput};
use crate::embed_cache::EmbeddingCache;
use crate::flag_stage::flag_all;
use crate::models_cmd::open_encoder;
use crate::progress::Reporter;
use crate::GlobalOptions;
use anyhow::{Context, Result};
use clap::Args;
use concord_core::{
    stable_hash64, DocId, DocStatus, Document, Fact, RemovedSpan, Sentence, SentenceId,
};
use concord_embed::{DeviceSpec, DEFAULT_MODEL};
use concord_facts::FactExtractor;
use concord_ingest::{IngestConfig, Ingestor};
use concord_normalize::{SegmentationMode, TextPipeline};
use concord_store::{InputRecord, Manifest, ModelRecord, RunTables, StageTiming};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Input files and directories (walked recursively for .txt and .md).
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// Output directory for the tables and manifest.json.
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Model: built-in name, hub id or model directory.
    #[arg(long, default_value = DEFAULT_MODEL)]
    pub(crate) model: String,
    /// cpu, cuda[:N] or metal[:N].
    #[arg(long, default_value = "cpu")]
    pub(crate) device: DeviceSpec,
    /// Sentence segmentation: rules, or lines (one sentence per non-empty line).
    #[arg(long, default_value = "rules")]
    pub(crate) segmentation: SegmentationMode,
    /// Treat every pair of documents as translations of each other and align
    /// them monotonically (beads) instead of detecting it.
    #[arg(long)]
    pub(crate) parallel: bool,
    /// Documents larger than this many bytes are reported and skipped.
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    pub(crate) max_doc_bytes: u64,
}

/// Wall-clock timings, in pipeline order.
struct Stopwatch {
    timings: Vec<StageTiming>,
    last: Instant,
}

impl Stopwatch {
    fn new() -> Self {
        Self {
            timings: Vec::new(),
            last: Instant::now(),
        }
    }

    fn lap(&mut self, stage: &str) {
        let now = Instant::now();
        self.timings.push(StageTiming {
            stage: stage.to_owned(),
            millis: (now - self.last).as_secs_f64() * 1e3,
        });
        self.last = now;
    }
}

/// Sentences, facts and removed boilerplate of one document.
#[derive(Default)]
struct SplitDocument {
    sentences: Vec<Sentence>,
    facts: Vec<Fact>,
    removed: Vec<RemovedSpan>,
}

fn split_document(
    doc: &Document,
    pipeline: &TextPipeline,
    extractor: &FactExtractor,
) -> SplitDocument {
    let split = pipeline.split_document(&doc.text);
    let normalized = split.normalized;
    let removed = split
        .removed
        .iter()
        .map(|r| {
            let mut record = r.to_record(doc.id.clone());
            record.span = doc.file_span(r.span);
            record
        })
        .collect();
    let mut sentences = Vec::with_capacity(split.sentences.len());
    let mut facts = Vec::new();
    for (idx, part) in split.sentences.into_iter().enumerate() {
        let id = SentenceId::from_parts([doc.id.as_str(), &idx.to_string()]);
        let original_text = part.span.slice(&doc.text).unwrap_or_default().to_owned();
        let match_key = concord_normalize::match_key(&part.text);
        for m in extractor.extract(&part.text) {
            let norm = part.norm_range.start + m.range.start..part.norm_range.start + m.range.end;
            if let Some(span) = normalized.original_span(norm) {
                facts.push(m.to_fact(&id, &doc.id, doc.file_span(span)));
            }
        }
        sentences.push(Sentence {
            id,
            doc_id: doc.id.clone(),
            idx: idx as u32,
            lang: part.lang,
            text: part.text,
            span: doc.file_span(part.span),
            original_text,
            match_key,
        });
    }
    SplitDocument {
        sentences,
        facts,
        removed,
    }
}

fn source_of<'a>(documents: &'a [Document], id: &'a DocId) -> &'a str {
    documents
        .iter()
        .find(|d| &d.id == id)
        .map_or(id.as_str(), |d| d.source.as_str())
}

pub(crate) fn run(global: &GlobalOptions, args: &RunArgs) -> Result<ExitCode> {
    let reporter = Reporter::new(global.quiet);
    let mut clock = Stopwatch::new();

    // Fail fast on an unusable output directory, before any expensive work.
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output directory {}", args.out.display()))?;

    let ingestor = Ingestor::new(IngestConfig {
        max_doc_bytes: args.max_doc_bytes,
        ..IngestConfig::default()
    });
    let (documents, notes) = ingestor.ingest_with_report(&args.inputs)?;
    for note in &notes {
        reporter.warn(format!("{}: {}", note.source, note.message));
    }
    if documents.is_empty() {
        anyhow::bail!(
            "no documents ({}) found in {}",
            IngestConfig::default().extensions.join(", "),
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut skipped = 0usize;
    for doc in &documents {
        if let DocStatus::Error(problem) = &doc.status {
            skipped += 1;
            reporter.warn(format!("{}: {problem}; skipped", doc.source));
        }
    }
    clock.lap("ingest");

    let pipeline = TextPipeline::new(
        concord_normalize::Sequence::default_pipeline(),
        args.segmentation,
    );
    let extractor = FactExtractor::new();
    let split: Vec<SplitDocument> = documents
        .par_iter()
        .map(|doc| match doc.status {
            DocStatus::Ok => split_document(doc, &pipeline, &extractor),
            DocStatus::Error(_) => SplitDocument::default(),
        })
        .collect();
    clock.lap("normalize_segment_facts");

    let encoder = open_encoder(global, &args.model, args.device, &reporter)?;
    clock.lap("model_load");

    let sentences: Vec<Sentence> = split
        .iter()
        .flat_map(|d| d.sentences.iter().cloned())
        .collect();
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let mut cache = EmbeddingCache::open(&args.out, &encoder, &reporter);
    let (vectors, cache_stats) = cache.embed(&encoder, &texts, &reporter)?;
    cache.save()?;
    let dim = encoder.dim();
    clock.lap("embed");

    let stage = AlignStage::new(&encoder.manifest().alignment, dim);
    let mut inputs = Vec::new();
    let mut row = 0usize;
    for (doc, part) in documents.iter().zip(&split) {
        let n = part.sentences.len();
        if n > 0 {
            inputs.push(DocInput {
                doc_id: &doc.id,
                sentence_ids: part.sentences.iter().map(|s| s.id.clone()).collect(),
                vectors: &vectors[row * dim..(row + n) * dim],
                langs: part.sentences.iter().map(|s| s.lang).collect(),
                texts: part.sentences.iter().map(|s| s.text.as_str()).collect(),
            });
        }
        row += n;
    }
    let aligned = stage.run(&inputs, &sentences, args.parallel)?;
    for pair in aligned.pairs.iter().filter(|p| p.translation) {
        reporter.status(format!(
            "{} and {} look like translations of each other (score {:.2}): aligned as beads",
            source_of(&documents, &pair.doc_a),
            source_of(&documents, &pair.doc_b),
            pair.score
        ));
    }
    let alignments = aligned.alignments;
    let claims = aligned.claims;
    clock.lap("align");

    let facts: Vec<Fact> = split.iter().flat_map(|d| d.facts.iter().cloned()).collect();
    let removed: Vec<RemovedSpan> = split
        .iter()
        .flat_map(|d| d.removed.iter().cloned())
        .collect();
    let disagreements = flag_all(&alignments, &claims, &sentences, &facts);
    clock.lap("flag");

    let embedding_ids: Vec<SentenceId> = sentences.iter().map(|s| s.id.clone()).collect();
    let tool_version = env!("CARGO_PKG_VERSION");
    let mut run_key: Vec<String> = vec![
        tool_version.to_owned(),
        encoder.model_id().to_owned(),
        encoder.revision().to_owned(),
        format!("{:?}", args.segmentation),
    ];
    run_key.extend(
        documents
            .iter()
            .map(|d| format!("{}:{}", d.source, d.sha256)),
    );
    let run_id = format!("r{:016x}", stable_hash64(run_key.iter()));
    let metadata = vec![
        ("concord.run_id".to_owned(), run_id.clone()),
        ("concord.model".to_owned(), encoder.model_id().to_owned()),
        (
            "concord.model_revision".to_owned(),
            encoder.revision().to_owned(),
        ),
        ("concord.tool_version".to_owned(), tool_version.to_owned()),
    ];
    let tables = concord_store::write_run(
        &args.out,
        &RunTables {
            documents: &documents,
            sentences: &sentences,
            removed: &removed,
            claims: &claims,
            embedding_ids: &embedding_ids,
            embeddings: &vectors,
            dim,
            model: encoder.model_id(),
            alignments: &alignments,
            facts: &facts,
            disagreements: &disagreements,
        },
        &metadata,
    )
    .with_context(|| format!("writing tables to {}", args.out.display()))?;
    clock.lap("store");

    let counts: BTreeMap<String, usize> = [
        ("documents", documents.len()),
        ("documents_skipped", skipped),
        ("sentences", sentences.len()),
        ("embeddings", embedding_ids.len()),
        ("embedded_now", cache_stats.embedded),
        ("embedding_cache_hits", cache_stats.hits),
        ("alignments", alignments.len()),
        ("claims", claims.len()),
        ("facts", facts.len()),
        ("removed", removed.len()),
        ("disagreements", disagreements.len()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let manifest = Manifest {
        schema_version: concord_store::SCHEMA_VERSION.to_owned(),
        tool_version: tool_version.to_owned(),
        run_id,
        model: ModelRecord {
            id: encoder.model_id().to_owned(),
            revision: Some(encoder.revision().to_owned()),
            dim,
        },
        device: args.device.to_string(),
        inputs: documents
            .iter()
            .map(|d| InputRecord {
                path: d.source.clone(),
                sha256: d.sha256.clone(),
                byte_len: d.byte_len,
            })
            .collect(),
        counts,
        timings: clock.timings,
        tables,
    };
    concord_store::write_manifest(&args.out, &manifest)
        .with_context(|| format!("writing manifest to {}", args.out.display()))?;
    reporter.status(format!(
        "{} documents ({} skipped), {} sentences, {} alignments, {} facts, {} disagreements -> {}",
        documents.len(),
        skipped,
        sentences.len(),
        alignments.len(),
        facts.len(),
        disagreements.len(),
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}
