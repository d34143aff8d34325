"""End to end: every Table II workload compiles with --pilot-compile and
simulates; the program's size does not follow the sequence length; the
``run`` command reports what the simulator measured."""

import re

import pytest

from pilot import cli, gen, summary, tools
from pilot.commands import run
from pilot.workloads import PRESETS

pytestmark = pytest.mark.tools

COMMAND = re.compile(r"^\s*pim\.(cfg|mov|mac|exp|acc|sfm|mask|sub|out)\b", re.M)


def compile_module(module, schedule="pilot", extra=""):
    return tools.run_tool("pilot-opt",
                          [f"--pilot-compile=schedule={schedule}{extra}"],
                          input_text=module)


def predicted_ms(kernel):
    """The kernel's predicted time: its parts' `pim.predicted` times."""
    parts = summary.tiled_parts(summary.of(kernel))
    return sum(p["predicted"]["time_ns"] for p in parts) / 1e6


@pytest.mark.parametrize("stage", gen.STAGES)
@pytest.mark.parametrize("workload", list(PRESETS))
def test_every_workload_compiles(require_tool, workload, stage):
    """The whole pipeline, from the generated module to a kernel with one
    class per range of bank groups and the attention for --check."""
    require_tool("pilot-opt")
    kernel = compile_module(gen.module_text(workload, stage))
    assert re.search(r"pim\.kernel @\w+_pim hw\(#pim\.hw<\"pilot-hbm3\">\)", kernel)
    assert "pilot.attention = {" in kernel
    assert "pim.bank_class" in kernel
    # Loops over slots, tiles and steps, not unrolled tokens or instances.
    assert len(COMMAND.findall(kernel)) < 10_000
    # The summary counts the commands of the program text, as its lines do.
    assert summary.command_count(summary.of(kernel)) == len(COMMAND.findall(kernel))
    if stage == "prefill":
        assert "pim.loop" in kernel


@pytest.mark.parametrize("split, sizes", [
    ("heads", [(8192, 1), (32768, 1), (8192, 16)]),
    # A batch of one spreads each row-split instance over 84 bank groups:
    # 336 banks of about 100 or 200 rows, past the length where a bank's walk
    # first loops (docs/compiler.md, Small batches).
    ("auto", [(32768, 1), (65536, 1)]),
])
def test_program_size_does_not_follow_the_sequence(require_tool, split, sizes):
    """Longformer prefill at several lengths and batches: the same loops
    with other trip counts, so about the same number of commands (from 8K
    on under the paper's mapping: the global row's blocks of scores, 384
    keys each, walk in a loop once the bank's piece holds several)."""
    require_tool("pilot-opt")
    counts = {}
    for lin, batch in sizes:
        module = gen.module_text("longformer", "prefill", lin=lin, batch=batch)
        counts[(lin, batch)] = len(COMMAND.findall(
            compile_module(module, extra=f" split={split}")))
    smallest, largest = min(counts.values()), max(counts.values())
    assert largest <= 1.5 * smallest, counts


@pytest.mark.parametrize("workload", ["longformer", "llama2-7b-duo"])
def test_auto_takes_the_lowest_predicted_time(require_tool, workload):
    """schedule=auto's program is predicted no slower than any schedule it
    chooses among (naive, pilot in either tile space, fused), and as fast
    as the best of them."""
    require_tool("pilot-opt")
    module = gen.module_text(workload, "prefill")
    candidates = [predicted_ms(compile_module(module, schedule, extra))
                  for schedule, extra in [("naive", ""), ("pilot", ""),
                                          ("pilot", " wide=true"), ("fused", "")]]
    chosen = predicted_ms(compile_module(module, "auto"))
    # Parts may take different schedules: never above the best single one.
    assert chosen <= min(candidates) * (1 + 1e-9), (chosen, candidates)
    assert chosen > 0


def test_run_reports_every_schedule(require_tool, capsys):
    """`python3 -m pilot run` on Longformer decode: a row per schedule (auto
    naming what it chose), every schedule's simulated bytes equal to the
    model's, and speedups."""
    require_tool("pilot-opt")
    require_tool("pilot-sim")
    assert cli.main(["run", "--workload", "longformer", "--stage", "decode"]) == 0
    out = capsys.readouterr().out
    rows = {m.group(1): m for m in re.finditer(
        r"^\| (\w+)(?: \([\w, ]+\))? \| [\dx/, ]+ \| ([\d.]+) (\w+) "
        r"\| ([\d.]+ \w+) \(([\d.]+ \w+)\) \|", out, re.M)}
    assert set(rows) == {"naive", "pilot", "fused", "auto"}
    for row in rows.values():
        assert float(row.group(2)) > 0
        assert row.group(4) == row.group(5)
    assert re.search(r"^\| auto \((naive|pilot|fused)(, (naive|pilot|fused))*\) \|",
                     out, re.M)
    assert "Speedup over naive" in out


def test_run_rejects_unknown_schedules():
    with pytest.raises(Exception) as info:
        run.parse_schedules("pilot,fastest")
    assert "fastest" in str(info.value) and "schedules" in str(info.value)
