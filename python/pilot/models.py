"""Whole models: a Hugging Face ``config.json`` (and optionally DuoAttention's
head gates) read as one attention per layer, each a
:class:`pilot.workloads.Workload` the generator turns into a ``sattn``
module.

:func:`load_config` reads the fields docs/models.md lists; :func:`load_gates`
reads DuoAttention's head file; :func:`layer_patterns` gives each layer's
pattern at a prompt length. Every mistake is a :class:`FileError` naming the
file, the line (head files) and the field, and what is allowed.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from pilot.errors import ConfigError, FileError
from pilot.workloads import PatternSpec, Workload

FULL = "full"
SLIDING = "sliding"

#: Per-layer attention kinds by the names configs give them: transformers'
#: ``layer_types`` (``full_attention``, ``sliding_attention``) and GPT-Neo's
#: ``attention_layers`` (``global``, ``local``).
LAYER_TYPE_NAMES = {
    "layer_types": {"full_attention": FULL, "sliding_attention": SLIDING},
    "attention_layers": {"global": FULL, "local": SLIDING},
}

#: Attention features pilot's patterns do not express, by config field; a
#: config that sets one gets a warning naming it.
UNEXPRESSED = {
    "attn_logit_softcapping": "tanh soft-capping of the attention scores",
    "alibi": "ALiBi position biases added to the scores",
    "attention_chunk_size": "chunked attention (each query sees its chunk only)",
}


@dataclass(frozen=True)
class ModelConfig:
    """What pilot reads of a model's ``config.json``.

    Attributes:
        name: the file's stem (``llama-3.1-8b``).
        path: the file.
        heads, kv_heads, head_dim: attention shapes (``kv_heads`` below
            ``heads``: grouped-query attention).
        windows: per layer, the sliding window in tokens counting the query
            itself, or None for full causal attention.
        warnings: features of the config pilot does not express.
    """

    name: str
    path: str
    heads: int
    kv_heads: int
    head_dim: int
    windows: Tuple[Optional[int], ...]
    warnings: Tuple[str, ...] = ()

    @property
    def layers(self) -> int:
        return len(self.windows)


@dataclass(frozen=True)
class Duo:
    """DuoAttention: per layer, the KV heads kept dense (retrieval heads);
    the others stream ``sinks`` sink tokens and ``recent`` recent tokens."""

    retrieval: Tuple[Tuple[int, ...], ...]
    sinks: int
    recent: int


def load_config(path) -> ModelConfig:
    """Read a Hugging Face ``config.json``; :class:`FileError` names the field
    that is missing or wrong."""
    config = _read_json(path)
    layers = _positive_int(config, path, "num_hidden_layers")
    heads = _positive_int(config, path, "num_attention_heads")
    kv_heads = heads
    if config.get("num_key_value_heads") is not None:  # absent: multi-head
        kv_heads = _positive_int(config, path, "num_key_value_heads")
        if heads % kv_heads:
            raise FileError(path, "num_key_value_heads",
                            f"{kv_heads} must divide num_attention_heads ({heads})")
    head_dim = _head_dim(config, path, heads)
    return ModelConfig(
        name=Path(path).stem, path=str(path), heads=heads, kv_heads=kv_heads,
        head_dim=head_dim, windows=tuple(_layer_windows(config, path, layers)),
        warnings=tuple(_warnings(config, head_dim)))


def _read_json(path) -> Dict[str, object]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise FileError(path, "config", f"cannot read it: {err.strerror}") from None
    try:
        config = json.loads(text)
    except json.JSONDecodeError as err:
        raise FileError(path, "config", f"not JSON: {err.msg}", line=err.lineno) from None
    if not isinstance(config, dict):
        raise FileError(path, "config", "must be a JSON object of config fields")
    return config


def _positive_int(config, path, field: str) -> int:
    if field not in config:
        raise FileError(path, field, "missing (a required field: a positive integer)")
    value = config[field]
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise FileError(path, field, f"must be a positive integer, got {value!r}")
    return value


def _head_dim(config, path, heads: int) -> int:
    if config.get("head_dim") is not None:
        return _positive_int(config, path, "head_dim")
    if "hidden_size" not in config:
        raise FileError(path, "head_dim", "missing, and so is hidden_size to derive it "
                        "from (head_dim = hidden_size / num_attention_heads)")
    hidden = _positive_int(config, path, "hidden_size")
    if hidden % heads:
        raise FileError(path, "hidden_size", f"{hidden} is not a multiple of "
                        f"num_attention_heads ({heads}); give head_dim")
    return hidden // heads


def _layer_windows(config, path, layers: int) -> List[Optional[int]]:
    """Each layer's sliding window, from the first rule that applies."""
    kinds = _listed_kinds(config, path, layers)
    if config.get("attention_type", "original_full") != "original_full":
        raise FileError(path, "attention_type",
                        f"{config['attention_type']!r}: pilot model reads decoder "
                        "configs; allowed: 'original_full'")
    if kinds is None:
        kinds = _implied_kinds(config, layers)
    if SLIDING not in kinds:
        return [None] * layers
    field = "window_size" if "attention_layers" in config else "sliding_window"
    if config.get(field) is None:
        raise FileError(path, field, "missing, and the config has sliding-window "
                        "layers (a positive integer: tokens, the query included)")
    window = _positive_int(config, path, field)
    return [window if kind == SLIDING else None for kind in kinds]


