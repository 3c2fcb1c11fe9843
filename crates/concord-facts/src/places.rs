//! Places with one canonical id in all three languages: the first-level
//! divisions of China (ISO 3166-2:CN provinces, autonomous regions and
//! municipalities) and Japan (ISO 3166-2:JP prefectures), and Taiwan's
//! special municipalities and provincial cities, whose English names
//! (Wade–Giles and postal forms such as `Hsinchu`, `Kaohsiung`) cannot be
//! derived from pinyin.
//!
//! A report that puts an event in the wrong province or prefecture
//! (`Aichi` for `静岡県`) can then be caught across scripts; a place named
//! in two scripts (`Zhejiang` / `浙江省`) agrees. Surfaces are matched on the
//! folded text (simplified Chinese), with the division's suffix taken in
//! (`省`, `県`/`县`, `府`, `都`, `市`, `Province`, `Prefecture`).

use crate::Candidate;
use concord_core::FactKind;

/// Canonical id → surfaces (English, Chinese, Japanese; folded forms).
#[rustfmt::skip]
pub(crate) const PLACES: &[(&str, &[&str])] = &[
    // China: provinces, autonomous regions, municipalities, SARs.
    ("cn-anhui", &["Anhui", "安徽"]), ("cn-beijing", &["Beijing", "北京"]),
    ("cn-chongqing", &["Chongqing", "重庆"]), ("cn-fujian", &["Fujian", "福建"]),
    ("cn-gansu", &["Gansu", "甘肃"]), ("cn-guangdong", &["Guangdong", "广东", "広东"]),
    ("cn-guangxi", &["Guangxi", "广西"]), ("cn-guizhou", &["Guizhou", "贵州"]),
    ("cn-hainan", &["Hainan", "海南"]), ("cn-hebei", &["Hebei", "河北"]),
    ("cn-heilongjiang", &["Heilongjiang", "黑龙江"]), ("cn-henan", &["Henan", "河南"]),
    ("cn-hubei", &["Hubei", "湖北"]), ("cn-hunan", &["Hunan", "湖南"]),
    ("cn-jiangsu", &["Jiangsu", "江苏"]), ("cn-jiangxi", &["Jiangxi", "江西"]),
    ("cn-jilin", &["Jilin", "吉林"]), ("cn-liaoning", &["Liaoning", "辽宁"]),
    ("cn-neimenggu", &["Inner Mongolia", "内蒙古"]), ("cn-ningxia", &["Ningxia", "宁夏"]),
    ("cn-qinghai", &["Qinghai", "青海"]), ("cn-shaanxi", &["Shaanxi", "陕西"]),
    ("cn-shandong", &["Shandong", "山东"]), ("cn-shanghai", &["Shanghai", "上海"]),
    ("cn-shanxi", &["Shanxi", "山西"]), ("cn-sichuan", &["Sichuan", "四川"]),
    ("cn-tianjin", &["Tianjin", "天津"]), ("cn-xinjiang", &["Xinjiang", "新疆"]),
    ("cn-xizang", &["Tibet", "Xizang", "西藏"]), ("cn-yunnan", &["Yunnan", "云南"]),
    ("cn-zhejiang", &["Zhejiang", "浙江"]), ("cn-hongkong", &["Hong Kong", "香港"]),
    ("cn-macau", &["Macau", "Macao", "澳门"]),
    // Taiwan: special municipalities and provincial cities.
    ("tw-taipei", &["Taipei", "台北", "臺北"]), ("tw-newtaipei", &["New Taipei", "新北"]),
    ("tw-taoyuan", &["Taoyuan", "桃园"]), ("tw-taichung", &["Taichung", "台中", "臺中"]),
    ("tw-tainan", &["Tainan", "台南", "臺南"]), ("tw-kaohsiung", &["Kaohsiung", "高雄"]),
    ("tw-hsinchu", &["Hsinchu", "新竹"]), ("tw-keelung", &["Keelung", "基隆"]),
    ("tw-chiayi", &["Chiayi", "嘉义"]),
    // Japan: prefectures.
    ("jp-hokkaido", &["Hokkaido", "北海道"]), ("jp-aomori", &["Aomori", "青森"]),
    ("jp-iwate", &["Iwate", "岩手"]), ("jp-miyagi", &["Miyagi", "宫城", "宮城"]),
    ("jp-akita", &["Akita", "秋田"]), ("jp-yamagata", &["Yamagata", "山形"]),
    ("jp-fukushima", &["Fukushima", "福岛", "福島"]), ("jp-ibaraki", &["Ibaraki", "茨城"]),
    ("jp-tochigi", &["Tochigi", "栃木", "枥木"]), ("jp-gunma", &["Gunma", "群马", "群馬"]),
    ("jp-saitama", &["Saitama", "埼玉"]), ("jp-chiba", &["Chiba", "千叶", "千葉"]),
    ("jp-tokyo", &["Tokyo", "东京", "東京"]), ("jp-kanagawa", &["Kanagawa", "神奈川"]),
    ("jp-niigata", &["Niigata", "新潟"]), ("jp-toyama", &["Toyama", "富山"]),
    ("jp-ishikawa", &["Ishikawa", "石川"]), ("jp-fukui", &["Fukui", "福井"]),
    ("jp-yamanashi", &["Yamanashi", "山梨"]), ("jp-nagano", &["Nagano", "长野", "長野"]),
    ("jp-gifu", &["Gifu", "岐阜"]), ("jp-shizuoka", &["Shizuoka", "静冈", "静岡"]),
    ("jp-aichi", &["Aichi", "爱知", "愛知"]), ("jp-mie", &["Mie", "三重"]),
    ("jp-shiga", &["Shiga", "滋贺", "滋賀"]), ("jp-kyoto", &["Kyoto", "京都"]),
    ("jp-osaka", &["Osaka", "大阪"]), ("jp-hyogo", &["Hyogo", "兵库", "兵庫"]),
    ("jp-nara", &["Nara", "奈良"]), ("jp-wakayama", &["Wakayama", "和歌山"]),
    ("jp-tottori", &["Tottori", "鸟取", "鳥取"]), ("jp-shimane", &["Shimane", "岛根", "島根"]),
    ("jp-okayama", &["Okayama", "冈山", "岡山"]), ("jp-hiroshima", &["Hiroshima", "广岛", "広島"]),
    ("jp-yamaguchi", &["Yamaguchi", "山口"]), ("jp-tokushima", &["Tokushima", "德岛", "徳島"]),
    ("jp-kagawa", &["Kagawa", "香川"]), ("jp-ehime", &["Ehime", "爱媛", "愛媛"]),
    ("jp-kochi", &["Kochi", "高知"]), ("jp-fukuoka", &["Fukuoka", "福冈", "福岡"]),
    ("jp-saga", &["Saga", "佐贺", "佐賀"]), ("jp-nagasaki", &["Nagasaki", "长崎", "長崎"]),
    ("jp-kumamoto", &["Kumamoto", "熊本"]), ("jp-oita", &["Oita", "大分"]),
    ("jp-miyazaki", &["Miyazaki", "宫崎", "宮崎"]), ("jp-kagoshima", &["Kagoshima", "鹿儿岛", "鹿児島"]),
    ("jp-okinawa", &["Okinawa", "冲绳", "沖縄"]),
];

