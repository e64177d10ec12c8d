#!/usr/bin/env bash
# Stage 5 of the powered comparison: seeds 4-10 for the networks the question is about (the paper's pick, the Moonshine
# network, the --refine pick), so that pick - Moonshine is resolved to about ±0.3 points (3 seeds gave ±1.0; the
# paired differences' sd of 0.41 points needs about 10 pairs). Trained as stage 3 (10 epochs, AT from the stage-1
# teacher), two trainings at once of one libtorch thread each (seeds 1-3 ran one training of two threads: the thread
# count changes float rounding only). Resumable; several invocations may share CLAIMS. From the repository root:
#   bash docs/experiments/powered-44k/run-seeds.sh     (BLOCKSWAP="dotnet DIR/blockswap.dll" for a build copy)
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/powered-44k
BS=${BLOCKSWAP:-./blockswap}
SEEDS=${SEEDS:-"4 5 6 7 8 9 10"}; WORKERS=${WORKERS:-2}; THREADS=${THREADS:-1}
OWN_CLAIMS=0; [ -n "${CLAIMS:-}" ] || { CLAIMS=$(mktemp -d); OWN_CLAIMS=1; }; mkdir -p "$CLAIMS"
log() { echo "[$(date -u +%FT%TZ)] $*" >> "$D/stages.log"; }
blocks() { tr -d ' \n' < "$1" | sed 's/.*"blocks":\[\([^]]*\)\].*/\1/; s/"//g'; }
jobs() {
  for seed in $SEEDS; do
    echo "pick $(blocks "$D/search/best.json") $seed"
    echo "moonshine-DConvA8 DConvA8,DConvA8,DConvA8,DConvA8,DConvA8,DConvA8 $seed"
    echo "pick-refine $(blocks "$D/search-refine/best.json") $seed"
  done
}
worker() {
  while read -r name blocks seed; do
    local out="$D/runs/$name-s$seed"
    [ -f "$out/result.json" ] && continue
    mkdir "$CLAIMS/$name-$seed" 2>/dev/null || continue
    local resume=(); [ -f "$out/checkpoint" ] && resume=(--resume)
    log "train $out: --blocks $blocks --seed $seed -j $THREADS"
    if $BS train --arch wrn-16-1 --blocks "$blocks" --teacher "$D/teacher" --epochs 10 --seed "$seed" -j "$THREADS" \
        -o "$out" "${resume[@]}" > "$out.log" 2>&1; then
      log "done $out: $(grep -o '"testTop1Error": [0-9.]*' "$out/result.json")"
    else log "FAILED $out (see $out.log)"; fi
  done <<< "$(jobs)"
}
pids=(); for w in $(seq "$WORKERS"); do worker & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done
[ "$OWN_CLAIMS" = 0 ] || rm -r "$CLAIMS"
log "seeds $SEEDS done"
