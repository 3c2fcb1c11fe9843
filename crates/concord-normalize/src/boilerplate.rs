//! Boilerplate removal for plain-text news pages: menus, tickers, share and
//! comment widgets, related-article lists, disclaimers, copyright and cookie
//! notices, bylines, image captions and promotional tails in another
//! language.
//!
//! [`BoilerplateFilter`] works on whole lines of the *original* text and
//! decides from general features only, never from strings of particular
//! sites:
//!
//! * **vocabulary**: short lines whose words are generic web-widget
//!   vocabulary in English, Chinese or Japanese (`Share`, `Add a comment`,
//!   `分享`, `免责声明`, `関連記事`, `広告`, ...);
//! * **shape**: length, terminal punctuation, the share of digits and
//!   symbols (`BTC $67,000 +2.1%` is a ticker, `***` a separator);
//! * **position**: the *head* (before the first real paragraph) and the
//!   *tail* (after the last real paragraph in the closing language) are
//!   where bylines, date stamps, repeated titles and promotional lines in
//!   another language live; some rules apply only there;
//! * **neighbourhood**: runs of many short unpunctuated lines are menus, the
//!   short lines under a "Related" header are headlines, and a short line
//!   between two removed lines goes with them.
//!
//! Every removal is a whole line (trimmed), so the sentence segmenter, which
//! never lets a sentence cross a line break, can simply skip them.

use crate::char_class::{is_closer, is_line_break, is_removable_invisible};
use crate::NormalizeError;
use concord_core::Lang;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// Why a line was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BoilerplateReason {
    /// A run of many short unpunctuated lines (site menu, product list).
    Menu,
    /// Navigation and UI labels: breadcrumbs, "Back to top", "Show more",
    /// language switchers.
    Navigation,
    /// Market tickers (`BTC $67,000 +2.1%`).
    Ticker,
    /// Share, like, repost and reward buttons.
    Share,
    /// Follow / subscribe / newsletter prompts.
    Subscribe,
    /// Comment widgets.
    Comments,
    /// "Related articles" / "Read more" headers and the headlines under them.
    Related,
    /// Disclaimers ("not investment advice", "免责声明").
    Disclaimer,
    /// Copyright and reprint notices.
    Copyright,
    /// Cookie notices.
    Cookie,
    /// Advertising and promotional lines, including a tail (or head) in
    /// another language than the article's.
    Promo,
    /// Author, editor and source lines.
    Byline,
    /// Date stamps, reading times and similar page metadata.
    Metadata,
    /// Image links, captions, credits and placeholders for removed media.
    Media,
    /// A line repeating an earlier one at the head or tail (page title
    /// repeated as a heading).
    Duplicate,
    /// Lines with no letters or digits at all (`***`, `———`).
    Separator,
}

impl BoilerplateReason {
    /// Every reason, in declaration order.
    pub const ALL: [BoilerplateReason; 16] = [
        BoilerplateReason::Menu,
        BoilerplateReason::Navigation,
        BoilerplateReason::Ticker,
        BoilerplateReason::Share,
        BoilerplateReason::Subscribe,
        BoilerplateReason::Comments,
        BoilerplateReason::Related,
        BoilerplateReason::Disclaimer,
        BoilerplateReason::Copyright,
        BoilerplateReason::Cookie,
        BoilerplateReason::Promo,
        BoilerplateReason::Byline,
        BoilerplateReason::Metadata,
        BoilerplateReason::Media,
        BoilerplateReason::Duplicate,
        BoilerplateReason::Separator,
    ];

    /// Short machine-readable name, as stored in `RemovedSpan::reason`.
    pub const fn as_str(self) -> &'static str {
        match self {
            BoilerplateReason::Menu => "menu",
            BoilerplateReason::Navigation => "navigation",
            BoilerplateReason::Ticker => "ticker",
            BoilerplateReason::Share => "share",
            BoilerplateReason::Subscribe => "subscribe",
            BoilerplateReason::Comments => "comments",
            BoilerplateReason::Related => "related",
            BoilerplateReason::Disclaimer => "disclaimer",
            BoilerplateReason::Copyright => "copyright",
            BoilerplateReason::Cookie => "cookie",
            BoilerplateReason::Promo => "promo",
            BoilerplateReason::Byline => "byline",
            BoilerplateReason::Metadata => "metadata",
            BoilerplateReason::Media => "media",
            BoilerplateReason::Duplicate => "duplicate",
            BoilerplateReason::Separator => "separator",
        }
    }
}

impl fmt::Display for BoilerplateReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BoilerplateReason {
    type Err = NormalizeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == name)
            .ok_or_else(|| NormalizeError::UnknownBoilerplateReason(s.to_owned()))
    }
}

/// One removed piece of a document: a byte range of the text given to
/// [`BoilerplateFilter::find`] (a trimmed line or several adjacent lines
/// removed for the same reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Byte range in the original text, on char boundaries, trimmed.
    pub range: Range<usize>,
    /// Why it was removed.
    pub reason: BoilerplateReason,
}

/// An extra phrase that marks a short line as boilerplate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraPhrase {
    /// Reason to report.
    pub reason: BoilerplateReason,
    /// The whole line, compared ignoring case, bullets, counts and
    /// surrounding punctuation (`"Tip the author"`).
    pub phrase: String,
}

/// Tunable thresholds of [`BoilerplateFilter`]; every field has a default,
/// so `{}` is a valid JSON config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoilerplateConfig {
    /// Off switch: when false, [`BoilerplateFilter::find`] returns nothing.
    pub enabled: bool,
    /// Consecutive short unpunctuated lines that make a menu anywhere.
    pub min_menu_run: usize,
    /// ... and at the head or tail of the document.
    pub min_edge_menu_run: usize,
    /// A menu item has at most this many Latin words ...
    pub max_menu_item_words: usize,
    /// ... and at most this many CJK characters.
    pub max_menu_item_cjk: usize,
    /// Size (Latin words plus half the CJK characters) from which a
    /// punctuated line counts as an article paragraph when finding the
    /// head and tail.
    pub min_paragraph_weight: usize,
    /// A tail (or head) in another language is removed as promotion only if
    /// it has at most this many lines.
    pub max_promo_lines: usize,
    /// Reasons never reported (their lines are kept).
    pub disabled: Vec<BoilerplateReason>,
    /// Extra whole-line phrases, on top of the built-in vocabulary.
    pub extra_phrases: Vec<ExtraPhrase>,
}

impl Default for BoilerplateConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            min_menu_run: 5,
            min_edge_menu_run: 3,
            max_menu_item_words: 10,
            max_menu_item_cjk: 20,
            min_paragraph_weight: 20,
            max_promo_lines: 6,
            disabled: Vec::new(),
            extra_phrases: Vec::new(),
        }
    }
}

