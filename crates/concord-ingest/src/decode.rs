//! Bytes → text: UTF-8 as is, UTF-16 by its byte-order mark, anything else
//! by a declared charset (HTML `<meta charset>`) or by `chardetng`'s guess,
//! decoded with `encoding_rs` — always with a [`FileMap`] from the decoded
//! text back to the file bytes, built one character at a time.

use concord_core::{FileMap, MapRun, Span};
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// How many offsets of undecodable bytes a note lists before "…".
const MAX_LISTED_OFFSETS: usize = 10;

/// A decoded file.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The text (borrowed when the file is valid UTF-8).
    pub(crate) text: Cow<'a, str>,
    /// Where each text byte came from; `None` when `text` is the file's bytes.
    pub(crate) map: Option<FileMap>,
    /// The encoding the bytes were read as.
    pub(crate) encoding: &'static Encoding,
    /// What a user should know (a guessed encoding, replaced bytes).
    pub(crate) note: Option<String>,
}

/// Text decoded by [`decode_mapped`] or [`utf8_lossy_mapped`].
#[derive(Debug)]
struct Mapped {
    text: String,
    map: FileMap,
    /// File ranges (start, length) of the byte sequences that became U+FFFD.
    errors: Vec<(usize, usize)>,
}

/// Decode `bytes`. `declared` is a charset named by the file itself (HTML
/// `<meta charset>`), tried before detection.
///
/// # Errors
///
/// The reason the bytes are not text: a NUL byte, or no encoding under which
/// they read as text (too many control characters or undecodable bytes).
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    declared: Option<&'static Encoding>,
) -> Result<Decoded<'a>, String> {
    if let Some(utf16) = utf16_by_bom(bytes) {
        let mapped = decode_mapped(utf16, bytes);
        check_plausible(&mapped, utf16, "UTF-16 text (byte-order mark at byte 0)")?;
        let note = (!mapped.errors.is_empty()).then(|| {
            format!(
                "decoded as {} (byte-order mark); {}",
                utf16.name(),
                replaced(&mapped.errors)
            )
        });
        return Ok(mapped.into_decoded(utf16, note));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary data (NUL byte at byte {at})"));
    }
    let first_invalid = match std::str::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text: Cow::Borrowed(text),
                map: None,
                encoding: UTF_8,
                note: None,
            })
        }
        Err(e) => e.valid_up_to(),
    };
    let what = format!("not UTF-8 (invalid byte at {first_invalid})");
    let stats = Utf8Stats::of(bytes);
    if let Some(declared) = declared.filter(|e| !is_unicode(e)) {
        let mapped = decode_mapped(declared, bytes);
        if mapped.errors.is_empty() {
            check_plausible(&mapped, declared, &what)?;
            return Ok(mapped.into_decoded(declared, None));
        }
    }
    if stats.mostly_utf8() {
        let mapped = utf8_lossy_mapped(bytes);
        let note = format!("invalid UTF-8: {}", replaced(&mapped.errors));
        return Ok(mapped.into_decoded(UTF_8, Some(note)));
    }
    let guess = guess_encoding(bytes);
    let mut best = (guess, decode_mapped(guess, bytes), "detected");
    if !multi_byte().contains(&guess) {
        // chardetng rules out a multi-byte encoding at its first invalid
        // sequence, so one damaged character in a GBK or Shift_JIS file
        // makes it guess a single-byte encoding. Try the multi-byte
        // encodings that read the file with few errors, and keep one that
        // chardetng picks itself once the bad sequences are cut out.
        if let Some((encoding, mapped)) = repair(bytes, guess) {
            best = (
                encoding,
                mapped,
                "detected after cutting out undecodable bytes",
            );
        }
    }
    if let Some(declared) = declared.filter(|e| !is_unicode(e) && *e != best.0) {
        let mapped = decode_mapped(declared, bytes);
        if mapped.errors.len() <= best.1.errors.len() {
            best = (declared, mapped, "declared in the file");
        }
    }
    // A guess that reads worse than UTF-8 with replacements is no guess.
    if best.1.errors.len() > stats.invalid {
        best = (UTF_8, utf8_lossy_mapped(bytes), "the least bad reading");
    }
    let (encoding, mapped, how) = best;
    check_plausible(&mapped, encoding, &what)?;
    let mut note = format!("{what}; decoded as {} ({how})", encoding.name());
    if !mapped.errors.is_empty() {
        note.push_str("; ");
        note.push_str(&replaced(&mapped.errors));
    }
    Ok(mapped.into_decoded(encoding, Some(note)))
}

