//! Reading a run directory's tables back into the pipeline's records, so a
//! later `concord run --into` can add documents to it.

use crate::atomic::read_ipc_file;
use crate::error::StoreError;
use crate::schema::{
    ALIGNMENTS, CHANGES, CLAIMS, DISAGREEMENTS, DOCUMENTS, EMBEDDINGS, EVENTS, FACTS, KEY_MODEL,
    REMOVED, SENTENCES,
};
use crate::RunTables;
use arrow::array::{
    Array, ArrayRef, AsArray, FixedSizeListArray, Float32Array, ListArray, StringArray,
    StructArray, UInt32Array, UInt64Array,
};
use arrow::datatypes::{DataType, SchemaRef};
use arrow::record_batch::RecordBatch;
use concord_core::{
    AlignMethod, Alignment, AlignmentId, ChangeExample, Claim, ClaimId, Disagreement, DocId,
    DocStatus, Document, Event, EventId, Fact, FactId, FactKind, FlagId, Lang, NormalizationChange,
    RemovedSpan, Sentence, SentenceId, SentenceRange, Side, Span,
};
use std::path::{Path, PathBuf};

/// Everything a run directory's tables hold, as owned records.
///
/// [`Document::text`] is empty and [`Document::file_map`] is `None`: the
/// tables keep what later stages need (sentences with their text and
/// spans), not the decoded files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunData {
    /// Documents, in table order.
    pub documents: Vec<Document>,
    /// Events, in table order (empty for a run written before schema 4).
    pub events: Vec<Event>,
    /// Sentences, in table order.
    pub sentences: Vec<Sentence>,
    /// Removed boilerplate, in table order.
    pub removed: Vec<RemovedSpan>,
    /// Normalization changes, in table order.
    pub changes: Vec<NormalizationChange>,
    /// Sentence of each embedding row.
    pub embedding_ids: Vec<SentenceId>,
    /// Flat row-major vectors, `embedding_ids.len() * dim` values.
    pub embeddings: Vec<f32>,
    /// Embedding dimension.
    pub dim: usize,
    /// Embedding model id (`concord.model` of the embeddings table).
    pub model: String,
    /// Alignments, in table order.
    pub alignments: Vec<Alignment>,
    /// Claim groups, in table order.
    pub claims: Vec<Claim>,
    /// Facts, in table order.
    pub facts: Vec<Fact>,
    /// Disagreement flags, in table order.
    pub disagreements: Vec<Disagreement>,
}

impl RunData {
    /// Borrow everything as [`RunTables`], e.g. to write it again.
    pub fn tables(&self) -> RunTables<'_> {
        RunTables {
            documents: &self.documents,
            events: &self.events,
            sentences: &self.sentences,
            removed: &self.removed,
            changes: &self.changes,
            embedding_ids: &self.embedding_ids,
            embeddings: &self.embeddings,
            dim: self.dim,
            model: &self.model,
            alignments: &self.alignments,
            claims: &self.claims,
            facts: &self.facts,
            disagreements: &self.disagreements,
        }
    }
}

/// Read the ten tables of the run in `dir` (from the `.arrow` files).
///
/// Call it under a [`crate::ReaderLock`] or [`crate::WriterLock`] so that no
/// commit happens while the files are read.
pub fn read_run(dir: &Path) -> Result<RunData, StoreError> {
    let (dim, model, embedding_ids, embeddings) = read_embeddings(dir)?;
    Ok(RunData {
        documents: read_documents(dir)?,
        events: read_events(dir)?,
        sentences: read_sentences(dir)?,
        removed: read_removed(dir)?,
        changes: read_changes(dir)?,
        embedding_ids,
        embeddings,
        dim,
        model,
        alignments: read_alignments(dir)?,
        claims: read_claims(dir)?,
        facts: read_facts(dir)?,
        disagreements: read_disagreements(dir)?,
    })
}

/// One table file: its path (for errors), schema and batches.
struct Table {
    path: PathBuf,
    schema: Option<SchemaRef>,
    batches: Vec<RecordBatch>,
}

