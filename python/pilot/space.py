"""Design spaces: a YAML file of axes whose product, less the points a
``filter`` drops, is the list of points a design-space exploration runs
(docs/dse.md).

:func:`load` reads and checks a space: every key, workload, length, schedule,
pipeline option and hardware value is checked before any point runs, and a
mistake raises :class:`SpaceError` naming the key and what it allows.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from pilot import gen as generator
from pilot import tools, workloads
from pilot.errors import ConfigError

#: Top-level keys of a space file.
AXES = ("workloads", "stages", "schedules", "batch", "lengths", "hardware",
        "pipeline", "filter")
SCHEDULES = ("naive", "pilot", "fused", "auto")
#: `--pilot-compile` options a space may sweep, and the values each takes.
PIPELINE_OPTIONS = {
    "wide": "true or false", "dense-heads-on-pim": "true or false",
    "order": "auto, query or key", "share-kv": "auto, on or off",
    "rows": "an integer >= 0",
    "keys": "an integer >= 0", "head-dim-chunk": "an integer >= 0",
    "split": "auto or heads",
}
#: Keys of a workload given as a mapping: a preset and sizes it overrides.
WORKLOAD_KEYS = ("preset", "name", *workloads.SIZE_FIELDS)
#: The hardware axis' own key beside the description's fields.
PRESET_KEY = "preset"
DEFAULT_PRESET = "pilot-hbm3"
#: Names a filter may call.
FILTER_BUILTINS = {"min": min, "max": max, "abs": abs, "len": len}


class SpaceError(ValueError):
    """A space file's mistake, tied to the key that holds it."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key


Pairs = Tuple[Tuple[str, Any], ...]


@dataclass(frozen=True)
class DesignPoint:
    """One compile-and-simulate point: a workload (``base`` preset with
    ``sizes`` overridden, shown as ``workload``) at one stage under one
    schedule, on a hardware preset with ``hardware`` keys overridden, with
    further ``pipeline`` options of ``--pilot-compile``. A decoding point is
    the first step after a prompt of ``lin`` tokens (a cache of ``lin``)."""

    workload: str
    base: str
    stage: str
    schedule: str
    preset: str = DEFAULT_PRESET
    hardware: Pairs = ()
    sizes: Pairs = ()
    pipeline: Pairs = ()

    def module(self) -> str:
        return generator.module_text(self.base, self.stage, **dict(self.sizes))

    def pipeline_options(self, hw: str) -> str:
        """``--pilot-compile``'s options, on hardware ``hw``."""
        extra = " ".join(f"{key}={_option_text(value)}" for key, value in self.pipeline)
        return f"hw={hw} schedule={self.schedule} {extra}".strip()

    def hardware_file(self) -> Dict[str, Any]:
        """The point's hardware as a hardware file's object."""
        return {PRESET_KEY: self.preset, **dict(self.hardware)}

    def as_json(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)


def _option_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


@dataclass(frozen=True)
class Space:
    """A checked space: its points, in the order of its axes."""

    points: Tuple[DesignPoint, ...]


# --- reading values --------------------------------------------------------

def values_of(key: str, spec: Any) -> List[Any]:
    """An axis' values: a scalar, a list, or a range ``{from, to, step}``
    (arithmetic) or ``{from, to, times}`` (geometric), ``to`` included."""
    if isinstance(spec, list):
        if not spec:
            raise SpaceError(key, "an empty list leaves no points")
        return spec
    if isinstance(spec, dict):
        return _range(key, spec)
    return [spec]


def _range(key: str, spec: Mapping[str, Any]) -> List[int]:
    allowed = {"from", "to", "step", "times"}
    unknown = set(spec) - allowed
    if unknown or not {"from", "to"} <= set(spec) or ("step" in spec) == ("times" in spec):
        raise SpaceError(key, "a range is {from: A, to: B, step: S} or "
                              f"{{from: A, to: B, times: F}}, got {dict(spec)}")
    start, stop = _integer(f"{key}.from", spec["from"]), _integer(f"{key}.to", spec["to"])
    if "step" in spec:
        step = _integer(f"{key}.step", spec["step"])
        if step <= 0:
            raise SpaceError(f"{key}.step", f"must be positive, got {step}")
        return list(range(start, stop + 1, step))
    times = _integer(f"{key}.times", spec["times"])
    if times < 2 or start <= 0:
        raise SpaceError(f"{key}.times", "a geometric range needs times >= 2 and from > 0")
    out, value = [], start
    while value <= stop:
        out.append(value)
        value *= times
    return out


