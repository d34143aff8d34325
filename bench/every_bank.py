#!/usr/bin/env python3
"""How much of the machine small batches keep busy, against the streaming
bound (docs/compiler.md, Mapping; docs/simulator.md, `bound_ns`).

Two cases, compiled by `pilot-opt --pilot-compile` and simulated by pilot-sim
(fast mode) on `pilot-hbm3`:

- Longformer prefill at Lin 4096, batch 1 against batch 512: the batch-1
  time over the batch-512 time per batch entry, busy banks, utilization;
- decoding with grouped-query attention at batch 1: 32 query heads over 8 KV
  heads x 128, a 32K cache, heads 0-15 dense and 16-31 streaming (128 sinks,
  a 256-token window): time (a host merge included) over the machine's
  bound, the keys and values the step needs (each KV head's keys that any
  of its query heads attends, read once) spread over every bank, each
  streaming whole rows (docs/simulator.md's read row); beside it the time
  over pilot-sim's `bound_ns`, which is the busiest bank's own bytes and
  so says nothing of idle banks; and the bytes the banks read from the rows
  that hold keys and values (pilot-sim's `io.key_value_read_bytes`) over
  the keys and values needed.

For each it prints the compile's wall time and peak memory (pilot-opt's
resident set, from wait4), and the figures a mapping that uses every bank
should reach: at most 2x the batch-512 time per entry with 3,500 of 4,096
banks busy (prefill), within 3x of the machine's bound reading each KV byte once
(decoding), 70% utilization in both, compile under 1 s and 200 MB.

Run from the repository root after building (about a minute):
    PYTHONPATH=python /usr/bin/python3 bench/every_bank.py [--options "..."]
`--options` adds `--pilot-compile` options (e.g. a mapping choice) to every
compile; `--schedule` picks the schedule (default pilot).
"""

import argparse
import dataclasses
import os
import subprocess
import tempfile
import time
from pathlib import Path

from pilot import gen, native, workloads

HW = "pilot-hbm3"
BIN = Path(os.environ.get("PILOT_BIN", "build/bin"))


@dataclasses.dataclass
class Run:
    hardware: dict
    time_ns: float
    bound_ns: float
    busy_banks: int
    banks: int
    utilization: float
    internal_read_bytes: int
    key_value_read_bytes: int
    compile_seconds: float
    compile_peak_mb: float
    kernel: str


def compile_measured(module: str, pipeline: str) -> tuple:
    """pilot-opt on `module`: the kernel's text, wall seconds, peak MB."""
    with tempfile.TemporaryDirectory() as tmp:
        source, kernel = Path(tmp) / "in.mlir", Path(tmp) / "out.mlir"
        source.write_text(module)
        start = time.perf_counter()
        proc = subprocess.Popen([str(BIN / "pilot-opt"), str(source),
                                 f"--pilot-compile={pipeline}", "-o", str(kernel)],
                                stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"pilot-opt failed ({pipeline}):\n{proc.stderr.read()}")
        return kernel.read_text(), seconds, usage.ru_maxrss / 1024.0


def run(module: str, schedule: str, options: str) -> Run:
    pipeline = f"hw={HW} schedule={schedule} {options}".strip()
    kernel, seconds, peak_mb = compile_measured(module, pipeline)
    stats = native.simulate(kernel, "fast")
    hw = stats["hardware"]
    banks = 1
    for level in ("stacks", "dies", "pchs", "bank_groups", "banks"):
        banks *= hw[f"org.{level}"]
    return Run(hardware=hw, time_ns=stats["time_ns"], bound_ns=stats["bound_ns"],
               busy_banks=stats["busy_banks"], banks=banks,
               utilization=stats["utilization"],
               internal_read_bytes=stats["io"]["internal_read_bytes"],
               key_value_read_bytes=stats["io"]["key_value_read_bytes"],
               compile_seconds=seconds, compile_peak_mb=peak_mb, kernel=kernel)


def longformer(batch: int) -> str:
    return gen.render(gen.configure("longformer", "prefill", lin=4096, batch=batch))


DECODE_KV_LEN, DECODE_SINKS, DECODE_WINDOW = 32768, 128, 256
DECODE_HEADS, DECODE_KV_HEADS, DECODE_HEAD_DIM = 32, 8, 128
DECODE_DENSE = tuple(range(16))


def gqa_decode() -> str:
    llama = workloads.get("llama2-7b-duo")
    spec = workloads.PatternSpec(causal=True, window=DECODE_WINDOW, sinks=DECODE_SINKS,
                                 dense_heads=DECODE_DENSE)
    workload = dataclasses.replace(llama, pattern=spec)
    return gen.render(gen.configure(workload, "decode", kv_len=DECODE_KV_LEN, batch=1,
                                    heads=DECODE_HEADS, kv_heads=DECODE_KV_HEADS,
                                    head_dim=DECODE_HEAD_DIM))


