"""Randomized end-to-end checks of the compiler and the simulator: random
valid attention problems (shapes, grouped-query heads, every pattern
component, block sizes, buffer sizes, bank-group counts), compiled under
every schedule; each program's FP16 output must match a float64 attention
(pilot-sim --check), fast mode must agree with exact mode, and every
program must move exactly the bytes the I/O model predicts. A failure
names its seed, which replays it:

    PYTHONPATH=python python3 -m pytest python/tests/test_compile_random.py -k 'seed7'
"""

import json
import random
import re
import subprocess
import sys

import pytest

from pilot import tools

pytestmark = pytest.mark.tools

INPUTS = tools.REPO_ROOT / "test" / "Sim" / "Inputs"
COMPARE_IO = tools.REPO_ROOT / "test" / "Compile" / "Inputs" / "compare-io.py"
SEEDS = range(12)


def random_problem(rng):
    """A random attention the lowering supports, and its hardware file."""
    d = rng.choice([16, 32, 64])
    block = rng.choice([1, 1, 4, 8])
    decode = rng.random() < 0.25
    keys = rng.choice([32, 48, 64, 96]) // block * block
    queries = 1 if decode else keys
    heads = rng.choice([1, 2, 4])
    kv_heads = rng.choice([h for h in (1, 2, 4) if heads % h == 0])
    batch = rng.choice([1, 2, 3])
    causal = rng.random() < 0.5
    blocks = keys // block
    parts = []
    if rng.random() < 0.8:
        left = rng.randint(0, min(5, blocks - 1))
        right = 0 if causal else rng.randint(0, min(3, blocks - 1))
        parts.append(f"window = [{left}, {right}]")
    if not decode and rng.random() < 0.3:
        parts.append(f"global_tokens = [{', '.join(map(str, range(rng.randint(1, 2))))}]")
    if rng.random() < 0.3:
        parts.append(f"sinks = {rng.randint(1, 2)}")
    if not parts:
        parts.append("dense = true")
    if causal:
        parts.insert(0, "causal = true")
    if block > 1:
        parts.append(f"block = {block}")
    hardware = {"bpm.buffer_bytes": rng.choice([2048, 4096])}
    groups = rng.choice([1, 2, None])
    if groups:
        hardware.update({"org.stacks": 1, "org.dies": 1, "org.pchs": 1,
                         "org.bank_groups": groups})
    q = f"{batch}x{heads}x{queries}x{d}xf16"
    kv = f"{batch}x{kv_heads}x{keys}x{d}xf16"
    module = (
        f"func.func @f(%q: tensor<{q}>, %k: tensor<{kv}>, %v: tensor<{kv}>) -> tensor<{q}> {{\n"
        f"  %0 = sattn.attention %q, %k, %v {{pattern = #sattn.pattern<{', '.join(parts)}>}} "
        f": tensor<{q}>, tensor<{kv}>, tensor<{kv}> -> tensor<{q}>\n"
        f"  return %0 : tensor<{q}>\n}}\n")
    shapes = {"Q": (batch, heads, queries, d), "K": (batch, kv_heads, keys, d),
              "V": (batch, kv_heads, keys, d)}
    return module, hardware, shapes


def make_npy(path, shape, seed, scale):
    subprocess.run([sys.executable, str(INPUTS / "make-npy.py"), str(path), "--shape",
                    ",".join(map(str, shape)), "--seed", str(seed), "--scale",
                    str(scale)], check=True)


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed{s}" for s in SEEDS])
def test_random_problem(require_tool, tmp_path, seed):
    require_tool("pilot-opt")
    require_tool("pilot-sim")
    module, hardware, shapes = random_problem(random.Random(seed))
    (tmp_path / "hw.json").write_text(json.dumps(hardware))
    inputs = []
    for index, (name, shape) in enumerate(shapes.items()):
        path = tmp_path / f"{name}.npy"
        make_npy(path, shape, index + 1, 0.5 if name != "V" else 1.0)
        inputs += ["--input", f"{name}={path}"]
    where = f"seed {seed}: {module.splitlines()[1].strip()} on {hardware}"
    for schedule in ("naive", "pilot", "fused"):
        kernel = tmp_path / f"{schedule}.mlir"
        exact, fast = tmp_path / f"{schedule}-exact.json", tmp_path / f"{schedule}-fast.json"
        tools.run_tool("pilot-opt", [f"--pilot-compile=schedule={schedule} "
                                     f"hw={tmp_path / 'hw.json'}", "-o", str(kernel)],
                       input_text=module)
        check = tools.run_tool_output(
            "pilot-sim", [str(kernel), *inputs, "--check", f"--stats-json={exact}"])
        assert re.search(r"check .*: PASS", check.stdout), f"{where}, {schedule}:\n{check.stdout}"
        tools.run_tool("pilot-sim", [str(kernel), "--mode=fast", f"--stats-json={fast}"])
        agree = subprocess.run([sys.executable, str(INPUTS / "compare-stats.py"),
                                str(exact), str(fast)], capture_output=True, text=True)
        assert agree.returncode == 0, f"{where}, {schedule}: {agree.stdout}"
        io = subprocess.run([sys.executable, str(COMPARE_IO), str(kernel), str(exact)],
                            capture_output=True, text=True)
        assert io.returncode == 0, f"{where}, {schedule}: {io.stdout}"
