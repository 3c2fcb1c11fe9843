//! JSON lines: one article object per line.
//!
//! `serde_json` validates each line and reads its fields; a small scanner
//! finds where the text field's string sits in the line, and the string is
//! decoded again here, escape by escape, to map every text byte back to
//! the JSON it came from.

use concord_core::{FileMap, Lang};
use serde_json::{Map, Value};

/// Fields that may hold the article text, in order of preference.
const TEXT_FIELDS: [&str; 3] = ["text", "body", "content"];

/// One non-blank line of a JSON-lines text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based line number.
    pub(crate) number: usize,
    /// Byte range in the text, without the line end (`\n` or `\r\n`).
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// The non-blank lines of `text`; a byte-order mark before the first is
/// not part of it.
pub(crate) fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for (idx, raw) in text.split('\n').enumerate() {
        let mut s = start;
        let mut e = start + raw.len();
        start = e + 1;
        if idx == 0 && raw.starts_with('\u{FEFF}') {
            s += '\u{FEFF}'.len_utf8();
        }
        if text.get(s..e).is_some_and(|l| l.ends_with('\r')) {
            e -= 1;
        }
        let Some(line) = text.get(s..e) else { continue };
        if !line.trim().is_empty() {
            out.push(Line {
                number: idx + 1,
                start: s,
                end: e,
            });
        }
    }
    out
}

/// What one line holds.
#[derive(Debug)]
pub(crate) struct Article {
    pub(crate) text: String,
    /// Text offsets → offsets in the whole decoded file text.
    pub(crate) map: FileMap,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) published: Option<String>,
    /// The `lang` field, when it names a language we know.
    pub(crate) lang: Option<Lang>,
    /// Something about the line worth telling (an unknown `lang`).
    pub(crate) note: Option<String>,
}

