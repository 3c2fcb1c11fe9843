//! Schemas of the six output tables and of the `concord embed` file.
//!
//! Every schema carries `concord.schema_version` and `concord.table` in its
//! metadata, and every column a `description` in its field metadata, so a
//! researcher who opens a file in pyarrow sees what each column means.

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use std::collections::HashMap;
use std::sync::Arc;

/// Version of the table layouts; bumped on any incompatible change.
pub const SCHEMA_VERSION: &str = "1";
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
pub const TABLES: [&str; 6] = [
    DOCUMENTS,
    SENTENCES,
    EMBEDDINGS,
    ALIGNMENTS,
    FACTS,
    DISAGREEMENTS,
];

/// Name of the documents table.
pub const DOCUMENTS: &str = "documents";
/// Name of the sentences table.
pub const SENTENCES: &str = "sentences";
/// Name of the embeddings table.
pub const EMBEDDINGS: &str = "embeddings";
/// Name of the alignments table.
pub const ALIGNMENTS: &str = "alignments";
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

fn u64_col(name: &str, description: &str) -> Field {
    col(name, DataType::UInt64, false, description)
}

/// Type of the `lang` columns: dictionary-encoded UTF-8 (`en`, `zh`, `ja`, `und`).
pub fn lang_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
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

/// Schema of `alignments`: pairs of sentences that make the same claim.
pub fn alignments_schema() -> SchemaRef {
    table_schema(
        ALIGNMENTS,
        vec![
            utf8("alignment_id", "stable alignment id"),
            utf8("doc_a", "document of sentence_a"),
            utf8("doc_b", "document of sentence_b"),
            utf8("sentence_a", "sentence in doc_a (sentences.sentence_id)"),
            utf8("sentence_b", "sentence in doc_b (sentences.sentence_id)"),
            col(
                "cosine",
                DataType::Float32,
                false,
                "cosine similarity of the two embeddings",
            ),
            col(
                "margin",
                DataType::Float32,
                false,
                "ratio margin score (higher is surer)",
            ),
            utf8("method", "how the pair was found, e.g. margin_mnn"),
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
            utf8(
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
            utf8("kind", "fact kind compared (as in facts.kind)"),
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
