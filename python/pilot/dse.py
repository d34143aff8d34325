"""Design-space exploration: compile and simulate every point of a space
(:mod:`pilot.space`) on an engine (:mod:`pilot.engines`), keep the results
in a store (:mod:`pilot.store`), and find the Pareto-optimal points of time
against area and against energy (docs/dse.md defines every column).
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from pilot import area, native, workloads
from pilot.space import DEFAULT_PRESET, DesignPoint, preset_fields
from pilot.store import Store, point_key

#: The measures a point keeps, besides its error text (docs/dse.md).
MEASURES = ("seconds", "internal_bytes", "internal_total_bytes", "external_bytes",
            "energy_j", "power_w", "bpm_utilization", "column_utilization",
            "bank_occupancy", "bank_utilization", "time_over_bound", "compile_s",
            "simulate_s")
#: What the fronts trade time against.
FRONTS = {"time-area": "area_per_die_mm2", "time-energy": "energy_j"}
#: The sizes that make points comparable: one front per problem.
PROBLEM = ("workload", "stage", "batch", "lin")


# --- one point -----------------------------------------------------------------

@contextlib.contextmanager
def hardware_spec(point: DesignPoint) -> Iterator[str]:
    """What ``hw=`` names for the point: its preset, or a hardware file of
    the preset and the keys it overrides, for as long as the block runs."""
    if not point.hardware:
        yield point.preset
        return
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "hw.json"
        path.write_text(json.dumps(point.hardware_file()))
        yield str(path)


def evaluate(point: DesignPoint) -> Dict[str, Any]:
    """Compile (``--pilot-compile``) and simulate (fast mode) one point:
    its measures, or ``error``, the text of what failed."""
    try:
        module = point.module()
        with hardware_spec(point) as hw:
            start = time.perf_counter()
            kernel = native.compile(module, point.pipeline_options(hw))
            compiled = time.perf_counter()
            stats = native.simulate(kernel, "fast")
            simulated = time.perf_counter()
    except Exception as err:  # a failed point is a result; the sweep goes on
        return {"error": f"{type(err).__name__}: {err}".strip()}
    return {**measures(stats), "compile_s": compiled - start, "simulate_s": simulated - compiled}


def busiest_bank_bytes(stats: Mapping[str, Any]) -> float:
    """The internal bytes (reads and writes, whole columns) of the bank
    that moves most: the busiest class's per bank."""
    column = stats["hardware"]["org.column_bytes"]
    return max((c["dram"]["rd"] + c["dram"]["wr"]) * column / c["banks"]
               for c in stats["classes"])


def measures(stats: Mapping[str, Any]) -> Dict[str, float]:
    """A simulation's measures (docs/dse.md)."""
    hw = stats["hardware"]
    working = sum(c["banks"] for c in stats["classes"])
    banks = (hw["org.stacks"] * hw["org.dies"] * hw["org.pchs"] * hw["org.bank_groups"]
             * hw["org.banks"])
    seconds = stats["time_ns"] * 1e-9
    energy = stats["energy_pj"] * 1e-12
    busy = sum(stats["bpm"].values())
    columns = stats["dram"]["rd"] + stats["dram"]["wr"]
    return {
        "seconds": seconds,
        "internal_bytes": busiest_bank_bytes(stats),
        "internal_total_bytes": stats["io"]["internal_read_bytes"]
        + stats["io"]["internal_write_bytes"],
        "external_bytes": stats["io"]["external_bytes"],
        "energy_j": energy,
        "power_w": energy / seconds if seconds else 0.0,
        "bpm_utilization": busy / (working * stats["pim_cycles"]) if working else 0.0,
        "column_utilization": columns * hw["timing.nCCDL"] / (working * stats["dram_cycles"])
        if working else 0.0,
        "bank_occupancy": working / banks,
        "bank_utilization": stats["utilization"],
        "time_over_bound": stats["time_over_bound"],
    }


# --- a sweep ---------------------------------------------------------------------

@dataclass
class Tally:
    """How a sweep's points were obtained."""

    total: int
    computed: int = 0
    cached: int = 0
    failed: int = 0

    def summary(self) -> str:
        return (f"{self.total} points: {self.computed} computed, {self.cached} cached, "
                f"{self.failed} failed")


