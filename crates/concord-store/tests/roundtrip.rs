//! End-to-end tests: write a small trilingual run, read it back.

use arrow::array::{
    Array, AsArray, DictionaryArray, FixedSizeListArray, Float32Array, ListArray, StringArray,
    UInt32Array, UInt64Array,
};
use arrow::datatypes::{DataType, Int32Type};
use arrow::record_batch::RecordBatch;
use concord_core::{
    AlignMethod, Alignment, AlignmentId, ChangeExample, Claim, ClaimId, Disagreement, DocId,
    DocStatus, Document, Event, EventId, Fact, FactId, FactKind, FlagId, Lang, NormalizationChange,
    RemovedSpan, Sentence, SentenceId, SentenceRange, Side, Span,
};
use concord_store::{
    read_embedding_file, read_ipc_file, read_manifest, read_parquet_file, read_run, write_atomic,
    write_embedding_file, write_ipc_file, write_json_atomic, write_manifest, write_parquet,
    write_run, IngestKind, IngestRecord, InputRecord, Manifest, ModelRecord, RunData, RunSettings,
    RunTables, StageTiming, StoreError, MANIFEST_FILE, SCHEMA_VERSION, TABLES,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const DIM: usize = 4;
const MODEL: &str = "intfloat/multilingual-e5-small";

struct Fixture {
    documents: Vec<Document>,
    events: Vec<Event>,
    sentences: Vec<Sentence>,
    removed: Vec<RemovedSpan>,
    changes: Vec<NormalizationChange>,
    ids: Vec<SentenceId>,
    vectors: Vec<f32>,
    alignments: Vec<Alignment>,
    claims: Vec<Claim>,
    facts: Vec<Fact>,
    disagreements: Vec<Disagreement>,
}

impl Fixture {
    fn tables(&self) -> RunTables<'_> {
        RunTables {
            documents: &self.documents,
            events: &self.events,
            sentences: &self.sentences,
            removed: &self.removed,
            changes: &self.changes,
            embedding_ids: &self.ids,
            embeddings: &self.vectors,
            dim: DIM,
            model: MODEL,
            alignments: &self.alignments,
            claims: &self.claims,
            facts: &self.facts,
            disagreements: &self.disagreements,
        }
    }
}

fn doc(source: &str, lang: Lang, text: &str) -> Document {
    Document {
        id: DocId::from_parts([source, text]),
        source: source.into(),
        lang,
        title: text.lines().next().map(str::to_owned),
        text: text.into(),
        byte_len: text.len() as u64,
        sha256: format!("{:064x}", text.len()),
        status: DocStatus::Ok,
        encoding: "UTF-8".into(),
        url: None,
        published: None,
        file_map: None,
    }
}

fn sentence(d: &Document, idx: u32, needle: &str) -> Sentence {
    let start = d.text.find(needle).expect("fixture needle");
    let span = Span::new(start, start + needle.len());
    Sentence {
        id: SentenceId::from_parts([d.id.as_str(), &idx.to_string()]),
        doc_id: d.id.clone(),
        idx,
        lang: Lang::detect(needle),
        text: needle.replace('５', "5"),
        span,
        original_text: needle.into(),
        match_key: needle.replace('５', "5").to_lowercase(),
    }
}

fn fact(s: &Sentence, kind: FactKind, surface: &str, normalized: &str) -> Fact {
    let start = s.span.start + s.original_text.find(surface).expect("fixture fact");
    Fact {
        id: FactId::from_parts([s.id.as_str(), kind.as_str(), surface]),
        sentence_id: s.id.clone(),
        doc_id: s.doc_id.clone(),
        kind,
        surface: surface.into(),
        normalized: normalized.into(),
        span: Span::new(start, start + surface.len()),
    }
}

