//! Japanese names written in kanji and their readings in romaji.
//!
//! A Japanese report writes `三宅彩`, an English one `Aya Miyake`; nothing
//! in the characters says how they are read, so a table does
//! (`data/ja_names.tsv`: the 2,000 most common family names and given names
//! of one or two kanji, from the MIT-licensed japanese-personal-name-dataset,
//! see the file's header). A name is a family name from the table followed
//! by a given name from the table, or a family name alone; every reading of
//! every split is returned, as [`chinese_name_readings`](crate::chinese_name_readings)
//! does for pinyin.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, parsed once.
struct Table {
    family: HashMap<&'static str, Vec<&'static str>>,
    given: HashMap<&'static str, Vec<&'static str>>,
}

const DATA: &str = include_str!("../data/ja_names.tsv");

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut family = HashMap::new();
        let mut given = HashMap::new();
        for line in DATA.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(kind), Some(key), Some(values)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            match kind {
                // `f kanji reading,…`
                "f" => {
                    family.insert(key, values.split(',').collect());
                }
                // `g reading kanji,…`
                "g" => {
                    for spelling in values.split(',') {
                        given.entry(spelling).or_insert_with(Vec::new).push(key);
                    }
                }
                _ => {}
            }
        }
        Table { family, given }
    })
}

/// Readings of `surface` as a Japanese name: `(family, given)` pairs in
/// lower-case romaji, `given` empty for a family name alone. `None` when no
/// split of the surface (two to five kanji) is a listed family name
/// followed by nothing or a listed given name.
///
/// ```
/// let readings = concord_facts::japanese_name_readings("三宅彩").unwrap();
/// assert!(readings.contains(&("miyake".to_owned(), "aya".to_owned())));
/// let alone = concord_facts::japanese_name_readings("石田").unwrap();
/// assert!(alone.contains(&("ishida".to_owned(), String::new())));
/// assert_eq!(concord_facts::japanese_name_readings("経済産業省"), None);
/// ```
pub fn japanese_name_readings(surface: &str) -> Option<Vec<(String, String)>> {
    let chars: Vec<(usize, char)> = surface.char_indices().collect();
    if !(2..=5).contains(&chars.len())
        || !chars
            .iter()
            .all(|&(_, c)| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '々')
    {
        return None;
    }
    let t = table();
    let mut out = Vec::new();
    for split in 1..=chars.len() {
        let at = chars.get(split).map_or(surface.len(), |&(i, _)| i);
        let (family, given) = surface.split_at(at);
        let Some(family_readings) = t.family.get(family) else {
            continue;
        };
        let given_readings: Vec<&str> = if given.is_empty() {
            vec![""]
        } else if let Some(g) = t.given.get(given) {
            g.clone()
        } else {
            continue;
        };
        for f in family_readings {
            for g in &given_readings {
                out.push(((*f).to_owned(), (*g).to_owned()));
            }
        }
    }
    out.sort();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// A Latin name word as English news writes Japanese: lower case, long
/// vowels short (`Satou`, `Satoh` → `sato`; `Ohno` → `ono`).
pub fn romaji_key(word: &str) -> String {
    let mut w = word.to_lowercase();
    for (long, short) in [("ou", "o"), ("oh", "o"), ("uu", "u"), ("oo", "o")] {
        w = w.replace(long, short);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_and_given_names() {
        let r = japanese_name_readings("杉浦直樹").unwrap();
        assert!(r.contains(&("sugiura".to_owned(), "naoki".to_owned())));
        let r = japanese_name_readings("丸山").unwrap();
        assert!(r.iter().any(|(f, g)| f == "maruyama" && g.is_empty()));
        assert_eq!(japanese_name_readings("a丸山"), None);
        assert_eq!(japanese_name_readings("丸"), None);
        assert_eq!(romaji_key("Satoh"), "sato");
        assert_eq!(romaji_key("Yuuko"), "yuko");
    }
}