impl Mapped {
    fn into_decoded<'a>(self, encoding: &'static Encoding, note: Option<String>) -> Decoded<'a> {
        Decoded {
            text: Cow::Owned(self.text),
            map: Some(self.map),
            encoding,
            note,
        }
    }
}

fn is_unicode(encoding: &&'static Encoding) -> bool {
    *encoding == UTF_8 || *encoding == UTF_16LE || *encoding == UTF_16BE
}

fn utf16_by_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        _ => None,
    }
}

/// `chardetng`'s guess for bytes that are not UTF-8 (no TLD hint, no
/// ISO-2022-JP, which is 7-bit and so valid UTF-8 anyway).
fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Multi-byte encodings worth a second look when detection fails.
fn multi_byte() -> [&'static Encoding; 5] {
    [
        encoding_rs::GBK,
        encoding_rs::BIG5,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_JP,
        encoding_rs::EUC_KR,
    ]
}

/// A multi-byte encoding that reads `bytes` with errors in at most 2% of
/// its non-ASCII characters and that chardetng guesses for `bytes` with the
/// undecodable sequences removed; the one with the fewest errors.
fn repair(bytes: &[u8], guess: &'static Encoding) -> Option<(&'static Encoding, Mapped)> {
    let mut best: Option<(&'static Encoding, Mapped)> = None;
    for encoding in multi_byte() {
        if encoding == guess {
            continue;
        }
        let mapped = decode_mapped(encoding, bytes);
        let non_ascii = mapped.text.chars().filter(|c| !c.is_ascii()).count();
        if mapped.errors.is_empty() || mapped.errors.len() * 50 > non_ascii {
            continue;
        }
        if best
            .as_ref()
            .is_some_and(|(_, b)| b.errors.len() <= mapped.errors.len())
        {
            continue;
        }
        let mut cleaned = Vec::with_capacity(bytes.len());
        let mut from = 0usize;
        for &(at, len) in &mapped.errors {
            cleaned.extend_from_slice(bytes.get(from..at).unwrap_or_default());
            from = at + len;
        }
        cleaned.extend_from_slice(bytes.get(from..).unwrap_or_default());
        if guess_encoding(&cleaned) == encoding {
            best = Some((encoding, mapped));
        }
    }
    best
}

/// "3 undecodable byte sequences replaced by U+FFFD at bytes 1, 5, 9".
fn replaced(errors: &[(usize, usize)]) -> String {
    let mut listed: Vec<String> = errors
        .iter()
        .take(MAX_LISTED_OFFSETS)
        .map(|(at, _)| at.to_string())
        .collect();
    if errors.len() > MAX_LISTED_OFFSETS {
        listed.push("…".to_owned());
    }
    let (seqs, at) = if errors.len() == 1 {
        ("sequence", "byte")
    } else {
        ("sequences", "bytes")
    };
    format!(
        "{} undecodable byte {seqs} replaced by U+FFFD at {at} {}",
        errors.len(),
        listed.join(", ")
    )
}

/// A control character that does not occur in text (everything below
/// U+0020 but tab, line feed, form feed and carriage return; DEL; C1).
pub(crate) fn is_binary_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\x0C' | '\r')) || ('\u{7F}'..='\u{9F}').contains(&c)
}

/// Reject a reading in which more than a tenth of the characters are
/// control characters or replacements: that is binary data, or an encoding
/// we cannot tell.
fn check_plausible(mapped: &Mapped, encoding: &'static Encoding, what: &str) -> Result<(), String> {
    let chars = mapped.text.chars().count();
    let controls = mapped
        .text
        .chars()
        .filter(|&c| is_binary_control(c))
        .count();
    let bad = controls + mapped.errors.len();
    if bad * 10 > chars {
        return Err(format!(
            "binary or undecodable data: {what}, and read as {} {bad} of {chars} characters \
             are control characters or undecodable bytes",
            encoding.name()
        ));
    }
    Ok(())
}

