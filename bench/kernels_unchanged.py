#!/usr/bin/env python3
"""Checks that two builds of pilot-opt compile the same kernels.

For the paper's Table II workloads (prefill and the first decoding step, at
the paper's sizes) under the naive, PILOT and fused schedules, compiles each
module with ``--pilot-compile`` and keeps the printed program. ``--save DIR``
writes them (one file per workload, stage and schedule); ``--against DIR``
compiles again and compares each file byte for byte, printing the ones that
differ. A refactoring of the compiler that must not change its output is
checked by saving with the build before and comparing with the build after:

    PILOT_BIN=old/bin python3 bench/kernels_unchanged.py --save /tmp/kernels
    PILOT_BIN=build/bin python3 bench/kernels_unchanged.py --against /tmp/kernels

Exits 1 when any kernel differs or is missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from pilot import gen as generator  # noqa: E402
from pilot import tools  # noqa: E402
from pilot.workloads import PRESETS  # noqa: E402

SCHEDULES = ("naive", "pilot", "fused")
STAGES = ("prefill", "decode")


def kernels():
    """(name, compiled text) of every workload, stage and schedule."""
    for workload in PRESETS:
        for stage in STAGES:
            module = generator.module_text(workload, stage)
            for schedule in SCHEDULES:
                compiled = tools.run_tool_output(
                    "pilot-opt",
                    [f"--pilot-compile=hw=pilot-hbm3 schedule={schedule}"],
                    module).stdout
                yield f"{workload}-{stage}-{schedule}.mlir", compiled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, metavar="DIR",
                      help="write every compiled kernel into DIR")
    mode.add_argument("--against", type=Path, metavar="DIR",
                      help="compare every compiled kernel with DIR's")
    args = parser.parse_args()

    differ = []
    count = 0
    for name, text in kernels():
        count += 1
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / name).write_text(text)
            continue
        saved = args.against / name
        if not saved.is_file() or saved.read_text() != text:
            differ.append(name)
            print(f"differs: {name}")
    if args.save:
        print(f"{count} kernels written to {args.save}")
        return 0
    print(f"{count} kernels compared: {count - len(differ)} identical, "
          f"{len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
