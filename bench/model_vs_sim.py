#!/usr/bin/env python3
"""The I/O model's prediction beside what the simulator counts for the
compiled program, for every Table II workload, stage and schedule.

Each workload is compiled and simulated as `python3 -m pilot run` does
(`pilot-opt --pilot-compile`, `pilot-sim --mode=fast`) for the three
schedules, the PILOT schedule's wider tiles (`pilot-wide`) and `auto`; the
model's figures are the busiest bank's internal bytes and the predicted
time that pim-tile recorded (`pim.predicted`, summed over the parts); the
simulator's are the busiest class's column commands per bank and the
simulated time.

Run from the repository root after building:
    PYTHONPATH=python /usr/bin/python3 bench/model_vs_sim.py
"""


from pilot import gen
from pilot.commands.run import compile_and_simulate
from pilot.workloads import PRESETS

# The row's name: the schedule and further --pilot-compile options.
PIPELINES = {
    "naive": ("naive", ""),
    "pilot": ("pilot", ""),
    "pilot-wide": ("pilot", "wide=true"),
    "fused": ("fused", ""),
    "auto": ("auto", ""),
}


def main():
    print("| workload | stage | schedule | model MB | simulated MB | simulated / model "
          "| model time ms | simulated time ms | simulated / model time |")
    print("|" + " --- |" * 9)
    for workload in PRESETS:
        for stage in ("prefill", "decode"):
            module = gen.module_text(workload, stage)
            for name, (schedule, options) in PIPELINES.items():
                r = compile_and_simulate(module, schedule, "pilot-hbm3", "fast", options)
                print(f"| {workload} | {stage} | {name} | "
                      f"{r.predicted_bytes / 1e6:.2f} | {r.internal_bytes / 1e6:.2f} | "
                      f"{r.internal_bytes / r.predicted_bytes:.3f} | "
                      f"{r.predicted_time_ns / 1e6:.2f} | {r.time_ns / 1e6:.2f} | "
                      f"{r.time_ns / r.predicted_time_ns:.2f} |", flush=True)

if __name__ == "__main__":
    main()
