#!/usr/bin/env python3
"""Run every shipped model config (examples/models) through `python3 -m
pilot model` at full length: prefill and the first decoding step at Lin =
the smaller of 4096 and the model's context, batch 1, pilot schedule, fast
mode. Prints per model the simulated attention time of all layers, the
distinct attentions compiled, the wall time, and the slowest single-layer
compile (which should stay under 1 s).

Run from the repository root after building:
    PYTHONPATH=python /usr/bin/python3 bench/models_full.py [--lin N]
Figures depend on the machine: quote them with it.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from pilot.commands import model as model_command
from pilot.cli import build_parser
from pilot.tools import REPO_ROOT

#: Lin when the model's context allows it (Table II's Llama-2-7B length).
DEFAULT_LIN = 4096


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lin", type=int, default=DEFAULT_LIN)
    args = parser.parse_args(argv)
    slowest = (0.0, "")
    print("| model | Lin | stage | attentions | simulated time | wall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for config in sorted((REPO_ROOT / "examples" / "models").glob("*.json")):
        context = json.loads(config.read_text()).get("max_position_embeddings", args.lin)
        lin = min(args.lin, context)
        for stage in ("prefill", "decode"):
            options = build_parser().parse_args(
                ["model", "--config", str(config), "--stage", stage, "--lin", str(lin)])
            start = time.perf_counter()
            report = model_command.model_report(options)
            wall = time.perf_counter() - start
            (result,) = report["stages"]
            for attention in result["attentions"]:
                slowest = max(slowest, (attention["compile_seconds"],
                                        f"{config.stem} {stage} A{attention['index']}"))
            print(f"| {config.stem} | {lin} | {stage} | {len(result['attentions'])} "
                  f"| {result['total']['time_ns'] / 1e6:.3f} ms | {wall:.1f} s |")
    print(f"\nslowest single-layer compile: {slowest[0] * 1e3:.0f} ms ({slowest[1]})")
    return 0 if slowest[0] < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
