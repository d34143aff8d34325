"""The PILOT evaluation's figures (Figs. 9-14 of the IPDPS 2026 paper, and
attention time against batch, which the paper does not have) from
evaluated sweep points: what a run covers (:class:`Plan`), the points it
needs (:func:`points`), and each figure's rows with the headline metrics
set beside the paper's (:class:`Figures`). ``python3 -m pilot reproduce``
drives it; docs/reproduction.md defines every metric.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from pilot import attacc, endtoend, gpu, native, space, tools, workloads
from pilot import gen as generator
from pilot.sweep import FITTING, Point

SCHEDULES = ("naive", "pilot", "fused")
DUO = "duo"  # the DuoAttention presets' names end so

#: The batch figure's batches.
BATCHES = tuple(2 ** i for i in range(10))

#: The PIM mappings the batch figure compares, each one series: (label,
#: further ``--pilot-compile`` options). The first is the paper's (each head
#: instance on one bank group, ``split=heads``; ``split=auto`` is the
#: compiler's default); a mapping pilot-opt refuses is left out
#: (:func:`accepted_mappings`).
PIM_MAPPINGS: Tuple[Tuple[str, str], ...] = (
    ("PILOT", "split=heads"),
    ("PILOT split=auto", "split=auto"),
)

#: The DuoAttention models with grouped-query attention, Llama-3-style
#: (Llama 3, Grattafiori et al., arXiv:2407.21783: 8 KV heads): their KV
#: heads, decoding cache and prompt. The prompt is shorter than the cache
#: because an 8K-token prefill takes minutes to compile at batch 512.
GQA_KV_HEADS = 8
GQA_KV_LEN = 32768
GQA_PROMPT = 4096

#: The hardware's levels whose product is every bank (docs/simulator.md,
#: utilization).
BANK_LEVELS = ("stacks", "dies", "pchs", "bank_groups", "banks")


@dataclass(frozen=True)
class Plan:
    """What a run covers."""

    workloads: Tuple[str, ...]
    lins: Tuple[int, ...]
    louts: Tuple[int, ...]
    buffers_kb: Tuple[int, ...]
    gpu: gpu.Gpu
    gpu_attention: str
    hw: str
    batches: Tuple[int, ...] = ()
    mappings: Tuple[Tuple[str, str], ...] = PIM_MAPPINGS[:1]


@dataclass(frozen=True)
class BatchCase:
    """One panel of the batch figure: a workload and stage at a fixed prompt
    (prefill) or cache (decoding) of ``tokens``, with ``kv_heads`` KV heads
    (``None``: the preset's)."""

    workload: str
    stage: str
    tokens: int
    kv_heads: Optional[int] = None

    def point(self, hw: str, batch: int, options: str) -> Point:
        length = ({"lin": _prompt(self.workload, self.tokens)} if self.stage == "prefill"
                  else {"kv_len": self.tokens})
        return Point(self.workload, self.stage, "pilot", hw, batch=batch,
                     kv_heads=self.kv_heads, options=options, kind=FITTING, **length)


def batch_cases(plan: Plan) -> List[BatchCase]:
    """Each Table II workload's prefill and first decoding step (Fig. 9's),
    then the DuoAttention ones with grouped-query attention."""
    cases = [BatchCase(w, stage, workloads.get(w).lin)
             for w in plan.workloads for stage in generator.STAGES]
    cases += [BatchCase(w, stage, GQA_PROMPT if stage == "prefill" else GQA_KV_LEN,
                        GQA_KV_HEADS)
              for w in plan.workloads if w.endswith(DUO) for stage in generator.STAGES]
    return cases


def pilot_pipeline(hw: str, options: str) -> str:
    """The ``--pilot-compile`` options of the pilot schedule under a mapping."""
    return f"hw={hw} schedule=pilot {options}".strip()


def accepted_mappings(hw: str, mappings: Tuple[Tuple[str, str], ...]
                      ) -> Tuple[Tuple[Tuple[str, str], ...], List[str]]:
    """The mappings pilot-opt compiles a one-head decoding step under, and
    for each other one why it was left out."""
    probe = generator.module_text("longformer", "decode", batch=1, heads=1, kv_len=64)
    accepted, refused = [], []
    for label, options in mappings:
        try:
            native.compile(probe, pilot_pipeline(hw, options))
            accepted.append((label, options))
        except tools.ToolError as err:
            reason = str(err).strip().splitlines()[-1]
            refused.append(f"{label} (--pilot-compile=\"... {options}\"): {reason}")
    return tuple(accepted), refused


def _round_to_block(tokens: int, workload: str) -> int:
    block = workloads.get(workload).pattern.block
    return max(block, tokens // block * block)


def _prompt(workload: str, lin: int) -> Optional[int]:
    """A prompt-length override: ``None`` where it is the preset's."""
    return None if lin == workloads.get(workload).lin else lin


def decode_samples(workload: str) -> Tuple[int, ...]:
    """KV lengths a run's decoding steps are interpolated between."""
    w = workloads.get(workload)
    return tuple(sorted({_round_to_block(w.lin + step, workload)
                         for step in (0, w.lout // 2, w.lout)}))


def points(plan: Plan) -> List[Point]:
    """Every evaluation the figures need; a sweep's independent points."""
    out: List[Point] = []
    for name in plan.workloads:
        lin = workloads.get(name).lin
        for schedule in SCHEDULES:
            out.append(Point(name, "prefill", schedule, plan.hw))
            for kv in decode_samples(name):
                out.append(Point(name, "decode", schedule, plan.hw, kv_len=kv))
            for new_lin in plan.lins:
                out.append(Point(name, "prefill", schedule, plan.hw,
                                 lin=_prompt(name, new_lin)))
            for lout in plan.louts:
                out.append(Point(name, "decode", schedule, plan.hw,
                                 kv_len=_round_to_block(lin + lout, name)))
        for stage in generator.STAGES:
            for kb in plan.buffers_kb:
                out.append(Point(name, stage, "all", plan.hw, buffer_kb=kb, kind="model"))
    for case in batch_cases(plan) if plan.batches else ():
        for batch in plan.batches:
            out.extend(case.point(plan.hw, batch, options) for _, options in plan.mappings)
    return out


def _shape(row: Dict[str, object], heads: str) -> gpu.AttentionShape:
    """The GPU's share of a simulated point's attention: ``pim`` (the heads
    PIM runs: the sparse ones in prefill, all in decoding), ``all`` or
    ``dense``."""
    attn = generator.configure(row["workload"], row["stage"], lin=row["lin"],
                               batch=row.get("batch"), kv_heads=row.get("kv_heads"),
                               **({"kv_len": row["kv_len"]} if row["stage"] == "decode" else {}))
    w = attn.workload
    if heads == "pim":
        heads = "sparse" if row["stage"] == "prefill" else "all"
    if heads == "all":
        count, entries = w.heads, row["sparse"] + row["dense"]
    else:
        count, entries = row[f"{heads}_heads"], row[heads]
    kv_heads = max(1, count * w.kv_heads // w.heads) if count else 0
    return gpu.AttentionShape(w.batch, count, kv_heads, attn.queries, attn.keys,
                              w.head_dim, entries)


def gpu_seconds(plan: Plan, row: Dict[str, object], heads: str = "pim",
                mode: Optional[str] = None) -> float:
    shape = _shape(row, heads)
    if not shape.heads:
        return 0.0
    return gpu.attention_seconds(plan.gpu, shape, mode or plan.gpu_attention)


def attacc_seconds(plan: Plan, row: Dict[str, object]) -> float:
    """A simulated decoding point's attention on AttAcc (:mod:`pilot.attacc`):
    each (request, head) attending its share of the point's entries."""
    w = workloads.get(row["workload"])
    heads = [attacc.Heads(w.batch * row[f"{group}_heads"],
                          math.ceil(row[group] / (w.batch * row[f"{group}_heads"])))
             for group in ("dense", "sparse") if row[f"{group}_heads"]]
    return attacc.decode_seconds(space.preset_fields(plan.hw), heads, w.head_dim).seconds


def _transfer(plan: Plan, row: Dict[str, object]) -> float:
    g = plan.gpu
    return row["external_bytes"] / (g.memory_efficiency * g.bandwidth_gbs * 1e9)


class Figures:
    """The figures' rows and our headline metrics, from evaluated points."""

    def __init__(self, plan: Plan, results: Dict[Point, Dict[str, object]]):
        self.plan, self.results = plan, results
        self.rows: Dict[str, List[Dict[str, object]]] = {}
        self.metrics: Dict[Tuple[str, str], float] = {}

    def sim(self, workload: str, stage: str, schedule: str, **overrides) -> Dict[str, object]:
        return self.results[Point(workload, stage, schedule, self.plan.hw, **overrides)]

    def build(self) -> "Figures":
        self.attention()
        self.internal_io()
        self.scaling()
        self.buffers()
        self.end_to_end()
        self.batch()
        return self

    def _speedups(self, rows: List[Dict[str, object]]) -> None:
        for r in rows:
            r["pim_over_gpu"] = r["gpu_s"] / r["naive_s"]
            r["pilot_over_gpu"] = r["gpu_s"] / r["pilot_s"]
            r["pilot_over_pim"] = r["naive_s"] / r["pilot_s"]
            r["fused_over_gpu"] = r["gpu_s"] / r["fused_s"]

    def _attention_row(self, workload: str, stage: str, **overrides) -> Dict[str, object]:
        sims = {s: self.sim(workload, stage, s, **overrides) for s in SCHEDULES}
        row: Dict[str, object] = {"workload": workload, "stage": stage, **overrides}
        for mode in gpu.ATTENTION_MODES:
            row[f"gpu_{mode}_s"] = gpu_seconds(self.plan, sims["pilot"], mode=mode)
        row["gpu_s"] = row[f"gpu_{self.plan.gpu_attention}_s"]
        for s in SCHEDULES:
            row[f"{s}_s"] = sims[s]["seconds"]
            row[f"{s}_internal_bytes"] = sims[s]["internal_bytes"]
            row[f"{s}_external_bytes"] = sims[s]["external_bytes"]
        return row

    def attention(self) -> None:
        """Fig. 9: attention speedups over the GPU, prefill (a) and decoding (b)."""
        # Decoding: the first step, a cache of the prompt.
        rows = [self._attention_row(w, "prefill") for w in self.plan.workloads]
        rows += [self._attention_row(w, "decode", kv_len=workloads.get(w).lin)
                 for w in self.plan.workloads]
        self._speedups(rows)
        self.rows["fig9"] = rows
        for fig, stage in (("fig9a", "prefill"), ("fig9b", "decode")):
            mine = [r for r in rows if r["stage"] == stage]
            for key in ("pilot_over_gpu", "pilot_over_pim", "pim_over_gpu"):
                values = [r[key] for r in mine]
                self.metrics[(fig, f"{key}_mean")] = statistics.mean(values)
                self.metrics[(fig, f"{key}_max")] = max(values)

    def internal_io(self) -> None:
        """Fig. 10: the busiest bank's internal bytes over the naive schedule's."""
        rows = []
        for r in self.rows["fig9"]:
            rows.append({"workload": r["workload"], "stage": r["stage"],
                         **{f"{s}_internal_bytes": r[f"{s}_internal_bytes"] for s in SCHEDULES},
                         "pilot_percent": 100 * r["pilot_internal_bytes"] / r["naive_internal_bytes"],
                         "fused_percent": 100 * r["fused_internal_bytes"] / r["naive_internal_bytes"]})
        self.rows["fig10"] = rows
        for stage in generator.STAGES:
            self.metrics[("fig10", f"{stage}_io_percent")] = statistics.mean(
                r["pilot_percent"] for r in rows if r["stage"] == stage)

    def scaling(self) -> None:
        """Figs. 11 and 12: prompt length (prefill) and output length (the
        last decoding step's attention)."""
        fig11 = []
        for w in self.plan.workloads:
            for lin in self.plan.lins:
                row = self._attention_row(w, "prefill", lin=_prompt(w, lin))
                row["lin"] = lin
                fig11.append(row)
        fig12 = []
        for w in self.plan.workloads:
            lin = workloads.get(w).lin
            for lout in self.plan.louts:
                row = self._attention_row(w, "decode", kv_len=_round_to_block(lin + lout, w))
                row["lout"] = lout
                fig12.append(row)
        for rows, fig, key, value in ((fig11, "fig11", "lin", 2048),
                                      (fig12, "fig12", "lout", 2048)):
            self._speedups(rows)
            self.rows[fig] = rows
            at = [r for r in rows if r[key] == value]
            if at:
                for metric in ("pilot_over_gpu", "pilot_over_pim"):
                    self.metrics[(fig, f"{metric}_{key}{value}")] = statistics.mean(
                        r[metric] for r in at)

    def buffers(self) -> None:
        """Fig. 13: internal I/O reduction over the naive schedule against the
        buffer size (the I/O model)."""
        rows = []
        for w in self.plan.workloads:
            for stage in generator.STAGES:
                for kb in self.plan.buffers_kb:
                    moved = self.results[Point(w, stage, "all", self.plan.hw,
                                               buffer_kb=kb, kind="model")]["internal_bytes"]
                    rows.append({"workload": w, "stage": stage, "buffer_kb": kb,
                                 "pilot_reduction": moved["naive"] / moved["pilot"],
                                 "pilot_wide_reduction": moved["naive"] / moved["pilot-wide"],
                                 "fused_reduction": moved["naive"] / moved["fused"]})
        self.rows["fig13"] = rows
        for stage in generator.STAGES:
            at = [r["pilot_reduction"] for r in rows
                  if r["stage"] == stage and r["buffer_kb"] == 32]
            if at:
                self.metrics[("fig13", f"{stage}_io_reduction_32kb")] = max(at)

    def end_to_end(self) -> None:
        """Fig. 14: prefill plus Lout decoding steps of the whole model."""
        plan, rows = self.plan, []
        for name in plan.workloads:
            w, model = workloads.get(name), endtoend.TRANSFORMERS[name]
            gemm = {stage: endtoend.layer_gemm_seconds(
                        plan.gpu, model, w.batch * (w.lin if stage == "prefill" else 1),
                        w.heads, w.kv_heads, w.head_dim) for stage in generator.STAGES}
            prefill = {s: self.sim(name, "prefill", s) for s in SCHEDULES}
            decode = {kv: {s: self.sim(name, "decode", s, kv_len=kv) for s in SCHEDULES}
                      for kv in decode_samples(name)}
            gpu_prefill = endtoend.LayerTimes(
                gemm["prefill"], gpu_seconds(plan, prefill["pilot"], "all"))

            def pim(schedule: str) -> Tuple:
                # Prefill: the dense heads stay on the GPU beside PIM's.
                sim = prefill[schedule]
                first = endtoend.LayerTimes(gemm["prefill"], gpu_seconds(plan, sim, "dense"),
                                            sim["seconds"], _transfer(plan, sim))
                steps = [(kv, endtoend.LayerTimes(gemm["decode"], 0.0, d[schedule]["seconds"],
                                                  _transfer(plan, d[schedule])))
                         for kv, d in decode.items()]
                return first, steps

            gpu_steps = [(kv, endtoend.LayerTimes(gemm["decode"],
                                                  gpu_seconds(plan, d["pilot"], "all")))
                         for kv, d in decode.items()]
            # AttAcc moves what the naive kernel does (Q, K, V in, O out).
            attacc_steps = [(kv, endtoend.LayerTimes(gemm["decode"], 0.0,
                                                     attacc_seconds(plan, d["naive"]),
                                                     _transfer(plan, d["naive"])))
                            for kv, d in decode.items()]
            systems = {
                "gpu": (gpu_prefill, gpu_steps),
                "attacc": (gpu_prefill, attacc_steps),
                "gpu-pilot": pim("pilot"),
                "gpu-pilot-fused": pim("fused"),
            }
            row: Dict[str, object] = {"workload": name, "layers": model.layers,
                                      "lin": w.lin, "lout": w.lout}
            for system, (first, steps) in systems.items():
                seconds = endtoend.run_seconds(model.layers, first, steps, w.lin, w.lout)
                for part, value in seconds.items():
                    row[f"{system}_{part}_s"] = value
            row["gpu_pilot_over_gpu"] = row["gpu_total_s"] / row["gpu-pilot_total_s"]
            row["gpu_pilot_over_attacc"] = row["attacc_total_s"] / row["gpu-pilot_total_s"]
            rows.append(row)
        self.rows["fig14"] = rows
        for prefix, keep in (("", lambda n: not n.endswith(DUO)),
                             ("duo_", lambda n: n.endswith(DUO))):
            mine = [r for r in rows if keep(r["workload"])]
            for metric in ("gpu_pilot_over_gpu", "gpu_pilot_over_attacc"):
                if mine:
                    self.metrics[("fig14", f"{prefix}{metric}_max")] = max(
                        r[metric] for r in mine)


    def batch(self) -> None:
        """Attention time against batch: a row per case, batch and PIM
        mapping, with the GPU's modes beside it; a point the banks cannot
        hold keeps its GPU times and says why PIM has none."""
        plan = self.plan
        hw = space.preset_fields(plan.hw) if plan.batches else {}
        banks = math.prod(hw.get(f"org.{level}", 0) for level in BANK_LEVELS)
        self.rows["batch"] = [
            self._batch_row(case, batch, label, options, banks)
            for case in (batch_cases(plan) if plan.batches else ())
            for batch in plan.batches for label, options in plan.mappings]

    def _batch_row(self, case: BatchCase, batch: int, mapping: str, options: str,
                   banks: int) -> Dict[str, object]:
        plan = self.plan
        sim = self.results[case.point(plan.hw, batch, options)]
        row: Dict[str, object] = {
            "workload": case.workload, "stage": case.stage,
            "kv_heads": case.kv_heads or workloads.get(case.workload).kv_heads,
            "tokens": case.tokens, "batch": batch, "mapping": mapping}
        for mode in gpu.ATTENTION_MODES:
            row[f"gpu_{mode}_s"] = gpu_seconds(plan, sim, mode=mode)
        fits = not sim["refused"]
        row["pim_s"] = sim["seconds"] if fits else None
        row["pim_over_gpu"] = (row[f"gpu_{plan.gpu_attention}_s"] / sim["seconds"]
                               if fits else None)
        for key in ("busy_banks", "utilization", "time_over_bound"):
            row[key] = sim[key] if fits else None
        row["bound_s"] = sim["bound_ns"] * 1e-9 if fits else None
        return {**row, "banks": banks, "pilot_compile": pilot_pipeline(plan.hw, options),
                "refused": sim["refused"]}