fn fixture() -> Fixture {
    let mut zh = doc(
        "zh/openai.txt",
        Lang::Zh,
        "OpenAI发布GPT-５.6\nOpenAI于6月26日发布了GPT-５.6。\n分享到微博",
    );
    zh.encoding = "GB18030".into();
    zh.published = Some("2026-06-27 01:16".into());
    let ja = doc(
        "ja/openai.txt",
        Lang::Ja,
        "OpenAIの新モデル\nOpenAI は6月27日に GPT-5.6 を発表した。",
    );
    let mut en = doc(
        "en/openai.txt",
        Lang::En,
        "OpenAI ships GPT-5.6\nOpenAI released GPT-5.6 on June 26.",
    );
    en.url = Some("https://example.com/openai".into());
    let mut broken = doc("en/broken.txt", Lang::Und, "");
    broken.title = None;
    broken.byte_len = 3;
    broken.status = DocStatus::Error("invalid UTF-8 at byte 1".into());

    let sentences = vec![
        sentence(&zh, 0, "OpenAI发布GPT-５.6"),
        sentence(&zh, 1, "OpenAI于6月26日发布了GPT-５.6。"),
        sentence(&ja, 0, "OpenAIの新モデル"),
        sentence(&ja, 1, "OpenAI は6月27日に GPT-5.6 を発表した。"),
        sentence(&en, 0, "OpenAI ships GPT-5.6"),
        sentence(&en, 1, "OpenAI released GPT-5.6 on June 26."),
    ];
    let ids: Vec<SentenceId> = sentences.iter().map(|s| s.id.clone()).collect();
    let vectors: Vec<f32> = (0..ids.len() * DIM)
        .map(|i| i as f32 * 0.25 - 1.5)
        .collect();

    let facts = vec![
        fact(&sentences[1], FactKind::Date, "6月26日", "2026-06-26"),
        fact(&sentences[3], FactKind::Date, "6月27日", "2026-06-27"),
        fact(&sentences[5], FactKind::Date, "June 26", "2026-06-26"),
    ];
    let align = |a: &Sentence, b: &Sentence, cosine: f32| Alignment {
        id: AlignmentId::from_parts([a.id.as_str(), b.id.as_str()]),
        doc_a: a.doc_id.clone(),
        doc_b: b.doc_id.clone(),
        sentence_a: Some(a.id.clone()),
        sentence_b: Some(b.id.clone()),
        range_a: Some(SentenceRange::single(a.idx)),
        range_b: Some(SentenceRange::single(b.idx)),
        cosine,
        margin: cosine * 1.1,
        score: cosine * 1.2,
        method: AlignMethod::MarginMnn,
    };
    let mut anchored = align(&sentences[1], &sentences[5], 0.93);
    anchored.method = AlignMethod::MarginAnchors;
    // A 2-1 bead (zh 0..=1 against en 1) and a 0-1 bead (nothing in zh for en 0).
    let bead_21 = Alignment {
        id: AlignmentId::from_parts(["bead", "zh0-1", "en1"]),
        range_a: Some(SentenceRange { first: 0, last: 1 }),
        method: AlignMethod::Bead,
        ..align(&sentences[0], &sentences[5], 0.8)
    };
    let bead_01 = Alignment {
        id: AlignmentId::from_parts(["bead", "-", "en0"]),
        sentence_a: None,
        range_a: None,
        cosine: 0.0,
        margin: 1.0,
        score: -0.5,
        method: AlignMethod::Bead,
        ..align(&sentences[0], &sentences[4], 0.0)
    };
    let alignments = vec![
        align(&sentences[1], &sentences[3], 0.91),
        anchored,
        bead_21,
        bead_01,
    ];
    let members = [&sentences[1], &sentences[3], &sentences[5]];
    let claims = vec![
        Claim {
            id: ClaimId::from_parts(members.iter().map(|s| s.id.as_str())),
            sentence_ids: members.iter().map(|s| s.id.clone()).collect(),
            doc_ids: members.iter().map(|s| s.doc_id.clone()).collect(),
            langs: members.iter().map(|s| s.lang).collect(),
        },
        // Two sentences of one document, one language.
        Claim {
            id: ClaimId::from_parts([sentences[4].id.as_str(), sentences[5].id.as_str()]),
            sentence_ids: vec![sentences[4].id.clone(), sentences[5].id.clone()],
            doc_ids: vec![en.id.clone(), en.id.clone()],
            langs: vec![Lang::En, Lang::En],
        },
    ];
    let share = "分享到微博";
    let share_start = zh.text.find(share).expect("share");
    let removed = vec![RemovedSpan {
        doc_id: zh.id.clone(),
        span: Span::new(share_start, share_start + share.len()),
        reason: "share".into(),
        text: share.into(),
    }];
    // A full-width digit folded in the Chinese document, plus an example
    // that maps to no original bytes.
    let wide = "OpenAI发布GPT-５.6";
    let wide_start = zh.text.find(wide).expect("wide digit");
    let changes = vec![
        NormalizationChange {
            doc_id: zh.id.clone(),
            stage: "nfkc".into(),
            edits: 3,
            examples: vec![ChangeExample {
                before: wide.into(),
                after: "OpenAI发布GPT-5.6".into(),
                span: Some(Span::new(wide_start, wide_start + wide.len())),
            }],
        },
        NormalizationChange {
            doc_id: en.id.clone(),
            stage: "glued".into(),
            edits: 1,
            examples: vec![
                ChangeExample {
                    before: "forceAnd".into(),
                    after: "force And".into(),
                    span: None,
                },
                ChangeExample {
                    before: "MetaYann".into(),
                    after: "Meta Yann".into(),
                    span: Some(Span::new(0, 8)),
                },
            ],
        },
    ];
    let disagreements = vec![Disagreement {
        id: FlagId::from_parts(["date", "2026-06-26", "2026-06-27"]),
        kind: FactKind::Date,
        alignment_id: alignments[0].id.clone(),
        doc_a: zh.id.clone(),
        doc_b: ja.id.clone(),
        sentence_a: sentences[1].id.clone(),
        sentence_b: sentences[3].id.clone(),
        value_a: facts[0].surface.clone(),
        value_b: facts[1].surface.clone(),
        normalized_a: facts[0].normalized.clone(),
        normalized_b: facts[1].normalized.clone(),
        span_a: facts[0].span,
        span_b: facts[1].span,
        confidence: 0.875,
        explanation: "发布日期不同: 6月26日 vs 6月27日".into(),
        claim_id: Some(claims[0].id.clone()),
        likely_error_side: Some(Side::B),
        suggested: Some("2026-06-26".into()),
    }];
    // The three readable documents report one story; the broken one has no event.
    let mut members = vec![zh.id.clone(), ja.id.clone(), en.id.clone()];
    members.sort();
    let events = vec![Event {
        id: EventId::from_parts(members.iter().map(DocId::as_str)),
        label: "OpenAI发布GPT-５.6".into(),
        label_doc: zh.id.clone(),
        documents: members,
        first_date: Some("2026-06-26".into()),
        last_date: Some("2026-06-27".into()),
    }];
    Fixture {
        events,
        documents: vec![zh, ja, en, broken],
        sentences,
        removed,
        changes,
        ids,
        vectors,
        alignments,
        claims,
        facts,
        disagreements,
    }
}

