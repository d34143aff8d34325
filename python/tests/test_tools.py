"""Tests of :mod:`pilot.tools` with stand-in executables (no build needed)."""

import stat

import pytest

from pilot import tools


def make_tool(directory, name, script):
    path = directory / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_pilot_bin_takes_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv(tools.BIN_ENV, str(tmp_path))
    path = make_tool(tmp_path, "fake-tool", "cat\n")
    assert tools.find_tool("fake-tool") == path


def test_default_is_build_bin(monkeypatch):
    monkeypatch.delenv(tools.BIN_ENV, raising=False)
    assert tools.bin_dir() == tools.REPO_ROOT / "build" / "bin"


@pytest.mark.parametrize("env_set", [True, False])
def test_missing_tool_names_both_places(tmp_path, monkeypatch, env_set):
    if env_set:
        monkeypatch.setenv(tools.BIN_ENV, str(tmp_path))
    else:
        monkeypatch.delenv(tools.BIN_ENV, raising=False)
    with pytest.raises(tools.ToolNotFoundError) as info:
        tools.find_tool("no-such-tool")
    message = str(info.value)
    assert "no-such-tool" in message and "$PILOT_BIN" in message
    assert str(tools.DEFAULT_BIN) in message
    if env_set:
        assert str(tmp_path) in message


def test_run_tool_feeds_stdin_and_returns_stdout(tmp_path, monkeypatch):
    monkeypatch.setenv(tools.BIN_ENV, str(tmp_path))
    make_tool(tmp_path, "echo-args", 'echo "$@"; cat\n')
    assert tools.run_tool("echo-args", ["-a", "b"], "input\n") == "-a b\ninput\n"


def test_run_tool_failure_carries_stderr(tmp_path, monkeypatch):
    monkeypatch.setenv(tools.BIN_ENV, str(tmp_path))
    make_tool(tmp_path, "broken", 'echo "bad input" >&2; exit 3\n')
    with pytest.raises(tools.ToolError) as info:
        tools.run_tool("broken", [], "")
    assert info.value.returncode == 3
    assert info.value.stderr == "bad input\n"
    assert "bad input" in str(info.value)
