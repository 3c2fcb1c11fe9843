//! Ingest stage of Concord: turns the files and directories named on the
//! command line into [`Document`]s — the text of each English, Chinese or
//! Japanese article with its SHA-256, a stable
//! [`DocId`](concord_core::DocId), a title, a detected language and, where
//! the text is not the file's bytes verbatim, a
//! [`FileMap`](concord_core::FileMap) back to them.
//!
//! The crate is shaped by two rules. First, **every text byte points back
//! at the file**: later stages report byte spans of the original file, so
//! either the text *is* the file's bytes (UTF-8 `.txt`: nothing is
//! stripped or converted, a byte-order mark and CRLF line ends stay and
//! [`Document::file_map`] is `None`), or the document carries a
//! [`FileMap`](concord_core::FileMap) so that
//! [`Document::file_span`] turns any text span into the exact file bytes it
//! came from. Second, **only usage errors are fatal**: a missing input
//! path, an unlistable directory or two files claiming the same name stop
//! the run with an [`IngestError`], while anything wrong with one document
//! — empty, white space only, binary, undecodable, larger than
//! [`IngestConfig::max_doc_bytes`], unreadable, a bad JSON line — yields a
//! document with [`DocStatus::Error`](concord_core::DocStatus::Error) and
//! empty text, still carrying its source, size, hash and id, so that it
//! shows up in the output tables and in the CLI's `source: message` report
//! instead of vanishing.
//!
//! # Formats
//!
//! Chosen by extension (ASCII case ignored):
//!
//! * **`.txt`** (and anything else given explicitly): the decoded file is
//!   the text; the title is its first non-empty line.
//! * **`.md`, `.markdown`**: parsed as CommonMark (with tables) and reduced
//!   to its text: emphasis, link and code marks, heading and quote markers,
//!   list bullets, link destinations, images and raw HTML go, each block
//!   ends its line(s), and a [`FileMap`](concord_core::FileMap) keeps every
//!   byte pointing at the file. The title is the first line of that text.
//! * **`.html`, `.htm`**: news pages come wrapped in navigation, share
//!   buttons, ads and related-article lists that would otherwise be aligned
//!   and fact-checked like article sentences. The main content is found
//!   Readability-style (paragraphs scored by length and commas, the score
//!   flowing to their containers, class/id hints such as `article` /
//!   `content` against `nav` / `share` / `related` / `ad`, link density; the
//!   best container is kept with its siblings that belong to it), then
//!   short link-heavy, copyright, subscribe and share lines are dropped.
//!   `script`, `style`, `noscript`, `nav`, `header`, `footer`, `aside` and
//!   `form` never count. Character references are decoded; blocks are
//!   separated by `"\n\n"`, `<br>` gives `"\n"`. The title comes from
//!   `<title>`, `og:title` or the first `<h1>`, [`Document::url`] from
//!   `<link rel=canonical>` or `og:url`, [`Document::published`] from
//!   `article:published_time` or the first `<time datetime>`.
//! * **`.jsonl`**: one article object per line with the text in `text` (or
//!   `body`, `content`) and optional `title`, `url`, `published`, `lang`
//!   (`en`, `zh`, `ja`, … — otherwise detected); other fields (`id`,
//!   `source`, …) are allowed and ignored. Each line becomes a document
//!   named `<file source>#L<line>` (1-based), whose id, SHA-256 and size are
//!   those of the line's bytes; a line that is not valid JSON or has no text
//!   becomes an error document naming the line and the problem, and the
//!   rest of the file is still read. Blank lines are skipped.
//!
//! # Encodings
//!
//! UTF-8 is taken as is. A UTF-16 byte-order mark selects UTF-16. Any other
//! file that is not valid UTF-8 is decoded with `encoding_rs` as the
//! encoding an HTML `<meta charset>` declares or, failing that, as
//! `chardetng` guesses (GBK/GB18030, Big5, Shift_JIS, EUC-JP,
//! windows-1252, …); a file that is UTF-8 but for a few broken bytes stays
//! UTF-8. Undecodable bytes become U+FFFD and are reported in an
//! [`IngestNote`] from [`Ingestor::ingest_with_report`], and
//! [`Document::encoding`] names the encoding used. A file with a NUL byte
//! (and no UTF-16 mark), or that reads as more than 10% control characters
//! and undecodable bytes in the chosen encoding, is binary: an error
//! document.
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
//! source (the lines of a `.jsonl` file in line order). The same file
//! reached twice under one source name is kept once; two *different* files
//! with one source name are an [`IngestError::DuplicateSource`].
//!
//! Names that are not valid UTF-8 are converted lossily.
//!
//! ```
//! use concord_core::{DocStatus, Lang, Span};
//! use concord_ingest::{IngestConfig, Ingestor};
//!
//! let tmp = tempfile::tempdir()?;
//! let corpus = tmp.path().join("corpus");
//! std::fs::create_dir(&corpus)?;
//! std::fs::write(corpus.join("en.txt"), "US bans two AI models\r\nWashington, June 27.\r\n")?;
//! std::fs::write(corpus.join("zh.md"), "# 美国禁止两款AI模型\n\n6月27日，华盛顿。\n")?;
//! // Shift_JIS, as an older Japanese site would serve it.
//! let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("米政府、AIモデル2種の規制を解除した。");
//! std::fs::write(corpus.join("ja.html"), [b"<p>", &sjis[..], b"</p><nav>Home</nav>"].concat())?;
//! std::fs::write(corpus.join("bin.txt"), b"GIF89a\x00\x01")?;
//! std::fs::write(corpus.join("notes.json"), "{}")?; // not a known extension: skipped
//!
//! let docs = Ingestor::new(IngestConfig::default()).ingest(&[corpus])?;
//! let sources: Vec<_> = docs.iter().map(|d| d.source.as_str()).collect();
//! assert_eq!(sources, ["corpus/bin.txt", "corpus/en.txt", "corpus/ja.html", "corpus/zh.md"]);
//!
//! assert_eq!(docs[1].title.as_deref(), Some("US bans two AI models"));
//! assert!(docs[1].text.ends_with("June 27.\r\n")); // bytes as they are
//! assert_eq!(docs[3].lang, Lang::Zh);
//! assert_eq!(docs[3].title.as_deref(), Some("美国禁止两款AI模型"));
//! assert_eq!(docs[3].text, "美国禁止两款AI模型\n\n6月27日，华盛顿。"); // no `#`
//!
//! // Decoded, without the markup, and mapped back to the Shift_JIS bytes.
//! let ja = &docs[2];
//! assert_eq!((ja.text.as_str(), ja.encoding.as_str()), ("米政府、AIモデル2種の規制を解除した。", "Shift_JIS"));
//! let at = ja.text.find("規制").unwrap_or_default();
//! assert_eq!(ja.file_span(Span::new(at, at + "規制".len())), Span::new(3 + 21, 3 + 25));
//!
//! // A bad document does not fail the run; it says what is wrong.
//! assert_eq!(docs[0].status, DocStatus::Error("binary data (NUL byte at byte 6)".into()));
//! assert_eq!(docs[0].byte_len, 8);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod decode;
mod document;
mod error;
mod html;
mod jsonl;
mod markdown;
mod walk;

