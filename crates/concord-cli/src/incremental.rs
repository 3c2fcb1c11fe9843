//! The pieces that let `concord run --into DIR` extend an existing run and
//! end with exactly the tables a full run over all its documents writes:
//! per-document records rebuilt from the tables, the classification of
//! ingested documents (added, changed, unchanged), the canonical document
//! order, and the merge of kept and new alignments in full-run order.

use anyhow::{bail, Result};
use concord_core::{Alignment, DocId, Document, Fact, NormalizationChange, RemovedSpan, Sentence};
use concord_store::RunData;
use std::collections::{HashMap, HashSet};

/// One document and every row that belongs to it.
#[derive(Debug, Clone)]
pub(crate) struct DocRecords {
    pub doc: Document,
    pub sentences: Vec<Sentence>,
    pub facts: Vec<Fact>,
    pub removed: Vec<RemovedSpan>,
    pub changes: Vec<NormalizationChange>,
    /// Row-major vectors of `sentences`, `sentences.len() * dim` values.
    pub vectors: Vec<f32>,
    /// Processed by this ingest (new or changed), as opposed to kept.
    pub fresh: bool,
}

impl DocRecords {
    /// A document of the run without rows yet (filled in from the tables).
    pub fn kept(doc: Document) -> Self {
        Self {
            doc,
            sentences: Vec::new(),
            facts: Vec::new(),
            removed: Vec::new(),
            changes: Vec::new(),
            vectors: Vec::new(),
            fresh: false,
        }
    }
}

/// Where a document sorts in every table: by source, with the lines of a
/// `.jsonl` file (`file.jsonl#L12`) in line order. This is the order ingest
/// produces for one batch of inputs, so full runs are unchanged by it, and
/// an incremental run puts new documents where a full run would have.
pub(crate) fn document_order_key(source: &str) -> (&str, u64) {
    if let Some((file, line)) = source.rsplit_once("#L") {
        let lower = file.to_ascii_lowercase();
        let is_jsonl = lower.ends_with(".jsonl") || lower.ends_with(".ndjson");
        if is_jsonl && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(number) = line.parse::<u64>() {
                return (file, number);
            }
        }
    }
    (source, 0)
}

/// Sort documents (with their rows) into [`document_order_key`] order.
pub(crate) fn sort_canonically(records: &mut [DocRecords]) {
    records
        .sort_by(|a, b| document_order_key(&a.doc.source).cmp(&document_order_key(&b.doc.source)));
}

/// Split a run read from its tables into per-document records, in table
/// order. Fails when a sentence has no embedding row.
pub(crate) fn records_of_run(data: RunData) -> Result<Vec<DocRecords>> {
    let RunData {
        documents,
        sentences,
        removed,
        changes,
        embedding_ids,
        embeddings,
        dim,
        facts,
        ..
    } = data;
    let row_of: HashMap<&str, usize> = embedding_ids
        .iter()
        .enumerate()
        .map(|(row, id)| (id.as_str(), row))
        .collect();
    let mut by_doc: HashMap<DocId, DocRecords> = HashMap::with_capacity(documents.len());
    let mut order = Vec::with_capacity(documents.len());
    for doc in documents {
        order.push(doc.id.clone());
        by_doc.insert(doc.id.clone(), DocRecords::kept(doc));
    }
    for sentence in sentences {
        let Some(records) = by_doc.get_mut(&sentence.doc_id) else {
            bail!(
                "the run's sentence {} belongs to no document ({})",
                sentence.id,
                sentence.doc_id
            );
        };
        let row = row_of.get(sentence.id.as_str()).copied();
        let vector = row.and_then(|r| embeddings.get(r * dim..(r + 1) * dim));
        let Some(vector) = vector else {
            bail!("the run's sentence {} has no embedding", sentence.id);
        };
        records.vectors.extend_from_slice(vector);
        records.sentences.push(sentence);
    }
    for fact in facts {
        if let Some(records) = by_doc.get_mut(&fact.doc_id) {
            records.facts.push(fact);
        }
    }
    for span in removed {
        if let Some(records) = by_doc.get_mut(&span.doc_id) {
            records.removed.push(span);
        }
    }
    for change in changes {
        if let Some(records) = by_doc.get_mut(&change.doc_id) {
            records.changes.push(change);
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|id| by_doc.remove(&id))
        .collect())
}

