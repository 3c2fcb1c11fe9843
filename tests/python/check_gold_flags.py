"""Score a run's disagreements against the hand-written gold file.

Usage: python check_gold_flags.py RUN_DIR GOLD_TSV [--min-precision P] [--min-recall R]
                                  [--min-confidence C]

A flag matches a gold row when the kind is the same, the two files are the
gold row's two files, the two values are the gold values (case-insensitive)
and each flagged sentence contains its side's snippet (so the flag is on the
sentences the gold row means, not on another mention of the same values),
all in either order. Values and snippets may list alternatives separated by
"|" (a bilingual file states a fact in both its languages). Recall = gold
rows matched by at least one flag; precision = flags that match some gold
row. For matched rows whose gold names the erroneous file, it also reports
how many flags point `likely_error_side` at that file. Prints the figures,
the misses and the false alarms, and exits 1 when precision or recall is
under its minimum.
"""
import argparse
import csv
import pathlib
import sys

import polars as pl


def norm(v: str) -> str:
    return " ".join(v.lower().split())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("gold")
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--min-confidence", type=float, default=0.0)
    args = ap.parse_args()
    run = pathlib.Path(args.run_dir)

    with open(args.gold, encoding="utf-8") as f:
        gold = [r for r in csv.DictReader(f, delimiter="\t")]
    docs = pl.read_parquet(run / "documents.parquet").select(["doc_id", "source"])
    sentences = pl.read_parquet(run / "sentences.parquet").select(
        ["sentence_id", "text", "original_text"])
    sentence_text = {i: (t, o) for i, t, o in sentences.iter_rows()}
    names = {d: pathlib.Path(s).name for d, s in docs.iter_rows()}
    flags = pl.read_parquet(run / "disagreements.parquet").filter(
        pl.col("confidence") >= args.min_confidence
    )
    predicted = []
    for r in flags.iter_rows(named=True):
        predicted.append(
            (str(r["kind"]), names.get(r["doc_a"], r["doc_a"]), norm(r["value_a"]),
             names.get(r["doc_b"], r["doc_b"]), norm(r["value_b"]), r["confidence"],
             r.get("likely_error_side"), sentence_text.get(r["sentence_a"], ("", "")),
             sentence_text.get(r["sentence_b"], ("", "")))
        )

    def matches(p, g) -> bool:
        if p[0] != g["kind"]:
            return False
        # A gold value may list alternatives written in the same document
        # ("6月26日|June 26" for a bilingual file), separated by "|".
        alts_a = {norm(v) for v in g["value_a"].split("|")}
        alts_b = {norm(v) for v in g["value_b"].split("|")}

        def side(file, value, texts, gold_file, alts, snippets) -> bool:
            return (file == gold_file and value in alts
                    and any(s in t for s in snippets.split("|") for t in texts))

        a = (p[1], p[2], p[7])
        b = (p[3], p[4], p[8])
        ga = (g["file_a"], alts_a, g["snippet_a"])
        gb = (g["file_b"], alts_b, g["snippet_b"])
        return (side(*a, *ga) and side(*b, *gb)) or (side(*b, *ga) and side(*a, *gb))

    def blamed_file(p):
        return {"a": p[1], "b": p[3]}.get(p[6])

    hit_gold = [any(matches(p, g) for p in predicted) for g in gold]
    hit_pred = [any(matches(p, g) for g in gold) for p in predicted]
    recall = sum(hit_gold) / len(gold) if gold else 1.0
    precision = sum(hit_pred) / len(predicted) if predicted else 1.0
    print(f"gold rows {len(gold)}, flags {len(predicted)} (confidence >= {args.min_confidence})")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    attributed = [(g, [p for p in predicted if matches(p, g)]) for g in gold
                  if g["likely_error_file"]]
    attributed = [(g, ps) for g, ps in attributed if ps]
    right = sum(1 for g, ps in attributed
                if any(blamed_file(p) == g["likely_error_file"] for p in ps))
    wrong = sum(1 for g, ps in attributed
                if any(blamed_file(p) not in (None, g["likely_error_file"]) for p in ps))
    print(f"attribution on matched rows with a known erroneous file: {right}/{len(attributed)} "
          f"right, {wrong} pointing at the other file")
    for g, hit in zip(gold, hit_gold):
        if not hit:
            print(f"  missed: {g['kind']:8} {g['file_a'][:3]} {g['value_a']!r} vs {g['file_b'][:3]} {g['value_b']!r}")
    for p, hit in zip(predicted, hit_pred):
        if not hit:
            print(f"  false alarm: {p[0]:8} {p[1][:3]} {p[2]!r} vs {p[3][:3]} {p[4]!r} ({p[5]:.2f})")
    ok = precision >= args.min_precision and recall >= args.min_recall
    print("gold flags:", "PASS" if ok else "FAIL",
          f"(need precision >= {args.min_precision}, recall >= {args.min_recall})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