def _listed_kinds(config, path, layers: int) -> Optional[List[str]]:
    """``layer_types`` or ``attention_layers`` where the config lists them."""
    for field, names in LAYER_TYPE_NAMES.items():
        if field not in config:
            continue
        listed = config[field]
        if not isinstance(listed, list) or len(listed) != layers:
            raise FileError(path, field, f"must list one kind per layer "
                            f"(num_hidden_layers = {layers}), got {listed!r}")
        for index, kind in enumerate(listed):
            if kind not in names:
                raise FileError(path, f"{field}[{index}]", f"{kind!r} is not one of "
                                f"{', '.join(map(repr, names))}")
        return [names[kind] for kind in listed]
    return None


def _implied_kinds(config, layers: int) -> List[str]:
    """The kinds a config without a list implies, as transformers reads it."""
    if config.get("sliding_window") is None or config.get("use_sliding_window") is False:
        return [FULL] * layers
    if config.get("model_type") == "gemma2":
        # transformers' Gemma2: even layers slide (is_sliding = not layer_idx % 2).
        return [SLIDING if index % 2 == 0 else FULL for index in range(layers)]
    if "max_window_layers" in config:
        # transformers' Qwen2Config: layers from max_window_layers on slide.
        first = config["max_window_layers"]
        return [SLIDING if index >= first else FULL for index in range(layers)]
    return [SLIDING] * layers


def _warnings(config, head_dim: int) -> List[str]:
    warnings = [f"{field} = {config[field]!r}: {what} is not expressed; "
                "the layers are simulated without it"
                for field, what in UNEXPRESSED.items() if config.get(field)]
    scalar = config.get("query_pre_attn_scalar")
    if scalar is not None and scalar != head_dim:
        warnings.append(f"query_pre_attn_scalar = {scalar!r}: scores are scaled by "
                        f"1/sqrt(head_dim = {head_dim}) instead")
    return warnings


def load_gates(path, config: ModelConfig) -> List[List[float]]:
    """DuoAttention's head file (its authors' ``full_attention_heads.tsv``):
    one line per layer, one tab-separated gate in [0, 1] per KV head."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise FileError(path, "gates", f"cannot read it: {err.strerror}") from None
    lines = [line for line in lines if line.strip()]
    if len(lines) != config.layers:
        raise FileError(path, "lines", f"{len(lines)} lines, but {config.name} has "
                        f"{config.layers} layers (one line of gates per layer)")
    return [_gate_line(path, number, line, config.kv_heads)
            for number, line in enumerate(lines, start=1)]


def _gate_line(path, number: int, line: str, kv_heads: int) -> List[float]:
    fields = re.split(r"\t| +", line.strip())
    if len(fields) != kv_heads:
        raise FileError(path, "gates", f"{len(fields)} gates, but the model has "
                        f"{kv_heads} KV heads (one gate per KV head)", line=number)
    gates = []
    for column, text in enumerate(fields, start=1):
        try:
            gate = float(text)
        except ValueError:
            gate = math.nan
        if not 0.0 <= gate <= 1.0:
            raise FileError(path, f"field {column}", f"{text!r} is not a gate: "
                            "a number in [0, 1]", line=number)
        gates.append(gate)
    return gates


def retrieval_heads(gates: Sequence[Sequence[float]],
                    sparsity: float) -> Tuple[Tuple[int, ...], ...]:
    """Per layer, the KV heads whose gate is at or above the ``sparsity``
    quantile of all gates (linear interpolation, numpy's default), as
    DuoAttention's ``sparsify_attention_heads`` chooses its dense heads."""
    import numpy

    if not 0.0 <= sparsity <= 1.0:
        raise ConfigError("duo_sparsity", f"must be in [0, 1], got {sparsity}")
    threshold = numpy.quantile([g for layer in gates for g in layer], sparsity)
    return tuple(tuple(head for head, gate in enumerate(layer) if gate >= threshold)
                 for layer in gates)


def layer_patterns(config: ModelConfig, lin: int,
                   duo: Optional[Duo] = None) -> List[PatternSpec]:
    """Each layer's attention at prompt length ``lin`` (a window that covers
    the prompt is full attention)."""
    patterns = []
    for layer, window in enumerate(config.windows):
        if window is not None and window >= lin:
            window = None
        if duo is None:
            patterns.append(PatternSpec(causal=True, window=window) if window
                            else PatternSpec(causal=True, dense=True))
            continue
        retrieval = duo.retrieval[layer]
        if window is not None and retrieval:
            raise ConfigError("duo_heads", f"layer {layer} has a sliding window of "
                              f"{window} tokens, shorter than --lin {lin}: its "
                              "retrieval heads would slide, and pilot's dense heads "
                              "attend every key")
        group = config.heads // config.kv_heads
        patterns.append(PatternSpec(
            causal=True, window=min(duo.recent, window or duo.recent), sinks=duo.sinks,
            dense_heads=tuple(kv * group + g for kv in retrieval for g in range(group))))
    return patterns


def workload(config: ModelConfig, pattern: PatternSpec, batch: int, lin: int) -> Workload:
    """One layer's attention as a workload the generator takes."""
    return Workload(name=re.sub(r"[^\w]", "_", config.name), model=config.name,
                    batch=batch, lin=lin, lout=1, heads=config.heads,
                    head_dim=config.head_dim, kv_heads=config.kv_heads, pattern=pattern)
