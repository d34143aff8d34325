"""Sweeps: lists of independent points, each a workload and stage compiled
under one schedule and simulated, or predicted by the I/O model.

A :class:`Point` carries everything its evaluation needs, so a sweep can run
in local processes (:func:`evaluate_all`) or be handed to a cluster without
changing the points: :func:`evaluate` is a pure function of one point.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import sys
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, Optional, Sequence, Tuple, TypeVar

from pilot import gen as generator
from pilot import summary, tools

#: What pilot-opt says of a program the banks cannot hold.
CAPACITY_REFUSAL = "does not fit in the banks"

#: A ``simulate`` point whose capacity refusal is a result: a batch sweep
#: runs until the banks cannot hold the keys and values.
FITTING = "simulate-if-fits"

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Point:
    """One compile-and-simulate (``kind = "simulate"``, or
    :data:`FITTING`) or I/O-model (``kind = "model"``) evaluation.

    ``lin`` overrides the workload's prompt length, ``kv_len`` a decoding
    step's cache, ``batch`` and ``kv_heads`` the preset's (all ``None`` for
    the preset's), ``buffer_kb`` the BPM buffer (0 for the preset's);
    ``options`` are further ``--pilot-compile`` options (a PIM mapping).
    """

    workload: str
    stage: str
    schedule: str
    hw: str = "pilot-hbm3"
    lin: Optional[int] = None
    kv_len: Optional[int] = None
    buffer_kb: int = 0
    kind: str = "simulate"
    batch: Optional[int] = None
    kv_heads: Optional[int] = None
    options: str = ""

    def module(self) -> str:
        overrides = {"lin": self.lin, "batch": self.batch, "kv_heads": self.kv_heads}
        if self.stage == "decode":
            overrides["kv_len"] = self.kv_len
        return generator.module_text(self.workload, self.stage, **overrides)


def pattern_entries(module: str) -> Dict[str, int]:
    """The attended (query, key) pairs of a module's attention: ``sparse``
    over its sparse heads, ``dense`` over its dense heads, of every
    sequence of the batch (the pattern statistics of ``--pim-summary``)."""
    stats = summary.attention_statistics(summary.of(module))
    sparse_heads = stats["heads"] - stats["dense_heads"]
    sparse = stats["head_entries"] * sparse_heads * stats["batch"]
    return {"sparse": sparse, "dense": stats["total_entries"] - sparse,
            "sparse_heads": sparse_heads, "dense_heads": stats["dense_heads"]}


def evaluate(point: Point) -> Dict[str, object]:
    """What a point gives: for ``simulate``, the simulated seconds, the
    busiest bank's internal bytes, the external bytes, the bank use
    (``busy_banks``, ``utilization``, ``bound_ns``, ``time_over_bound``:
    docs/simulator.md), the entries the attention attends and ``refused``:
    empty, or for a :data:`FITTING` point the banks cannot hold, pilot-opt's
    reason (and no time); for ``model``, the I/O model's busiest-bank bytes of
    the point's schedule, or of each (``schedule = "all"``) by name
    (``pilot-opt --pim-io-report``)."""
    row: Dict[str, object] = dataclasses.asdict(point)
    if point.kind == "model":
        from pilot.commands.io import predictions
        lines = predictions(point.workload, point.stage, point.hw, point.buffer_kb)
        moved = {line["schedule"]: int(line["bank_internal_bytes"]) for line in lines}
        row["internal_bytes"] = moved if point.schedule == "all" else moved[point.schedule]
        return row
    from pilot.commands.run import compile_and_simulate
    module = point.module()
    buffer = f"buffer-bytes={point.buffer_kb * 1024}" if point.buffer_kb else ""
    options = f"{buffer} {point.options}".strip()
    row.update(pattern_entries(module), refused="")
    try:
        result = compile_and_simulate(module, point.schedule, point.hw, "fast", options)
    except tools.ToolError as err:
        if point.kind != FITTING or CAPACITY_REFUSAL not in str(err):
            raise
        row["refused"] = str(err).strip().splitlines()[-1]
        return row
    row.update(seconds=result.time_ns * 1e-9, internal_bytes=result.internal_bytes,
               external_bytes=result.external_bytes, energy_j=result.energy_pj * 1e-12,
               busy_banks=result.busy_banks, utilization=result.utilization,
               bound_ns=result.bound_ns, time_over_bound=result.time_over_bound)
    return row


def evaluate_all(points: Sequence[Point], jobs: int = 0,
                 progress: Optional[Callable[[int, int, Point], None]] = None,
                 engine=None) -> Dict[Point, Dict[str, object]]:
    """Every point, in ``jobs`` local processes (0: one per CPU) or on an
    engine of :mod:`pilot.engines` (a Dask cluster); each distinct point
    once. ``progress(done, total, point)`` after each."""
    unique = list(dict.fromkeys(points))
    results: Dict[Point, Dict[str, object]] = {}
    finished = (engine.map_unordered(evaluate, unique) if engine
                else in_processes(evaluate, unique, jobs))
    for i, (point, row) in enumerate(finished):
        if isinstance(row, BaseException):
            raise row
        results[point] = row
        if progress:
            progress(i + 1, len(unique), point)
    return results


def in_processes(function: Callable[[T], R], items: Sequence[T], jobs: int = 0
                 ) -> Iterator[Tuple[T, R]]:
    """``(item, function(item))`` for every item as each finishes, in
    ``jobs`` local processes (0: one per CPU; 1: in this process, in
    order). ``function`` and the items must pickle."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        for item in items:
            yield item, function(item)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(function, item): item for item in items}
        for future in concurrent.futures.as_completed(futures):
            yield futures[future], future.result()


def print_progress(done: int, total: int, point: Point) -> None:
    """One line on stderr per finished point."""
    what = f"{point.workload} {point.stage} {point.schedule}"
    for name in ("lin", "kv_len", "batch", "kv_heads"):
        if getattr(point, name):
            what += f" {name}={getattr(point, name)}"
    if point.buffer_kb:
        what += f" {point.buffer_kb} KB"
    if point.options:
        what += f" {point.options}"
    print(f"  [{done}/{total}] {what}", file=sys.stderr, flush=True)