fn metadata() -> Vec<(String, String)> {
    vec![
        ("run_id".to_owned(), "r0123456789abcdef".to_owned()),
        ("concord.model".to_owned(), MODEL.to_owned()),
    ]
}

fn one_batch(dir: &Path, table: &str) -> RecordBatch {
    let batches = read_ipc_file(&dir.join(format!("{table}.arrow"))).expect("read ipc");
    assert_eq!(batches.len(), 1, "{table}");
    batches.into_iter().next().expect("one batch")
}

fn strs(batch: &RecordBatch, name: &str) -> Vec<String> {
    let col = batch.column_by_name(name).expect(name);
    if let DataType::Dictionary(..) = col.data_type() {
        let dict = col
            .as_any()
            .downcast_ref::<DictionaryArray<Int32Type>>()
            .expect("dict");
        let values = dict.values().as_string::<i32>();
        return dict
            .keys()
            .iter()
            .map(|k| values.value(k.expect("key") as usize).to_owned())
            .collect();
    }
    col.as_any()
        .downcast_ref::<StringArray>()
        .expect("utf8")
        .iter()
        .map(|v| v.unwrap_or("<null>").to_owned())
        .collect()
}

fn u64s(batch: &RecordBatch, name: &str) -> Vec<u64> {
    let col = batch.column_by_name(name).expect(name);
    col.as_any()
        .downcast_ref::<UInt64Array>()
        .expect("u64")
        .values()
        .to_vec()
}

fn opt_u32s(batch: &RecordBatch, name: &str) -> Vec<Option<u32>> {
    let col = batch.column_by_name(name).expect(name);
    col.as_any()
        .downcast_ref::<UInt32Array>()
        .expect("u32")
        .iter()
        .collect()
}

fn lists<'a>(batch: &'a RecordBatch, name: &str) -> Vec<Vec<&'a str>> {
    let col = batch
        .column_by_name(name)
        .expect(name)
        .as_any()
        .downcast_ref::<ListArray>()
        .expect("list");
    match col.data_type() {
        DataType::List(item) => {
            assert_eq!(item.name(), "item", "{name}");
            assert!(!item.is_nullable(), "{name}");
        }
        other => panic!("{name} is {other:?}"),
    }
    assert_eq!(col.null_count(), 0, "{name}");
    let values = col.values().as_string::<i32>();
    col.offsets()
        .windows(2)
        .map(|w| {
            (w[0] as usize..w[1] as usize)
                .map(|i| values.value(i))
                .collect()
        })
        .collect()
}

fn no_temp_files(dir: &Path) {
    for entry in fs::read_dir(dir).expect("read dir") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            !name.ends_with(concord_store::TEMP_SUFFIX),
            "temporary left behind: {name}"
        );
    }
}

