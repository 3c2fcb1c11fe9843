//! Tests of the bead aligner, the translation detector and language runs.

use super::*;
use concord_core::{AlignMethod, DocId, Lang, SentenceId, SentenceRange};

/// Minimal 64-bit LCG so the tests need no `rand`.
struct Lcg(u64);

impl Lcg {
    fn next_f32(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    fn unit(&mut self, dim: usize) -> Vec<f32> {
        let v: Vec<f32> = (0..dim).map(|_| self.next_f32()).collect();
        normalized(&v)
    }

    /// `v` plus a little noise, re-normalized (a "translation" of `v`).
    fn noisy(&mut self, v: &[f32], noise: f32) -> Vec<f32> {
        let w: Vec<f32> = v
            .iter()
            .map(|x| x + noise * self.next_f32() / (v.len() as f32).sqrt())
            .collect();
        normalized(&w)
    }
}

fn normalized(v: &[f32]) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / norm).collect()
}

fn sum(a: &[f32], b: &[f32]) -> Vec<f32> {
    normalized(&a.iter().zip(b).map(|(x, y)| x + y).collect::<Vec<_>>())
}

const DIM: usize = 64;

/// `n` random "meanings".
fn meanings(rng: &mut Lcg, n: usize) -> Vec<Vec<f32>> {
    (0..n).map(|_| rng.unit(DIM)).collect()
}

fn shapes(beads: &[Bead]) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    beads.iter().map(|b| (b.a.clone(), b.b.clone())).collect()
}

fn aligner() -> BeadAligner {
    BeadAligner::default()
}

#[test]
fn identical_documents_align_one_to_one() {
    let mut rng = Lcg(1);
    let m = meanings(&mut rng, 12);
    let a = m.concat();
    let b: Vec<f32> = m.iter().flat_map(|v| rng.noisy(v, 0.3)).collect();
    let beads = aligner().align_rows(&a, 12, &b, 12, DIM).unwrap();
    assert_eq!(
        shapes(&beads),
        (0..12).map(|i| (i..i + 1, i..i + 1)).collect::<Vec<_>>()
    );
    for bead in &beads {
        assert!(bead.cosine > 0.9, "{bead:?}");
        assert!(bead.score > 0.5 && bead.score <= 1.0, "{bead:?}");
    }
}

#[test]
fn a_sentence_split_in_two_becomes_a_one_two_bead() {
    let mut rng = Lcg(2);
    let m = meanings(&mut rng, 8);
    // a: m0 m1 (m2+m3) m4 m5 m6 m7; b: m0 .. m7, so a[2] translates b[2..4].
    let mut a_rows: Vec<Vec<f32>> = vec![m[0].clone(), m[1].clone(), sum(&m[2], &m[3])];
    a_rows.extend(m[4..].iter().cloned());
    let b: Vec<f32> = m.iter().flat_map(|v| rng.noisy(v, 0.2)).collect();
    let beads = aligner()
        .align_rows(&a_rows.concat(), 7, &b, 8, DIM)
        .unwrap();
    assert_eq!(
        shapes(&beads),
        [
            (0..1, 0..1),
            (1..2, 1..2),
            (2..3, 2..4),
            (3..4, 4..5),
            (4..5, 5..6),
            (5..6, 6..7),
            (6..7, 7..8)
        ]
    );
    assert!(beads[2].cosine > 0.9, "{:?}", beads[2]);
    // And the mirror image: 2-1.
    let beads = aligner()
        .align_rows(&b, 8, &a_rows.concat(), 7, DIM)
        .unwrap();
    assert_eq!(beads[2].a, 2..4);
    assert_eq!(beads[2].b, 2..3);
}

#[test]
fn three_sentences_against_one_become_a_three_one_bead() {
    let mut rng = Lcg(3);
    let m = meanings(&mut rng, 6);
    let a = [
        m[0].clone(),
        normalized(&m[1..4].iter().fold(vec![0.0; DIM], |acc, v| {
            acc.iter().zip(v).map(|(x, y)| x + y).collect()
        })),
        m[4].clone(),
        m[5].clone(),
    ]
    .concat();
    let b: Vec<f32> = m.iter().flat_map(|v| rng.noisy(v, 0.2)).collect();
    let beads = aligner().align_rows(&b, 6, &a, 4, DIM).unwrap();
    assert_eq!(
        shapes(&beads),
        [(0..1, 0..1), (1..4, 1..2), (4..5, 2..3), (5..6, 3..4)]
    );
}