@dataclass
class Sweep:
    """A space's points against a store: what is there, and running the rest."""

    points: Sequence[DesignPoint]
    store: Store
    version: str
    keys: List[str] = field(init=False)

    def __post_init__(self):
        self.keys = [point_key(p.as_json(), self.version) for p in self.points]

    def run(self, engine, force: bool = False,
            progress: Optional[Callable[[Tally, Optional[DesignPoint]], None]] = None
            ) -> Tuple[Dict[DesignPoint, Dict[str, Any]], Tally]:
        """Every point's result: stored ones unless ``force``, the others
        computed on ``engine`` and stored as each arrives."""
        stored = {} if force else self.store.results(self.keys)
        results = {p: stored[k] for p, k in zip(self.points, self.keys) if k in stored}
        tally = Tally(len(self.points), cached=len(results))
        todo = [(p, k) for p, k in zip(self.points, self.keys) if k not in stored]
        key_of = dict(todo)
        if progress:
            progress(tally, None)
        for point, outcome in engine.map_unordered(evaluate, [p for p, _ in todo],
                                                   keys=[f"pilot-point-{k}" for _, k in todo]):
            result = outcome if isinstance(outcome, dict) else {
                "error": f"{type(outcome).__name__}: {outcome}"}
            self.store.put(key_of[point], self.version, point.as_json(), result,
                           result.get("error"))
            results[point] = result
            tally.computed += 1
            tally.failed += "error" in result
            if progress:
                progress(tally, point)
        return results, tally


@contextlib.contextmanager
def progress_bar(total: int):
    """A tqdm bar on stderr: points done (cached ones at once), computed,
    cached and failed, and the time left; yields the callback to give
    :meth:`Sweep.run`."""
    from tqdm import tqdm
    bar = tqdm(total=total, unit="point", dynamic_ncols=True, leave=True)

    def update(tally: Tally, point: Optional[DesignPoint]) -> None:
        if point is None:  # the start: the cached points are done
            bar.n = bar.last_print_n = tally.cached
            bar.start_t = bar.last_print_t = bar._time()
        else:
            bar.n = tally.computed + tally.cached
        bar.set_postfix(computed=tally.computed, cached=tally.cached, failed=tally.failed,
                        refresh=False)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


# --- rows, fronts ------------------------------------------------------------------

def hardware_of(point: DesignPoint) -> Dict[str, int]:
    """The point's whole hardware description."""
    return {**preset_fields(point.preset), **dict(point.hardware)}


def is_paper_configuration(point: DesignPoint) -> bool:
    """PILOT's own design: Table I on AttAcc's HBM3 timing, the PILOT
    schedule, no further options."""
    return (point.schedule == "pilot" and not point.pipeline
            and hardware_of(point) == preset_fields(DEFAULT_PRESET))


def row_of(point: DesignPoint, result: Mapping[str, Any]) -> Dict[str, Any]:
    """A point and its result as one CSV row."""
    hw = hardware_of(point)
    w = workloads.get(point.base).with_overrides(**dict(point.sizes))
    row: Dict[str, Any] = {"workload": point.workload, "base": point.base,
                           "stage": point.stage, "batch": w.batch, "lin": w.lin,
                           "schedule": point.schedule, "preset": point.preset}
    row.update(dict(point.hardware))
    row.update(dict(point.pipeline))
    row.update({name: result.get(name) for name in MEASURES})
    row.update(area_per_die_mm2=area.per_die_mm2(hw), area_mm2=area.total_mm2(hw),
               paper_configuration=is_paper_configuration(point),
               error=result.get("error", ""))
    return row


def pareto_front(rows: Sequence[Mapping[str, Any]], x: str, y: str = "seconds"
                 ) -> List[Mapping[str, Any]]:
    """The rows no other row beats on both ``x`` and ``y`` (less is better),
    by ``x``; of equal pairs, the first."""
    front: List[Mapping[str, Any]] = []
    best = float("inf")
    for row in sorted(rows, key=lambda r: (r[x], r[y])):
        if row[y] < best:
            front.append(row)
            best = row[y]
    return front


def problems(rows: Sequence[Mapping[str, Any]]) -> Dict[Tuple, List[Mapping[str, Any]]]:
    """The successful rows by problem (workload, stage, batch, length)."""
    groups: Dict[Tuple, List[Mapping[str, Any]]] = {}
    for row in rows:
        if not row["error"]:
            groups.setdefault(tuple(row[k] for k in PROBLEM), []).append(row)
    return groups


def fronts(rows: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Every problem's Pareto-optimal rows for each front, tagged ``front``."""
    out = []
    for group in problems(rows).values():
        for name, x in FRONTS.items():
            out.extend({"front": name, **r} for r in pareto_front(group, x))
    return out
