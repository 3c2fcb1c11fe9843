//! Multilingual news vocabulary: roles and titles, government departments,
//! organisation suffixes, person titles and honorifics.
//!
//! Every entry is general news vocabulary. Surfaces may be written in
//! traditional Chinese or Japanese forms: they are folded like the input
//! (see `fold.rs`) before matching, so `商務長官`, `商务长官` and
//! `商務长官` are one surface.

/// A government department: the role key of its head, the id of the
/// department itself, and the ways each language names it.
pub(crate) struct Dept {
    /// Key of the department head's role (`role:<key>`). A US "secretary"
    /// and a "minister" of the same department share a key, because Chinese
    /// `部长` and Japanese `長官`/`大臣` translations do not keep them apart.
    pub role_key: &'static str,
    /// Key of the department (`entity:ministry:<id>`).
    pub id: &'static str,
    /// English department words (`Commerce` in `Commerce Secretary`).
    pub en: &'static [&'static str],
    /// Chinese stems: `<stem>部长` is the head, `<stem>部` the department.
    pub zh: &'static [&'static str],
    /// Japanese stems: `<stem>長官` / `<stem>大臣` / `<stem>相` is the head,
    /// `<stem>省` the department.
    pub ja: &'static [&'static str],
    /// Other ways to write the head's title, in any language.
    pub extra_roles: &'static [&'static str],
    /// Other ways to name the department.
    pub extra_depts: &'static [&'static str],
}

