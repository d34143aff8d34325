"""bench/gpu_attention.py starts without a GPU: --help works, and a missing
torch ends in a one-line error with exit code 2 rather than a traceback."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "bench" / "gpu_attention.py"
PYTHON = sys.executable  # /usr/bin/python3 when run as the project's tests are


def run_script(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    return subprocess.run([PYTHON, str(SCRIPT), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_help_needs_no_torch():
    result = run_script("--help")
    assert result.returncode == 0, result.stderr
    assert "--workload" in result.stdout and "--csv" in result.stdout


def test_missing_torch_is_a_one_line_error():
    probe = subprocess.run([PYTHON, "-c", "import torch"], capture_output=True)
    if probe.returncode == 0:
        pytest.skip("torch is importable here")
    result = run_script("--workload", "longformer", "--stage", "prefill")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "torch" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def load_script():
    spec = importlib.util.spec_from_file_location("gpu_attention", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Attended pairs per batch element, all heads, as `pilot-opt --sattn-pattern-stats`
# counts them for `pilot gen --workload NAME [--stage decode]`.
COMPILER_ENTRIES = {
    ("bigbird", "prefill"): 18530304, ("bigbird", "decode"): 3072,
    ("longformer", "prefill"): 24471540, ("longformer", "decode"): 3096,
    ("llama2-7b-duo", "prefill"): 234930176, ("llama2-7b-duo", "decode"): 98304,
}


@pytest.mark.parametrize("name, stage", sorted(COMPILER_ENTRIES))
def test_entries_match_the_compiler(name, stage):
    """The script's mask (BigBird's random blocks included) is the compiler's."""
    script = load_script()
    workload = script.PRESETS[name]
    pattern = workload.pattern.fit(keys=workload.lin, heads=workload.heads)
    table = script.random_table(pattern, workload.lin)
    queries = workload.lin if stage == "prefill" else 1
    entries = script.pattern_entries(pattern, workload.heads, queries, workload.lin, table)
    assert entries == COMPILER_ENTRIES[name, stage]
