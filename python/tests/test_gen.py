"""Tests of the emitted MLIR text, the ``gen``/``workloads`` commands and,
marked ``tools``, the round trip through ``pilot-opt``."""

import math
import re

import pytest

from pilot import cli, gen, tools, workloads
from pilot.errors import ConfigError
from pilot.pattern import Pattern

STAGES = gen.STAGES
NAMES = list(workloads.PRESETS)

LONGFORMER_PREFILL = """\
// longformer prefill: batch 512, 12 heads x 64, 4096 queries x 4096 keys, f16
// pattern: window [256, 255] + global_tokens [0]
func.func @longformer_prefill(%query: tensor<512x12x4096x64xf16>, %key: tensor<512x12x4096x64xf16>, %value: tensor<512x12x4096x64xf16>) -> tensor<512x12x4096x64xf16> {
  %0 = sattn.attention %query, %key, %value {pattern = #sattn.pattern<window = [256, 255], global_tokens = [0]>, scale = 0.125 : f64} : tensor<512x12x4096x64xf16>, tensor<512x12x4096x64xf16>, tensor<512x12x4096x64xf16> -> tensor<512x12x4096x64xf16>
  return %0 : tensor<512x12x4096x64xf16>
}
"""


def heads_list(n):
    return "[" + ", ".join(str(h) for h in range(n)) + "]"


PATTERNS = {
    "bigbird": "#sattn.pattern<window = [1, 1], global_tokens = [0], random = 1, seed = 1, block = 64>",
    "longformer": "#sattn.pattern<window = [256, 255], global_tokens = [0]>",
    "led-large": "#sattn.pattern<window = [512, 511], global_tokens = [0]>",
    "llama2-7b-duo": "#sattn.pattern<causal = true, window = [2043, 0], sinks = 4, "
                     f"dense_heads = {heads_list(16)}>",
    "pythia-12b-duo": "#sattn.pattern<causal = true, window = [1021, 0], sinks = 2, "
                      f"dense_heads = {heads_list(20)}>",
    "mistral-7b-duo": "#sattn.pattern<causal = true, window = [4087, 0], sinks = 8, "
                      f"dense_heads = {heads_list(16)}>",
}

# (batch, heads, head_dim, lin) per Table II.
SIZES = {
    "bigbird": (512, 12, 64, 4096),
    "longformer": (512, 12, 64, 4096),
    "led-large": (256, 16, 64, 16384),
    "llama2-7b-duo": (128, 32, 128, 4096),
    "pythia-12b-duo": (1024, 40, 128, 2048),
    "mistral-7b-duo": (128, 32, 128, 8192),
}

SIGNATURE = re.compile(
    r"func\.func @(\w+)\(%query: tensor<(\w+)>, %key: tensor<(\w+)>, %value: tensor<(\w+)>\)"
    r" -> tensor<(\w+)> \{"
)
ATTRS = re.compile(r"\{pattern = (#sattn\.pattern<[^>]*>), scale = (\S+) : f64\}")


def parse(text):
    """(function name, {operand: shape tuple}, element type, pattern, scale) of a module."""
    name, *types = SIGNATURE.search(text).groups()
    shapes = {}
    for operand, ty in zip(("query", "key", "value", "result"), types):
        *dims, dtype = ty.split("x")
        shapes[operand] = tuple(int(d) for d in dims)
    pattern, scale = ATTRS.search(text).groups()
    return name, shapes, dtype, pattern, scale


def run_cli(capsys, *argv):
    """Run ``pilot argv``; returns (exit status, stdout, stderr)."""
    try:
        status = cli.main(list(argv))
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


# --- the text -------------------------------------------------------------


def test_longformer_prefill_exact():
    assert gen.module_text("longformer", "prefill") == LONGFORMER_PREFILL


@pytest.mark.parametrize("name", NAMES)
def test_pattern_per_workload(name):
    for stage in STAGES:
        assert parse(gen.module_text(name, stage))[3] == PATTERNS[name]


@pytest.mark.parametrize("name", NAMES)
def test_prefill_shapes(name):
    b, h, d, lin = SIZES[name]
    fname, shapes, dtype, _, _ = parse(gen.module_text(name, "prefill"))
    assert fname == name.replace("-", "_") + "_prefill"
    assert dtype == "f16"
    assert set(shapes.values()) == {(b, h, lin, d)}


@pytest.mark.parametrize("name", NAMES)
def test_decode_shapes(name):
    b, h, d, lin = SIZES[name]
    fname, shapes, _, _, _ = parse(gen.module_text(name, "decode"))
    assert fname == name.replace("-", "_") + "_decode"
    assert shapes["query"] == shapes["result"] == (b, h, 1, d)
    assert shapes["key"] == shapes["value"] == (b, h, lin, d)


