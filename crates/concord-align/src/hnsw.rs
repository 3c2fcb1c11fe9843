//! Approximate nearest-neighbour search with an HNSW graph: see
//! [`HnswIndex`] (structure, determinism, memory) and
//! [`CorpusSearch`](crate::CorpusSearch) (measurements).

use crate::miner::check_matrix;
use crate::topk::{TopK, EMPTY};
use crate::AlignError;
use rayon::prelude::*;
use std::cell::RefCell;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Highest level a vector can get (a level above 16 has probability
/// `M^−17`; the cap only bounds memory for adversarial seeds).
const MAX_LEVEL: usize = 16;

/// Largest batch of the parallel build.
const MAX_BATCH: usize = 128;

/// Settings of an [`HnswIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HnswConfig {
    /// Links per vector on the upper layers (`2·m` on layer 0), and the
    /// number of neighbours a new vector links to. `2..=256`.
    pub m: usize,
    /// Candidate list size while inserting (larger: better graph, slower
    /// build). `1..=100_000`.
    pub ef_construction: usize,
    /// Candidate list size of a query (raised to `k` when smaller; larger:
    /// higher recall, slower queries). `1..=100_000`.
    pub ef_search: usize,
    /// Seed of the level assignment.
    pub seed: u64,
}

impl Default for HnswConfig {
    /// `m = 16`, `ef_construction = 100`, `ef_search = 64`: the cheapest
    /// setting measured that keeps mined-pair recall near 0.99 at 1M × 1M
    /// (see the tables in [`CorpusSearch`](crate::CorpusSearch)).
    fn default() -> Self {
        Self {
            m: 16,
            ef_construction: 100,
            ef_search: 64,
            seed: 0x5EED_C0DE,
        }
    }
}

impl HnswConfig {
    fn validate(&self) -> Result<(), AlignError> {
        for (field, value, min, max) in [
            ("m", self.m, 2, 256),
            ("ef_construction", self.ef_construction, 1, 100_000),
            ("ef_search", self.ef_search, 1, 100_000),
        ] {
            if !(min..=max).contains(&value) {
                return Err(AlignError::HnswConfig {
                    field,
                    value,
                    min,
                    max,
                });
            }
        }
        Ok(())
    }
}

/// An approximate nearest-neighbour index: a hierarchical navigable small
/// world graph (HNSW, Malkov & Yashunin 2016) over borrowed unit-norm
/// vectors, with the inner product (cosine) as similarity.
///
/// The exact [`BlockedTopK`](crate::BlockedTopK) costs `O(n·m·dim)`: about
/// 1 s at 10k × 10k, 55–80 s at 100k × 100k and 1.5–2 hours at 1M × 1M on
/// two cores. An HNSW index costs about `O(log n)` distance evaluations per
/// insertion and per query, at the price of recall below 1: some true
/// neighbours are missed. [`CorpusSearch`](crate::CorpusSearch) picks the
/// exact search below the measured crossover and HNSW above it, and
/// [`hnsw_search_both`] gives the two k-NN lists margin mining needs.
///
/// # Structure
///
/// Every vector gets a level drawn from a seeded RNG (`⌊−ln U / ln M⌋`, so
/// level `l` holds a fraction `M^−l` of the vectors). Layer 0 links each
/// vector to at most `2M` others, the upper layers to at most `M`; the links
/// are flat `u32` arrays (`n · (2M + 1)` words for layer 0 plus about
/// `n/(M−1) · (M + 1)` for the rest). Neighbours are chosen with the
/// paper's heuristic (Algorithm 4: a candidate is kept only if it is closer
/// to the new vector than to every neighbour already kept), which keeps
/// links between clusters.
///
/// One deviation from the paper: the layers above layer 0 (above the new
/// vector's level, while building) are searched with the full candidate
/// list (`ef_search`, `ef_construction`) instead of greedily (`ef = 1`), and
/// the whole list is passed down as entry points. On vectors whose clusters
/// lie in many unrelated directions (like the benchmark's, and like
/// sentence embeddings of many unrelated stories) a greedy descent often
/// ends far from the query's cluster; with the beam, at 300k vectors per
/// side, `M = 16`, `ef_construction = 40`, recall@8 rose from 0.71 to 0.93
/// at `ef_search = 32` and from 0.84 to 0.97 at 64, for about 40% more time.
///
/// The graph walk reads one vector per distance, at random, so on 10⁵
/// vectors and more it is bound by memory latency, not arithmetic. The
/// index therefore walks an `i8` copy of the vectors (symmetric per-vector
/// scale, largest component ↦ ±127; cosines within about 10⁻³), a quarter
/// of the bytes of `f32`, and re-scores the best `2k + 16` candidates of
/// every query with the exact `f32` dot product, so the reported cosines
/// are exact. It borrows the `f32` vectors and owns the codes and the
/// graph: about `n · (dim + 8M + 22)` bytes, 534 MB for 1M 384-d vectors
/// at `M = 16` ([`HnswIndex::memory_bytes`]).
///
/// # Deterministic parallel build
///
/// Vectors are inserted in index order, in batches that grow with the graph
/// (1 vector at first, at most 128). Within a batch every vector searches the
/// graph as it was before the batch (in parallel; the graph is read-only)
/// plus, by brute force, the earlier vectors of its own batch, and keeps the
/// `ef_construction` best of both; then its links are written and the
/// reverse links of the whole batch are merged, every overfull list
/// re-pruned with the same heuristic (in parallel, one list per task). Each
/// step is a function of the graph before it, so the graph (and every
/// search result) depends only on the inputs and [`HnswConfig`], not on the
/// number of threads or their timing. The `i8` dot products are exact
/// integer sums and the `f32` ones sum in a fixed order in every SIMD
/// variant, so results are the same on every x86-64 CPU as well.
///
/// # Measured
///
/// See [`CorpusSearch`](crate::CorpusSearch) for the speed, memory and
/// recall at 10k, 100k and 1M vectors per side, the crossover with the
/// exact search and the choice of the default settings.
#[derive(Clone)]
pub struct HnswIndex<'a> {
    data: &'a [f32],
    dim: usize,
    n: usize,
    config: HnswConfig,
    /// The vectors quantized to `i8` (`n × dim`), for the graph walk.
    codes: Vec<i8>,
    /// Scale of every vector's codes: `vector ≈ scale · code`.
    scales: Vec<f32>,
    /// Level of every vector.
    levels: Vec<u8>,
    /// Layer 0: `n` slots of `1 + 2m` words (count, then neighbours).
    base: Vec<u32>,
    /// Start in `upper` of the level-1 slot of every vector with a level
    /// above 0 (slots of `1 + m` words, one per level).
    upper_off: Vec<usize>,
    upper: Vec<u32>,
    /// Entry point (a vector of the highest level), if any vector.
    entry: Option<u32>,
    max_level: usize,
}

