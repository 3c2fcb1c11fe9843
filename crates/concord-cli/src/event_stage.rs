//! The event stage as the CLI runs it: every document with sentences gets a
//! profile (its vectors, rare fact keys and dateline) and the
//! [`EventGrouper`] puts documents that report one story into one event.
//! Alignment then only runs inside events.

use crate::incremental::DocRecords;
use anyhow::{Context, Result};
use concord_core::{DocId, Event};
use concord_events::{document_keys, one_event, EventConfig, EventDoc, EventGrouper};
use std::collections::HashMap;

/// Events of the documents in `records` that have sentences, and the event
/// index of each of those documents (same order as the filtered records).
/// With `all_one_story` (`--parallel`: the user says every pair translates
/// each other) all documents form one event.
pub(crate) fn group_events(
    records: &[DocRecords],
    dim: usize,
    config: EventConfig,
    all_one_story: bool,
) -> Result<(Vec<Event>, Vec<usize>)> {
    let extractor = concord_facts::FactExtractor::new();
    let with_sentences: Vec<&DocRecords> =
        records.iter().filter(|r| !r.sentences.is_empty()).collect();
    let docs: Vec<EventDoc> = with_sentences
        .iter()
        .map(|r| {
            let byline_dates = extractor.byline_dates(&r.removed);
            let date = concord_facts::find_dateline_with(
                &r.sentences,
                &r.facts,
                &byline_dates,
                r.doc.published.as_deref(),
            )
            .map(|d| d.date);
            // The first sentence after boilerplate removal is the headline
            // (the file's first line may be a menu).
            let label = r
                .sentences
                .first()
                .map(|s| s.original_text.trim().to_owned())
                .or_else(|| r.doc.title.clone())
                .unwrap_or_default();
            EventDoc {
                doc_id: &r.doc.id,
                lang: r.doc.lang,
                vectors: &r.vectors,
                keys: document_keys(&r.facts),
                label,
                date,
            }
        })
        .collect();
    if all_one_story {
        let grouping = one_event(&docs);
        return Ok((grouping.events, grouping.event_of));
    }
    let grouping = EventGrouper::new(config)
        .context("event stage configuration")?
        .group(&docs, dim)
        .context("grouping documents into events")?;
    Ok((grouping.events, grouping.event_of))
}

/// Document id → event id.
pub(crate) fn event_of_doc(events: &[Event]) -> HashMap<&DocId, &concord_core::EventId> {
    events
        .iter()
        .flat_map(|e| e.documents.iter().map(move |d| (d, &e.id)))
        .collect()
}

/// The claim keys of every sentence of a document (as
/// [`concord_align::claim_keys`] makes them), in sentence order.
pub(crate) fn sentence_keys(record: &DocRecords) -> Vec<Vec<concord_align::FactKeys>> {
    let mut facts_of: HashMap<&concord_core::SentenceId, Vec<&concord_core::Fact>> = HashMap::new();
    for f in &record.facts {
        facts_of.entry(&f.sentence_id).or_default().push(f);
    }
    record
        .sentences
        .iter()
        .map(|s| {
            facts_of
                .get(&s.id)
                .map(|f| concord_align::claim_keys(f))
                .unwrap_or_default()
        })
        .collect()
}
