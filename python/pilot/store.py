"""The result store of design-space explorations: an SQLite file with one
row per point and tool version (docs/dse.md).

A point's key is the SHA-256 of its fields and of the tools' version, so a
rebuilt compiler or simulator that behaves differently never reuses an old
result, and an interrupted or repeated sweep computes only what is missing.
Only the driving process writes; workers return results to it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Dict, Iterable, Mapping, Optional

import pilot
from pilot import native, tools

_SCHEMA = """
CREATE TABLE IF NOT EXISTS points (
    key TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    point TEXT NOT NULL,
    result TEXT NOT NULL,
    error TEXT,
    recorded REAL NOT NULL
)"""

#: The files whose bytes make up the tools' version, where they exist.
_TOOL_FILES = ("pilot-opt", "pilot-sim")


def tools_version() -> str:
    """The Python package's version and a digest of the tools that compute
    points: ``pilot-opt``, ``pilot-sim`` and the ``_pilot_native`` module,
    those that are built."""
    digest = hashlib.sha256(pilot.__version__.encode())
    files = [tools.bin_dir() / name for name in _TOOL_FILES]
    module = native.extension()
    if module is not None and getattr(module, "__file__", None):
        files.append(Path(module.__file__))
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{pilot.__version__}+{digest.hexdigest()[:16]}"


def point_key(point: Mapping[str, Any], version: str) -> str:
    """The store's key of a point (its fields as JSON) under ``version``."""
    text = json.dumps({"point": point, "version": version}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    """Results by key; a failed point's row holds its error text."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path))
        self.db.execute(_SCHEMA)
        self.db.commit()

    def results(self, keys: Iterable[str]) -> Dict[str, Dict[str, Any]]:
        """The stored successful results among ``keys``; failed points are
        missing, so the next run tries them again."""
        found: Dict[str, Dict[str, Any]] = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, result in self.db.execute(
                    f"SELECT key, result FROM points WHERE error IS NULL AND key IN ({marks})",
                    chunk):
                found[key] = json.loads(result)
        return found

    def put(self, key: str, version: str, point: Mapping[str, Any],
            result: Mapping[str, Any], error: Optional[str] = None) -> None:
        """Record a point's result, replacing what the key held."""
        self.db.execute("INSERT OR REPLACE INTO points VALUES (?, ?, ?, ?, ?, ?)",
                        (key, version, json.dumps(point, sort_keys=True),
                         json.dumps(result, sort_keys=True), error, time.time()))
        self.db.commit()

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM points").fetchone()[0]

    def close(self) -> None:
        self.db.close()
