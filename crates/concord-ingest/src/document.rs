//! Turning the bytes of one file into a [`Document`]: reading with a size cap,
//! hashing, validating (empty, binary, UTF-16, UTF-8) and extracting the title
//! and language.

use concord_core::{DocId, DocStatus, Document, Lang};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Titles longer than this many characters are cut (at a char boundary).
pub(crate) const MAX_TITLE_CHARS: usize = 200;

/// Size of the chunks used to hash the rest of an oversize file.
const HASH_CHUNK: usize = 64 * 1024;

/// Build the document for `bytes`, the complete content of `source`.
pub(crate) fn from_bytes(source: String, bytes: &[u8], max_doc_bytes: u64) -> Document {
    let byte_len = bytes.len() as u64;
    let sha256 = sha256_hex(bytes);
    if byte_len > max_doc_bytes {
        let message = too_large(byte_len, max_doc_bytes, true);
        return failed(source, byte_len, sha256, message);
    }
    match validate(bytes) {
        Ok(text) => {
            let title = title(text, is_markdown(&source));
            Document {
                id: DocId::from_parts([source.as_str(), sha256.as_str()]),
                lang: Lang::detect(text),
                title,
                text: text.to_owned(),
                byte_len,
                sha256,
                status: DocStatus::Ok,
                source,
                encoding: "UTF-8".to_owned(),
                url: None,
                published: None,
                file_map: None,
            }
        }
        Err(message) => failed(source, byte_len, sha256, message),
    }
}