/// Finds boilerplate lines in a plain-text document.
///
/// ```
/// use concord_normalize::{BoilerplateFilter, BoilerplateReason};
///
/// let page = "Home > Markets > Tech\n\
///             Chip exports halted\n\
///             The ministry halted chip exports on Monday, officials said. Talks resume next week, and both sides expect a deal.\n\
///             BTC $67,000 +2.1%\n\
///             Share\n\
///             Disclaimer: this is not investment advice.\n";
/// let removed = BoilerplateFilter::new().find(page);
/// let reasons: Vec<_> = removed.iter().map(|r| (&page[r.range.clone()], r.reason)).collect();
/// assert_eq!(
///     reasons,
///     [
///         ("Home > Markets > Tech", BoilerplateReason::Navigation),
///         ("BTC $67,000 +2.1%", BoilerplateReason::Ticker),
///         ("Share", BoilerplateReason::Share),
///         ("Disclaimer: this is not investment advice.", BoilerplateReason::Disclaimer),
///     ]
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BoilerplateFilter {
    config: BoilerplateConfig,
}

impl BoilerplateFilter {
    /// A filter with the default configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// A filter with the given configuration.
    pub fn from_config(config: BoilerplateConfig) -> Self {
        Self { config }
    }

    /// The configuration.
    pub fn config(&self) -> &BoilerplateConfig {
        &self.config
    }

    /// The boilerplate of `text`, in order, non-overlapping, each range a
    /// trimmed run of whole lines; adjacent lines removed for the same
    /// reason are merged into one range.
    pub fn find(&self, text: &str) -> Vec<Removal> {
        if !self.config.enabled {
            return Vec::new();
        }
        let lines = lines_of(text);
        let reasons = Classifier::new(&self.config, &lines).run();
        let mut removals: Vec<Removal> = Vec::new();
        for (line, reason) in lines.iter().zip(reasons) {
            let Some(reason) = reason else { continue };
            if let Some(last) = removals.last_mut() {
                let gap = &text[last.range.end..line.range.start];
                if last.reason == reason && gap.chars().all(is_space) {
                    last.range.end = line.range.end;
                    continue;
                }
            }
            removals.push(Removal {
                range: line.range.clone(),
                reason,
            });
        }
        removals
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || is_removable_invisible(c)
}

/// Features of one non-blank line.
#[derive(Debug)]
struct Line<'a> {
    /// Trimmed byte range in the text.
    range: Range<usize>,
    /// The trimmed line.
    text: &'a str,
    /// Lower-cased key of the line's first 160 bytes for vocabulary
    /// matching (see [`match_key`]).
    key: String,
    /// Latin words.
    words: usize,
    /// CJK characters.
    cjk: usize,
    /// Letters of any script.
    letters: usize,
    /// ASCII digits.
    digits: usize,
    /// Characters that are neither letters, digits nor white space.
    symbols: usize,
    /// Latin words of three or more letters with a lower-case letter.
    lower_words: usize,
    /// Ends with `.`, `!`, `?`, `。`, `…` (before closing quotes).
    ends_sentence: bool,
    /// Ends with `:`, `;` or their CJK forms.
    ends_clause: bool,
    /// Sentence terminators inside the line.
    terminators: usize,
    /// Phrase vocabulary found in the line (lines of boilerplate size only).
    hits: PhraseHits,
    /// Detected language, computed on first use (only paragraphs and the
    /// head and tail need it).
    lang: std::cell::OnceCell<Lang>,
}

impl Line<'_> {
    /// Size in "words": Latin words plus half the CJK characters.
    fn weight(&self) -> usize {
        self.words + self.cjk.div_ceil(2)
    }

    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    fn lang(&self) -> Lang {
        *self.lang.get_or_init(|| Lang::detect(self.text))
    }
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut push = |range: Range<usize>| {
        let slice = &text[range.clone()];
        let head = slice.len() - slice.trim_start_matches(is_space).len();
        let trimmed = slice.trim_matches(is_space);
        if !trimmed.is_empty() {
            let begin = range.start + head;
            lines.push(line_features(begin..begin + trimmed.len(), trimmed));
        }
    };
    for (i, c) in text.char_indices() {
        if is_line_break(c) {
            push(start..i);
            start = i + c.len_utf8();
        }
    }
    push(start..text.len());
    lines
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{FF66}'..='\u{FF9D}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
        | '\u{AC00}'..='\u{D7AF}')
}

fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '。' | '！' | '？' | '｡' | '…' | '‼' | '⁉' | '．'
    )
}

fn line_features<'a>(range: Range<usize>, text: &'a str) -> Line<'a> {
    let (mut words, mut cjk, mut letters, mut digits, mut symbols) = (0usize, 0usize, 0, 0, 0);
    let mut lower_words = 0;
    let mut terminators = 0;
    let (mut word_len, mut word_lower) = (0usize, false);
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // ASCII and CJK first: the Unicode tables are slow.
        let cjk_char = !c.is_ascii() && is_cjk(c);
        let alphabetic = if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            cjk_char || c.is_alphabetic()
        };
        let latin = alphabetic && !cjk_char;
        if latin {
            if word_len == 0 {
                words += 1;
            }
            word_len += 1;
            word_lower |= if c.is_ascii() {
                c.is_ascii_lowercase()
            } else {
                c.is_lowercase()
            };
        } else if !(c == '\'' || c == '’' || c == '-') || word_len == 0 {
            if word_len >= 3 && word_lower {
                lower_words += 1;
            }
            word_len = 0;
            word_lower = false;
        }
        if cjk_char {
            cjk += 1;
        }
        if alphabetic {
            letters += 1;
        } else if c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric()) {
            digits += 1;
        } else if !c.is_whitespace() {
            symbols += 1;
        }
        if is_sentence_end(c) {
            // A terminator that really ends something: followed by space,
            // CJK, a closing mark or the end of the line, and not part of a
            // number or a run (`...`, `!!!` count once).
            let next = chars.peek().copied();
            // A CJK full stop ends a sentence whatever follows; `.` glued to
            // a capital after a lower-case letter ("ban.The", not "U.S.")
            // does in machine translation.
            let cjk_stop = matches!(c, '。' | '！' | '？' | '｡');
            let ends = match next {
                None => true,
                Some(n) => {
                    cjk_stop
                        || n.is_whitespace()
                        || is_closer(n)
                        || (n.is_ascii_uppercase() && previous.is_some_and(char::is_lowercase))
                        || (!n.is_ascii() && is_cjk(n))
                }
            };
            if ends && !previous.is_some_and(is_sentence_end) {
                terminators += 1;
            }
        }
        previous = Some(c);
    }
    if word_len >= 3 && word_lower {
        lower_words += 1;
    }
    let last = text
        .chars()
        .rev()
        .find(|&c| !(is_closer(c) || c.is_whitespace()));
    let ends_sentence = last.is_some_and(is_sentence_end);
    let ends_clause = last.is_some_and(|c| matches!(c, ':' | ';' | '：' | '；'));
    // Vocabulary only ever looks at the start of a line.
    let mut head_len = text.len().min(160);
    while !text.is_char_boundary(head_len) {
        head_len -= 1;
    }
    let key = match_key(&text[..head_len]);
    let hits = if words + cjk.div_ceil(2) <= 150 {
        phrase_hits(text)
    } else {
        PhraseHits::default()
    };
    Line {
        hits,
        range,
        text,
        key,
        words,
        cjk,
        letters,
        digits,
        symbols,
        lower_words,
        ends_sentence,
        ends_clause,
        terminators,
        lang: std::cell::OnceCell::new(),
    }
}