/// Government departments, by the key of their head.
#[rustfmt::skip]
pub(crate) const DEPTS: &[Dept] = &[
    Dept { role_key: "foreign_minister", id: "foreign",
        en: &["Foreign", "Foreign Affairs"], zh: &["外交"], ja: &["外務"],
        extra_roles: &["外相", "外交大臣"],
        extra_depts: &["Foreign Office"] },
    Dept { role_key: "commerce_secretary", id: "commerce",
        en: &["Commerce"], zh: &["商务"], ja: &["商務"],
        extra_roles: &[], extra_depts: &[] },
    Dept { role_key: "finance_minister", id: "finance",
        en: &["Treasury", "Finance"], zh: &["财政"], ja: &["財務"],
        extra_roles: &["Chancellor of the Exchequer", "财长", "蔵相"],
        extra_depts: &["Treasury Department", "财政部门"] },
    Dept { role_key: "defense_minister", id: "defense",
        en: &["Defense", "Defence", "War"], zh: &["国防", "战争"], ja: &["国防", "防衛", "戦争"],
        extra_roles: &["防长"],
        extra_depts: &["Pentagon", "五角大楼", "国防総省", "ペンタゴン"] },
    Dept { role_key: "justice_minister", id: "justice",
        en: &["Justice"], zh: &["司法"], ja: &["司法", "法務"],
        extra_roles: &["Attorney General", "法相"], extra_depts: &[] },
    Dept { role_key: "interior_minister", id: "interior",
        en: &["Interior", "Home", "Home Affairs", "Internal Affairs"], zh: &["内政", "内务"],
        ja: &["内務"], extra_roles: &["内相"], extra_depts: &["Home Office"] },
    Dept { role_key: "homeland_security_secretary", id: "homeland_security",
        en: &["Homeland Security"], zh: &["国土安全"], ja: &["国土安全保障"],
        extra_roles: &[], extra_depts: &[] },
    Dept { role_key: "health_minister", id: "health",
        en: &["Health", "Health and Human Services"], zh: &["卫生", "卫生与公众服务"],
        ja: &["保健福祉", "厚生労働"], extra_roles: &["厚労相"], extra_depts: &[] },
    Dept { role_key: "education_minister", id: "education",
        en: &["Education"], zh: &["教育"], ja: &["教育", "文部科学"],
        extra_roles: &["文科相"], extra_depts: &[] },
    Dept { role_key: "energy_minister", id: "energy",
        en: &["Energy"], zh: &["能源"], ja: &["エネルギー"],
        extra_roles: &[], extra_depts: &[] },
    Dept { role_key: "labor_minister", id: "labor",
        en: &["Labor", "Labour"], zh: &["劳工", "劳动"], ja: &["労働"],
        extra_roles: &[], extra_depts: &[] },
    Dept { role_key: "agriculture_minister", id: "agriculture",
        en: &["Agriculture"], zh: &["农业"], ja: &["農務", "農林水産"],
        extra_roles: &["農相", "農水相"], extra_depts: &[] },
    Dept { role_key: "transport_minister", id: "transport",
        en: &["Land, Infrastructure, Transport and Tourism", "Transportation", "Transport"],
        zh: &["交通", "运输", "国土交通"], ja: &["運輸", "国土交通"],
        extra_roles: &["国交相"], extra_depts: &[] },
    Dept { role_key: "trade_minister", id: "trade",
        en: &["Trade"], zh: &["贸易"], ja: &["通商", "貿易"],
        extra_roles: &[], extra_depts: &[] },
    Dept { role_key: "economy_minister", id: "economy",
        en: &["Economy, Trade and Industry", "Economy", "Economic Affairs"], zh: &["经济", "经济产业"],
        ja: &["経済", "経済産業"],
        extra_roles: &["経産相"], extra_depts: &[] },
    // Japan's 総務省 (literally "general affairs"), which no other
    // government's interior ministry matches.
    Dept { role_key: "internal_affairs_minister", id: "internal_affairs_communications",
        en: &["Internal Affairs and Communications", "General Affairs"], zh: &["总务"],
        ja: &["総務"], extra_roles: &["総務相"], extra_depts: &[] },
    Dept { role_key: "industry_trade_minister", id: "industry_trade",
        en: &["Industry and Trade"], zh: &["工贸"], ja: &["商工"],
        extra_roles: &[], extra_depts: &[] },
    Dept { role_key: "disaster_minister", id: "disaster_management",
        en: &["Disaster Management", "Emergency Management"], zh: &["应急管理"],
        ja: &["防災担当", "防災", "応急管理"], extra_roles: &[], extra_depts: &[] },
    // China's cabinet, headed by the premier: a body that orders
    // investigations and issues rules as ministries do.
    Dept { role_key: "premier", id: "state_council",
        en: &[], zh: &[], ja: &[], extra_roles: &[],
        extra_depts: &["State Council", "国务院", "国務院"] },
    Dept { role_key: "environment_minister", id: "environment",
        en: &["Environment"], zh: &["环境", "生态环境"], ja: &["環境"],
        extra_roles: &[], extra_depts: &[] },
    Dept { role_key: "secretary_of_state", id: "state",
        en: &[], zh: &[], ja: &[],
        extra_roles: &["Secretary of State", "国务卿", "国務長官"],
        // Chinese calls the US State Department 国务院 too, the name of
        // China's State Council: with 美国 it is the department.
        extra_depts: &["State Department", "Department of State", "国務省", "美国国务院"] },
];

