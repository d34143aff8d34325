"""End-to-end inference time of a model on a GPU with PIM-enabled HBM
(docs/baselines.md, End to end).

Each layer runs its projections and feed-forward network on the GPU
(roofline, :mod:`pilot.gpu`) and its attention where the system puts it:

* ``gpu``: everything on the GPU;
* ``attacc``: prefill on the GPU; decoding attention on AttAcc (Park et
  al., ASPLOS 2024), timed by :mod:`pilot.attacc`;
* ``gpu-pilot``: the GPU keeps the layers and, in prefill, the dense heads
  (DuoAttention's retrieval heads); PIM runs the sparse heads in prefill and
  every head in decoding under a PILOT schedule.

Moving Q, K and V into the PIM kernel's layout and O back is external I/O
at the GPU's memory bandwidth, after the kernel. A run is prefill plus
``lout`` decoding steps, the KV cache growing by one token a step.
"""

from __future__ import annotations

from dataclasses import dataclass
from bisect import bisect_right
from typing import Dict, Sequence, Tuple

from pilot.gpu import Gpu, linear_seconds

SYSTEMS = ("gpu", "attacc", "gpu-pilot")


@dataclass(frozen=True)
class Transformer:
    """The layers around a workload's attention.

    Attributes:
        layers: transformer layers (decoder layers for LED).
        hidden: model width.
        ffn: feed-forward width.
        gated: a gated (SwiGLU) feed-forward network: three matrices.
        source: where the sizes come from.
    """

    layers: int
    hidden: int
    ffn: int
    gated: bool
    source: str


#: Per Table II workload, from each model's published configuration.
TRANSFORMERS: Dict[str, Transformer] = {
    "bigbird": Transformer(12, 768, 3072, False,
                           "BigBird-RoBERTa base (Zaheer et al., NeurIPS 2020; "
                           "google/bigbird-roberta-base config)"),
    "longformer": Transformer(12, 768, 3072, False,
                              "Longformer base (Beltagy et al., 2020; "
                              "allenai/longformer-base-4096 config)"),
    "led-large": Transformer(12, 1024, 4096, False,
                             "LED large, its 12 decoder layers (allenai/led-large-16384 "
                             "config: d_model 1024, ffn 4096)"),
    "llama2-7b-duo": Transformer(32, 4096, 11008, True,
                                 "Llama 2 7B (Touvron et al., arXiv:2307.09288)"),
    "pythia-12b-duo": Transformer(36, 5120, 20480, False,
                                  "Pythia 12B (Biderman et al., ICML 2023)"),
    "mistral-7b-duo": Transformer(32, 4096, 14336, True,
                                  "Mistral 7B (Jiang et al., arXiv:2310.06825)"),
}


def layer_gemm_seconds(gpu: Gpu, model: Transformer, tokens: int, heads: int,
                       kv_heads: int, head_dim: int) -> float:
    """One layer's projections (Q, K, V and the output) and feed-forward
    network for ``tokens`` tokens, on the GPU."""
    width = heads * head_dim
    qkv = linear_seconds(gpu, tokens, model.hidden, width + 2 * kv_heads * head_dim)
    out = linear_seconds(gpu, tokens, width, model.hidden)
    up = linear_seconds(gpu, tokens, model.hidden, (2 if model.gated else 1) * model.ffn)
    down = linear_seconds(gpu, tokens, model.ffn, model.hidden)
    return qkv + out + up + down


@dataclass(frozen=True)
class LayerTimes:
    """One layer's seconds in one stage of one system, by where they run."""

    gemms: float = 0.0
    gpu_attention: float = 0.0
    pim_attention: float = 0.0
    transfer: float = 0.0

    @property
    def total(self) -> float:
        return self.gemms + self.gpu_attention + self.pim_attention + self.transfer


def decode_steps_seconds(samples: Sequence[Tuple[int, float]], lin: int,
                         lout: int) -> float:
    """The sum over decoding steps ``t = 1 .. lout`` (a KV cache of
    ``lin + t - 1`` tokens) of a step's seconds, interpolated linearly
    between ``samples`` of ``(kv_len, seconds)`` (held flat past their
    ends): exact for a time affine in the cache's length, as attention over
    a growing cache or a fixed window is."""
    if lout <= 0:
        return 0.0
    kv, seconds = zip(*sorted(samples))

    def at(length: int) -> float:
        i = bisect_right(kv, length)
        if i == 0:
            return seconds[0]
        if i == len(kv):
            return seconds[-1]
        share = (length - kv[i - 1]) / (kv[i] - kv[i - 1])
        return seconds[i - 1] + share * (seconds[i] - seconds[i - 1])

    return sum(at(length) for length in range(lin, lin + lout))


def run_seconds(layers: int, prefill: LayerTimes,
                decode: Sequence[Tuple[int, LayerTimes]], lin: int,
                lout: int) -> Dict[str, float]:
    """A whole run: ``layers`` times the prefill layer, plus ``layers``
    times each decoding step's layer over ``lout`` steps (``decode``:
    samples of a step's layer at KV lengths). Returns prefill, decode and
    total seconds."""
    prefill_s = layers * prefill.total
    decode_s = layers * decode_steps_seconds(
        [(kv, times.total) for kv, times in decode], lin, lout)
    return {"prefill": prefill_s, "decode": decode_s, "total": prefill_s + decode_s}