/// Read the article on `line` of `text`.
///
/// # Errors
///
/// What is wrong with the line (invalid JSON, not an object, no text).
pub(crate) fn article(text: &str, line: Line) -> Result<Article, String> {
    let raw = text.get(line.start..line.end).unwrap_or_default();
    let value: Value = serde_json::from_str(raw).map_err(|e| {
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        format!("invalid JSON at column {}: {message}", e.column())
    })?;
    let Value::Object(object) = value else {
        return Err(format!("expected a JSON object, found {}", kind_of(&value)));
    };
    let (field, body) = text_field(&object)?;
    if body.trim().is_empty() {
        return Err(format!("field `{field}` holds no text"));
    }
    let map = locate(raw, field)
        .and_then(|(s, e)| {
            let (decoded, map) = decode_string(raw.get(s..e)?, line.start + s);
            (decoded == body).then_some(map)
        })
        .unwrap_or_else(|| {
            // Not found again (cannot happen for valid JSON): the whole line.
            let mut map = FileMap::new();
            map.push(body.len(), line.start, raw.len());
            map
        });
    let (lang, note) = match object.get("lang") {
        None | Some(Value::Null) => (None, None),
        Some(Value::String(code)) => match lang_of(code) {
            Some(lang) => (Some(lang), None),
            None => (
                None,
                Some(format!(
                    "unknown lang {code:?}; the language was detected from the text"
                )),
            ),
        },
        Some(other) => (
            None,
            Some(format!(
                "`lang` is {}, not a string; the language was detected from the text",
                kind_of(other)
            )),
        ),
    };
    Ok(Article {
        text: body.to_owned(),
        map,
        title: string_field(&object, "title"),
        url: string_field(&object, "url"),
        published: string_field(&object, "published"),
        lang,
        note,
    })
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first text field holding a string.
fn text_field(object: &Map<String, Value>) -> Result<(&'static str, &str), String> {
    let mut wrong = None;
    for field in TEXT_FIELDS {
        match object.get(field) {
            Some(Value::String(s)) => return Ok((field, s)),
            Some(Value::Null) | None => {}
            Some(other) => {
                wrong.get_or_insert((field, kind_of(other)));
            }
        }
    }
    Err(match wrong {
        Some((field, kind)) => format!("field `{field}` is {kind}, not a string"),
        None => "no text: none of the fields `text`, `body`, `content`".to_owned(),
    })
}

/// A string (or number) field, trimmed, if not empty.
fn string_field(object: &Map<String, Value>, name: &str) -> Option<String> {
    let s = match object.get(name)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// `en`, `zh-Hant`, `ja_JP`, `JPN` → a language; anything else → `None`.
fn lang_of(code: &str) -> Option<Lang> {
    let primary = code
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match primary.as_str() {
        "en" | "eng" => Some(Lang::En),
        "zh" | "zho" | "chi" | "cmn" | "yue" => Some(Lang::Zh),
        "ja" | "jpn" | "jp" => Some(Lang::Ja),
        _ => None,
    }
}

/// Byte range (in `raw`) of the *content* of the string value of the last
/// top-level member named `key` (JSON objects with repeated keys keep the
/// last, as `serde_json` does).
fn locate(raw: &str, key: &str) -> Option<(usize, usize)> {
    let b = raw.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let mut found = None;
    loop {
        i = skip_ws(b, i);
        match b.get(i) {
            Some(b'"') => {}
            _ => return found,
        }
        let key_end = string_end(b, i)?;
        let name: String = serde_json::from_str(raw.get(i..key_end)?).ok()?;
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return found;
        }
        i = skip_ws(b, i + 1);
        let value_start = i;
        let value_end = value_end(b, i)?;
        if name == key && b.get(value_start) == Some(&b'"') {
            found = Some((value_start + 1, value_end - 1));
        }
        i = skip_ws(b, value_end);
        if b.get(i) == Some(&b',') {
            i += 1;
        } else {
            return found;
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        i += 1;
    }
    i
}

/// One past the closing quote of the string starting at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match b.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// One past the end of the value starting at `i`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'))
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// Decode the content of a JSON string (between the quotes), mapping each
/// text byte to `base + offset in content`.
pub(crate) fn decode_string(content: &str, base: usize) -> (String, FileMap) {
    let b = content.as_bytes();
    let mut text = String::with_capacity(content.len());
    let mut map = FileMap::new();
    let mut i = 0usize;
    while i < b.len() {
        if b.get(i) != Some(&b'\\') {
            let run = b
                .get(i..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&c| c != b'\\')
                .count();
            text.push_str(content.get(i..i + run).unwrap_or_default());
            map.push_copy(run, base + i);
            i += run;
            continue;
        }
        let (c, len) = match b.get(i + 1) {
            Some(b'"') => ('"', 2),
            Some(b'\\') => ('\\', 2),
            Some(b'/') => ('/', 2),
            Some(b'b') => ('\u{8}', 2),
            Some(b'f') => ('\u{C}', 2),
            Some(b'n') => ('\n', 2),
            Some(b'r') => ('\r', 2),
            Some(b't') => ('\t', 2),
            Some(b'u') => match hex4(b, i + 2) {
                Some(hi @ 0xD800..=0xDBFF) => {
                    let lo = (b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u'))
                        .then(|| hex4(b, i + 8))
                        .flatten()
                        .filter(|lo| (0xDC00..=0xDFFF).contains(lo));
                    match lo {
                        Some(lo) => {
                            let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            (
                                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
                                12,
                            )
                        }
                        None => (char::REPLACEMENT_CHARACTER, 6),
                    }
                }
                Some(code) => (
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
                    6,
                ),
                None => (char::REPLACEMENT_CHARACTER, 2),
            },
            _ => (char::REPLACEMENT_CHARACTER, 1),
        };
        let len = len.min(b.len() - i);
        text.push(c);
        map.push(c.len_utf8(), base + i, len);
        i += len;
    }
    (text, map)
}

fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let digits = b.get(at..at + 4)?;
    let s = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(s, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::Span;

    #[test]
    fn lines_skip_blanks_bom_and_cr() {
        let text = "\u{FEFF}{\"a\":1}\r\n\n  \n{\"b\":2}";
        let ls = lines(text);
        assert_eq!(ls.len(), 2);
        assert_eq!(
            (ls[0].number, &text[ls[0].start..ls[0].end]),
            (1, "{\"a\":1}")
        );
        assert_eq!(
            (ls[1].number, &text[ls[1].start..ls[1].end]),
            (4, "{\"b\":2}")
        );
    }

    #[test]
    fn escapes_map_to_their_source() {
        let content = r#"A\n\u4e2d\"\ud83d\ude00 é"#;
        let (text, map) = decode_string(content, 100);
        assert_eq!(text, "A\n中\"😀 é");
        let span = |s: usize, e: usize| {
            let f = map.to_file(Span::new(s, e));
            content
                .get(f.start - 100..f.end - 100)
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(span(0, 1), "A");
        assert_eq!(span(1, 2), r"\n");
        assert_eq!(span(2, 5), r"\u4e2d");
        assert_eq!(span(6, 10), r"\ud83d\ude00");
        assert_eq!(span(10, 13), " é");
    }

    #[test]
    fn locate_finds_the_last_top_level_member() {
        let raw = r#"{"meta": {"text": "inner"}, "text": "first", "x": [1, "]"], "text": "last"}"#;
        let (s, e) = locate(raw, "text").unwrap_or_default();
        assert_eq!(&raw[s..e], "last");
        assert_eq!(locate(raw, "none"), None);
    }

    #[test]
    fn languages() {
        assert_eq!(lang_of("zh-Hant"), Some(Lang::Zh));
        assert_eq!(lang_of("JA_jp"), Some(Lang::Ja));
        assert_eq!(lang_of("en"), Some(Lang::En));
        assert_eq!(lang_of("fr"), None);
    }

    #[test]
    fn line_errors_say_what_is_wrong() {
        let line = |s: &str| Line {
            number: 1,
            start: 0,
            end: s.len(),
        };
        for (raw, expected) in [
            (
                "{\"text\": ",
                "invalid JSON at column 9: EOF while parsing a value",
            ),
            ("[1, 2]", "expected a JSON object, found an array"),
            (
                "{\"title\": \"t\"}",
                "no text: none of the fields `text`, `body`, `content`",
            ),
            ("{\"text\": 5}", "field `text` is a number, not a string"),
            ("{\"body\": \" \\n \"}", "field `body` holds no text"),
        ] {
            match article(raw, line(raw)) {
                Err(e) => assert_eq!(e, expected, "{raw}"),
                Ok(a) => panic!("{raw} gave {a:?}"),
            }
        }
    }
}
