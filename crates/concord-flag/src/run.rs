//! The flag stage over a whole run: facts of both sides of every aligned
//! pair go through the [`Flagger`] (plus direction conflicts next to shared
//! amounts), flags from mined (non-bead) pairs must be backed by a shared
//! lexical anchor (and a date conflict between them must be between the
//! dates that lead both sentences, or in a well-separated pair), datelines
//! are never compared, flags carry over along alignments to sentences that
//! state the same value, and claim groups attribute the likely error side,
//! counting documents that translate each other as one source.

use crate::{FlagConfig, Flagger, SentenceLink};
use concord_core::{
    AlignMethod, Alignment, Claim, Disagreement, DocId, Document, Fact, FactId, FactKind, Sentence,
    SentenceId, SentenceRange, Span,
};
use std::collections::{HashMap, HashSet};

/// Flags for every aligned pair of a run (all sentences of both sides of a
/// bead), then attribution over claim groups. `config` is usually
/// [`FlagConfig::for_runs`].
pub fn flag_run(
    config: &FlagConfig,
    alignments: &[Alignment],
    claims: &[Claim],
    documents: &[Document],
    sentences: &[Sentence],
    facts: &[Fact],
) -> Vec<Disagreement> {
    // A dateline says when a report was filed, not what happened: two
    // reports filed on different days do not disagree.
    let datelines = dateline_facts(sentences, facts, documents);
    let mut facts_by_sentence: HashMap<SentenceId, Vec<Fact>> = HashMap::new();
    for fact in facts.iter().filter(|f| !datelines.contains(&f.id)) {
        facts_by_sentence
            .entry(fact.sentence_id.clone())
            .or_default()
            .push(fact.clone());
    }
    let by_position: HashMap<(&DocId, u32), &SentenceId> = sentences
        .iter()
        .map(|s| ((&s.doc_id, s.idx), &s.id))
        .collect();
    let side_facts = |doc: &DocId, range: Option<SentenceRange>| -> Vec<Fact> {
        let Some(range) = range else {
            return Vec::new();
        };
        (range.first..=range.last)
            .filter_map(|idx| by_position.get(&(doc, idx)))
            .filter_map(|id| facts_by_sentence.get(*id))
            .flat_map(|f| f.iter().cloned())
            .collect()
    };
    let sentence_by_id: HashMap<&SentenceId, &Sentence> =
        sentences.iter().map(|s| (&s.id, s)).collect();
    let mut dates_in_sentence: HashMap<&SentenceId, usize> = HashMap::new();
    for fact in facts.iter().filter(|f| f.kind == FactKind::Date) {
        *dates_in_sentence.entry(&fact.sentence_id).or_default() += 1;
    }
    let flagger = Flagger::new(config.clone());
    let mut flags: Vec<Disagreement> = alignments
        .iter()
        .filter(|a| a.range_a.is_some() && a.range_b.is_some())
        .flat_map(|a| {
            let fa = side_facts(&a.doc_a, a.range_a);
            let fb = side_facts(&a.doc_b, a.range_b);
            let mut flags = flagger.flag(a, &fa, &fb);
            flags.extend(flagger.polarity_flags(a, &fa, &fb, |id| sentence_by_id.get(id).copied()));
            let side_sentences = |doc: &DocId, range: Option<SentenceRange>| -> Vec<&Sentence> {
                range.map_or(Vec::new(), |r| {
                    (r.first..=r.last)
                        .filter_map(|idx| by_position.get(&(doc, idx)))
                        .filter_map(|id| sentence_by_id.get(*id).copied())
                        .collect()
                })
            };
            let (sa, sb) = (
                side_sentences(&a.doc_a, a.range_a),
                side_sentences(&a.doc_b, a.range_b),
            );
            flags.extend(flagger.negation_flags(a, &sa, &sb));
            flags.extend(flagger.romanization_flags(a, &fa, &sb, true));
            flags.extend(flagger.romanization_flags(a, &fb, &sa, false));
            flags
        })
        .collect();
    // A conflict between two articles that merely report on the same story
    // is only credible when the mined sentences are demonstrably about the
    // same thing: they must share a lexical anchor (name, number, version)
    // besides the conflicting values. Beads (translations) need no such
    // evidence.
    let anchors = concord_align::AnchorExtractor::new();
    let text_of: HashMap<&SentenceId, &str> =
        sentences.iter().map(|s| (&s.id, s.text.as_str())).collect();
    let sentence_of: HashMap<&SentenceId, &Sentence> =
        sentences.iter().map(|s| (&s.id, s)).collect();
    let method_of: HashMap<&concord_core::AlignmentId, AlignMethod> =
        alignments.iter().map(|a| (&a.id, a.method)).collect();
    // A fact-anchored pair's score counts its agreeing facts, which say
    // the sentences are one claim, not that it stands apart from its
    // neighbours: the date rule below reads its raw margin.
    let margin_of: HashMap<&concord_core::AlignmentId, f32> = alignments
        .iter()
        .map(|a| match a.method {
            AlignMethod::FactAnchored => (&a.id, a.margin),
            _ => (&a.id, a.margin.max(a.score)),
        })
        .collect();
    flags.retain(|f| {
        if method_of.get(&f.alignment_id) == Some(&AlignMethod::Bead) {
            return true;
        }
        let (Some(ta), Some(tb)) = (text_of.get(&f.sentence_a), text_of.get(&f.sentence_b)) else {
            return false;
        };
        let a: std::collections::HashSet<String> = anchors.extract(ta).into_iter().collect();
        // A name or code one slip away from the other side's (`TQ2-Y3` /
        // `TQ3-Y2`, `Kinoshita` / `Kinoshima`) is its own evidence: two
        // different things rarely have names a typo apart, and the slip
        // removed the one anchor the sentences would have shared.
        let anchored = anchors.extract(tb).iter().any(|x| a.contains(x))
            || (matches!(f.kind, FactKind::Version | FactKind::Person)
                && one_slip_apart(&f.value_a, &f.value_b));
        // Reports of one story are full of dates of different sub-events (a
        // release, a directive, a statement, a blog post). Between two
        // independent articles a date conflict is credible only for the
        // dates that lead both sentences ("On June 27, …" / "June 26: …"),
        // which date the event the sentence is about; a date inside a
        // sentence ("in his June 26 article") may date anything in it.
        // Or each sentence states one date: then by elimination the two
        // date the same thing.
        // A dateline counts here: next to the day a report was filed, its
        // other date may date anything.
        let one_date_each = [&f.sentence_a, &f.sentence_b]
            .iter()
            .all(|s| dates_in_sentence.get(*s) == Some(&1));
        // Or the two dates differ in one digit (`June 18` / `6月28日`), the
        // way dates are mistyped.
        // Only dates with a day: consecutive years are one digit apart too
        // (a plant opening in 2027, hiring done by 2028).
        let with_day = |n: &str| n.len() >= "--MM-DD".len();
        let one_digit_apart = f.normalized_a.len() == f.normalized_b.len()
            && with_day(&f.normalized_a)
            && strsim::osa_distance(&f.normalized_a, &f.normalized_b) == 1;
        // Both need a well-separated pair: timeline entries of one story
        // ("June 26: …" / "June 30: …") are near neighbours, not the same
        // claim.
        let separated = margin_of
            .get(&f.alignment_id)
            .is_some_and(|&m| m >= config.date_slot_min_margin);
        let dated_events = f.kind != FactKind::Date
            || (separated && (one_date_each || one_digit_apart))
            || (sentence_of
                .get(&f.sentence_a)
                .is_some_and(|s| leads(s, f.span_a))
                && sentence_of
                    .get(&f.sentence_b)
                    .is_some_and(|s| leads(s, f.span_b)));
        // Two counts of different things ("six satellites" / "4 people")
        // fill different slots (see `counters`).
        let counts_alike = f.kind != FactKind::Number || {
            let class = |id: &SentenceId, span: Span| {
                sentence_of.get(id).and_then(|s| {
                    let end = span.end.checked_sub(s.span.start)?;
                    crate::counters::counter_class(&s.original_text, end)
                })
            };
            match (
                class(&f.sentence_a, f.span_a),
                class(&f.sentence_b, f.span_b),
            ) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            }
        };
        anchored && dated_events && counts_alike
    });
    let (links, source_of) = links_and_sources(&flagger, alignments, &by_position);
    let carried = flagger.carry_over(&flags, &links, &facts_by_sentence);
    flags.extend(carried);
    flagger.attribute_with_sources(claims, &facts_by_sentence, &source_of, &mut flags);
    // One row per flag id (the same conflict can be reached from two beads).
    let mut seen = std::collections::HashSet::new();
    flags.retain(|f| seen.insert(f.id.clone()));
    flags
}

