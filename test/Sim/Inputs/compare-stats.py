"""Checks that two pilot-sim stats files agree: every counter exactly (for
the whole kernel and each class), the time within 1%.

compare-stats.py A.json B.json
"""

import json
import sys

SECTIONS = ("io", "dram", "bus", "commands", "pim", "bpm", "bgpm")


def counters(stats):
    return {f"{section}.{key}": value
            for section in SECTIONS
            for key, value in stats[section].items()}


def compare(a, b, where, problems):
    for key, value in counters(a).items():
        if counters(b)[key] != value:
            problems.append(f"{where}{key}: {value} != {counters(b)[key]}")
    ta, tb = a["time_ns"], b["time_ns"]
    if abs(ta - tb) > 0.01 * max(ta, tb):
        problems.append(f"{where}time_ns: {ta} vs {tb} differ by more than 1%")


def main():
    with open(sys.argv[1]) as f:
        a = json.load(f)
    with open(sys.argv[2]) as f:
        b = json.load(f)
    problems = []
    compare(a, b, "", problems)
    for ca, cb in zip(a["classes"], b["classes"]):
        compare(ca, cb, f"class @{ca['name']}: ", problems)
    if problems:
        print("\n".join(problems))
        return 1
    print(f"stats agree: {len(counters(a))} counters, time {a['time_ns']} ns "
          f"vs {b['time_ns']} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
