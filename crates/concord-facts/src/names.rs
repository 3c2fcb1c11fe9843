//! Names of people (and organisations) across scripts.
//!
//! A foreign name reaches Chinese and Japanese by sound: `Lutnick` becomes
//! `ルットニック` (ru-t-to-ni-k-ku) and `卢特尼克` (lu-te-ni-ke). Each script is
//! first turned into a sequence of sounds — English spelling by a few
//! pronunciation rules, katakana by a Hepburn table, Chinese characters by
//! their pinyin reading — and the sounds are then reduced to a *consonant
//! skeleton* in which the distinctions transliteration loses are merged:
//!
//! | class | English            | katakana       | pinyin          |
//! |-------|--------------------|----------------|-----------------|
//! | `l`   | l, r before vowel  | r              | l, r, `er`      |
//! | `b`   | b, v, w + vowel    | b, v, w        | b, w + vowel    |
//! | `t`   | t, d, initial th   | t, d           | t, d            |
//! | `k`   | k, hard c/g, q, ck | k, g           | k, g            |
//! | `c`   | ch, j, soft g, cs  | ch, j          | j, q, zh, ch    |
//! | `s`   | s, z, sh, soft c, th | s, z, sh     | s, x, sh, z     |
//! | `n`   | m, n, ng           | m, n, ン       | m, n, -n, -ng   |
//! | `p` `f` `h` | themselves   |                |                 |
//!
//! Vowels are dropped (a name starting with a vowel gets a leading `a`),
//! English `r` after a vowel is silent as in the usual non-rhotic
//! transliterations (`Carter` = `カーター` = `卡特` = `kt`), and repeated
//! classes collapse. `Lutnick`, `ルットニック` and `卢特尼克` all give `ltnk`;
//! `Kovacs`, `コバチ` and `科瓦奇` all give `kbc`. Keys of different
//! transliterations of one name are equal or one edit apart;
//! [`name_keys_match`] compares them with that tolerance.

use crate::data;
use crate::fold::fold_str;
use pinyin::{ToPinyin, ToPinyinMulti};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Characters used to write foreign names in Chinese (simplified forms):
/// the syllable characters of the standard transliteration tables for
/// English, French, German, Russian and other languages, without the few
/// that are too common in ordinary words to mark a name (`高`, `东`, `平`,
/// `通`, `提`, `因`, `曾`).
#[rustfmt::skip]
const TRANSLIT: &str = "\
阿埃艾爱安昂敖奥澳巴拔芭拜班邦鲍保堡贝倍本比彼毕庇碧宾滨冰波玻伯泊勃博布步\
采蔡查察柴昌钱乔切琴丘楚茨慈崔达黛戴丹当道德登邓迪狄底蒂丁顿杜敦多朵俄厄鄂恩尔\
法凡范方菲斐费芬丰冯佛弗伏孚福富夫盖甘冈戈哥格根庚贡古瓜圭果哈海亥汉杭豪赫黑\
亨洪侯胡华怀惠霍基吉济加迦伽贾嘉简坚杰捷金津晋京久居鞠卡凯坎康考柯科克肯孔库\
夸奎昆阔拉莱赖兰朗劳勒雷蕾里理利莉丽历连莲廉良列林琳凌刘留柳隆龙娄卢鲁路露\
吕伦仑罗洛络马玛迈麦曼芒毛茂梅门蒙孟米密缪莫默姆木牧穆纳娜奈南楠内妮尼涅聂\
宁纽农努诺欧帕派潘庞培佩彭皮匹珀坡普蒲奇齐契恰钦琼秋屈热仁荣茹若瑞萨塞赛桑\
瑟森沙莎珊尚绍舍申沈圣施什史舒斯丝松宋苏索塔泰坦汤唐陶特滕廷图托瓦娃万\
旺威韦维温文翁沃乌伍武西希锡席夏肖谢辛欣休修许雅亚娅扬杨耶叶伊依殷英尤犹\
约扎泽詹赞藏兹祖佐逊朔菈薇芙茱黎蓓洁璐芮缇琪萝";

