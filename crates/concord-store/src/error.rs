//! The single error type of the crate.

use arrow::error::ArrowError;
use parquet::errors::ParquetError;
use std::path::PathBuf;

/// Everything that can go wrong while building or writing a table.
///
/// Every variant names what it was working on (a table or a path), so the
/// message printed by the CLI is enough to find the problem.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file system operation failed.
    #[error("I/O error on {}", path.display())]
    Io {
        /// File or directory involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Arrow refused to build a table from the given columns.
    #[error("could not build the `{table}` table")]
    Arrow {
        /// Table being built.
        table: &'static str,
        /// Underlying error.
        #[source]
        source: ArrowError,
    },
    /// Reading or writing an Arrow IPC file failed.
    #[error("Arrow IPC error on {}", path.display())]
    Ipc {
        /// File involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: ArrowError,
    },
    /// Writing or reading a Parquet file failed.
    #[error("Parquet error on {}", path.display())]
    Parquet {
        /// File involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: ParquetError,
    },
    /// A value could not be serialized to JSON.
    #[error("JSON error on {}", path.display())]
    Json {
        /// File involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// Inputs of inconsistent sizes (e.g. `vectors.len() != ids.len() * dim`).
    #[error("`{table}`: {what} is {actual}, expected {expected}")]
    Shape {
        /// Table being built.
        table: &'static str,
        /// Which quantity is wrong.
        what: &'static str,
        /// What it should have been.
        expected: usize,
        /// What it was.
        actual: usize,
    },
    /// An embedding dimension of 0 or too large for Arrow (more than `i32::MAX`).
    #[error("`{table}`: embedding dimension {dim} is not in 1..=2147483647")]
    Dimension {
        /// Table being built.
        table: &'static str,
        /// The dimension given.
        dim: usize,
    },
    /// A file read back does not have the expected layout.
    #[error("{}: column `{column}` {problem}", path.display())]
    Format {
        /// File involved.
        path: PathBuf,
        /// Offending column.
        column: &'static str,
        /// What is wrong with it (e.g. "is missing", "contains nulls").
        problem: &'static str,
    },
    /// A cell of a table read back holds a value the records cannot take
    /// (an unknown language code, fact kind or alignment method, an offset
    /// too large for this platform).
    #[error("{}: row {row} of column `{column}` holds {value:?}, which is not {expected}", path.display())]
    Value {
        /// File involved.
        path: PathBuf,
        /// Offending column.
        column: &'static str,
        /// Row (over all record batches of the file), from 0.
        row: usize,
        /// The value found.
        value: String,
        /// What the column holds (e.g. "a language code: en, zh, ja or und").
        expected: &'static str,
    },
    /// The tables of a run directory contradict each other (e.g. a sentence
    /// without an embedding row).
    #[error("{}: {problem} ({id})", dir.display())]
    Inconsistent {
        /// Run directory.
        dir: PathBuf,
        /// What does not fit.
        problem: &'static str,
        /// Id of the record concerned.
        id: String,
    },
    /// The commit journal of a run directory cannot be used to finish an
    /// interrupted commit (see [`crate::commit`]).
    #[error("{}: {problem}{}", path.display(), entry.as_deref().map(|e| format!(" ({e})")).unwrap_or_default())]
    Journal {
        /// The journal file.
        path: PathBuf,
        /// The entry concerned, when one is.
        entry: Option<String>,
        /// What is wrong.
        problem: &'static str,
    },
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| StoreError::Io { path, source }
    }

    pub(crate) fn ipc(path: impl Into<PathBuf>) -> impl FnOnce(ArrowError) -> Self {
        let path = path.into();
        move |source| StoreError::Ipc { path, source }
    }

    pub(crate) fn parquet(path: impl Into<PathBuf>) -> impl FnOnce(ParquetError) -> Self {
        let path = path.into();
        move |source| StoreError::Parquet { path, source }
    }

    pub(crate) fn arrow(table: &'static str) -> impl FnOnce(ArrowError) -> Self {
        move |source| StoreError::Arrow { table, source }
    }
}
