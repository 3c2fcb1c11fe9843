//! Reading a finished run directory back (for `diff` and `report`): the
//! manifest plus the rows of the tables those commands need, as plain structs.
//!
//! [`load`] first takes the directory's reader lock, which finishes an
//! interrupted commit (or removes the temporaries of a run that never
//! committed) when nobody else uses the directory, and keeps commits out
//! while the [`RunDir`] is alive, so every table read belongs to one run.

use crate::progress::Reporter;
use anyhow::{anyhow, Context, Result};
use arrow::array::{Array, ArrayRef, Float32Array, StringArray, UInt32Array, UInt64Array};
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use concord_store::{Manifest, ReaderLock, Recovery};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One `documents` row.
#[derive(Debug, Clone)]
pub(crate) struct DocRow {
    pub doc_id: String,
    pub source: String,
    pub lang: String,
    pub sha256: String,
}

/// One `sentences` row.
#[derive(Debug, Clone)]
pub(crate) struct SentenceRow {
    pub doc_id: String,
    pub idx: u32,
    pub lang: String,
    pub original_text: String,
    pub byte_start: u64,
    pub byte_end: u64,
}

/// One `disagreements` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct FlagRow {
    pub flag_id: String,
    pub kind: String,
    pub doc_a: String,
    pub doc_b: String,
    pub sentence_a: String,
    pub sentence_b: String,
    pub value_a: String,
    pub value_b: String,
    pub normalized_a: String,
    pub normalized_b: String,
    pub byte_start_a: u64,
    pub byte_end_a: u64,
    pub byte_start_b: u64,
    pub byte_end_b: u64,
    pub confidence: f32,
    pub explanation: String,
    pub claim_id: Option<String>,
    pub likely_error_side: Option<String>,
    pub suggested: Option<String>,
}

/// One `claims` row.
#[derive(Debug, Clone)]
pub(crate) struct ClaimRow {
    pub claim_id: String,
    pub sentence_ids: Vec<String>,
}

/// What cleaning did to one document: boilerplate removed (count per
/// reason) and normalization edits (per stage, in pipeline order).
#[derive(Debug, Clone, Default)]
pub(crate) struct Cleaning {
    pub removed: std::collections::BTreeMap<String, usize>,
    pub edits: Vec<(String, u64)>,
}

/// A run directory loaded into memory.
#[derive(Debug)]
pub(crate) struct RunDir {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub documents: Vec<DocRow>,
    pub flags: Vec<FlagRow>,
    /// Held while the directory is read (no commit can happen meanwhile).
    _lock: ReaderLock,
}

/// Column access by name with clear errors naming the file and column.
struct Columns<'a> {
    batch: &'a RecordBatch,
    path: &'a Path,
}

impl<'a> Columns<'a> {
    fn column(&self, name: &str) -> Result<&'a ArrayRef> {
        self.batch
            .column_by_name(name)
            .ok_or_else(|| anyhow!("{}: no column {name}", self.path.display()))
    }

    /// A string column (plain or dictionary-encoded), nulls as `None`.
    fn strings(&self, name: &str) -> Result<Vec<Option<String>>> {
        let col = self.column(name)?;
        let col = if col.data_type() == &DataType::Utf8 {
            col.clone()
        } else {
            arrow::compute::cast(col, &DataType::Utf8)
                .with_context(|| format!("{}: column {name} is not text", self.path.display()))?
        };
        let col = col
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| anyhow!("{}: column {name} is not text", self.path.display()))?;
        Ok((0..col.len())
            .map(|i| (!col.is_null(i)).then(|| col.value(i).to_owned()))
            .collect())
    }

    /// A `list<utf8>` column, one list per row.
    fn string_lists(&self, name: &str) -> Result<Vec<Vec<String>>> {
        let path = self.path.display();
        let lists = self
            .column(name)?
            .as_any()
            .downcast_ref::<arrow::array::ListArray>()
            .ok_or_else(|| anyhow!("{path}: {name} is not a list"))?;
        (0..lists.len())
            .map(|i| {
                let items = lists.value(i);
                let items = items
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| anyhow!("{path}: {name} items are not text"))?;
                Ok((0..items.len())
                    .map(|j| items.value(j).to_owned())
                    .collect())
            })
            .collect()
    }

    fn required_strings(&self, name: &str) -> Result<Vec<String>> {
        Ok(self
            .strings(name)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect())
    }

    fn typed<T: Array + 'static>(&self, name: &str) -> Result<&'a T> {
        self.column(name)?
            .as_any()
            .downcast_ref::<T>()
            .ok_or_else(|| {
                anyhow!(
                    "{}: column {name} has unexpected type {}",
                    self.path.display(),
                    self.column(name)
                        .map(|c| c.data_type().to_string())
                        .unwrap_or_default()
                )
            })
    }

    fn u64s(&self, name: &str) -> Result<Vec<u64>> {
        Ok(self.typed::<UInt64Array>(name)?.values().to_vec())
    }

    fn u32s(&self, name: &str) -> Result<Vec<u32>> {
        Ok(self.typed::<UInt32Array>(name)?.values().to_vec())
    }

    fn f32s(&self, name: &str) -> Result<Vec<f32>> {
        Ok(self.typed::<Float32Array>(name)?.values().to_vec())
    }
}

