//! End-to-end checks of the formats and encodings through the public API:
//! the extracted text, and that `Document::file_span` points at exactly the
//! file bytes each piece of text came from.

use concord_core::{DocStatus, Document, Lang, Span};
use concord_ingest::{IngestNote, Ingestor};
use encoding_rs::{Encoding, BIG5, EUC_JP, GB18030, GBK, SHIFT_JIS, WINDOWS_1252};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn read(source: &str, bytes: &[u8]) -> (Vec<Document>, Vec<IngestNote>) {
    Ingestor::default().ingest_bytes_with_report(source, bytes)
}

fn one(source: &str, bytes: &[u8]) -> Document {
    let (mut docs, _) = read(source, bytes);
    assert_eq!(docs.len(), 1, "{source}");
    docs.remove(0)
}

/// The file bytes behind `needle` (its first occurrence) in `doc.text`.
fn file_bytes<'a>(doc: &Document, file: &'a [u8], needle: &str) -> &'a [u8] {
    let at = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", doc.text));
    let span = doc.file_span(Span::new(at, at + needle.len()));
    assert!(span.start <= span.end && span.end <= file.len(), "{span}");
    &file[span.start..span.end]
}

/// Sentences of `text`, cut after `。`, `！`, `？`, `.` or a line break.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '.' | '\n') {
            let end = i + c.len_utf8();
            let s = text[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    out
}

const ZH_HANS: &str = "美国政府以国家安全为由，紧急禁止了两款人工智能模型。\n\
    商务部在6月12日下达了出口管制指令，要求公司在全球范围内停止服务。\n\
    6月27日，华盛顿宣布解除禁令，但其他要求仍然有效。\n";
const ZH_HANT: &str = "美國政府以國家安全為由，緊急禁止了兩款人工智慧模型。\n\
    商務部在6月12日下達了出口管制指令，要求公司在全球範圍內停止服務。\n\
    6月27日，華盛頓宣布解除禁令，但其他要求仍然有效。\n";
const JA: &str = "米政府は国家安全保障を理由に、二つのAIモデルを緊急に禁止した。\n\
    商務省は6月12日に輸出管理指令を出し、全世界でのサービス停止を求めた。\n\
    6月27日、ワシントンは規制の解除を発表したが、他の要件は引き続き有効である。\n";
const EN_1252: &str = "Café owners in São Paulo said the ban “changed nothing”.\n\
    The Commerce Secretary’s letter — dated June 12 — was brief.\n";

