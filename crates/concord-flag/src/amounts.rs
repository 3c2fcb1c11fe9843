//! Canonical amounts from the facts stage, read back for comparison:
//! numbers (`48000`, `1.43`), money (`USD 250000000`) and percentages
//! (`20%`).
//!
//! Scale words and scripts are already gone in the canonical value
//! (`$250 million` and `2.5亿美元` are both `USD 250000000`), but precision is
//! not: a writer who says `1.4 trillion` where another says `1.43 trillion`
//! is rounding, not contradicting. The precision of a canonical value is read
//! from its digits (trailing zeros of an integer are taken as not
//! significant, every written decimal as significant), and two amounts agree
//! when the finer one, rounded to the coarser one's last significant digit,
//! equals the coarser one, and they are within a relative tolerance (so
//! `100` does not swallow `120`, although `120` rounds to `100`).

use concord_core::FactKind;

/// A parsed canonical amount.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Amount {
    /// ISO 4217 code for money, the reference unit of a quantity (`m`,
    /// `W`), empty otherwise.
    pub(crate) currency: String,
    /// The value.
    pub(crate) value: f64,
    /// Power of ten of the last significant digit (`48000` → 3, `1.43` → -2).
    last_digit: i32,
}

impl Amount {
    /// Read `normalized` as an amount of `kind` (number, money or percent).
    pub(crate) fn parse(kind: FactKind, normalized: &str) -> Option<Self> {
        let (currency, num) = match kind {
            FactKind::Money => {
                let (c, n) = normalized.trim().split_once(' ')?;
                (c.to_owned(), n.trim())
            }
            FactKind::Percent => (String::new(), normalized.trim().trim_end_matches('%')),
            // A quantity carries its reference unit (`58000 m`), kept in
            // `currency`: amounts of different units are never compared.
            FactKind::Number => match normalized.trim().split_once(' ') {
                Some((n, unit)) => (unit.trim().to_owned(), n.trim()),
                None => (String::new(), normalized.trim()),
            },
            _ => return None,
        };
        let value: f64 = num.parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        Some(Self {
            currency,
            value,
            last_digit: last_significant_digit(num)?,
        })
    }

    /// Equal up to the coarser value's precision, within `max_relative`.
    pub(crate) fn agrees(&self, other: &Self, max_relative: f64) -> bool {
        if self.currency != other.currency {
            return false;
        }
        if self.value == other.value {
            return true;
        }
        let (coarse, fine) = if self.last_digit >= other.last_digit {
            (self, other)
        } else {
            (other, self)
        };
        let unit = 10f64.powi(coarse.last_digit);
        if !unit.is_finite() || unit == 0.0 {
            return false;
        }
        // News rounds and truncates headline figures alike (`1,436,000` is
        // "1.44 million" or "143万").
        let coarse_units = (coarse.value / unit).round();
        let rounds_to = (fine.value / unit).round() == coarse_units
            || (fine.value / unit).trunc() == coarse_units;
        rounds_to && relative_difference(self.value, other.value) <= max_relative
    }

    /// The same number, whatever the currency: equal, rounded or truncated
    /// at the coarser value's precision (see [`Amount::agrees`]).
    pub(crate) fn same_number(&self, other: &Self, max_relative: f64) -> bool {
        let strip = |a: &Self| Self {
            currency: String::new(),
            ..a.clone()
        };
        strip(self).agrees(&strip(other), max_relative)
    }

    /// Whether two different values look like one value copied wrongly, the
    /// way numbers are mistyped and mistranslated: the same significant
    /// digits in another order (`612,000` / `621,000`), one significant
    /// digit changed in a number of at least two (`143` / `134` is the
    /// former, `286` / `268` too, `1,240` / `1,250` the latter), or the same
    /// digits at another scale (`5000万` / `5亿`, a slipped 万/亿, in numbers of
    /// at least 1,000). Single digits carry no such
    /// evidence: any two differ in "one digit".
    pub(crate) fn error_like(&self, other: &Self) -> bool {
        let (x, y) = (
            significant_digits(self.value),
            significant_digits(other.value),
        );
        if x == y {
            // Same digits at another scale: a slipped 万/亿/million, which
            // only big numbers have.
            return self.value.abs().min(other.value.abs()) >= 1000.0;
        }
        if x.len() < 2 && y.len() < 2 {
            return false;
        }
        if x.len() != y.len() {
            return false;
        }
        let mut sx: Vec<char> = x.chars().collect();
        let mut sy: Vec<char> = y.chars().collect();
        let changed = sx.iter().zip(&sy).filter(|(a, b)| a != b).count();
        sx.sort_unstable();
        sy.sort_unstable();
        changed == 1 || sx == sy
    }

