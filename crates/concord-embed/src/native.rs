//! The int8 CPU forward: a BERT encoder over the concatenated (unpadded)
//! tokens of a batch, with Q/K/V fused into one matrix, int8 matmuls
//! ([`crate::kernel`]) and softmax attention inside each text.

use crate::kernel::{add_layer_norm, segment_attention, Kernel, PackedMatrix, QuantActs};
use crate::quant::quantize_q8_0;
use crate::quant::recover_q4_0;
use crate::weights::{BertDims, EmbeddingTensors, LayerTensors, PackedRows, SafetensorsFile};
use crate::EmbedError;
use rayon::prelude::*;
use std::path::Path;

struct Linear {
    w: PackedMatrix,
    b: Vec<f32>,
}

impl Linear {
    fn new(path: &Path, w: &[f32], b: Vec<f32>, n: usize, k: usize) -> Result<Self, EmbedError> {
        let q = recover_q4_0(w, n, k).unwrap_or_else(|| quantize_q8_0(w, n, k));
        let w = PackedMatrix::pack(&q).ok_or_else(|| EmbedError::BadWeights {
            path: path.to_owned(),
            problem: format!(
                "a {n}x{k} matrix does not fit the int8 kernel (needs rows % 16 == 0, columns % 32 == 0)"
            ),
        })?;
        Ok(Self { w, b })
    }
}

struct Layer {
    qkv: Linear,
    out: Linear,
    ln1: (Vec<f32>, Vec<f32>),
    inter: Linear,
    ffo: Linear,
    ln2: (Vec<f32>, Vec<f32>),
}

/// A BERT encoder in int8 (see the module docs).
pub(crate) struct NativeBert {
    dims: BertDims,
    eps: f32,
    kernel: Kernel,
    word: PackedRows,
    emb: EmbeddingTensors,
    layers: Vec<Layer>,
}

/// Scratch buffers reused across layers.
#[derive(Default)]
struct Scratch {
    /// Quantized input of the next hidden-size matmul.
    acts: QuantActs,
    /// Quantized GELU'd intermediate (input of the output matmul).
    mid: QuantActs,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
}

impl NativeBert {
    pub fn load(path: &Path, dims: BertDims, kernel: Kernel) -> Result<Self, EmbedError> {
        let (h, ff) = (dims.hidden, dims.intermediate);
        if h == 0 || dims.heads == 0 || !h.is_multiple_of(dims.heads) {
            return Err(EmbedError::BadWeights {
                path: path.to_owned(),
                problem: format!("hidden size {h} is not a multiple of {} heads", dims.heads),
            });
        }
        let mut file = SafetensorsFile::open(path)?;
        let word = file
            .quantized_rows("embeddings.word_embeddings.weight", dims.vocab, h)?
            .ok_or_else(|| EmbedError::BadWeights {
                path: path.to_owned(),
                problem: format!("hidden size {h} is not a multiple of 32"),
            })?;
        let emb = EmbeddingTensors::read(&mut file, &dims)?;
        let mut layers = Vec::with_capacity(dims.layers);
        for l in 0..dims.layers {
            let t = LayerTensors::read(&mut file, &dims, l)?;
            layers.push(Layer {
                qkv: Linear::new(path, &t.qkv_w, t.qkv_b, 3 * h, h)?,
                out: Linear::new(path, &t.out_w, t.out_b, h, h)?,
                ln1: (t.ln1_w, t.ln1_b),
                inter: Linear::new(path, &t.inter_w, t.inter_b, ff, h)?,
                ffo: Linear::new(path, &t.ffo_w, t.ffo_b, h, ff)?,
                ln2: (t.ln2_w, t.ln2_b),
            });
        }
        Ok(Self {
            eps: dims.eps as f32,
            dims,
            kernel,
            word,
            emb,
            layers,
        })
    }

    /// True when every matrix (and the word embeddings) kept exact 4-bit
    /// weights.
    pub fn four_bit(&self) -> bool {
        self.word.four_bit
            && self.layers.iter().all(|l| {
                l.qkv.w.four_bit && l.out.w.four_bit && l.inter.w.four_bit && l.ffo.w.four_bit
            })
    }

    pub fn kernel(&self) -> Kernel {
        self.kernel
    }

