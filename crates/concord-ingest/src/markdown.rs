//! Markdown to plain text, with a [`FileMap`] back to the source.
//!
//! Markup is not content: `**June 26**`, `[GPT-5.6](https://…)` or a `# `
//! heading mark would otherwise reach the sentences, the embeddings and the
//! fact extractor. The source is parsed as CommonMark (with tables and
//! strikethrough) by `pulldown-cmark`, whose events carry source ranges, and
//! only the text is kept: emphasis, link and code marks, heading and quote
//! markers, list bullets, link destinations, reference definitions, images,
//! raw HTML and thematic breaks go; escapes and entities are decoded. Each
//! block ends its line(s) (`"\n\n"` after paragraphs, headings, code blocks
//! and tables, `"\n"` after list items and table rows, a soft or hard line
//! break stays a `"\n"`), so the line-based boilerplate filter and the
//! segmenter see the same lines a reader does. Table cells are joined by
//! `"; "` (a pipe-separated line reads as a menu or ticker).

use concord_core::FileMap;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The plain text of the Markdown `source` and its map into `source`.
pub(crate) fn to_text(source: &str) -> (String, FileMap) {
    let mut out = Writer::default();
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    // Inside an image (its alt text is not article text) or raw HTML.
    let mut images = 0usize;
    let mut cells_in_row = 0usize;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::End(TagEnd::Image) => images = images.saturating_sub(1),
            _ if images > 0 => {}
            Event::Text(text) => out.text(source, &text, range),
            Event::Code(code) => out.code(source, &code, range),
            Event::SoftBreak | Event::HardBreak => out.separator("\n", range.end),
            Event::Start(Tag::TableRow | Tag::TableHead) => cells_in_row = 0,
            Event::Start(Tag::TableCell) => {
                if cells_in_row > 0 {
                    out.separator("; ", range.start);
                }
                cells_in_row += 1;
            }
            Event::End(end) => match end {
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::HtmlBlock => out.block_end("\n\n", range.end),
                TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead => {
                    out.block_end("\n", range.end)
                }
                _ => {}
            },
            _ => {}
        }
    }
    out.finish()
}

/// Builds the text and its map, piece by piece in source order.
#[derive(Default)]
struct Writer {
    text: String,
    map: FileMap,
}

impl Writer {
    /// A piece of text parsed from `range` of `source`: copied when it is
    /// the source verbatim, else (an escape, an entity) mapped as a whole
    /// to its range.
    fn text(&mut self, source: &str, text: &str, range: Range<usize>) {
        self.piece(source, text, range, |c| c.is_whitespace());
    }

    /// Inline code: its content, without the backticks around it.
    fn code(&mut self, source: &str, code: &str, range: Range<usize>) {
        self.piece(source, code, range, |c| c == '`' || c == ' ');
    }

    /// Append `text`, parsed from `range` of `source`. When `text` occurs
    /// in the source there with only `wrapper` characters around it (the
    /// indentation of a code line, the backticks of inline code), it is
    /// copied from there.
    fn piece(&mut self, source: &str, text: &str, range: Range<usize>, wrapper: fn(char) -> bool) {
        match source.get(range.clone()) {
            Some(raw) if raw == text => self.map.push_copy(text.len(), range.start),
            Some(raw) => match raw.find(text) {
                Some(at)
                    if !text.is_empty()
                        && raw[..at].chars().all(wrapper)
                        && raw[at + text.len()..].chars().all(wrapper) =>
                {
                    self.map.push_copy(text.len(), range.start + at)
                }
                _ => self.map.push(text.len(), range.start, range.len()),
            },
            None => self.map.push(text.len(), range.start, 0),
        }
        self.text.push_str(text);
    }

    /// Text that stands for markup between pieces (a line break, a cell
    /// border), mapped to a zero-width point of the source.
    fn separator(&mut self, separator: &str, at: usize) {
        if self.text.is_empty() {
            return;
        }
        self.text.push_str(separator);
        self.map.push(separator.len(), at, 0);
    }

    /// End a block: make sure the text ends with `ending` (blocks nested
    /// in blocks end once).
    fn block_end(&mut self, ending: &str, at: usize) {
        if self.text.is_empty() {
            return;
        }
        let have = self.text.len() - self.text.trim_end_matches('\n').len();
        let want = ending.len();
        if have < want {
            self.separator(&ending[have..], at);
        }
    }

