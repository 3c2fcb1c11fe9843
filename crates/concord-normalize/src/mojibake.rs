//! [`Mojibake`]: repair text that was decoded with the wrong encoding, in
//! the spirit of Python's `ftfy`.

use concord_core::{Edit, NormalizedText, Normalizer};
use std::ops::Range;

/// Repairs text that was decoded with the wrong encoding, in the spirit of
/// Python's `ftfy`.
///
/// The common case is UTF-8 read as Windows-1252 or Latin-1: every
/// non-ASCII character turns into two to four Latin-1 characters (`é` →
/// `Ã©`, `’` → `â€™`, `中文` → `ä¸­æ–‡`). Re-encoding such a sequence as
/// Windows-1252/Latin-1 gives valid UTF-8 again. A sequence is only
/// repaired when that is the plausible reading: the decoded character must
/// be of a kind real text uses (Latin, Greek or Cyrillic letters for two
/// bytes; punctuation, symbols, CJK, kana, Hangul or full-width forms for
/// three; emoji and rare CJK for four), or the sequence holds a C1 control
/// character, which no real text does. Legitimate text hardly ever puts an
/// upper-case accented letter before a symbol (`Ã©`) or a lower-case one
/// before two symbols (`â€™`); French spacing (`allé »`, an accented letter,
/// a no-break space and a guillemet) is recognised and left alone. Repairs
/// repeat up to three times, so doubly encoded text (`Ã¢â‚¬â„¢`) comes out
/// right.
///
/// Every decoded character is its own edit, mapped to the bytes of the
/// garbled sequence it came from; a repair depends only on that sequence,
/// never on text elsewhere on the line, so the stage is local.
///
/// Chinese text in GBK read as Latin-1 (`ÖÐÎÄ` for `中文`) is repaired by a
/// separate stage, [`GbkMojibake`], only when it is unmistakable: a run of at
/// least four Latin-1 letters and symbols, with no ASCII letter touching it
/// and not mostly garbled UTF-8, that decodes pair by pair into CJK
/// characters and CJK punctuation only. Its decision is per run, and a
/// sentence cut can split a run, so it is not local and not in
/// [`Sequence::default_pipeline`](crate::Sequence::default_pipeline); add it
/// (before [`Mojibake`]) for sources known to carry such text. Shift_JIS
/// read as Windows-1252 is not attempted: its second bytes are often ASCII,
/// so it cannot be told apart from real text without a language model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mojibake;

/// How many times the repair is repeated (for doubly encoded text).
const MAX_PASSES: usize = 3;

impl Normalizer for Mojibake {
    fn normalize(&self, text: &mut NormalizedText) {
        let mut pending = utf8_edits(text.as_str());
        for pass in 1..=MAX_PASSES {
            if pending.is_empty() {
                break;
            }
            text.apply(pending);
            pending = if pass < MAX_PASSES {
                utf8_edits(text.as_str())
            } else {
                Vec::new()
            };
        }
    }

    fn name(&self) -> &'static str {
        "mojibake"
    }
}

/// Repairs Chinese GBK text that was decoded as Latin-1 (`ÖÐÎÄ` → `中文`).
/// Not in the default pipeline: see [`Mojibake`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GbkMojibake;

impl Normalizer for GbkMojibake {
    fn normalize(&self, text: &mut NormalizedText) {
        // A run mostly made of garbled UTF-8 sequences is left to
        // [`Mojibake`]; run this stage before it, so a stray UTF-8 repair
        // inside a GBK run does not destroy the run.
        let utf8: Vec<_> = utf8_edits(text.as_str())
            .into_iter()
            .map(|e| e.range)
            .collect();
        let edits = gbk_edits(text.as_str(), &utf8);
        text.apply(edits);
    }

    fn name(&self) -> &'static str {
        "gbk"
    }
}

/// The Windows-1252 byte of `c`, falling back to Latin-1 for the five bytes
/// Windows-1252 leaves undefined (decoded as C1 controls). `None` for
/// characters outside both.
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{0}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

