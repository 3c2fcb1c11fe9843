//! `concord run INPUT... --out DIR`: ingest → normalize/segment → embed →
//! align → facts → flag → store, with per-stage timings in the manifest.
//!
//! `concord run INPUT... --into DIR` adds documents to the run in `DIR`:
//! documents already there with the same content are skipped, only new and
//! changed ones are segmented, embedded and aligned (against every document
//! of the run), and claims and flags are recomputed over all alignments. The
//! result is the run a full `--out` over all documents would write, row for
//! row. Both go through the same code: a full run is an ingest into an
//! empty run.

use crate::align_stage::{self, AlignStage, AlignTask, DocInput};
use crate::embed_cache::EmbeddingCache;
use crate::event_stage;
use crate::incremental::{self, Classified, DocRecords};
use crate::models_cmd::open_encoder;
use crate::progress::Reporter;
use crate::GlobalOptions;
use anyhow::{bail, Context, Result};
use clap::Args;
use concord_core::{
    stable_hash64, ChangeExample, DocId, DocStatus, Document, Fact, NormalizationChange,
    RemovedSpan, Sentence, SentenceId,
};
use concord_embed::{DeviceSpec, SentenceEncoder, DEFAULT_MODEL};
use concord_events::EventConfig;
use concord_facts::FactExtractor;
use concord_ingest::{IngestConfig, Ingestor};
use concord_normalize::{SegmentationMode, TextPipeline};
use concord_store::{
    IngestKind, IngestRecord, InputRecord, Manifest, ModelRecord, RunData, RunSettings, RunTables,
    StageTiming, StagedCommit, WriterLock, MANIFEST_FILE,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Instant, SystemTime};

/// `concord run` as typed on the command line.
#[derive(Debug, Args)]
#[command(
    override_usage = "concord run INPUT... --out DIR [OPTIONS]\n       concord run INPUT... --into DIR [OPTIONS]",
    after_long_help = "Incremental ingests: `concord run NEW_INPUT... --into DIR` adds articles to the run in DIR.\n\
A document whose source (path relative to its input root) and SHA-256 are already in the run is\n\
skipped; the same source with other content replaces the old document. Only new and changed\n\
documents are segmented and embedded; they are aligned against every document of the run, and\n\
claim groups and flags are recomputed. The tables end up exactly as a full `--out` run over all\n\
the documents would write them. The model, --segmentation and --parallel must be the run's\n\
(recorded in manifest.json; options left out take the run's values). manifest.json lists every\n\
ingest (`ingests`).\n\n\
All files of a run are committed together: killing concord at any moment leaves the previous\n\
tables, and the next concord command on DIR (run, diff, report) tidies up."
)]
pub(crate) struct RunCommand {
    /// Input files and directories (walked recursively for .txt, .md, .html/.htm and .jsonl).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write a new run to DIR (replacing the tables of a run already there).
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "into",
        conflicts_with = "into"
    )]
    out: Option<PathBuf>,
    /// Add the inputs to the existing run in DIR: only new or changed documents are processed.
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
    /// Model: built-in name, hub id or model directory [default: multilingual-e5-small; with
    /// --into: the run's model].
    #[arg(long)]
    model: Option<String>,
    /// cpu, cuda[:N] or metal[:N].
    #[arg(long, default_value = "cpu")]
    device: DeviceSpec,
    /// Sentence segmentation: rules, or lines (one sentence per non-empty line) [default: rules;
    /// with --into: the run's].
    #[arg(long)]
    segmentation: Option<SegmentationMode>,
    /// Treat every pair of documents as translations of each other and align
    /// them monotonically (beads) instead of detecting it [with --into: the run's].
    #[arg(long)]
    parallel: bool,
    /// Documents larger than this many bytes are reported and skipped (for
    /// a .jsonl feed: each line; a whole feed may reach 256 MiB).
    #[arg(long, default_value_t = concord_ingest::DEFAULT_MAX_DOC_BYTES)]
    max_doc_bytes: u64,
}

