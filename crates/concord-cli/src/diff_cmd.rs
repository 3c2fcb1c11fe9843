//! `concord diff BASE_DIR NEW_DIR`: what changed between two runs, for CI.
//!
//! Flags are matched by their stable `flag_id` (kind, canonical values and
//! claim), documents by `source`. Exit status: 0 when nothing new at or above
//! `--min-confidence` (restricted to the `--fail-on` kinds when given), 1 when
//! there is, 2 on error.

use crate::run_dir::{self, DocRow, FlagRow, RunDir};
use crate::GlobalOptions;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Markdown, short enough for a pull-request comment.
    Markdown,
    /// JSON, for scripts.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The baseline run directory.
    base: PathBuf,
    /// The new run directory.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: DiffFormat,
    /// Only new flags at or above this confidence (0 to 1) make the diff fail.
    #[arg(long, default_value_t = 0.0, value_parser = parse_confidence)]
    min_confidence: f32,
    /// Only new flags of these kinds make the diff fail (comma-separated, any
    /// case: number, money, percent, date, version, person, role, entity,
    /// polarity).
    #[arg(long, value_delimiter = ',', value_parser = parse_flag_kind)]
    fail_on: Vec<String>,
    /// At most this many rows per section in the Markdown output.
    #[arg(long, default_value_t = 20)]
    max_rows: usize,
}

/// A confidence given on the command line: a number from 0 to 1 (NaN and
/// values outside are refused, not silently matched by nothing).
pub(crate) fn parse_confidence(text: &str) -> Result<f32, String> {
    let value: f32 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if value.is_nan() || !(0.0..=1.0).contains(&value) {
        return Err(format!("{text:?} is not a confidence between 0 and 1"));
    }
    Ok(value)
}

/// The flag kinds `--fail-on` accepts, as stored in `disagreements.kind`.
const FLAG_KINDS: [concord_core::FactKind; 9] = [
    concord_core::FactKind::Number,
    concord_core::FactKind::Money,
    concord_core::FactKind::Percent,
    concord_core::FactKind::Date,
    concord_core::FactKind::Version,
    concord_core::FactKind::Person,
    concord_core::FactKind::Role,
    concord_core::FactKind::Entity,
    concord_core::FactKind::Polarity,
];

/// One `--fail-on` kind, case-insensitive; an unknown kind is an error that
/// lists the valid ones (a typo must not make the gate pass).
fn parse_flag_kind(text: &str) -> Result<String, String> {
    let kind = text.trim().to_lowercase();
    if FLAG_KINDS.iter().any(|k| k.as_str() == kind) {
        return Ok(kind);
    }
    let valid: Vec<&str> = FLAG_KINDS.iter().map(|k| k.as_str()).collect();
    Err(format!(
        "unknown flag kind {text:?}; valid kinds: {}",
        valid.join(", ")
    ))
}

/// A flag as shown in a diff, with document sources instead of ids.
#[derive(Debug, Clone, Serialize)]
struct FlagView {
    flag_id: String,
    kind: String,
    source_a: String,
    value_a: String,
    source_b: String,
    value_b: String,
    confidence: f32,
    likely_error_side: Option<String>,
    suggested: Option<String>,
    explanation: String,
}

#[derive(Debug, Clone, Serialize)]
struct ChangedFlag {
    before: FlagView,
    after: FlagView,
}

#[derive(Debug, Default, Serialize)]
struct DiffReport {
    base: String,
    new: String,
    new_flags: Vec<FlagView>,
    resolved_flags: Vec<FlagView>,
    changed_flags: Vec<ChangedFlag>,
    new_documents: Vec<String>,
    dropped_documents: Vec<String>,
    changed_documents: Vec<String>,
    failing: usize,
}

fn view(flag: &FlagRow, sources: &BTreeMap<&str, &str>) -> FlagView {
    let source = |id: &str| {
        sources
            .get(id)
            .map(|s| s.to_string())
            .unwrap_or_else(|| id.to_owned())
    };
    FlagView {
        flag_id: flag.flag_id.clone(),
        kind: flag.kind.clone(),
        source_a: source(&flag.doc_a),
        value_a: flag.value_a.clone(),
        source_b: source(&flag.doc_b),
        value_b: flag.value_b.clone(),
        confidence: flag.confidence,
        likely_error_side: flag.likely_error_side.clone(),
        suggested: flag.suggested.clone(),
        explanation: flag.explanation.clone(),
    }
}

fn source_map(docs: &[DocRow]) -> BTreeMap<&str, &str> {
    docs.iter()
        .map(|d| (d.doc_id.as_str(), d.source.as_str()))
        .collect()
}

/// A flag changed when what a reader sees about it changed.
fn changed(a: &FlagRow, b: &FlagRow) -> bool {
    (a.confidence - b.confidence).abs() > 0.05
        || a.likely_error_side != b.likely_error_side
        || a.suggested != b.suggested
        || a.value_a != b.value_a
        || a.value_b != b.value_b
}

