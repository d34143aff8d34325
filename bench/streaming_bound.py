#!/usr/bin/env python3
"""How close compiled programs come to streaming each bank at its rate.

For the dense decoding case AttAcc's public simulator was measured on
(python/pilot/attacc.py, ``MEASURED_CASE``: Llama-2-7B's 32 heads x 128,
batch 128, 4,096 cached tokens), under ``pilot-hbm3`` and ``pilot-hbm3-pc``
and for each schedule, prints pilot-sim's time (fast mode), its streaming
bound (``bound_ns``: the busiest bank's bytes as whole DRAM rows back to
back, docs/simulator.md) and their ratio, beside AttAcc's measured time;
then the same ratio for the paper's Table II workloads, prefill and
decoding. A benchmark, not a test:

    PILOT_BIN=build/bin python3 bench/streaming_bound.py [--skip-table]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from pilot import attacc  # noqa: E402
from pilot import gen as generator  # noqa: E402
from pilot import tools  # noqa: E402
from pilot.workloads import PRESETS  # noqa: E402

SCHEDULES = ("naive", "pilot", "fused")
#: The measured case's preset for each of AttAcc's timing constraints
#: (docs/baselines.md): MACAB every 6 tCK is the power-constrained one.
PRESET_OF_NCCDAB = {4: "pilot-hbm3", 6: "pilot-hbm3-pc"}


def dense_decode_module() -> str:
    """The measured case: Llama-2-7B decoding with every head dense."""
    case = attacc.MEASURED_CASE
    text = generator.module_text("llama2-7b-duo", "decode", kv_len=case.keys,
                                 batch=case.count // 32)
    dense, count = re.subn(
        r"window = \[\d+, 0\], sinks = \d+, dense_heads = \[[0-9, ]*\]",
        "dense = true", text)
    if count == 0:
        sys.exit("streaming_bound: the generated Llama-2 module has no "
                 "DuoAttention pattern to make dense")
    return dense


def simulate(module: str, hw: str, schedule: str) -> dict:
    """pilot-sim's stats (fast mode) of ``module`` compiled for ``hw``."""
    program = tools.run_tool("pilot-opt", [
        f"--pilot-compile=hw={hw} schedule={schedule}"], module)
    with tempfile.TemporaryDirectory() as scratch:
        stats = Path(scratch) / "stats.json"
        tools.run_tool("pilot-sim", ["-", "--mode=fast",
                                     f"--stats-json={stats}"], program)
        return json.loads(stats.read_text())


def ratio_row(label: str, stats: dict) -> str:
    time_us = stats["time_ns"] / 1e3
    bound_us = stats["bound_ns"] / 1e3
    return (f"| {label} | {time_us:.1f} | {bound_us:.1f} | "
            f"{time_us / bound_us:.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-table", action="store_true",
                        help="only the measured decoding case")
    args = parser.parse_args()

    module = dense_decode_module()
    print("Dense decoding, Llama-2-7B, batch 128, 4,096 cached tokens")
    print("| preset, schedule | time (us) | bound (us) | time/bound | "
          "AttAcc measured (us) |")
    print("| --- | --- | --- | --- | --- |")
    for measurement in sorted(attacc.MEASURED, key=lambda m: m.nccdab):
        hw = PRESET_OF_NCCDAB[measurement.nccdab]
        for schedule in SCHEDULES:
            stats = simulate(module, hw, schedule)
            print(f"{ratio_row(f'{hw}, {schedule}', stats)} "
                  f"{measurement.seconds * 1e6:.0f} |")
    if args.skip_table:
        return 0

    print()
    print("Table II workloads on pilot-hbm3 (the paper's sizes)")
    print("| workload, stage, schedule | time (us) | bound (us) | time/bound |")
    print("| --- | --- | --- | --- |")
    for workload in PRESETS:
        for stage in ("prefill", "decode"):
            text = generator.module_text(workload, stage)
            for schedule in SCHEDULES:
                stats = simulate(text, "pilot-hbm3", schedule)
                print(ratio_row(f"{workload}, {stage}, {schedule}", stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
