//! Builders turning slices of pipeline records into Arrow record batches.
//!
//! Rows come out in the order given: callers sort deterministically, so the
//! same input always gives byte-identical tables.

use crate::error::StoreError;
use crate::schema::{
    self, ALIGNMENTS, CHANGES, CLAIMS, DISAGREEMENTS, DOCUMENTS, EMBEDDINGS, EVENTS, FACTS,
    REMOVED, SENTENCES,
};
use arrow::array::{
    ArrayRef, DictionaryArray, FixedSizeListArray, Float32Array, ListArray, ListBuilder,
    StringArray, StringBuilder, StructArray, UInt32Array, UInt64Array,
};
use arrow::buffer::OffsetBuffer;
use arrow::datatypes::{DataType, Field, Int32Type};
use arrow::record_batch::RecordBatch;
use concord_core::{
    Alignment, Claim, Disagreement, DocId, Document, Event, Fact, Lang, NormalizationChange,
    RemovedSpan, Sentence, SentenceId, SentenceRange, Span,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

fn strings<'a>(values: impl Iterator<Item = &'a str>) -> ArrayRef {
    Arc::new(values.map(Some).collect::<StringArray>())
}

fn opt_strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(values.collect::<StringArray>())
}

/// A dictionary-encoded (`Dictionary<Int32, Utf8>`) column. Dictionary
/// values appear in first-seen order, so equal input gives equal output.
fn dict_strings<'a>(values: impl Iterator<Item = &'a str>) -> ArrayRef {
    Arc::new(values.map(Some).collect::<DictionaryArray<Int32Type>>())
}

fn opt_u32s(values: impl Iterator<Item = Option<u32>>) -> ArrayRef {
    Arc::new(values.collect::<UInt32Array>())
}

fn u64s(values: impl Iterator<Item = usize>) -> ArrayRef {
    // usize is at most 64 bits on every target Rust supports for this crate.
    Arc::new(values.map(|v| v as u64).collect::<UInt64Array>())
}

fn f32s(values: impl Iterator<Item = f32>) -> ArrayRef {
    Arc::new(values.collect::<Float32Array>())
}

fn langs(values: impl Iterator<Item = Lang>) -> ArrayRef {
    dict_strings(values.map(Lang::code))
}

/// A `List<Utf8>` column (non-nullable child named `item`), one list per row.
fn string_lists<'a, R, I>(rows: R) -> ArrayRef
where
    R: Iterator<Item = I>,
    I: Iterator<Item = &'a str>,
{
    let item = Arc::new(Field::new("item", DataType::Utf8, false));
    let mut builder = ListBuilder::new(StringBuilder::new()).with_field(item);
    for row in rows {
        for value in row {
            builder.values().append_value(value);
        }
        builder.append(true);
    }
    Arc::new(builder.finish())
}

/// `n` as a `u32`, or a [`StoreError::Shape`] naming `what` if it does not fit.
fn count_u32(table: &'static str, what: &'static str, n: usize) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| StoreError::Shape {
        table,
        what,
        expected: u32::MAX as usize,
        actual: n,
    })
}

fn starts<'a>(spans: impl Iterator<Item = &'a Span>) -> ArrayRef {
    u64s(spans.map(|s| s.start))
}

fn ends<'a>(spans: impl Iterator<Item = &'a Span>) -> ArrayRef {
    u64s(spans.map(|s| s.end))
}

/// Build the `documents` table; `n_sentences` counts the rows of `sentences`
/// that belong to each document.
pub fn documents_batch(
    documents: &[Document],
    sentences: &[Sentence],
    events: &[Event],
) -> Result<RecordBatch, StoreError> {
    let event_of = event_of_documents(events);
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for s in sentences {
        let n = counts.entry(s.doc_id.as_str()).or_insert(0);
        *n = n.saturating_add(1);
    }
    let status: Vec<String> = documents.iter().map(|d| d.status.as_column()).collect();
    let columns: Vec<ArrayRef> = vec![
        strings(documents.iter().map(|d| d.id.as_str())),
        strings(documents.iter().map(|d| d.source.as_str())),
        langs(documents.iter().map(|d| d.lang)),
        Arc::new(
            documents
                .iter()
                .map(|d| d.title.as_deref())
                .collect::<StringArray>(),
        ),
        Arc::new(
            documents
                .iter()
                .map(|d| counts.get(d.id.as_str()).copied().unwrap_or(0))
                .collect::<UInt32Array>(),
        ),
        Arc::new(
            documents
                .iter()
                .map(|d| d.byte_len)
                .collect::<UInt64Array>(),
        ),
        strings(documents.iter().map(|d| d.sha256.as_str())),
        strings(status.iter().map(String::as_str)),
        dict_strings(documents.iter().map(|d| d.encoding.as_str())),
        opt_strings(documents.iter().map(|d| d.url.as_deref())),
        opt_strings(documents.iter().map(|d| d.published.as_deref())),
        opt_strings(documents.iter().map(|d| event_of.get(&d.id).copied())),
    ];
    RecordBatch::try_new(schema::documents_schema(), columns).map_err(StoreError::arrow(DOCUMENTS))
}

