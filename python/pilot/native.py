"""pilot's compiler and simulator in-process: the ``_pilot_native``
extension (pybind11, built into ``<build>/python`` beside ``<build>/bin``),
or the tools when it is not built.

:func:`compile`, :func:`simulate`, :func:`summarize` and
:func:`pattern_attribute` take and give the same things either way; ``$PILOT_NATIVE=0`` forces the tools (docs/embedding.md).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

from pilot import tools

#: Set to 0 to use the tools even where the extension is built.
NATIVE_ENV = "PILOT_NATIVE"

#: pilot-sim's default ``--check-tolerance``: the largest relative L2 error
#: of an FP16 attention (docs/simulator.md, --check).
CHECK_TOLERANCE = 1e-2

_loaded: Dict[str, Any] = {}


def extension():
    """The ``_pilot_native`` module, or None where it is not built or
    ``$PILOT_NATIVE`` is 0."""
    if os.environ.get(NATIVE_ENV, "1") == "0":
        return None
    if "module" not in _loaded:
        directory = str(tools.bin_dir().parent / "python")
        if directory not in sys.path:
            sys.path.insert(0, directory)
        try:
            import _pilot_native
        except ImportError:
            _pilot_native = None
        _loaded["module"] = _pilot_native
    return _loaded["module"]


def compile(module: str, options: str = "") -> str:  # noqa: A001 (the pass's name)
    """``pilot-opt --pilot-compile="<options>"`` on a sattn module's text."""
    native = extension()
    if native is not None:
        try:
            return native.compile(module, options)
        except RuntimeError as err:
            raise tools.ToolError(["--pilot-compile"], 1, str(err)) from None
    return tools.run_tool("pilot-opt", [f"--pilot-compile={options}"], input_text=module)


def summarize(module: str, passes: Sequence[str] = ()) -> Dict[str, Any]:
    """``pilot-opt <passes> --pim-summary`` on a module's text: the JSON
    document as a dict (docs/summary.md). Passes before the summary need
    the tool."""
    native = extension()
    if native is not None and not passes:
        try:
            return json.loads(native.summarize(module))
        except RuntimeError as err:
            raise tools.ToolError(["--pim-summary"], 1, str(err)) from None
    with tempfile.TemporaryDirectory() as workdir:
        summary = Path(workdir) / "summary.json"
        tools.run_tool("pilot-opt", [*passes, f"--pim-summary=output={summary}",
                                     "--mlir-print-op-on-diagnostic=false",
                                     "-o", os.devnull], input_text=module)
        return json.loads(summary.read_text())


@functools.lru_cache(maxsize=None)
def pattern_attribute(parameters: str) -> str:
    """The ``#sattn.pattern`` text of a JSON object of its parameters, as the
    dialect prints it (``pilot-translate --pattern-from-json``)."""
    native = extension()
    if native is not None:
        try:
            return native.pattern_attribute(parameters)
        except RuntimeError as err:
            raise tools.ToolError(["--pattern-from-json"], 1, str(err)) from None
    return tools.run_tool("pilot-translate", ["--pattern-from-json"],
                          input_text=parameters).rstrip("\n")

def random_candidates(parameters: str, queries: int, keys: int) -> Dict[str, Any]:
    """Where a pattern (a JSON object of its parameters) may draw random key
    blocks on ``queries`` x ``keys``: per query block position its
    ``candidates`` (intervals of key blocks) and its ``random`` blocks
    (``pilot-translate --random-candidates-from-json``)."""
    request = json.dumps({"pattern": json.loads(parameters),
                          "queries": queries, "keys": keys})
    native = extension()
    if native is not None:
        try:
            return json.loads(native.random_candidates(request))
        except RuntimeError as err:
            raise tools.ToolError(["--random-candidates-from-json"], 1, str(err)) from None
    return json.loads(tools.run_tool("pilot-translate", ["--random-candidates-from-json"],
                                     input_text=request))



def simulate(kernel: str, mode: str = "fast", hw: Optional[str] = None,
             inputs: Optional[Mapping[str, Any]] = None, check: bool = False,
             check_tolerance: float = CHECK_TOLERANCE) -> Dict[str, Any]:
    """``pilot-sim --mode=<mode>`` on a kernel's text: its stats JSON as a
    dict (docs/simulator.md).

    ``inputs`` (NumPy arrays by tensor name, ``--input``) turn on functional
    mode; ``check`` compares the output with a float64 attention
    (``--check``), whose deviation is the stats' ``check``, and raises
    :class:`ToolError` as pilot-sim fails when it exceeds
    ``check_tolerance``."""
    native = extension()
    if native is not None:
        try:
            result = native.simulate(kernel, mode=mode, hw=hw or "",
                                     inputs=dict(inputs or {}), check=check,
                                     check_tolerance=check_tolerance)
        except RuntimeError as err:
            raise tools.ToolError(["pilot-sim"], 1, str(err)) from None
        deviation = result["check"]
        if deviation and not deviation["relative_l2_error"] <= check_tolerance:
            raise tools.ToolError(
                ["pilot-sim"], 1,
                f"--check: relative L2 error {deviation['relative_l2_error']:.3e} "
                f"exceeds the tolerance {check_tolerance:.1e}")
        return result["stats"]
    with tempfile.TemporaryDirectory() as workdir:
        program = Path(workdir) / "kernel.mlir"
        stats = Path(workdir) / "stats.json"
        program.write_text(kernel)
        args = [str(program), f"--mode={mode}", f"--stats-json={stats}"]
        if hw:
            args.append(f"--hw={hw}")
        args += _input_arguments(inputs or {}, Path(workdir))
        if check:
            args += ["--check", f"--check-tolerance={check_tolerance!r}"]
        tools.run_tool("pilot-sim", args)
        return json.loads(stats.read_text())


def _input_arguments(inputs: Mapping[str, Any], workdir: Path) -> List[str]:
    """``--input NAME=FILE.npy`` for each array, written to ``workdir``."""
    import numpy

    args = []
    for name, array in inputs.items():
        path = workdir / f"{name}.npy"
        numpy.save(path, array)
        args += ["--input", f"{name}={path}"]
    return args
