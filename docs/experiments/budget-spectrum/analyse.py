#!/usr/bin/python3
"""Recomputes the declared analysis (PLAN.md) from the committed files (result.json; report.json for latency), with scipy, independently of
the tool's own report: per budget pick - Moonshine paired by seed (mean, 95 % t-interval, paired t, Holm, exact
Wilcoxon with mid-ranks, MDD at 80 % power, verdict against the margin), the pooled estimate, the random arm, and at
44K the comparison with powered-44k (one fixed pick), where the same network, seed and thread count are
compared (equal unless the tool's arithmetic changed between the two commits); and, once a phase has written
run/latency.csv (or run/report.json), pick ÷ Moonshine latency per budget from its interleaved measurements.
Usage: /usr/bin/python3 docs/experiments/budget-spectrum/analyse.py [RUN_DIR] [MARGIN] [LATENCY_DIR]   (prints Markdown)
LATENCY_DIR: where latency.csv (or report.json) is read, RUN_DIR unless given, e.g. run/final-reports/2."""
import glob, itertools, json, math, os, re, sys
import numpy as np
from scipy import stats

run = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "run")
margin = float(sys.argv[2]) if len(sys.argv) > 2 else 0.25
timed = sys.argv[3] if len(sys.argv) > 3 else run

err, threads, made, nets, cpu = {}, {}, {}, {}, {}
for f in glob.glob(os.path.join(run, "budget-*", "*-s*", "result.json")):
    budget = int(re.search(r"budget-(\d+)", f).group(1))
    method, seed = os.path.basename(os.path.dirname(f)).rsplit("-s", 1)
    r = json.load(open(f))
    err.setdefault(budget, {}).setdefault(method, {})[int(seed)] = r["testTop1Error"]
    nets[(budget, method, int(seed))] = (",".join(r["network"]["blocks"]), r["params"], r["macs"])
    threads.setdefault(r.get("threads"), 0)
    threads[r.get("threads")] += 1
    prov = r.get("provenance", {})
    # The CPU changed mid-experiment (PLAN.md's addendum): pairs are formed within one CPU, "family F model M".
    cpu[(budget, method, int(seed))] = re.sub(r"family (\d+) model (\d+).*", r"\1/\2", str(prov.get("cpuId")))
    key = f'{prov.get("cpu")} ({prov.get("cpuId")}), commit {str(prov.get("commit"))[:7]}'
    made[key] = made.get(key, 0) + 1

def wilcoxon_exact(d):
    d = [x for x in d if x != 0]
    if not d: return float("nan")
    r = stats.rankdata(np.abs(d)); total = r.sum(); w = r[np.array(d) > 0].sum(); obs = abs(w - total / 2) - 1e-9
    hits = sum(1 for s in itertools.product([0, 1], repeat=len(d)) if abs(sum(ri for ri, si in zip(r, s) if si) - total / 2) >= obs)
    return hits / 2 ** len(d)

def compare(a, b, budget=None, ma=None, mb=None):
    # Pairs of one budget are kept only where both trainings ran on one CPU (none is split today: see split_pairs).
    seeds = sorted(s for s in set(a) & set(b) if budget is None or cpu[(budget, ma, s)] == cpu[(budget, mb, s)])
    d = np.array([a[s] - b[s] for s in seeds]); n = len(d)
    if n < 2: return dict(n=n, mean=d.mean() if n else float("nan"))
    sd = d.std(ddof=1); se = sd / math.sqrt(n); h = stats.t.ppf(0.975, n - 1) * se
    p = stats.ttest_rel([a[s] for s in seeds], [b[s] for s in seeds]).pvalue if sd > 0 else (1.0 if d.mean() == 0 else 0.0)
    return dict(n=n, mean=d.mean(), sd=sd, se=se, lo=d.mean() - h, hi=d.mean() + h, p=p, wil=wilcoxon_exact(list(d)),
                mdd=(stats.t.ppf(0.975, n - 1) + stats.t.ppf(0.8, n - 1)) * sd / math.sqrt(n))

def holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i]); out = [0] * len(ps); run_max = 0
    for k, i in enumerate(order):
        run_max = max(run_max, min(1, (len(ps) - k) * ps[i])); out[i] = run_max
    return out

def verdict(c, p):
    if p < 0.05: v = "better" if c["mean"] < 0 else "worse"; inside = c["lo"] >= -margin and c["hi"] <= margin
    else: return "equal" if c["lo"] >= -margin and c["hi"] <= margin else "cannot tell"
    return v + (" (by less than the margin)" if inside else "")

print(f"threads per training: {threads}")
print("made on: " + "; ".join(f"{k}: {v}" for k, v in made.items()) + "\n")
print("| budget | method | seeds | test error (%), mean ± sd |\n|---:|---|---:|---:|")
for b in sorted(err):
    for m in sorted(err[b]):
        v = list(err[b][m].values())
        print(f"| {b:,} | {m} | {len(v)} | {np.mean(v):.2f}" + (f" ± {np.std(v, ddof=1):.2f}" if len(v) > 1 else "") + " |")
split = [(b, s) for b in sorted(err) if "blockswap" in err[b] and "moonshine" in err[b]
         for s in sorted(set(err[b]["blockswap"]) & set(err[b]["moonshine"])) if cpu[(b, "blockswap", s)] != cpu[(b, "moonshine", s)]]
print("pairs whose two trainings ran on two CPUs (left out): " + (", ".join(f"{b:,} seed {s}" for b, s in split) or "none"))
prim = [(b, compare(err[b]["blockswap"], err[b]["moonshine"], b, "blockswap", "moonshine")) for b in sorted(err) if "blockswap" in err[b] and "moonshine" in err[b]]
prim = [(b, c) for b, c in prim if c["n"] >= 2]
adj = holm([c["p"] for _, c in prim])
print(f"\n| budget | pairs | pick − Moonshine | 95 % interval | p (t) | p (Holm over the budgets in) | p (Wilcoxon) | MDD | verdict (margin ±{margin}) |")
print("|---:|---:|---:|---|---:|---:|---:|---:|---|")
for (b, c), a in zip(prim, adj):
    print(f"| {b:,} | {c['n']} | {c['mean']:+.2f} | [{c['lo']:+.2f}, {c['hi']:+.2f}] | {c['p']:.3f} | {a:.3f} | {c['wil']:.3f} | {c['mdd']:.2f} | {verdict(c, a)} |")
if prim:
    k = len(prim); mean = np.mean([c["mean"] for _, c in prim]); var = [c["se"] ** 2 for _, c in prim]
    se = math.sqrt(sum(var)) / k; df = sum(var) ** 2 / sum(v ** 2 / (c["n"] - 1) for v, (_, c) in zip(var, prim))
    h = stats.t.ppf(0.975, df) * se; p = 2 * stats.t.cdf(-abs(mean / se), df)
    pooled = dict(mean=mean, lo=mean - h, hi=mean + h)
    print(f"| pooled ({k} budgets) | {sum(c['n'] for _, c in prim)} | {mean:+.2f} | [{mean - h:+.2f}, {mean + h:+.2f}] | {p:.3f} | | | | {verdict(pooled, p)} |")
# Per seed: the pick (its own search's winner), its error and its Moonshine pair's (secondary, for reading the spread).
print("\n| budget | seed | CPU (family/model) | pick | params | MACs (M) | pick | Moonshine | pick − Moonshine |\n|---:|---:|---|---|---:|---:|---:|---:|---:|")
for b in sorted(err):
    if "blockswap" not in err[b] or "moonshine" not in err[b]: continue
    for s in sorted(set(err[b]["blockswap"]) & set(err[b]["moonshine"])):
        g, n, macs = nets[(b, "blockswap", s)]
        a, m = err[b]["blockswap"][s], err[b]["moonshine"][s]
        c = cpu[(b, "blockswap", s)] + ("" if cpu[(b, "blockswap", s)] == cpu[(b, "moonshine", s)] else " / " + cpu[(b, "moonshine", s)])
        print(f"| {b:,} | {s} | {c} | `{g}` | {n:,} | {macs / 1e6:.2f} | {a:.2f} | {m:.2f} | {a - m:+.2f} |")
    pairs = [err[b]["blockswap"][s] - err[b]["moonshine"][s] for s in set(err[b]["blockswap"]) & set(err[b]["moonshine"])]
    print(f"| {b:,} | | | pairs favouring the pick: {sum(d < 0 for d in pairs)} of {len(pairs)} | | | | | |")