/// Readings of transliteration characters whose first dictionary reading
/// is not the one used in names (pinyin-like spelling of the sound).
const READING_OVERRIDES: &[(char, &str)] = &[
    ('什', "shi"),
    ('柏', "bo"),
    ('藏', "zang"),
    ('茜', "xi"),
    ('曾', "zeng"),
    ('尉', "wei"),
    ('伽', "jia"),
    // 基 writes "ki"/"ky" in names (斯基 -sky, 基辅 Kyiv), not pinyin's ji.
    ('基', "ki"),
];

/// Countries, regions, cities and institutions that are transliterated like
/// names (Chinese, folded to simplified) — never a person.
#[rustfmt::skip]
const PLACES_ZH: &[&str] = &[
    "俄罗斯", "乌克兰", "白俄罗斯", "波兰", "芬兰", "瑞典", "瑞士", "挪威", "丹麦", "冰岛",
    "爱尔兰", "苏格兰", "英格兰", "威尔士", "荷兰", "比利时", "卢森堡", "奥地利", "匈牙利",
    "捷克", "斯洛伐克", "斯洛文尼亚", "罗马尼亚", "保加利亚", "塞尔维亚", "克罗地亚",
    "希腊", "土耳其", "伊朗", "伊拉克", "叙利亚", "约旦", "黎巴嫩", "以色列", "巴勒斯坦",
    "沙特", "阿拉伯", "沙特阿拉伯", "卡塔尔", "科威特", "阿曼", "也门", "埃及", "利比亚",
    "突尼斯", "阿尔及利亚", "摩洛哥", "尼日利亚", "肯尼亚", "埃塞俄比亚", "南非", "巴西",
    "阿根廷", "智利", "秘鲁", "哥伦比亚", "委内瑞拉", "古巴", "墨西哥", "加拿大",
    "美利坚", "澳大利亚", "新西兰", "印度尼西亚", "马来西亚", "菲律宾", "新加坡", "缅甸",
    "柬埔寨", "老挝", "巴基斯坦", "阿富汗", "孟加拉", "尼泊尔", "斯里兰卡", "哈萨克斯坦",
    "乌兹别克斯坦", "蒙古", "格鲁吉亚", "亚美尼亚", "阿塞拜疆", "欧洲", "非洲", "亚洲",
    "拉美", "拉丁美洲", "南亚", "西亚", "中亚", "东南亚", "莫斯科", "伦敦", "巴黎", "柏林",
    "罗马", "纽约", "华盛顿", "芝加哥", "洛杉矶", "旧金山", "西雅图", "波士顿", "休斯敦",
    "迈阿密", "费城", "底特律", "亚特兰大", "多伦多", "温哥华", "悉尼", "墨尔本",
    "布鲁塞尔", "日内瓦", "维也纳", "马德里", "巴塞罗那", "米兰", "慕尼黑", "法兰克福",
    "阿姆斯特丹", "斯德哥尔摩", "伊斯坦布尔", "德黑兰", "迪拜", "孟买", "新德里", "曼谷",
    "雅加达", "首尔", "加州", "德州", "得克萨斯", "德克萨斯", "佛罗里达", "弗吉尼亚",
    "马里兰", "亚利桑那", "内华达", "俄亥俄", "密歇根", "宾夕法尼亚", "马萨诸塞",
    "科罗拉多", "路易斯安那", "阿拉斯加", "夏威夷", "伊斯兰", "穆斯林", "基督", "奥林匹克",
    "马拉松", "克里姆林", "达沃斯", "硅谷", "华尔街", "比特币", "纳斯达克", "道琼斯",
];

