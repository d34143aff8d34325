"""Compile a workload's attention to PIM programs and simulate them: for
each stage and schedule, `pilot-opt --pilot-compile` lowers the generated
module to an ISA-level kernel and `pilot-sim` runs it (fast mode by
default). Prints, per schedule, the tiles, the simulated time, the internal
bytes of the busiest bank (simulated, and as the I/O model predicted them),
the external bytes, the energy and the size of the program, then each
schedule's speedup over the naive one (the paper's PIM baseline).
"""

from __future__ import annotations

import argparse
import re
import time
import dataclasses
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from pilot import gen as generator
from pilot import native
from pilot import summary as summaries
from pilot import tools
from pilot.commands import options
from pilot.errors import ConfigError, FileError

NAME = "run"
HELP = "compile a workload with --pilot-compile and simulate it"

SCHEDULES = ("naive", "pilot", "fused", "auto")

#: The preset run without --workload or a module.
DEFAULT_WORKLOAD = "longformer"

@dataclass
class Result:
    """One schedule's compiled program and its simulation."""

    schedule: str
    tiles: str
    time_ns: float
    predicted_time_ns: float
    internal_bytes: float
    predicted_bytes: int
    external_bytes: int
    energy_pj: float
    commands: int
    host_head_instances: int = 0
    # Bank use (docs/simulator.md, Bank use): banks running any command,
    # bank-busy time over every bank and the run, the streaming bound.
    busy_banks: int = 0
    utilization: float = 0.0
    bound_ns: float = 0.0
    time_over_bound: Optional[float] = None
    # Wall time, so two compilations of one module differ in it alone.
    compile_seconds: float = dataclasses.field(default=0.0, compare=False)


#: gen's size overrides, which apply to a preset (a module's sizes are its
#: tensor types).
SIZE_OVERRIDES = ("batch", "lin", "heads", "kv_heads", "head_dim", "kv_len", "queries")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "module", nargs="?", metavar="FILE.mlir",
        help="a module to run instead of a preset: sattn, or linalg/TOSA "
        "attention that --pilot-from-tosa raises",
    )
    options.add_workload_and_stage(parser, "run", unset=True)
    sizes = parser.add_argument_group("size overrides of the preset (as gen's)")
    for field in SIZE_OVERRIDES:
        sizes.add_argument(f"--{field.replace('_', '-')}", type=int, metavar="N")
    parser.add_argument(
        "--schedules", default="naive,pilot,fused,auto", metavar="LIST",
        help="comma-separated schedules: naive, pilot, fused, auto "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--hw", default="pilot-hbm3", metavar="PRESET|FILE",
        help="hardware preset or JSON file (default: %(default)s)",
    )
    parser.add_argument(
        "--mode", choices=("fast", "exact"), default="fast",
        help="pilot-sim's mode (default: %(default)s)",
    )


def parse_schedules(text: str) -> List[str]:
    schedules = [s.strip() for s in text.split(",") if s.strip()]
    for schedule in schedules:
        if schedule not in SCHEDULES:
            raise ConfigError(
                "schedules", f"{schedule!r} is not one of {', '.join(SCHEDULES)}")
    if not schedules:
        raise ConfigError("schedules", "names no schedule")
    return schedules


def compile_and_simulate(module: str, schedule: str, hw: str, mode: str,
                         pipeline_options: str = "") -> Result:
    """Lower `module` under `schedule` on `hw` (and further `--pilot-compile`
    options, e.g. `wide=true`) and simulate the kernel, in-process where the
    extension is built (pilot.native)."""
    pipeline = f"hw={hw} schedule={schedule} {pipeline_options}".strip()
    start = time.perf_counter()
    text = native.compile(module, pipeline)
    compile_seconds = time.perf_counter() - start
    result = native.simulate(text, mode)
    summary = summaries.of(text)
    parts = summaries.tiled_parts(summary)
    column = result["hardware"]["org.column_bytes"]
    busiest = max((c["dram"]["rd"] + c["dram"]["wr"]) * column / c["banks"]
                  for c in result["classes"])
    # Each part's schedule where `auto` gave the parts different ones.
    chosen = [p["tiles"]["schedule"] for p in parts] or [schedule]
    return Result(
        schedule=chosen[0] if len(set(chosen)) == 1 else ", ".join(chosen),
        tiles=", ".join(tiles_text(p["tiles"]) for p in parts),
        time_ns=result["time_ns"],
        predicted_time_ns=sum(p["predicted"]["time_ns"] for p in parts),
        internal_bytes=busiest,
        predicted_bytes=summaries.predicted_bytes(summary),
        external_bytes=result["io"]["external_bytes"],
        energy_pj=result["energy_pj"],
        commands=summaries.command_count(summary),
        compile_seconds=compile_seconds,
        host_head_instances=sum(p["mapping"]["head_instances"] for p in summary["parts"]
                                if p["mapping"]["split"] == "host"),
        busy_banks=result["busy_banks"],
        utilization=result["utilization"],
        bound_ns=result["bound_ns"],
        time_over_bound=result["time_over_bound"],
    )


