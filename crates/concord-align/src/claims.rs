//! Claim groups: sentences of several documents that make the same claim,
//! built from the pairwise alignments without letting chains run away.

use concord_core::{Alignment, Claim, ClaimId, DocId, Lang, Sentence, SentenceId};
use std::collections::{BTreeSet, HashMap};

/// Groups aligned sentences into [`Claim`]s.
///
/// Every alignment with two non-empty sides links all the sentences of its
/// side a to all those of its side b (for a 1-2 bead, three sentences).
/// Plain connected components over these links chain badly: one loose pair
/// between two otherwise separate claims merges them, and a long chain ends
/// up holding many sentences of the same article. So the grouper keeps one
/// rule: **a claim holds at most one "unit" per (document, language)**, where
/// a unit is the sentences of one document that were on one side of one
/// bead (a single sentence for a mined pair). Links are added strongest
/// first (by cosine, then score, then alignment id) as in Kruskal's
/// algorithm, and a link that would put two units of the same document and
/// language into one claim is dropped: oversize components are split at
/// their weakest links. The language is part of the key so that a document
/// holding a translation and its original (aligned with
/// [`BeadAligner::align_within`](crate::BeadAligner::align_within)) can
/// contribute both halves to a claim.
///
/// Components with units from at least two (document, language) slots are
/// claims. Members are sorted by sentence id, the claim id is
/// [`ClaimId::from_parts`] over them, and claims are sorted by their member
/// lists, so the output does not depend on the order of the input.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClaimGrouper;

impl ClaimGrouper {
    /// A new grouper.
    pub fn new() -> Self {
        Self
    }

    /// Group `alignments` into claims. `sentences` supplies the documents,
    /// positions and languages of the aligned sentences (bead ranges are
    /// expanded through it); a sentence missing from it keeps the document
    /// of its alignment and language [`Lang::Und`], and a bead range that
    /// cannot be expanded contributes its first sentence only.
    pub fn group(&self, alignments: &[Alignment], sentences: &[Sentence]) -> Vec<Claim> {
        let by_pos: HashMap<(&DocId, u32), &Sentence> =
            sentences.iter().map(|s| ((&s.doc_id, s.idx), s)).collect();
        let by_id: HashMap<&SentenceId, &Sentence> = sentences.iter().map(|s| (&s.id, s)).collect();

        let mut nodes = Nodes::default();
        let mut edges: Vec<Edge> = Vec::new();
        for (k, al) in alignments.iter().enumerate() {
            let side_a = expand(&by_pos, &al.doc_a, al.sentence_a.as_ref(), al.range_a);
            let side_b = expand(&by_pos, &al.doc_b, al.sentence_b.as_ref(), al.range_b);
            if side_a.is_empty() || side_b.is_empty() {
                continue;
            }
            let a = nodes.unit(&side_a, &al.doc_a, &by_id);
            let b = nodes.unit(&side_b, &al.doc_b, &by_id);
            if a != b {
                edges.push(Edge {
                    a,
                    b,
                    cosine: al.cosine,
                    score: al.score,
                    order: k,
                });
            }
        }
        // Strongest first; alignment id, then input position, on ties.
        edges.sort_by(|x, y| {
            let cmp_f = |p: f32, q: f32| {
                let key = |v: f32| if v.is_nan() { f32::NEG_INFINITY } else { v };
                key(q).total_cmp(&key(p))
            };
            cmp_f(x.cosine, y.cosine)
                .then_with(|| cmp_f(x.score, y.score))
                .then_with(|| alignments[x.order].id.cmp(&alignments[y.order].id))
                .then(x.order.cmp(&y.order))
        });

        // Units are the nodes' union-find roots; merge their components.
        let units: Vec<usize> = (0..nodes.len()).map(|i| nodes.unit_of(i)).collect();
        let mut comp = UnionFind::new(nodes.len());
        let mut slots: Vec<BTreeSet<(DocId, Lang)>> = vec![BTreeSet::new(); nodes.len()];
        // A unit's slot: its document and the smallest determined language
        // among its members (`Und` if none), independent of input order.
        let mut unit_lang: Vec<Option<Lang>> = vec![None; nodes.len()];
        for (i, &u) in units.iter().enumerate() {
            let lang = nodes.info[i].lang;
            if lang != Lang::Und {
                unit_lang[u] = Some(unit_lang[u].map_or(lang, |l| l.min(lang)));
            }
        }
        for (i, &u) in units.iter().enumerate() {
            if u == i {
                slots[i].insert((nodes.info[i].doc.clone(), unit_lang[i].unwrap_or(Lang::Und)));
            }
        }
        for e in &edges {
            let (ra, rb) = (comp.find(units[e.a]), comp.find(units[e.b]));
            if ra == rb || !slots[ra].is_disjoint(&slots[rb]) {
                continue;
            }
            let root = comp.union(ra, rb);
            let other = if root == ra { rb } else { ra };
            let moved = std::mem::take(&mut slots[other]);
            slots[root].extend(moved);
        }

        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..nodes.len() {
            let root = comp.find(units[i]);
            members.entry(root).or_default().push(i);
        }
        let mut claims: Vec<Claim> = members
            .into_iter()
            .filter(|(root, _)| slots[*root].len() >= 2)
            .map(|(_, idx)| {
                let mut m: Vec<&NodeInfo> = idx.iter().map(|&i| &nodes.info[i]).collect();
                m.sort_by(|x, y| x.id.cmp(&y.id));
                Claim {
                    id: ClaimId::from_parts(m.iter().map(|n| n.id.as_str())),
                    sentence_ids: m.iter().map(|n| n.id.clone()).collect(),
                    doc_ids: m.iter().map(|n| n.doc.clone()).collect(),
                    langs: m.iter().map(|n| n.lang).collect(),
                }
            })
            .collect();
        claims.sort_by(|x, y| x.sentence_ids.cmp(&y.sentence_ids));
        claims
    }
}

