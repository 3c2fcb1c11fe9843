use super::*;
use candle_core::Device;
use concord_core::{AlignMethod, AlignmentId, DocId, SentenceId};

#[test]
fn default_config_is_the_calibrated_one() {
    let c = AlignConfig::default();
    assert_eq!(c.k, DEFAULT_K);
    assert_eq!(c.margin_threshold, DEFAULT_MARGIN_THRESHOLD);
    assert_eq!(c.size_penalty, DEFAULT_SIZE_PENALTY);
    assert_eq!(c.min_cosine, DEFAULT_MIN_COSINE);
    assert_eq!(c.anchor_weight, DEFAULT_ANCHOR_WEIGHT);
    assert_eq!(c.selection, Selection::Competitive);
    let json = serde_json::to_value(c).unwrap();
    assert_eq!(json["selection"], "competitive");
}

fn ids(prefix: &str, n: usize) -> Vec<SentenceId> {
    (0..n)
        .map(|i| SentenceId::from_string(format!("{prefix}{i}")))
        .collect()
}

/// Rows `e_i` of the `n × n` identity.
fn eye(n: usize) -> Vec<f32> {
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    v
}

fn permissive() -> AlignConfig {
    AlignConfig {
        k: 4,
        margin_threshold: f32::NEG_INFINITY,
        min_cosine: f32::NEG_INFINITY,
        anchor_weight: 0.0,
        selection: Selection::Mutual,
        size_penalty: 0.0,
    }
}

/// The pre-calibration configuration these tests were written for: k = 4,
/// mutual best, margin >= 1.06, cosine >= 0.80.
fn k4() -> AlignConfig {
    AlignConfig {
        k: 4,
        margin_threshold: 1.06,
        min_cosine: 0.80,
        anchor_weight: 0.0,
        selection: Selection::Mutual,
        size_penalty: 0.0,
    }
}

fn index_pairs(pairs: &[MinedPair]) -> Vec<(usize, usize)> {
    pairs.iter().map(|p| (p.a, p.b)).collect()
}

#[test]
fn identity_vectors_align_on_the_diagonal() {
    let miner = MarginMiner::new(k4());
    let v = eye(5);
    let pairs = miner.mine_pairs(&v, 5, &v, 5, 5).unwrap();
    assert_eq!(
        index_pairs(&pairs),
        (0..5).map(|i| (i, i)).collect::<Vec<_>>()
    );
    for p in &pairs {
        assert_eq!(p.cosine, 1.0);
        // k = 4: fwd = bwd = (1 + 0 + 0 + 0) / 4, so the margin is 4.
        assert!((p.margin - 4.0).abs() < 1e-6, "{p:?}");
    }
}

