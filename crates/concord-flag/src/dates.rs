//! Canonical dates from the facts stage, read back for comparison:
//! `2026-06-26`, `--06-26`, `2026-06`, `--06`, `2026`, and intervals `A/B`.
//!
//! Every value is turned into an interval of days on a simplified calendar
//! (12 months of 31 days), which makes precision explicit: `2026-06` covers
//! the whole of June 2026, `2026-06-26` a single day, `--06-12/--06-26` a
//! fortnight. When either value has no year, both are compared on month and
//! day only (a `--06-26` written without a year cannot contradict a year).
//!
//! * Two single dates **agree** when one interval contains the other: a
//!   coarser date that contains the finer one is not a conflict (`June 2026`
//!   vs `2026-06-26`), a coarser one that does not is (`July 2026` vs
//!   `2026-06-26`), and two dates of the same precision agree only if equal.
//! * Two intervals agree when their starts agree and their ends agree.
//! * A single date and an interval agree when they overlap.
//! * Values that share no field (`2026` vs `--06-27`) cannot be compared.

/// Days per month and per year on the simplified calendar.
const MONTH_DAYS: i64 = 31;
const YEAR_DAYS: i64 = 12 * MONTH_DAYS;

/// One point of a date, at whatever precision was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DatePoint {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
}