    /// How alike two amounts of the same currency are, in `[0, 1]`, on a log
    /// scale: 1 for equal, 0 at `max_ratio` apart or more.
    pub(crate) fn closeness(&self, other: &Self, max_ratio: f64) -> f64 {
        let (lo, hi) = (
            self.value.abs().min(other.value.abs()),
            self.value.abs().max(other.value.abs()),
        );
        if (self.value < 0.0) != (other.value < 0.0) && hi > 0.0 && lo > 0.0 {
            return 0.0;
        }
        let ratio = if lo > 0.0 { hi / lo } else { f64::INFINITY };
        if max_ratio <= 1.0 {
            return if ratio <= 1.0 { 1.0 } else { 0.0 };
        }
        (1.0 - ratio.ln() / max_ratio.ln()).clamp(0.0, 1.0)
    }

    /// The larger is at most `max_ratio` times the smaller.
    pub(crate) fn within_ratio(&self, other: &Self, max_ratio: f64) -> bool {
        let (lo, hi) = (
            self.value.abs().min(other.value.abs()),
            self.value.abs().max(other.value.abs()),
        );
        lo > 0.0 && hi / lo <= max_ratio.max(1.0)
    }
}

/// The significant digits of a value (`48000` → `48`, `1.436` → `1436`).
fn significant_digits(v: f64) -> String {
    let s = format!("{}", v.abs());
    s.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .trim_start_matches('0')
        .trim_end_matches('0')
        .to_owned()
}

/// `|a - b| / max(|a|, |b|)`.
fn relative_difference(a: f64, b: f64) -> f64 {
    let m = a.abs().max(b.abs());
    if m == 0.0 {
        0.0
    } else {
        (a - b).abs() / m
    }
}

/// Power of ten of the last significant digit of a plain decimal string.
fn last_significant_digit(num: &str) -> Option<i32> {
    let num = num.trim_start_matches(['-', '+']);
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) || int.len() + frac.len() == 0 {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        return i32::try_from(frac.len()).ok().map(|n| -n);
    }
    let int = int.trim_start_matches('0');
    if int.is_empty() {
        return Some(0);
    }
    let zeros = int.len() - int.trim_end_matches('0').len();
    i32::try_from(zeros).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use FactKind::{Money, Number, Percent};

    fn amt(kind: FactKind, s: &str) -> Amount {
        match Amount::parse(kind, s) {
            Some(a) => a,
            None => panic!("unparsable {s}"),
        }
    }

    fn agree(kind: FactKind, a: &str, b: &str) -> bool {
        let (x, y) = (amt(kind, a), amt(kind, b));
        let r = x.agrees(&y, 0.05);
        assert_eq!(r, y.agrees(&x, 0.05), "asymmetric {a} {b}");
        r
    }

    #[test]
    fn precision_is_read_from_digits() {
        assert_eq!(last_significant_digit("48000"), Some(3));
        assert_eq!(last_significant_digit("1400000000000"), Some(11));
        assert_eq!(last_significant_digit("1.43"), Some(-2));
        assert_eq!(last_significant_digit("0.8"), Some(-1));
        assert_eq!(last_significant_digit("0"), Some(0));
        assert_eq!(last_significant_digit("7"), Some(0));
        assert_eq!(last_significant_digit("1e5"), None);
        assert_eq!(last_significant_digit(""), None);
    }

    #[test]
    fn rounding_is_not_a_conflict() {
        // "1.4 trillion" vs "1.43兆".
        assert!(agree(Number, "1400000000000", "1430000000000"));
        assert!(agree(Money, "USD 1400000000000", "USD 1430000000000"));
        // "about 1,000" vs "1,030".
        assert!(agree(Number, "1000", "1030"));
        assert!(agree(Percent, "7%", "7.3%"));
        // Same precision, different value.
        assert!(!agree(Number, "48000", "49000"));
        assert!(!agree(Number, "1400000000000", "1500000000000"));
        // Rounds to it, but too far apart to be rounding.
        assert!(!agree(Number, "100", "120"));
        assert!(!agree(Percent, "20%", "25%"));
        // Different currencies never agree.
        assert!(!agree(Money, "USD 250000000", "JPY 250000000"));
        assert!(agree(Money, "USD 250000000", "USD 250000000"));
    }

    #[test]
    fn closeness_and_ratio() {
        let (a, b) = (amt(Number, "100"), amt(Number, "120"));
        assert!(a.closeness(&b, 10.0) > 0.9);
        assert!(a.within_ratio(&b, 10.0));
        let c = amt(Number, "5000");
        assert_eq!(a.closeness(&c, 10.0), 0.0);
        assert!(!a.within_ratio(&c, 10.0));
        assert!(Amount::parse(Money, "250000000").is_none());
        assert!(Amount::parse(FactKind::Date, "2026").is_none());
    }
}
