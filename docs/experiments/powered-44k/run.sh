#!/usr/bin/env bash
# The powered comparison (issue "Does the pick beat Moonshine?"): WRN-16-1 on the full Fashion-MNIST at a 44K budget,
# every network trained from the same converged teacher with the fitted recipe and attention transfer, 3 seeds each.
# Resumable: every training is its own folder; a finished one (result.json) is skipped, an interrupted one resumes.
# Run from the repository root:  bash docs/experiments/powered-44k/run.sh   (BLOCKSWAP="dotnet DIR/blockswap.dll" to
# run a copy of the build, so that rebuilding the repository cannot disturb a long run).
set -euo pipefail
cd "$(dirname "$0")/../../.."
D=docs/experiments/powered-44k
BS=${BLOCKSWAP:-./blockswap}
TEACHER_EPOCHS=${TEACHER_EPOCHS:-15}
EPOCHS=${EPOCHS:-10}
SEEDS=${SEEDS:-"1 2 3"}
log() { echo "[$(date -u +%FT%TZ)] $*" | tee -a "$D/stages.log"; }

train() { # folder, then train options
  local out=$1; shift
  if [ -f "$out/result.json" ]; then return; fi
  local resume=(); [ -f "$out/checkpoint" ] && resume=(--resume)
  log "train $out: $*"
  $BS train "$@" -o "$out" "${resume[@]}" > "$out.log" 2>&1 || { log "FAILED $out (see $out.log)"; exit 1; }
  log "done $out: $(grep -o '"testTop1Error": [0-9.]*' "$out/result.json")"
}

# Stage 1: the teacher, trained to convergence with the fitted recipe.
mkdir -p "$D/runs"
train "$D/teacher" --arch wrn-16-1 --epochs "$TEACHER_EPOCHS" --seed 1

# Stage 2: the paper's pick (Fisher potential at one initialisation, 100 candidates in the 44K window).
if [ ! -f "$D/search/best.json" ]; then
  log "search"
  $BS search --arch wrn-16-1 --budget 44k --samples 100 --seed 1 -o "$D/search" $([ -f "$D/search/search.json" ] && echo --resume) > "$D/search.log" 2>&1
fi

# The networks: the pick, every Moonshine type in the window, three random genotypes (the first three sampled candidates
# other than the pick: drawn uniformly from the window, independent of any score).
declare -A NET
NET[pick]="--genotype $D/search/best.json"
for t in $($BS blocks --json | python3 -c 'import json,sys; print(" ".join(b["name"] for b in json.load(sys.stdin)["types"] if b["sampled"]))' 2>/dev/null || true); do :; done
while read -r name blocks; do NET[$name]="--blocks $blocks"; done < "$D/networks.txt"

# Stage 3: every network at every seed, seed by seed, so a partial run stays balanced.
for seed in $SEEDS; do
  for name in $(printf '%s\n' "${!NET[@]}" | sort); do
    train "$D/runs/$name-s$seed" --arch wrn-16-1 ${NET[$name]} --teacher "$D/teacher" --epochs "$EPOCHS" --seed "$seed"
  done
done
log "all trainings done"
