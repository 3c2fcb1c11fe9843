//! `manifest.json`: what produced a run directory.

use crate::atomic::write_json_atomic;
use crate::error::StoreError;
use crate::run::TableSummary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// File name of the manifest inside a run directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The embedding model a run used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRecord {
    /// Model id (e.g. `intfloat/multilingual-e5-small`).
    pub id: String,
    /// Exact revision (commit hash) of the weights, when known.
    pub revision: Option<String>,
    /// Embedding dimension.
    pub dim: usize,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRecord {
    /// Path relative to the input root (as in `documents.source`).
    pub path: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub byte_len: u64,
}

/// Wall-clock time of one pipeline stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    /// Stage name (`ingest`, `normalize`, `embed`, `align`, `facts`, `flag`, `store`).
    pub stage: String,
    /// Elapsed milliseconds.
    pub millis: f64,
}

/// The pipeline options a run directory was built with. Every ingest into
/// the directory must use the same ones, or its tables would mix methods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSettings {
    /// The `--model` argument as given (built-in name, hub id or directory);
    /// later ingests load it when they are not given one.
    pub model_spec: String,
    /// Sentence segmentation (`rules` or `lines`).
    pub segmentation: String,
    /// Whether every document pair was bead-aligned as translations (`--parallel`).
    pub parallel: bool,
}

/// Whether an ingest built the run from scratch or added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IngestKind {
    /// `concord run --out`: a new run from the given inputs.
    Full,
    /// `concord run --into`: documents added to an existing run.
    Incremental,
}

/// One `concord run` that wrote the directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestRecord {
    /// Full or incremental.
    pub kind: IngestKind,
    /// When it started, UTC, RFC 3339 (`2026-06-27T01:16:00Z`).
    pub started: String,
    /// The input paths as given on the command line.
    pub inputs: Vec<String>,
    /// Sources of documents new to the run (every document of a full run).
    pub added: Vec<String>,
    /// Sources already in the run with different content: their old rows
    /// were replaced.
    pub changed: Vec<String>,
    /// Sources already in the run with the same content: skipped.
    pub unchanged: Vec<String>,
    /// Named counts of this ingest (`documents_added`, `embedded_now`,
    /// `document_pairs_aligned`, ...).
    pub counts: BTreeMap<String, usize>,
    /// Per-stage timings of this ingest, in pipeline order.
    pub timings: Vec<StageTiming>,
}

/// Contents of `manifest.json`.
///
/// Everything except `timings`, `device` and `ingests` is a function of the
/// documents in the run and the model, so two runs holding the same
/// documents have the same manifest up to those (and to the per-invocation
/// counts `embedded_now` and `embedding_cache_hits`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`crate::SCHEMA_VERSION`] of the tables.
    pub schema_version: String,
    /// Version of the `concord` tool.
    pub tool_version: String,
    /// Run id (also stored in every Parquet file's metadata as `run_id`).
    pub run_id: String,
    /// Embedding model.
    pub model: ModelRecord,
    /// Device the model ran on (`cpu`, `cuda:0`, `metal`).
    pub device: String,
    /// Input files, in `documents` order.
    pub inputs: Vec<InputRecord>,
    /// Named counts (documents, skipped documents, sentences, ...).
    pub counts: BTreeMap<String, usize>,
    /// Per-stage timings of the latest ingest, in pipeline order.
    pub timings: Vec<StageTiming>,
    /// The tables written, as returned by [`crate::write_run`].
    pub tables: Vec<TableSummary>,
    /// Pipeline options of the run; `None` in manifests written before
    /// incremental ingests existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<RunSettings>,
    /// Every ingest that built the run, oldest first: the full run, then
    /// one entry per `concord run --into`. Empty in older manifests.
    #[serde(default)]
    pub ingests: Vec<IngestRecord>,
}

/// Write `<dir>/manifest.json` atomically.
pub fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), StoreError> {
    write_json_atomic(&dir.join(MANIFEST_FILE), manifest)
}

/// Read `<dir>/manifest.json`.
pub fn read_manifest(dir: &Path) -> Result<Manifest, StoreError> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read(&path).map_err(StoreError::io(&path))?;
    serde_json::from_slice(&text).map_err(|source| StoreError::Json { path, source })
}
