"""Checks that a pilot-sim run moves what the I/O model predicts.

compare-io-model.py STATS.json REPORT.txt SCHEDULE

STATS.json is pilot-sim's --stats-json of a program written by the I/O
model's rules for the busiest bank; REPORT.txt is pilot-opt --pim-io-report's
output for the same attention. The model counts whole column accesses, so
its bytes are the simulator's column commands times org.column_bytes; its
MACs are macs_per_byte times those bytes.
"""

import json
import re
import sys


def main():
    stats_path, report_path, schedule = sys.argv[1:4]
    with open(stats_path) as f:
        stats = json.load(f)
    with open(report_path) as f:
        report = f.read()
    match = re.search(rf"schedule={re.escape(schedule)} (.*)", report)
    if not match:
        print(f"no {schedule} line in {report_path}")
        return 1
    model = dict(re.findall(r"(\w+)=(\S+)", match.group(1)))
    column = stats["hardware"]["org.column_bytes"]
    sim_bytes = (stats["dram"]["rd"] + stats["dram"]["wr"]) * column
    model_bytes = int(model["bank_internal_bytes"])
    model_macs = float(model["macs_per_byte"]) * model_bytes
    print(f"bytes: simulated {sim_bytes}, model {model_bytes}")
    print(f"macs: simulated {stats['pim']['mac']}, model {model_macs:.0f}")
    ok = sim_bytes == model_bytes and abs(stats["pim"]["mac"] - model_macs) <= 0.005 * model_macs
    print("agree" if ok else "DISAGREE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
