#!/usr/bin/env python3
"""Build a real-news cross-lingual fact-consistency bench from the WMT22 test sets.

Source data: the public repository wmt-conference/wmt22-news-systems, files
  xml/wmttest2022.en-zh.all.xml   (English originals, Chinese references)
  xml/wmttest2022.en-ja.all.xml   (the same English originals, Japanese references)
  xml/wmttest2022.zh-en.all.xml   (Chinese originals, English references)
  xml/wmttest2022.ja-en.all.xml   (Japanese originals, English references)
Only <src> and the first <ref> (translator A) of each <doc> are used; <hyp>
(system outputs) are ignored.  The texts are copyrighted news/web content made
available for research; the output of this script must never be committed.

What it writes (OUT = --out):
  OUT/clean/<article_id>/<lang>.txt   one file per language version, UTF-8,
                                      one paragraph per line, blank line between
                                      paragraphs
  OUT/planted/...                     copy of clean/ where every second article
                                      has exactly one planted factual error in one
                                      language version (an article without a usable
                                      candidate passes its turn to the next; a last
                                      pass tops up to half of the articles)
  OUT/gold_planted.tsv                one row per (planted error, counterpart
                                      language that states the correct fact)
  OUT/articles.tsv                    manifest: article id, origin, docid, domain,
                                      languages, segment count, planted or not
  OUT/README.txt                      provenance and command line

Articles: (a) English-original docs of en-zh with the Chinese reference and, when
the docid is also in en-ja with the same English text, the Japanese reference
(three-language article); (b) Chinese-original docs of zh-en with the English
reference; (c) Japanese-original docs of ja-en with the English reference.
Docs with 8..40 segments are eligible.  Per origin, docs are ordered by domain
(--domain-order, default news first) and then by docid, and the first ones are
taken; N articles in all, split as evenly as possible across the three origins.

Paragraphs: the WMT22 XML puts every document into a single <p>.  With
--para auto (default) a document whose src has a single <p> is written one
segment per paragraph; with several <p> the segments of one <p> are joined
(English with a space, zh/ja without).  --para xml forces the <p> grouping,
--para seg forces one segment per paragraph.

Planting: segments are aligned by id between src and ref, so a fact stated in
segment k of one language can be checked against segment k of another.  For
each planted article one candidate is chosen among the kinds that are possible
for it (number, date, code, person, role), the least used kind so far first,
and alternating between the original (src) and the translation (ref) side when
both are possible.  Segments whose text occurs twice in the document are never
used.  Kinds:
  number  a digit sequence (>= 2 digits, not a year/date/code) occurring once in
          both aligned segments; one digit is changed, formatting kept
  date    month+day (June 26 / 6月26日) or a year (2019) stated by both
          segments; day +-1, month +1 or year -1
  code    a letters+digits token (COVID-19, G20, A320, 5G) present verbatim
          (case-insensitively) in both segments; one digit changed
  person  a personal name in the English segment whose counterpart also names
          the person (verbatim Latin, pinyin surname <-> hanzi, romaji surname
          <-> kanji, or katakana transliteration); one letter of the surname
          changed on the English side
  role    an English role word whose counterpart role word is present in the
          other segment (President -> Vice President, minister -> deputy
          minister, chief executive -> chief financial officer, ...)

Usage:
  python3 build_wmt_bench.py --xml-dir DIR --out DIR [--articles N] [--seed S]
"""

import argparse
import collections
import os
import random
import re
import shutil
import sys
import xml.etree.ElementTree as ET

PAIRS = ("en-zh", "en-ja", "zh-en", "ja-en")
XML_NAME = "wmttest2022.{}.all.xml"
TSV_COLUMNS = ["type", "kind", "file", "value", "snippet", "other_file",
               "other_value", "other_snippet", "note"]
KINDS = ["number", "date", "code", "person", "role"]
CJK_LANGS = ("zh", "ja")

# ---------------------------------------------------------------------------
# text helpers

# full-width ASCII variants -> ASCII, one char for one char (indices are kept)
_FW = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}          # digits
_FW.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})    # A-Z
_FW.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})    # a-z
_FW.update({0xFF0E: ord("."), 0xFF0D: ord("-"), 0xFF05: ord("%")})


def norm(s):
    """Map full-width digits/letters to ASCII; same length as s."""
    return s.translate(_FW)


def is_fullwidth_digits(s):
    return any(0xFF10 <= ord(c) <= 0xFF19 for c in s)


def to_width(new, like):
    """Write ASCII digits/letters of `new` full-width when `like` used full-width."""
    if not any(0xFF10 <= ord(c) <= 0xFF5A for c in like):
        return new
    out = []
    for ch in new:
        if ch.isascii() and ch.isalnum():
            out.append(chr(ord(ch) + 0xFEE0))
        elif ch == "." and "\uff0e" in like:
            out.append("\uff0e")
        else:
            out.append(ch)
    return "".join(out)


def is_han(ch):
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or o == 0x3005


def is_katakana(ch):
    o = ord(ch)
    return 0x30A1 <= o <= 0x30FA or o == 0x30FC


def sanitize(docid, maxlen=40):
    s = re.sub(r"[^A-Za-z0-9]+", "-", docid).strip("-")
    return s[:maxlen].strip("-") or "doc"


def infer_domain(docid):
    d = docid.lower()
    if d.startswith("ecommerce"):
        return "ecommerce"
    if d.startswith("social") or re.match(r"t\d_", d):
        return "social"
    if "client" in d or d.startswith("conversation"):
        return "conversation"
    return "news"


# ---------------------------------------------------------------------------
# XML

def seg_text(seg):
    t = "".join(seg.itertext())
    return re.sub(r"\s+", " ", t).strip()


def read_side(elem):
    """-> list of paragraphs, each a list of (segid, text)."""
    paras = []
    ps = elem.findall("p")
    if not ps:
        ps = [elem]
    for p in ps:
        segs = [(s.get("id"), seg_text(s)) for s in p.iter("seg")]
        if segs:
            paras.append(segs)
    return paras


def parse_xml(path):
    """-> dict docid -> doc dict (origlang, domain, src_lang, src, ref_lang, ref)."""
    root = ET.parse(path).getroot()
    docs = {}
    for d in root.iter("doc"):
        docid = d.get("id")
        src = d.find("src")
        refs = d.findall("ref")
        if src is None or not refs:
            continue
        refs.sort(key=lambda r: r.get("translator") or "")
        ref = refs[0]
        docs[docid] = {
            "docid": docid,
            "origlang": d.get("origlang"),
            "domain": d.get("domain") or infer_domain(docid),
            "src_lang": src.get("lang"),
            "src": read_side(src),
            "ref_lang": ref.get("lang"),
            "ref": read_side(ref),
            "translator": ref.get("translator"),
        }
    return docs


def flat(paras):
    return [s for p in paras for s in p]


# ---------------------------------------------------------------------------
# articles

class Article:
    def __init__(self, origin, doc):
        self.origin = origin
        self.docid = doc["docid"]
        self.domain = doc["domain"]
        self.paras = [[sid for sid, _ in p] for p in doc["src"]]  # structure from src
        self.seg_ids = [sid for p in self.paras for sid in p]
        self.text = {}      # lang -> {segid: text}
        self.side = {}      # lang -> "src" | "ref"
        self.id = None

    def add(self, lang, side, paras):
        self.text[lang] = dict(flat(paras))
        self.side[lang] = side

    @property
    def langs(self):
        order = {"en": 0, "zh": 1, "ja": 2}
        return sorted(self.text, key=lambda l: order.get(l, 9))


def aligned(doc):
    s = [sid for sid, _ in flat(doc["src"])]
    r = [sid for sid, _ in flat(doc["ref"])]
    return s == r and len(set(s)) == len(s)


