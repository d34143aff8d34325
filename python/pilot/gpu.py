"""A roofline model of a GPU running attention and the layers around it
(docs/baselines.md).

A kernel takes ``max(flops / (compute_efficiency * peak), bytes /
(memory_efficiency * bandwidth))``: AttAcc's GPU model (scale-snu/attacc
``src/config.py``), whose efficiency caps are the defaults. Attention runs
one of three ways:

* ``gather``: SDDMM, softmax and SpMM as three sparse kernels that fetch the
  key (SDDMM) and the value (SpMM) of every attended entry from HBM, with no
  reuse on chip (CSR-style sparse kernels), the scores through HBM;
* ``unfused``: the same three kernels with Q, K and V each read once (the
  blocked implementations of Longformer and BigBird), the scores through
  HBM;
* ``fused``: one FlashAttention-style kernel over the pattern's entries, Q, K,
  V and O moved once, the scores never in HBM.

Keys and values read once count the keys some query attends: every key of
a prompt, the attended ones of a decoding step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Sequence

from pilot.errors import ConfigError

#: Bytes of an FP16 element.
ELEMENT_BYTES = 2
ATTENTION_MODES = ("gather", "unfused", "fused")


@dataclass(frozen=True)
class Gpu:
    """A GPU as the roofline sees it.

    Attributes:
        name: the preset's name.
        peak_tflops: dense FP16 tensor throughput, TFLOP/s.
        bandwidth_gbs: HBM bandwidth, GB/s.
        compute_efficiency: share of the peak a kernel reaches.
        memory_efficiency: share of the bandwidth a kernel reaches.
        source: where the figures come from.
    """

    name: str
    peak_tflops: float
    bandwidth_gbs: float
    compute_efficiency: float = 0.8
    memory_efficiency: float = 0.85
    source: str = ""

    def __post_init__(self):
        for field in ("peak_tflops", "bandwidth_gbs"):
            if getattr(self, field) <= 0:
                raise ConfigError(field, f"must be positive, got {getattr(self, field)}")
        for field in ("compute_efficiency", "memory_efficiency"):
            value = getattr(self, field)
            if not 0 < value <= 1:
                raise ConfigError(field, f"must be in (0, 1], got {value}")

    def seconds(self, flops: float, bytes_moved: float) -> float:
        """One kernel's time: the slower of its arithmetic and its traffic."""
        compute = flops / (self.compute_efficiency * self.peak_tflops * 1e12)
        memory = bytes_moved / (self.memory_efficiency * self.bandwidth_gbs * 1e9)
        return max(compute, memory)


#: AttAcc ``src/config.py`` and the vendors' sheets (REFERENCES.md, GPU
#: baselines); the efficiency caps are AttAcc's 0.8 and 0.85.
PRESETS: Dict[str, Gpu] = {
    g.name: g
    for g in (
        Gpu("a100-hbm3", 312.0, 3352.0,
            source="A100 with its memory upgraded to HBM3 (AttAcc's A100a, "
                   "the PILOT paper's GPU): 312 TFLOP/s FP16, 3352 GB/s"),
        Gpu("h100-sxm", 989.4, 3352.0,
            source="H100 SXM: 989.4 TFLOP/s dense FP16, 3352 GB/s"),
    )
}


def get(name: str) -> Gpu:
    """The preset called ``name``; :class:`ConfigError` if there is none."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ConfigError(
            "gpu", f"unknown GPU {name!r} (choose from {', '.join(PRESETS)})") from None


@dataclass(frozen=True)
class Kernel:
    """One kernel's work: floating-point operations and HBM bytes."""

    name: str
    flops: float
    bytes: float


@dataclass(frozen=True)
class AttentionShape:
    """The attention a GPU runs: ``heads`` query heads and ``kv_heads`` key
    and value heads of ``batch`` sequences, ``queries`` x ``keys`` tokens,
    ``entries`` attended (query, key) pairs over all of them."""

    batch: int
    heads: int
    kv_heads: int
    queries: int
    keys: int
    head_dim: int
    entries: int

    def tensor_bytes(self) -> Dict[str, float]:
        """Q and O, and the keys and values some query attends, in FP16."""
        q = self.batch * self.heads * self.queries * self.head_dim * ELEMENT_BYTES
        per_head = self.entries / max(1, self.batch * self.heads)
        keys = min(self.keys, per_head)
        kv = self.batch * self.kv_heads * keys * self.head_dim * ELEMENT_BYTES
        return {"Q": q, "K": kv, "V": kv, "O": q}


def attention_kernels(shape: AttentionShape, mode: str) -> Sequence[Kernel]:
    """The kernels of one attention, run ``unfused`` or ``fused``.

    Each product (Q K^T, P V) is ``2 * entries * head_dim`` FLOPs; the
    softmax's few operations an entry are left out (they are not tensor-core
    work and never bind beside its traffic).
    """
    if mode not in ATTENTION_MODES:
        raise ConfigError("attention", f"must be one of {', '.join(ATTENTION_MODES)}, "
                                       f"got {mode!r}")
    t = shape.tensor_bytes()
    product = 2.0 * shape.entries * shape.head_dim
    scores = shape.entries * ELEMENT_BYTES
    if mode == "fused":
        return [Kernel("attention", 2 * product, t["Q"] + t["K"] + t["V"] + t["O"])]
    if mode == "gather":
        vectors = shape.entries * shape.head_dim * ELEMENT_BYTES
        return [
            Kernel("sddmm", product, t["Q"] + vectors + scores),
            Kernel("softmax", 0.0, 2 * scores),
            Kernel("spmm", product, scores + vectors + t["O"]),
        ]
    return [
        Kernel("sddmm", product, t["Q"] + t["K"] + scores),
        Kernel("softmax", 0.0, 2 * scores),
        Kernel("spmm", product, scores + t["V"] + t["O"]),
    ]


def attention_seconds(gpu: Gpu, shape: AttentionShape, mode: str) -> float:
    """The attention's time: its kernels one after another."""
    return sum(gpu.seconds(k.flops, k.bytes) for k in attention_kernels(shape, mode))


def linear_seconds(gpu: Gpu, tokens: int, inputs: int, outputs: int) -> float:
    """A ``[tokens, inputs] x [inputs, outputs]`` FP16 layer: its weights,
    input and output each moved once."""
    flops = 2.0 * tokens * inputs * outputs
    moved = ELEMENT_BYTES * (inputs * outputs + tokens * (inputs + outputs))
    return gpu.seconds(flops, moved)