/// The same for katakana.
#[rustfmt::skip]
const PLACES_JA: &[&str] = &[
    "アメリカ", "ロシア", "ウクライナ", "フランス", "ドイツ", "イギリス", "イタリア",
    "スペイン", "カナダ", "オーストラリア", "インド", "ブラジル", "メキシコ", "イスラエル",
    "イラン", "イラク", "シリア", "トルコ", "エジプト", "サウジアラビア", "ポーランド",
    "オランダ", "ベルギー", "スイス", "スウェーデン", "ノルウェー", "フィンランド",
    "デンマーク", "ギリシャ", "ベトナム", "タイ", "マレーシア", "インドネシア", "フィリピン",
    "シンガポール", "パキスタン", "アフガニスタン", "ヨーロッパ", "アジア", "アフリカ",
    "ワシントン", "ニューヨーク", "ロンドン", "パリ", "ベルリン", "モスクワ", "シリコンバレー",
    "カリフォルニア", "テキサス", "フロリダ", "ホワイトハウス", "ペンタゴン", "クレムリン",
    "ウォール", "ユーロ", "ドル", "アラブ", "ラテンアメリカ", "ハワイ", "ソウル", "ペキン",
    "ホンコン", "マカオ", "タイワン",
];

/// Common words that begin with a transliteration character: when a run of
/// such characters is followed by the rest of one of them (`鲁比奥希望` is
/// 鲁比奥 + 希望 "hopes"), the word's first character is not part of the name.
#[rustfmt::skip]
const WORDS_AFTER_NAMES: &[&str] = &[
    "希望", "加入", "加强", "加上", "加快", "多次", "多年", "多名", "特别", "利用", "安排", "比如",
    "达成", "达到", "敦促", "坚持", "肯定", "考虑", "留下", "马上", "密切", "文章", "文件", "格外",
    "根据", "保持", "保证", "保护", "历史", "连续", "理解", "拉动", "布置", "查看", "西方", "南方",
    "海外", "金融", "基本", "基于", "科技", "科学", "克服", "范围", "费用", "丰富", "简单", "列出",
    "露出", "迈出", "门槛", "劳动", "利益", "利率", "里面", "坚决", "居然", "果然", "怀疑", "杜绝",
    "顿时", "豪华", "黑客", "尤其", "约束", "依然", "依据", "伊始", "亚洲", "欧洲", "英国", "德国",
    "法国", "俄国", "美国", "维持", "维护", "福利", "富有", "庞大", "普遍", "普及", "尚未", "申请",
    "施压", "施加", "史上", "松绑", "坦言", "特意", "特地", "万一", "威胁", "武器", "许多", "赞扬",
];

fn translit_set() -> &'static HashSet<char> {
    static SET: OnceLock<HashSet<char>> = OnceLock::new();
    SET.get_or_init(|| TRANSLIT.chars().collect())
}

/// True for a (folded) character used to transliterate foreign names.
pub(crate) fn is_translit(c: char) -> bool {
    translit_set().contains(&c)
}

/// True if a run of transliteration characters ending at `last` should give
/// that character back to the word that starts with it and goes on with
/// `next` (`希` + `望`).
pub(crate) fn starts_common_word(last: char, next: char) -> bool {
    WORDS_AFTER_NAMES.iter().any(|w| {
        let mut cs = w.chars();
        cs.next() == Some(last) && cs.next() == Some(next) && cs.next().is_none()
    })
}

/// True for a (folded) place or institution written like a name.
pub(crate) fn is_place(s: &str) -> bool {
    PLACES_ZH.contains(&s) || PLACES_JA.contains(&s)
}

/// The longest place name that `s` starts with, in bytes.
pub(crate) fn place_prefix_len(s: &str) -> usize {
    PLACES_ZH
        .iter()
        .chain(PLACES_JA)
        .filter(|p| s.starts_with(*p))
        .map(|p| p.len())
        .max()
        .unwrap_or(0)
}

fn given_names() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| data::GIVEN_NAMES.split_whitespace().collect())
}

/// True for a frequent English given name (`Tom`, `Katie`).
pub(crate) fn is_given_name(s: &str) -> bool {
    given_names().contains(s)
}

/// True for katakana (and the prolonged sound mark).
pub(crate) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}')
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
        || ('\u{20000}'..='\u{2FFFF}').contains(&c)
}

/// Separators between the parts of a written name.
pub(crate) fn is_name_separator(c: char) -> bool {
    matches!(c, '·' | '・' | '•' | '‧' | '=' | '＝' | '･')
}