impl DatePoint {
    fn parse(s: &str) -> Option<Self> {
        let num = |t: &str| -> Option<i64> {
            (!t.is_empty() && t.len() <= 6 && t.chars().all(|c| c.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let (year, rest) = match s.strip_prefix("--") {
            Some(rest) => (None, rest),
            None => {
                let (y, rest) = s.split_once('-').unwrap_or((s, ""));
                (Some(num(y)?), rest)
            }
        };
        let mut parts = rest.split('-').filter(|p| !p.is_empty());
        let month = match parts.next() {
            Some(t) => Some(num(t).filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match parts.next() {
            Some(t) => Some(num(t).filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        if parts.next().is_some() || (year.is_none() && month.is_none()) {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// First and last day covered, with or without the year. `None` when
    /// the point lacks what the mode needs (a year, or a month without year).
    fn bounds(&self, with_year: bool) -> Option<(i64, i64)> {
        let base = if with_year {
            self.year? * YEAR_DAYS
        } else {
            self.month?;
            0
        };
        let (m_lo, m_hi) = match self.month {
            Some(m) => (m - 1, m - 1),
            None => (0, 11),
        };
        let (d_lo, d_hi) = match self.day {
            Some(d) => (d - 1, d - 1),
            None => (0, MONTH_DAYS - 1),
        };
        Some((
            base + m_lo * MONTH_DAYS + d_lo,
            base + m_hi * MONTH_DAYS + d_hi,
        ))
    }
}

/// A single date or an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateValue {
    Point(DatePoint),
    Range(DatePoint, DatePoint),
}

/// How two date values relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRelation {
    /// No shared field: nothing can be said.
    Incomparable,
    /// No contradiction.
    Agree,
    /// They contradict each other; roughly this many days apart.
    Conflict {
        /// Days between the nearest ends of the two intervals.
        days: u64,
        /// Whether both were written at the same precision.
        same_precision: bool,
    },
}

impl DateValue {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s.split_once('/') {
            Some((a, b)) => Some(Self::Range(DatePoint::parse(a)?, DatePoint::parse(b)?)),
            None => Some(Self::Point(DatePoint::parse(s)?)),
        }
    }

    fn points(&self) -> (DatePoint, DatePoint) {
        match *self {
            DateValue::Point(p) => (p, p),
            DateValue::Range(a, b) => (a, b),
        }
    }

    /// Both ends have a year.
    fn has_year(&self) -> bool {
        let (a, b) = self.points();
        a.year.is_some() && b.year.is_some()
    }

    fn bounds(&self, with_year: bool) -> Option<(i64, i64)> {
        let (a, b) = self.points();
        let (lo, _) = a.bounds(with_year)?;
        let (_, hi) = b.bounds(with_year)?;
        Some((lo.min(hi), hi.max(lo)))
    }

    fn precision(&self) -> (bool, bool, bool) {
        let (a, _) = self.points();
        (a.year.is_some(), a.month.is_some(), a.day.is_some())
    }

    /// Compare two values (see the module documentation).
    pub(crate) fn relation(&self, other: &Self) -> DateRelation {
        use DateValue::{Point, Range};
        let with_year = self.has_year() && other.has_year();
        let (Some(x), Some(y)) = (self.bounds(with_year), other.bounds(with_year)) else {
            return DateRelation::Incomparable;
        };
        let contains = |p: (i64, i64), q: (i64, i64)| p.0 <= q.0 && q.1 <= p.1;
        let overlaps = x.0 <= y.1 && y.0 <= x.1;
        let agree = match (self, other) {
            (Point(_), Point(_)) => contains(x, y) || contains(y, x),
            (Range(a1, a2), Range(b1, b2)) => {
                Point(*a1).relation(&Point(*b1)) == DateRelation::Agree
                    && Point(*a2).relation(&Point(*b2)) == DateRelation::Agree
            }
            _ => overlaps,
        };
        if agree {
            return DateRelation::Agree;
        }
        let days = if overlaps {
            // Ranges that overlap but disagree at an end.
            (x.0 - y.0).abs().max((x.1 - y.1).abs())
        } else if x.1 < y.0 {
            y.0 - x.1
        } else {
            x.0 - y.1
        };
        DateRelation::Conflict {
            days: days.unsigned_abs(),
            same_precision: self.precision() == other.precision()
                && matches!((self, other), (Point(_), Point(_)) | (Range(..), Range(..))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> DateValue {
        match DateValue::parse(s) {
            Some(v) => v,
            None => panic!("unparsable {s}"),
        }
    }

    fn rel(a: &str, b: &str) -> DateRelation {
        let r = p(a).relation(&p(b));
        assert_eq!(r, p(b).relation(&p(a)), "asymmetric for {a} vs {b}");
        r
    }

    fn conflict(a: &str, b: &str) -> Option<u64> {
        match rel(a, b) {
            DateRelation::Conflict { days, .. } => Some(days),
            _ => None,
        }
    }

    #[test]
    fn parses_all_precisions() {
        for s in [
            "2026-06-26",
            "--06-26",
            "2026-06",
            "--06",
            "2026",
            "1995/2001",
            "--06-12/--06-26",
        ] {
            assert!(DateValue::parse(s).is_some(), "{s}");
        }
        for s in [
            "",
            "--",
            "June",
            "2026-xx",
            "2026-06-26-01",
            "2026-13",
            "2026-06-32",
            "99999999999999999999",
        ] {
            assert!(DateValue::parse(s).is_none(), "{s}");
        }
    }

    #[test]
    fn formats_and_precision_agree() {
        // `June 26` (no year) vs `2026-06-26`.
        assert_eq!(rel("2026-06-26", "--06-26"), DateRelation::Agree);
        // `June 2026` contains `2026年6月26日`.
        assert_eq!(rel("2026-06", "2026-06-26"), DateRelation::Agree);
        assert_eq!(rel("2026", "2026-06"), DateRelation::Agree);
        assert_eq!(rel("--06", "2026-06-26"), DateRelation::Agree);
        // Year only vs month-day: nothing shared.
        assert_eq!(rel("2026", "--06-27"), DateRelation::Incomparable);
    }

    #[test]
    fn conflicts() {
        assert_eq!(conflict("--06-26", "2026-06-27"), Some(1));
        assert_eq!(conflict("--06-26", "--06-27"), Some(1));
        // A coarser date that does not contain the finer one.
        assert!(conflict("2026-07", "2026-06-26").is_some());
        assert!(conflict("2025", "2026-06-26").is_some());
        assert_eq!(
            rel("2025-06-26", "2026-06-26"),
            DateRelation::Conflict {
                days: 372,
                same_precision: true
            }
        );
        assert_eq!(
            rel("2026-07", "2026-06-26"),
            DateRelation::Conflict {
                days: 6,
                same_precision: false
            }
        );
    }

    #[test]
    fn ranges() {
        // A point on or inside a range agrees with it.
        assert_eq!(rel("--06-26", "--06-12/--06-26"), DateRelation::Agree);
        assert_eq!(rel("--06-20", "--06-12/--06-26"), DateRelation::Agree);
        assert_eq!(rel("2026-06", "2026-06-12/2026-06-26"), DateRelation::Agree);
        // Outside it does not.
        assert_eq!(conflict("--06-27", "--06-12/--06-26"), Some(1));
        // Ranges must agree at both ends.
        assert_eq!(rel("1995/2001", "1995/2001"), DateRelation::Agree);
        assert_eq!(conflict("--06-12/--06-26", "--06-12/--06-27"), Some(1));
        assert_eq!(rel("1995/2001", "1995-03/2001"), DateRelation::Agree);
    }
}
