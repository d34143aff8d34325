"""Compares pilot-sim's attention output with numpy, independently of the
simulator's own --check: causal sliding-window attention, written out
directly.

check-attention.py O.npy Q.npy K.npy V.npy --window W --tolerance T
"""

import argparse
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("o", "q", "k", "v"):
        parser.add_argument(name)
    parser.add_argument("--window", type=int, required=True)
    parser.add_argument("--tolerance", type=float, required=True)
    args = parser.parse_args()
    o = np.load(args.o).astype(np.float64)
    q, k, v = (np.load(p).astype(np.float16).astype(np.float64)
               for p in (args.q, args.k, args.v))
    batch, heads, rows, depth = q.shape
    keys = k.shape[2]
    expected = np.zeros_like(q)
    for b in range(batch):
        for h in range(heads):
            for i in range(rows):
                position = keys - rows + i
                first = max(0, position - (args.window - 1))
                scores = k[b, h, first:position + 1] @ q[b, h, i]
                weights = np.exp(scores - scores.max())
                weights /= weights.sum()
                expected[b, h, i] = weights @ v[b, h, first:position + 1]
    error = np.linalg.norm(o - expected) / np.linalg.norm(expected)
    print(f"numpy reference: relative L2 error {error:.3e}")
    return 0 if error <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
