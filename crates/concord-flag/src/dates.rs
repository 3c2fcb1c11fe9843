//! Canonical dates from the facts stage, read back for comparison:
//! `2026-06-26`, `--06-26`, `2026-06`, `--06`, `2026`, and intervals `A/B`.

/// One point of a date, at whatever precision was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DatePoint {
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
}

impl DatePoint {
    fn parse(s: &str) -> Option<Self> {
        let num = |t: &str| -> Option<u32> {
            (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
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
            Some(t) => Some(num(t)?),
            None => None,
        };
        let day = match parts.next() {
            Some(t) => Some(num(t)?),
            None => None,
        };
        if parts.next().is_some() || (year.is_none() && month.is_none()) {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// Fields present in both agree (None if they share no field).
    fn agrees(&self, other: &Self) -> Option<bool> {
        let pairs = [
            (self.year, other.year),
            (self.month, other.month),
            (self.day, other.day),
        ];
        let mut shared = false;
        for (x, y) in pairs {
            if let (Some(x), Some(y)) = (x, y) {
                shared = true;
                if x != y {
                    return Some(false);
                }
            }
        }
        shared.then_some(true)
    }

    /// Same fields, or both down to the day (year may be missing on one).
    fn comparable_precision(&self, other: &Self) -> bool {
        let fields = |p: &Self| (p.year.is_some(), p.month.is_some(), p.day.is_some());
        fields(self) == fields(other)
            || (self.month.is_some()
                && self.day.is_some()
                && other.month.is_some()
                && other.day.is_some())
    }

    /// Rough distance in days over the shared fields.
    fn distance_days(&self, other: &Self) -> Option<u64> {
        let d = |x: Option<u32>, y: Option<u32>, w: i64| match (x, y) {
            (Some(x), Some(y)) => (i64::from(x) - i64::from(y)) * w,
            _ => 0,
        };
        let total = d(self.year, other.year, 365)
            + d(self.month, other.month, 30)
            + d(self.day, other.day, 1);
        self.agrees(other)?;
        Some(total.unsigned_abs())
    }
}

/// A single date or an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateValue {
    Point(DatePoint),
    Range(DatePoint, DatePoint),
}

impl DateValue {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s.split_once('/') {
            Some((a, b)) => Some(Self::Range(DatePoint::parse(a)?, DatePoint::parse(b)?)),
            None => Some(Self::Point(DatePoint::parse(s)?)),
        }
    }

    /// No contradiction: the shared fields are equal. A single date agrees
    /// with an interval that starts or ends on it.
    pub(crate) fn agrees(&self, other: &Self) -> bool {
        use DateValue::{Point, Range};
        match (self, other) {
            (Point(a), Point(b)) => a.agrees(b) == Some(true),
            (Range(a1, a2), Range(b1, b2)) => {
                a1.agrees(b1) == Some(true) && a2.agrees(b2) == Some(true)
            }
            (Point(p), Range(r1, r2)) | (Range(r1, r2), Point(p)) => {
                p.agrees(r1) == Some(true) || p.agrees(r2) == Some(true)
            }
        }
    }

    /// Whether the two can be compared at all (a point and an interval cannot).
    pub(crate) fn comparable_precision(&self, other: &Self) -> bool {
        use DateValue::{Point, Range};
        match (self, other) {
            (Point(a), Point(b)) => a.comparable_precision(b),
            (Range(a1, a2), Range(b1, b2)) => {
                a1.comparable_precision(b1) && a2.comparable_precision(b2)
            }
            _ => false,
        }
    }

    pub(crate) fn distance_days(&self, other: &Self) -> Option<u64> {
        use DateValue::{Point, Range};
        match (self, other) {
            (Point(a), Point(b)) => a.distance_days(b),
            (Range(a1, a2), Range(b1, b2)) => Some(a1.distance_days(b1)? + a2.distance_days(b2)?),
            _ => None,
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
        for s in ["", "--", "June", "2026-xx", "2026-06-26-01"] {
            assert!(DateValue::parse(s).is_none(), "{s}");
        }
    }

    #[test]
    fn agreement_and_precision() {
        assert!(p("2026-06-26").agrees(&p("--06-26")));
        assert!(!p("--06-26").agrees(&p("--06-27")));
        assert!(p("2026-06").agrees(&p("2026-06-26")));
        assert!(p("--06-26").comparable_precision(&p("2026-06-27")));
        assert!(!p("2026").comparable_precision(&p("--06-27")));
        assert_eq!(p("--06-26").distance_days(&p("--06-27")), Some(1));
        assert!(p("--06-26").agrees(&p("--06-12/--06-26")));
    }
}