fn read_batches(dir: &Path, table: &str) -> Result<(PathBuf, Vec<RecordBatch>)> {
    let path = dir.join(format!("{table}.arrow"));
    let batches = concord_store::read_ipc_file(&path)
        .with_context(|| format!("reading table {table} of run {}", dir.display()))?;
    Ok((path, batches))
}

/// Warn about what recovering the run in `dir` did (finished an
/// interrupted commit, removed an unfinished run's temporaries).
pub(crate) fn report_recovery(reporter: &Reporter, dir: &Path, recovery: &Recovery) {
    if recovery.finished_commit {
        reporter.warn(format!(
            "{}: finished an interrupted commit ({} files renamed into place)",
            dir.display(),
            recovery.finished_renames
        ));
    }
    if recovery.removed_temps > 0 {
        reporter.warn(format!(
            "{}: removed {} temporary files of an interrupted run; its previous tables are intact",
            dir.display(),
            recovery.removed_temps
        ));
    }
}

/// Lock the run in `dir` for reading (recovering it first if a run was
/// interrupted), then read `manifest.json`, `documents` and `disagreements`.
pub(crate) fn load(dir: &Path) -> Result<RunDir> {
    let manifest_path = dir.join(concord_store::MANIFEST_FILE);
    let journal_path = dir.join(concord_store::JOURNAL_FILE);
    // Only lock (which creates lock files) what looks like a run directory.
    if manifest_path.is_file() || journal_path.is_file() {
        let reporter = Reporter::new(false);
        let (lock, recovery) = ReaderLock::acquire(dir, || {
            reporter.status(format!(
                "waiting for a concord run to commit in {}",
                dir.display()
            ))
        })
        .with_context(|| format!("opening run directory {}", dir.display()))?;
        report_recovery(&reporter, dir, &recovery);
        return read_locked(dir, lock);
    }
    Err(anyhow!(
        "{} is not a concord run directory (cannot read {})",
        dir.display(),
        manifest_path.display()
    ))
}