def _integer(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpaceError(key, f"must be an integer, got {value!r}")
    return value


def _choices(key: str, spec: Any, allowed: Sequence[str]) -> List[str]:
    values = values_of(key, spec)
    for value in values:
        if value not in allowed:
            raise SpaceError(key, f"{value!r} is not one of {', '.join(allowed)}")
    return values


# --- hardware --------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def preset_fields(name: str) -> Dict[str, int]:
    """Every hardware key of a preset or hardware file, as ``pilot-sim
    --print-hw`` prints it; :class:`SpaceError` when the tool rejects it."""
    try:
        return json.loads(tools.run_tool("pilot-sim", [f"--print-hw={name}"]))
    except tools.ToolError as err:
        raise SpaceError(f"hardware.{PRESET_KEY}", _tool_message(err)) from None


def _tool_message(err: tools.ToolError) -> str:
    return err.stderr.strip().replace("pilot-sim: error: ", "")


def _check_hardware_value(preset: str, key: str, value: int) -> None:
    """Let the hardware validation judge one key's value on ``preset``."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "hw.json"
        path.write_text(json.dumps({PRESET_KEY: preset, key: value}))
        try:
            tools.run_tool("pilot-sim", [f"--print-hw={path}"])
        except tools.ToolError as err:
            message = _tool_message(err).split("invalid hardware description: ")[-1]
            raise SpaceError(f"hardware.{key}", message) from None


def _hardware_axes(spec: Any) -> Tuple[List[str], Dict[str, List[int]]]:
    if not isinstance(spec, dict):
        raise SpaceError("hardware", "maps hardware keys (and 'preset') to values")
    spec = dict(spec)
    presets = [str(p) for p in values_of(f"hardware.{PRESET_KEY}",
                                         spec.pop(PRESET_KEY, DEFAULT_PRESET))]
    for preset in presets:
        if Path(preset).exists():
            raise SpaceError(f"hardware.{PRESET_KEY}", f"{preset!r}: name a preset; "
                             "give a hardware file's keys under 'hardware' instead")
        preset_fields(preset)
    known = preset_fields(presets[0])
    axes: Dict[str, List[int]] = {}
    for key, values in spec.items():
        if key not in known:
            raise SpaceError(f"hardware.{key}", "unknown hardware key (one of preset, "
                             f"{', '.join(known)})")
        axes[key] = [_integer(f"hardware.{key}", v) for v in values_of(f"hardware.{key}", values)]
        for value in dict.fromkeys(axes[key]):
            _check_hardware_value(presets[0], key, value)
    return presets, axes


# --- workloads ---------------------------------------------------------------

@dataclass(frozen=True)
class _Workload:
    label: str
    base: str
    sizes: Pairs


def _workload(index: int, spec: Any) -> _Workload:
    key = f"workloads[{index}]"
    if isinstance(spec, str):
        if spec not in workloads.PRESETS:
            _unknown_workload(key, spec)
        return _Workload(spec, spec, ())
    if not isinstance(spec, dict) or "preset" not in spec:
        raise SpaceError(key, "a workload is a preset's name or a mapping with 'preset' "
                              f"and sizes to override ({', '.join(WORKLOAD_KEYS)})")
    for field in spec:
        if field not in WORKLOAD_KEYS:
            raise SpaceError(f"{key}.{field}", f"unknown key (one of {', '.join(WORKLOAD_KEYS)})")
    base = spec["preset"]
    if base not in workloads.PRESETS:
        _unknown_workload(f"{key}.preset", base)
    sizes = tuple((f, _integer(f"{key}.{f}", spec[f]))
                  for f in workloads.SIZE_FIELDS if f in spec)
    try:
        workloads.get(base).with_overrides(**dict(sizes))
    except ConfigError as err:
        raise SpaceError(f"{key}.{err.field}", err.message) from None
    return _Workload(str(spec.get("name", base)), base, sizes)


def _unknown_workload(key: str, name: Any) -> None:
    raise SpaceError(key, f"unknown workload {name!r} (presets: {', '.join(workloads.PRESETS)})")


def _sized(workload: _Workload, stage: str, batch: Optional[int],
           length: Optional[int]) -> Pairs:
    """The workload's sizes with the batch and length axes applied; checked."""
    sizes = dict(workload.sizes)
    if batch is not None:
        sizes["batch"] = batch
    if length is not None:
        sizes["lin"] = length
    try:
        generator.configure(workload.base, stage, **sizes)
    except ConfigError as err:
        key = {"lin": "lengths", "batch": "batch"}.get(err.field, f"workloads.{err.field}")
        raise SpaceError(key, f"{workload.label}: {err.message}") from None
    return tuple(sorted(sizes.items()))


# --- the filter --------------------------------------------------------------

def _compile_filter(spec: Any):
    expressions = values_of("filter", spec)
    try:
        return [compile(str(e), "filter", "eval") for e in expressions]
    except SyntaxError as err:
        raise SpaceError("filter", f"not a Python expression: {err.text!r} ({err.msg})") from None


def filter_names(point: DesignPoint) -> Dict[str, Any]:
    """What a filter sees: the point's fields, its resolved sizes, its
    hardware by section (``bpm.lanes``) and its pipeline options
    (``head_dim_chunk``; None where unset)."""
    hardware = {**preset_fields(point.preset), **dict(point.hardware)}
    sections: Dict[str, Dict[str, int]] = {}
    for key, value in hardware.items():
        section, field = key.split(".", 1)
        sections.setdefault(section, {})[field] = value
    w = workloads.get(point.base).with_overrides(**dict(point.sizes))
    names: Dict[str, Any] = {name: None for name in PIPELINE_OPTIONS}
    names.update({k: v for k, v in point.pipeline})
    names = {k.replace("-", "_"): v for k, v in names.items()}
    names.update({s: SimpleNamespace(**f) for s, f in sections.items()})
    names.update(workload=point.workload, base=point.base, stage=point.stage,
                 schedule=point.schedule, preset=point.preset,
                 **{f: getattr(w, f) for f in workloads.SIZE_FIELDS}, length=w.lin)
    return names


def _kept(point: DesignPoint, expressions) -> bool:
    names = filter_names(point)
    try:
        return all(eval(e, {"__builtins__": FILTER_BUILTINS}, names) for e in expressions)
    except Exception as err:  # any failure of the user's expression is theirs
        raise SpaceError("filter", f"{type(err).__name__}: {err} (names: "
                                   f"{', '.join(sorted(names))})") from None


# --- the space ---------------------------------------------------------------

def load(path: str) -> Space:
    """Read and check a space file."""
    try:
        import yaml
    except ImportError:
        raise SpaceError(path, "reading spaces needs PyYAML (Debian: python3-yaml)") from None
    try:
        spec = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError) as err:
        raise SpaceError(path, f"cannot read the space: {err}") from None
    return build(spec)


