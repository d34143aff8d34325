"""Writes a .npy file for the simulator tests.

make-npy.py OUT --shape 1,2,16,16 [--seed S] [--scale X] [--dtype float16]
make-npy.py OUT --values 1,2,3 [--shape 3] [--dtype float32]

Random values are normal(0, 1) * scale from numpy's seeded generator, so the
files are the same on every run.
"""

import argparse

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--shape")
    parser.add_argument("--values")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--dtype", default="float16")
    parser.add_argument("--fortran", action="store_true")
    args = parser.parse_args()
    if args.values:
        data = np.array([float(v) for v in args.values.split(",")])
        if args.shape:
            data = data.reshape([int(d) for d in args.shape.split(",")])
    else:
        shape = [int(d) for d in args.shape.split(",")]
        data = np.random.default_rng(args.seed).standard_normal(shape) * args.scale
    data = data.astype(args.dtype)
    if args.fortran:
        data = np.asfortranarray(data)
    np.save(args.out, data)


if __name__ == "__main__":
    main()
