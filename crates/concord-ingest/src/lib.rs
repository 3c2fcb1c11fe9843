//! Ingest stage of Concord: turns the files and directories named on the
//! command line into [`Document`]s — the original text of each English,
//! Chinese or Japanese article, byte for byte, with its SHA-256, a stable
//! [`DocId`](concord_core::DocId), a title and a detected language.
//!
//! The crate is shaped by two rules. First, **the text is the file's bytes**:
//! nothing is stripped or converted (a UTF-8 byte-order mark and CRLF line
//! ends stay), because every later stage reports byte spans into the
//! original file; normalization happens later, through an offset map.
//! Second, **only usage errors are fatal**: a missing input path, an
//! unlistable directory or two files claiming the same name stop the run
//! with an [`IngestError`], while anything wrong with one document — empty,
//! white space only, binary (NUL bytes), UTF-16, invalid UTF-8 (with the byte
//! offset), larger than [`IngestConfig::max_doc_bytes`], unreadable — yields a
//! document with [`DocStatus::Error`](concord_core::DocStatus::Error) and
//! empty text, still carrying its source, size, hash and id, so that it shows
//! up in the output tables and in the CLI's `source: message` report instead
//! of vanishing.
//!
//! # Source names
//!
//! [`Document::source`] is a `/`-separated name that is independent of the
//! working directory:
//!
//! * a file given explicitly is named by its file name (`data/en.txt` →
//!   `en.txt`) and is always read, whatever its extension or name;
//! * a file found under a directory input is named by its path relative to
//!   the directory's *parent*, i.e. including the directory's own name
//!   (`data/corpus` → `corpus/zh/001.txt`), so that two input directories
//!   rarely collide. `.` and `..` take the name of the directory they point
//!   at; the file-system root contributes no prefix.
//!
//! Directory walks are recursive and deterministic (entries in byte order of
//! their names). They skip hidden entries (names starting with `.`), files
//! whose extension is not in [`IngestConfig::extensions`] (compared without
//! regard to ASCII case), special files, and symbolic links to directories
//! (which are not followed); links to files are read. The result is sorted by
//! source. The same file reached twice under one source name is kept once;
//! two *different* files with one source name are an
//! [`IngestError::DuplicateSource`].
//!
//! Names that are not valid UTF-8 are converted lossily.
//!
//! ```
//! use concord_core::{DocStatus, Lang};
//! use concord_ingest::{IngestConfig, Ingestor};
//!
//! let tmp = tempfile::tempdir()?;
//! let corpus = tmp.path().join("corpus");
//! std::fs::create_dir(&corpus)?;
//! std::fs::write(corpus.join("en.txt"), "US bans two AI models\r\nWashington, June 27.\r\n")?;
//! std::fs::write(corpus.join("zh.md"), "# 美国禁止两款AI模型\n\n6月27日，华盛顿。\n")?;
//! std::fs::write(corpus.join("ja.txt"), b"\xE7\xB1\xB3\xFF")?; // "米" and a stray byte
//! std::fs::write(corpus.join("notes.json"), "{}")?; // not a .txt/.md file: skipped
//!
//! let docs = Ingestor::new(IngestConfig::default()).ingest(&[corpus])?;
//! let sources: Vec<_> = docs.iter().map(|d| d.source.as_str()).collect();
//! assert_eq!(sources, ["corpus/en.txt", "corpus/ja.txt", "corpus/zh.md"]);
//!
//! assert_eq!(docs[0].title.as_deref(), Some("US bans two AI models"));
//! assert!(docs[0].text.ends_with("June 27.\r\n")); // bytes as they are
//! assert_eq!(docs[2].lang, Lang::Zh);
//! assert_eq!(docs[2].title.as_deref(), Some("美国禁止两款AI模型"));
//!
//! // A bad document does not fail the run; it says what is wrong.
//! assert_eq!(docs[1].status, DocStatus::Error("invalid UTF-8 at byte 3".into()));
//! assert_eq!(docs[1].byte_len, 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod document;
mod error;
mod walk;

pub use error::IngestError;

use concord_core::Document;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Default [`IngestConfig::max_doc_bytes`]: 4 MiB, far above any news article.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 4 * 1024 * 1024;

/// Settings of the ingest stage.
///
/// Missing fields take their default when deserialized; unknown fields are
/// rejected, so a typo in a config file does not go unnoticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Files larger than this many bytes are not loaded; they become
    /// documents with an error status. Default [`DEFAULT_MAX_DOC_BYTES`].
    pub max_doc_bytes: u64,
    /// Extensions of the files read from directories (`txt` or `.txt`, any
    /// ASCII case; multi-part ones such as `news.txt` work too). Files given
    /// explicitly are read whatever their extension. Default `["txt", "md"]`.
    pub extensions: Vec<String>,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            extensions: vec!["txt".to_owned(), "md".to_owned()],
        }
    }
}

