//! Reading BERT tensors from `model.safetensors` one at a time.
//!
//! The quantized and packed formats convert every tensor as it is read, so
//! the reader streams from the file with positioned reads instead of mapping
//! it: the f32 image (470 MB for the default model) never becomes resident,
//! and the process's peak memory is the converted model plus one tensor.

use crate::quant::{quantize_q8_0, recover_q4_0, Q4_0_BYTES, Q8_0_BYTES, QK};
use crate::EmbedError;
use half::{bf16, f16};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    start: u64,
    end: u64,
}

/// A safetensors file opened for tensor-by-tensor reading.
pub(crate) struct SafetensorsFile {
    path: PathBuf,
    file: File,
    data_start: u64,
    entries: HashMap<String, Entry>,
    /// Prefix in front of BERT tensor names (`""` or `"bert."`).
    prefix: String,
}

impl SafetensorsFile {
    pub fn open(path: &Path) -> Result<Self, EmbedError> {
        let bad = |problem: String| EmbedError::BadWeights {
            path: path.to_owned(),
            problem,
        };
        let mut file = File::open(path).map_err(EmbedError::io(path))?;
        let file_len = file.metadata().map_err(EmbedError::io(path))?.len();
        let mut len = [0u8; 8];
        file.read_exact(&mut len).map_err(EmbedError::io(path))?;
        let header_len = u64::from_le_bytes(len);
        if header_len > 100 << 20 || header_len + 8 > file_len {
            return Err(bad(format!("header length {header_len} is implausible")));
        }
        let mut header = vec![0u8; header_len as usize];
        file.read_exact(&mut header).map_err(EmbedError::io(path))?;
        let json: HashMap<String, serde_json::Value> =
            serde_json::from_slice(&header).map_err(|source| EmbedError::Json {
                path: path.to_owned(),
                source,
            })?;
        let data_start = 8 + header_len;
        let mut entries = HashMap::with_capacity(json.len());
        for (name, v) in json {
            if name == "__metadata__" {
                continue;
            }
            let dtype = v.get("dtype").and_then(|d| d.as_str()).unwrap_or_default();
            let shape: Option<Vec<usize>> = v.get("shape").and_then(|s| {
                s.as_array()?
                    .iter()
                    .map(|d| d.as_u64().and_then(|d| usize::try_from(d).ok()))
                    .collect()
            });
            let offsets: Option<Vec<u64>> = v
                .get("data_offsets")
                .and_then(|o| o.as_array()?.iter().map(|x| x.as_u64()).collect());
            let (Some(shape), Some([start, end])) = (shape, offsets.as_deref()) else {
                return Err(bad(format!("tensor {name} has no shape or offsets")));
            };
            let (start, end) = (*start, *end);
            if start > end || data_start + end > file_len {
                return Err(bad(format!("tensor {name} lies outside the file")));
            }
            entries.insert(
                name,
                Entry {
                    dtype: dtype.to_owned(),
                    shape,
                    start,
                    end,
                },
            );
        }
        let prefix = if entries.contains_key("embeddings.word_embeddings.weight") {
            String::new()
        } else if entries.contains_key("bert.embeddings.word_embeddings.weight") {
            "bert.".to_owned()
        } else {
            String::new()
        };
        Ok(Self {
            path: path.to_owned(),
            file,
            data_start,
            entries,
            prefix,
        })
    }

