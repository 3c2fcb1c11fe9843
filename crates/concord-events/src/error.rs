//! Errors of the event stage.

use concord_core::DocId;
use thiserror::Error;

/// What can go wrong while grouping documents into events.
#[derive(Debug, Error)]
pub enum EventError {
    /// A document's vector buffer is not a whole number of sentence vectors.
    #[error("document {doc}: {len} vector values are not a multiple of the dimension {dim}")]
    VectorLength {
        /// The document.
        doc: DocId,
        /// Values given.
        len: usize,
        /// Embedding dimension.
        dim: usize,
    },
    /// The configuration is unusable.
    #[error("event configuration: {field} = {value} is outside {range}")]
    Config {
        /// Field name in `[events]` of `concord.toml`.
        field: &'static str,
        /// The value given.
        value: f32,
        /// The accepted range.
        range: &'static str,
    },
}