def build(spec: Any) -> Space:
    """Check a space's mapping and list its points."""
    if not isinstance(spec, dict):
        raise SpaceError("space", f"a space is a mapping of {', '.join(AXES)}")
    for key in spec:
        if key not in AXES:
            raise SpaceError(key, f"unknown key (one of {', '.join(AXES)})")
    if "workloads" not in spec:
        raise SpaceError("workloads", "is required")
    chosen = [_workload(i, w) for i, w in enumerate(values_of("workloads", spec["workloads"]))]
    stages = _choices("stages", spec.get("stages", list(generator.STAGES)), generator.STAGES)
    schedules = _choices("schedules", spec.get("schedules", "pilot"), SCHEDULES)
    batches = [_integer("batch", b) for b in values_of("batch", spec.get("batch"))] \
        if "batch" in spec else [None]
    lengths = [_integer("lengths", n) for n in values_of("lengths", spec.get("lengths"))] \
        if "lengths" in spec else [None]
    presets, hardware = _hardware_axes(spec.get("hardware", {}))
    pipeline = _pipeline_axes(spec.get("pipeline", {}))
    expressions = _compile_filter(spec["filter"]) if "filter" in spec else []
    points = [p for p in _product(chosen, stages, schedules, batches, lengths, presets,
                                  hardware, pipeline) if _kept(p, expressions)]
    if not points:
        raise SpaceError("filter" if expressions else "space", "leaves no points")
    return Space(tuple(dict.fromkeys(points)))


def _pipeline_axes(spec: Any) -> Dict[str, List[Any]]:
    if not isinstance(spec, dict):
        raise SpaceError("pipeline", "maps --pilot-compile options to values")
    axes = {}
    for key, values in spec.items():
        if key not in PIPELINE_OPTIONS:
            raise SpaceError(f"pipeline.{key}", "unknown option (one of "
                             f"{', '.join(PIPELINE_OPTIONS)})")
        axes[key] = [_pipeline_value(f"pipeline.{key}", key, v)
                     for v in values_of(f"pipeline.{key}", values)]
    return axes


def _pipeline_value(key: str, option: str, value: Any) -> Any:
    allowed = PIPELINE_OPTIONS[option]
    if option == "share-kv" and isinstance(value, bool):
        value = "on" if value else "off"  # YAML 1.1 reads on and off as booleans
    if allowed == "true or false":
        ok = isinstance(value, bool)
    elif option in ("order", "share-kv", "split"):
        ok = value in allowed.replace(" or", ",").split(", ")
    else:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if not ok:
        raise SpaceError(key, f"{value!r}: must be {allowed}")
    return value


def _product(chosen, stages, schedules, batches, lengths, presets, hardware,
             pipeline) -> Iterator[DesignPoint]:
    hw_keys, pipe_keys = list(hardware), list(pipeline)
    for w, stage, batch, length in itertools.product(chosen, stages, batches, lengths):
        sizes = _sized(w, stage, batch, length)
        for schedule, preset in itertools.product(schedules, presets):
            for hw in itertools.product(*hardware.values()):
                for options in itertools.product(*pipeline.values()):
                    yield DesignPoint(w.label, w.base, stage, schedule, preset,
                                      tuple(zip(hw_keys, hw)), sizes,
                                      tuple(zip(pipe_keys, options)))
