#!/usr/bin/env bash
# The main job: set up and build, then compile-check and summarise the
# default workload (Longformer, the paper's Table II sizes).
# Usage: bash scripts/quickstart.sh [--workload NAME]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PYTHONPATH=python exec /usr/bin/python3 -m pilot summary "$@"