// ---------------------------------------------------------------------------
// Sounds.

/// A vowel (or glide) in a sound sequence.
const V: char = 'V';

/// English spelling to sound classes.
fn en_sounds(word: &str) -> Vec<char> {
    let s: Vec<char> = word
        .chars()
        .flat_map(fold_latin)
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let vowel = |c: Option<&char>| c.is_some_and(|c| "aeiouy".contains(*c));
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1);
        let next2 = s.get(i + 2);
        let soft = |n: Option<&char>| n.is_some_and(|c| "eiy".contains(*c));
        let mut step = 1;
        match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' => out.push(V),
            // Silent final b after m ("Lamb").
            'b' if i + 1 == s.len() && i > 0 && s[i - 1] == 'm' => {}
            'b' => out.push('b'),
            'c' => match next {
                Some('h') => {
                    out.push(if next2 == Some(&'r') { 'k' } else { 'c' });
                    step = 2;
                }
                Some('k') => {
                    out.push('k');
                    step = 2;
                }
                Some('s') | Some('z') => {
                    out.push('c');
                    step = 2;
                }
                n if soft(n) => out.push('s'),
                _ => out.push('k'),
            },
            'd' => {
                if next == Some(&'g') && soft(next2) {
                    out.push('c');
                    step = 2;
                } else {
                    out.push('t');
                }
            }
            'f' | 'p' if c == 'p' && next == Some(&'h') => {
                out.push('f');
                step = 2;
            }
            'f' => out.push('f'),
            'p' => out.push('p'),
            'g' => match next {
                Some('h') => {
                    if i == 0 {
                        out.push('k');
                    }
                    step = 2;
                }
                Some('g') => {
                    out.push('k');
                    step = 2;
                }
                Some('n') if i == 0 => {}
                n if soft(n) => out.push('c'),
                _ => out.push('k'),
            },
            'h' => {
                let prev_vowel_or_start = i == 0 || vowel(s.get(i - 1));
                if prev_vowel_or_start && vowel(next) {
                    out.push('h');
                }
            }
            'j' => out.push('c'),
            // Silent k in initial "kn".
            'k' if i == 0 && next == Some(&'n') => {}
            'k' => out.push('k'),
            'l' => out.push('l'),
            'm' | 'n' => {
                out.push('n');
                // "ng" at the end or before a consonant is one nasal.
                if c == 'n' && next == Some(&'g') && !vowel(next2) {
                    step = 2;
                }
            }
            'q' => {
                out.push('k');
                if next == Some(&'u') {
                    step = 2;
                }
            }
            'r' => {
                if next == Some(&'h') {
                    out.push('l');
                    step = 2;
                } else if i == 0 || vowel(next) {
                    out.push('l');
                }
            }
            's' => {
                out.push('s');
                if next == Some(&'h') {
                    step = 2;
                } else if next == Some(&'c') && next2 == Some(&'h') {
                    step = 3;
                }
            }
            't' => match next {
                Some('h') => {
                    out.push(if i == 0 { 't' } else { 's' });
                    step = 2;
                }
                Some('c') if next2 == Some(&'h') => {
                    out.push('c');
                    step = 3;
                }
                Some('s') | Some('z') => {
                    out.extend(['t', 's']);
                    step = 2;
                }
                _ => out.push('t'),
            },
            'v' => out.push('b'),
            'w' => {
                if next == Some(&'h') {
                    out.push('h');
                    step = 2;
                } else if vowel(next) {
                    out.push('b');
                }
            }
            'x' => {
                if i == 0 {
                    out.push('s');
                } else {
                    out.extend(['k', 's']);
                }
            }
            'z' => out.push('s'),
            _ => {}
        }
        i += step;
    }
    out
}

