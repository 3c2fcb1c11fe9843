"""Reconcile benchmark: run Concord over whole corpus folders and score its flags against planted gold.

Usage:
    python reconcile_bench.py --concord BIN --work DIR
        [--invented NAME=CORPUS_DIR:GOLD_DIR ...]      invented multi-source events (tests/corpora/*)
        [--wmt BENCH_DIR]                             real news (tests/bench/wmt/build_wmt_bench.py output)
        [--gate NAME --min-recall R --min-precision P --max-equivalent N --max-cross-event N]
        [--reuse]                                     score existing runs in --work instead of running

Every corpus folder is run as ONE `concord run` (so flags between unrelated stories count). The event of a
document is the first folder of its path inside the corpus (one folder per event / per article).

Gold (TSV, tab-separated, header first; a directory of *.tsv or one file):
    type  kind  file  value  snippet  other_file  other_value  other_snippet  note
type `planted`: the error is `value` inside `snippet` of `file`; another document states it correctly
(`other_*`). type `equivalent`: two renderings of one fact that must not be flagged.

Matching works on byte offsets, not on Concord's value strings: a flag side "is" a gold side when the
flag's fact span in the original file overlaps an occurrence of the gold snippet in that file (and, as a
fallback, when the flagged sentence contains the snippet and the flagged value is the gold value up to
case, spaces and punctuation). A planted error is found when some flag has one side on the planted value
and the other side in another document of the same event; such a flag is true. Every other flag is
false. An equivalence false alarm is a flag with its two sides on the two renderings of an `equivalent`
row; a cross-event flag joins documents of two different events.

Prints one table: per corpus and per gold kind, planted errors found / planted (recall), flags true /
flags (precision), equivalence false alarms and cross-event flags; for a clean real-news corpus the
false alarms per article; and, when the run has an `events` table, how well its events match the
folders (pairwise precision and recall of "same event"). With --gate, exits 1 when the named corpus
misses a bound.
"""
import argparse
import collections
import csv
import json
import pathlib
import re
import subprocess
import sys

import polars as pl


def squash(v: str) -> str:
    return re.sub(r"[\s\-_.,·'’\"()（）]+", "", v.lower())


def read_gold(path: pathlib.Path):
    files = sorted(path.glob("*.tsv")) if path.is_dir() else [path]
    rows = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            # The format has no quoting: a snippet may start with a quote mark.
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if r.get("type") in ("planted", "equivalent"):
                    rows.append({k: (v or "").strip() for k, v in r.items()})
    return rows


def event_of(source: str) -> str:
    parts = source.split("/")
    return parts[0] if len(parts) > 1 else source


class Corpus:
    def __init__(self, root: pathlib.Path):
        self.root = root
        self._bytes = {}

    def occurrences(self, file: str, snippet: str):
        """Byte ranges of `snippet` in `file` (original bytes)."""
        if file not in self._bytes:
            p = self.root / file
            self._bytes[file] = p.read_bytes() if p.is_file() else b""
        data, needle = self._bytes[file], snippet.encode("utf-8")
        out, at = [], data.find(needle) if needle else -1
        while at >= 0:
            out.append((at, at + len(needle)))
            at = data.find(needle, at + 1)
        return out


def run_concord(concord: str, corpus_dir: pathlib.Path, out: pathlib.Path):
    cmd = [concord, "--quiet", "run", str(corpus_dir), "--out", str(out)]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"concord failed on {corpus_dir} (exit {res.returncode}):\n{res.stderr[-3000:]}")


def load_flags(run: pathlib.Path, root_name: str):
    docs = pl.read_parquet(run / "documents.parquet")
    # Sources are relative to the input root's parent ("dev/d1/en.txt"); gold files to the root.
    prefix = root_name + "/"
    docs = docs.with_columns(pl.col("source").map_elements(
        lambda s: s[len(prefix):] if s.startswith(prefix) else s, return_dtype=pl.Utf8))
    source = dict(zip(docs["doc_id"].to_list(), docs["source"].to_list()))
    sents = pl.read_parquet(run / "sentences.parquet").select(["sentence_id", "original_text"])
    text = dict(zip(sents["sentence_id"].to_list(), sents["original_text"].to_list()))
    flags = pl.read_parquet(run / "disagreements.parquet")
    out = []
    for r in flags.iter_rows(named=True):
        sides = []
        for s in "ab":
            sides.append({
                "file": source.get(r[f"doc_{s}"], r[f"doc_{s}"]),
                "value": r[f"value_{s}"],
                "text": text.get(r[f"sentence_{s}"], ""),
                "span": (r.get(f"byte_start_{s}"), r.get(f"byte_end_{s}")),
            })
        out.append({"kind": r["kind"], "confidence": r["confidence"], "sides": sides,
                    "id": r["flag_id"]})
    events = None
    if (run / "events.parquet").is_file() and "event_id" in docs.columns:
        events = dict(zip(docs["source"].to_list(), docs["event_id"].to_list()))
    return out, source, events