/// The line as a vocabulary key: lower case (ASCII and full-width folded),
/// leading bullets, symbols and counts stripped, trailing punctuation and
/// counts (`Comments (12)`) stripped, white space collapsed.
fn match_key(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            // Full-width ASCII.
            '\u{FF01}'..='\u{FF5E}' => {
                char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase())
            }
            '\u{3000}' => ' ',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let trim_edge = |c: char| !(c.is_alphanumeric()) || c.is_ascii_digit();
    let core = folded.trim_matches(trim_edge);
    let mut key = String::with_capacity(core.len());
    let mut space = false;
    for c in core.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !key.is_empty() {
            key.push(' ');
        }
        space = false;
        key.push(c);
    }
    key
}

/// Whole-line vocabulary: a short line whose key is exactly one of these.
const SHARE_WORDS: &[&str] = &[
    "share",
    "shares",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "share article",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share on linkedin",
    "repost",
    "reposts",
    "retweet",
    "tweet",
    "like",
    "likes",
    "reward",
    "tip",
    "tip the author",
    "save",
    "saved",
    "bookmark",
    "print",
    "email",
    "e-mail",
    "copy link",
    "copy url",
    "link copied",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "weibo",
    "wechat",
    "分享",
    "分享到",
    "分享至",
    "转发",
    "轉發",
    "收藏",
    "点赞",
    "點讚",
    "赞",
    "打赏",
    "赞赏",
    "复制链接",
    "複製連結",
    "微信",
    "微博",
    "朋友圈",
    "シェア",
    "シェアする",
    "ツイート",
    "いいね",
    "ブックマーク",
    "保存",
    "印刷",
    "リンクをコピー",
];

/// Share prompts followed by more words ("Share this article on X").
const SHARE_PREFIXES: &[&str] = &[
    "share this",
    "share on",
    "share to",
    "share via",
    "分享到",
    "分享至",
    "この記事をシェア",
    "記事をシェア",
];

/// Labels that introduce a link to another article ("Read more: ...").
const RELATED_LABELS: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read next",
    "related",
    "related article",
    "related coverage",
    "see also",
    "recommended",
    "more on this",
    "相关阅读",
    "相關閱讀",
    "延伸阅读",
    "推荐阅读",
    "相关新闻",
    "関連記事",
    "関連ニュース",
    "あわせて読みたい",
];

const SUBSCRIBE_WORDS: &[&str] = &[
    "follow",
    "follow us",
    "subscribe",
    "subscribe now",
    "subscribed",
    "unsubscribe",
    "newsletter",
    "sign up",
    "sign up now",
    "join now",
    "关注",
    "关注我们",
    "加关注",
    "订阅",
    "訂閱",
    "フォロー",
    "フォローする",
    "購読",
    "購読する",
    "メルマガ登録",
];

const SUBSCRIBE_PREFIXES: &[&str] = &[
    "follow us on",
    "follow us",
    "subscribe to",
    "sign up for",
    "join our newsletter",
    "get our newsletter",
    "扫码关注",
    "点击关注",
    "欢迎关注",
    "关注公众号",
    "フォローして",
];

const COMMENT_WORDS: &[&str] = &[
    "comment",
    "comments",
    "add a comment",
    "add comment",
    "no comments",
    "no comments yet",
    "leave a comment",
    "leave a reply",
    "write a comment",
    "post a comment",
    "post comment",
    "view comments",
    "show comments",
    "load more comments",
    "all comments",
    "reply",
    "replies",
    "pinned",
    "评论",
    "評論",
    "发表评论",
    "暂无评论",
    "写评论",
    "全部评论",
    "网友评论",
    "留言",
    "置顶",
    "コメント",
    "コメントする",
    "コメントを書く",
    "コメントを投稿",
    "返信",
];

const RELATED_WORDS: &[&str] = &[
    "related",
    "related articles",
    "related article",
    "related posts",
    "related news",
    "related stories",
    "related coverage",
    "related reading",
    "related content",
    "read more",
    "read next",
    "read also",
    "also read",
    "recommended",
    "recommended for you",
    "recommended articles",
    "you may also like",
    "you might also like",
    "more from",
    "more stories",
    "more news",
    "more articles",
    "further reading",
    "see also",
    "popular",
    "popular articles",
    "trending",
    "trending now",
    "most read",
    "most popular",
    "top stories",
    "latest news",
    "相关阅读",
    "相關閱讀",
    "相关文章",
    "相關文章",
    "相关新闻",
    "相关推荐",
    "推荐阅读",
    "推薦閱讀",
    "延伸阅读",
    "延伸閱讀",
    "热门文章",
    "热门推荐",
    "猜你喜欢",
    "阅读更多",
    "閱讀更多",
    "更多文章",
    "関連記事",
    "関連ニュース",
    "関連情報",
    "あわせて読みたい",
    "おすすめ記事",
    "人気記事",
    "続きを読む",
    "こちらもおすすめ",
];

const NAVIGATION_WORDS: &[&str] = &[
    "home",
    "homepage",
    "back",
    "back to top",
    "top",
    "skip to content",
    "skip to main content",
    "menu",
    "main menu",
    "navigation",
    "search",
    "log in",
    "login",
    "sign in",
    "register",
    "previous",
    "next",
    "prev",
    "previous article",
    "next article",
    "previous post",
    "next post",
    "more",
    "show more",
    "see more",
    "see all",
    "view all",
    "view more",
    "load more",
    "show less",
    "expand",
    "collapse",
    "read full article",
    "open in app",
    "首页",
    "首頁",
    "返回",
    "返回顶部",
    "上一篇",
    "下一篇",
    "登录",
    "注册",
    "搜索",
    "菜单",
    "展开",
    "展开全文",
    "查看全文",
    "显示全部",
    "收起",
    "更多",
    "ホーム",
    "トップ",
    "トップへ戻る",
    "ページトップ",
    "ページの先頭へ",
    "ログイン",
    "前へ",
    "次へ",
    "前の記事",
    "次の記事",
    "もっと見る",
    "検索",
    "メニュー",
];

