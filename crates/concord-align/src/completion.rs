//! A second mining pass between two reports of one event: sentence pairs
//! the margin miner left out that share a rare fact.
//!
//! Independent reports word one claim differently, so their sentences
//! often miss the miner's global margin threshold, which is calibrated to
//! keep unrelated documents apart. Once the event stage has put two
//! documents into one story, a sentence pair that names the same rare
//! thing (a person, a code, an amount of money, an exact date, a number of
//! three significant digits: the keys the caller passes) and is each
//! other's best candidate is the same claim far more often than not. The
//! pass keeps the miner's own evidence: the cosine must reach
//! [`CompletionConfig::min_cosine`] and the ratio margin against both
//! sentences' neighbourhoods (the same `k`-mean as the miner's) must reach
//! [`CompletionConfig::min_margin`], and both sentences must be free (not
//! aligned with the other document already).

use crate::margin::{margin, top_k_mean};
use crate::miner::DocVectors;
use concord_core::{AlignMethod, Alignment, AlignmentId, SentenceRange};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Thresholds of the fact-anchored completion pass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompletionConfig {
    /// Smallest cosine of a completed pair.
    pub min_cosine: f32,
    /// Smallest ratio margin of a completed pair (1: as alike as the two
    /// sentences' typical neighbours in the other document).
    pub min_margin: f32,
    /// Neighbourhood size of the margin.
    pub k: usize,
    /// Documents with more sentences than this are left to the miner (the
    /// pass holds one dense `n × m` matrix).
    pub max_sentences: usize,
}

impl Default for CompletionConfig {
    fn default() -> Self {
        Self {
            min_cosine: 0.80,
            min_margin: 1.0,
            k: 4,
            max_sentences: 2_000,
        }
    }
}

