"""Randomized differential testing (pilot.difftest, docs/testing.md): a
fixed seed's random problems (shapes, grouped-query heads, decoding, every
pattern component, hardware organisations, compile options), each compiled
under every schedule; every program must verify, match a float64 attention
(pilot-sim --check), move exactly the bytes the I/O model predicts, agree
between exact and fast mode and simulate the same twice. A failure prints
its seed and case and the command that replays it:

    PYTHONPATH=python python3 -m pilot difftest --seed 2026 --case K
"""

import collections
from typing import Tuple

import pytest

from pilot import cli, difftest, native, tools

pytestmark = pytest.mark.tools

SEED = 2026

#: Cases of the sweep with the in-process extension: 26 s on two idle cores.
CASES = 300

#: Cases without it: a build that leaves it out says why in
#: <build>/python/NO_EXTENSION (the sanitizer build: Python would need the
#: sanitizer runtime preloaded). Every compile and simulation is then a
#: tool process, instrumented there, about ten times slower a case: 20
#: cases take 20 s.
CASES_WITH_TOOLS = 20


def sweep_size() -> Tuple[int, str]:
    """How many cases this build checks in the time the suite allows, and
    how it runs them. (A build that lacks the extension and does not say
    why fails test_native.py.)"""
    if native.extension() is not None:
        return CASES, "in-process"
    reason = tools.bin_dir().parent / "python" / "NO_EXTENSION"
    why = reason.read_text().strip() if reason.exists() else "not built"
    return CASES_WITH_TOOLS, f"the tools, no _pilot_native in this build: {why}"


def test_sweep(require_tool):
    """Every program of the fixed seed's cases passes every check."""
    require_tool("pilot-opt")
    require_tool("pilot-sim")
    cases, how = sweep_size()
    failures, passed = [], 0
    for result in difftest.sweep(SEED, range(cases)):
        failures.extend(result.failures)
        passed += result.passed
    lines = [f"seed {SEED}, {cases} cases ({how}): {len(failures)} failures, "
             f"{passed} programs passed:"]
    for failure in failures:
        lines += [f"seed {SEED} case {failure.case.index} {failure.schedule}: "
                  f"{failure.check}: {failure.message}",
                  f"  {failure.case.describe()}", f"  {failure.replay()}"]
    assert not failures, "\n".join(lines)
    assert passed >= 3 * cases


def test_a_case_is_its_seed_and_index():
    """Case k is the same however many cases the sweep has, so --case
    replays it alone; other seeds and indices give other cases."""
    assert difftest.generate(SEED, 17) == difftest.generate(SEED, 17)
    others = {difftest.generate(seed, index) for seed in (SEED, SEED + 1)
              for index in range(17)}
    assert difftest.generate(SEED, 17) not in others


def test_the_sweep_covers_every_kind_of_input():
    """The full sweep's cases, generated without running them, take every
    pattern component, both stages, grouped-query heads, every hardware
    key the generator varies and every compile option."""
    seen = collections.Counter()
    for index in range(CASES):
        seen.update(difftest.generate(SEED, index).features())
    wanted = {
        "dense", "causal", "window", "global_tokens", "sinks", "random", "random_cols",
        "dense_heads", "prefill", "decode", "decode queries", "block", "partial block",
        "grouped-query heads", "batch", "d=16", "d=32", "d=64", "d=128",
        *difftest.PRESETS, "org.stacks", "org.dies", "org.pchs", "org.bank_groups",
        "org.banks", "org.row_bytes", "org.column_bytes", "bpm.buffer_bytes",
        "bpm.lanes", "bpm.accumulate_bits", "bgpm.adders", "timing.nREFI",
        "buffer-bytes", "dense-heads-on-pim", "wide", "rows", "keys", "head-dim-chunk",
        "order=query", "order=key", "share-kv"}
    assert not wanted - set(seen), f"never generated: {sorted(wanted - set(seen))}"


def test_a_failure_prints_its_replay_command(require_tool, monkeypatch, capsys):
    """`python3 -m pilot difftest` names each failing case and schedule with
    the command that reruns exactly it, and exits 1."""
    require_tool("pilot-opt")
    require_tool("pilot-sim")
    checked = difftest.simulate_and_compare

    def fused_fails(kernel, inputs, skip=frozenset()):
        if "schedule = fused" in kernel:
            return "io", "a planted failure"
        return checked(kernel, inputs, skip)

    monkeypatch.setattr(difftest, "simulate_and_compare", fused_fails)
    status = cli.main(["difftest", "--seed", "7", "--case", "3", "--schedules",
                       "naive,fused", "--jobs", "1"])
    out = capsys.readouterr().out
    assert status == 1, out
    assert "FAIL seed 7 case 3 fused: io: a planted failure" in out
    assert "python3 -m pilot difftest --seed 7 --case 3 --schedules fused" in out
    assert "2 programs: 1 passed, 1 failed (compile 0, verify 0, check 0, io 1," in out


def test_a_passing_case_exits_zero(require_tool, capsys):
    require_tool("pilot-opt")
    require_tool("pilot-sim")
    assert cli.main(["difftest", "--seed", "7", "--case", "3", "--jobs", "1"]) == 0
    assert "4 programs: 4 passed, 0 failed" in capsys.readouterr().out


def test_bad_options_are_refused():
    with pytest.raises(SystemExit):
        cli.main(["difftest", "--cases", "-1"])
    with pytest.raises(SystemExit):
        cli.main(["difftest", "--schedules", "naive,fastest"])
