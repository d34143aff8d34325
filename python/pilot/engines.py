"""Where a sweep's points run: local processes (the default) or a Dask
distributed cluster, either one already running (``--scheduler
tcp://HOST:PORT``) or one started here (``--cluster local:N``).

An engine maps a picklable function over picklable items and yields
``(item, outcome)`` as each finishes, in any order; ``outcome`` is the
function's result, or the exception that kept it from one (a point that
raised, or a worker lost more often than the cluster retries). Workers find
pilot's tools as the driver does: ``$PILOT_BIN`` or the ``_pilot_native``
module (docs/dse.md).
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence, Tuple, TypeVar

from pilot import sweep
from pilot.errors import ConfigError

T = TypeVar("T")
LOCAL_PREFIX = "local:"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--jobs`` (the local pool), or ``--scheduler`` or ``--cluster``."""
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="local processes (default: one per CPU)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="run the points on this Dask distributed scheduler's workers")
    where.add_argument("--cluster", metavar="local:N",
                       help="start a Dask LocalCluster of N worker processes for the run")


def _captured(function: Callable[[T], Any], item: T) -> Any:
    """``function(item)``, or the exception it raised."""
    try:
        return function(item)
    except Exception as err:  # the caller records it against the item
        return err


class LocalProcesses:
    """``jobs`` local processes (0: one per CPU; 1: this process)."""

    def __init__(self, jobs: int = 0):
        if jobs < 0:
            raise ConfigError("jobs", f"must be 0 (one per CPU) or more, got {jobs}")
        self.jobs = jobs

    def describe(self) -> str:
        return f"{self.jobs or os.cpu_count() or 1} local processes"

    def map_unordered(self, function: Callable[[T], Any], items: Sequence[T],
                      keys: Optional[Sequence[str]] = None) -> Iterator[Tuple[T, Any]]:
        yield from sweep.in_processes(functools.partial(_captured, function), items, self.jobs)

    def close(self) -> None:
        pass


class Dask:
    """A Dask distributed client; the cluster too when it was started here."""

    def __init__(self, client, cluster=None):
        self.client, self.cluster = client, cluster

    @staticmethod
    def connect(address: str) -> "Dask":
        from distributed import Client
        try:
            return Dask(Client(address, timeout="20s"))
        except OSError as err:
            raise ConfigError("scheduler", f"cannot reach {address}: {err}") from None

    @staticmethod
    def start_local(workers: int) -> "Dask":
        """A LocalCluster of ``workers`` single-threaded processes, which
        import pilot from where this process does."""
        from distributed import Client, LocalCluster
        package_root = str(Path(__file__).resolve().parents[1])
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        if package_root not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([package_root, *paths])
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Dask(Client(cluster), cluster)

    def describe(self) -> str:
        workers = len(self.client.scheduler_info()["workers"])
        return f"Dask scheduler {self.client.scheduler.address} ({workers} workers)"

    def map_unordered(self, function: Callable[[T], Any], items: Sequence[T],
                      keys: Optional[Sequence[str]] = None) -> Iterator[Tuple[T, Any]]:
        """Each item as a task (named by ``keys`` where given); a task whose
        worker dies is run again elsewhere by the scheduler."""
        from distributed import as_completed
        task = functools.partial(_captured, function)
        futures = self.client.map(task, list(items), key=list(keys) if keys else None,
                                  pure=False)
        item_of = {future.key: item for future, item in zip(futures, items)}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as err:  # e.g. KilledWorker: recorded, the sweep goes on
                outcome = err
            yield item_of[future.key], outcome
            future.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def from_arguments(args: argparse.Namespace):
    """The engine a command's ``--jobs``, ``--scheduler`` and ``--cluster`` name."""
    if getattr(args, "scheduler", None):
        return Dask.connect(args.scheduler)
    if getattr(args, "cluster", None):
        return Dask.start_local(local_workers(args.cluster))
    return LocalProcesses(args.jobs)


def local_workers(spec: str) -> int:
    """N of ``local:N``."""
    count = spec[len(LOCAL_PREFIX):] if spec.startswith(LOCAL_PREFIX) else ""
    if not count.isdigit() or int(count) < 1:
        raise ConfigError("cluster", f"must be local:N with N >= 1 workers, got {spec!r}")
    return int(count)