/// Roles that are not department heads: key and surfaces in any language.
/// Entries starting with an upper-case letter are matched case-sensitively
/// when listed in [`CASE_SENSITIVE_ROLES`]; all others ignore case.
#[rustfmt::skip]
pub(crate) const ROLES: &[(&str, &[&str])] = &[
    ("president", &["President", "总统", "大統領", "国家主席"]),
    ("vice_president", &["Vice President", "副总统", "副大統領"]),
    ("prime_minister", &["Prime Minister", "总理", "首相"]),
    ("deputy_prime_minister", &["Deputy Prime Minister", "副总理", "副首相"]),
    ("chief_cabinet_secretary", &["Chief Cabinet Secretary", "内阁官房长官", "官房長官"]),
    ("chief_of_staff", &["Chief of Staff", "幕僚长", "办公厅主任", "首席補佐官"]),
    ("national_security_adviser", &[
        "National Security Adviser", "National Security Advisor", "国家安全顾问",
        "国家安全事务助理", "国家安全保障担当大統領補佐官", "安全保障担当補佐官",
    ]),
    ("trade_representative", &["Trade Representative", "贸易代表", "通商代表"]),
    ("secretary_general", &["Secretary-General", "Secretary General", "秘书长", "事務総長"]),
    ("fed_chair", &[
        "Fed Chair", "Fed Chairman", "Federal Reserve Chair", "Federal Reserve Chairman",
        "美联储主席", "联准会主席", "FRB議長", "連邦準備制度理事会議長",
    ]),
    ("house_speaker", &["House Speaker", "Speaker of the House", "众议院议长", "下院議長"]),
    ("senator", &["Senator", "参议员", "上院議員"]),
    ("representative", &["Congressman", "Congresswoman", "众议员", "下院議員"]),
    ("governor", &["Governor", "州长", "省长", "知事"]),
    ("mayor", &["Mayor", "市长"]),
    ("ambassador", &["Ambassador", "大使"]),
    ("judge", &["Judge", "法官", "裁判官"]),
    ("ceo", &[
        "CEO", "Chief Executive Officer", "Chief Executive", "首席执行官", "执行长",
        "最高経営責任者",
    ]),
    ("cto", &["CTO", "Chief Technology Officer", "首席技术官", "技术长", "最高技術責任者"]),
    ("cfo", &["CFO", "Chief Financial Officer", "首席财务官", "财务长", "最高財務責任者"]),
    ("coo", &["COO", "Chief Operating Officer", "首席运营官", "营运长", "最高執行責任者"]),
    ("chief_scientist", &["chief scientist", "首席科学家", "チーフサイエンティスト", "主任科学者"]),
    ("chief_economist", &["chief economist", "首席经济学家", "チーフエコノミスト"]),
    ("economist", &["economist", "经济学家", "エコノミスト"]),
    ("analyst", &["analyst", "分析师", "アナリスト"]),
    ("cofounder", &["co-founder", "cofounder", "联合创始人", "共同創業者", "共同創設者"]),
    ("founder", &["founder", "创始人", "创办人", "創業者", "創設者"]),
    ("chairman", &["chairman", "chairwoman", "chairperson", "董事长", "会長", "取締役会長", "主席"]),
    ("vice_chairman", &["vice chairman", "vice chair", "副董事长", "副会長", "副主席"]),
    ("company_president", &["总裁", "社長"]),
    ("managing_director", &["managing director", "董事总经理", "マネージングディレクター"]),
    ("general_manager", &["general manager", "总经理", "ゼネラルマネージャー"]),
    ("spokesperson", &[
        "spokesperson", "spokesman", "spokeswoman", "press secretary", "发言人",
        "新闻秘书", "報道官", "広報担当者",
    ]),
    ("adviser", &["adviser", "advisor", "consultant", "顾问", "顧問", "アドバイザー"]),
    ("professor", &["professor", "教授"]),
    ("lawmaker", &["lawmaker", "legislator", "MPs", "MP", "议员", "国会議員"]),
    ("director", &["director", "所长", "所長", "局长", "局長"]),
    // 代表取締役, the legal title of who heads a Japanese company, which
    // English news renders as its chief executive (see SAME_WORD_ROLES).
    ("representative_director", &["representative director", "代表取締役"]),
];

/// Pairs of role keys that one of the three languages writes with the same
/// word: English says "president" for the head of a state and of a company,
/// where Chinese and Japanese distinguish (`总统`/`大統領` vs `总裁`/`社長`).
/// Two such keys name the same title in different contexts, not different
/// titles, so they never disagree. English also shortens the names of
/// Japan's ministries the same way: the head of 経済産業省 (Economy, Trade
/// and Industry) is "the trade minister", 総務省 (Internal Affairs and
/// Communications) "the Ministry of Internal Affairs", the name of other
/// countries' interior ministries. And Japanese company law's 代表取締役
/// (representative director) is the title English gives as "president" or
/// "chief executive".
pub(crate) const SAME_WORD_ROLES: &[(&str, &str)] = &[
    ("president", "company_president"),
    ("economy_minister", "trade_minister"),
    ("interior_minister", "internal_affairs_minister"),
    ("representative_director", "ceo"),
    ("representative_director", "company_president"),
    ("representative_director", "president"),
];

