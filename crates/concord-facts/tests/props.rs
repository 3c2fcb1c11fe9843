//! Property tests: extraction never panics, and every fact's range is a
//! valid character range of the input whose text is the fact's surface.

use concord_facts::{name_key, name_keys_match, FactExtractor};
use proptest::prelude::*;
use std::sync::OnceLock;

fn fx() -> &'static FactExtractor {
    static FX: OnceLock<FactExtractor> = OnceLock::new();
    FX.get_or_init(FactExtractor::new)
}

/// Pieces that exercise every pattern: digits in both widths, CJK numerals,
/// units, currencies, date words, names, roles, separators.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "48,000",
            "４８，０００",
            "4.8万",
            "2億5000万",
            "三千二百",
            "两万",
            "$",
            "US$",
            "¥",
            "￥",
            "€",
            "美元",
            "ドル",
            "円",
            "元",
            "million",
            "bn",
            "two",
            "hundred",
            "and",
            "%",
            "％",
            "percent",
            "个百分点",
            "ポイント",
            "百分之",
            "割",
            "June",
            "26",
            "6月",
            "26日",
            "年",
            "2026",
            "-",
            "/",
            "〜",
            "至",
            "to",
            "between",
            "on",
            "(金)",
            "GPT-5.6",
            "Opus",
            "4.8",
            "GPS-5/5",
            "COVID-19",
            "Mr.",
            "Secretary",
            "Commerce Secretary",
            "商务部长",
            "商務長官",
            "Lutnick",
            "卢特尼克",
            "盧特尼克",
            "ルットニック",
            "・",
            "·",
            "氏",
            "Tom",
            "Brown",
            "Inc.",
            "公司",
            "证券",
            "證券",
            "株式会社",
            "部",
            "省",
            "长",
            "W.",
            "U.S.",
            " ",
            "  ",
            "，",
            "。",
            ":",
            "5:30",
            "+1 202-555-0143",
            "'s",
            "ー",
            "ッ",
            "ャ",
            "ヴ",
            "𫝈",
            "é",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,6}",
        "[0-9０-９.,，/:-]{1,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn ranges_are_valid_and_match_surface(parts in proptest::collection::vec(piece(), 0..12)) {
        let text: String = parts.concat();
        let got = fx().extract(&text);
        let mut last_end = 0;
        for f in &got {
            prop_assert!(f.range.start < f.range.end);
            prop_assert!(f.range.start >= last_end, "overlap in {:?}: {:?}", text, got);
            prop_assert!(text.is_char_boundary(f.range.start));
            prop_assert!(text.is_char_boundary(f.range.end));
            prop_assert_eq!(text.get(f.range.clone()), Some(f.surface.as_str()));
            prop_assert!(!f.normalized.is_empty() || f.kind == concord_core::FactKind::Person);
            last_end = f.range.end;
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,80}") {
        let got = fx().extract(&text);
        for f in &got {
            prop_assert_eq!(text.get(f.range.clone()), Some(f.surface.as_str()));
        }
        let k = name_key(&text);
        prop_assert!(name_keys_match(&k, &k) || k.is_empty());
    }
}