    fn finish(mut self) -> (String, FileMap) {
        // No blank lines after the last block.
        let kept = self.text.trim_end_matches('\n').len();
        if kept < self.text.len() {
            let mut map = FileMap::new();
            for run in self.map.runs() {
                let len = run.text_len.min(kept.saturating_sub(run.text_start));
                if len == 0 {
                    break;
                }
                let file_len = if run.text_len == run.file_len {
                    len
                } else {
                    run.file_len
                };
                map.push(len, run.file_start, file_len);
            }
            self.text.truncate(kept);
            self.map = map;
        }
        (self.text, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::Span;

    /// The source bytes a piece of the converted text maps to.
    fn source_of<'a>(source: &'a str, text: &str, map: &FileMap, piece: &str) -> &'a str {
        let start = text.find(piece).unwrap();
        let span = map.to_file(Span::new(start, start + piece.len()));
        &source[span.start..span.end]
    }

    #[test]
    fn markup_goes_and_spans_point_at_the_source() {
        let source = "# OpenAI releases **GPT-5.6**\n\n\
                      OpenAI released [GPT-5.6](https://openai.com/gpt) on **June 26**, \
                      the company said. It costs `$20` a month.\n\n\
                      - Faster reasoning\n- Lower price\n\n\
                      > \"This is a big step,\" said Sam Altman.\n\n\
                      ![chart](img.png)\n\n\
                      [gpt]: https://openai.com\n";
        let (text, map) = to_text(source);
        assert_eq!(
            text,
            "OpenAI releases GPT-5.6\n\n\
             OpenAI released GPT-5.6 on June 26, the company said. It costs $20 a month.\n\n\
             Faster reasoning\nLower price\n\n\
             \"This is a big step,\" said Sam Altman."
        );
        assert_eq!(map.text_len(), text.len());
        assert_eq!(source_of(source, &text, &map, "June 26"), "June 26");
        // A span across removed markup covers it in the source.
        assert_eq!(
            source_of(source, &text, &map, "GPT-5.6 on June 26"),
            "GPT-5.6](https://openai.com/gpt) on **June 26"
        );
        assert_eq!(source_of(source, &text, &map, "$20"), "$20");
    }

    #[test]
    fn chinese_and_japanese_markdown() {
        let source = "## 美国商务部长**卢特尼克**表示\n\n\
                      据报道，该模型于*6月27日*发布。\n\n\
                      1. 会談は**来週**再開される。\n2. 詳細は[こちら](https://example.jp)。\n";
        let (text, map) = to_text(source);
        assert_eq!(
            text,
            "美国商务部长卢特尼克表示\n\n据报道，该模型于6月27日发布。\n\n\
             会談は来週再開される。\n詳細はこちら。"
        );
        assert_eq!(source_of(source, &text, &map, "6月27日"), "6月27日");
        assert_eq!(source_of(source, &text, &map, "来週"), "来週");
    }

    #[test]
    fn escapes_entities_tables_and_breaks() {
        let source = "Costs \\*rose\\* by 5% &amp; more  \nnext line\nsoft line\n\n\
                      | Model | Price |\n|---|---|\n| GPT-5.6 | $20 |\n";
        let (text, map) = to_text(source);
        assert_eq!(
            text,
            "Costs *rose* by 5% & more\nnext line\nsoft line\n\n\
             Model; Price\nGPT-5.6; $20"
        );
        // A decoded entity maps to the whole entity.
        assert_eq!(source_of(source, &text, &map, "&"), "&amp;");
        // An escaped character maps to itself, the backslash is markup.
        assert_eq!(source_of(source, &text, &map, "*rose"), "*rose");
        assert_eq!(
            source_of(source, &text, &map, "GPT-5.6; $20"),
            "GPT-5.6 | $20"
        );
    }

    #[test]
    fn plain_text_with_a_md_name_stays_as_it_is() {
        let source = "Officials said on Monday that talks would resume.\nA second line.\n";
        let (text, map) = to_text(source);
        assert_eq!(text, source.trim_end());
        assert_eq!(
            map.to_file(Span::new(0, text.len())),
            Span::new(0, text.len())
        );
    }

    #[test]
    fn code_blocks_keep_their_text() {
        let source = "Before.\n\n```\nlet price = 20;\n```\n\n    indented code\n\nAfter.\n";
        let (text, map) = to_text(source);
        assert_eq!(
            text,
            "Before.\n\nlet price = 20;\n\nindented code\n\nAfter."
        );
        assert_eq!(
            source_of(source, &text, &map, "indented code"),
            "indented code"
        );
    }
}
