#!/usr/bin/env python3
"""Real attention kernels on an NVIDIA GPU at the shapes of the Table II
workloads (``pilot.workloads.PRESETS``), to set beside the GPU roofline model.

Per workload it times, with CUDA events, the median of --repeats calls after
3 warm-ups:

* prefill dense: ``scaled_dot_product_attention`` (SDPA) over [B, H, Lin, d],
  causal for causal patterns;
* prefill sparse: the pattern with compiled ``flex_attention`` (a BlockMask from
  the pattern's mask_mod), or SDPA with an explicit boolean mask where
  flex_attention is unavailable (the row says so);
* decode dense: SDPA of one query [B, H, 1, d] against a [B, Hkv, Lin, d] cache;
* decode sparse: SDPA over only the keys the pattern keeps for that query,
  gathered beforehand as a compacted cache holds them (dense heads keep all).

The mask is ``SparsityPattern``'s from the C++ library, BigBird's random blocks
included (same SplitMix64 draw), so the attended pairs ("entries") equal those
of ``pilot-opt --sattn-pattern-stats``. TFLOP/s = 4 * entries * d / time;
GB/s = bytes of Q, K, V and O, each once, / time. Without --batch, the preset's
batch is halved until Q, K, V and O fit in 80% of the free GPU memory.

Run from the repository root with PyTorch (2.5+ for flex_attention) and a GPU:

    PYTHONPATH=python python3 bench/gpu_attention.py --workload all --csv gpu.csv

Its figures belong in docs/baselines.md, with the GPU's name that heads the table.
"""

import argparse
import csv
import dataclasses
import statistics
import sys
from pathlib import Path

import numpy as np

try:
    from pilot.workloads import PRESETS
except ImportError:  # run without PYTHONPATH: use the checkout's package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
    from pilot.workloads import PRESETS

WARMUPS = 3
MEMORY_SHARE = 0.8  # of the free GPU memory; the rest is kernel workspace
ROW_CHUNK = 512  # query rows per slice when a mask is evaluated row-wise
INDEX_LIMIT = 2**31  # elements per tensor in one flex_attention call
MASK64, GOLDEN = (1 << 64) - 1, 0x9E3779B97F4A7C15
COLUMNS = ("workload", "stage", "kernel", "batch used", "time ms", "TFLOP/s", "GB/s")


def attends(pattern, head, q, k, random_table=None):
    """Whether query position ``q`` attends key ``k``: numpy arrays or torch
    tensors alike, so the entry counts, the boolean mask and the mask_mod share
    one definition. As ``SparsityPattern::isAttended``, positions in window,
    globals and sinks count blocks.
    """
    qb, kb = q // pattern.block, k // pattern.block
    keep = kb < pattern.sinks
    for block in pattern.global_tokens:  # global blocks attend and are attended
        keep = keep | (kb == block) | (qb == block)
    if pattern.window is not None:
        left, right = pattern.window
        keep = keep | ((kb >= qb - left) & (kb <= qb + right))
    if random_table is not None:
        keep = keep | random_table[qb, kb]
    if pattern.dense_heads:  # PatternSpec.fit makes the leading heads dense
        keep = keep | (head < len(pattern.dense_heads))
    if pattern.causal:
        keep = keep & (k <= q)
    return keep


