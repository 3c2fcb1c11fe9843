//! Property tests: whatever the bytes, ingesting never panics, and every
//! file map sends every character-boundary span of the text to a range
//! inside the file.
//!
//! 400 cases by default; `CONCORD_INGEST_CASES=200000 cargo test --release
//! -p concord-ingest --test never_panics` runs a long fuzz session.

use concord_core::{DocStatus, Document, Span};
use concord_ingest::Ingestor;
use proptest::prelude::*;

const EXTENSIONS: [&str; 5] = ["txt", "md", "html", "htm", "jsonl"];

/// Pieces that reach the interesting paths: markup (HTML and Markdown),
/// references, JSON, multilingual text, legacy-encoded text and broken
/// bytes.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<&'static [u8]> = vec![
        b"<p>",
        b"</p>",
        b"<div class=\"article-content\">",
        b"</div>",
        b"<br>",
        b"<br/>",
        b"<nav>",
        b"</nav>",
        b"<script>",
        b"</script>",
        b"<!--",
        b"-->",
        b"<a href='x'>",
        b"</a>",
        b"<pre>",
        b"</pre>",
        b"<title>",
        b"</title>",
        b"<meta charset=gbk>",
        b"<h1>",
        b"</h1>",
        b"<td>",
        b"<li>",
        b"<table>",
        b"&amp;",
        b"&#20013;",
        b"&#x4E2D;",
        b"&nbsp;",
        b"&#xD800;",
        b"&#99999999999;",
        b"&copy",
        b"&",
        b"<",
        b">",
        b"\"",
        b"'",
        b"=",
        b"{\"text\": \"",
        b"\"}",
        b"\\n",
        b"\\u4e2d",
        b"\\ud83d\\ude00",
        b"\\ud83d",
        b"\\",
        b"\", \"title\": \"t\", \"lang\": \"ja\"}",
        b"\n",
        // Markdown.
        b"# ",
        b"## ",
        b"**",
        b"*",
        b"_",
        b"`",
        b"```\n",
        b"    ",
        b"> ",
        b"- ",
        b"1. ",
        b"[",
        b"](https://example.com)",
        b"![",
        b"| ",
        b" |",
        b"|---|---|\n",
        b"[ref]: https://example.com\n",
        b"\\*",
        b"  \n",
        b"\r\n",
        b" ",
        b"\t",
        b"\xE3\x80\x80",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xFE\xFF",
        "米政府は規制を解除した。".as_bytes(),
        "美国政府宣布解除禁令，".as_bytes(),
        "美國政府宣布".as_bytes(),
        b"The U.S. lifted the ban, officials said.",
        b"\xc3\xc0\xb9\xfa\xd5\xfe\xb8\xae", // GBK
        b"\x95\xc4\x90\xad\x95\x7b\x82\xcd", // Shift_JIS
        b"\xac\xfc\xb0\xea\xac\x46\xa9\xb2", // Big5
        b"\xc4\xea\xc0\xaf\xc9\xdc\xa4\xcf", // EUC-JP
        b"\x81\x30\x81\x30",
        b"\x80",
        b"\x81",
        b"\xC3",
        b"\xE4\xB8",
        b"\x00",
        b"\x1b",
    ];
    prop_oneof![
        4 => proptest::sample::select(fixed).prop_map(<[u8]>::to_vec),
        1 => proptest::collection::vec(any::<u8>(), 0..8),
    ]
}

/// JSON lines whose text strings mix raw text and escapes (mostly valid).
fn json_lines() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static str> = vec![
        "美国政府",
        "米政府は",
        "The ban",
        " ",
        "\\n",
        "\\t",
        "\\\"",
        "\\\\",
        "\\/",
        "\\u4e2d",
        "\\u00e9",
        "\\ud83d\\ude00",
        "\\ud83d",
        "\\x",
        "é",
        "😀",
    ];
    let string =
        proptest::collection::vec(proptest::sample::select(pieces), 0..12).prop_map(|v| v.concat());
    let line = (
        string,
        proptest::sample::select(vec!["text", "body", "content", "title"]),
    )
        .prop_map(|(s, field)| format!("{{\"id\": 1, \"{field}\": \"{s}\", \"lang\": \"zh\"}}"));
    proptest::collection::vec(line, 1..5).prop_map(|lines| lines.join("\n").into_bytes())
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        proptest::collection::vec(fragment(), 0..80).prop_map(|v| v.concat()),
        json_lines(),
    ]
}

fn check(doc: &Document, file: &[u8], probes: &[usize]) -> Result<(), TestCaseError> {
    match &doc.status {
        DocStatus::Ok => prop_assert!(!doc.text.is_empty()),
        DocStatus::Error(e) => {
            prop_assert!(doc.text.is_empty());
            prop_assert!(!e.is_empty());
        }
    }
    let Some(map) = &doc.file_map else {
        // No map: the text is the file's bytes (all of them, or one line's).
        if doc.status == DocStatus::Ok {
            prop_assert_eq!(doc.text.as_bytes(), file);
        }
        return Ok(());
    };
    prop_assert_eq!(map.text_len(), doc.text.len());
    let mut last_start = 0;
    for r in map.runs() {
        prop_assert!(
            r.file_start >= last_start,
            "runs go backwards: {:?}",
            map.runs()
        );
        prop_assert!(r.file_start + r.file_len <= file.len());
        last_start = r.file_start;
        // In a valid UTF-8 file, copied runs hold the same bytes (a
        // collapsed HTML space may stand for any white space).
        if std::str::from_utf8(file).is_ok() && r.text_len == r.file_len {
            let text = &doc.text.as_bytes()[r.text_start..r.text_start + r.text_len];
            let src = &file[r.file_start..r.file_start + r.file_len];
            for (t, f) in text.iter().zip(src) {
                prop_assert!(
                    t == f || (*t == b' ' && f.is_ascii_whitespace()),
                    "run {:?} copies {:?} from {:?}",
                    r,
                    String::from_utf8_lossy(text),
                    String::from_utf8_lossy(src)
                );
            }
        }
    }
    let bounds: Vec<usize> = doc
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain([doc.text.len()])
        .collect();
    let pick = |k: usize| bounds[k % bounds.len()];
    for pair in probes.chunks(2) {
        let (a, b) = (pick(pair[0]), pick(*pair.get(1).unwrap_or(&0)));
        let span = doc.file_span(Span::new(a.min(b), a.max(b)));
        prop_assert!(span.start <= span.end, "{span}");
        prop_assert!(span.end <= file.len(), "{span} past {}", file.len());
    }
    // The whole text maps inside the file, and in order.
    let whole = doc.file_span(Span::new(0, doc.text.len()));
    prop_assert!(whole.end <= file.len());
    Ok(())
}

/// Cases to run: `CONCORD_INGEST_CASES`, else 400.
fn cases() -> u32 {
    std::env::var("CONCORD_INGEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn ingest_never_panics_and_maps_stay_in_the_file(
        bytes in input(),
        ext in proptest::sample::select(EXTENSIONS.to_vec()),
        probes in proptest::collection::vec(any::<usize>(), 16),
    ) {
        let source = format!("fuzz/input.{ext}");
        let (docs, notes) = Ingestor::default().ingest_bytes_with_report(source.as_str(), &bytes);
        prop_assert!(!docs.is_empty());
        for note in &notes {
            prop_assert!(note.source.starts_with(&source));
        }
        for doc in &docs {
            prop_assert!(doc.source.starts_with(&source));
            check(doc, &bytes, &probes)?;
        }
    }
}
