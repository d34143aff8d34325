"""Randomized differential testing of the compiler against the simulator,
the I/O model and a float64 attention (docs/testing.md).

A sweep is a seed and a number of cases. Case ``k`` of seed ``s`` is a pure
function of ``(s, k)`` (:func:`generate`): a random attention the compiler
lowers (shapes, grouped-query heads, decoding, every pattern component and
their combinations), a hardware file (organisation, buffer, lanes,
accumulation, timing) and ``--pilot-compile`` options (wide tiles,
head-dimension chunks, loop order, buffer and tile overrides). Each case is
compiled under every schedule and each program must pass every check of
:data:`CHECKS`; :func:`run_case` returns what failed.

The compiler and the simulator run in-process where ``_pilot_native`` is
built and as tools otherwise (:mod:`pilot.native`).
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

import numpy as np

from pilot import compare, native, tools
from pilot.pattern import Pattern
from pilot.sweep import in_processes

#: The schedules every case is compiled under.
SCHEDULES = ("naive", "pilot", "fused", "auto")

#: What each program must pass, in the order they run; a failure names one.
CHECKS = {
    "compile": "--pilot-compile lowers the module",
    "verify": "pilot-opt parses and verifies the compiled module and prints it back unchanged",
    "check": "the functional simulation matches a float64 attention (pilot-sim --check)",
    "io": "the simulated internal bytes equal the I/O model's prediction",
    "modes": "exact and fast mode agree: every counter, the time within 1%",
    "deterministic": "simulating twice gives the same stats",
}

#: Bugs the sweep steers around until they are fixed (docs/testing.md,
#: Known bugs); the generator and the checks name the one they avoid.
KNOWN_BUGS: Dict[str, str] = {}

#: Refusals that are the compiler's answer, not a failure: tile overrides
#: the compiler takes as given and finds too big (docs/compiler.md).
REFUSALS = re.compile(r"pim-tile: .* \(rows, keys, head-dim-chunk\)")

#: The presets a hardware file starts from (docs/hardware.md).
PRESETS = ("pilot-hbm3", "pilot-hbm3-jedec")

#: The keys the generator consults, as both presets have them
#: (docs/hardware.md, Presets).
PRESET_VALUES = {"org.banks": 4, "org.row_bytes": 1024, "org.column_bytes": 32,
                 "bpm.buffer_bytes": 2048}

#: The fewest keys of a case: as many vectors of 16 elements or more as
#: the smallest DRAM row the generator draws (256 bytes) holds at most.
MIN_KEYS = 8

#: Tile overrides, which schedule=auto refuses.
TILE_OPTIONS = ("rows", "keys", "head-dim-chunk")

Options = Tuple[Tuple[str, str], ...]


@dataclass(frozen=True)
class Case:
    """One random problem: its attention, hardware and compile options.

    ``hardware`` holds the keys of a hardware file over ``preset``;
    ``options`` the ``--pilot-compile`` options of each schedule beyond
    ``hw`` and ``schedule``.
    """

    seed: int
    index: int
    batch: int
    heads: int
    kv_heads: int
    queries: int
    keys: int
    head_dim: int
    pattern: Pattern
    preset: str
    hardware: Tuple[Tuple[str, int], ...]
    options: Tuple[Tuple[str, Options], ...]

    @property
    def prefill(self) -> bool:
        """A query per key; decoding has the ``queries`` newest positions."""
        return self.queries == self.keys

    @property
    def query_shape(self) -> Tuple[int, int, int, int]:
        return (self.batch, self.heads, self.queries, self.head_dim)

    @property
    def kv_shape(self) -> Tuple[int, int, int, int]:
        return (self.batch, self.kv_heads, self.keys, self.head_dim)

    def module(self) -> str:
        """The ``sattn`` module: one attention with the default scale."""
        q = "tensor<{}xf16>".format("x".join(map(str, self.query_shape)))
        kv = "tensor<{}xf16>".format("x".join(map(str, self.kv_shape)))
        return (
            f"func.func @case{self.index}(%q: {q}, %k: {kv}, %v: {kv}) -> {q} {{\n"
            f"  %0 = sattn.attention %q, %k, %v {{pattern = {self.pattern.attribute()}}} "
            f": {q}, {kv}, {kv} -> {q}\n"
            f"  return %0 : {q}\n}}\n")

    def hardware_json(self) -> str:
        return json.dumps({"preset": self.preset, **dict(self.hardware)})

    def pipeline(self, schedule: str, hw: str) -> str:
        """The ``--pilot-compile`` options of ``schedule``, the hardware
        file at ``hw``."""
        return " ".join([f"hw={hw}", f"schedule={schedule}",
                         *(f"{key}={value}" for key, value in self.options_of(schedule))])

    def options_of(self, schedule: str) -> Options:
        """The options of ``schedule`` beyond ``hw`` and ``schedule``."""
        return dict(self.options).get(schedule, ())

    def skipped(self, schedule: str) -> Dict[str, str]:
        """The checks of :data:`CHECKS` that do not apply to the program of
        ``schedule``, and why."""
        options = dict(self.options_of(schedule))
        prefill = self.prefill
        dense_on_pim = options.get("dense-heads-on-pim") == "true"
        skipped = {}
        if self.pattern.dense_heads and prefill and not dense_on_pim:
            skipped["check"] = ("the dense heads stay on the host, whose output the "
                                "kernel does not compute but --check's reference does")
        return skipped

    def hardware_value(self, key: str) -> int:
        """A key of :data:`PRESET_VALUES` as the hardware file sets it."""
        return dict(self.hardware).get(key, PRESET_VALUES[key])

    def overrides_tiles(self, schedule: str) -> bool:
        """Whether the options of ``schedule`` override its tiles."""
        return any(key in TILE_OPTIONS for key, _ in self.options_of(schedule))

    def inputs(self) -> Dict[str, np.ndarray]:
        """Q, K and V: normal values, seeded by the case, in FP16 (as the
        banks hold them)."""
        rng = np.random.default_rng([self.seed, self.index])
        shapes = {"Q": self.query_shape, "K": self.kv_shape, "V": self.kv_shape}
        scales = {"Q": 0.5, "K": 0.5, "V": 1.0}
        return {name: (rng.standard_normal(shape) * scales[name]).astype(np.float16)
                for name, shape in shapes.items()}

    def features(self) -> Set[str]:
        """What the case exercises, by name: pattern components, shapes,
        hardware keys and options (the tests check that a sweep covers
        them all)."""
        p = self.pattern
        names = {name for name in ("dense", "causal", "window", "global_tokens", "sinks",
                                   "random", "random_cols", "dense_heads")
                 if getattr(p, name)}
        names.add("prefill" if self.prefill else "decode")
        if not self.prefill and self.queries > 1:
            names.add("decode queries")
        if p.block > 1:
            names.add("block" if self.keys % p.block == 0 else "partial block")
        if self.kv_heads < self.heads:
            names.add("grouped-query heads")
        if self.batch > 1:
            names.add("batch")
        names.add(f"d={self.head_dim}")
        names.add(self.preset)
        names.update(key for key, _ in self.hardware)
        names.update(f"{key}={value}" if key == "order" else key
                     for _, options in self.options for key, value in options)
        return names

    def describe(self) -> str:
        """One line: shapes, pattern, hardware and options."""
        stage = "prefill" if self.prefill else "decode"
        options = "; ".join(f"{s}: " + " ".join(f"{k}={v}" for k, v in o)
                            for s, o in self.options if o)
        return (f"batch {self.batch}, {self.heads} heads ({self.kv_heads} KV) "
                f"x {self.head_dim}, {self.queries} x {self.keys} ({stage}); "
                f"{self.pattern.attribute()}; hw {self.hardware_json()}"
                + (f"; {options}" if options else ""))


@dataclass(frozen=True)
class Failure:
    """A check that failed for one case under one schedule."""

    case: Case
    schedule: str
    check: str
    message: str

    def replay(self) -> str:
        """The command that reruns exactly this case and schedule."""
        return (f"PYTHONPATH=python python3 -m pilot difftest --seed {self.case.seed} "
                f"--case {self.case.index} --schedules {self.schedule}")


# --- the generator --------------------------------------------------------


def generate(seed: int, index: int) -> Case:
    """Case ``index`` of the sweep ``seed``: the same case whatever the
    sweep's size, so that ``--case`` replays it alone."""
    rng = random.Random(f"pilot-difftest {seed} {index}")
    head_dim = rng.choice([16, 16, 32, 32, 48, 64, 64, 80, 96, 112, 128])
    block = rng.choice([1, 1, 1, 2, 4, 8])
    if block == 1:
        keys = rng.randint(MIN_KEYS, 80)
    else:
        keys = rng.randint(max(2, -(-MIN_KEYS // block)), 12) * block
    decode = rng.random() < 0.3
    kv_heads = rng.choice([1, 1, 2, 3, 4])
    group = rng.choice([1, 1, 2, 4]) if kv_heads < 4 else 1
    heads = kv_heads * group
    pattern = _pattern(rng, keys, block, decode, heads, group)
    partial = min(block - 1, keys - MIN_KEYS)
    if partial > 0 and not (pattern.random or pattern.random_cols) and rng.random() < 0.3:
        keys -= rng.randint(1, partial)  # a partial last block
    org = _organisation(rng, head_dim)
    case = Case(
        seed=seed, index=index, batch=rng.choice([1, 1, 2, 3]), heads=heads,
        kv_heads=kv_heads, queries=keys, keys=keys,
        head_dim=head_dim, pattern=pattern, preset=rng.choice(PRESETS),
        hardware=tuple(sorted({**org, **_processing(rng)}.items())), options=())
    if decode:
        case = dataclasses.replace(case, queries=_decode_queries(rng, keys, block, pattern))
    return dataclasses.replace(case, options=_options(rng, case))


def _decode_queries(rng: random.Random, keys: int, block: int, pattern: Pattern) -> int:
    """A decoding step's new queries: mostly one, else up to 16
    (speculative decoding's verification, chunked prefill) where the
    lowering takes them (docs/compiler.md, Column split): no query at or
    within a window of a global token, the queries of one query block
    where the pattern is decided by block, no per-row random draws
    (block 1)."""
    if rng.random() < 0.5:
        return 1
    # Every query after the last global token, wherever that lies, and
    # past a window's reach of it (a global key inside a query's window
    # leaves a hole in its band).
    past_globals = 0
    if pattern.global_tokens:
        reach = sum(pattern.window) if pattern.window else 0
        past_globals = (max(pattern.global_tokens) + 1 + reach) * block
    most = min(16, keys - 1 - past_globals)
    if block > 1:
        most = min(most, (keys - 1) % block + 1)
    elif pattern.random or pattern.random_cols:
        most = 1
    return rng.randint(1, max(1, most))


def _organisation(rng: random.Random, head_dim: int) -> Dict[str, int]:
    """Bank organisation and DRAM rows: mostly a few pseudo-channels (fast
    to simulate functionally), sometimes the preset's 4096 banks; rows that
    may hold more keys than a window's band (or the sequence)."""
    org: Dict[str, int] = {}
    if rng.random() < 0.9:
        org.update({"org.stacks": rng.choice([1, 1, 2]), "org.dies": rng.choice([1, 1, 2]),
                    "org.pchs": rng.choice([1, 1, 2]),
                    "org.bank_groups": rng.choice([1, 2, 3, 4]),
                    "org.banks": rng.choice([1, 2, 4, 4, 8])})
    vector = 2 * head_dim
    # A vector fills whole columns; it may straddle DRAM rows.
    org["org.column_bytes"] = rng.choice([c for c in (16, 32, 32, 64) if vector % c == 0])
    org["org.row_bytes"] = rng.choice((256, 512, 1024, 1024, 2048))
    return org


def _processing(rng: random.Random) -> Dict[str, int]:
    """The processing modules and timing: buffer, lanes, accumulation, the
    BGPM, and sometimes a short refresh interval (fast mode's replays stop
    at refreshes)."""
    keys = {"bpm.buffer_bytes": rng.choice([2048, 2048, 4096, 8192]),
            "bpm.lanes": rng.choice([8, 16, 16, 32]),
            "bpm.accumulate_bits": rng.choice([16, 32]),
            "bgpm.adders": rng.choice([4, 16])}
    if rng.random() < 0.2:
        keys["timing.nREFI"] = rng.choice([1200, 2500])
    return keys


def _pattern(rng: random.Random, keys: int, block: int, decode: bool, heads: int,
             group: int) -> Pattern:
    """A random valid pattern the lowering takes (docs/patterns.md, Rules;
    docs/compiler.md, what is not lowered yet)."""
    blocks = keys // block
    causal = rng.random() < 0.4
    if rng.random() < 0.1:
        return Pattern(dense=True, causal=causal,
                       dense_heads=_dense_heads(rng, heads, group))
    fields: Dict[str, object] = {"causal": causal, "block": block}
    kinds = [k for k in ("window", "global_tokens", "sinks", "random")
             if rng.random() < (0.8 if k == "window" else 0.35)]
    if not kinds:
        kinds = [rng.choice(["window", "global_tokens", "sinks"])]
    if "window" in kinds:
        right = 0 if causal and rng.random() < 0.7 else rng.randint(0, min(3, blocks - 1))
        fields["window"] = (rng.randint(0, min(5, blocks - 1)), right)
    if "global_tokens" in kinds and (decode or blocks > 1):
        # Global tokens anywhere: the first, the last, scattered, a run in
        # the middle, sometimes every block.
        count = blocks if rng.random() < 0.05 else rng.randint(1, min(3, blocks))
        fields["global_tokens"] = tuple(sorted(rng.sample(range(blocks), count)))
    if "sinks" in kinds:
        fields["sinks"] = rng.randint(1, min(2, blocks))
    globals_ = fields.get("global_tokens", ())
    if "window" not in fields and "sinks" not in fields and (
            not globals_ or (causal and 0 not in globals_)):
        # Rows that attend neither a window, a sink nor a global token (causal
        # rows before every global token; with random blocks alone, a row
        # whose blocks' draw is empty) would attend no key, which the
        # lowering refuses (docs/errors.md).
        fields["sinks"] = 1
    if "random" in kinds:
        fields.update(_random(rng, blocks, block, decode, fields))
    if fields.keys() <= {"causal", "block"}:
        fields["window"] = (1, 0 if causal else 1)
    fields["dense_heads"] = _dense_heads(rng, heads, group)
    return Pattern(**fields)


def _random(rng: random.Random, blocks: int, block: int, decode: bool,
            fields: Dict[str, object]) -> Dict[str, object]:
    """Random key blocks, drawn (``random``, ``seed``) or listed
    (``random_cols``), where the lowering takes them: in prefill only for
    block patterns whose query blocks all draw as many blocks, causal ones
    with a window (docs/compiler.md)."""
    if not decode and (block == 1 or (fields["causal"] and "window" not in fields)):
        return {}
    free = _candidates(blocks, block, fields)
    # A global query block attends every key, so it has no candidates and
    # what it lists adds nothing; the others must all find as many.
    globals_ = set(fields.get("global_tokens", ()))
    others = [cols for q, cols in enumerate(free) if q not in globals_]
    if rng.random() < 0.5:
        count = rng.randint(1, 2)
        draw = {"random": count, "seed": rng.randint(0, 1000)}
        # The row split's query blocks must all find as many candidates.
        if decode or all(len(cols) >= count for cols in others):
            return draw
        return {}
    # An explicit draw: as many blocks that add keys for every query block
    # (its candidates), which is what the lowering gathers, and sometimes
    # blocks that add nothing (another component's, or causally later ones).
    count = rng.randint(0, min(2, *map(len, others))) if others else 0
    lists = []
    for cols in free:
        listed = rng.sample(cols, min(count, len(cols)))
        idle = [c for c in range(blocks) if c not in cols]
        if idle and rng.random() < 0.5:
            listed.append(rng.choice(idle))
        lists.append(tuple(sorted(listed)))
    if not any(lists):
        return {}
    return {"random_cols": tuple(lists)}


def _candidates(blocks: int, block: int, fields: Dict[str, object]) -> List[List[int]]:
    """Per query block, the key blocks a random draw may take: below the
    causal limit and attended by no other component, as the pattern's
    semantics say (``pilot-translate --random-candidates-from-json``)."""
    pattern = Pattern(**fields, random=1)
    keys = blocks * block
    answer = native.random_candidates(json.dumps(pattern.parameters()), keys, keys)
    return [[c for begin, end in position["candidates"] for c in range(begin, end)]
            for position in answer["blocks"]]


def _dense_heads(rng: random.Random, heads: int, group: int) -> Tuple[int, ...]:
    """DuoAttention's dense heads: any set, as its retrieval heads are chosen
    per key-value head and scattered (then whole groups of grouped-query
    heads), or heads of one group mixed with streaming ones."""
    if rng.random() < 0.75:
        return ()
    if group > 1 and rng.random() < 0.6:
        kv_heads = rng.sample(range(heads // group), rng.randint(1, heads // group))
        return tuple(sorted(h for kv in kv_heads for h in range(kv * group, (kv + 1) * group)))
    return tuple(sorted(rng.sample(range(heads), rng.randint(1, heads))))


def _shares_kv_heads(case: Case) -> bool:
    """Whether pim-map's ``share-kv=on`` takes the case (docs/compiler.md,
    Shared key-value heads): one decoding query, and every key-value head's
    query heads in runs of one kind (dense or not), as long in every head and
    longer than one."""
    if case.prefill or case.queries != 1 or case.kv_heads == case.heads:
        return False
    group = case.heads // case.kv_heads
    dense = set(case.pattern.dense_heads)
    runs = set()
    for first in range(0, case.heads, group):
        kinds = [head in dense for head in range(first, first + group)]
        length = 1
        for before, kind in zip(kinds, kinds[1:]):
            if kind == before:
                length += 1
            else:
                runs.add(length)
                length = 1
        runs.add(length)
    return len(runs) == 1 and runs.pop() > 1


def _options(rng: random.Random, case: Case) -> Tuple[Tuple[str, Options], ...]:
    """Each schedule's ``--pilot-compile`` options: the buffer, wide tiles
    and head-dimension chunks (pilot and fused), the loop order (key order
    only for the pilot schedule's column split: decoding), the dense heads
    on PIM in prefill."""
    shared: List[Tuple[str, str]] = []
    if rng.random() < 0.15:
        shared.append(("buffer-bytes", str(rng.choice([4096, 8192]))))
    # With every head dense, prefill leaves nothing on PIM but dense heads.
    every_head_dense = len(case.pattern.dense_heads) == case.heads
    if case.pattern.dense_heads and case.prefill and (
            every_head_dense or rng.random() < 0.5):
        shared.append(("dense-heads-on-pim", "true"))
    tiled: List[Tuple[str, str]] = []
    if rng.random() < 0.3:
        tiled.append(("wide", "true"))
    if rng.random() < 0.1:
        tiled.append(("rows", str(rng.choice([1, 2, 4, 8]))))
    if rng.random() < 0.1:
        tiled.append(("keys", str(rng.choice([1, 2, 4, 8, 16]))))
    column = case.hardware_value("org.column_bytes")
    chunks = [c for c in (8, 16, 32, 64) if c < case.head_dim and 2 * c % column == 0]
    chunk = [("head-dim-chunk", str(rng.choice(chunks)))] if chunks and rng.random() < 0.2 else []
    # The pilot schedule splits the head dimension in the row split only:
    # prefill without global rows.
    row_split = case.prefill and not case.pattern.global_tokens
    order = rng.choice(["", "", "query", "key"])
    # Drawn last, so that the draws above stay those of every earlier sweep.
    if _shares_kv_heads(case) and rng.random() < 0.5:
        shared.append(("share-kv", "on"))
    options = []
    for schedule in SCHEDULES:
        mine = list(shared)
        if schedule in ("pilot", "fused"):
            mine += tiled
        if schedule == "fused" or (schedule == "pilot" and row_split):
            mine += chunk
        if order == "query" or (order == "key" and schedule == "pilot"
                                and not case.prefill):
            mine.append(("order", order))
        if schedule == "auto":
            mine = [(k, v) for k, v in mine if k not in TILE_OPTIONS]
        options.append((schedule, tuple(mine)))
    return tuple(options)


# --- the checks -----------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What checking one case gave: the failures, the schedules whose tile
    overrides the compiler refused (:data:`REFUSALS`), and how many
    programs passed every check."""

    case: Case
    failures: Tuple[Failure, ...]
    refused: Tuple[str, ...]
    passed: int


def run_case(case: Case, schedules: Sequence[str] = SCHEDULES) -> Result:
    """Compile ``case`` under each schedule and run every check of
    :data:`CHECKS`, but those :meth:`Case.skipped` names. Never raises for a
    failing check."""
    failures: List[Failure] = []
    refused: List[str] = []
    kernels: Dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="pilot-difftest-") as workdir:
        hw = Path(workdir) / "hw.json"
        hw.write_text(case.hardware_json())
        for schedule in schedules:
            try:
                kernels[schedule] = native.compile(case.module(), case.pipeline(schedule, hw))
            except tools.ToolError as err:
                if REFUSALS.search(err.stderr) and case.overrides_tiles(schedule):
                    refused.append(schedule)
                else:
                    failures.append(Failure(case, schedule, "compile", _first_lines(err.stderr)))
    for schedule, message in verify(kernels).items():
        failures.append(Failure(case, schedule, "verify", message))
    inputs = case.inputs()
    for schedule, kernel in kernels.items():
        failure = simulate_and_compare(kernel, inputs, set(case.skipped(schedule)))
        if failure:
            failures.append(Failure(case, schedule, *failure))
    failed = {f.schedule for f in failures}
    return Result(case, tuple(failures), tuple(refused),
                  sum(1 for schedule in kernels if schedule not in failed))


def verify(kernels: Dict[str, str]) -> Dict[str, str]:
    """Parse and verify the compiled modules with pilot-opt, all in one run
    (``--split-input-file``), and check that it prints each back as it was
    given; what went wrong, by schedule."""
    if not kernels:
        return {}
    separator = "\n// -----\n"
    try:
        printed = tools.run_tool("pilot-opt", ["--split-input-file"],
                                 input_text=separator.join(kernels.values()))
    except tools.ToolError as err:
        if len(kernels) == 1:
            return {schedule: _first_lines(err.stderr) for schedule in kernels}
        # Which of them: each alone.
        problems: Dict[str, str] = {}
        for schedule, kernel in kernels.items():
            problems.update(verify({schedule: kernel}))
        return problems
    problems = {}
    for (schedule, kernel), again in zip(kernels.items(), printed.split("// -----\n")):
        if again.strip() != kernel.strip():
            problems[schedule] = "pilot-opt prints the module back differently"
    return problems


def simulate_and_compare(kernel: str, inputs: Dict[str, np.ndarray],
                         skip: Set[str] = frozenset()) -> Optional[Tuple[str, str]]:
    """The simulation checks of one compiled program, its output checked
    against the reference on ``inputs``, but those in ``skip``:
    ``(check, message)`` of the first that fails, or None."""
    functional = "check" not in skip
    try:
        exact = native.simulate(kernel, "exact", inputs=inputs if functional else None,
                                check=functional)
    except tools.ToolError as err:
        return "check", _first_lines(err.stderr)
    model, simulated = compare.internal_bytes(kernel, exact)
    if "io" not in skip and model != simulated:
        return "io", f"internal bytes per bank: model {model}, simulated {simulated}"
    try:
        fast = native.simulate(kernel, "fast")
        again = native.simulate(kernel, "fast")
    except tools.ToolError as err:
        return "modes", _first_lines(err.stderr)
    problems = compare.stats_disagreements(exact, fast)
    if problems:
        return "modes", "; ".join(problems[:4])
    if fast != again:
        keys = sorted(k for k in set(fast) | set(again) if fast.get(k) != again.get(k))
        return "deterministic", f"stats differ in {', '.join(keys)}"
    return None


def _first_lines(text: str, count: int = 4) -> str:
    """A tool's diagnostics on one line: the first ``count`` lines."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    shown = " | ".join(lines[:count])
    return shown + (f" | ... ({len(lines) - count} more lines)" if len(lines) > count else "")


def write_case(case: Case, directory: Path, schedules: Sequence[str]) -> List[str]:
    """Write ``case``'s module, hardware file and inputs to ``directory``;
    the pilot-opt and pilot-sim commands that compile and check it under
    each of ``schedules`` there."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "module.mlir").write_text(case.module())
    (directory / "hw.json").write_text(case.hardware_json() + "\n")
    inputs = []
    for name, array in case.inputs().items():
        np.save(directory / f"{name}.npy", array)
        inputs.append(f"--input {name}={name}.npy")
    commands = [f"cd {directory}"]
    for schedule in schedules:
        commands += [
            f"pilot-opt module.mlir --pilot-compile=\"{case.pipeline(schedule, 'hw.json')}\" "
            f"-o {schedule}.mlir",
            f"pilot-sim {schedule}.mlir {' '.join(inputs)} --check --stats-json={schedule}-exact.json",
            f"pilot-sim {schedule}.mlir --mode=fast --stats-json={schedule}-fast.json"]
    return commands


# --- sweeps ---------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """A case to generate and check in a worker process."""

    seed: int
    index: int
    schedules: Tuple[str, ...]


def run_job(job: Job) -> Result:
    return run_case(generate(job.seed, job.index), job.schedules)


def sweep(seed: int, indices: Iterable[int], schedules: Sequence[str] = SCHEDULES,
          jobs: int = 0) -> Iterator[Result]:
    """Each case's :class:`Result` as it finishes, in ``jobs`` processes
    (0: one per CPU; 1: this one, in order)."""
    work = [Job(seed, index, tuple(schedules)) for index in indices]
    for _, result in in_processes(run_job, work, jobs):
        yield result
