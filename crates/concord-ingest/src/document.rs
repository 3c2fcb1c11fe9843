//! Turning the bytes of one file into [`Document`]s: reading with a size cap,
//! hashing, decoding (UTF-8, UTF-16 by BOM, legacy encodings by detection),
//! then reading the format — plain text and Markdown as they are, HTML by
//! main-content extraction, JSON lines one article per line — and
//! extracting the title and language.

use crate::decode::{self, Decoded};
use crate::{html, jsonl, markdown, IngestNote};
use concord_core::{DocId, DocStatus, Document, FileMap, Lang, Span};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Titles longer than this many characters are cut (at a char boundary).
pub(crate) const MAX_TITLE_CHARS: usize = 200;

/// Size of the chunks used to hash the rest of an oversize file.
const HASH_CHUNK: usize = 64 * 1024;

/// Encoding recorded for documents that could not be decoded.
const DEFAULT_ENCODING: &str = "UTF-8";

/// The documents read from one file (one, or one per line for JSON lines)
/// and the notes about them.
#[derive(Debug, Default)]
pub(crate) struct Ingested {
    pub(crate) documents: Vec<Document>,
    pub(crate) notes: Vec<IngestNote>,
}

impl Ingested {
    fn one(document: Document) -> Self {
        Self {
            documents: vec![document],
            notes: Vec::new(),
        }
    }

    fn note(&mut self, source: &str, message: String) {
        self.notes.push(IngestNote {
            source: source.to_owned(),
            message,
        });
    }
}

/// How a file is read, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Html,
    Jsonl,
}

impl Format {
    fn of(source: &str) -> Format {
        let ext = source
            .rsplit_once('.')
            .map_or("", |(_, ext)| ext)
            .to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "md" | "markdown" => Format::Markdown,
            _ => Format::Text,
        }
    }
}

/// Facts about the file shared by the documents made from it.
struct FileFacts<'a> {
    source: &'a str,
    bytes: &'a [u8],
    byte_len: u64,
    sha256: &'a str,
    encoding: &'static str,
}

impl FileFacts<'_> {
    fn document(
        &self,
        text: String,
        file_map: Option<FileMap>,
        title: Option<String>,
        url: Option<String>,
        published: Option<String>,
    ) -> Document {
        Document {
            id: DocId::from_parts([self.source, self.sha256]),
            source: self.source.to_owned(),
            lang: Lang::detect(&text),
            title,
            text,
            byte_len: self.byte_len,
            sha256: self.sha256.to_owned(),
            status: DocStatus::Ok,
            encoding: self.encoding.to_owned(),
            url,
            published,
            file_map,
        }
    }

    fn failed(&self, message: String) -> Document {
        let mut d = failed(
            self.source.to_owned(),
            self.byte_len,
            self.sha256.to_owned(),
            message,
        );
        self.encoding.clone_into(&mut d.encoding);
        d
    }
}

/// Size limits of what is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Largest document: a file, or one line of a `.jsonl` feed.
    pub(crate) doc: u64,
    /// Largest `.jsonl` file, whose lines are documents each.
    pub(crate) feed: u64,
}

impl Limits {
    /// The limit for the whole of `source`: a feed holds many documents.
    fn for_file(self, source: &str) -> (u64, &'static str) {
        match Format::of(source) {
            Format::Jsonl => (self.feed, "max_feed_bytes"),
            _ => (self.doc, "max_doc_bytes"),
        }
    }
}

