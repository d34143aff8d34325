"""pilot's compiler and simulator in-process: the ``_pilot_native``
extension (pybind11, built into ``<build>/python`` beside ``<build>/bin``),
or the tools when it is not built.

:func:`compile` and :func:`simulate` take and give the same things either
way; ``$PILOT_NATIVE=0`` forces the tools (docs/embedding.md).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Optional

from pilot import tools

#: Set to 0 to use the tools even where the extension is built.
NATIVE_ENV = "PILOT_NATIVE"

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


def simulate(kernel: str, mode: str = "fast", hw: Optional[str] = None) -> Dict[str, Any]:
    """``pilot-sim --mode=<mode>`` on a kernel's text: its stats JSON as a
    dict (docs/simulator.md)."""
    native = extension()
    if native is not None:
        try:
            return native.simulate(kernel, mode=mode, hw=hw or "")["stats"]
        except RuntimeError as err:
            raise tools.ToolError(["pilot-sim"], 1, str(err)) from None
    with tempfile.TemporaryDirectory() as workdir:
        program = Path(workdir) / "kernel.mlir"
        stats = Path(workdir) / "stats.json"
        program.write_text(kernel)
        args = [str(program), f"--mode={mode}", f"--stats-json={stats}"]
        if hw:
            args.append(f"--hw={hw}")
        tools.run_tool("pilot-sim", args)
        return json.loads(stats.read_text())
