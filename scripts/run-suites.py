#!/usr/bin/env python3
"""Runs every pilot test suite (lit, GoogleTest, pytest) and totals them.

Each suite runs even when an earlier one failed; the exit status is non-zero
if any test failed or any suite could not run. The totals come from each
runner's JUnit XML report, so the closing line counts every test once:
"N passed, N failed, N skipped".
"""

import argparse
import glob
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree


def junit_counts(path):
    """(passed, failed, skipped) of a JUnit XML report."""
    root = ElementTree.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    passed = failed = skipped = 0
    for suite in suites:
        for case in suite.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped


def run(name, command, reports, env=None):
    print(f"=== {name}: {' '.join(command)}", flush=True)
    status = subprocess.call(command, env=env)
    counts = [0, 0, 0]
    for report in reports:
        if os.path.exists(report):
            for i, value in enumerate(junit_counts(report)):
                counts[i] += value
    if status != 0 and counts[1] == 0:
        counts[1] += 1  # the suite failed without a failing test: count it
        print(f"=== {name}: exited with status {status}", flush=True)
    print(f"=== {name}: {counts[0]} passed, {counts[1]} failed, "
          f"{counts[2]} skipped", flush=True)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--lit", required=True)
    args = parser.parse_args()
    reports = os.path.join(args.build_dir, "test-reports")
    os.makedirs(reports, exist_ok=True)
    for old in glob.glob(os.path.join(reports, "*.xml")):
        os.remove(old)

    totals = [0, 0, 0]

    def add(counts):
        for i, value in enumerate(counts):
            totals[i] += value

    lit_report = os.path.join(reports, "lit.xml")
    add(run("lit", [args.lit, "-sv", "--xunit-xml-output", lit_report,
                    os.path.join(args.build_dir, "test")], [lit_report]))

    unit_binaries = sorted(glob.glob(os.path.join(args.build_dir, "bin",
                                                  "Pilot*Tests")))
    if not unit_binaries:
        print("=== GoogleTest: no unit-test binaries in build/bin")
        totals[1] += 1
    for binary in unit_binaries:
        report = os.path.join(reports, os.path.basename(binary) + ".xml")
        add(run(os.path.basename(binary),
                [binary, "--gtest_brief=1", f"--gtest_output=xml:{report}"], [report]))

    python_report = os.path.join(reports, "pytest.xml")
    env = dict(os.environ, PILOT_BIN=os.path.join(args.build_dir, "bin"))
    add(run("pytest", [sys.executable, "-m", "pytest", "-q",
                       f"--junitxml={python_report}",
                       os.path.join(args.source_dir, "python", "tests")],
            [python_report], env=env))

    print(f"{totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    return 1 if totals[1] else 0


if __name__ == "__main__":
    sys.exit(main())
