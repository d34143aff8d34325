"""Evaluates, with numpy in float64, the attention a front end's program
computes from the constants written in it, and compares pilot-sim's output
with it: independent of the raising and of the simulator's own --check.

eval-front-end.py PROGRAM.mlir O.npy Q.npy K.npy V.npy [--mask NAME]
    [--select-mask NAME] [--scale NAME] [--scale-value X] --tolerance T

Q [B, H, N, D], K and V [B, Hkv, S, D] as the kernel reads them; K and V
repeated H / Hkv times for grouped-query attention. --mask names the SSA
value of the additive mask constant ([.., N', S'] broadcast over batch and
heads; a larger cached mask is cut to its leading [N, S] corner as Hugging
Face slices it), --select-mask that of an i1 constant selecting the scores
where it holds and -inf elsewhere; --scale the SSA value of a constant the scores are
multiplied by (or --scale-value the number).
"""

import argparse
import re
import sys

import numpy as np

# The hexadecimal spellings of -inf front ends write.
NEGATIVE_INFINITY = {"0xFC00", "0xFF800000", "0xFFF0000000000000"}


def constant(program, name):
    """The value of `%name = ... dense<...> : tensor<...>` in the program."""
    match = re.search(r"%" + re.escape(name) +
                      r" = .*?dense<(.*?)>\s*:\s*tensor<([0-9x]*)x?[a-z0-9]+>",
                      program, re.S)
    if not match:
        sys.exit(f"no constant %{name}")
    literal, shape = match.groups()
    literal = re.sub(r"0x[0-9A-Fa-f]+",
                     lambda m: "-inf" if m.group(0) in NEGATIVE_INFINITY
                     else sys.exit(f"unknown literal {m.group(0)}"), literal)
    literal = literal.replace("true", "1").replace("false", "0")
    value = np.array(eval(literal, {"inf": np.inf}), dtype=np.float64)
    dims = [int(d) for d in shape.split("x") if d]
    return np.broadcast_to(value, dims) if value.ndim == 0 else value


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("program", "o", "q", "k", "v"):
        parser.add_argument(name)
    parser.add_argument("--mask")
    parser.add_argument("--select-mask")
    parser.add_argument("--scale")
    parser.add_argument("--scale-value", type=float, default=1.0)
    parser.add_argument("--tolerance", type=float, required=True)
    args = parser.parse_args()
    program = open(args.program).read()
    o = np.load(args.o).astype(np.float64)
    q, k, v = (np.load(p).astype(np.float16).astype(np.float64)
               for p in (args.q, args.k, args.v))
    group = q.shape[1] // k.shape[1]
    k, v = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)
    rows, keys = q.shape[2], k.shape[2]
    scale = args.scale_value
    if args.scale:
        scale = float(constant(program, args.scale).reshape(-1)[0])
    scores = scale * np.einsum("bhnd,bhsd->bhns", q, k)
    if args.mask or args.select_mask:
        if args.mask:
            mask = constant(program, args.mask)[..., :rows, :keys]
        else:  # where the i1 constant holds, the score; -inf elsewhere
            mask = np.where(constant(program, args.select_mask) != 0, 0.0,
                            -np.inf)[..., :rows, :keys]
        mask = mask.reshape(-1, rows, keys)
        if mask.shape[0] != 1:  # per head: [B * H, N, S]
            mask = mask.reshape(scores.shape)
        scores = scores + mask
    scores -= scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    expected = weights @ v
    error = np.linalg.norm(o - expected) / np.linalg.norm(expected)
    print(f"numpy reference: relative L2 error {error:.3e}")
    return 0 if error <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