impl std::fmt::Debug for HnswIndex<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HnswIndex")
            .field("len", &self.n)
            .field("dim", &self.dim)
            .field("config", &self.config)
            .field("max_level", &self.max_level)
            .field("memory_bytes", &self.memory_bytes())
            .finish()
    }
}

/// A vector id with its similarity to the current query. Ordered by
/// similarity, then by *lower* id, so a max-heap pops the best, ties to the
/// lowest id.
#[derive(Debug, Clone, Copy)]
struct Hit {
    sim: f32,
    id: u32,
}

impl PartialEq for Hit {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Hit {}

impl Ord for Hit {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sim.total_cmp(&other.sim).then(other.id.cmp(&self.id))
    }
}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Per-thread search state, reused across searches.
#[derive(Default)]
struct Scratch {
    /// `visited[i] == epoch` when vector `i` was seen in this search (one
    /// byte per vector, so that it stays in cache; cleared every 255
    /// searches).
    visited: Vec<u8>,
    epoch: u8,
    candidates: BinaryHeap<Hit>,
    results: BinaryHeap<Reverse<Hit>>,
    pending: Vec<u32>,
}

impl Scratch {
    fn start(&mut self, n: usize) {
        if self.visited.len() < n {
            self.visited.resize(n, 0);
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.visited.fill(0);
            self.epoch = 1;
        }
        self.candidates.clear();
        self.results.clear();
    }

    /// Mark `id` visited; true when it was not yet.
    #[inline]
    fn visit(&mut self, id: u32) -> bool {
        let slot = &mut self.visited[id as usize];
        let fresh = *slot != self.epoch;
        *slot = self.epoch;
        fresh
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|s| f(&mut s.borrow_mut()))
}

/// The links one new vector gets, per level (`0..=level`).
type Plan = Vec<Vec<Hit>>;

impl<'a> HnswIndex<'a> {
    /// Build the index over `vectors` (row-major, `dim` values per vector,
    /// unit norm for cosine). Errors: zero `dim`, a length that is not a
    /// multiple of `dim`, a non-finite value, more than `u32::MAX − 1`
    /// vectors, or a setting out of range.
    pub fn build(vectors: &'a [f32], dim: usize, config: HnswConfig) -> Result<Self, AlignError> {
        config.validate()?;
        let n = rows_of("index", vectors, dim)?;
        let (m, m0) = (config.m, 2 * config.m);
        let levels = draw_levels(n, config.m, config.seed);
        let mut upper_off = vec![0usize; n];
        let mut upper_len = 0usize;
        for (off, &l) in upper_off.iter_mut().zip(&levels) {
            *off = upper_len;
            upper_len += l as usize * (1 + m);
        }
        let mut codes = vec![0i8; n * dim];
        let mut scales = vec![0.0f32; n];
        codes
            .par_chunks_mut(dim)
            .zip(scales.par_iter_mut())
            .zip(vectors.par_chunks(dim))
            .for_each(|((code, scale), v)| *scale = quantize(v, code));
        let mut index = Self {
            data: vectors,
            dim,
            n,
            config,
            codes,
            scales,
            levels,
            base: vec![0; n * (1 + m0)],
            upper_off,
            upper: vec![0; upper_len],
            entry: None,
            max_level: 0,
        };
        if n == 0 {
            return Ok(index);
        }
        index.entry = Some(0);
        index.max_level = index.levels[0] as usize;
        let mut start = 1;
        while start < n {
            let end = n.min(start + (start / 32).clamp(1, MAX_BATCH));
            index.insert_batch(start, end);
            start = end;
        }
        Ok(index)
    }

