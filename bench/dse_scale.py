#!/usr/bin/env python3
"""Points per second of a design-space exploration in one process and on a
Dask cluster, and the speedup (docs/dse.md).

The space: BPM buffers of 2, 8 and 32 KB x 8, 16 and 32 lanes x clocks of
666 and 1000 MHz x the six Table II workloads x prefill and the first
decoding step, at a 512-token prompt and a batch of 4: 216 points under the
PILOT schedule. Each engine computes every point afresh (a store of its own
in a temporary folder); the results must agree. The cluster's start-up is
timed apart from its sweep.

Run from the repository root after building:
    PYTHONPATH=python /usr/bin/python3 bench/dse_scale.py [--cluster local:2]
Figures depend on the machine: quote them with it.
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from pilot import dse, engines, workloads
from pilot.space import build
from pilot.store import Store, tools_version

SPACE = {
    "workloads": list(workloads.PRESETS),
    "stages": ["prefill", "decode"],
    "schedules": ["pilot"],
    "batch": [4],
    "lengths": [512],
    "hardware": {"bpm.buffer_bytes": {"from": 2048, "to": 32768, "times": 4},
                 "bpm.lanes": {"from": 8, "to": 32, "times": 2},
                 "bpm.clock_mhz": [666, 1000]},
}


def sweep(points, engine, folder: Path, name: str):
    """Seconds to compute every point on ``engine``, and the results."""
    store = Store(folder / f"{name}.sqlite")
    start = time.perf_counter()
    results, tally = dse.Sweep(points, store, tools_version()).run(engine)
    seconds = time.perf_counter() - start
    store.close()
    if tally.failed:
        raise SystemExit(f"{name}: {tally.summary()}")
    return seconds, {p: r["seconds"] for p, r in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cluster", default="local:2", metavar="local:N")
    args = parser.parse_args()
    points = build(SPACE).points
    print(f"dse_scale: {len(points)} points, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        one, reference = sweep(points, engines.LocalProcesses(1), Path(folder), "one")
        print(f"  one process:  {one:7.1f} s  {len(points) / one:6.2f} points/s")
        start = time.perf_counter()
        cluster = engines.Dask.start_local(engines.local_workers(args.cluster))
        startup = time.perf_counter() - start
        try:
            seconds, results = sweep(points, cluster, Path(folder), "cluster")
        finally:
            cluster.close()
    if results != reference:
        raise SystemExit("the cluster's results differ from one process's")
    print(f"  --cluster {args.cluster}: {seconds:7.1f} s  {len(points) / seconds:6.2f} "
          f"points/s  (start-up {startup:.1f} s apart)")
    print(f"  speedup over one process: {one / seconds:.2f}x "
          f"({one / (seconds + startup):.2f}x with the start-up)")


if __name__ == "__main__":
    main()
