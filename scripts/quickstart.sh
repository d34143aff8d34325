#!/usr/bin/env bash
# The main job: set up and build, then compile the default workload
# (Longformer at the paper's Table II sizes) to PIM programs under the
# naive, PILOT and fused schedules and simulate them.
# Usage: bash scripts/quickstart.sh [--workload NAME] [--stage prefill|decode]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PYTHONPATH=python exec /usr/bin/python3 -m pilot run "$@"