    /// Bytes of weights held in memory.
    pub fn weight_bytes(&self) -> usize {
        let lin = |l: &Linear| l.w.heap_bytes() + 4 * l.b.len();
        self.word.bytes.len()
            + 4 * (self.emb.position.len() + 3 * self.dims.hidden)
            + self
                .layers
                .iter()
                .map(|l| lin(&l.qkv) + lin(&l.out) + lin(&l.inter) + lin(&l.ffo))
                .sum::<usize>()
    }

    /// Mean-pooled (not normalized) embeddings of the texts whose token ids
    /// are concatenated in `ids`, text `i` spanning the next `lens[i]` ids.
    pub fn forward(
        &self,
        ids: &[u32],
        lens: &[usize],
        model: &str,
    ) -> Result<Vec<f32>, EmbedError> {
        let h = self.dims.hidden;
        let t = ids.len();
        if lens.iter().sum::<usize>() != t {
            return Err(EmbedError::Shape {
                model: model.to_owned(),
                expected: t,
                got: lens.iter().sum(),
            });
        }
        let max_len = lens.iter().copied().max().unwrap_or(0);
        if max_len > self.dims.max_positions {
            return Err(EmbedError::Shape {
                model: model.to_owned(),
                expected: self.dims.max_positions,
                got: max_len,
            });
        }
        let mut positions = Vec::with_capacity(t);
        for &len in lens {
            positions.extend(0..len);
        }
        // Embeddings: word + position + token type 0, then LayerNorm.
        let mut x = vec![0f32; t * h];
        let bad_id = x
            .par_chunks_mut(h)
            .zip(ids.par_iter().zip(positions.par_iter()))
            .map(|(row, (&id, &p))| {
                if !self.word.row_into(id as usize, row) {
                    return Some(id);
                }
                let pos = &self.emb.position[p * h..(p + 1) * h];
                for ((v, p), ty) in row.iter_mut().zip(pos).zip(&self.emb.type0) {
                    *v += p + ty;
                }
                None
            })
            .find_any(|bad| bad.is_some())
            .flatten();
        if let Some(id) = bad_id {
            return Err(EmbedError::Shape {
                model: model.to_owned(),
                expected: self.dims.vocab,
                got: id as usize + 1,
            });
        }
        let mut s = Scratch::default();
        s.qkv.resize(t * 3 * h, 0.0);
        s.ctx.resize(t * h, 0.0);
        s.tmp.resize(t * h, 0.0);
        let k = self.kernel;
        // Every matmul input is produced quantized by the step before it
        // (LayerNorm, attention, the GELU'd intermediate matmul).
        let (eps, heads) = (self.eps, self.dims.heads);
        add_layer_norm(
            &mut x,
            None,
            &self.emb.ln_w,
            &self.emb.ln_b,
            eps,
            &mut s.acts,
        );
        for layer in &self.layers {
            layer
                .qkv
                .w
                .matmul(k, &s.acts, &layer.qkv.b, false, &mut s.qkv);
            segment_attention(&s.qkv, &mut s.ctx, lens, heads, h, &mut s.acts);
            layer
                .out
                .w
                .matmul(k, &s.acts, &layer.out.b, false, &mut s.tmp);
            let (w, b) = (&layer.ln1.0, &layer.ln1.1);
            add_layer_norm(&mut x, Some(&s.tmp), w, b, eps, &mut s.acts);
            layer
                .inter
                .w
                .matmul_quantized(k, &s.acts, &layer.inter.b, true, &mut s.mid);
            layer
                .ffo
                .w
                .matmul(k, &s.mid, &layer.ffo.b, false, &mut s.tmp);
            let (w, b) = (&layer.ln2.0, &layer.ln2.1);
            add_layer_norm(&mut x, Some(&s.tmp), w, b, eps, &mut s.acts);
        }
        Ok(mean_pool(&x, lens, h))
    }
}

/// Mean of each segment's rows (zeros for an empty segment).
pub(crate) fn mean_pool(x: &[f32], lens: &[usize], h: usize) -> Vec<f32> {
    let mut out = vec![0f32; lens.len() * h];
    let mut start = 0;
    for (o, &len) in out.chunks_exact_mut(h).zip(lens) {
        for row in x[start * h..(start + len) * h].chunks_exact(h) {
            for (o, v) in o.iter_mut().zip(row) {
                *o += v;
            }
        }
        if len > 0 {
            let inv = 1.0 / len as f32;
            o.iter_mut().for_each(|v| *v *= inv);
        }
        start += len;
    }
    out
}