#[test]
fn a_run_on_sentence_against_five_becomes_a_one_five_bead() {
    // One long sentence (a whole timeline) translated as five sentences.
    let mut rng = Lcg(13);
    let m = meanings(&mut rng, 9);
    let merged = normalized(&m[2..7].iter().fold(vec![0.0; DIM], |acc, v| {
        acc.iter().zip(v).map(|(x, y)| x + y).collect()
    }));
    let a = [
        m[0].clone(),
        m[1].clone(),
        merged,
        m[7].clone(),
        m[8].clone(),
    ]
    .concat();
    let b: Vec<f32> = m.iter().flat_map(|v| rng.noisy(v, 0.2)).collect();
    let beads = aligner().align_rows(&a, 5, &b, 9, DIM).unwrap();
    assert_eq!(
        shapes(&beads),
        [
            (0..1, 0..1),
            (1..2, 1..2),
            (2..3, 2..7),
            (3..4, 7..8),
            (4..5, 8..9)
        ]
    );
}

#[test]
fn a_dropped_sentence_becomes_a_one_zero_bead() {
    let mut rng = Lcg(4);
    let m = meanings(&mut rng, 10);
    let a = m.concat();
    // b lacks m4 and has an extra sentence x after m7.
    let extra = rng.unit(DIM);
    let mut b_rows: Vec<Vec<f32>> = Vec::new();
    for (i, v) in m.iter().enumerate() {
        if i != 4 {
            b_rows.push(rng.noisy(v, 0.2));
        }
        if i == 7 {
            b_rows.push(extra.clone());
        }
    }
    // With isotropic random vectors a sentence merged with an unrelated one
    // keeps a cosine of 1/√2 with its translation, so use a skip cost that
    // makes deleting clearly cheaper than merging here.
    let config = BeadConfig {
        skip_cost: 0.3,
        ..BeadConfig::default()
    };
    let al = BeadAligner::new(config, TranslationDetector::default());
    let beads = al.align_rows(&a, 10, &b_rows.concat(), 10, DIM).unwrap();
    assert_eq!(
        shapes(&beads),
        [
            (0..1, 0..1),
            (1..2, 1..2),
            (2..3, 2..3),
            (3..4, 3..4),
            (4..5, 4..4),
            (5..6, 4..5),
            (6..7, 5..6),
            (7..8, 6..7),
            (8..8, 7..8),
            (8..9, 8..9),
            (9..10, 9..10)
        ]
    );
    let skip = &beads[4];
    assert_eq!((skip.cosine, skip.score), (0.0, 0.0));
    assert!((skip.cost - 0.3).abs() < 1e-6);
}

#[test]
fn beads_are_monotone_and_cover_everything() {
    let mut rng = Lcg(5);
    let m = meanings(&mut rng, 30);
    let a = m.concat();
    // b: a shuffled, partial, noisy version; the DP must still return a
    // monotone partition of both documents.
    let order = [
        3, 1, 4, 15, 9, 2, 6, 5, 28, 27, 18, 11, 0, 7, 22, 13, 25, 19,
    ];
    let b: Vec<f32> = order.iter().flat_map(|&i| rng.noisy(&m[i], 0.3)).collect();
    let beads = aligner().align_rows(&a, 30, &b, order.len(), DIM).unwrap();
    let (mut ea, mut eb) = (0, 0);
    for bead in &beads {
        assert_eq!(bead.a.start, ea, "{beads:?}");
        assert_eq!(bead.b.start, eb, "{beads:?}");
        assert!(!(bead.a.is_empty() && bead.b.is_empty()));
        assert!(bead.a.len() <= 5 && bead.b.len() <= 5);
        assert!(bead.a.len() <= 1 || bead.b.len() <= 1);
        ea = bead.a.end;
        eb = bead.b.end;
    }
    assert_eq!((ea, eb), (30, order.len()));
}