def build_articles(data, min_segs, max_segs):
    cands = {"en": [], "zh": [], "ja": []}
    enja = data["en-ja"]
    for docid, doc in data["en-zh"].items():
        if doc["origlang"] != "en" or not aligned(doc):
            continue
        a = Article("en", doc)
        a.add("en", "src", doc["src"])
        a.add("zh", "ref", doc["ref"])
        j = enja.get(docid)
        if (j and j["origlang"] == "en" and aligned(j)
                and flat(j["src"]) == flat(doc["src"]) and j["ref_lang"] == "ja"):
            a.add("ja", "ref", j["ref"])
        cands["en"].append(a)
    for pair, lang in (("zh-en", "zh"), ("ja-en", "ja")):
        for docid, doc in data[pair].items():
            if doc["origlang"] != lang or not aligned(doc):
                continue
            a = Article(lang, doc)
            a.add(lang, "src", doc["src"])
            a.add("en", "ref", doc["ref"])
            cands[lang].append(a)
    for k in cands:
        cands[k] = [a for a in cands[k] if min_segs <= len(a.seg_ids) <= max_segs
                    and all(a.text[l][s] for l in a.text for s in a.seg_ids)]
    return cands


def select(cands, n, domain_order):
    rank = {d: i for i, d in enumerate(domain_order)}
    origins = ["en", "zh", "ja"]
    for k in origins:
        cands[k].sort(key=lambda a: (rank.get(a.domain, len(rank)), a.docid))
    quota = {k: n // 3 for k in origins}
    for k in origins[: n % 3]:
        quota[k] += 1
    # move quota from short origins to the others
    while True:
        short = [k for k in origins if quota[k] > len(cands[k])]
        if not short:
            break
        spare = 0
        for k in short:
            spare += quota[k] - len(cands[k])
            quota[k] = len(cands[k])
        room = [k for k in origins if quota[k] < len(cands[k])]
        if not room:
            break
        i = 0
        while spare:
            k = room[i % len(room)]
            if quota[k] < len(cands[k]):
                quota[k] += 1
                spare -= 1
            i += 1
            if all(quota[r] >= len(cands[r]) for r in room):
                break
    out = []
    for k in origins:
        for i, a in enumerate(cands[k][: quota[k]], 1):
            a.id = "{}_{:03d}_{}".format(k, i, sanitize(a.docid))
            out.append(a)
    return out


def render(article, lang, texts, para_mode):
    if para_mode == "seg" or (para_mode == "auto" and len(article.paras) == 1):
        groups = [[sid] for sid in article.seg_ids]
    else:
        groups = article.paras
    joiner = "" if lang in CJK_LANGS else " "
    lines = [joiner.join(texts[sid] for sid in g) for g in groups]
    return "\n\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# fact extraction

NUM_RE = re.compile(r"(?<![A-Za-z0-9.,\-/:])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![A-Za-z0-9]|[,.:/]\d)")
CJK_DATE_TAIL = "年月日号時时"

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept",
              "Oct", "Nov", "Dec"]
_MON_ALT = "|".join(MONTHS + ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
                              "Sept", "Sep", "Oct", "Nov", "Dec"])
EN_MD_RE = re.compile(r"\b(" + _MON_ALT + r")(\.?) (\d{1,2})(st|nd|rd|th)?(?![0-9A-Za-z])")
EN_DM_RE = re.compile(r"(?<![0-9A-Za-z])(\d{1,2})(st|nd|rd|th)? (of )?(" + _MON_ALT + r")\b")
EN_MONTH_ONLY_RE = re.compile(r"\b(" + "|".join(m for m in MONTHS if m != "May") + r")\b")
CJK_MD_RE = re.compile(r"(?<![0-9])(\d{1,2})月(\d{1,2})([日号])")
CJK_MONTH_ONLY_RE = re.compile(r"(?<![0-9])(\d{1,2})月(?![0-9])")
YEAR_RE = re.compile(r"(?<![A-Za-z0-9\-.,])((?:19|20)\d\d)(?![0-9A-Za-z]|,\d)")

CODE_RE = re.compile(r"(?<![A-Za-z0-9\-])([A-Za-z][A-Za-z\-]*\d[A-Za-z0-9\-]*|\d+[A-Z]{1,2})(?![A-Za-z0-9])")
CODE_UNIT_SUFFIX = {"GB", "MB", "TB", "KB", "W", "V", "L", "HP", "AM", "PM", "MM",
                    "CM", "KM", "KG", "M", "S", "H", "ML", "MG", "X", "TH", "ST",
                    "ND", "RD", "C", "F", "HZ", "MP"}


def month_index(name):
    name = name.rstrip(".")
    for i, m in enumerate(MONTHS):
        if name == m or (len(name) >= 3 and m.startswith(name)) or name == MONTH_ABBR[i]:
            return i + 1
    return None


def find_numbers(text):
    """-> list of (start, end, written, key) for plain numbers (no dates/years/codes)."""
    n = norm(text)
    out = []
    for m in NUM_RE.finditer(n):
        s, e = m.span()
        digits = (m.group(1) + (m.group(2) or "")).replace(",", "")
        intpart = m.group(1).replace(",", "")
        if len(re.sub(r"\D", "", digits)) < 2 or in_placeholder(n, s, e):
            continue
        if not m.group(2) and re.fullmatch(r"(19|20)\d\d", intpart) and "," not in m.group(1):
            continue  # year-like
        after = n[e:e + 1]
        before = n[max(0, s - 1):s]
        if after and after in CJK_DATE_TAIL:
            continue
        if before == "月":
            continue
        # part of an English date (June 26 / 26 June)
        ctx = n[max(0, s - 12):e + 12]
        if EN_MD_RE.search(ctx) or EN_DM_RE.search(ctx):
            ok = True
            for dm in list(EN_MD_RE.finditer(n)) + list(EN_DM_RE.finditer(n)):
                if dm.start() <= s < dm.end():
                    ok = False
            if not ok:
                continue
        out.append((s, e, text[s:e], digits))
    return out


def find_dates(text, lang):
    """-> list of dicts {kind: md|m|y, start, end, written, month, day, year}."""
    n = norm(text)
    out = []
    if lang in CJK_LANGS:
        for m in CJK_MD_RE.finditer(n):
            out.append({"kind": "md", "start": m.start(), "end": m.end(),
                        "written": text[m.start():m.end()],
                        "month": int(m.group(1)), "day": int(m.group(2))})
        for m in CJK_MONTH_ONLY_RE.finditer(n):
            if n[m.end():m.end() + 1] and (n[m.end():m.end() + 1].isdigit()):
                continue
            if any(d["start"] <= m.start() < d["end"] for d in out):
                continue
            out.append({"kind": "m", "start": m.start(), "end": m.end(),
                        "written": text[m.start():m.end()], "month": int(m.group(1))})
    else:
        for m in EN_MD_RE.finditer(n):
            out.append({"kind": "md", "start": m.start(), "end": m.end(),
                        "written": text[m.start():m.end()],
                        "month": month_index(m.group(1)), "day": int(m.group(3)),
                        "order": "md"})
        for m in EN_DM_RE.finditer(n):
            if any(d["start"] <= m.start() < d["end"] or m.start() <= d["start"] < m.end()
                   for d in out):
                continue
            out.append({"kind": "md", "start": m.start(), "end": m.end(),
                        "written": text[m.start():m.end()],
                        "month": month_index(m.group(4)), "day": int(m.group(1)),
                        "order": "dm"})
        for m in EN_MONTH_ONLY_RE.finditer(n):
            if any(d["start"] <= m.start() < d["end"] for d in out):
                continue
            out.append({"kind": "m", "start": m.start(), "end": m.end(),
                        "written": text[m.start():m.end()], "month": month_index(m.group(1))})
    out = [d for d in out if d.get("month") and 1 <= d["month"] <= 12
           and (d["kind"] != "md" or 1 <= d["day"] <= 31)]
    for m in YEAR_RE.finditer(n):
        out.append({"kind": "y", "start": m.start(), "end": m.end(),
                    "written": text[m.start():m.end()], "year": int(m.group(1))})
    return out


PLACEHOLDER_RE = re.compile(r"#[A-Za-z0-9_]+#")


def in_placeholder(text, s, e):
    """True when [s:e) lies inside an anonymisation placeholder such as #PRS_ORG#."""
    return any(m.start() <= s and e <= m.end() for m in PLACEHOLDER_RE.finditer(text))


