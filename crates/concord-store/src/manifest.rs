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

/// Contents of `manifest.json`.
///
/// Everything except `timings` and `device` is a function of the input and
/// the model, so two runs on the same input have the same manifest up to those.
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
    /// Per-stage timings, in pipeline order.
    pub timings: Vec<StageTiming>,
    /// The tables written, as returned by [`crate::write_run`].
    pub tables: Vec<TableSummary>,
}

/// Write `<dir>/manifest.json` atomically.
pub fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), StoreError> {
    write_json_atomic(&dir.join(MANIFEST_FILE), manifest)
}
