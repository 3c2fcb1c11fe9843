//! Exact decimal arithmetic and the parsers that turn written amounts
//! (`48,000`, `1.4 trillion`, `4万8000`, `二十七`, `2億5000万`) into plain
//! decimal strings.
//!
//! Floats are avoided on purpose: `1.4 trillion` must become exactly
//! `1400000000000`, and two sides of an alignment must produce byte-equal
//! strings for the same quantity.

use std::cmp::Ordering;

/// A decimal `m / 10^s`, exact, with checked arithmetic (overflow gives `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dec {
    m: i128,
    s: u32,
}

/// Largest scale we accept; more fractional digits than this is not a fact.
const MAX_SCALE: u32 = 18;

impl Dec {
    pub(crate) const ZERO: Dec = Dec { m: 0, s: 0 };

    pub(crate) const fn int(v: i128) -> Dec {
        Dec { m: v, s: 0 }
    }

    fn pow10(e: u32) -> Option<i128> {
        10i128.checked_pow(e)
    }

    fn reduced(mut self) -> Dec {
        while self.s > 0 && self.m % 10 == 0 {
            self.m /= 10;
            self.s -= 1;
        }
        self
    }

    /// Parse ASCII digits with optional `,` thousands separators and one `.`.
    pub(crate) fn parse(text: &str) -> Option<Dec> {
        let mut m: i128 = 0;
        let mut s: u32 = 0;
        let mut seen_dot = false;
        let mut seen_digit = false;
        for c in text.chars() {
            match c {
                '0'..='9' => {
                    m = m.checked_mul(10)?.checked_add(i128::from(c as u8 - b'0'))?;
                    seen_digit = true;
                    if seen_dot {
                        s += 1;
                        if s > MAX_SCALE {
                            return None;
                        }
                    }
                }
                ',' if !seen_dot => {}
                '.' if !seen_dot => seen_dot = true,
                _ => return None,
            }
        }
        seen_digit.then(|| Dec { m, s }.reduced())
    }

    fn aligned(self, other: Dec) -> Option<(i128, i128, u32)> {
        let s = self.s.max(other.s);
        let a = self.m.checked_mul(Self::pow10(s - self.s)?)?;
        let b = other.m.checked_mul(Self::pow10(s - other.s)?)?;
        Some((a, b, s))
    }

    pub(crate) fn add(self, other: Dec) -> Option<Dec> {
        let (a, b, s) = self.aligned(other)?;
        Some(
            Dec {
                m: a.checked_add(b)?,
                s,
            }
            .reduced(),
        )
    }

    pub(crate) fn mul(self, other: Dec) -> Option<Dec> {
        let s = self.s + other.s;
        let d = Dec {
            m: self.m.checked_mul(other.m)?,
            s,
        }
        .reduced();
        (d.s <= MAX_SCALE).then_some(d)
    }

    pub(crate) fn cmp_value(self, other: Dec) -> Option<Ordering> {
        let (a, b, _) = self.aligned(other)?;
        Some(a.cmp(&b))
    }

    pub(crate) fn is_zero(self) -> bool {
        self.m == 0
    }

    /// Significant digits as written (`24` → 2, `35000` → 2, `0.612` → 3).
    pub(crate) fn significant_digits(self) -> u32 {
        let digits = self.m.unsigned_abs().to_string();
        digits.trim_end_matches('0').len().max(1) as u32
    }

    /// Whether this is a power of ten (`1000`, `0.001`): multiplying by it
    /// only moves the decimal point.
    pub(crate) fn is_power_of_ten(self) -> bool {
        let d = self.reduced();
        let digits = d.m.unsigned_abs().to_string();
        d.m > 0 && digits.starts_with('1') && digits[1..].bytes().all(|b| b == b'0')
    }

    /// Rounded (half away from zero) to `digits` significant digits.
    pub(crate) fn round_significant(self, digits: u32) -> Dec {
        let d = self.reduced();
        let len = d.m.unsigned_abs().to_string().len() as u32;
        let Some(drop) = len.checked_sub(digits.max(1)).filter(|&x| x > 0) else {
            return d;
        };
        let Some(unit) = Self::pow10(drop) else {
            return d;
        };
        let half = unit / 2;
        let magnitude = (d.m.abs() + half) / unit * unit;
        Dec {
            m: if d.m < 0 { -magnitude } else { magnitude },
            s: d.s,
        }
        .reduced()
    }

    /// Plain decimal text: `48000`, `1.5`, never a trailing `.0`.
    pub(crate) fn render(self) -> String {
        let d = self.reduced();
        let neg = d.m < 0;
        let digits = d.m.unsigned_abs().to_string();
        let s = d.s as usize;
        let body = if s == 0 {
            digits
        } else if digits.len() > s {
            let (i, f) = digits.split_at(digits.len() - s);
            format!("{i}.{f}")
        } else {
            format!("0.{}{}", "0".repeat(s - digits.len()), digits)
        };
        if neg {
            format!("-{body}")
        } else {
            body
        }
    }
}