fn read_locked(dir: &Path, lock: ReaderLock) -> Result<RunDir> {
    let manifest_path = dir.join(concord_store::MANIFEST_FILE);
    let text = std::fs::read_to_string(&manifest_path).with_context(|| {
        format!(
            "{} is not a concord run directory (cannot read {})",
            dir.display(),
            manifest_path.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("{}: malformed manifest", manifest_path.display()))?;
    Ok(RunDir {
        dir: dir.to_owned(),
        manifest,
        documents: documents(dir)?,
        flags: flags(dir)?,
        _lock: lock,
    })
}

fn documents(dir: &Path) -> Result<Vec<DocRow>> {
    let (path, batches) = read_batches(dir, "documents")?;
    let mut out = Vec::new();
    for batch in &batches {
        let c = Columns { batch, path: &path };
        let ids = c.required_strings("doc_id")?;
        let sources = c.required_strings("source")?;
        let langs = c.required_strings("lang")?;
        let shas = c.required_strings("sha256")?;
        for i in 0..batch.num_rows() {
            out.push(DocRow {
                doc_id: ids[i].clone(),
                source: sources[i].clone(),
                lang: langs[i].clone(),
                sha256: shas[i].clone(),
            });
        }
    }
    Ok(out)
}

fn flags(dir: &Path) -> Result<Vec<FlagRow>> {
    let (path, batches) = read_batches(dir, "disagreements")?;
    let mut out = Vec::new();
    for batch in &batches {
        let c = Columns { batch, path: &path };
        let s = |name: &str| c.required_strings(name);
        let (flag_id, kind, doc_a, doc_b) = (s("flag_id")?, s("kind")?, s("doc_a")?, s("doc_b")?);
        let (sentence_a, sentence_b) = (s("sentence_a")?, s("sentence_b")?);
        let (value_a, value_b) = (s("value_a")?, s("value_b")?);
        let (normalized_a, normalized_b) = (s("normalized_a")?, s("normalized_b")?);
        let explanation = s("explanation")?;
        let (bsa, bea) = (c.u64s("byte_start_a")?, c.u64s("byte_end_a")?);
        let (bsb, beb) = (c.u64s("byte_start_b")?, c.u64s("byte_end_b")?);
        let confidence = c.f32s("confidence")?;
        let claim = c.strings("claim_id")?;
        let side = c.strings("likely_error_side")?;
        let suggested = c.strings("suggested")?;
        for i in 0..batch.num_rows() {
            out.push(FlagRow {
                flag_id: flag_id[i].clone(),
                kind: kind[i].clone(),
                doc_a: doc_a[i].clone(),
                doc_b: doc_b[i].clone(),
                sentence_a: sentence_a[i].clone(),
                sentence_b: sentence_b[i].clone(),
                value_a: value_a[i].clone(),
                value_b: value_b[i].clone(),
                normalized_a: normalized_a[i].clone(),
                normalized_b: normalized_b[i].clone(),
                byte_start_a: bsa[i],
                byte_end_a: bea[i],
                byte_start_b: bsb[i],
                byte_end_b: beb[i],
                confidence: confidence[i],
                explanation: explanation[i].clone(),
                claim_id: claim[i].clone(),
                likely_error_side: side[i].clone(),
                suggested: suggested[i].clone(),
            });
        }
    }
    Ok(out)
}

/// All sentences of a run, by id.
pub(crate) fn sentences(dir: &Path) -> Result<HashMap<String, SentenceRow>> {
    let (path, batches) = read_batches(dir, "sentences")?;
    let mut out = HashMap::new();
    for batch in &batches {
        let c = Columns { batch, path: &path };
        let ids = c.required_strings("sentence_id")?;
        let docs = c.required_strings("doc_id")?;
        let idx = c.u32s("idx")?;
        let langs = c.required_strings("lang")?;
        let texts = c.required_strings("original_text")?;
        let (bs, be) = (c.u64s("byte_start")?, c.u64s("byte_end")?);
        for i in 0..batch.num_rows() {
            out.insert(
                ids[i].clone(),
                SentenceRow {
                    doc_id: docs[i].clone(),
                    idx: idx[i],
                    lang: langs[i].clone(),
                    original_text: texts[i].clone(),
                    byte_start: bs[i],
                    byte_end: be[i],
                },
            );
        }
    }
    Ok(out)
}

/// All claim groups of a run.
pub(crate) fn claims(dir: &Path) -> Result<Vec<ClaimRow>> {
    let (path, batches) = read_batches(dir, "claims")?;
    let mut out = Vec::new();
    for batch in &batches {
        let c = Columns { batch, path: &path };
        let ids = c.required_strings("claim_id")?;
        let members = c.string_lists("sentence_ids")?;
        out.extend(
            ids.into_iter()
                .zip(members)
                .map(|(claim_id, sentence_ids)| ClaimRow {
                    claim_id,
                    sentence_ids,
                }),
        );
    }
    Ok(out)
}

/// One row of `events`, as the report shows it.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub event_id: String,
    pub label: String,
    pub doc_ids: Vec<String>,
}

/// The `events` table (empty for a run written before schema 4).
pub(crate) fn events(dir: &Path) -> Result<Vec<EventRow>> {
    if !dir.join("events.arrow").is_file() {
        return Ok(Vec::new());
    }
    let (path, batches) = read_batches(dir, "events")?;
    let mut out = Vec::new();
    for batch in &batches {
        let c = Columns { batch, path: &path };
        let ids = c.required_strings("event_id")?;
        let labels = c.required_strings("label")?;
        let members = c.string_lists("doc_ids")?;
        out.extend(
            ids.into_iter()
                .zip(labels)
                .zip(members)
                .map(|((event_id, label), doc_ids)| EventRow {
                    event_id,
                    label,
                    doc_ids,
                }),
        );
    }
    Ok(out)
}

/// Cleaning per document id, from `removed` and `changes`, and whether the
/// run recorded edits at all (a run written before schema 3 has no
/// `changes` table).
pub(crate) fn cleaning(dir: &Path) -> Result<(HashMap<String, Cleaning>, bool)> {
    let mut out: HashMap<String, Cleaning> = HashMap::new();
    let (path, batches) = read_batches(dir, "removed")?;
    for batch in &batches {
        let c = Columns { batch, path: &path };
        let docs = c.required_strings("doc_id")?;
        let reasons = c.required_strings("reason")?;
        for (doc, reason) in docs.into_iter().zip(reasons) {
            *out.entry(doc)
                .or_default()
                .removed
                .entry(reason)
                .or_default() += 1;
        }
    }
    if !dir.join("changes.arrow").is_file() {
        return Ok((out, false));
    }
    let (path, batches) = read_batches(dir, "changes")?;
    for batch in &batches {
        let c = Columns { batch, path: &path };
        let docs = c.required_strings("doc_id")?;
        let stages = c.required_strings("stage")?;
        let edits = c.u64s("edits")?;
        for ((doc, stage), n) in docs.into_iter().zip(stages).zip(edits) {
            out.entry(doc).or_default().edits.push((stage, n));
        }
    }
    Ok((out, true))
}
