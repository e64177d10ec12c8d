#!/usr/bin/env python3
"""Reruns each undetected mutant of a Stryker report by hand, with its mutant active, and says how the run ended.

Stryker.NET 5.1 with the VSTest runner reports a mutant as survived when its test run crashes the test host (an
access violation in unsafe code ends the run as "Test Run Aborted", with the tests run so far passed). This script
tells those apart: it runs the same tests against the mutated assembly Stryker built, one survivor at a time.

Usage: recheck.py REPORT.json[.gz] MUTATED_BIN_DIR TEST_FILTER [TIMEOUT_S]
  MUTATED_BIN_DIR: the test project's output folder of Stryker's work copy, after its mutated assembly was injected
  (run.sh keeps a copy as bin-mutated/ in its work folder). Tests written since the run can be rechecked too: copy
  the new BlockSwap.Tests.dll over the copy's (the mutated BlockSwap.Core.dll stays). Prints one line per mutant:
  id, file:line, outcome (failed: killed; aborted: the test host crashed, killed; passed: survived; timeout)."""
import gzip, json, os, subprocess, sys

report_path, bin_dir, test_filter = sys.argv[1:4]
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 120
opener = gzip.open if report_path.endswith(".gz") else open
report = json.load(opener(report_path, "rt"))
dll = os.path.join(bin_dir, "BlockSwap.Tests.dll")
counts = {}
for path, f in sorted(report["files"].items()):
    for m in f["mutants"]:
        if m["status"] not in ("Survived", "NoCoverage"):
            continue
        env = dict(os.environ, STRYKER_MUTANT_ID_CONTROL_VAR="BS_ACTIVE_MUTANT", BS_ACTIVE_MUTANT=str(m["id"]))
        try:
            run = subprocess.run(["dotnet", "test", dll, "--filter", test_filter], env=env, capture_output=True, text=True, timeout=timeout)
            out = run.stdout + run.stderr
            outcome = "aborted" if "Test Run Aborted" in out else "failed" if "Failed!" in out else "passed" if "Passed!" in out else f"exit {run.returncode}"
        except subprocess.TimeoutExpired:
            outcome = "timeout"
        counts[outcome] = counts.get(outcome, 0) + 1
        where = path.replace("\\", "/").split("/src/BlockSwap/")[-1]
        print(f"{m['id']}\t{m['status']}\t{where}:{m['location']['start']['line']}\t{outcome}\t{m['mutatorName']}: {(m.get('replacement') or '')[:70]!r}", flush=True)
print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
