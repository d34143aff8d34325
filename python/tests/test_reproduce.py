"""`python3 -m pilot reproduce --quick`: every figure's CSV and PNG, with
sane values, and the paper's numbers beside ours (docs/reproduction.md)."""

import csv
import math

import pytest

from pilot import cli, paper

pytestmark = pytest.mark.tools

FIGURES = ("fig9", "fig10", "fig11", "fig12", "fig13", "fig14")


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
        status = cli.main(["reproduce", "--quick", "--jobs", "2", "--out", str(out)])
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
