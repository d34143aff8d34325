"""`python3 -m pilot reproduce --quick`: every figure's CSV and PNG, with
sane values, and the paper's numbers beside ours (docs/reproduction.md)."""

import csv
import json
import math
import os
import subprocess
import sys

import pytest

from pilot import cli, paper

pytestmark = pytest.mark.tools

FIGURES = ("fig9", "fig10", "fig11", "fig12", "fig13", "fig14", "batch")
#: The batch figure's batches here: a tiny sweep.
BATCHES = (1, 2)


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One quick run shared by the tests: its output folder and stdout."""
    from pilot import tools
    tools.find_tool("pilot-opt")
    out = tmp_path_factory.mktemp("reproduce")
    import contextlib
    import io
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        status = cli.main(["reproduce", "--quick", "--jobs", "2", "--out", str(out),
                           "--batches", ",".join(map(str, BATCHES))])
    assert status == 0
    return out, printed.getvalue()


def rows(out, figure):
    with (out / f"{figure}.csv").open() as f:
        return list(csv.DictReader(f))


def test_every_figure_has_a_csv_and_a_plot(quick):
    out, _ = quick
    for figure in FIGURES:
        assert rows(out, figure), figure
        assert (out / f"{figure}.png").stat().st_size > 0, figure


def test_speedups_are_positive_and_finite(quick):
    out, _ = quick
    for figure in FIGURES:
        for row in rows(out, figure):
            for key, value in row.items():
                if value == "" and row.get("refused"):
                    continue  # a batch point the banks cannot hold has no PIM time
                if "_over_" in key or key.endswith("_s") or key.endswith("reduction"):
                    number = float(value)
                    assert math.isfinite(number) and number >= 0, (figure, key, value)
                    if "_over_" in key or key.endswith("reduction"):
                        assert number > 0, (figure, key, value)


def test_pilot_never_moves_more_than_the_naive_schedule(quick):
    out, _ = quick
    for row in rows(out, "fig10"):
        assert float(row["pilot_internal_bytes"]) <= float(row["naive_internal_bytes"]), row
        assert float(row["pilot_percent"]) <= 100.0
    for row in rows(out, "fig13"):
        assert float(row["pilot_reduction"]) >= 1.0, row


def test_the_gpu_modes_order_as_their_traffic(quick):
    # Gathering a vector per entry never beats reading K and V once, which
    # never beats keeping the scores on chip.
    out, _ = quick
    for row in rows(out, "fig9"):
        gather, unfused, fused = (float(row[f"gpu_{m}_s"])
                                  for m in ("gather", "unfused", "fused"))
        assert gather >= unfused >= fused > 0, row


def test_the_table_sets_every_paper_number_beside_ours(quick):
    _, printed = quick
    for result in paper.results():
        assert f"| {result.figure} | {result.description} | {result.value:.2f} |" in printed
    # Quick covers Longformer and Llama-2 prefill and decode.
    for workload in ("longformer", "llama2-7b-duo"):
        for stage in ("prefill", "decode"):
            assert f"| {workload} | {stage} |" in printed


BATCH_COLUMNS = ("workload", "stage", "kv_heads", "tokens", "batch", "mapping",
                 "gpu_gather_s", "gpu_unfused_s", "gpu_fused_s", "pim_s", "pim_over_gpu",
                 "busy_banks", "utilization", "time_over_bound", "bound_s", "banks",
                 "pilot_compile", "refused")


def test_the_batch_figure_covers_every_case_batch_and_mapping(quick):
    out, printed = quick
    table = rows(out, "batch")
    assert tuple(table[0]) == BATCH_COLUMNS
    cases = {(r["workload"], r["stage"], r["kv_heads"], r["tokens"]) for r in table}
    # Each quick workload's prefill and decoding, and Llama-2's with 8 KV
    # heads at a 32K-token cache.
    assert ("llama2-7b-duo", "decode", "8", "32768") in cases and len(cases) == 6
    mappings = {r["mapping"] for r in table}
    assert len(table) == len(cases) * len(BATCHES) * len(mappings)
    assert "PILOT" in mappings
    for r in table:
        if not r["refused"]:
            assert 0 < int(r["busy_banks"]) <= int(r["banks"]), r
            assert 0 < float(r["utilization"]) <= 1, r
    assert "| workload | stage | KV heads | tokens | batch | mapping |" in printed


def _generated(row) -> str:
    """The row's module, from the ``gen`` command in a fresh interpreter."""
    import pilot
    length = "--lin" if row["stage"] == "prefill" else "--kv-len"
    env = {**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(pilot.__file__))}
    return subprocess.run(
        [sys.executable, "-m", "pilot", "gen", "--workload", row["workload"],
         "--stage", row["stage"], "--batch", row["batch"], "--kv-heads", row["kv_heads"],
         length, row["tokens"]],
        check=True, capture_output=True, text=True, env=env).stdout


def test_each_decoding_pim_time_is_pilot_sims(quick, tmp_path):
    # pilot-opt and pilot-sim run as tools on the gen command's module, not
    # through the sweep's in-process path; decoding only, which compiles
    # in a second.
    from pilot import tools
    out, _ = quick
    checked = 0
    for row in rows(out, "batch"):
        if row["stage"] != "decode" or row["refused"]:
            continue
        program = tools.run_tool("pilot-opt", [f"--pilot-compile={row['pilot_compile']}"],
                                 input_text=_generated(row))
        kernel, stats = tmp_path / "kernel.mlir", tmp_path / "stats.json"
        kernel.write_text(program)
        tools.run_tool("pilot-sim", [str(kernel), "--mode=fast", f"--stats-json={stats}"])
        measured = json.loads(stats.read_text())
        assert float(row["pim_s"]) == pytest.approx(measured["time_ns"] * 1e-9, rel=1e-12), row
        assert int(row["busy_banks"]) == measured["busy_banks"], row
        checked += 1
    assert checked >= 3 * len(BATCHES)


def test_a_mapping_pilot_opt_refuses_is_left_out_with_its_reason():
    from pilot import figures
    accepted, refused = figures.accepted_mappings(
        "pilot-hbm3", (("paper", ""), ("bogus", "no-such-option=1")))
    assert accepted == (("paper", ""),)
    assert len(refused) == 1 and refused[0].startswith("bogus (")
    assert "no-such-option=1" in refused[0]


def test_a_log_axis_only_where_the_data_span_more_than_tenfold():
    import matplotlib.pyplot as plt
    from pilot import plots
    fig, ax = plt.subplots()
    # The decoding buffer sweep's reductions span 2%.
    assert plots._axis_scale(ax, [1.02, 1.03, 1.046]) == "linear"
    assert ax.get_yscale() == "linear"
    assert plots._axis_scale(ax, [1.0, 251.0]) == "log"
    assert plots._axis_scale(ax, [1, 512], "x", base=2) == "log"
    assert ax.get_xscale() == "log"
    plt.close(fig)


@pytest.mark.parametrize("text", ["0,1", "1,x", ""])
def test_bad_batches_are_refused_naming_the_value(text):
    import argparse
    from pilot.commands import reproduce
    with pytest.raises(argparse.ArgumentTypeError, match=repr(text)):
        reproduce.batch_list(text)
    assert reproduce.batch_list("16,1,16") == (1, 16)
    assert reproduce.batch_list("none") == ()
