#!/usr/bin/env bash
# Stage 2 of the 64-candidate study: does the ranking after a short training (stage 1: 4 epochs on 10,000 images)
# hold at convergence? 16 of stage 1's sampled candidates, chosen evenly along its ranking by mean validation error,
# each trained like the powered comparison (10 epochs on the full training split, AT from its converged teacher) at
# seeds 1 and 2; then Spearman's ρ between stage 1's mean validation error and the converged mean test error, with a
# bootstrap interval. Resumable (finished trainings are skipped). Run from the repository root after run.sh:
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
while read -r index blocks short; do
  for seed in 1 2; do
    out="$D/stage2/c$(printf %03d "$index")-s$seed"
    [ -f "$out/result.json" ] && continue
    resume=(); [ -f "$out/checkpoint" ] && resume=(--resume)
    echo "[$(date -u +%FT%TZ)] stage 2: $out" >> "$D/stages.log"
    $BS train --arch wrn-16-1 --blocks "$blocks" --teacher docs/experiments/powered-44k/teacher --epochs 10 --seed "$seed" \
      -o "$out" "${resume[@]}" > "$out.log" 2>&1
  done
done <<< "$CHOSEN"
/usr/bin/python3 - "$D/stage2" <<PY
import json, sys, random
from scipy import stats
rows = """$CHOSEN""".strip().splitlines()
short, converged = [], []
for line in rows:
    index, blocks, s = line.split()
    errs = [json.load(open(f"{sys.argv[1]}/c{int(index):03d}-s{seed}/result.json"))["testTop1Error"] for seed in (1, 2)]
    short.append(float(s)); converged.append(sum(errs) / 2)
rho = stats.spearmanr(short, converged).correlation
rng = random.Random(1); n = len(short); boot = []
for _ in range(10000):
    idx = [rng.randrange(n) for _ in range(n)]
    r = stats.spearmanr([short[i] for i in idx], [converged[i] for i in idx]).correlation
    if r == r: boot.append(r)
boot.sort()
print(f"short-training rank vs converged rank over {n} candidates: Spearman rho = {rho:.3f} [{boot[int(0.025 * len(boot))]:.3f}, {boot[int(0.975 * len(boot))]:.3f}]")
PY
