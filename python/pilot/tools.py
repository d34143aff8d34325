"""Find and run pilot's C++ tools (``pilot-opt``, ...).

Tools are looked up in ``$PILOT_BIN`` when it is set, otherwise in
``<repo>/build/bin``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Optional, Sequence

#: Environment variable naming the directory that holds the tools.
BIN_ENV = "PILOT_BIN"

#: The repository root (this file is ``<repo>/python/pilot/tools.py``).
REPO_ROOT = Path(__file__).resolve().parents[2]

#: Where a build puts the tools when ``$PILOT_BIN`` is not set.
DEFAULT_BIN = REPO_ROOT / "build" / "bin"


class ToolNotFoundError(FileNotFoundError):
    """A tool is neither in ``$PILOT_BIN`` nor in ``<repo>/build/bin``."""


class ToolError(RuntimeError):
    """A tool exited with a non-zero status; ``stderr`` holds what it said."""

    def __init__(self, command: Sequence[str], returncode: int, stderr: str):
        self.command = list(command)
        self.returncode = returncode
        self.stderr = stderr
        super().__init__(
            f"{Path(self.command[0]).name} failed with exit status {returncode}:\n{stderr.rstrip()}"
        )


def bin_dir() -> Path:
    """The directory searched for tools."""
    env = os.environ.get(BIN_ENV)
    return Path(env) if env else DEFAULT_BIN


def find_tool(name: str) -> Path:
    """Path of the executable ``name``; :class:`ToolNotFoundError` if missing."""
    path = bin_dir() / name
    if path.is_file() and os.access(path, os.X_OK):
        return path
    if os.environ.get(BIN_ENV):
        where = f"${BIN_ENV} = {path.parent} (which replaces the default {DEFAULT_BIN})"
    else:
        where = f"{DEFAULT_BIN} (${BIN_ENV} is not set)"
    raise ToolNotFoundError(
        f"pilot tool {name!r} not found in {where}; build the project first "
        f"(it puts the tools in {DEFAULT_BIN}) or set ${BIN_ENV} to the directory "
        f"that holds {name}"
    )


def run_tool(
    name: str,
    args: Sequence[str] = (),
    input_text: Optional[str] = None,
    timeout: Optional[float] = None,
) -> str:
    """Run tool ``name`` with ``args``, feeding ``input_text`` on stdin.

    Returns its stdout; raises :class:`ToolError` (with stderr) when it fails.
    """
    return run_tool_output(name, args, input_text, timeout).stdout


def run_tool_output(
    name: str,
    args: Sequence[str] = (),
    input_text: Optional[str] = None,
    timeout: Optional[float] = None,
) -> subprocess.CompletedProcess:
    """Like :func:`run_tool`, but returns stdout and stderr (where MLIR tools
    print remarks) as a completed process."""
    command = [str(find_tool(name)), *args]
    result = subprocess.run(
        command,
        input=input_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise ToolError(command, result.returncode, result.stderr)
    return result
