"""The evolution strategy in the study's regret: each search's pick (evolution-44k/picks.csv) was trained beside the
64-candidate study's sampled candidates (docs/experiments/study-64, stage 1: `study --extra`); its regret is its mean
validation error (2 seeds, 4 epochs on 10,000 images) above the best sampled candidate's. Prints per search seed the
random and the evolution pick's regret and rank, and the paired difference with a 95 % t-interval over the 5 seeds.
Usage: /usr/bin/python3 docs/experiments/evolution-44k/regret.py [docs/experiments/study-64/stage1/report.json]"""
import json, statistics, sys
from scipy import stats

report = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "docs/experiments/study-64/stage1/report.json"))
a = report["analysis"]
extras = {x["label"]: x for x in a["extras"]}
seeds = sorted({int(label.split("-s")[1]) for label in extras})
print(f"pool: {a['sampled']} sampled candidates; a random pick's expected regret {a['randomPickRegret']:.2f} points\n")
print("| search seed | random pick: regret (rank) | evolution pick: regret (rank) | evolution − random |")
print("|---:|---:|---:|---:|")
diffs = []
for s in seeds:
    r, e = extras[f"random-s{s}"], extras[f"evolution-s{s}"]
    diffs.append(e["regret"] - r["regret"])
    print(f"| {s} | {r['regret']:.2f} ({r['rankAmongSampled']}) | {e['regret']:.2f} ({e['rankAmongSampled']}) | {diffs[-1]:+.2f} |")
mean_r = statistics.mean(extras[f"random-s{s}"]["regret"] for s in seeds)
mean_e = statistics.mean(extras[f"evolution-s{s}"]["regret"] for s in seeds)
m = statistics.mean(diffs)
h = stats.t.ppf(0.975, len(diffs) - 1) * statistics.stdev(diffs) / len(diffs) ** 0.5
print(f"| mean | {mean_r:.2f} | {mean_e:.2f} | {m:+.2f} [{m - h:+.2f}, {m + h:+.2f}] |")
