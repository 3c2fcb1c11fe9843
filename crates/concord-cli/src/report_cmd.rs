//! `concord report DIR`: one self-contained HTML file a fact-checker would
//! rather look at than read: per claim group the sources side by side in their
//! languages, the conflicting values highlighted, likely translation errors
//! marked with their suggested value, and flags per source. No scripts, no
//! CDN: it works offline and from a mail attachment.

use crate::run_dir::{self, Cleaning, FlagRow, SentenceRow};
use crate::GlobalOptions;
use anyhow::{Context, Result};
use clap::Args;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Run directory written by `concord run`.
    dir: PathBuf,
    /// Output HTML file (default: DIR/report.html).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Leave out flags below this confidence (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = crate::diff_cmd::parse_confidence)]
    min_confidence: f32,
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A byte range to highlight inside a sentence's original text.
#[derive(Debug, Clone)]
struct Mark {
    start: usize,
    end: usize,
    class: &'static str,
    title: String,
}

/// Where `value` sits in `sentence`: from the flag's file offsets when they
/// fall on character boundaries of the sentence text, else by search.
fn locate(
    sentence: &SentenceRow,
    file_start: u64,
    file_end: u64,
    value: &str,
) -> Option<(usize, usize)> {
    let text = &sentence.original_text;
    let same_bytes = (sentence.byte_end - sentence.byte_start) as usize == text.len();
    if same_bytes && file_start >= sentence.byte_start && file_end <= sentence.byte_end {
        let (s, e) = (
            (file_start - sentence.byte_start) as usize,
            (file_end - sentence.byte_start) as usize,
        );
        if text.is_char_boundary(s) && text.is_char_boundary(e) && s < e {
            return Some((s, e));
        }
    }
    text.find(value).map(|s| (s, s + value.len()))
}

