//! [`FileMap`]: where each byte of a document's decoded text came from in its
//! input file, for inputs whose text is not the file's bytes verbatim
//! (legacy encodings, HTML, JSON lines).

use crate::Span;
use serde::{Deserialize, Serialize};

/// One run of decoded text and the file bytes it came from.
///
/// When both lengths are equal the run maps byte for byte (text copied
/// verbatim); otherwise (a decoded GBK character, an HTML entity, a JSON
/// escape) any offset strictly inside the run maps to the run's file start
/// for a span start and to its file end for a span end, so a mapped span
/// always covers the whole source of every character it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapRun {
    /// First byte of the run in the decoded text.
    pub text_start: usize,
    /// Length of the run in the decoded text.
    pub text_len: usize,
    /// First byte of the run in the file.
    pub file_start: usize,
    /// Length of the run in the file.
    pub file_len: usize,
}

/// Map from byte offsets in a decoded text to byte offsets in its file.
///
/// Runs are sorted, contiguous in the text (each starts where the previous
/// ended) and non-decreasing in the file; file bytes that produced no text
/// (markup, the JSON around a field) simply fall between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMap {
    runs: Vec<MapRun>,
}

impl FileMap {
    /// An empty map (for an empty text).
    pub fn new() -> Self {
        Self::default()
    }

    /// Append text that was copied verbatim from `file_start..file_start+len`.
    /// Adjacent verbatim runs are merged.
    pub fn push_copy(&mut self, len: usize, file_start: usize) {
        self.push(len, file_start, len);
    }

    /// Append `text_len` bytes of text produced from `file_len` file bytes at
    /// `file_start` (one decoded character, entity or escape).
    pub fn push(&mut self, text_len: usize, file_start: usize, file_len: usize) {
        if text_len == 0 {
            return;
        }
        let text_start = self.text_len();
        if let Some(last) = self.runs.last_mut() {
            let verbatim = last.text_len == last.file_len && text_len == file_len;
            if verbatim && last.file_start + last.file_len == file_start {
                last.text_len += text_len;
                last.file_len += file_len;
                return;
            }
        }
        self.runs.push(MapRun {
            text_start,
            text_len,
            file_start,
            file_len,
        });
    }

    /// Length of the decoded text covered so far.
    pub fn text_len(&self) -> usize {
        self.runs.last().map_or(0, |r| r.text_start + r.text_len)
    }

    /// The runs, in order.
    pub fn runs(&self) -> &[MapRun] {
        &self.runs
    }

    fn run_index(&self, offset: usize) -> Option<usize> {
        // The last run starting at or before `offset`.
        let idx = self.runs.partition_point(|r| r.text_start <= offset);
        idx.checked_sub(1)
    }

    fn map_start(&self, offset: usize) -> usize {
        match self.run_index(offset) {
            None => self.runs.first().map_or(0, |r| r.file_start),
            Some(i) => {
                let r = &self.runs[i];
                let inside = offset - r.text_start;
                if inside >= r.text_len {
                    // Past the end of the text: the end of the last run.
                    r.file_start + r.file_len
                } else if r.text_len == r.file_len {
                    r.file_start + inside
                } else {
                    r.file_start
                }
            }
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.runs.first().map_or(0, |r| r.file_start);
        }
        // The run holding the byte just before `offset`.
        match self.run_index(offset - 1) {
            None => self.runs.first().map_or(0, |r| r.file_start),
            Some(i) => {
                let r = &self.runs[i];
                let inside = offset - r.text_start;
                if inside >= r.text_len {
                    r.file_start + r.file_len
                } else if r.text_len == r.file_len {
                    r.file_start + inside
                } else {
                    r.file_start + r.file_len
                }
            }
        }
    }

    /// Map a span of the decoded text to the file bytes it came from.
    pub fn to_file(&self, span: Span) -> Span {
        let start = self.map_start(span.start);
        let end = self.map_end(span.end).max(start);
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_runs_merge_and_map_one_to_one() {
        let mut map = FileMap::new();
        map.push_copy(3, 10);
        map.push_copy(4, 13);
        assert_eq!(map.runs().len(), 1);
        assert_eq!(map.to_file(Span::new(1, 5)), Span::new(11, 15));
    }

    #[test]
    fn decoded_characters_snap_to_their_whole_source() {
        // GBK "中文" (2 bytes each in the file) decodes to 3 UTF-8 bytes each,
        // followed by ASCII "ok" copied verbatim.
        let mut map = FileMap::new();
        map.push(3, 0, 2); // 中
        map.push(3, 2, 2); // 文
        map.push_copy(2, 4); // ok
        assert_eq!(map.to_file(Span::new(0, 6)), Span::new(0, 4));
        assert_eq!(map.to_file(Span::new(3, 8)), Span::new(2, 6));
        assert_eq!(map.to_file(Span::new(6, 7)), Span::new(4, 5));
    }

    #[test]
    fn markup_between_runs_is_skipped() {
        // "<p>Hi</p><p>Yo</p>": text "Hi\nYo" where "\n" stands for "</p><p>".
        let mut map = FileMap::new();
        map.push_copy(2, 3);
        map.push(1, 5, 7);
        map.push_copy(2, 12);
        assert_eq!(map.to_file(Span::new(0, 2)), Span::new(3, 5));
        assert_eq!(map.to_file(Span::new(3, 5)), Span::new(12, 14));
        assert_eq!(map.to_file(Span::new(0, 5)), Span::new(3, 14));
    }
}
