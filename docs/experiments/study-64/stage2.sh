#!/usr/bin/env bash
# Stage 2 of the 64-candidate study: does the ranking after a short training (stage 1: 4 epochs on 10,000 images)
# hold at convergence? 16 of stage 1's sampled candidates, chosen evenly along its ranking by mean validation error,
# each trained like the powered comparison (10 epochs on the full training split, AT from its converged teacher) at
# seeds 1 and 2; then Spearman's ρ between stage 1's mean validation error and the converged mean test error, with a
# bootstrap interval. Resumable (finished trainings are skipped); WORKERS one-thread trainings (default 2) run at once,
# pulled from a queue. Run from the repository root after run.sh:
#   bash docs/experiments/study-64/stage2.sh [REPORT=docs/experiments/study-64/stage1/report.json]
# DRY=1 only prints the chosen candidates (e.g. on docs/study's report, to check the choice).
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/study-64
REPORT=${1:-$D/stage1/report.json}
BS=${BLOCKSWAP:-./blockswap}
CHOSEN=$(/usr/bin/python3 - "$REPORT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sampled = [c for c in d["candidates"] if not c.get("moonshine") and not c.get("extra")]
def mean(c): return sum(t["validationError"] for t in c["trainings"]) / len(c["trainings"])
ranked = sorted(sampled, key=lambda c: (mean(c), c["index"]))
k = min(16, len(ranked))
picks = [ranked[round(i * (len(ranked) - 1) / (k - 1))] for i in range(k)]
for c in picks: print(f'{c["index"]} {",".join(c["genotype"])} {mean(c):.4f}')
PY
)
echo "$CHOSEN"
[ "${DRY:-0}" = 1 ] && exit 0
mkdir -p "$D/stage2"
# 32 trainings pulled from a queue by WORKERS processes of THREADS libtorch threads (CLAIMS shared by invocations).
WORKERS=${WORKERS:-2}; THREADS=${THREADS:-1}
OWN_CLAIMS=0; [ -n "${CLAIMS:-}" ] || { CLAIMS=$(mktemp -d); OWN_CLAIMS=1; }; mkdir -p "$CLAIMS"
train() {
  local index=$1 blocks=$2 seed=$3 out
  out="$D/stage2/c$(printf %03d "$index")-s$seed"
  [ -f "$out/result.json" ] && return 0
  local resume=(); [ -f "$out/checkpoint" ] && resume=(--resume)
  echo "[$(date -u +%FT%TZ)] stage 2: $out" >> "$D/stages.log"
  $BS train --arch wrn-16-1 --blocks "$blocks" --teacher docs/experiments/powered-44k/teacher --epochs 10 --seed "$seed" \
    -j "$THREADS" -o "$out" "${resume[@]}" > "$out.log" 2>&1 || echo "[$(date -u +%FT%TZ)] FAILED $out" >> "$D/stages.log"
}
# Seed-major: every candidate's seed 1 first, so a one-seed answer exists halfway through.
worker() {
  for seed in 1 2; do
    while read -r index blocks short; do
      if mkdir "$CLAIMS/$index-$seed" 2>/dev/null; then train "$index" "$blocks" "$seed"; fi
    done <<< "$CHOSEN"
  done
}
# ANALYSE=1 skips the trainings and reports on the seeds finished for every candidate so far.
if [ "${ANALYSE:-0}" != 1 ]; then
  pids=(); for w in $(seq "$WORKERS"); do worker & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
fi
[ "$OWN_CLAIMS" = 0 ] || rm -r "$CLAIMS"
SEEDS=""
for seed in 1 2; do
  complete=1
  while read -r index blocks short; do
    [ -f "$D/stage2/c$(printf %03d "$index")-s$seed/result.json" ] || { complete=0; echo "stage 2 not complete: c$index-s$seed"; }
  done <<< "$CHOSEN"
  [ "$complete" = 1 ] && SEEDS="$SEEDS $seed"
done
[ -n "$SEEDS" ] || { echo "stage 2: no seed finished for every candidate yet"; exit 1; }
/usr/bin/python3 - "$D/stage2" "$REPORT" <<PY
import json, math, sys, random
from scipy import stats
rows = """$CHOSEN""".strip().splitlines()
seeds = [int(s) for s in "$SEEDS".split()]
fisher = {c["index"]: c["scores"] for c in json.load(open(sys.argv[2]))["candidates"]}
short, converged, fisher1, fisher_mean = [], [], [], []
for line in rows:
    index, blocks, s = line.split()
    errs = [json.load(open(f"{sys.argv[1]}/c{int(index):03d}-s{seed}/result.json"))["testTop1Error"] for seed in seeds]
    short.append(float(s)); converged.append(sum(errs) / len(errs))
    scores = [init["fisher"] for init in fisher[int(index)]]
    fisher1.append(-scores[0]); fisher_mean.append(-sum(math.log(v) for v in scores) / len(scores))
def rho_ci(a, b):
    rho = stats.spearmanr(a, b).correlation
    rng = random.Random(1); n = len(a); boot = []
    for _ in range(10000):
        idx = [rng.randrange(n) for _ in range(n)]
        r = stats.spearmanr([a[i] for i in idx], [b[i] for i in idx]).correlation
        if r == r: boot.append(r)
    boot.sort()
    return f"{rho:.3f} [{boot[int(0.025 * len(boot))]:.3f}, {boot[int(0.975 * len(boot))]:.3f}]"
n = len(short)
print(f"over {n} candidates, Spearman rho against the converged mean test error (seeds {', '.join(map(str, seeds))}), 95 % bootstrap interval:")
print(f"  stage 1's mean validation error (4 epochs, 10,000 images): {rho_ci(short, converged)}")
print(f"  Fisher potential, first initialisation (negated):          {rho_ci(fisher1, converged)}")
print(f"  Fisher potential, mean log-score over the inits (negated): {rho_ci(fisher_mean, converged)}")
PY
