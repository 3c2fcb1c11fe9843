//! Schemas of the nine output tables and of the `concord embed` file.
//!
//! Every schema carries `concord.schema_version` and `concord.table` in its
//! metadata, and every column a `description` in its field metadata, so a
//! researcher who opens a file in pyarrow sees what each column means.

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use std::collections::HashMap;
use std::sync::Arc;

/// Version of the table layouts; bumped on any incompatible change.
pub const SCHEMA_VERSION: &str = "4";
/// Schema metadata key holding [`SCHEMA_VERSION`].
pub const KEY_SCHEMA_VERSION: &str = "concord.schema_version";
/// Schema metadata key holding the table name.
pub const KEY_TABLE: &str = "concord.table";
/// Schema metadata key holding the embedding model id (embedding tables only).
pub const KEY_MODEL: &str = "concord.model";
/// Schema metadata key holding the embedding dimension (embedding tables only).
pub const KEY_DIM: &str = "concord.dim";
/// Field metadata key holding a column's one-line description.
pub const KEY_DESCRIPTION: &str = "description";

/// Table names, in the order [`crate::write_run`] writes them.
pub const TABLES: [&str; 10] = [
    DOCUMENTS,
    EVENTS,
    SENTENCES,
    REMOVED,
    CHANGES,
    EMBEDDINGS,
    ALIGNMENTS,
    CLAIMS,
    FACTS,
    DISAGREEMENTS,
];

/// Name of the documents table.
pub const DOCUMENTS: &str = "documents";
/// Name of the events table.
pub const EVENTS: &str = "events";
/// Name of the sentences table.
pub const SENTENCES: &str = "sentences";
/// Name of the removed-spans table.
pub const REMOVED: &str = "removed";
/// Name of the normalization-changes table.
pub const CHANGES: &str = "changes";
/// Name of the embeddings table.
pub const EMBEDDINGS: &str = "embeddings";
/// Name of the alignments table.
pub const ALIGNMENTS: &str = "alignments";
/// Name of the claims table.
pub const CLAIMS: &str = "claims";
/// Name of the facts table.
pub const FACTS: &str = "facts";
/// Name of the disagreements table.
pub const DISAGREEMENTS: &str = "disagreements";
/// Table name recorded in files written by [`crate::write_embedding_file`].
pub const EMBED_FILE: &str = "embed";

fn col(name: &str, data_type: DataType, nullable: bool, description: &str) -> Field {
    Field::new(name, data_type, nullable).with_metadata(HashMap::from([(
        KEY_DESCRIPTION.to_owned(),
        description.to_owned(),
    )]))
}

fn utf8(name: &str, description: &str) -> Field {
    col(name, DataType::Utf8, false, description)
}

fn opt_utf8(name: &str, description: &str) -> Field {
    col(name, DataType::Utf8, true, description)
}

fn dict(name: &str, description: &str) -> Field {
    col(name, dict_type(), false, description)
}

fn u64_col(name: &str, description: &str) -> Field {
    col(name, DataType::UInt64, false, description)
}

fn u32_col(name: &str, description: &str) -> Field {
    col(name, DataType::UInt32, false, description)
}

fn f32_col(name: &str, description: &str) -> Field {
    col(name, DataType::Float32, false, description)
}

/// Type of low-cardinality string columns (`lang`, `kind`, `method`,
/// `encoding`, `reason`): `Dictionary<Int32, Utf8>`, which pyarrow, polars
/// and DuckDB all read (as dictionary, `Categorical` and `VARCHAR`).
pub fn dict_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// Type of the `lang` columns: dictionary-encoded UTF-8 (`en`, `zh`, `ja`, `und`).
pub fn lang_type() -> DataType {
    dict_type()
}

/// Type of the list-of-strings columns of `claims`: `List<Utf8>` with a
/// non-nullable child named `item` (the name pyarrow, polars and DuckDB use).
pub fn string_list_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Utf8, false)))
}

