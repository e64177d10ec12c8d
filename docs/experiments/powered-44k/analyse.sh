#!/usr/bin/env bash
# Summarises the finished trainings of the powered comparison: test error mean ± sd per network over its seeds, and for
# each picker's network (pick, pick-*) the paired differences against every other network and against the mean of the
# random genotypes (pairs by seed, seeds both have), with 95 % Student-t intervals.
# Usage: bash docs/experiments/powered-44k/analyse.sh   (prints Markdown; run from anywhere; needs python3 with scipy)
set -euo pipefail
cd "$(dirname "$0")"
/usr/bin/python3 - <<'PY'
import glob, json, os, statistics
from scipy import stats
err = {}
for f in glob.glob("runs/*/result.json"):
    name, seed = os.path.basename(os.path.dirname(f)).rsplit("-s", 1)
    err.setdefault(name, {})[int(seed)] = json.load(open(f))["testTop1Error"]
randoms = sorted(n for n in err if n.startswith("random-"))
seeds_all = set.intersection(*(set(err[n]) for n in randoms)) if randoms else set()
if randoms: err["random (mean of the three)"] = {s: statistics.mean(err[n][s] for n in randoms) for s in seeds_all}
print("| network | seeds | test error (%), mean ± sd | per seed |\n|---|---:|---:|---|")
for n in sorted(err, key=lambda n: statistics.mean(err[n].values())):
    v = [err[n][s] for s in sorted(err[n])]
    sd = statistics.stdev(v) if len(v) > 1 else 0.0
    print(f"| {n} | {len(v)} | {statistics.mean(v):.2f} ± {sd:.2f} | " + ", ".join(f"s{s}: {err[n][s]:.2f}" for s in sorted(err[n])) + " |")
for picker in sorted(n for n in err if n == "pick" or n.startswith("pick-")):
    print(f"\n| {picker} − network | pairs | mean difference (points) | 95 % interval |\n|---|---:|---:|---|")
    for n in sorted(err):
        if n == picker: continue
        seeds = sorted(set(err[picker]) & set(err[n]))
        d = [err[picker][s] - err[n][s] for s in seeds]
        if len(d) < 2: continue
        m = statistics.mean(d); h = stats.t.ppf(0.975, len(d) - 1) * statistics.stdev(d) / len(d) ** 0.5
        print(f"| {n} | {len(d)} | {m:+.2f} | [{m - h:+.2f}, {m + h:+.2f}] |")
PY
