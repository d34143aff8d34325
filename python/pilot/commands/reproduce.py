"""Rerun the PILOT evaluation (Figs. 9-14 of the IPDPS 2026 paper) with
pilot's compiler, simulator and baseline models, and set each headline
number beside the paper's; then attention time against batch, which the
paper does not have (``--batches``).

Every PIM figure is a compiled program simulated by pilot-sim (fast mode);
the GPU is a roofline (docs/baselines.md) fed the pattern's attended
entries; the internal-I/O buffer sweep is the I/O model, which the programs
match byte for byte. Writes a CSV and a PNG per figure into ``--out`` and
prints a table of the paper's numbers beside ours (docs/reproduction.md
defines every metric). ``--quick`` runs Longformer and Llama-2-7B only, with
short sweeps, in about a minute.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from pilot import engines, gpu, paper, workloads
from pilot.errors import ConfigError
from pilot.figures import BATCHES, PIM_MAPPINGS, Figures, Plan, accepted_mappings, points
from pilot.sweep import evaluate_all, print_progress

NAME = "reproduce"
HELP = "rerun the PILOT evaluation (Figs. 9-14) and compare with the paper"

QUICK_WORKLOADS = ("longformer", "llama2-7b-duo")
QUICK_BATCHES = (1, 16)
#: The batches the printed batch table shows where the run has them.
TABLE_BATCHES = (1, 16, 512)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true",
                        help="Longformer and Llama-2-7B, short sweeps (about a minute)")
    parser.add_argument("--out", default="reproduce-out", metavar="DIR",
                        help="where the CSVs and PNGs go (default: %(default)s)")
    parser.add_argument("--gpu", default="a100-hbm3", choices=tuple(gpu.PRESETS),
                        help="GPU preset of the baseline (default: %(default)s, the paper's)")
    parser.add_argument("--gpu-attention", default="gather", choices=gpu.ATTENTION_MODES,
                        help="how the GPU runs attention in the speedups (default: "
                             "%(default)s, what the paper's ratios imply; every mode is "
                             "in the CSVs)")
    parser.add_argument("--hw", default="pilot-hbm3", metavar="PRESET|FILE",
                        help="PIM hardware (default: %(default)s)")
    engines.add_arguments(parser)
    parser.add_argument("--batches", type=batch_list, default=None, metavar="B,B,...|none",
                        help="the batch figure's batches (default: 1,2,4,...,512; quick: "
                             f"{','.join(map(str, QUICK_BATCHES))}); none skips it")
    parser.add_argument("--no-plots", action="store_true", help="write no PNGs")


def batch_list(text: str) -> Tuple[int, ...]:
    """``--batches``: positive integers separated by commas, or ``none``."""
    if text.strip() == "none":
        return ()
    try:
        batches = tuple(int(b) for b in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected positive integers separated by commas or 'none', got {text!r}") from None
    if not batches or min(batches) <= 0:
        raise argparse.ArgumentTypeError(f"batches must be positive, got {text!r}")
    return tuple(sorted(set(batches)))


def plan_of(args: argparse.Namespace) -> Plan:
    """The run's plan, with the paper's PIM mapping alone (``run`` adds the
    others pilot-opt accepts)."""
    if args.jobs < 0:
        raise ConfigError("jobs", f"must be 0 (one per CPU) or more, got {args.jobs}")
    quick = args.quick
    batches = args.batches if args.batches is not None else (
        QUICK_BATCHES if quick else BATCHES)
    return Plan(
        workloads=QUICK_WORKLOADS if quick else tuple(workloads.PRESETS),
        lins=(1024, 2048) if quick else (1024, 2048, 4096),
        louts=(128, 2048) if quick else (128, 256, 512, 1024, 2048),
        buffers_kb=(2, 8, 32) if quick else (2, 4, 8, 16, 32),
        gpu=gpu.get(args.gpu), gpu_attention=args.gpu_attention, hw=args.hw,
        batches=batches)


def write_csv(path: Path, rows: Sequence[Dict[str, object]]) -> None:
    columns: List[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def comparison(metrics: Dict[Tuple[str, str], float]) -> List[str]:
    """The paper's numbers beside ours."""
    lines = ["| figure | metric | paper | pilot | pilot / paper |",
             "| --- | --- | --- | --- | --- |"]
    for result in paper.results():
        ours = metrics.get((result.figure, result.metric))
        shown = "-" if ours is None else f"{ours:.2f}"
        ratio = "-" if ours is None else f"{ours / result.value:.2f}"
        lines.append(f"| {result.figure} | {result.description} | {result.value:.2f} "
                     f"| {shown} | {ratio} |")
    return lines