/// Whether two names or codes differ by one slip of the keyboard or the
/// pen: one letter changed, a letter or digit added or dropped, two
/// characters swapped
/// (optimal string alignment distance 1 over letters and digits, case
/// folded), or the same characters in another order (`TQ2-Y3` / `TQ3-Y2`).
/// Values shorter than four characters have too many such neighbours.
fn one_slip_apart(a: &str, b: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (fold(a), fold(b));
    if a == b || a.chars().count() < 4 || b.chars().count() < 4 {
        return false;
    }
    // One digit for another is how versions and numbered items differ
    // (`GPT-5.5` / `GPT-5.6`, `Product1` / `Product3`), not a slip.
    let digit_for_digit = a.chars().count() == b.chars().count()
        && a.chars()
            .zip(b.chars())
            .filter(|(x, y)| x != y)
            .all(|(x, y)| x.is_ascii_digit() && y.is_ascii_digit());
    if strsim::osa_distance(&a, &b) == 1 && !digit_for_digit {
        return true;
    }
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v
    };
    sorted(&a) == sorted(&b)
}

/// The facts that state a document's dateline (see
/// [`concord_facts::find_dateline`] and [`concord_facts::dateline_fact`]),
/// and the place that opens it (`GUANGZHOU, March 11` / `东京2月4日电`): the
/// city a report was filed from is no more a claim than the day it was
/// filed on, so a place fact that ends at most [`DATELINE_PLACE_GAP`]
/// bytes before the dateline's date in its sentence is left out too.
fn dateline_facts(
    sentences: &[Sentence],
    facts: &[Fact],
    documents: &[Document],
) -> HashSet<FactId> {
    let mut sentences_of: HashMap<&DocId, Vec<Sentence>> = HashMap::new();
    for s in sentences
        .iter()
        .filter(|s| s.idx < concord_facts::DATELINE_SENTENCES)
    {
        sentences_of.entry(&s.doc_id).or_default().push(s.clone());
    }
    let mut dates_of: HashMap<&DocId, Vec<Fact>> = HashMap::new();
    let mut entities_of: HashMap<&SentenceId, Vec<&Fact>> = HashMap::new();
    for f in facts {
        match f.kind {
            FactKind::Date => dates_of.entry(&f.doc_id).or_default().push(f.clone()),
            FactKind::Entity => entities_of.entry(&f.sentence_id).or_default().push(f),
            _ => {}
        }
    }
    let mut out = HashSet::new();
    for d in documents {
        let (Some(lead), Some(dates)) = (sentences_of.get(&d.id), dates_of.get(&d.id)) else {
            continue;
        };
        let Some(id) = concord_facts::find_dateline(lead, dates, d.published.as_deref())
            .and_then(|found| found.fact)
            .or_else(|| concord_facts::dateline_fact(lead, dates))
        else {
            continue;
        };
        if let Some(date) = dates.iter().find(|f| f.id == id) {
            let places = entities_of.get(&date.sentence_id).into_iter().flatten();
            for place in places {
                let gap = date.span.start.checked_sub(place.span.end);
                if gap.is_some_and(|g| g <= DATELINE_PLACE_GAP) {
                    out.insert(place.id.clone());
                }
            }
        }
        out.insert(id);
    }
    out
}