/// Document id → event id, for the `event_id` columns.
fn event_of_documents(events: &[Event]) -> HashMap<&DocId, &str> {
    events
        .iter()
        .flat_map(|e| e.documents.iter().map(move |d| (d, e.id.as_str())))
        .collect()
}

/// Build the `events` table.
pub fn events_batch(events: &[Event]) -> Result<RecordBatch, StoreError> {
    let n_documents = events
        .iter()
        .map(|e| count_u32(EVENTS, "number of documents of an event", e.documents.len()))
        .collect::<Result<Vec<u32>, StoreError>>()?;
    let columns: Vec<ArrayRef> = vec![
        strings(events.iter().map(|e| e.id.as_str())),
        strings(events.iter().map(|e| e.label.as_str())),
        strings(events.iter().map(|e| e.label_doc.as_str())),
        Arc::new(UInt32Array::from(n_documents)),
        string_lists(events.iter().map(|e| e.documents.iter().map(DocId::as_str))),
        opt_strings(events.iter().map(|e| e.first_date.as_deref())),
        opt_strings(events.iter().map(|e| e.last_date.as_deref())),
    ];
    RecordBatch::try_new(schema::events_schema(), columns).map_err(StoreError::arrow(EVENTS))
}

/// Build the `sentences` table.
pub fn sentences_batch(sentences: &[Sentence]) -> Result<RecordBatch, StoreError> {
    let columns: Vec<ArrayRef> = vec![
        strings(sentences.iter().map(|s| s.id.as_str())),
        strings(sentences.iter().map(|s| s.doc_id.as_str())),
        Arc::new(sentences.iter().map(|s| s.idx).collect::<UInt32Array>()),
        langs(sentences.iter().map(|s| s.lang)),
        strings(sentences.iter().map(|s| s.text.as_str())),
        strings(sentences.iter().map(|s| s.original_text.as_str())),
        starts(sentences.iter().map(|s| &s.span)),
        ends(sentences.iter().map(|s| &s.span)),
        strings(sentences.iter().map(|s| s.match_key.as_str())),
    ];
    RecordBatch::try_new(schema::sentences_schema(), columns).map_err(StoreError::arrow(SENTENCES))
}

/// Build the `removed` table: text dropped from the original files before
/// segmentation.
pub fn removed_batch(removed: &[RemovedSpan]) -> Result<RecordBatch, StoreError> {
    let r = removed;
    let columns: Vec<ArrayRef> = vec![
        strings(r.iter().map(|x| x.doc_id.as_str())),
        starts(r.iter().map(|x| &x.span)),
        ends(r.iter().map(|x| &x.span)),
        dict_strings(r.iter().map(|x| x.reason.as_str())),
        strings(r.iter().map(|x| x.text.as_str())),
    ];
    RecordBatch::try_new(schema::removed_schema(), columns).map_err(StoreError::arrow(REMOVED))
}

/// Build the `changes` table: what each normalization stage changed in
/// each document, with examples as a list of structs.
pub fn changes_batch(changes: &[NormalizationChange]) -> Result<RecordBatch, StoreError> {
    let examples = changes.iter().flat_map(|c| &c.examples);
    let fields = schema::change_example_fields();
    let children: Vec<ArrayRef> = vec![
        strings(examples.clone().map(|e| e.before.as_str())),
        strings(examples.clone().map(|e| e.after.as_str())),
        Arc::new(
            examples
                .clone()
                .map(|e| e.span.map(|s| s.start as u64))
                .collect::<UInt64Array>(),
        ),
        Arc::new(
            examples
                .map(|e| e.span.map(|s| s.end as u64))
                .collect::<UInt64Array>(),
        ),
    ];
    let structs =
        StructArray::try_new(fields.clone(), children, None).map_err(StoreError::arrow(CHANGES))?;
    let item = Arc::new(Field::new("item", DataType::Struct(fields), false));
    let offsets = OffsetBuffer::<i32>::from_lengths(changes.iter().map(|c| c.examples.len()));
    let lists = ListArray::try_new(item, offsets, Arc::new(structs), None)
        .map_err(StoreError::arrow(CHANGES))?;
    let columns: Vec<ArrayRef> = vec![
        strings(changes.iter().map(|c| c.doc_id.as_str())),
        dict_strings(changes.iter().map(|c| c.stage.as_str())),
        Arc::new(changes.iter().map(|c| c.edits).collect::<UInt64Array>()),
        Arc::new(lists),
    ];
    RecordBatch::try_new(schema::changes_schema(), columns).map_err(StoreError::arrow(CHANGES))
}

