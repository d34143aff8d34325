#!/usr/bin/env bash
# Every test: set up and build, then lit, GoogleTest and pytest through the
# check-pilot target; then the same suites again in a second build with
# AddressSanitizer and UndefinedBehaviorSanitizer (build-sanitize/), where
# any report fails its test; then each libFuzzer target for 20 seconds
# (scripts/fuzz.sh). Exits non-zero if any test fails or fuzzing finds
# anything.
# Usage: bash scripts/test.sh [--no-sanitizers] [--no-fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=1 fuzz=1
for arg in "$@"; do
  case $arg in
    --no-sanitizers) sanitizers=0 ;;
    --no-fuzz) fuzz=0 ;;
    *) echo "usage: bash scripts/test.sh [--no-sanitizers] [--no-fuzz]" >&2
       exit 2 ;;
  esac
done
bash scripts/setup.sh
status=0
ninja -C build check-pilot || status=1
if ((sanitizers)); then
  if [[ ! -f build-sanitize/build.ninja ]]; then
    cmake -G Ninja -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
      -DPILOT_SANITIZERS=address,undefined >/dev/null
  fi
  # LLVM's bump allocators poison their slabs in pilot's instrumented code
  # but not in libMLIR.so's, which then writes to them legitimately: user
  # poisoning is off, everything else ASan and UBSan check is on.
  echo "=== the same suites with AddressSanitizer and UndefinedBehaviorSanitizer"
  ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=1:abort_on_error=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ninja -C build-sanitize check-pilot || status=1
fi
if ((fuzz)); then
  echo "=== libFuzzer, 20 s a target"
  bash scripts/fuzz.sh --seconds 20 || status=1
fi
exit $status