def side_is(side, file, value, snippet, corpus: Corpus) -> bool:
    if side["file"] != file or not snippet:
        return False
    if all(v is not None for v in side["span"]):
        s, e = side["span"]
        if any(s < b and a < e for a, b in corpus.occurrences(file, snippet)):
            return True
    v, g = squash(side["value"]), squash(value)
    return snippet in side["text"] and bool(v) and bool(g) and (v == g or v in g or g in v)


def score(name, run, gold, corpus: Corpus, clean: bool):
    flags, _, events = load_flags(run, corpus.root.name)
    planted = [g for g in gold if g["type"] == "planted"]
    equivalent = [g for g in gold if g["type"] == "equivalent"]
    # One planted error may have several rows (one per document stating it correctly).
    errors = collections.OrderedDict()
    for g in planted:
        errors.setdefault((g["file"], g["value"], g["snippet"]), g)
    found = collections.Counter()
    total = collections.Counter(g["kind"] for g in errors.values())
    true_flags, equiv_fa, cross = collections.Counter(), 0, 0
    flag_kind_total = collections.Counter()
    misses, false_alarms = [], []
    hit_errors = set()
    for f in flags:
        a, b = f["sides"]
        is_cross = event_of(a["file"]) != event_of(b["file"])
        cross += is_cross
        match = None
        for key, g in errors.items():
            for x, y in ((a, b), (b, a)):
                if (side_is(x, g["file"], g["value"], g["snippet"], corpus)
                        and y["file"] != g["file"] and event_of(y["file"]) == event_of(g["file"])):
                    match = key
                    break
            if match:
                break
        kind = errors[match]["kind"] if match else f["kind"]
        flag_kind_total[kind] += 1
        f["true"] = bool(match)
        if match:
            true_flags[kind] += 1
            hit_errors.add(match)
            continue
        for g in equivalent:
            if any(side_is(x, g["file"], g["value"], g["snippet"], corpus)
                   and side_is(y, g["other_file"], g["other_value"], g["other_snippet"], corpus)
                   for x, y in ((a, b), (b, a))):
                equiv_fa += 1
                f["equivalent"] = True
                break
        false_alarms.append(f)
    for key, g in errors.items():
        if key in hit_errors:
            found[g["kind"]] += 1
        else:
            misses.append(g)
    kinds = sorted(set(total) | set(flag_kind_total))
    rows = []
    for k in kinds:
        rows.append((name, k, found[k], total[k], true_flags[k], flag_kind_total[k]))
    n_articles = len({event_of(f.relative_to(corpus.root).as_posix())
                      for f in corpus.root.rglob("*.txt")})
    summary = {
        "corpus": name, "planted": sum(total.values()), "found": sum(found.values()),
        "flags": len(flags), "true": sum(true_flags.values()), "equivalent_fa": equiv_fa,
        "cross_event": cross, "articles": n_articles,
        "fa_per_article": (len(flags) - sum(true_flags.values())) / max(n_articles, 1),
    }
    if events is not None:
        summary["events"] = event_agreement(events)
    summary["calibration"] = calibration(flags)
    return rows, summary, misses, false_alarms


# Confidence bins of the calibration table: [lower, upper).
CONFIDENCE_BINS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def calibration(flags):
    """Flags and the share that are true per confidence bin (a reliability table)."""
    out = []
    for lo, hi in CONFIDENCE_BINS:
        inside = [f for f in flags if lo <= f["confidence"] < hi]
        out.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "flags": len(inside),
                    "true": sum(1 for f in inside if f.get("true"))})
    return out


def event_agreement(events):
    """Pairwise precision/recall of 'same event' between Concord's events and the folders."""
    srcs = sorted(events)
    tp = fp = fn = 0
    for i, x in enumerate(srcs):
        for y in srcs[i + 1:]:
            gold = event_of(x) == event_of(y)
            pred = events[x] == events[y]
            tp += gold and pred
            fp += pred and not gold
            fn += gold and not pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"pair_precision": round(p, 3), "pair_recall": round(r, 3),
            "events": len(set(events.values()))}