/// One edit per garbled UTF-8 sequence, scanning left to right.
fn utf8_edits(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut iter = text.char_indices();
    while let Some((start, lead)) = iter.next() {
        let Some(lead_byte) = cp1252_byte(lead) else {
            continue;
        };
        let Some(need) = continuation_count(lead_byte) else {
            continue;
        };
        let mut ahead = iter.clone();
        let mut bytes = [lead_byte, 0, 0, 0];
        let mut garbled = [lead; 4];
        let mut complete = true;
        for k in 1..=need {
            let next = ahead
                .next()
                .and_then(|(_, c)| cp1252_byte(c).map(|b| (b, c)))
                .filter(|&(b, _)| (0x80..=0xBF).contains(&b));
            match (next, bytes.get_mut(k), garbled.get_mut(k)) {
                (Some((b, c)), Some(byte), Some(slot)) => {
                    *byte = b;
                    *slot = c;
                }
                _ => {
                    complete = false;
                    break;
                }
            }
        }
        if !complete {
            continue;
        }
        let decoded = bytes
            .get(..=need)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|s| s.chars().next());
        if let (Some(d), Some(garbled)) = (decoded, garbled.get(..=need)) {
            if plausible(d, garbled) {
                edits.push(Edit::new(start..ahead.offset(), d.to_string()));
                iter = ahead;
            }
        }
    }
    edits
}

/// How many continuation bytes a UTF-8 lead byte takes (`None`: not a
/// multi-byte lead).
fn continuation_count(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// Whether `decoded` is a believable reading of the `garbled` characters.
fn plausible(decoded: char, garbled: &[char]) -> bool {
    let code = decoded as u32;
    if matches!(code, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF) || decoded.is_control() {
        return false;
    }
    if garbled.iter().skip(1).any(|&c| is_c1(c)) {
        return true;
    }
    match garbled.len() {
        2 => matches!(code, 0xA0..=0x17F | 0x370..=0x3FF | 0x400..=0x4FF),
        3 => {
            // French spacing: "allé »" is é + no-break space + guillemet.
            if garbled.get(1) == Some(&'\u{A0}') && matches!(garbled.get(2), Some('«' | '»')) {
                return false;
            }
            matches!(code,
                0x2000..=0x27BF
                | 0x2E80..=0x33FF
                | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF
                | 0xAC00..=0xD7A3
                | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F
                | 0xFEFF
                | 0xFF00..=0xFFEF)
        }
        4 => matches!(code, 0x1F000..=0x1FAFF | 0x20000..=0x3134F),
        _ => false,
    }
}

/// Characters GB2312 bytes turn into when read as Latin-1.
fn is_gb_byte_char(c: char) -> bool {
    ('\u{A1}'..='\u{FE}').contains(&c)
}

/// One edit per character of each unmistakable GBK-as-Latin-1 run;
/// `utf8` are the byte ranges the UTF-8 repair would rewrite (sorted).
fn gbk_edits(text: &str, utf8: &[Range<usize>]) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut previous: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_gb_byte_char(c) {
            previous = Some(c);
            continue;
        }
        let mut run = vec![(i, c)];
        while let Some(&(j, d)) = iter.peek() {
            if !is_gb_byte_char(d) {
                break;
            }
            run.push((j, d));
            iter.next();
        }
        let after = iter.peek().map(|&(_, d)| d);
        let run_end = iter.peek().map_or(text.len(), |&(e, _)| e);
        let touches_latin = [previous, after]
            .iter()
            .any(|c| c.is_some_and(|c| c.is_ascii_alphabetic()));
        let first = utf8.partition_point(|r| r.end <= i);
        let covered: usize = utf8
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|r| r.start < run_end)
            .map(|r| r.end.min(run_end).saturating_sub(r.start.max(i)))
            .sum();
        let mostly_utf8 = covered * 2 >= run_end - i;
        if !touches_latin && !mostly_utf8 && run.len() >= 4 && run.len() % 2 == 0 {
            gbk_run(text, &run, run_end, &mut edits);
        }
        previous = run.last().map(|&(_, c)| c);
    }
    edits
}