#[test]
fn banded_dp_matches_the_full_one_near_the_diagonal() {
    let mut rng = Lcg(6);
    let m = meanings(&mut rng, 60);
    let a = m.concat();
    let b: Vec<f32> = m.iter().flat_map(|v| rng.noisy(v, 0.3)).collect();
    let full = aligner().align_rows(&a, 60, &b, 60, DIM).unwrap();
    let banded = BeadAligner::new(
        BeadConfig {
            max_cells: 800,
            ..BeadConfig::default()
        },
        TranslationDetector::default(),
    )
    .align_rows(&a, 60, &b, 60, DIM)
    .unwrap();
    assert_eq!(shapes(&banded), shapes(&full));
    for (x, y) in banded.iter().zip(&full) {
        assert!((x.cost - y.cost).abs() < 1e-4, "{x:?} vs {y:?}");
    }
    // A band narrower than needed still returns a complete partition.
    let narrow = BeadAligner::new(
        BeadConfig {
            max_cells: 16,
            ..BeadConfig::default()
        },
        TranslationDetector::default(),
    )
    .align_rows(&a, 60, &b[..40 * DIM], 40, DIM)
    .unwrap();
    assert_eq!(narrow.iter().map(|x| x.a.len()).sum::<usize>(), 60);
    assert_eq!(narrow.iter().map(|x| x.b.len()).sum::<usize>(), 40);
}

#[test]
fn empty_documents_are_all_skips() {
    let mut rng = Lcg(7);
    let a = meanings(&mut rng, 3).concat();
    let al = aligner();
    assert!(al.align_rows(&[], 0, &[], 0, DIM).unwrap().is_empty());
    let beads = al.align_rows(&a, 3, &[], 0, DIM).unwrap();
    assert_eq!(shapes(&beads), [(0..1, 0..0), (1..2, 0..0), (2..3, 0..0)]);
    let beads = al.align_rows(&[], 0, &a, 3, DIM).unwrap();
    assert_eq!(shapes(&beads), [(0..0, 0..1), (0..0, 1..2), (0..0, 2..3)]);
}

#[test]
fn bad_input_and_bad_config_are_errors() {
    let al = aligner();
    assert!(matches!(
        al.align_rows(&[1.0, 0.0, 0.0], 2, &[], 0, 2),
        Err(AlignError::Shape { .. })
    ));
    assert!(matches!(
        al.align_rows(&[f32::NAN, 0.0], 1, &[1.0, 0.0], 1, 2),
        Err(AlignError::NonFinite { .. })
    ));
    let bad = BeadAligner::new(
        BeadConfig {
            skip_cost: 0.0,
            ..BeadConfig::default()
        },
        TranslationDetector::default(),
    );
    let err = bad
        .align_rows(&[1.0, 0.0], 1, &[1.0, 0.0], 1, 2)
        .unwrap_err();
    assert!(err.to_string().contains("skip_cost"), "{err}");
}

fn ids(prefix: &str, n: usize) -> Vec<SentenceId> {
    (0..n)
        .map(|i| SentenceId::from_string(format!("{prefix}{i}")))
        .collect()
}

#[test]
fn align_builds_bead_records() {
    let mut rng = Lcg(8);
    let m = meanings(&mut rng, 4);
    let a: Vec<f32> = [m[0].clone(), sum(&m[1], &m[2]), m[3].clone()].concat();
    let b: Vec<f32> = m.iter().flat_map(|v| rng.noisy(v, 0.2)).collect();
    let (da, db) = (DocId::from_string("da"), DocId::from_string("db"));
    let (sa, sb) = (ids("a", 3), ids("b", 4));
    let va = DocVectors {
        doc_id: &da,
        sentence_ids: &sa,
        vectors: &a,
        dim: DIM,
    };
    let vb = DocVectors {
        doc_id: &db,
        sentence_ids: &sb,
        vectors: &b,
        dim: DIM,
    };
    let out = aligner().align(&va, &vb).unwrap();
    assert_eq!(out.len(), 3);
    let merged = &out[1];
    assert_eq!(merged.method, AlignMethod::Bead);
    assert_eq!((&merged.doc_a, &merged.doc_b), (&da, &db));
    assert_eq!(merged.sentence_a.as_ref(), Some(&sa[1]));
    assert_eq!(merged.sentence_b.as_ref(), Some(&sb[1]));
    assert_eq!(merged.range_a, Some(SentenceRange::single(1)));
    assert_eq!(merged.range_b, Some(SentenceRange { first: 1, last: 2 }));
    assert_eq!(merged.margin, 1.0);
    assert!(merged.cosine > 0.9 && merged.score > 0.0);
    // Ids are distinct and stable.
    let again = aligner().align(&va, &vb).unwrap();
    assert_eq!(out, again);
    assert_ne!(out[0].id, out[1].id);
}

