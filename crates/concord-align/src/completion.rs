//! A second mining pass between two reports of one event: sentence pairs
//! the margin miner left out that state the same facts.
//!
//! Independent reports word one claim differently, so their sentences
//! often miss the miner's global margin threshold, which is calibrated to
//! keep unrelated documents apart, and the miner pairs each sentence once,
//! while a wire report's lead sentence packs what another report says in
//! three (the death toll, the place, the day). Once the event stage has
//! put two documents into one story, a sentence pair that states the same
//! facts (an amount, a percentage, a date, a name, a code: [`claim_keys`])
//! is the same claim far more often than not, and the more facts agree the
//! surer it is. So the pass scores every pair of sentences that share at
//! least one fact by its ratio margin (the miner's `k`-mean neighbourhoods)
//! plus [`CompletionConfig::shared_fact_bonus`] per agreeing fact, and
//! keeps, for every sentence on either side, its best pair: the union of
//! both directions' best, so one lead sentence may pair with several
//! sentences of the other report (at most
//! [`CompletionConfig::max_partners`] new ones). A sentence the miner
//! aligned already takes another partner only when two or more facts
//! agree: one shared number next to a different one is as often two
//! claims of one story ("six satellites" / "four of its own
//! satellites"). The miner's own evidence still bounds it: the cosine must
//! reach [`CompletionConfig::min_cosine`] and the margin
//! [`CompletionConfig::min_margin`] (lower, [`CompletionConfig::min_margin_shared`],
//! when two or more facts agree).
//!
//! Keys of names and codes come with near keys ([`claim_keys`]): the
//! spelling a one-character slip or a swap of characters would share
//! (`TQ2-Y3` / `TQ3-Y2`, `Kinoshita` / `Kinoshima`), because such a slip is
//! exactly what the flag stage must see, and it removes the one exact key
//! the two sentences would have shared.

use crate::margin::{margin, top_k_mean};
use crate::miner::DocVectors;
use concord_core::{AlignMethod, Alignment, AlignmentId, Fact, FactKind, SentenceRange};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The keys of one fact: its exact key first, then near keys.
pub type FactKeys = Vec<String>;

/// Thresholds of the fact-anchored completion pass. A completed pair's
/// `margin` is its ratio margin, its `score` the margin plus the
/// shared-fact bonus (the evidence that both sentences state one claim).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompletionConfig {
    /// Smallest cosine of a completed pair.
    pub min_cosine: f32,
    /// Smallest ratio margin of a pair that shares one fact (1: as alike as
    /// the two sentences' typical neighbours in the other document).
    pub min_margin: f32,
    /// Smallest ratio margin of a pair that shares two or more facts.
    pub min_margin_shared: f32,
    /// Added to a pair's margin per agreeing fact when choosing each
    /// sentence's best pair.
    pub shared_fact_bonus: f32,
    /// New pairs one sentence may get from this pass.
    pub max_partners: usize,
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
            min_margin_shared: 0.95,
            shared_fact_bonus: 0.05,
            max_partners: 3,
            k: 4,
            max_sentences: 2_000,
        }
    }
}

/// Near keys are made for names and codes of at least this many letters
/// and digits: shorter ones have too many one-letter neighbours.
const NEAR_KEY_MIN_CHARS: usize = 4;