#[test]
fn full_run_round_trips_through_ipc_and_parquet() {
    let fx = fixture();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("outputs").join("demo");
    let summaries = write_run(&dir, &fx.tables(), &metadata()).expect("write run");

    let names: Vec<&str> = summaries.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, TABLES);
    let rows: Vec<usize> = summaries.iter().map(|s| s.rows).collect();
    assert_eq!(rows, [4, 1, 6, 1, 2, 6, 4, 2, 3, 1]);
    no_temp_files(&dir);

    // events: one row; every readable document points at it, the skipped one
    // at nothing.
    let events = one_batch(&dir, "events");
    assert_eq!(events.num_rows(), 1);
    let event_id = fx.events[0].id.as_str().to_owned();
    assert_eq!(strs(&events, "event_id"), std::slice::from_ref(&event_id));
    assert_eq!(
        strs(&one_batch(&dir, "documents"), "event_id"),
        [
            event_id.clone(),
            event_id.clone(),
            event_id,
            "<null>".to_owned()
        ]
    );

    // documents: n_sentences computed, null title and error status kept.
    let docs = one_batch(&dir, "documents");
    assert_eq!(docs.num_rows(), 4);
    let n = docs
        .column_by_name("n_sentences")
        .expect("n_sentences")
        .as_any()
        .downcast_ref::<UInt32Array>()
        .expect("u32");
    assert_eq!(n.values().to_vec(), [2, 2, 2, 0]);
    assert_eq!(strs(&docs, "lang"), ["zh", "ja", "en", "und"]);
    assert_eq!(
        strs(&docs, "title"),
        [
            "OpenAI发布GPT-５.6",
            "OpenAIの新モデル",
            "OpenAI ships GPT-5.6",
            "<null>"
        ]
    );
    assert_eq!(
        strs(&docs, "status"),
        ["ok", "ok", "ok", "error: invalid UTF-8 at byte 1"]
    );
    let lens: Vec<u64> = fx.documents.iter().map(|d| d.byte_len).collect();
    assert_eq!(u64s(&docs, "byte_len"), lens);
    assert_eq!(lens[1], 71); // bytes, not characters
    assert_eq!(
        strs(&docs, "encoding"),
        ["GB18030", "UTF-8", "UTF-8", "UTF-8"]
    );
    assert_eq!(
        docs.schema()
            .field_with_name("encoding")
            .expect("encoding")
            .data_type(),
        &concord_store::schema::dict_type()
    );
    assert_eq!(
        strs(&docs, "url"),
        ["<null>", "<null>", "https://example.com/openai", "<null>"]
    );
    assert_eq!(
        strs(&docs, "published"),
        ["2026-06-27 01:16", "<null>", "<null>", "<null>"]
    );

    // sentences: text, original text and byte spans into the original file.
    let sents = one_batch(&dir, "sentences");
    let original = strs(&sents, "original_text");
    let starts = u64s(&sents, "byte_start");
    let ends = u64s(&sents, "byte_end");
    for (i, s) in fx.sentences.iter().enumerate() {
        let d = fx.documents.iter().find(|d| d.id == s.doc_id).expect("doc");
        let (a, b) = (starts[i] as usize, ends[i] as usize);
        assert_eq!(&d.text[a..b], original[i]);
    }
    assert_eq!(strs(&sents, "text")[0], "OpenAI发布GPT-5.6");
    assert_eq!(strs(&sents, "lang"), ["zh", "zh", "ja", "ja", "en", "en"]);
    assert_eq!(strs(&sents, "match_key")[4], "openai ships gpt-5.6");

    // removed: span into the original file, reason dictionary-encoded.
    let removed = one_batch(&dir, "removed");
    assert_eq!(strs(&removed, "reason"), ["share"]);
    assert_eq!(strs(&removed, "doc_id"), [fx.documents[0].id.as_str()]);
    let (a, b) = (
        u64s(&removed, "byte_start")[0] as usize,
        u64s(&removed, "byte_end")[0] as usize,
    );
    assert_eq!(&fx.documents[0].text[a..b], "分享到微博");
    assert_eq!(strs(&removed, "text"), ["分享到微博"]);

    // changes: one row per document and stage, examples as list<struct>.
    let changes = one_batch(&dir, "changes");
    assert_eq!(strs(&changes, "stage"), ["nfkc", "glued"]);
    assert_eq!(u64s(&changes, "edits"), [3, 1]);
    let examples = changes
        .column_by_name("examples")
        .expect("examples")
        .as_list::<i32>();
    assert_eq!(examples.value_length(0), 1);
    assert_eq!(examples.value_length(1), 2);
    let items = examples.values().as_struct();
    let before = items
        .column_by_name("before")
        .expect("before")
        .as_string::<i32>();
    assert_eq!(before.value(2), "MetaYann");
    let start = items
        .column_by_name("byte_start")
        .expect("byte_start")
        .as_primitive::<arrow::datatypes::UInt64Type>();
    assert!(start.is_null(1));
    let at = start.value(0) as usize;
    let wide = "OpenAI发布GPT-５.6";
    assert_eq!(&fx.documents[0].text[at..at + wide.len()], wide);

    // embeddings: FixedSizeList<Float32, 4>, values bit-identical.
    let emb = one_batch(&dir, "embeddings");
    let vector = emb.column_by_name("vector").expect("vector");
    match vector.data_type() {
        DataType::FixedSizeList(item, size) => {
            assert_eq!(*size, DIM as i32);
            assert_eq!(item.name(), "item");
            assert!(!item.is_nullable());
            assert_eq!(item.data_type(), &DataType::Float32);
        }
        other => panic!("vector is {other:?}"),
    }
    let list = vector
        .as_any()
        .downcast_ref::<FixedSizeListArray>()
        .expect("fsl");
    let values = list
        .values()
        .as_any()
        .downcast_ref::<Float32Array>()
        .expect("f32");
    assert_eq!(values.values().to_vec(), fx.vectors);
    assert_eq!(strs(&emb, "model"), vec![MODEL; 6]);
    assert_eq!(emb.schema().metadata()["concord.dim"], "4");

    // alignments, facts, disagreements.
    let al = one_batch(&dir, "alignments");
    assert_eq!(
        strs(&al, "method"),
        ["margin_mnn", "margin_anchors", "bead", "bead"]
    );
    assert_eq!(
        al.schema()
            .field_with_name("method")
            .expect("method")
            .data_type(),
        &concord_store::schema::dict_type()
    );
    let s = &fx.sentences;
    assert_eq!(
        strs(&al, "sentence_a"),
        [
            s[1].id.as_str(),
            s[1].id.as_str(),
            s[0].id.as_str(),
            "<null>"
        ]
    );
    assert_eq!(
        strs(&al, "sentence_b"),
        [
            s[3].id.as_str(),
            s[5].id.as_str(),
            s[5].id.as_str(),
            s[4].id.as_str()
        ]
    );
    assert_eq!(opt_u32s(&al, "a_first"), [Some(1), Some(1), Some(0), None]);
    assert_eq!(opt_u32s(&al, "a_last"), [Some(1), Some(1), Some(1), None]);
    assert_eq!(
        opt_u32s(&al, "b_first"),
        [Some(1), Some(1), Some(1), Some(0)]
    );
    assert_eq!(
        opt_u32s(&al, "b_last"),
        [Some(1), Some(1), Some(1), Some(0)]
    );
    let score = al
        .column_by_name("score")
        .expect("score")
        .as_any()
        .downcast_ref::<Float32Array>()
        .expect("f32");
    assert_eq!(score.value(3), -0.5);
    assert_eq!(score.null_count(), 0);

    // claims: list columns and distinct counts.
    let claims = one_batch(&dir, "claims");
    assert_eq!(
        strs(&claims, "claim_id"),
        [fx.claims[0].id.as_str(), fx.claims[1].id.as_str()]
    );
    assert_eq!(opt_u32s(&claims, "n_members"), [Some(3), Some(2)]);
    assert_eq!(opt_u32s(&claims, "n_sources"), [Some(3), Some(1)]);
    assert_eq!(opt_u32s(&claims, "n_langs"), [Some(3), Some(1)]);
    assert_eq!(
        lists(&claims, "sentence_ids"),
        [
            vec![s[1].id.as_str(), s[3].id.as_str(), s[5].id.as_str()],
            vec![s[4].id.as_str(), s[5].id.as_str()],
        ]
    );
    let d = &fx.documents;
    assert_eq!(
        lists(&claims, "doc_ids"),
        [
            vec![d[0].id.as_str(), d[1].id.as_str(), d[2].id.as_str()],
            vec![d[2].id.as_str(), d[2].id.as_str()],
        ]
    );
    assert_eq!(
        lists(&claims, "langs"),
        [vec!["zh", "ja", "en"], vec!["en", "en"]]
    );

    let facts = one_batch(&dir, "facts");
    assert_eq!(strs(&facts, "kind"), ["date", "date", "date"]);
    assert_eq!(
        strs(&facts, "normalized"),
        ["2026-06-26", "2026-06-27", "2026-06-26"]
    );
    let dis = one_batch(&dir, "disagreements");
    assert_eq!(
        strs(&dis, "explanation"),
        ["发布日期不同: 6月26日 vs 6月27日"]
    );
    assert_eq!(strs(&dis, "value_b"), ["6月27日"]);
    assert_eq!(strs(&dis, "kind"), ["date"]);
    assert_eq!(strs(&dis, "claim_id"), [fx.claims[0].id.as_str()]);
    assert_eq!(strs(&dis, "likely_error_side"), ["b"]);
    assert_eq!(strs(&dis, "suggested"), ["2026-06-26"]);
    let ja_text = &fx.documents[1].text;
    let (a, b) = (
        u64s(&dis, "byte_start_b")[0] as usize,
        u64s(&dis, "byte_end_b")[0] as usize,
    );
    assert_eq!(&ja_text[a..b], "6月27日");
    let conf = dis
        .column_by_name("confidence")
        .expect("confidence")
        .as_any()
        .downcast_ref::<Float32Array>()
        .expect("f32");
    assert_eq!(conf.value(0), 0.875);

    // Every schema is versioned and every column described.
    for table in TABLES {
        let batch = one_batch(&dir, table);
        let schema = batch.schema();
        assert_eq!(schema.metadata()["concord.schema_version"], SCHEMA_VERSION);
        assert_eq!(schema.metadata()["concord.table"], table);
        for field in schema.fields() {
            assert!(
                !field.metadata()["description"].is_empty(),
                "{table}.{}",
                field.name()
            );
        }
    }

    // Parquet: key-value metadata and identical content.
    for table in TABLES {
        let path = dir.join(format!("{table}.parquet"));
        let builder =
            ParquetRecordBatchReaderBuilder::try_new(fs::File::open(&path).expect("open"))
                .expect("parquet");
        let kv: BTreeMap<String, Option<String>> = builder
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .expect("kv metadata")
            .iter()
            .map(|kv| (kv.key.clone(), kv.value.clone()))
            .collect();
        assert_eq!(kv["run_id"].as_deref(), Some("r0123456789abcdef"));
        assert_eq!(kv["concord.model"].as_deref(), Some(MODEL));
        assert_eq!(
            kv["concord.schema_version"].as_deref(),
            Some(SCHEMA_VERSION)
        );
        assert_eq!(kv["concord.table"].as_deref(), Some(table));
        let from_parquet: Vec<RecordBatch> = builder
            .build()
            .expect("reader")
            .collect::<Result<_, _>>()
            .expect("batches");
        let ipc = one_batch(&dir, table);
        assert_eq!(from_parquet.len(), 1, "{table}");
        assert_eq!(from_parquet[0].schema().fields(), ipc.schema().fields());
        assert_eq!(from_parquet[0].columns(), ipc.columns(), "{table}");
    }

    // The embedded Arrow schema keeps the embedding column's fixed size (a
    // bare Parquet schema would only say "repeated float") and the list
    // columns' non-null `item` child.
    let open = |table: &str| {
        let path = dir.join(format!("{table}.parquet"));
        ParquetRecordBatchReaderBuilder::try_new(fs::File::open(path).expect("open"))
            .expect("parquet")
    };
    let emb_schema = open("embeddings").schema().clone();
    match emb_schema
        .field_with_name("vector")
        .expect("vector")
        .data_type()
    {
        DataType::FixedSizeList(item, size) => {
            assert_eq!(*size, DIM as i32);
            assert_eq!(item.data_type(), &DataType::Float32);
            assert!(!item.is_nullable());
        }
        other => panic!("parquet vector is {other:?}"),
    }
    let claims_schema = open("claims").schema().clone();
    assert_eq!(
        claims_schema
            .field_with_name("langs")
            .expect("langs")
            .data_type(),
        &concord_store::schema::string_list_type()
    );
}

