"""Compares a compiled kernel's simulated internal bytes with the I/O
model's prediction that pim-tile recorded on the same IR
(pilot.compare.internal_bytes).

compare-io.py KERNEL.mlir STATS.json [--tolerance X]

The model's figure is the busiest bank's: the sum over the parts
(`pim.predicted = {bank_internal_bytes = ...}` on each sattn.sddmm). The
simulator's is the busiest class's column commands (dram.rd + dram.wr, in
org.column_bytes) per bank: every bank of a class runs the same program.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "python"))
from pilot.compare import internal_bytes  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kernel")
    parser.add_argument("stats")
    parser.add_argument("--tolerance", type=float, default=0.0,
                        help="largest relative difference accepted (0: exact)")
    args = parser.parse_args()
    with open(args.kernel) as f:
        kernel = f.read()
    with open(args.stats) as f:
        stats = json.load(f)
    model, simulated = internal_bytes(kernel, stats)
    # A model of 0 bytes agrees only with 0 bytes.
    difference = abs(simulated - model) / model if model else float(simulated != 0)
    verdict = "agree" if difference <= args.tolerance else "DIFFER"
    print(f"internal bytes per bank: model {model}, simulated {simulated} "
          f"({difference:.2%} apart): {verdict}")
    sys.exit(0 if verdict == "agree" else 1)


if __name__ == "__main__":
    main()
