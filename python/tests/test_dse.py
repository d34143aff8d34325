"""`python3 -m pilot dse` (docs/dse.md): spaces are checked before any point
runs, the store computes each point once, a Dask cluster gives what local
processes give (also when a worker dies mid-sweep), and the Pareto fronts
and area figures."""

import contextlib
import io
import os
import random
import signal
import sqlite3
from pathlib import Path

import pytest

from pilot import area, cli, dse, engines
from pilot.space import SpaceError, build, load, preset_fields
from pilot.store import Store, tools_version

pytestmark = pytest.mark.tools

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: 2 reduced-length workloads x 2 stages x 3 buffers: 12 points, about a
#: second in one process.
SPACE = """
workloads:
  - {preset: longformer, name: longformer-256, batch: 1, lin: 256}
  - {preset: llama2-7b-duo, name: llama2-256, batch: 1, lin: 256, heads: 4}
stages: [prefill, decode]
schedules: [pilot]
hardware:
  bpm.buffer_bytes: [2048, 4096, 8192]
"""
#: What a point's result must agree on wherever it ran (not its wall times).
SIMULATED = [m for m in dse.MEASURES if not m.endswith("_s")] + ["seconds"]


def space_points():
    import yaml
    return build(yaml.safe_load(SPACE)).points


def sweep(tmp_path, engine, name, progress=None):
    store = Store(tmp_path / f"{name}.sqlite")
    run = dse.Sweep(space_points(), store, tools_version())
    results, tally = run.run(engine, progress=progress)
    return run, results, tally


def simulated(results):
    return {p: {m: r.get(m) for m in SIMULATED} for p, r in results.items()}


@pytest.fixture(scope="module")
def pool_results(tmp_path_factory):
    """The space in two local processes: the reference."""
    engine = engines.LocalProcesses(2)
    _, results, tally = sweep(tmp_path_factory.mktemp("pool"), engine, "pool")
    assert (tally.computed, tally.failed) == (12, 0)
    return simulated(results)


@pytest.fixture(scope="module")
def cluster():
    engine = engines.Dask.start_local(2)
    yield engine
    engine.close()


def test_a_local_cluster_gives_what_local_processes_give(pool_results, cluster, tmp_path):
    _, results, tally = sweep(tmp_path, cluster, "dask")
    assert (tally.total, tally.computed, tally.failed) == (12, 12, 0)
    assert simulated(results) == pool_results
    # Different hardware, different results: the comparison compares
    # something. (Decoding at batch 1 cuts each head's keys over many bank
    # groups, a few keys a bank, which every buffer holds: each decoding
    # workload takes one time; the two prefills three between them.)
    assert len({r["seconds"] for r in pool_results.values()}) >= 5


def test_a_worker_killed_mid_sweep_loses_and_repeats_no_point(pool_results, cluster,
                                                              tmp_path):
    client = cluster.client
    killed = []

    def kill_a_busy_worker(tally, point):
        if point is None or killed:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        assert busy, "no worker holds a point to lose"
        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    run, results, tally = sweep(tmp_path, cluster, "killed", kill_a_busy_worker)
    assert killed
    assert (tally.computed, tally.failed) == (12, 0)
    assert simulated(results) == pool_results
    rows = sqlite3.connect(str(run.store.path)).execute("SELECT key FROM points").fetchall()
    assert sorted(k for (k,) in rows) == sorted(run.keys)


def run_cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["dse", *map(str, args)])
    return status, out.getvalue(), err.getvalue()


def test_a_second_run_computes_nothing_and_force_everything(tmp_path):
    space = tmp_path / "space.yaml"
    space.write_text(SPACE)
    common = (space, "--out", tmp_path / "out", "--jobs", "2", "--no-plots")
    lines = [run_cli(*common)[1].splitlines()[-1],
             run_cli(*common)[1].splitlines()[-1],
             run_cli(*common, "--force")[1].splitlines()[-1]]
    assert lines == ["12 points: 12 computed, 0 cached, 0 failed",
                     "12 points: 0 computed, 12 cached, 0 failed",
                     "12 points: 12 computed, 0 cached, 0 failed"]
    with (tmp_path / "out" / "points.csv").open() as f:
        assert sum(1 for _ in f) == 13


def test_a_failed_point_is_recorded_and_tried_again(tmp_path):
    # 5000 query rows per tile cannot fit a 2 KB buffer.
    space = tmp_path / "space.yaml"
    space.write_text("workloads: [{preset: longformer, batch: 1, lin: 256}]\n"
                     "stages: [decode]\npipeline: {rows: [0, 5000]}\n")
    common = (space, "--out", tmp_path / "out", "--jobs", "1", "--no-plots")
    first, second = run_cli(*common), run_cli(*common)
    assert first[1].splitlines()[-1] == "2 points: 2 computed, 0 cached, 1 failed"
    assert second[1].splitlines()[-1] == "2 points: 1 computed, 1 cached, 1 failed"
    (error,) = [e for (e,) in sqlite3.connect(str(tmp_path / "out" / "store.sqlite"))
                .execute("SELECT error FROM points WHERE error IS NOT NULL")]
    assert "buffer holds 1024" in error