/// A full run, as other commands start one (`concord align`).
#[derive(Debug)]
pub(crate) struct RunArgs {
    /// Input files and directories.
    pub(crate) inputs: Vec<PathBuf>,
    /// Output directory for the tables and manifest.json.
    pub(crate) out: PathBuf,
    /// Model: built-in name, hub id or model directory.
    pub(crate) model: String,
    /// Where the model runs.
    pub(crate) device: DeviceSpec,
    /// Sentence segmentation.
    pub(crate) segmentation: SegmentationMode,
    /// Align every pair as translations.
    pub(crate) parallel: bool,
    /// Documents larger than this many bytes are reported and skipped.
    pub(crate) max_doc_bytes: u64,
}

/// `concord run`: a full run with `--out`, an incremental one with `--into`.
pub(crate) fn run_command(global: &GlobalOptions, args: &RunCommand) -> Result<ExitCode> {
    match (&args.out, &args.into) {
        (Some(out), None) => run(
            global,
            &RunArgs {
                inputs: args.inputs.clone(),
                out: out.clone(),
                model: args
                    .model
                    .clone()
                    .unwrap_or_else(|| DEFAULT_MODEL.to_owned()),
                device: args.device,
                segmentation: args.segmentation.unwrap_or_default(),
                parallel: args.parallel,
                max_doc_bytes: args.max_doc_bytes,
            },
        ),
        (None, Some(into)) => execute(
            global,
            &Job {
                inputs: &args.inputs,
                dir: into,
                kind: IngestKind::Incremental,
                model: args.model.as_deref(),
                device: args.device,
                segmentation: args.segmentation,
                parallel: args.parallel,
                max_doc_bytes: args.max_doc_bytes,
            },
        ),
        // clap enforces exactly one of the two.
        _ => bail!("give exactly one of --out DIR and --into DIR"),
    }
}

/// A full run into `args.out`.
pub(crate) fn run(global: &GlobalOptions, args: &RunArgs) -> Result<ExitCode> {
    execute(
        global,
        &Job {
            inputs: &args.inputs,
            dir: &args.out,
            kind: IngestKind::Full,
            model: Some(&args.model),
            device: args.device,
            segmentation: Some(args.segmentation),
            parallel: args.parallel,
            max_doc_bytes: args.max_doc_bytes,
        },
    )
}

/// What to run: options as given (`None` = not given).
struct Job<'a> {
    inputs: &'a [PathBuf],
    dir: &'a Path,
    kind: IngestKind,
    model: Option<&'a str>,
    device: DeviceSpec,
    segmentation: Option<SegmentationMode>,
    parallel: bool,
    max_doc_bytes: u64,
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

/// Sentences, facts, removed boilerplate and normalization changes of one
/// document.
#[derive(Default)]
struct SplitDocument {
    sentences: Vec<Sentence>,
    facts: Vec<Fact>,
    removed: Vec<RemovedSpan>,
    changes: Vec<NormalizationChange>,
}

