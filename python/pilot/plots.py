"""PNG plots of ``python3 -m pilot reproduce``'s figures (matplotlib, no
display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

Rows = List[Dict[str, object]]


def _bars(ax, labels: Sequence[str], series: Dict[str, Sequence[float]],
          ylabel: str) -> None:
    width = 0.8 / len(series)
    for i, (name, values) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(labels))], values, width, label=name)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(labels))])
    ax.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)


def _save(fig, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def attention(rows: Rows, path: Path) -> None:
    """Fig. 9: speedup over the GPU per workload, prefill and decoding."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, stage in zip(axes, ("prefill", "decode")):
        mine = [r for r in rows if r["stage"] == stage]
        _bars(ax, [r["workload"] for r in mine],
              {"PIM (naive)": [r["pim_over_gpu"] for r in mine],
               "PILOT": [r["pilot_over_gpu"] for r in mine],
               "fused": [r["fused_over_gpu"] for r in mine]},
              "speedup over GPU")
        ax.set_title(f"Attention, {stage}")
    _save(fig, path)


def internal_io(rows: Rows, path: Path) -> None:
    """Fig. 10: internal I/O over the naive schedule's, percent."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, stage in zip(axes, ("prefill", "decode")):
        mine = [r for r in rows if r["stage"] == stage]
        _bars(ax, [r["workload"] for r in mine],
              {"PILOT": [r["pilot_percent"] for r in mine],
               "fused": [r["fused_percent"] for r in mine]},
              "internal I/O, % of PIM (naive)")
        ax.set_title(f"Internal I/O, {stage}")
    _save(fig, path)


def scaling(rows: Rows, key: str, path: Path, title: str) -> None:
    """Figs. 11 and 12: PILOT's speedups against prompt or output length."""
    fig, ax = plt.subplots(figsize=(6, 4))
    for workload in dict.fromkeys(r["workload"] for r in rows):
        mine = [r for r in rows if r["workload"] == workload]
        xs = [r[key] for r in mine]
        ax.plot(xs, [r["pilot_over_gpu"] for r in mine], marker="o",
                label=f"{workload} over GPU")
        ax.plot(xs, [r["pilot_over_pim"] for r in mine], marker="s", linestyle="--",
                label=f"{workload} over PIM")
    ax.set_xscale("log", base=2)
    ax.set_xlabel(key)
    ax.set_ylabel("PILOT speedup")
    ax.set_title(title)
    ax.legend(fontsize=7)
    _save(fig, path)


def buffers(rows: Rows, path: Path) -> None:
    """Fig. 13: internal I/O reduction over the naive schedule against the
    buffer size."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, stage in zip(axes, ("prefill", "decode")):
        for workload in dict.fromkeys(r["workload"] for r in rows):
            mine = [r for r in rows if r["workload"] == workload and r["stage"] == stage]
            ax.plot([r["buffer_kb"] for r in mine], [r["pilot_reduction"] for r in mine],
                    marker="o", label=workload)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("buffer KB")
        ax.set_ylabel("PIM bytes / PILOT bytes")
        ax.set_title(f"Buffer size, {stage}")
        ax.legend(fontsize=7)
    _save(fig, path)


def end_to_end(rows: Rows, path: Path) -> None:
    """Fig. 14: whole-run time of each system, normalised to the GPU's."""
    fig, ax = plt.subplots(figsize=(8, 4))
    systems = ("gpu", "attacc", "gpu-pilot", "gpu-pilot-fused")
    _bars(ax, [r["workload"] for r in rows],
          {s: [r["gpu_total_s"] / r[f"{s}_total_s"] for r in rows] for s in systems},
          "speedup over GPU (prefill + decoding)")
    ax.set_title("End to end")
    _save(fig, path)


def draw_all(figures: Dict[str, Rows], out: Path) -> None:
    attention(figures["fig9"], out / "fig9.png")
    internal_io(figures["fig10"], out / "fig10.png")
    scaling(figures["fig11"], "lin", out / "fig11.png", "Prompt length (prefill)")
    scaling(figures["fig12"], "lout", out / "fig12.png", "Output length (last step)")
    buffers(figures["fig13"], out / "fig13.png")
    end_to_end(figures["fig14"], out / "fig14.png")


def pareto(groups: Dict[tuple, Rows], x: str, xlabel: str, path: Path) -> None:
    """``python3 -m pilot dse``: time against ``x`` for each problem (a
    panel per workload, stage, batch and length), every point grey, the
    Pareto front as a line, the paper's configuration as a star."""
    from pilot.dse import pareto_front
    columns = min(3, len(groups))
    lines = (len(groups) + columns - 1) // columns
    fig, axes = plt.subplots(lines, columns, figsize=(4.2 * columns, 3.4 * lines),
                             squeeze=False)
    for ax, ((workload, stage, batch, lin), rows) in zip(axes.flat, groups.items()):
        ax.scatter([r[x] for r in rows], [r["seconds"] * 1e6 for r in rows],
                   s=10, color="0.7", label="points")
        front = pareto_front(rows, x)
        ax.plot([r[x] for r in front], [r["seconds"] * 1e6 for r in front],
                "o-", color="C0", markersize=4, label="Pareto front")
        paper = [r for r in rows if r["paper_configuration"]]
        if paper:
            ax.scatter([r[x] for r in paper], [r["seconds"] * 1e6 for r in paper],
                       marker="*", s=160, color="C3", zorder=3, label="PILOT (Table I)")
        ax.set_title(f"{workload} {stage}, batch {batch}, {lin} tokens", fontsize=9)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("time (us)")
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    _save(fig, path)