#[test]
fn full_size_embeddings_keep_fixed_size_list_in_parquet() {
    const DIM_384: usize = 384;
    let fx = fixture();
    let vectors: Vec<f32> = (0..fx.ids.len() * DIM_384)
        .map(|i| (i as f32 * 0.01).cos())
        .collect();
    let mut tables = fx.tables();
    tables.embeddings = &vectors;
    tables.dim = DIM_384;
    let tmp = tempfile::tempdir().expect("tempdir");
    write_run(tmp.path(), &tables, &metadata()).expect("write");
    let file = fs::File::open(tmp.path().join("embeddings.parquet")).expect("open");
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("parquet");
    assert_eq!(
        builder
            .schema()
            .field_with_name("vector")
            .expect("vector")
            .data_type(),
        &concord_store::schema::vector_type(384)
    );
    let batches: Vec<RecordBatch> = builder
        .build()
        .expect("reader")
        .collect::<Result<_, _>>()
        .expect("batches");
    let list = batches[0]
        .column_by_name("vector")
        .expect("vector")
        .as_fixed_size_list();
    assert_eq!(list.value_length(), 384);
    assert_eq!(
        list.values()
            .as_primitive::<arrow::datatypes::Float32Type>()
            .values()
            .to_vec(),
        vectors
    );
}