fn split_document(
    doc: &Document,
    pipeline: &TextPipeline,
    extractor: &FactExtractor,
) -> SplitDocument {
    let split = pipeline.split_document(&doc.text);
    let normalized = split.normalized;
    let removed: Vec<RemovedSpan> = split
        .removed
        .iter()
        .map(|r| {
            let mut record = r.to_record(doc.id.clone());
            record.span = doc.file_span(r.span);
            record
        })
        .collect();
    let changes = split
        .changes
        .iter()
        .map(|report| NormalizationChange {
            doc_id: doc.id.clone(),
            stage: report.stage.to_owned(),
            edits: report.edits as u64,
            examples: report
                .examples
                .iter()
                .map(|e| ChangeExample {
                    span: e.span.map(|s| doc.file_span(s)),
                    ..e.clone()
                })
                .collect(),
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
    let byline_dates = extractor.byline_dates(&removed);
    resolve_relative_dates(doc, &sentences, &byline_dates, &mut facts, None);
    SplitDocument {
        sentences,
        facts,
        removed,
        changes,
    }
}

/// Relative dates (`yesterday`, `on Tuesday`, `上周五`) become calendar dates
/// against the document's dateline, when it has one; the surface stays as
/// written.
fn resolve_relative_dates(
    doc: &Document,
    sentences: &[Sentence],
    byline_dates: &[String],
    facts: &mut [Fact],
    default_year: Option<&str>,
) {
    let Some(dateline) = concord_facts::find_dateline_in(
        sentences,
        facts,
        byline_dates,
        doc.published.as_deref(),
        default_year,
    ) else {
        return;
    };
    let sentence_of: HashMap<&SentenceId, &Sentence> =
        sentences.iter().map(|s| (&s.id, s)).collect();
    for fact in facts.iter_mut() {
        if !concord_facts::is_relative_date(&fact.normalized) && !fact.normalized.starts_with("---")
        {
            continue;
        }
        // The tense that places a bare weekday is its own clause's.
        let clause = sentence_of.get(&fact.sentence_id).map_or("", |s| {
            let start = fact.span.start.saturating_sub(s.span.start);
            let end = fact.span.end.saturating_sub(s.span.start);
            concord_facts::clause_around(&s.original_text, start, end)
        });
        if let Some(date) =
            concord_facts::resolve_relative(&fact.normalized, clause, &dateline.date)
        {
            fact.normalized = date;
        }
    }
}

/// The year most datelines of `records` (the reports of one event) fall in
/// (ties: the earliest), for datelines that give no year themselves
/// (`TOKYO, Oct 15 (Wire) -` in a document with no full date and no
/// publication date): reports of one story are filed days apart.
fn dateline_year_of(records: &[&DocRecords], extractor: &FactExtractor) -> Option<String> {
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    for r in records {
        let byline = extractor.byline_dates(&r.removed);
        let found = concord_facts::find_dateline_with(
            &r.sentences,
            &r.facts,
            &byline,
            r.doc.published.as_deref(),
        );
        if let Some(year) = found.and_then(|d| d.date.get(..4).map(str::to_owned)) {
            *years.entry(year).or_default() += 1;
        }
    }
    let most = years.values().copied().max()?;
    years.into_iter().find(|(_, n)| *n == most).map(|(y, _)| y)
}

/// The run already in the directory (empty for a full run).
struct Previous {
    records: Vec<DocRecords>,
    alignments: Vec<concord_core::Alignment>,
    events: Vec<concord_core::Event>,
    manifest: Option<Manifest>,
}

/// The options the run is built with, after checking them against the run's.
struct Settled {
    model_spec: String,
    segmentation: SegmentationMode,
    parallel: bool,
}

fn settle(job: &Job, manifest: Option<&Manifest>) -> Result<Settled> {
    let Some(manifest) = manifest else {
        return Ok(Settled {
            model_spec: job.model.unwrap_or(DEFAULT_MODEL).to_owned(),
            segmentation: job.segmentation.unwrap_or_default(),
            parallel: job.parallel,
        });
    };
    let dir = job.dir.display();
    if manifest.schema_version != concord_store::SCHEMA_VERSION {
        bail!(
            "{dir} holds tables of schema version {}, this concord writes {}; rebuild it with `concord run --out {dir}`",
            manifest.schema_version,
            concord_store::SCHEMA_VERSION
        );
    }
    let Some(recorded) = &manifest.settings else {
        bail!(
            "{dir} was written by a concord that did not record its settings (segmentation, --parallel); rebuild it with `concord run --out {dir}`"
        );
    };
    let segmentation: SegmentationMode = recorded
        .segmentation
        .parse()
        .with_context(|| format!("{dir}/{MANIFEST_FILE}: settings.segmentation"))?;
    if let Some(given) = job.segmentation {
        if given != segmentation {
            bail!(
                "--segmentation {given} differs from the run's ({segmentation}) in {dir}; an ingest must segment as the run did"
            );
        }
    }
    if job.parallel && !recorded.parallel {
        bail!("--parallel was not used for the run in {dir}; an ingest must align as the run did");
    }
    Ok(Settled {
        model_spec: job.model.unwrap_or(&recorded.model_spec).to_owned(),
        segmentation,
        parallel: recorded.parallel,
    })
}

/// The embedding model must be the run's exactly: same id, revision and size.
fn check_model(job: &Job, manifest: Option<&Manifest>, encoder: &SentenceEncoder) -> Result<()> {
    let Some(manifest) = manifest else {
        return Ok(());
    };
    let run = &manifest.model;
    let same_revision = run
        .revision
        .as_deref()
        .is_none_or(|r| r == encoder.revision());
    if run.id != encoder.model_id() || !same_revision || run.dim != encoder.dim() {
        bail!(
            "the run in {} was embedded with {} (revision {}, {} dimensions), the model given is {} (revision {}, {} dimensions); an ingest must use the run's model",
            job.dir.display(),
            run.id,
            run.revision.as_deref().unwrap_or("unknown"),
            run.dim,
            encoder.model_id(),
            encoder.revision(),
            encoder.dim()
        );
    }
    Ok(())
}

/// Read the run already in the directory (nothing for a full run) and
/// settle the options against its manifest before reading its tables.
fn load_previous(job: &Job) -> Result<(Previous, Settled)> {
    if job.kind == IngestKind::Full {
        let previous = Previous {
            records: Vec::new(),
            alignments: Vec::new(),
            events: Vec::new(),
            manifest: None,
        };
        return Ok((previous, settle(job, None)?));
    }
    let context = || format!("reading the run in {}", job.dir.display());
    let manifest = concord_store::read_manifest(job.dir).with_context(context)?;
    let settled = settle(job, Some(&manifest))?;
    let mut data: RunData = concord_store::read_run(job.dir).with_context(context)?;
    let alignments = std::mem::take(&mut data.alignments);
    let events = std::mem::take(&mut data.events);
    let records = incremental::records_of_run(data).with_context(context)?;
    let previous = Previous {
        records,
        alignments,
        events,
        manifest: Some(manifest),
    };
    Ok((previous, settled))
}

/// UTC time as RFC 3339 (`2026-06-27T01:16:00Z`).
fn utc_timestamp(time: SystemTime) -> String {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = concord_core::calendar::civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

fn source_of<'a>(records: &'a [DocRecords], id: &'a DocId) -> &'a str {
    records
        .iter()
        .find(|r| &r.doc.id == id)
        .map_or(id.as_str(), |r| r.doc.source.as_str())
}

fn execute(global: &GlobalOptions, job: &Job) -> Result<ExitCode> {
    let started = SystemTime::now();
    let reporter = Reporter::new(global.quiet);
    let mut clock = Stopwatch::new();
    let dir = job.dir;

    // Fail fast on an unusable directory, before any expensive work.
    match job.kind {
        IngestKind::Full => std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output directory {}", dir.display()))?,
        IngestKind::Incremental => {
            if !dir.join(MANIFEST_FILE).is_file()
                && !dir.join(concord_store::JOURNAL_FILE).is_file()
            {
                bail!(
                    "{} is not a concord run directory (no {MANIFEST_FILE}); start one with `concord run INPUT... --out {}`",
                    dir.display(),
                    dir.display()
                );
            }
        }
    }
    let (lock, recovery) = WriterLock::acquire(dir, || {
        reporter.status(format!(
            "waiting for another concord process using {}",
            dir.display()
        ))
    })
    .with_context(|| format!("locking run directory {}", dir.display()))?;
    crate::run_dir::report_recovery(&reporter, dir, &recovery);
    let (previous, settled) = load_previous(job)?;
    if job.kind == IngestKind::Incremental {
        clock.lap("load_run");
    }

    let ingestor = Ingestor::new(IngestConfig {
        max_doc_bytes: job.max_doc_bytes,
        ..IngestConfig::default()
    });
    let (documents, notes) = ingestor.ingest_with_report(job.inputs)?;
    for note in &notes {
        reporter.warn(format!("{}: {}", note.source, note.message));
    }
    if documents.is_empty() {
        bail!(
            "no documents ({}) found in {}",
            IngestConfig::default().extensions.join(", "),
            job.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let Classified {
        fresh,
        added,
        changed,
        unchanged,
    } = incremental::classify(&previous.records, documents);
    for doc in &fresh {
        if let DocStatus::Error(problem) = &doc.status {
            reporter.warn(format!("{}: {problem}; skipped", doc.source));
        }
    }
    clock.lap("ingest");

    let mut ingest = IngestRecord {
        kind: job.kind,
        started: utc_timestamp(started),
        inputs: job.inputs.iter().map(|p| p.display().to_string()).collect(),
        added,
        changed,
        unchanged,
        counts: BTreeMap::new(),
        timings: Vec::new(),
    };
    if fresh.is_empty() {
        // Every document is already in the run as it is: record the ingest.
        if let Some(manifest) = previous.manifest {
            return record_noop_ingest(&lock, manifest, ingest, clock, &reporter);
        }
    }

    let pipeline = TextPipeline::new(
        concord_normalize::Sequence::default_pipeline(),
        settled.segmentation,
    )
    .with_change_reports(true);
    let extractor = FactExtractor::new();
    let split: Vec<SplitDocument> = fresh
        .par_iter()
        .map(|doc| match doc.status {
            DocStatus::Ok => split_document(doc, &pipeline, &extractor),
            DocStatus::Error(_) => SplitDocument::default(),
        })
        .collect();
    clock.lap("normalize_segment_facts");

    let encoder = open_encoder(global, &settled.model_spec, job.device, &reporter)?;
    check_model(job, previous.manifest.as_ref(), &encoder)?;
    clock.lap("model_load");

    let fresh_texts: Vec<&str> = split
        .iter()
        .flat_map(|d| d.sentences.iter().map(|s| s.text.as_str()))
        .collect();
    let mut cache = EmbeddingCache::open(dir, &encoder, &reporter);
    let (fresh_vectors, cache_stats) = cache.embed(&encoder, &fresh_texts, &reporter)?;
    let dim = encoder.dim();
    clock.lap("embed");
    let sentences_added = fresh_texts.len();

    // Every document of the run with its rows, in canonical order.
    let replaced: HashSet<&str> = ingest.changed.iter().map(String::as_str).collect();
    let mut records: Vec<DocRecords> = previous
        .records
        .into_iter()
        .filter(|r| !replaced.contains(r.doc.source.as_str()))
        .collect();
    let mut row = 0usize;
    for (doc, part) in fresh.into_iter().zip(split) {
        let n = part.sentences.len();
        records.push(DocRecords {
            doc,
            sentences: part.sentences,
            facts: part.facts,
            removed: part.removed,
            changes: part.changes,
            vectors: fresh_vectors[row * dim..(row + n) * dim].to_vec(),
            fresh: true,
        });
        row += n;
    }
    drop(fresh_vectors);
    incremental::sort_canonically(&mut records);

    let (events, event_index) =
        event_stage::group_events(&records, dim, EventConfig::default(), settled.parallel)?;
    // Relative dates of reports whose dateline gives no year resolve in the
    // year the other reports of their event were filed in (facts already
    // resolved are left as they are).
    {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
        let with_sentences = (0..records.len()).filter(|&i| !records[i].sentences.is_empty());
        for (i, &e) in with_sentences.zip(&event_index) {
            if let Some(m) = members.get_mut(e) {
                m.push(i);
            }
        }
        for m in &members {
            let of_event: Vec<&DocRecords> = m.iter().map(|&i| &records[i]).collect();
            let Some(year) = dateline_year_of(&of_event, &extractor) else {
                continue;
            };
            for &i in m {
                let r = &mut records[i];
                let byline = extractor.byline_dates(&r.removed);
                resolve_relative_dates(&r.doc, &r.sentences, &byline, &mut r.facts, Some(&year));
            }
        }
    }
    clock.lap("events");

    let stage = AlignStage::new(&encoder.manifest().alignment, dim);
    let inputs: Vec<DocInput> = records
        .iter()
        .filter(|r| !r.sentences.is_empty())
        .map(|r| DocInput {
            doc_id: &r.doc.id,
            sentence_ids: r.sentences.iter().map(|s| s.id.clone()).collect(),
            vectors: &r.vectors,
            langs: r.sentences.iter().map(|s| s.lang).collect(),
            texts: r.sentences.iter().map(|s| s.text.as_str()).collect(),
            keys: event_stage::sentence_keys(r),
        })
        .collect();
    let is_fresh: Vec<bool> = records
        .iter()
        .filter(|r| !r.sentences.is_empty())
        .map(|r| r.fresh)
        .collect();
    // A pair was aligned by the run before when both documents were in it
    // and in one event then; pairs that only now share an event are new work.
    let event_before = event_stage::event_of_doc(&previous.events);
    let before: Vec<Option<&concord_core::EventId>> = inputs
        .iter()
        .zip(&is_fresh)
        .map(|(d, &fresh)| {
            if fresh {
                None
            } else {
                event_before.get(d.doc_id).copied()
            }
        })
        .collect();
    let tasks = align_stage::tasks_involving(&is_fresh, &event_index, &before);
    let outputs = stage.run_tasks(&inputs, &tasks, settled.parallel)?;
    let mut new_alignments = Vec::new();
    for (task, output) in tasks.iter().zip(outputs) {
        if let (AlignTask::Pair(i, j), Some(score)) = (task, output.translation_score) {
            if let (Some(a), Some(b)) = (inputs.get(*i), inputs.get(*j)) {
                reporter.status(format!(
                    "{} and {} look like translations of each other (score {score:.2}): aligned as beads",
                    source_of(&records, a.doc_id),
                    source_of(&records, b.doc_id),
                ));
            }
        }
        new_alignments.extend(output.alignments);
    }
    let kept_ids: HashSet<&DocId> = records
        .iter()
        .filter(|r| !r.fresh)
        .map(|r| &r.doc.id)
        .collect();
    let event_now = event_stage::event_of_doc(&events);
    let kept: Vec<concord_core::Alignment> =
        incremental::kept_alignments(previous.alignments, &kept_ids)
            .into_iter()
            .filter(|a| {
                a.doc_a == a.doc_b
                    || event_now
                        .get(&a.doc_a)
                        .is_some_and(|e| event_now.get(&a.doc_b) == Some(e))
            })
            .collect();
    let (alignments_kept, alignments_new) = (kept.len(), new_alignments.len());
    let position: HashMap<&DocId, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.doc_id, i))
        .collect();
    let (alignments, dropped) = incremental::merge_alignments(kept, new_alignments, &position);
    if dropped > 0 {
        reporter.warn(format!(
            "{}: dropped {dropped} alignments of the run that point at documents without sentences",
            dir.display()
        ));
    }
    let pairs_aligned = tasks
        .iter()
        .filter(|t| matches!(t, AlignTask::Pair(..)))
        .count();
    drop(inputs);

    let documents: Vec<Document> = records.iter().map(|r| r.doc.clone()).collect();
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut facts: Vec<Fact> = Vec::new();
    let mut removed: Vec<RemovedSpan> = Vec::new();
    let mut changes: Vec<NormalizationChange> = Vec::new();
    let mut vectors: Vec<f32> = Vec::new();
    for r in records {
        sentences.extend(r.sentences);
        facts.extend(r.facts);
        removed.extend(r.removed);
        changes.extend(r.changes);
        vectors.extend(r.vectors);
    }
    clock.lap("align");
    let claims = align_stage::group_claims(&alignments, &sentences);
    clock.lap("claims");

    let disagreements = concord_flag::flag_run(
        &concord_flag::FlagConfig::for_runs(),
        &alignments,
        &claims,
        &documents,
        &sentences,
        &facts,
    );
    clock.lap("flag");

    let embedding_ids: Vec<SentenceId> = sentences.iter().map(|s| s.id.clone()).collect();
    let tool_version = env!("CARGO_PKG_VERSION");
    let mut run_key: Vec<String> = vec![
        tool_version.to_owned(),
        encoder.model_id().to_owned(),
        encoder.revision().to_owned(),
        format!("{:?}", settled.segmentation),
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
    let mut staged =
        StagedCommit::new(dir).with_context(|| format!("writing tables to {}", dir.display()))?;
    cache.stage(&mut staged)?;
    let tables = concord_store::stage_run(
        &mut staged,
        &RunTables {
            documents: &documents,
            events: &events,
            sentences: &sentences,
            removed: &removed,
            changes: &changes,
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
    .with_context(|| format!("writing tables to {}", dir.display()))?;
    clock.lap("store");

    let skipped = documents
        .iter()
        .filter(|d| matches!(d.status, DocStatus::Error(_)))
        .count();
    let counts = named_counts([
        ("documents", documents.len()),
        ("documents_skipped", skipped),
        ("events", events.len()),
        ("sentences", sentences.len()),
        ("embeddings", embedding_ids.len()),
        ("embedded_now", cache_stats.embedded),
        ("embedding_cache_hits", cache_stats.hits),
        ("alignments", alignments.len()),
        ("claims", claims.len()),
        ("facts", facts.len()),
        ("removed", removed.len()),
        ("changes", changes.len()),
        ("disagreements", disagreements.len()),
    ]);
    ingest.counts = named_counts([
        ("documents_added", ingest.added.len()),
        ("documents_changed", ingest.changed.len()),
        ("documents_unchanged", ingest.unchanged.len()),
        ("sentences_added", sentences_added),
        ("embedded_now", cache_stats.embedded),
        ("embedding_cache_hits", cache_stats.hits),
        ("document_pairs_aligned", pairs_aligned),
        ("alignments_kept", alignments_kept),
        ("alignments_new", alignments_new),
    ]);
    ingest.timings = clock.timings.clone();
    let mut ingests = previous.manifest.map(|m| m.ingests).unwrap_or_default();
    ingests.push(ingest);
    let manifest = Manifest {
        schema_version: concord_store::SCHEMA_VERSION.to_owned(),
        tool_version: tool_version.to_owned(),
        run_id,
        model: ModelRecord {
            id: encoder.model_id().to_owned(),
            revision: Some(encoder.revision().to_owned()),
            dim,
        },
        device: job.device.to_string(),
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
        settings: Some(RunSettings {
            model_spec: settled.model_spec,
            segmentation: settled.segmentation.to_string(),
            parallel: settled.parallel,
        }),
        ingests,
    };
    staged
        .stage_json(MANIFEST_FILE, &manifest)
        .with_context(|| format!("writing manifest to {}", dir.display()))?;
    lock.commit(staged)
        .with_context(|| format!("committing the run in {}", dir.display()))?;
    let last = manifest.ingests.last();
    let (n_added, n_changed) = last.map_or((0, 0), |i| (i.added.len(), i.changed.len()));
    let summary = format!(
        "{} documents ({} skipped) in {} events, {} sentences, {} alignments, {} facts, {} disagreements -> {}",
        documents.len(),
        skipped,
        events.len(),
        sentences.len(),
        alignments.len(),
        facts.len(),
        disagreements.len(),
        dir.display()
    );
    match job.kind {
        IngestKind::Full => reporter.status(summary),
        IngestKind::Incremental => reporter.status(format!(
            "{n_added} added, {n_changed} changed, {} unchanged; {summary}",
            last.map_or(0, |i| i.unchanged.len())
        )),
    }
    Ok(ExitCode::SUCCESS)
}

fn named_counts<const N: usize>(pairs: [(&str, usize); N]) -> BTreeMap<String, usize> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// An ingest that found nothing new: the tables stay, the manifest records it.
fn record_noop_ingest(
    lock: &WriterLock,
    mut manifest: Manifest,
    mut ingest: IngestRecord,
    mut clock: Stopwatch,
    reporter: &Reporter,
) -> Result<ExitCode> {
    let dir = lock.dir().to_path_buf();
    clock.lap("store");
    ingest.counts = named_counts([
        ("documents_added", 0),
        ("documents_changed", 0),
        ("documents_unchanged", ingest.unchanged.len()),
        ("sentences_added", 0),
        ("embedded_now", 0),
        ("embedding_cache_hits", 0),
        ("document_pairs_aligned", 0),
        (
            "alignments_kept",
            manifest.counts.get("alignments").copied().unwrap_or(0),
        ),
        ("alignments_new", 0),
    ]);
    ingest.timings = clock.timings.clone();
    let unchanged = ingest.unchanged.len();
    manifest.counts.insert("embedded_now".to_owned(), 0);
    manifest.counts.insert("embedding_cache_hits".to_owned(), 0);
    manifest.timings = clock.timings;
    manifest.ingests.push(ingest);
    let mut staged = StagedCommit::new(&dir)?;
    staged
        .stage_json(MANIFEST_FILE, &manifest)
        .with_context(|| format!("writing manifest to {}", dir.display()))?;
    lock.commit(staged)
        .with_context(|| format!("committing the run in {}", dir.display()))?;
    reporter.status(format!(
        "nothing new: all {unchanged} documents are already in {} as they are",
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        let at = |secs: u64| utc_timestamp(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_782_523_005), "2026-06-27T01:16:45Z");
    }
}