def ratio(a, b):
    return f"{a}/{b} ({a / b:.2f})" if b else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--concord", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--invented", action="append", default=[], metavar="NAME=CORPUS:GOLD")
    ap.add_argument("--wmt", help="directory made by tests/bench/wmt/build_wmt_bench.py")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    ap.add_argument("--gate")
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--max-equivalent", type=int, default=10**9)
    ap.add_argument("--max-cross-event", type=int, default=10**9)
    ap.add_argument("--max-fa-per-article", type=float, default=float("inf"))
    args = ap.parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    jobs = []
    for spec in args.invented:
        name, rest = spec.split("=", 1)
        corpus_dir, gold_dir = rest.split(":", 1)
        jobs.append((name, pathlib.Path(corpus_dir), read_gold(pathlib.Path(gold_dir)), False))
    if args.wmt:
        w = pathlib.Path(args.wmt)
        jobs.append(("wmt-planted", w / "planted", read_gold(w / "gold_planted.tsv"), False))
        jobs.append(("wmt-clean", w / "clean", [], True))
    all_rows, summaries = [], []
    for name, corpus_dir, gold, clean in jobs:
        run = work / name
        if not args.reuse:
            run_concord(args.concord, corpus_dir, run)
        rows, summary, misses, fas = score(name, run, gold, Corpus(corpus_dir), clean)
        all_rows += rows
        summaries.append(summary)
        if args.verbose:
            for g in misses:
                print(f"  [{name}] missed {g['kind']}: {g['file']} {g['value']!r} vs "
                      f"{g['other_file']} {g['other_value']!r}")
            for f in fas:
                a, b = f["sides"]
                tag = "EQUIV " if f.get("equivalent") else ""
                tag += "CROSS " if event_of(a["file"]) != event_of(b["file"]) else ""
                print(f"  [{name}] false {tag}{f['kind']} {f['confidence']:.2f}: {a['file']} "
                      f"{a['value']!r} | {b['file']} {b['value']!r}\n      A: {a['text'][:150]}\n"
                      f"      B: {b['text'][:150]}")
    print("\n| corpus | kind | planted found | flags true |")
    print("|---|---|---|---|")
    for name, k, fo, tot, tr, fl in all_rows:
        print(f"| {name} | {k} | {ratio(fo, tot)} | {ratio(tr, fl)} |")
    print("\n| corpus | articles | recall | precision | equivalence FA | cross-event flags "
          "| false alarms / article | events (pair P / R) |")
    print("|---|---|---|---|---|---|---|---|")
    for s in summaries:
        ev = s.get("events")
        ev_txt = f"{ev['events']} ({ev['pair_precision']:.2f} / {ev['pair_recall']:.2f})" if ev else "-"
        print(f"| {s['corpus']} | {s['articles']} | {ratio(s['found'], s['planted'])} | "
              f"{ratio(s['true'], s['flags'])} | {s['equivalent_fa']} | {s['cross_event']} | "
              f"{s['fa_per_article']:.2f} | {ev_txt} |")
    print("\n| corpus | confidence | flags | true | precision |")
    print("|---|---|---|---|---|")
    for s in summaries:
        for b in s["calibration"]:
            if b["flags"]:
                print(f"| {s['corpus']} | {b['bin']} | {b['flags']} | {b['true']} | "
                      f"{b['true'] / b['flags']:.2f} |")
    (work / "bench.json").write_text(json.dumps(summaries, indent=1))
    if args.gate:
        s = next((s for s in summaries if s["corpus"] == args.gate), None)
        if s is None:
            print(f"gate: no corpus named {args.gate}")
            return 2
        recall = s["found"] / s["planted"] if s["planted"] else 1.0
        precision = s["true"] / s["flags"] if s["flags"] else 1.0
        ok = (recall >= args.min_recall and precision >= args.min_precision
              and s["equivalent_fa"] <= args.max_equivalent
              and s["cross_event"] <= args.max_cross_event
              and s["fa_per_article"] <= args.max_fa_per_article)
        print(f"gate {args.gate}: {'PASS' if ok else 'FAIL'} (recall {recall:.3f} >= {args.min_recall}, "
              f"precision {precision:.3f} >= {args.min_precision}, equivalence FA {s['equivalent_fa']} <= "
              f"{args.max_equivalent}, cross-event {s['cross_event']} <= {args.max_cross_event})")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