#[test]
fn claims_with_inconsistent_members_are_errors() {
    let fx = fixture();
    let mut claims = fx.claims.clone();
    claims[1].langs.pop();
    let err = concord_store::claims_batch(&claims, &[]).expect_err("short langs");
    assert!(
        matches!(
            err,
            StoreError::Shape {
                table: "claims",
                expected: 2,
                actual: 1,
                ..
            }
        ),
        "{err:?}"
    );
    let mut tables = fx.tables();
    tables.claims = &claims;
    let tmp = tempfile::tempdir().expect("tempdir");
    assert!(write_run(tmp.path(), &tables, &[]).is_err());
    assert_eq!(fs::read_dir(tmp.path()).expect("dir").count(), 0);

    // An empty claim is fine (no members, no sources).
    let empty = Claim {
        id: ClaimId::from_parts(["empty"]),
        sentence_ids: vec![],
        doc_ids: vec![],
        langs: vec![],
    };
    let batch = concord_store::claims_batch(&[empty], &[]).expect("empty claim");
    assert_eq!(opt_u32s(&batch, "n_members"), [Some(0)]);
    assert_eq!(lists(&batch, "langs"), [Vec::<&str>::new()]);
}

#[test]
fn same_input_gives_identical_files() {
    let fx = fixture();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write_run(&a, &fx.tables(), &metadata()).expect("a");
    write_run(&b, &fx.tables(), &metadata()).expect("b");
    for table in TABLES {
        for ext in ["arrow", "parquet"] {
            let name = format!("{table}.{ext}");
            assert_eq!(
                fs::read(a.join(&name)).expect("a"),
                fs::read(b.join(&name)).expect("b"),
                "{name} differs"
            );
        }
    }
}

