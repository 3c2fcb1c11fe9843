//! Units of measure after a number: `58 kilometres`, `58公里`,
//! `5万8000メートル`, `128.4 gigawatts`, `1.284亿千瓦`, `42万トン`, `286 km/h`,
//! `时速286公里`.
//!
//! A number with a unit becomes a quantity in the unit's SI base (or the
//! dimension's reference unit): canonical `58000 m`, `128400000000 W`,
//! `420000000000 g`... written `VALUE UNIT`. Then `58 kilometres` agrees with
//! `5万8000メートル`, `128.4 gigawatts` with `1億2840万キロワット`, and
//! `8 miles` disagrees with `8 km`; a length is never compared with a count
//! or a weight. Only exact conversions are listed (the international mile,
//! inch, pound); units whose size depends on context (a "ton" is a metric
//! tonne in news from the three languages, `キロ` a kilogram or a kilometre)
//! take their usual news sense, and temperature scales, which do not convert
//! by a factor, keep their own unit.

use crate::amount::Dec;

/// Unit surfaces (folded text: simplified Chinese, half-width) → reference
/// unit and the factor to it. Longer surfaces are tried first. English
/// surfaces match case-insensitively and must end at a word boundary.
#[rustfmt::skip]
const UNITS: &[(&str, &str, &str)] = &[
    // Speed (before length: `km/h` starts with `km`).
    ("km/h", "m/s", "0.2777777777777778"), ("kph", "m/s", "0.2777777777777778"),
    ("kilometres per hour", "m/s", "0.2777777777777778"),
    ("kilometers per hour", "m/s", "0.2777777777777778"),
    ("公里/小时", "m/s", "0.2777777777777778"), ("公里每小时", "m/s", "0.2777777777777778"),
    ("キロメートル毎時", "m/s", "0.2777777777777778"),
    ("mph", "m/s", "0.44704"), ("miles per hour", "m/s", "0.44704"),
    ("mile per hour", "m/s", "0.44704"),
    // Length.
    ("kilometres", "m", "1000"), ("kilometre", "m", "1000"), ("kilometers", "m", "1000"),
    ("kilometer", "m", "1000"), ("km", "m", "1000"), ("公里", "m", "1000"), ("千米", "m", "1000"),
    ("キロメートル", "m", "1000"), ("キロ メートル", "m", "1000"),
    ("metres", "m", "1"), ("metre", "m", "1"), ("meters", "m", "1"), ("meter", "m", "1"),
    ("メートル", "m", "1"),
    ("centimetres", "m", "0.01"), ("centimetre", "m", "0.01"), ("centimeters", "m", "0.01"),
    ("centimeter", "m", "0.01"), ("cm", "m", "0.01"), ("厘米", "m", "0.01"), ("公分", "m", "0.01"),
    ("センチメートル", "m", "0.01"), ("センチ", "m", "0.01"),
    ("millimetres", "m", "0.001"), ("millimetre", "m", "0.001"), ("millimeters", "m", "0.001"),
    ("millimeter", "m", "0.001"), ("mm", "m", "0.001"), ("毫米", "m", "0.001"),
    ("ミリメートル", "m", "0.001"), ("ミリ", "m", "0.001"),
    ("miles", "m", "1609.344"), ("mile", "m", "1609.344"), ("英里", "m", "1609.344"),
    ("マイル", "m", "1609.344"),
    ("inches", "m", "0.0254"), ("inch", "m", "0.0254"), ("英寸", "m", "0.0254"),
    ("インチ", "m", "0.0254"),
    ("feet", "m", "0.3048"), ("foot", "m", "0.3048"), ("ft", "m", "0.3048"),
    ("英尺", "m", "0.3048"), ("フィート", "m", "0.3048"),
    // Mass.
    ("kilograms", "g", "1000"), ("kilogram", "g", "1000"), ("kg", "g", "1000"),
    ("公斤", "g", "1000"), ("千克", "g", "1000"), ("キログラム", "g", "1000"),
    ("grams", "g", "1"), ("gram", "g", "1"), ("克", "g", "1"), ("グラム", "g", "1"),
    ("tonnes", "g", "1000000"), ("tonne", "g", "1000000"), ("tons", "g", "1000000"),
    ("ton", "g", "1000000"), ("公吨", "g", "1000000"), ("公噸", "g", "1000000"),
    ("吨", "g", "1000000"), ("噸", "g", "1000000"), ("トン", "g", "1000000"),
    ("pounds", "g", "453.59237"), ("lbs", "g", "453.59237"), ("lb", "g", "453.59237"),
    // Power.
    ("gigawatts", "W", "1000000000"), ("gigawatt", "W", "1000000000"), ("GW", "W", "1000000000"),
    ("ギガワット", "W", "1000000000"),
    ("megawatts", "W", "1000000"), ("megawatt", "W", "1000000"), ("MW", "W", "1000000"),
    ("兆瓦", "W", "1000000"), ("メガワット", "W", "1000000"),
    ("kilowatts", "W", "1000"), ("kilowatt", "W", "1000"), ("kW", "W", "1000"),
    ("千瓦", "W", "1000"), ("キロワット", "W", "1000"),
    // Data: decimal prefixes, as storage and breach reports use them.
    ("terabytes", "B", "1000000000000"), ("terabyte", "B", "1000000000000"),
    ("TB", "B", "1000000000000"), ("テラバイト", "B", "1000000000000"),
    ("gigabytes", "B", "1000000000"), ("gigabyte", "B", "1000000000"), ("GB", "B", "1000000000"),
    ("ギガバイト", "B", "1000000000"),
    ("megabytes", "B", "1000000"), ("megabyte", "B", "1000000"), ("MB", "B", "1000000"),
    ("メガバイト", "B", "1000000"),
    // Decades as a length of time (`6 decades` is 60 years; a decade of a
    // calendar is a date, `the 1990s` / `1990年代`).
    ("decades", "yr", "10"), ("decade", "yr", "10"),
    // Temperature: no factor between scales, each its own unit.
    ("°C", "°C", "1"), ("℃", "°C", "1"), ("degrees Celsius", "°C", "1"),
    ("°F", "°F", "1"), ("degrees Fahrenheit", "°F", "1"),
    // Area.
    ("square kilometres", "m2", "1000000"), ("square kilometers", "m2", "1000000"),
    ("平方公里", "m2", "1000000"), ("平方千米", "m2", "1000000"),
    ("平方キロメートル", "m2", "1000000"), ("hectares", "m2", "10000"), ("公顷", "m2", "10000"),
    ("ヘクタール", "m2", "10000"),
];

