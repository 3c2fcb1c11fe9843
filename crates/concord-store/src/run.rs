//! Writing all ten tables of one `concord run`.
//!
//! To add a table: a name in [`crate::schema`] and [`crate::TABLES`], a
//! field in [`RunTables`], its batch in [`run_batches`] and a reader in
//! [`crate::read_run`]; staging, commit and manifest follow from the list.

use crate::commit::StagedCommit;
use crate::error::StoreError;
use crate::schema::{
    ALIGNMENTS, CHANGES, CLAIMS, DISAGREEMENTS, DOCUMENTS, EMBEDDINGS, EVENTS, FACTS, KEY_MODEL,
    REMOVED, SENTENCES,
};
use crate::tables;
use arrow::record_batch::RecordBatch;
use concord_core::{
    Alignment, Claim, Disagreement, Document, Event, Fact, NormalizationChange, RemovedSpan,
    Sentence, SentenceId,
};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Everything one run produced, borrowed from the pipeline.
///
/// Rows are written in the order given; callers sort them deterministically
/// (e.g. by id) so that the same input gives identical files.
#[derive(Debug, Clone, Copy)]
pub struct RunTables<'a> {
    /// Input documents, including skipped ones.
    pub documents: &'a [Document],
    /// Events (groups of documents that report one story).
    pub events: &'a [Event],
    /// Sentences of all processed documents.
    pub sentences: &'a [Sentence],
    /// Text dropped from the original files before segmentation.
    pub removed: &'a [RemovedSpan],
    /// What each normalization stage changed in each document.
    pub changes: &'a [NormalizationChange],
    /// Sentence of each embedding row.
    pub embedding_ids: &'a [SentenceId],
    /// Flat row-major vectors, `embedding_ids.len() * dim` values.
    pub embeddings: &'a [f32],
    /// Embedding dimension.
    pub dim: usize,
    /// Embedding model id.
    pub model: &'a str,
    /// Sentence alignments.
    pub alignments: &'a [Alignment],
    /// Claim groups.
    pub claims: &'a [Claim],
    /// Extracted facts.
    pub facts: &'a [Fact],
    /// Disagreement flags.
    pub disagreements: &'a [Disagreement],
}

/// What was written for one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSummary {
    /// Table name (`documents`, ...).
    pub name: String,
    /// Number of rows.
    pub rows: usize,
    /// File name of the Arrow IPC file, relative to the run directory.
    pub arrow_file: String,
    /// File name of the Parquet file, relative to the run directory.
    pub parquet_file: String,
}

/// Build all ten tables, in [`crate::TABLES`] order.
pub fn run_batches(tables: &RunTables<'_>) -> Result<Vec<(&'static str, RecordBatch)>, StoreError> {
    Ok(vec![
        (
            DOCUMENTS,
            tables::documents_batch(tables.documents, tables.sentences, tables.events)?,
        ),
        (EVENTS, tables::events_batch(tables.events)?),
        (SENTENCES, tables::sentences_batch(tables.sentences)?),
        (REMOVED, tables::removed_batch(tables.removed)?),
        (CHANGES, tables::changes_batch(tables.changes)?),
        (
            EMBEDDINGS,
            tables::embeddings_batch(
                tables.embedding_ids,
                tables.embeddings,
                tables.dim,
                tables.model,
            )?,
        ),
        (ALIGNMENTS, tables::alignments_batch(tables.alignments)?),
        (CLAIMS, tables::claims_batch(tables.claims, tables.events)?),
        (FACTS, tables::facts_batch(tables.facts)?),
        (
            DISAGREEMENTS,
            tables::disagreements_batch(tables.disagreements, tables.events)?,
        ),
    ])
}

/// Write `<dir>/<table>.arrow` and `<dir>/<table>.parquet` for all ten tables,
/// creating `dir` if needed.
///
/// All tables are built in memory before the first file is touched, so a
/// malformed input (e.g. a vector buffer of the wrong length) leaves an
/// existing run directory unchanged. The files are written as one
/// [`StagedCommit`]: a crash leaves either all previous tables or all new
/// ones (after [`crate::recover`]).
/// `metadata` (run id, model revision, ...) goes into every Parquet file's
/// key-value metadata, along with `concord.schema_version`, `concord.table`
/// and `concord.model` (= `tables.model`) unless `metadata` sets them.
pub fn write_run(
    dir: &Path,
    tables: &RunTables<'_>,
    metadata: &[(String, String)],
) -> Result<Vec<TableSummary>, StoreError> {
    let batches = run_batches(tables)?;
    let mut commit = StagedCommit::new(dir)?;
    let summaries = stage_batches(&mut commit, &batches, tables.model, metadata)?;
    commit.commit()?;
    Ok(summaries)
}

/// Stage all ten tables of `tables` into `commit` (see [`write_run`] for
/// the files and their metadata); the caller adds its own files (manifest
/// last) and commits.
pub fn stage_run(
    commit: &mut StagedCommit,
    tables: &RunTables<'_>,
    metadata: &[(String, String)],
) -> Result<Vec<TableSummary>, StoreError> {
    let batches = run_batches(tables)?;
    stage_batches(commit, &batches, tables.model, metadata)
}

fn stage_batches(
    commit: &mut StagedCommit,
    batches: &[(&'static str, RecordBatch)],
    model: &str,
    metadata: &[(String, String)],
) -> Result<Vec<TableSummary>, StoreError> {
    let mut metadata = metadata.to_vec();
    if !metadata.iter().any(|(k, _)| k == KEY_MODEL) {
        metadata.push((KEY_MODEL.to_owned(), model.to_owned()));
    }
    let mut summaries = Vec::with_capacity(batches.len());
    for (name, batch) in batches {
        let arrow_file = format!("{name}.arrow");
        let parquet_file = format!("{name}.parquet");
        commit.stage_ipc(&arrow_file, batch)?;
        commit.stage_parquet(&parquet_file, batch, &metadata)?;
        summaries.push(TableSummary {
            name: (*name).to_owned(),
            rows: batch.num_rows(),
            arrow_file,
            parquet_file,
        });
    }
    Ok(summaries)
}