print("\n| budget | comparison | pairs | mean | 95 % interval | p (t) |\n|---:|---|---:|---:|---|---:|")
for b in sorted(err):
    for m in ("blockswap", "moonshine"):
        if m in err[b] and "random" in err[b]:
            c = compare(err[b][m], err[b]["random"], b, m, "random")
            print(f"| {b:,} | {m} − random | {c['n']} | {c['mean']:+.2f} | " + (f"[{c['lo']:+.2f}, {c['hi']:+.2f}] | {c['p']:.3f} |" if c["n"] >= 2 else "– | – |"))
# Not declared (PLAN.md pairs the random arm per budget only): every budget's random pairs in one sample, descriptive.
for m in ("blockswap", "moonshine"):
    d = [err[b][m][s] - err[b]["random"][s] for b in sorted(err) if m in err[b] and "random" in err[b]
         for s in sorted(set(err[b][m]) & set(err[b]["random"])) if cpu[(b, m, s)] == cpu[(b, "random", s)]]
    if len(d) >= 2:
        c = compare(dict(enumerate(d)), dict.fromkeys(range(len(d)), 0.0))
        print(f"\nall budgets' random pairs in one sample (not declared): {m} − random over {c['n']} pairs {c['mean']:+.2f} "
              f"[{c['lo']:+.2f}, {c['hi']:+.2f}], p (t) {c['p']:.3f}, Wilcoxon {c['wil']:.3f}; "
              f"lower at {sum(x < 0 for x in d)}, level at {sum(x == 0 for x in d)}, higher at {sum(x > 0 for x in d)}")

# 44K beside powered-44k: one fixed pick over training seeds there, the whole method per seed here (PLAN.md, secondary).
powered = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "powered-44k", "runs")
old, old_threads = {}, {}
for f in glob.glob(os.path.join(powered, "*-s*", "result.json")):
    name, seed = os.path.basename(os.path.dirname(f)).rsplit("-s", 1)
    r = json.load(open(f))
    old.setdefault(name, {})[int(seed)] = r["testTop1Error"]
    old_threads[(name, int(seed))] = r.get("threads")
here = err.get(44000, {})
if old and "blockswap" in here and "moonshine" in here:
    print("\n| 44K | pairs | pick − Moonshine | 95 % interval |\n|---|---:|---:|---|")
    for label, a, b in (("powered-44k (one fixed pick, training seeds)", old["pick"], old["moonshine-DConvA8"]),
                        ("this experiment (a search per seed)", here["blockswap"], here["moonshine"])):
        c = compare(a, b, *((44000, "blockswap", "moonshine") if a is here.get("blockswap") else ()))
        if c["n"] >= 2: print(f"| {label} | {c['n']} | {c['mean']:+.2f} | [{c['lo']:+.2f}, {c['hi']:+.2f}] |")
    # The Moonshine network is the same DConvA8 network in both: at one seed and one thread, the same error unless the
    # arithmetic changed between them (another commit or another CPU; powered-44k's result.json files name neither).
    same = [(s, here["moonshine"][s], old["moonshine-DConvA8"][s]) for s in sorted(here["moonshine"])
            if s in old["moonshine-DConvA8"] and old_threads.get(("moonshine-DConvA8", s)) == 1]
    if same:
        by_cpu = {}
        for s, a, b in same: by_cpu.setdefault(cpu[(44000, "moonshine", s)], []).append(a == b)
        print("\nDConvA8 at the same seed and one thread, here and in powered-44k: " +
              ", ".join(f"s{s} {a:.2f}/{b:.2f}" for s, a, b in same) + "; equal " +
              ", ".join(f"at {sum(v)} of {len(v)} seeds on CPU {c}" for c, v in sorted(by_cpu.items())) +
              " (powered-44k's result.json files name no CPU or commit; it ran on 2026-12-01 on an AVX-512 EPYC, and"
              " another CPU rounds differently: 23/49 is AVX2-only, 25/17 AVX-512)")