/// Japanese / Chinese UI label endings ("show X", "expand X").
const NAVIGATION_SUFFIXES: &[&str] = &["を表示", "を表示する", "を見る", "を開く", "显示全部"];

const PROMO_WORDS: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "promoted",
    "partner content",
    "paid content",
    "广告",
    "廣告",
    "推广",
    "推廣",
    "赞助",
    "広告",
    "スポンサー",
    "pr",
];

const PROMO_PREFIXES: &[&str] = &[
    "download the app",
    "download our app",
    "get the app",
    "install the app",
    "join our telegram",
    "join our community",
    "join our discord",
    "sign up now",
    "register now",
    "scan the qr code",
    "下载app",
    "下载 app",
    "扫码下载",
    "扫描二维码",
    "アプリをダウンロード",
];

const DISCLAIMER_PREFIXES: &[&str] = &[
    "disclaimer",
    "legal disclaimer",
    "risk warning",
    "risk disclosure",
    "legal notice",
    "免责声明",
    "免責聲明",
    "免责申明",
    "风险提示",
    "風險提示",
    "免責事項",
    "ご注意",
];

/// Phrases typical of disclaimers (compared in lower case).
const DISCLAIMER_PHRASES: &[&str] = &[
    "investment advice",
    "financial advice",
    "professional advice",
    "information purposes only",
    "informational purposes only",
    "educational purposes only",
    "does not constitute",
    "do not constitute",
    "should not be considered",
    "should not be construed",
    "not an endorsement",
    "endorsement of its views",
    "views expressed",
    "solely those of the author",
    "do not necessarily reflect",
    "does not necessarily reflect",
    "third-party content",
    "see disclaimer",
    "at your own risk",
    "不构成投资建议",
    "不構成投資建議",
    "不构成任何投资建议",
    "仅供参考",
    "僅供參考",
    "投资有风险",
    "投资需谨慎",
    "入市需谨慎",
    "仅代表作者",
    "不代表本站",
    "不代表本平台",
    "投資助言",
    "投資勧誘",
    "投資判断",
    "自己責任",
    "著者の個人的な見解",
];

const COPYRIGHT_PHRASES: &[&str] = &[
    "all rights reserved",
    "copyright",
    "reproduction without permission",
    "may not be reproduced",
    "版权所有",
    "版權所有",
    "著作権",
    "無断転載",
    "无断转载",
    "未经授权",
    "未經授權",
    "未经许可",
    "禁止转载",
    "转载请注明",
    "不得转载",
    "禁止轉載",
    "無断複製",
];

const BYLINE_KEYS: &[&str] = &[
    "author",
    "authors",
    "by",
    "editor",
    "editors",
    "edited by",
    "source",
    "sources",
    "original source",
    "original article",
    "original link",
    "original",
    "compiled by",
    "translated by",
    "translator",
    "translation",
    "written by",
    "reporter",
    "reporting by",
    "contributor",
    "作者",
    "编辑",
    "編輯",
    "责编",
    "责任编辑",
    "責任編輯",
    "来源",
    "來源",
    "出处",
    "出處",
    "原文",
    "原文链接",
    "原文連結",
    "编译",
    "編譯",
    "翻译",
    "翻譯",
    "译者",
    "記者",
    "筆者",
    "著者",
    "執筆",
    "文責",
    "出典",
    "翻訳",
    "編集",
    "文",
];

const METADATA_PREFIXES: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last updated",
    "published on",
    "updated on",
    "发布时间",
    "發布時間",
    "发布于",
    "更新时间",
    "更新于",
    "公開日",
    "更新日",
    "投稿日",
    "配信日",
];

const MEDIA_PREFIXES: &[&str] = &[
    "figure",
    "fig",
    "photo",
    "photograph",
    "picture",
    "image",
    "illustration",
    "video",
    "caption",
    "图",
    "圖",
    "图片",
    "圖片",
    "图源",
    "图片来源",
    "圖片來源",
    "配图",
    "视频",
    "写真",
    "画像",
    "動画",
    "図",
];

const MEDIA_NOUNS: &[&str] = &[
    "picture",
    "image",
    "photo",
    "illustration",
    "graphic",
    "图片",
    "配图",
    "画像",
    "写真",
];

const MEDIA_CREDITS: &[&str] = &[
    "generated by",
    "ai-generated",
    "ai generated",
    "courtesy of",
    "credit",
    "source",
    "getty",
    "reuters",
    "由ai生成",
    "ai生成",
    "来源",
    "提供",
];

/// Words allowed on a date-stamp line.
const DATE_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "am",
    "pm",
    "utc",
    "gmt",
    "et",
    "edt",
    "est",
    "pt",
    "pst",
    "pdt",
    "jst",
    "cst",
    "bst",
    "cet",
    "updated",
    "published",
    "posted",
    "min",
    "mins",
    "read",
    "ago",
    "hours",
    "hour",
    "minutes",
];

/// Generic top-level domains, so `OpenAI.com` is not a sentence end and a
/// bare domain line is a link.
pub(crate) const DOMAIN_SUFFIXES: &[&str] = &[
    "com", "org", "net", "io", "ai", "co", "cn", "jp", "uk", "de", "fr", "gov", "edu", "info",
    "app", "dev", "tv", "me", "hk", "tw", "kr", "us", "eu", "news",
];

/// Which phrase lists a line matches, from one pass of [`vocabulary`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct PhraseHits {
    /// Distinct [`DISCLAIMER_PHRASES`] found.
    disclaimer: u8,
    /// Any [`COPYRIGHT_PHRASES`].
    copyright: bool,
    /// A copyright phrase that is one on its own ("all rights reserved",
    /// any of the CJK ones), not just the word "copyright".
    copyright_strong: bool,
    /// "cookie".
    cookie: bool,
    /// "source:" / "来源：" somewhere in the line.
    source_label: bool,
}

#[derive(Debug, Clone, Copy)]
enum PhraseKind {
    Disclaimer,
    Copyright { strong: bool },
    Cookie,
    Source,
}

struct Vocabulary {
    automaton: aho_corasick::AhoCorasick,
    kinds: Vec<PhraseKind>,
}