/// The facts of one sentence as keys that another report of the same claim
/// would share: names, organisations and places, codes, amounts of money,
/// percentages, dates by day (a full date also as month and day, since an
/// independent report may leave out the year) and numbers of two or more
/// significant digits (`19` dead, `143` injured; `2` or `10` say little).
/// Roles and directions are left out: every report has a "minister" and a
/// "rose". Names and codes also get near keys: each spelling with one
/// letter or digit left out, and the sorted letters of a code, so that a
/// slip of one character or a swap still leaves a shared key.
pub fn claim_keys(facts: &[&Fact]) -> Vec<FactKeys> {
    facts
        .iter()
        .filter_map(|f| {
            let value = f.normalized.to_lowercase();
            let exact = format!("{}:{value}", f.kind.as_str());
            let keys = match f.kind {
                FactKind::Money | FactKind::Percent | FactKind::Entity => vec![exact],
                FactKind::Person => {
                    let body = value.strip_prefix("person:").unwrap_or(&value);
                    let mut keys = vec![exact.clone()];
                    keys.extend(near_keys("person", body, false));
                    keys
                }
                FactKind::Version => {
                    let mut keys = vec![exact.clone()];
                    keys.extend(near_keys("version", &value, true));
                    keys
                }
                FactKind::Date => {
                    let month_day = month_day(&value)?;
                    if value.starts_with("--") {
                        vec![format!("date~{month_day}")]
                    } else {
                        vec![exact, format!("date~{month_day}")]
                    }
                }
                FactKind::Number => {
                    if significant_digits(&value) < 2 {
                        return None;
                    }
                    vec![exact]
                }
                FactKind::Role | FactKind::Polarity => return None,
            };
            Some(keys)
        })
        .collect()
}

/// `MM-DD` of `YYYY-MM-DD…` or `--MM-DD…`, when the value names a day.
fn month_day(value: &str) -> Option<String> {
    let rest = value
        .strip_prefix("--")
        .or_else(|| value.get(4..).and_then(|r| r.strip_prefix('-')))?;
    let md = rest.get(..5)?;
    let bytes = md.as_bytes();
    let well_formed = bytes.len() == 5
        && bytes[2] == b'-'
        && [0, 1, 3, 4].iter().all(|&i| bytes[i].is_ascii_digit());
    well_formed.then(|| md.to_owned())
}

