#!/bin/sh
# Checks that the committed wasm/snn_kernel.wasm is what the current sources
# build: rebuilds into a temporary file and compares the bytes.
#
#   scripts/check-fresh.sh
#
# Exit status: 0 fresh (or emcc missing and not required), 1 stale or the
# rebuild failed, 2 emcc missing while SNN_OPT_REQUIRE_EMCC=1.
set -eu

PACKAGE_DIR=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$PACKAGE_DIR"

COMMITTED=wasm/snn_kernel.wasm
EMCC=${EMCC:-emcc}

if ! command -v "$EMCC" >/dev/null 2>&1; then
  if [ "${SNN_OPT_REQUIRE_EMCC:-}" = "1" ]; then
    echo "check-fresh: FAILED: '$EMCC' not found and SNN_OPT_REQUIRE_EMCC=1." >&2
    echo "check-fresh: install emscripten (Debian: apt-get install emscripten) to check $COMMITTED." >&2
    exit 2
  fi
  echo "check-fresh: notice: '$EMCC' not found; skipped the freshness check of $COMMITTED" >&2
  echo "check-fresh: (set SNN_OPT_REQUIRE_EMCC=1 to make this an error)." >&2
  exit 0
fi

if [ ! -f "$COMMITTED" ]; then
  echo "check-fresh: FAILED: $COMMITTED is missing; run \`pnpm --filter @snn-opt/wasm build:wasm\`." >&2
  exit 1
fi

TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/snn-wasm-fresh.XXXXXX")
trap 'rm -rf "$TMP_DIR"' EXIT INT TERM

if ! sh scripts/build-wasm.sh "$TMP_DIR/snn_kernel.wasm" >"$TMP_DIR/build.log" 2>&1; then
  cat "$TMP_DIR/build.log" >&2
  echo "check-fresh: FAILED: the rebuild did not succeed (log above)." >&2
  exit 1
fi

if cmp -s "$COMMITTED" "$TMP_DIR/snn_kernel.wasm"; then
  echo "check-fresh: $COMMITTED is fresh ($(wc -c <"$COMMITTED" | tr -d ' ') bytes, matches a rebuild with $("$EMCC" --version | head -n 1))"
  exit 0
fi

echo "check-fresh: FAILED: $COMMITTED differs from a rebuild of csrc/kernel_wasm.cc and kernels/snn_kernel.hpp" >&2
echo "check-fresh:   committed: $(wc -c <"$COMMITTED" | tr -d ' ') bytes, rebuilt: $(wc -c <"$TMP_DIR/snn_kernel.wasm" | tr -d ' ') bytes" >&2
echo "check-fresh: run \`pnpm --filter @snn-opt/wasm build:wasm\` and commit wasm/snn_kernel.wasm" >&2
echo "check-fresh: (if only the emscripten version differs, the project builds with Debian emscripten 3.1.6)." >&2
exit 1
