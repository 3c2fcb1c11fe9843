//! End-to-end tests of incremental ingests (`concord run --into DIR`):
//! the tables equal a full run's row for row, changed and unchanged
//! documents are recognised, mismatched settings are refused, and a process
//! killed (SIGKILL) at any moment leaves the previous run or the new one,
//! never a mix.
//!
//! Inputs are small EN/ZH/JA articles written here; the model comes from the
//! workspace's `models/` directory, as in `tests/cli.rs`.

mod common;

use common::{concord, stderr};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// `concord ARGS...`, which must succeed.
fn concord_ok(args: &[&std::ffi::OsStr]) -> Output {
    let out = concord().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "concord {args:?}: {}",
        stderr(&out)
    );
    out
}

fn run_out(out: &Path, input: &Path) {
    concord_ok(&[
        "run".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        input.as_os_str(),
    ]);
}

fn run_into(dir: &Path, input: &Path) {
    concord_ok(&[
        "run".as_ref(),
        "--into".as_ref(),
        dir.as_os_str(),
        input.as_os_str(),
    ]);
}

const EN: &str = "Nordwind Labs released its Atlas-3.1 model on March 4.\n\
    The company said the model was trained on 48,000 chips.\n\
    Shares of the company rose sharply in Frankfurt.\n";
const ZH: &str = "北风实验室于3月9日发布了Atlas-3.1模型。\n\
    该公司表示，该模型使用48,000块芯片训练。\n\
    该公司股价在法兰克福大幅上涨。\n";
/// An earlier version of `ZH`: another date and a missing sentence.
const ZH_OLD: &str = "北风实验室于3月5日发布了Atlas-3.1模型。\n\
    该公司股价在法兰克福大幅上涨。\n";
const JA: &str = "ノルトヴィント・ラボは3月4日、Atlas-3.7モデルを発表した。\n\
    同社によると、このモデルは48,000個のチップで訓練された。\n\
    フランクフルトで同社の株価が急騰した。\n";
const FEED_LINE_1: &str = r#"{"title": "Chip rules", "text": "The ministry announced new export rules on Monday. The rules take effect on July 1.", "url": "https://example.com/rules"}"#;
const FEED_LINE_2: &str = r#"{"title": "芯片新规", "text": "商务部周一宣布了新的出口规定。新规将于7月2日生效。", "lang": "zh"}"#;

/// Write `files` (name, content) into `dir`.
fn write_files(dir: &Path, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Every table file (`.arrow`, `.parquet`) and the embedding cache, by name.
fn table_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let keep =
                !name.starts_with('.') && (name.ends_with(".arrow") || name.ends_with(".parquet"));
            keep.then(|| (name, std::fs::read(e.path()).unwrap()))
        })
        .collect()
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Assert the 16 table files of two runs are byte-identical.
fn assert_same_tables(a: &Path, b: &Path) {
    let (ta, tb) = (table_files(a), table_files(b));
    for table in concord_store::TABLES {
        for ext in ["arrow", "parquet"] {
            let name = format!("{table}.{ext}");
            assert!(ta.contains_key(&name), "{} has no {name}", a.display());
            assert!(
                ta.get(&name) == tb.get(&name),
                "{name} differs between {} and {}",
                a.display(),
                b.display()
            );
        }
    }
    let (ma, mb) = (manifest(a), manifest(b));
    for key in ["run_id", "inputs", "tables", "model", "settings"] {
        assert_eq!(ma[key], mb[key], "manifest {key}");
    }
    for count in [
        "documents",
        "sentences",
        "alignments",
        "claims",
        "facts",
        "disagreements",
    ] {
        assert_eq!(ma["counts"][count], mb["counts"][count], "counts.{count}");
    }
}