/// The sentence ids on one side of an alignment.
fn expand(
    by_pos: &HashMap<(&DocId, u32), &Sentence>,
    doc: &DocId,
    first: Option<&SentenceId>,
    range: Option<concord_core::SentenceRange>,
) -> Vec<SentenceId> {
    let Some(first) = first else {
        return Vec::new();
    };
    let Some(range) = range.filter(|r| r.len() > 1) else {
        return vec![first.clone()];
    };
    let ids: Option<Vec<SentenceId>> = (range.first..=range.last)
        .map(|idx| by_pos.get(&(doc, idx)).map(|s| s.id.clone()))
        .collect();
    match ids {
        Some(ids) if ids.first() == Some(first) => ids,
        _ => vec![first.clone()],
    }
}

struct Edge {
    a: usize,
    b: usize,
    cosine: f32,
    score: f32,
    order: usize,
}

struct NodeInfo {
    id: SentenceId,
    doc: DocId,
    lang: Lang,
}

/// Sentences seen so far, and the units (same-side bead members) they form.
#[derive(Default)]
struct Nodes {
    index: HashMap<(DocId, SentenceId), usize>,
    info: Vec<NodeInfo>,
    units: UnionFind,
}

impl Nodes {
    fn len(&self) -> usize {
        self.info.len()
    }

    /// Register the sentences of one side (all of document `doc`) and tie
    /// them into one unit; returns one of its nodes.
    fn unit(
        &mut self,
        ids: &[SentenceId],
        doc: &DocId,
        by_id: &HashMap<&SentenceId, &Sentence>,
    ) -> usize {
        let mut first = None;
        for id in ids {
            let key = (doc.clone(), id.clone());
            let node = match self.index.get(&key) {
                Some(&n) => n,
                None => {
                    let n = self.info.len();
                    let known = by_id.get(id).filter(|s| &s.doc_id == doc);
                    self.info.push(NodeInfo {
                        id: id.clone(),
                        doc: doc.clone(),
                        lang: known.map_or(Lang::Und, |s| s.lang),
                    });
                    self.units.push();
                    self.index.insert(key, n);
                    n
                }
            };
            match first {
                None => first = Some(node),
                Some(f) => {
                    self.units.union(f, node);
                }
            }
        }
        first.unwrap_or(0)
    }

    fn unit_of(&mut self, node: usize) -> usize {
        self.units.find(node)
    }
}

/// Union-find with path halving and union by size; the smaller index wins
/// ties so roots are deterministic.
#[derive(Default)]
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn push(&mut self) {
        self.parent.push(self.parent.len());
        self.size.push(1);
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Merge the sets of `x` and `y`; returns the new root.
    fn union(&mut self, x: usize, y: usize) -> usize {
        let (rx, ry) = (self.find(x), self.find(y));
        if rx == ry {
            return rx;
        }
        let (big, small) = match self.size[rx].cmp(&self.size[ry]) {
            std::cmp::Ordering::Greater => (rx, ry),
            std::cmp::Ordering::Less => (ry, rx),
            std::cmp::Ordering::Equal => (rx.min(ry), rx.max(ry)),
        };
        self.parent[small] = big;
        self.size[big] += self.size[small];
        big
    }
}