/// How UTF-8-like invalid UTF-8 is.
#[derive(Debug, Default)]
struct Utf8Stats {
    /// Valid multi-byte characters.
    multibyte: usize,
    /// Invalid byte sequences.
    invalid: usize,
    /// Whether the only invalid sequence is a character cut off at the end.
    only_truncated_tail: bool,
}

impl Utf8Stats {
    fn of(bytes: &[u8]) -> Self {
        let mut stats = Utf8Stats::default();
        let mut pos = 0usize;
        let mut last_truncated = false;
        for chunk in bytes.utf8_chunks() {
            stats.multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
            pos += chunk.valid().len() + chunk.invalid().len();
            if !chunk.invalid().is_empty() {
                stats.invalid += 1;
                last_truncated = pos == bytes.len()
                    && matches!(std::str::from_utf8(chunk.invalid()), Err(e) if e.error_len().is_none());
            }
        }
        stats.only_truncated_tail = stats.invalid == 1 && last_truncated;
        stats
    }

    /// UTF-8 with a few broken bytes rather than a legacy encoding: legacy
    /// multi-byte text forms valid UTF-8 sequences only by accident, and
    /// far less often than it breaks them.
    fn mostly_utf8(&self) -> bool {
        self.multibyte >= 4 * self.invalid || (self.only_truncated_tail && self.multibyte > 0)
    }
}

/// UTF-8 with each maximal invalid subpart replaced by U+FFFD.
fn utf8_lossy_mapped(bytes: &[u8]) -> Mapped {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut map = FileMap::new();
    let mut errors = Vec::new();
    let mut pos = 0usize;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        text.push_str(valid);
        map.push_copy(valid.len(), pos);
        pos += valid.len();
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            map.push(char::REPLACEMENT_CHARACTER.len_utf8(), pos, invalid.len());
            errors.push((pos, invalid.len()));
            pos += invalid.len();
        }
    }
    Mapped { text, map, errors }
}

/// Decode `bytes` as `encoding` (no BOM sniffing: a BOM becomes U+FEFF),
/// feeding the decoder one byte at a time (runs of ASCII at once where the
/// encoding allows) and attributing each piece of output to the bytes
/// consumed since the previous piece. Malformed sequences become U+FFFD
/// mapped to exactly their bytes. The text equals
/// `encoding.decode_without_bom_handling(bytes)`.
fn decode_mapped(encoding: &'static Encoding, bytes: &[u8]) -> Mapped {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    let mut map = FileMap::new();
    let mut errors = Vec::new();
    // First file byte not yet accounted for by text.
    let mut pending = 0usize;
    // Next byte to feed.
    let mut pos = 0usize;
    let ascii_runs = encoding.is_ascii_compatible();
    let mut buf = vec![0u8; 64];
    // Every call consumes input, emits output or reports an error, so this
    // bound is never reached; it only guards against an endless loop.
    let mut budget = bytes.len().saturating_mul(4).saturating_add(64);
    while budget > 0 {
        budget -= 1;
        let rest = bytes.get(pos..).unwrap_or_default();
        let last = rest.is_empty();
        let take = if ascii_runs && pending == pos {
            rest.iter().take_while(|b| b.is_ascii()).count().max(1)
        } else {
            1
        };
        let chunk = rest.get(..take).unwrap_or(rest);
        let room = decoder
            .max_utf8_buffer_length_without_replacement(chunk.len())
            .unwrap_or(chunk.len().saturating_mul(3))
            .max(16);
        if buf.len() < room {
            buf.resize(room, 0);
        }
        // Into a scratch buffer: `decode_to_string` would zero the string's
        // whole spare capacity on every call.
        let (result, read, written) =
            decoder.decode_to_utf8_without_replacement(chunk, &mut buf, last);
        let out = String::from_utf8_lossy(buf.get(..written).unwrap_or_default());
        text.push_str(&out);
        let consumed = pos + read;
        match result {
            DecoderResult::InputEmpty | DecoderResult::OutputFull => {
                let input = bytes.get(pending..consumed).unwrap_or_default();
                if !out.is_empty() && out.as_bytes() == input {
                    map.push_copy(out.len(), pending);
                    pending = consumed;
                } else {
                    attribute(&mut map, out.len(), &mut pending, consumed);
                }
                pos = consumed;
                if last && matches!(result, DecoderResult::InputEmpty) {
                    break;
                }
            }
            DecoderResult::Malformed(bad, extra) => {
                let bad_end = consumed.saturating_sub(usize::from(extra)).max(pending);
                let bad_start = bad_end.saturating_sub(usize::from(bad)).max(pending);
                attribute(&mut map, out.len(), &mut pending, bad_start);
                text.push(char::REPLACEMENT_CHARACTER);
                map.push(
                    char::REPLACEMENT_CHARACTER.len_utf8(),
                    bad_start,
                    bad_end - bad_start,
                );
                errors.push((bad_start, bad_end - bad_start));
                pending = bad_end;
                pos = consumed;
            }
        }
    }
    Mapped { text, map, errors }
}