# Latency, pick / Moonshine per budget: the geometric mean over seeds of each seed's ratio of medians. With the run's
# latency.csv (every round of every network; the tool at 534218f or later), the 95 % interval is the percentile
# bootstrap that resamples seeds and rounds together (PLAN.md's addendum "after three interim latency reports"): its
# value matches the tool's exactly, its bounds to about 0.01 (another random generator). Without it, from report.json,
# the plan's first t-interval over seeds of the log ratios.
rounds_csv, report = os.path.join(timed, "latency.csv"), os.path.join(timed, "report.json")
if os.path.exists(rounds_csv):
    import csv
    obs = {}
    for r in csv.DictReader(open(rounds_csv)):
        obs.setdefault((r["network"], int(r["batch"])), []).append((int(r["round"]), float(r["ms"])))
    obs = {k: np.array([ms for _, ms in sorted(v)]) for k, v in obs.items()}
    rng = np.random.default_rng(1)
    print("\n| budget | seeds | pick ÷ Moonshine, batch 1 | batch 32 |\n|---:|---:|---|---|")
    for b in sorted(err):
        seeds = sorted(s for s in set(err[b].get("blockswap", {})) & set(err[b].get("moonshine", {}))
                       if (nets[(b, "blockswap", s)][0], 1) in obs and (nets[(b, "moonshine", s)][0], 1) in obs)
        if not seeds: continue
        cells = []
        for batch in (1, 32):
            a = np.array([obs[(nets[(b, "blockswap", s)][0], batch)] for s in seeds])
            m = np.array([obs[(nets[(b, "moonshine", s)][0], batch)] for s in seeds])
            value = math.exp(np.mean(np.log(np.median(a, axis=1) / np.median(m, axis=1))))
            draws = []
            for _ in range(10000):
                ri = rng.integers(0, a.shape[1], a.shape[1]); pi = rng.integers(0, len(seeds), len(seeds))
                draws.append(math.exp(np.mean(np.log(np.median(a[pi][:, ri], axis=1) / np.median(m[pi][:, ri], axis=1)))))
            lo, hi = np.percentile(draws, [2.5, 97.5])
            cells.append(f"{value:.2f} [{lo:.2f}, {hi:.2f}]")
        print(f"| {b:,} | {len(seeds)} | {cells[0]} | {cells[1]} |")
elif os.path.exists(report):
    rows = {b["budget"]: b["rows"] for b in json.load(open(report))["budgets"]}
    print("\n| budget | seeds | pick ÷ Moonshine, batch 1 | batch 32 |\n|---:|---:|---|---|")
    for b in sorted(rows):
        lat = {}
        for r in rows[b]:
            if r.get("latency"): lat.setdefault(r["method"], {})[r["seed"]] = r["latency"]
        if "blockswap" not in lat or "moonshine" not in lat: continue
        seeds = sorted(set(lat["blockswap"]) & set(lat["moonshine"]))
        cells = []
        for key in ("batch1", "batchLarge"):
            x = np.log([lat["blockswap"][s][key]["medianMs"] / lat["moonshine"][s][key]["medianMs"] for s in seeds])
            if len(x) < 2: cells.append(f"{math.exp(x.mean()):.2f}"); continue
            h = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
            cells.append(f"{math.exp(x.mean()):.2f} [{math.exp(x.mean() - h):.2f}, {math.exp(x.mean() + h):.2f}]")
        print(f"| {b:,} | {len(seeds)} | {cells[0]} | {cells[1]} |")
