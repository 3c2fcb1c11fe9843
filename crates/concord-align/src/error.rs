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
    /// An [`HnswConfig`](crate::HnswConfig) setting is out of range.
    #[error("invalid HNSW configuration: {field} = {value}, must be in {min}..={max}")]
    HnswConfig {
        /// The setting.
        field: &'static str,
        /// Its value.
        value: usize,
        /// Smallest value allowed.
        min: usize,
        /// Largest value allowed.
        max: usize,
    },
    /// Vectors of zero dimensions were given where a dimension is needed.
    #[error("{doc_id}: vectors must have at least one dimension")]
    ZeroDim {
        /// The vector set (`"index"`, `"a"`, `"b"`).
        doc_id: String,
    },
    /// A flat vector buffer is not a whole number of vectors.
    #[error("{doc_id}: {len} vector values is not a multiple of the dimension {dim}")]
    Ragged {
        /// The vector set.
        doc_id: String,
        /// Length of the buffer given.
        len: usize,
        /// The dimension.
        dim: usize,
    },
    /// More vectors than an index can number with `u32` ids.
    #[error("{doc_id}: {count} vectors exceed the index limit of {max}")]
    TooManyVectors {
        /// The vector set.
        doc_id: String,
        /// Vectors given.
        count: usize,
        /// Most vectors allowed.
        max: usize,
    },
    /// A [`TopK`](crate::TopK) given to
    /// [`margin_mine_lists`](crate::margin_mine_lists) does not hold
    /// `rows × k` entries.
    #[error("{side} lists: {rows} rows of {k} entries need {expected} entries, got {got}")]
    ListShape {
        /// `"row"` (of `a`) or `"column"` (of `b`).
        side: &'static str,
        /// Rows of the lists.
        rows: usize,
        /// Entries per row.
        k: usize,
        /// `rows × k`.
        expected: usize,
        /// Entries given.
        got: usize,
    },
    /// The neighbour lists are shorter than the margin's neighbourhood.
    #[error("{side} lists hold {k} entries per row, the margin needs {needed}")]
    ListTooShort {
        /// `"row"` or `"column"`.
        side: &'static str,
        /// Entries per row given.
        k: usize,
        /// `min(AlignConfig::k, rows of the other side)`.
        needed: usize,
    },
    /// A neighbour list points past the other side.
    #[error("{side} list {row} holds index {index}, but the other side has {len} rows")]
    ListIndex {
        /// `"row"` or `"column"`.
        side: &'static str,
        /// The list.
        row: usize,
        /// The index found.
        index: u32,
        /// Rows of the other side.
        len: usize,
    },
}