/// Latin letters with diacritics to plain letters (`č` → `ch`).
fn fold_latin(c: char) -> Vec<char> {
    let base = match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => 'a',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'e',
        'ì'..='ï' | 'ī' | 'į' | 'ı' | 'Ì'..='Ï' | 'Ī' | 'Į' | 'İ' => 'i',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' | 'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => 'o',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ç' | 'ć' | 'Ç' | 'Ć' => 'c',
        'ł' | 'Ł' | 'ľ' | 'ĺ' => 'l',
        'ś' | 'ş' | 'Ś' | 'Ş' => 's',
        'ź' | 'ż' | 'Ź' | 'Ż' => 'z',
        'ř' | 'Ř' => 'r',
        'ď' | 'Ď' | 'đ' | 'Đ' => 'd',
        'ť' | 'Ť' | 'ţ' | 'Ţ' => 't',
        'ğ' | 'Ğ' => 'g',
        'č' | 'Č' => return vec!['c', 'h'],
        'š' | 'Š' => return vec!['s', 'h'],
        'ž' | 'Ž' => return vec!['z', 'h'],
        'ß' => return vec!['s', 's'],
        c => c,
    };
    vec![base]
}

/// Hepburn syllable of one katakana (consonant part, vowel), if it is one.
fn kana_syllable(c: char) -> Option<(&'static str, char)> {
    const ROWS: &[(&str, &str)] = &[
        ("アイウエオ", ""),
        ("カキクケコ", "k"),
        ("ガギグゲゴ", "g"),
        ("サシスセソ", "s"),
        ("ザジズゼゾ", "z"),
        ("タチツテト", "t"),
        ("ダヂヅデド", "d"),
        ("ナニヌネノ", "n"),
        ("ハヒフヘホ", "h"),
        ("バビブベボ", "b"),
        ("パピプペポ", "p"),
        ("マミムメモ", "m"),
        ("ラリルレロ", "r"),
        ("ァィゥェォ", ""),
        ("ヷヸヴヹヺ", "v"),
    ];
    const VOWELS: [char; 5] = ['a', 'i', 'u', 'e', 'o'];
    for (row, cons) in ROWS {
        if let Some(i) = row.chars().position(|k| k == c) {
            let cons = match (*cons, i) {
                ("s", 1) => "sh",
                ("z", 1) | ("d", 1) => "j",
                ("t", 1) => "ch",
                ("t", 2) => "ts",
                ("d", 2) => "z",
                ("h", 2) => "f",
                (c, _) => c,
            };
            return Some((cons, VOWELS[i]));
        }
    }
    Some(match c {
        'ヤ' | 'ャ' => ("y", 'a'),
        'ユ' | 'ュ' => ("y", 'u'),
        'ヨ' | 'ョ' => ("y", 'o'),
        'ワ' | 'ヮ' => ("w", 'a'),
        'ヰ' => ("w", 'i'),
        'ヱ' => ("w", 'e'),
        'ヲ' => ("w", 'o'),
        'ヵ' => ("k", 'a'),
        'ヶ' => ("k", 'e'),
        _ => return None,
    })
}

