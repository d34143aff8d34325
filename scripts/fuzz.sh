#!/usr/bin/env bash
# Fuzzes pilot's readers and simulator with libFuzzer (docs/testing.md):
# configures build-fuzz/ with clang-22, -DPILOT_FUZZERS=ON and AddressSanitizer
# + UndefinedBehaviorSanitizer, builds the targets, then runs each for
# SECONDS (default 20) from its committed seeds (fuzz/corpus/TARGET) and what
# earlier local runs found (build-fuzz/corpus/TARGET). A crash, a sanitizer
# report, a broken property or a timeout stops that target, leaves the input
# in build-fuzz/findings/TARGET/ and fails the script; the others still run.
# Usage: bash scripts/fuzz.sh [--seconds N] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
if [[ "${1:-}" == "--seconds" ]]; then
  seconds=$2
  shift 2
fi
targets=("$@")
((${#targets[@]})) || targets=(hardware-json-fuzzer binary-program-fuzzer
  pattern-attr-fuzzer sim-program-fuzzer npy-fuzzer)

if [[ ! -f build-fuzz/build.ninja ]]; then
  cmake -G Ninja -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DPILOT_FUZZERS=ON -DPILOT_SANITIZERS=address,undefined >/dev/null
fi
if ! ninja -C build-fuzz "${targets[@]}" >build-fuzz/build.log 2>&1; then
  echo "fuzz: building the targets failed; build-fuzz/build.log:" >&2
  tail -40 build-fuzz/build.log >&2
  exit 1
fi

# As in scripts/test.sh: LLVM's bump allocators poison memory that
# libMLIR.so, not instrumented, then writes legitimately.
export ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for target in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$target findings=build-fuzz/findings/$target
  mkdir -p "$corpus" "$findings"
  dict=()
  [[ -f fuzz/${target%-fuzzer}.dict ]] && dict=(-dict="fuzz/${target%-fuzzer}.dict")
  echo "=== $target: ${seconds} s"
  if build-fuzz/bin/"$target" "$corpus" "fuzz/corpus/$target" "${dict[@]}" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -artifact_prefix="$findings/" -print_final_stats=1 \
      >"build-fuzz/$target.log" 2>&1; then
    grep -E "stat::number_of_executed_units|cov:" "build-fuzz/$target.log" |
      tail -2
  else
    status=1
    echo "=== $target: FOUND A FAILURE; input in $findings/, log:"
    tail -40 "build-fuzz/$target.log"
  fi
done
exit $status
