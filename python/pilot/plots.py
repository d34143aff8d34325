"""PNG plots of ``python3 -m pilot reproduce``'s figures (matplotlib, no
display needed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

from pilot import gpu, paper, workloads  # noqa: E402

Rows = List[Dict[str, object]]
#: The paper's values' markers, one a value in a panel.
PAPER_MARKERS = ("*", "P", "X")
#: A paper value to mark: (x, value, what it is).
PaperMark = Tuple[float, float, str]


#: Data spanning more than this ratio (largest over smallest) get a log axis.
LOG_SPAN = 10.0


def _axis_scale(ax, values: Iterable[float], axis: str = "y", base: float = 10) -> str:
    """A log axis where the positive values span more than :data:`LOG_SPAN`,
    else a linear one (a log axis over a narrow range shows no ticks and
    flattens the differences); returns the scale chosen."""
    shown = [v for v in values if v is not None and v > 0]
    scale = ("log" if shown and max(shown) / min(shown) > LOG_SPAN else "linear")
    setter = ax.set_yscale if axis == "y" else ax.set_xscale
    setter(scale, **({"base": base} if scale == "log" else {}))
    return scale


def _bars(ax, labels: Sequence[str], series: Dict[str, Sequence[float]],
          ylabel: str) -> None:
    width = 0.8 / len(series)
    for i, (name, values) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(labels))], values, width, label=name)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(labels))])
    ax.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel(ylabel)
    if _axis_scale(ax, [v for values in series.values() for v in values]) == "linear":
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


def _paper_marks(ax, marks: Sequence[PaperMark]) -> None:
    """The paper's values as stars (each a mean or maximum over workloads);
    one beyond the axis the data chose, as a note at its edge."""
    bottom, top = ax.get_ylim()
    for i, (x, value, label) in enumerate(marks):
        if bottom <= value <= top:
            ax.scatter([x], [value], marker=PAPER_MARKERS[i % len(PAPER_MARKERS)], s=160,
                       color="k", zorder=3,
                       label=f"paper: {label}")
        else:
            edge = top if value > top else bottom
            ax.annotate(f"paper: {label} {value:g} (off scale)", xy=(x, edge),
                        xytext=(-4, -12 if value > top else 4), textcoords="offset points",
                        ha="right", fontsize=7, color="k")


def scaling(rows: Rows, key: str, path: Path, title: str,
            marks: Sequence[PaperMark] = ()) -> None:
    """Figs. 11 and 12: PILOT's speedups against prompt or output length."""
    fig, ax = plt.subplots(figsize=(6, 4))
    shown: List[float] = []
    for workload in dict.fromkeys(r["workload"] for r in rows):
        mine = [r for r in rows if r["workload"] == workload]
        xs = [r[key] for r in mine]
        for metric, marker, style, over in (("pilot_over_gpu", "o", "-", "GPU"),
                                            ("pilot_over_pim", "s", "--", "PIM")):
            ys = [r[metric] for r in mine]
            shown += ys
            ax.plot(xs, ys, marker=marker, linestyle=style, label=f"{workload} over {over}")
    _axis_scale(ax, [r[key] for r in rows], "x", base=2)
    _axis_scale(ax, shown)
    _paper_marks(ax, marks)
    ax.set_xlabel(key)
    ax.set_ylabel("PILOT speedup")
    ax.set_title(title)
    ax.legend(fontsize=7)
    _save(fig, path)


def buffers(rows: Rows, path: Path,
            marks: Optional[Dict[str, Sequence[PaperMark]]] = None) -> None:
    """Fig. 13: internal I/O reduction over the naive schedule against the
    buffer size; the paper's maximum per stage as a star."""
    marks = marks or {}
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, stage in zip(axes, ("prefill", "decode")):
        shown: List[float] = []
        for workload in dict.fromkeys(r["workload"] for r in rows):
            mine = [r for r in rows if r["workload"] == workload and r["stage"] == stage]
            ax.plot([r["buffer_kb"] for r in mine], [r["pilot_reduction"] for r in mine],
                    marker="o", label=workload)
            shown += [r["pilot_reduction"] for r in mine]
        _axis_scale(ax, [r["buffer_kb"] for r in rows], "x", base=2)
        _axis_scale(ax, shown)
        _paper_marks(ax, marks.get(stage, ()))
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


def _panels(count: int, columns: int = 4):
    """A grid of ``count`` panels, the spare ones hidden."""
    columns = max(1, min(columns, count))
    lines = (count + columns - 1) // columns
    fig, axes = plt.subplots(lines, columns, figsize=(4.2 * columns, 3.4 * lines),
                             squeeze=False)
    for ax in list(axes.flat)[count:]:
        ax.set_visible(False)
    return fig, list(axes.flat)[:count]


def _batch_panels(rows: Rows):
    """The batch figure's panels: rows per (workload, stage, KV heads,
    tokens), and each mapping's rows in them."""
    cases: Dict[tuple, Rows] = {}
    for r in rows:
        cases.setdefault((r["workload"], r["stage"], r["kv_heads"], r["tokens"]), []).append(r)
    return cases


def _batch_axes(ax, rows: Rows, workload: str, stage: str, kv_heads, tokens) -> None:
    """A batch panel's title and batch axis, with Table II's batch (the
    paper's figures' point) where the batches reach it."""
    ax.set_title(f"{workload} {stage}, {tokens} tokens, {kv_heads} KV heads", fontsize=9)
    ax.set_xlabel("batch")
    batches = [r["batch"] for r in rows]
    _axis_scale(ax, batches, "x", base=2)
    preset = workloads.get(workload).batch
    if min(batches) <= preset <= max(batches):
        ax.axvline(preset, color="C3", alpha=0.3, linewidth=3,
                   label=f"Table II batch ({preset})")