    /// Number of vectors indexed.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when the index holds no vector.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Dimension of the vectors.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The settings the index was built with.
    pub fn config(&self) -> &HnswConfig {
        &self.config
    }

    /// Bytes the index owns (graph, `i8` codes, scales), excluding the
    /// borrowed vectors: about `n · (dim + 8·M + 22)` bytes for `dim`-d vectors.
    pub fn memory_bytes(&self) -> usize {
        4 * (self.base.len() + self.upper.len() + self.scales.len())
            + self.levels.len()
            + self.codes.len()
            + std::mem::size_of::<usize>() * self.upper_off.len()
    }

    /// The (up to) `k` vectors most similar to `query` by dot product, as
    /// `(id, similarity)`, best first, ties to the lowest id, searching
    /// with a candidate list of `max(ef, k)`. Approximate: a true neighbour
    /// can be missed. Errors: `k == 0`, or a query of another dimension or
    /// with a non-finite value.
    pub fn search(
        &self,
        query: &[f32],
        k: usize,
        ef: usize,
    ) -> Result<Vec<(u32, f32)>, AlignError> {
        if k == 0 {
            return Err(AlignError::ZeroK);
        }
        if query.len() != self.dim {
            return Err(AlignError::DimMismatch {
                doc_a: "index".to_owned(),
                dim_a: self.dim,
                doc_b: "query".to_owned(),
                dim_b: query.len(),
            });
        }
        check_matrix("query", query, 1, self.dim)?;
        Ok(self.knn(query, k, ef))
    }

    /// [`search`](Self::search) for each of the `rows` vectors of `queries`
    /// (row-major, `rows × dim`), in parallel, as a [`TopK`] of
    /// `min(k, len())` entries per row: the output of
    /// [`BlockedTopK::search`](crate::BlockedTopK::search) with `a = queries`
    /// and `b` the indexed vectors, approximately. A row for which the
    /// graph yields fewer entries is padded with `(u32::MAX, −∞)`.
    pub fn search_topk(
        &self,
        queries: &[f32],
        rows: usize,
        k: usize,
        ef: usize,
    ) -> Result<TopK, AlignError> {
        if k == 0 {
            return Err(AlignError::ZeroK);
        }
        check_matrix("query", queries, rows, self.dim)?;
        let kk = k.min(self.n);
        let mut out = TopK::empty(rows, kk);
        if kk == 0 {
            return Ok(out);
        }
        out.entries
            .par_chunks_mut(kk)
            .zip(queries.par_chunks(self.dim))
            .for_each(|(list, q)| {
                for (slot, hit) in list.iter_mut().zip(self.knn(q, kk, ef)) {
                    *slot = hit;
                }
            });
        Ok(out)
    }

    fn knn(&self, query: &[f32], k: usize, ef: usize) -> Vec<(u32, f32)> {
        let Some(entry) = self.entry else {
            return Vec::new();
        };
        let mut code = vec![0i8; self.dim];
        let scale = quantize(query, &mut code);
        let q = Query { code: &code, scale };
        let ef = ef.max(k);
        let mut entries = vec![Hit {
            sim: self.sim(&q, entry),
            id: entry,
        }];
        // Every layer with the full candidate list (see the module docs).
        for level in (0..=self.max_level).rev() {
            entries = with_scratch(|s| self.search_layer(&q, &entries, ef, level, s));
        }
        let mut found = entries;
        // Exact cosines for the best of the quantized candidates.
        found.truncate(rerank_len(k));
        for h in &mut found {
            h.sim = dot(query, self.vector(h.id));
        }
        found.sort_unstable_by(|x, y| y.cmp(x));
        found.into_iter().take(k).map(|h| (h.id, h.sim)).collect()
    }

    #[inline]
    fn vector(&self, id: u32) -> &[f32] {
        let i = id as usize * self.dim;
        &self.data[i..i + self.dim]
    }

    #[inline]
    fn code(&self, id: u32) -> &[i8] {
        let i = id as usize * self.dim;
        &self.codes[i..i + self.dim]
    }

