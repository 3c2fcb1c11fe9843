//! Boilerplate removal on pages written for this test in the style of
//! common Chinese, Japanese and English news sites (none of their strings
//! comes from the sample corpus): the filter must work from general
//! features. Each case lists the 1-based lines that must go; every other
//! non-empty line must survive as sentences.

use concord_normalize::TextPipeline;

fn check(page: &str, removed: &[usize]) {
    let out = TextPipeline::default().split_document(page);
    let mut offset = 0;
    for (i, line) in page.split('\n').enumerate() {
        let range = offset..offset + line.len();
        offset += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        let n = i + 1;
        let in_sentence = out
            .sentences
            .iter()
            .any(|s| s.span.start < range.end && range.start < s.span.end);
        let in_removed = out
            .removed
            .iter()
            .any(|r| r.span.start < range.end && range.start < r.span.end);
        if removed.contains(&n) {
            assert!(
                in_removed && !in_sentence,
                "line {n} should be removed: {line}"
            );
        } else {
            assert!(
                in_sentence && !in_removed,
                "line {n} should be kept: {line}"
            );
        }
    }
}

#[test]
fn chinese_news_page() {
    let page = concat!(
        "首页 > 科技 > 人工智能\n",
        "美国商务部叫停两款AI模型\n",
        "2026-06-13 08:30\n",
        "来源：新华网  作者：张三\n",
        "美国商务部12日向一家人工智能公司发出出口管制指令，要求其对全球外国用户停用两款大型语言模型。该公司随即在数小时内下线了相关服务，其他模型仍可正常使用。\n",
        "\n",
        "业内人士认为，此举开创了以行政命令下架商用大模型的先例。多位专家表示，相关指令缺乏公开的技术依据，可能对整个行业造成深远影响。\n",
        "\n",
        "【广告】\n",
        "据了解，商务部尚未公开该指令的全文，也没有说明所依据的法律授权。分析人士指出，这一做法可能引发诉讼。\n",
        "\n",
        "分享到：\n",
        "微信\n",
        "微博\n",
        "QQ空间\n",
        "相关阅读\n",
        "AI监管进入新阶段\n",
        "芯片出口管制再收紧\n",
        "大模型公司估值大涨\n",
        "免责声明：本文仅代表作者本人观点，不构成任何投资建议。\n",
        "版权所有 © 2026 某某网 未经授权禁止转载\n",
    );
    check(page, &[1, 3, 4, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
}

#[test]
fn japanese_news_page() {
    let page = concat!(
        "ホーム > ニュース > テクノロジー\n",
        "米商務省、AIモデル2種の提供停止を命令\n",
        "2026年6月13日 8時30分\n",
        "米商務省は12日、米国のAI企業に対し輸出管理指令を出し、外国籍の利用者向けに大規模言語モデル2種の提供を停止するよう命じた。同社は数時間以内にサービスを停止した。\n",
        "\n",
        "関係者によると、指令の根拠となった技術的な調査結果は公表されていない。専門家からは、行政命令による事実上の製品回収だとの批判が出ている。\n",
        "\n",
        "この記事をシェアする\n",
        "ツイート\n",
        "ブックマーク\n",
        "あわせて読みたい\n",
        "AI規制、新たな段階に\n",
        "半導体輸出規制を強化\n",
        "Copyright © 2026 Example News. All rights reserved.\n",
    );
    check(page, &[1, 3, 8, 9, 10, 11, 12, 13, 14]);
}

#[test]
fn english_news_page() {
    let page = concat!(
        "We use cookies to improve your experience. By continuing you accept our cookie policy.\n",
        "Accept\n",
        "Skip to main content\n",
        "World\n",
        "Business\n",
        "Markets\n",
        "Tech\n",
        "Opinion\n",
        "Video\n",
        "Commerce Department orders two AI models offline\n",
        "By Jane Smith\n",
        "June 13, 2026 8:30 AM ET\n",
        "5 min read\n",
        "The U.S. Commerce Department ordered an AI company on Friday to cut off foreign users from two of its large language models, the company said. It shut both models down worldwide within hours.\n",
        "Advertisement\n",
        "Industry groups warned that the order, issued without a public notice or court ruling, sets a precedent for pulling commercial models off the market. Lawyers said the company could challenge it.\n",
        "Read more: Chip export curbs tighten again\n",
        "Sign up for our daily newsletter\n",
        "The company said its other models remain available. A spokesperson declined to comment on whether it would appeal.\n",
        "Related Coverage\n",
        "AI regulation enters a new phase\n",
        "Chip stocks slide on export fears\n",
        "Share this article\n",
        "Facebook\n",
        "Twitter\n",
        "LinkedIn\n",
        "12 Comments\n",
        "© 2026 Example Media Group. All rights reserved.\n",
    );
    check(
        page,
        &[
            1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 28,
        ],
    );
}
