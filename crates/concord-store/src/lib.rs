//! Storage stage of Concord: turns the pipeline's records (documents,
//! sentences, removed spans, normalization changes, embeddings, alignments,
//! claims, facts, disagreements) into Arrow tables and writes each one
//! twice, as an Arrow IPC file (`.arrow`) and as Parquet (`.parquet`), next
//! to a `manifest.json`.
//!
//! Why it is shaped so: the tables are the product. Researchers load them in
//! pandas, polars or DuckDB, and CI jobs diff them between commits, so
//!
//! * schemas are fixed, versioned (`concord.schema_version` in the schema
//!   metadata) and self-describing (every column has a `description` in its
//!   field metadata, visible in pyarrow);
//! * rows are written exactly in the order given and ids are content hashes,
//!   so the same input yields the same files;
//! * byte offsets are `UInt64` into the *original* input files;
//! * low-cardinality strings (`lang`, `kind`, `method`, `encoding`, `reason`)
//!   are `Dictionary<Int32, Utf8>` and list columns are `List<Utf8>` with a
//!   non-null `item` child, layouts pyarrow, polars and DuckDB all read;
//! * every file is written to a temporary next to its target, fsynced and
//!   renamed over it, so a reader never sees a half-written table and a
//!   failed run leaves the previous output intact; all files of one run are
//!   committed together through a journal ([`commit`]), so a process killed
//!   at any moment leaves, after [`recover`], exactly the previous run or
//!   exactly the new one, never a mix;
//! * a run can be read back into the records ([`read_run`]), which is what
//!   lets `concord run --into` add documents to it;
//! * building a table never panics on input: inconsistent sizes are reported
//!   as [`StoreError`] values naming the table or path involved.
//!
//! ```
//! use concord_core::{DocId, DocStatus, Document, Lang};
//! use arrow::datatypes::DataType;
//!
//! let doc = Document {
//!     id: DocId::from_parts(["zh/news.txt", "六月二十七日"]),
//!     source: "zh/news.txt".into(),
//!     lang: Lang::Zh,
//!     title: Some("六月二十七日".into()),
//!     text: "六月二十七日".into(),
//!     byte_len: 18,
//!     sha256: "00".repeat(32),
//!     status: DocStatus::Ok,
//!     encoding: "UTF-8".into(),
//!     url: None,
//!     published: Some("2026-06-27".into()),
//!     file_map: None,
//! };
//! let batch = concord_store::documents_batch(&[doc], &[], &[]).unwrap();
//! let schema = batch.schema();
//! assert_eq!(batch.num_rows(), 1);
//! assert_eq!(schema.field_with_name("n_sentences").unwrap().data_type(), &DataType::UInt32);
//! assert_eq!(schema.metadata()["concord.table"], "documents");
//! assert_eq!(schema.metadata()["concord.schema_version"], concord_store::SCHEMA_VERSION);
//! assert_eq!(schema.field_with_name("encoding").unwrap().data_type(), &concord_store::schema::dict_type());
//! assert!(schema.field_with_name("url").unwrap().is_nullable());
//! assert!(schema.fields().iter().all(|f| f.metadata().contains_key("description")));
//! ```

mod atomic;
pub mod commit;
mod embedfile;
mod error;
mod manifest;
mod read;
mod run;
pub mod schema;
mod tables;

pub use atomic::{
    read_ipc_file, read_parquet_file, write_atomic, write_ipc_file, write_json_atomic,
    write_parquet, TEMP_SUFFIX,
};
pub use commit::{
    recover, ReaderLock, Recovery, StagedCommit, WriterLock, COMMIT_LOCK_FILE, JOURNAL_FILE,
    WRITER_LOCK_FILE,
};
pub use embedfile::{embedding_file_batch, read_embedding_file, write_embedding_file};
pub use error::StoreError;
pub use manifest::{
    read_manifest, write_manifest, IngestKind, IngestRecord, InputRecord, Manifest, ModelRecord,
    RunSettings, StageTiming, MANIFEST_FILE,
};
pub use read::{read_run, RunData};
pub use run::{run_batches, stage_run, write_run, RunTables, TableSummary};
pub use schema::{SCHEMA_VERSION, TABLES};
pub use tables::{
    alignments_batch, changes_batch, claims_batch, disagreements_batch, documents_batch,
    embeddings_batch, facts_batch, removed_batch, sentences_batch,
};
