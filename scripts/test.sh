#!/usr/bin/env bash
# Every test: set up and build, then lit, GoogleTest and pytest through the
# check-pilot target. Exits non-zero if any test fails.
# Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec ninja -C build check-pilot
