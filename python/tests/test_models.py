"""python3 -m pilot model: every shipped config compiles and simulates in
both stages, the layers sum to the total, DuoAttention's quantile rule
picks the dense heads, and each malformed file is refused naming the file,
line and field. python3 -m pilot run on a module file."""

import json
import re
from pathlib import Path

import pytest

from pilot import cli, models
from pilot.commands import model as model_command
from pilot.errors import FileError
from pilot.tools import REPO_ROOT

MODELS = REPO_ROOT / "examples" / "models"
CONFIGS = sorted(MODELS.glob("*.json"))
HEADS = MODELS / "llama-2-7b-duo-heads.tsv"


def run_model(capsys, *argv):
    """The JSON report of `pilot model argv`."""
    assert cli.main(["model", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.tools
@pytest.mark.parametrize("stage", ["prefill", "decode"])
@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_every_shipped_config_runs(require_tool, capsys, config, stage):
    """Every layer compiles and simulates; the layers sum to the total."""
    require_tool("pilot-opt")
    report = run_model(capsys, "--config", str(config), "--stage", stage,
                       "--lin", "256", "--batch", "1")
    (result,) = report["stages"]
    assert [row["layer"] for row in result["layers"]] == list(range(report["layers"]))
    assert sorted(l for a in result["attentions"] for l in a["layers"]) \
        == list(range(report["layers"]))
    for key in model_command.TOTALED:
        assert all(row[key] > 0 for row in result["layers"])
        assert result["total"][key] == pytest.approx(sum(r[key] for r in result["layers"]))


def test_shipped_configs_read_as_published():
    """Shapes derived by the rules docs/models.md gives (head size from
    hidden_size, GQA, windows per layer)."""
    phi = models.load_config(MODELS / "phi-3-mini-4k-instruct.json")
    assert (phi.heads, phi.kv_heads, phi.head_dim) == (32, 32, 96)
    assert set(phi.windows) == {2047}
    gemma = models.load_config(MODELS / "gemma-2-9b.json")
    assert gemma.head_dim == 256 and gemma.layers == 42
    assert gemma.windows[:4] == (4096, None, 4096, None)
    assert any("attn_logit_softcapping" in w for w in gemma.warnings)
    qwen = models.load_config(MODELS / "qwen2.5-7b.json")
    assert set(qwen.windows) == {None} and qwen.kv_heads == 4
    pythia = models.load_config(MODELS / "pythia-12b.json")
    assert pythia.kv_heads == pythia.heads == 40


@pytest.mark.tools
def test_alternating_layers_compile_once_per_kind(require_tool, tmp_path, capsys):
    """Gemma-2's even layers slide, odd layers attend every key: two
    attentions, each standing for half the layers, and the sliding layers
    attend fewer keys so take less time."""
    require_tool("pilot-opt")
    config = json.loads((MODELS / "gemma-2-9b.json").read_text())
    config.update(sliding_window=64, num_hidden_layers=6)
    path = tmp_path / "gemma.json"
    path.write_text(json.dumps(config))
    report = run_model(capsys, "--config", str(path), "--stage", "prefill", "--lin", "256")
    sliding, full = report["stages"][0]["attentions"]
    assert sliding["layers"] == [0, 2, 4] and full["layers"] == [1, 3, 5]
    assert "window [63, 0]" in sliding["pattern"] and "dense" in full["pattern"]
    assert sliding["time_ns"] < full["time_ns"]
    assert any("attn_logit_softcapping" in w for w in report["warnings"])


def quantile_by_hand(values, q):
    """numpy's default (linear) quantile, written out."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def test_duo_quantile_rule():
    gates = models.load_gates(HEADS, models.load_config(MODELS / "llama-2-7b.json"))
    for sparsity in (0.25, 0.5, 0.9):
        threshold = quantile_by_hand([g for layer in gates for g in layer], sparsity)
        expected = tuple(tuple(h for h in range(32) if layer[h] >= threshold)
                         for layer in gates)
        assert models.retrieval_heads(gates, sparsity) == expected
    # Half the gates at or above the median: half the heads dense overall.
    assert sum(map(len, models.retrieval_heads(gates, 0.5))) == 32 * 32 // 2


@pytest.mark.tools
def test_duo_dense_heads_follow_gqa_groups(require_tool, tmp_path, capsys):
    """Gates per KV head: a retrieval KV head makes its whole query group
    dense, and in prefill those heads stay on the GPU."""
    require_tool("pilot-opt")
    config = {"num_hidden_layers": 2, "num_attention_heads": 8,
              "num_key_value_heads": 4, "hidden_size": 512}
    (tmp_path / "m.json").write_text(json.dumps(config))
    (tmp_path / "g.tsv").write_text("0.9\t0.1\t0.2\t0.8\n0.3\t0.7\t0.6\t0.4\n")
    report = run_model(capsys, "--config", str(tmp_path / "m.json"),
                       "--duo-heads", str(tmp_path / "g.tsv"), "--sinks", "4",
                       "--recent", "32", "--lin", "128", "--stage", "prefill")
    first, second = report["stages"][0]["attentions"]
    # The median of the eight gates is 0.5: KV heads 0, 3 then 1, 2.
    assert "dense_heads [0, 1, 6, 7]" in first["pattern"]
    assert "dense_heads [2..5]" in second["pattern"]
    assert "window [31, 0] + sinks 4" in first["pattern"]
    assert [row["gpu_heads"] for row in report["stages"][0]["layers"]] == [4, 4]


BAD_CONFIGS = [
    ({"num_attention_heads": 8, "hidden_size": 64}, "num_hidden_layers", "missing"),
    ({"num_hidden_layers": 0, "num_attention_heads": 8, "hidden_size": 64},
     "num_hidden_layers", "positive integer, got 0"),
    ({"num_hidden_layers": 2, "num_attention_heads": 8, "num_key_value_heads": 3,
      "hidden_size": 64}, "num_key_value_heads", "must divide"),
    ({"num_hidden_layers": 2, "num_attention_heads": 8}, "head_dim", "hidden_size"),
    ({"num_hidden_layers": 2, "num_attention_heads": 8, "hidden_size": 60},
     "hidden_size", "not a multiple"),
    ({"num_hidden_layers": 2, "num_attention_heads": 8, "head_dim": 64,
      "layer_types": ["full_attention"]}, "layer_types", "one kind per layer"),
    ({"num_hidden_layers": 2, "num_attention_heads": 8, "head_dim": 64,
      "layer_types": ["full_attention", "local"]}, "layer_types[1]",
     "'full_attention', 'sliding_attention'"),
    ({"num_hidden_layers": 2, "num_attention_heads": 8, "head_dim": 64,
      "layer_types": ["full_attention", "sliding_attention"]}, "sliding_window", "missing"),
    ({"num_hidden_layers": 2, "num_attention_heads": 8, "head_dim": 64,
      "sliding_window": "4k"}, "sliding_window", "positive integer"),
    ({"num_hidden_layers": 2, "num_attention_heads": 8, "head_dim": 64,
      "attention_type": "block_sparse"}, "attention_type", "'original_full'"),
]


@pytest.mark.parametrize("config, field, message", BAD_CONFIGS)
def test_malformed_config_names_file_and_field(tmp_path, config, field, message):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    with pytest.raises(FileError) as info:
        models.load_config(path)
    assert str(info.value).startswith(f"{path}: {field}: ")
    assert message in str(info.value)


def test_config_that_is_not_json(tmp_path, capsys):
    path = tmp_path / "config.json"
    path.write_text('{\n  "num_hidden_layers": 2,\n}\n')
    with pytest.raises(SystemExit):
        cli.main(["model", "--config", str(path)])
    assert f"pilot model: error: {path}:3: config: not JSON" in capsys.readouterr().err


BAD_GATES = [
    ("0.1\t0.2\n", None, "lines", "1 lines, but"),
    ("0.1\t0.2\n0.3\n", 2, "gates", "1 gates, but the model has 2 KV heads"),
    ("0.1\t0.2\n0.3\tx\n", 2, "field 2", "'x' is not a gate: a number in [0, 1]"),
    ("0.1\t1.5\n0.3\t0.4\n", 1, "field 2", "'1.5' is not a gate"),
]


@pytest.mark.parametrize("text, line, field, message", BAD_GATES)
def test_malformed_head_file_names_line_and_field(tmp_path, text, line, field, message):
    config = models.ModelConfig("m", "m.json", heads=4, kv_heads=2, head_dim=64,
                                windows=(None, None))
    path = tmp_path / "heads.tsv"
    path.write_text(text)
    with pytest.raises(FileError) as info:
        models.load_gates(path, config)
    where = f"{path}:{line}" if line else str(path)
    assert str(info.value).startswith(f"{where}: {field}: ")
    assert message in str(info.value)


def test_duo_options_need_a_head_file(capsys):
    with pytest.raises(SystemExit):
        cli.main(["model", "--config", str(MODELS / "llama-2-7b.json"), "--sinks", "4"])
    assert "--sinks: applies to DuoAttention's streaming heads" in capsys.readouterr().err


def test_retrieval_heads_with_a_short_sliding_window_are_refused():
    config = models.ModelConfig("m", "m.json", heads=4, kv_heads=2, head_dim=64,
                                windows=(64,))
    duo = models.Duo(retrieval=((0,),), sinks=4, recent=16)
    with pytest.raises(Exception, match="layer 0 has a sliding window of 64 tokens"):
        models.layer_patterns(config, 256, duo)


@pytest.mark.tools
def test_csv_rows_sum_to_total(require_tool, tmp_path):
    require_tool("pilot-opt")
    out = tmp_path / "m.csv"
    assert cli.main(["model", "--config", str(MODELS / "phi-3-mini-4k-instruct.json"),
                     "--stage", "decode", "--lin", "128", "--format", "csv",
                     "-o", str(out)]) == 0
    rows = out.read_text().splitlines()
    header = rows[0].split(",")
    layers = [dict(zip(header, r.split(","))) for r in rows[1:-1]]
    total = dict(zip(header, rows[-1].split(",")))
    assert len(layers) == 32 and total["layer"] == "total"
    assert float(total["time_ns"]) == pytest.approx(sum(float(r["time_ns"]) for r in layers))


@pytest.mark.tools
def test_run_takes_a_module_file(require_tool, tmp_path, capsys):
    """`pilot run FILE.mlir` gives the same numbers as the preset it was
    generated from; a TOSA module is raised first."""
    require_tool("pilot-opt")
    path = tmp_path / "w.mlir"
    assert cli.main(["gen", "--workload", "llama2-7b-duo", "--stage", "decode",
                     "--lin", "256", "--batch", "1", "-o", str(path)]) == 0
    assert cli.main(["run", str(path), "--schedules", "pilot"]) == 0
    from_file = capsys.readouterr().out
    assert cli.main(["run", "--workload", "llama2-7b-duo", "--stage", "decode",
                     "--lin", "256", "--batch", "1", "--schedules", "pilot"]) == 0
    from_preset = capsys.readouterr().out
    row = re.compile(r"^\| pilot \|.*$", re.M)
    assert row.search(from_file).group(0) == row.search(from_preset).group(0)
    assert "1 queries x 256 keys, 32 heads" in from_file
    tosa = REPO_ROOT / "test" / "Compile" / "raise-tosa-window.mlir"
    assert cli.main(["run", str(tosa), "--schedules", "pilot"]) == 0
    assert "window [3, 0], causal" in capsys.readouterr().out


@pytest.mark.parametrize("option", [["--batch", "2"], ["--lin", "64"], ["--stage", "decode"],
                                    ["--workload", "bigbird"], ["--kv-len", "8"]])
def test_run_refuses_preset_options_with_a_file(tmp_path, capsys, option):
    path = tmp_path / "w.mlir"
    path.write_text("")
    with pytest.raises(SystemExit):
        cli.main(["run", str(path), *option])
    err = capsys.readouterr().err
    assert f"argument {option[0]}: sets a preset's" in err and "tensor types" in err