def find_codes(text):
    n = norm(text)
    out = []
    for m in CODE_RE.finditer(n):
        tok = m.group(1).rstrip("-")
        s = m.start()
        e = s + len(tok)
        if in_placeholder(n, s, e):
            continue
        if not re.search(r"[A-Za-z]", tok) or not re.search(r"\d", tok):
            continue
        if not re.search(r"[A-Z]", tok):
            continue
        if re.fullmatch(r"\d+[A-Za-z]+", tok):
            if tok.lstrip("0123456789").upper() in CODE_UNIT_SUFFIX:
                continue
        out.append((s, e, text[s:e], tok.upper()))
    return out


# --- persons ---------------------------------------------------------------

PINYIN_SURNAMES = {
    "wang": "王汪", "li": "李黎厉", "zhang": "张章", "liu": "刘", "chen": "陈", "yang": "杨",
    "huang": "黄", "zhao": "赵", "wu": "吴武", "zhou": "周", "xu": "徐许", "sun": "孙",
    "ma": "马", "zhu": "朱", "hu": "胡", "guo": "郭", "he": "何贺", "gao": "高", "lin": "林",
    "luo": "罗", "zheng": "郑", "liang": "梁", "xie": "谢", "song": "宋", "tang": "唐",
    "han": "韩", "feng": "冯", "deng": "邓", "cao": "曹", "peng": "彭", "zeng": "曾",
    "xiao": "肖萧", "tian": "田", "dong": "董", "yuan": "袁", "pan": "潘", "yu": "于余俞虞",
    "jiang": "蒋江姜", "cai": "蔡", "du": "杜", "ye": "叶", "cheng": "程成", "wei": "魏韦",
    "su": "苏", "lyu": "吕", "lv": "吕", "ding": "丁", "ren": "任", "shen": "沈", "yao": "姚",
    "lu": "卢陆鲁路", "fu": "傅付符", "zhong": "钟", "cui": "崔", "tan": "谭", "liao": "廖",
    "fan": "范", "jin": "金", "shi": "石史施", "jia": "贾", "xia": "夏", "fang": "方",
    "zou": "邹", "xiong": "熊", "bai": "白", "meng": "孟", "qin": "秦", "qiu": "邱丘",
    "hou": "侯", "yin": "尹殷", "xue": "薛", "yan": "严颜阎闫", "duan": "段", "lei": "雷",
    "long": "龙", "shao": "邵", "wan": "万", "qian": "钱", "tao": "陶", "hao": "郝",
    "kong": "孔", "mao": "毛", "gu": "顾", "gong": "龚宫", "kang": "康", "niu": "牛",
    "xing": "邢", "ou": "欧", "zhan": "詹", "wen": "温文", "zhuang": "庄", "chang": "常",
    "mo": "莫", "xiang": "向项", "bao": "鲍包", "ge": "葛", "hong": "洪", "lai": "赖",
    "jiao": "焦", "ji": "季纪姬", "chai": "柴", "qi": "齐戚", "tong": "童", "ling": "凌",
    "xi": "习席", "huo": "霍", "ni": "倪", "yue": "岳", "yi": "易", "ruan": "阮", "ai": "艾",
    "bi": "毕", "chu": "褚楚", "guan": "关", "gan": "甘", "geng": "耿", "hua": "华",
    "lan": "兰蓝", "lou": "楼", "miao": "苗", "mu": "穆", "ning": "宁", "pei": "裴",
    "pu": "蒲", "rao": "饶", "sheng": "盛", "shu": "舒", "tu": "涂", "xin": "辛",
    "you": "尤", "zhai": "翟", "zhuo": "卓", "zuo": "左", "ouyang": "欧阳", "dai": "戴",
    "dou": "窦", "qu": "瞿屈曲", "rong": "荣", "cen": "岑", "nie": "聂", "pang": "庞",
    "shan": "单", "fei": "费", "kuang": "匡邝", "lee": "李", "tsai": "蔡", "chan": "陈",
    "wong": "黄王", "cheung": "张", "leung": "梁", "lam": "林", "chow": "周", "ho": "何",
    "kwok": "郭", "yeung": "杨", "tse": "谢", "chiang": "蒋", "hsu": "徐许", "chou": "周",
}

JP_SURNAMES = {
    "sato": "佐藤", "suzuki": "鈴木", "takahashi": "高橋", "tanaka": "田中", "watanabe": "渡辺渡部",
    "ito": "伊藤", "yamamoto": "山本", "nakamura": "中村", "kobayashi": "小林", "kato": "加藤",
    "yoshida": "吉田", "yamada": "山田", "sasaki": "佐々木", "yamaguchi": "山口",
    "matsumoto": "松本", "inoue": "井上", "kimura": "木村", "hayashi": "林", "shimizu": "清水",
    "yamazaki": "山崎", "mori": "森", "abe": "安倍阿部", "ikeda": "池田", "hashimoto": "橋本",
    "yamashita": "山下", "ishikawa": "石川", "nakajima": "中島", "maeda": "前田",
    "fujita": "藤田", "ogawa": "小川", "goto": "後藤", "okada": "岡田", "hasegawa": "長谷川",
    "murakami": "村上", "kondo": "近藤", "ishii": "石井", "saito": "斎藤斉藤", "sakamoto": "坂本",
    "endo": "遠藤", "aoki": "青木", "fujii": "藤井", "nishimura": "西村", "fukuda": "福田",
    "ota": "太田", "miura": "三浦", "fujiwara": "藤原", "okamoto": "岡本", "matsuda": "松田",
    "nakagawa": "中川", "nakano": "中野", "harada": "原田", "ono": "小野", "tamura": "田村",
    "takeuchi": "竹内", "kaneko": "金子", "wada": "和田", "nakayama": "中山", "ishida": "石田",
    "ueda": "上田", "morita": "森田", "hara": "原", "shibata": "柴田", "sakai": "酒井",
    "kudo": "工藤", "yokoyama": "横山", "miyazaki": "宮崎", "miyamoto": "宮本", "uchida": "内田",
    "takagi": "高木", "ando": "安藤", "taniguchi": "谷口", "ohno": "大野", "maruyama": "丸山",
    "imai": "今井", "kono": "河野", "takada": "高田", "fujimoto": "藤本", "murata": "村田",
    "takeda": "武田", "ueno": "上野", "sugiyama": "杉山", "masuda": "増田", "hirano": "平野",
    "otsuka": "大塚", "chiba": "千葉", "kubo": "久保", "matsui": "松井", "iwasaki": "岩崎",
    "sakurai": "桜井", "kinoshita": "木下", "noguchi": "野口", "matsuo": "松尾", "kikuchi": "菊地菊池",
    "nomura": "野村", "arai": "新井", "watanabe_": "", "kishida": "岸田", "suga": "菅",
    "koike": "小池", "ishiba": "石破", "kishi": "岸", "hayashi_": "", "motegi": "茂木",
    "noda": "野田", "edano": "枝野", "tamaki": "玉木", "yoshimura": "吉村", "matsui_": "",
    "hoshino": "星野", "oshima": "大島", "sugawara": "菅原", "kojima": "小島児島",
    "hirai": "平井", "kitamura": "北村", "onishi": "大西", "ichikawa": "市川", "ishihara": "石原",
    "ohtani": "大谷", "otani": "大谷", "hanyu": "羽生", "osaka": "大坂", "nishikori": "錦織",
    "yamagata": "山形", "takemoto": "竹本", "hamada": "浜田", "matsushita": "松下",
    "sugimoto": "杉本", "hattori": "服部", "miyake": "三宅", "tsuchiya": "土屋",
    "nagai": "永井", "kuroda": "黒田", "nakata": "中田", "kawaguchi": "川口", "kawamura": "川村",
    "yano": "矢野", "tsuji": "辻", "horie": "堀江", "akiyama": "秋山", "ishizuka": "石塚",
}
JP_SURNAMES = {k: v for k, v in JP_SURNAMES.items() if v and not k.endswith("_")}

