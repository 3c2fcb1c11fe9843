//! What a number counts, from the word that follows it: `19 people` /
//! `19人` count people, `6 cargoes` / `5船` shiploads, `3 days` / `3天` a
//! length of time.
//!
//! Two independent reports of one story state many counts, and after the
//! agreeing ones are paired a leftover count on each side may be of
//! different things ("six satellites" / "4 people"). When both counts name
//! what they count and the two classes differ, they fill different slots.
//! A count that names nothing (`143 injured`, `the 4`) keeps the other
//! rules. The classes are the ordinary counters and count nouns of news in
//! the three languages (Chinese and Japanese measure words, English plural
//! nouns); a word in no class says nothing.

/// Counter classes: the class and its words. English words match the first
/// word after the number (case folded); Chinese and Japanese counters the
/// characters right after it.
#[rustfmt::skip]
const CLASSES: &[(&str, &[&str])] = &[
    ("person", &[
        "people", "persons", "person", "residents", "passengers", "workers", "employees",
        "students", "children", "patients", "victims", "officers", "soldiers", "miners",
        "人次", "人", "名", "位",
    ]),
    ("vehicle", &["vehicles", "cars", "trucks", "buses", "trains", "units", "辆", "輛", "台"]),
    ("vessel", &["ships", "vessels", "boats", "cargoes", "shipments", "艘", "隻", "船"]),
    ("craft", &["satellites", "aircraft", "planes", "jets", "rockets", "flights", "颗", "顆", "架", "基", "機", "便"]),
    ("occurrence", &["times", "cases", "incidents", "accidents", "attacks", "次", "回", "起", "例"]),
    ("building", &["houses", "homes", "buildings", "households", "栋", "棟", "户", "戸", "世帯"]),
    ("duration", &[
        "seconds", "minutes", "hours", "days", "weeks", "months", "years",
        "秒钟", "秒間", "分钟", "分間", "小时", "時間", "天", "日間", "周", "週間",
        "个月", "か月", "ヶ月", "カ月", "年間",
    ]),
    ("region", &["countries", "cities", "provinces", "prefectures", "states", "个国家", "カ国", "か国"]),
];

/// The class of what the number ending at byte `end` of `text` counts.
pub(crate) fn counter_class(text: &str, end: usize) -> Option<&'static str> {
    let after = text.get(end..)?;
    let cjk = after.trim_start_matches(['个', '個']);
    for (class, words) in CLASSES {
        if words
            .iter()
            .any(|w| !w.is_ascii() && (after.starts_with(w) || cjk.starts_with(w)))
        {
            return Some(class);
        }
    }
    let word: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if word.is_empty() {
        return None;
    }
    CLASSES
        .iter()
        .find(|(_, words)| words.iter().any(|w| w.is_ascii() && *w == word))
        .map(|(class, _)| *class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_after(text: &str, number: &str) -> Option<&'static str> {
        let at = text.find(number)? + number.len();
        counter_class(text, at)
    }

    #[test]
    fn counters_in_three_languages() {
        assert_eq!(class_after("killing 19 people", "19"), Some("person"));
        assert_eq!(class_after("19人が死亡", "19"), Some("person"));
        assert_eq!(class_after("共5船，总价", "5"), Some("vessel"));
        assert_eq!(class_after("in six cargoes worth", "six"), Some("vessel"));
        assert_eq!(class_after("衛星7基はすべて", "7"), Some("craft"));
        assert_eq!(class_after("16节车厢", "16"), None);
        assert_eq!(class_after("143 injured", "143"), None);
        assert_eq!(class_after("for 3 days", "3"), Some("duration"));
        assert_eq!(class_after("持续3个月", "3"), Some("duration"));
        assert_eq!(class_after("3个国家", "3"), Some("region"));
    }
}
