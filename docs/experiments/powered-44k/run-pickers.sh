#!/usr/bin/env bash
# Stage 4 of the powered comparison: the two other pickers of the issue, on the same 100 candidates (search seed 1),
# and their picks trained like every other network (10 epochs, AT from the stage-1 teacher, seeds 1-3).
#   - inits: Fisher potential at 4 initialisations (each with its own minibatch), combined by the mean log-score;
#   - refine: successive halving over the 8 best Fisher candidates, 1 epoch per rung (8 → 4 → 2 → 1), ranked by
#     validation error on 5,000 images held out of the training split (no teacher: brief plain training).
# Resumable like run.sh (finished folders are skipped, interrupted ones resume). Run after run.sh, from the repository
# root: bash docs/experiments/powered-44k/run-pickers.sh   (BLOCKSWAP="dotnet DIR/blockswap.dll" for a build copy)
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/powered-44k
BS=${BLOCKSWAP:-./blockswap}
EPOCHS=${EPOCHS:-10}
SEEDS=${SEEDS:-"1 2 3"}
log() { echo "[$(date -u +%FT%TZ)] $*" | tee -a "$D/stages.log"; }
blocks() { tr -d ' \n' < "$1" | sed 's/.*"blocks":\[\([^]]*\)\].*/\1/; s/"//g'; }

if [ ! -f "$D/search-inits4/best.json" ]; then
  log "search --inits 4"
  /usr/bin/time -f "cpu seconds: %U user + %S system, wall %e s" \
    $BS search --arch wrn-16-1 --budget 44k --samples 100 --seed 1 --inits 4 -o "$D/search-inits4" \
    $([ -f "$D/search-inits4/search.json" ] && echo --resume) > "$D/search-inits4.log" 2>&1
fi
if [ ! -f "$D/search-refine/refine/rungs.csv" ]; then
  # The refinement starts from the stage-2 search's 100 scored candidates (a copy, so stage 2 stays as it was).
  [ -d "$D/search-refine" ] || { mkdir -p "$D/search-refine"; cp "$D/search/search.json" "$D/search/candidates.csv" "$D/search-refine/"; }
  log "search --refine 8"
  /usr/bin/time -f "cpu seconds: %U user + %S system, wall %e s" \
    $BS search --arch wrn-16-1 --budget 44k --samples 100 --seed 1 --refine 8 --refine-epochs 1 -o "$D/search-refine" --resume \
    > "$D/search-refine.log" 2>&1
fi
pick=$(blocks "$D/search/best.json")
for picker in inits4 refine; do
  b=$(blocks "$D/search-$picker/best.json")
  if [ "$b" = "$pick" ]; then log "pick-$picker is the stage-2 pick ($b): its trainings are pick-s*"; continue; fi
  for seed in $SEEDS; do
    out="$D/runs/pick-$picker-s$seed"
    [ -f "$out/result.json" ] && continue
    resume=(); [ -f "$out/checkpoint" ] && resume=(--resume)
    log "train $out: --blocks $b --seed $seed"
    $BS train --arch wrn-16-1 --blocks "$b" --teacher "$D/teacher" --epochs "$EPOCHS" --seed "$seed" -o "$out" "${resume[@]}" > "$out.log" 2>&1 \
      || { log "FAILED $out (see $out.log)"; exit 1; }
    log "done $out: $(grep -o '"testTop1Error": [0-9.]*' "$out/result.json")"
  done
done
log "pickers done"
