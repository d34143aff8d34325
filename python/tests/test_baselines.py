"""The baseline models against hand-computed cases: the GPU roofline, the
attention kernels' traffic, the end-to-end accounting and the paper's table
(docs/baselines.md)."""

import math

import pytest

from pilot import endtoend, gpu, paper
from pilot.errors import ConfigError

# A GPU with round numbers: 100 TFLOP/s and 1000 GB/s, reached in full.
ROUND = gpu.Gpu("round", 100.0, 1000.0, compute_efficiency=1.0, memory_efficiency=1.0)


def test_roofline_memory_bound_point():
    # 1 GFLOP over 1 GB: 10 us of arithmetic, 1 ms of traffic.
    assert ROUND.seconds(1e9, 1e9) == pytest.approx(1e-3)


def test_roofline_compute_bound_point():
    # 1 TFLOP over 1 MB: 10 ms of arithmetic, 1 us of traffic.
    assert ROUND.seconds(1e12, 1e6) == pytest.approx(1e-2)


def test_presets_carry_attaccs_caps_and_the_papers_gpu():
    a100 = gpu.get("a100-hbm3")
    assert (a100.peak_tflops, a100.bandwidth_gbs) == (312.0, 3352.0)
    assert (a100.compute_efficiency, a100.memory_efficiency) == (0.8, 0.85)
    # Memory bound at 85% of 3352 GB/s.
    assert a100.seconds(0, 3352e9) == pytest.approx(1 / 0.85)
    with pytest.raises(ConfigError, match="unknown GPU 'v100'"):
        gpu.get("v100")
    with pytest.raises(ConfigError, match="memory-efficiency"):
        gpu.Gpu("bad", 1.0, 1.0, memory_efficiency=1.5)


# One sequence, one head, 4 queries x 8 keys of d = 16, 12 attended pairs.
SHAPE = gpu.AttentionShape(batch=1, heads=1, kv_heads=1, queries=4, keys=8,
                           head_dim=16, entries=12)


def test_attention_kernel_traffic():
    q = 4 * 16 * 2
    # A prompt's queries attend more pairs than there are keys: K and V whole.
    kv = 8 * 16 * 2
    scores = 12 * 2
    product = 2 * 12 * 16
    unfused = gpu.attention_kernels(SHAPE, "unfused")
    assert [(k.name, k.flops, k.bytes) for k in unfused] == [
        ("sddmm", product, q + kv + scores),
        ("softmax", 0, 2 * scores),
        ("spmm", product, scores + kv + q),
    ]
    (fused,) = gpu.attention_kernels(SHAPE, "fused")
    assert (fused.flops, fused.bytes) == (2 * product, 2 * q + 2 * kv)
    gather = gpu.attention_kernels(SHAPE, "gather")
    vectors = 12 * 16 * 2  # a key (or value) per attended pair
    assert [k.bytes for k in gather] == [q + vectors + scores, 2 * scores,
                                         scores + vectors + q]
    with pytest.raises(ConfigError, match="attention"):
        gpu.attention_kernels(SHAPE, "sparse")


def test_decoding_reads_only_the_attended_keys():
    # One query attending 3 of 8 keys: K and V are 3 vectors each.
    step = gpu.AttentionShape(1, 1, 1, 1, 8, 16, 3)
    (fused,) = gpu.attention_kernels(step, "fused")
    assert fused.bytes == 2 * (16 * 2) + 2 * (3 * 16 * 2)


def test_attention_time_is_its_kernels_in_turn():
    expected = sum(ROUND.seconds(k.flops, k.bytes)
                   for k in gpu.attention_kernels(SHAPE, "unfused"))
    assert gpu.attention_seconds(ROUND, SHAPE, "unfused") == pytest.approx(expected)


def test_linear_layer():
    # 2 tokens through a 4 x 3 layer: 48 FLOPs; weights 12, input 8 and
    # output 6 elements.
    assert gpu.linear_seconds(ROUND, 2, 4, 3) == pytest.approx(
        max(48 / 1e14, 2 * (12 + 8 + 6) / 1e12))


def test_layer_gemms_add_projections_and_feed_forward():
    model = endtoend.Transformer(layers=2, hidden=8, ffn=16, gated=True, source="test")
    got = endtoend.layer_gemm_seconds(ROUND, model, tokens=3, heads=2, kv_heads=1,
                                      head_dim=4)
    want = (gpu.linear_seconds(ROUND, 3, 8, 8 + 2 * 4)     # Q, K, V
            + gpu.linear_seconds(ROUND, 3, 8, 8)           # output
            + gpu.linear_seconds(ROUND, 3, 8, 2 * 16)      # gate and up
            + gpu.linear_seconds(ROUND, 3, 16, 8))         # down
    assert got == pytest.approx(want)


def test_decode_steps_interpolate_exactly_an_affine_time():
    # A step over a cache of n tokens takes 1 + n / 100 s: steps over
    # caches of 100 .. 109 tokens sum to 10 + (100 + ... + 109) / 100.
    samples = [(100, 2.0), (200, 3.0)]
    assert endtoend.decode_steps_seconds(samples, 100, 10) == pytest.approx(
        10 + sum(range(100, 110)) / 100)
    # Past the samples' ends the time holds flat; no steps, no time.
    assert endtoend.decode_steps_seconds(samples, 300, 2) == pytest.approx(6.0)
    assert endtoend.decode_steps_seconds(samples, 100, 0) == 0.0


def test_a_run_is_layers_times_each_stage():
    prefill = endtoend.LayerTimes(gemms=1.0, gpu_attention=2.0, pim_attention=3.0,
                                  transfer=0.5)
    step = endtoend.LayerTimes(gemms=0.1, pim_attention=0.2)
    got = endtoend.run_seconds(4, prefill, [(10, step), (20, step)], lin=10, lout=5)
    assert got["prefill"] == pytest.approx(4 * 6.5)
    assert got["decode"] == pytest.approx(4 * 5 * 0.3)
    assert got["total"] == pytest.approx(got["prefill"] + got["decode"])


def test_every_workload_has_its_layers():
    from pilot import workloads
    for name, w in workloads.PRESETS.items():
        model = endtoend.TRANSFORMERS[name]
        assert model.layers > 0 and model.source
        # The attention's width is the model's (LED, BigBird, Longformer,
        # Llama, Pythia, Mistral alike).
        assert w.heads * w.head_dim == model.hidden, name


def test_paper_table_parses():
    rows = paper.results()
    assert len(rows) == 20
    assert {r.figure for r in rows} == {"fig9a", "fig9b", "fig10", "fig11", "fig12",
                                        "fig13", "fig14"}
    by_key = {(r.figure, r.metric): r.value for r in rows}
    assert by_key[("fig9a", "pilot_over_gpu_mean")] == 9.93
    assert by_key[("fig10", "prefill_io_percent")] == 28.71
    assert all(math.isfinite(r.value) and r.value > 0 for r in rows)


def test_paper_table_rejects_a_bad_row():
    with pytest.raises(ValueError, match="row 2: expected 4 cells"):
        paper.parse("fig9a | a | 1.0 | ok\nfig9a | b | 2.0\n")
    with pytest.raises(ValueError, match="'many' is not a number"):
        paper.parse("fig9a | a | many | not a number\n")