#[test]
fn ingests_into_a_run_give_the_tables_of_a_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let feed_1 = format!("{FEED_LINE_1}\n");
    let feed_2 = format!("{FEED_LINE_1}\n{FEED_LINE_2}\n");
    // The input directory is called `news` every time, so sources match.
    let everything = root.join("all/news");
    write_files(
        &everything,
        &[
            ("a-en.txt", EN),
            ("b-zh.txt", ZH),
            ("c-ja.txt", JA),
            ("feed.jsonl", &feed_2),
        ],
    );
    let full = root.join("FULL");
    run_out(&full, &everything);

    // A new article that sorts between two old ones, plus a JSON-lines feed
    // that grew by one line.
    let first = root.join("first/news");
    write_files(
        &first,
        &[("a-en.txt", EN), ("c-ja.txt", JA), ("feed.jsonl", &feed_1)],
    );
    let later = root.join("later/news");
    write_files(&later, &[("b-zh.txt", ZH), ("feed.jsonl", &feed_2)]);
    let inc = root.join("INC");
    run_out(&inc, &first);
    run_into(&inc, &later);
    assert_same_tables(&full, &inc);
    let m = manifest(&inc);
    let ingests = m["ingests"].as_array().unwrap();
    assert_eq!(ingests.len(), 2, "{m:#}");
    assert_eq!(ingests[0]["kind"], "full");
    let last = &ingests[1];
    assert_eq!(last["kind"], "incremental");
    assert_eq!(
        last["added"],
        serde_json::json!(["news/b-zh.txt", "news/feed.jsonl#L2"]),
        "{last:#}"
    );
    assert_eq!(last["unchanged"], serde_json::json!(["news/feed.jsonl#L1"]));
    assert_eq!(last["changed"], serde_json::json!([]));
    // Only the new documents' sentences were embedded; every old document
    // was aligned with the new ones, old pairs were kept.
    let full_sentences = manifest(&full)["counts"]["sentences"].as_u64().unwrap();
    let added = last["counts"]["sentences_added"].as_u64().unwrap();
    assert!(added > 0 && added < full_sentences, "{last:#}");
    assert_eq!(
        last["counts"]["embedded_now"],
        last["counts"]["sentences_added"]
    );
    // Only pairs inside one event are aligned: the ingest aligned the pairs
    // of the full run that it did not have yet (at most the 7 of the 10
    // pairs of five documents that involve a new one, plus old pairs that a
    // new document brought into one event), never more than there are.
    let pairs = |m: &serde_json::Value, i: usize| {
        m["ingests"][i]["counts"]["document_pairs_aligned"]
            .as_u64()
            .unwrap()
    };
    let (full_pairs, first_pairs, later_pairs) =
        (pairs(&manifest(&full), 0), pairs(&m, 0), pairs(&m, 1));
    assert!(first_pairs + later_pairs >= full_pairs, "{m:#}");
    assert!(later_pairs <= 10, "{last:#}");
    assert!(
        last["counts"]["alignments_kept"].as_u64().unwrap() > 0,
        "{last:#}"
    );

    // A changed article replaces its old version.
    let old = root.join("old/news");
    write_files(
        &old,
        &[
            ("a-en.txt", EN),
            ("b-zh.txt", ZH_OLD),
            ("c-ja.txt", JA),
            ("feed.jsonl", &feed_2),
        ],
    );
    let changed = root.join("CHANGED");
    run_out(&changed, &old);
    let fix = root.join("fix/news");
    write_files(&fix, &[("b-zh.txt", ZH)]);
    run_into(&changed, &fix);
    assert_same_tables(&full, &changed);
    let last = manifest(&changed)["ingests"][1].clone();
    assert_eq!(
        last["changed"],
        serde_json::json!(["news/b-zh.txt"]),
        "{last:#}"
    );
    assert_eq!(last["counts"]["documents_changed"], 1);

    // Ingesting what is already there changes no table and embeds nothing.
    let before = table_files(&inc);
    run_into(&inc, &everything);
    assert!(
        table_files(&inc) == before,
        "an ingest of known documents changed tables"
    );
    let m = manifest(&inc);
    let last = &m["ingests"][2];
    assert_eq!(last["counts"]["documents_unchanged"], 5, "{last:#}");
    assert_eq!(last["counts"]["embedded_now"], 0);
    assert_eq!(m["counts"]["documents"], 5);

    // diff and report read an incrementally built run like any other.
    let out = concord()
        .arg("diff")
        .arg(&full)
        .arg(&inc)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diff["new_flags"], serde_json::json!([]), "{diff:#}");
    assert_eq!(diff["changed_documents"], serde_json::json!([]), "{diff:#}");
}

#[test]
fn ingests_with_other_settings_or_into_no_run_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in/news");
    write_files(&input, &[("a-en.txt", EN)]);
    let extra = tmp.path().join("extra/news");
    write_files(&extra, &[("c-ja.txt", JA)]);
    let run = tmp.path().join("RUN");
    run_out(&run, &input);
    let before = table_files(&run);
    for (flags, expected) in [
        (vec!["--segmentation", "lines"], "segmentation"),
        (vec!["--parallel"], "--parallel"),
        (
            vec!["--model", "no-such-model-anywhere"],
            "no-such-model-anywhere",
        ),
    ] {
        let out = concord()
            .args(["run", "--into"])
            .arg(&run)
            .args(&flags)
            .arg(&extra)
            .env("HF_HUB_OFFLINE", "1")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{flags:?}: {}",
            stderr(&out)
        );
    }
    assert!(
        table_files(&run) == before,
        "a refused ingest changed the run"
    );

    let missing = tmp.path().join("not-a-run");
    std::fs::create_dir_all(&missing).unwrap();
    let out = concord()
        .args(["run", "--into"])
        .arg(&missing)
        .arg(&extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a concord run directory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(&missing).unwrap().count(),
        0,
        "files left in a non-run"
    );

    // --out and --into together make no sense.
    let out = concord()
        .args(["run", "--out"])
        .arg(&run)
        .arg("--into")
        .arg(&run)
        .arg(&extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// A run directory's state up to timings: its table files and the
/// manifest's description of them.
#[derive(Debug, PartialEq)]
struct State {
    files: BTreeMap<String, Vec<u8>>,
    run_id: Value,
    inputs: Value,
    tables: Value,
    n_ingests: usize,
}

fn state(dir: &Path) -> State {
    let m = manifest(dir);
    State {
        files: table_files(dir),
        run_id: m["run_id"].clone(),
        inputs: m["inputs"].clone(),
        tables: m["tables"].clone(),
        n_ingests: m["ingests"].as_array().map_or(0, Vec::len),
    }
}

fn copy_run(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn hidden_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n == concord_store::JOURNAL_FILE)
        .collect()
}