/// Build the documents for `bytes`, the complete content of `source`.
pub(crate) fn from_bytes(source: String, bytes: &[u8], limits: Limits) -> Ingested {
    let byte_len = bytes.len() as u64;
    let sha256 = sha256_hex(bytes);
    let (cap, setting) = limits.for_file(&source);
    if byte_len > cap {
        let message = too_large(byte_len, cap, setting, true);
        return Ingested::one(failed(source, byte_len, sha256, message));
    }
    if bytes.is_empty() {
        return Ingested::one(failed(source, byte_len, sha256, "empty file".to_owned()));
    }
    let format = Format::of(&source);
    let declared = match format {
        Format::Html => decode::html_declared_charset(bytes),
        _ => None,
    };
    let decoded = match decode::decode(bytes, declared) {
        Ok(decoded) => decoded,
        Err(message) => return Ingested::one(failed(source, byte_len, sha256, message)),
    };
    let file = FileFacts {
        source: &source,
        bytes,
        byte_len,
        sha256: &sha256,
        encoding: decoded.encoding.name(),
    };
    let mut out = Ingested::default();
    if let Some(note) = &decoded.note {
        out.note(&source, note.clone());
    }
    if decoded.text.trim_matches(is_blank).is_empty() {
        out.documents
            .push(file.failed("file contains only white space".to_owned()));
        return out;
    }
    match format {
        Format::Text => {
            let title = title(&decoded.text);
            let Decoded { text, map, .. } = decoded;
            out.documents
                .push(file.document(text.into_owned(), map, title, None, None));
        }
        Format::Markdown => markdown_document(&file, &decoded, &mut out),
        Format::Html => html_document(&file, &decoded, &mut out),
        Format::Jsonl => jsonl_documents(&file, &decoded, limits.doc, &mut out),
    }
    out
}

fn markdown_document(file: &FileFacts<'_>, decoded: &Decoded<'_>, out: &mut Ingested) {
    let (text, map) = markdown::to_text(&decoded.text);
    if text.trim_matches(is_blank).is_empty() {
        out.documents.push(
            file.failed("no text in the Markdown (nothing left after removing markup)".to_owned()),
        );
        return;
    }
    let map = decode::compose(&map, decoded.map.as_ref());
    let title = title(&text);
    out.documents
        .push(file.document(text, Some(map), title, None, None));
}

fn html_document(file: &FileFacts<'_>, decoded: &Decoded<'_>, out: &mut Ingested) {
    let page = html::extract(&decoded.text);
    if page.text.trim_matches(is_blank).is_empty() {
        out.documents.push(
            file.failed(
                "no article text in the HTML (nothing left after removing markup and boilerplate)"
                    .to_owned(),
            ),
        );
        return;
    }
    if page.whole_body {
        out.note(
            file.source,
            "HTML: no main-content container found; kept all body text".to_owned(),
        );
    }
    let map = decode::compose(&page.map, decoded.map.as_ref());
    let title = page
        .title
        .as_deref()
        .map(cut_title)
        .or_else(|| title(&page.text));
    out.documents
        .push(file.document(page.text, Some(map), title, page.url, page.published));
}

fn jsonl_documents(
    file: &FileFacts<'_>,
    decoded: &Decoded<'_>,
    max_doc_bytes: u64,
    out: &mut Ingested,
) {
    let text = decoded.text.as_ref();
    for line in jsonl::lines(text) {
        let source = format!("{}#L{}", file.source, line.number);
        let span = Span::new(line.start, line.end);
        let span = decoded.map.as_ref().map_or(span, |m| m.to_file(span));
        let line_bytes = file.bytes.get(span.start..span.end).unwrap_or_default();
        let sha256 = sha256_hex(line_bytes);
        let line_file = FileFacts {
            source: &source,
            bytes: line_bytes,
            byte_len: line_bytes.len() as u64,
            sha256: &sha256,
            encoding: file.encoding,
        };
        // The document limit holds per article, not for the feed.
        if line_file.byte_len > max_doc_bytes {
            let message = too_large(line_file.byte_len, max_doc_bytes, "max_doc_bytes", true);
            out.documents
                .push(line_file.failed(format!("line {}: {message}", line.number)));
            continue;
        }
        match jsonl::article(text, line) {
            Err(message) => out
                .documents
                .push(line_file.failed(format!("line {}: {message}", line.number))),
            Ok(article) => {
                if let Some(note) = article.note {
                    out.note(&source, note);
                }
                let map = decode::compose(&article.map, decoded.map.as_ref());
                let title = article
                    .title
                    .as_deref()
                    .map(cut_title)
                    .or_else(|| title(&article.text));
                let mut doc = line_file.document(
                    article.text,
                    Some(map),
                    title,
                    article.url,
                    article.published,
                );
                if let Some(lang) = article.lang {
                    doc.lang = lang;
                }
                out.documents.push(doc);
            }
        }
    }
}