@pytest.mark.parametrize("text, key", [
    ("workloads: [longformer]\nhardware: {bpm.lane: [16]}\n", "hardware.bpm.lane"),
    ("workloads: [longformer]\nhardware: {bpm.lanes: [16, 0]}\n", "hardware.bpm.lanes"),
    ("workloads: [longformer]\nhardware: {preset: [hbm9]}\n", "hardware.preset"),
    ("workloads: [longformer]\nschedule: [pilot]\n", "schedule"),
    ("workloads: [longformr]\n", "workloads[0]"),
    ("workloads: [{preset: longformer, heads: 0}]\n", "workloads[0].heads"),
    ("workloads: [bigbird]\nlengths: [100]\n", "lengths"),
    ("workloads: [longformer]\npipeline: {order: [sideways]}\n", "pipeline.order"),
    ("workloads: [longformer]\npipeline: {share-kv: [sometimes]}\n", "pipeline.share-kv"),
    ("workloads: [longformer]\npipeline: {split: [banks]}\n", "pipeline.split"),
    ("workloads: [longformer]\nfilter: lanes > 4\n", "filter"),
])
def test_a_bad_space_fails_before_any_point_runs(tmp_path, text, key):
    space = tmp_path / "space.yaml"
    space.write_text(text)
    status, _, err = run_cli(space, "--out", tmp_path / "out")
    assert status == 2
    assert f"{space}: {key}: " in err
    assert not (tmp_path / "out").exists()


def test_the_readme_space_has_eight_points_and_the_filter_drops():
    assert len(load(str(EXAMPLES / "dse-small.yaml")).points) == 8
    points = build({"workloads": ["longformer"], "stages": ["decode"],
                    "hardware": {"bpm.lanes": {"from": 8, "to": 64, "times": 2},
                                 "bpm.buffer_bytes": [2048, 4096]},
                    "filter": "bpm.lanes * 128 <= bpm.buffer_bytes"}).points
    assert sorted(dict(p.hardware)["bpm.lanes"] for p in points) == [8, 8, 16, 16, 32]


def test_every_example_space_is_valid():
    for path in EXAMPLES.glob("*.yaml"):
        assert load(str(path)).points, path


def test_pareto_front_is_exactly_the_undominated_rows():
    rng = random.Random(7)
    rows = [{"a": rng.randint(0, 20), "seconds": rng.randint(0, 20)} for _ in range(200)]
    front = dse.pareto_front(rows, "a")

    def dominated(r):
        return any(o["a"] <= r["a"] and o["seconds"] <= r["seconds"]
                   and (o["a"], o["seconds"]) != (r["a"], r["seconds"]) for o in rows)

    expected = {(r["a"], r["seconds"]) for r in rows if not dominated(r)}
    assert sorted((r["a"], r["seconds"]) for r in front) == sorted(expected)


def test_area_of_table_i_is_the_papers_per_die_figure():
    # PILOT: 14.87 mm^2 per DRAM die, from 0.107 per BPM and 0.036 per BGPM.
    hw = preset_fields("pilot-hbm3")
    assert area.per_die_mm2(hw) == pytest.approx(14.87, rel=2e-3)
    doubled = {**hw, "bpm.lanes": 32, "bpm.buffer_bytes": 4096}
    assert area.bpm_mm2(doubled) == pytest.approx(2 * area.BPM_MM2)
    assert area.total_mm2(hw) == pytest.approx(area.per_die_mm2(hw) * 32)


def test_local_cluster_spec_is_checked():
    with pytest.raises(Exception, match="local:N"):
        engines.local_workers("local:zero")
    assert engines.local_workers("local:3") == 3


def test_space_errors_name_their_key():
    with pytest.raises(SpaceError) as caught:
        build({"workloads": ["longformer"], "stages": ["both"]})
    assert caught.value.key == "stages"


def test_share_kv_takes_yaml_on_and_off():
    """YAML 1.1 reads `on` and `off` as booleans; the share-kv axis takes
    them as the option's values."""
    points = build({"workloads": ["llama2-7b-duo"], "stages": ["decode"],
                    "pipeline": {"share-kv": [True, False, "auto"]}}).points
    assert [p.pipeline_options("pilot-hbm3").split()[-1] for p in points] == [
        "share-kv=on", "share-kv=off", "share-kv=auto"]