fn open(dir: &Path, table: &str) -> Result<Table, StoreError> {
    let path = dir.join(format!("{table}.arrow"));
    let batches = read_ipc_file(&path)?;
    let schema = batches.first().map(RecordBatch::schema);
    Ok(Table {
        path,
        schema,
        batches,
    })
}

/// Typed access to the columns of one record batch; `offset` is the number
/// of rows in earlier batches, so errors give the row in the file.
struct Cols<'a> {
    batch: &'a RecordBatch,
    path: &'a Path,
    offset: usize,
}

impl<'a> Cols<'a> {
    fn format(&self, column: &'static str, problem: &'static str) -> StoreError {
        StoreError::Format {
            path: self.path.to_path_buf(),
            column,
            problem,
        }
    }

    fn column(&self, name: &'static str) -> Result<&'a ArrayRef, StoreError> {
        self.batch
            .column_by_name(name)
            .ok_or_else(|| self.format(name, "is missing"))
    }

    /// A text column, plain or dictionary-encoded; nulls as `None`.
    fn opt_strings(&self, name: &'static str) -> Result<Vec<Option<String>>, StoreError> {
        let col = self.column(name)?;
        match col.data_type() {
            DataType::Utf8 => {
                let a = col
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| self.format(name, "is not text"))?;
                Ok(a.iter().map(|v| v.map(str::to_owned)).collect())
            }
            DataType::Dictionary(key, value)
                if **key == DataType::Int32 && **value == DataType::Utf8 =>
            {
                let dict = col.as_dictionary::<arrow::datatypes::Int32Type>();
                let values = dict
                    .values()
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| self.format(name, "is not text"))?;
                dict.keys()
                    .iter()
                    .map(|key| match key {
                        None => Ok(None),
                        Some(k) => usize::try_from(k)
                            .ok()
                            .filter(|&k| k < values.len())
                            .map(|k| Some(values.value(k).to_owned()))
                            .ok_or_else(|| self.format(name, "has a dictionary key out of range")),
                    })
                    .collect()
            }
            _ => Err(self.format(name, "is not text")),
        }
    }

    fn strings(&self, name: &'static str) -> Result<Vec<String>, StoreError> {
        self.opt_strings(name)?
            .into_iter()
            .map(|v| v.ok_or_else(|| self.format(name, "contains nulls")))
            .collect()
    }

    fn typed<T: Array + 'static>(&self, name: &'static str) -> Result<&'a T, StoreError> {
        self.column(name)?
            .as_any()
            .downcast_ref::<T>()
            .ok_or_else(|| self.format(name, "has an unexpected type"))
    }

    fn opt_u32s(&self, name: &'static str) -> Result<Vec<Option<u32>>, StoreError> {
        Ok(self.typed::<UInt32Array>(name)?.iter().collect())
    }

    fn u32s(&self, name: &'static str) -> Result<Vec<u32>, StoreError> {
        let col = self.typed::<UInt32Array>(name)?;
        if col.null_count() > 0 {
            return Err(self.format(name, "contains nulls"));
        }
        Ok(col.values().to_vec())
    }

    fn u64s(&self, name: &'static str) -> Result<Vec<u64>, StoreError> {
        let col = self.typed::<UInt64Array>(name)?;
        if col.null_count() > 0 {
            return Err(self.format(name, "contains nulls"));
        }
        Ok(col.values().to_vec())
    }

    fn f32s(&self, name: &'static str) -> Result<Vec<f32>, StoreError> {
        let col = self.typed::<Float32Array>(name)?;
        if col.null_count() > 0 {
            return Err(self.format(name, "contains nulls"));
        }
        Ok(col.values().to_vec())
    }

    /// Byte offsets as `usize`.
    fn offsets(&self, name: &'static str) -> Result<Vec<usize>, StoreError> {
        self.u64s(name)?
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                usize::try_from(v).map_err(|_| self.value(name, i, v.to_string(), "a byte offset"))
            })
            .collect()
    }

    fn spans(&self, start: &'static str, end: &'static str) -> Result<Vec<Span>, StoreError> {
        let (s, e) = (self.offsets(start)?, self.offsets(end)?);
        Ok(s.into_iter().zip(e).map(|(s, e)| Span::new(s, e)).collect())
    }

    /// A list column without null lists, and the item range of each row.
    fn lists(
        &self,
        name: &'static str,
    ) -> Result<(&'a ListArray, Vec<std::ops::Range<usize>>), StoreError> {
        let lists = self.typed::<ListArray>(name)?;
        if lists.null_count() > 0 {
            return Err(self.format(name, "contains nulls"));
        }
        let rows = lists
            .offsets()
            .windows(2)
            .map(|w| w[0].max(0) as usize..w[1].max(0) as usize)
            .collect();
        Ok((lists, rows))
    }

    /// A `List<Utf8>` column without nulls.
    fn string_lists(&self, name: &'static str) -> Result<Vec<Vec<String>>, StoreError> {
        let (lists, rows) = self.lists(name)?;
        let values = lists
            .values()
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| self.format(name, "does not hold text"))?;
        if values.null_count() > 0 {
            return Err(self.format(name, "contains null items"));
        }
        Ok(rows
            .into_iter()
            .map(|items| items.map(|i| values.value(i).to_owned()).collect())
            .collect())
    }

    /// The `List<Struct<before, after, byte_start, byte_end>>` column of
    /// `changes`, without null lists.
    fn change_examples(&self, name: &'static str) -> Result<Vec<Vec<ChangeExample>>, StoreError> {
        let (lists, rows) = self.lists(name)?;
        let items = lists
            .values()
            .as_any()
            .downcast_ref::<StructArray>()
            .ok_or_else(|| self.format(name, "does not hold structs"))?;
        let text = |field: &str| {
            items
                .column_by_name(field)
                .and_then(|c| c.as_any().downcast_ref::<StringArray>())
                .filter(|c| c.null_count() == 0)
                .ok_or_else(|| {
                    self.format(name, "needs text fields before and after without nulls")
                })
        };
        let offset = |field: &str| {
            items
                .column_by_name(field)
                .and_then(|c| c.as_any().downcast_ref::<UInt64Array>())
                .ok_or_else(|| self.format(name, "needs UInt64 fields byte_start and byte_end"))
        };
        let (before, after) = (text("before")?, text("after")?);
        let (start, end) = (offset("byte_start")?, offset("byte_end")?);
        // Item `i` of the list in `row`.
        let span = |i: usize, row: usize| -> Result<Option<Span>, StoreError> {
            if start.is_null(i) || end.is_null(i) {
                return Ok(None);
            }
            let bad = |v: u64| self.value(name, row, v.to_string(), "a byte offset");
            let s = usize::try_from(start.value(i)).map_err(|_| bad(start.value(i)))?;
            let e = usize::try_from(end.value(i)).map_err(|_| bad(end.value(i)))?;
            Ok(Some(Span::new(s, e)))
        };
        rows.into_iter()
            .enumerate()
            .map(|(row, items)| {
                items
                    .map(|i| {
                        Ok(ChangeExample {
                            before: before.value(i).to_owned(),
                            after: after.value(i).to_owned(),
                            span: span(i, row)?,
                        })
                    })
                    .collect()
            })
            .collect()
    }

    fn value(
        &self,
        column: &'static str,
        row: usize,
        value: String,
        expected: &'static str,
    ) -> StoreError {
        StoreError::Value {
            path: self.path.to_path_buf(),
            column,
            row: self.offset + row,
            value,
            expected,
        }
    }

    fn langs(&self, name: &'static str) -> Result<Vec<Lang>, StoreError> {
        self.strings(name)?
            .into_iter()
            .enumerate()
            .map(|(i, code)| {
                lang_from_code(&code)
                    .ok_or_else(|| self.value(name, i, code, "a language code: en, zh, ja or und"))
            })
            .collect()
    }

    fn fact_kinds(&self, name: &'static str) -> Result<Vec<FactKind>, StoreError> {
        self.strings(name)?
            .into_iter()
            .enumerate()
            .map(|(i, kind)| {
                fact_kind_from_name(&kind).ok_or_else(|| {
                    self.value(
                        name,
                        i,
                        kind,
                        "a fact kind: number, money, percent, date, version, person, role, entity or polarity",
                    )
                })
            })
            .collect()
    }
}