    /// The quantized form of indexed vector `id`, as a query.
    #[inline]
    fn query_of(&self, id: u32) -> Query<'_> {
        Query {
            code: self.code(id),
            scale: self.scales[id as usize],
        }
    }

    /// Approximate similarity of `q` and indexed vector `id`.
    #[inline]
    fn sim(&self, q: &Query<'_>, id: u32) -> f32 {
        q.scale * self.scales[id as usize] * dot_i8(q.code, self.code(id)) as f32
    }

    /// The slot (count, then neighbours) of `id` at `level`.
    #[inline]
    fn slot(&self, id: u32, level: usize) -> &[u32] {
        if level == 0 {
            let w = 1 + 2 * self.config.m;
            &self.base[id as usize * w..(id as usize + 1) * w]
        } else {
            let w = 1 + self.config.m;
            let o = self.upper_off[id as usize] + (level - 1) * w;
            &self.upper[o..o + w]
        }
    }

    fn slot_mut(&mut self, id: u32, level: usize) -> &mut [u32] {
        if level == 0 {
            let w = 1 + 2 * self.config.m;
            &mut self.base[id as usize * w..(id as usize + 1) * w]
        } else {
            let w = 1 + self.config.m;
            let o = self.upper_off[id as usize] + (level - 1) * w;
            &mut self.upper[o..o + w]
        }
    }

    #[inline]
    fn links(&self, id: u32, level: usize) -> &[u32] {
        let s = self.slot(id, level);
        &s[1..1 + s[0] as usize]
    }

    /// Replace the links of `id` at `level` (at most the slot's capacity).
    fn set_links(&mut self, id: u32, level: usize, ids: impl Iterator<Item = u32>) {
        let s = self.slot_mut(id, level);
        let mut count = 0;
        for (d, v) in s[1..].iter_mut().zip(ids) {
            *d = v;
            count += 1;
        }
        s[0] = count;
    }

    /// The paper's Algorithm 2: best-first search at `level` from `entries`
    /// keeping the `ef` best; returns them best first.
    fn search_layer(
        &self,
        q: &Query<'_>,
        entries: &[Hit],
        ef: usize,
        level: usize,
        s: &mut Scratch,
    ) -> Vec<Hit> {
        s.start(self.n);
        for &e in entries {
            if s.visit(e.id) {
                s.candidates.push(e);
                s.results.push(Reverse(e));
            }
        }
        while s.results.len() > ef {
            s.results.pop();
        }
        while let Some(c) = s.candidates.pop() {
            let worst = s.results.peek().map_or(f32::NEG_INFINITY, |r| r.0.sim);
            if c.sim < worst && s.results.len() >= ef {
                break;
            }
            s.pending.clear();
            for &nb in self.links(c.id, level) {
                if s.visit(nb) {
                    prefetch(self.code(nb).as_ptr());
                    s.pending.push(nb);
                }
            }
            for i in 0..s.pending.len() {
                let nb = s.pending[i];
                if let Some(&next) = s.pending.get(i + 1) {
                    prefetch_all(self.code(next));
                }
                let hit = Hit {
                    sim: self.sim(q, nb),
                    id: nb,
                };
                let full = s.results.len() >= ef;
                if !full || s.results.peek().is_some_and(|r| hit > r.0) {
                    s.candidates.push(hit);
                    s.results.push(Reverse(hit));
                    if full {
                        s.results.pop();
                    }
                }
            }
            // The next vector to expand: start loading its links.
            if let Some(next) = s.candidates.peek() {
                prefetch(self.slot(next.id, level).as_ptr());
            }
        }
        let mut out: Vec<Hit> = s.results.drain().map(|r| r.0).collect();
        out.sort_unstable_by(|x, y| y.cmp(x));
        out
    }

    /// The paper's Algorithm 4 (without extending or keeping pruned
    /// candidates): walk `cands` (sorted best first) and keep a candidate
    /// only if it is more similar to the base vector than to every one kept,
    /// up to `max` of them.
    fn select(&self, cands: &[Hit], max: usize) -> Vec<Hit> {
        let mut kept: Vec<Hit> = Vec::with_capacity(max);
        for &c in cands {
            if kept.len() >= max {
                break;
            }
            let v = self.query_of(c.id);
            if kept.iter().all(|k| self.sim(&v, k.id) <= c.sim) {
                kept.push(c);
            }
        }
        kept
    }

    /// Links for vector `q` (not yet in the graph), inserted with the batch
    /// starting at `start`: search the graph of vectors `< start`, plus the
    /// earlier vectors of the batch by brute force.
    fn plan(&self, q: u32, start: usize) -> Plan {
        let v = self.query_of(q);
        let lq = self.levels[q as usize] as usize;
        let batch: Vec<Hit> = (start as u32..q)
            .map(|p| Hit {
                sim: self.sim(&v, p),
                id: p,
            })
            .collect();
        let mut plan: Plan = vec![Vec::new(); lq + 1];
        let Some(entry) = self.entry else {
            return plan;
        };
        let ef = self.config.ef_construction;
        let mut entries = vec![Hit {
            sim: self.sim(&v, entry),
            id: entry,
        }];
        // The layers above the new vector's level are searched with the
        // full candidate list too, not greedily (see the module docs).
        for level in (lq + 1..=self.max_level).rev() {
            entries = with_scratch(|s| self.search_layer(&v, &entries, ef, level, s));
        }
        for level in (0..=lq).rev() {
            let mut cands = if level <= self.max_level {
                let found = with_scratch(|s| self.search_layer(&v, &entries, ef, level, s));
                entries.clone_from(&found);
                found
            } else {
                Vec::new()
            };
            cands.extend(
                batch
                    .iter()
                    .filter(|h| self.levels[h.id as usize] as usize >= level),
            );
            cands.sort_unstable_by(|x, y| y.cmp(x));
            // As if the batch had been inserted one by one: the best
            // ef_construction candidates, graph and batch together.
            cands.truncate(ef);
            plan[level] = self.select(&cands, self.config.m);
        }
        plan
    }

    /// Insert vectors `start..end` (see the module documentation).
    fn insert_batch(&mut self, start: usize, end: usize) {
        let plans: Vec<Plan> = {
            let this = &*self;
            (start..end)
                .into_par_iter()
                .map(|q| this.plan(q as u32, start))
                .collect()
        };
        // Reverse links: (level, target, new vector, similarity).
        let mut back: Vec<(u8, u32, u32, f32)> = Vec::new();
        for (q, plan) in (start as u32..).zip(&plans) {
            for (level, hits) in plan.iter().enumerate() {
                self.set_links(q, level, hits.iter().map(|h| h.id));
                back.extend(hits.iter().map(|h| (level as u8, h.id, q, h.sim)));
            }
        }
        back.sort_unstable_by_key(|&(l, e, q, _)| (l, e, q));
        let groups: Vec<&[(u8, u32, u32, f32)]> =
            back.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)).collect();
        let updates: Vec<(u32, usize, Vec<u32>)> = {
            let this = &*self;
            groups
                .par_iter()
                .map(|g| {
                    let (level, e) = (g[0].0 as usize, g[0].1);
                    (e, level, this.merge_links(e, level, g))
                })
                .collect()
        };
        for (e, level, ids) in updates {
            self.set_links(e, level, ids.into_iter());
        }
        for q in start..end {
            let l = self.levels[q] as usize;
            if l > self.max_level {
                self.max_level = l;
                self.entry = Some(q as u32);
            }
        }
    }

    /// The links of `e` at `level` after adding the new vectors of `incoming`
    /// (re-pruned with the heuristic when they overflow).
    fn merge_links(&self, e: u32, level: usize, incoming: &[(u8, u32, u32, f32)]) -> Vec<u32> {
        let cap = if level == 0 {
            2 * self.config.m
        } else {
            self.config.m
        };
        let cur = self.links(e, level);
        if cur.len() + incoming.len() <= cap {
            return cur
                .iter()
                .copied()
                .chain(incoming.iter().map(|x| x.2))
                .collect();
        }
        let v = self.query_of(e);
        let mut cands: Vec<Hit> = cur
            .iter()
            .map(|&id| Hit {
                sim: self.sim(&v, id),
                id,
            })
            .chain(incoming.iter().map(|x| Hit { sim: x.3, id: x.2 }))
            .collect();
        cands.sort_unstable_by(|x, y| y.cmp(x));
        self.select(&cands, cap).into_iter().map(|h| h.id).collect()
    }
}

