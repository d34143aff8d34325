"""Options several subcommands share."""

from __future__ import annotations

import argparse
import sys

from pilot import gen as generator
from pilot.errors import ConfigError
from pilot.workloads import PRESETS


def add_workload_and_stage(parser: argparse.ArgumentParser, verb: str,
                           unset: bool = False) -> None:
    """`--workload NAME` (default Longformer) and `--stage prefill|decode|both`
    (default both); with ``unset`` both default to None, for a command that
    tells whether they were given and applies the defaults itself."""
    defaults = {"workload": "longformer", "stage": "both"}
    parser.add_argument(
        "--workload", default=None if unset else defaults["workload"],
        choices=list(PRESETS), metavar="NAME",
        help=f"a Table II preset (default: {defaults['workload']}): {', '.join(PRESETS)}",
    )
    parser.add_argument(
        "--stage", choices=(*generator.STAGES, "both"),
        default=None if unset else defaults["stage"],
        help=f"which stage to {verb} (default: {defaults['stage']})",
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
