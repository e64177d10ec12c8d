#!/usr/bin/env bash
# Regularised evolution against random sampling at the same number of scored candidates (issue: a search strategy
# beyond random sampling). WRN-16-1 on the full Fashion-MNIST at a 44K budget, Fisher potential at one initialisation,
# 100 candidates per search, seeds 1-5; evolution with the defaults (population 20, tournament 5). Writes results.csv:
# strategy, seed, best score, mean of the 10 best, the best candidate's index and genotype.
# Run from the repository root: bash docs/experiments/evolution-44k/run.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/evolution-44k
BS=${BLOCKSWAP:-./blockswap}
SAMPLES=${SAMPLES:-100}
echo "strategy,seed,best,top10_mean,best_index,best_blocks" > "$D/results.csv.tmp"
for seed in 1 2 3 4 5; do
  for strategy in random evolution; do
    out="$D/runs/$strategy-s$seed"
    [ -f "$out/best.json" ] || $BS search --arch wrn-16-1 --budget 44k --samples "$SAMPLES" --seed "$seed" --strategy "$strategy" -o "$out" \
      $([ -f "$out/search.json" ] && echo --resume) > "$out.log" 2>&1
    /usr/bin/python3 - "$out/candidates.csv" "$strategy" "$seed" >> "$D/results.csv.tmp" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
scores = sorted((float(r["score"]), -int(r["index"]), r["blocks"]) for r in rows)
best = scores[-1]
top = [s for s, _, _ in scores[-10:]]
print(f"{sys.argv[2]},{sys.argv[3]},{best[0]:.6g},{sum(top) / len(top):.6g},{-best[1]},\"{best[2]}\"")
PY
  done
done
mv "$D/results.csv.tmp" "$D/results.csv"
cat "$D/results.csv"