/// Type of the `examples` column of `changes`: a list (non-nullable child
/// named `item`) of structs `{before, after, byte_start, byte_end}`, the
/// byte offsets nullable.
pub fn change_examples_type() -> DataType {
    DataType::List(Arc::new(Field::new(
        "item",
        DataType::Struct(change_example_fields()),
        false,
    )))
}

/// Fields of one change example (see [`change_examples_type`]).
pub fn change_example_fields() -> arrow::datatypes::Fields {
    arrow::datatypes::Fields::from(vec![
        Field::new("before", DataType::Utf8, false),
        Field::new("after", DataType::Utf8, false),
        Field::new("byte_start", DataType::UInt64, true),
        Field::new("byte_end", DataType::UInt64, true),
    ])
}

/// Type of an embedding column: `FixedSizeList<Float32, dim>` with a
/// non-nullable child named `item`.
///
/// `dim` is an `i32` because that is what Arrow stores; see
/// [`crate::embeddings_batch`] for the checked conversion.
pub fn vector_type(dim: i32) -> DataType {
    DataType::FixedSizeList(Arc::new(Field::new("item", DataType::Float32, false)), dim)
}

fn table_schema(table: &str, fields: Vec<Field>, extra: &[(&str, String)]) -> SchemaRef {
    let mut metadata = HashMap::from([
        (KEY_SCHEMA_VERSION.to_owned(), SCHEMA_VERSION.to_owned()),
        (KEY_TABLE.to_owned(), table.to_owned()),
    ]);
    for (k, v) in extra {
        metadata.insert((*k).to_owned(), v.clone());
    }
    Arc::new(Schema::new_with_metadata(fields, metadata))
}

/// Schema of `documents`: one row per input file, including skipped ones.
pub fn documents_schema() -> SchemaRef {
    table_schema(
        DOCUMENTS,
        vec![
            utf8(
                "doc_id",
                "stable document id: hash of source path and content",
            ),
            utf8(
                "source",
                "input path relative to the input root, '/' separators",
            ),
            col(
                "lang",
                lang_type(),
                false,
                "dominant language: en, zh, ja or und",
            ),
            col(
                "title",
                DataType::Utf8,
                true,
                "first non-empty line, trimmed; null if none",
            ),
            col(
                "n_sentences",
                DataType::UInt32,
                false,
                "number of rows of this document in the sentences table",
            ),
            u64_col("byte_len", "size of the original file in bytes"),
            utf8(
                "sha256",
                "SHA-256 of the original file bytes, lower-case hex",
            ),
            utf8(
                "status",
                "'ok', or 'error: <reason>' if the document was skipped",
            ),
            dict(
                "encoding",
                "character encoding the original bytes were decoded from (UTF-8, GB18030, Shift_JIS, ...)",
            ),
            opt_utf8(
                "url",
                "where the article came from, when the input says (.jsonl 'url'); null otherwise",
            ),
            opt_utf8(
                "published",
                "publication date or time as given by the input; null when unknown",
            ),
            opt_utf8(
                "event_id",
                "event the document belongs to (events.event_id); null for skipped documents",
            ),
        ],
        &[],
    )
}

/// Schema of `events`: groups of documents that report one story.
pub fn events_schema() -> SchemaRef {
    table_schema(
        EVENTS,
        vec![
            utf8(
                "event_id",
                "stable event id: hash of the sorted member document ids",
            ),
            utf8(
                "label",
                "headline (or first sentence) of the most central member",
            ),
            utf8(
                "label_doc",
                "document the label comes from (documents.doc_id)",
            ),
            u32_col("n_documents", "number of member documents"),
            col(
                "doc_ids",
                string_list_type(),
                false,
                "member documents (documents.doc_id), sorted",
            ),
            opt_utf8(
                "first_date",
                "earliest dateline or publication date of the members (YYYY-MM-DD); null when unknown",
            ),
            opt_utf8(
                "last_date",
                "latest dateline or publication date of the members (YYYY-MM-DD); null when unknown",
            ),
        ],
        &[],
    )
}