#[test]
fn empty_run_writes_empty_tables() {
    let tables = RunTables {
        documents: &[],
        events: &[],
        sentences: &[],
        removed: &[],
        changes: &[],
        embedding_ids: &[],
        embeddings: &[],
        dim: DIM,
        model: MODEL,
        alignments: &[],
        claims: &[],
        facts: &[],
        disagreements: &[],
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let summaries = write_run(tmp.path(), &tables, &[]).expect("write");
    assert!(summaries.iter().all(|s| s.rows == 0));
    // Without caller metadata the Parquet files still name the model.
    let file = fs::File::open(tmp.path().join("claims.parquet")).expect("open");
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("parquet");
    let kv = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .expect("kv");
    let get = |key: &str| {
        kv.iter()
            .find(|e| e.key == key)
            .and_then(|e| e.value.clone())
    };
    assert_eq!(get("concord.model").as_deref(), Some(MODEL));
    assert_eq!(
        get("concord.schema_version").as_deref(),
        Some(SCHEMA_VERSION)
    );
    assert_eq!(get("concord.table").as_deref(), Some("claims"));
    for table in TABLES {
        let batches = read_ipc_file(&tmp.path().join(format!("{table}.arrow"))).expect("read");
        assert_eq!(batches.iter().map(RecordBatch::num_rows).sum::<usize>(), 0);
    }
}

#[test]
fn bad_shapes_are_errors_and_leave_previous_run_intact() {
    let fx = fixture();
    let tmp = tempfile::tempdir().expect("tempdir");
    write_run(tmp.path(), &fx.tables(), &metadata()).expect("first run");
    let before = fs::read(tmp.path().join("documents.arrow")).expect("read");

    let mut short = fx.tables();
    short.embeddings = &fx.vectors[1..];
    let err = write_run(tmp.path(), &short, &[]).expect_err("short vectors");
    assert!(matches!(
        err,
        StoreError::Shape {
            table: "embeddings",
            expected: 24,
            actual: 23,
            ..
        }
    ));
    assert!(err.to_string().contains("embeddings"), "{err}");

    let mut zero = fx.tables();
    zero.dim = 0;
    assert!(matches!(
        write_run(tmp.path(), &zero, &[]),
        Err(StoreError::Dimension { dim: 0, .. })
    ));

    // Nothing was touched: tables are built before any file is written.
    assert_eq!(
        fs::read(tmp.path().join("documents.arrow")).expect("read"),
        before
    );
    no_temp_files(tmp.path());
}

#[test]
fn overwrite_is_atomic_and_failed_write_keeps_previous_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("summary.json");
    write_json_atomic(&path, &serde_json::json!({"claim": "六月二十七日", "n": 1})).expect("1");
    write_json_atomic(&path, &serde_json::json!({"claim": "6月27日", "n": 2})).expect("2");
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.ends_with("}\n"), "{text:?}");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value["n"], 2);
    assert_eq!(value["claim"], "6月27日");
    no_temp_files(tmp.path());

    // A writer that fails half-way: the previous content survives and the
    // temporary file is removed.
    let err = write_atomic(&path, |file| {
        use std::io::Write;
        file.write_all(b"{\"trunc")
            .map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
        Err(StoreError::Shape {
            table: "test",
            what: "simulated failure",
            expected: 0,
            actual: 1,
        })
    })
    .expect_err("must fail");
    assert!(matches!(err, StoreError::Shape { .. }));
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    no_temp_files(tmp.path());

    // A JSON serialization failure also leaves the file alone.
    let mut bad = BTreeMap::new();
    bad.insert(vec![1u8], 1); // non-string map keys cannot be JSON
    let err = write_json_atomic(&path, &bad).expect_err("non-string key");
    assert!(matches!(err, StoreError::Json { .. }), "{err:?}");
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    no_temp_files(tmp.path());

    // Missing directory: an I/O error naming the directory, no panic.
    let fx = fixture();
    let batch = concord_store::facts_batch(&fx.facts).expect("facts");
    let missing = tmp.path().join("no/such/dir/facts.arrow");
    match write_ipc_file(&missing, &batch) {
        Err(StoreError::Io { path, .. }) => assert!(path.ends_with("no/such/dir")),
        other => panic!("expected Io error, got {other:?}"),
    }
    match write_parquet(&missing.with_extension("parquet"), &batch, &[]) {
        Err(StoreError::Io { .. }) => {}
        other => panic!("expected Io error, got {other:?}"),
    }
}

#[test]
fn embedding_file_round_trips() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("embed.arrow");
    let texts: Vec<String> = ["米国の規制", "美国监管", "US regulation"]
        .map(str::to_owned)
        .to_vec();
    let vectors: Vec<f32> = (0..texts.len() * 3).map(|i| (i as f32).sin()).collect();
    write_embedding_file(&path, &texts, &vectors, 3, MODEL).expect("write");

    let batches = read_ipc_file(&path).expect("read");
    let schema = batches[0].schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, ["idx", "text", "vector"]);
    assert_eq!(schema.metadata()["concord.model"], MODEL);
    let idx = batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<UInt32Array>()
        .expect("u32");
    assert_eq!(idx.values().to_vec(), [0, 1, 2]);

    let (t, v, dim) = read_embedding_file(&path).expect("read back");
    assert_eq!((t, v, dim), (texts.clone(), vectors.clone(), 3));

    // Wrong sizes are errors, not panics.
    assert!(matches!(
        write_embedding_file(&path, &texts, &vectors[..8], 3, MODEL),
        Err(StoreError::Shape { .. })
    ));
    // A table without the columns is a format error naming the column.
    let other = tmp.path().join("facts.arrow");
    write_ipc_file(
        &other,
        &concord_store::facts_batch(&fixture().facts).expect("facts"),
    )
    .expect("write");
    assert!(matches!(
        read_embedding_file(&other),
        Err(StoreError::Format { column: "text", .. })
    ));
    // Not an Arrow file at all.
    fs::write(&other, "not arrow").expect("write");
    assert!(matches!(
        read_embedding_file(&other),
        Err(StoreError::Ipc { .. })
    ));
}

