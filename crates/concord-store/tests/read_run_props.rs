//! Property test: whatever records `write_run` is given, `read_run` gives
//! them back unchanged (documents without their text, which the tables do
//! not hold).

use concord_core::{
    AlignMethod, Alignment, AlignmentId, ChangeExample, Claim, ClaimId, Disagreement, DocId,
    DocStatus, Document, Fact, FactId, FactKind, FlagId, Lang, NormalizationChange, RemovedSpan,
    Sentence, SentenceId, SentenceRange, Side, Span,
};
use concord_store::{read_run, write_run, RunData};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // ASCII, CJK, kana, full-width digits, emoji and empty strings.
    proptest::string::string_regex("[a-zA-Z0-9 .,$%-]{0,8}|[六月二十七日発表のＧＰＴ５🙂]{0,5}")
        .expect("regex")
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![
        Just(Lang::En),
        Just(Lang::Zh),
        Just(Lang::Ja),
        Just(Lang::Und)
    ]
}

fn kind() -> impl Strategy<Value = FactKind> {
    prop_oneof![
        Just(FactKind::Number),
        Just(FactKind::Money),
        Just(FactKind::Percent),
        Just(FactKind::Date),
        Just(FactKind::Version),
        Just(FactKind::Person),
        Just(FactKind::Role),
        Just(FactKind::Entity),
    ]
}

fn span() -> impl Strategy<Value = Span> {
    (0usize..1 << 40, 0usize..1 << 20).prop_map(|(start, len)| Span::new(start, start + len))
}

fn score() -> impl Strategy<Value = f32> {
    -1.0e3f32..1.0e3
}

fn range() -> impl Strategy<Value = Option<SentenceRange>> {
    proptest::option::of((0u32..50, 0u32..4).prop_map(|(first, n)| SentenceRange {
        first,
        last: first + n,
    }))
}

fn document() -> impl Strategy<Value = Document> {
    (
        (text(), lang(), opt_text(), any::<u64>(), text()),
        (opt_text(), text(), opt_text(), opt_text()),
    )
        .prop_map(
            |((source, lang, title, byte_len, sha256), (error, encoding, url, published))| {
                Document {
                    id: DocId::from_parts([source.as_str(), sha256.as_str()]),
                    source,
                    lang,
                    title,
                    text: String::new(),
                    byte_len,
                    sha256,
                    status: error.map_or(DocStatus::Ok, DocStatus::Error),
                    encoding,
                    url,
                    published,
                    file_map: None,
                }
            },
        )
}

fn sentence() -> impl Strategy<Value = Sentence> {
    (text(), any::<u32>(), lang(), text(), span(), text(), text()).prop_map(
        |(doc, idx, lang, text, span, original_text, match_key)| Sentence {
            id: SentenceId::from_parts([doc.as_str(), &idx.to_string()]),
            doc_id: DocId::from_parts([doc.as_str()]),
            idx,
            lang,
            text,
            span,
            original_text,
            match_key,
        },
    )
}

fn alignment() -> impl Strategy<Value = Alignment> {
    (
        (text(), text(), range(), range()),
        (score(), score(), score()),
        prop_oneof![
            Just(AlignMethod::MarginMnn),
            Just(AlignMethod::MarginAnchors),
            Just(AlignMethod::Bead)
        ],
    )
        .prop_map(
            |((a, b, range_a, range_b), (cosine, margin, score), method)| {
                let first = |doc: &str, r: Option<SentenceRange>| {
                    r.map(|r| SentenceId::from_parts([doc, &r.first.to_string()]))
                };
                Alignment {
                    id: AlignmentId::from_parts([a.as_str(), b.as_str()]),
                    doc_a: DocId::from_parts([a.as_str()]),
                    doc_b: DocId::from_parts([b.as_str()]),
                    sentence_a: first(&a, range_a),
                    sentence_b: first(&b, range_b),
                    range_a,
                    range_b,
                    cosine,
                    margin,
                    score,
                    method,
                }
            },
        )
}

fn claim() -> impl Strategy<Value = Claim> {
    proptest::collection::vec((text(), lang()), 0..4).prop_map(|members| Claim {
        id: ClaimId::from_parts(members.iter().map(|(t, _)| t.as_str())),
        sentence_ids: members
            .iter()
            .map(|(t, _)| SentenceId::from_parts([t.as_str()]))
            .collect(),
        doc_ids: members
            .iter()
            .map(|(t, _)| DocId::from_parts([t.as_str()]))
            .collect(),
        langs: members.iter().map(|(_, l)| *l).collect(),
    })
}

