#!/usr/bin/env python3
"""pilot's AttAcc model beside AttAcc's public simulator on the case both
ran: dense decoding attention of Llama-2-7B, batch 128, a 4,096-token cache,
on `pilot-hbm3` (docs/baselines.md, AttAcc).

Rows: the two simulator measurements with the model's time for the same
MACAB spacing; the bound of every bank streaming K and V once at nCCDL with
no activations; pilot's own `naive` schedule simulated by pilot-sim (the
baseline the model replaced), over the first row's measurement.

Run from the repository root after building (a few seconds):
    PYTHONPATH=python /usr/bin/python3 bench/attacc_vs_simulator.py
"""

import dataclasses

from pilot import attacc, gen, space, workloads
from pilot.commands.run import compile_and_simulate

HW = "pilot-hbm3"


def naive_seconds() -> float:
    """The case compiled under `schedule=naive` and simulated (fast mode)."""
    llama = workloads.get("llama2-7b-duo")
    dense = dataclasses.replace(llama, pattern=workloads.PatternSpec(dense=True, causal=True))
    module = gen.render(gen.configure(dense, "decode", kv_len=attacc.MEASURED_CASE.keys))
    return compile_and_simulate(module, "naive", HW, "fast").time_ns * 1e-9


def main():
    hw = space.preset_fields(HW)
    case, head_dim = [attacc.MEASURED_CASE], attacc.MEASURED_HEAD_DIM

    print("| system | AttAcc's simulator | pilot | pilot / simulator |")
    print("| --- | --- | --- | --- |")
    for m in attacc.MEASURED:
        model = attacc.decode_seconds(hw, case, head_dim, nccdab=m.nccdab).seconds
        print(f"| AttAcc, {m.label} | {m.seconds * 1e6:.0f} us | {model * 1e6:.1f} us "
              f"(model) | {model / m.seconds:.3f} |")
    streaming = attacc.decode_seconds(hw, case, head_dim, nccdab=0).column_seconds
    print(f"| every bank streaming K and V once at nCCDL, no activations | | "
          f"{streaming * 1e6:.1f} us (model) | |")
    naive = naive_seconds()
    print(f"| pilot-sim, schedule=naive | | {naive * 1e6:.1f} us (simulated) | "
          f"{naive / attacc.MEASURED[0].seconds:.2f} of the first row's |")


if __name__ == "__main__":
    main()