/// One case-insensitive automaton over every phrase list, built once.
fn vocabulary() -> Option<&'static Vocabulary> {
    static VOCABULARY: std::sync::OnceLock<Option<Vocabulary>> = std::sync::OnceLock::new();
    VOCABULARY
        .get_or_init(|| {
            let mut patterns: Vec<&str> = Vec::new();
            let mut kinds = Vec::new();
            for &p in DISCLAIMER_PHRASES {
                patterns.push(p);
                kinds.push(PhraseKind::Disclaimer);
            }
            for &p in COPYRIGHT_PHRASES {
                patterns.push(p);
                let strong = p == "all rights reserved" || !p.is_ascii();
                kinds.push(PhraseKind::Copyright { strong });
            }
            patterns.push("cookie");
            kinds.push(PhraseKind::Cookie);
            for p in ["source:", "source：", "来源：", "来源:", "來源："] {
                patterns.push(p);
                kinds.push(PhraseKind::Source);
            }
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&patterns)
                .ok()
                .map(|automaton| Vocabulary { automaton, kinds })
        })
        .as_ref()
}

fn phrase_hits(text: &str) -> PhraseHits {
    let mut hits = PhraseHits::default();
    let Some(vocabulary) = vocabulary() else {
        return hits;
    };
    let mut seen_disclaimers: u64 = 0;
    for m in vocabulary.automaton.find_overlapping_iter(text) {
        let id = m.pattern().as_usize();
        match vocabulary.kinds.get(id) {
            Some(PhraseKind::Disclaimer) => {
                let bit = 1u64 << (id % 64);
                if seen_disclaimers & bit == 0 {
                    seen_disclaimers |= bit;
                    hits.disclaimer = hits.disclaimer.saturating_add(1);
                }
            }
            Some(PhraseKind::Copyright { strong }) => {
                hits.copyright = true;
                hits.copyright_strong |= *strong;
            }
            Some(PhraseKind::Cookie) => hits.cookie = true,
            Some(PhraseKind::Source) => hits.source_label = true,
            None => {}
        }
    }
    hits
}

/// `text` starts with `prefix`, ignoring ASCII case.
fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn key_starts_with_any(key: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| {
        key.strip_prefix(p).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with([' ', ':', '：', '|', '/', '-'])
                || !p.is_ascii()
                || !rest.starts_with(|c: char| c.is_ascii_alphanumeric())
        })
    })
}

/// The classifier's working state: one optional reason per line.
struct Classifier<'c, 'a> {
    config: &'c BoilerplateConfig,
    lines: &'c [Line<'a>],
    reasons: Vec<Option<BoilerplateReason>>,
    extra: Vec<(String, BoilerplateReason)>,
}