/// Suffixes of a division after its name, taken into the match.
const CJK_SUFFIXES: &[&str] = &["省", "县", "県", "府", "都", "市", "自治区", "特别行政区"];
const EN_SUFFIXES: &[&str] = &[" Province", " Prefecture", " province", " prefecture"];

/// Prefectures whose kanji name is not a family name and stands alone.
const JP_BARE: &[&str] = &[
    "jp-tokyo",
    "jp-osaka",
    "jp-kyoto",
    "jp-hokkaido",
    "jp-okinawa",
];

/// Canonical value of a place id.
pub(crate) fn place_key(id: &str) -> String {
    format!("entity:place:{id}")
}

/// Every listed place in `text` (folded) as an entity candidate.
pub(crate) fn places_into(text: &str, out: &mut Vec<Candidate>) {
    for (id, surfaces) in PLACES {
        for surface in *surfaces {
            for (at, _) in text.match_indices(surface) {
                let end = at + surface.len();
                let latin = surface.is_ascii();
                if latin {
                    // A whole word, capitalised as written.
                    let before = text[..at].chars().next_back();
                    let after = text[end..].chars().next();
                    if before.is_some_and(char::is_alphanumeric)
                        || after.is_some_and(char::is_alphanumeric)
                    {
                        continue;
                    }
                } else if text[end..].starts_with(['人', '大', '队', '隊', '湾', '灣']) {
                    // 北京人, 东京大学, 浙江队: a person, school or team.
                    continue;
                }
                let suffixes = if latin { EN_SUFFIXES } else { CJK_SUFFIXES };
                let extra = suffixes
                    .iter()
                    .find(|s| text[end..].starts_with(*s))
                    .map_or(0, |s| s.len());
                // Many prefecture names are also Japanese family names
                // (石川, 宮崎, 千葉, 山口): in kanji they count only with the
                // prefecture suffix.
                if !latin && id.starts_with("jp-") && extra == 0 && !JP_BARE.contains(id) {
                    continue;
                }
                out.push(Candidate::new(
                    FactKind::Entity,
                    at..end + extra,
                    place_key(id),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        places_into(text, &mut out);
        out.sort_by_key(|c| c.range.start);
        out.into_iter()
            .map(|c| format!("{}={}", &text[c.range.clone()], c.normalized))
            .collect()
    }

    #[test]
    fn divisions_in_three_scripts() {
        assert_eq!(
            keys("Hamamatsu, Shizuoka Prefecture"),
            ["Shizuoka Prefecture=entity:place:jp-shizuoka"]
        );
        assert_eq!(keys("静冈县滨松市"), ["静冈县=entity:place:jp-shizuoka"]);
        assert_eq!(keys("浙江省金华市"), ["浙江省=entity:place:cn-zhejiang"]);
        assert_eq!(
            keys("a plant in Hsinchu"),
            ["Hsinchu=entity:place:tw-hsinchu"]
        );
        // Not a place: a longer word, a university.
        assert!(keys("the Tokyoites").is_empty());
        assert!(keys("东京大学").is_empty());
        // A family name, unless it carries the prefecture suffix.
        assert!(keys("石川社長").is_empty());
        assert_eq!(keys("石川県"), ["石川県=entity:place:jp-ishikawa"]);
    }
}
