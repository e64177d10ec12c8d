#!/usr/bin/env bash
# Do evolved picks train better? Each search's pick (random and evolution, seeds 1-5) trained alike: 4 epochs on a
# seeded 10,000-image subset of Fashion-MNIST's training split, attention transfer from the powered comparison's
# converged teacher, training seed 1 for every network (so the networks differ, not the draws); test error on the
# 10,000 test images. Writes picks.csv. Resumable (finished trainings are skipped). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/evolution-44k
BS=${BLOCKSWAP:-./blockswap}
for seed in 1 2 3 4 5; do
  for strategy in random evolution; do
    out="$D/picks/$strategy-s$seed"
    [ -f "$out/result.json" ] && continue
    mkdir -p "$D/picks"
    resume=(); [ -f "$out/checkpoint" ] && resume=(--resume)
    $BS train --genotype "$D/runs/$strategy-s$seed/best.json" --teacher docs/experiments/powered-44k/teacher --epochs 4 \
      --train-images 10000 --seed 1 -o "$out" "${resume[@]}" > "$out.log" 2>&1
  done
done
echo "strategy,search_seed,blocks,test_error" > "$D/picks.csv"
for seed in 1 2 3 4 5; do
  for strategy in random evolution; do
    r="$D/picks/$strategy-s$seed/result.json"
    blocks=$(tr -d ' \n' < "$D/runs/$strategy-s$seed/best.json" | sed 's/.*"blocks":\[\([^]]*\)\].*/\1/; s/"//g')
    echo "$strategy,$seed,\"$blocks\",$(grep -o '"testTop1Error": *[0-9.]*' "$r" | grep -o '[0-9.]*$')" >> "$D/picks.csv"
  done
done
cat "$D/picks.csv"
