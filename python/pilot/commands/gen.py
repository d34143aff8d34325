"""Emit a workload's sparse attention as an MLIR module (sattn dialect)."""

from __future__ import annotations

import argparse

from pilot import gen as generator
from pilot.commands.options import write_output
from pilot.workloads import PRESETS

NAME = "gen"
HELP = "emit the MLIR module of a workload"

#: Options passed straight through to :func:`pilot.gen.module_text`.
_OVERRIDES = {
    "batch": "batch size",
    "lin": "input (prompt) length in tokens",
    "lout": "output length in tokens",
    "heads": "number of query heads",
    "kv_heads": "number of key/value heads (default: --heads)",
    "head_dim": "head dimension",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workload", required=True, choices=list(PRESETS), metavar="NAME",
        help=f"a Table II preset: {', '.join(PRESETS)}",
    )
    parser.add_argument(
        "--stage", choices=generator.STAGES, default="prefill",
        help="prefill: N = S = lin; decode: N = --queries against S = --kv-len (default: %(default)s)",
    )
    sizes = parser.add_argument_group("size overrides (default: the preset's)")
    for field, what in _OVERRIDES.items():
        sizes.add_argument(f"--{field.replace('_', '-')}", type=int, metavar="N", help=what)
    decode = parser.add_argument_group("decode only")
    decode.add_argument(
        "--kv-len", type=int, metavar="S",
        help="tokens in the KV cache (default: --lin, the first decoding step, "
        "when the cache holds the prompt)",
    )
    decode.add_argument("--queries", type=int, metavar="N", help="query tokens (default: 1)")
    parser.add_argument(
        "--dtype", choices=generator.DTYPES, default="f16",
        help="element type (default: %(default)s)",
    )
    parser.add_argument(
        "--seed", type=int, metavar="N", help="seed of the random blocks (default: the preset's)"
    )
    parser.add_argument(
        "-o", "--output", default="-", metavar="FILE", help="output file (default: stdout)"
    )


def run(args: argparse.Namespace) -> int:
    options = {name: getattr(args, name)
               for name in (*_OVERRIDES, "kv_len", "queries", "dtype", "seed")}
    text = generator.module_text(args.workload, args.stage, **options)
    write_output(args.output, text)
    return 0