def _splitmix64(state):
    while True:
        state = (state + GOLDEN) & MASK64
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def random_table(pattern, keys):
    """[blocks, blocks] bool of each query block's random key blocks (None
    without any), drawn as ``SparsityPattern::drawRandomBlocks`` draws them."""
    if not pattern.random:
        return None
    blocks = -(-keys // pattern.block)
    in_blocks = dataclasses.replace(pattern, block=1, random=0, causal=False, dense_heads=())
    table = np.zeros((blocks, blocks), dtype=bool)
    for q in range(blocks):
        limit = q + 1 if pattern.causal else blocks
        taken = attends(in_blocks, 0, q, np.arange(blocks))
        chosen = np.flatnonzero(~taken[:limit]).tolist()  # the candidates
        draws = _splitmix64(pattern.seed ^ ((q * GOLDEN) & MASK64))
        if len(chosen) > 2 * pattern.random:  # rejection sampling
            picked = set()
            while len(picked) < pattern.random:
                block = next(draws) % limit
                if not taken[block]:
                    picked.add(block)
            chosen = list(picked)
        elif len(chosen) > pattern.random:  # partial Fisher-Yates
            for i in range(pattern.random):
                pick = i + next(draws) % (len(chosen) - i)
                chosen[i], chosen[pick] = chosen[pick], chosen[i]
            chosen = chosen[:pattern.random]
        table[q, np.array(chosen, dtype=np.int64)] = True
    return table


def pattern_entries(pattern, heads, queries, keys, table):
    """Attended pairs of one batch element over all heads; the queries hold
    the last ``queries`` key positions."""
    def per_head(head):
        total, key_index = 0, np.arange(keys)
        for start in range(keys - queries, keys, ROW_CHUNK):
            rows = np.arange(start, min(start + ROW_CHUNK, keys))[:, None]
            mask = attends(pattern, head, rows, key_index, table)
            total += int(np.count_nonzero(np.broadcast_to(mask, (len(rows), keys))))
        return total
    dense = len(pattern.dense_heads)
    return (heads - dense) * per_head(dense) + (dense * per_head(0) if dense else 0)


def median_ms(fn, repeats):
    import torch
    for _ in range(WARMUPS):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times)


def measure(rows, name, stage, kernel, batch, fn, repeats, flops, nbytes):
    """Time ``fn`` and print its row; a failure becomes a row, not an abort."""
    import torch
    try:
        ms = median_ms(fn, repeats)
        cells = [f"{ms:.3f}", f"{flops / ms / 1e9:.1f}", f"{nbytes / ms / 1e6:.1f}"]
    except Exception as err:  # e.g. out of memory at an overridden batch
        print(f"{name} {stage} {kernel}: {one_line(err)}", file=sys.stderr)
        cells = ["failed", "-", "-"]
    torch.cuda.empty_cache()
    rows.append([name, stage, kernel, batch, *cells])
    print("| " + " | ".join(str(cell) for cell in rows[-1]) + " |", flush=True)


def one_line(err):
    return f"{type(err).__name__}: {(str(err).splitlines() or [''])[0]}"


def flex_kernel(pattern, table, heads, length):
    """(q, k, v, gqa) -> compiled flex_attention over the pattern's BlockMask."""
    import torch
    from torch.nn.attention.flex_attention import create_block_mask, flex_attention
    device_table = None if table is None else torch.as_tensor(table, device="cuda")

    def mask_mod(b, h, q_idx, kv_idx):
        return attends(pattern, h, q_idx, kv_idx, device_table)

    size = (None, heads if pattern.dense_heads else None, length, length)  # None broadcasts
    try:  # _compile keeps create_block_mask from materialising the whole mask
        block_mask = create_block_mask(mask_mod, *size, device="cuda", _compile=True)
    except TypeError:
        block_mask = create_block_mask(mask_mod, *size, device="cuda")
    config = torch._dynamo.config  # every workload's mask_mod recompiles flex_attention
    limit = "recompile_limit" if hasattr(config, "recompile_limit") else "cache_size_limit"
    setattr(config, limit, max(getattr(config, limit), 64))
    compiled = torch.compile(flex_attention, dynamic=False)
    return lambda q, k, v, gqa: compiled(q, k, v, block_mask=block_mask, **gqa)


