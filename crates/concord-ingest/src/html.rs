//! HTML → article text, with a byte map back to the markup.
//!
//! A small tolerant tokenizer builds a light tree (implied end tags for `p`,
//! `li`, table cells and the like; raw-text elements skipped whole). Main
//! content is found the way Mozilla's Readability does it: paragraphs score
//! by length and comma count, the score flows to their parent and
//! grandparents, class/id hints (`article`, `content` vs `nav`, `share`,
//! `related`, `ad`, …) add or subtract, link density discounts, and the best
//! container is kept together with its siblings that score close to it.
//! The kept blocks then pass a paragraph filter (short link-heavy lines,
//! copyright / subscribe / share lines).
//!
//! Every byte of the extracted text is mapped to the bytes it came from:
//! text runs are copied verbatim, character references map to the whole
//! reference, a collapsed white-space run maps to the run, and inserted line
//! breaks map to an empty range where the markup was.

use concord_core::FileMap;
use std::collections::HashMap;

/// Deeper elements are kept flat (appended to the element at this depth), so
/// that hostile nesting cannot blow the stack of the recursive walks.
const MAX_DEPTH: usize = 200;

/// Attributes kept per element (the rest are parsed and dropped).
const MAX_ATTRS: usize = 32;

/// Minimum weighted length of a paragraph that counts for scoring.
const MIN_PARAGRAPH: usize = 25;

/// Weighted length under which a strict extraction is retried without the
/// class-name and `<form>` stripping.
const RETRY_BELOW: usize = 500;

/// What [`extract`] found.
#[derive(Debug, Default)]
pub(crate) struct HtmlDoc {
    /// The article text: blocks separated by `"\n\n"`, `<br>` as `"\n"`.
    pub(crate) text: String,
    /// Text offsets → offsets in the HTML source string.
    pub(crate) map: FileMap,
    /// `<title>`, `og:title` or the first `<h1>`.
    pub(crate) title: Option<String>,
    /// `<link rel=canonical>` or `og:url`.
    pub(crate) url: Option<String>,
    /// `article:published_time` or the first `<time datetime>`.
    pub(crate) published: Option<String>,
    /// No main-content container was found; the whole body was kept.
    pub(crate) whole_body: bool,
}

/// Extract the main content of the HTML document `src`.
pub(crate) fn extract(src: &str) -> HtmlDoc {
    let dom = Dom::parse(src);
    let strict = Extraction::run(&dom, src, true);
    let best = if strict.weight >= RETRY_BELOW {
        strict
    } else {
        let loose = Extraction::run(&dom, src, false);
        if loose.weight > 2 * strict.weight {
            loose
        } else {
            strict
        }
    };
    let (text, map) = best.join();
    let meta = dom.metadata(src);
    let title = meta
        .title
        .or(meta.og_title)
        .or_else(|| {
            first_h1(&dom)
                .and_then(|h| single_block(&dom, src, h))
                .map(|b| b.text)
        })
        .filter(|t| !t.is_empty());
    HtmlDoc {
        text,
        map,
        title,
        url: meta.canonical.or(meta.og_url).filter(|u| !u.is_empty()),
        published: meta.published.or(meta.time).filter(|p| !p.is_empty()),
        whole_body: best.whole_body,
    }
}

// ---------------------------------------------------------------------------
// Tree

#[derive(Debug)]
enum Kind {
    Element {
        tag: String,
        attrs: Vec<(String, String)>,
    },
    Text {
        start: usize,
        end: usize,
    },
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    /// Byte offset of the node in the source (tag start or text start).
    pos: usize,
    parent: usize,
    children: Vec<usize>,
}

/// The parsed document. Node 0 is the root; parents always come before their
/// children, so reverse index order is a post-order.
#[derive(Debug)]
struct Dom {
    nodes: Vec<Node>,
    /// Source range of the first `<title>`'s content.
    title: Option<(usize, usize)>,
}

/// Elements with no content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is not markup: skipped whole (`title` is read).
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "noscript", "template", "xmp", "iframe", "noembed",
    "noframes",
];

/// Elements whose start tag closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dd",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Elements that start a new line of text.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements never part of an article.
const SKIP: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "button", "select", "option", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "map", "dialog", "input", "textarea", "label", "menu",
];

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

impl Dom {
    fn tag(&self, i: usize) -> Option<&str> {
        match &self.nodes.get(i)?.kind {
            Kind::Element { tag, .. } => Some(tag),
            Kind::Text { .. } => None,
        }
    }

    fn attr(&self, i: usize, name: &str) -> Option<&str> {
        match &self.nodes.get(i)?.kind {
            Kind::Element { attrs, .. } => attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str()),
            Kind::Text { .. } => None,
        }
    }

    fn parse(src: &str) -> Dom {
        let mut p = Parser {
            src,
            b: src.as_bytes(),
            dom: Dom {
                nodes: vec![Node {
                    kind: Kind::Element {
                        tag: "#root".to_owned(),
                        attrs: Vec::new(),
                    },
                    pos: 0,
                    parent: 0,
                    children: Vec::new(),
                }],
                title: None,
            },
            stack: vec![0],
        };
        p.run();
        p.dom
    }
}

struct Parser<'s> {
    src: &'s str,
    b: &'s [u8],
    dom: Dom,
    stack: Vec<usize>,
}

/// A parsed tag.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    end: bool,
    /// One past the `>`.
    next: usize,
}

