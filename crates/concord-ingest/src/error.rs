//! The single error type of the crate.

use std::path::PathBuf;

/// A fatal problem with the *inputs as given*, which stops the whole run.
///
/// Problems with one document (empty, binary, not UTF-8, too large,
/// unreadable) are never an `IngestError`: they become a
/// [`concord_core::Document`] whose status is
/// [`DocStatus::Error`](concord_core::DocStatus::Error), so one bad file
/// cannot sink a corpus. Every variant names the path it is about.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// An input path given by the user does not exist.
    #[error("input path {} does not exist", path.display())]
    MissingInput {
        /// The path as given.
        path: PathBuf,
        /// Underlying error (kind `NotFound`).
        #[source]
        source: std::io::Error,
    },
    /// An input path exists (or may exist) but its metadata cannot be read.
    #[error("cannot access input path {}", path.display())]
    Input {
        /// The path as given.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A directory (an input directory or one below it) cannot be listed.
    #[error("cannot read directory {}", path.display())]
    ReadDir {
        /// The directory.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Two different files map to the same document `source` name, e.g.
    /// `a/corpus/x.txt` and `b/corpus/x.txt` from inputs `a/corpus` and
    /// `b/corpus`. Ingesting both would make the name ambiguous, and dropping
    /// one silently would lose data.
    #[error(
        "inputs {} and {} both map to source name {name:?}; rename one of them",
        first.display(),
        second.display()
    )]
    DuplicateSource {
        /// The shared source name.
        name: String,
        /// The file kept first (in input order).
        first: PathBuf,
        /// The other file.
        second: PathBuf,
    },
}