/// Read `path` and build its document under the name `source`. Never fails:
/// a read error becomes a document with an error status.
pub(crate) fn from_file(source: String, path: &Path, max_doc_bytes: u64) -> Document {
    match read_capped(path, max_doc_bytes) {
        Ok(Content::Whole(bytes)) => from_bytes(source, &bytes, max_doc_bytes),
        Ok(Content::TooLarge {
            byte_len,
            sha256,
            complete,
        }) => {
            let message = too_large(byte_len, max_doc_bytes, complete);
            failed(source, byte_len, sha256, message)
        }
        Err(err) => {
            // Size from the metadata when we can get it; nothing was read, so
            // the hash is the hash of no bytes.
            let byte_len = std::fs::metadata(path).map_or(0, |m| m.len());
            failed(
                source,
                byte_len,
                sha256_hex(b""),
                format!("cannot read file: {err}"),
            )
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
fn failed(source: String, byte_len: u64, sha256: String, message: String) -> Document {
    Document {
        id: DocId::from_parts([source.as_str(), sha256.as_str()]),
        source,
        lang: Lang::Und,
        title: None,
        text: String::new(),
        byte_len,
        sha256,
        status: DocStatus::Error(message),
        encoding: "UTF-8".to_owned(),
        url: None,
        published: None,
        file_map: None,
    }
}

fn too_large(byte_len: u64, max_doc_bytes: u64, complete: bool) -> String {
    if complete {
        format!("file too large: {byte_len} bytes, the limit (max_doc_bytes) is {max_doc_bytes}")
    } else {
        format!("file too large: more than {max_doc_bytes} bytes (the limit, max_doc_bytes)")
    }
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The text of a usable document, or the reason it is not usable.
fn validate(bytes: &[u8]) -> Result<&str, String> {
    if bytes.is_empty() {
        return Err("empty file".to_owned());
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            "UTF-16 text (byte-order mark at byte 0) is not supported; convert the file to UTF-8"
                .to_owned(),
        );
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary data (NUL byte at byte {at})"));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to()))?;
    if text.trim_matches(is_blank).is_empty() {
        return Err("file contains only white space".to_owned());
    }
    Ok(text)
}

/// White space, or a byte-order mark (which carries no text).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Whether `source` names a Markdown file (`.md` / `.markdown`, any case).
fn is_markdown(source: &str) -> bool {
    let ext = source.rsplit_once('.').map_or("", |(_, ext)| ext);
    ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")
}

/// First non-empty line, trimmed (for Markdown, without the `#` marks of an
/// ATX heading), cut to [`MAX_TITLE_CHARS`] characters.
pub(crate) fn title(text: &str, markdown: bool) -> Option<String> {
    text.lines()
        .map(|line| {
            let line = line.trim_matches(is_blank);
            if markdown {
                strip_atx_heading(line)
            } else {
                line
            }
        })
        .find(|line| !line.is_empty())
        .map(|line| match line.char_indices().nth(MAX_TITLE_CHARS) {
            Some((cut, _)) => line[..cut].trim_end_matches(is_blank).to_owned(),
            None => line.to_owned(),
        })
}

/// `## Title ##` → `Title`, following CommonMark: 1–6 `#` then white space
/// or the end of the line; a closing run of `#` is dropped when it follows
/// white space. Anything else (`#hashtag`) is returned unchanged.
fn strip_atx_heading(line: &str) -> &str {
    let marks = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&marks) {
        return line;
    }
    let rest = &line[marks..];
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return line;
    }
    let rest = rest.trim_matches(is_blank);
    let unclosed = rest.trim_end_matches('#');
    if unclosed.is_empty() || unclosed.ends_with(char::is_whitespace) {
        unclosed.trim_end()
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = 4 * 1024 * 1024;

    fn doc(source: &str, bytes: &[u8]) -> Document {
        from_bytes(source.to_owned(), bytes, MAX)
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
    fn binary_and_utf16_are_named() {
        let d = doc("img.txt", b"GIF89a\x01\x00\x00\x00");
        assert_eq!(error_of(&d), "binary data (NUL byte at byte 7)");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("米国".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = doc("utf16.txt", &utf16);
        assert!(error_of(&d).starts_with("UTF-16 text"), "{}", error_of(&d));
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        // "中文" is 6 bytes, then a lone continuation byte.
        let mut bytes = "中文".as_bytes().to_vec();
        bytes.push(0x80);
        bytes.extend_from_slice("日本語".as_bytes());
        let d = doc("gbk.txt", &bytes);
        assert_eq!(error_of(&d), "invalid UTF-8 at byte 6");
        assert_eq!(d.byte_len, bytes.len() as u64);
        assert_eq!(d.sha256, sha256_hex(&bytes));
        // A truncated multi-byte sequence at the very end.
        let d = doc("cut.txt", &"日本語".as_bytes()[..8]);
        assert_eq!(error_of(&d), "invalid UTF-8 at byte 6");
    }

    #[test]
    fn oversize_bytes_are_an_error_with_the_full_hash() {
        let text = "Anthropic 6月27日".as_bytes();
        let d = from_bytes("big.txt".into(), text, 5);
        assert_eq!(
            error_of(&d),
            format!(
                "file too large: {} bytes, the limit (max_doc_bytes) is 5",
                text.len()
            )
        );
        assert_eq!(d.sha256, sha256_hex(text));
        assert_eq!(d.text, "");
        // Exactly at the limit is fine.
        let d = from_bytes("edge.txt".into(), text, text.len() as u64);
        assert_eq!(d.status, DocStatus::Ok);
    }

    #[test]
    fn titles() {
        assert_eq!(
            title("\n\n  Hello world \r\nbody", false).as_deref(),
            Some("Hello world")
        );
        assert_eq!(
            title("Fable #6:王の帰還\n", false).as_deref(),
            Some("Fable #6:王の帰還")
        );
        assert_eq!(
            title("# 美国禁令 #\n正文", true).as_deref(),
            Some("美国禁令")
        );
        assert_eq!(title("## GPT-5.6#\n", true).as_deref(), Some("GPT-5.6#"));
        assert_eq!(
            title("#\n\n### 日本語の見出し\n", true).as_deref(),
            Some("日本語の見出し")
        );
        assert_eq!(title("#hashtag", true).as_deref(), Some("#hashtag"));
        assert_eq!(
            title("####### seven", true).as_deref(),
            Some("####### seven")
        );
        assert_eq!(
            title("# not stripped in .txt", false).as_deref(),
            Some("# not stripped in .txt")
        );
        assert_eq!(title(" \n\u{3000}\n", false), None);
        let long = "漢".repeat(MAX_TITLE_CHARS + 50);
        let t = title(&long, false).unwrap_or_default();
        assert_eq!(t.chars().count(), MAX_TITLE_CHARS);
        assert!(long.starts_with(&t));
    }

    #[test]
    fn markdown_is_detected_by_extension() {
        assert!(is_markdown("corpus/a.md"));
        assert!(is_markdown("corpus/a.MarkDown"));
        assert!(!is_markdown("corpus.md/a.txt"));
        assert!(!is_markdown("README"));
        let d = doc("news.MD", "# 米国の規制\n本文。".as_bytes());
        assert_eq!(d.title.as_deref(), Some("米国の規制"));
    }
}