/// Role surfaces that are ordinary words in lower case (`judge`, `mayor`):
/// only their capitalised form is a title.
pub(crate) const CASE_SENSITIVE_ROLES: &[&str] = &[
    "Judge",
    "Governor",
    "Mayor",
    "Senator",
    "Ambassador",
    "MPs",
    "MP",
];

/// Roles of a company or a profession: a katakana word before them is as
/// likely a company (`トヨタ社長`) as a person, so they are no evidence of a
/// person name in Japanese.
pub(crate) const COMPANY_ROLES: &[&str] = &[
    "chairman",
    "vice_chairman",
    "company_president",
    "general_manager",
    "managing_director",
];

/// Abbreviated and plain English titles that precede a person's name.
#[rustfmt::skip]
pub(crate) const EN_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt",
    "Sgt", "Sir", "Dame", "Lord", "Lady", "Rev", "Professor", "Secretary", "Minister",
    "President", "Senator", "Governor", "Mayor", "Judge", "Justice", "Chairman", "Chairwoman",
    "Chancellor", "Ambassador", "Director", "Commissioner", "Premier", "King", "Queen", "Prince",
    "Princess", "Pope", "Rabbi", "Speaker", "Representative", "Congressman", "Congresswoman",
    "Admiral", "Colonel", "Captain", "CEO", "CTO", "CFO", "COO",
];

/// Honorifics after a name (Chinese and Japanese).
pub(crate) const CJK_HONORIFICS: &[&str] = &[
    "先生",
    "女士",
    "夫人",
    "博士",
    "教授",
    "氏",
    "さん",
    "様",
    "议员",
    "議員",
    "選手",
    "監督",
    "容疑者",
    "被告",
];

/// Chinese verbs of saying right after a transliterated name.
pub(crate) const ZH_SPEECH: &[&str] = &[
    "表示", "说", "称", "指出", "认为", "写道", "强调", "透露", "坦言", "警告", "告诉", "补充",
];

/// English verbs of saying right after a name.
pub(crate) const EN_SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "wrote",
    "writes",
    "added",
    "argued",
    "noted",
    "explained",
    "insisted",
    "warned",
    "stated",
    "recalled",
    "testified",
    "adds",
    "argues",
    "notes",
    "concluded",
    "concludes",
    "commented",
    "comments",
    "observed",
    "observes",
    "replied",
    "replies",
    "responded",
    "responds",
    "claimed",
    "claims",
    "acknowledged",
    "admitted",
    "announced",
    "suggested",
    "suggests",
    "stressed",
    "emphasized",
    "emphasised",
    "tweeted",
    "posted",
    "informed",
    "pointed out",
    "points out",
    "believes",
    "predicted",
    "predicts",
];

/// Nouns that, after a possessive, mark the owner as a person who spoke or
/// wrote (`Brandon's conclusion`, `Lutnick's letter`).
pub(crate) const EN_SPEECH_NOUNS: &[&str] = &[
    "conclusion",
    "remarks",
    "comments",
    "words",
    "argument",
    "testimony",
    "letter",
    "tweet",
    "interview",
    "speech",
    "memoir",
    "op-ed",
];

