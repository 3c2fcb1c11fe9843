"""Regenerate data/ja_names.tsv from the MIT-licensed japanese-personal-name-dataset.

    pip download japanese-personal-name-dataset==0.4.0 --no-deps -d /tmp/jpn
    (cd /tmp/jpn && unzip -o *.whl)
    python crates/concord-facts/tools/ja_names.py /tmp/jpn/japanese_personal_name_dataset/dataset

Family names: last_name_org.csv (the 2,000 most common). Given names: the full
"org" lists, names of one or two kanji. Readings are the dataset's romaji
with long vowels written short (satou -> sato, yuuko -> yuko), as English
news writes them.
"""
import collections
import csv
import pathlib
import sys

HEADER = """# Japanese family and given names in kanji with their readings in Hepburn-style
# romaji (long vowels written short: satou -> sato), one name per line:
# family names: f TAB kanji TAB readings separated by commas;
# given names: g TAB reading TAB the kanji spellings of that reading separated by commas.
# Generated from japanese-personal-name-dataset 0.4.0 (PyPI; MIT License,
# Copyright (c) 2022 shuheilocale; https://github.com/shuheilocale/japanese-personal-name-dataset):
# last_name_org.csv (2,000 most common family names) and first_name_{man,woman}_org.csv
# (given names of one or two kanji). Regenerate with crates/concord-facts/tools/ja_names.py.
"""


def norm(reading: str) -> str:
    reading = reading.lower()
    for long, short in (("ou", "o"), ("uu", "u"), ("oo", "o")):
        reading = reading.replace(long, short)
    return reading


def kanji_only(s: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" or c == "々" for c in s)


def main(dataset: pathlib.Path) -> None:
    given = collections.defaultdict(set)
    for name in ("first_name_man_org.csv", "first_name_woman_org.csv"):
        for row in csv.reader(open(dataset / name, encoding="utf-8")):
            _kana, romaji, *kanji = row
            for k in kanji:
                if k and len(k) <= 2 and kanji_only(k):
                    given[k].add(norm(romaji))
    family = collections.defaultdict(set)
    for row in csv.reader(open(dataset / "last_name_org.csv", encoding="utf-8")):
        if kanji_only(row[0]):
            family[row[0]].add(norm(row[3]))
    out = pathlib.Path(__file__).resolve().parent.parent / "data" / "ja_names.tsv"
    with open(out, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for k in sorted(family):
            f.write(f"f\t{k}\t{','.join(sorted(family[k]))}\n")
        by_reading = collections.defaultdict(set)
        for k, readings in given.items():
            for r in readings:
                by_reading[r].add(k)
        for r in sorted(by_reading):
            f.write(f"g\t{r}\t{','.join(sorted(by_reading[r]))}\n")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
