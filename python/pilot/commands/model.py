"""Compile and simulate every layer's attention of a whole model, read from
its Hugging Face config.json (docs/models.md): dense causal or sliding-window
layers as the config says, or DuoAttention's retrieval and streaming heads
from its head file. Layers with the same attention are compiled and
simulated once and counted for each layer. Prints per layer and in total the
simulated time, the busiest bank's internal I/O, the external I/O and the
energy, as a table, JSON or CSV.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import asdict, dataclass
from typing import Dict, List, Optional

from pilot import gen as generator
from pilot import models
from pilot.commands import options
from pilot.commands import run as runner
from pilot.errors import ConfigError

NAME = "model"
HELP = "compile and simulate every layer's attention of a Hugging Face model config"

FORMATS = ("table", "json", "csv")

#: Streaming heads' sink and recent tokens by default: DuoAttention's
#: (Xiao et al., ICLR 2025, arXiv:2410.10819: the 64 sink and 256 recent
#: tokens of its experiments).
DUO_DEFAULTS = {"sinks": 64, "recent": 256}

#: The per-layer numbers, summed over the layers for the total.
TOTALED = ("time_ns", "internal_bytes", "external_bytes", "energy_pj")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, metavar="CONFIG.json",
                        help="the model's Hugging Face config.json (examples/models/)")
    duo = parser.add_argument_group("DuoAttention (default: the config's attention)")
    duo.add_argument("--duo-heads", metavar="FILE.tsv",
                     help="gates, one line per layer, one tab-separated gate per KV head")
    duo.add_argument("--duo-sparsity", type=float, default=0.5, metavar="Q",
                     help="heads with a gate at or above the Q quantile of all gates "
                     "are dense (default: %(default)s)")
    duo.add_argument("--sinks", type=int, metavar="N",
                     help=f"streaming heads' sink tokens (default: {DUO_DEFAULTS['sinks']})")
    duo.add_argument("--recent", type=int, metavar="N",
                     help="streaming heads' recent tokens, the query included "
                     f"(default: {DUO_DEFAULTS['recent']})")
    parser.add_argument("--stage", choices=(*generator.STAGES, "both"), default="both",
                        help="prefill (N = S = lin) or the first decoding step "
                        "(one query, S = lin) (default: %(default)s)")
    parser.add_argument("--lin", type=int, default=4096, metavar="N",
                        help="prompt length in tokens (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=1, metavar="B",
                        help="batch size (default: %(default)s)")
    parser.add_argument("--schedule", choices=runner.SCHEDULES, default="pilot",
                        help="--pilot-compile's schedule (default: %(default)s)")
    parser.add_argument("--hw", default="pilot-hbm3", metavar="PRESET|FILE",
                        help="hardware preset or JSON file (default: %(default)s)")
    parser.add_argument("--mode", choices=("fast", "exact"), default="fast",
                        help="pilot-sim's mode (default: %(default)s)")
    parser.add_argument("--dense-heads-on-pim", action="store_true",
                        help="run DuoAttention's dense heads on PIM in prefill too "
                        "(default: on the GPU, as the paper)")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: %(default)s)")
    parser.add_argument("-o", "--output", default="-", metavar="FILE",
                        help="output file (default: stdout)")


@dataclass
class Attention:
    """One distinct attention of the model: the layers it stands for and
    its compiled program's simulation."""

    index: int
    layers: List[int]
    pattern: str
    result: runner.Result


def duo_of(args: argparse.Namespace, config: models.ModelConfig) -> Optional[models.Duo]:
    """The DuoAttention heads of ``--duo-heads``, or None without it."""
    tokens = {option: getattr(args, option) for option in DUO_DEFAULTS}
    if args.duo_heads is None:
        for option, value in tokens.items():
            if value is not None:
                raise ConfigError(option, "applies to DuoAttention's streaming heads: "
                                  "give --duo-heads too")
        return None
    tokens = {option: DUO_DEFAULTS[option] if value is None else value
              for option, value in tokens.items()}
    if tokens["sinks"] < 0:
        raise ConfigError("sinks", f"must be non-negative, got {tokens['sinks']}")
    if tokens["recent"] <= 0:
        raise ConfigError("recent", f"must be a positive integer, got {tokens['recent']}")
    gates = models.load_gates(args.duo_heads, config)
    return models.Duo(models.retrieval_heads(gates, args.duo_sparsity), **tokens)


def simulate_stage(config: models.ModelConfig, args: argparse.Namespace,
                   duo: Optional[models.Duo], stage: str) -> List[Attention]:
    """Each distinct attention of ``stage``, compiled and simulated once."""
    layers_of: Dict[object, List[int]] = {}
    for layer, pattern in enumerate(models.layer_patterns(config, args.lin, duo)):
        layers_of.setdefault(pattern, []).append(layer)
    pipeline = "dense-heads-on-pim=true" if args.dense_heads_on_pim else ""
    attentions = []
    for index, (pattern, layers) in enumerate(layers_of.items()):
        attention = generator.configure(
            models.workload(config, pattern, args.batch, args.lin), stage)
        result = runner.compile_and_simulate(generator.render(attention), args.schedule,
                                             args.hw, args.mode, pipeline)
        attentions.append(Attention(index, layers, attention.pattern.describe(), result))
    return attentions