fn fact() -> impl Strategy<Value = Fact> {
    (text(), kind(), text(), text(), span()).prop_map(
        |(sentence, kind, surface, normalized, span)| Fact {
            id: FactId::from_parts([sentence.as_str(), kind.as_str()]),
            sentence_id: SentenceId::from_parts([sentence.as_str()]),
            doc_id: DocId::from_parts([sentence.as_str(), "doc"]),
            kind,
            surface,
            normalized,
            span,
        },
    )
}

fn disagreement() -> impl Strategy<Value = Disagreement> {
    (
        (kind(), text(), text(), text(), text()),
        (span(), span(), 0.0f32..=1.0, text()),
        (
            opt_text(),
            proptest::option::of(prop_oneof![Just(Side::A), Just(Side::B)]),
            opt_text(),
        ),
    )
        .prop_map(
            |(
                (kind, value_a, value_b, normalized_a, normalized_b),
                (span_a, span_b, confidence, explanation),
                (claim, likely_error_side, suggested),
            )| Disagreement {
                id: FlagId::from_parts([kind.as_str(), &normalized_a, &normalized_b]),
                kind,
                alignment_id: AlignmentId::from_parts([value_a.as_str()]),
                doc_a: DocId::from_parts(["a", value_a.as_str()]),
                doc_b: DocId::from_parts(["b", value_b.as_str()]),
                sentence_a: SentenceId::from_parts(["a", value_a.as_str()]),
                sentence_b: SentenceId::from_parts(["b", value_b.as_str()]),
                value_a,
                value_b,
                normalized_a,
                normalized_b,
                span_a,
                span_b,
                confidence,
                explanation,
                claim_id: claim.map(|c| ClaimId::from_parts([c.as_str()])),
                likely_error_side,
                suggested,
            },
        )
}

fn removed() -> impl Strategy<Value = RemovedSpan> {
    (text(), span(), text(), text()).prop_map(|(doc, span, reason, text)| RemovedSpan {
        doc_id: DocId::from_parts([doc.as_str()]),
        span,
        reason,
        text,
    })
}

fn change() -> impl Strategy<Value = NormalizationChange> {
    let example =
        (text(), text(), proptest::option::of(span())).prop_map(|(before, after, span)| {
            ChangeExample {
                before,
                after,
                span,
            }
        });
    (
        text(),
        text(),
        0u64..1 << 40,
        proptest::collection::vec(example, 0..4),
    )
        .prop_map(|(doc, stage, edits, examples)| NormalizationChange {
            doc_id: DocId::from_parts([doc.as_str()]),
            stage,
            edits,
            examples,
        })
}

fn run_data() -> impl Strategy<Value = RunData> {
    (
        (
            proptest::collection::vec(document(), 0..5),
            proptest::collection::vec(sentence(), 0..6),
            proptest::collection::vec(removed(), 0..3),
            proptest::collection::vec(change(), 0..4),
        ),
        (
            proptest::collection::vec(alignment(), 0..5),
            proptest::collection::vec(claim(), 0..3),
            proptest::collection::vec(fact(), 0..5),
            proptest::collection::vec(disagreement(), 0..3),
        ),
        1usize..6,
    )
        .prop_map(
            |(
                (documents, sentences, removed, changes),
                (alignments, claims, facts, disagreements),
                dim,
            )| RunData {
                embedding_ids: sentences.iter().map(|s| s.id.clone()).collect(),
                documents,
                events: Vec::new(),
                sentences,
                removed,
                changes,
                embeddings: Vec::new(),
                dim,
                model: "intfloat/multilingual-e5-small".to_owned(),
                alignments,
                claims,
                facts,
                disagreements,
            },
        )
        // One vector per sentence.
        .prop_flat_map(|data| {
            let values = data.sentences.len() * data.dim;
            (Just(data), proptest::collection::vec(-1.0f32..1.0, values))
        })
        .prop_map(|(data, embeddings)| RunData { embeddings, ..data })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn write_run_then_read_run_gives_equal_records(data in run_data()) {
        let tmp = tempfile::tempdir().expect("tempdir");
        write_run(tmp.path(), &data.tables(), &[]).expect("write");
        let back = read_run(tmp.path()).expect("read");
        prop_assert_eq!(back, data);
    }
}
