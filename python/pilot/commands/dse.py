"""Explore a design space: compile and simulate every point of SPACE.yaml
(hardware keys, workloads, stages, batch, lengths, schedules and pipeline
options; docs/dse.md), in local processes or on a Dask cluster, keeping each
result in a store so that a repeated or interrupted run computes only the
missing points. Writes every point to points.csv, the Pareto-optimal ones
(time against area per die and against energy, per problem) to pareto.csv,
and their plots; the last line counts the points computed, cached and
failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pilot import dse, engines
from pilot.commands.reproduce import write_csv
from pilot.space import SpaceError, load
from pilot.store import Store, tools_version

NAME = "dse"
HELP = "explore a design space (SPACE.yaml) on local processes or a Dask cluster"

#: The plots: file, what time is set against, its axis label.
PLOTS = (("pareto-time-area.png", "area_per_die_mm2", "PIM area per DRAM die (mm^2)"),
         ("pareto-time-energy.png", "energy_j", "energy (J)"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("space", metavar="SPACE.yaml", help="the space (docs/dse.md)")
    parser.add_argument("--out", default="dse-out", metavar="DIR",
                        help="where the CSVs, the plots and the store go (default: %(default)s)")
    parser.add_argument("--store", metavar="FILE",
                        help="the result store (default: DIR/store.sqlite)")
    parser.add_argument("--force", action="store_true",
                        help="recompute every point, even those in the store")
    engines.add_arguments(parser)
    parser.add_argument("--no-plots", action="store_true", help="write no PNGs")


def run(args: argparse.Namespace) -> int:
    try:
        space = load(args.space)
    except SpaceError as err:
        print(f"{args.parser.prog}: error: {args.space}: {err}", file=sys.stderr)
        return 2
    out = Path(args.out)
    store = Store(Path(args.store) if args.store else out / "store.sqlite")
    sweep = dse.Sweep(space.points, store, tools_version())
    engine = engines.from_arguments(args)
    try:
        print(f"pilot dse: {len(space.points)} points on {engine.describe()}; "
              f"store {store.path}", file=sys.stderr)
        with dse.progress_bar(len(space.points)) as progress:
            results, tally = sweep.run(engine, args.force, progress)
    finally:
        engine.close()
        store.close()
    write_outputs(out, [dse.row_of(p, results[p]) for p in space.points], args.no_plots)
    print(tally.summary())
    return 0


def write_outputs(out: Path, rows, no_plots: bool) -> None:
    """points.csv, pareto.csv and the front plots."""
    write_csv(out / "points.csv", rows)
    front_rows = dse.fronts(rows)
    write_csv(out / "pareto.csv", front_rows)
    failed = [r for r in rows if r["error"]]
    for row in failed[:5]:
        print(f"failed: {row['workload']} {row['stage']} {row['schedule']}: "
              f"{row['error'].splitlines()[-1]}", file=sys.stderr)
    if not no_plots and len(failed) < len(rows):
        from pilot import plots
        for name, x, label in PLOTS:
            plots.pareto(dse.problems(rows), x, label, out / name)
    print(f"pilot dse: points.csv, pareto.csv{'' if no_plots else ' and plots'} in {out}/")
