"""Emit a workload's attention as an MLIR module in the ``sattn`` dialect.

The module holds one ``func.func`` whose body is a single ``sattn.attention``
over query ``[B, H, N, D]`` and key/value ``[B, Hkv, S, D]``:

* prefill: ``N = S = lin``, the whole prompt;
* decode: ``N = queries`` (default 1) new tokens against a KV cache of
  ``S = kv_len`` tokens (default ``lin``, the first decoding step).

:func:`module_text` is the entry point; :func:`configure` exposes the resolved
problem for callers that need the numbers rather than the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Union

from pilot import workloads
from pilot.errors import ConfigError
from pilot.pattern import Pattern
from pilot.workloads import Workload

STAGES = ("prefill", "decode")
DTYPES = ("f16", "f32")


@dataclass(frozen=True)
class Attention:
    """A fully resolved attention problem, ready to print."""

    workload: Workload
    stage: str
    queries: int
    keys: int
    dtype: str
    pattern: Pattern

    @property
    def scale(self) -> float:
        """Softmax scale ``1 / sqrt(head_dim)``."""
        return 1.0 / math.sqrt(self.workload.head_dim)

    @property
    def function_name(self) -> str:
        return f"{self.workload.symbol}_{self.stage}"

    def tensor_type(self, heads: int, tokens: int) -> str:
        w = self.workload
        return f"tensor<{w.batch}x{heads}x{tokens}x{w.head_dim}x{self.dtype}>"

    @property
    def query_type(self) -> str:
        """Type of the query and of the result."""
        return self.tensor_type(self.workload.heads, self.queries)

    @property
    def kv_type(self) -> str:
        """Type of the key and of the value."""
        return self.tensor_type(self.workload.kv_heads, self.keys)


def configure(
    workload: Union[str, Workload],
    stage: str = "prefill",
    *,
    kv_len: Optional[int] = None,
    queries: Optional[int] = None,
    dtype: Optional[str] = None,
    **overrides: Optional[int],
) -> Attention:
    """Resolve a workload (name or :class:`Workload`) for ``stage``.

    ``overrides`` are :data:`pilot.workloads.SIZE_FIELDS` and ``seed``;
    ``kv_len`` and ``queries`` are decode only. ``None`` keeps the default.
    Raises :class:`ConfigError` naming the offending setting.
    """
    if isinstance(workload, str):
        workload = workloads.get(workload)
    if stage not in STAGES:
        raise ConfigError("stage", f"must be one of {', '.join(STAGES)}, got {stage!r}")
    dtype = dtype or DTYPES[0]
    if dtype not in DTYPES:
        raise ConfigError("dtype", f"must be one of {', '.join(DTYPES)}, got {dtype!r}")
    workload = workload.with_overrides(**overrides)

    if stage == "prefill":
        for field, value in (("kv_len", kv_len), ("queries", queries)):
            if value is not None:
                raise ConfigError(field, "only valid with --stage decode")
        n = s = workload.lin
    else:
        n = _positive("queries", 1 if queries is None else queries)
        s = _positive("kv_len", workload.lin if kv_len is None else kv_len)
        workloads.check_block_multiple("kv_len", s, workload)

    pattern = workload.pattern.fit(keys=s, heads=workload.heads)
    return Attention(workload, stage, n, s, dtype, pattern)


def module_text(workload: Union[str, Workload], stage: str = "prefill", **overrides) -> str:
    """The MLIR module for ``workload`` at ``stage``; see :func:`configure`."""
    return render(configure(workload, stage, **overrides))


def render(attn: Attention) -> str:
    """Print a resolved problem as MLIR text (ends with a newline)."""
    w = attn.workload
    q, kv = attn.query_type, attn.kv_type
    heads = f"{w.heads} heads x {w.head_dim}"
    if w.kv_heads != w.heads:
        heads += f" ({w.kv_heads} KV heads)"
    # repr is the shortest text that reads back as the same double, so the
    # IR carries exactly 1 / sqrt(head_dim).
    query_word = "query" if attn.queries == 1 else "queries"
    attrs = f"pattern = {attn.pattern.attribute()}, scale = {attn.scale!r} : f64"
    return "\n".join([
        f"// {w.name} {attn.stage}: batch {w.batch}, {heads}, "
        f"{attn.queries} {query_word} x {attn.keys} keys, {attn.dtype}",
        f"// pattern: {attn.pattern.describe()}",
        f"func.func @{attn.function_name}(%query: {q}, %key: {kv}, %value: {kv}) -> {q} {{",
        f"  %0 = sattn.attention %query, %key, %value {{{attrs}}} : {q}, {kv}, {kv} -> {q}",
        f"  return %0 : {q}",
        "}",
        "",
    ])


def _positive(field: str, value: int) -> int:
    if value <= 0:
        raise ConfigError(field, f"must be a positive integer, got {value}")
    return value