_KATA = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o", "カ": "ka", "キ": "ki", "ク": "ku",
    "ケ": "ke", "コ": "ko", "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so", "ザ": "za", "ジ": "ji",
    "ズ": "zu", "ゼ": "ze", "ゾ": "zo", "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te",
    "ト": "to", "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do", "ナ": "na",
    "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no", "ハ": "ha", "ヒ": "hi", "フ": "fu",
    "ヘ": "he", "ホ": "ho", "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po", "マ": "ma", "ミ": "mi",
    "ム": "mu", "メ": "me", "モ": "mo", "ヤ": "ya", "ユ": "yu", "ヨ": "yo", "ラ": "ra",
    "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro", "ワ": "wa", "ヲ": "o", "ン": "n",
    "ヴ": "bu", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o", "ャ": "ya",
    "ュ": "yu", "ョ": "yo", "ッ": "", "ー": "",
}


def kata_romaji(s):
    return "".join(_KATA.get(c, "") for c in s)


def phon_key(s):
    """Very loose consonant skeleton to compare English names with katakana."""
    s = s.lower()
    s = re.sub(r"[^a-z]", "", s)
    for a, b in (("tch", "c"), ("sch", "s"), ("ch", "c"), ("sh", "s"), ("ph", "f"),
                 ("th", "s"), ("ck", "k"), ("ts", "t"), ("gh", ""),
                 ("x", "ks"), ("q", "k"), ("v", "b"), ("l", "r"), ("w", ""),
                 ("z", "s"), ("j", "c"), ("dz", "c")):
        s = s.replace(a, b)
    s = re.sub(r"[aeiouyh]", "", s)
    s = re.sub(r"n(?=[bpm])", "m", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Za-z][a-z]+)?"
NAME_RE = re.compile(r"(?<![A-Za-z])(" + NAME_WORD + r"(?: (?:[A-Z]\. )?" + NAME_WORD + r"){0,4})(?![A-Za-z])")
# words that mark an organisation, publication, place or product rather than a person
ORG_WORDS = {"Herald", "Times", "News", "Post", "Age", "Journal", "Daily", "Mail", "Telegraph",
             "Guardian", "Tribune", "Gazette", "Press", "Agency", "Inc", "Ltd", "Corp",
             "Corporation", "Co", "Club", "United", "City", "Airlines", "Airways", "Motors",
             "Foundation", "Institute", "Society", "Union", "Federation", "League", "Cup",
             "Stadium", "Square", "Avenue", "Island", "Islands", "Kingdom", "Republic", "States",
             "Street", "Road", "Bay", "Beach", "Valley", "Hills", "Galaxy", "Watch", "Pro",
             "Max", "Plus", "Edition", "Series", "Channel", "Network", "Radio", "Television",
             "Film", "Films", "Studio", "Studios", "Records", "Music", "Games", "Online",
             "Church", "Cathedral", "Palace", "House", "Hall", "Court", "Parliament", "Senate",
             "Congress", "Assembly", "Army", "Navy", "Force", "Police", "Service", "Health",
             "Care", "Trust", "Fund", "Capital", "Partners", "Holdings", "Technologies",
             "Systems", "Labs", "Media", "Entertainment", "Sports", "Energy", "Power", "Oil"}
TITLES = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "President", "Sen", "Senator",
          "Gov", "Governor", "Rep", "Judge", "Justice", "Chancellor", "Minister", "Secretary",
          "Officer", "Detective", "Sir", "Dame", "Lord", "Lady", "King", "Queen", "Prince",
          "Princess", "Premier", "Mayor", "Chairman", "Captain", "Coach", "Sergeant", "General",
          "Colonel", "Pope", "Father", "Bishop", "Inspector", "Superintendent", "Councillor",
          "Commissioner", "Director", "Ambassador", "Speaker", "Leader", "Chef", "Dean"}
PERSON_VERBS = re.compile(r"^(?:,? (?:who|said|says|told|added|explained|wrote|announced|tweeted|"
                          r"noted|stated|asked|replied|argued|insisted|confirmed|claimed|"
                          r"warned|admitted|revealed|described|posted)\b|,? \(?\d{1,3}\)?,? (?:said|says|who|told)\b|, \d{1,3},)")
NOT_NAME = {"The", "A", "An", "In", "On", "At", "It", "This", "That", "These", "Those", "He",
            "She", "We", "They", "I", "You", "His", "Her", "Their", "Our", "My", "If", "But",
            "And", "Or", "So", "As", "For", "To", "Of", "With", "When", "While", "After",
            "Before", "Since", "From", "By", "There", "Here", "What", "Who", "How", "Why",
            "Where", "Please", "Thank", "Thanks", "Yes", "No", "Not", "All", "Some", "Any",
            "Each", "Every", "One", "Two", "Three", "New", "North", "South", "East", "West",
            "China", "Chinese", "Japan", "Japanese", "American", "British", "English",
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            "Street", "Road", "City", "County", "University", "College", "School", "Hospital",
            "Company", "Group", "Party", "Province", "Prefecture", "District", "Town",
            "Village", "Station", "Bridge", "River", "Mountain", "Lake", "Park", "Airport",
            "Ministry", "Department", "Office", "Government", "Council", "Committee",
            "Association", "Center", "Centre", "Museum", "Bank", "Festival", "Hotel"} | set(MONTHS) | TITLES
JA_PERSON_TAIL = re.compile(r"^(?:さん|氏|様|君|ちゃん|大統領|首相|選手|監督|議員|容疑者|被告|知事|"
                            r"市長|町長|村長|社長|会長|教授|代表|委員長|長官|外相|夫妻|一家)")
JA_PLACE_TAIL = re.compile(r"^(?:市|町|村|県|駅|城|区|郡|山|川|島|港|通り|線|屋|家の|州|国|湾|大学|社|党|軍|号|製)")


def name_tokens(name):
    return [t for t in name.replace(". ", " ").split(" ") if t and not t.endswith(".")]


def syllables(word):
    n = 0
    for part in re.split(r"[-']", word.lower()):
        n += max(1, len(re.findall(r"[aeiouü]+", part)))
    return n


def find_persons(en_text, other_text, other_lang):
    """Names in en_text that other_text also states.
    -> list of (start, end, name, surname_start, surname_end, other_value, other_start)."""
    out = []
    other_n = norm(other_text)
    for m in NAME_RE.finditer(en_text):
        if in_placeholder(en_text, m.start(), m.end()):
            continue
        name = m.group(1)
        toks = name.split(" ")
        # drop leading non-name words (sentence start "The", titles, ...)
        while toks and (toks[0] in NOT_NAME or toks[0].rstrip(".") in TITLES):
            toks = toks[1:]
        while toks and toks[-1] in NOT_NAME:
            toks = toks[:-1]
        if not toks:
            continue
        if len(toks) > 3 or any(t in ORG_WORDS for t in toks):
            continue
        name = " ".join(toks)
        start = en_text.index(name, m.start())
        end = start + len(name)
        before = en_text[max(0, start - 20):start]
        after = en_text[end:end + 16]
        titled = bool(re.search(r"(?:^|\W)(" + "|".join(TITLES) + r")\.? $", before))
        cue = titled or bool(PERSON_VERBS.match(after))
        words = [t for t in name_tokens(name)]
        if not words:
            continue
        found = None
        # (1) pinyin surname <-> hanzi (surname first, given name second)
        if other_lang == "zh" and len(words) == 2 and words[0].lower() in PINYIN_SURNAMES \
                and words[1][1:].islower():
            k = min(2, syllables(words[1]))
            hits = []
            for ch in PINYIN_SURNAMES[words[0].lower()]:
                for cm in re.finditer(re.escape(ch), other_text):
                    seg = other_text[cm.start(): cm.start() + len(ch) + k]
                    if len(seg) == len(ch) + k and all(is_han(c) for c in seg):
                        prev = other_text[cm.start() - 1: cm.start()]
                        if prev and is_han(prev) and not cue:
                            continue
                        hits.append((cm.start(), seg))
            if len(hits) == 1 and (cue or k == 2):
                sur_s = start
                found = (sur_s, sur_s + len(words[0]), hits[0][1], hits[0][0])
        # (2) romaji surname <-> kanji
        if not found and other_lang == "ja":
            for w in words:
                kanji = JP_SURNAMES.get(w.lower())
                if not kanji:
                    continue
                cands = [kanji] if len(kanji) <= 3 and kanji not in ("渡辺渡部", "安倍阿部", "斎藤斉藤", "菊地菊池", "小島児島") else [kanji[i:i + 2] for i in range(0, len(kanji), 2)]
                if w.lower() == "sasaki":
                    cands = ["佐々木"]
                if w.lower() == "hasegawa":
                    cands = ["長谷川"]
                hits = []
                for kj in cands:
                    for km in re.finditer(re.escape(kj), other_text):
                        tail = other_text[km.end():km.end() + 2]
                        if JA_PLACE_TAIL.match(tail):
                            continue
                        hits.append((km.start(), kj))
                if len(hits) == 1:
                    ws = en_text.index(w, start)
                    found = (ws, ws + len(w), hits[0][1], hits[0][0])
                    break
        # (3) katakana transliteration (Western names; surname = last word)
        if not found and other_lang == "ja" and len(words) >= 1:
            sur = words[-1]
            key = phon_key(sur)
            if len(key) >= 3:
                hits = []
                for km in re.finditer(r"[\u30A1-\u30FA\u30FC]{2,}", other_text):
                    kk = phon_key(kata_romaji(km.group(0)))
                    d = edit_distance(key, kk)
                    if d == 0 or (d == 1 and len(key) >= 4):
                        tail = other_text[km.end():km.end() + 4]
                        if JA_PLACE_TAIL.match(tail):
                            continue
                        if cue or JA_PERSON_TAIL.match(tail):
                            hits.append((km.start(), km.group(0)))
                if len(hits) == 1:
                    ws = start + name.rindex(sur)
                    found = (ws, ws + len(sur), hits[0][1], hits[0][0])
        # (4) verbatim Latin surname in the other segment (needs a person cue)
        single_ok = len(words) > 1 or re.search(r"(?:^|\W)(?:Mr|Mrs|Ms|Dr|Miss)\.? $", before)
        if not found and cue and single_ok:
            sur = words[-1]
            if len(sur) >= 3:
                hits = [x for x in re.finditer(r"(?<![A-Za-z])" + re.escape(sur) + r"(?![A-Za-z])", other_n)]
                if len(hits) == 1:
                    ws = start + name.rindex(sur)
                    found = (ws, ws + len(sur), other_text[hits[0].start():hits[0].end()], hits[0].start())
        if found:
            out.append((start, end, name) + found)
    return out