/// Pairs of `a` and `b` that `existing` (their alignments so far) leaves
/// out, share a key (`keys_a[i]` / `keys_b[j]`, per sentence) and are each
/// other's best such candidate by margin.
pub fn complete_with_shared_keys(
    config: &CompletionConfig,
    a: &DocVectors,
    b: &DocVectors,
    keys_a: &[Vec<String>],
    keys_b: &[Vec<String>],
    existing: &[Alignment],
) -> Vec<Alignment> {
    let (n, m, dim) = (a.sentence_ids.len(), b.sentence_ids.len(), a.dim);
    if n == 0 || m == 0 || n > config.max_sentences || m > config.max_sentences || dim == 0 {
        return Vec::new();
    }
    if a.vectors.len() != n * dim || b.vectors.len() != m * dim {
        return Vec::new();
    }
    let mut used_a = vec![false; n];
    let mut used_b = vec![false; m];
    for al in existing {
        let (ra, rb) = if al.doc_a == *a.doc_id {
            (al.range_a, al.range_b)
        } else {
            (al.range_b, al.range_a)
        };
        for (range, used) in [(ra, &mut used_a), (rb, &mut used_b)] {
            if let Some(r) = range {
                for i in r.first..=r.last {
                    if let Some(u) = used.get_mut(i as usize) {
                        *u = true;
                    }
                }
            }
        }
    }
    let cos: Vec<f32> = (0..n)
        .flat_map(|i| {
            let row = &a.vectors[i * dim..(i + 1) * dim];
            (0..m).map(move |j| {
                let col = &b.vectors[j * dim..(j + 1) * dim];
                row.iter().zip(col).map(|(x, y)| x * y).sum::<f32>()
            })
        })
        .collect();
    let k = config.k.max(1);
    let mut scratch = Vec::new();
    let fwd: Vec<f32> = (0..n)
        .map(|i| top_k_mean(cos[i * m..(i + 1) * m].iter().copied(), k, &mut scratch))
        .collect();
    let bwd: Vec<f32> = (0..m)
        .map(|j| top_k_mean((0..n).map(|i| cos[i * m + j]), k, &mut scratch))
        .collect();
    let sets_b: Vec<HashSet<&str>> = (0..m)
        .map(|j| {
            keys_b
                .get(j)
                .map(|v| v.iter().map(String::as_str).collect())
                .unwrap_or_default()
        })
        .collect();
    // Best free, key-sharing candidate of every free row, by margin.
    let candidate = |i: usize| -> Option<(usize, f32)> {
        let keys = keys_a.get(i)?;
        let mut best: Option<(usize, f32)> = None;
        for j in (0..m).filter(|&j| !used_b[j]) {
            let c = cos[i * m + j];
            if c < config.min_cosine || !keys.iter().any(|k| sets_b[j].contains(k.as_str())) {
                continue;
            }
            let Some(s) = margin(c, fwd[i], bwd[j]) else {
                continue;
            };
            if s >= config.min_margin && best.is_none_or(|(_, b)| s > b) {
                best = Some((j, s));
            }
        }
        best
    };
    let rows: Vec<Option<(usize, f32)>> = (0..n)
        .map(|i| if used_a[i] { None } else { candidate(i) })
        .collect();
    let mut out = Vec::new();
    for (i, best) in rows.iter().enumerate() {
        let Some((j, score)) = *best else { continue };
        // Mutual: no other free row prefers column j more.
        let mutual = rows
            .iter()
            .enumerate()
            .all(|(r, other)| r == i || other.is_none_or(|(oj, os)| oj != j || os < score));
        if !mutual {
            continue;
        }
        let (sa, sb) = (&a.sentence_ids[i], &b.sentence_ids[j]);
        let method = AlignMethod::MarginAnchors;
        out.push(Alignment {
            id: AlignmentId::from_parts([sa.as_str(), sb.as_str(), method.as_str()]),
            doc_a: a.doc_id.clone(),
            doc_b: b.doc_id.clone(),
            sentence_a: Some(sa.clone()),
            sentence_b: Some(sb.clone()),
            range_a: Some(SentenceRange::single(i as u32)),
            range_b: Some(SentenceRange::single(j as u32)),
            cosine: cos[i * m + j],
            margin: score,
            score,
            method,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::{DocId, SentenceId};

    #[test]
    fn completes_free_pairs_that_share_a_key() {
        let (da, db) = (DocId::from_string("da"), DocId::from_string("db"));
        let ids_a: Vec<SentenceId> = (0..3)
            .map(|i| SentenceId::from_string(format!("a{i}")))
            .collect();
        let ids_b: Vec<SentenceId> = (0..3)
            .map(|i| SentenceId::from_string(format!("b{i}")))
            .collect();
        let unit = |v: [f32; 3]| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.map(|x| x / n)
        };
        let va: Vec<f32> = [
            unit([1.0, 0.0, 0.0]),
            unit([0.0, 1.0, 0.0]),
            unit([0.0, 0.0, 1.0]),
        ]
        .concat();
        let vb: Vec<f32> = [
            unit([0.9, 0.1, 0.0]),
            unit([0.1, 0.9, 0.0]),
            unit([0.0, 0.1, 0.9]),
        ]
        .concat();
        let a = DocVectors {
            doc_id: &da,
            sentence_ids: &ids_a,
            vectors: &va,
            dim: 3,
        };
        let b = DocVectors {
            doc_id: &db,
            sentence_ids: &ids_b,
            vectors: &vb,
            dim: 3,
        };
        let keys_a = vec![
            vec!["person:arisawa".to_owned()],
            vec![],
            vec!["code:vx-210".to_owned()],
        ];
        let keys_b = vec![
            vec!["person:arisawa".to_owned()],
            vec![],
            vec!["code:vx-210".to_owned()],
        ];
        let config = CompletionConfig {
            k: 1,
            ..CompletionConfig::default()
        };
        let got = complete_with_shared_keys(&config, &a, &b, &keys_a, &keys_b, &[]);
        let pairs: Vec<(u32, u32)> = got
            .iter()
            .map(|al| (al.range_a.unwrap().first, al.range_b.unwrap().first))
            .collect();
        // Row 1 shares no key; rows 0 and 2 pair with their partners.
        assert_eq!(pairs, vec![(0, 0), (2, 2)]);
        // Rows already aligned are left alone.
        let again = complete_with_shared_keys(&config, &a, &b, &keys_a, &keys_b, &got);
        assert!(again.is_empty());
    }
}