/// Value of a CJK numeral digit (`〇`…`九`, `两`), if it is one.
pub(crate) fn cjk_digit(c: char) -> Option<i128> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壱' => 1,
        '二' | '两' | '兩' | '弐' => 2,
        '三' | '参' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Multipliers below ten thousand (`十`, `百`, `千`): they scale one section.
pub(crate) fn cjk_small_unit(c: char) -> Option<i128> {
    Some(match c {
        '十' | '拾' => 10,
        '百' => 100,
        '千' => 1_000,
        _ => return None,
    })
}

/// Myriad-based multipliers (`万`, `亿`/`億`, `兆`): they close a section.
///
/// `兆` is taken as 10^12 (its Japanese and traditional meaning); mainland
/// Chinese sometimes uses it for 10^6, which we do not try to guess.
pub(crate) fn cjk_big_unit(c: char) -> Option<i128> {
    Some(match c {
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        '兆' => 1_000_000_000_000,
        _ => return None,
    })
}

/// English scale words and abbreviations (lower-case).
pub(crate) fn en_scale(word: &str) -> Option<i128> {
    Some(match word.to_ascii_lowercase().as_str() {
        "hundred" => 100,
        "thousand" | "k" => 1_000,
        "million" | "mn" | "m" | "mln" => 1_000_000,
        "billion" | "bn" | "b" => 1_000_000_000,
        "trillion" | "tn" => 1_000_000_000_000,
        _ => return None,
    })
}

/// Value of an English number word below one hundred, and whether it is a
/// multiple of ten (`twenty`).
fn en_small_word(word: &str) -> Option<(i128, bool)> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|u| *u == word) {
        return Some((i as i128, false));
    }
    TENS.iter()
        .position(|t| *t == word)
        .map(|i| ((i as i128 + 2) * 10, true))
}

/// Regex alternation of the English number words (lower case).
pub(crate) const EN_NUMBER_WORDS: &str = "zero|one|two|three|four|five|six|seven|eight|nine|ten|\
eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|\
forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion";

/// Parse a number written in English words: `three`, `twenty-five`,
/// `one hundred and five`, `two million`, `three hundred thousand`.
/// Ill-formed sequences (`two three`, `hundred`, `twenty twelve`) are `None`.
pub(crate) fn parse_en_words(text: &str) -> Option<Dec> {
    #[derive(PartialEq, Clone, Copy)]
    enum Last {
        Start,
        Unit,
        Tens,
        Hundred,
        Scale,
        And,
    }
    let mut total: i128 = 0;
    let mut current: i128 = 0;
    let mut last = Last::Start;
    let mut last_scale = i128::MAX;
    let lower = text.to_ascii_lowercase();
    for word in lower.split(|c: char| c.is_whitespace() || c == '-') {
        if word.is_empty() {
            continue;
        }
        if word == "and" {
            if !matches!(last, Last::Hundred | Last::Scale) {
                return None;
            }
            last = Last::And;
            continue;
        }
        if let Some((v, tens)) = en_small_word(word) {
            let ok = match last {
                Last::Start | Last::Hundred | Last::Scale | Last::And => true,
                Last::Tens => !tens && v < 10 && v > 0,
                Last::Unit => false,
            };
            if !ok {
                return None;
            }
            current += v;
            last = if tens { Last::Tens } else { Last::Unit };
            continue;
        }
        if word == "hundred" {
            if !matches!(last, Last::Unit | Last::Tens) || current == 0 || current >= 100 {
                return None;
            }
            current *= 100;
            last = Last::Hundred;
            continue;
        }
        let scale = match word {
            "thousand" => 1_000,
            "million" => 1_000_000,
            "billion" => 1_000_000_000,
            "trillion" => 1_000_000_000_000,
            _ => return None,
        };
        if current == 0 || scale >= last_scale || last == Last::And {
            return None;
        }
        total = total.checked_add(current.checked_mul(scale)?)?;
        current = 0;
        last_scale = scale;
        last = Last::Scale;
    }
    if matches!(last, Last::Start | Last::And) {
        return None;
    }
    Some(Dec::int(total.checked_add(current)?))
}

/// Parse an amount written with Arabic digits, CJK numerals, English
/// number words and/or scale words into an exact decimal. Returns `None`
/// for anything malformed.
pub(crate) fn parse_amount(text: &str) -> Option<Dec> {
    let text = text.trim();
    if text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return parse_en_words(text);
    }
    // English "1.4 trillion" / "5bn".
    let split = text
        .char_indices()
        .find(|&(_, c)| c.is_ascii_alphabetic())
        .map(|(i, _)| i);
    if let Some(i) = split {
        let scale = en_scale(text[i..].trim())?;
        return Dec::parse(text[..i].trim())?.mul(Dec::int(scale));
    }
    parse_cjk_mixed(text)
}

