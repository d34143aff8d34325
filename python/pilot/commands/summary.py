"""Summarise a workload's attention: pilot-opt verifies the generated module
and reports, for prefill and decode, the problem and its sparsity pattern
(attended entries per head, density, entries per query row, global rows),
then the I/O model's prediction per schedule on the paper's hardware
(tiles, internal bytes of the busiest bank, lower bound, time).
"""

from __future__ import annotations

import argparse
from typing import List

from pilot import gen as generator
from pilot import summary
from pilot.commands import io, options
from pilot.commands.run import tiles_text
from pilot.workloads import PRESETS

NAME = "summary"
HELP = "verify a workload's module and report its attention problem"

def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_workload_and_stage(parser, "report")


def stage_report(workload: str, stage: str) -> List[str]:
    """The attention's pattern statistics, one part per line, as
    ``--sattn-pattern-stats`` words them."""
    s = summary.attention_statistics(summary.of(generator.module_text(workload, stage)))
    pairs, rows = s["head_pairs"], s["selected_rows"]
    density = 100 * s["head_entries"] / pairs if pairs else 0.0
    per_row = s["head_entries"] / rows if rows else 0.0
    text = (f"batch {s['batch']}, {s['heads']} heads ({s['dense_heads']} dense), "
            f"{s['queries']} queries x {s['keys']} keys; pattern {s['pattern']}; "
            f"per {s['per_head']} head {s['head_entries']} of {pairs} entries "
            f"({density:.2f}%), {per_row:.1f} per query row, {s['global_rows']} "
            f"global rows; all heads x batch: {s['total_entries']} entries")
    return [part.strip() for part in text.split(";")]


def placement_report(workload: str, stage: str) -> List[str]:
    """How pilot-opt places and tiles each part (sattn-decompose, pim-map,
    pim-tile with the paper's schedule), one line per part."""
    module = generator.module_text(workload, stage)
    parts = summary.of(module, ["--sattn-decompose", "--pim-map", "--pim-tile"])["parts"]
    lines = []
    for part in parts:
        mapping = part["mapping"]
        where = f"rows {part['rows']}, heads {part['heads']}"
        if mapping["split"] == "host":
            lines.append(f"{where}: left on the host")
            continue
        tiles, predicted = part["tiles"], part["predicted"]
        # pim-tile's remark gave whole nanoseconds.
        time_ms = round(predicted["time_ns"]) / 1e6
        shared = mapping.get("kv_group", 1)
        sharing = f" of {shared} query heads sharing a key-value head" if shared > 1 else ""
        lines.append(
            f"{where}: split by {mapping['split']} over bank groups, "
            f"{mapping['head_instances']} head instances{sharing} "
            f"({mapping['heads_per_group']} per group); {tiles['schedule']} tiles "
            f"{tiles_text(tiles)}, "
            f"busiest bank {predicted['bank_internal_bytes'] / 1e6:.2f} MB "
            f"(bound {predicted['lower_bound_bytes'] / 1e6:.2f} MB, "
            f"{predicted['bound']}), {time_ms:.3f} ms")
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
