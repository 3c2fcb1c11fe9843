//! End-to-end tests of `concord diff` and `concord report` on two real runs.
//!
//! BASE: an English and a Japanese article on the same release that disagree
//! on the model version (Atlas-3.1 vs Atlas-3.7). NEW: the same two files plus
//! a Chinese article that agrees on the version with the English one but gives
//! another date (3月9日 instead of March 4), i.e. new date flags (and a new
//! Japanese-Chinese version flag).
//!
//! The two runs are made once per test binary, in
//! `$CARGO_TARGET_TMPDIR/diff_report` (wiped first, left behind for a look
//! after a failure). The model comes from the workspace's `models/` directory,
//! as in `tests/cli.rs`.

mod common;

use common::{concord, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

const EN: &str = "Nordwind Labs released its Atlas-3.1 model on March 4.\n\
    The company said the model was trained on 48,000 chips.\n\
    Shares of the company rose sharply in Frankfurt.\n\
    Share this article\n";
/// With full-width digits, as Japanese sites often write them.
const JA: &str = "ノルトヴィント・ラボは3月4日、Atlas-3.7モデルを発表した。\n\
    同社によると、このモデルは４８，０００個のチップで訓練された。\n\
    フランクフルトで同社の株価が急騰した。\n";
/// Added in NEW: the version agrees with the English article, the date not.
const ZH: &str = "北风实验室于3月9日发布了Atlas-3.1模型。\n\
    该公司表示，该模型使用48,000块芯片训练。\n\
    该公司股价在法兰克福大幅上涨。\n";
const NEW_DOC: &str = "articles/zh.txt";
const NEW_DATE: &str = "3月9日";

struct Runs {
    root: PathBuf,
    base: PathBuf,
    new: PathBuf,
}

/// Write the inputs and run `concord run` on both, once.
fn runs() -> &'static Runs {
    static RUNS: OnceLock<Runs> = OnceLock::new();
    RUNS.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff_report");
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap();
        }
        // The input directory has the same name in both runs, so documents
        // keep their `source` (and ids) and diff matches them up.
        let (base_in, new_in) = (
            root.join("base-input/articles"),
            root.join("new-input/articles"),
        );
        for (dir, files) in [
            (&base_in, vec![("en.txt", EN), ("ja.txt", JA)]),
            (
                &new_in,
                vec![("en.txt", EN), ("ja.txt", JA), ("zh.txt", ZH)],
            ),
        ] {
            std::fs::create_dir_all(dir).unwrap();
            for (name, text) in files {
                std::fs::write(dir.join(name), text).unwrap();
            }
        }
        let (base, new) = (root.join("BASE"), root.join("NEW"));
        for (input, out) in [(&base_in, &base), (&new_in, &new)] {
            let result = concord()
                .args(["run", "--out"])
                .arg(out)
                .arg(input)
                .output()
                .unwrap();
            assert_eq!(
                result.status.code(),
                Some(0),
                "concord run {}: {}",
                input.display(),
                stderr(&result)
            );
        }
        Runs { root, base, new }
    })
}

fn diff(base: &Path, new: &Path, extra: &[&str]) -> Output {
    concord()
        .arg("diff")
        .arg(base)
        .arg(new)
        .args(extra)
        .output()
        .unwrap()
}