#[test]
fn manifest_is_pretty_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fx = fixture();
    let tables = write_run(tmp.path(), &fx.tables(), &metadata()).expect("run");
    let manifest = Manifest {
        schema_version: concord_store::SCHEMA_VERSION.into(),
        tool_version: "0.1.0".into(),
        run_id: "r0123456789abcdef".into(),
        model: ModelRecord {
            id: MODEL.into(),
            revision: Some("abc123".into()),
            dim: DIM,
        },
        device: "cpu".into(),
        inputs: fx
            .documents
            .iter()
            .map(|d| InputRecord {
                path: d.source.clone(),
                sha256: d.sha256.clone(),
                byte_len: d.byte_len,
            })
            .collect(),
        counts: BTreeMap::from([("documents".to_owned(), 4), ("sentences".to_owned(), 6)]),
        timings: vec![StageTiming {
            stage: "ingest".into(),
            millis: 1.5,
        }],
        tables,
        settings: Some(RunSettings {
            model_spec: "multilingual-e5-small".into(),
            segmentation: "rules".into(),
            parallel: false,
        }),
        ingests: vec![IngestRecord {
            kind: IngestKind::Full,
            started: "2026-06-27T01:16:00Z".into(),
            inputs: vec!["corpus".into()],
            added: fx.documents.iter().map(|d| d.source.clone()).collect(),
            changed: Vec::new(),
            unchanged: Vec::new(),
            counts: BTreeMap::from([("documents_added".to_owned(), 4)]),
            timings: Vec::new(),
        }],
    };
    write_manifest(tmp.path(), &manifest).expect("manifest");
    let text = fs::read_to_string(tmp.path().join(MANIFEST_FILE)).expect("read");
    assert!(text.ends_with('\n'));
    assert!(text.contains(&format!("\n  \"schema_version\": \"{SCHEMA_VERSION}\"")));
    assert!(text.contains("\"kind\": \"full\""), "{text}");
    let back: Manifest = serde_json::from_str(&text).expect("parse");
    assert_eq!(back, manifest);
    assert_eq!(read_manifest(tmp.path()).expect("read"), manifest);

    // A manifest written before `settings` and `ingests` existed still reads.
    let mut old: serde_json::Value = serde_json::from_str(&text).expect("json");
    let object = old.as_object_mut().expect("object");
    object.remove("settings");
    object.remove("ingests");
    let back: Manifest = serde_json::from_value(old).expect("old manifest");
    assert_eq!(back.settings, None);
    assert!(back.ingests.is_empty());
    assert_eq!(back.tables, manifest.tables);
}

/// The fixture as `read_run` gives it back: documents without their text.
fn as_read_back(fx: &Fixture) -> RunData {
    RunData {
        documents: fx
            .documents
            .iter()
            .map(|d| Document {
                text: String::new(),
                file_map: None,
                ..d.clone()
            })
            .collect(),
        events: fx.events.clone(),
        sentences: fx.sentences.clone(),
        removed: fx.removed.clone(),
        changes: fx.changes.clone(),
        embedding_ids: fx.ids.clone(),
        embeddings: fx.vectors.clone(),
        dim: DIM,
        model: MODEL.to_owned(),
        alignments: fx.alignments.clone(),
        claims: fx.claims.clone(),
        facts: fx.facts.clone(),
        disagreements: fx.disagreements.clone(),
    }
}

#[test]
fn read_run_gives_back_the_records_write_run_wrote() {
    let fx = fixture();
    let tmp = tempfile::tempdir().expect("tempdir");
    write_run(tmp.path(), &fx.tables(), &metadata()).expect("write");
    let back = read_run(tmp.path()).expect("read");
    assert_eq!(back, as_read_back(&fx));
    // Writing what was read gives the same files again.
    let again = tmp.path().join("again");
    write_run(&again, &back.tables(), &metadata()).expect("write again");
    for table in TABLES {
        for ext in ["arrow", "parquet"] {
            let name = format!("{table}.{ext}");
            assert_eq!(
                fs::read(tmp.path().join(&name)).expect("first"),
                fs::read(again.join(&name)).expect("again"),
                "{name}"
            );
        }
    }
    // The Parquet copies hold the same rows.
    for table in TABLES {
        let ipc = read_ipc_file(&tmp.path().join(format!("{table}.arrow"))).expect("ipc");
        let pq = read_parquet_file(&tmp.path().join(format!("{table}.parquet"))).expect("pq");
        let columns = |batches: &[RecordBatch]| -> Vec<Vec<arrow::array::ArrayRef>> {
            batches.iter().map(|b| b.columns().to_vec()).collect()
        };
        assert_eq!(columns(&ipc), columns(&pq), "{table}");
    }
}

#[test]
fn read_run_of_an_empty_run_keeps_dimension_and_model() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let empty = RunData {
        dim: DIM,
        model: MODEL.to_owned(),
        ..RunData::default()
    };
    write_run(tmp.path(), &empty.tables(), &[]).expect("write");
    assert_eq!(read_run(tmp.path()).expect("read"), empty);
}

#[test]
fn read_run_reports_bad_values_with_file_column_and_row() {
    let fx = fixture();
    let tmp = tempfile::tempdir().expect("tempdir");
    write_run(tmp.path(), &fx.tables(), &metadata()).expect("write");
    let mut facts = fx.facts.clone();
    facts.truncate(1);
    let bad_batch = {
        let batch = concord_store::facts_batch(&facts).expect("facts");
        let mut columns = batch.columns().to_vec();
        let kinds: DictionaryArray<Int32Type> = vec!["rumour"].into_iter().collect();
        columns[3] = std::sync::Arc::new(kinds);
        RecordBatch::try_new(batch.schema(), columns).expect("batch")
    };
    write_ipc_file(&tmp.path().join("facts.arrow"), &bad_batch).expect("write bad");
    match read_run(tmp.path()) {
        Err(StoreError::Value {
            path,
            column: "kind",
            row: 0,
            value,
            ..
        }) => {
            assert!(path.ends_with("facts.arrow"));
            assert_eq!(value, "rumour");
        }
        other => panic!("expected a Value error, got {other:?}"),
    }
    fs::remove_file(tmp.path().join("claims.arrow")).expect("remove");
    assert!(matches!(read_run(tmp.path()), Err(StoreError::Io { .. })));
}