/// Capitalised English words that are never part of a person's name:
/// function words, calendar words, titles and institution words.
#[rustfmt::skip]
pub(crate) const EN_NOT_NAME: &[&str] = &[
    "The", "A", "An", "In", "On", "At", "By", "To", "From", "Of", "And", "Or", "For", "With",
    "As", "If", "When", "Where", "While", "But", "So", "Yet", "Not", "No", "Yes", "It", "Its",
    "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "My", "Your", "This",
    "That", "These", "Those", "There", "Here", "What", "Who", "Why", "How", "Which", "All",
    "Some", "Any", "Every", "Each", "After", "Before", "Since", "Until", "During", "Under",
    "Over", "About", "Also", "Then", "Now", "Today", "Yesterday", "Tomorrow", "According",
    "However", "Meanwhile", "Although", "Though", "Because", "Despite", "Even", "Just", "Only",
    "More", "Most", "Less", "Many", "Much", "Other", "Another", "Such", "New", "Old", "First",
    "Last", "Next", "Former", "Late", "Early", "Mid", "Said", "Says", "Told", "Will", "Would",
    "Could", "Should", "May", "Might", "Must", "Can", "Is", "Are", "Was", "Were", "Be", "Has",
    "Have", "Had", "Do", "Does", "Did",
    "January", "February", "March", "April", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec",
    "Government", "Administration", "Department", "Ministry", "Agency", "Office", "House",
    "Senate", "Congress", "Parliament", "Court", "Council", "Committee", "Commission", "Bureau",
    "Party", "Republican", "Democrat", "Democratic", "Federal", "National", "State", "States",
    "United", "Kingdom", "Union", "Republic", "People", "Street", "Avenue", "Road", "City",
    "County", "Province", "North", "South", "East", "West", "Northern", "Southern", "Eastern",
    "Western", "Central", "Global", "International", "American", "Chinese", "Japanese",
    "European", "British", "Russian", "Korean", "Indian", "French", "German", "AI", "Model",
    "Models", "Source", "Author", "Editor", "Photo", "Image", "Figure", "Table", "Chapter",
    "Section", "Article", "Read", "More", "Click", "Share", "Subscribe", "Breaking", "News",
    "Update", "Exclusive", "Analysis", "Opinion", "Review", "Report", "Press", "Times", "Post",
    "Journal", "Daily", "Weekly", "Online", "Digital", "Technology", "Tech", "Security",
    "Safety", "Research", "Labs", "Lab", "Group", "Company", "Inc", "Corp", "Ltd", "Co",
    "Bank", "University", "Institute", "School", "College", "Foundation", "Center", "Centre",
    // Groups of people that report or comment, never one person's name.
    "Analysts", "Observers", "Officials", "Critics", "Experts", "Researchers", "Investors",
    "Sources", "Reporters", "Lawmakers", "Regulators", "Executives", "Economists",
    "Scientists", "Residents", "Users", "Employees", "Authorities", "Prosecutors", "Witnesses",
    "Protesters", "Supporters", "Opponents", "Commentators", "Spokesperson", "Spokesman",
    "Spokeswoman", "Insiders", "Engineers", "Developers", "Customers", "Voters", "Leaders",
];

/// Lower-case particles allowed inside a name (`Ursula von der Leyen`).
pub(crate) const EN_PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "del", "della", "di", "du", "la", "le", "bin", "ibn",
    "al",
];

/// English words that end an organisation's name.
#[rustfmt::skip]
pub(crate) const EN_ORG_SUFFIXES: &[&str] = &[
    "Inc", "Inc.", "Corp", "Corp.", "Corporation", "Co.", "Ltd", "Ltd.", "LLC", "L.L.C.", "PLC",
    "plc", "PBC", "GmbH", "AG", "S.A.", "SA", "Group", "Holdings", "Securities", "Bank",
    "University", "Institute", "Foundation", "Technologies", "Labs", "Laboratories", "Capital",
    "Partners", "Ventures", "Motors", "Airlines", "Systems", "Pharmaceuticals", "Electronics",
    "Industries", "Association", "Services", "Investments", "Financial", "Insurance",
];

/// English legal-form words dropped from an organisation's key.
pub(crate) const EN_LEGAL_FORMS: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "co",
    "ltd",
    "llc",
    "l.l.c",
    "plc",
    "pbc",
    "gmbh",
    "ag",
    "s.a",
    "sa",
    "limited",
    "company",
];

/// English words that start an organisation's name (`Bank of America`).
pub(crate) const EN_ORG_PREFIXES: &[&str] = &[
    "Bank",
    "University",
    "Institute",
    "Association",
    "Federation",
    "Society",
];

/// Chinese / Japanese organisation suffixes (folded forms are derived when
/// matching). Legal forms come first: they are stripped from the key.
pub(crate) const CJK_LEGAL_FORMS: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "株式会社",
    "公司",
];

/// Chinese / Japanese words that end an organisation's name.
#[rustfmt::skip]
pub(crate) const CJK_ORG_SUFFIXES: &[&str] = &[
    "股份有限公司", "有限责任公司", "有限公司", "株式会社", "集团", "证券", "银行", "控股",
    "研究所", "研究院", "大学", "基金会", "协会", "ホールディングス", "グループ", "証券", "銀行",
    "商事", "物産", "製作所",
];