    /// Read BERT tensor `name` (without any `bert.` prefix) as f32, checking
    /// its shape.
    pub fn f32(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>, EmbedError> {
        let count: usize = shape.iter().product();
        let mut out = Vec::with_capacity(count);
        self.for_each_chunk(name, shape, 1 << 20, |chunk| {
            out.extend_from_slice(chunk);
            true
        })?;
        Ok(out)
    }

    /// Stream tensor `name` as f32 in chunks of `chunk_values` values (the
    /// last may be shorter); `f` returns false to stop early. Returns whether
    /// the whole tensor was visited.
    pub fn for_each_chunk(
        &mut self,
        name: &str,
        shape: &[usize],
        chunk_values: usize,
        mut f: impl FnMut(&[f32]) -> bool,
    ) -> Result<bool, EmbedError> {
        let full = format!("{}{name}", self.prefix);
        let bad = |problem: String| EmbedError::BadWeights {
            path: self.path.clone(),
            problem,
        };
        let entry = self
            .entries
            .get(&full)
            .cloned()
            .ok_or_else(|| bad(format!("tensor {full} is missing")))?;
        if entry.shape != shape {
            return Err(bad(format!(
                "tensor {full} has shape {:?}, expected {shape:?}",
                entry.shape
            )));
        }
        let count: usize = shape.iter().product();
        let width = match entry.dtype.as_str() {
            "F32" => 4,
            "F16" | "BF16" => 2,
            other => return Err(bad(format!("tensor {full} has unsupported dtype {other}"))),
        };
        if entry.end - entry.start != (count * width) as u64 {
            return Err(bad(format!("tensor {full} has the wrong byte length")));
        }
        self.file
            .seek(SeekFrom::Start(self.data_start + entry.start))
            .map_err(EmbedError::io(&self.path))?;
        let chunk_values = chunk_values.clamp(1, count.max(1));
        let mut buf = vec![0u8; chunk_values * width];
        let mut values = Vec::with_capacity(chunk_values);
        let mut left = count;
        while left > 0 {
            let n = left.min(chunk_values);
            let raw = &mut buf[..n * width];
            self.file
                .read_exact(raw)
                .map_err(EmbedError::io(&self.path))?;
            values.clear();
            match entry.dtype.as_str() {
                "F32" => values.extend(
                    raw.chunks_exact(4)
                        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
                ),
                "F16" => values.extend(
                    raw.chunks_exact(2)
                        .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32()),
                ),
                _ => values.extend(
                    raw.chunks_exact(2)
                        .map(|b| bf16::from_le_bytes([b[0], b[1]]).to_f32()),
                ),
            }
            if !f(&values) {
                return Ok(false);
            }
            left -= n;
        }
        Ok(true)
    }

    /// A `[rows, cols]` matrix as quantized rows (lossless Q4_0 when the
    /// values allow it, else Q8_0), converted chunk by chunk so the f32 image
    /// is never held whole. `None` when `cols` is not a multiple of 32.
    pub fn quantized_rows(
        &mut self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Option<PackedRows>, EmbedError> {
        if cols == 0 || !cols.is_multiple_of(QK) {
            return Ok(None);
        }
        let chunk = (1 << 20) / cols * cols;
        for four_bit in [true, false] {
            let mut bytes = Vec::new();
            let complete = self.for_each_chunk(name, &[rows, cols], chunk.max(cols), |values| {
                let r = values.len() / cols;
                let q = if four_bit {
                    recover_q4_0(values, r, cols)
                } else {
                    Some(quantize_q8_0(values, r, cols))
                };
                match q {
                    Some(q) => {
                        bytes.extend(q.ggml_bytes());
                        true
                    }
                    None => false,
                }
            })?;
            if complete {
                return Ok(Some(PackedRows {
                    rows,
                    cols,
                    four_bit,
                    bytes,
                }));
            }
        }
        Ok(None)
    }
}

/// Rows in a ggml byte layout (`Q4_0` when `four_bit`, else `Q8_0`).
pub(crate) struct PackedRows {
    pub rows: usize,
    pub cols: usize,
    pub four_bit: bool,
    pub bytes: Vec<u8>,
}

impl PackedRows {
    fn block_bytes(&self) -> usize {
        if self.four_bit {
            Q4_0_BYTES
        } else {
            Q8_0_BYTES
        }
    }

    /// Dequantize row `r` into `out` (`cols` values); false when `r` is out
    /// of range.
    pub fn row_into(&self, r: usize, out: &mut [f32]) -> bool {
        if r >= self.rows {
            return false;
        }
        let bb = self.block_bytes();
        let per_row = self.cols / QK * bb;
        let row = &self.bytes[r * per_row..(r + 1) * per_row];
        for (block, o) in row.chunks_exact(bb).zip(out.chunks_exact_mut(QK)) {
            let d = f16::from_le_bytes([block[0], block[1]]).to_f32();
            if self.four_bit {
                for (j, &b) in block[2..].iter().enumerate() {
                    o[j] = (f32::from(b & 0x0f) - 8.0) * d;
                    o[j + QK / 2] = (f32::from(b >> 4) - 8.0) * d;
                }
            } else {
                for (o, &b) in o.iter_mut().zip(&block[2..]) {
                    *o = f32::from(b as i8) * d;
                }
            }
        }
        true
    }
}

/// Dimensions of a BERT encoder, from `config.json`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BertDims {
    pub vocab: usize,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub eps: f64,
}