def main_table(figures: Figures) -> List[str]:
    """Per workload and stage: time, internal and external I/O of the GPU,
    the naive PIM and PILOT."""
    lines = ["| workload | stage | GPU (gather / unfused / fused) | PIM (naive) | PILOT | fused "
             "| PILOT over GPU / PIM | internal I/O PILOT / PIM | external I/O |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in figures.rows["fig9"]:
        ms = lambda s: f"{s * 1e3:.3g} ms"
        lines.append(
            f"| {r['workload']} | {r['stage']} | {ms(r['gpu_gather_s'])} / "
            f"{ms(r['gpu_unfused_s'])} / {ms(r['gpu_fused_s'])} "
            f"| {ms(r['naive_s'])} | {ms(r['pilot_s'])} | {ms(r['fused_s'])} "
            f"| {r['pilot_over_gpu']:.2f}x / {r['pilot_over_pim']:.2f}x "
            f"| {r['pilot_internal_bytes'] / 1e6:.1f} / {r['naive_internal_bytes'] / 1e6:.1f} MB "
            f"| {r['pilot_external_bytes'] / 1e9:.3g} GB |")
    return lines


def batch_table(rows: Sequence[Dict[str, object]], shown: Sequence[int]) -> List[str]:
    """The batch figure at a few batches: each PIM mapping's time, bank use
    and speedup beside the GPU's modes."""
    lines = ["| workload | stage | KV heads | tokens | batch | mapping | PIM | busy banks "
             "| utilization | GPU (gather / unfused / fused) | PIM over GPU |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    ms = lambda s: f"{s * 1e3:.3g} ms"
    for r in rows:
        if r["batch"] not in shown:
            continue
        gpus = " / ".join(ms(r[f"gpu_{m}_s"]) for m in gpu.ATTENTION_MODES)
        pim = ("does not fit | - | -" if r["refused"] else
               f"{ms(r['pim_s'])} | {r['busy_banks']} | {r['utilization']:.3f}")
        speedup = "-" if r["refused"] else f"{r['pim_over_gpu']:.2f}x"
        lines.append(f"| {r['workload']} | {r['stage']} | {r['kv_heads']} | {r['tokens']} "
                     f"| {r['batch']} | {r['mapping']} | {pim} | {gpus} | {speedup} |")
    return lines


def run(args: argparse.Namespace) -> int:
    plan = plan_of(args)
    if plan.batches:
        mappings, refused = accepted_mappings(plan.hw, PIM_MAPPINGS)
        plan = dataclasses.replace(plan, mappings=mappings)
        for reason in refused:
            print(f"batch figure: pilot-opt refuses the mapping {reason}; the figure shows "
                  f"{', '.join(label for label, _ in mappings)} only")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    todo = points(plan)
    print(f"pilot reproduce: {len(set(todo))} points ({', '.join(plan.workloads)}) on "
          f"{plan.hw}; GPU {plan.gpu.name}, attention {plan.gpu_attention}", file=sys.stderr)
    engine = engines.from_arguments(args)
    try:
        results = evaluate_all(todo, args.jobs, print_progress, engine)
    finally:
        engine.close()
    figures = Figures(plan, results).build()
    for name, rows in figures.rows.items():
        write_csv(out / f"{name}.csv", rows)
    if not args.no_plots:
        from pilot import plots
        plots.draw_all(figures.rows, out)
    print(f"\nAttention per layer, batch of the preset; GPU {plan.gpu.name} roofline, "
          f"PIM {plan.hw} simulated (Fig. 9):\n")
    print("\n".join(main_table(figures)))
    print(f"\nThe paper's headline numbers beside pilot's (speedups over a GPU running "
          f"attention {plan.gpu_attention}):\n")
    print("\n".join(comparison(figures.metrics)))
    if plan.batches:
        shown = (set(TABLE_BATCHES) & set(plan.batches)
                 or {plan.batches[0], plan.batches[-1]})
        print(f"\nAttention against batch (batch.csv has every batch; PIM over GPU "
              f"running attention {plan.gpu_attention}):\n")
        print("\n".join(batch_table(figures.rows["batch"], shown)))
    print(f"\nCSVs{'' if args.no_plots else ' and PNGs'} in {out}/")
    print(f"{len(results)} points: {len(results)} computed, 0 cached, 0 failed")
    return 0