impl<'c, 'a> Classifier<'c, 'a> {
    fn new(config: &'c BoilerplateConfig, lines: &'c [Line<'a>]) -> Self {
        Self {
            config,
            lines,
            reasons: vec![None; lines.len()],
            extra: config
                .extra_phrases
                .iter()
                .map(|p| (match_key(&p.phrase), p.reason))
                .collect(),
        }
    }

    fn set(&mut self, i: usize, reason: BoilerplateReason) {
        if self.reasons[i].is_none() && !self.config.disabled.contains(&reason) {
            self.reasons[i] = Some(reason);
        }
    }

    fn run(mut self) -> Vec<Option<BoilerplateReason>> {
        let n = self.lines.len();
        for i in 0..n {
            if let Some(reason) = self.classify_alone(&self.lines[i]) {
                self.set(i, reason);
            }
        }
        let (head_end, tail_start, tail_lang, head_lang) = self.zones();
        let in_zone = |i: usize| i < head_end || i >= tail_start;
        for i in 0..n {
            if in_zone(i) {
                if let Some(reason) = self.classify_at_edge(i, i < head_end) {
                    self.set(i, reason);
                }
            }
        }
        self.related_blocks();
        self.menus(head_end, tail_start);
        self.duplicates(head_end, tail_start);
        self.promo_tail(tail_start, tail_lang);
        self.promo_head(head_end, head_lang);
        self.sandwiched(&in_zone);
        self.reasons
    }

    /// Rules that hold anywhere in the document.
    fn classify_alone(&self, line: &Line<'_>) -> Option<BoilerplateReason> {
        use BoilerplateReason as R;
        let key = line.key.as_str();
        let text = line.text;
        let weight = line.weight();
        let hits = line.hits;
        if line.letters == 0 && line.digits == 0 {
            return Some(R::Separator);
        }
        if let Some(reason) = self.extra.iter().find(|(k, _)| k == key).map(|e| e.1) {
            return Some(reason);
        }
        if weight <= 8 && !key.is_empty() {
            let table: [(&[&str], R); 6] = [
                (SHARE_WORDS, R::Share),
                (COMMENT_WORDS, R::Comments),
                (SUBSCRIBE_WORDS, R::Subscribe),
                (RELATED_WORDS, R::Related),
                (NAVIGATION_WORDS, R::Navigation),
                (PROMO_WORDS, R::Promo),
            ];
            for (words, reason) in table {
                if words.contains(&key) {
                    return Some(reason);
                }
            }
            if is_count_widget(key) {
                return Some(R::Comments);
            }
        }
        if is_media_line(text, key, line) {
            return Some(R::Media);
        }
        if is_ticker(line) {
            return Some(R::Ticker);
        }
        if weight <= 15 && !line.ends_sentence {
            if NAVIGATION_SUFFIXES.iter().any(|s| key.ends_with(s)) && line.cjk > 0 {
                return Some(R::Navigation);
            }
            if is_breadcrumb(text) {
                return Some(R::Navigation);
            }
        }
        if weight <= 25 && starts_with_label(key, RELATED_LABELS, false) {
            return Some(R::Related);
        }
        if weight <= 15 && key_starts_with_any(key, SHARE_PREFIXES) {
            return Some(R::Share);
        }
        if weight <= 20 && key_starts_with_any(key, SUBSCRIBE_PREFIXES) {
            return Some(R::Subscribe);
        }
        if weight <= 25 && key_starts_with_any(key, PROMO_PREFIXES) {
            return Some(R::Promo);
        }
        if weight <= 150 && starts_with_label(key, DISCLAIMER_PREFIXES, true) {
            return Some(R::Disclaimer);
        }
        if weight <= 80 && hits.cookie {
            let lower = text.to_lowercase();
            let cookie_words = [
                "use", "accept", "consent", "policy", "settings", "同意", "使用",
            ];
            if cookie_words.iter().any(|w| lower.contains(w)) {
                return Some(R::Cookie);
            }
        }
        if weight <= 60 && (text.starts_with('©') || starts_with_ci(text, "(c) ")) {
            return Some(R::Copyright);
        }
        if weight <= 60
            && hits.copyright
            && (hits.copyright_strong || starts_with_ci(text, "copyright"))
        {
            return Some(R::Copyright);
        }
        if weight <= 150 && hits.disclaimer >= 2 {
            return Some(R::Disclaimer);
        }
        if weight <= 40 && starts_with_label(key, BYLINE_KEYS, false) {
            return Some(R::Byline);
        }
        if weight <= 12 && starts_with_label(key, METADATA_PREFIXES, false) && line.digits > 0 {
            return Some(R::Metadata);
        }
        None
    }

    /// Rules for the head (before the article's first paragraph) and the
    /// tail (after its last).
    fn classify_at_edge(&self, i: usize, head: bool) -> Option<BoilerplateReason> {
        use BoilerplateReason as R;
        let line = &self.lines[i];
        let weight = line.weight();
        if is_date_stamp(line) {
            return Some(R::Metadata);
        }
        // "🌐en", "EN | 中文": icons and language codes.
        if line.letters <= 3 && line.digits == 0 && line.symbols > 0 {
            return Some(R::Navigation);
        }
        if weight <= 150 && line.hits.disclaimer > 0 && (!head || weight <= 60) {
            return Some(R::Disclaimer);
        }
        if weight <= 12 && !line.ends_sentence && is_name_byline(line.text) {
            return Some(R::Byline);
        }
        if weight <= 40 && line.hits.source_label {
            return Some(R::Byline);
        }
        None
    }

    /// Size of a paragraph that certainly belongs to the article.
    fn is_paragraph(&self, i: usize) -> bool {
        let line = &self.lines[i];
        self.reasons[i].is_none()
            && ((line.weight() >= self.config.min_paragraph_weight && line.ends_sentence)
                || (line.weight() >= self.config.min_paragraph_weight * 3 / 4
                    && line.terminators >= 2))
    }

    /// `(head_end, tail_start, tail language, head language)`: lines before
    /// `head_end` and from `tail_start` on are the head and tail zones. With
    /// no paragraph at all there are no zones.
    fn zones(&self) -> (usize, usize, Lang, Lang) {
        let n = self.lines.len();
        let paragraphs: Vec<usize> = (0..n).filter(|&i| self.is_paragraph(i)).collect();
        if paragraphs.is_empty() {
            return (0, n, Lang::Und, Lang::Und);
        }
        let third = paragraphs.len().div_ceil(3);
        let majority = |indices: &[usize]| {
            let mut weights = [0usize; 4];
            for &i in indices {
                let line = &self.lines[i];
                let slot = match line.lang() {
                    Lang::En => 0,
                    Lang::Zh => 1,
                    Lang::Ja => 2,
                    Lang::Und => 3,
                };
                weights[slot] += line.weight();
            }
            let best = (0..3).max_by_key(|&s| weights[s]).unwrap_or(0);
            [Lang::En, Lang::Zh, Lang::Ja][best]
        };
        let head_lang = majority(&paragraphs[..third]);
        let tail_lang = majority(&paragraphs[paragraphs.len() - third..]);
        let same = |a: Lang, b: Lang| a == b || (is_cjk_lang(a) && is_cjk_lang(b));
        let head_end = paragraphs
            .iter()
            .copied()
            .find(|&i| same(self.lines[i].lang(), head_lang))
            .unwrap_or(paragraphs[0]);
        let tail_start = paragraphs
            .iter()
            .rev()
            .copied()
            .find(|&i| same(self.lines[i].lang(), tail_lang))
            .map_or(n, |i| i + 1);
        (head_end, tail_start.max(head_end), tail_lang, head_lang)
    }

    /// A line repeating an earlier line of the head, or any line of the
    /// document repeated in the tail.
    fn duplicates(&mut self, head_end: usize, tail_start: usize) {
        let mut seen: HashSet<&str> = HashSet::new();
        let lines = self.lines;
        for (i, line) in lines.iter().enumerate() {
            let zone = i < head_end || i >= tail_start;
            let text = line.text;
            if zone && self.reasons[i].is_none() && line.weight() >= 3 && seen.contains(text) {
                self.set(i, BoilerplateReason::Duplicate);
            }
            if self.reasons[i].is_none() {
                seen.insert(text);
            }
        }
    }

    /// Runs of short unpunctuated lines.
    fn menus(&mut self, head_end: usize, tail_start: usize) {
        let n = self.lines.len();
        let menu_like: Vec<bool> = (0..n)
            .map(|i| {
                let line = &self.lines[i];
                match self.reasons[i] {
                    Some(r) => !matches!(
                        r,
                        BoilerplateReason::Disclaimer
                            | BoilerplateReason::Copyright
                            | BoilerplateReason::Byline
                    ),
                    None => {
                        // The title slot: the line just above the byline,
                        // the date or the first paragraph is the headline,
                        // even when it is as short as a menu item.
                        let title_slot = i + 1 == head_end
                            || matches!(
                                self.reasons.get(i + 1),
                                Some(Some(
                                    BoilerplateReason::Byline | BoilerplateReason::Metadata
                                ))
                            );
                        !title_slot
                            && !line.ends_sentence
                            && !line.ends_clause
                            && line.words <= self.config.max_menu_item_words
                            && line.cjk <= self.config.max_menu_item_cjk
                            && line.chars() <= 80
                    }
                }
            })
            .collect();
        let mut i = 0;
        while i < n {
            if !menu_like[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && menu_like[i] {
                i += 1;
            }
            let at_edge = start < head_end || i > tail_start;
            let needed = if at_edge {
                self.config.min_edge_menu_run
            } else {
                self.config.min_menu_run
            };
            let items = (start..i).filter(|&j| self.reasons[j].is_none()).count();
            if i - start >= needed.max(2) && items > 0 {
                for j in start..i {
                    self.set(j, BoilerplateReason::Menu);
                }
            }
        }
    }

    /// The short lines under a "Related" header are headlines.
    fn related_blocks(&mut self) {
        let n = self.lines.len();
        for i in 0..n {
            if self.reasons[i] != Some(BoilerplateReason::Related) {
                continue;
            }
            let mut j = i + 1;
            while j < n && j <= i + 10 {
                let line = &self.lines[j];
                if self.reasons[j].is_some() {
                    j += 1;
                    continue;
                }
                if self.is_paragraph(j) || line.weight() > 25 {
                    break;
                }
                self.set(j, BoilerplateReason::Related);
                j += 1;
            }
        }
    }

    /// Lines in another language than the article's at its tail are
    /// promotion, with any short heading (brand name) just above them.
    fn promo_tail(&mut self, tail_start: usize, lang: Lang) {
        let n = self.lines.len();
        if lang == Lang::Und || tail_start >= n {
            return;
        }
        let foreign: Vec<usize> = (tail_start..n)
            .filter(|&i| self.reasons[i].is_none() && self.is_foreign(i, lang))
            .collect();
        if foreign.is_empty() || foreign.len() > self.config.max_promo_lines {
            return;
        }
        for &i in &foreign {
            self.set(i, BoilerplateReason::Promo);
        }
        for &i in &foreign {
            let mut j = i;
            while j > tail_start {
                j -= 1;
                if self.reasons[j].is_some() {
                    if self.reasons[j] == Some(BoilerplateReason::Promo) {
                        continue;
                    }
                    break;
                }
                let line = &self.lines[j];
                if line.weight() <= 3 && !line.ends_sentence && !line.ends_clause {
                    self.set(j, BoilerplateReason::Promo);
                }
                break;
            }
        }
    }

    /// Punctuated lines in another language before the article starts.
    fn promo_head(&mut self, head_end: usize, lang: Lang) {
        if lang == Lang::Und {
            return;
        }
        let foreign: Vec<usize> = (0..head_end)
            .filter(|&i| {
                let line = &self.lines[i];
                self.reasons[i].is_none()
                    && self.is_foreign(i, lang)
                    && line.ends_sentence
                    && line.weight() >= 8
            })
            .collect();
        if foreign.len() <= self.config.max_promo_lines {
            for i in foreign {
                self.set(i, BoilerplateReason::Promo);
            }
        }
    }

    fn is_foreign(&self, i: usize, lang: Lang) -> bool {
        let line = &self.lines[i];
        match (line.lang(), lang) {
            (Lang::Und, _) => false,
            (a, b) if a == b => false,
            // A Japanese line without kana reads as Chinese: only a real
            // sentence counts as foreign between the two.
            (a, b) if is_cjk_lang(a) && is_cjk_lang(b) => line.weight() >= 10,
            _ => true,
        }
    }

    /// A short line between two lines removed for the same reason goes
    /// with them (head and tail only).
    fn sandwiched(&mut self, in_zone: &dyn Fn(usize) -> bool) {
        let n = self.lines.len();
        for i in 1..n.saturating_sub(1) {
            if self.reasons[i].is_some() || !in_zone(i) || self.is_paragraph(i) {
                continue;
            }
            if self.lines[i].weight() > 10 {
                continue;
            }
            if let (Some(before), Some(after)) = (self.reasons[i - 1], self.reasons[i + 1]) {
                if before == after {
                    self.set(i, before);
                }
            }
        }
    }
}

fn is_cjk_lang(lang: Lang) -> bool {
    matches!(lang, Lang::Zh | Lang::Ja)
}

/// `key` starts with one of `labels`, alone or followed by a separator
/// (`Author:`, `Source |`, `作者：`, `图/`); with `glued`, a CJK label may
/// also run straight into the text (`免责声明本文...`).
fn starts_with_label(key: &str, labels: &[&str], glued: bool) -> bool {
    labels.iter().any(|label| {
        let Some(rest) = key.strip_prefix(label) else {
            return false;
        };
        let rest = rest.trim_start();
        rest.is_empty()
            || rest.starts_with([':', '：', '|', '丨', '｜', '/', '／'])
            || (glued
                && !label.is_ascii()
                && !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
    })
}

/// `By Jane Doe`, `Author Jane Doe, ...`: a byline keyword followed by a
/// capitalised name.
fn is_name_byline(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    matches!(
        first.to_ascii_lowercase().as_str(),
        "by" | "author" | "authors" | "editor" | "reporter" | "text"
    ) && second.starts_with(|c: char| c.is_uppercase())
}

/// A count-only widget: `12 comments`, `3 replies`, `1.2k shares`.
fn is_count_widget(key: &str) -> bool {
    let words = [
        "comments", "comment", "replies", "reply", "shares", "likes", "views", "reads",
    ];
    let stripped = key.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '.' | ',' | 'k' | 'm' | ' ')
    });
    stripped != key && words.contains(&stripped)
}

