#!/usr/bin/env bash
# Compile Concord with `--features cuda` on a machine WITHOUT a GPU or a
# system CUDA toolkit. Not part of CI (it downloads ~1.2 GB of NVIDIA wheels
# and a cold build takes 20-40 minutes on 2 cores).
#
# Toolkit: NVIDIA's CUDA 13.4 wheels from PyPI, installed with
# `pip --target` into a private cache dir (nothing system-wide). The CUDA 13
# wheels lay out a normal toolkit tree under nvidia/cu13 (bin/nvcc, nvvm/bin/
# cicc, include/, lib/); the CUDA 12 `*-cu12` nvcc wheel does NOT (it only
# ships ptxas), so it cannot build candle-kernels.
#
# The driver library libcuda.so is not on PyPI (it comes with the GPU driver).
# candle links cudarc with `dynamic-linking`, so the linker needs a libcuda.so:
# we generate a stub from the symbol list in cudarc's driver bindings; every
# stub function returns CUDA_ERROR_NO_DEVICE (100). The stub is used only to
# link and for the smoke test below; on a real GPU machine the driver's
# libcuda.so.1 is what gets loaded. Note that candle links libcuda/libcudart/
# libcublas/libcurand as ordinary DT_NEEDED libraries, so a `--features cuda`
# binary does not start at all (even with --device cpu) where they are absent.
#
# Usage: models/check_cuda_build.sh [check|build]   (default: build)
#   check  cargo check concord-embed + concord-cli with --features cuda
#   build  cargo build the `concord` binary and concord-embed's test binaries
#          with --features cuda (links), then smoke-test the binary against
#          the stub: `--device cpu` must work, `--device cuda` must fail cleanly.
#
# Env: CONCORD_CUDA_PREFIX (default ~/.cache/concord-cuda),
#      CARGO_TARGET_DIR   (default ~/.cache/concord-cuda-target),
#      CUDA_COMPUTE_CAP   (default 80; needed because there is no nvidia-smi).
set -euo pipefail

MODE=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${CONCORD_CUDA_PREFIX:-$HOME/.cache/concord-cuda}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/concord-cuda-target}
export CUDA_COMPUTE_CAP=${CUDA_COMPUTE_CAP:-80}
PY=${PYTHON:-python3}

# cudarc 0.19.10 (candle 0.11.1) knows CUDA <= 13.4: keep the wheels at 13.4.
WHEELS=(
  nvidia-cuda-nvcc==13.4.92
  nvidia-nvvm==13.4.92
  nvidia-cuda-crt==13.4.92
  nvidia-cuda-runtime==13.4.92
  nvidia-cuda-nvrtc==13.4.92
  nvidia-cuda-cccl==13.3.5.0.6
  nvidia-cublas==13.10.0.20
  nvidia-curand==10.4.5.25
)

CUDA_HOME="$PREFIX/py/nvidia/cu13"
if [ ! -x "$CUDA_HOME/bin/nvcc" ] || [ ! -x "$CUDA_HOME/nvvm/bin/cicc" ]; then
  echo "== installing CUDA wheels into $PREFIX/py"
  mkdir -p "$PREFIX"
  nice -n 19 "$PY" -m pip install --quiet --no-deps --upgrade \
    --target "$PREFIX/py" "${WHEELS[@]}"
fi
"$CUDA_HOME/bin/nvcc" --version | tail -2

# Unversioned names for the linker (-lcudart -lcublas ...).
LIB="$CUDA_HOME/lib"
for so in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libnvrtc.so.13; do
  [ -e "$LIB/$so" ] || { echo "missing $LIB/$so" >&2; exit 1; }
  ln -sf "$so" "$LIB/${so%.so.*}.so"
done

# Stub libcuda.so built from cudarc's driver bindings.
cd "$ROOT"
cargo fetch --locked >/dev/null
CUDARC_VER=$(awk '/^name = "cudarc"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
CARGO_REG="${CARGO_HOME:-$HOME/.cargo}/registry/src"
SYS=$(ls -d "$CARGO_REG"/*/"cudarc-$CUDARC_VER"/src/driver/sys/mod.rs | head -1)
STUBS="$LIB/stubs"
if [ ! -e "$STUBS/libcuda.so" ] || [ "$SYS" -nt "$STUBS/libcuda.so" ]; then
  echo "== generating stub libcuda.so from $SYS"
  mkdir -p "$STUBS"
  grep -oE '^pub unsafe fn cu[A-Za-z0-9_]+' "$SYS" | awk '{print $4}' | sort -u |
    awk '{print "int " $1 "(void) { return 100; }"}' > "$STUBS/libcuda_stub.c"
  gcc -shared -fPIC -Wl,-soname,libcuda.so.1 -o "$STUBS/libcuda.so.1" "$STUBS/libcuda_stub.c"
  ln -sf libcuda.so.1 "$STUBS/libcuda.so"
fi

export CUDA_HOME CUDA_PATH="$CUDA_HOME" CUDA_ROOT="$CUDA_HOME" NVCC="$CUDA_HOME/bin/nvcc"
export PATH="$CUDA_HOME/bin:$PATH"
export LIBRARY_PATH="$LIB:$STUBS${LIBRARY_PATH:+:$LIBRARY_PATH}"
echo "== CUDA_HOME=$CUDA_HOME CUDA_COMPUTE_CAP=$CUDA_COMPUTE_CAP CARGO_TARGET_DIR=$CARGO_TARGET_DIR"

case "$MODE" in
  check)
    nice -n 19 cargo check --locked -p concord-embed --features cuda --all-targets
    nice -n 19 cargo check --locked -p concord-cli --features cuda --all-targets
    ;;
  build)
    nice -n 19 cargo build --locked -p concord-embed --features cuda --tests
    nice -n 19 cargo build --locked -p concord-cli --features cuda
    BIN="$CARGO_TARGET_DIR/debug/concord"
    echo "== linked: $BIN"
    ldd "$BIN" | grep -E 'libcuda|libcudart|libcublas|libcurand|libnvrtc' || true
    export LD_LIBRARY_PATH="$LIB:$STUBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "== smoke test against the stub driver"
    TMP=$(mktemp -d)
    trap 'rm -rf "$TMP"' EXIT
    printf 'The cat sat on the mat.\nA second line.\n' > "$TMP/in.txt"
    "$BIN" embed --input "$TMP/in.txt" --out "$TMP/cpu.arrow" --device cpu
    echo "cpu: ok ($(stat -c %s "$TMP/cpu.arrow") bytes)"
    if "$BIN" embed --input "$TMP/in.txt" --out "$TMP/gpu.arrow" --device cuda 2> "$TMP/err"; then
      echo "cuda: unexpectedly succeeded against the stub driver" >&2; exit 1
    fi
    grep -q CUDA_ERROR_NO_DEVICE "$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
    echo "cuda: failed as expected: $(grep -m1 'error' "$TMP/err")"
    ;;
  *)
    echo "usage: $0 [check|build]" >&2; exit 2
    ;;
esac
echo "== cuda $MODE OK"
