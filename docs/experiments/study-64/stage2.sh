#!/usr/bin/env bash
# Stage 2 of the 64-candidate study: does the ranking after a short training (stage 1: 4 epochs on 10,000 images)
# hold at convergence? 16 of stage 1's sampled candidates, chosen evenly along its ranking by mean validation error,
# each trained like the powered comparison (10 epochs on the full training split, AT from its converged teacher) at
# seeds 1 and 2; then Spearman's ρ between stage 1's mean validation error and the converged mean test error, with a
# bootstrap interval. Resumable (finished trainings are skipped); WORKERS one-thread trainings (default 2) run at once,
# pulled from a queue. Run from the repository root after run.sh:
#   bash docs/experiments/study-64/stage2.sh [REPORT=docs/experiments/study-64/stage1/report.json]
# DRY=1 only prints the chosen candidates (e.g. on docs/study's report, to check the choice). The choice and the
# analysis are stage2.py's.
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/study-64
REPORT=${1:-$D/stage1/report.json}
BS=${BLOCKSWAP:-./blockswap}
CHOSEN=$(/usr/bin/python3 "$D/stage2.py" choose "$REPORT")
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
/usr/bin/python3 "$D/stage2.py" analyse "$REPORT" "$D/stage2"
