#!/usr/bin/env bash
# Installs the Debian packages pilot needs (only those missing), then
# configures and builds it into build/. Quiet unless something fails.
# Usage: bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# LLVM/MLIR 22 and lit/FileCheck; fmt; GoogleTest; Google Benchmark; CMake
# and Ninja; Debian's Python with numpy, matplotlib, pytest, its headers and
# pybind11 for the in-process extension (no PyPI); Dask distributed, tqdm
# and PyYAML for design-space explorations (docs/dse.md); clang and its
# runtimes for libFuzzer (scripts/fuzz.sh).
packages=(
  cmake ninja-build g++ clang-22 libclang-rt-22-dev
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libfmt-dev libgtest-dev libbenchmark-dev
  python3 python3-numpy python3-matplotlib python3-pytest python3-dev pybind11-dev
  python3-distributed python3-tqdm python3-yaml
)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() {
  echo "setup: $1 failed; its output:" >&2
  cat "$log" >&2
  exit 1
}

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
    grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  { $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 ||
    fail "installing Debian packages"
fi

if [[ ! -f build/build.ninja ]]; then
  cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir >"$log" 2>&1 ||
    fail "configuring (cmake)"
fi
ninja -C build all pilot-doc >"$log" 2>&1 || fail "building (ninja -C build)"
