"""Summarise a workload's attention: pilot-opt verifies the generated module
and reports, for prefill and decode, the problem and its sparsity pattern
(attended entries per head, density, entries per query row, global rows),
then the I/O model's prediction per schedule on the paper's hardware
(tiles, internal bytes of the busiest bank, lower bound, time).
"""

from __future__ import annotations

import argparse
import re
from typing import List

from pilot import gen as generator
from pilot import tools
from pilot.commands import io, options
from pilot.workloads import PRESETS

NAME = "summary"
HELP = "verify a workload's module and report its attention problem"

#: `<stdin>:4:8: remark: sattn.attention: part; part; ...`
_REMARK = re.compile(r"remark: (sattn\.\w+): (.*)$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_workload_and_stage(parser, "report")


def stage_report(workload: str, stage: str) -> List[str]:
    """The pattern-statistics remark of one stage, one part per line."""
    module = generator.module_text(workload, stage)
    result = tools.run_tool_output(
        "pilot-opt",
        ["--sattn-pattern-stats", "--mlir-print-op-on-diagnostic=false", "-o", "/dev/null"],
        module,
    )
    lines = []
    for line in result.stderr.splitlines():
        match = _REMARK.search(line)
        if match:
            lines.extend(part.strip() for part in match.group(2).split(";"))
    return lines


#: `remark: pim-tile: key=value ...` of `--pim-tile=report=true`.
_PART = re.compile(r"remark: pim-tile: (.*)$")


def placement_report(workload: str, stage: str) -> List[str]:
    """How pilot-opt places and tiles each part (sattn-decompose, pim-map,
    pim-tile with the paper's schedule), one line per part."""
    module = generator.module_text(workload, stage)
    result = tools.run_tool_output(
        "pilot-opt",
        ["--sattn-decompose", "--pim-map", "--pim-tile=report=true",
         "--mlir-print-op-on-diagnostic=false", "-o", "/dev/null"],
        module,
    )
    lines = []
    for line in result.stderr.splitlines():
        match = _PART.search(line)
        if not match:
            continue
        fields = dict(re.findall(r"(\w+)=(\S+)", match.group(1)))
        part = f"rows {fields['rows']}, heads {fields['heads']}"
        where = (f"split by {fields['split']} over bank groups, "
                 f"{fields['head_instances']} head instances "
                 f"({fields['heads_per_group']} per group)")
        if fields["split"] == "host":
            lines.append(f"{part}: left on the host")
            continue
        lines.append(
            f"{part}: {where}; {fields['schedule']} tiles {fields['tiles']}, "
            f"busiest bank {int(fields['bank_internal_bytes']) / 1e6:.2f} MB "
            f"(bound {int(fields['lower_bound_bytes']) / 1e6:.2f} MB, "
            f"{fields['bound']}), {float(fields['time_ns']) / 1e6:.3f} ms")
    return lines


def run(args: argparse.Namespace) -> int:
    w = PRESETS[args.workload]
    print(f"pilot summary: {w.name}: batch {w.batch}, Lin {w.lin}, Lout {w.lout}, "
          f"{w.heads} heads x {w.head_dim}")
    stages = generator.STAGES if args.stage == "both" else (args.stage,)
    for stage in stages:
        print(f"\n{stage} (verified by pilot-opt):")
        for part in stage_report(args.workload, stage):
            print(f"  {part}")
        print("\n  placed and tiled by pilot-opt (--sattn-decompose --pim-map --pim-tile):")
        for line in placement_report(args.workload, stage):
            print(f"  {line}")
        print(f"\n  predicted on pilot-hbm3 (busiest bank; docs/io-model.md):")
        for line in io.render(io.predictions(args.workload, stage), markdown=False):
            print(f"  {line}")
    return 0
