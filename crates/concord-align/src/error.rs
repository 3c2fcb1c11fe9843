/// Everything that can go wrong while mining alignments.
///
/// For [`MarginMiner::mine_pairs`](crate::MarginMiner::mine_pairs), which has
/// no document ids, the `doc_id` fields hold `"a"` or `"b"` for the side.
#[derive(Debug, thiserror::Error)]
pub enum AlignError {
    /// candle failed to build the matrices or multiply them.
    #[error("candle: {0}")]
    Candle(#[from] candle_core::Error),
    /// A document's vector buffer does not hold `sentences × dim` values.
    #[error("document {doc_id}: expected {expected} vector values (sentences × dim), got {got}")]
    Shape {
        /// The document (or side) whose buffer is wrong.
        doc_id: String,
        /// `sentences × dim`.
        expected: usize,
        /// Length of the buffer given.
        got: usize,
    },
    /// The two documents were embedded with different dimensions.
    #[error("document {doc_a} has {dim_a}-d vectors but document {doc_b} has {dim_b}-d vectors")]
    DimMismatch {
        /// First document (or side `a`).
        doc_a: String,
        /// Its dimension.
        dim_a: usize,
        /// Second document (or side `b`).
        doc_b: String,
        /// Its dimension.
        dim_b: usize,
    },
    /// A vector holds NaN or an infinity (a broken embedding).
    #[error("document {doc_id}: sentence {row} has a non-finite vector component")]
    NonFinite {
        /// The document (or side).
        doc_id: String,
        /// Row (sentence index in the document) of the bad vector.
        row: usize,
    },
    /// `AlignConfig::k` is 0, so the neighbourhood means are undefined.
    #[error("AlignConfig::k must be at least 1")]
    ZeroK,
    /// The anchor lists given do not match the sentences (one list per
    /// sentence, or one set of lists per document).
    #[error("document {doc_id}: expected {expected} anchor lists (one per sentence), got {got}")]
    AnchorCount {
        /// The document (or side) whose anchors are wrong.
        doc_id: String,
        /// Number of sentences (or documents).
        expected: usize,
        /// Number of anchor lists given.
        got: usize,
    },
    /// The languages given do not match the sentences (one per sentence).
    #[error("document {doc_id}: expected {expected} sentence languages, got {got}")]
    LangCount {
        /// The document.
        doc_id: String,
        /// Number of sentences.
        expected: usize,
        /// Number of languages given.
        got: usize,
    },
    /// A bead-aligner setting is out of range.
    #[error("invalid bead aligner configuration: {0}")]
    BeadConfig(String),
}