/// How the documents of one ingest relate to the run.
#[derive(Debug, Default)]
pub(crate) struct Classified {
    /// Documents to process: new sources and changed ones.
    pub fresh: Vec<Document>,
    /// Sources new to the run.
    pub added: Vec<String>,
    /// Sources in the run with other content.
    pub changed: Vec<String>,
    /// Sources in the run with the same content.
    pub unchanged: Vec<String>,
}

/// Compare ingested documents with the run's by source: same SHA-256 is
/// unchanged (skipped), another one is changed (replaces the old document),
/// an unknown source is new.
pub(crate) fn classify(previous: &[DocRecords], ingested: Vec<Document>) -> Classified {
    let known: HashMap<&str, &str> = previous
        .iter()
        .map(|r| (r.doc.source.as_str(), r.doc.sha256.as_str()))
        .collect();
    let mut out = Classified::default();
    for doc in ingested {
        match known.get(doc.source.as_str()) {
            Some(sha) if *sha == doc.sha256 => out.unchanged.push(doc.source),
            Some(_) => {
                out.changed.push(doc.source.clone());
                out.fresh.push(doc);
            }
            None => {
                out.added.push(doc.source.clone());
                out.fresh.push(doc);
            }
        }
    }
    out
}

/// Put the kept alignments (between documents this ingest did not touch)
/// and the new ones (from the tasks of this ingest) into the order a full
/// run writes: every document pair in document order, each pair's rows in
/// the order its aligner produced them, then every document's alignments
/// with itself. `position` gives each aligned document's place in the
/// document order. Alignments of documents not in `position` are dropped
/// and counted in the second return value.
pub(crate) fn merge_alignments(
    kept: Vec<Alignment>,
    new: Vec<Alignment>,
    position: &HashMap<&DocId, usize>,
) -> (Vec<Alignment>, usize) {
    let mut keyed: Vec<((bool, usize, usize), usize, Alignment)> =
        Vec::with_capacity(kept.len() + new.len());
    let mut dropped = 0;
    for (seq, alignment) in kept.into_iter().chain(new).enumerate() {
        let (Some(&a), Some(&b)) = (
            position.get(&alignment.doc_a),
            position.get(&alignment.doc_b),
        ) else {
            dropped += 1;
            continue;
        };
        // Pairs first (false < true), then alignments within one document.
        let key = if a == b { (true, a, 0) } else { (false, a, b) };
        keyed.push((key, seq, alignment));
    }
    // Stable within a pair: kept rows and new rows never share a pair, and
    // each keeps the order its aligner gave.
    keyed.sort_by_key(|(key, seq, _)| (*key, *seq));
    (keyed.into_iter().map(|(_, _, a)| a).collect(), dropped)
}

