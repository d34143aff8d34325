"""Bad command lines of ``python3 -m pilot``: each is one ``pilot CMD: error:``
line on stderr and a non-zero exit (2 for a bad argument, 1 for a tool that
fails or is missing), never a traceback. docs/errors.md lists them."""

import stat

import pytest

from pilot import cli, tools


def run_cli(capsys, *argv):
    """Run ``pilot argv``; returns (exit status, stderr)."""
    try:
        status = cli.main(list(argv))
    except SystemExit as exit_:
        status = exit_.code
    _, err = capsys.readouterr()
    return status, err


@pytest.mark.parametrize("argv,message", [
    (["bogus"], "pilot: error: argument COMMAND: invalid choice: 'bogus'"),
    (["workloads", "--bogus"], "pilot: error: unrecognized arguments: --bogus"),
    (["gen", "--workload", "gpt-5"],
     "pilot gen: error: argument --workload: invalid choice: 'gpt-5'"),
    (["gen", "--workload", "longformer", "--stage", "train"],
     "pilot gen: error: argument --stage: invalid choice: 'train'"),
    (["gen", "--workload", "longformer", "--batch", "two"],
     "pilot gen: error: argument --batch: invalid int value: 'two'"),
    (["gen", "--workload", "longformer", "--batch", "0"],
     "pilot gen: error: argument --batch: must be a positive integer, got 0"),
    (["gen", "--workload", "longformer", "--head-dim", "-64"],
     "pilot gen: error: argument --head-dim: must be a positive integer, got -64"),
    (["gen", "--workload", "bigbird", "--lin", "100"],
     "pilot gen: error: argument --lin: must be a multiple of the block size 64 of bigbird, "
     "got 100"),
    (["gen", "--workload", "longformer", "--kv-heads", "5"],
     "pilot gen: error: argument --kv-heads: 5 does not divide the number of heads 12"),
    (["gen", "--workload", "longformer", "--queries", "2"],
     "pilot gen: error: argument --queries: only valid with --stage decode"),
    (["gen", "--workload", "longformer", "--seed", "-1"],
     "pilot gen: error: argument --seed: must be non-negative, got -1"),
    (["gen", "--workload", "longformer", "--dtype", "bf16"],
     "pilot gen: error: argument --dtype: invalid choice: 'bf16'"),
    (["io", "--workload", "longformer", "--buffer-kb", "-2"],
     "pilot io: error: argument --buffer-kb: must be positive, got -2"),
    (["run", "--workload", "longformer", "--schedules", "pilot,fastest"],
     "pilot run: error: argument --schedules: 'fastest' is not one of naive, pilot, fused, "
     "auto"),
    (["run", "--workload", "longformer", "--mode", "slow"],
     "pilot run: error: argument --mode: invalid choice: 'slow'"),
])
def test_bad_argument(capsys, argv, message):
    status, err = run_cli(capsys, *argv)
    assert status == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(message), err


def test_unwritable_output(capsys, tmp_path):
    status, err = run_cli(capsys, "gen", "--workload", "longformer",
                          "-o", str(tmp_path / "absent" / "x.mlir"))
    assert status == 2
    assert err.startswith("pilot gen: error: argument --output: cannot write "), err
    assert "No such file or directory" in err


def test_missing_tool(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(tools.BIN_ENV, str(tmp_path))
    status, err = run_cli(capsys, "io", "--workload", "longformer")
    assert status == 1
    assert err.startswith("pilot io: error: pilot tool 'pilot-opt' not found in "), err


def test_failing_tool_passes_its_message_on(capsys, tmp_path, monkeypatch):
    """A tool's own error (here a stand-in pilot-opt's) reaches the user whole."""
    monkeypatch.setenv(tools.BIN_ENV, str(tmp_path))
    fake = tmp_path / "pilot-opt"
    fake.write_text("#!/bin/sh\necho \"error: pim-map: 'hbm9' is neither a preset\" >&2\n"
                    "exit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    status, err = run_cli(capsys, "io", "--workload", "longformer", "--hw", "hbm9")
    assert status == 1
    assert err.startswith("pilot io: error: pilot-opt failed with exit status 1:\n"), err
    assert "'hbm9' is neither a preset" in err


@pytest.mark.tools
def test_unknown_hardware_from_the_real_tool(capsys, require_tool):
    require_tool("pilot-opt")
    status, err = run_cli(capsys, "io", "--workload", "longformer", "--hw", "hbm9")
    assert status == 1
    assert err.startswith("pilot io: error: pilot-opt failed with exit status 1:"), err
    assert "pim-io-report: 'hbm9' is neither a preset" in err