def alter_surname(sur, rng, avoid):
    vowels = "aeiou"
    low = sur.lower()
    pos = [i for i in range(1, len(sur)) if low[i] in vowels]
    options = []
    for i in pos:
        for v in vowels:
            if v != low[i]:
                options.append(sur[:i] + v + sur[i + 1:])
    for i in range(1, len(sur) - 1):
        if low[i] != low[i + 1] and sur[i].isalpha() and sur[i + 1].isalpha():
            options.append(sur[:i] + sur[i + 1] + sur[i] + sur[i + 2:])
    options = [o for o in options if o.lower() not in avoid and o != sur]
    if not options:
        return None
    return rng.choice(options)


# --- roles -----------------------------------------------------------------

ROLE_TABLE = [
    # english regex, replacement builder, zh words, ja words
    (r"Prime Minister|prime minister", lambda w: ("Deputy " if w[0].isupper() else "deputy ") + w,
     ["总理", "首相"], ["首相"]),
    (r"Vice President|vice president|Vice-President|vice-president",
     lambda w: w.split(" ")[-1].split("-")[-1].capitalize() if w[0].isupper() else w.split(" ")[-1].split("-")[-1],
     ["副总统", "副主席", "副总裁", "副校长", "副会长"], ["副大統領", "副主席", "副社長", "副会長"]),
    (r"President|president", lambda w: ("Vice " if w[0].isupper() else "vice ") + w,
     ["总统", "主席", "总裁", "校长", "会长", "院长"], ["大統領", "主席", "社長", "学長", "会長", "総裁"]),
    (r"(?:(?:Foreign|Finance|Defence|Defense|Health|Education|Interior|Justice|Trade|Energy|"
     r"Environment|Transport|Home|Culture|Agriculture|Economy|Economic|Digital|Industry)\s+)?Minister|"
     r"(?:(?:foreign|finance|defence|defense|health|education|interior|justice|trade|energy|"
     r"environment|transport|home|culture|agriculture|economy|economic|digital|industry)\s+)?minister",
     lambda w: ("Deputy " if w[0].isupper() else "deputy ") + w,
     ["部长", "外长", "大臣", "防长"],
     ["大臣", "外相", "財務相", "防衛相", "厚労相", "法相", "経産相", "文科相", "農水相", "国交相", "総務相", "環境相", "外務相"]),
    (r"[Cc]hief [Ee]xecutive(?: [Oo]fficer)?|CEO",
     lambda w: "CFO" if w == "CEO" else ("Chief Financial Officer" if w[0] == "C" and w[6] == "E" else "chief financial officer"),
     ["首席执行官", "执行长", "CEO"], ["最高経営責任者", "CEO"]),
    (r"[Cc]hair(?:man|woman|person)", lambda w: ("Vice " if w[0].isupper() else "vice ") + w.lower() if not w[0].isupper() else "Vice " + w,
     ["主席", "董事长", "理事长"], ["会長", "議長", "委員長", "理事長"]),
    (r"Governor|governor", lambda w: ("Deputy " if w[0].isupper() else "deputy ") + w,
     ["州长", "省长", "行长", "总督"], ["知事", "総裁"]),
    (r"Mayor|mayor", lambda w: ("Deputy " if w[0].isupper() else "deputy ") + w,
     ["市长"], ["市長", "町長", "村長"]),
    (r"Secretary-General|secretary-general|Secretary General|secretary general",
     lambda w: ("Deputy " if w[0].isupper() else "deputy ") + w, ["秘书长"], ["事務総長", "事務局長"]),
    (r"[Ss]pokes(?:man|woman|person)", lambda w: ("Deputy " if w[0].isupper() else "deputy ") + w,
     ["发言人"], ["報道官", "広報担当"]),
    (r"[Hh]ead [Cc]oach|[Cc]oach", lambda w: ("Assistant " if w[0].isupper() else "assistant ") + w.split(" ")[-1],
     ["主教练", "教练", "主帅"], ["監督", "コーチ"]),
    (r"[Pp]rofessor", lambda w: ("Associate " if w[0].isupper() else "associate ") + w,
     ["教授"], ["教授"]),
    (r"[Aa]mbassador", lambda w: ("Deputy " if w[0].isupper() else "deputy ") + w,
     ["大使"], ["大使"]),
    (r"[Ff]ounder", lambda w: ("Co-founder" if w[0].isupper() else "co-founder"),
     ["创始人", "创办人"], ["創業者", "創設者", "創始者"]),
    (r"[Cc]aptain", lambda w: ("Vice-captain" if w[0].isupper() else "vice-captain"),
     ["队长", "船长", "机长"], ["主将", "キャプテン", "船長", "機長"]),
    (r"[Dd]irector", lambda w: ("Deputy " if w[0].isupper() else "deputy ") + w,
     ["主任", "局长", "所长", "处长", "署长", "总监"], ["局長", "所長", "部長", "センター長", "署長"]),
]
CJK_ROLE_FORBID_BEFORE = ("副", "助理", "准", "助", "联合", "共同", "代理", "常务", "執行")
EN_ROLE_FORBID_BEFORE = re.compile(r"(?:vice|deputy|assistant|associate|acting|lieutenant|co|under|"
                                   r"executive|managing|former|ex|first|senior|junior)[\s-]*$", re.I)