def test_decode_queries_and_kv_len():
    _, shapes, _, _, _ = parse(gen.module_text("longformer", "decode", queries=4, kv_len=8192))
    assert shapes["query"] == (512, 12, 4, 64)
    assert shapes["key"] == (512, 12, 8192, 64)


@pytest.mark.parametrize("head_dim", [64, 128, 256])
def test_scale(head_dim):
    scale = parse(gen.module_text("longformer", head_dim=head_dim))[4]
    assert float(scale) == 1 / math.sqrt(head_dim)


def test_scale_of_presets():
    assert float(parse(gen.module_text("llama2-7b-duo"))[4]) == 1 / math.sqrt(128)


def test_header_comments():
    lines = gen.module_text("mistral-7b-duo", "decode", kv_heads=8, queries=2).splitlines()
    assert lines[0] == ("// mistral-7b-duo decode: batch 128, 32 heads x 128 (8 KV heads), "
                        "2 queries x 8192 keys, f16")
    assert lines[1] == "// pattern: window [4087, 0] + sinks 8; causal; dense_heads [0..15]"


# --- overrides ------------------------------------------------------------


def test_size_overrides():
    _, shapes, dtype, _, _ = parse(gen.module_text(
        "longformer", batch=2, heads=8, head_dim=32, lin=1024, dtype="f32"))
    assert dtype == "f32"
    assert set(shapes.values()) == {(2, 8, 1024, 32)}


def test_kv_heads_gqa():
    _, shapes, _, _, _ = parse(gen.module_text("mistral-7b-duo", kv_heads=8))
    assert shapes["query"] == shapes["result"] == (128, 32, 8192, 128)
    assert shapes["key"] == shapes["value"] == (128, 8, 8192, 128)


def test_kv_heads_follow_heads():
    _, shapes, _, pattern, _ = parse(gen.module_text("llama2-7b-duo", heads=8))
    assert shapes["key"][1] == 8
    assert f"dense_heads = {heads_list(4)}" in pattern


@pytest.mark.parametrize("name,overrides,expected", [
    ("longformer", dict(lin=256), "window = [128, 127], global_tokens = [0]>"),
    ("longformer", dict(lin=8192), "window = [256, 255], global_tokens = [0]>"),
    ("llama2-7b-duo", dict(lin=1024), "window = [1023, 0], sinks = 4,"),
    ("mistral-7b-duo", dict(lin=4), "window = [3, 0], sinks = 4,"),
    ("bigbird", dict(lin=128), "window = [1, 0], global_tokens = [0], random = 1, seed = 1,"),
    ("bigbird", dict(lin=64), "window = [0, 0], global_tokens = [0], random = 1, seed = 1,"),
])
def test_lin_override_clips_pattern(name, overrides, expected):
    assert expected in parse(gen.module_text(name, **overrides))[3]


def test_decode_clips_to_kv_len():
    assert "window = [99, 0]" in gen.module_text("llama2-7b-duo", "decode", kv_len=100)


def test_seed_override():
    assert "seed = 7," in gen.module_text("bigbird", seed=7)
    assert "seed" not in parse(gen.module_text("bigbird", seed=0))[3]


@pytest.mark.parametrize("stage,overrides,field", [
    ("prefill", dict(heads=0), "heads"),
    ("prefill", dict(batch=-1), "batch"),
    ("prefill", dict(kv_heads=5), "kv_heads"),
    ("prefill", dict(seed=-1), "seed"),
    ("prefill", dict(dtype="bf16"), "dtype"),
    ("prefill", dict(kv_len=10), "kv_len"),
    ("prefill", dict(queries=2), "queries"),
    ("decode", dict(queries=0), "queries"),
    ("decode", dict(kv_len=0), "kv_len"),
    ("other", {}, "stage"),
])
def test_invalid_settings(stage, overrides, field):
    with pytest.raises(ConfigError) as info:
        gen.module_text("longformer", stage, **overrides)
    assert info.value.field == field


def test_bigbird_needs_whole_blocks():
    for stage, field in (("prefill", "lin"), ("decode", "kv_len")):
        with pytest.raises(ConfigError) as info:
            gen.module_text("bigbird", stage, **{field: 100})
        assert info.value.field == field


def test_unknown_workload():
    with pytest.raises(ConfigError) as info:
        gen.module_text("gpt-5")
    assert info.value.option == "--workload"


# --- the pattern attribute ------------------------------------------------


def test_pattern_defaults_omitted():
    assert Pattern(sinks=4).attribute() == "#sattn.pattern<sinks = 4>"


def test_pattern_parameter_order():
    pattern = Pattern(causal=True, window=(2, 3), global_tokens=(0, 5), sinks=1,
                      random=2, seed=9, block=16, dense_heads=(1, 3))
    assert pattern.attribute() == (
        "#sattn.pattern<causal = true, window = [2, 3], global_tokens = [0, 5], "
        "sinks = 1, random = 2, seed = 9, block = 16, dense_heads = [1, 3]>")
    assert Pattern(dense=True, causal=True).attribute() == (
        "#sattn.pattern<dense = true, causal = true>")


