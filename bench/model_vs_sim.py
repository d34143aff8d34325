#!/usr/bin/env python3
"""The I/O model's prediction beside what the simulator counts for the
compiled program, for every Table II workload, stage and schedule.

Each workload is compiled with `pilot-opt --pilot-compile=schedule=S` for
the three schedules, the PILOT schedule's wider tiles (`pilot-wide`) and
`auto`; the
model's figure is the busiest bank's internal bytes that pim-tile recorded
(`pim.predicted`, summed over the parts); the simulator's is the busiest
class's column commands per bank (`pilot-sim --mode=fast`). Also the
model's predicted time (`pim.predicted`'s `time_ns`, summed over the parts)
beside the simulated time.

Run from the repository root after building:
    PYTHONPATH=python /usr/bin/python3 bench/model_vs_sim.py
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from pilot.tools import find_tool
from pilot.workloads import PRESETS

PREDICTED = re.compile(
    r"sattn\.sddmm.*?pim\.predicted = \{bank_internal_bytes = (\d+) : i64.*?"
    r"time_ns = ([0-9.e+-]+) : f64")

# The row's name and the pipeline's options.
PIPELINES = {
    "naive": "schedule=naive",
    "pilot": "schedule=pilot",
    "pilot-wide": "schedule=pilot wide=true",
    "fused": "schedule=fused",
    "auto": "schedule=auto",
}


def main():
    print("| workload | stage | schedule | model MB | simulated MB | simulated / model "
          "| model time ms | simulated time ms | simulated / model time |")
    print("|" + " --- |" * 9)
    with tempfile.TemporaryDirectory() as workdir:
        for workload in PRESETS:
            for stage in ("prefill", "decode"):
                source = Path(workdir) / f"{workload}-{stage}.mlir"
                subprocess.run([sys.executable, "-m", "pilot", "gen", "--workload",
                                workload, "--stage", stage, "-o", str(source)],
                               check=True)
                for schedule, options in PIPELINES.items():
                    kernel = Path(workdir) / f"{workload}-{stage}-{schedule}.mlir"
                    stats = Path(workdir) / "stats.json"
                    subprocess.run([find_tool("pilot-opt"), source,
                                    f"--pilot-compile={options}",
                                    "-o", kernel], check=True)
                    subprocess.run([find_tool("pilot-sim"), kernel, "--mode=fast",
                                    f"--stats-json={stats}"], check=True,
                                   stdout=subprocess.DEVNULL)
                    parts = PREDICTED.findall(kernel.read_text())
                    model = sum(int(bytes_) for bytes_, _ in parts)
                    model_ns = sum(float(ns) for _, ns in parts)
                    result = json.loads(stats.read_text())
                    column = result["hardware"]["org.column_bytes"]
                    simulated = max(
                        (c["dram"]["rd"] + c["dram"]["wr"]) * column / c["banks"]
                        for c in result["classes"])
                    print(f"| {workload} | {stage} | {schedule} | {model / 1e6:.2f} | "
                          f"{simulated / 1e6:.2f} | {simulated / model:.3f} | "
                          f"{model_ns / 1e6:.2f} | {result['time_ns'] / 1e6:.2f} | "
                          f"{result['time_ns'] / model_ns:.2f} |", flush=True)


if __name__ == "__main__":
    main()
