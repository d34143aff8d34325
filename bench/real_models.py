#!/usr/bin/env python3
"""Model configurations beyond the paper's presets, at the batches of
interactive serving: what the compiler's default mapping (`split=auto`)
makes of them against the paper's (`split=heads`), on `pilot-hbm3`.

Each case is compiled by `pilot-opt --pilot-compile` and simulated by
pilot-sim (fast mode), as `bench/every_bank.py` does. The table gives the
time under each mapping, busy banks and utilization under `split=auto`,
how many times the step reads each key and value it stores (pilot-sim's
`io.key_value_read_bytes` over batch x KV heads x keys x d x 2 x 2 bytes:
below 1 where heads attend few of the keys, above where query heads that
share a KV head read it apart or tiles re-read it), the sharing pim-map
chose (`kv_group`, 1 where none) and the compile's wall time. The shapes
are the models' published ones (head counts, KV heads, head size); the
patterns are DuoAttention's (retrieval heads dense, streaming heads 128
sinks and a 256-token window), a sliding window, or dense causal.

Run from the repository root after building (seconds):
    PYTHONPATH=python /usr/bin/python3 bench/real_models.py
"""

import dataclasses
import random
import re
from typing import Optional, Tuple

from pilot import gen, workloads

import every_bank

P = workloads.PatternSpec


def duo(dense: Tuple[int, ...]) -> workloads.PatternSpec:
    """DuoAttention: `dense` heads attend every earlier key, the others 128
    sinks and a 256-token window (Xiao et al., ICLR 2025)."""
    return P(causal=True, window=256, sinks=128, dense_heads=tuple(dense))


@dataclasses.dataclass
class Case:
    name: str
    stage: str
    pattern: workloads.PatternSpec
    heads: int
    kv_heads: int
    head_dim: int
    batch: int
    tokens: int  # the prompt in prefill, the cache in decoding
    queries: Optional[int] = None  # decoding queries a step

    def module(self) -> str:
        base = workloads.get("llama2-7b-duo")
        workload = dataclasses.replace(base, pattern=self.pattern,
                                       lin=self.tokens if self.stage == "prefill" else base.lin)
        sizes = dict(heads=self.heads, kv_heads=self.kv_heads, head_dim=self.head_dim,
                     batch=self.batch)
        if self.stage == "decode":
            sizes.update(kv_len=self.tokens, queries=self.queries)
        return gen.render(gen.configure(workload, self.stage, **sizes))

    def stored_kv_bytes(self) -> int:
        return self.batch * self.kv_heads * self.tokens * self.head_dim * 2 * 2


# DuoAttention gates KV heads: a retrieval KV head's query heads are all
# dense. Llama-3-8B's (8 KV heads of 4 query heads): any 4 of them stand in
# for the trained gates, scattered.
SCATTERED = tuple(sorted(4 * kv + g for kv in random.Random(3).sample(range(8), 4)
                         for g in range(4)))

CASES = [
    Case("Llama-3-8B Duo, 4 of 8 KV heads retrieval, scattered", "decode", duo(SCATTERED),
         32, 8, 128, 1, 32768),
    Case("Llama-3-8B Duo, 4 of 8 KV heads retrieval, scattered", "decode", duo(SCATTERED),
         32, 8, 128, 16, 32768),
    Case("Llama-3-8B Duo, 4 queries a step", "decode", duo(SCATTERED), 32, 8, 128, 1, 4096, 4),
    Case("Mistral-7B, 4K sliding window", "decode", P(causal=True, window=4096), 32, 8, 128, 1,
         32768),
    Case("Qwen2.5-7B, 28 heads on 4 KV heads", "decode", P(dense=True, causal=True), 28, 4, 128,
         1, 32768),
    Case("Gemma-2-9B, 16 heads on 8 KV heads, d = 256", "decode", P(dense=True, causal=True),
         16, 8, 256, 1, 8192),
    Case("Phi-2, d = 80", "decode", P(dense=True, causal=True), 32, 32, 80, 8, 2048),
    Case("Duo, 32 heads on 2 KV heads, d = 96", "decode", duo(tuple(range(16))), 32, 2, 96, 3,
         32768),
    Case("Llama-3-8B Duo prefill (dense heads on the host)", "prefill", duo(SCATTERED), 32, 8,
         128, 1, 4096),
    Case("BigBird (block 64)", "prefill", P(window=3, global_tokens=(0,), random=1, seed=1,
                                            block=64), 12, 12, 64, 1, 4096),
    Case("Longformer, global blocks 0, 10, 37", "prefill",
         P(window=8, global_tokens=(0, 10, 37), block=64), 12, 12, 64, 1, 4096),
]


def main() -> None:
    print(f"{every_bank.HW}, fast mode, schedule=pilot\n")
    print("| case | stage | batch | split=heads | split=auto | busy banks | utilization | "
          "KV reads per stored byte | kv_group | compile |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for case in CASES:
        module = case.module()
        heads = every_bank.run(module, "pilot", "split=heads")
        auto = every_bank.run(module, "pilot", "split=auto")
        groups = sorted({int(g) for g in re.findall(r"kv_group = (\d+)", auto.kernel)}) or [1]
        print(f"| {case.name} | {case.stage} | {case.batch} | {heads.time_ns / 1e3:,.1f} us | "
              f"{auto.time_ns / 1e3:,.1f} us | {auto.busy_banks:,} of {auto.banks:,} | "
              f"{auto.utilization * 100:.1f}% | "
              f"{auto.key_value_read_bytes / case.stored_kv_bytes():.2f} | "
              f"{', '.join(map(str, groups))} | {auto.compile_seconds:.2f} s |")


if __name__ == "__main__":
    main()