def test_pattern_breaking_a_rule_is_refused():
    """The dialect's printer checks the pattern's rules (docs/patterns.md)."""
    with pytest.raises(tools.ToolError, match="pattern attends no key"):
        Pattern(causal=True).attribute()


def test_pattern_random_cols_between_seed_and_block():
    pattern = Pattern(window=(0, 0), random_cols=((3,), (), (0, 3), (1,)), block=2)
    assert pattern.attribute() == (
        "#sattn.pattern<window = [0, 0], random_cols = [[3], [], [0, 3], [1]], block = 2>")


# --- command line ---------------------------------------------------------


def test_cli_gen_stdout(capsys):
    status, out, _ = run_cli(capsys, "gen", "--workload", "longformer", "--stage", "prefill")
    assert status == 0
    assert out == LONGFORMER_PREFILL


def test_cli_gen_output_file(capsys, tmp_path):
    path = tmp_path / "m.mlir"
    status, out, _ = run_cli(capsys, "gen", "--workload", "bigbird", "--stage", "decode",
                             "--queries", "2", "-o", str(path))
    assert status == 0 and out == ""
    assert path.read_text() == gen.module_text("bigbird", "decode", queries=2)


def test_cli_passes_every_override(capsys):
    status, out, _ = run_cli(
        capsys, "gen", "--workload", "mistral-7b-duo", "--stage", "decode", "--batch", "2",
        "--lin", "512", "--lout", "8", "--heads", "16", "--kv-heads", "4", "--head-dim", "64",
        "--kv-len", "600", "--queries", "3", "--dtype", "f32", "--seed", "5")
    assert status == 0
    assert out == gen.module_text(
        "mistral-7b-duo", "decode", batch=2, lin=512, lout=8, heads=16, kv_heads=4,
        head_dim=64, kv_len=600, queries=3, dtype="f32", seed=5)


@pytest.mark.parametrize("argv,flag", [
    (["--workload", "nope"], "--workload"),
    (["--workload", "longformer", "--heads", "0"], "--heads"),
    (["--workload", "longformer", "--lin", "-5"], "--lin"),
    (["--workload", "longformer", "--kv-heads", "5"], "--kv-heads"),
    (["--workload", "bigbird", "--lin", "1000"], "--lin"),
    (["--workload", "longformer", "--kv-len", "10"], "--kv-len"),
    (["--workload", "longformer", "--stage", "decode", "--queries", "0"], "--queries"),
    (["--workload", "longformer", "--dtype", "f64"], "--dtype"),
    (["--workload", "longformer", "--heads", "many"], "--heads"),
    ([], "--workload"),
])
def test_cli_errors(capsys, argv, flag):
    status, out, err = run_cli(capsys, "gen", *argv)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("pilot gen: error: ") and flag in err


def test_cli_workloads_table(capsys):
    status, out, _ = run_cli(capsys, "workloads")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 1 + len(NAMES)
    for name, line in zip(NAMES, lines[1:]):
        assert line.split()[0] == name
    assert "window [256, 255] + global_tokens [0]" in out


# --- through pilot-opt ----------------------------------------------------


@pytest.mark.tools
@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("name", NAMES)
def test_pilot_opt_round_trip(require_tool, name, stage):
    require_tool("pilot-opt")
    text = gen.module_text(name, stage)
    printed = tools.run_tool("pilot-opt", [], text)
    assert "sattn.attention" in printed
    assert tools.run_tool("pilot-opt", [], printed) == printed


@pytest.mark.tools
def test_summary_reports_decode_row(require_tool, capsys):
    """Longformer decode: the query at position 4095 sees its 256 left
    neighbours, itself and the global token 0 (window [256, 255] clipped on
    the right): 258 keys."""
    require_tool("pilot-opt")
    assert cli.main(["summary", "--workload", "longformer", "--stage", "decode"]) == 0
    out = capsys.readouterr().out
    assert "1 queries x 4096 keys" in out
    assert "per sparse head 258 of 4096 entries" in out


@pytest.mark.tools
def test_summary_shows_placement(require_tool, capsys):
    """Longformer prefill: the non-global rows split by rows with the paper's
    7 x 7 tiles, the global row by columns with 1 x 14 (d = 64, 2 KB)."""
    require_tool("pilot-opt")
    assert cli.main(["summary", "--workload", "longformer", "--stage", "prefill"]) == 0
    out = capsys.readouterr().out
    assert "rows non_global, heads all: split by rows over bank groups, 6144 head instances (6 per group); pilot tiles 7x7" in out
    assert "rows global, heads all: split by columns over bank groups, 6144 head instances (6 per group); pilot tiles 1x3" in out
