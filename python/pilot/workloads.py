"""The evaluated workloads: PILOT (IPDPS 2026) Table II.

Sizes (batch, Lin, Lout, heads x head_dim) and the pattern budgets
(window + global + random tokens) are the table's. How each budget becomes a
concrete ``#sattn.pattern`` follows the model's own paper, cited per preset.

A window of ``W`` counts the query itself: a non-causal band is split
``[W // 2, W - 1 - W // 2]`` (Longformer's 512 -> ``[256, 255]``), a causal one
is ``[W - 1, 0]`` (DuoAttention's 2044 recent tokens -> ``[2043, 0]``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from pilot.errors import ConfigError
from pilot.pattern import Pattern

#: Size fields of :class:`Workload` that can be overridden; all must be positive.
SIZE_FIELDS = ("batch", "lin", "lout", "heads", "kv_heads", "head_dim")


@dataclass(frozen=True)
class PatternSpec:
    """A preset's pattern in model terms, before it is fitted to a key length.

    Attributes:
        causal: causal masking (decoder-only models).
        window: band width in blocks, counting the query's own block; 0 = none.
        global_tokens: indices of global blocks.
        sinks: attention-sink tokens.
        random: random blocks per block row.
        seed: seed of the random blocks.
        block: block size in tokens (window, global and random count blocks).
        dense_head_share: leading share of the heads left dense
            (DuoAttention's retrieval heads).
        dense_heads: the dense heads by index, for any set (a model's
            DuoAttention gates); replaces ``dense_head_share`` when given.
        dense: every head attends every (earlier, when causal) key.
    """

    causal: bool = False
    window: int = 0
    global_tokens: Tuple[int, ...] = ()
    sinks: int = 0
    random: int = 0
    seed: int = 0
    block: int = 1
    dense_head_share: float = 0.0
    dense_heads: Tuple[int, ...] = ()
    dense: bool = False

    def __post_init__(self):
        if self.seed < 0:
            raise ConfigError("seed", f"must be non-negative, got {self.seed}")

    def fit(self, keys: int, heads: int) -> Pattern:
        """The concrete pattern for ``keys`` key tokens and ``heads`` heads.

        Window, sinks and random blocks are clipped to what ``keys`` holds;
        global blocks stay as given.
        """
        if self.dense:
            return Pattern(dense=True, causal=self.causal)
        blocks = keys // self.block
        width = min(self.window, blocks)
        if not width:
            window = None
        elif self.causal:
            window = (width - 1, 0)
        else:
            window = (width // 2, width - 1 - width // 2)
        return Pattern(
            causal=self.causal,
            window=window,
            global_tokens=self.global_tokens,
            sinks=min(self.sinks, keys),
            random=min(self.random, blocks),
            seed=self.seed,
            block=self.block,
            dense_heads=self.dense_heads
            or tuple(range(int(heads * self.dense_head_share))),
        )


@dataclass(frozen=True)
class Workload:
    """One row of Table II: model sizes plus its sparse-attention pattern.

    Construction validates the sizes and raises :class:`ConfigError` naming
    the offending field.
    """

    name: str
    model: str
    batch: int
    lin: int
    lout: int
    heads: int
    head_dim: int
    kv_heads: int
    pattern: PatternSpec

    def __post_init__(self):
        for field in SIZE_FIELDS:
            value = getattr(self, field)
            if value <= 0:
                raise ConfigError(field, f"must be a positive integer, got {value}")
        if self.heads % self.kv_heads:
            raise ConfigError(
                "kv_heads",
                f"{self.kv_heads} does not divide the number of heads {self.heads}",
            )
        check_block_multiple("lin", self.lin, self)

    @property
    def symbol(self) -> str:
        """The name as an MLIR identifier (``llama2-7b-duo`` -> ``llama2_7b_duo``)."""
        return self.name.replace("-", "_")

    def with_overrides(self, seed: Optional[int] = None, **sizes: Optional[int]) -> "Workload":
        """A copy with the given sizes (see :data:`SIZE_FIELDS`) and seed.

        ``None`` means "keep the preset's". ``kv_heads`` follows an overridden
        ``heads`` unless it is given too.
        """
        unknown = set(sizes) - set(SIZE_FIELDS)
        if unknown:
            raise TypeError(f"unknown workload override(s): {', '.join(sorted(unknown))}")
        changes = {k: v for k, v in sizes.items() if v is not None}
        if "heads" in changes and "kv_heads" not in changes:
            changes["kv_heads"] = changes["heads"]
        if seed is not None:
            changes["pattern"] = dataclasses.replace(self.pattern, seed=seed)
        return dataclasses.replace(self, **changes)


def check_block_multiple(field: str, tokens: int, workload: Workload) -> None:
    """Raise :class:`ConfigError` unless ``tokens`` is whole blocks of the pattern."""
    block = workload.pattern.block
    if tokens % block:
        raise ConfigError(
            field,
            f"must be a multiple of the block size {block} of {workload.name}, got {tokens}",
        )


def _preset(name, model, batch, lin, lout, heads, head_dim, **pattern) -> Workload:
    # kv_heads = heads everywhere: Table II's figures assume multi-head attention.
    return Workload(name, model, batch, lin, lout, heads, head_dim, heads, PatternSpec(**pattern))


# Duo presets: DuoAttention (Xiao et al., ICLR 2025, arXiv:2410.10819) keeps
# retrieval heads dense and turns streaming heads into attention sinks plus a
# causal window of recent tokens; PILOT makes half of the heads dense.
_DUO = dict(causal=True, dense_head_share=0.5)

PRESETS: Dict[str, Workload] = {
    w.name: w
    for w in (
        # BigBird (Zaheer et al., NeurIPS 2020), ITC, block 64: a window of
        # 3 blocks (192 tokens), one global block (64 tokens), one random block
        # per block row (64 tokens).
        _preset("bigbird", "BigBird", 512, 4096, 128, 12, 64,
                window=3, global_tokens=(0,), random=1, seed=1, block=64),
        # Longformer (Beltagy et al., arXiv:2004.05150): window 512, global
        # attention on the [CLS] token.
        _preset("longformer", "Longformer", 512, 4096, 256, 12, 64,
                window=512, global_tokens=(0,)),
        # LED-large (same paper, Longformer-Encoder-Decoder): window 1024,
        # one global token.
        _preset("led-large", "LED-large", 256, 16384, 2048, 16, 64,
                window=1024, global_tokens=(0,)),
        # Llama 2 7B (Touvron et al., arXiv:2307.09288).
        _preset("llama2-7b-duo", "Llama-2-7B (DuoAttention)", 128, 4096, 128, 32, 128,
                window=2044, sinks=4, **_DUO),
        # Pythia 12B (Biderman et al., ICML 2023).
        _preset("pythia-12b-duo", "Pythia-12B (DuoAttention)", 1024, 2048, 256, 40, 128,
                window=1022, sinks=2, **_DUO),
        # Mistral 7B (Jiang et al., arXiv:2310.06825) really has 8 KV heads
        # (grouped-query attention), selectable with --kv-heads 8; Table II's
        # figures are for 32.
        _preset("mistral-7b-duo", "Mistral-7B (DuoAttention)", 128, 8192, 2048, 32, 128,
                window=4088, sinks=8, **_DUO),
    )
}


def get(name: str) -> Workload:
    """The preset called ``name``; :class:`ConfigError` if there is none."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ConfigError(
            "workload", f"unknown workload {name!r} (choose from {', '.join(PRESETS)})"
        ) from None