/// Schema of `sentences`: one row per sentence of every processed document.
pub fn sentences_schema() -> SchemaRef {
    table_schema(
        SENTENCES,
        vec![
            utf8(
                "sentence_id",
                "stable sentence id: hash of doc_id, index and span",
            ),
            utf8(
                "doc_id",
                "document the sentence belongs to (documents.doc_id)",
            ),
            col(
                "idx",
                DataType::UInt32,
                false,
                "position of the sentence in its document, from 0",
            ),
            col(
                "lang",
                lang_type(),
                false,
                "language of this sentence: en, zh, ja or und",
            ),
            utf8("text", "normalized text (what was embedded and searched)"),
            utf8(
                "original_text",
                "the original file bytes at [byte_start, byte_end)",
            ),
            u64_col(
                "byte_start",
                "first byte of the sentence in the ORIGINAL file",
            ),
            u64_col("byte_end", "one past the last byte in the ORIGINAL file"),
            utf8(
                "match_key",
                "text folded for matching (case, width, traditional/simplified Chinese, kanji variants); not for display",
            ),
        ],
        &[],
    )
}

/// Schema of `removed`: pieces of original files dropped before segmentation.
pub fn removed_schema() -> SchemaRef {
    table_schema(
        REMOVED,
        vec![
            utf8(
                "doc_id",
                "document the text was removed from (documents.doc_id)",
            ),
            u64_col(
                "byte_start",
                "first byte of the removed text in the ORIGINAL file",
            ),
            u64_col("byte_end", "one past the last byte in the ORIGINAL file"),
            dict(
                "reason",
                "why it was removed: menu, share, disclaimer, promo, ...",
            ),
            utf8("text", "the original text at [byte_start, byte_end)"),
        ],
        &[],
    )
}

/// Schema of `changes`: what each normalization stage changed in each
/// document (one row per document and stage that changed something).
pub fn changes_schema() -> SchemaRef {
    table_schema(
        CHANGES,
        vec![
            utf8("doc_id", "document that was normalized (documents.doc_id)"),
            dict(
                "stage",
                "normalization stage: mojibake, nfkc, whitespace, punctuation, width, glued, recase",
            ),
            u64_col("edits", "number of edits the stage made in the document"),
            col(
                "examples",
                change_examples_type(),
                false,
                "up to 3 examples in text order: before (as the stage saw it), after, \
                 and byte_start/byte_end of `before` in the ORIGINAL file (null if unmapped)",
            ),
        ],
        &[],
    )
}

/// Schema of `embeddings` for vectors of `dim` values produced by `model`.
pub fn embeddings_schema(dim: i32, model: &str) -> SchemaRef {
    table_schema(
        EMBEDDINGS,
        vec![
            utf8("sentence_id", "sentence embedded (sentences.sentence_id)"),
            col(
                "vector",
                vector_type(dim),
                false,
                "sentence embedding (unit length when the model normalizes)",
            ),
            utf8("model", "embedding model id"),
        ],
        &[(KEY_MODEL, model.to_owned()), (KEY_DIM, dim.to_string())],
    )
}

/// Schema of `alignments`: sentences (or runs of sentences) of two documents
/// that make the same claim.
pub fn alignments_schema() -> SchemaRef {
    let idx = |name: &str, description: &str| col(name, DataType::UInt32, true, description);
    table_schema(
        ALIGNMENTS,
        vec![
            utf8("alignment_id", "stable alignment id"),
            utf8("doc_a", "document of side a"),
            utf8("doc_b", "document of side b"),
            opt_utf8(
                "sentence_a",
                "first sentence of side a (sentences.sentence_id); null when side a is empty",
            ),
            opt_utf8(
                "sentence_b",
                "first sentence of side b (sentences.sentence_id); null when side b is empty",
            ),
            idx(
                "a_first",
                "first sentence index (sentences.idx) of side a in doc_a; null when side a is empty",
            ),
            idx(
                "a_last",
                "last sentence index of side a, inclusive; null when side a is empty",
            ),
            idx(
                "b_first",
                "first sentence index (sentences.idx) of side b in doc_b; null when side b is empty",
            ),
            idx(
                "b_last",
                "last sentence index of side b, inclusive; null when side b is empty",
            ),
            f32_col(
                "cosine",
                "cosine similarity of the two sides' embeddings (0 when a side is empty)",
            ),
            f32_col(
                "margin",
                "ratio margin score, higher is surer (1 when not computed)",
            ),
            f32_col(
                "score",
                "score the decision was made on (margin, margin plus lexical anchors, or the bead's DP score); higher is better",
            ),
            dict(
                "method",
                "how it was found: margin_mnn (margin mutual nearest neighbours), margin_anchors (margin plus shared numbers/names/versions), fact_anchored (two reports of one event whose sentences state the same facts; score adds a bonus per agreeing fact) or bead (monotone DP alignment of two translations)",
            ),
        ],
        &[],
    )
}