/// Significant digits of a canonical number (`48000` → 2, `1436000` → 4);
/// a unit after the number is ignored.
fn significant_digits(s: &str) -> usize {
    let number = s.split(' ').next().unwrap_or(s);
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// Near keys of a name or code: the spelling with each letter or digit
/// left out in turn and, for codes, the sorted characters.
fn near_keys(kind: &str, value: &str, sorted: bool) -> Vec<String> {
    let chars: Vec<char> = value.chars().filter(|c| c.is_alphanumeric()).collect();
    if chars.len() < NEAR_KEY_MIN_CHARS {
        return Vec::new();
    }
    let mut keys: Vec<String> = (0..chars.len())
        .map(|skip| {
            let rest: String = chars
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, c)| *c)
                .collect();
            format!("{kind}~{rest}")
        })
        .collect();
    if sorted {
        let mut s = chars.clone();
        s.sort_unstable();
        keys.push(format!(
            "{kind}~sorted:{}",
            s.into_iter().collect::<String>()
        ));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Facts of `a` that share a key with some fact of `b`.
fn shared_facts(a: &[FactKeys], b: &HashSet<&str>) -> usize {
    a.iter()
        .filter(|keys| keys.iter().any(|k| b.contains(k.as_str())))
        .count()
}

/// Pairs of `a` and `b` that `existing` (their alignments so far) leaves
/// out and that share a fact (`keys_a[i]` / `keys_b[j]`, per sentence, as
/// [`claim_keys`] makes them): for every sentence, its best such pair by
/// margin plus the shared-fact bonus, see the module documentation.
pub fn complete_with_shared_keys(
    config: &CompletionConfig,
    a: &DocVectors,
    b: &DocVectors,
    keys_a: &[Vec<FactKeys>],
    keys_b: &[Vec<FactKeys>],
    existing: &[Alignment],
) -> Vec<Alignment> {
    let (n, m, dim) = (a.sentence_ids.len(), b.sentence_ids.len(), a.dim);
    if n == 0 || m == 0 || n > config.max_sentences || m > config.max_sentences || dim == 0 {
        return Vec::new();
    }
    if a.vectors.len() != n * dim || b.vectors.len() != m * dim {
        return Vec::new();
    }
    // Pairs aligned already, as (row, column) of single sentences, and the
    // sentences they use.
    let mut aligned: HashSet<(usize, usize)> = HashSet::new();
    let (mut used_a, mut used_b) = (vec![false; n], vec![false; m]);
    for al in existing {
        let (ra, rb) = if al.doc_a == *a.doc_id {
            (al.range_a, al.range_b)
        } else {
            (al.range_b, al.range_a)
        };
        if let (Some(ra), Some(rb)) = (ra, rb) {
            for i in ra.first..=ra.last {
                for j in rb.first..=rb.last {
                    aligned.insert((i as usize, j as usize));
                    if let Some(u) = used_b.get_mut(j as usize) {
                        *u = true;
                    }
                }
                if let Some(u) = used_a.get_mut(i as usize) {
                    *u = true;
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
                .map(|facts| facts.iter().flatten().map(String::as_str).collect())
                .unwrap_or_default()
        })
        .collect();
    // Every admissible pair with its margin and choice score.
    let mut admissible: HashMap<(usize, usize), (f32, f32)> = HashMap::new();
    for i in 0..n {
        let Some(facts) = keys_a.get(i).filter(|f| !f.is_empty()) else {
            continue;
        };
        for j in 0..m {
            let c = cos[i * m + j];
            if c < config.min_cosine || aligned.contains(&(i, j)) {
                continue;
            }
            let shared = shared_facts(facts, &sets_b[j]);
            if shared == 0 {
                continue;
            }
            let Some(s) = margin(c, fwd[i], bwd[j]) else {
                continue;
            };
            // One shared fact pairs two free sentences; a sentence the
            // miner paired already takes a second partner only on two.
            let floor = if shared >= 2 {
                config.min_margin_shared
            } else if used_a[i] || used_b[j] {
                continue;
            } else {
                config.min_margin
            };
            if s >= floor {
                admissible.insert((i, j), (s, s + config.shared_fact_bonus * shared as f32));
            }
        }
    }
    // Each sentence's best admissible pair, from both sides; ties go to
    // the lower index so the result does not depend on hashing.
    let better = |x: &((usize, usize), f32), y: &((usize, usize), f32)| {
        x.1 > y.1 || (x.1 == y.1 && x.0 < y.0)
    };
    let mut best_of_row: Vec<Option<((usize, usize), f32)>> = vec![None; n];
    let mut best_of_col: Vec<Option<((usize, usize), f32)>> = vec![None; m];
    for (&(i, j), &(_, score)) in &admissible {
        let cell = ((i, j), score);
        if best_of_row[i].is_none_or(|b| better(&cell, &b)) {
            best_of_row[i] = Some(cell);
        }
        if best_of_col[j].is_none_or(|b| better(&cell, &b)) {
            best_of_col[j] = Some(cell);
        }
    }
    let mut chosen: Vec<((usize, usize), f32)> = best_of_row
        .into_iter()
        .chain(best_of_col)
        .flatten()
        .collect();
    chosen.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    chosen.dedup_by_key(|c| c.0);
    // At most `max_partners` new pairs per sentence, best first.
    let (mut new_of_row, mut new_of_col) = (vec![0usize; n], vec![0usize; m]);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for ((i, j), _) in chosen {
        if !seen.insert((i, j))
            || new_of_row[i] >= config.max_partners
            || new_of_col[j] >= config.max_partners
        {
            continue;
        }
        new_of_row[i] += 1;
        new_of_col[j] += 1;
        let Some(&(pair_margin, score)) = admissible.get(&(i, j)) else {
            continue;
        };
        let (sa, sb) = (&a.sentence_ids[i], &b.sentence_ids[j]);
        let method = AlignMethod::FactAnchored;
        out.push(Alignment {
            id: AlignmentId::from_parts([sa.as_str(), sb.as_str(), method.as_str()]),
            doc_a: a.doc_id.clone(),
            doc_b: b.doc_id.clone(),
            sentence_a: Some(sa.clone()),
            sentence_b: Some(sb.clone()),
            range_a: Some(SentenceRange::single(i as u32)),
            range_b: Some(SentenceRange::single(j as u32)),
            cosine: cos[i * m + j],
            margin: pair_margin,
            score,
            method,
        });
    }
    out.sort_by_key(|al| (al.range_a.map(|r| r.first), al.range_b.map(|r| r.first)));
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
            vec![vec!["person:arisawa".to_owned()]],
            vec![],
            vec![vec!["version:vx-210".to_owned()]],
        ];
        let keys_b = keys_a.clone();
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

    fn fact(kind: FactKind, normalized: &str) -> Fact {
        Fact {
            id: concord_core::FactId::from_string("f"),
            sentence_id: SentenceId::from_string("s"),
            doc_id: DocId::from_string("d"),
            kind,
            surface: normalized.to_owned(),
            normalized: normalized.to_owned(),
            span: concord_core::Span::new(0, 1),
        }
    }

    fn keys_of(facts: &[Fact]) -> Vec<FactKeys> {
        claim_keys(&facts.iter().collect::<Vec<_>>())
    }

    #[test]
    fn claim_keys_keep_specific_facts_and_near_spellings() {
        let keys = keys_of(&[
            fact(FactKind::Number, "19"),
            fact(FactKind::Number, "2"),
            fact(FactKind::Role, "role:governor"),
            fact(FactKind::Date, "2026-03-10"),
            fact(FactKind::Date, "--03-10"),
            fact(FactKind::Version, "TQ2-Y3"),
        ]);
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert_eq!(keys[0], ["number:19"]);
        // A full date and a day without its year share the month-day key.
        assert!(keys[1].contains(&"date~03-10".to_owned()));
        assert_eq!(keys[2], ["date~03-10"]);
        // Two codes with their digits swapped share the sorted key.
        let swapped = keys_of(&[fact(FactKind::Version, "TQ3-Y2")]);
        assert!(swapped[0].iter().any(|k| keys[3].contains(k)));
        assert!(!swapped[0].contains(&keys[3][0]));
        // Names one letter apart share a near key, distant names none.
        let a = keys_of(&[fact(FactKind::Person, "person:nkt knst")]);
        let b = keys_of(&[fact(FactKind::Person, "person:nkt knsn")]);
        let c = keys_of(&[fact(FactKind::Person, "person:ws jng")]);
        assert!(a[0].iter().any(|k| b[0].contains(k)));
        assert!(!a[0].iter().any(|k| c[0].contains(k)));
    }

    #[test]
    fn a_lead_sentence_pairs_with_each_sentence_that_shares_its_facts() {
        // Sentence 0 of `a` is a lead that packs two claims: 19 dead (its
        // first axis) and the date (its second); `b` states them apart.
        let (da, db) = (DocId::from_string("da"), DocId::from_string("db"));
        let ids_a: Vec<SentenceId> = (0..2)
            .map(|i| SentenceId::from_string(format!("a{i}")))
            .collect();
        let ids_b: Vec<SentenceId> = (0..3)
            .map(|i| SentenceId::from_string(format!("b{i}")))
            .collect();
        let unit = |v: [f32; 3]| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.map(|x| x / n)
        };
        let va: Vec<f32> = [unit([1.0, 1.0, 0.2]), unit([0.0, 0.2, 1.0])].concat();
        let vb: Vec<f32> = [
            unit([1.0, 0.8, 0.0]),
            unit([0.8, 1.0, 0.0]),
            unit([0.0, 0.3, 1.0]),
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
            keys_of(&[
                fact(FactKind::Number, "19"),
                fact(FactKind::Date, "2026-03-10"),
            ]),
            keys_of(&[fact(FactKind::Money, "CNY 50000000")]),
        ];
        let keys_b = vec![
            keys_of(&[fact(FactKind::Number, "19")]),
            keys_of(&[fact(FactKind::Date, "--03-10")]),
            keys_of(&[fact(FactKind::Money, "CNY 50000000")]),
        ];
        let config = CompletionConfig {
            k: 1,
            min_margin: 0.5,
            min_margin_shared: 0.5,
            ..CompletionConfig::default()
        };
        let got = complete_with_shared_keys(&config, &a, &b, &keys_a, &keys_b, &[]);
        let pairs: Vec<(u32, u32)> = got
            .iter()
            .map(|al| (al.range_a.unwrap().first, al.range_b.unwrap().first))
            .collect();
        assert_eq!(pairs, vec![(0, 0), (0, 1), (1, 2)]);
    }
}
