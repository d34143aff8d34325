"""Comparisons of pilot-sim's results: two runs' stats (exact against fast
mode, or a run against itself), and a compiled kernel's simulated internal
bytes against the I/O model's prediction.

The lit tests call these through ``test/Sim/Inputs/compare-stats.py`` and
``test/Compile/Inputs/compare-io.py``; :mod:`pilot.difftest` calls them
in-process.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from pilot import summary

#: The counter sections of a stats file (docs/simulator.md, Counters).
SECTIONS = ("io", "dram", "bus", "commands", "pim", "bpm", "bgpm", "bank")

#: The largest relative difference of two runs' times that still agrees.
TIME_TOLERANCE = 0.01

Stats = Dict[str, Any]


def counters(stats: Stats) -> Dict[str, int]:
    """Every counter of a stats dict (or of one of its classes), by
    ``section.key``."""
    return {f"{section}.{key}": value
            for section in SECTIONS
            for key, value in stats[section].items()}


def stats_disagreements(a: Stats, b: Stats) -> List[str]:
    """Where two runs' stats disagree: every counter must be equal, for the
    whole kernel and each class, and the times within
    :data:`TIME_TOLERANCE`. Empty when they agree."""
    problems: List[str] = []
    _compare(a, b, "", problems)
    if len(a["classes"]) != len(b["classes"]):
        problems.append(f"classes: {len(a['classes'])} != {len(b['classes'])}")
    for ca, cb in zip(a["classes"], b["classes"]):
        _compare(ca, cb, f"class @{ca['name']}: ", problems)
    return problems


def _compare(a: Stats, b: Stats, where: str, problems: List[str]) -> None:
    theirs = counters(b)
    for key, value in counters(a).items():
        if theirs.get(key) != value:
            problems.append(f"{where}{key}: {value} != {theirs.get(key)}")
    ta, tb = a["time_ns"], b["time_ns"]
    if abs(ta - tb) > TIME_TOLERANCE * max(ta, tb):
        problems.append(f"{where}time_ns: {ta} vs {tb} differ by more than "
                        f"{TIME_TOLERANCE:.0%}")


def internal_bytes(kernel: str, stats: Stats) -> Tuple[int, int]:
    """The busiest bank's internal bytes of a compiled kernel: the I/O
    model's (the sum over its parts of ``pim.predicted``'s
    ``bank_internal_bytes``) and the simulator's (the busiest class's column
    commands, ``dram.rd + dram.wr`` in ``org.column_bytes``, per bank: every
    bank of a class runs the same program)."""
    model = summary.predicted_bytes(summary.of(kernel))
    column = stats["hardware"]["org.column_bytes"]
    simulated = max((c["dram"]["rd"] + c["dram"]["wr"]) * column // c["banks"]
                    for c in stats["classes"])
    return model, simulated