pub use error::IngestError;

use concord_core::Document;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// Default [`IngestConfig::max_doc_bytes`]: 4 MiB, far above any news article.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 4 * 1024 * 1024;

/// Default [`IngestConfig::max_feed_bytes`]: 256 MiB of `.jsonl`.
pub const DEFAULT_MAX_FEED_BYTES: u64 = 256 * 1024 * 1024;

/// Default [`IngestConfig::extensions`].
pub const DEFAULT_EXTENSIONS: [&str; 5] = ["txt", "md", "html", "htm", "jsonl"];

/// Settings of the ingest stage.
///
/// Missing fields take their default when deserialized; unknown fields are
/// rejected, so a typo in a config file does not go unnoticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Files larger than this many bytes are not loaded; they become
    /// documents with an error status. Default [`DEFAULT_MAX_DOC_BYTES`].
    /// The limit holds per article: for a `.jsonl` feed, per line.
    pub max_doc_bytes: u64,
    /// `.jsonl` files larger than this many bytes are not loaded (they hold
    /// one article per line, so the feed limit is larger than the
    /// document limit). Default [`DEFAULT_MAX_FEED_BYTES`].
    pub max_feed_bytes: u64,
    /// Extensions of the files read from directories (`txt` or `.txt`, any
    /// ASCII case; multi-part ones such as `news.txt` work too). Files given
    /// explicitly are read whatever their extension. Default
    /// [`DEFAULT_EXTENSIONS`].
    pub extensions: Vec<String>,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            max_feed_bytes: DEFAULT_MAX_FEED_BYTES,
            extensions: DEFAULT_EXTENSIONS.iter().map(|&e| e.to_owned()).collect(),
        }
    }
}