/// Record that `produced` bytes of text came from `pending..end`.
fn attribute(map: &mut FileMap, produced: usize, pending: &mut usize, end: usize) {
    if produced == 0 {
        return;
    }
    let end = end.max(*pending);
    map.push(produced, *pending, end - *pending);
    *pending = end;
}

/// Chain two maps: `outer` maps a text to offsets in an intermediate text
/// (the decoded file), `inner` maps that to the file (`None`: identity).
pub(crate) fn compose(outer: &FileMap, inner: Option<&FileMap>) -> FileMap {
    let Some(inner) = inner else {
        return outer.clone();
    };
    let runs = inner.runs();
    let mut out = FileMap::new();
    for r in outer.runs() {
        if r.text_len == r.file_len {
            // Copied from the intermediate text: map it piece by piece.
            let (start, end) = (r.file_start, r.file_start + r.file_len);
            let first = runs
                .partition_point(|ir| ir.text_start + ir.text_len <= start)
                .min(runs.len());
            let mut covered = start;
            for ir in runs.get(first..).unwrap_or_default() {
                if ir.text_start >= end {
                    break;
                }
                let lo = start.max(ir.text_start);
                let hi = end.min(ir.text_start + ir.text_len);
                if hi <= lo {
                    continue;
                }
                push_piece(&mut out, ir, lo, hi);
                covered = hi;
            }
            if covered < end {
                // Past the inner map (cannot happen for a complete map):
                // pin the rest to the end of the file text.
                let at = inner.to_file(Span::new(covered, covered)).end;
                out.push(end - covered, at, 0);
            }
        } else {
            let span = inner.to_file(Span::new(r.file_start, r.file_start + r.file_len));
            out.push(r.text_len, span.start, span.len());
        }
    }
    out
}

/// Map `lo..hi` of the intermediate text, which lies inside `ir`.
fn push_piece(out: &mut FileMap, ir: &MapRun, lo: usize, hi: usize) {
    if ir.text_len == ir.file_len {
        out.push_copy(hi - lo, ir.file_start + (lo - ir.text_start));
    } else {
        out.push(hi - lo, ir.file_start, ir.file_len);
    }
}

/// The charset a `<meta charset=…>` or `<meta http-equiv … content="…;
/// charset=…">` in the first 4 KiB names, if `encoding_rs` knows it.
pub(crate) fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    let mut from = 0usize;
    while let Some(at) = find(&lower, b"<meta", from) {
        let end = lower
            .get(at..)
            .and_then(|s| s.iter().position(|&b| b == b'>'))
            .map_or(lower.len(), |p| at + p);
        let tag = lower.get(at..end).unwrap_or_default();
        if let Some(c) = find(tag, b"charset", 0) {
            let rest = tag.get(c + 7..).unwrap_or_default();
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_len = rest
                    .iter()
                    .position(|&b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(rest.len());
                if let Some(encoding) = rest.get(..label_len).and_then(Encoding::for_label) {
                    return Some(encoding);
                }
            }
        }
        from = end;
    }
    None
}

fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    s.get(n..).unwrap_or_default()
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, EUC_JP, GB18030, GBK, SHIFT_JIS, WINDOWS_1252};

    fn check_map(bytes: &[u8], m: &Mapped) {
        assert_eq!(m.map.text_len(), m.text.len());
        let mut last = 0;
        for r in m.map.runs() {
            assert!(r.file_start >= last, "{:?}", m.map.runs());
            assert!(r.file_start + r.file_len <= bytes.len());
            last = r.file_start;
        }
    }

    #[test]
    fn decoding_matches_encoding_rs_and_maps_each_character() {
        let text = "中文「繁體」日本語のテキスト, English & €5 — 終わり。";
        for enc in [GBK, GB18030, BIG5, SHIFT_JIS, EUC_JP, UTF_16LE, UTF_16BE] {
            let (bytes, _, _) = enc.encode(text);
            let bytes: Vec<u8> = if enc == UTF_16LE {
                text.encode_utf16().flat_map(u16::to_le_bytes).collect()
            } else if enc == UTF_16BE {
                text.encode_utf16().flat_map(u16::to_be_bytes).collect()
            } else {
                bytes.into_owned()
            };
            let m = decode_mapped(enc, &bytes);
            let (expected, _) = enc.decode_without_bom_handling(&bytes);
            assert_eq!(m.text, expected, "{}", enc.name());
            check_map(&bytes, &m);
            // Every character maps to exactly its own bytes when it round-trips.
            for (i, c) in m.text.char_indices() {
                if c == char::REPLACEMENT_CHARACTER {
                    continue;
                }
                let span = m.map.to_file(Span::new(i, i + c.len_utf8()));
                let src = bytes.get(span.start..span.end).unwrap_or_default();
                let (back, _) = enc.decode_without_bom_handling(src);
                assert_eq!(back, c.to_string(), "{} at {i}", enc.name());
            }
        }
    }

    #[test]
    fn malformed_sequences_map_to_their_bytes() {
        // Shift_JIS lead byte followed by ASCII, a lone trail byte, a cut lead.
        let bytes = b"ab\x82 c\xA0\x82\xA0\x81";
        for enc in [SHIFT_JIS, GBK, GB18030, BIG5, EUC_JP, WINDOWS_1252, UTF_8] {
            let m = decode_mapped(enc, bytes);
            let (expected, _) = enc.decode_without_bom_handling(bytes);
            assert_eq!(m.text, expected, "{}", enc.name());
            check_map(bytes, &m);
        }
        let m = decode_mapped(SHIFT_JIS, bytes);
        assert_eq!(m.errors.first(), Some(&(2, 1)));
    }

    #[test]
    fn gb18030_four_byte_sequences_and_their_failures() {
        let bytes = b"\x81\x30\x81\x30x\x81\x30\x81\x41y\x81\x30z\x81";
        for enc in [GB18030, GBK] {
            let m = decode_mapped(enc, bytes);
            let (expected, _) = enc.decode_without_bom_handling(bytes);
            assert_eq!(m.text, expected);
            check_map(bytes, &m);
        }
    }

    #[test]
    fn compose_chains_maps() {
        // Intermediate "中<b>x</b>" decoded from GBK "\xD6\xD0<b>x</b>".
        let mut inner = FileMap::new();
        inner.push(3, 0, 2);
        inner.push_copy(8, 2);
        // Outer text "中x" copies 0..3 and 6..7 of the intermediate text.
        let mut outer = FileMap::new();
        outer.push_copy(3, 0);
        outer.push(1, 3, 0); // a synthetic newline at the tag
        outer.push_copy(1, 6);
        let map = compose(&outer, Some(&inner));
        assert_eq!(map.to_file(Span::new(0, 3)), Span::new(0, 2));
        assert_eq!(map.to_file(Span::new(4, 5)), Span::new(5, 6));
        assert_eq!(map.text_len(), 5);
    }

    #[test]
    fn meta_charset_is_found() {
        let html =
            b"<html><head><META HTTP-EQUIV='Content-Type' content='text/html; charset=GB2312'>";
        assert_eq!(html_declared_charset(html), Some(GBK));
        assert_eq!(
            html_declared_charset(b"<meta charset=\"shift_jis\">"),
            Some(SHIFT_JIS)
        );
        assert_eq!(html_declared_charset(b"<meta charset=bogus>"), None);
        assert_eq!(html_declared_charset(b"<p>charset=gbk</p>"), None);
    }

    #[test]
    fn utf8_stats() {
        let s = Utf8Stats::of("日本語".as_bytes().get(..8).unwrap_or_default());
        assert!(s.only_truncated_tail && s.mostly_utf8());
        let s = Utf8Stats::of(b"caf\xE9");
        assert!(!s.mostly_utf8());
    }
}