/// The alignments of `previous` that connect two documents kept as they were.
pub(crate) fn kept_alignments(previous: Vec<Alignment>, kept: &HashSet<&DocId>) -> Vec<Alignment> {
    previous
        .into_iter()
        .filter(|a| kept.contains(&a.doc_a) && kept.contains(&a.doc_b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::{AlignMethod, AlignmentId, DocStatus, Lang, SentenceId, SentenceRange};

    fn doc(source: &str, sha: &str) -> Document {
        Document {
            id: DocId::from_parts([source, sha]),
            source: source.to_owned(),
            lang: Lang::En,
            title: None,
            text: String::new(),
            byte_len: 1,
            sha256: sha.to_owned(),
            status: DocStatus::Ok,
            encoding: "UTF-8".to_owned(),
            url: None,
            published: None,
            file_map: None,
        }
    }

    fn records(d: Document) -> DocRecords {
        DocRecords::kept(d)
    }

    #[test]
    fn jsonl_lines_sort_by_line_number_after_their_file_name() {
        let mut sources = vec![
            "in/b.txt",
            "in/a.jsonl#L10",
            "in/a.jsonl#L9",
            "in/a.jsonl.txt",
            "in/a#L3.txt",
            "in/a.JSONL#L2",
        ];
        sources.sort_by_key(|s| document_order_key(s));
        assert_eq!(
            sources,
            [
                "in/a#L3.txt",
                "in/a.JSONL#L2",
                "in/a.jsonl#L9",
                "in/a.jsonl#L10",
                "in/a.jsonl.txt",
                "in/b.txt"
            ]
        );
        assert_eq!(document_order_key("x.txt#L4"), ("x.txt#L4", 0));
    }

    #[test]
    fn documents_are_new_changed_or_unchanged_by_source_and_content() {
        let previous = vec![records(doc("a.txt", "1")), records(doc("b.txt", "2"))];
        let classified = classify(
            &previous,
            vec![doc("a.txt", "1"), doc("b.txt", "3"), doc("c.txt", "4")],
        );
        assert_eq!(classified.unchanged, ["a.txt"]);
        assert_eq!(classified.changed, ["b.txt"]);
        assert_eq!(classified.added, ["c.txt"]);
        let fresh: Vec<&str> = classified.fresh.iter().map(|d| d.source.as_str()).collect();
        assert_eq!(fresh, ["b.txt", "c.txt"]);
    }

    fn alignment(a: &DocId, b: &DocId, n: u32) -> Alignment {
        Alignment {
            id: AlignmentId::from_parts([a.as_str(), b.as_str(), &n.to_string()]),
            doc_a: a.clone(),
            doc_b: b.clone(),
            sentence_a: Some(SentenceId::from_parts([a.as_str(), &n.to_string()])),
            sentence_b: Some(SentenceId::from_parts([b.as_str(), &n.to_string()])),
            range_a: Some(SentenceRange::single(n)),
            range_b: Some(SentenceRange::single(n)),
            cosine: 0.9,
            margin: 1.1,
            score: 1.1,
            method: AlignMethod::MarginMnn,
        }
    }

    #[test]
    fn merged_alignments_follow_full_run_order() {
        let ids: Vec<DocId> = ["a", "b", "c"]
            .iter()
            .map(|s| DocId::from_parts([*s]))
            .collect();
        let (a, b, c) = (&ids[0], &ids[1], &ids[2]);
        // Kept: (a, c) and a within a; new: everything touching b.
        let kept = vec![alignment(a, a, 0), alignment(a, c, 0), alignment(a, c, 1)];
        let new = vec![
            alignment(a, b, 0),
            alignment(b, c, 0),
            alignment(b, b, 0),
            alignment(a, b, 1),
        ];
        let position: HashMap<&DocId, usize> =
            ids.iter().enumerate().map(|(i, d)| (d, i)).collect();
        let (merged, dropped) = merge_alignments(kept, new, &position);
        assert_eq!(dropped, 0);
        let order: Vec<(usize, usize, u32)> = merged
            .iter()
            .map(|x| {
                (
                    position[&x.doc_a],
                    position[&x.doc_b],
                    x.range_a.map_or(0, |r| r.first),
                )
            })
            .collect();
        assert_eq!(
            order,
            [
                (0, 1, 0),
                (0, 1, 1),
                (0, 2, 0),
                (0, 2, 1),
                (1, 2, 0),
                (0, 0, 0),
                (1, 1, 0)
            ]
        );
        let gone = DocId::from_parts(["gone"]);
        let (_, dropped) = merge_alignments(vec![alignment(a, &gone, 0)], Vec::new(), &position);
        assert_eq!(dropped, 1);
    }
}
