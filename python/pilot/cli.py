"""Command line of ``python3 -m pilot``: one subcommand per module in
:mod:`pilot.commands`."""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

import pilot
from pilot.commands import COMMANDS
from pilot.errors import ConfigError
from pilot.tools import ToolError, ToolNotFoundError


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but errors are a single ``prog: error: message`` line (exit 2)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> ArgumentParser:
    """The top-level parser with every registered subcommand."""
    parser = ArgumentParser(prog="pilot", description=pilot.__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {pilot.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.NAME, help=command.HELP, description=command.__doc__
        )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run, parser=sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Parse ``argv`` (default: ``sys.argv[1:]``), run the subcommand, return its status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except ConfigError as err:
        args.parser.error(str(err))
    except (ToolNotFoundError, ToolError) as err:
        print(f"{args.parser.prog}: error: {err}", file=sys.stderr)
        return 1