def mask_kernel(pattern, table, heads, length):
    """(q, k, v, gqa) -> SDPA with an explicit boolean mask, the fallback."""
    import torch
    import torch.nn.functional as F
    mask_heads = heads if pattern.dense_heads else 1
    mask = torch.empty(1, mask_heads, length, length, dtype=torch.bool, device="cuda")
    head = torch.arange(mask_heads, device="cuda")[:, None, None]
    key_index = torch.arange(length, device="cuda")
    device_table = None if table is None else torch.as_tensor(table, device="cuda")
    for start in range(0, length, ROW_CHUNK):
        rows = torch.arange(start, min(start + ROW_CHUNK, length), device="cuda")[:, None]
        mask[0, :, start:start + ROW_CHUNK] = attends(pattern, head, rows, key_index, device_table)
    return lambda q, k, v, gqa: F.scaled_dot_product_attention(q, k, v, attn_mask=mask, **gqa)


def prefill(name, pattern, table, kernel, label, q, k, v, gqa, repeats, rows):
    import torch
    import torch.nn.functional as F
    B, H, L, d = q.shape
    nbytes = q.element_size() * B * L * d * 2 * (H + k.shape[1])
    pairs = L * (L + 1) // 2 if pattern.causal else L * L
    measure(rows, name, "prefill", "sdpa dense" + " causal" * pattern.causal, B,
            lambda: F.scaled_dot_product_attention(q, k, v, is_causal=pattern.causal, **gqa),
            repeats, 4 * B * H * pairs * d, nbytes)
    # Triton kernels may index in 32 bits: keep each call under 2^31 elements.
    chunk = B
    while chunk > 1 and chunk * H * L * d >= INDEX_LIMIT:
        chunk = (chunk + 1) // 2

    def sparse():
        for i in range(0, B, chunk):
            kernel(q[i:i + chunk], k[i:i + chunk], v[i:i + chunk], gqa)

    if kernel is not None:
        try:  # the first call compiles: a failure there means no usable flex_attention
            sparse()
            torch.cuda.synchronize()
        except Exception as err:
            kernel, label = None, f"sdpa bool mask (flex_attention failed: {type(err).__name__})"
            torch.cuda.empty_cache()
    kernel = kernel or mask_kernel(pattern, table, H, L)
    calls = -(-B // chunk)
    measure(rows, name, "prefill", label + f", {calls} calls" * (calls > 1), B, sparse,
            repeats, 4 * B * pattern_entries(pattern, H, L, L, table) * d, nbytes)


def decode(name, pattern, table, q, k, v, gqa, repeats, rows):
    import torch
    import torch.nn.functional as F
    B, H, _, d = q.shape
    Hkv, L, elem = k.shape[1], k.shape[2], q.element_size()
    measure(rows, name, "decode", "sdpa dense", B,
            lambda: F.scaled_dot_product_attention(q, k, v, **gqa), repeats,
            4 * B * H * L * d, elem * B * d * 2 * (H + Hkv * L))
    # The new token sits at position L - 1, as in `pilot gen --stage decode`.
    dense = len(pattern.dense_heads)
    dense_kv = dense * Hkv // H
    kept = np.flatnonzero(attends(pattern, dense, np.array([L - 1]), np.arange(L), table))
    index = torch.as_tensor(kept, device="cuda")
    q_dense, q_sparse = q[:, :dense].contiguous(), q[:, dense:].contiguous()
    k_sparse, v_sparse = k[:, dense_kv:, index].contiguous(), v[:, dense_kv:, index].contiguous()

    def sparse():
        if dense:  # DuoAttention's retrieval heads keep the whole cache
            F.scaled_dot_product_attention(q_dense, k[:, :dense_kv], v[:, :dense_kv], **gqa)
        return F.scaled_dot_product_attention(q_sparse, k_sparse, v_sparse, **gqa)

    kv_tokens = dense_kv * L + (Hkv - dense_kv) * len(kept)
    label = f"sdpa gathered keys ({len(kept)} of {L}" + f"; {dense} heads dense" * bool(dense)
    measure(rows, name, "decode", label + ")", B, sparse,
            repeats, 4 * B * (dense * L + (H - dense) * len(kept)) * d,
            elem * B * d * 2 * (H + kv_tokens))


def run_workload(name, args, rows):
    import torch
    w = PRESETS[name]
    stages = ("prefill", "decode") if args.stage == "both" else (args.stage,)
    dtype = getattr(torch, args.dtype)
    H, Hkv, L, d = w.heads, w.kv_heads, w.lin, w.head_dim
    gqa = {"enable_gqa": True} if Hkv != H else {}
    pattern = w.pattern.fit(keys=L, heads=H)
    table = random_table(pattern, L)
    kernel, label = None, "flex_attention"
    if "prefill" in stages:  # the BlockMask is batch-free: build it before sizing
        try:
            kernel = flex_kernel(pattern, table, H, L)
        except Exception as err:
            label = f"sdpa bool mask (flex_attention unavailable: {type(err).__name__})"
    batch = args.batch
    if batch is None:  # halve the preset's batch until Q, K, V and O fit
        torch.cuda.empty_cache()  # what the last workload left cached counts as free
        per_batch = torch.empty((), dtype=dtype).element_size() * L * d * 2 * (
            Hkv + (H if "prefill" in stages else 0))
        budget, batch = MEMORY_SHARE * torch.cuda.mem_get_info()[0], w.batch
        while batch > 1 and batch * per_batch > budget:
            batch //= 2

    def randn(heads, length):
        return torch.randn(batch, heads, length, d, device="cuda", dtype=dtype)

    if "prefill" in stages:
        prefill(name, pattern, table, kernel, label, randn(H, L), randn(Hkv, L),
                randn(Hkv, L), gqa, args.repeats, rows)
    if "decode" in stages:
        decode(name, pattern, table, randn(H, 1), randn(Hkv, L), randn(Hkv, L), gqa,
               args.repeats, rows)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Time dense and sparse attention kernels "
                                     "on a CUDA GPU at the Table II workload shapes.")
    parser.add_argument("--workload", default="all", choices=[*PRESETS, "all"],
                        help="a preset, or all (default: all)")
    parser.add_argument("--stage", default="both", choices=("prefill", "decode", "both"),
                        help="stage(s) to time (default: both)")
    parser.add_argument("--batch", type=int, metavar="N",
                        help="batch size (default: the preset's, halved until it fits "
                             f"{MEMORY_SHARE:.0%}% of the free GPU memory)")
    parser.add_argument("--repeats", type=int, default=20, metavar="N",
                        help=f"timed calls per kernel after {WARMUPS} warm-ups (default: 20)")
    parser.add_argument("--dtype", default="float16", choices=("float16", "bfloat16"),
                        help="element type (default: float16)")
    parser.add_argument("--csv", metavar="PATH", help="also write the rows as CSV to PATH")
    args = parser.parse_args(argv)
    for field in ("batch", "repeats"):
        value = getattr(args, field)
        if value is not None and value < 1:
            parser.error(f"--{field} must be at least 1, got {value}")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        import torch
    except ImportError as err:
        print(f"error: PyTorch (torch) is not importable ({err}); install torch with CUDA",
              file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print(f"error: torch {torch.__version__} sees no CUDA GPU; this benchmark needs one",
              file=sys.stderr)
        return 2
    gpu = torch.cuda.get_device_name()
    print(f"## Attention kernels on {gpu} (torch {torch.__version__}, {args.dtype})\n")
    print("| " + " | ".join(COLUMNS) + " |\n|" + " --- |" * len(COLUMNS), flush=True)
    rows = []
    for name in PRESETS if args.workload == "all" else [args.workload]:
        try:
            run_workload(name, args, rows)
        except Exception as err:  # e.g. no memory for the tensors at --batch
            print(f"{name}: skipped, {one_line(err)}", file=sys.stderr)
    if args.csv:
        with open(args.csv, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(("gpu", *COLUMNS))
            writer.writerows([gpu, *row] for row in rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