/// `Home > News > Tech`, `English | 中文 | 日本語`: short segments between
/// spaced separators.
fn is_breadcrumb(text: &str) -> bool {
    for sep in [" > ", " › ", " » ", " | ", " / ", " ｜ ", " ＞ "] {
        let parts: Vec<&str> = text.split(sep).collect();
        if parts.len() >= 3
            && parts
                .iter()
                .all(|p| !p.trim().is_empty() && p.split_whitespace().count() <= 3)
        {
            return true;
        }
    }
    false
}

/// A short line of market quotes: a symbol and a price or percentage,
/// mostly digits and signs, no ordinary words.
fn is_ticker(line: &Line<'_>) -> bool {
    let text = line.text;
    if line.digits == 0 || line.lower_words > 0 || line.cjk > 0 || text.len() > 240 {
        return false;
    }
    if line.chars() > 60 {
        return false;
    }
    let money_or_percent = text.contains(['%', '$', '€', '¥', '£', '＄', '％']);
    // "+2.1", " -0.4": a sign before a number (not the dash of `GPT-5`).
    let bytes = text.as_bytes();
    let signed = (0..bytes.len().saturating_sub(1)).any(|i| {
        let sign = bytes[i] == b'+' || (bytes[i] == b'-' && (i == 0 || bytes[i - 1] == b' '));
        sign && bytes[i + 1].is_ascii_digit()
    });
    let non_space = text.chars().filter(|c| !c.is_whitespace()).count();
    let numeric = line.digits + line.symbols;
    (money_or_percent || signed) && line.letters > 0 && numeric * 10 >= non_space * 4
}

/// Image links, bare links, placeholders for removed media, captions and
/// image credits.
fn is_media_line(text: &str, key: &str, line: &Line<'_>) -> bool {
    if text.starts_with("![") || starts_with_ci(text, "<img") || starts_with_ci(text, "<video") {
        return true;
    }
    let single_token = !text.contains(char::is_whitespace);
    if single_token
        && (starts_with_ci(text, "http://")
            || starts_with_ci(text, "https://")
            || starts_with_ci(text, "www."))
    {
        return true;
    }
    // Placeholders: "⟦CODE_0⟧", "{{image}}", "[图片]", "[Video]".
    let bracketed = [
        ("⟦", "⟧"),
        ("{{", "}}"),
        ("[", "]"),
        ("【", "】"),
        ("〔", "〕"),
    ]
    .iter()
    .any(|(open, close)| {
        text.len() <= 40
            && text
                .strip_prefix(open)
                .and_then(|t| t.strip_suffix(close))
                .is_some_and(|inner| !inner.is_empty() && !inner.contains(char::is_whitespace))
    });
    if bracketed {
        return true;
    }
    let weight = line.weight();
    if weight <= 25 && starts_with_label(key, MEDIA_PREFIXES, false) {
        return true;
    }
    if weight > 8 || line.ends_sentence {
        return false;
    }
    let lower = text.to_lowercase();
    MEDIA_NOUNS.iter().any(|n| lower.contains(n)) && MEDIA_CREDITS.iter().any(|c| lower.contains(c))
}