fn json_diff(base: &Path, new: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let out = diff(base, new, &[&["--format", "json"], extra].concat());
    let text = stdout(&out);
    let value: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("diff --format json is not JSON ({e}): {text}"));
    (out.status.code(), value)
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn a_run_compared_with_itself_has_nothing_new() {
    let runs = runs();
    let out = diff(&runs.base, &runs.base, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(text.contains("No new disagreements"), "{text}");

    let (code, json) = json_diff(&runs.base, &runs.base, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(json["failing"], 0, "{json:#}");
    for key in [
        "new_flags",
        "resolved_flags",
        "changed_flags",
        "new_documents",
        "dropped_documents",
        "changed_documents",
    ] {
        assert_eq!(json[key], Value::Array(vec![]), "{key}: {json:#}");
    }
}

#[test]
fn new_document_and_its_flags_fail_the_diff() {
    let runs = runs();
    let out = diff(&runs.base, &runs.new, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    assert!(
        text.contains(NEW_DOC),
        "new document not mentioned:\n{text}"
    );
    assert!(
        text.contains(NEW_DATE),
        "new flag value not mentioned:\n{text}"
    );
    assert!(text.contains("New disagreements"), "{text}");

    // Every new flag is in the Markdown with both its values.
    let (code, json) = json_diff(&runs.base, &runs.new, &[]);
    assert_eq!(code, Some(1));
    let new_flags = json["new_flags"].as_array().unwrap();
    assert!(!new_flags.is_empty(), "{json:#}");
    for flag in new_flags {
        for side in ["value_a", "value_b"] {
            let value = flag[side].as_str().unwrap();
            assert!(
                text.contains(value),
                "{side} {value} of {flag} not in:\n{text}"
            );
        }
    }
}

#[test]
fn json_diff_lists_the_new_document_and_flags() {
    let runs = runs();
    let (code, json) = json_diff(&runs.base, &runs.new, &[]);
    assert_eq!(code, Some(1), "{json:#}");
    for key in [
        "base",
        "new",
        "new_flags",
        "resolved_flags",
        "changed_flags",
        "new_documents",
        "dropped_documents",
        "changed_documents",
        "failing",
    ] {
        assert!(json.get(key).is_some(), "no key {key}: {json:#}");
    }
    assert!(json["failing"].as_u64().unwrap() > 0, "{json:#}");
    assert_eq!(strings(&json["new_documents"]), [NEW_DOC], "{json:#}");
    assert!(strings(&json["dropped_documents"]).is_empty(), "{json:#}");
    assert!(strings(&json["changed_documents"]).is_empty(), "{json:#}");

    let new_flags = json["new_flags"].as_array().unwrap();
    let has = |flag: &Value, value: &str| flag["value_a"] == value || flag["value_b"] == value;
    assert!(
        new_flags.iter().any(|f| f["kind"] == "date"
            && has(f, NEW_DATE)
            && (f["source_a"] == NEW_DOC || f["source_b"] == NEW_DOC)),
        "no new date flag with {NEW_DATE} from {NEW_DOC}: {json:#}"
    );
    // Every new flag involves the new document: the English-Japanese version
    // flag is in both runs (same stable id), so it is not new.
    for flag in new_flags {
        assert!(
            flag["source_a"] == NEW_DOC || flag["source_b"] == NEW_DOC,
            "a flag between old documents reported as new: {flag}"
        );
        let confidence = flag["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence), "{flag}");
    }
    // Both paths are echoed.
    assert!(json["base"].as_str().unwrap().ends_with("BASE"), "{json:#}");
    assert!(json["new"].as_str().unwrap().ends_with("NEW"), "{json:#}");
}

#[test]
fn thresholds_and_kinds_decide_what_fails() {
    let runs = runs();
    // A confidence outside 0..1 (or NaN) is refused, not silently matched
    // by nothing.
    for bad in ["1.01", "nan", "-0.5"] {
        let out = diff(&runs.base, &runs.new, &["--min-confidence", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
    // No flag is that sure.
    let out = diff(&runs.base, &runs.new, &["--min-confidence", "0.9999"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("No new disagreements"),
        "{}",
        stdout(&out)
    );
    // The new flags are dates and versions, not money.
    let (_, json) = json_diff(&runs.base, &runs.new, &[]);
    let kinds: Vec<&str> = json["new_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.contains(&"money"), "{kinds:?}");
    let out = diff(&runs.base, &runs.new, &["--fail-on", "money"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let (code, json) = json_diff(&runs.base, &runs.new, &["--fail-on", "money,percent"]);
    assert_eq!(
        (code, json["failing"].as_u64()),
        (Some(0), Some(0)),
        "{json:#}"
    );
    // ...but they are dates.
    let out = diff(&runs.base, &runs.new, &["--fail-on", "money,date"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let dates = kinds.iter().filter(|k| **k == "date").count() as u64;
    let (_, json) = json_diff(&runs.base, &runs.new, &["--fail-on", "date"]);
    assert_eq!(json["failing"].as_u64(), Some(dates), "{json:#}");
}

#[test]
fn missing_run_directory_is_an_error_naming_it() {
    let runs = runs();
    let missing = runs.root.join("no-such-run");
    for (a, b) in [(&runs.base, &missing), (&missing, &runs.base)] {
        let out = diff(a, b, &[]);
        assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
        assert!(stderr(&out).contains("no-such-run"), "{}", stderr(&out));
    }
}

#[test]
fn report_highlights_the_conflicting_values() {
    let runs = runs();
    let out = concord().arg("report").arg(&runs.new).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = runs.new.join("report.html");
    let html = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no report at {}: {e}", path.display()));
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    for value in ["Atlas-3.1", "Atlas-3.7", NEW_DATE] {
        assert!(
            html.contains(&format!("{value}</mark>")),
            "{value} is not highlighted in {}",
            path.display()
        );
    }
    assert!(html.contains("zh.txt") && html.contains("ja.txt") && html.contains("en.txt"));
    // Cleaning per source: the share line dropped from the English article,
    // the full-width digits folded in the Japanese one.
    let cleaning = &html[html.find("Cleaning per source").expect("cleaning section")..];
    let row = |source: &str| {
        let start = cleaning
            .find(source)
            .unwrap_or_else(|| panic!("{source} row"));
        &cleaning[start..start + cleaning[start..].find("</tr>").unwrap()]
    };
    assert!(row("en.txt").contains("share 1"), "{}", row("en.txt"));
    assert!(row("ja.txt").contains("nfkc "), "{}", row("ja.txt"));
    // NFKC folds the Chinese article's one full-width comma; nothing removed.
    assert!(
        row("zh.txt").contains("<td>none</td><td>nfkc 1</td>"),
        "{}",
        row("zh.txt")
    );
    // Self-contained: no scripts, nothing fetched from elsewhere.
    for needle in [
        "<script",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(http",
    ] {
        assert!(!html.contains(needle), "{needle} in {}", path.display());
    }

    // --out writes elsewhere.
    let elsewhere = runs.root.join("elsewhere/report.html");
    std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
    let out = concord()
        .arg("report")
        .arg(&runs.base)
        .arg("--out")
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&elsewhere).unwrap();
    assert!(html.contains("Atlas-3.7</mark>"), "{html}");
    assert!(!html.contains(NEW_DATE), "BASE has no Chinese article");

    // A run written before the `changes` table existed still gets a report.
    let old = runs.root.join("OLD");
    std::fs::create_dir_all(&old).unwrap();
    for entry in std::fs::read_dir(&runs.base).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && !name.starts_with("changes.") {
            std::fs::copy(&path, old.join(&name)).unwrap();
        }
    }
    let out = concord().arg("report").arg(&old).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(old.join("report.html")).unwrap();
    assert!(html.contains("Atlas-3.7</mark>"));
    assert!(html.contains("not recorded (run written before schema 3)"));
}