fn render_sentence(text: &str, marks: &mut [Mark]) -> String {
    marks.sort_by_key(|m| (m.start, m.end));
    let mut out = String::new();
    let mut at = 0;
    for m in marks.iter() {
        if m.start < at || m.end > text.len() {
            continue;
        }
        out.push_str(&esc(&text[at..m.start]));
        let _ = write!(
            out,
            "<mark class=\"{}\" title=\"{}\">{}</mark>",
            m.class,
            esc(&m.title),
            esc(&text[m.start..m.end])
        );
        at = m.end;
    }
    out.push_str(&esc(&text[at..]));
    out
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Hiragino Sans',sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem}.meta{color:#666;font-size:.9rem}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ddd;padding:.3rem .6rem;text-align:left;font-size:.9rem}
th{background:#f5f5f7}
.claim{border:1px solid #d0d0d5;border-radius:8px;margin:1.2rem 0;padding:.8rem 1rem}
.claim h2{font-size:1rem;margin:.2rem 0 .6rem}
.sources{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:.8rem}
.source{background:#fafafc;border-radius:6px;padding:.6rem .8rem}
.source .name{font-size:.8rem;color:#555;margin-bottom:.3rem}
.lang{display:inline-block;font-size:.7rem;background:#e8e8ee;border-radius:3px;padding:0 .3rem;margin-left:.3rem}
mark.conflict{background:#ffe08a;padding:0 .1rem;border-radius:2px}
mark.error{background:#ffb3b3;text-decoration:underline wavy #c00;padding:0 .1rem;border-radius:2px}
.flag{font-size:.85rem;margin:.3rem 0}.kind{font-weight:600;text-transform:uppercase;font-size:.75rem;color:#444}
.suggest{color:#a00;font-weight:600}
";

/// "Cleaning per source": what boilerplate was dropped and what each
/// normalization stage changed, so a reader can judge the input side.
/// The events of the run: label, member sources and flags, largest first.
fn render_events(
    html: &mut String,
    events: &[run_dir::EventRow],
    sources: &HashMap<&str, (&str, &str)>,
    flags: &[&FlagRow],
) {
    if events.is_empty() {
        return;
    }
    let mut ordered: Vec<&run_dir::EventRow> = events.iter().collect();
    ordered.sort_by(|a, b| {
        b.doc_ids
            .len()
            .cmp(&a.doc_ids.len())
            .then_with(|| a.event_id.cmp(&b.event_id))
    });
    let _ = write!(
        html,
        "<h2>Events</h2><p class=\"meta\">{} events; documents are only compared inside their event (the <code>events</code> table)</p>\
         <table><tr><th>event</th><th>sources</th><th>flags</th></tr>",
        events.len()
    );
    for e in ordered {
        let members: std::collections::HashSet<&str> =
            e.doc_ids.iter().map(String::as_str).collect();
        let n_flags = flags
            .iter()
            .filter(|f| members.contains(f.doc_a.as_str()))
            .count();
        let names: Vec<String> = e
            .doc_ids
            .iter()
            .map(|d| {
                let (name, lang) = sources
                    .get(d.as_str())
                    .copied()
                    .unwrap_or((d.as_str(), "und"));
                format!("{} ({lang})", esc(name))
            })
            .collect();
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{n_flags}</td></tr>",
            esc(&e.label),
            names.join("<br>")
        );
    }
    html.push_str("</table>");
}

fn render_cleaning(
    html: &mut String,
    run: &run_dir::RunDir,
    cleaning: &HashMap<String, Cleaning>,
    edits_recorded: bool,
) {
    html.push_str(
        "<h2>Cleaning per source</h2><p class=\"meta\">details in the <code>removed</code> and <code>changes</code> tables</p>\
         <table><tr><th>source</th><th>boilerplate removed</th><th>normalization edits</th></tr>",
    );
    let none = Cleaning::default();
    for doc in &run.documents {
        let c = cleaning.get(&doc.doc_id).unwrap_or(&none);
        let list = |items: Vec<String>| {
            if items.is_empty() {
                "none".to_owned()
            } else {
                esc(&items.join(", "))
            }
        };
        let removed = list(c.removed.iter().map(|(r, n)| format!("{r} {n}")).collect());
        let edits = if edits_recorded {
            list(c.edits.iter().map(|(s, n)| format!("{s} {n}")).collect())
        } else {
            "not recorded (run written before schema 3)".to_owned()
        };
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{removed}</td><td>{edits}</td></tr>",
            esc(&doc.source)
        );
    }
    html.push_str("</table>");
}

pub(crate) fn run(global: &GlobalOptions, args: &ReportArgs) -> Result<ExitCode> {
    let run = run_dir::load(&args.dir)?;
    let sentences = run_dir::sentences(&args.dir)?;
    let claims = run_dir::claims(&args.dir)?;
    let sources: HashMap<&str, (&str, &str)> = run
        .documents
        .iter()
        .map(|d| (d.doc_id.as_str(), (d.source.as_str(), d.lang.as_str())))
        .collect();
    let flags: Vec<&FlagRow> = run
        .flags
        .iter()
        .filter(|f| f.confidence >= args.min_confidence)
        .collect();

    // Group flags: by claim when known, else by the pair of sentences.
    let mut groups: BTreeMap<String, Vec<&FlagRow>> = BTreeMap::new();
    for f in &flags {
        let key = f
            .claim_id
            .clone()
            .unwrap_or_else(|| format!("{}+{}", f.sentence_a, f.sentence_b));
        groups.entry(key).or_default().push(f);
    }
    let claim_members: HashMap<&str, &Vec<String>> = claims
        .iter()
        .map(|c| (c.claim_id.as_str(), &c.sentence_ids))
        .collect();
    // Order groups by their strongest flag.
    let mut ordered: Vec<(String, Vec<&FlagRow>)> = groups.into_iter().collect();
    ordered.sort_by(|a, b| {
        let top = |v: &Vec<&FlagRow>| v.iter().map(|f| f.confidence).fold(0f32, f32::max);
        top(&b.1).total_cmp(&top(&a.1)).then_with(|| a.0.cmp(&b.0))
    });

    // Flags per source.
    let mut per_source: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for f in &flags {
        for (doc, side) in [(&f.doc_a, "a"), (&f.doc_b, "b")] {
            let name = sources.get(doc.as_str()).map_or(doc.as_str(), |s| s.0);
            let entry = per_source.entry(name).or_default();
            entry.0 += 1;
            if f.likely_error_side.as_deref() == Some(side) {
                entry.1 += 1;
            }
        }
    }

    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Concord report</title><style>{STYLE}</style></head><body>"
    );
    let _ = write!(
        html,
        "<h1>Concord report</h1><p class=\"meta\">run <code>{}</code> · model {} · {} documents · {} disagreements in {} groups</p>",
        esc(&run.manifest.run_id),
        esc(&run.manifest.model.id),
        run.documents.len(),
        flags.len(),
        ordered.len()
    );
    html.push_str("<h2>Flags per source</h2><table><tr><th>source</th><th>flags</th><th>likely translation errors</th></tr>");
    for (source, (n, errors)) in &per_source {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{n}</td><td>{errors}</td></tr>",
            esc(source)
        );
    }
    html.push_str("</table>");
    render_events(&mut html, &run_dir::events(&args.dir)?, &sources, &flags);
    let (cleaning, edits_recorded) = run_dir::cleaning(&args.dir)?;
    render_cleaning(&mut html, &run, &cleaning, edits_recorded);
    html.push_str("<h2>Disagreements by claim</h2>");

    for (key, group) in &ordered {
        // Member sentences: the claim's when known, else the flagged pair.
        let mut members: Vec<String> = match claim_members.get(key.as_str()) {
            Some(ids) => ids.to_vec(),
            None => Vec::new(),
        };
        for f in group {
            for s in [&f.sentence_a, &f.sentence_b] {
                if !members.contains(s) {
                    members.push(s.clone());
                }
            }
        }
        let mut marks: HashMap<&str, Vec<Mark>> = HashMap::new();
        for f in group {
            for (sid, start, end, value, side) in [
                (&f.sentence_a, f.byte_start_a, f.byte_end_a, &f.value_a, "a"),
                (&f.sentence_b, f.byte_start_b, f.byte_end_b, &f.value_b, "b"),
            ] {
                let Some(sentence) = sentences.get(sid.as_str()) else {
                    continue;
                };
                if let Some((s, e)) = locate(sentence, start, end, value) {
                    let is_error = f.likely_error_side.as_deref() == Some(side);
                    let title = match (&f.suggested, is_error) {
                        (Some(sugg), true) => {
                            format!("likely translation error; suggested: {sugg}")
                        }
                        _ => format!("{}: {}", f.kind, f.explanation),
                    };
                    marks.entry(sid.as_str()).or_default().push(Mark {
                        start: s,
                        end: e,
                        class: if is_error { "error" } else { "conflict" },
                        title,
                    });
                }
            }
        }
        let kinds: Vec<&str> = {
            let mut k: Vec<&str> = group.iter().map(|f| f.kind.as_str()).collect();
            k.sort();
            k.dedup();
            k
        };
        let _ = write!(
            html,
            "<section class=\"claim\"><h2>{} · {} source(s)</h2><div class=\"sources\">",
            esc(&kinds.join(", ")),
            members.len()
        );
        for sid in &members {
            let Some(sentence) = sentences.get(sid.as_str()) else {
                continue;
            };
            let (source, _) = sources
                .get(sentence.doc_id.as_str())
                .copied()
                .unwrap_or(("?", "und"));
            let mut m = marks.remove(sid.as_str()).unwrap_or_default();
            let _ = write!(
                html,
                "<div class=\"source\" lang=\"{}\"><div class=\"name\">{} <span class=\"lang\">{}</span> · sentence {} · bytes {}–{}</div>{}</div>",
                esc(&sentence.lang),
                esc(source),
                esc(&sentence.lang),
                sentence.idx,
                sentence.byte_start,
                sentence.byte_end,
                render_sentence(&sentence.original_text, &mut m)
            );
        }
        html.push_str("</div>");
        for f in group {
            let suggestion =
                match (&f.likely_error_side, &f.suggested) {
                    (Some(side), Some(s)) => format!(
                    " · <span class=\"suggest\">likely error on side {} ({}); suggested: {}</span>",
                    esc(side),
                    esc(sources
                        .get(if side == "a" { f.doc_a.as_str() } else { f.doc_b.as_str() })
                        .map_or("?", |s| s.0)),
                    esc(s)
                ),
                    _ => String::new(),
                };
            let _ = write!(
                html,
                "<div class=\"flag\"><span class=\"kind\">{}</span> <code>{}</code> vs <code>{}</code> · confidence {:.2}{} · {}</div>",
                esc(&f.kind),
                esc(&f.value_a),
                esc(&f.value_b),
                f.confidence,
                suggestion,
                esc(&f.explanation)
            );
        }
        html.push_str("</section>");
    }
    if ordered.is_empty() {
        html.push_str("<p>No disagreements.</p>");
    }
    html.push_str("</body></html>\n");

    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join("report.html"));
    concord_store::write_atomic(&out, |w| {
        use std::io::Write as _;
        w.write_all(html.as_bytes())
            .map_err(|source| concord_store::StoreError::Io {
                path: out.clone(),
                source,
            })
    })
    .with_context(|| format!("writing {}", out.display()))?;
    crate::progress::Reporter::new(global.quiet).status(format!("wrote {}", out.display()));
    Ok(ExitCode::SUCCESS)
}