/// Something a user should know about a document that was read
/// successfully: the encoding was guessed, undecodable bytes were replaced,
/// an HTML page had no recognisable main content, a `.jsonl` `lang` was not
/// understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestNote {
    /// The [`Document::source`] the note is about (for a note about a
    /// whole `.jsonl` file, such as its encoding, the file's name without
    /// `#L…`).
    pub source: String,
    /// What happened, e.g. `not UTF-8 (invalid byte at 0); decoded as
    /// Shift_JIS (detected); 2 undecodable byte sequences replaced by U+FFFD
    /// at bytes 120, 455`.
    pub message: String,
}

impl fmt::Display for IngestNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
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

    fn limits(&self) -> document::Limits {
        document::Limits {
            doc: self.config.max_doc_bytes,
            feed: self.config.max_feed_bytes,
        }
    }

    /// Read every file named by `inputs` (files, or directories walked
    /// recursively): one document per file, or per line of a `.jsonl` file,
    /// sorted and deduplicated by source. See the crate docs for the naming
    /// and walking rules. Same as [`Ingestor::ingest_with_report`] without
    /// the notes.
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
        self.ingest_with_report(inputs)
            .map(|(documents, _)| documents)
    }

    /// [`Ingestor::ingest`], also returning the [`IngestNote`]s about
    /// documents that were read but not cleanly (in document order).
    ///
    /// # Errors
    ///
    /// As [`Ingestor::ingest`].
    pub fn ingest_with_report(
        &self,
        inputs: &[PathBuf],
    ) -> Result<(Vec<Document>, Vec<IngestNote>), IngestError> {
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
        let mut documents = Vec::with_capacity(kept.len());
        let mut notes = Vec::new();
        for c in kept {
            let out = document::from_file(c.source, &c.path, self.limits());
            documents.extend(out.documents);
            notes.extend(out.notes);
        }
        Ok((documents, notes))
    }

    /// Read one file as the document named `source`. Never fails: a file that
    /// cannot be read or used gives a document with
    /// [`DocStatus::Error`](concord_core::DocStatus::Error).
    ///
    /// A `.jsonl` file holds one document per line; this returns the first
    /// (use [`Ingestor::ingest_file_with_report`] for all of them).
    pub fn ingest_file(&self, path: &Path, source: impl Into<String>) -> Document {
        let source = source.into();
        first(
            source.clone(),
            document::from_file(source, path, self.limits()).documents,
        )
    }

    /// Read one file as the document(s) named `source` (one per line for
    /// `.jsonl`), with the notes about them. Never fails, as
    /// [`Ingestor::ingest_file`].
    pub fn ingest_file_with_report(
        &self,
        path: &Path,
        source: impl Into<String>,
    ) -> (Vec<Document>, Vec<IngestNote>) {
        let out = document::from_file(source.into(), path, self.limits());
        (out.documents, out.notes)
    }

    /// Build the document named `source` from bytes already in memory, with
    /// the same checks as for a file; the extension of `source` selects the
    /// format. For `.jsonl` this is the first line's document (use
    /// [`Ingestor::ingest_bytes_with_report`] for all of them).
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
        let source = source.into();
        first(
            source.clone(),
            document::from_bytes(source, bytes, self.limits()).documents,
        )
    }

    /// Build the document(s) named `source` from bytes already in memory
    /// (one per line for `.jsonl`), with the notes about them.
    ///
    /// ```
    /// use concord_core::{DocStatus, Span};
    /// use concord_ingest::Ingestor;
    ///
    /// let file = "{\"text\": \"A\\u4e2d\\nB\", \"lang\": \"zh\"}\n{\"title\": \"no text\"}\n";
    /// let (docs, notes) = Ingestor::default().ingest_bytes_with_report("feed.jsonl", file.as_bytes());
    /// assert!(notes.is_empty());
    /// assert_eq!(docs[0].source, "feed.jsonl#L1");
    /// assert_eq!(docs[0].text, "A中\nB");
    /// // "中" came from the escape `\u4e2d`, bytes 11..17 of the file.
    /// assert_eq!(docs[0].file_span(Span::new(1, 4)), Span::new(11, 17));
    /// assert_eq!(
    ///     docs[1].status,
    ///     DocStatus::Error("line 2: no text: none of the fields `text`, `body`, `content`".into())
    /// );
    /// ```
    pub fn ingest_bytes_with_report(
        &self,
        source: impl Into<String>,
        bytes: &[u8],
    ) -> (Vec<Document>, Vec<IngestNote>) {
        let out = document::from_bytes(source.into(), bytes, self.limits());
        (out.documents, out.notes)
    }
}