/// `n` meanings as doc a, their noisy translations in order as doc b.
fn translation_pair(seed: u64, n: usize) -> (Vec<f32>, Vec<f32>) {
    let mut rng = Lcg(seed);
    let m = meanings(&mut rng, n);
    let b: Vec<f32> = m.iter().flat_map(|v| rng.noisy(v, 0.4)).collect();
    (m.concat(), b)
}

#[test]
fn detector_accepts_translations() {
    let (a, b) = translation_pair(9, 20);
    let det = TranslationDetector::default();
    let s = det.detect_rows(&a, 20, &b, 20, DIM).unwrap();
    assert!(s.is_translation, "{s:?}");
    assert!(s.coverage > 0.9 && s.order > 0.95, "{s:?}");
    assert!((s.length_ratio - 1.0).abs() < 1e-6);
    // Also when b drops a few sentences and adds its own.
    let mut rng = Lcg(10);
    let mut b2: Vec<f32> = Vec::new();
    for i in 0..20 {
        if i % 7 != 3 {
            b2.extend_from_slice(&b[i * DIM..(i + 1) * DIM]);
        }
        if i % 9 == 5 {
            b2.extend(rng.unit(DIM));
        }
    }
    let m2 = b2.len() / DIM;
    let s = det.detect_rows(&a, 20, &b2, m2, DIM).unwrap();
    assert!(s.is_translation, "{s:?}");
}

#[test]
fn detector_rejects_shuffled_unrelated_and_tiny_documents() {
    let (a, b) = translation_pair(11, 20);
    let det = TranslationDetector::default();
    // The same sentences in another order: a comparable article, not a translation.
    let order = [
        7, 19, 2, 11, 0, 15, 4, 17, 9, 13, 1, 18, 6, 3, 12, 16, 10, 5, 14, 8,
    ];
    let shuffled: Vec<f32> = order
        .iter()
        .flat_map(|&i| b[i * DIM..(i + 1) * DIM].iter().copied())
        .collect();
    let s = det.detect_rows(&a, 20, &shuffled, 20, DIM).unwrap();
    assert!(!s.is_translation, "{s:?}");
    assert!(s.order < 0.5, "{s:?}");
    // Unrelated documents.
    let (c, _) = translation_pair(12, 20);
    let s = det.detect_rows(&a, 20, &c, 20, DIM).unwrap();
    assert!(!s.is_translation, "{s:?}");
    // Too short to tell.
    let s = det
        .detect_rows(&a[..2 * DIM], 2, &b[..2 * DIM], 2, DIM)
        .unwrap();
    assert!(!s.is_translation, "{s:?}");
    // Very different lengths.
    let s = det.detect_rows(&a[..3 * DIM], 3, &b, 20, DIM).unwrap();
    assert!(s.length_ratio < 0.3 && !s.is_translation, "{s:?}");
    assert!(!det.detect_rows(&[], 0, &[], 0, DIM).unwrap().is_translation);
}

#[test]
fn longest_increasing_subsequence() {
    assert_eq!(longest_increasing(&[]), 0);
    assert_eq!(longest_increasing(&[0, 1, 2, 3]), 4);
    assert_eq!(longest_increasing(&[3, 2, 1, 0]), 1);
    assert_eq!(longest_increasing(&[0, 5, 1, 6, 2, 3]), 4);
    assert_eq!(longest_increasing(&[1, 1, 1]), 1);
}

#[test]
fn language_runs_absorb_short_interruptions() {
    use Lang::*;
    assert!(language_runs(&[], 4).is_empty());
    assert_eq!(
        language_runs(&[Und, Und], 4),
        [LangRun {
            lang: Und,
            rows: 0..2
        }]
    );
    // Japanese, a one-sentence English title inside, Japanese, then English
    // with an undetermined line and a short Japanese trailer.
    let langs = [
        Und, Ja, Ja, Ja, En, Ja, Ja, Ja, Ja, En, En, Und, En, En, En, Ja, Ja,
    ];
    assert_eq!(
        language_runs(&langs, 4),
        [
            LangRun {
                lang: Ja,
                rows: 0..9
            },
            LangRun {
                lang: En,
                rows: 9..17
            }
        ]
    );
    // A long enough run is kept.
    let langs = [Zh, Zh, Zh, Zh, En, En, En, En, Zh, Zh, Zh, Zh];
    let runs = language_runs(&langs, 4);
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[1].rows, 4..8);
    // A short run between two runs of one language merges all three.
    let langs = [Zh, Zh, Zh, Zh, Zh, En, Zh, Zh, Zh, Zh, Zh];
    assert_eq!(
        language_runs(&langs, 4),
        [LangRun {
            lang: Zh,
            rows: 0..11
        }]
    );
}

