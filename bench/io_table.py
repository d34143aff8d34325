#!/usr/bin/env python3
"""Prints the I/O model's tables for docs/io-model.md: internal bytes of the
busiest bank per schedule for every Table II workload, prefill and decode,
beside the paper's ratios, and the buffer sweep of the paper's Fig. 13.

Run from the repository root after building:
    PYTHONPATH=python /usr/bin/python3 bench/io_table.py
"""

import statistics

from pilot.commands.io import predictions
from pilot.workloads import PRESETS

# PILOT (IPDPS 2026), Fig. 10: internal I/O of PILOT over PIM, mean.
PAPER_MEAN = {"prefill": 28.71, "decode": 11.90}
# Fig. 13: largest reduction against PIM at a 32 KB buffer.
PAPER_32KB = {"prefill": 91.77, "decode": 251.00}


def megabytes(value):
    return f"{value / 1e6:.2f}"


def stage_table(stage):
    print(f"### {stage.capitalize()}\n")
    print("| workload | naive MB | pilot MB | pilot-wide MB | fused MB | lower bound MB | "
          "pilot / naive | fused / pilot |")
    print("|" + " --- |" * 8)
    ratios = []
    for name in PRESETS:
        rows = {row["schedule"]: row for row in predictions(name, stage)}
        moved = {key: int(row["bank_internal_bytes"]) for key, row in rows.items()}
        bound = rows["pilot"]
        ratio = 100 * moved["pilot"] / moved["naive"]
        ratios.append(ratio)
        print(f"| {name} | {megabytes(moved['naive'])} | {megabytes(moved['pilot'])} | "
              f"{megabytes(moved['pilot-wide'])} | {megabytes(moved['fused'])} | "
              f"{megabytes(int(bound['lower_bound_bytes']))} ({bound['bound']}) | "
              f"{ratio:.1f}% | {100 * moved['fused'] / moved['pilot']:.1f}% |")
    print(f"\nMean pilot / naive: {statistics.mean(ratios):.2f}% "
          f"(the paper's Fig. 10: {PAPER_MEAN[stage]:.2f}%).\n")


def buffer_sweep(stage):
    sizes = (2, 4, 8, 16, 32)
    print(f"### Buffer sweep, {stage}: naive bytes / pilot bytes (fused in brackets)\n")
    print("| workload | " + " | ".join(f"{kb} KB" for kb in sizes) + " |")
    print("|" + " --- |" * (len(sizes) + 1))
    largest = 0.0
    for name in PRESETS:
        cells = []
        for kb in sizes:
            moved = {row["schedule"]: int(row["bank_internal_bytes"])
                     for row in predictions(name, stage, buffer_kb=kb)}
            pilot = moved["naive"] / moved["pilot"]
            fused = moved["naive"] / moved["fused"]
            if kb == 32:
                largest = max(largest, pilot)
            cells.append(f"{pilot:.2f}x ({fused:.2f}x)")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nLargest pilot reduction at 32 KB: {largest:.2f}x "
          f"(the paper's Fig. 13: {PAPER_32KB[stage]:.2f}x).\n")


def main():
    for stage in ("prefill", "decode"):
        stage_table(stage)
    for stage in ("prefill", "decode"):
        buffer_sweep(stage)


if __name__ == "__main__":
    main()
