"""What ``pilot-opt --pim-summary`` says of a module (docs/summary.md): its
kernels' commands, its parts' mappings, tiles and predictions, and its
attention's pattern statistics, read from the JSON rather than from printed
IR or remarks.

:func:`of` runs the summary (in-process where the extension is built,
:mod:`pilot.native`); the other functions read what it returns.
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

from pilot import native, tools

Summary = Dict[str, Any]


def of(module: str, passes: Sequence[str] = ()) -> Summary:
    """The summary of ``module`` after pilot-opt's ``passes`` (none: the
    module as it is)."""
    return native.summarize(module, passes)


def tiled_parts(summary: Summary) -> List[Dict[str, Any]]:
    """The parts pim-tile gave tiles and a prediction, in program order
    (the host's parts have neither)."""
    return [part for part in summary["parts"]
            if "tiles" in part and "predicted" in part]


def predicted_bytes(summary: Summary) -> int:
    """The I/O model's busiest-bank internal bytes: the sum over the parts
    that share bank groups of ``pim.predicted``'s ``bank_internal_bytes``,
    for the busiest groups (parts placed apart, ``first_group``, share
    none)."""
    parts = tiled_parts(summary)

    def groups(part):
        first = part["mapping"].get("first_group", 0)
        return first, first + part["mapping"]["bank_groups"]

    return max((sum(part["predicted"]["bank_internal_bytes"] for part in parts
                    if groups(part)[0] <= start < groups(part)[1])
                for start, _ in map(groups, parts)), default=0)


def command_count(summary: Summary) -> int:
    """The commands in every kernel's program text (a loop's body once)."""
    return sum(sum(kernel["commands"].values()) for kernel in summary["kernels"])


def attention_statistics(summary: Summary) -> Dict[str, Any]:
    """The pattern statistics of the module's ``sattn.attention``."""
    for statistics in summary["patterns"]:
        if statistics["op"] == "sattn.attention":
            return statistics
    raise tools.ToolError(["--pim-summary"], 1, "the module holds no sattn.attention")