#[test]
fn mine_builds_alignment_records_in_given_doc_order() {
    let (da, db) = (DocId::from_string("da"), DocId::from_string("db"));
    let (sa, sb) = (ids("a", 3), ids("b", 3));
    let va = eye(3);
    // b is a permutation of a: b0 = e2, b1 = e0, b2 = e1.
    let vb = [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
    let a = DocVectors {
        doc_id: &da,
        sentence_ids: &sa,
        vectors: &va,
        dim: 3,
    };
    let b = DocVectors {
        doc_id: &db,
        sentence_ids: &sb,
        vectors: &vb,
        dim: 3,
    };
    let miner = MarginMiner::with_device(k4(), Device::Cpu);
    let got = miner.mine(&a, &b).unwrap();
    let expected = [(0, 1), (1, 2), (2, 0)];
    assert_eq!(got.len(), expected.len());
    for (al, &(i, j)) in got.iter().zip(&expected) {
        assert_eq!(al.doc_a, da);
        assert_eq!(al.doc_b, db);
        assert_eq!(al.sentence_a.as_ref(), Some(&sa[i]));
        assert_eq!(al.sentence_b.as_ref(), Some(&sb[j]));
        assert_eq!(al.method, AlignMethod::MarginMnn);
        assert_eq!(
            al.id,
            AlignmentId::from_parts([sa[i].as_str(), sb[j].as_str(), "margin_mnn"])
        );
        assert!((al.margin - 3.0).abs() < 1e-5);
    }
    // Swapping the arguments swaps the sides.
    let back = miner.mine(&b, &a).unwrap();
    assert_eq!(back.len(), 3);
    assert!(back.iter().all(|al| al.doc_a == db && al.doc_b == da));
    assert_eq!(back[0].sentence_a.as_ref(), Some(&sb[0]));
    assert_eq!(back[0].sentence_b.as_ref(), Some(&sa[2]));
}

/// a_i = 0.9·u + sqrt(0.19)·v_i (u, v_i orthonormal): every a shares a topic
/// direction. b_1..b_3 copy a_1..a_3; the hub b = u has cosine 0.9 with every
/// a, and a_0 has no partner, so the hub is a_0's cosine nearest neighbour.
fn hub_example() -> (Vec<f32>, Vec<f32>) {
    let dim = 5;
    let beta = 0.19f32.sqrt();
    let mut a = vec![0.0; 4 * dim];
    for i in 0..4 {
        a[i * dim] = 0.9;
        a[i * dim + 1 + i] = beta;
    }
    let mut b = a[dim..].to_vec();
    b.extend([1.0, 0.0, 0.0, 0.0, 0.0]);
    (a, b)
}

#[test]
fn hub_close_to_everything_is_not_mined() {
    let (a, b) = hub_example();
    let miner = MarginMiner::new(k4());
    let pairs = miner.mine_pairs(&a, 4, &b, 4, 5).unwrap();
    // Only the true translations survive; a_0 ↔ hub (b index 3) does not.
    assert_eq!(index_pairs(&pairs), [(1, 0), (2, 1), (3, 2)]);
    for p in &pairs {
        assert!(p.margin > 1.1, "{p:?}");
    }

    // The hub pair passes the cosine floor and is mutual-best; only its
    // margin (8 / (3·0.9 + 5) ≈ 1.039 < 1.06) removes it.
    let all = MarginMiner::new(permissive())
        .mine_pairs(&a, 4, &b, 4, 5)
        .unwrap();
    let hub = all.iter().find(|p| p.a == 0).unwrap();
    assert_eq!(hub.b, 3);
    assert!(hub.cosine >= k4().min_cosine);
    assert!((hub.margin - 8.0 / 7.7).abs() < 1e-4, "{hub:?}");
}

#[test]
fn empty_documents_give_no_pairs() {
    let miner = MarginMiner::new(permissive());
    let v = eye(3);
    assert!(miner.mine_pairs(&[], 0, &v, 3, 3).unwrap().is_empty());
    assert!(miner.mine_pairs(&v, 3, &[], 0, 3).unwrap().is_empty());
    assert!(miner.mine_pairs(&[], 0, &[], 0, 3).unwrap().is_empty());
    // Zero-dimensional vectors: every similarity is 0, no margin is defined.
    assert!(miner.mine_pairs(&[], 3, &[], 2, 0).unwrap().is_empty());
}

#[test]
fn k_larger_than_available_uses_what_is_there() {
    let config = AlignConfig {
        k: 10,
        ..permissive()
    };
    let a = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
    let b = eye(3);
    let pairs = MarginMiner::new(config)
        .mine_pairs(&a, 2, &b, 3, 3)
        .unwrap();
    assert_eq!(index_pairs(&pairs), [(0, 0), (1, 1)]);
    // fwd = mean of the 3 row values = 1/3; bwd = mean of the 2 column values = 1/2.
    let expected = 1.0 / ((1.0 / 3.0 + 0.5) / 2.0);
    for p in &pairs {
        assert!((p.margin - expected).abs() < 1e-5, "{p:?}");
    }
}

#[test]
fn non_positive_denominators_are_skipped() {
    let miner = MarginMiner::new(permissive());
    // Opposite vectors: cos = fwd = bwd = -1.
    assert!(miner
        .mine_pairs(&[1.0, 0.0], 1, &[-1.0, 0.0], 1, 2)
        .unwrap()
        .is_empty());
    // Orthogonal vectors: cos = fwd = bwd = 0.
    assert!(miner
        .mine_pairs(&[1.0, 0.0], 1, &[0.0, 1.0], 1, 2)
        .unwrap()
        .is_empty());
}

#[test]
fn ties_go_to_the_lowest_index() {
    let miner = MarginMiner::new(permissive());
    // Two identical sentences in a, one in b: a_0 wins the column.
    let pairs = miner
        .mine_pairs(&[1.0, 0.0, 1.0, 0.0], 2, &[1.0, 0.0], 1, 2)
        .unwrap();
    assert_eq!(index_pairs(&pairs), [(0, 0)]);
    // And symmetrically in a row.
    let pairs = miner
        .mine_pairs(&[1.0, 0.0], 1, &[1.0, 0.0, 1.0, 0.0], 2, 2)
        .unwrap();
    assert_eq!(index_pairs(&pairs), [(0, 0)]);
}

#[test]
fn results_are_deterministic() {
    let (a, b) = hub_example();
    let miner = MarginMiner::new(permissive());
    let first = miner.mine_pairs(&a, 4, &b, 4, 5).unwrap();
    for _ in 0..5 {
        assert_eq!(miner.mine_pairs(&a, 4, &b, 4, 5).unwrap(), first);
    }
}

#[test]
fn shape_mismatch_is_reported() {
    let d = DocId::from_string("dbad");
    let s = ids("s", 2);
    let v = [1.0, 0.0, 0.0]; // 2 sentences × 2 dims need 4 values
    let bad = DocVectors {
        doc_id: &d,
        sentence_ids: &s,
        vectors: &v,
        dim: 2,
    };
    let miner = MarginMiner::new(k4());
    match miner.mine(&bad, &bad) {
        Err(AlignError::Shape {
            doc_id,
            expected,
            got,
        }) => assert_eq!((doc_id.as_str(), expected, got), ("dbad", 4, 3)),
        other => panic!("expected a shape error, got {other:?}"),
    }
    match miner.mine_pairs(&[1.0, 0.0], 1, &[1.0], 1, 2) {
        Err(AlignError::Shape {
            doc_id,
            expected,
            got,
        }) => assert_eq!((doc_id.as_str(), expected, got), ("b", 2, 1)),
        other => panic!("expected a shape error, got {other:?}"),
    }
    assert!(matches!(
        miner.align_all(&[bad]),
        Err(AlignError::Shape { .. })
    ));
}

#[test]
fn dimension_mismatch_is_reported() {
    let (da, db) = (DocId::from_string("da"), DocId::from_string("db"));
    let s = ids("s", 1);
    let a = DocVectors {
        doc_id: &da,
        sentence_ids: &s,
        vectors: &[1.0, 0.0],
        dim: 2,
    };
    let b = DocVectors {
        doc_id: &db,
        sentence_ids: &s,
        vectors: &[1.0, 0.0, 0.0],
        dim: 3,
    };
    let err = MarginMiner::new(k4()).mine(&a, &b).unwrap_err();
    assert!(
        matches!(
            err,
            AlignError::DimMismatch {
                dim_a: 2,
                dim_b: 3,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn non_finite_vectors_and_zero_k_are_rejected() {
    let miner = MarginMiner::new(k4());
    let err = miner
        .mine_pairs(&[1.0, 0.0, 0.0, f32::NAN], 2, &[1.0, 0.0], 1, 2)
        .unwrap_err();
    assert!(
        matches!(err, AlignError::NonFinite { ref doc_id, row: 1 } if doc_id == "a"),
        "{err}"
    );
    let zero_k = MarginMiner::new(AlignConfig { k: 0, ..k4() });
    assert!(matches!(
        zero_k.mine_pairs(&[1.0], 1, &[1.0], 1, 1),
        Err(AlignError::ZeroK)
    ));
}

#[test]
fn align_all_runs_every_pair_in_order() {
    let docs: Vec<DocId> = ["d0", "d1", "d2"].map(DocId::from_string).to_vec();
    let sents: Vec<Vec<SentenceId>> = (0..3).map(|i| ids(&format!("d{i}s"), 3)).collect();
    let v0 = eye(3);
    let v1 = [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
    let v2 = [0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0];
    let vecs: [&[f32]; 3] = [&v0, &v1, &v2];
    let dv: Vec<DocVectors> = (0..3)
        .map(|i| DocVectors {
            doc_id: &docs[i],
            sentence_ids: &sents[i],
            vectors: vecs[i],
            dim: 3,
        })
        .collect();
    let miner = MarginMiner::new(k4());
    let all = miner.align_all(&dv).unwrap();
    let mut expected = Vec::new();
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        expected.extend(miner.mine(&dv[i], &dv[j]).unwrap());
    }
    assert_eq!(all, expected);
    assert_eq!(all.len(), 9);
    assert!(all.windows(2).all(|w| {
        let key = |al: &concord_core::Alignment| {
            let pos = |d: &DocId| docs.iter().position(|x| x == d);
            (pos(&al.doc_a), pos(&al.doc_b), al.sentence_a.clone())
        };
        key(&w[0]) < key(&w[1])
    }));
    assert!(miner.align_all(&dv[..1]).unwrap().is_empty());
    assert!(miner.align_all(&[]).unwrap().is_empty());
}

#[test]
fn config_serde_fills_defaults() {
    let c: AlignConfig = serde_json::from_str(r#"{"k": 2}"#).unwrap();
    assert_eq!(
        c,
        AlignConfig {
            k: 2,
            ..AlignConfig::default()
        }
    );
    let json = serde_json::to_string(&AlignConfig::default()).unwrap();
    let back: AlignConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(back, AlignConfig::default());
}

#[test]
fn effective_threshold_rises_for_small_documents() {
    let c = AlignConfig::default();
    assert_eq!(c.effective_threshold(0, 10), c.margin_threshold);
    let t = |n, m| c.effective_threshold(n, m);
    assert!((t(1000, 1000) - (1.0 + 0.25 / 1000f32.sqrt())).abs() < 1e-6);
    assert!((t(16, 16) - 1.0625).abs() < 1e-6);
    assert!(t(10, 10) > t(35, 35) && t(35, 35) > t(150, 150));
    assert!((t(35, 140) - t(70, 70)).abs() < 1e-6);
    let flat = AlignConfig {
        size_penalty: 0.0,
        ..c
    };
    assert_eq!(flat.effective_threshold(5, 5), flat.margin_threshold);
}

#[test]
fn small_document_threshold_is_applied_when_mining() {
    // The identity: every diagonal margin is 4 (k = 4); a size penalty
    // lifts the threshold above it.
    let v = eye(4);
    let mut c = permissive();
    c.margin_threshold = 3.0;
    assert_eq!(
        MarginMiner::new(c)
            .mine_pairs(&v, 4, &v, 4, 4)
            .unwrap()
            .len(),
        4
    );
    c.size_penalty = 2.1; // 3 + 2.1 / sqrt(4) = 4.05 > 4
    assert!(MarginMiner::new(c)
        .mine_pairs(&v, 4, &v, 4, 4)
        .unwrap()
        .is_empty());
}

/// Two documents where sentence a0 is equally close to b0 and b1 (b1 is a
/// near duplicate of b0), and only b1 shares a0's figure.
type AnchorDocs = (Vec<f32>, Vec<f32>, Vec<Vec<String>>, Vec<Vec<String>>);

fn anchor_docs() -> AnchorDocs {
    let a = [1.0, 0.0, 0.0, 0.0, /**/ 0.0, 0.0, 1.0, 0.0];
    let b = [
        0.8, 0.6, 0.0, 0.0, /**/ 0.8, -0.6, 0.0, 0.0, /**/ 0.0, 0.0, 0.6, 0.8,
    ];
    let x = AnchorExtractor::new();
    let aa = x.extract_all(&["OpenAI sold 48,000 units", "Anthropic said no"]);
    let ab = x.extract_all(&[
        "OpenAI sold 52,000 units",
        "OpenAI sold 4.8万 units",
        "Anthropic said no",
    ]);
    (a.to_vec(), b.to_vec(), aa, ab)
}

#[test]
fn anchors_break_ties_towards_shared_figures() {
    let (a, b, aa, ab) = anchor_docs();
    let config = AlignConfig {
        k: 2,
        margin_threshold: 0.0,
        size_penalty: 0.0,
        min_cosine: 0.5,
        ..AlignConfig::default()
    };
    let miner = MarginMiner::new(config);
    let plain = miner.mine_pairs(&a, 2, &b, 3, 4).unwrap();
    assert_eq!(index_pairs(&plain), [(0, 0), (1, 2)]);
    let anchored = miner
        .mine_pairs_with_anchors(&a, 2, &b, 3, 4, &aa, &ab)
        .unwrap();
    assert_eq!(index_pairs(&anchored), [(0, 1), (1, 2)]);
    // Shared: "openai" (df 1 in a, 2 in b: weight 1/sqrt(2)) and "48000"
    // (weight 1), out of a union of 2 anchors.
    let p = anchored[0];
    assert!(p.score > p.margin);
    assert!(
        (p.score - p.margin - config.anchor_weight * (1.0 / 2f32.sqrt() + 1.0) / 2.0).abs() < 1e-5,
        "{p:?}"
    );

    // Records: method margin_anchors, and plain mining when the weight is 0.
    let (da, db) = (DocId::from_string("da"), DocId::from_string("db"));
    let (sa, sb) = (ids("a", 2), ids("b", 3));
    let va = DocVectors {
        doc_id: &da,
        sentence_ids: &sa,
        vectors: &a,
        dim: 4,
    };
    let vb = DocVectors {
        doc_id: &db,
        sentence_ids: &sb,
        vectors: &b,
        dim: 4,
    };
    let recs = miner.mine_with_anchors(&va, &vb, &aa, &ab).unwrap();
    assert!(recs.iter().all(|r| r.method == AlignMethod::MarginAnchors));
    assert_eq!(recs[0].sentence_b.as_ref(), Some(&sb[1]));
    assert_eq!(
        recs[0].id,
        AlignmentId::from_parts([sa[0].as_str(), sb[1].as_str(), "margin_anchors"])
    );
    let off = MarginMiner::new(AlignConfig {
        anchor_weight: 0.0,
        ..config
    });
    let recs = off.mine_with_anchors(&va, &vb, &aa, &ab).unwrap();
    assert!(recs.iter().all(|r| r.method == AlignMethod::MarginMnn));
    assert_eq!(recs[0].sentence_b.as_ref(), Some(&sb[0]));

    // align_all_with_anchors = mine_with_anchors per pair.
    let all = miner
        .align_all_with_anchors(&[va, vb], &[&aa, &ab])
        .unwrap();
    assert_eq!(all, miner.mine_with_anchors(&va, &vb, &aa, &ab).unwrap());
}

#[test]
fn anchor_lists_must_match_the_sentences() {
    let (a, b, aa, ab) = anchor_docs();
    let miner = MarginMiner::new(AlignConfig::default());
    match miner.mine_pairs_with_anchors(&a, 2, &b, 3, 4, &aa[..1], &ab) {
        Err(AlignError::AnchorCount {
            doc_id,
            expected,
            got,
        }) => {
            assert_eq!((doc_id.as_str(), expected, got), ("a", 2, 1))
        }
        other => panic!("expected an anchor count error, got {other:?}"),
    }
    let (da, db) = (DocId::from_string("da"), DocId::from_string("db"));
    let (sa, sb) = (ids("a", 2), ids("b", 3));
    let va = DocVectors {
        doc_id: &da,
        sentence_ids: &sa,
        vectors: &a,
        dim: 4,
    };
    let vb = DocVectors {
        doc_id: &db,
        sentence_ids: &sb,
        vectors: &b,
        dim: 4,
    };
    let err = miner.mine_with_anchors(&va, &vb, &aa, &aa).unwrap_err();
    assert!(err.to_string().contains("db"), "{err}");
    assert!(matches!(
        miner.align_all_with_anchors(&[va, vb], &[&aa]),
        Err(AlignError::AnchorCount { .. })
    ));
}
