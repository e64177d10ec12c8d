#!/usr/bin/env python3
"""Reruns each undetected mutant of a Stryker report by hand, with its mutant active, and says how the run ended.

It runs the tests against the mutated assembly Stryker built, one mutant at a time, so that tests written after the
run can be measured without a new run (put their test assembly in a copy of the mutated build), and a mutant can be
rerun under other conditions (e.g. more threads than a pinned run had).

Usage: recheck.py REPORT.json[.gz] MUTATED_BIN_DIR TEST_FILTER [TIMEOUT_S] [KNOWN.tsv]
  MUTATED_BIN_DIR: the test project's output folder of Stryker's work copy, after its mutated assembly was injected
  (run.sh keeps a copy as bin-mutated/ in its work folder). Tests written since the run can be rechecked too: copy
  the new BlockSwap.Tests.dll over the copy's (the mutated BlockSwap.Core.dll stays). Prints one line per mutant:
  id, status, file:line, outcome (failed: killed; aborted: the test host crashed, killed; passed: survived; timeout).
  KNOWN.tsv: an earlier output of this script, whose outcomes are reused instead of run again."""
import gzip, json, os, signal, subprocess, sys

report_path, bin_dir, test_filter = sys.argv[1:4]
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 120
# An earlier output of this script: its lines "id, status, file:line, outcome, mutation" (the summary line skipped).
known = {f[0]: f[3] for f in (l.split("\t") for l in open(sys.argv[5]).read().splitlines()) if len(f) > 3} if len(sys.argv) > 5 else {}
opener = gzip.open if report_path.endswith(".gz") else open
report = json.load(opener(report_path, "rt"))
dll = os.path.join(bin_dir, "BlockSwap.Tests.dll")


def outcome_of(mutant_id):
    env = dict(os.environ, STRYKER_MUTANT_ID_CONTROL_VAR="BS_ACTIVE_MUTANT", BS_ACTIVE_MUTANT=str(mutant_id))
    # Its own process group, so that a hung test host is stopped with the runner that started it.
    run = subprocess.Popen(["dotnet", "test", dll, "--filter", test_filter], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = run.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        return "timeout"
    return "aborted" if "Test Run Aborted" in out else "failed" if "Failed!" in out else "passed" if "Passed!" in out else f"exit {run.returncode}"


counts = {}
for path, f in sorted(report["files"].items()):
    for m in f["mutants"]:
        if m["status"] not in ("Survived", "NoCoverage"):
            continue
        outcome = known.get(str(m["id"])) or outcome_of(m["id"])
        counts[outcome] = counts.get(outcome, 0) + 1
        where = path.replace("\\", "/").split("/src/BlockSwap/")[-1]
        print(f"{m['id']}\t{m['status']}\t{where}:{m['location']['start']['line']}\t{outcome}\t{m['mutatorName']}: {(m.get('replacement') or '')[:70]!r}", flush=True)
print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
