"""Options several subcommands share."""

from __future__ import annotations

import argparse
import sys

from pilot import gen as generator
from pilot.errors import ConfigError
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


def write_output(path: str, text: str) -> None:
    """Write ``text`` to ``path`` (``-``: standard output); ConfigError
    naming ``--output`` when the file cannot be written."""
    if path == "-":
        sys.stdout.write(text)
        return
    try:
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as err:
        raise ConfigError("output", f"cannot write {path}: {err.strerror}") from err