/// `2026/06/28 01:16`, `June 27, 2026`, `Updated 5 min ago`: digits and
/// date words only.
fn is_date_stamp(line: &Line<'_>) -> bool {
    if line.digits == 0 || line.weight() > 8 || line.ends_sentence && line.words > 3 {
        return false;
    }
    let lower = line.text.to_lowercase();
    let mut word = String::new();
    let mut ok = true;
    let check = |word: &mut String| {
        let known = word.is_empty() || DATE_WORDS.contains(&word.as_str());
        word.clear();
        known
    };
    for c in lower.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        ok &= check(&mut word);
        let date_mark = c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(
                c,
                '/' | '-'
                    | ':'
                    | '.'
                    | ','
                    | '年'
                    | '月'
                    | '日'
                    | '时'
                    | '時'
                    | '分'
                    | '秒'
                    | '('
                    | ')'
                    | '（'
                    | '）'
                    | '·'
                    | '|'
            );
        ok &= date_mark;
    }
    ok && check(&mut word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(text: &str) -> Vec<(&str, BoilerplateReason)> {
        BoilerplateFilter::new()
            .find(text)
            .into_iter()
            .map(|r| (&text[r.range], r.reason))
            .collect()
    }

    const BODY: &str = "The ministry halted exports of advanced chips on Monday, according to officials familiar with the decision. Talks are set to resume next week.\n\
        Industry groups said the move would hurt suppliers in the region, and several firms have already cut their forecasts for the year.\n";

    #[test]
    fn reasons_round_trip() {
        for reason in BoilerplateReason::ALL {
            assert_eq!(
                reason.as_str().parse::<BoilerplateReason>().unwrap(),
                reason
            );
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{reason}\""));
        }
        assert!("banner".parse::<BoilerplateReason>().is_err());
    }

    #[test]
    fn head_menu_byline_and_date() {
        let menu = "Markets\nCrypto\nStocks\nAccess real stocks and ETFs\nFutures\nEarn rewards\n";
        let text = format!("{menu}Chips Halted\n2026/06/28 01:16\nBy Jane Doe\n\n{BODY}");
        let got = removed(&text);
        assert_eq!(got[0].1, BoilerplateReason::Menu);
        assert!(got[0].0.starts_with("Markets") && got[0].0.ends_with("Earn rewards"));
        assert_eq!(
            &got[1..],
            [
                ("2026/06/28 01:16", BoilerplateReason::Metadata),
                ("By Jane Doe", BoilerplateReason::Byline),
            ]
        );
    }

    #[test]
    fn tail_widgets_disclaimer_and_tickers() {
        let text = format!(
            "{BODY}\nBTC $67,000 +2.1%\nETH-1.3%\nThis page may contain third-party content provided for information purposes only and is not investment advice.\n  • Share\n  • Comment\n12 Comments\nAdd a comment\n© 2026 Example Media. All rights reserved.\n"
        );
        let got = removed(&text);
        let reasons: Vec<_> = got.iter().map(|g| g.1).collect();
        assert_eq!(
            reasons,
            [
                BoilerplateReason::Ticker,
                BoilerplateReason::Disclaimer,
                BoilerplateReason::Share,
                BoilerplateReason::Comments,
                BoilerplateReason::Copyright
            ]
        );
        assert_eq!(got[0].0, "BTC $67,000 +2.1%\nETH-1.3%");
    }

    #[test]
    fn promo_tail_in_another_language() {
        let text = format!(
            "{BODY}\nAcmeChain\n\n分散型の金融プラットフォームで、プライバシーと自由をユーザーの手に取り戻します。\n"
        );
        let got = removed(&text);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, BoilerplateReason::Promo);
        assert!(got[0].0.starts_with("AcmeChain"));
    }

    #[test]
    fn foreign_title_and_bilingual_halves_are_kept() {
        let ja = "政府は月曜日、先端半導体の輸出を停止したと関係者が明らかにした。交渉は来週再開される予定である。\n".repeat(4);
        let text = format!("芯片出口暂停\n\n{ja}{BODY}{BODY}{BODY}{BODY}");
        assert!(removed(&text).is_empty());
    }

    #[test]
    fn related_block_and_ui_labels() {
        let text =
            format!("{BODY}影響分析を表示\n{BODY}関連記事\n今日のまとめ\nAIニュースをまとめ読み\n");
        let got = removed(&text);
        assert_eq!(got[0], ("影響分析を表示", BoilerplateReason::Navigation));
        assert_eq!(got[1].1, BoilerplateReason::Related);
        assert!(got[1].0.ends_with("まとめ読み"));
    }

    #[test]
    fn article_shapes_are_kept() {
        let text = format!(
            "Chips Halted\n\n{BODY}Timeline\nJune 12: The ban began.\nJune 30: It was lifted.\n\nWHAT THE BAN MEANS\n{BODY}"
        );
        assert!(removed(&text).is_empty(), "{:?}", removed(&text));
    }

    #[test]
    fn config_round_trips_and_disables() {
        let config: BoilerplateConfig = serde_json::from_str(r#"{"disabled": ["share"]}"#).unwrap();
        assert_eq!(config.min_menu_run, 5);
        let filter = BoilerplateFilter::from_config(config.clone());
        let text = format!("{BODY}Share\n");
        assert!(filter.find(&text).is_empty());
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(
            serde_json::from_str::<BoilerplateConfig>(&json).unwrap(),
            config
        );
        let off = BoilerplateFilter::from_config(BoilerplateConfig {
            enabled: false,
            ..BoilerplateConfig::default()
        });
        assert!(off.find("Share\n").is_empty());
        let extra: BoilerplateConfig = serde_json::from_str(
            r#"{"extra_phrases": [{"reason": "promo", "phrase": "Tip the editor"}]}"#,
        )
        .unwrap();
        let got = BoilerplateFilter::from_config(extra).find(&format!("{BODY}• Tip the editor!\n"));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].reason, BoilerplateReason::Promo);
    }
}
