//! Reading canonical dates back: which fields a date fact carries.

/// What a canonical date (see the crate docs) says, from most to least
/// precise. A range has the precision of its ends (both ends always carry
/// the same fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// `2026-06-26`.
    YearMonthDay,
    /// `--06-26`: day and month, year not written.
    MonthDay,
    /// `2026-06`.
    YearMonth,
    /// `--06`: a month, year not written.
    Month,
    /// `2026`.
    Year,
}

impl DatePrecision {
    /// True if the year is written.
    pub const fn has_year(self) -> bool {
        matches!(self, Self::YearMonthDay | Self::YearMonth | Self::Year)
    }

    /// True if the month is written.
    pub const fn has_month(self) -> bool {
        !matches!(self, Self::Year)
    }

    /// True if the day is written.
    pub const fn has_day(self) -> bool {
        matches!(self, Self::YearMonthDay | Self::MonthDay)
    }
}

/// Precision of a canonical date value (`2026-06-26`, `--06-26`, `2026-06`,
/// `--06`, `2026`, or a range `A/B` of those), `None` if `normalized` is not
/// one. Two dates can only disagree on fields both carry: `--06-26` and
/// `2026-06-27` disagree on the day, `2026` and `--06-26` cannot be compared.
///
/// ```
/// use concord_facts::{date_precision, DatePrecision};
///
/// assert_eq!(date_precision("2026-06-26"), Some(DatePrecision::YearMonthDay));
/// assert_eq!(date_precision("--06-26"), Some(DatePrecision::MonthDay));
/// assert_eq!(date_precision("1995/2001"), Some(DatePrecision::Year));
/// assert!(!DatePrecision::MonthDay.has_year());
/// assert_eq!(date_precision("June"), None);
/// ```
pub fn date_precision(normalized: &str) -> Option<DatePrecision> {
    let mut ends = normalized.split('/');
    let first = point_precision(ends.next()?)?;
    match (ends.next(), ends.next()) {
        (None, _) => Some(first),
        (Some(b), None) if point_precision(b)? == first => Some(first),
        _ => None,
    }
}

fn point_precision(s: &str) -> Option<DatePrecision> {
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = s.strip_prefix("--") {
        let mut parts = rest.split('-');
        let m = parts.next()?;
        if !digits(m, 2) {
            return None;
        }
        return match (parts.next(), parts.next()) {
            (None, _) => Some(DatePrecision::Month),
            (Some(d), None) if digits(d, 2) => Some(DatePrecision::MonthDay),
            _ => None,
        };
    }
    let mut parts = s.split('-');
    let y = parts.next()?;
    if !digits(y, 4) {
        return None;
    }
    match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => Some(DatePrecision::Year),
        (Some(m), None, _) if digits(m, 2) => Some(DatePrecision::YearMonth),
        (Some(m), Some(d), None) if digits(m, 2) && digits(d, 2) => {
            Some(DatePrecision::YearMonthDay)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precisions() {
        use DatePrecision::*;
        assert_eq!(date_precision("2026-06"), Some(YearMonth));
        assert_eq!(date_precision("--06"), Some(Month));
        assert_eq!(date_precision("2026"), Some(Year));
        assert_eq!(date_precision("--06-12/--06-26"), Some(MonthDay));
        assert_eq!(date_precision("2026-06-12/2026-06"), None);
        assert_eq!(date_precision("2026-6-1"), None);
        assert_eq!(date_precision(""), None);
        assert_eq!(date_precision("a/b/c"), None);
        assert!(YearMonthDay.has_day() && YearMonthDay.has_year());
        assert!(!Year.has_month());
    }
}