#[test]
fn align_within_pairs_the_halves_of_a_bilingual_document() {
    let n = 15;
    let (ja, en) = translation_pair(13, n);
    let mut rng = Lcg(14);
    // Two lead sentences only the Japanese half has, then the Japanese
    // translation, then the English original.
    let mut vectors: Vec<f32> = Vec::new();
    vectors.extend(rng.unit(DIM));
    vectors.extend(rng.unit(DIM));
    vectors.extend_from_slice(&ja);
    vectors.extend_from_slice(&en);
    let total = 2 + 2 * n;
    let mut langs = vec![Lang::Ja; 2 + n];
    langs.extend(vec![Lang::En; n]);
    langs[5] = Lang::En; // a quoted English name inside the Japanese half
    let doc = DocId::from_string("bilingual");
    let sids = ids("s", total);
    let dv = DocVectors {
        doc_id: &doc,
        sentence_ids: &sids,
        vectors: &vectors,
        dim: DIM,
    };
    let al = aligner();
    let out = al.align_within(&dv, &langs).unwrap();
    assert!(out.iter().all(|x| x.doc_a == doc && x.doc_b == doc));
    assert!(out.iter().all(|x| x.method == AlignMethod::Bead));
    let pairs: Vec<(Option<u32>, Option<u32>)> = out
        .iter()
        .map(|x| (x.range_a.map(|r| r.first), x.range_b.map(|r| r.first)))
        .collect();
    let mut expected = vec![(Some(0), None), (Some(1), None)];
    expected.extend((0..n as u32).map(|i| (Some(2 + i), Some(2 + n as u32 + i))));
    assert_eq!(pairs, expected);
    // Monolingual documents, or halves that do not translate each other,
    // give nothing.
    assert!(al
        .align_within(&dv, &vec![Lang::Ja; total])
        .unwrap()
        .is_empty());
    let (other, _) = translation_pair(15, n);
    let mut unrelated = ja.clone();
    unrelated.extend_from_slice(&other);
    let dv2 = DocVectors {
        doc_id: &doc,
        sentence_ids: &sids[..2 * n],
        vectors: &unrelated,
        dim: DIM,
    };
    let mut langs2 = vec![Lang::Ja; n];
    langs2.extend(vec![Lang::En; n]);
    assert!(al.align_within(&dv2, &langs2).unwrap().is_empty());
    // Wrong number of languages.
    assert!(matches!(
        al.align_within(&dv, &langs[1..]),
        Err(AlignError::LangCount { .. })
    ));
}

#[test]
fn align_if_translation_checks_first() {
    let (a, b) = translation_pair(16, 10);
    let (c, _) = translation_pair(17, 10);
    let (da, db) = (DocId::from_string("a"), DocId::from_string("b"));
    let (sa, sb) = (ids("a", 10), ids("b", 10));
    let va = DocVectors {
        doc_id: &da,
        sentence_ids: &sa,
        vectors: &a,
        dim: DIM,
    };
    let vb = DocVectors {
        doc_id: &db,
        sentence_ids: &sb,
        vectors: &b,
        dim: DIM,
    };
    let vc = DocVectors {
        doc_id: &db,
        sentence_ids: &sb,
        vectors: &c,
        dim: DIM,
    };
    let al = aligner();
    let (score, out) = al.align_if_translation(&va, &vb).unwrap();
    assert!(score.is_translation);
    assert_eq!(out.len(), 10);
    let (score, out) = al.align_if_translation(&va, &vc).unwrap();
    assert!(!score.is_translation);
    assert!(out.is_empty());
}

#[test]
fn five_hundred_sentences_take_a_full_dp() {
    let mut rng = Lcg(18);
    let m = meanings(&mut rng, 500);
    let a = m.concat();
    let b: Vec<f32> = m.iter().flat_map(|v| rng.noisy(v, 0.3)).collect();
    let start = std::time::Instant::now();
    let beads = aligner().align_rows(&a, 500, &b, 500, DIM).unwrap();
    let took = start.elapsed();
    assert_eq!(beads.len(), 500);
    assert!(beads
        .iter()
        .enumerate()
        .all(|(i, x)| x.a == (i..i + 1) && x.b == (i..i + 1)));
    // Generous bound (debug build, shared machine); typically a few ms.
    assert!(took.as_secs() < 20, "{took:?}");
}