/// Chinese / Japanese characters and words that cannot be inside the name
/// part of an organisation (function words, determiners, measure words).
pub(crate) const CJK_ORG_STOP_CHARS: &str =
    "的了在和与及是被对向从将为于据称由把让给其该此这那各每多家个位名说等或并也都还已曾又所之、，。；：！？（）「」『』“”《》の はがをにとでもやへ";

/// Common katakana loanwords: a `・` compound with one of them as a part
/// (`フロンティア・モデル`, `セーフティ・クラブ`) is a term, not a name.
#[rustfmt::skip]
pub(crate) const KATAKANA_COMMON: &[&str] = &[
    "モデル", "システム", "サービス", "データ", "セキュリティ", "セーフティ", "ネットワーク",
    "ソフトウェア", "ハードウェア", "プラットフォーム", "クラウド", "サーバー", "ユーザー",
    "アクセス", "コード", "プログラム", "アプリ", "アプリケーション", "テクノロジー", "デジタル",
    "インターネット", "ウェブ", "サイト", "ページ", "ブログ", "ニュース", "メディア", "レポート",
    "リスク", "ルール", "ポリシー", "プロセス", "プロジェクト", "プラン", "ライン", "レベル",
    "テスト", "チーム", "グループ", "クラブ", "センター", "オフィス", "ビジネス", "マーケット",
    "ビル", "ホテル", "タワー", "パーク", "ストリート", "ハウス", "ホーム", "ルーム", "ウィンドウ",
    "ドア", "ゲート", "ボード", "カード", "コスト", "プライス", "トークン", "チップ", "エンジン",
    "フロンティア", "オープン", "クローズ", "スタート", "ゴール", "ファースト", "ラスト", "ベスト",
    "トップ", "ニュー", "オールド", "ビッグ", "スーパー", "ハイ", "ロー", "フリー", "パブリック",
    "プライベート", "ナショナル", "インターナショナル", "グローバル", "ローカル", "ワールド",
    "アメリカン", "ヨーロピアン", "アジアン", "ゲーム", "スポーツ", "カップ", "リーグ", "シリーズ",
    "フェア", "ショー", "フェスティバル", "イベント", "パーティー", "キャンペーン", "アワード",
    "イースター", "クリスマス", "ハロウィン", "マンデー", "チューズデー", "ウェンズデー",
    "サーズデー", "フライデー", "サタデー", "サンデー", "エネルギー", "パワー", "ガス", "オイル",
    "ファンド", "バンク", "キャピタル", "マネー", "ドル", "ユーロ", "ポンド", "コイン", "ペイ",
    "ショップ", "ストア", "ブランド", "ロゴ", "デザイン", "スタイル", "ファッション", "アート",
    "ミュージック", "ラジオ", "テレビ", "フィルム", "ムービー", "ストーリー", "ゾーン", "エリア",
    "シティ", "タウン", "ロード", "アベニュー", "ブリッジ", "ポート", "エアポート", "ステーション",
    "コーヒー", "ティー", "ワイン", "ビール", "フード", "レストラン", "カフェ", "バー",
];

/// Suffixes that are ordinary words after a Chinese or Japanese word
/// (`科技公司` "tech company", `研究グループ` "research group"): they make an
/// organisation only after a foreign name (Latin, katakana, transliterated).
pub(crate) const CJK_ORG_SUFFIXES_FOREIGN_ONLY: &[&str] = &["公司", "グループ", "ホールディングス"];

/// Generic modifiers that, alone before a suffix, name a kind of
/// organisation rather than one (`投资银行`, `商业银行`).
pub(crate) const CJK_GENERIC_ORG_NAMES: &[&str] = &[
    "投资",
    "商业",
    "中央",
    "储备",
    "地方",
    "外资",
    "私人",
    "大型",
    "主要",
    "全球",
    "国际",
    "国有",
    "民营",
    "科技",
    "金融",
    "互联网",
    "人工智能",
    "证券",
    "一流",
    "顶尖",
    "知名",
    "多家",
    "各大",
    "这些",
    "那些",
    "部分",
];
