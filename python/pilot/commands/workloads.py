"""List the workload presets (PILOT, IPDPS 2026, Table II)."""

from __future__ import annotations

import argparse

from pilot.workloads import PRESETS

NAME = "workloads"
HELP = "print the table of workload presets"

_HEADER = ("name", "model", "batch", "Lin", "Lout", "heads x dim", "pattern (prefill)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options."""


def rows():
    """One tuple of cells per preset, matching the table header."""
    for w in PRESETS.values():
        pattern = w.pattern.fit(keys=w.lin, heads=w.heads)
        yield (w.name, w.model, str(w.batch), str(w.lin), str(w.lout),
               f"{w.heads} x {w.head_dim}", pattern.describe())


def format_table(header, body) -> str:
    """Left-aligned columns separated by two spaces."""
    table = [tuple(header), *body]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in table]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    print(format_table(_HEADER, rows()), end="")
    return 0