/// Schema of `claims`: groups of sentences from several documents that make
/// the same claim.
pub fn claims_schema() -> SchemaRef {
    table_schema(
        CLAIMS,
        vec![
            utf8(
                "claim_id",
                "stable claim id: hash of the sorted member sentence ids",
            ),
            u32_col("n_members", "number of member sentences"),
            col(
                "sentence_ids",
                string_list_type(),
                false,
                "member sentences (sentences.sentence_id), sorted by id",
            ),
            col(
                "doc_ids",
                string_list_type(),
                false,
                "document of each member (documents.doc_id), same order as sentence_ids",
            ),
            col(
                "langs",
                string_list_type(),
                false,
                "language of each member (en, zh, ja, und), same order as sentence_ids",
            ),
            u32_col(
                "n_sources",
                "number of distinct documents among the members",
            ),
            u32_col("n_langs", "number of distinct languages among the members"),
            opt_utf8(
                "event_id",
                "event of the members' documents (events.event_id)",
            ),
        ],
        &[],
    )
}

/// Schema of `facts`: checkable facts found in sentences.
pub fn facts_schema() -> SchemaRef {
    table_schema(
        FACTS,
        vec![
            utf8("fact_id", "stable fact id: hash of sentence, kind and span"),
            utf8("sentence_id", "sentence the fact was found in"),
            utf8("doc_id", "document of that sentence"),
            dict(
                "kind",
                "number, money, percent, date, version, person, role or entity",
            ),
            utf8("surface", "the fact as written (normalized text)"),
            utf8("normalized", "canonical value used for comparison"),
            u64_col("byte_start", "first byte of the fact in the ORIGINAL file"),
            u64_col("byte_end", "one past the last byte in the ORIGINAL file"),
        ],
        &[],
    )
}

/// Schema of `disagreements`: aligned sentences whose facts of one kind differ.
pub fn disagreements_schema() -> SchemaRef {
    table_schema(
        DISAGREEMENTS,
        vec![
            utf8(
                "flag_id",
                "stable flag id: hash of kind, both values and both sentences",
            ),
            dict("kind", "fact kind compared (as in facts.kind)"),
            utf8(
                "alignment_id",
                "alignment the flag comes from (alignments.alignment_id)",
            ),
            utf8("doc_a", "document of side a"),
            utf8("doc_b", "document of side b"),
            utf8("sentence_a", "sentence of side a"),
            utf8("sentence_b", "sentence of side b"),
            utf8("value_a", "fact on side a as written"),
            utf8("value_b", "fact on side b as written"),
            utf8("normalized_a", "canonical value on side a"),
            utf8("normalized_b", "canonical value on side b"),
            u64_col(
                "byte_start_a",
                "first byte of fact a in doc_a's ORIGINAL file",
            ),
            u64_col("byte_end_a", "one past the last byte of fact a"),
            u64_col(
                "byte_start_b",
                "first byte of fact b in doc_b's ORIGINAL file",
            ),
            u64_col("byte_end_b", "one past the last byte of fact b"),
            col(
                "confidence",
                DataType::Float32,
                false,
                "confidence in [0, 1] that this is a real disagreement",
            ),
            utf8("explanation", "one line for a human"),
            opt_utf8(
                "claim_id",
                "claim group of the two sentences (claims.claim_id); null when not grouped",
            ),
            opt_utf8(
                "likely_error_side",
                "'a' or 'b': the side that is likely the (translation) error; null without evidence",
            ),
            opt_utf8(
                "suggested",
                "suggested value for the likely erroneous side (the majority value); null when none",
            ),
            opt_utf8(
                "event_id",
                "event of the two documents (events.event_id)",
            ),
        ],
        &[],
    )
}