/// Read `path` and build its documents under the name `source`. Never
/// fails: a read error becomes a document with an error status.
pub(crate) fn from_file(source: String, path: &Path, limits: Limits) -> Ingested {
    let (cap, setting) = limits.for_file(&source);
    match read_capped(path, cap) {
        Ok(Content::Whole(bytes)) => from_bytes(source, &bytes, limits),
        Ok(Content::TooLarge {
            byte_len,
            sha256,
            complete,
        }) => {
            let message = too_large(byte_len, cap, setting, complete);
            Ingested::one(failed(source, byte_len, sha256, message))
        }
        Err(err) => {
            // Size from the metadata when we can get it; nothing was read, so
            // the hash is the hash of no bytes.
            let byte_len = std::fs::metadata(path).map_or(0, |m| m.len());
            Ingested::one(failed(
                source,
                byte_len,
                sha256_hex(b""),
                format!("cannot read file: {err}"),
            ))
        }
    }
}

/// What [`read_capped`] found.
enum Content {
    /// The whole file, at most `max_doc_bytes` long.
    Whole(Vec<u8>),
    /// The file is longer than the cap; only its size and hash are kept.
    TooLarge {
        /// Bytes seen (the whole file when `complete`).
        byte_len: u64,
        /// SHA-256 of the bytes seen.
        sha256: String,
        /// Whether the whole file was hashed. Only regular files are read to
        /// the end, so an explicit `/dev/zero` cannot hang the run.
        complete: bool,
    },
}

/// Read at most `max_doc_bytes + 1` bytes into memory; if the file is longer,
/// stream the rest through the hasher so the hash still covers the file.
fn read_capped(path: &Path, max_doc_bytes: u64) -> io::Result<Content> {
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    let cap = max_doc_bytes.saturating_add(1);
    let hint = usize::try_from(meta.len().min(cap)).unwrap_or(0);
    let mut buf = Vec::with_capacity(hint);
    (&mut file).take(cap).read_to_end(&mut buf)?;
    if buf.len() as u64 <= max_doc_bytes {
        return Ok(Content::Whole(buf));
    }
    let mut hasher = Sha256::new();
    hasher.update(&buf);
    let mut byte_len = buf.len() as u64;
    let complete = meta.is_file();
    if complete {
        buf.clear();
        buf.resize(HASH_CHUNK, 0);
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buf[..n]);
                    byte_len += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(Content::TooLarge {
        byte_len,
        sha256: format!("{:x}", hasher.finalize()),
        complete,
    })
}

/// A document that could not be processed: empty text, no title, `und`.
pub(crate) fn failed(source: String, byte_len: u64, sha256: String, message: String) -> Document {
    Document {
        id: DocId::from_parts([source.as_str(), sha256.as_str()]),
        source,
        lang: Lang::Und,
        title: None,
        text: String::new(),
        byte_len,
        sha256,
        status: DocStatus::Error(message),
        encoding: DEFAULT_ENCODING.to_owned(),
        url: None,
        published: None,
        file_map: None,
    }
}