/// Bytes between a dateline's place and its date (`, ` in `TOKYO, March
/// 3`, nothing in `东京3月3日电`).
const DATELINE_PLACE_GAP: usize = 3;

/// Sentence links (every sentence pair inside a bead, also between the
/// language halves of one bilingual document, and every mined pair) with
/// their alignment's support, and translation families of documents (linked
/// by beads between two documents), each family represented by its smallest
/// document id.
fn links_and_sources(
    flagger: &Flagger,
    alignments: &[Alignment],
    by_position: &HashMap<(&DocId, u32), &SentenceId>,
) -> (Vec<SentenceLink>, HashMap<DocId, DocId>) {
    let mut links = Vec::new();
    let mut parent: HashMap<DocId, DocId> = HashMap::new();
    fn root(parent: &HashMap<DocId, DocId>, doc: &DocId) -> DocId {
        let mut at = doc.clone();
        while let Some(p) = parent.get(&at).filter(|p| **p != at) {
            at = p.clone();
        }
        at
    }
    for a in alignments {
        let (Some(ra), Some(rb)) = (a.range_a, a.range_b) else {
            continue;
        };
        let support = flagger.support(a) as f32;
        for i in ra.first..=ra.last {
            for j in rb.first..=rb.last {
                if let (Some(x), Some(y)) = (
                    by_position.get(&(&a.doc_a, i)),
                    by_position.get(&(&a.doc_b, j)),
                ) {
                    links.push(SentenceLink {
                        a: (*x).clone(),
                        b: (*y).clone(),
                        support,
                    });
                }
            }
        }
        if a.method == AlignMethod::Bead && a.doc_a != a.doc_b {
            let (x, y) = (root(&parent, &a.doc_a), root(&parent, &a.doc_b));
            if x != y {
                let (keep, join) = if x < y { (x, y) } else { (y, x) };
                parent.insert(join, keep);
            }
        }
    }
    let docs: Vec<DocId> = parent.keys().cloned().collect();
    let source_of = docs
        .into_iter()
        .map(|d| {
            let r = root(&parent, &d);
            (d, r)
        })
        .collect();
    (links, source_of)
}