/// Check `vectors.len() == rows * dim` and turn `dim` into Arrow's `i32`.
pub(crate) fn check_vectors(
    table: &'static str,
    rows: usize,
    vectors: &[f32],
    dim: usize,
) -> Result<i32, StoreError> {
    let dim_i32 = i32::try_from(dim)
        .ok()
        .filter(|&d| d > 0)
        .ok_or(StoreError::Dimension { table, dim })?;
    // An overflowing product can never match a real slice length.
    let expected = rows.saturating_mul(dim);
    if vectors.len() != expected {
        return Err(StoreError::Shape {
            table,
            what: "number of vector values",
            expected,
            actual: vectors.len(),
        });
    }
    Ok(dim_i32)
}

/// A `FixedSizeList<Float32, dim>` column from a flat row-major buffer.
pub(crate) fn vector_column(
    table: &'static str,
    vectors: &[f32],
    dim: i32,
) -> Result<ArrayRef, StoreError> {
    let values = Arc::new(Float32Array::from(vectors.to_vec()));
    let item = Arc::new(Field::new("item", DataType::Float32, false));
    let list =
        FixedSizeListArray::try_new(item, dim, values, None).map_err(StoreError::arrow(table))?;
    Ok(Arc::new(list))
}

/// Build the `embeddings` table: row `i` is `ids[i]` with the vector
/// `vectors[i * dim..(i + 1) * dim]`.
///
/// Fails with [`StoreError::Shape`] unless `dim > 0` and
/// `vectors.len() == ids.len() * dim`.
pub fn embeddings_batch(
    ids: &[SentenceId],
    vectors: &[f32],
    dim: usize,
    model: &str,
) -> Result<RecordBatch, StoreError> {
    let dim = check_vectors(EMBEDDINGS, ids.len(), vectors, dim)?;
    let columns: Vec<ArrayRef> = vec![
        strings(ids.iter().map(SentenceId::as_str)),
        vector_column(EMBEDDINGS, vectors, dim)?,
        strings(ids.iter().map(|_| model)),
    ];
    RecordBatch::try_new(schema::embeddings_schema(dim, model), columns)
        .map_err(StoreError::arrow(EMBEDDINGS))
}

/// Build the `alignments` table. An empty side of a bead (`None` sentence
/// and range) becomes nulls in its `sentence_*` and `*_first`/`*_last` columns.
pub fn alignments_batch(alignments: &[Alignment]) -> Result<RecordBatch, StoreError> {
    let a = alignments;
    let first = |r: &Option<SentenceRange>| r.map(|r| r.first);
    let last = |r: &Option<SentenceRange>| r.map(|r| r.last);
    let columns: Vec<ArrayRef> = vec![
        strings(a.iter().map(|x| x.id.as_str())),
        strings(a.iter().map(|x| x.doc_a.as_str())),
        strings(a.iter().map(|x| x.doc_b.as_str())),
        opt_strings(
            a.iter()
                .map(|x| x.sentence_a.as_ref().map(SentenceId::as_str)),
        ),
        opt_strings(
            a.iter()
                .map(|x| x.sentence_b.as_ref().map(SentenceId::as_str)),
        ),
        opt_u32s(a.iter().map(|x| first(&x.range_a))),
        opt_u32s(a.iter().map(|x| last(&x.range_a))),
        opt_u32s(a.iter().map(|x| first(&x.range_b))),
        opt_u32s(a.iter().map(|x| last(&x.range_b))),
        f32s(a.iter().map(|x| x.cosine)),
        f32s(a.iter().map(|x| x.margin)),
        f32s(a.iter().map(|x| x.score)),
        dict_strings(a.iter().map(|x| x.method.as_str())),
    ];
    RecordBatch::try_new(schema::alignments_schema(), columns)
        .map_err(StoreError::arrow(ALIGNMENTS))
}