/// A query in quantized form.
struct Query<'q> {
    code: &'q [i8],
    scale: f32,
}

/// Candidates re-scored with exact `f32` cosines at the end of a query: the
/// quantized similarities are within about 10⁻³ of the exact ones, so the
/// true `k` best are among the `2k + 16` best quantized ones.
fn rerank_len(k: usize) -> usize {
    k.saturating_mul(2).saturating_add(16)
}

/// Symmetric `i8` quantization of `v` into `code` (`v ≈ scale · code`, the
/// largest component ↦ ±127); returns the scale.
fn quantize(v: &[f32], code: &mut [i8]) -> f32 {
    let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if max == 0.0 {
        code.fill(0);
        return 0.0;
    }
    let inv = 127.0 / max;
    for (c, x) in code.iter_mut().zip(v) {
        *c = (x * inv).round() as i8;
    }
    max / 127.0
}

/// Number of `dim`-vectors in `data`, with the index's input checks.
fn rows_of(label: &str, data: &[f32], dim: usize) -> Result<usize, AlignError> {
    if dim == 0 {
        return Err(AlignError::ZeroDim {
            doc_id: label.to_owned(),
        });
    }
    if !data.len().is_multiple_of(dim) {
        return Err(AlignError::Ragged {
            doc_id: label.to_owned(),
            len: data.len(),
            dim,
        });
    }
    let n = data.len() / dim;
    if n >= EMPTY as usize {
        return Err(AlignError::TooManyVectors {
            doc_id: label.to_owned(),
            count: n,
            max: EMPTY as usize - 1,
        });
    }
    check_matrix(label, data, n, dim)?;
    Ok(n)
}