/// Words that may precede a date that leads its sentence ("On June 27, …",
/// "于6月26日，…"), lower case.
const LEADING_DATE_PREPOSITIONS: &[&str] = &[
    "on", "in", "by", "since", "from", "until", "as of", "at", "于", "於", "在", "从", "從", "自",
];

/// Whether the fact at `span` (in the original file) leads `sentence`: only
/// a list marker, quote or one preposition before it, and a clause break
/// (`,` `:` `，` `：` `、` or a Japanese particle) or the clause itself after
/// it.
fn leads(sentence: &Sentence, span: Span) -> bool {
    let (Some(start), Some(end)) = (
        span.start.checked_sub(sentence.span.start),
        span.end.checked_sub(sentence.span.start),
    ) else {
        return false;
    };
    let text = &sentence.original_text;
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let before = before
        .trim_matches(|c: char| c.is_whitespace() || "-–—•*·>\"“「『(（".contains(c))
        .to_lowercase();
    // A short label before a colon ("Looking back:") does not count.
    let before = match before.rsplit_once([':', '：']) {
        Some((label, rest)) if label.len() < 40 => rest.trim(),
        _ => before.as_str(),
    };
    let before_ok = before.is_empty() || LEADING_DATE_PREPOSITIONS.contains(&before);
    let after = after.trim_start();
    let after_ok = after.starts_with([',', ':', '，', '：', '、', 'に', 'は', ')', '）'])
        || after.starts_with(|c: char| c.is_alphanumeric());
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::Lang;

    fn sentence(text: &str) -> Sentence {
        Sentence {
            id: SentenceId::from_string("s"),
            doc_id: DocId::from_string("d"),
            idx: 0,
            lang: Lang::detect(text),
            text: text.to_owned(),
            span: Span::new(100, 100 + text.len()),
            original_text: text.to_owned(),
            match_key: text.to_owned(),
        }
    }

    /// Whether `date` (its first occurrence) leads `text`.
    fn leads_in(text: &str, date: &str) -> bool {
        let at = text.find(date).map_or(0, |i| i + 100);
        leads(&sentence(text), Span::new(at, at + date.len()))
    }

    #[test]
    fn slips_of_one_character_or_a_swap() {
        assert!(one_slip_apart("TQ2-Y3", "TQ3-Y2"));
        assert!(one_slip_apart("Makoto Kinoshita", "Makoto Kinoshima"));
        assert!(one_slip_apart("KTS-4800", "KTS-4080"));
        assert!(!one_slip_apart("KTS-4800", "KTS-4800"));
        assert!(!one_slip_apart("G7", "G8"));
        assert!(!one_slip_apart("GPT-5.5", "GPT-5.6"));
        assert!(!one_slip_apart("Product1", "Product3"));
        assert!(one_slip_apart("GPS-5.6", "GPT-5.6"));
        assert!(!one_slip_apart("Wang Jianguo", "Li Ming"));
        assert!(!one_slip_apart("XR-220", "XR-350"));
    }

    #[test]
    fn dates_that_lead_their_sentence() {
        assert!(leads_in(
            "On June 27, Mythos 5 was approved for limited restoration.",
            "June 27"
        ));
        assert!(leads_in(
            "June 26: US government eliminated the controls.",
            "June 26"
        ));
        assert!(leads_in(
            "6月26日:米国政府は管理措置を解除した。",
            "6月26日"
        ));
        assert!(leads_in("于6月12日，商务部下令全面下架。", "6月12日"));
        assert!(leads_in("6月12日に商務省が命じた。", "6月12日"));
        assert!(leads_in(
            "Looking back: on 9 June Anthropic released Fable 5.",
            "9 June"
        ));
        // Dates of something inside the sentence.
        assert!(!leads_in(
            "In a June 13 statement, Anthropic refuted the reasons.",
            "June 13"
        ));
        assert!(!leads_in(
            "In his June 26 long article, Dean W. Ball commented.",
            "June 26"
        ));
        assert!(!leads_in(
            "We knew more than when he posted this on June 30.",
            "June 30"
        ));
        assert!(!leads_in("Anthropic 于6月13日发表声明。", "6月13日"));
        // A span outside the sentence never leads it.
        assert!(!leads(&sentence("June 26: x"), Span::new(0, 7)));
    }
}
