//! [`Width`]: half-width forms, and Latin punctuation in Latin text.

use concord_core::{Edit, NormalizedText, Normalizer};

/// Half-width forms, and Latin punctuation in Latin text.
///
/// * Full-width ASCII (`Ａ`, `５`, `－`, `～`, U+FF01–U+FF5E) becomes ASCII,
///   whether or not [`Nfkc`](crate::Nfkc) ran first. The wave dash `〜` is
///   kept as it is, and a full-width tilde becomes `~`; both stay range
///   markers (`1995〜2001年`): nothing here ever deletes a character.
/// * A comma glued between two Latin letters gets a space
///   (`rallied,stocks` → `rallied, stocks`; `1,000` is left alone).
/// * A right single quote right after a Latin letter or digit is an
///   apostrophe (or closes a quote after a word) and becomes `'`
///   (`it’s`, `Nvidia’s`, `’90s` stays). Curly double quotes and opening
///   single quotes are kept: whether one opens a Latin or a CJK quotation can
///   only be told from the text after it, which a sentence cut can separate
///   from it, and converting only some of them would leave `“Yes," he said`.
///   [`match_key`](crate::match_key) folds all quote styles instead.
/// * Hyphen variants (`‐`, `‑`) and the minus sign `−` become `-`; an en or
///   figure dash right after a Latin letter or digit becomes `-`
///   (`1995–2001`). Em dashes are kept.
///
/// Like [`Punctuation`](crate::Punctuation), every decision looks at most
/// one character back and one ahead, and the look-ahead only ever adds a
/// trailing space (which trimming removes), so a sentence normalized alone
/// comes out the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Width;

impl Normalizer for Width {
    fn normalize(&self, text: &mut NormalizedText) {
        let edits = width_edits(text.as_str());
        text.apply(edits);
    }

    fn name(&self) -> &'static str {
        "width"
    }
}

fn width_edits(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let head = &text[..i];
        let next = text[end..].chars().next();
        let replacement: Option<String> = match c {
            '\u{FF01}'..='\u{FF5E}' => {
                char::from_u32(c as u32 - 0xFEE0).map(|ascii| ascii.to_string())
            }
            ',' if head
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphabetic())
                && next.is_some_and(|n| n.is_ascii_alphabetic()) =>
            {
                Some(", ".to_owned())
            }
            '’' if head
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphanumeric()) =>
            {
                Some("'".to_owned())
            }
            '‐' | '‑' | '−' => Some("-".to_owned()),
            '–' | '‒'
                if head
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_ascii_alphanumeric()) =>
            {
                Some("-".to_owned())
            }
            _ => None,
        };
        if let Some(replacement) = replacement {
            edits.push(Edit::new(i..end, replacement));
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_core::Span;

    fn run(text: &str) -> String {
        let mut t = NormalizedText::new(text);
        Width.normalize(&mut t);
        t.as_str().to_owned()
    }

    #[test]
    fn full_width_ascii_becomes_half_width() {
        assert_eq!(run("ＧＰＴ－５．６（ｂｅｔａ）～"), "GPT-5.6(beta)~");
        assert_eq!(run("1995〜2001年"), "1995〜2001年");
        let mut t = NormalizedText::new("ａｂ");
        Width.normalize(&mut t);
        assert_eq!(t.original_span(1..2), Some(Span::new(3, 6)));
    }

    #[test]
    fn commas_between_latin_words_get_a_space() {
        assert_eq!(run("rallied,stocks rose"), "rallied, stocks rose");
        assert_eq!(run("1,000 and 3,5 a, b"), "1,000 and 3,5 a, b");
        assert_eq!(run("东京,大阪"), "东京,大阪");
    }

    #[test]
    fn apostrophes_become_straight_and_double_quotes_stay() {
        assert_eq!(
            run("He said “it’s Nvidia’s call” in the ’90s."),
            "He said “it's Nvidia's call” in the ’90s."
        );
        assert_eq!(run("他说“好”。「それ」"), "他说“好”。「それ」");
        assert_eq!(run("东京’s"), "东京’s");
    }

    #[test]
    fn dashes_and_minus() {
        assert_eq!(run("1995–2001, −5%, e‑mail"), "1995-2001, -5%, e-mail");
        assert_eq!(run("model — and 東京–大阪"), "model — and 東京–大阪");
    }
}