/// Reads input files and directories into [`Document`]s.
#[derive(Debug, Clone, Default)]
pub struct Ingestor {
    config: IngestConfig,
}

impl Ingestor {
    /// An ingestor with the given settings.
    pub fn new(config: IngestConfig) -> Self {
        Self { config }
    }

    /// The settings in use.
    pub fn config(&self) -> &IngestConfig {
        &self.config
    }

    /// Read every file named by `inputs` (files, or directories walked
    /// recursively), one document per file, sorted and deduplicated by
    /// source. See the crate docs for the naming and walking rules.
    ///
    /// Problems with single documents are reported in their
    /// [`Document::status`]; check it before using the text.
    ///
    /// # Errors
    ///
    /// [`IngestError::MissingInput`] / [`IngestError::Input`] if an input
    /// path does not exist or cannot be examined,
    /// [`IngestError::ReadDir`] if a directory cannot be listed, and
    /// [`IngestError::DuplicateSource`] if two different files get the same
    /// source name.
    pub fn ingest(&self, inputs: &[PathBuf]) -> Result<Vec<Document>, IngestError> {
        let mut candidates = walk::expand(inputs, &self.config.extensions)?;
        // Stable: among equal sources the one from the earlier input comes first.
        candidates.sort_by(|a, b| a.source.cmp(&b.source));
        let mut kept: Vec<walk::Candidate> = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            if let Some(last) = kept.last() {
                if last.source == candidate.source {
                    if same_file(&last.path, &candidate.path) {
                        continue;
                    }
                    return Err(IngestError::DuplicateSource {
                        name: candidate.source,
                        first: last.path.clone(),
                        second: candidate.path,
                    });
                }
            }
            kept.push(candidate);
        }
        Ok(kept
            .into_iter()
            .map(|c| self.ingest_file(&c.path, c.source))
            .collect())
    }

    /// Read one file as the document named `source`. Never fails: a file that
    /// cannot be read or used gives a document with
    /// [`DocStatus::Error`](concord_core::DocStatus::Error).
    pub fn ingest_file(&self, path: &Path, source: impl Into<String>) -> Document {
        document::from_file(source.into(), path, self.config.max_doc_bytes)
    }

    /// Build the document named `source` from bytes already in memory, with
    /// the same checks as for a file.
    ///
    /// ```
    /// use concord_core::DocStatus;
    /// use concord_ingest::Ingestor;
    ///
    /// let doc = Ingestor::default().ingest_bytes("ja.txt", "米政府、規制を解除\n本文。".as_bytes());
    /// assert_eq!(doc.status, DocStatus::Ok);
    /// assert_eq!(doc.title.as_deref(), Some("米政府、規制を解除"));
    /// assert_eq!(doc.lang.code(), "ja");
    /// ```
    pub fn ingest_bytes(&self, source: impl Into<String>, bytes: &[u8]) -> Document {
        document::from_bytes(source.into(), bytes, self.config.max_doc_bytes)
    }
}

