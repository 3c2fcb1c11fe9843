"""Score a run's disagreements against the hand-written gold file.

Usage: python check_gold_flags.py RUN_DIR GOLD_TSV [--min-precision P] [--min-recall R]
                                  [--min-confidence C]

A flag matches a gold row when the kind is the same, the two files are the
gold row's two files (either order) and the two values are the gold values
(either order, case-insensitive). Recall = gold rows matched by at least one
flag; precision = flags that match some gold row. Prints both, the misses and
the false alarms, and exits 1 when either is under its minimum.
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
    names = {d: pathlib.Path(s).name for d, s in docs.iter_rows()}
    flags = pl.read_parquet(run / "disagreements.parquet").filter(
        pl.col("confidence") >= args.min_confidence
    )
    predicted = []
    for r in flags.iter_rows(named=True):
        predicted.append(
            (str(r["kind"]), names.get(r["doc_a"], r["doc_a"]), norm(r["value_a"]),
             names.get(r["doc_b"], r["doc_b"]), norm(r["value_b"]), r["confidence"],
             r.get("likely_error_side"))
        )

    def matches(p, g) -> bool:
        if p[0] != g["kind"]:
            return False
        # A gold value may list alternatives written in the same document
        # ("6月26日|June 26" for a bilingual file), separated by "|".
        alts_a = {norm(v) for v in g["value_a"].split("|")}
        alts_b = {norm(v) for v in g["value_b"].split("|")}
        direct = p[1] == g["file_a"] and p[2] in alts_a and p[3] == g["file_b"] and p[4] in alts_b
        swapped = p[3] == g["file_a"] and p[4] in alts_a and p[1] == g["file_b"] and p[2] in alts_b
        return direct or swapped

    hit_gold = [any(matches(p, g) for p in predicted) for g in gold]
    hit_pred = [any(matches(p, g) for g in gold) for p in predicted]
    recall = sum(hit_gold) / len(gold) if gold else 1.0
    precision = sum(hit_pred) / len(predicted) if predicted else 1.0
    print(f"gold rows {len(gold)}, flags {len(predicted)} (confidence >= {args.min_confidence})")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
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