def stage_report(config: models.ModelConfig, args: argparse.Namespace, stage: str,
                 attentions: List[Attention]) -> Dict[str, object]:
    """The stage's numbers as plain data: per attention, per layer, total."""
    by_layer = sorted((layer, a) for a in attentions for layer in a.layers)
    rows = [dict(layer=layer, attention=a.index,
                 gpu_heads=a.result.host_head_instances // args.batch,
                 **{key: getattr(a.result, key) for key in TOTALED})
            for layer, a in by_layer]
    return dict(
        stage=stage,
        attentions=[dict(index=a.index, layers=a.layers, pattern=a.pattern,
                         **asdict(a.result)) for a in attentions],
        layers=rows,
        total={key: sum(row[key] for row in rows) for key in TOTALED},
    )


def render_table(report: Dict[str, object]) -> List[str]:
    lines = [f"{report['model']}: {report['layers']} layers, {report['heads']} heads "
             f"({report['kv_heads']} KV) x {report['head_dim']}, batch {report['batch']}, "
             f"Lin {report['lin']}; {report['schedule']} schedule on {report['hw']}"]
    for stage in report["stages"]:
        attentions = stage["attentions"]
        lines += ["", f"{stage['stage']}: {len(attentions)} distinct attention(s) compiled "
                  "and simulated once each, counted for every layer they stand for"]
        lines += [f"  A{a['index']}: {a['pattern']} (layers {_ranges(a['layers'])}; "
                  f"compiled in {a['compile_seconds'] * 1e3:.0f} ms)" for a in attentions]
        lines += ["", "| layer | attention | heads on GPU | time | internal I/O per bank "
                  "| external I/O | energy |", "| --- | --- | --- | --- | --- | --- | --- |"]
        lines += [_table_row(str(row["layer"]), f"A{row['attention']}",
                             str(row["gpu_heads"]), row) for row in stage["layers"]]
        lines.append(_table_row("total", "", "", stage["total"]))
    return lines


def _table_row(layer: str, attention: str, gpu_heads: str, numbers) -> str:
    scaled = runner.scaled
    return (f"| {layer} | {attention} | {gpu_heads} "
            f"| {scaled(numbers['time_ns'], ('ns', 'us', 'ms', 's'))} "
            f"| {scaled(numbers['internal_bytes'], ('B', 'KB', 'MB', 'GB'))} "
            f"| {scaled(numbers['external_bytes'], ('B', 'KB', 'MB', 'GB'))} "
            f"| {scaled(numbers['energy_pj'], ('pJ', 'nJ', 'uJ', 'mJ', 'J'))} |")


def _ranges(layers: List[int]) -> str:
    """``0-3, 8`` for layers 0, 1, 2, 3, 8."""
    runs: List[List[int]] = []
    for layer in layers:
        if runs and layer == runs[-1][-1] + 1:
            runs[-1].append(layer)
        else:
            runs.append([layer])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def render_csv(report: Dict[str, object]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["stage", "layer", "attention", "pattern", "gpu_heads", *TOTALED])
    for stage in report["stages"]:
        patterns = {a["index"]: a["pattern"] for a in stage["attentions"]}
        for row in stage["layers"]:
            writer.writerow([stage["stage"], row["layer"], row["attention"],
                             patterns[row["attention"]], row["gpu_heads"],
                             *(row[key] for key in TOTALED)])
        writer.writerow([stage["stage"], "total", "", "", "",
                         *(stage["total"][key] for key in TOTALED)])
    return out.getvalue()


def model_report(args: argparse.Namespace) -> Dict[str, object]:
    """Read the config (and head file), simulate every stage, and return the
    report as plain data (what ``--format json`` writes)."""
    config = models.load_config(args.config)
    duo = duo_of(args, config)
    stages = generator.STAGES if args.stage == "both" else (args.stage,)
    return dict(
        model=config.name, config=config.path, layers=config.layers,
        heads=config.heads, kv_heads=config.kv_heads, head_dim=config.head_dim,
        batch=args.batch, lin=args.lin, schedule=args.schedule, hw=args.hw,
        duo_heads=args.duo_heads, warnings=list(config.warnings),
        stages=[stage_report(config, args, stage, simulate_stage(config, args, duo, stage))
                for stage in stages],
    )


def run(args: argparse.Namespace) -> int:
    report = model_report(args)
    for warning in report["warnings"]:
        print(f"pilot model: warning: {report['config']}: {warning}", file=sys.stderr)
    if args.format == "json":
        text = json.dumps(report, indent=2) + "\n"
    elif args.format == "csv":
        text = render_csv(report)
    else:
        text = "\n".join(render_table(report)) + "\n"
    options.write_output(args.output, text)
    return 0