/// Katakana (or hiragana) to Hepburn-like romaji: `ルットニック` →
/// `ruttonikku`, `コバチ` → `kobachi`.
pub(crate) fn romanize_kana(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .map(|c| {
            if is_hiragana(c) {
                char::from_u32(c as u32 + 0x60).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    let mut out = String::new();
    let mut geminate = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            'ッ' => geminate = true,
            'ン' => out.push('n'),
            'ー' => {}
            _ => {
                if let Some((mut cons, mut vowel)) = kana_syllable(c) {
                    // A small vowel or small ya/yu/yo after the syllable
                    // replaces its vowel: ファ fa, ティ ti, キャ kya, シュ shu.
                    if let Some(&n) = chars.get(i + 1) {
                        if "ァィゥェォ".contains(n) {
                            if let Some((_, v)) = kana_syllable(n) {
                                cons = match (cons, vowel) {
                                    ("", 'u') => "w",
                                    ("", 'i') => "y",
                                    (c, _) => c,
                                };
                                vowel = v;
                                i += 1;
                            }
                        } else if "ャュョ".contains(n) && vowel == 'i' {
                            if let Some((_, v)) = kana_syllable(n) {
                                if geminate && !cons.is_empty() {
                                    out.push_str(&cons[..1]);
                                }
                                geminate = false;
                                out.push_str(cons);
                                if !matches!(cons, "sh" | "ch" | "j") {
                                    out.push('y');
                                }
                                out.push(v);
                                i += 2;
                                continue;
                            }
                        }
                    }
                    if geminate && !cons.is_empty() {
                        out.push_str(&cons[..1]);
                    }
                    geminate = false;
                    out.push_str(cons);
                    out.push(vowel);
                }
            }
        }
        i += 1;
    }
    out
}

/// Romaji (as produced by [`romanize_kana`]) to sound classes.
fn romaji_sounds(r: &str) -> Vec<char> {
    let s: Vec<char> = r.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        let mut step = 1;
        match c {
            'a' | 'i' | 'u' | 'e' | 'o' | 'y' => out.push(V),
            's' if next == Some('h') => {
                out.push('s');
                step = 2;
            }
            'c' if next == Some('h') => {
                out.push('c');
                step = 2;
            }
            't' if next == Some('s') => {
                out.extend(['t', 's']);
                step = 2;
            }
            'j' => out.push('c'),
            'k' | 'g' => out.push('k'),
            's' | 'z' => out.push('s'),
            't' | 'd' => out.push('t'),
            'n' | 'm' => out.push('n'),
            'h' => out.push('h'),
            'f' => out.push('f'),
            'b' | 'v' | 'w' => out.push('b'),
            'p' => out.push('p'),
            'r' | 'l' => out.push('l'),
            _ => {}
        }
        i += step;
    }
    out
}

/// Pinyin reading (plain, no tones) of a Chinese character.
pub(crate) fn pinyin_of(c: char) -> Option<String> {
    let c = fold_str(&c.to_string()).chars().next().unwrap_or(c);
    if let Some((_, r)) = READING_OVERRIDES.iter().find(|(k, _)| *k == c) {
        return Some((*r).to_owned());
    }
    c.to_pinyin().map(|p| p.plain().to_owned())
}

/// One pinyin syllable to sound classes.
fn pinyin_sounds(syl: &str, out: &mut Vec<char>) {
    const INITIALS: &[(&str, &[char])] = &[
        ("zh", &['c']),
        ("ch", &['c']),
        ("sh", &['s']),
        ("b", &['b']),
        ("p", &['p']),
        ("m", &['n']),
        ("f", &['f']),
        ("d", &['t']),
        ("t", &['t']),
        ("n", &['n']),
        ("l", &['l']),
        ("g", &['k']),
        ("k", &['k']),
        ("h", &['h']),
        ("j", &['c']),
        ("q", &['c']),
        ("x", &['s']),
        ("r", &['l']),
        ("z", &['s']),
        ("c", &['t', 's']),
        ("s", &['s']),
        ("y", &[]),
        ("w", &['b']),
    ];
    if syl == "er" {
        out.extend([V, 'l']);
        return;
    }
    let (init, fin) = INITIALS
        .iter()
        .find(|(i, _)| syl.starts_with(i))
        .map_or((&[][..], syl), |(i, cls)| (*cls, &syl[i.len()..]));
    // `wu` is the vowel u; other w- syllables (wa, wei, wo) write v/w.
    if !(syl.starts_with('w') && fin == "u") {
        out.extend_from_slice(init);
    }
    out.push(V);
    if fin.ends_with('n') || fin.ends_with("ng") {
        out.push('n');
    }
}

/// Reduce sound classes to the key: leading vowel as `a`, vowels dropped,
/// adjacent repeats collapsed.
fn skeleton(sounds: &[char]) -> String {
    let mut key = String::new();
    if sounds.first() == Some(&V) {
        key.push('a');
    }
    let mut last: Option<char> = None;
    for &s in sounds {
        if s == V {
            last = None;
            continue;
        }
        if last != Some(s) {
            key.push(s);
        }
        last = Some(s);
    }
    key
}

