"""Predict a workload's data movement under every schedule with pilot's I/O
model (``pilot-opt --pim-io-report``): per schedule the tiles, the busiest
bank's internal bytes (DRAM <-> buffer), the lower bound and its ratio, MACs
per byte, the predicted time and the whole system's internal bytes.
docs/io-model.md defines every number.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Dict, List

from pilot import gen as generator
from pilot import tools
from pilot.errors import ConfigError
from pilot.workloads import PRESETS

NAME = "io"
HELP = "predict internal I/O per schedule (the I/O model)"

#: How the report's numbers print, as its remarks print them.
_FORMATS = {"ratio": "{:.3f}", "macs_per_byte": "{:.3f}", "time_ns": "{:.0f}"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workload", default="longformer", choices=[*PRESETS, "all"], metavar="NAME",
        help=f"a Table II preset, or all (default: %(default)s): {', '.join(PRESETS)}",
    )
    parser.add_argument(
        "--stage", choices=generator.STAGES, default="prefill",
        help="prefill or decode (default: %(default)s)",
    )
    parser.add_argument(
        "--buffer-kb", type=int, metavar="N",
        help="BPM buffer in KiB (default: the preset's 2 KiB)",
    )
    parser.add_argument(
        "--hw", default="pilot-hbm3", metavar="PRESET",
        help="hardware preset (default: %(default)s)",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print a Markdown table",
    )


def predictions(workload: str, stage: str, hw: str = "pilot-hbm3",
                buffer_kb: int = 0) -> List[Dict[str, str]]:
    """The report of one workload and stage (``--pim-io-report``'s JSON),
    a dict of each schedule's fields in schedule order, the values as the
    report's remarks print them; schedules under which the attention does
    not fit the banks are left out."""
    if buffer_kb is not None and buffer_kb < 0:
        raise ConfigError("buffer_kb", f"must be positive, got {buffer_kb}")
    options = f"hw={hw}"
    if buffer_kb:
        options += f" buffer-bytes={buffer_kb * 1024}"
    with tempfile.TemporaryDirectory() as workdir:
        report = Path(workdir) / "report.json"
        tools.run_tool_output(
            "pilot-opt",
            [f"--pim-io-report={options} output={report}",
             "--mlir-print-op-on-diagnostic=false", "-o", os.devnull],
            generator.module_text(workload, stage),
        )
        attentions = json.loads(report.read_text())["attentions"]
    return [{key: _FORMATS.get(key, "{}").format(value) for key, value in row.items()}
            for attention in attentions for row in attention["schedules"]
            if "error" not in row]


_COLUMNS = (
    ("schedule", "schedule", str),
    ("tiles", "tiles (row split, column split)", str),
    ("bank_internal_bytes", "bank internal MB", lambda v: f"{int(v) / 1e6:.2f}"),
    ("lower_bound_bytes", "lower bound MB", lambda v: f"{int(v) / 1e6:.2f}"),
    ("bound", "binds", str),
    ("ratio", "x bound", str),
    ("macs_per_byte", "MAC/B", str),
    ("time_ns", "time ms", lambda v: f"{float(v) / 1e6:.3f}"),
    ("total_internal_bytes", "total internal GB", lambda v: f"{int(v) / 1e9:.2f}"),
)


def render(rows: List[Dict[str, str]], markdown: bool) -> List[str]:
    naive = int(rows[0]["bank_internal_bytes"]) if rows else 0
    header = [title for _, title, _ in _COLUMNS] + ["vs naive"]
    body = []
    for row in rows:
        cells = [convert(row[key]) for key, _, convert in _COLUMNS]
        cells.append(f"{100 * int(row['bank_internal_bytes']) / naive:.1f}%")
        body.append(cells)
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return lines
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(len(header))]
    return ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
            for r in [header, *body]]


def run(args: argparse.Namespace) -> int:
    names = list(PRESETS) if args.workload == "all" else [args.workload]
    buffer = f"{args.buffer_kb} KiB buffer" if args.buffer_kb else "preset buffer"
    for name in names:
        print(f"{name} {args.stage} on {args.hw}, {buffer} "
              "(bytes of the busiest bank; time of the busiest bank):")
        for line in render(predictions(name, args.stage, args.hw, args.buffer_kb),
                           args.markdown):
            print(line)
        print()
    return 0
