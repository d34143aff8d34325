"""Checks that two pilot-sim stats files agree: every counter exactly (for
the whole kernel and each class), the time within 1%
(pilot.compare.stats_disagreements).

compare-stats.py A.json B.json
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "python"))
from pilot.compare import counters, stats_disagreements  # noqa: E402


def main():
    with open(sys.argv[1]) as f:
        a = json.load(f)
    with open(sys.argv[2]) as f:
        b = json.load(f)
    problems = stats_disagreements(a, b)
    if problems:
        print("\n".join(problems))
        return 1
    print(f"stats agree: {len(counters(a))} counters, time {a['time_ns']} ns "
          f"vs {b['time_ns']} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