/// Parse CJK-style numbers, where Arabic digit runs and CJK numerals may mix:
/// `4.8万`, `4万8000`, `2億5000万`, `二十七`, `一百零五`, `二〇二六`, `3千万`.
///
/// Sections between myriad units are summed; a larger myriad unit after a
/// smaller one multiplies everything so far (`一万亿` = 10^12).
pub(crate) fn parse_cjk_mixed(text: &str) -> Option<Dec> {
    // "五点三" = 5.3: CJK digits after 点 are decimals.
    if let Some((int, frac)) = text.split_once('点') {
        let mut v = parse_cjk_mixed(int)?;
        let mut scale = Dec::int(1);
        let tenth = Dec::parse("0.1")?;
        for c in frac.chars() {
            scale = scale.mul(tenth)?;
            v = v.add(Dec::int(cjk_digit(c)?).mul(scale)?)?;
        }
        return (!frac.is_empty()).then_some(v);
    }
    let mut total = Dec::ZERO;
    let mut section = Dec::ZERO;
    let mut num: Option<Dec> = None;
    let mut any = false;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_ascii_digit() {
            if num.is_some() {
                return None;
            }
            let mut j = i;
            while j < chars.len() && matches!(chars[j].1, '0'..='9' | '.' | ',') {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            num = Some(Dec::parse(&text[pos..end])?);
            any = true;
            i = j;
            continue;
        }
        if let Some(d) = cjk_digit(c) {
            let prev = num.unwrap_or(Dec::ZERO);
            num = Some(prev.mul(Dec::int(10))?.add(Dec::int(d))?);
            any = true;
        } else if let Some(u) = cjk_small_unit(c) {
            section = section.add(num.unwrap_or(Dec::int(1)).mul(Dec::int(u))?)?;
            num = None;
            any = true;
        } else if let Some(u) = cjk_big_unit(c) {
            let mut seg = section.add(num.unwrap_or(Dec::ZERO))?;
            if seg.is_zero() && total.is_zero() {
                seg = Dec::int(1);
            }
            let unit = Dec::int(u);
            total = if total.cmp_value(unit)? == Ordering::Less {
                total.add(seg)?.mul(unit)?
            } else {
                total.add(seg.mul(unit)?)?
            };
            section = Dec::ZERO;
            num = None;
            any = true;
        } else if !c.is_whitespace() {
            return None;
        }
        i += 1;
    }
    if !any {
        return None;
    }
    total.add(section)?.add(num.unwrap_or(Dec::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amt(s: &str) -> Option<String> {
        parse_amount(s).map(Dec::render)
    }

    #[test]
    fn parses_arabic_and_english_scales() {
        assert_eq!(amt("48,000").as_deref(), Some("48000"));
        assert_eq!(amt("1.5").as_deref(), Some("1.5"));
        assert_eq!(amt("1.50").as_deref(), Some("1.5"));
        assert_eq!(amt("1.4 trillion").as_deref(), Some("1400000000000"));
        assert_eq!(amt("250 million").as_deref(), Some("250000000"));
        assert_eq!(amt("5bn").as_deref(), Some("5000000000"));
        assert_eq!(amt("0.05").as_deref(), Some("0.05"));
        assert_eq!(amt("3 zillion"), None);
    }

    #[test]
    fn parses_cjk_numbers() {
        assert_eq!(amt("4.8万").as_deref(), Some("48000"));
        assert_eq!(amt("4万8000").as_deref(), Some("48000"));
        assert_eq!(amt("2億5000万").as_deref(), Some("250000000"));
        assert_eq!(amt("1.5亿").as_deref(), Some("150000000"));
        assert_eq!(amt("二十七").as_deref(), Some("27"));
        assert_eq!(amt("十五").as_deref(), Some("15"));
        assert_eq!(amt("一百零五").as_deref(), Some("105"));
        assert_eq!(amt("两千").as_deref(), Some("2000"));
        assert_eq!(amt("千").as_deref(), Some("1000"));
        assert_eq!(amt("3千万").as_deref(), Some("30000000"));
        assert_eq!(amt("一万亿").as_deref(), Some("1000000000000"));
        assert_eq!(amt("二〇二六").as_deref(), Some("2026"));
        assert_eq!(amt("10兆").as_deref(), Some("10000000000000"));
        assert_eq!(amt("五点三").as_deref(), Some("5.3"));
        assert_eq!(amt("十二点零五").as_deref(), Some("12.05"));
        assert_eq!(amt("五点"), None);
    }

    #[test]
    fn parses_english_number_words() {
        assert_eq!(amt("three").as_deref(), Some("3"));
        assert_eq!(amt("Twelve").as_deref(), Some("12"));
        assert_eq!(amt("twenty-five").as_deref(), Some("25"));
        assert_eq!(amt("one hundred and five").as_deref(), Some("105"));
        assert_eq!(amt("two million").as_deref(), Some("2000000"));
        assert_eq!(amt("three hundred thousand").as_deref(), Some("300000"));
        assert_eq!(
            amt("one billion two hundred million").as_deref(),
            Some("1200000000")
        );
        assert_eq!(amt("two three"), None);
        assert_eq!(amt("hundred"), None);
        assert_eq!(amt("twenty twelve"), None);
        assert_eq!(amt("million thousand"), None);
        assert_eq!(amt("five and"), None);
    }

    #[test]
    fn overflow_is_none_not_panic() {
        assert_eq!(amt("99999999999999999999999999999999999999999999"), None);
        assert_eq!(amt("9999999999999999999999999999兆兆兆"), None);
    }
}