#[test]
fn legacy_encodings_round_trip_with_exact_spans() {
    let cases: [(&str, &str, &'static Encoding, &str, Lang); 6] = [
        ("gbk.txt", ZH_HANS, GBK, "GBK", Lang::Zh),
        ("gb18030.txt", ZH_HANS, GB18030, "GBK", Lang::Zh),
        ("big5.txt", ZH_HANT, BIG5, "Big5", Lang::Zh),
        ("sjis.txt", JA, SHIFT_JIS, "Shift_JIS", Lang::Ja),
        ("eucjp.txt", JA, EUC_JP, "EUC-JP", Lang::Ja),
        (
            "cp1252.txt",
            EN_1252,
            WINDOWS_1252,
            "windows-1252",
            Lang::En,
        ),
    ];
    for (source, text, encoding, detected, lang) in cases {
        let (file, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{source}: test text must be encodable");
        let (docs, notes) = read(source, &file);
        let doc = &docs[0];
        assert_eq!(doc.status, DocStatus::Ok, "{source}");
        // GB18030 text without four-byte sequences is GBK text: either name is right.
        assert_eq!(doc.encoding, detected, "{source}");
        assert_eq!(doc.text, text, "{source}");
        assert_eq!(doc.lang, lang, "{source}");
        assert_eq!(doc.byte_len, file.len() as u64);
        assert_eq!(doc.title.as_deref(), text.lines().next());
        assert_eq!(notes.len(), 1, "{source}: {notes:?}");
        assert!(
            notes[0]
                .message
                .contains(&format!("decoded as {detected} (detected)")),
            "{}",
            notes[0]
        );
        let sentences = sentences(text);
        assert!(sentences.len() >= 2, "{source}");
        for sentence in sentences {
            let (expected, _, _) = encoding.encode(sentence);
            assert_eq!(
                file_bytes(doc, &file, sentence),
                &expected[..],
                "{source}: {sentence}"
            );
        }
        // The whole text maps to the whole file.
        assert_eq!(
            doc.file_span(Span::new(0, doc.text.len())),
            Span::new(0, file.len())
        );
    }
}

#[test]
fn gb18030_four_byte_characters_map_whole() {
    // "𠮷" (U+20BB7) and "€" need GB18030's four-byte sequences.
    let text = "𠮷野家的牛肉饭涨价了，现在售价为€5。中国的消费者对此表示不满，认为价格过高。";
    let (file, _, _) = GB18030.encode(text);
    let doc = one("gb.txt", &file);
    assert_eq!(doc.status, DocStatus::Ok);
    assert_eq!(doc.text, text);
    for piece in ["𠮷野家", "€5", "认为价格过高"] {
        let (expected, _, _) = GB18030.encode(piece);
        assert_eq!(file_bytes(&doc, &file, piece), &expected[..], "{piece}");
    }
}

#[test]
fn undecodable_bytes_are_replaced_and_reported() {
    let (file, _, _) = SHIFT_JIS.encode(JA);
    let mut file = file.into_owned();
    // A lead byte followed by a space: one undecodable sequence.
    let at = file.iter().position(|&b| b == b'\n').unwrap_or(0) + 1;
    file.splice(at..at, [0x81, b' ']);
    let (docs, notes) = read("broken-sjis.txt", &file);
    let doc = &docs[0];
    assert_eq!(doc.status, DocStatus::Ok);
    assert_eq!(doc.encoding, "Shift_JIS");
    assert_eq!(doc.text.matches('\u{FFFD}').count(), 1);
    let bad = doc.text.find('\u{FFFD}').unwrap_or_default();
    assert_eq!(
        doc.file_span(Span::new(bad, bad + 3)),
        Span::new(at, at + 1)
    );
    assert_eq!(
        notes[0].message,
        format!(
            "not UTF-8 (invalid byte at 0); decoded as Shift_JIS (detected after cutting out \
             undecodable bytes); 1 undecodable byte sequence replaced by U+FFFD at byte {at}"
        )
    );
    // The text after the damage still maps exactly.
    let last = JA.lines().last().unwrap_or_default();
    let (expected, _, _) = SHIFT_JIS.encode(last);
    assert_eq!(file_bytes(doc, &file, last), &expected[..]);
}

#[test]
fn damaged_legacy_files_keep_their_encoding() {
    for (text, encoding) in [
        (ZH_HANS, GBK),
        (ZH_HANT, BIG5),
        (JA, EUC_JP),
        (JA, SHIFT_JIS),
    ] {
        let (file, _, _) = encoding.encode(text);
        let mut file = file.into_owned();
        // A lead byte cut off by a space, in the middle of the second line.
        let second = file.iter().position(|&b| b == b'\n').unwrap_or(0) + 1;
        let at = second + 6;
        let lead = file[at];
        assert!(lead >= 0x80, "{}", encoding.name());
        file.splice(at..at, [lead, b' ']);
        let (docs, notes) = read("damaged.txt", &file);
        let doc = &docs[0];
        assert_eq!(doc.status, DocStatus::Ok, "{}", encoding.name());
        assert_eq!(doc.encoding, encoding.name());
        assert_eq!(
            doc.text.matches('\u{FFFD}').count(),
            1,
            "{}",
            encoding.name()
        );
        assert!(
            notes[0].message.ends_with(&format!("at byte {at}")),
            "{}",
            notes[0]
        );
        for line in text.lines() {
            if let Some(pos) = doc.text.find(line) {
                let (expected, _, _) = encoding.encode(line);
                let span = doc.file_span(Span::new(pos, pos + line.len()));
                assert_eq!(&file[span.start..span.end], &expected[..]);
            }
        }
    }
}

const NEWS_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>US lifts ban on two AI models | Daily Wire Service</title>
  <meta property="og:title" content="US lifts ban on two AI models">
  <meta property="og:url" content="https://news.example/og/ai-ban">
  <link rel="canonical" href="https://news.example/2026/06/27/ai-ban?ref=a&amp;src=b">
  <meta property="article:published_time" content="2026-06-27T01:16:00+08:00">
  <style>.ad { display: block } p > a { color: red }</style>
  <script>window.dataLayer = [{"page": "<p>not text</p>"}];</script>
</head>
<body>
  <header class="site-header">
    <a href="/">Daily Wire Service</a>
    <nav class="main-nav"><ul><li><a href="/world">World</a></li><li><a href="/tech">Tech</a></li><li><a href="/markets">Markets</a></li></ul></nav>
  </header>
  <div class="layout">
    <main>
      <article class="article-body">
        <h1>US lifts ban on two AI models</h1>
        <div class="share-bar"><a href="#">Share on X</a> <a href="#">Share on Facebook</a> <a href="#">Copy link</a></div>
        <p class="byline">By Jane Doe, Washington</p>
        <p>The U.S. government on Saturday lifted its export-control ban on Anthropic&#8217;s Fable&nbsp;5 and Mythos 5 models, ending a two-week shutdown that had cut off users worldwide.</p>
        <p>Commerce Secretary Howard Lutnick wrote that &ldquo;appropriate safeguards&rdquo; were now in place, according to a letter seen by reporters. The company said access would return in stages, starting with government agencies, and that <a href="/tag/openai">OpenAI</a> had faced similar questions.</p>
        <div class="ad-slot ad"><p>Advertisement</p><img src="ad.png" alt="Buy now"></div>
        <p>Shares of cloud providers rose 4.8% after the announcement, while analysts cautioned that the initial directive of June 12 remained in force.</p>
        <p>Subscribe to our newsletter for more tech news.</p>
        <aside class="related"><h3>Related</h3><ul><li><a href="/a">OpenAI releases GPT-5.6 to partners</a></li><li><a href="/b">What the AI export rules mean</a></li></ul></aside>
      </article>
      <section class="comments"><h2>Comments</h2><p>Great article, thanks for sharing this with everyone here!</p></section>
    </main>
    <div id="sidebar"><div class="widget"><h3>Most read</h3><ol><li><a href="/x">Markets slump as chip stocks fall sharply in late trading</a></li><li><a href="/y">Ten things to know today about the economy and markets</a></li></ol></div></div>
  </div>
  <footer><p>Copyright &copy; 2026 Daily Wire Service. All rights reserved.</p><p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p></footer>
</body>
</html>
"##;

#[test]
fn html_keeps_only_the_article() -> TestResult {
    let file = NEWS_PAGE.as_bytes();
    let doc = one("news/ai-ban.html", file);
    assert_eq!(doc.status, DocStatus::Ok);
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(
        doc.text,
        "US lifts ban on two AI models\n\n\
         By Jane Doe, Washington\n\n\
         The U.S. government on Saturday lifted its export-control ban on Anthropic\u{2019}s \
         Fable\u{A0}5 and Mythos 5 models, ending a two-week shutdown that had cut off users worldwide.\n\n\
         Commerce Secretary Howard Lutnick wrote that \u{201C}appropriate safeguards\u{201D} were now \
         in place, according to a letter seen by reporters. The company said access would return \
         in stages, starting with government agencies, and that OpenAI had faced similar questions.\n\n\
         Shares of cloud providers rose 4.8% after the announcement, while analysts cautioned that \
         the initial directive of June 12 remained in force."
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("US lifts ban on two AI models | Daily Wire Service")
    );
    assert_eq!(
        doc.url.as_deref(),
        Some("https://news.example/2026/06/27/ai-ban?ref=a&src=b")
    );
    assert_eq!(doc.published.as_deref(), Some("2026-06-27T01:16:00+08:00"));
    assert_eq!(doc.lang, Lang::En);
    // Plain runs map to exactly the same bytes in the file.
    for run in [
        "US lifts ban on two AI models",
        "By Jane Doe, Washington",
        "The U.S. government on Saturday lifted its export-control ban on Anthropic",
        "Commerce Secretary Howard Lutnick wrote that ",
        "Shares of cloud providers rose 4.8% after the announcement",
    ] {
        let bytes = file_bytes(&doc, file, run);
        assert_eq!(bytes, run.as_bytes(), "{run}");
        let at = NEWS_PAGE.find(run).unwrap_or_default();
        let span = doc.file_span(Span::new(
            doc.text.find(run).unwrap_or_default(),
            doc.text.find(run).unwrap_or_default() + run.len(),
        ));
        // The occurrence in the body, not one in <title> or og:title.
        if run.starts_with("US lifts") {
            assert!(span.start > NEWS_PAGE.find("<h1>").unwrap_or_default());
        } else {
            assert_eq!(span.start, at);
        }
    }
    // Entities map to the whole reference; a link's text to its text.
    assert_eq!(file_bytes(&doc, file, "\u{2019}s"), b"&#8217;s");
    assert_eq!(file_bytes(&doc, file, "Fable\u{A0}5"), b"Fable&nbsp;5");
    assert_eq!(
        file_bytes(&doc, file, "\u{201C}appropriate safeguards\u{201D}"),
        b"&ldquo;appropriate safeguards&rdquo;"
    );
    assert_eq!(
        file_bytes(&doc, file, "that OpenAI had"),
        b"that <a href=\"/tag/openai\">OpenAI</a> had"
    );
    // A sentence spanning a paragraph break covers the markup between.
    let across = "worldwide.\n\nCommerce";
    let bytes = std::str::from_utf8(file_bytes(&doc, file, across))?;
    assert!(
        bytes.starts_with("worldwide.</p>") && bytes.ends_with("<p>Commerce"),
        "{bytes}"
    );
    // Boilerplate is gone.
    for gone in [
        "Share on",
        "Advertisement",
        "Subscribe",
        "Related",
        "GPT-5.6",
        "Comments",
        "Most read",
        "Copyright",
        "Privacy",
        "World",
        "not text",
        "dataLayer",
    ] {
        assert!(!doc.text.contains(gone), "{gone} survived");
    }
    Ok(())
}

const ZH_PAGE: &str = r##"<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>美国解除对两款AI模型的禁令_新闻中心</title></head>
<body>
<div id="top"><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/tech">科技</a></div>
<div class="hot-list"><ul><li><a href="/1">热点新闻一：股市今日大涨</a></li><li><a href="/2">热点新闻二：天气预报</a></li></ul></div>
<div id="artibody" class="article-content">
<p>　　新华社华盛顿6月27日电　美国政府27日宣布，解除对Anthropic公司两款人工智能模型的出口管制禁令。</p>
<p>　　美国商务部长在给该公司的信中表示，已经确认&ldquo;适当的保障措施已经到位&rdquo;，但6月12日初始指令中的其他要求仍然有效。</p>
<p>　　分析人士指出，此次解禁对云计算行业是利好消息，相关股票当天上涨4.8%。<br>
　　（完）</p>
<p>责任编辑：张三</p>
</div>
<div class="share">分享到：<a href="#">微博</a> <a href="#">微信</a></div>
<p class="copyright">版权所有 &copy; 2026 新闻中心 未经授权禁止转载</p>
</body></html>"##;

#[test]
fn legacy_encoded_html_with_meta_charset() -> TestResult {
    let (file, _, unmappable) = GBK.encode(ZH_PAGE);
    assert!(!unmappable);
    let (docs, notes) = read("zh/news.htm", &file);
    let doc = &docs[0];
    assert_eq!(doc.status, DocStatus::Ok);
    assert_eq!(doc.encoding, "GBK");
    assert!(notes.is_empty(), "declared and clean: {notes:?}");
    assert_eq!(
        doc.title.as_deref(),
        Some("美国解除对两款AI模型的禁令_新闻中心")
    );
    assert_eq!(doc.lang, Lang::Zh);
    assert_eq!(
        doc.text,
        "新华社华盛顿6月27日电　美国政府27日宣布，解除对Anthropic公司两款人工智能模型的出口管制禁令。\n\n\
         美国商务部长在给该公司的信中表示，已经确认\u{201C}适当的保障措施已经到位\u{201D}，但6月12日初始指令中的其他要求仍然有效。\n\n\
         分析人士指出，此次解禁对云计算行业是利好消息，相关股票当天上涨4.8%。\n（完）\n\n\
         责任编辑：张三"
    );
    for sentence in sentences(&doc.text) {
        if sentence.contains('\u{201C}') {
            continue; // holds references, checked below
        }
        let (expected, _, _) = GBK.encode(sentence);
        assert_eq!(
            file_bytes(doc, &file, sentence),
            &expected[..],
            "{sentence}"
        );
    }
    let (quote, _, _) = GBK.encode("&ldquo;适当的保障措施已经到位&rdquo;");
    assert_eq!(
        file_bytes(doc, &file, "\u{201C}适当的保障措施已经到位\u{201D}"),
        &quote[..]
    );
    Ok(())
}

#[test]
fn japanese_html_without_main_container_hints() {
    // Old-style page: content in a table cell, text split by <br><br>.
    let page = "<html><head><title>規制解除</title></head><body>\
        <table><tr><td class=\"menu\"><a href=\"/\">トップ</a><br><a href=\"/n\">ニュース</a></td>\
        <td>米政府は27日、AIモデル「Fable」の規制を解除したと発表した。<br><br>\
        商務長官は書簡で、適切な安全対策が講じられたことを確認したと述べた。<br><br>\
        一方、6月12日の当初の指令のその他の要件は引き続き有効だという。</td></tr></table>\
        <p>Copyright &copy; 2026 ニュース社 無断転載を禁じます。</p></body></html>";
    let doc = one("ja/old.html", page.as_bytes());
    assert_eq!(doc.status, DocStatus::Ok);
    assert_eq!(doc.lang, Lang::Ja);
    assert_eq!(
        doc.text,
        "米政府は27日、AIモデル「Fable」の規制を解除したと発表した。\n\n\
         商務長官は書簡で、適切な安全対策が講じられたことを確認したと述べた。\n\n\
         一方、6月12日の当初の指令のその他の要件は引き続き有効だという。"
    );
    for sentence in sentences(&doc.text) {
        assert_eq!(
            file_bytes(&doc, page.as_bytes(), sentence),
            sentence.as_bytes()
        );
    }
}

#[test]
fn html_without_text_is_an_error_document() {
    let doc = one(
        "empty.html",
        b"<html><head><title>t</title></head><body><script>x()</script></body></html>",
    );
    assert_eq!(
        doc.status,
        DocStatus::Error(
            "no article text in the HTML (nothing left after removing markup and boilerplate)"
                .into()
        )
    );
    assert_eq!(doc.text, "");
}

#[test]
fn jsonl_lines_become_documents() {
    let lines = [
        r#"{"id": "a1", "title": "美国解除禁令", "text": "美国政府\n宣布解除禁令。\"Fable 5\" \u4e2d\u6587 \ud83d\ude00 end", "url": "https://ex.cn/1", "source": "Xinhua", "lang": "zh", "published": "2026-06-27"}"#,
        "",
        r#"{"text": "米政府は規制を解除した。", "lang": "fr"}"#,
        r#"{"text": "unterminated"#,
        r#"{"body": "The U.S. lifted the ban on Saturday."}"#,
        r#"{"title": "no text here"}"#,
        r#"["not", "an", "object"]"#,
    ];
    let file = lines.join("\r\n") + "\n";
    let bytes = file.as_bytes();
    let (docs, notes) = read("feeds/wire.jsonl", bytes);
    let sources: Vec<&str> = docs.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(
        sources,
        [
            "feeds/wire.jsonl#L1",
            "feeds/wire.jsonl#L3",
            "feeds/wire.jsonl#L4",
            "feeds/wire.jsonl#L5",
            "feeds/wire.jsonl#L6",
            "feeds/wire.jsonl#L7",
        ]
    );
    let first = &docs[0];
    assert_eq!(first.status, DocStatus::Ok);
    assert_eq!(
        first.text,
        "美国政府\n宣布解除禁令。\"Fable 5\" 中文 😀 end"
    );
    assert_eq!(first.title.as_deref(), Some("美国解除禁令"));
    assert_eq!(first.url.as_deref(), Some("https://ex.cn/1"));
    assert_eq!(first.published.as_deref(), Some("2026-06-27"));
    assert_eq!(first.lang, Lang::Zh);
    assert_eq!(first.byte_len, lines[0].len() as u64);
    assert_eq!(
        first.id,
        concord_core::DocId::from_parts(["feeds/wire.jsonl#L1", first.sha256.as_str()])
    );
    // Text bytes map to the JSON string's bytes, escapes included.
    assert_eq!(file_bytes(first, bytes, "美国政府"), "美国政府".as_bytes());
    assert_eq!(
        file_bytes(first, bytes, "政府\n宣布"),
        r"政府\n宣布".as_bytes()
    );
    assert_eq!(file_bytes(first, bytes, "\"Fable 5\""), br#"\"Fable 5\""#);
    assert_eq!(file_bytes(first, bytes, "中文"), br"\u4e2d\u6587");
    assert_eq!(file_bytes(first, bytes, "😀"), br"\ud83d\ude00");
    assert_eq!(file_bytes(first, bytes, " end"), b" end");

    // Line 3: an unknown lang is detected instead, with a note.
    assert_eq!(docs[1].lang, Lang::Ja);
    assert_eq!(docs[1].title.as_deref(), Some("米政府は規制を解除した。"));
    let line3 = lines[..2].iter().map(|l| l.len() + 2).sum::<usize>();
    assert_eq!(
        docs[1].file_span(Span::new(0, docs[1].text.len())),
        Span::new(line3 + 10, line3 + 10 + "米政府は規制を解除した。".len())
    );
    assert_eq!(
        notes,
        [IngestNote {
            source: "feeds/wire.jsonl#L3".into(),
            message: "unknown lang \"fr\"; the language was detected from the text".into(),
        }]
    );

    // Bad lines are error documents naming the line; the run goes on.
    let errors: Vec<(&str, &DocStatus)> = docs
        .iter()
        .map(|d| (d.source.as_str(), &d.status))
        .filter(|(_, s)| **s != DocStatus::Ok)
        .collect();
    assert_eq!(
        errors,
        [
            (
                "feeds/wire.jsonl#L4",
                &DocStatus::Error(
                    "line 4: invalid JSON at column 22: EOF while parsing a string".into()
                )
            ),
            (
                "feeds/wire.jsonl#L6",
                &DocStatus::Error(
                    "line 6: no text: none of the fields `text`, `body`, `content`".into()
                )
            ),
            (
                "feeds/wire.jsonl#L7",
                &DocStatus::Error("line 7: expected a JSON object, found an array".into())
            ),
        ]
    );
    let bad = &docs[2];
    assert_eq!(bad.byte_len, lines[3].len() as u64);
    assert_eq!(bad.text, "");
    assert_eq!(docs[3].lang, Lang::En);
    assert_eq!(docs[3].text, "The U.S. lifted the ban on Saturday.");
}

#[test]
fn jsonl_in_a_legacy_encoding_maps_through_both_layers() {
    let line = "{\"text\": \"商務省は\\n規制を解除した。\", \"lang\": \"ja\"}\n";
    let three = line.repeat(3);
    let (file, _, _) = SHIFT_JIS.encode(&three);
    let (docs, _) = read("sjis.jsonl", &file);
    assert_eq!(docs.len(), 3);
    for doc in &docs {
        assert_eq!(doc.status, DocStatus::Ok);
        assert_eq!(doc.encoding, "Shift_JIS");
        assert_eq!(doc.text, "商務省は\n規制を解除した。");
        let (expected, _, _) = SHIFT_JIS.encode("商務省は\\n規制");
        assert_eq!(file_bytes(doc, &file, "商務省は\n規制"), &expected[..]);
    }
    assert_ne!(
        docs[0].file_span(Span::new(0, 3)),
        docs[1].file_span(Span::new(0, 3))
    );
}

#[test]
fn utf8_text_files_keep_no_map() {
    let doc = one("plain.txt", JA.as_bytes());
    assert_eq!(doc.file_map, None);
    assert_eq!(doc.text, JA);
    assert_eq!(doc.encoding, "UTF-8");
}

#[test]
fn markdown_loses_its_markup_and_maps_back() {
    let file = "# 商务部发布**出口管制**指令\n\n\
                *作者：王芳* | [首页](https://example.cn)\n\n\
                商务部在**6月12日**下达了[出口管制指令](https://example.cn/a)。\n\n\
                > 「会談は`来週`再開される」と[外務省](https://example.jp)は述べた。\n\n\
                - The ban covers **GPT-5.6** and Opus 4.8.\n\
                - Fines reach $1.4 trillion &amp; more.\n";
    let doc = one("news/ban.md", file.as_bytes());
    assert_eq!(doc.status, DocStatus::Ok);
    assert_eq!(doc.title.as_deref(), Some("商务部发布出口管制指令"));
    for markup in ["**", "](", "# ", "> ", "- ", "`", "&amp;"] {
        assert!(
            !doc.text.contains(markup),
            "{markup:?} left in {:?}",
            doc.text
        );
    }
    assert!(doc.text.contains("商务部在6月12日下达了出口管制指令。"));
    assert!(doc.text.contains("The ban covers GPT-5.6 and Opus 4.8."));
    // Spans point at the file's bytes, in every language.
    for needle in ["6月12日", "来週", "外務省", "GPT-5.6", "$1.4 trillion"] {
        assert_eq!(file_bytes(&doc, file.as_bytes(), needle), needle.as_bytes());
    }
    assert_eq!(file_bytes(&doc, file.as_bytes(), "& more"), b"&amp; more");
    // Markdown that is nothing but markup is an error document.
    let empty = one(
        "news/empty.md",
        b"![chart](img.png)\n\n[ref]: https://example.com\n",
    );
    assert!(matches!(empty.status, DocStatus::Error(ref m) if m.contains("Markdown")));
}
