#!/bin/sh
# Builds wasm/snn_kernel.wasm from csrc/kernel_wasm.cc and kernels/snn_kernel.hpp
# with emscripten: a standalone module with no JavaScript glue (see README.md).
#
#   scripts/build-wasm.sh [output]      default output: wasm/snn_kernel.wasm
#
# The output is reproducible: the same sources and emcc give the same bytes,
# from any directory (no -g, relative paths only). scripts/check-fresh.sh
# relies on that.
set -eu

PACKAGE_DIR=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$PACKAGE_DIR"

OUT=${1:-wasm/snn_kernel.wasm}
EMCC=${EMCC:-emcc}

# emcc's JS optimiser needs Debian's node-acorn, which nodesource's node does
# not find on its own (TOOLCHAIN pitfall 9). The standalone build emits no JS,
# but set it anyway; turbo would not pass it through (pitfall 8).
NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
export NODE_PATH

if ! command -v "$EMCC" >/dev/null 2>&1; then
  echo "build-wasm: '$EMCC' not found. Install emscripten (Debian: apt-get install emscripten)." >&2
  echo "build-wasm: the committed wasm/snn_kernel.wasm is used by the normal build; no rebuild is needed to use the package." >&2
  exit 127
fi

if [ ! -f ../../kernels/snn_kernel.hpp ]; then
  echo "build-wasm: ../../kernels/snn_kernel.hpp not found; build from inside the snn-opt repository." >&2
  exit 1
fi

mkdir -p "$(dirname -- "$OUT")"

# Bit parity with the TypeScript reference needs strict binary64: no
# contraction into fused multiply-adds and never -ffast-math
# (kernels/README.md, "Arithmetic contract"). Do not add CXXFLAGS here.
"$EMCC" \
  -O3 -std=c++17 -fno-fast-math -ffp-contract=off -fno-exceptions -fno-rtti \
  -Wall -Wextra -Werror \
  -I../../kernels \
  --no-entry \
  -sSTANDALONE_WASM \
  -sALLOW_MEMORY_GROWTH \
  -sMALLOC=emmalloc \
  csrc/kernel_wasm.cc \
  -o "$OUT"

echo "build-wasm: wrote $OUT ($(wc -c <"$OUT" | tr -d ' ') bytes)"
