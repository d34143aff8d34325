#!/usr/bin/env python3
"""Compile and simulate every Table II workload at full size, and show that
the compiled program does not grow with the sequence length or the batch.

For each workload and stage: `pilot-opt --pilot-compile` wall time, peak
memory (the child's maximum resident set) and output size (bytes and PILOT
commands), then `pilot-sim --mode=fast` wall time and peak memory. Then the
Longformer prefill compiled at Lin = 1K .. 128K and batch 1 .. 64.

Run from the repository root after building:
    PYTHONPATH=python /usr/bin/python3 bench/compile_scale.py [--schedule S]
Figures depend on the machine: quote them with it.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pilot.tools import find_tool
from pilot.workloads import PRESETS

COMMAND = re.compile(r"^\s*pim\.(cfg|mov|mac|exp|acc|sfm|mask|sub|out)\b", re.M)


def run(argv):
    """Wall seconds and peak resident MB of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(map(str, argv))} failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024


def generate(workdir, workload, stage, **sizes):
    path = Path(workdir) / f"{workload}-{stage}-{'-'.join(map(str, sizes.values()))}.mlir"
    argv = [sys.executable, "-m", "pilot", "gen", "--workload", workload,
            "--stage", stage, "-o", str(path)]
    for key, value in sizes.items():
        argv += [f"--{key}", str(value)]
    subprocess.run(argv, check=True)
    return path


def compile_one(source, schedule):
    output = source.with_suffix(".pim.mlir")
    seconds, megabytes = run([find_tool("pilot-opt"), source,
                              f"--pilot-compile=schedule={schedule}", "-o", output])
    text = output.read_text()
    return output, seconds, megabytes, len(text), len(COMMAND.findall(text))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedule", default="pilot",
                        help="naive, pilot, fused or auto (default: pilot)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        print(f"## Full size, schedule={args.schedule}\n")
        print("| workload | stage | compile s | compile MB | output KB | commands "
              "| simulate s (fast) | simulate MB |")
        print("|" + " --- |" * 8)
        total = 0.0
        for workload in PRESETS:
            for stage in ("prefill", "decode"):
                source = generate(workdir, workload, stage)
                output, seconds, megabytes, size, commands = compile_one(
                    source, args.schedule)
                sim_seconds, sim_megabytes = run(
                    [find_tool("pilot-sim"), output, "--mode=fast"])
                total += sim_seconds
                print(f"| {workload} | {stage} | {seconds:.2f} | {megabytes:.0f} | "
                      f"{size / 1024:.0f} | {commands} | {sim_seconds:.2f} | "
                      f"{sim_megabytes:.0f} |", flush=True)
        print(f"\nAll twelve simulations: {total:.1f} s.\n")

        print("## Output size against sequence length and batch (longformer prefill)\n")
        print("| Lin | batch | compile s | output KB | commands |")
        print("| --- | --- | --- | --- | --- |")
        for lin, batch in [(1024, 1), (4096, 1), (16384, 1), (65536, 1),
                           (131072, 1), (4096, 8), (4096, 64)]:
            source = generate(workdir, "longformer", "prefill", lin=lin, batch=batch)
            _, seconds, _, size, commands = compile_one(source, args.schedule)
            print(f"| {lin} | {batch} | {seconds:.2f} | {size / 1024:.0f} | {commands} |",
                  flush=True)


if __name__ == "__main__":
    main()
