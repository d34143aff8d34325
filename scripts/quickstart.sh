#!/usr/bin/env bash
# The main job: set up and build, then rerun the PILOT evaluation in short
# (Longformer and Llama-2-7B, prefill and decoding: compiled, simulated, set
# against the GPU baseline and the naive PIM schedule, beside the paper's
# numbers). Writes CSVs and plots into reproduce-out/.
# Usage: bash scripts/quickstart.sh [reproduce options, e.g. --gpu h100-sxm]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PYTHONPATH=python exec /usr/bin/python3 -m pilot reproduce --quick "$@"