/// Whether two paths are the same file (compared by canonical path when
/// both resolve, else as written).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::{DocId, DocStatus, Lang};
    use std::fs;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    const EN: &str = "US lifts ban on Fable models\n\nWashington, June 27 (Reuters) - The U.S. government lifted the ban.\n";
    const ZH: &str = "美国解除对Fable模型的禁令\n\n华盛顿6月27日电——美国政府解除了禁令。\n";
    const JA: &str =
        "米政府、Fableモデルの規制を解除\n\nワシントン6月27日――米政府は規制を解除した。\n";

    fn sources(docs: &[Document]) -> Vec<&str> {
        docs.iter().map(|d| d.source.as_str()).collect()
    }

    fn find<'a>(docs: &'a [Document], source: &str) -> &'a Document {
        match docs.iter().find(|d| d.source == source) {
            Some(d) => d,
            None => panic!("no document {source} in {:?}", sources(docs)),
        }
    }

    fn error_of(d: &Document) -> &str {
        match &d.status {
            DocStatus::Error(e) => e,
            DocStatus::Ok => panic!("{} unexpectedly ok", d.source),
        }
    }

    /// `root/corpus/{en.txt, zh/002.txt, zh/001.md, ja/記事.txt, ...}`.
    fn corpus(root: &Path) -> std::io::Result<PathBuf> {
        let corpus = root.join("corpus");
        fs::create_dir_all(corpus.join("zh"))?;
        fs::create_dir_all(corpus.join("ja"))?;
        fs::write(corpus.join("en.txt"), EN)?;
        fs::write(corpus.join("zh/002.txt"), ZH)?;
        fs::write(corpus.join("zh/001.md"), format!("# {ZH}"))?;
        fs::write(corpus.join("ja/記事.txt"), JA)?;
        Ok(corpus)
    }

    #[test]
    fn walks_directories_in_order_with_relative_sources() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let corpus = corpus(tmp.path())?;
        let docs = Ingestor::default().ingest(std::slice::from_ref(&corpus))?;
        assert_eq!(
            sources(&docs),
            [
                "corpus/en.txt",
                "corpus/ja/記事.txt",
                "corpus/zh/001.md",
                "corpus/zh/002.txt"
            ]
        );
        let ja = find(&docs, "corpus/ja/記事.txt");
        assert_eq!(ja.status, DocStatus::Ok);
        assert_eq!(ja.text, JA);
        assert_eq!(ja.lang, Lang::Ja);
        assert_eq!(ja.title.as_deref(), Some("米政府、Fableモデルの規制を解除"));
        assert_eq!(
            ja.id,
            DocId::from_parts(["corpus/ja/記事.txt", ja.sha256.as_str()])
        );
        let zh_md = find(&docs, "corpus/zh/001.md");
        assert_eq!(zh_md.lang, Lang::Zh);
        assert_eq!(zh_md.title.as_deref(), Some("美国解除对Fable模型的禁令"));
        assert_eq!(find(&docs, "corpus/en.txt").lang, Lang::En);

        // Same corpus reached through `corpus/zh/..`: same names, same ids.
        let again = Ingestor::default().ingest(&[corpus.join("zh").join("..")])?;
        assert_eq!(again, docs);
        // A sub-directory is named from itself.
        let zh = Ingestor::default().ingest(&[corpus.join("zh")])?;
        assert_eq!(sources(&zh), ["zh/001.md", "zh/002.txt"]);
        Ok(())
    }

    #[test]
    fn several_inputs_are_merged_sorted_and_deduplicated() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let corpus = corpus(tmp.path())?;
        let extra = tmp.path().join("extra");
        fs::create_dir(&extra)?;
        fs::write(extra.join("b.txt"), EN)?;
        let inputs = [
            extra.clone(),
            corpus.join("ja/記事.txt"),
            corpus.clone(),
            corpus.clone(),          // given twice: kept once
            corpus.join("./en.txt"), // same file as below, same name
            corpus.join("en.txt"),
        ];
        let docs = Ingestor::default().ingest(&inputs)?;
        assert_eq!(
            sources(&docs),
            [
                "corpus/en.txt",
                "corpus/ja/記事.txt",
                "corpus/zh/001.md",
                "corpus/zh/002.txt",
                "en.txt",
                "extra/b.txt",
                "記事.txt",
            ]
        );
        // Same content under two names: same hash, different ids.
        let (a, b) = (find(&docs, "en.txt"), find(&docs, "corpus/en.txt"));
        assert_eq!(a.sha256, b.sha256);
        assert_ne!(a.id, b.id);
        Ok(())
    }

    #[test]
    fn different_files_with_one_source_name_are_an_error() -> TestResult {
        let tmp = tempfile::tempdir()?;
        for side in ["a", "b"] {
            let dir = tmp.path().join(side).join("corpus");
            fs::create_dir_all(&dir)?;
            fs::write(dir.join("x.txt"), format!("{side}: {ZH}"))?;
        }
        let inputs = [tmp.path().join("b/corpus"), tmp.path().join("a/corpus")];
        match Ingestor::default().ingest(&inputs) {
            Err(IngestError::DuplicateSource {
                name,
                first,
                second,
            }) => {
                assert_eq!(name, "corpus/x.txt");
                assert_eq!(first, tmp.path().join("b/corpus/x.txt"));
                assert_eq!(second, tmp.path().join("a/corpus/x.txt"));
            }
            other => panic!("expected DuplicateSource, got {other:?}"),
        }
        Ok(())
    }

    #[test]
    fn hidden_entries_and_other_extensions_are_skipped_in_directories() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let corpus = tmp.path().join("corpus");
        fs::create_dir_all(corpus.join(".git"))?;
        fs::create_dir_all(corpus.join("sub"))?;
        fs::write(corpus.join(".git/HEAD.txt"), "ref: main")?;
        fs::write(corpus.join(".hidden.txt"), EN)?;
        fs::write(corpus.join("sub/.DS_Store"), [0u8, 1, 2])?;
        fs::write(corpus.join("meta.json"), "{\"lang\": \"zh\"}")?;
        fs::write(corpus.join("README"), EN)?;
        fs::write(corpus.join("UPPER.TXT"), ZH)?;
        fs::write(corpus.join("sub/news.Md"), JA)?;
        let docs = Ingestor::default().ingest(std::slice::from_ref(&corpus))?;
        assert_eq!(sources(&docs), ["corpus/UPPER.TXT", "corpus/sub/news.Md"]);

        // Given explicitly, any file is read: other extension, no extension, hidden.
        let explicit = [
            corpus.join("meta.json"),
            corpus.join("README"),
            corpus.join(".hidden.txt"),
        ];
        let docs = Ingestor::default().ingest(&explicit)?;
        assert_eq!(sources(&docs), [".hidden.txt", "README", "meta.json"]);
        assert!(docs.iter().all(|d| d.status == DocStatus::Ok));
        assert_eq!(find(&docs, "meta.json").text, "{\"lang\": \"zh\"}");

        // A hidden directory given explicitly is walked.
        let docs = Ingestor::default().ingest(&[corpus.join(".git")])?;
        assert_eq!(sources(&docs), [".git/HEAD.txt"]);
        Ok(())
    }

    #[test]
    fn configured_extensions_select_files() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let corpus = corpus(tmp.path())?;
        fs::write(corpus.join("zh/003.text"), ZH)?;
        let config = IngestConfig {
            extensions: vec![".TEXT".to_owned(), "md".to_owned()],
            ..IngestConfig::default()
        };
        let docs = Ingestor::new(config).ingest(&[corpus])?;
        assert_eq!(sources(&docs), ["corpus/zh/001.md", "corpus/zh/003.text"]);
        Ok(())
    }

    #[test]
    fn bad_documents_do_not_fail_the_run() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let dir = tmp.path().join("in");
        fs::create_dir(&dir)?;
        fs::write(dir.join("0-ok.txt"), ZH)?;
        fs::write(dir.join("1-empty.txt"), "")?;
        fs::write(dir.join("2-blank.txt"), " \r\n\u{3000}\n")?;
        fs::write(
            dir.join("3-binary.txt"),
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        )?;
        let mut gbk = "日本語".as_bytes().to_vec();
        gbk.extend_from_slice(&[0xD6, 0xD0, 0xCE, 0xC4]); // "中文" in GBK
        fs::write(dir.join("4-gbk.txt"), &gbk)?;
        let docs = Ingestor::default().ingest(&[dir])?;
        assert_eq!(docs.len(), 5);
        assert_eq!(docs[0].status, DocStatus::Ok);
        let expected = [
            (1, "empty file", 0),
            (2, "file contains only white space", 7),
            (3, "binary data (NUL byte at byte 8)", 16),
            (4, "invalid UTF-8 at byte 9", 13),
        ];
        for (i, message, len) in expected {
            let d = &docs[i];
            assert_eq!(error_of(d), message, "{}", d.source);
            assert_eq!(d.byte_len, len, "{}", d.source);
            assert_eq!(d.text, "");
            assert_eq!(d.title, None);
            assert_eq!(d.lang, Lang::Und);
            assert_eq!(
                d.sha256,
                document::sha256_hex(&fs::read(tmp.path().join(&d.source))?)
            );
            assert_eq!(
                d.id,
                DocId::from_parts([d.source.as_str(), d.sha256.as_str()])
            );
        }
        Ok(())
    }

    #[test]
    fn oversize_file_is_hashed_but_not_loaded() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let path = tmp.path().join("big.txt");
        let text = JA.repeat(1000);
        fs::write(&path, &text)?;
        let ingestor = Ingestor::new(IngestConfig {
            max_doc_bytes: 1000,
            ..IngestConfig::default()
        });
        let docs = ingestor.ingest(std::slice::from_ref(&path))?;
        let d = &docs[0];
        assert_eq!(
            error_of(d),
            format!(
                "file too large: {} bytes, the limit (max_doc_bytes) is 1000",
                text.len()
            )
        );
        assert_eq!(d.byte_len, text.len() as u64);
        assert_eq!(d.sha256, document::sha256_hex(text.as_bytes()));
        assert_eq!(d.text, "");
        // The same file within the limit is fine, and keeps its id.
        let ok = Ingestor::default().ingest_file(&path, "big.txt");
        assert_eq!(ok.status, DocStatus::Ok);
        assert_eq!(ok.id, d.id);
        Ok(())
    }

    #[test]
    fn crlf_and_bom_are_kept() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let path = tmp.path().join("crlf.txt");
        let text = "\u{FEFF}US bans two AI models\r\n\r\n美国禁止两款模型。\r\n";
        fs::write(&path, text)?;
        let d = Ingestor::default().ingest_file(&path, "crlf.txt");
        assert_eq!(d.status, DocStatus::Ok);
        assert_eq!(d.text, text);
        // BOM (3) + title (21) + two CRLF (4): offsets are file offsets.
        assert_eq!(d.text.find("美国"), Some(28));
        assert_eq!(d.title.as_deref(), Some("US bans two AI models"));
        Ok(())
    }

    #[test]
    fn missing_input_is_fatal_and_names_the_path() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let missing = tmp.path().join("没有这个目录");
        let err = match Ingestor::default().ingest(&[tmp.path().to_path_buf(), missing.clone()]) {
            Err(err) => err,
            Ok(docs) => panic!("expected an error, got {docs:?}"),
        };
        assert!(matches!(&err, IngestError::MissingInput { path, .. } if *path == missing));
        assert_eq!(
            err.to_string(),
            format!("input path {} does not exist", missing.display())
        );
        assert!(std::error::Error::source(&err).is_some());
        Ok(())
    }

    #[test]
    fn file_used_as_directory_is_an_input_error() -> TestResult {
        let tmp = tempfile::tempdir()?;
        let file = tmp.path().join("a.txt");
        fs::write(&file, EN)?;
        let bad = tmp.path().join("a.txt/b.txt");
        match Ingestor::default().ingest(std::slice::from_ref(&bad)) {
            Err(IngestError::Input { path, .. }) => assert_eq!(path, bad),
            other => panic!("expected Input, got {other:?}"),
        }
        Ok(())
    }

    #[test]
    fn unreadable_file_becomes_an_error_document() {
        let d = Ingestor::default().ingest_file(Path::new("/nonexistent/記事.txt"), "記事.txt");
        assert!(
            error_of(&d).starts_with("cannot read file: "),
            "{}",
            error_of(&d)
        );
        assert_eq!(d.sha256, document::sha256_hex(b""));
        assert_eq!(d.byte_len, 0);
        assert_eq!(d.text, "");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_to_files_are_read_and_dangling_ones_reported() -> TestResult {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir()?;
        let corpus = tmp.path().join("corpus");
        let outside = tmp.path().join("outside");
        fs::create_dir_all(&corpus)?;
        fs::create_dir_all(&outside)?;
        fs::write(outside.join("zh.txt"), ZH)?;
        symlink(outside.join("zh.txt"), corpus.join("linked.txt"))?;
        symlink(&outside, corpus.join("linked_dir"))?; // not followed
        symlink(&corpus, corpus.join("loop"))?; // would be a cycle
        symlink(tmp.path().join("gone.txt"), corpus.join("dangling.txt"))?;
        let docs = Ingestor::default().ingest(&[corpus])?;
        assert_eq!(sources(&docs), ["corpus/dangling.txt", "corpus/linked.txt"]);
        assert!(error_of(&docs[0]).starts_with("cannot read file: "));
        assert_eq!(docs[1].text, ZH);
        Ok(())
    }

    #[test]
    fn config_defaults_and_serde() -> TestResult {
        let config = IngestConfig::default();
        assert_eq!(config.max_doc_bytes, 4 * 1024 * 1024);
        assert_eq!(config.extensions, ["txt", "md"]);
        let json = serde_json::to_string(&config)?;
        assert_eq!(
            json,
            r#"{"max_doc_bytes":4194304,"extensions":["txt","md"]}"#
        );
        assert_eq!(serde_json::from_str::<IngestConfig>(&json)?, config);
        let partial: IngestConfig = serde_json::from_str(r#"{"max_doc_bytes": 10}"#)?;
        assert_eq!(partial.max_doc_bytes, 10);
        assert_eq!(partial.extensions, ["txt", "md"]);
        assert!(serde_json::from_str::<IngestConfig>(r#"{"max_bytes": 10}"#).is_err());
        assert_eq!(Ingestor::new(partial.clone()).config(), &partial);
        Ok(())
    }

    #[test]
    fn no_inputs_no_documents() -> TestResult {
        assert!(Ingestor::default().ingest(&[])?.is_empty());
        Ok(())
    }
}
