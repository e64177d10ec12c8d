#!/usr/bin/env bash
# The 64-candidate study of the issue "Does the pick beat Moonshine?" (WRN-16-1, Fashion-MNIST, 44K), with the
# fitted recipe. Stage 1: 64 sampled candidates plus the Moonshine network in the window, each scored at 3
# initialisations and trained at 2 seeds for 4 epochs on 10,000 training images with attention transfer from the
# powered comparison's converged teacher, validated on 5,000 held-out images. Beside them, kept out of the
# correlations (--extra): the picks of the ten searches of docs/experiments/evolution-44k (random sampling and
# regularised evolution, search seeds 1-5, 100 scored candidates each), trained alike, so that each pick's regret
# against this pool's best is measured (the evolution strategy in the study's regret). Resumable: the same command continues
# (every candidate is its own folder). Run from the repository root: bash docs/experiments/study-64/run.sh
# (BLOCKSWAP="dotnet DIR/blockswap.dll" to run a copy of the build).
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/study-64
BS=${BLOCKSWAP:-./blockswap}
# --extra STRATEGY-sSEED=GENOTYPE for every pick in evolution-44k/picks.csv (strategy,search_seed,"blocks",error).
extras() { tail -n +2 docs/experiments/evolution-44k/picks.csv | tr -d '"' | awk -F, '{ g = $3; for (i = 4; i < NF; i++) g = g "," $i; printf " --extra %s-s%s=%s", $1, $2, g }'; }
echo "[$(date -u +%FT%TZ)] study stage 1" >> "$D/stages.log"
$BS study --arch wrn-16-1 --budget 44k --candidates 64 --init-seeds 3 --train-seeds 2 --epochs 4 \
  --teacher docs/experiments/powered-44k/teacher --train-images 10000 --validation-images 5000 \
  --ensemble fisher,params --seed 1 $(extras) -o "$D/stage1" $([ -f "$D/stage1/study.json" ] && echo --resume) > "$D/stage1.log" 2>&1
echo "[$(date -u +%FT%TZ)] study stage 1 done" >> "$D/stages.log"
