"""The ``#sattn.pattern`` attribute: which (query, key) pairs attend.

:class:`Pattern` holds the attribute's parameters exactly as the C++ dialect
sees them. Positions in ``window``, ``global_tokens``, ``random`` and
``random_cols`` count in units of ``block`` tokens (1 unless the pattern is
block sparse, as BigBird).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class Pattern:
    """Parameters of one ``#sattn.pattern<...>`` attribute.

    Attributes:
        dense: every query attends to every key.
        causal: a query never attends to later keys.
        window: ``(left, right)`` band around each query, in blocks; ``None``
            for no band.
        global_tokens: indices of global blocks (attend to and are attended
            by everything).
        sinks: leading tokens every query attends to (attention sinks).
        random: random key blocks per query block row.
        seed: seed of the random blocks.
        random_cols: an explicit random draw instead of ``random``: per key
            block position, the key blocks its query block attends.
        block: block size in tokens.
        dense_heads: heads that ignore the pattern and attend densely
            (DuoAttention's retrieval heads).
    """

    dense: bool = False
    causal: bool = False
    window: Optional[Tuple[int, int]] = None
    global_tokens: Tuple[int, ...] = ()
    sinks: int = 0
    random: int = 0
    seed: int = 0
    random_cols: Tuple[Tuple[int, ...], ...] = ()
    block: int = 1
    dense_heads: Tuple[int, ...] = ()

    def parameters(self) -> Dict[str, object]:
        """The attribute's parameters by name, those at their default left
        out (the JSON ``pilot-translate --pattern-from-json`` reads)."""
        defaults = Pattern()
        return {field.name: _json_value(getattr(self, field.name))
                for field in dataclasses.fields(self)
                if getattr(self, field.name) != getattr(defaults, field.name)}

    def attribute(self) -> str:
        """The attribute text, as the C++ dialect prints it."""
        from pilot import native

        return native.pattern_attribute(json.dumps(self.parameters()))

    def describe(self) -> str:
        """A short human-readable summary, e.g. ``window [256, 255] + global_tokens [0]``.

        The parts that select keys are joined by ``+``; modifiers follow after
        ``;``.
        """
        parts = []
        if self.dense:
            parts.append("dense")
        if self.window is not None:
            parts.append(f"window {_int_list(self.window)}")
        if self.global_tokens:
            parts.append(f"global_tokens {_int_list(self.global_tokens)}")
        if self.sinks:
            parts.append(f"sinks {self.sinks}")
        if self.random:
            parts.append(f"random {self.random}")
        if self.random_cols:
            parts.append(f"random_cols x {len(self.random_cols)}")
        modifiers = []
        if self.causal:
            modifiers.append("causal")
        if self.seed:
            modifiers.append(f"seed {self.seed}")
        if self.block != 1:
            modifiers.append(f"block {self.block}")
        if self.dense_heads:
            modifiers.append(f"dense_heads {_compact_list(self.dense_heads)}")
        return "; ".join([" + ".join(parts) or "none", *modifiers])


def _json_value(value):
    """Tuples (of tuples) as lists."""
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    return value


def _int_list(values) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _compact_list(values) -> str:
    """``[0..15]`` for a contiguous run of at least three, else the full list."""
    values = tuple(values)
    if len(values) >= 3 and values == tuple(range(values[0], values[-1] + 1)):
        return f"[{values[0]}..{values[-1]}]"
    return _int_list(values)