def find_roles(en_text, other_text, other_lang):
    """-> list of (start, end, written, new_phrase, other_value, other_start)."""
    out = []
    taken = []
    for rx, repl, zhw, jaw in ROLE_TABLE:
        words = zhw if other_lang == "zh" else jaw
        reverse = rx.startswith("Vice President")
        for m in re.finditer(r"(?<![A-Za-z\-])(" + rx + r")(?![A-Za-z\-])", en_text):
            s, e = m.span(1)
            if any(ts <= s < te or s <= ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            if not reverse and EN_ROLE_FORBID_BEFORE.search(en_text[max(0, s - 12):s]):
                continue
            if len(re.findall(r"(?<![A-Za-z\-])(?:" + rx + r")(?![A-Za-z\-])", en_text)) != 1:
                continue
            hits = []
            for w in words:
                for wm in re.finditer(re.escape(w), other_text):
                    before = other_text[max(0, wm.start() - 2):wm.start()]
                    if not reverse and any(before.endswith(f) for f in CJK_ROLE_FORBID_BEFORE):
                        continue
                    if not reverse and any(wm.start() >= x[0] and wm.end() <= x[0] + len(x[1]) or
                                           x[0] >= wm.start() and x[0] < wm.end() for x in hits):
                        continue
                    hits.append((wm.start(), w))
            # longest word per position only
            hits = sorted(set(hits))
            pruned = []
            for h in hits:
                if pruned and h[0] < pruned[-1][0] + len(pruned[-1][1]):
                    if len(h[1]) > len(pruned[-1][1]):
                        pruned[-1] = h
                    continue
                pruned.append(h)
            if len(pruned) != 1:
                continue
            written = en_text[s:e]
            new = repl(written)
            if new == written:
                continue
            out.append((s, e, written, new, pruned[0][1], pruned[0][0]))
    return out


# ---------------------------------------------------------------------------
# candidates

class Cand:
    def __init__(self, kind, seg, lang, start, end, old, new, others, detail=""):
        self.kind = kind
        self.seg = seg
        self.lang = lang
        self.start = start        # span of `old` in the segment text
        self.end = end
        self.old = old
        self.new = new            # replacement text for [start:end]
        self.others = others      # list of (lang, other_value, start_in_other_seg)
        self.detail = detail


def change_digit(written, rng, forbid_keys, keyfn):
    """Change one digit of `written`; keep width and separators."""
    n = norm(written)
    pos = [i for i, c in enumerate(n) if c.isdigit()]
    opts = []
    for i in pos:
        first = (i == pos[0])
        for d in "0123456789":
            if d == n[i] or (first and d == "0" and len(pos) > 1 and n[i] != "0"):
                continue
            new_n = n[:i] + d + n[i + 1:]
            if keyfn(new_n) in forbid_keys:
                continue
            opts.append((i, d))
    if not opts:
        return None
    # change one of the first two digits (24 -> 42, 1,200 -> 1,500, 3000 -> 4000), but
    # never a zero that only pads a round number (70 -> 75, 800 -> 880 read oddly)
    intpos = [i for i in pos if "." not in n[:i]]
    def padding_zero(i):
        return n[i] == "0" and all(n[j] == "0" for j in intpos if j > i)
    sig = [o for o in opts if o[0] in pos[:2] and (o[0] == pos[0] or not padding_zero(o[0]))]
    i, d = rng.choice(sig or opts)
    if 0xFF10 <= ord(written[i]) <= 0xFF19:
        d = chr(ord(d) + 0xFEE0)
    return written[:i] + d + written[i + 1:]


def bump_last_digit(written, rng, forbid_keys):
    """Code tokens: change the last digit by +-1 (G7 -> G8, A320 -> A321, COVID-19 -> COVID-18)."""
    n = norm(written)
    pos = [i for i, c in enumerate(n) if c.isdigit()]
    i = pos[-1]
    d = int(n[i])
    steps = [1, -1] if rng.random() < 0.5 else [-1, 1]
    for st in steps:
        nd = d + st
        if not 0 <= nd <= 9:
            continue
        run_start = i
        while run_start > 0 and n[run_start - 1].isdigit():
            run_start -= 1
        if nd == 0 and run_start == i:
            continue  # avoid G0, EF0
        new_n = n[:i] + str(nd) + n[i + 1:]
        if new_n.upper() in forbid_keys:
            continue
        ch = str(nd)
        if 0xFF10 <= ord(written[i]) <= 0xFF19:
            ch = chr(ord(ch) + 0xFEE0)
        return written[:i] + ch + written[i + 1:]
    return None


def dup_free(article, seg):
    for lang in article.langs:
        t = article.text[lang][seg]
        if sum(1 for s in article.seg_ids if article.text[lang][s] == t) > 1:
            return False
    return True


def number_cands(article, seg, lang, others, rng):
    out = []
    t = article.text[lang][seg]
    nums = find_numbers(t)
    keys = collections.Counter(k for _, _, _, k in nums)
    all_num_keys = set()
    for o in others:
        all_num_keys |= {k for _, _, _, k in find_numbers(article.text[o][seg])}
        all_num_keys |= {re.sub(r"[^\d.]", "", norm(x)) for x in re.findall(r"[\d０-９][\d０-９,，.．]*", article.text[o][seg])}
    for s, e, w, k in nums:
        if keys[k] != 1:
            continue
        cps = []
        for o in others:
            on = find_numbers(article.text[o][seg])
            hits = [x for x in on if x[3] == k]
            raw = re.findall(re.escape(k), re.sub(r"(?<=\d),(?=\d{3})", "", norm(article.text[o][seg])))
            if len(hits) == 1 and len(raw) == 1:
                cps.append((o, hits[0][2], hits[0][0]))
        if not cps:
            continue
        new = change_digit(w, rng, all_num_keys | set(keys), lambda x: x.replace(",", ""))
        if new:
            out.append(Cand("number", seg, lang, s, e, w, new, cps))
    return out


def date_key(d):
    if d["kind"] == "md":
        return ("md", d["month"], d["day"])
    if d["kind"] == "m":
        return ("m", d["month"])
    return ("y", d["year"])


def month_name_like(old_name, month):
    base = old_name.rstrip(".")
    if base in MONTHS:
        return MONTHS[month - 1]
    abbr = MONTH_ABBR[month - 1]
    if base == "Sep":
        abbr = "Sep" if month == 9 else abbr
    return abbr


def rewrite_date(d, lang, mode, rng):
    """-> new written form of date d, changing day/month/year."""
    w = d["written"]
    if d["kind"] == "y":
        new_year = d["year"] - 1
        return to_width(str(new_year), w)
    month, day = d["month"], d.get("day")
    if mode == "day" and d["kind"] == "md":
        day = day + 1 if day < 28 else day - 1
    else:
        month = month % 12 + 1
    if lang in CJK_LANGS:
        if d["kind"] == "md":
            tail = w[-1]
            return to_width(str(month), w) + "月" + to_width(str(day), w) + tail
        return to_width(str(month), w) + "月"
    # English
    if d["kind"] == "m":
        return MONTHS[month - 1]
    if d.get("order") == "md":
        m = EN_MD_RE.fullmatch(norm(w))
        return month_name_like(m.group(1), month) + m.group(2) + " " + str(day) + (
            ordinal(day) if m.group(4) else "")
    m = EN_DM_RE.fullmatch(norm(w))
    return str(day) + (ordinal(day) if m.group(2) else "") + " " + (m.group(3) or "") + \
        month_name_like(m.group(4), month)


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def date_cands(article, seg, lang, others, rng):
    out = []
    t = article.text[lang][seg]
    ds = find_dates(t, lang)
    keys = collections.Counter(date_key(d) for d in ds)
    for d in ds:
        k = date_key(d)
        if keys[k] != 1:
            continue
        if d["kind"] == "m" and lang not in CJK_LANGS and d["written"] == "March" \
                and not re.search(r"\b(in|of|on|since|until|last|next|early|late|mid|by|from|this)\s+$", t[:d["start"]]):
            continue
        cps = []
        for o in others:
            od = find_dates(article.text[o][seg], o)
            hits = [x for x in od if date_key(x) == k]
            if d["kind"] == "m":
                # a month-only date must not be a month+day date on the other side and vice versa
                hits = [x for x in hits if x["kind"] == "m"]
            if len(hits) == 1:
                cps.append((o, hits[0]["written"], hits[0]["start"]))
        if not cps:
            continue
        mode = rng.choice(["day", "month"]) if d["kind"] == "md" else "month"
        new = rewrite_date(d, lang, mode, rng)
        # the new date must not be stated anywhere in the counterpart segments
        nk = None
        nd = find_dates(new, lang)
        if nd:
            nk = date_key(nd[0])
        if nk is None or nk == k:
            continue
        if any(date_key(x) == nk for o in others for x in find_dates(article.text[o][seg], o)):
            continue
        if any(date_key(x) == nk for x in ds):
            continue
        out.append(Cand("date", seg, lang, d["start"], d["end"], d["written"], new, cps,
                        detail=d["kind"] + ("/" + mode if d["kind"] == "md" else "")))
    return out


def code_cands(article, seg, lang, others, rng):
    out = []
    t = article.text[lang][seg]
    cs = find_codes(t)
    keys = collections.Counter(k for _, _, _, k in cs)
    for s, e, w, k in cs:
        if keys[k] != 1:
            continue
        cps = []
        for o in others:
            oc = [x for x in find_codes(article.text[o][seg]) if x[3] == k]
            if len(oc) == 1:
                cps.append((o, oc[0][2], oc[0][0]))
        if not cps:
            continue
        forbid = set(keys)
        for o in others:
            forbid |= {x[3] for x in find_codes(article.text[o][seg])}
        new = bump_last_digit(w, rng, forbid)
        if new:
            out.append(Cand("code", seg, lang, s, e, w, new, cps))
    return out


def person_cands(article, seg, lang, others, rng):
    if lang != "en":
        return []
    t = article.text["en"][seg]
    by_name = {}
    for o in others:
        for (s, e, name, ss, se, ov, ostart) in find_persons(t, article.text[o][seg], o):
            key = (ss, se)
            by_name.setdefault(key, {"s": s, "e": e, "name": name, "others": []})
            by_name[key]["others"].append((o, ov, ostart))
    out = []
    doc_words = set()
    for s in article.seg_ids:
        doc_words |= {w.lower() for w in re.findall(r"[A-Za-z]+", article.text["en"][s])}
    for (ss, se), info in sorted(by_name.items()):
        sur = t[ss:se]
        if len(re.findall(r"(?<![A-Za-z])" + re.escape(sur) + r"(?![A-Za-z])", t)) != 1:
            continue
        new_sur = alter_surname(sur, rng, doc_words)
        if not new_sur:
            continue
        # value = the full name as it will be written
        s, e = info["s"], info["e"]
        new_name = t[s:ss] + new_sur + t[se:e]
        out.append(Cand("person", seg, "en", s, e, t[s:e], new_name, info["others"],
                        detail="surname " + sur + "->" + new_sur))
    return out


def role_cands(article, seg, lang, others, rng):
    if lang != "en":
        return []
    t = article.text["en"][seg]
    found = {}
    for o in others:
        for (s, e, w, new, ov, ostart) in find_roles(t, article.text[o][seg], o):
            found.setdefault((s, e, w, new), []).append((o, ov, ostart))
    out = []
    for (s, e, w, new), cps in sorted(found.items()):
        # fix the English article a/an in front when needed
        pre = t[max(0, s - 3):s]
        if re.search(r"(?:^|\s)an? $", t[max(0, s - 4):s]) or pre.lower() in (" a ", " an"):
            m = re.search(r"(?:^|(?<=\s))(an?) $", t[:s])
            if m:
                art = m.group(1)
                want = "an" if new[0].lower() in "aeiou" else "a"
                if art.lower() != want:
                    want = want if art[0].islower() else want.capitalize()
                    out.append(Cand("role", seg, "en", m.start(1), e, t[m.start(1):e],
                                    want + " " + new, cps, detail="article fixed"))
                    continue
        out.append(Cand("role", seg, "en", s, e, w, new, cps))
    return out


CAND_FUNCS = {"number": number_cands, "date": date_cands, "code": code_cands,
              "person": person_cands, "role": role_cands}


def all_cands(article, rng):
    res = []
    for seg in article.seg_ids:
        if not dup_free(article, seg):
            continue
        for lang in article.langs:
            others = [o for o in article.langs if o != lang]
            for kind in KINDS:
                res.extend(CAND_FUNCS[kind](article, seg, lang, others, rng))
    return res


# ---------------------------------------------------------------------------
# snippets

def snippet(text, start, end, maxlen):
    """Substring of text around [start:end), at most ~maxlen chars, unique if possible."""
    cjk = any(is_han(c) or is_katakana(c) for c in text)
    s, e = start, end
    budget = max(maxlen, end - start)
    while e - s < budget and (s > 0 or e < len(text)):
        if s > 0:
            s -= 1
        if e < len(text) and e - s < budget:
            e += 1
    if not cjk:
        # do not cut words
        while s > 0 and s < start and text[s - 1].isalnum() and text[s].isalnum():
            s += 1
        while e < len(text) and e > end and text[e - 1].isalnum() and text[e].isalnum():
            e -= 1
    sn = text[s:e]
    lead = len(sn) - len(sn.lstrip())
    return sn.strip(), s + lead


def unique_snippet(text, start, end, maxlen, file_text):
    for ml in (maxlen, maxlen + 20, maxlen + 60, len(text)):
        sn, _ = snippet(text, start, end, ml)
        if file_text.count(sn) == 1:
            return sn
    return snippet(text, start, end, maxlen)[0]


# ---------------------------------------------------------------------------
# main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--xml-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--articles", type=int, default=126)
    ap.add_argument("--seed", type=int, default=20220)
    ap.add_argument("--min-segs", type=int, default=8)
    ap.add_argument("--max-segs", type=int, default=40)
    ap.add_argument("--para", choices=["auto", "xml", "seg"], default="auto")
    ap.add_argument("--domain-order", default="news,ecommerce,social,conversation",
                    help="comma list; docs are ranked by this domain order, then by docid "
                         "(empty string: by docid only)")
    args = ap.parse_args()

    data = {}
    for pair in PAIRS:
        path = os.path.join(args.xml_dir, XML_NAME.format(pair))
        data[pair] = parse_xml(path)
        print("read {}: {} docs with a reference".format(path, len(data[pair])))

    cands = build_articles(data, args.min_segs, args.max_segs)
    for k in ("en", "zh", "ja"):
        print("eligible {}-original docs ({}..{} segments): {}".format(
            k, args.min_segs, args.max_segs, len(cands[k])))
    order = [d for d in args.domain_order.split(",") if d]
    articles = select(cands, args.articles, order)

    out = args.out
    for sub in ("clean", "planted"):
        p = os.path.join(out, sub)
        if os.path.isdir(p):
            shutil.rmtree(p)
    os.makedirs(out, exist_ok=True)

    # clean
    rendered = {}
    for a in articles:
        d = os.path.join(out, "clean", a.id)
        os.makedirs(d)
        for lang in a.langs:
            txt = render(a, lang, a.text[lang], args.para)
            rendered[(a.id, lang)] = txt
            with open(os.path.join(d, lang + ".txt"), "w", encoding="utf-8") as f:
                f.write(txt)

    # planting
    rng = random.Random(args.seed)
    kind_count = collections.Counter()
    side_count = collections.Counter()
    rows = []
    planted_ids = {}
    skipped = []
    filled = []
    def plant(a):
        cs = all_cands(a, rng)
        if not cs:
            return False
        possible = sorted({c.kind for c in cs}, key=lambda k: (kind_count[k], KINDS.index(k)))
        kind = possible[0]
        kc = [c for c in cs if c.kind == kind]
        sides = {a.side[c.lang] for c in kc}
        if len(sides) == 2:
            pref = "ref" if side_count["ref"] <= side_count["src"] else "src"
            kc = [c for c in kc if a.side[c.lang] == pref]
        best = max(len(c.others) for c in kc)
        kc = [c for c in kc if len(c.others) == best]
        c = rng.choice(kc)
        kind_count[kind] += 1
        side_count[a.side[c.lang]] += 1
        old_seg = a.text[c.lang][c.seg]
        new_seg = old_seg[:c.start] + c.new + old_seg[c.end:]
        planted_texts = dict(a.text[c.lang])
        planted_texts[c.seg] = new_seg
        planted_ids[a.id] = (c, render(a, c.lang, planted_texts, args.para), new_seg)
        return True

    # pass 1: every second article (the 2nd, 4th, ...); when one has no usable
    # candidate the next article takes its turn
    target = len(articles) // 2
    want = False
    for a in articles:
        if not want:
            want = True
            continue
        if plant(a):
            want = False
        else:
            skipped.append(a.id)
    # pass 2: top up to half of the articles from the remaining ones, in order
    for a in articles:
        if len(planted_ids) >= target:
            break
        if a.id in planted_ids or a.id in skipped:
            continue
        if plant(a):
            filled.append(a.id)

    for a in articles:
        d = os.path.join(out, "planted", a.id)
        os.makedirs(d)
        for lang in a.langs:
            txt = rendered[(a.id, lang)]
            if a.id in planted_ids and planted_ids[a.id][0].lang == lang:
                txt = planted_ids[a.id][1]
            with open(os.path.join(d, lang + ".txt"), "w", encoding="utf-8") as f:
                f.write(txt)

    for a in articles:
        if a.id not in planted_ids:
            continue
        c, ptxt, new_seg = planted_ids[a.id]
        vs = c.start
        # value = the new written form; locate it in the new segment
        value = c.new
        if c.kind == "role" and c.detail == "article fixed":
            value = c.new.split(" ", 1)[1]
            vs = c.start + len(c.new) - len(value)
        ml = 30 if c.lang in CJK_LANGS else 60
        sn = unique_snippet(new_seg, vs, vs + len(value), ml, ptxt)
        for (o, ov, ostart) in c.others:
            oseg = a.text[o][c.seg]
            oml = 30 if o in CJK_LANGS else 60
            osn = unique_snippet(oseg, ostart, ostart + len(ov), oml, rendered[(a.id, o)])
            note = "{} -> {}; seg {}; {} side ({}); docid {}{}".format(
                c.old, c.new, c.seg, a.side[c.lang], c.lang, a.docid,
                "; " + c.detail if c.detail else "")
            rows.append(["planted", c.kind, "{}/{}.txt".format(a.id, c.lang), value, sn,
                         "{}/{}.txt".format(a.id, o), ov, osn, note])

    tsv = os.path.join(out, "gold_planted.tsv")
    with open(tsv, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(TSV_COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(x.replace("\t", " ").replace("\n", " ") for x in r) + "\n")

    with open(os.path.join(out, "articles.tsv"), "w", encoding="utf-8") as f:
        f.write("article_id\torigin\tdocid\tdomain\tlangs\tsegments\tplanted\n")
        for a in articles:
            pl = planted_ids.get(a.id)
            f.write("\t".join([a.id, a.origin, a.docid, a.domain, ",".join(a.langs),
                               str(len(a.seg_ids)),
                               "{}:{}:{}".format(pl[0].kind, pl[0].lang, pl[0].seg) if pl else "-"]) + "\n")

    cmd = "python3 tests/bench/wmt/build_wmt_bench.py " + " ".join(
        sys.argv[1:]) if sys.argv[1:] else ""
    origin_count = collections.Counter(a.origin for a in articles)
    three = sum(1 for a in articles if len(a.langs) == 3)
    with open(os.path.join(out, "README.txt"), "w", encoding="utf-8") as f:
        f.write(README_TEMPLATE.format(
            cmd=cmd, seed=args.seed, n=len(articles), en=origin_count["en"],
            zh=origin_count["zh"], ja=origin_count["ja"], three=three,
            planted=len(planted_ids), rows=len(rows), para=args.para,
            order=args.domain_order or "(docid only)",
            kinds=", ".join("{} {}".format(k, kind_count[k]) for k in KINDS)))

    # ---- verification ------------------------------------------------------
    errors = 0
    not_unique = 0
    with open(tsv, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == TSV_COLUMNS, header
        for ln, line in enumerate(f, 2):
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            ptext = open(os.path.join(out, "planted", r["file"]), encoding="utf-8").read()
            ctext = open(os.path.join(out, "clean", r["file"]), encoding="utf-8").read()
            otext = open(os.path.join(out, "planted", r["other_file"]), encoding="utf-8").read()
            checks = [
                (r["value"] in r["snippet"], "value not in snippet"),
                (r["snippet"] in ptext, "snippet not in planted file"),
                (r["snippet"] not in ctext, "snippet also in clean file"),
                (r["other_value"] in r["other_snippet"], "other_value not in other_snippet"),
                (r["other_snippet"] in otext, "other_snippet not in other file"),
                ("\n" not in r["snippet"] and "\n" not in r["other_snippet"], "newline in snippet"),
            ]
            if ptext.count(r["snippet"]) != 1 or otext.count(r["other_snippet"]) != 1:
                not_unique += 1
            for ok, msg in checks:
                if not ok:
                    errors += 1
                    print("VERIFY line {}: {}: {}".format(ln, msg, r), file=sys.stderr)
    # exactly one changed line in exactly one file per planted article
    for a in articles:
        changed = []
        for lang in a.langs:
            c = open(os.path.join(out, "clean", a.id, lang + ".txt"), encoding="utf-8").read()
            p = open(os.path.join(out, "planted", a.id, lang + ".txt"), encoding="utf-8").read()
            cl, pl = c.split("\n"), p.split("\n")
            if len(cl) != len(pl):
                changed.append((lang, "line count"))
            changed += [(lang, i) for i, (x, y) in enumerate(zip(cl, pl)) if x != y]
        if len(changed) != (1 if a.id in planted_ids else 0):
            errors += 1
            print("VERIFY {}: changed lines {}".format(a.id, changed), file=sys.stderr)

    print()
    print("articles: {} (en-original {}, zh-original {}, ja-original {}; three-language {})".format(
        len(articles), origin_count["en"], origin_count["zh"], origin_count["ja"], three))
    print("planted articles: {} (src side {}, ref side {})".format(
        len(planted_ids), side_count["src"], side_count["ref"]))
    print("  no usable candidate: {}".format(", ".join(skipped) or "none"))
    print("  planted in a top-up pass: {}".format(", ".join(filled) or "none"))
    row_kinds = collections.Counter(r[1] for r in rows)
    print("planted errors per kind: " + ", ".join("{} {}".format(k, kind_count[k]) for k in KINDS))
    print("gold rows per kind:      " + ", ".join("{} {}".format(k, row_kinds[k]) for k in KINDS)
          + "  (total {})".format(len(rows)))
    per_origin = collections.Counter((planted_ids[a.id][0].kind, a.origin) for a in articles if a.id in planted_ids)
    print("planted per origin:      " + ", ".join(
        "{}: ".format(o) + " ".join("{}={}".format(k, per_origin[(k, o)]) for k in KINDS if per_origin[(k, o)])
        for o in ("en", "zh", "ja")))
    print("verification: {} (value in snippet, snippet in its file and not in the clean file, "
          "one changed line per planted article); rows with a snippet occurring more than once "
          "in its file: {}".format("OK" if not errors else "{} ERRORS".format(errors), not_unique))
    print("wrote", out)
    return 1 if errors else 0


README_TEMPLATE = """WMT22 cross-lingual fact-consistency bench (generated data; do not commit)

Source: public GitHub repository wmt-conference/wmt22-news-systems,
  xml/wmttest2022.en-zh.all.xml, xml/wmttest2022.en-ja.all.xml,
  xml/wmttest2022.zh-en.all.xml, xml/wmttest2022.ja-en.all.xml
  (only <src> and the first <ref>, translator A, are used).
The texts are copyrighted news / web content distributed for MT research.
Use them for research only; never commit them to a repository.

Command: {cmd}
Seed: {seed}   paragraph mode: {para}   domain order: {order}

Articles: {n} (English-original {en}, Chinese-original {zh}, Japanese-original {ja});
{three} of them have three language versions (en + zh + ja).
  clean/<article_id>/<lang>.txt    unmodified texts, one paragraph per line,
                                   paragraphs separated by a blank line
  planted/<article_id>/<lang>.txt  same, but {planted} articles have exactly one
                                   planted factual error in one language version
                                   (every second article; when one had no usable
                                   candidate the next took its turn, and a last
                                   pass topped up to half from the others in order)
  gold_planted.tsv                 {rows} rows, one per planted error and counterpart
                                   language that states the correct fact;
                                   columns: type kind file value snippet other_file
                                   other_value other_snippet note (file paths are
                                   relative to planted/)
  articles.tsv                     manifest (origin, WMT docid, domain, languages,
                                   segments, planted kind:lang:segment)

Planted errors per kind: {kinds}.
Segments are aligned by id between src and ref in the WMT XML; each planted
error was placed in a segment whose aligned counterpart states the same fact.
"""


if __name__ == "__main__":
    sys.exit(main())