/// When to kill the ingest.
#[derive(Debug, Clone, Copy)]
enum Trigger {
    /// After this long.
    After(Duration),
    /// As soon as a staged temporary appears (the process is writing files).
    Staging,
    /// As soon as the commit journal appears (the process is renaming).
    Journal,
}

/// Every file of the run is readable as what it claims to be.
fn assert_readable(dir: &Path, what: &str) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if name.ends_with(".arrow") {
            concord_store::read_ipc_file(&path)
                .unwrap_or_else(|e| panic!("{what}: {name} unreadable: {e}"));
        } else if name.ends_with(".parquet") {
            concord_store::read_parquet_file(&path)
                .unwrap_or_else(|e| panic!("{what}: {name} unreadable: {e}"));
        } else if name == "manifest.json" {
            let _: Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{what}: manifest unreadable: {e}"));
        }
    }
}

#[test]
fn killing_an_ingest_at_any_moment_leaves_the_old_or_the_new_run() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let first = root.join("first/news");
    write_files(&first, &[("a-en.txt", EN), ("b-zh.txt", ZH)]);
    let later = root.join("later/news");
    write_files(&later, &[("c-ja.txt", JA)]);
    let base = root.join("BASE");
    run_out(&base, &first);
    let old = state(&base);

    // The uninterrupted ingest: the new state and how long it takes.
    let reference = root.join("REF");
    copy_run(&base, &reference);
    let started = Instant::now();
    run_into(&reference, &later);
    let full_time = started.elapsed();
    let new = state(&reference);
    assert_ne!(old.files, new.files);

    let mut triggers: Vec<Trigger> = (0..10u32)
        .map(|k| Trigger::After(full_time * k / 9))
        .collect();
    triggers.extend([Trigger::Staging, Trigger::Journal, Trigger::Journal]);
    let work = root.join("WORK");
    let mut outcomes = Vec::new();
    for (attempt, trigger) in triggers.into_iter().enumerate() {
        copy_run(&base, &work);
        let mut child = concord()
            .args(["run", "--into"])
            .arg(&work)
            .arg(&later)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let spawned = Instant::now();
        let deadline = Instant::now() + full_time * 4 + Duration::from_secs(10);
        let exited = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            let fire = match trigger {
                Trigger::After(delay) => spawned.elapsed() >= delay,
                Trigger::Staging => hidden_files(&work).iter().any(|n| n.ends_with(".tmp")),
                Trigger::Journal => work.join(concord_store::JOURNAL_FILE).exists(),
            };
            if fire || Instant::now() > deadline {
                break None;
            }
            std::thread::yield_now();
        };
        // SIGKILL on Unix: no destructor, no cleanup.
        let _ = child.kill();
        let status = child.wait().unwrap();
        let leftovers = hidden_files(&work);
        let phase = if exited.is_some() {
            "finished before the kill"
        } else if leftovers.iter().any(|n| n == concord_store::JOURNAL_FILE) {
            "committing (journal present)"
        } else if !leftovers.is_empty() {
            "staging (temporaries present)"
        } else if state(&work) == new {
            "committed, before exiting"
        } else {
            "before writing"
        };
        let what = format!("attempt {attempt} ({trigger:?}, {phase})");
        // Without any recovery every file is readable.
        assert_readable(&work, &what);

        // The next concord command recovers the directory.
        let out = concord()
            .arg("diff")
            .arg(&base)
            .arg(&work)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{what}: diff failed: {}",
            stderr(&out)
        );
        assert!(
            hidden_files(&work).is_empty(),
            "{what}: {:?}",
            hidden_files(&work)
        );
        let now = state(&work);
        let outcome = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            panic!("{what}: the directory is neither the old nor the new run");
        };
        assert!(
            exited.is_none() || outcome == "new",
            "{what}: finished but old"
        );
        outcomes.push((what, status.code(), outcome));
    }
    // After a kill the ingest can simply be run again.
    run_into(&work, &later);
    assert_eq!(state(&work).files, new.files);

    eprintln!("uninterrupted ingest: {full_time:?}");
    for (what, code, outcome) in &outcomes {
        eprintln!("{what}: exit {code:?}, after recovery: {outcome}");
    }
    assert!(outcomes.iter().any(|(_, _, o)| *o == "old"));
    assert!(outcomes.iter().any(|(_, _, o)| *o == "new"));
}
