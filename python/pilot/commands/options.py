"""Options several subcommands share."""

from __future__ import annotations

import argparse

from pilot import gen as generator
from pilot.workloads import PRESETS


def add_workload_and_stage(parser: argparse.ArgumentParser, verb: str) -> None:
    """`--workload NAME` (default Longformer) and `--stage prefill|decode|both`."""
    parser.add_argument(
        "--workload", default="longformer", choices=list(PRESETS), metavar="NAME",
        help=f"a Table II preset (default: %(default)s): {', '.join(PRESETS)}",
    )
    parser.add_argument(
        "--stage", choices=(*generator.STAGES, "both"), default="both",
        help=f"which stage to {verb} (default: %(default)s)",
    )