/// Sounds of one name part, whatever its script.
fn part_sounds(part: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut latin = String::new();
    let mut kana = String::new();
    let flush = |latin: &mut String, kana: &mut String, out: &mut Vec<char>| {
        if !latin.is_empty() {
            out.extend(en_sounds(latin));
            latin.clear();
        }
        if !kana.is_empty() {
            out.extend(romaji_sounds(&romanize_kana(kana)));
            kana.clear();
        }
    };
    for c in part.chars() {
        if is_katakana(c) || is_hiragana(c) {
            if !latin.is_empty() {
                flush(&mut latin, &mut String::new(), &mut out);
            }
            kana.push(c);
        } else if is_han(c) {
            flush(&mut latin, &mut kana, &mut out);
            if let Some(p) = pinyin_of(c) {
                pinyin_sounds(&p, &mut out);
            }
        } else if c.is_alphabetic() {
            if !kana.is_empty() {
                flush(&mut String::new(), &mut kana, &mut out);
            }
            latin.push(c);
        } else {
            flush(&mut latin, &mut kana, &mut out);
        }
    }
    flush(&mut latin, &mut kana, &mut out);
    out
}

/// Cross-script phonetic key of a person's name (see the module docs):
/// one skeleton per name part, space separated. Initials (`W.`) and
/// English titles are left out. `name_key("Lutnick") == "ltnk"`,
/// `name_key("トム・ブラウン") == name_key("Tom Brown") == "tn bln"`.
pub fn name_key(surface: &str) -> String {
    let folded = fold_str(surface);
    let parts = folded
        .split(|c: char| c.is_whitespace() || is_name_separator(c) || c == '-')
        .filter(|p| !p.is_empty());
    let mut keys = Vec::new();
    for part in parts {
        let trimmed = part.trim_end_matches('.');
        let letters = trimmed.chars().filter(|c| c.is_alphabetic()).count();
        // Initials and titles carry no sound of the name.
        if letters == 1 && trimmed.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        if crate::lexicon::EN_TITLES.contains(&trimmed) {
            continue;
        }
        let key = skeleton(&part_sounds(part));
        if !key.is_empty() {
            keys.push(key);
        }
    }
    keys.join(" ")
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn keys_close(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let shorter = a.chars().count().min(b.chars().count());
    let d = levenshtein(a, b);
    (shorter >= 3 && d <= 1) || (shorter >= 6 && d <= 2)
}

/// Whether two name keys (from [`name_key`], or `person:` canonical values)
/// can name the same person: the parts agree up to one edit each (two for
/// long parts), or the shorter name is the end of the longer (`Lutnick` vs
/// `Howard Lutnick`), or the parts run together agree (`冯德莱恩` vs
/// `von der Leyen`).
pub fn name_keys_match(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.strip_prefix("person:").unwrap_or(s).to_owned();
    let (a, b) = (strip(a), strip(b));
    let ta: Vec<&str> = a.split_whitespace().collect();
    let tb: Vec<&str> = b.split_whitespace().collect();
    if ta.is_empty() || tb.is_empty() {
        return false;
    }
    if keys_close(&ta.concat(), &tb.concat()) {
        return true;
    }
    let (short, long) = if ta.len() <= tb.len() {
        (&ta, &tb)
    } else {
        (&tb, &ta)
    };
    let tail = &long[long.len() - short.len()..];
    short.iter().zip(tail).all(|(x, y)| keys_close(x, y))
}

/// Two-character Chinese family names (`欧阳`, `司马`): the rest of the name
/// is the given name.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯",
];