def tiles_text(tiles: Dict[str, object]) -> str:
    """`RxK`, or `RxK/C` with the head dimension in chunks of C."""
    chunk = tiles["head_dim_chunk"]
    return f"{tiles['rows']}x{tiles['keys']}" + (f"/{chunk}" if chunk else "")


def scaled(value: float, units: Sequence[str], step: float = 1000.0) -> str:
    for unit in units[:-1]:
        if abs(value) < step:
            return f"{value:.2f} {unit}"
        value /= step
    return f"{value:.2f} {units[-1]}"


def describe(attn: generator.Attention) -> str:
    """`batch 512, 4096 queries x 4096 keys, 12 heads x 64`."""
    w = attn.workload
    heads = f"{w.heads} heads" + (f" ({w.kv_heads} KV)" if w.kv_heads != w.heads else "")
    return (f"batch {w.batch}, {attn.queries} queries x {attn.keys} keys, "
            f"{heads} x {w.head_dim}")


def report(heading: str, results: Dict[str, Result]) -> List[str]:
    lines = [heading, ""]
    lines.append("| schedule | tiles | time | internal I/O per bank (model) "
                 "| external I/O | energy | program |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        shown = name if name == r.schedule else f"{name} ({r.schedule})"
        lines.append(
            f"| {shown} | {r.tiles} | {scaled(r.time_ns, ('ns', 'us', 'ms', 's'))} "
            f"| {scaled(r.internal_bytes, ('B', 'KB', 'MB', 'GB'))} "
            f"({scaled(r.predicted_bytes, ('B', 'KB', 'MB', 'GB'))}) "
            f"| {scaled(r.external_bytes, ('B', 'KB', 'MB', 'GB'))} "
            f"| {scaled(r.energy_pj, ('pJ', 'nJ', 'uJ', 'mJ', 'J'))} "
            f"| {r.commands} commands |")
    if "naive" in results:
        base = results["naive"].time_ns
        speedups = [f"{name} {base / r.time_ns:.2f}x"
                    for name, r in results.items() if name != "naive"]
        if speedups:
            lines.append("")
            lines.append("Speedup over naive (the paper's PIM baseline): "
                         + ", ".join(speedups))
    return lines


def run(args: argparse.Namespace) -> int:
    schedules = parse_schedules(args.schedules)
    name = args.module or args.workload or DEFAULT_WORKLOAD
    modules = file_modules(args) if args.module else preset_modules(args, name)
    print(f"pilot run: {name} on {args.hw}, pilot-sim {args.mode} mode; "
          "internal I/O is the busiest bank's DRAM <-> buffer bytes")
    for heading, module in modules:
        results = {s: compile_and_simulate(module, s, args.hw, args.mode)
                   for s in schedules}
        print()
        print("\n".join(report(heading, results)))
    return 0


def preset_modules(args: argparse.Namespace, name: str) -> List[Tuple[str, str]]:
    """(heading, module) of the preset at each stage, sizes overridden."""
    stages = generator.STAGES if args.stage in (None, "both") else (args.stage,)
    sizes = {field: getattr(args, field) for field in SIZE_OVERRIDES}
    attentions = [generator.configure(name, stage, **sizes) for stage in stages]
    return [(f"{name} {a.stage}: {describe(a)}", generator.render(a)) for a in attentions]


def file_modules(args: argparse.Namespace) -> List[Tuple[str, str]]:
    """(heading, module) of ``FILE.mlir``."""
    module = read_module(args)
    return [(f"{args.module}: {describe_module(module)}", module)]


def read_module(args: argparse.Namespace) -> str:
    """The module of ``FILE.mlir``, raised to sattn.attention when it is
    written in linalg or TOSA; ConfigError for options that only a preset
    takes."""
    for field in ("workload", "stage", *SIZE_OVERRIDES):
        if getattr(args, field) is not None:
            raise ConfigError(field, f"sets a preset's {field.replace('_', ' ')}; "
                              f"{args.module}'s sizes and stage are its tensor types")
    try:
        with open(args.module, encoding="utf-8") as source:
            module = source.read()
    except OSError as err:
        raise FileError(args.module, "module", f"cannot read it: {err.strerror}") from err
    if not _ATTENTION.search(module):
        module = tools.run_tool("pilot-opt", [args.module, "--pilot-from-tosa"])
        if not _ATTENTION.search(module):
            raise FileError(args.module, "module", "holds no attention that "
                            "--pilot-from-tosa raises to sattn.attention")
    return module


#: A sattn.attention op outside comments.
_ATTENTION = re.compile(r"^[^/\n]*\bsattn\.attention\b", re.M)


def describe_module(module: str) -> str:
    """The attention's shapes, as its ``sattn.attention`` types them."""
    s = summaries.attention_statistics(summaries.of(module))
    return (f"batch {s['batch']}, {s['queries']} queries x {s['keys']} keys, "
            f"{s['heads']} heads; {s['pattern']}")