impl Parser<'_> {
    fn current(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }

    fn add(&mut self, kind: Kind, pos: usize) -> usize {
        let parent = self.current();
        let id = self.dom.nodes.len();
        self.dom.nodes.push(Node {
            kind,
            pos,
            parent,
            children: Vec::new(),
        });
        if let Some(p) = self.dom.nodes.get_mut(parent) {
            p.children.push(id);
        }
        id
    }

    fn text(&mut self, start: usize, end: usize) {
        if start < end {
            self.add(Kind::Text { start, end }, start);
        }
    }

    fn run(&mut self) {
        let len = self.b.len();
        let mut i = 0usize;
        let mut text_start = 0usize;
        while i < len {
            let Some(lt) = self
                .b
                .get(i..)
                .and_then(|s| s.iter().position(|&c| c == b'<'))
            else {
                break;
            };
            i += lt;
            let next = self.b.get(i + 1).copied().unwrap_or(0);
            let after = self.b.get(i + 2).copied().unwrap_or(0);
            if next == b'!' || next == b'?' || (next == b'/' && !after.is_ascii_alphabetic()) {
                self.text(text_start, i);
                i = self.skip_markup_declaration(i);
                text_start = i;
            } else if next.is_ascii_alphabetic() || (next == b'/' && after.is_ascii_alphabetic()) {
                let Some(tag) = self.parse_tag(i) else {
                    // A tag cut off by the end of the file: dropped.
                    self.text(text_start, i);
                    text_start = len;
                    break;
                };
                self.text(text_start, i);
                i = self.handle(tag, i);
                text_start = i;
            } else {
                i += 1;
            }
        }
        self.text(text_start, len);
    }

    /// `<!-- -->`, `<!DOCTYPE>`, `<![CDATA[ ]]>`, `<?…>`, `</ …>`: skipped.
    fn skip_markup_declaration(&self, i: usize) -> usize {
        let rest = self.b.get(i..).unwrap_or_default();
        let len = self.b.len();
        if rest.starts_with(b"<!--") {
            return find_bytes(self.b, b"-->", i + 4).map_or(len, |p| p + 3);
        }
        if rest.starts_with(b"<![CDATA[") {
            return find_bytes(self.b, b"]]>", i + 9).map_or(len, |p| p + 3);
        }
        find_bytes(self.b, b">", i + 1).map_or(len, |p| p + 1)
    }

    fn parse_tag(&self, i: usize) -> Option<Tag> {
        let b = self.b;
        let mut j = i + 1;
        let end = b.get(j) == Some(&b'/');
        if end {
            j += 1;
        }
        let name_start = j;
        while b
            .get(j)
            .is_some_and(|&c| !c.is_ascii_whitespace() && c != b'/' && c != b'>')
        {
            j += 1;
        }
        let name = self.src.get(name_start..j)?.to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while b
                .get(j)
                .is_some_and(|&c| c.is_ascii_whitespace() || c == b'/')
            {
                j += 1;
            }
            match b.get(j) {
                None => return None,
                Some(b'>') => {
                    return Some(Tag {
                        name,
                        attrs,
                        end,
                        next: j + 1,
                    })
                }
                Some(_) => {}
            }
            let an_start = j;
            j += 1; // the first character may be '='
            while b
                .get(j)
                .is_some_and(|&c| !c.is_ascii_whitespace() && c != b'/' && c != b'>' && c != b'=')
            {
                j += 1;
            }
            let attr_name = self.src.get(an_start..j)?.to_ascii_lowercase();
            let mut k = j;
            while b.get(k).is_some_and(u8::is_ascii_whitespace) {
                k += 1;
            }
            let mut value = String::new();
            if b.get(k) == Some(&b'=') {
                k += 1;
                while b.get(k).is_some_and(u8::is_ascii_whitespace) {
                    k += 1;
                }
                let (v_start, v_end) = match b.get(k) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let close = find_bytes(b, &[q], k + 1)?;
                        j = close + 1;
                        (k + 1, close)
                    }
                    _ => {
                        let mut e = k;
                        while b
                            .get(e)
                            .is_some_and(|&c| !c.is_ascii_whitespace() && c != b'>')
                        {
                            e += 1;
                        }
                        j = e;
                        (k, e)
                    }
                };
                value = decode_attr(self.src.get(v_start..v_end)?);
            }
            if !end && attrs.len() < MAX_ATTRS && !attrs.iter().any(|(n, _)| *n == attr_name) {
                attrs.push((attr_name, value));
            }
        }
    }

    /// Apply `tag` (at `i`); returns where parsing resumes.
    fn handle(&mut self, tag: Tag, i: usize) -> usize {
        if tag.end {
            self.end_tag(&tag.name, i);
            return tag.next;
        }
        let name = tag.name.as_str();
        self.implied_end_tags(name);
        let raw = RAW_TEXT.contains(&name);
        let void = VOID.contains(&name);
        let id = self.add(
            Kind::Element {
                tag: tag.name.clone(),
                attrs: tag.attrs,
            },
            i,
        );
        if raw {
            let (content_end, resume) = self.raw_text_end(&tag.name, tag.next);
            if tag.name == "title" && self.dom.title.is_none() {
                self.dom.title = Some((tag.next, content_end));
            }
            return resume;
        }
        if !void && self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        }
        tag.next
    }

    /// End of the content of a raw-text element and the offset after its
    /// end tag (the end of the file when it is not closed).
    fn raw_text_end(&self, name: &str, from: usize) -> (usize, usize) {
        let len = self.b.len();
        let mut at = from;
        while let Some(p) = find_bytes(self.b, b"</", at) {
            let name_end = p + 2 + name.len();
            let matches = self
                .b
                .get(p + 2..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
            let delimited = self
                .b
                .get(name_end)
                .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>');
            if matches && delimited {
                let resume = find_bytes(self.b, b">", name_end).map_or(len, |q| q + 1);
                return (p, resume);
            }
            at = p + 2;
        }
        (len, len)
    }

    /// Pop up to and including the innermost open element in `targets`,
    /// not looking past an element in `boundaries`.
    fn close(&mut self, targets: &[&str], boundaries: &[&str]) {
        for k in (1..self.stack.len()).rev() {
            let Some(tag) = self.stack.get(k).and_then(|&n| self.dom.tag(n)) else {
                continue;
            };
            if targets.contains(&tag) {
                self.stack.truncate(k);
                return;
            }
            if boundaries.contains(&tag) {
                return;
            }
        }
    }

    fn implied_end_tags(&mut self, name: &str) {
        const SCOPE: &[&str] = &[
            "table", "td", "th", "caption", "html", "button", "object", "marquee", "applet",
            "template",
        ];
        if CLOSES_P.contains(&name) {
            self.close(&["p"], SCOPE);
        }
        match name {
            "li" => self.close(&["li"], &["ul", "ol", "menu", "table"]),
            "dt" | "dd" => self.close(&["dt", "dd"], &["dl", "table"]),
            "tr" => self.close(&["tr", "td", "th"], &["table", "tbody", "thead", "tfoot"]),
            "td" | "th" => self.close(&["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => self.close(&["thead", "tbody", "tfoot"], &["table"]),
            "option" => self.close(&["option"], &["select", "datalist"]),
            "a" => self.close(&["a"], SCOPE),
            _ if is_heading(name) && self.dom.tag(self.current()).is_some_and(is_heading) => {
                self.stack.pop();
            }
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str, i: usize) {
        match name {
            // `</br>` is a `<br>`; `</p>` without an open `<p>` is nothing.
            "br" => {
                self.add(
                    Kind::Element {
                        tag: "br".to_owned(),
                        attrs: Vec::new(),
                    },
                    i,
                );
            }
            "body" | "html" => {}
            _ => self.close(&[name], &[]),
        }
    }
}

fn find_bytes(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from);
    }
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

// ---------------------------------------------------------------------------
// Character references

/// Named references we decode; the rest are left as written.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwsp", '\u{200B}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("shy", '\u{AD}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("minus", '−'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("middot", '·'),
    ("bull", '•'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("times", '×'),
    ("divide", '÷'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("micro", 'µ'),
    ("para", '¶'),
    ("sect", '§'),
    ("cent", '¢'),
    ("pound", '£'),
    ("yen", '¥'),
    ("euro", '€'),
    ("curren", '¤'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("hearts", '♥'),
    ("star", '☆'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("aring", 'å'),
    ("aelig", 'æ'),
    ("ccedil", 'ç'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("euml", 'ë'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iuml", 'ï'),
    ("ntilde", 'ñ'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("oslash", 'ø'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("yuml", 'ÿ'),
    ("szlig", 'ß'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Auml", 'Ä'),
    ("Aring", 'Å'),
    ("AElig", 'Æ'),
    ("Ccedil", 'Ç'),
    ("Eacute", 'É'),
    ("Egrave", 'È'),
    ("Ntilde", 'Ñ'),
    ("Ouml", 'Ö'),
    ("Oslash", 'Ø'),
    ("Uuml", 'Ü'),
];

/// Named references browsers also accept without the `;`.
const LEGACY: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"];

/// The character reference at the start of `s` (which begins with `&`):
/// its character and its length in bytes.
fn char_ref(s: &str, in_attr: bool) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let digits_start = if hex { 3 } else { 2 };
        let mut j = digits_start;
        let mut value: u32 = 0;
        while let Some(d) = b
            .get(j)
            .and_then(|&c| (c as char).to_digit(if hex { 16 } else { 10 }))
        {
            value = value
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            j += 1;
        }
        if j == digits_start {
            return None;
        }
        if b.get(j) == Some(&b';') {
            j += 1;
        }
        return Some((numeric_char(value), j));
    }
    let name_len = b
        .get(1..)?
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = s.get(1..1 + name_len)?;
    if b.get(1 + name_len) == Some(&b';') {
        let c = NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)?;
        return Some((c, name_len + 2));
    }
    // Without `;`: only the legacy names, as a prefix.
    for legacy in LEGACY {
        if name.starts_with(legacy) {
            let next = b.get(1 + legacy.len()).copied();
            if in_attr && next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'=') {
                return None;
            }
            let c = NAMED.iter().find(|(n, _)| n == legacy).map(|&(_, c)| c)?;
            return Some((c, legacy.len() + 1));
        }
    }
    None
}

/// The character of a numeric reference, as browsers read it.
fn numeric_char(value: u32) -> char {
    if (0x80..=0x9F).contains(&value) {
        // The C1 range means windows-1252.
        let byte = u8::try_from(value).unwrap_or(b'?');
        let bytes = [byte];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
        return s.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
    }
    match char::from_u32(value) {
        Some('\0') | None => char::REPLACEMENT_CHARACTER,
        Some(c) => c,
    }
}

/// An attribute value with its references decoded.
fn decode_attr(raw: &str) -> String {
    decode_text(raw, true)
}

fn decode_text(raw: &str, in_attr: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let tail = rest.get(amp..).unwrap_or_default();
        match char_ref(tail, in_attr) {
            Some((c, len)) => {
                out.push(c);
                rest = tail.get(len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// `raw` with references decoded and white space collapsed and trimmed.
fn collapse(raw: &str) -> String {
    decode_text(raw, false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------
// Scoring

/// Characters that count as commas for scoring.
fn is_comma(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | '､' | '﹐' | '﹑' | '،')
}

/// Whether `c` is set without spaces between words (CJK, kana, full width).
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Length of text for scoring: a CJK character carries about as much as
/// two Latin ones; white space counts nothing.
fn weight(c: char) -> usize {
    if c.is_whitespace() {
        0
    } else if is_wide(c) {
        2
    } else {
        1
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    /// Weighted text length.
    text: usize,
    /// Weighted length of text inside links.
    link: usize,
    commas: usize,
}

impl Stats {
    fn link_density(&self) -> f64 {
        if self.text == 0 {
            0.0
        } else {
            self.link as f64 / self.text as f64
        }
    }
}

/// Class/id words that mark boilerplate (matched as substrings of a word).
const NEGATIVE: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "sidebar",
    "footer",
    "menu",
    "navbar",
    "navigation",
    "breadcrumb",
    "pagination",
    "pager",
    "popup",
    "modal",
    "subscribe",
    "newsletter",
    "sponsor",
    "advert",
    "promo",
    "banner",
    "cookie",
    "widget",
    "toolbar",
    "masthead",
    "recommend",
    "trending",
    "disqus",
    "outbrain",
    "taboola",
    "login",
    "signup",
    "consent",
    "gdpr",
    "byline-share",
    "copyright",
    "hotnews",
    "rank",
];

/// Class/id words that mark boilerplate only as whole words.
const NEGATIVE_WORDS: &[&str] = &[
    "ad", "ads", "adv", "gg", "nav", "tag", "tags", "tool", "tools", "more", "hot", "foot",
];

/// Class/id words that mark content (substrings).
const POSITIVE: &[&str] = &[
    "article", "content", "main", "body", "story", "post", "entry", "text", "detail", "blog",
    "editor",
];

/// Class/id words that mark content only as whole words.
const POSITIVE_WORDS: &[&str] = &["zw", "cont", "news"];

/// ARIA roles of non-content regions.
const SKIP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alert",
    "toolbar",
];

/// -1, 0 or 1: what the class and id of element `i` say about it.
fn class_hint(dom: &Dom, i: usize) -> i32 {
    let mut negative = false;
    let mut positive = false;
    for name in ["class", "id"] {
        let Some(value) = dom.attr(i, name) else {
            continue;
        };
        let lower = value.to_lowercase();
        for word in lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            negative |= NEGATIVE.iter().any(|n| word.contains(n)) || NEGATIVE_WORDS.contains(&word);
            positive |= POSITIVE.iter().any(|p| word.contains(p)) || POSITIVE_WORDS.contains(&word);
        }
    }
    i32::from(positive) - i32::from(negative)
}

fn is_hidden(dom: &Dom, i: usize) -> bool {
    if dom.attr(i, "hidden").is_some() || dom.attr(i, "aria-hidden") == Some("true") {
        return true;
    }
    dom.attr(i, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Whether element `i` (and so all it holds) is left out.
fn skip_self(dom: &Dom, i: usize, strict: bool) -> bool {
    let Some(tag) = dom.tag(i) else {
        return false;
    };
    if SKIP.contains(&tag) || (strict && tag == "form") || is_hidden(dom, i) {
        return true;
    }
    if dom
        .attr(i, "role")
        .is_some_and(|r| SKIP_ROLES.contains(&r.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    strict
        && !matches!(tag, "html" | "body" | "article" | "main" | "#root")
        && class_hint(dom, i) < 0
}

fn initial_score(dom: &Dom, i: usize) -> f64 {
    let by_tag = match dom.tag(i).unwrap_or_default() {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        t if is_heading(t) || t == "th" => -5.0,
        _ => 0.0,
    };
    by_tag + 25.0 * f64::from(class_hint(dom, i))
}

// ---------------------------------------------------------------------------
// Extraction

/// One paragraph of output.
#[derive(Debug, Default, Clone)]
struct Block {
    text: String,
    /// (text length, source start, source length) per piece, in order.
    pieces: Vec<(usize, usize, usize)>,
    link: usize,
}

impl Block {
    fn push(&mut self, s: &str, src_start: usize, src_len: usize) {
        if s.is_empty() {
            return;
        }
        self.text.push_str(s);
        self.pieces.push((s.len(), src_start, src_len));
    }

    fn weight(&self) -> usize {
        self.text.chars().map(weight).sum()
    }

    /// Source offset just past the block's last piece.
    fn src_end(&self) -> usize {
        self.pieces
            .iter()
            .map(|&(_, s, l)| s + l)
            .max()
            .unwrap_or(0)
    }

    fn src_start(&self) -> usize {
        self.pieces.first().map_or(0, |&(_, s, _)| s)
    }

    /// Trim white space at both ends, cutting the pieces to match.
    fn trim(&mut self) {
        self.trim_start();
        self.trim_end(char::is_whitespace);
    }

    fn trim_start(&mut self) {
        let lead = self.text.len() - self.text.trim_start().len();
        let mut cut = lead;
        while cut > 0 {
            let Some(first) = self.pieces.first_mut() else {
                break;
            };
            if first.0 <= cut {
                cut -= first.0;
                self.pieces.remove(0);
            } else {
                if first.0 == first.2 {
                    first.1 += cut;
                    first.2 -= cut;
                }
                first.0 -= cut;
                cut = 0;
            }
        }
        self.text.drain(..lead);
    }

    fn trim_end(&mut self, blank: impl Fn(char) -> bool) {
        let trail = self.text.len() - self.text.trim_end_matches(blank).len();
        let mut cut = trail;
        while cut > 0 {
            let Some(last) = self.pieces.last_mut() else {
                break;
            };
            if last.0 <= cut {
                cut -= last.0;
                self.pieces.pop();
            } else {
                if last.0 == last.2 {
                    last.2 -= cut;
                }
                last.0 -= cut;
                cut = 0;
            }
        }
        let keep = self.text.len() - trail;
        self.text.truncate(keep);
    }
}

/// Walks kept nodes and produces blocks.
struct Emitter<'a> {
    dom: &'a Dom,
    src: &'a str,
    skipped: &'a [bool],
    blocks: Vec<Block>,
    cur: Block,
    /// A white-space run waiting to become a space: (start, end, newline).
    pending_ws: Option<(usize, usize, bool)>,
    links: u32,
    pre: u32,
    /// Node ids emitted.
    emitted: Vec<bool>,
}

impl<'a> Emitter<'a> {
    fn new(dom: &'a Dom, src: &'a str, skipped: &'a [bool]) -> Self {
        Self {
            dom,
            src,
            skipped,
            blocks: Vec::new(),
            cur: Block::default(),
            pending_ws: None,
            links: 0,
            pre: 0,
            emitted: vec![false; dom.nodes.len()],
        }
    }

    fn node(&mut self, i: usize, depth: usize) {
        if self.skipped.get(i).copied().unwrap_or(true) || depth > MAX_DEPTH + 8 {
            return;
        }
        if let Some(e) = self.emitted.get_mut(i) {
            *e = true;
        }
        let Some(node) = self.dom.nodes.get(i) else {
            return;
        };
        match &node.kind {
            Kind::Text { start, end } => self.text(*start, *end),
            Kind::Element { tag, .. } => {
                let tag = tag.as_str();
                if tag == "br" {
                    self.line_break(node.pos);
                    return;
                }
                let block = BLOCK.contains(&tag);
                if block {
                    self.end_block();
                }
                let (link, pre) = (tag == "a", matches!(tag, "pre" | "listing" | "plaintext"));
                self.links += u32::from(link);
                self.pre += u32::from(pre);
                for &child in &node.children {
                    self.node(child, depth + 1);
                }
                self.links -= u32::from(link);
                self.pre -= u32::from(pre);
                if block {
                    self.end_block();
                } else if tag == "img" && self.pending_ws.is_none() {
                    // An inline image separates words like a space would.
                    self.pending_ws = Some((node.pos, node.pos, false));
                }
            }
        }
    }

    fn text(&mut self, start: usize, end: usize) {
        let src = self.src;
        let mut i = start;
        while i < end {
            let rest = src.get(i..end).unwrap_or_default();
            let b = rest.as_bytes().first().copied().unwrap_or(0);
            if is_html_ws(b) {
                let n = rest.bytes().take_while(|&c| is_html_ws(c)).count();
                let newline = rest.get(..n).is_some_and(|w| w.contains(['\n', '\r']));
                self.ws(i, i + n, newline);
                i += n;
            } else if b == b'&' {
                match char_ref(rest, false) {
                    Some((c, len)) if c.is_ascii_whitespace() => {
                        self.ws(i, i + len, c == '\n');
                        i += len;
                    }
                    Some((c, len)) => {
                        let mut buf = [0u8; 4];
                        self.word(c.encode_utf8(&mut buf), i, len);
                        i += len;
                    }
                    None => {
                        self.word("&", i, 1);
                        i += 1;
                    }
                }
            } else {
                let n = rest
                    .bytes()
                    .take_while(|&c| !is_html_ws(c) && c != b'&')
                    .count();
                self.word(rest.get(..n).unwrap_or_default(), i, n);
                i += n;
            }
        }
    }

    fn ws(&mut self, start: usize, end: usize, newline: bool) {
        if self.pre > 0 {
            let s = self.src.get(start..end).unwrap_or_default();
            if s.starts_with('&') {
                // A reference in <pre>: its character, mapped to it.
                if let Some((c, _)) = char_ref(s, false) {
                    let mut buf = [0u8; 4];
                    self.word_raw(c.encode_utf8(&mut buf), start, end - start);
                }
            } else {
                self.word_raw(s, start, end - start);
            }
            return;
        }
        match &mut self.pending_ws {
            Some((_, _, nl)) => *nl |= newline,
            None => self.pending_ws = Some((start, end, newline)),
        }
    }

    fn word(&mut self, s: &str, src_start: usize, src_len: usize) {
        let last = self.cur.text.chars().next_back();
        let at_line_start = last.is_none_or(|c| c == '\n');
        let (s, src_start, src_len) = if at_line_start && self.pre == 0 {
            // Indentation (U+3000, &nbsp;) at the start of a line goes.
            let trimmed = s.trim_start();
            let cut = s.len() - trimmed.len();
            if trimmed.is_empty() {
                return;
            }
            if cut > 0 && src_len == s.len() {
                (trimmed, src_start + cut, src_len - cut)
            } else {
                (trimmed, src_start, src_len)
            }
        } else {
            (s, src_start, src_len)
        };
        if let Some((ws_start, ws_end, newline)) = self.pending_ws.take() {
            let cjk_join =
                newline && last.is_some_and(is_wide) && s.chars().next().is_some_and(is_wide);
            if !at_line_start && !cjk_join {
                self.cur.push(" ", ws_start, ws_end - ws_start);
            }
        }
        self.word_raw(s, src_start, src_len);
    }

    fn word_raw(&mut self, s: &str, src_start: usize, src_len: usize) {
        if self.links > 0 {
            self.cur.link += s.chars().map(weight).sum::<usize>();
        }
        self.cur.push(s, src_start, src_len);
    }

    fn line_break(&mut self, pos: usize) {
        self.pending_ws = None;
        if self.pre == 0 {
            self.cur.trim_end(|c: char| c.is_whitespace() && c != '\n');
        }
        if self.cur.text.ends_with('\n') {
            // Two line breaks in a row separate paragraphs.
            self.end_block();
        } else if !self.cur.text.is_empty() {
            self.cur.push("\n", pos, 0);
        }
    }

    fn end_block(&mut self) {
        self.pending_ws = None;
        let mut block = std::mem::take(&mut self.cur);
        block.trim();
        if !block.text.is_empty() {
            self.blocks.push(block);
        }
    }

    fn finish(mut self) -> (Vec<Block>, Vec<bool>) {
        self.end_block();
        (self.blocks, self.emitted)
    }
}

fn is_html_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

/// Boilerplate phrases (lower case) that condemn a short paragraph.
const BOILERPLATE: &[&str] = &[
    "©",
    "all rights reserved",
    "copyright (c)",
    "subscribe to",
    "subscribe now",
    "subscribe for",
    "sign up for",
    "newsletter",
    "share this",
    "share on",
    "share article",
    "follow us",
    "click here",
    "related articles",
    "related stories",
    "you may also like",
    "recommended for you",
    "版权所有",
    "版權所有",
    "未经授权",
    "未經授權",
    "禁止转载",
    "不得转载",
    "转载请注明",
    "轉載請註明",
    "分享到",
    "点击订阅",
    "扫码关注",
    "关注我们",
    "相关阅读",
    "相關閱讀",
    "相关文章",
    "相關文章",
    "推荐阅读",
    "推薦閱讀",
    "無断転載",
    "無断複製",
    "関連記事",
    "この記事をシェア",
    "シェアする",
    "フォローする",
    "おすすめ記事",
];

/// Whole paragraphs that are labels, not text.
const LABELS: &[&str] = &[
    "advertisement",
    "ad",
    "ads",
    "sponsored",
    "share",
    "tweet",
    "广告",
    "廣告",
    "広告",
    "pr",
    "分享",
    "シェア",
    "推广",
];

/// Whether a paragraph is boilerplate: a short link-heavy line, a label, or
/// a short copyright / subscribe / share line.
fn is_boilerplate(block: &Block) -> bool {
    let w = block.weight();
    if w == 0 {
        return true;
    }
    let density = block.link as f64 / w as f64;
    if (density > 0.5 && w < 160) || density > 0.8 {
        return true;
    }
    let lower = block.text.to_lowercase();
    if LABELS.contains(&lower.trim()) {
        return true;
    }
    w < 200 && (lower.starts_with("copyright") || BOILERPLATE.iter().any(|p| lower.contains(p)))
}

/// The result of one extraction attempt.
struct Extraction {
    blocks: Vec<Block>,
    headline: Option<Block>,
    weight: usize,
    whole_body: bool,
}

impl Extraction {
    fn run(dom: &Dom, src: &str, strict: bool) -> Extraction {
        let n = dom.nodes.len();
        let mut skipped = vec![false; n];
        for i in 1..n {
            let parent = dom.nodes.get(i).map_or(0, |node| node.parent);
            skipped[i] = skipped.get(parent).copied().unwrap_or(false) || skip_self(dom, i, strict);
        }
        let stats = node_stats(dom, src, &skipped);
        let scores = score(dom, &skipped, &stats);
        let top = scores
            .iter()
            .map(|(&i, &s)| {
                let final_score = s * (1.0 - stats.get(i).map_or(0.0, Stats::link_density));
                (i, final_score)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let (roots, whole_body) = match top {
            Some((top, top_score)) => (
                siblings(dom, src, &skipped, &stats, &scores, top, top_score),
                false,
            ),
            None => (vec![body(dom)], true),
        };
        let mut emitter = Emitter::new(dom, src, &skipped);
        for &r in &roots {
            emitter.node(r, 0);
        }
        let (blocks, emitted) = emitter.finish();
        let blocks: Vec<Block> = blocks.into_iter().filter(|b| !is_boilerplate(b)).collect();
        let headline = headline(dom, src, &emitted, blocks.first());
        let weight = blocks.iter().map(Block::weight).sum();
        Extraction {
            blocks,
            headline,
            weight,
            whole_body,
        }
    }

    /// The text and its map (offsets in the HTML source).
    fn join(&self) -> (String, FileMap) {
        let mut text = String::new();
        let mut map = FileMap::new();
        let mut prev_end: Option<usize> = None;
        for block in self.headline.iter().chain(&self.blocks) {
            if let Some(end) = prev_end {
                text.push_str("\n\n");
                map.push(2, end, 0);
            }
            text.push_str(&block.text);
            for &(len, start, src_len) in &block.pieces {
                map.push(len, start, src_len);
            }
            prev_end = Some(block.src_end().max(prev_end.unwrap_or(0)));
        }
        (text, map)
    }
}

/// The `<body>`, or the root when there is none.
fn body(dom: &Dom) -> usize {
    (0..dom.nodes.len())
        .find(|&i| dom.tag(i) == Some("body"))
        .unwrap_or(0)
}

/// Per-node text statistics over the nodes that are not skipped.
fn node_stats(dom: &Dom, src: &str, skipped: &[bool]) -> Vec<Stats> {
    let n = dom.nodes.len();
    let mut stats = vec![Stats::default(); n];
    for i in (1..n).rev() {
        if skipped.get(i).copied().unwrap_or(true) {
            continue;
        }
        let Some(node) = dom.nodes.get(i) else {
            continue;
        };
        if let Kind::Text { start, end } = node.kind {
            let text = src.get(start..end).unwrap_or_default();
            if let Some(s) = stats.get_mut(i) {
                s.text = text.chars().map(weight).sum();
                s.commas = text.chars().filter(|&c| is_comma(c)).count();
            }
        }
        let mine = stats.get(i).copied().unwrap_or_default();
        let is_link = dom.tag(i) == Some("a");
        if let Some(p) = stats.get_mut(node.parent) {
            p.text += mine.text;
            p.commas += mine.commas;
            p.link += if is_link { mine.text } else { mine.link };
        }
    }
    stats
}

/// Whether element `i` counts as a paragraph for scoring.
fn is_paragraph(dom: &Dom, i: usize) -> bool {
    match dom.tag(i) {
        Some("p" | "pre" | "td" | "blockquote") => true,
        Some("div" | "section" | "article") => dom.nodes.get(i).is_some_and(|node| {
            !node
                .children
                .iter()
                .any(|&c| dom.tag(c).is_some_and(|t| BLOCK.contains(&t)))
        }),
        _ => false,
    }
}

/// Readability's content scores of the ancestors of paragraphs.
fn score(dom: &Dom, skipped: &[bool], stats: &[Stats]) -> HashMap<usize, f64> {
    let mut scores: HashMap<usize, f64> = HashMap::new();
    for i in 1..dom.nodes.len() {
        if skipped.get(i).copied().unwrap_or(true) || !is_paragraph(dom, i) {
            continue;
        }
        let s = stats.get(i).copied().unwrap_or_default();
        if s.text < MIN_PARAGRAPH {
            continue;
        }
        let content = 1.0 + s.commas as f64 + (s.text / 100).min(3) as f64;
        let mut ancestor = dom.nodes.get(i).map_or(0, |node| node.parent);
        for level in 0..3usize {
            if ancestor == 0 {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => (level * 3) as f64,
            };
            let entry = scores
                .entry(ancestor)
                .or_insert_with(|| initial_score(dom, ancestor));
            *entry += content / divider;
            ancestor = dom.nodes.get(ancestor).map_or(0, |node| node.parent);
        }
    }
    scores
}

/// The top candidate and those of its siblings that belong with it.
fn siblings(
    dom: &Dom,
    src: &str,
    skipped: &[bool],
    stats: &[Stats],
    scores: &HashMap<usize, f64>,
    top: usize,
    top_score: f64,
) -> Vec<usize> {
    let parent = dom.nodes.get(top).map_or(0, |node| node.parent);
    if parent == top {
        return vec![top];
    }
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.attr(top, "class").filter(|c| !c.is_empty());
    let Some(parent_node) = dom.nodes.get(parent) else {
        return vec![top];
    };
    let mut keep = Vec::new();
    for &sib in &parent_node.children {
        if sib == top {
            keep.push(sib);
            continue;
        }
        if skipped.get(sib).copied().unwrap_or(true) || dom.tag(sib).is_none() {
            continue;
        }
        let s = stats.get(sib).copied().unwrap_or_default();
        let density = s.link_density();
        let bonus = if top_class.is_some() && dom.attr(sib, "class") == top_class {
            top_score * 0.2
        } else {
            0.0
        };
        let sib_score = scores.get(&sib).map_or(0.0, |v| v * (1.0 - density));
        let include = if sib_score + bonus >= threshold {
            true
        } else if is_paragraph(dom, sib) || dom.tag(sib).is_some_and(is_heading) {
            let text = subtree_text(dom, src, sib);
            let trimmed = text.trim_end();
            (s.text > 80 && density < 0.25)
                || (s.text > 0
                    && density == 0.0
                    && trimmed.ends_with(['.', '。', '！', '？', '!', '?', '」', '”']))
        } else {
            false
        };
        if include {
            keep.push(sib);
        }
    }
    keep
}

/// Raw text of a subtree (for sentence-end tests only).
fn subtree_text(dom: &Dom, src: &str, i: usize) -> String {
    let mut out = String::new();
    let mut stack = vec![i];
    while let Some(n) = stack.pop() {
        let Some(node) = dom.nodes.get(n) else {
            continue;
        };
        match node.kind {
            Kind::Text { start, end } => out.push_str(src.get(start..end).unwrap_or_default()),
            Kind::Element { .. } => stack.extend(node.children.iter().rev()),
        }
    }
    out
}

/// The first `<h1>` outside navigation.
fn first_h1(dom: &Dom) -> Option<usize> {
    (1..dom.nodes.len()).find(|&i| {
        if dom.tag(i) != Some("h1") {
            return false;
        }
        let mut a = i;
        while a != 0 {
            if dom.tag(a).is_some_and(|t| {
                matches!(t, "nav" | "aside" | "footer" | "form" | "menu" | "template")
            }) || is_hidden(dom, a)
            {
                return false;
            }
            a = dom.nodes.get(a).map_or(0, |node| node.parent);
        }
        true
    })
}

/// The text of element `i` as one block (line breaks become spaces).
fn single_block(dom: &Dom, src: &str, i: usize) -> Option<Block> {
    let not_skipped = vec![false; dom.nodes.len()];
    let mut emitter = Emitter::new(dom, src, &not_skipped);
    emitter.node(i, 0);
    let (blocks, _) = emitter.finish();
    let mut out = Block::default();
    for block in blocks {
        if !out.text.is_empty() {
            out.push(" ", out.src_end(), 0);
        }
        out.text.push_str(&block.text);
        out.pieces.extend(block.pieces);
        out.link += block.link;
    }
    if out.text.contains('\n') {
        // Same length: the pieces still line up.
        out.text = out.text.replace('\n', " ");
    }
    (!out.text.is_empty()).then_some(out)
}

/// The first `<h1>` when the content does not already hold it and it comes
/// before the content.
fn headline(dom: &Dom, src: &str, emitted: &[bool], first: Option<&Block>) -> Option<Block> {
    let h1 = first_h1(dom)?;
    if emitted.get(h1).copied().unwrap_or(false) {
        return None;
    }
    let block = single_block(dom, src, h1)?;
    match first {
        Some(f) if block.src_end() > f.src_start() || block.text == f.text => None,
        _ => Some(block),
    }
}

/// Metadata from `<head>` and the like.
#[derive(Debug, Default)]
struct Meta {
    title: Option<String>,
    og_title: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    published: Option<String>,
    time: Option<String>,
}

impl Dom {
    fn metadata(&self, src: &str) -> Meta {
        let mut meta = Meta {
            title: self
                .title
                .and_then(|(s, e)| src.get(s..e))
                .map(collapse)
                .filter(|t| !t.is_empty()),
            ..Meta::default()
        };
        for i in 1..self.nodes.len() {
            match self.tag(i) {
                Some("meta") => {
                    let key = self
                        .attr(i, "property")
                        .or_else(|| self.attr(i, "name"))
                        .or_else(|| self.attr(i, "itemprop"))
                        .map(str::to_ascii_lowercase);
                    let content = self.attr(i, "content").map(|c| c.trim().to_owned());
                    let (Some(key), Some(content)) = (key, content) else {
                        continue;
                    };
                    let slot = match key.as_str() {
                        "og:title" => &mut meta.og_title,
                        "og:url" => &mut meta.og_url,
                        "article:published_time"
                        | "og:article:published_time"
                        | "datepublished"
                        | "pubdate"
                        | "publishdate"
                        | "dc.date.issued" => &mut meta.published,
                        _ => continue,
                    };
                    if slot.is_none() {
                        *slot = Some(collapse(&content));
                    }
                }
                Some("link") => {
                    let canonical = self.attr(i, "rel").is_some_and(|r| {
                        r.split_ascii_whitespace()
                            .any(|t| t.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical && meta.canonical.is_none() {
                        meta.canonical = self.attr(i, "href").map(|h| h.trim().to_owned());
                    }
                }
                Some("time") if meta.time.is_none() => {
                    meta.time = self.attr(i, "datetime").map(|d| d.trim().to_owned());
                }
                _ => {}
            }
        }
        meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::Span;

    fn text_of(html: &str) -> String {
        extract(html).text
    }

    /// Every verbatim run of the map copies exactly its source bytes.
    fn check_verbatim(html: &str, doc: &HtmlDoc) {
        assert_eq!(doc.map.text_len(), doc.text.len());
        for r in doc.map.runs() {
            if r.text_len == r.file_len {
                assert_eq!(
                    doc.text.get(r.text_start..r.text_start + r.text_len),
                    html.get(r.file_start..r.file_start + r.file_len),
                    "{r:?}"
                );
            }
        }
    }

    #[test]
    fn entities() {
        let html =
            "<p>A&amp;B &lt;tag&gt; &#20013;&#x6587; &reg 2026 &nbsp;x &unknown; &#0; &#150;</p>";
        let doc = extract(html);
        assert_eq!(
            doc.text,
            "A&B <tag> 中文 ® 2026 \u{A0}x &unknown; \u{FFFD} –"
        );
        check_verbatim(html, &doc);
        let at = doc.text.find("中").unwrap_or_default();
        let span = doc.map.to_file(Span::new(at, at + 6));
        assert_eq!(html.get(span.start..span.end), Some("&#20013;&#x6587;"));
        assert_eq!(decode_attr("a?x=1&amp;y=2&copy=3"), "a?x=1&y=2&copy=3");
    }

    #[test]
    fn blocks_and_line_breaks() {
        let html =
            "<div><p>One\n  two</p><p>Three<br>four<br/><br>five</p>six<ul><li>a<li>b</ul></div>";
        assert_eq!(
            text_of(html),
            "One two\n\nThree\nfour\n\nfive\n\nsix\n\na\n\nb"
        );
    }

    #[test]
    fn cjk_line_breaks_join_without_space() {
        let html = "<p>美国政府\n  禁止两款模型。\nThe end</p>";
        assert_eq!(text_of(html), "美国政府禁止两款模型。 The end");
    }

    #[test]
    fn pre_keeps_white_space() {
        let html = "<pre>a  b\n  c &amp; d</pre>";
        assert_eq!(text_of(html), "a  b\n  c & d");
    }

    #[test]
    fn raw_text_and_comments_are_skipped() {
        let html = "<p>x<script>if (a<b) {}</script>y<!-- <p>no</p> -->z<style>p{}</STYLE >w</p><noscript>ns</noscript>";
        assert_eq!(text_of(html), "xyzw");
    }

    #[test]
    fn tolerant_of_broken_markup() {
        for html in [
            "<p>a < b and c<d</p>",
            "<p class='x>unterminated",
            "</p></div><p>ok",
            "<<<>>>",
            "<p>&#xFFFFFFFFFF;&#55296;",
            "<div><div><div>",
        ] {
            let doc = extract(html);
            check_verbatim(html, &doc);
        }
        assert_eq!(text_of("<p>a < b and c<d</p>"), "a < b and c");
    }

    #[test]
    fn metadata() {
        let html = r#"<html><head><title> US bans &amp; more </title>
            <meta property="og:title" content="OG">
            <meta property="og:url" content="https://ex.com/og">
            <link rel="canonical" href="https://ex.com/a?x=1&amp;y=2">
            <meta property="article:published_time" content="2026-06-27T01:16:00Z">
            </head><body><h1>Head</h1><p>Body.</p><time datetime="2026-06-28">x</time></body></html>"#;
        let doc = extract(html);
        assert_eq!(doc.title.as_deref(), Some("US bans & more"));
        assert_eq!(doc.url.as_deref(), Some("https://ex.com/a?x=1&y=2"));
        assert_eq!(doc.published.as_deref(), Some("2026-06-27T01:16:00Z"));
        let doc = extract("<h1>Only <b>h1</b></h1><p>x</p><time datetime=' 2026-06-28 '>");
        assert_eq!(doc.title.as_deref(), Some("Only h1"));
        assert_eq!(doc.published.as_deref(), Some("2026-06-28"));
        assert_eq!(doc.url, None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(100_000) + "text" + &"</div>".repeat(100_000);
        assert_eq!(text_of(&html), "text");
        let html = "<b>".repeat(100_000) + "bold";
        assert_eq!(text_of(&html), "bold");
    }
}