/// Build the `claims` table.
///
/// Fails with [`StoreError::Shape`] if a claim's `doc_ids` or `langs` does
/// not have one entry per member sentence.
pub fn claims_batch(claims: &[Claim], events: &[Event]) -> Result<RecordBatch, StoreError> {
    let event_of = event_of_documents(events);
    let mut n_members = Vec::with_capacity(claims.len());
    let mut n_sources = Vec::with_capacity(claims.len());
    let mut n_langs = Vec::with_capacity(claims.len());
    for c in claims {
        let n = c.sentence_ids.len();
        for (what, actual) in [
            ("number of doc_ids of a claim", c.doc_ids.len()),
            ("number of langs of a claim", c.langs.len()),
        ] {
            if actual != n {
                return Err(StoreError::Shape {
                    table: CLAIMS,
                    what,
                    expected: n,
                    actual,
                });
            }
        }
        n_members.push(count_u32(CLAIMS, "number of members of a claim", n)?);
        let sources = c.doc_ids.iter().collect::<HashSet<_>>().len();
        n_sources.push(count_u32(CLAIMS, "number of sources of a claim", sources)?);
        let langs = c.langs.iter().collect::<HashSet<_>>().len();
        n_langs.push(count_u32(CLAIMS, "number of languages of a claim", langs)?);
    }
    let columns: Vec<ArrayRef> = vec![
        strings(claims.iter().map(|c| c.id.as_str())),
        Arc::new(UInt32Array::from(n_members)),
        string_lists(
            claims
                .iter()
                .map(|c| c.sentence_ids.iter().map(SentenceId::as_str)),
        ),
        string_lists(claims.iter().map(|c| c.doc_ids.iter().map(|d| d.as_str()))),
        string_lists(claims.iter().map(|c| c.langs.iter().map(|l| l.code()))),
        Arc::new(UInt32Array::from(n_sources)),
        Arc::new(UInt32Array::from(n_langs)),
        opt_strings(
            claims
                .iter()
                .map(|c| c.doc_ids.first().and_then(|d| event_of.get(d).copied())),
        ),
    ];
    RecordBatch::try_new(schema::claims_schema(), columns).map_err(StoreError::arrow(CLAIMS))
}

/// Build the `facts` table.
pub fn facts_batch(facts: &[Fact]) -> Result<RecordBatch, StoreError> {
    let f = facts;
    let columns: Vec<ArrayRef> = vec![
        strings(f.iter().map(|x| x.id.as_str())),
        strings(f.iter().map(|x| x.sentence_id.as_str())),
        strings(f.iter().map(|x| x.doc_id.as_str())),
        dict_strings(f.iter().map(|x| x.kind.as_str())),
        strings(f.iter().map(|x| x.surface.as_str())),
        strings(f.iter().map(|x| x.normalized.as_str())),
        starts(f.iter().map(|x| &x.span)),
        ends(f.iter().map(|x| &x.span)),
    ];
    RecordBatch::try_new(schema::facts_schema(), columns).map_err(StoreError::arrow(FACTS))
}

/// Build the `disagreements` table.
pub fn disagreements_batch(
    disagreements: &[Disagreement],
    events: &[Event],
) -> Result<RecordBatch, StoreError> {
    let d = disagreements;
    let event_of = event_of_documents(events);
    let columns: Vec<ArrayRef> = vec![
        strings(d.iter().map(|x| x.id.as_str())),
        dict_strings(d.iter().map(|x| x.kind.as_str())),
        strings(d.iter().map(|x| x.alignment_id.as_str())),
        strings(d.iter().map(|x| x.doc_a.as_str())),
        strings(d.iter().map(|x| x.doc_b.as_str())),
        strings(d.iter().map(|x| x.sentence_a.as_str())),
        strings(d.iter().map(|x| x.sentence_b.as_str())),
        strings(d.iter().map(|x| x.value_a.as_str())),
        strings(d.iter().map(|x| x.value_b.as_str())),
        strings(d.iter().map(|x| x.normalized_a.as_str())),
        strings(d.iter().map(|x| x.normalized_b.as_str())),
        starts(d.iter().map(|x| &x.span_a)),
        ends(d.iter().map(|x| &x.span_a)),
        starts(d.iter().map(|x| &x.span_b)),
        ends(d.iter().map(|x| &x.span_b)),
        f32s(d.iter().map(|x| x.confidence)),
        strings(d.iter().map(|x| x.explanation.as_str())),
        opt_strings(d.iter().map(|x| x.claim_id.as_ref().map(|c| c.as_str()))),
        opt_strings(d.iter().map(|x| x.likely_error_side.map(|s| s.as_str()))),
        opt_strings(d.iter().map(|x| x.suggested.as_deref())),
        opt_strings(d.iter().map(|x| event_of.get(&x.doc_a).copied())),
    ];
    RecordBatch::try_new(schema::disagreements_schema(), columns)
        .map_err(StoreError::arrow(DISAGREEMENTS))
}
