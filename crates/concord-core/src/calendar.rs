//! Proleptic Gregorian calendar arithmetic (Howard Hinnant's algorithms):
//! days since 1970-01-01 to and from year, month and day. One place for the
//! date arithmetic that datelines, relative dates, events and manifests need.

/// Days since 1970-01-01 of `year-month-day`; `None` for a month outside
/// 1–12 or a day outside the month.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || day < 1 || day > month_len(year, month) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Year, month and day of `days` since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 of a string starting with `YYYY-MM-DD`.
pub fn days_from_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?)
}

/// `YYYY-MM-DD` of `days` since 1970-01-01.
pub fn iso_from_days(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days in `month` of `year`.
pub fn month_len(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_impossible_dates() {
        for d in ["1970-01-01", "2000-02-29", "2026-12-31"] {
            assert_eq!(iso_from_days(days_from_iso(d).unwrap()), d);
        }
        assert_eq!(days_from_iso("1970-01-01"), Some(0));
        assert_eq!(days_from_iso("2026-02-30"), None);
        assert_eq!(days_from_iso("2026-13-01"), None);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