/// The first document, or (never expected) an error document saying there
/// was none.
fn first(source: String, documents: Vec<Document>) -> Document {
    documents.into_iter().next().unwrap_or_else(|| {
        document::failed(
            source,
            0,
            document::sha256_hex(b""),
            "no document in the input".to_owned(),
        )
    })
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
        fs::write(
            dir.join("4-noise.txt"),
            b"\x1b[1m\x01\x02\xFF\x03\x04\x05\x06",
        )?;
        let (gbk, _, _) = encoding_rs::GBK.encode(ZH);
        fs::write(dir.join("5-gbk.txt"), &gbk)?;
        let (docs, notes) = Ingestor::default().ingest_with_report(&[dir])?;
        assert_eq!(docs.len(), 6);
        assert_eq!(docs[0].status, DocStatus::Ok);
        let expected = [
            (1, "empty file", 0),
            (2, "file contains only white space", 7),
            (3, "binary data (NUL byte at byte 8)", 16),
            (
                4,
                "binary or undecodable data: not UTF-8 (invalid byte at 6), and read as ",
                11,
            ),
        ];
        for (i, message, len) in expected {
            let d = &docs[i];
            assert!(
                error_of(d).starts_with(message),
                "{}: {}",
                d.source,
                error_of(d)
            );
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
        // The GBK file is read, and the guess is reported.
        assert_eq!(docs[5].status, DocStatus::Ok);
        assert_eq!(docs[5].text, ZH);
        assert_eq!(docs[5].encoding, "GBK");
        assert_eq!(
            notes,
            [IngestNote {
                source: "in/5-gbk.txt".to_owned(),
                message: "not UTF-8 (invalid byte at 0); decoded as GBK (detected)".to_owned(),
            }]
        );
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
    fn a_feed_larger_than_one_article_keeps_its_articles() -> TestResult {
        // Regression (#15 row 6): the document limit held for the whole
        // `.jsonl` file, so a feed over it lost every article.
        let line = |n: usize| format!("{{\"text\": \"第{n}条新闻：列车脱轨，19人死亡。\"}}\n");
        let feed: String = (1..=40).map(line).collect();
        let config = IngestConfig {
            max_doc_bytes: 200,
            ..IngestConfig::default()
        };
        let long = format!("{{\"text\": \"{}\"}}\n", "x".repeat(300));
        let feed = format!("{feed}{long}");
        assert!(feed.len() > 200 * 10);
        let (docs, _) =
            Ingestor::new(config.clone()).ingest_bytes_with_report("feed.jsonl", feed.as_bytes());
        assert_eq!(docs.len(), 41);
        assert!(docs[..40]
            .iter()
            .all(|d| d.status == concord_core::DocStatus::Ok));
        assert!(error_of(&docs[40]).contains("line 41: file too large"));
        // The feed limit holds for the whole file.
        let tight = IngestConfig {
            max_feed_bytes: 100,
            ..config
        };
        let (docs, _) =
            Ingestor::new(tight).ingest_bytes_with_report("feed.jsonl", feed.as_bytes());
        assert_eq!(docs.len(), 1);
        assert!(error_of(&docs[0]).contains("max_feed_bytes"));
        Ok(())
    }

    #[test]
    fn config_defaults_and_serde() -> TestResult {
        let config = IngestConfig::default();
        assert_eq!(config.max_doc_bytes, 4 * 1024 * 1024);
        assert_eq!(config.extensions, ["txt", "md", "html", "htm", "jsonl"]);
        let json = serde_json::to_string(&config)?;
        assert_eq!(
            json,
            r#"{"max_doc_bytes":4194304,"max_feed_bytes":268435456,"extensions":["txt","md","html","htm","jsonl"]}"#
        );
        assert_eq!(serde_json::from_str::<IngestConfig>(&json)?, config);
        let partial: IngestConfig = serde_json::from_str(r#"{"max_doc_bytes": 10}"#)?;
        assert_eq!(partial.max_doc_bytes, 10);
        assert_eq!(partial.extensions, DEFAULT_EXTENSIONS);
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