fn compare(base: &RunDir, new: &RunDir, args: &DiffArgs) -> DiffReport {
    let (base_sources, new_sources) = (source_map(&base.documents), source_map(&new.documents));
    let base_flags: BTreeMap<&str, &FlagRow> =
        base.flags.iter().map(|f| (f.flag_id.as_str(), f)).collect();
    let new_flags: BTreeMap<&str, &FlagRow> =
        new.flags.iter().map(|f| (f.flag_id.as_str(), f)).collect();
    let mut report = DiffReport {
        base: base.dir.display().to_string(),
        new: new.dir.display().to_string(),
        ..DiffReport::default()
    };
    for (id, flag) in &new_flags {
        match base_flags.get(id) {
            None => report.new_flags.push(view(flag, &new_sources)),
            Some(old) if changed(old, flag) => report.changed_flags.push(ChangedFlag {
                before: view(old, &base_sources),
                after: view(flag, &new_sources),
            }),
            Some(_) => {}
        }
    }
    for (id, flag) in &base_flags {
        if !new_flags.contains_key(id) {
            report.resolved_flags.push(view(flag, &base_sources));
        }
    }
    let by_source = |docs: &[DocRow]| -> BTreeMap<String, String> {
        docs.iter()
            .map(|d| (d.source.clone(), d.sha256.clone()))
            .collect()
    };
    let (old_docs, new_docs) = (by_source(&base.documents), by_source(&new.documents));
    for (source, sha) in &new_docs {
        match old_docs.get(source) {
            None => report.new_documents.push(source.clone()),
            Some(old) if old != sha => report.changed_documents.push(source.clone()),
            Some(_) => {}
        }
    }
    report.dropped_documents = old_docs
        .keys()
        .filter(|s| !new_docs.contains_key(*s))
        .cloned()
        .collect();
    let kinds: BTreeSet<&str> = args.fail_on.iter().map(String::as_str).collect();
    let sort = |flags: &mut Vec<FlagView>| {
        flags.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then_with(|| a.flag_id.cmp(&b.flag_id))
        })
    };
    sort(&mut report.new_flags);
    sort(&mut report.resolved_flags);
    report.failing = report
        .new_flags
        .iter()
        .filter(|f| f.confidence >= args.min_confidence)
        .filter(|f| kinds.is_empty() || kinds.contains(f.kind.as_str()))
        .count();
    report
}

fn cell(text: &str) -> String {
    let one_line: String = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    if one_line.chars().count() > 60 {
        let cut: String = one_line.chars().take(57).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

fn flag_table(out: &mut String, title: &str, flags: &[FlagView], max_rows: usize) {
    if flags.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title} ({})\n", flags.len());
    let _ = writeln!(
        out,
        "| kind | side a | side b | confidence | likely error |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for f in flags.iter().take(max_rows) {
        let error = match (&f.likely_error_side, &f.suggested) {
            (Some(side), Some(s)) => format!("side {side}, suggest `{}`", cell(s)),
            (Some(side), None) => format!("side {side}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | `{}` ({}) | `{}` ({}) | {:.2} | {} |",
            f.kind,
            cell(&f.value_a),
            cell(&f.source_a),
            cell(&f.value_b),
            cell(&f.source_b),
            f.confidence,
            error
        );
    }
    if flags.len() > max_rows {
        let _ = writeln!(out, "\n…and {} more.", flags.len() - max_rows);
    }
}

fn markdown(report: &DiffReport, args: &DiffArgs) -> String {
    let mut out = String::new();
    let verdict = if report.failing > 0 {
        format!(
            "**{} new disagreement(s) at or above confidence {:.2}**",
            report.failing, args.min_confidence
        )
    } else {
        "No new disagreements above the threshold.".to_owned()
    };
    let _ = writeln!(out, "## Concord diff\n\n{verdict}\n");
    let _ = writeln!(out, "| | count |\n|---|---|");
    for (label, n) in [
        ("new disagreements", report.new_flags.len()),
        ("resolved disagreements", report.resolved_flags.len()),
        ("changed disagreements", report.changed_flags.len()),
        ("new documents", report.new_documents.len()),
        ("dropped documents", report.dropped_documents.len()),
        ("changed documents", report.changed_documents.len()),
    ] {
        let _ = writeln!(out, "| {label} | {n} |");
    }
    flag_table(
        &mut out,
        "New disagreements",
        &report.new_flags,
        args.max_rows,
    );
    flag_table(
        &mut out,
        "Resolved disagreements",
        &report.resolved_flags,
        args.max_rows,
    );
    let after: Vec<FlagView> = report
        .changed_flags
        .iter()
        .map(|c| c.after.clone())
        .collect();
    flag_table(
        &mut out,
        "Changed disagreements (now)",
        &after,
        args.max_rows,
    );
    for (title, docs) in [
        ("New documents", &report.new_documents),
        ("Dropped documents", &report.dropped_documents),
        ("Changed documents", &report.changed_documents),
    ] {
        if !docs.is_empty() {
            let _ = writeln!(out, "\n### {title}\n");
            for d in docs.iter().take(args.max_rows) {
                let _ = writeln!(out, "- `{}`", cell(d));
            }
        }
    }
    out
}

pub(crate) fn run(_global: &GlobalOptions, args: &DiffArgs) -> Result<ExitCode> {
    let base = run_dir::load(&args.base)?;
    let new = run_dir::load(&args.new)?;
    let report = compare(&base, &new, args);
    let text = match args.format {
        DiffFormat::Markdown => markdown(&report, args),
        DiffFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    crate::write_stdout(&text).context("writing to standard output")?;
    Ok(if report.failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::{parse_confidence, parse_flag_kind};

    /// Regression (issue "Trust", row 3): `--fail-on versoin`, `--fail-on
    /// VERSION` and `--min-confidence nan` silently exited 0.
    #[test]
    fn command_line_values_are_checked() {
        assert_eq!(parse_confidence("0.5"), Ok(0.5));
        assert!(parse_confidence("nan").is_err());
        assert!(parse_confidence("1.5").is_err());
        assert!(parse_confidence("-0.1").is_err());
        assert_eq!(parse_flag_kind("VERSION").as_deref(), Ok("version"));
        let err = parse_flag_kind("versoin").unwrap_err();
        assert!(err.contains("valid kinds: number, money"), "{err}");
    }
}
