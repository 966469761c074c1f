#!/bin/sh
# Builds and runs the kernel tests twice: under AddressSanitizer and
# UndefinedBehaviorSanitizer (any report aborts), and optimised with the same
# floating-point flags as the addon. Usage: kernels/test/run.sh
# Environment: CXX (default g++), SNN_KERNEL_TEST_OUT (default kernels/test/build).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${SNN_KERNEL_TEST_OUT:-"$here/build"}
cxx=${CXX:-g++}
mkdir -p "$out"

common="-std=c++17 -Wall -Wextra -Wpedantic -Wshadow -Werror -ffp-contract=off -I$here/.."

echo "kernel tests: ASan + UBSan build"
# shellcheck disable=SC2086
$cxx $common -O1 -g -fno-omit-frame-pointer \
  -fsanitize=address,undefined -fno-sanitize-recover=all \
  "$here/test_kernel.cc" -o "$out/test_kernel_sanitized"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$out/test_kernel_sanitized"

echo "kernel tests: -O3 build"
# shellcheck disable=SC2086
$cxx $common -O3 "$here/test_kernel.cc" -o "$out/test_kernel_o3"
"$out/test_kernel_o3"
