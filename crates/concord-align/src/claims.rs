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
        for (i, &unit) in units.iter().enumerate() {
            let root = comp.find(unit);
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

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::{AlignMethod, AlignmentId, SentenceRange, Span};

    fn sentence(doc: &str, idx: u32, lang: Lang) -> Sentence {
        Sentence {
            id: SentenceId::from_string(format!("{doc}.{idx}")),
            doc_id: DocId::from_string(doc),
            idx,
            lang,
            text: String::new(),
            span: Span::new(0, 0),
            original_text: String::new(),
            match_key: String::new(),
        }
    }

    fn sid(doc: &str, idx: u32) -> SentenceId {
        SentenceId::from_string(format!("{doc}.{idx}"))
    }

    /// An alignment of `doc_a` rows `ra` with `doc_b` rows `rb` (inclusive
    /// ranges, `None` for an empty side).
    fn al(
        doc_a: &str,
        ra: Option<(u32, u32)>,
        doc_b: &str,
        rb: Option<(u32, u32)>,
        cosine: f32,
    ) -> Alignment {
        let range = |r: Option<(u32, u32)>| r.map(|(first, last)| SentenceRange { first, last });
        Alignment {
            id: AlignmentId::from_parts([
                doc_a.to_owned(),
                format!("{ra:?}"),
                doc_b.to_owned(),
                format!("{rb:?}"),
            ]),
            doc_a: DocId::from_string(doc_a),
            doc_b: DocId::from_string(doc_b),
            sentence_a: ra.map(|(f, _)| sid(doc_a, f)),
            sentence_b: rb.map(|(f, _)| sid(doc_b, f)),
            range_a: range(ra),
            range_b: range(rb),
            cosine,
            margin: 1.0,
            score: cosine,
            method: AlignMethod::MarginMnn,
        }
    }

    fn corpus() -> Vec<Sentence> {
        let mut s = Vec::new();
        for i in 0..4 {
            s.push(sentence("en", i, Lang::En));
            s.push(sentence("zh", i, Lang::Zh));
            s.push(sentence("ja", i, Lang::Ja));
        }
        // A bilingual document: 0-1 Japanese, 2-3 English.
        s.push(sentence("bi", 0, Lang::Ja));
        s.push(sentence("bi", 1, Lang::Ja));
        s.push(sentence("bi", 2, Lang::En));
        s.push(sentence("bi", 3, Lang::En));
        s
    }

    fn members(c: &Claim) -> Vec<&str> {
        c.sentence_ids.iter().map(|s| s.as_str()).collect()
    }

    #[test]
    fn a_triangle_is_one_claim() {
        let alignments = [
            al("en", Some((0, 0)), "zh", Some((0, 0)), 0.9),
            al("en", Some((0, 0)), "ja", Some((0, 0)), 0.9),
            al("zh", Some((0, 0)), "ja", Some((0, 0)), 0.9),
        ];
        let claims = ClaimGrouper::new().group(&alignments, &corpus());
        assert_eq!(claims.len(), 1);
        let c = &claims[0];
        assert_eq!(members(c), ["en.0", "ja.0", "zh.0"]);
        assert_eq!(c.langs, [Lang::En, Lang::Ja, Lang::Zh]);
        assert_eq!(
            c.doc_ids,
            ["en", "ja", "zh"].map(DocId::from_string).to_vec()
        );
        assert_eq!(c.id, ClaimId::from_parts(["en.0", "ja.0", "zh.0"]));
    }

    #[test]
    fn chains_through_one_document_are_cut_at_the_weakest_link() {
        // en.0 - zh.0 strong, zh.0 - en.1 weak (would put en.0 and en.1 in
        // one claim), en.1 - ja.1 strong.
        let alignments = [
            al("en", Some((0, 0)), "zh", Some((0, 0)), 0.95),
            al("zh", Some((0, 0)), "en", Some((1, 1)), 0.85),
            al("en", Some((1, 1)), "ja", Some((1, 1)), 0.92),
        ];
        let claims = ClaimGrouper::new().group(&alignments, &corpus());
        let got: Vec<Vec<&str>> = claims.iter().map(members).collect();
        assert_eq!(got, [vec!["en.0", "zh.0"], vec!["en.1", "ja.1"]]);
        // No claim holds two sentences of one document and language.
        for c in &claims {
            let mut slots: Vec<(&DocId, Lang)> =
                c.doc_ids.iter().zip(c.langs.iter().copied()).collect();
            slots.sort();
            let before = slots.len();
            slots.dedup();
            assert_eq!(slots.len(), before);
        }
    }

    #[test]
    fn bead_sides_count_as_one_unit() {
        // en.1-2 is one bead side against zh.1, and zh.1 also pairs with ja.2.
        let alignments = [
            al("en", Some((1, 2)), "zh", Some((1, 1)), 0.9),
            al("zh", Some((1, 1)), "ja", Some((2, 2)), 0.88),
            // A skip bead adds nothing.
            al("en", Some((3, 3)), "zh", None, 0.0),
        ];
        let claims = ClaimGrouper::new().group(&alignments, &corpus());
        assert_eq!(claims.len(), 1);
        assert_eq!(members(&claims[0]), ["en.1", "en.2", "ja.2", "zh.1"]);
    }

    #[test]
    fn both_halves_of_a_bilingual_document_may_join_a_claim() {
        let alignments = [
            al("bi", Some((0, 0)), "bi", Some((2, 2)), 0.93),
            al("bi", Some((2, 2)), "zh", Some((3, 3)), 0.9),
            // bi.1 (Japanese) would be a second Japanese unit of "bi".
            al("bi", Some((1, 1)), "zh", Some((3, 3)), 0.8),
        ];
        let claims = ClaimGrouper::new().group(&alignments, &corpus());
        assert_eq!(claims.len(), 1);
        assert_eq!(members(&claims[0]), ["bi.0", "bi.2", "zh.3"]);
    }

    #[test]
    fn output_does_not_depend_on_input_order() {
        let mut alignments = vec![
            al("en", Some((0, 0)), "zh", Some((0, 0)), 0.95),
            al("zh", Some((0, 0)), "en", Some((1, 1)), 0.85),
            al("en", Some((1, 1)), "ja", Some((1, 1)), 0.92),
            al("en", Some((2, 2)), "ja", Some((2, 2)), 0.9),
            al("zh", Some((2, 2)), "ja", Some((2, 2)), 0.9),
            al("en", Some((3, 3)), "zh", Some((3, 3)), 0.9),
        ];
        let mut sentences = corpus();
        let first = ClaimGrouper::new().group(&alignments, &sentences);
        assert_eq!(first.len(), 4);
        alignments.reverse();
        sentences.reverse();
        assert_eq!(ClaimGrouper::new().group(&alignments, &sentences), first);
        alignments.rotate_left(2);
        assert_eq!(ClaimGrouper::new().group(&alignments, &sentences), first);
    }

    #[test]
    fn unknown_sentences_keep_their_alignment_document() {
        let alignments = [al("xx", Some((0, 1)), "en", Some((0, 0)), 0.9)];
        let claims = ClaimGrouper::new().group(&alignments, &corpus());
        assert_eq!(claims.len(), 1);
        // The range cannot be expanded without the sentences: first only.
        assert_eq!(members(&claims[0]), ["en.0", "xx.0"]);
        assert_eq!(claims[0].langs, [Lang::En, Lang::Und]);
        assert_eq!(claims[0].doc_ids[1], DocId::from_string("xx"));
        assert!(ClaimGrouper::new().group(&[], &corpus()).is_empty());
    }
}