/// The Hanyu Pinyin readings of a Chinese personal name written in
/// simplified characters (two to four characters): family name, then the
/// given name as one word, lower case, without tones (`张宏祥` → `zhang`,
/// `hongxiang`). Characters with several readings give every combination
/// (`江朝晖`: `jiang zhaohui` and `jiang chaohui`), at most 16. `None` for
/// other names, for names with a traditional character (Taiwan and Hong Kong
/// romanize otherwise: `Hsinchu`, `Chang`) and for characters without a
/// reading.
///
/// ```
/// let readings = concord_facts::chinese_name_readings("张宏祥").unwrap();
/// assert_eq!(readings[0], ("zhang".to_owned(), "hongxiang".to_owned()));
/// let readings = concord_facts::chinese_name_readings("江朝晖").unwrap();
/// assert!(readings.contains(&("jiang".to_owned(), "zhaohui".to_owned())));
/// assert_eq!(concord_facts::chinese_name_readings("黃國華"), None);
/// ```
pub fn chinese_name_readings(surface: &str) -> Option<Vec<(String, String)>> {
    let chars: Vec<char> = surface.chars().collect();
    if !(2..=4).contains(&chars.len()) {
        return None;
    }
    if chars
        .iter()
        .any(|&c| concord_normalize::fold_han(c) != c || pinyin_of(c).is_none())
    {
        return None;
    }
    let split = if chars.len() >= 3 && COMPOUND_SURNAMES.iter().any(|s| surface.starts_with(s)) {
        2
    } else {
        1
    };
    let readings = |c: char| -> Vec<String> {
        let mut all: Vec<String> = c
            .to_pinyin_multi()
            .map(|m| m.into_iter().map(|p| p.plain().to_owned()).collect())
            .unwrap_or_default();
        if all.is_empty() {
            all.extend(pinyin_of(c));
        }
        all.dedup();
        all
    };
    let combos = |cs: &[char]| -> Vec<String> {
        let mut out = vec![String::new()];
        for &c in cs {
            let next: Vec<String> = out
                .iter()
                .flat_map(|prefix| readings(c).into_iter().map(move |r| format!("{prefix}{r}")))
                .take(16)
                .collect();
            out = next;
        }
        out
    };
    let (families, givens) = (combos(&chars[..split]), combos(&chars[split..]));
    let mut out = Vec::new();
    for f in &families {
        for g in &givens {
            if out.len() < 16 {
                out.push((f.clone(), g.clone()));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanizes_katakana() {
        assert_eq!(romanize_kana("ルットニック"), "ruttonikku");
        assert_eq!(romanize_kana("コバチ"), "kobachi");
        assert_eq!(romanize_kana("ファティマ"), "fatima");
        assert_eq!(romanize_kana("シャーロット"), "sharotto");
        assert_eq!(romanize_kana("ウィリアム"), "wiriamu");
        assert_eq!(romanize_kana("ジョン"), "jon");
    }

    #[test]
    fn keys_meet_across_scripts() {
        for group in [
            &["Lutnick", "Lutnik", "ルットニック", "卢特尼克", "盧特尼克"][..],
            &["Kovacs", "Kovács", "コバチ", "科瓦奇"],
            &["Trump", "トランプ", "特朗普"],
            &["Musk", "マスク", "马斯克"],
            &["Smith", "スミス", "史密斯"],
            &["Bessent", "ベッセント", "贝森特"],
            &["Roberts", "ロバーツ", "罗伯茨"],
            &["Yellen", "イエレン", "耶伦"],
            &["Carter", "カーター", "卡特"],
            &["Navarro", "ナバロ", "纳瓦罗"],
            &["Tom Brown", "トム・ブラウン", "汤姆·布朗"],
        ] {
            let keys: Vec<String> = group.iter().map(|s| name_key(s)).collect();
            assert!(
                keys.windows(2).all(|w| w[0] == w[1]),
                "{group:?} -> {keys:?}"
            );
        }
        assert_eq!(name_key("Lutnick"), "ltnk");
        assert_eq!(name_key("Dean W. Ball"), name_key("Dean Ball"));
    }

    #[test]
    fn fuzzy_match_of_keys() {
        assert!(name_keys_match(&name_key("Altman"), &name_key("奥特曼")));
        assert!(name_keys_match(
            &name_key("Howard Lutnick"),
            &name_key("卢特尼克")
        ));
        assert!(name_keys_match(
            &format!("person:{}", name_key("Howard Lutnick")),
            &format!("person:{}", name_key("霍华德·卢特尼克"))
        ));
        assert!(!name_keys_match(&name_key("Lutnick"), &name_key("Bessent")));
        assert!(!name_keys_match(&name_key("Tom Brown"), &name_key("Smith")));
        assert!(!name_keys_match("", "ltnk"));
    }
}