def gqa_decode_kv_bytes() -> int:
    """Keys and values the decoding step needs: per KV head, the keys any of
    its query heads attends (all of them for a dense head; the sinks and the
    window otherwise), K and V, FP16."""
    group = DECODE_HEADS // DECODE_KV_HEADS
    keys = 0
    for kv in range(DECODE_KV_HEADS):
        heads = range(kv * group, (kv + 1) * group)
        dense = any(h in DECODE_DENSE for h in heads)
        keys += DECODE_KV_LEN if dense else DECODE_SINKS + DECODE_WINDOW
    return keys * DECODE_HEAD_DIM * 2 * 2


def machine_bound_ns(hw: dict, read_bytes: int, banks: int) -> float:
    """`read_bytes` spread evenly over `banks` banks, each reading whole rows
    back to back: pilot-sim's read row (docs/simulator.md, the streaming
    bound) times the rows of the most loaded bank, in ns."""
    columns_per_row = hw["org.row_bytes"] // hw["org.column_bytes"]
    row_tck = max(hw["timing.nRCDRD"] + (columns_per_row - 1) * hw["timing.nCCDL"]
                  + hw["timing.nRTPL"], hw["timing.nRAS"]) + hw["timing.nRP"]
    row_tck = max(row_tck, hw["timing.nRC"])
    rows = -(-read_bytes // hw["org.row_bytes"])
    return -(-rows // banks) * row_tck * hw["timing.tCK_ps"] / 1e3


def verdict(ok: bool) -> str:
    return "meets" if ok else "does not meet"


def describe(name: str, r: Run) -> None:
    print(f"| {name} | {r.time_ns / 1e3:.1f} us | {r.time_ns / r.bound_ns:.2f} | "
          f"{r.busy_banks:,} of {r.banks:,} | {r.utilization * 100:.1f}% | "
          f"{r.compile_seconds:.2f} s | {r.compile_peak_mb:.0f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schedule", default="pilot")
    parser.add_argument("--options", default="", help="further --pilot-compile options")
    args = parser.parse_args()

    one = run(longformer(1), args.schedule, args.options)
    many = run(longformer(512), args.schedule, args.options)
    decode = run(gqa_decode(), args.schedule, args.options)
    print(f"schedule={args.schedule} {args.options} on {HW}, fast mode\n")
    print("| case | time | time / busiest bank's bound | busy banks | utilization | compile | "
          "compile memory |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    describe("Longformer prefill, Lin 4096, batch 1", one)
    describe("Longformer prefill, Lin 4096, batch 512", many)
    describe("GQA decoding, 32/8 heads x 128, 32K cache, batch 1", decode)

    per_entry = many.time_ns / 512
    needed = gqa_decode_kv_bytes()
    read_ratio = decode.key_value_read_bytes / needed
    print()
    print(f"- prefill batch 1 over batch 512 per entry: {one.time_ns / per_entry:.1f}x "
          f"(at most 2x: {verdict(one.time_ns <= 2 * per_entry)}); busy banks "
          f"{one.busy_banks:,} (at least 3,500: {verdict(one.busy_banks >= 3500)})")
    machine = machine_bound_ns(decode.hardware, needed, decode.banks)
    print(f"- decoding time over the machine's bound ({machine / 1e3:.2f} us, the "
          f"{needed / 1e6:.1f} MB over all {decode.banks:,} banks): "
          f"{decode.time_ns / machine:.1f} (at most 3: "
          f"{verdict(decode.time_ns <= 3 * machine)}); over its busiest bank's "
          f"bound: {decode.time_ns / decode.bound_ns:.2f}; keys and values read "
          f"{decode.key_value_read_bytes / 1e6:.1f} MB over the {needed / 1e6:.1f} MB "
          f"needed: {read_ratio:.2f}x (once: {verdict(read_ratio <= 1.05)}), of "
          f"{decode.internal_read_bytes / 1e6:.1f} MB read in all (queries and "
          f"scores too)")
    low = min(one.utilization, decode.utilization)
    print(f"- lowest utilization {low * 100:.1f}% (at least 70%: {verdict(low >= 0.7)})")
    slowest = max(r.compile_seconds for r in (one, many, decode))
    largest = max(r.compile_peak_mb for r in (one, many, decode))
    print(f"- slowest compile {slowest:.2f} s, largest {largest:.0f} MB (under 1 s and "
          f"200 MB: {verdict(slowest < 1 and largest < 200)})")


if __name__ == "__main__":
    main()