fn too_large(byte_len: u64, limit: u64, setting: &str, complete: bool) -> String {
    if complete {
        format!("file too large: {byte_len} bytes, the limit ({setting}) is {limit}")
    } else {
        format!("file too large: more than {limit} bytes (the limit, {setting})")
    }
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// White space, or a byte-order mark (which carries no text).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// First non-empty line, trimmed, cut to [`MAX_TITLE_CHARS`] characters.
pub(crate) fn title(text: &str) -> Option<String> {
    text.lines()
        .map(|line| line.trim_matches(is_blank))
        .find(|line| !line.is_empty())
        .map(cut_title)
}

/// `line` cut to [`MAX_TITLE_CHARS`] characters.
fn cut_title(line: &str) -> String {
    match line.char_indices().nth(MAX_TITLE_CHARS) {
        Some((cut, _)) => line
            .get(..cut)
            .unwrap_or(line)
            .trim_end_matches(is_blank)
            .to_owned(),
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: Limits = Limits {
        doc: 4 * 1024 * 1024,
        feed: 4 * 1024 * 1024,
    };

    fn limit(bytes: u64) -> Limits {
        Limits {
            doc: bytes,
            feed: bytes,
        }
    }

    fn doc(source: &str, bytes: &[u8]) -> Document {
        let mut out = from_bytes(source.to_owned(), bytes, MAX);
        assert_eq!(out.documents.len(), 1, "{source}");
        out.documents.remove(0)
    }

    fn error_of(d: &Document) -> &str {
        match &d.status {
            DocStatus::Error(e) => e,
            DocStatus::Ok => panic!("{} unexpectedly ok", d.source),
        }
    }

    #[test]
    fn multilingual_documents_keep_their_bytes() {
        let en = "US bans two AI models\r\n\r\nWashington, June 27 (Reuters).\r\n";
        let zh = "\u{FEFF}美国禁止两款人工智能模型\n\n6月27日，华盛顿。\n";
        let ja = "\n  米政府、AIモデル2種を禁止  \n6月27日、ワシントン。\n";
        for (source, text, lang, title) in [
            ("en.txt", en, Lang::En, "US bans two AI models"),
            ("zh.txt", zh, Lang::Zh, "美国禁止两款人工智能模型"),
            ("ja.txt", ja, Lang::Ja, "米政府、AIモデル2種を禁止"),
        ] {
            let d = doc(source, text.as_bytes());
            assert_eq!(d.status, DocStatus::Ok);
            assert_eq!(
                d.text, text,
                "text must be the file's bytes, BOM and CRLF included"
            );
            assert_eq!(d.byte_len, text.len() as u64);
            assert_eq!(d.sha256, sha256_hex(text.as_bytes()));
            assert_eq!(d.sha256.len(), 64);
            assert_eq!(d.lang, lang, "{source}");
            assert_eq!(d.title.as_deref(), Some(title));
            assert_eq!(d.id, DocId::from_parts([source, d.sha256.as_str()]));
        }
    }

    #[test]
    fn sha256_is_the_standard_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn same_content_under_another_name_gets_another_id() {
        let a = doc("a/x.txt", "同じ記事。".as_bytes());
        let b = doc("b/x.txt", "同じ記事。".as_bytes());
        assert_eq!(a.sha256, b.sha256);
        assert_ne!(a.id, b.id);
    }

    #[test]
    fn empty_and_blank_files_are_errors() {
        let d = doc("empty.txt", b"");
        assert_eq!(error_of(&d), "empty file");
        assert_eq!(d.sha256, sha256_hex(b""));
        assert_eq!(d.byte_len, 0);
        // Ideographic space (U+3000), BOM, CRLF and tabs are all blank.
        let blank = "\u{FEFF} \r\n\t\u{3000}\n";
        let d = doc("blank.txt", blank.as_bytes());
        assert_eq!(error_of(&d), "file contains only white space");
        assert_eq!(d.text, "");
        assert_eq!(d.title, None);
        assert_eq!(d.lang, Lang::Und);
        assert_eq!(d.byte_len, blank.len() as u64);
    }

    #[test]
    fn binary_is_named_and_utf16_is_decoded() {
        let d = doc("img.txt", b"GIF89a\x01\x00\x00\x00");
        assert_eq!(error_of(&d), "binary data (NUL byte at byte 7)");
        for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
            let utf16: Vec<u8> = bom
                .into_iter()
                .chain("米国の規制\n".encode_utf16().flat_map(|u| {
                    if le {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                }))
                .collect();
            let d = doc("utf16.txt", &utf16);
            assert_eq!(d.status, DocStatus::Ok);
            assert_eq!(d.text, "\u{FEFF}米国の規制\n");
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
            assert_eq!(d.title.as_deref(), Some("米国の規制"));
            // "規制" is characters 4 and 5 after the BOM: file bytes 8..12.
            let at = d.text.find("規制").unwrap_or_default();
            assert_eq!(d.file_span(Span::new(at, at + 6)), Span::new(8, 12));
        }
        // Control characters throughout: binary, whatever the encoding.
        let d = doc("noise.txt", b"\x01\x02\x03\xFF\x04\x05\x06\x07abc");
        assert!(
            error_of(&d).starts_with("binary or undecodable data: not UTF-8 (invalid byte at 3)"),
            "{}",
            error_of(&d)
        );
    }

    #[test]
    fn broken_utf8_is_replaced_and_reported() {
        // "中文" is 6 bytes, then a lone continuation byte.
        let mut bytes = "中文".as_bytes().to_vec();
        bytes.push(0x80);
        bytes.extend_from_slice("日本語".as_bytes());
        let out = from_bytes("broken.txt".into(), &bytes, MAX);
        let d = &out.documents[0];
        assert_eq!(d.status, DocStatus::Ok);
        assert_eq!(d.text, "中文\u{FFFD}日本語");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.byte_len, bytes.len() as u64);
        assert_eq!(d.sha256, sha256_hex(&bytes));
        let at = d.text.find("日本語").unwrap_or_default();
        assert_eq!(d.file_span(Span::new(at, d.text.len())), Span::new(7, 16));
        assert_eq!(d.file_span(Span::new(6, 9)), Span::new(6, 7));
        assert_eq!(out.notes.len(), 1);
        assert_eq!(
            out.notes[0].message,
            "invalid UTF-8: 1 undecodable byte sequence replaced by U+FFFD at byte 6"
        );
        // A multi-byte character cut off at the very end.
        let d = doc("cut.txt", &"日本語".as_bytes()[..8]);
        assert_eq!(d.text, "日本\u{FFFD}");
    }

    #[test]
    fn oversize_bytes_are_an_error_with_the_full_hash() {
        let text = "Anthropic 6月27日".as_bytes();
        let d = &from_bytes("big.txt".into(), text, limit(5)).documents[0];
        assert_eq!(
            error_of(d),
            format!(
                "file too large: {} bytes, the limit (max_doc_bytes) is 5",
                text.len()
            )
        );
        assert_eq!(d.sha256, sha256_hex(text));
        assert_eq!(d.text, "");
        // Exactly at the limit is fine.
        let d = &from_bytes("edge.txt".into(), text, limit(text.len() as u64)).documents[0];
        assert_eq!(d.status, DocStatus::Ok);
    }

    #[test]
    fn titles() {
        assert_eq!(
            title("\n\n  Hello world \r\nbody").as_deref(),
            Some("Hello world")
        );
        assert_eq!(
            title("Fable #6:王の帰還\n").as_deref(),
            Some("Fable #6:王の帰還")
        );
        // Markdown titles come from the text without markup.
        let md = |src: &str| title(&markdown::to_text(src).0);
        assert_eq!(md("# 美国禁令 #\n正文").as_deref(), Some("美国禁令"));
        assert_eq!(md("## GPT-5.6#\n").as_deref(), Some("GPT-5.6#"));
        assert_eq!(
            md("#\n\n### 日本語の見出し\n").as_deref(),
            Some("日本語の見出し")
        );
        assert_eq!(md("#hashtag").as_deref(), Some("#hashtag"));
        assert_eq!(md("####### seven").as_deref(), Some("####### seven"));
        assert_eq!(
            title("# not stripped in .txt").as_deref(),
            Some("# not stripped in .txt")
        );
        assert_eq!(title(" \n\u{3000}\n"), None);
        let long = "漢".repeat(MAX_TITLE_CHARS + 50);
        let t = title(&long).unwrap_or_default();
        assert_eq!(t.chars().count(), MAX_TITLE_CHARS);
        assert!(long.starts_with(&t));
    }

    #[test]
    fn markdown_is_detected_by_extension() {
        let md = Format::Markdown;
        assert_eq!(Format::of("corpus/a.md"), md);
        assert_eq!(Format::of("corpus/a.MarkDown"), md);
        assert_ne!(Format::of("corpus.md/a.txt"), md);
        assert_ne!(Format::of("README"), md);
        assert_eq!(Format::of("a/b.HTM"), Format::Html);
        assert_eq!(Format::of("a/b.jsonl"), Format::Jsonl);
        let d = doc("news.MD", "# 米国の規制\n本文。".as_bytes());
        assert_eq!(d.title.as_deref(), Some("米国の規制"));
    }
}
