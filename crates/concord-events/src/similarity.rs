//! How alike two documents are, as evidence that they report one story.
//!
//! Two signals, both cheap next to sentence mining and both independent of
//! the languages involved:
//!
//! * **shared sentences** — the share of sentences (of both documents
//!   together) whose nearest sentence in the other document is at least
//!   [`EventConfig::sentence_cosine`] alike. A translation shares nearly all
//!   its sentences; an independent report of the same event shares the
//!   sentences that state the same facts; two stories that merely share a
//!   topic ("profit rose", "the ministry said") share few at a high cosine.
//!   Counting matched sentences, not averaging vectors, keeps one long
//!   background paragraph from making two stories alike.
//! * **shared rare keys** — the IDF-weighted share of the document's fact
//!   keys (names, organizations, codes, money, exact dates, large numbers)
//!   that the other document also has. Keys are script-independent (the facts
//!   stage gives people and organizations cross-script keys, numbers and
//!   dates canonical values), so a Chinese report and an English one of the
//!   same story share them; a key found in many documents of the corpus (a
//!   year, a country) weighs little.

use crate::EventConfig;
use std::collections::HashMap;

/// Round a cosine to the fixed grid every decision reads, so that kernels
/// that differ in the last bits of a vector give the same events.
pub(crate) fn on_grid(x: f32) -> f32 {
    (x * 10_000.0).round() / 10_000.0
}

/// Dot product (vectors are unit length, so this is the cosine).
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// One document as the scorer sees it.
pub(crate) struct Profile<'a> {
    /// Sentence vectors, row-major, unit length.
    pub vectors: &'a [f32],
    /// Unit-length mean of the sentence vectors (empty for no sentences).
    pub centroid: Vec<f32>,
    /// Key → IDF weight.
    pub keys: HashMap<&'a str, f32>,
    /// Sum of the key weights.
    pub key_mass: f32,
    /// Dateline as days since 1970-01-01, when known.
    pub day: Option<i64>,
}

impl Profile<'_> {
    pub(crate) fn sentences(&self, dim: usize) -> usize {
        self.vectors.len().checked_div(dim).unwrap_or(0)
    }
}

/// The unit-length mean of `vectors` (rows of `dim`).
pub(crate) fn centroid(vectors: &[f32], dim: usize) -> Vec<f32> {
    if dim == 0 || vectors.is_empty() {
        return Vec::new();
    }
    let mut c = vec![0.0f32; dim];
    for row in vectors.chunks_exact(dim) {
        for (acc, v) in c.iter_mut().zip(row) {
            *acc += v;
        }
    }
    let norm = dot(&c, &c).sqrt();
    if norm > 0.0 {
        c.iter_mut().for_each(|v| *v /= norm);
    }
    c
}

/// For every sentence of `a`, the cosine of its best match in `b`, and the
/// same for `b` in `a` (on the grid).
pub(crate) fn best_matches(a: &[f32], b: &[f32], dim: usize) -> (Vec<f32>, Vec<f32>) {
    let nb = b.len() / dim.max(1);
    let mut best_b = vec![f32::MIN; nb];
    let mut best_a = Vec::with_capacity(a.len() / dim.max(1));
    for row_a in a.chunks_exact(dim) {
        let mut best = f32::MIN;
        for (j, row_b) in b.chunks_exact(dim).enumerate() {
            let c = on_grid(dot(row_a, row_b));
            best = best.max(c);
            if c > best_b[j] {
                best_b[j] = c;
            }
        }
        best_a.push(best);
    }
    (best_a, best_b)
}

/// How many sentence pairs of `a` and `b` are each other's best match at
/// cosine `floor` or above *and* keep their order (the longest chain of
/// such pairs increasing on both sides). A translation keeps nearly every
/// sentence in order; two unrelated documents have a few mutual best
/// matches by chance, in no order.
pub(crate) fn ordered_mutual_matches(a: &[f32], b: &[f32], dim: usize, floor: f32) -> usize {
    let (na, nb) = (a.len() / dim.max(1), b.len() / dim.max(1));
    if na == 0 || nb == 0 {
        return 0;
    }
    let mut best_of_a = vec![(f32::MIN, 0usize); na];
    let mut best_of_b = vec![(f32::MIN, 0usize); nb];
    for (i, row_a) in a.chunks_exact(dim).enumerate() {
        for (j, row_b) in b.chunks_exact(dim).enumerate() {
            let c = on_grid(dot(row_a, row_b));
            if c > best_of_a[i].0 {
                best_of_a[i] = (c, j);
            }
            if c > best_of_b[j].0 {
                best_of_b[j] = (c, i);
            }
        }
    }
    // Mutual pairs in order of `a`; the longest increasing run of their
    // `b` indices (patience sorting).
    let mut tails: Vec<usize> = Vec::new();
    for (i, &(c, j)) in best_of_a.iter().enumerate() {
        if c < floor || best_of_b[j].1 != i {
            continue;
        }
        let at = tails.partition_point(|&t| t < j);
        if at == tails.len() {
            tails.push(j);
        } else {
            tails[at] = j;
        }
    }
    tails.len()
}

/// Median of `values` (which it sorts); `None` for fewer than `min` values.
pub(crate) fn median(values: &mut [f32], min: usize) -> Option<f32> {
    if values.len() < min.max(1) {
        return None;
    }
    values.sort_by(f32::total_cmp);
    Some(values[values.len() / 2])
}

/// IDF-weighted share of the smaller key set found in the other.
///
/// The denominator is at least `floor` (the weight of a few rare keys): a
/// document with one key (a date) that another shares is no evidence of
/// one story.
pub(crate) fn shared_keys(a: &Profile, b: &Profile, floor: f32) -> f32 {
    let mass = a.key_mass.min(b.key_mass).max(floor);
    if mass <= 0.0 {
        return 0.0;
    }
    let (small, large) = if a.keys.len() <= b.keys.len() {
        (a, b)
    } else {
        (b, a)
    };
    let shared: f32 = small
        .keys
        .iter()
        .filter(|(k, _)| large.keys.contains_key(*k))
        .map(|(_, w)| *w)
        .sum();
    (shared / mass).min(1.0)
}

/// Whether two datelines (days) are close enough for one story.
pub(crate) fn datelines_compatible(a: &Profile, b: &Profile, config: &EventConfig) -> bool {
    match (a.day, b.day) {
        (Some(x), Some(y)) => (x - y).unsigned_abs() <= u64::from(config.max_dateline_gap_days),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = dot(v, v).sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn best_matches_go_both_ways() {
        let a: Vec<f32> = [unit(&[1.0, 0.0]), unit(&[0.0, 1.0])].concat();
        let b: Vec<f32> = [unit(&[1.0, 0.0]), unit(&[-1.0, 0.0]), unit(&[0.0, -1.0])].concat();
        let (ba, bb) = best_matches(&a, &b, 2);
        assert_eq!(ba, vec![1.0, 0.0]);
        assert_eq!(bb, vec![1.0, 0.0, 0.0]);
        assert_eq!(median(&mut [0.3, 0.1, 0.2], 3), Some(0.2));
        assert_eq!(median(&mut [0.3, 0.1], 3), None);
    }

    #[test]
    fn grid_hides_last_bit_differences() {
        assert_eq!(on_grid(0.876_543_2), on_grid(0.876_543_3));
    }
}