fn gbk_run(text: &str, run: &[(usize, char)], end: usize, edits: &mut Vec<Edit>) {
    let bytes: Vec<u8> = run.iter().map(|&(_, c)| c as u32 as u8).collect();
    let Some(decoded) =
        encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(&bytes)
    else {
        return;
    };
    let decoded: Vec<char> = decoded.chars().collect();
    if decoded.len() * 2 != run.len()
        || !decoded.iter().all(|&c| is_cjk_text(c))
        || !decoded
            .iter()
            .any(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        return;
    }
    for (k, &d) in decoded.iter().enumerate() {
        let (Some(&(start, _)), next) = (run.get(2 * k), run.get(2 * k + 2)) else {
            return;
        };
        let stop = next.map_or(end, |&(e, _)| e);
        if text.is_char_boundary(start) && text.is_char_boundary(stop) {
            edits.push(Edit::new(start..stop, d.to_string()));
        }
    }
}

/// CJK ideographs, kana and CJK or full-width punctuation.
fn is_cjk_text(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FF5E}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::Span;

    fn fix(text: &str) -> String {
        let mut t = NormalizedText::new(text);
        GbkMojibake.normalize(&mut t);
        Mojibake.normalize(&mut t);
        t.as_str().to_owned()
    }

    fn garble(text: &str) -> String {
        // UTF-8 bytes read as Windows-1252 (Latin-1 for undefined bytes).
        let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
        cow.into_owned()
    }

    #[test]
    fn repairs_utf8_read_as_windows_1252() {
        assert_eq!(fix("cafÃ© and donâ€™t"), "café and don’t");
        assert_eq!(fix("ä¸\u{ad}æ–‡ news"), "中文 news");
        for real in [
            "Résumé: “Nvidia’s” price — 10€",
            "東京証券取引所は6月27日に発表した。",
            "野村證券と中国の经济 😀",
            "Привет, Ελλάδα",
        ] {
            assert_eq!(fix(&garble(real)), real, "{}", garble(real));
        }
        // Doubly encoded.
        assert_eq!(fix(&garble(&garble("it’s"))), "it’s");
    }

    #[test]
    fn leaves_real_text_alone() {
        for real in [
            "café, naïve, Ærø, São Paulo, SÃO PAULO",
            "« Il est allé\u{a0}» dit-il",
            "Zürich ©2024 ±5° ½",
            "中文、日本語、한국어",
            "price: 5€ – “ok”",
        ] {
            assert_eq!(fix(real), real);
        }
    }

    #[test]
    fn each_repair_maps_to_its_own_bytes() {
        let original = "xä¸\u{ad}æ–‡y";
        let mut t = NormalizedText::new(original);
        Mojibake.normalize(&mut t);
        assert_eq!(t.as_str(), "x中文y");
        assert_eq!(t.original_span(1..4), Some(Span::new(1, 7)));
        assert_eq!(
            t.original_span(4..7).and_then(|s| s.slice(original)),
            Some("æ–‡")
        );
    }

    #[test]
    fn repairs_gbk_read_as_latin1() {
        let (gbk, _, _) = encoding_rs::GBK.encode("中文新闻，");
        let latin1: String = gbk.iter().map(|&b| b as char).collect();
        assert_eq!(fix(&format!("({latin1}) ok")), "(中文新闻，) ok");
        let (gbk, _, _) = encoding_rs::GBK.encode("你好的");
        let latin1: String = gbk.iter().map(|&b| b as char).collect();
        assert_eq!(fix(&latin1), "你好的");
        // Too short, or touching Latin letters: left alone.
        assert_eq!(fix("ÖÐ"), "ÖÐ");
        assert_eq!(fix("aÖÐÎÄ"), "aÖÐÎÄ");
        // Not part of the UTF-8 repair.
        let mut t = NormalizedText::new("ÖÐÎÄ");
        Mojibake.normalize(&mut t);
        assert_eq!(t.as_str(), "ÖÐÎÄ");
    }
}