/// Run `row_fn` over every batch of `table`, concatenating the rows.
fn rows<T>(
    table: &Table,
    mut row_fn: impl FnMut(&Cols<'_>) -> Result<Vec<T>, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    let mut offset = 0;
    for batch in &table.batches {
        let cols = Cols {
            batch,
            path: &table.path,
            offset,
        };
        out.extend(row_fn(&cols)?);
        offset += batch.num_rows();
    }
    Ok(out)
}

fn lang_from_code(code: &str) -> Option<Lang> {
    [Lang::En, Lang::Zh, Lang::Ja, Lang::Und]
        .into_iter()
        .find(|l| l.code() == code)
}

fn fact_kind_from_name(name: &str) -> Option<FactKind> {
    [
        FactKind::Number,
        FactKind::Money,
        FactKind::Percent,
        FactKind::Date,
        FactKind::Version,
        FactKind::Person,
        FactKind::Role,
        FactKind::Entity,
        FactKind::Polarity,
    ]
    .into_iter()
    .find(|k| k.as_str() == name)
}

fn method_from_name(name: &str) -> Option<AlignMethod> {
    [
        AlignMethod::MarginMnn,
        AlignMethod::MarginAnchors,
        AlignMethod::FactAnchored,
        AlignMethod::Bead,
    ]
    .into_iter()
    .find(|m| m.as_str() == name)
}

fn side_from_name(name: &str) -> Option<Side> {
    [Side::A, Side::B].into_iter().find(|s| s.as_str() == name)
}

fn status_from_column(status: &str) -> Option<DocStatus> {
    if status == "ok" {
        Some(DocStatus::Ok)
    } else {
        status
            .strip_prefix("error: ")
            .map(|reason| DocStatus::Error(reason.to_owned()))
    }
}

fn read_documents(dir: &Path) -> Result<Vec<Document>, StoreError> {
    let table = open(dir, DOCUMENTS)?;
    rows(&table, |c| {
        let ids = c.strings("doc_id")?;
        let sources = c.strings("source")?;
        let langs = c.langs("lang")?;
        let titles = c.opt_strings("title")?;
        let byte_lens = c.u64s("byte_len")?;
        let shas = c.strings("sha256")?;
        let statuses = c.strings("status")?;
        let encodings = c.strings("encoding")?;
        let urls = c.opt_strings("url")?;
        let published = c.opt_strings("published")?;
        let mut out = Vec::with_capacity(ids.len());
        for (i, ((((id, source), lang), title), status)) in ids
            .into_iter()
            .zip(sources)
            .zip(langs)
            .zip(titles)
            .zip(statuses)
            .enumerate()
        {
            let status = status_from_column(&status)
                .ok_or_else(|| c.value("status", i, status.clone(), "'ok' or 'error: <reason>'"))?;
            out.push(Document {
                id: DocId::from_string(id),
                source,
                lang,
                title,
                text: String::new(),
                byte_len: byte_lens[i],
                sha256: shas[i].clone(),
                status,
                encoding: encodings[i].clone(),
                url: urls[i].clone(),
                published: published[i].clone(),
                file_map: None,
            });
        }
        Ok(out)
    })
}

fn read_sentences(dir: &Path) -> Result<Vec<Sentence>, StoreError> {
    let table = open(dir, SENTENCES)?;
    rows(&table, |c| {
        let ids = c.strings("sentence_id")?;
        let docs = c.strings("doc_id")?;
        let idx = c.u32s("idx")?;
        let langs = c.langs("lang")?;
        let texts = c.strings("text")?;
        let originals = c.strings("original_text")?;
        let spans = c.spans("byte_start", "byte_end")?;
        let keys = c.strings("match_key")?;
        Ok(ids
            .into_iter()
            .zip(docs)
            .zip(texts)
            .zip(originals)
            .zip(keys)
            .enumerate()
            .map(
                |(i, ((((id, doc), text), original_text), match_key))| Sentence {
                    id: SentenceId::from_string(id),
                    doc_id: DocId::from_string(doc),
                    idx: idx[i],
                    lang: langs[i],
                    text,
                    span: spans[i],
                    original_text,
                    match_key,
                },
            )
            .collect())
    })
}

fn read_removed(dir: &Path) -> Result<Vec<RemovedSpan>, StoreError> {
    let table = open(dir, REMOVED)?;
    rows(&table, |c| {
        let docs = c.strings("doc_id")?;
        let spans = c.spans("byte_start", "byte_end")?;
        let reasons = c.strings("reason")?;
        let texts = c.strings("text")?;
        Ok(docs
            .into_iter()
            .zip(spans)
            .zip(reasons)
            .zip(texts)
            .map(|(((doc, span), reason), text)| RemovedSpan {
                doc_id: DocId::from_string(doc),
                span,
                reason,
                text,
            })
            .collect())
    })
}

fn read_changes(dir: &Path) -> Result<Vec<NormalizationChange>, StoreError> {
    let table = open(dir, CHANGES)?;
    rows(&table, |c| {
        let docs = c.strings("doc_id")?;
        let stages = c.strings("stage")?;
        let edits = c.u64s("edits")?;
        let examples = c.change_examples("examples")?;
        Ok(docs
            .into_iter()
            .zip(stages)
            .zip(edits)
            .zip(examples)
            .map(|(((doc, stage), edits), examples)| NormalizationChange {
                doc_id: DocId::from_string(doc),
                stage,
                edits,
                examples,
            })
            .collect())
    })
}

/// `(dim, model, ids, flat vectors)` of the embeddings table.
fn read_embeddings(dir: &Path) -> Result<(usize, String, Vec<SentenceId>, Vec<f32>), StoreError> {
    let table = open(dir, EMBEDDINGS)?;
    let format = |column: &'static str, problem: &'static str| StoreError::Format {
        path: table.path.clone(),
        column,
        problem,
    };
    // The schema fixes the dimension and model even when there are no rows;
    // an IPC file without batches still has one, read it from the file.
    let schema = match &table.schema {
        Some(schema) => schema.clone(),
        None => ipc_schema(&table.path)?,
    };
    let field = schema
        .field_with_name("vector")
        .map_err(|_| format("vector", "is missing"))?;
    let dim = match field.data_type() {
        DataType::FixedSizeList(item, size) if item.data_type() == &DataType::Float32 => {
            usize::try_from(*size).map_err(|_| format("vector", "has a negative list size"))?
        }
        _ => return Err(format("vector", "is not a FixedSizeList of Float32")),
    };
    let model = schema
        .metadata()
        .get(KEY_MODEL)
        .cloned()
        .unwrap_or_default();
    let mut ids = Vec::new();
    let mut vectors = Vec::new();
    for batch in &table.batches {
        let cols = Cols {
            batch,
            path: &table.path,
            offset: ids.len(),
        };
        ids.extend(
            cols.strings("sentence_id")?
                .into_iter()
                .map(SentenceId::from_string),
        );
        let list = cols.typed::<FixedSizeListArray>("vector")?;
        if list.null_count() > 0 {
            return Err(format("vector", "contains null vectors"));
        }
        let values = list
            .values()
            .as_any()
            .downcast_ref::<Float32Array>()
            .ok_or_else(|| format("vector", "does not hold Float32 values"))?;
        if values.null_count() > 0 {
            return Err(format("vector", "contains null values"));
        }
        let start = list.offset() * dim;
        let end = start + list.len() * dim;
        let slice = values
            .values()
            .get(start..end)
            .ok_or_else(|| format("vector", "is shorter than its rows"))?;
        vectors.extend_from_slice(slice);
    }
    Ok((dim, model, ids, vectors))
}

fn ipc_schema(path: &Path) -> Result<SchemaRef, StoreError> {
    let file = std::fs::File::open(path).map_err(StoreError::io(path))?;
    let reader = arrow::ipc::reader::FileReader::try_new(std::io::BufReader::new(file), None)
        .map_err(StoreError::ipc(path))?;
    Ok(reader.schema())
}

fn read_alignments(dir: &Path) -> Result<Vec<Alignment>, StoreError> {
    let table = open(dir, ALIGNMENTS)?;
    rows(&table, |c| {
        let ids = c.strings("alignment_id")?;
        let doc_a = c.strings("doc_a")?;
        let doc_b = c.strings("doc_b")?;
        let sentence_a = c.opt_strings("sentence_a")?;
        let sentence_b = c.opt_strings("sentence_b")?;
        let (a_first, a_last) = (c.opt_u32s("a_first")?, c.opt_u32s("a_last")?);
        let (b_first, b_last) = (c.opt_u32s("b_first")?, c.opt_u32s("b_last")?);
        let cosine = c.f32s("cosine")?;
        let margin = c.f32s("margin")?;
        let score = c.f32s("score")?;
        let methods = c.strings("method")?;
        let range = |first: Option<u32>, last: Option<u32>| match (first, last) {
            (Some(first), Some(last)) => Some(SentenceRange { first, last }),
            _ => None,
        };
        let mut out = Vec::with_capacity(ids.len());
        for (i, (((id, da), db), method)) in ids
            .into_iter()
            .zip(doc_a)
            .zip(doc_b)
            .zip(methods)
            .enumerate()
        {
            let method = method_from_name(&method).ok_or_else(|| {
                c.value(
                    "method",
                    i,
                    method.clone(),
                    "an alignment method: margin_mnn, margin_anchors or bead",
                )
            })?;
            out.push(Alignment {
                id: AlignmentId::from_string(id),
                doc_a: DocId::from_string(da),
                doc_b: DocId::from_string(db),
                sentence_a: sentence_a[i].clone().map(SentenceId::from_string),
                sentence_b: sentence_b[i].clone().map(SentenceId::from_string),
                range_a: range(a_first[i], a_last[i]),
                range_b: range(b_first[i], b_last[i]),
                cosine: cosine[i],
                margin: margin[i],
                score: score[i],
                method,
            });
        }
        Ok(out)
    })
}

/// The `events` table; a run written before schema 4 has none (empty).
fn read_events(dir: &Path) -> Result<Vec<Event>, StoreError> {
    if !dir.join(format!("{EVENTS}.arrow")).is_file() {
        return Ok(Vec::new());
    }
    let table = open(dir, EVENTS)?;
    rows(&table, |c| {
        let ids = c.strings("event_id")?;
        let labels = c.strings("label")?;
        let label_docs = c.strings("label_doc")?;
        let docs = c.string_lists("doc_ids")?;
        let firsts = c.opt_strings("first_date")?;
        let lasts = c.opt_strings("last_date")?;
        Ok(ids
            .into_iter()
            .zip(labels)
            .zip(label_docs)
            .zip(docs)
            .zip(firsts.into_iter().zip(lasts))
            .map(|((((id, label), label_doc), docs), (first, last))| Event {
                id: EventId::from_string(id),
                label,
                label_doc: DocId::from_string(label_doc),
                documents: docs.into_iter().map(DocId::from_string).collect(),
                first_date: first,
                last_date: last,
            })
            .collect())
    })
}

fn read_claims(dir: &Path) -> Result<Vec<Claim>, StoreError> {
    let table = open(dir, CLAIMS)?;
    rows(&table, |c| {
        let ids = c.strings("claim_id")?;
        let members = c.string_lists("sentence_ids")?;
        let docs = c.string_lists("doc_ids")?;
        let langs = c.string_lists("langs")?;
        let mut out = Vec::with_capacity(ids.len());
        for (i, (((id, members), docs), langs)) in ids
            .into_iter()
            .zip(members)
            .zip(docs)
            .zip(langs)
            .enumerate()
        {
            let langs = langs
                .into_iter()
                .map(|code| {
                    lang_from_code(&code).ok_or_else(|| {
                        c.value("langs", i, code, "a language code: en, zh, ja or und")
                    })
                })
                .collect::<Result<Vec<Lang>, StoreError>>()?;
            out.push(Claim {
                id: ClaimId::from_string(id),
                sentence_ids: members.into_iter().map(SentenceId::from_string).collect(),
                doc_ids: docs.into_iter().map(DocId::from_string).collect(),
                langs,
            });
        }
        Ok(out)
    })
}

fn read_facts(dir: &Path) -> Result<Vec<Fact>, StoreError> {
    let table = open(dir, FACTS)?;
    rows(&table, |c| {
        let ids = c.strings("fact_id")?;
        let sentences = c.strings("sentence_id")?;
        let docs = c.strings("doc_id")?;
        let kinds = c.fact_kinds("kind")?;
        let surfaces = c.strings("surface")?;
        let normalized = c.strings("normalized")?;
        let spans = c.spans("byte_start", "byte_end")?;
        Ok(ids
            .into_iter()
            .zip(sentences)
            .zip(docs)
            .zip(surfaces)
            .zip(normalized)
            .enumerate()
            .map(|(i, ((((id, sentence), doc), surface), normalized))| Fact {
                id: FactId::from_string(id),
                sentence_id: SentenceId::from_string(sentence),
                doc_id: DocId::from_string(doc),
                kind: kinds[i],
                surface,
                normalized,
                span: spans[i],
            })
            .collect())
    })
}

fn read_disagreements(dir: &Path) -> Result<Vec<Disagreement>, StoreError> {
    let table = open(dir, DISAGREEMENTS)?;
    rows(&table, |c| {
        let ids = c.strings("flag_id")?;
        let kinds = c.fact_kinds("kind")?;
        let alignment = c.strings("alignment_id")?;
        let (doc_a, doc_b) = (c.strings("doc_a")?, c.strings("doc_b")?);
        let (sentence_a, sentence_b) = (c.strings("sentence_a")?, c.strings("sentence_b")?);
        let (value_a, value_b) = (c.strings("value_a")?, c.strings("value_b")?);
        let (norm_a, norm_b) = (c.strings("normalized_a")?, c.strings("normalized_b")?);
        let span_a = c.spans("byte_start_a", "byte_end_a")?;
        let span_b = c.spans("byte_start_b", "byte_end_b")?;
        let confidence = c.f32s("confidence")?;
        let explanation = c.strings("explanation")?;
        let claim = c.opt_strings("claim_id")?;
        let side = c.opt_strings("likely_error_side")?;
        let suggested = c.opt_strings("suggested")?;
        let mut out = Vec::with_capacity(ids.len());
        for (i, id) in ids.into_iter().enumerate() {
            let likely_error_side = match &side[i] {
                None => None,
                Some(s) => Some(
                    side_from_name(s)
                        .ok_or_else(|| c.value("likely_error_side", i, s.clone(), "'a' or 'b'"))?,
                ),
            };
            out.push(Disagreement {
                id: FlagId::from_string(id),
                kind: kinds[i],
                alignment_id: AlignmentId::from_string(alignment[i].clone()),
                doc_a: DocId::from_string(doc_a[i].clone()),
                doc_b: DocId::from_string(doc_b[i].clone()),
                sentence_a: SentenceId::from_string(sentence_a[i].clone()),
                sentence_b: SentenceId::from_string(sentence_b[i].clone()),
                value_a: value_a[i].clone(),
                value_b: value_b[i].clone(),
                normalized_a: norm_a[i].clone(),
                normalized_b: norm_b[i].clone(),
                span_a: span_a[i],
                span_b: span_b[i],
                confidence: confidence[i],
                explanation: explanation[i].clone(),
                claim_id: claim[i].clone().map(ClaimId::from_string),
                likely_error_side,
                suggested: suggested[i].clone(),
            });
        }
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_to_the_values_they_came_from() {
        for lang in [Lang::En, Lang::Zh, Lang::Ja, Lang::Und] {
            assert_eq!(lang_from_code(lang.code()), Some(lang));
        }
        assert_eq!(lang_from_code("fr"), None);
        for method in [
            AlignMethod::MarginMnn,
            AlignMethod::MarginAnchors,
            AlignMethod::FactAnchored,
            AlignMethod::Bead,
        ] {
            assert_eq!(method_from_name(method.as_str()), Some(method));
        }
        assert_eq!(fact_kind_from_name("version"), Some(FactKind::Version));
        assert_eq!(fact_kind_from_name("Version"), None);
        assert_eq!(side_from_name("b"), Some(Side::B));
        for status in [DocStatus::Ok, DocStatus::Error("empty file".into())] {
            assert_eq!(status_from_column(&status.as_column()), Some(status));
        }
        assert_eq!(status_from_column("fine"), None);
    }
}
