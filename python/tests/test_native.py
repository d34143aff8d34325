"""The in-process extension (`_pilot_native`) against the tools: both paths
of pilot.native give the same kernels and the same numbers
(docs/embedding.md)."""

import numpy as np
import pytest

from pilot import gen, native, tools
from pilot.commands.run import compile_and_simulate

pytestmark = pytest.mark.tools


@pytest.fixture
def extension(require_tool):
    # A build that leaves the extension out on purpose says why.
    reason = tools.bin_dir().parent / "python" / "NO_EXTENSION"
    if reason.exists() and "sanitizers" in reason.read_text():
        pytest.skip(f"no _pilot_native in this build: {reason.read_text().strip()}")
    module = native.extension()
    assert module is not None, (
        "the _pilot_native extension is not built: build with pybind11-dev and "
        "python3-dev installed (scripts/setup.sh installs them)")
    return module


@pytest.fixture
def tools_only(monkeypatch):
    monkeypatch.setenv(native.NATIVE_ENV, "0")


@pytest.mark.parametrize("stage", ["prefill", "decode"])
@pytest.mark.parametrize("schedule", ["naive", "pilot", "fused"])
def test_both_paths_give_the_same_numbers(extension, monkeypatch, stage, schedule):
    module = gen.module_text("bigbird", stage, batch=1, lin=512)
    in_process = compile_and_simulate(module, schedule, "pilot-hbm3", "fast")
    monkeypatch.setenv(native.NATIVE_ENV, "0")
    assert native.extension() is None
    with_tools = compile_and_simulate(module, schedule, "pilot-hbm3", "fast")
    assert in_process == with_tools


def test_the_kernels_are_the_same_text(extension, monkeypatch):
    module = gen.module_text("longformer", "prefill", batch=1, lin=256)
    text = native.compile(module, "schedule=fused")
    monkeypatch.setenv(native.NATIVE_ENV, "0")
    assert text == native.compile(module, "schedule=fused")


def test_random_candidates_are_the_same_on_both_paths(extension, monkeypatch):
    # BigBird-like: window [1, 1], global block 0, two random blocks in
    # blocks of 64 over 1024 keys (16 key blocks). Block 5 attends 0 (global)
    # and 4-6 (window): it may draw 1-3 and 7-15.
    parameters = '{"window": [1, 1], "global_tokens": [0], "random": 2, "seed": 3, "block": 64}'
    in_process = native.random_candidates(parameters, 1024, 1024)
    assert in_process["blocks"][5]["candidates"] == [[1, 4], [7, 16]]
    assert in_process["blocks"][0]["candidates"] == []
    assert all(len(block["random"]) == 2 for block in in_process["blocks"][1:])
    monkeypatch.setenv(native.NATIVE_ENV, "0")
    assert native.random_candidates(parameters, 1024, 1024) == in_process


def test_simulate_takes_arrays_and_checks_the_output(extension):
    module = gen.module_text("longformer", "prefill", batch=1, heads=2, lin=128)
    kernel = extension.compile(module, "schedule=pilot")
    rng = np.random.default_rng(5)
    shape = (1, 2, 128, 64)
    inputs = {name: rng.standard_normal(shape) * 0.5 for name in ("Q", "K", "V")}
    result = extension.simulate(kernel, mode="exact", inputs=inputs, outputs=["O"],
                                check=True)
    assert result["check"]["relative_l2_error"] < 1e-2
    out = result["outputs"]["O"]
    assert out.shape == shape and np.isfinite(out).all()
    # The gathered output is the checked one: a float64 attention of the
    # FP16-rounded inputs is within the same tolerance.
    q, k, v = (inputs[n].astype(np.float16).astype(np.float64) for n in "QKV")
    scores = q @ np.swapaxes(k, -1, -2) / 8.0
    # The preset's window fitted to 128 keys, [64, 63], and global token 0.
    rows, keys = np.arange(128)[:, None], np.arange(128)[None, :]
    allowed = ((keys - rows >= -64) & (keys - rows <= 63)) | (rows == 0) | (keys == 0)
    scores = np.where(allowed, scores, -np.inf)
    weights = np.exp(scores - scores.max(-1, keepdims=True))
    reference = (weights / weights.sum(-1, keepdims=True)) @ v
    error = np.linalg.norm(out - reference) / np.linalg.norm(reference)
    assert error < 1e-2
    assert result["stats"]["mode"] == "exact"
    assert "pilot-sim: kernel @longformer_prefill_pim" in result["summary"]


def test_errors_come_back_as_tool_errors(extension):
    with pytest.raises(tools.ToolError, match="does not parse"):
        native.compile("func.func @f(", "")
    with pytest.raises(tools.ToolError, match="unknown schedule"):
        native.compile(gen.module_text("longformer", "decode", batch=1), "schedule=fast")
    with pytest.raises(ValueError, match="mode must be"):
        extension.simulate("", mode="slow")