/// Levels `⌊−ln U / ln m⌋` (capped) from a splitmix64 stream seeded by `seed`.
fn draw_levels(n: usize, m: usize, seed: u64) -> Vec<u8> {
    let ml = 1.0 / (m as f64).ln();
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            // U in (0, 1].
            let u = ((z >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
            ((-u.ln() * ml).floor() as usize).min(MAX_LEVEL) as u8
        })
        .collect()
}

/// The k-NN lists of both directions for margin mining, by HNSW: every row
/// of `a` (`n × dim`) searched in an index over `b` (`m × dim`), and every
/// row of `b` in an index over `a`, `k` entries per row and
/// `max(config.ef_search, k)` candidates. The shape of
/// [`BlockedTopK::search_both`](crate::BlockedTopK::search_both), with
/// approximate lists. The two indexes are built concurrently.
pub fn hnsw_search_both(
    config: &HnswConfig,
    k: usize,
    a: &[f32],
    n: usize,
    b: &[f32],
    m: usize,
    dim: usize,
) -> Result<(TopK, TopK), AlignError> {
    config.validate()?;
    if k == 0 {
        return Err(AlignError::ZeroK);
    }
    check_matrix("a", a, n, dim)?;
    check_matrix("b", b, m, dim)?;
    if n == 0 || m == 0 || dim == 0 {
        let rows = TopK::empty(n, k.min(m));
        let cols = TopK::empty(m, k.min(n));
        return Ok((rows, cols));
    }
    let (ia, ib) = rayon::join(
        || HnswIndex::build(a, dim, *config),
        || HnswIndex::build(b, dim, *config),
    );
    let (ia, ib) = (ia?, ib?);
    let rows = ib.search_topk(a, n, k, config.ef_search)?;
    let cols = ia.search_topk(b, m, k, config.ef_search)?;
    Ok((rows, cols))
}

/// Hint the CPU to load all of `v`.
#[inline(always)]
fn prefetch_all<T>(v: &[T]) {
    let bytes = std::mem::size_of_val(v);
    let p = v.as_ptr().cast::<u8>();
    for off in (0..bytes).step_by(64) {
        prefetch(p.wrapping_add(off));
    }
}

/// Hint the CPU to start loading the cache line at `p`.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is only a hint: it never faults, whatever the
        // address (callers pass addresses inside a live slice anyway).
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Dot product, summed in a fixed order (64 lanes, then a fixed reduction)
/// so that every SIMD variant gives the same bits.
#[inline(always)]
fn dot_impl(a: &[f32], b: &[f32]) -> f32 {
    const W: usize = 64;
    let len = a.len().min(b.len());
    let (a, b) = (&a[..len], &b[..len]);
    let (ca, ra) = a.as_chunks::<W>();
    let (cb, rb) = b.as_chunks::<W>();
    let mut acc = [0.0f32; W];
    for (x, y) in ca.iter().zip(cb) {
        for l in 0..W {
            acc[l] += x[l] * y[l];
        }
    }
    for (l, (x, y)) in ra.iter().zip(rb).enumerate() {
        acc[l] += x * y;
    }
    let mut w = W;
    while w > 1 {
        w /= 2;
        for l in 0..w {
            acc[l] += acc[l + w];
        }
    }
    acc[0]
}

/// Integer dot product of two codes (exact: at most `dim · 127²`, which
/// fits `i32` for any `dim` below 133,000, and the order of an integer sum
/// does not matter).
#[inline(always)]
fn dot_i8_impl(a: &[i8], b: &[i8]) -> i32 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| i32::from(x) * i32::from(y))
        .sum()
}

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
            {
                return Simd::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                return Simd::Avx2;
            }
        }
        Simd::Base
    })
}

/// [`dot_i8_impl`] compiled for the widest vector unit of this CPU.
#[inline]
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx512bw,avx2")]
        unsafe fn v4(a: &[i8], b: &[i8]) -> i32 {
            dot_i8_impl(a, b)
        }
        #[target_feature(enable = "avx2")]
        unsafe fn v3(a: &[i8], b: &[i8]) -> i32 {
            dot_i8_impl(a, b)
        }
        match simd() {
            // SAFETY: simd() reports only features detected at run time.
            Simd::Avx512 => return unsafe { v4(a, b) },
            // SAFETY: as above.
            Simd::Avx2 => return unsafe { v3(a, b) },
            Simd::Base => {}
        }
    }
    dot_i8_impl(a, b)
}