/// Words before a number that make its length unit a speed (`时速286公里`).
const SPEED_BEFORE: &[&str] = &["时速", "時速"];

/// The unit right after a number ending at `end` in `text` (folded), if
/// any: the end of the unit, its reference unit and its factor.
pub(crate) fn unit_after(
    text: &str,
    start: usize,
    end: usize,
) -> Option<(usize, &'static str, Dec)> {
    let rest = text.get(end..)?;
    let gap = rest.len() - rest.trim_start_matches(' ').len();
    if gap > 1 {
        return None;
    }
    let rest = &rest[gap..];
    let lower = rest.to_lowercase();
    let mut best: Option<(usize, &str, &str)> = None;
    for &(surface, unit, factor) in UNITS {
        let latin = surface.is_ascii();
        let hit = if latin {
            lower.starts_with(&surface.to_lowercase())
                && lower[surface.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_alphanumeric())
                // An ASCII unit needs the space (`58 km`) or a clean join (`58km`).
                && (gap == 1 || surface.len() <= 3)
        } else {
            rest.starts_with(surface)
        };
        if hit && best.is_none_or(|(len, _, _)| surface.len() > len) {
            best = Some((surface.len(), unit, factor));
        }
    }
    let (len, mut unit, mut factor) = best?;
    if unit == "m" && SPEED_BEFORE.iter().any(|w| text[..start].ends_with(w)) {
        unit = "m/s";
        factor = if factor == "1609.344" {
            "0.44704"
        } else {
            "0.2777777777777778"
        };
    }
    Some((end + gap + len, unit, Dec::parse(factor)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str, number: &str) -> Option<(String, &'static str)> {
        let start = text.find(number)?;
        let end = start + number.len();
        unit_after(text, start, end).map(|(e, u, _)| (text[end..e].trim().to_owned(), u))
    }

    #[test]
    fn units_in_three_languages() {
        assert_eq!(
            unit("about 58 kilometres up", "58"),
            Some(("kilometres".into(), "m"))
        );
        assert_eq!(unit("高度约为58公里", "58"), Some(("公里".into(), "m")));
        assert_eq!(unit("时速286公里", "286"), Some(("公里".into(), "m/s")));
        assert_eq!(unit("286 km/h", "286"), Some(("km/h".into(), "m/s")));
        assert_eq!(
            unit("peaked at 128.4 gigawatts", "128.4"),
            Some(("gigawatts".into(), "W"))
        );
        assert_eq!(unit("42万トン", "42万"), Some(("トン".into(), "g")));
        assert_eq!(unit("8 miles from", "8"), Some(("miles".into(), "m")));
        // Not units: words that merely start like one.
        assert_eq!(unit("8 kmart stores", "8"), None);
        assert_eq!(unit("3 models", "3"), None);
    }
}