def batch(rows: Rows, path: Path) -> None:
    """Attention time against batch: each PIM mapping in the rows (a series
    each, where the banks hold the point) beside the GPU's modes."""
    cases = _batch_panels(rows)
    fig, axes = _panels(len(cases))
    for ax, ((workload, stage, kv_heads, tokens), mine) in zip(axes, cases.items()):
        mappings = list(dict.fromkeys(r["mapping"] for r in mine))
        first = [r for r in mine if r["mapping"] == mappings[0]]
        shown: List[float] = []
        for mode, style in zip(gpu.ATTENTION_MODES, (":", "--", "-.")):
            ys = [r[f"gpu_{mode}_s"] * 1e3 for r in first]
            shown += ys
            ax.plot([r["batch"] for r in first], ys, linestyle=style, color="0.4",
                    label=f"GPU {mode}")
        refused: Dict[int, List[int]] = {}
        for i, mapping in enumerate(mappings):
            fit = [r for r in mine if r["mapping"] == mapping and not r["refused"]]
            ys = [r["pim_s"] * 1e3 for r in fit]
            shown += ys
            ax.plot([r["batch"] for r in fit], ys, marker="o", color=f"C{i}", label=mapping)
            refused[i] = [r["batch"] for r in mine if r["mapping"] == mapping and r["refused"]]
        _batch_axes(ax, mine, workload, stage, kv_heads, tokens)
        _axis_scale(ax, shown)
        for i, batches in refused.items():
            if batches:  # at the panel's floor: the banks cannot hold them
                ax.scatter(batches, [ax.get_ylim()[0]] * len(batches), marker="x",
                           color=f"C{i}", clip_on=False, label=f"{mappings[i]}: does not fit")
        ax.set_ylabel("attention per layer (ms)")
        ax.legend(fontsize=6)
    _save(fig, path)


def batch_use(rows: Rows, path: Path) -> None:
    """The batch figure's bank use: each PIM mapping's utilization (solid)
    and share of the banks busy (dashed) against batch."""
    cases = _batch_panels(rows)
    fig, axes = _panels(len(cases))
    for ax, ((workload, stage, kv_heads, tokens), mine) in zip(axes, cases.items()):
        for i, mapping in enumerate(dict.fromkeys(r["mapping"] for r in mine)):
            fit = [r for r in mine if r["mapping"] == mapping and not r["refused"]]
            xs = [r["batch"] for r in fit]
            ax.plot(xs, [r["utilization"] for r in fit], marker="o", color=f"C{i}",
                    label=f"{mapping} utilization")
            ax.plot(xs, [r["busy_banks"] / r["banks"] for r in fit], marker="s",
                    linestyle="--", color=f"C{i}", label=f"{mapping} busy banks / banks")
        _batch_axes(ax, mine, workload, stage, kv_heads, tokens)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel("share of the banks")
        ax.legend(fontsize=6)
    _save(fig, path)


def paper_marks(figure: str, metrics: Dict[str, float]) -> List[PaperMark]:
    """The paper's values of ``figure`` at an x its metric names
    (``..._lin2048`` -> x 2048, ``..._32kb`` -> x 32)."""
    marks = []
    for result in paper.results():
        if result.figure != figure:
            continue
        x = re.search(r"(\d+)(kb)?$", result.metric)
        if x and result.metric in metrics:
            marks.append((float(x.group(1)), result.value, metrics[result.metric]))
    return marks


def draw_all(figures: Dict[str, Rows], out: Path) -> None:
    attention(figures["fig9"], out / "fig9.png")
    internal_io(figures["fig10"], out / "fig10.png")
    at_2048 = {"pilot_over_gpu": "PILOT over GPU, mean", "pilot_over_pim": "PILOT over PIM, mean"}
    scaling(figures["fig11"], "lin", out / "fig11.png", "Prompt length (prefill)",
            paper_marks("fig11", {f"{k}_lin2048": v for k, v in at_2048.items()}))
    scaling(figures["fig12"], "lout", out / "fig12.png", "Output length (last step)",
            paper_marks("fig12", {f"{k}_lout2048": v for k, v in at_2048.items()}))
    buffers(figures["fig13"], out / "fig13.png",
            {stage: paper_marks("fig13", {f"{stage}_io_reduction_32kb": "max"})
             for stage in ("prefill", "decode")})
    end_to_end(figures["fig14"], out / "fig14.png")
    if figures.get("batch"):
        batch(figures["batch"], out / "batch.png")
        batch_use(figures["batch"], out / "batch-use.png")


def pareto(groups: Dict[tuple, Rows], x: str, xlabel: str, path: Path) -> None:
    """``python3 -m pilot dse``: time against ``x`` for each problem (a
    panel per workload, stage, batch and length), every point grey, the
    Pareto front as a line, the paper's configuration as a star."""
    from pilot.dse import pareto_front
    fig, axes = _panels(len(groups), columns=3)
    for ax, ((workload, stage, batch, lin), rows) in zip(axes, groups.items()):
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
        _axis_scale(ax, [r["seconds"] for r in rows])
        ax.set_ylabel("time (us)")
        ax.legend(fontsize=7)
    _save(fig, path)