/// Schema of a `concord embed` output file.
pub fn embedding_file_schema(dim: i32, model: &str) -> SchemaRef {
    table_schema(
        EMBED_FILE,
        vec![
            col(
                "idx",
                DataType::UInt32,
                false,
                "position of the text in the input, from 0",
            ),
            utf8("text", "the text that was embedded"),
            col(
                "vector",
                vector_type(dim),
                false,
                "embedding (unit length when the model normalizes)",
            ),
        ],
        &[(KEY_MODEL, model.to_owned()), (KEY_DIM, dim.to_string())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<SchemaRef> {
        vec![
            documents_schema(),
            events_schema(),
            sentences_schema(),
            removed_schema(),
            changes_schema(),
            embeddings_schema(8, "m"),
            alignments_schema(),
            claims_schema(),
            facts_schema(),
            disagreements_schema(),
        ]
    }

    #[test]
    fn schemas_follow_tables_order_and_are_described() {
        let schemas = all();
        let names: Vec<&str> = schemas
            .iter()
            .map(|s| s.metadata()[KEY_TABLE].as_str())
            .collect();
        assert_eq!(names, TABLES);
        for schema in &schemas {
            assert_eq!(schema.metadata()[KEY_SCHEMA_VERSION], SCHEMA_VERSION);
            for field in schema.fields() {
                let description = field.metadata().get(KEY_DESCRIPTION);
                assert!(
                    description.is_some_and(|d| !d.is_empty()),
                    "{}.{}",
                    schema.metadata()[KEY_TABLE],
                    field.name()
                );
            }
        }
    }

    #[test]
    fn low_cardinality_columns_are_dictionaries() {
        let dicts = [
            (documents_schema(), "lang"),
            (documents_schema(), "encoding"),
            (sentences_schema(), "lang"),
            (removed_schema(), "reason"),
            (changes_schema(), "stage"),
            (alignments_schema(), "method"),
            (facts_schema(), "kind"),
            (disagreements_schema(), "kind"),
        ];
        for (schema, name) in dicts {
            assert_eq!(
                schema.field_with_name(name).unwrap().data_type(),
                &dict_type()
            );
        }
    }

    #[test]
    fn nullable_columns_are_exactly_the_optional_ones() {
        let nullable = |s: SchemaRef| -> Vec<String> {
            s.fields()
                .iter()
                .filter(|f| f.is_nullable())
                .map(|f| f.name().clone())
                .collect()
        };
        assert_eq!(
            nullable(documents_schema()),
            ["title", "url", "published", "event_id"]
        );
        assert_eq!(nullable(events_schema()), ["first_date", "last_date"]);
        assert_eq!(nullable(claims_schema()), ["event_id"]);
        assert_eq!(
            nullable(alignments_schema()),
            [
                "sentence_a",
                "sentence_b",
                "a_first",
                "a_last",
                "b_first",
                "b_last"
            ]
        );
        assert_eq!(
            nullable(disagreements_schema()),
            ["claim_id", "likely_error_side", "suggested", "event_id"]
        );
        for s in [
            sentences_schema(),
            removed_schema(),
            changes_schema(),
            facts_schema(),
        ] {
            assert!(nullable(s).is_empty());
        }
    }

    #[test]
    fn list_columns_have_a_non_null_item_child() {
        match string_list_type() {
            DataType::List(item) => {
                assert_eq!(item.name(), "item");
                assert!(!item.is_nullable());
                assert_eq!(item.data_type(), &DataType::Utf8);
            }
            other => panic!("{other:?}"),
        }
    }
}