impl BertDims {
    pub fn head_dim(&self) -> usize {
        self.hidden / self.heads.max(1)
    }
}

/// One encoder layer's f32 tensors, Q/K/V fused into one `[3H, H]` matrix.
pub(crate) struct LayerTensors {
    pub qkv_w: Vec<f32>,
    pub qkv_b: Vec<f32>,
    pub out_w: Vec<f32>,
    pub out_b: Vec<f32>,
    pub ln1_w: Vec<f32>,
    pub ln1_b: Vec<f32>,
    pub inter_w: Vec<f32>,
    pub inter_b: Vec<f32>,
    pub ffo_w: Vec<f32>,
    pub ffo_b: Vec<f32>,
    pub ln2_w: Vec<f32>,
    pub ln2_b: Vec<f32>,
}

impl LayerTensors {
    pub fn read(file: &mut SafetensorsFile, d: &BertDims, l: usize) -> Result<Self, EmbedError> {
        let (h, ff) = (d.hidden, d.intermediate);
        let p = format!("encoder.layer.{l}");
        let mut qkv_w = file.f32(&format!("{p}.attention.self.query.weight"), &[h, h])?;
        qkv_w.extend(file.f32(&format!("{p}.attention.self.key.weight"), &[h, h])?);
        qkv_w.extend(file.f32(&format!("{p}.attention.self.value.weight"), &[h, h])?);
        let mut qkv_b = file.f32(&format!("{p}.attention.self.query.bias"), &[h])?;
        qkv_b.extend(file.f32(&format!("{p}.attention.self.key.bias"), &[h])?);
        qkv_b.extend(file.f32(&format!("{p}.attention.self.value.bias"), &[h])?);
        Ok(Self {
            qkv_w,
            qkv_b,
            out_w: file.f32(&format!("{p}.attention.output.dense.weight"), &[h, h])?,
            out_b: file.f32(&format!("{p}.attention.output.dense.bias"), &[h])?,
            ln1_w: file.f32(&format!("{p}.attention.output.LayerNorm.weight"), &[h])?,
            ln1_b: file.f32(&format!("{p}.attention.output.LayerNorm.bias"), &[h])?,
            inter_w: file.f32(&format!("{p}.intermediate.dense.weight"), &[ff, h])?,
            inter_b: file.f32(&format!("{p}.intermediate.dense.bias"), &[ff])?,
            ffo_w: file.f32(&format!("{p}.output.dense.weight"), &[h, ff])?,
            ffo_b: file.f32(&format!("{p}.output.dense.bias"), &[h])?,
            ln2_w: file.f32(&format!("{p}.output.LayerNorm.weight"), &[h])?,
            ln2_b: file.f32(&format!("{p}.output.LayerNorm.bias"), &[h])?,
        })
    }
}

/// The embedding tensors (word matrix read separately: it is the big one).
pub(crate) struct EmbeddingTensors {
    pub position: Vec<f32>,
    /// Row 0 of the token-type matrix (Concord never sets token types).
    pub type0: Vec<f32>,
    pub ln_w: Vec<f32>,
    pub ln_b: Vec<f32>,
}

impl EmbeddingTensors {
    pub fn read(file: &mut SafetensorsFile, d: &BertDims) -> Result<Self, EmbedError> {
        let h = d.hidden;
        let mut types = file.f32(
            "embeddings.token_type_embeddings.weight",
            &[d.type_vocab, h],
        )?;
        types.truncate(h);
        if types.len() != h {
            return Err(EmbedError::BadWeights {
                path: file.path.clone(),
                problem: "token type embeddings are empty".to_owned(),
            });
        }
        Ok(Self {
            position: file.f32(
                "embeddings.position_embeddings.weight",
                &[d.max_positions, h],
            )?,
            type0: types,
            ln_w: file.f32("embeddings.LayerNorm.weight", &[h])?,
            ln_b: file.f32("embeddings.LayerNorm.bias", &[h])?,
        })
    }
}
