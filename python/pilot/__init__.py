"""pilot: compile sparse attention to HBM-PIM programs (after PILOT, IPDPS 2026).

This package is the Python front end: it knows the evaluated workloads
(:mod:`pilot.workloads`), emits them as ``sattn`` MLIR modules (:mod:`pilot.gen`)
and drives the C++ tools such as ``pilot-opt`` (:mod:`pilot.tools`).
Run ``python3 -m pilot --help`` for the command line.
"""

__version__ = "0.1.0"
