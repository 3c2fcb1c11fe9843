//! Average-linkage agglomerative clustering over sparse pair scores.
//!
//! Average linkage (the mean score over all member pairs of two clusters,
//! absent pairs counting 0) is used rather than single linkage because news
//! of one day chains: story A shares a ministry with B, B a company with C.
//! Under single linkage one such pair merges two stories; under average
//! linkage a cluster absorbs a document only when it is alike to the
//! cluster's members on the whole. Translations of one article, which score
//! near 1 with each other, merge first and then act as one well-supported
//! unit for an independent report of the same event.

use std::collections::{BTreeMap, HashMap};

/// Cluster `n` items given scores of some pairs (`(i, j, score)`, `i < j`):
/// repeatedly merge the two clusters of highest linkage while it is at least
/// `threshold`. The linkage is the average score, or the best single score
/// of `strong_pairs` when that reaches `strong` (a link so strong, far
/// above any between unrelated stories, that it alone shows one story). Ties go to the pair of clusters with the smallest
/// members, so the result does not depend on input order. Returns the
/// clusters, each sorted, ordered by their smallest member.
pub(crate) fn average_linkage(
    n: usize,
    pairs: &[(usize, usize, f32)],
    strong_pairs: &[(usize, usize, f32)],
    threshold: f32,
    strong: f32,
) -> Vec<Vec<usize>> {
    // Cluster id = its smallest member; sums of scores between clusters.
    let mut members: BTreeMap<usize, Vec<usize>> = (0..n).map(|i| (i, vec![i])).collect();
    let mut sums: HashMap<(usize, usize), f64> = HashMap::new();
    let mut maxes: HashMap<(usize, usize), f64> = HashMap::new();
    for &(i, j, s) in pairs {
        if i != j && i < n && j < n {
            *sums.entry((i.min(j), i.max(j))).or_default() += f64::from(s);
        }
    }
    for &(i, j, s) in strong_pairs {
        if i != j && i < n && j < n {
            let m = maxes.entry((i.min(j), i.max(j))).or_insert(f64::MIN);
            *m = m.max(f64::from(s));
        }
    }
    loop {
        let mut best: Option<((usize, usize), f64)> = None;
        for (&(x, y), &sum) in &sums {
            let (Some(mx), Some(my)) = (members.get(&x), members.get(&y)) else {
                continue;
            };
            let avg = sum / (mx.len() * my.len()) as f64;
            let max = maxes.get(&(x, y)).copied().unwrap_or(f64::MIN);
            // A strong single link (a translation, a report restating the
            // story) merges too; its strength then ranks the merge.
            let avg = if max + 1e-9 >= f64::from(strong) {
                avg.max(max)
            } else {
                avg
            };
            if avg + 1e-9 < f64::from(threshold) {
                continue;
            }
            let better = match best {
                None => true,
                Some((key, b)) => avg > b + 1e-12 || ((avg - b).abs() <= 1e-12 && (x, y) < key),
            };
            if better {
                best = Some(((x, y), avg));
            }
        }
        let Some(((x, y), _)) = best else {
            break;
        };
        // Merge y into x (x < y, so x stays the smallest member).
        let moved = members.remove(&y).unwrap_or_default();
        if let Some(mx) = members.get_mut(&x) {
            mx.extend(moved);
            mx.sort_unstable();
        }
        let old: Vec<((usize, usize), f64)> = sums
            .iter()
            .filter(|((a, b), _)| *a == x || *a == y || *b == x || *b == y)
            .map(|(k, v)| (*k, *v))
            .collect();
        for (k, _) in &old {
            sums.remove(k);
        }
        let old_max: Vec<((usize, usize), f64)> = maxes
            .iter()
            .filter(|((a, b), _)| *a == x || *a == y || *b == x || *b == y)
            .map(|(k, v)| (*k, *v))
            .collect();
        for (k, _) in &old_max {
            maxes.remove(k);
        }
        for ((a, b), v) in old {
            let other = if a == x || a == y { b } else { a };
            if other == x || other == y {
                continue;
            }
            *sums.entry((x.min(other), x.max(other))).or_default() += v;
        }
        for ((a, b), v) in old_max {
            let other = if a == x || a == y { b } else { a };
            if other == x || other == y {
                continue;
            }
            let m = maxes
                .entry((x.min(other), x.max(other)))
                .or_insert(f64::MIN);
            *m = m.max(v);
        }
    }
    members.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_by_average_not_by_one_link() {
        // 0-1-2 are one story; 3 shares one weak link with 2 only.
        let pairs = [(0, 1, 0.9), (0, 2, 0.5), (1, 2, 0.6), (2, 3, 0.5)];
        assert_eq!(
            average_linkage(4, &pairs, &pairs, 0.3, 1.0),
            vec![vec![0, 1, 2], vec![3]]
        );
        // Singletons stay alone; no pairs, no merges.
        assert_eq!(
            average_linkage(2, &[], &[], 0.3, 1.0),
            vec![vec![0], vec![1]]
        );
    }

    #[test]
    fn one_strong_link_is_enough() {
        let pairs = [(0, 1, 0.9), (0, 2, 0.5), (1, 2, 0.6), (2, 3, 0.5)];
        assert_eq!(
            average_linkage(4, &pairs, &pairs, 0.3, 0.5),
            vec![vec![0, 1, 2, 3]]
        );
    }

    #[test]
    fn order_of_pairs_does_not_matter() {
        let a = [(0, 1, 0.5), (2, 3, 0.5), (1, 2, 0.2)];
        let mut b = a;
        b.reverse();
        assert_eq!(
            average_linkage(4, &a, &a, 0.3, 0.4),
            average_linkage(4, &b, &b, 0.3, 0.4)
        );
    }
}
