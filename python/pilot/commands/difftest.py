"""Randomized differential testing of the compiler and the simulator
(docs/testing.md): random valid attention problems (shapes, patterns,
hardware, compile options), each compiled under every schedule; every
program must verify, match a float64 attention, move the bytes the I/O
model predicts, agree between exact and fast mode, and simulate the same
twice. Prints each failure with its seed, case and the command that replays
it, then a summary; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import List

from pilot import difftest, native, tools
from pilot.commands.run import parse_schedules
from pilot.errors import ConfigError

NAME = "difftest"
HELP = "randomized differential testing of the compiler and the simulator"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="the sweep's seed (default: %(default)s)")
    parser.add_argument("--cases", type=int, default=100, metavar="N",
                        help="check cases 0 .. N-1 (default: %(default)s)")
    parser.add_argument("--case", type=int, action="append", metavar="K",
                        help="check only case K (repeatable): replays a failure")
    parser.add_argument(
        "--schedules", default=",".join(difftest.SCHEDULES), metavar="LIST",
        help="comma-separated schedules each case is compiled under (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=0, metavar="J",
                        help="processes (default: one per CPU)")
    parser.add_argument(
        "--keep", metavar="DIR",
        help="write each failing case's module, hardware file and inputs to "
        "DIR/seed-S-case-K/, with the pilot-opt and pilot-sim commands that rerun it")


def indices(args: argparse.Namespace) -> List[int]:
    """The cases to check, from --case or --cases."""
    for field in ("seed", "cases", "jobs"):
        if getattr(args, field) < 0:
            raise ConfigError(field, f"must not be negative, got {getattr(args, field)}")
    if args.case:
        if min(args.case) < 0:
            raise ConfigError("case", f"must not be negative, got {min(args.case)}")
        return list(dict.fromkeys(args.case))
    return list(range(args.cases))


def engine() -> str:
    """How the compiler and the simulator run."""
    if native.extension() is not None:
        return "in-process (_pilot_native)"
    return f"the tools in {tools.bin_dir()}"


def report(failure: difftest.Failure) -> List[str]:
    """A failure's lines: what failed, the case, the replay command."""
    case = failure.case
    return [f"FAIL seed {case.seed} case {case.index} {failure.schedule}: "
            f"{failure.check}: {failure.message}",
            f"  case: {case.describe()}",
            f"  replay: {failure.replay()}"]


def run(args: argparse.Namespace) -> int:
    schedules = parse_schedules(args.schedules)
    todo = indices(args)
    print(f"pilot difftest: seed {args.seed}, {len(todo)} cases, schedules "
          f"{', '.join(schedules)}; {engine()}", flush=True)
    start = time.monotonic()
    by_check: Counter = Counter()
    passed = refused = failed = done = 0
    every = max(1, len(todo) // 10)
    for result in difftest.sweep(args.seed, todo, schedules, args.jobs):
        done += 1
        passed += result.passed
        refused += len(result.refused)
        failed += len({failure.schedule for failure in result.failures})
        for failure in result.failures:
            by_check[failure.check] += 1
            print("\n".join(report(failure)), flush=True)
        if result.failures and args.keep:
            print(f"  kept: {keep(result.case, result.failures, Path(args.keep))}")
        if done % every == 0 or done == len(todo):
            print(f"  [{done}/{len(todo)}] {passed} programs passed, {failed} failed",
                  file=sys.stderr, flush=True)
    checks = ", ".join(f"{check} {by_check[check]}" for check in difftest.CHECKS)
    print(f"pilot difftest: {len(todo)} cases, {len(todo) * len(schedules)} programs: "
          f"{passed} passed, {failed} failed ({checks}), {refused} refused (tile "
          f"overrides that do not fit) in {time.monotonic() - start:.1f} s; "
          f"{len(difftest.KNOWN_BUGS)} known bugs steered around (docs/testing.md)")
    return 1 if failed else 0


def keep(case: difftest.Case, failures: List[difftest.Failure], root: Path) -> Path:
    """Write a failing case where the tools can rerun it; its directory."""
    directory = root / f"seed-{case.seed}-case-{case.index}"
    commands = difftest.write_case(case, directory, [f.schedule for f in failures])
    (directory / "commands.sh").write_text("\n".join(commands) + "\n")
    return directory