/// [`dot_impl`] compiled for the widest vector unit of this CPU. No FMA:
/// fused and unfused sums would differ in the last bit.
#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx2")]
        unsafe fn v4(a: &[f32], b: &[f32]) -> f32 {
            dot_impl(a, b)
        }
        #[target_feature(enable = "avx2")]
        unsafe fn v3(a: &[f32], b: &[f32]) -> f32 {
            dot_impl(a, b)
        }
        match simd() {
            // SAFETY: simd() reports only features detected at run time.
            Simd::Avx512 => return unsafe { v4(a, b) },
            // SAFETY: as above.
            Simd::Avx2 => return unsafe { v3(a, b) },
            Simd::Base => {}
        }
    }
    dot_impl(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// splitmix64 → uniform in [-1, 1).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> f32 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            ((z >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        }
    }

    /// `n` unit vectors around `n / 8` random centres.
    fn clustered(n: usize, dim: usize, seed: u64) -> Vec<f32> {
        let mut rng = Rng(seed);
        let centres: Vec<f32> = (0..(n / 8).max(1) * dim).map(|_| rng.next()).collect();
        let mut out = Vec::with_capacity(n * dim);
        for i in 0..n {
            let c = (i * 5) % (n / 8).max(1);
            let mut v: Vec<f32> = (0..dim)
                .map(|d| centres[c * dim + d] + 0.4 * rng.next())
                .collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter_mut().for_each(|x| *x /= norm);
            out.extend(v);
        }
        out
    }

    fn brute(data: &[f32], dim: usize, q: &[f32], k: usize) -> Vec<u32> {
        let mut all: Vec<Hit> = data
            .chunks(dim)
            .enumerate()
            .map(|(i, v)| Hit {
                sim: dot(q, v),
                id: i as u32,
            })
            .collect();
        all.sort_unstable_by(|x, y| y.cmp(x));
        all.iter().take(k).map(|h| h.id).collect()
    }

    #[test]
    fn dot_matches_a_plain_sum() {
        for len in [0, 1, 3, 63, 64, 65, 130, 384] {
            let a: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..len).map(|i| (i as f32 * 0.11).cos()).collect();
            let want: f64 = a.iter().zip(&b).map(|(x, y)| f64::from(x * y)).sum();
            assert!((f64::from(dot(&a, &b)) - want).abs() < 1e-4, "len {len}");
            assert_eq!(dot(&a, &b).to_bits(), dot_impl(&a, &b).to_bits());
        }
    }

    #[test]
    fn quantized_similarities_are_close() {
        let (n, dim) = (200, 384);
        let data = clustered(n, dim, 21);
        let index = HnswIndex::build(&data, dim, HnswConfig::default()).unwrap();
        let mut worst = 0.0f32;
        for i in 0..n as u32 {
            for j in (0..n as u32).step_by(13) {
                let exact = dot(index.vector(i), index.vector(j));
                let approx = index.sim(&index.query_of(i), j);
                worst = worst.max((exact - approx).abs());
            }
        }
        assert!(worst < 3e-3, "{worst}");
        let mut code = [5i8; 3];
        assert_eq!(quantize(&[0.0, 0.0, 0.0], &mut code), 0.0);
        assert_eq!(code, [0, 0, 0]);
        assert!((quantize(&[0.5, -1.0, 0.25], &mut code) - 1.0 / 127.0).abs() < 1e-9);
        assert_eq!(code, [64, -127, 32]);
    }

    #[test]
    fn tiny_hand_made_index() {
        // Four directions in the plane and their opposites.
        let s = std::f32::consts::FRAC_1_SQRT_2;
        let v = [
            1.0, 0.0, s, s, 0.0, 1.0, -s, s, -1.0, 0.0, -s, -s, 0.0, -1.0, s, -s,
        ];
        let config = HnswConfig {
            m: 2,
            ..HnswConfig::default()
        };
        let index = HnswIndex::build(&v, 2, config).unwrap();
        assert_eq!(index.len(), 8);
        let got = index.search(&[1.0, 0.0], 3, 8).unwrap();
        let ids: Vec<u32> = got.iter().map(|h| h.0).collect();
        // 1 and 7 are equally close: the lower id first.
        assert_eq!(ids, [0, 1, 7]);
        assert!((got[0].1 - 1.0).abs() < 1e-6);
        assert!((got[1].1 - s).abs() < 1e-6);
        // k larger than the index: everything, best first.
        let all = index.search(&[0.0, 1.0], 20, 1).unwrap();
        assert_eq!(all.len(), 8);
        assert_eq!(all[0].0, 2);
        assert_eq!(all[7].0, 6);
    }

    #[test]
    fn recall_is_one_with_a_large_ef() {
        let (n, dim, k) = (600, 24, 10);
        let data = clustered(n, dim, 3);
        let config = HnswConfig {
            m: 6,
            ef_construction: 40,
            ..HnswConfig::default()
        };
        let index = HnswIndex::build(&data, dim, config).unwrap();
        // Queries near (but not at) indexed vectors, as in mining.
        let mut rng = Rng(99);
        let mut queries = Vec::new();
        for i in 0..50 {
            let row = &data[i * 11 * dim..(i * 11 + 1) * dim];
            let mut v: Vec<f32> = row.iter().map(|x| x + 0.2 * rng.next()).collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter_mut().for_each(|x| *x /= norm);
            queries.extend(v);
        }
        let lists = index.search_topk(&queries, 50, k, n).unwrap();
        for (i, q) in queries.chunks(dim).enumerate() {
            let got: Vec<u32> = lists.row(i).iter().map(|e| e.0).collect();
            assert_eq!(got, brute(&data, dim, q, k), "query {i}");
        }
        // A modest ef already finds nearly everything.
        let lists = index.search_topk(&queries, 50, k, 32).unwrap();
        let hits: usize = queries
            .chunks(dim)
            .enumerate()
            .map(|(i, q)| {
                let want = brute(&data, dim, q, k);
                lists.row(i).iter().filter(|e| want.contains(&e.0)).count()
            })
            .sum();
        assert!(hits as f64 / (50 * k) as f64 > 0.9, "{hits}");
    }

    #[test]
    fn same_seed_same_graph_whatever_the_threads() {
        let (n, dim) = (1500, 16);
        let data = clustered(n, dim, 5);
        let config = HnswConfig {
            m: 8,
            ef_construction: 30,
            ..HnswConfig::default()
        };
        let build = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| HnswIndex::build(&data, dim, config).unwrap())
        };
        let (one, four) = (build(1), build(4));
        assert_eq!(one.levels, four.levels);
        assert_eq!(one.base, four.base);
        assert_eq!(one.upper, four.upper);
        assert_eq!(one.entry, four.entry);
        assert_eq!(
            one.search_topk(&data[..40 * dim], 40, 5, 20).unwrap(),
            four.search_topk(&data[..40 * dim], 40, 5, 20).unwrap()
        );
        let other = HnswIndex::build(&data, dim, HnswConfig { seed: 1, ..config }).unwrap();
        assert_ne!(one.levels, other.levels);
        // Every vector is reachable: it finds itself.
        for i in (0..n).step_by(7) {
            let q = &data[i * dim..(i + 1) * dim];
            assert_eq!(one.search(q, 1, 16).unwrap()[0].0, i as u32, "vector {i}");
        }
    }

    #[test]
    fn errors_and_empty_inputs() {
        let c = HnswConfig::default();
        let empty = HnswIndex::build(&[], 3, c).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.search(&[1.0, 0.0, 0.0], 4, 10).unwrap(), []);
        let lists = empty.search_topk(&[1.0, 0.0, 0.0], 1, 4, 10).unwrap();
        assert_eq!((lists.rows, lists.k), (1, 0));
        let index = HnswIndex::build(&[1.0, 0.0, 0.0, 1.0], 2, c).unwrap();
        assert!(matches!(
            index.search(&[1.0, 0.0, 0.0], 1, 10),
            Err(AlignError::DimMismatch {
                dim_a: 2,
                dim_b: 3,
                ..
            })
        ));
        assert!(matches!(
            index.search_topk(&[1.0, 0.0, 0.0], 1, 1, 10),
            Err(AlignError::Shape { .. })
        ));
        assert!(matches!(
            index.search(&[1.0, 0.0], 0, 10),
            Err(AlignError::ZeroK)
        ));
        assert!(matches!(
            index.search(&[f32::NAN, 0.0], 1, 10),
            Err(AlignError::NonFinite { .. })
        ));
        assert!(matches!(
            HnswIndex::build(&[1.0, 0.0, 0.0], 2, c),
            Err(AlignError::Ragged { len: 3, dim: 2, .. })
        ));
        assert!(matches!(
            HnswIndex::build(&[], 0, c),
            Err(AlignError::ZeroDim { .. })
        ));
        assert!(matches!(
            HnswIndex::build(&[1.0, f32::INFINITY], 1, c),
            Err(AlignError::NonFinite { row: 1, .. })
        ));
        assert!(matches!(
            HnswIndex::build(&[1.0], 1, HnswConfig { m: 1, ..c }),
            Err(AlignError::HnswConfig { field: "m", .. })
        ));
        let (rows, cols) = hnsw_search_both(&c, 3, &[1.0, 0.0], 1, &[], 0, 2).unwrap();
        assert_eq!((rows.rows, rows.k, cols.rows), (1, 0, 0));
        assert!(matches!(
            hnsw_search_both(&c, 3, &[1.0, 0.0], 1, &[1.0], 1, 2),
            Err(AlignError::Shape { .. })
        ));
    }

    #[test]
    fn both_directions_match_the_exact_lists() {
        let (n, m, dim, k) = (300, 250, 16, 5);
        let a = clustered(n, dim, 11);
        let b = clustered(m, dim, 12);
        let config = HnswConfig {
            m: 8,
            ef_construction: 60,
            ef_search: 300,
            ..HnswConfig::default()
        };
        let (rows, cols) = hnsw_search_both(&config, k, &a, n, &b, m, dim).unwrap();
        let exact = crate::BlockedTopK {
            k,
            ..Default::default()
        };
        let (er, ec) = exact.search_both(&a, n, &b, m, dim).unwrap();
        for (got, want) in [(rows, er), (cols, ec)] {
            assert_eq!((got.rows, got.k), (want.rows, want.k));
            for (g, w) in got.entries.iter().zip(&want.entries) {
                assert_eq!(g.0, w.0);
                assert!((g.1 - w.1).abs() < 1e-5);
            }
        }
    }
}
